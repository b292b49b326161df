"""Paths, directories and stdin → Documents, in input order, each failure reported and skipped."""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from crisislens.errors import CrisislensError, InputError
from crisislens.read.decode import DEFAULT_MAX_BYTES, check_size, decode
from crisislens.read.html import read_html
from crisislens.read.jsonl import read_jsonl
from crisislens.read.language import detect_language
from crisislens.read.layout import read_layout
from crisislens.records import Document

ErrorHandler = Callable[[str, CrisislensError], None]
READABLE = {".txt", ".text", ".html", ".htm", ".jsonl", ".ndjson"}
STDIN = "-"


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


def expand(paths: Iterable[str], *, on_error: ErrorHandler) -> Iterator[str]:
    """Directories become the readable files under them, recursively and sorted; '-' is stdin."""
    for path in paths:
        if path == STDIN or Path(path).is_file():
            yield path
        elif Path(path).is_dir():
            yield from (str(p) for p in sorted(Path(path).rglob("*")) if p.suffix.lower() in READABLE)
        else:
            on_error(path, InputError(path, "no such file or directory"))


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
    if suffix in {".jsonl", ".ndjson"}:
        yield from read_jsonl_file(file, encoding=encoding, max_bytes=max_bytes)
        return
    raw = read_bytes(file, max_bytes=max_bytes)
    if suffix in {".html", ".htm"}:
        yield read_html(decode(raw, source=path, encoding=encoding), source=path, doc_id=file.stem)
    else:
        yield read_text(decode(raw, source=path, encoding=encoding), source=path, doc_id=file.stem)


def read_bytes(file: Path, *, max_bytes: int) -> bytes:
    try:
        check_size(file.stat().st_size, source=str(file), max_bytes=max_bytes)
        return file.read_bytes()
    except OSError as exc:
        raise InputError(str(file), exc.strerror or str(exc)) from exc


def read_jsonl_file(file: Path, *, encoding: str | None, max_bytes: int) -> Iterator[Document | InputError]:
    try:
        with file.open(encoding=encoding or "utf-8-sig", errors="strict") as lines:
            yield from read_jsonl(iter(lines), source=str(file), max_bytes=max_bytes)
    except UnicodeDecodeError as exc:
        raise InputError(str(file), f"not {encoding or 'UTF-8'} text (byte {exc.start}); pass --encoding") from exc
    except OSError as exc:
        raise InputError(str(file), exc.strerror or str(exc)) from exc


def read_text_or_jsonl(raw: bytes, *, source: str, encoding: str | None,
                       max_bytes: int) -> Iterator[Document | InputError]:
    """stdin carries either one text or JSON Lines; a first character '{' says which."""
    text = decode(raw, source=source, encoding=encoding)
    if text.lstrip().startswith("{"):
        yield from read_jsonl(iter(text.splitlines()), source=source, max_bytes=max_bytes)
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
