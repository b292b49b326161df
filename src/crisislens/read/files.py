"""Paths, directories and stdin → Documents, in input order, each failure reported and skipped."""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from crisislens.bugs import internal_error
from crisislens.errors import CrisislensError, InputError
from crisislens.read.decode import DEFAULT_MAX_BYTES, check_size, decode
from crisislens.read.html import read_html
from crisislens.read.jsonl import read_jsonl
from crisislens.read.language import detect_language
from crisislens.read.layout import read_layout
from crisislens.records import Document

ErrorHandler = Callable[[str, CrisislensError], None]
JSONL = {".jsonl", ".ndjson"}
READABLE = {".txt", ".text", ".html", ".htm", *JSONL}
STDIN = "-"
UTF8_BOM = b"\xef\xbb\xbf"
SPECIAL_FILES = {stat.S_IFIFO: "a FIFO", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
                 stat.S_IFBLK: "a block device"}


def raise_error(source: str, error: CrisislensError) -> None:
    raise error


def documents(paths: Iterable[str], *, on_error: ErrorHandler = raise_error, encoding: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document]:
    """Every Document the paths hold; a bad input goes to on_error and the rest carry on."""
    for path in expand(paths, on_error=on_error):
        try:
            for outcome in read_path(path, encoding=encoding, max_bytes=max_bytes):
                if isinstance(outcome, InputError):
                    on_error(outcome.source, outcome)
                else:
                    yield outcome
        except InputError as exc:
            on_error(exc.source, exc)
        except Exception as exc:   # a bug in reading one file: reported and logged, the other files go on
            on_error(path, internal_error(path, exc))


