"""Where crisislens keeps what it builds at setup and stores at run time.

Everything lives under one data directory: the user data dir of the platform, or
$CRISISLENS_DATA_DIR where set (tests and CI point it at a temporary folder).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    path = Path(os.environ.get("CRISISLENS_DATA_DIR") or user_data_dir("crisislens", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'crisislens.sqlite'}"
