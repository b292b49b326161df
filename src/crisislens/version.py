"""Which extraction produced a stored record, so a rerun can tell a current document from a stale one.

The pipeline version is a digest of the code and data files of the stages that decide what a document
yields (read, parse, extract, resolve): any change to them makes every stored document stale, and
`crisislens extract` then redoes it instead of skipping it. Stores, servers and exporters don't count.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from crisislens import __version__

PACKAGE = Path(__file__).resolve().parent
STAGES = ("read", "parse", "extract", "resolve")


@cache
def pipeline_version() -> str:
    """'<package version>+<12 hex digits>', the same in every process running the same code."""
    digest = hashlib.sha256()
    for path in sorted(p for stage in STAGES for p in (PACKAGE / stage).rglob("*")
                       if p.is_file() and p.suffix in {".py", ".tsv", ".json"}):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