def expand(paths: Iterable[str], *, on_error: ErrorHandler) -> Iterator[str]:
    """Directories become the readable files under them, recursively and sorted; '-' is stdin.

    Each path is stat-ed before anything opens it: a FIFO would block the run forever, a device read endlessly."""
    for path in paths:
        if path == STDIN:
            yield path
            continue
        try:
            info = os.stat(path)
        except OSError as exc:
            on_error(path, os_error(path, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from walk(path, on_error=on_error, ancestors=frozenset({inode(info)}), seen=set())
        elif stat.S_ISREG(info.st_mode):
            yield path
        else:
            on_error(path, not_regular(path, info))


def walk(directory: str, *, on_error: ErrorHandler, ancestors: frozenset[tuple[int, int]],
         seen: set[tuple[int, int]]) -> Iterator[str]:
    """Readable regular files under a directory, depth first in name order; every entry that cannot be
    read is reported and the walk goes on."""
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        on_error(directory, os_error(directory, exc))
        return
    for entry in entries:
        try:
            info = entry.stat()   # follows a symlink to its target; opens nothing
        except OSError as exc:
            if suffix_of(entry.name) in READABLE:   # a broken link to a text file is news lost; say so
                on_error(entry.path, os_error(entry.path, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            yield from walk_below(entry.path, info, on_error=on_error, ancestors=ancestors, seen=seen)
        elif stat.S_ISREG(info.st_mode):
            if suffix_of(entry.name) in READABLE:
                yield entry.path
        else:
            on_error(entry.path, not_regular(entry.path, info))


def walk_below(path: str, info: os.stat_result, *, on_error: ErrorHandler, ancestors: frozenset[tuple[int, int]],
               seen: set[tuple[int, int]]) -> Iterator[str]:
    """A subdirectory, unless a symlink leads back above it (a loop) or to one already read (read once)."""
    key = inode(info)
    if key in ancestors:
        on_error(path, InputError(path, "a symbolic link back to a directory above it (a loop); skipped"))
    elif key not in seen:
        seen.add(key)
        yield from walk(path, on_error=on_error, ancestors=ancestors | {key}, seen=seen)


def inode(info: os.stat_result) -> tuple[int, int]:
    return info.st_dev, info.st_ino


def suffix_of(name: str) -> str:
    return Path(name).suffix.lower()


def not_regular(path: str, info: os.stat_result) -> InputError:
    kind = SPECIAL_FILES.get(stat.S_IFMT(info.st_mode), "a special file")
    return InputError(path, f"not a regular file ({kind}); skipped")


def os_error(path: str, exc: OSError) -> InputError:
    """One line for a path the system refused: missing, forbidden, a link loop …"""
    if isinstance(exc, FileNotFoundError):
        reason = "broken symbolic link" if os.path.islink(path) else "no such file or directory"
    elif isinstance(exc, PermissionError):
        reason = "permission denied; skipped"
    elif exc.errno == errno.ELOOP:
        reason = "symbolic link loop; skipped"
    else:
        reason = (exc.strerror or str(exc)).lower()
    return InputError(path, reason)


def read_path(path: str, *, encoding: str | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Document | InputError]:
    """The Documents of one file (a JSONL file holds many) or of stdin."""
    if path == STDIN:
        raw = sys.stdin.buffer.read(max_bytes + 1)
        check_size(len(raw), source="<stdin>", max_bytes=max_bytes)
        yield from read_text_or_jsonl(raw, source="<stdin>", encoding=encoding, max_bytes=max_bytes)
        return
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in JSONL:
        yield from read_jsonl_file(file, encoding=encoding, max_bytes=max_bytes)
        return
    raw = read_bytes(file, max_bytes=max_bytes)
    if suffix in {".html", ".htm"}:
        yield read_html(decode(raw, source=path, encoding=encoding), source=path, doc_id=file.stem)
    else:
        yield read_text(decode(raw, source=path, encoding=encoding), source=path, doc_id=file.stem)


def read_bytes(file: Path, *, max_bytes: int) -> bytes:
    with open_regular(file, max_bytes=max_bytes) as handle:
        try:
            raw = handle.read(max_bytes + 1)   # the file may have grown since it was measured
        except OSError as exc:
            raise os_error(str(file), exc) from exc
    check_size(len(raw), source=str(file), max_bytes=max_bytes)
    return raw


@contextmanager
def open_regular(file: Path, *, max_bytes: int | None = None) -> Iterator[BinaryIO]:
    """A regular file open for reading in binary; anything else is refused before it is opened.

    The stat comes first, so a FIFO is never opened; O_NONBLOCK and the fstat after opening cover a file
    swapped for a FIFO in between, which would otherwise block the open itself."""
    source = str(file)
    try:
        info = os.stat(file)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(source, info)
        if max_bytes is not None:
            check_size(info.st_size, source=source, max_bytes=max_bytes)
        descriptor = os.open(file, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise os_error(source, exc) from exc
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise not_regular(source, info)
        os.set_blocking(descriptor, True)
        yield handle


def read_jsonl_file(file: Path, *, encoding: str | None, max_bytes: int) -> Iterator[Document | InputError]:
    """Each line decoded on its own, so one bad byte or line costs that line only."""
    source = str(file)
    with open_regular(file) as handle:
        try:
            if encoding and not ascii_compatible(encoding, source=source):
                lines: Iterable[str | bytes] = decode(handle.read(), source=source, encoding=encoding).split("\n")
            else:
                lines = handle   # binary lines, split at b"\n" only
            yield from read_jsonl(lines, source=source, max_bytes=max_bytes, encoding=encoding or "utf-8")
        except OSError as exc:
            raise os_error(source, exc) from exc


def ascii_compatible(encoding: str, *, source: str) -> bool:
    """Whether b"\n" ends a line in this encoding (not in UTF-16 or UTF-32); unknown names are refused."""
    try:
        return b"\n".decode(encoding, errors="ignore") == "\n" and "{".encode(encoding) == b"{"
    except LookupError as exc:
        raise InputError(source, f"unknown encoding {encoding!r}") from exc


def read_text_or_jsonl(raw: bytes, *, source: str, encoding: str | None,
                       max_bytes: int) -> Iterator[Document | InputError]:
    """stdin carries either one text or JSON Lines; a first character '{' says which."""
    if raw.removeprefix(UTF8_BOM).lstrip().startswith(b"{") and ascii_compatible(encoding or "utf-8", source=source):
        yield from read_jsonl(raw.split(b"\n"), source=source, max_bytes=max_bytes, encoding=encoding or "utf-8")
        return
    text = decode(raw, source=source, encoding=encoding)
    if text.lstrip().startswith("{"):   # JSON Lines in UTF-16
        yield from read_jsonl(text.split("\n"), source=source, max_bytes=max_bytes)
    else:
        yield read_text(text, source=source, doc_id=None)   # named by its text's hash


def read_text(text: str, *, source: str, doc_id: str | None) -> Document:
    """A plain-text document, with headline, dateline and credit line where it has the layout."""
    layout = read_layout(text)
    return Document(
        id=doc_id or text_id(text),
        text=text,
        origin=source,
        title=layout.title.text if layout.title else None,
        published=layout.published,
        language=detect_language(layout.body.text),
        credits=layout.credits,
        body=layout.body,
    )


def text_id(text: str) -> str:
    """A stable id for text that came without a name: the same text always gets the same id."""
    return "sha256-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
