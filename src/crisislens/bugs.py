"""A bug met while handling one document: logged with its traceback, reported as one line, the batch goes on.

An unexpected exception in one document must not end a batch of a thousand, nor lose what was stored
before it; but a bug must stay visible. So the traceback goes to `logs/errors.log` under the data
directory, and the user reads one line naming the input and that log:

    Error: reports/0412.txt: internal error (IndexError), details in ~/.local/share/crisislens/logs/errors.log

Tests set CRISISLENS_RAISE=1, where the exception propagates instead, so a test never passes over a bug.
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

from crisislens.errors import CrisislensError
from crisislens.paths import data_dir


class InternalError(CrisislensError):
    """A bug while handling one input. str() is one line: '<source>: internal error (<kind>), details in <log>'."""

    def __init__(self, source: str, exc: BaseException, log: Path) -> None:
        super().__init__(f"{source}: internal error ({type(exc).__name__}), details in {log}")
        self.source, self.log = source, log


def raising() -> bool:
    """Whether bugs propagate (CRISISLENS_RAISE=1: tests and debugging) instead of being reported."""
    return os.environ.get("CRISISLENS_RAISE", "") not in ("", "0")


def log_path() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "errors.log"


def internal_error(source: str, exc: Exception) -> InternalError:
    """Write the traceback of a bug met on `source` to the error log; the error to report in its place.
    Re-raises `exc` itself when CRISISLENS_RAISE is set."""
    if raising():
        raise exc
    log = log_path()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    lines = traceback.format_exception(exc)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"--- {stamp} pid {os.getpid()} {source}\n{''.join(lines)}\n")
    return InternalError(source, exc, log)
