"""JSON Lines input: one {id, text, title?, published?, source?} object per line (the contract's input)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from crisislens.errors import InputError
from crisislens.read.decode import check_size
from crisislens.read.language import detect_language
from crisislens.records import Document

Outcome = Document | InputError


def read_jsonl(lines: Iterator[str], *, source: str, max_bytes: int) -> Iterator[Outcome]:
    """Yield a Document, or the InputError of a bad line, for each non-blank line: one bad line spoils no other."""
    for number, line in enumerate(lines, 1):
        if line.strip():
            where = f"{source}:{number}"
            try:
                yield document_from_json(parse_line(line, source=where), source=where, max_bytes=max_bytes)
            except InputError as exc:
                yield exc


def parse_line(line: str, *, source: str) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"invalid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise InputError(source, f"expected a JSON object, got {type(item).__name__}")
    return item


def document_from_json(item: dict[str, Any], *, source: str, max_bytes: int) -> Document:
    text = item.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(source, "no 'text' string: nothing to extract")
    check_size(len(text.encode("utf-8")), source=source, max_bytes=max_bytes)
    doc_id = item.get("id")
    if doc_id is None or isinstance(doc_id, (dict, list)):
        raise InputError(source, "no 'id': each line needs a stable id")
    return Document(
        id=str(doc_id),
        text=text,
        origin=source,
        title=optional_text(item, "title", source=source),
        published=published_value(item.get("published"), source=source),
        source=optional_text(item, "source", source=source),
        language=optional_text(item, "language", source=source) or detect_language(text),
    )


def optional_text(item: dict[str, Any], key: str, *, source: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(source, f"'{key}' must be a string")
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
