"""JSON Lines input: one {id, text, title?, published?, source?} object per line (the contract's input)."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from crisislens.errors import InputError
from crisislens.read.decode import check_size
from crisislens.read.language import detect_language
from crisislens.records import Document

Outcome = Document | InputError
MAX_ID_CHARS = 200   # an id is a key in URLs and indexes; longer is a whole text pasted in the wrong field


def read_jsonl(lines: Iterable[str | bytes], *, source: str, max_bytes: int,
               encoding: str = "utf-8") -> Iterator[Outcome]:
    """Yield a Document, or the InputError of a bad line, for each non-blank line: one bad line spoils no other.

    Lines given as bytes are decoded one by one, so a stray byte costs its own line only."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            where = f"{source}:{number}"
            try:
                text = decode_line(line, source=where, encoding=encoding, first=number == 1)
                yield document_from_json(parse_line(text, source=where), source=where, max_bytes=max_bytes)
            except InputError as exc:
                yield exc


def decode_line(line: str | bytes, *, source: str, encoding: str, first: bool) -> str:
    if isinstance(line, bytes):
        try:
            line = line.decode(encoding)
        except UnicodeDecodeError as exc:
            raise InputError(source, f"not {encoding} text (byte {exc.start} of the line); "
                                     f"fix the line or pass --encoding") from exc
    line = line.rstrip("\r\n")   # so an unterminated string is reported as such, not as a control character
    return line.removeprefix("\ufeff") if first else line


def parse_line(line: str, *, source: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError as exc:   # the C parser gives up past ~1,000 levels; a news item has a handful
        raise InputError(source, "JSON nested too deeply to read") from exc
    if not isinstance(item, dict):
        raise InputError(source, f"expected a JSON object, got {type(item).__name__}")
    return item


def document_from_json(item: dict[str, Any], *, source: str, max_bytes: int) -> Document:
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text' string: nothing to extract")
    check_unicode(text, "text", source=source)
    if "\x00" in text:
        raise InputError(source, "'text' contains NUL characters: binary data, not text")
    check_size(len(text.encode("utf-8")), source=source, max_bytes=max_bytes)
    return Document(
        id=document_id(item.get("id"), source=source),
        text=text,
        origin=source,
        title=optional_text(item, "title", source=source),
        published=published_value(item.get("published"), source=source),
        source=optional_text(item, "source", source=source),
        language=optional_text(item, "language", source=source) or detect_language(text),
    )


def document_id(value: Any, *, source: str) -> str:
    """The line's id as a string; refused when it could not name the document in a URL or a database key."""
    if value is None:
        raise InputError(source, "no 'id': each line needs a stable id")
    if isinstance(value, (dict, list, bool)):
        raise InputError(source, f"'id' must be a string or a number, not {json.dumps(value)[:20]}")
    doc_id = str(value)
    if not doc_id.strip():
        raise InputError(source, "empty 'id': each line needs a stable id")
    if len(doc_id) > MAX_ID_CHARS:
        raise InputError(source, f"'id' is {len(doc_id)} characters long, over the {MAX_ID_CHARS} allowed")
    if any(unicodedata.category(char) == "Cc" for char in doc_id):
        raise InputError(source, "'id' contains control characters (NUL, tab, newline …)")
    check_unicode(doc_id, "id", source=source)
    return doc_id


def check_unicode(value: str, key: str, *, source: str) -> None:
    # JSON escapes can spell a lone surrogate ("\ud800") that no UTF-8 file or database column can hold.
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise InputError(source, f"'{key}' contains an unpaired surrogate escape; not valid Unicode text")


def optional_text(item: dict[str, Any], key: str, *, source: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(source, f"'{key}' must be a string")
    if value:
        check_unicode(value, key, source=source)
        if "\x00" in value:   # no database column holds it (PostgreSQL refuses it outright)
            raise InputError(source, f"'{key}' contains a NUL character; remove it")
    return value or None


def published_value(value: Any, *, source: str) -> date | datetime | None:
    if value in (None, ""):
        return None
    try:
        stamp = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(source, f"'published' is not an ISO 8601 date: {value!r}") from exc
    is_plain_date = len(str(value)) == 10
    return stamp.date() if is_plain_date else stamp
