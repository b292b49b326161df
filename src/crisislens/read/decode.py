"""Bytes → text, refusing what is not text and saying what to do about it."""

from __future__ import annotations

from charset_normalizer import from_bytes

from crisislens.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000   # a news article is kilobytes; 10 MB of text is a mistake, not a report


def check_size(size: int, *, source: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(source, f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit; pass --max-bytes")


def decode(raw: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode with the given encoding, else UTF-8, else the encoding charset-normalizer is sure of."""
    if not raw.strip():
        raise InputError(source, "empty document: no text to read")
    if b"\x00" in raw[:65536] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(source, "contains NUL bytes: a binary file, not text")
    if encoding:
        return decode_as(raw, encoding, source=source)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return guess(raw, source=source, first_bad=exc.start)


def decode_as(raw: bytes, encoding: str, *, source: str) -> str:
    try:
        text = raw.decode(encoding)
    except LookupError as exc:
        raise InputError(source, f"unknown encoding {encoding!r}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not {encoding} text (byte {exc.start}); pass another --encoding") from exc
    return text.removeprefix("\ufeff")


def guess(raw: bytes, *, source: str, first_bad: int) -> str:
    # Legacy single-byte encodings (cp1251 Cyrillic, latin-1) are common in regional news archives;
    # charset-normalizer tells them apart by language statistics, and we only trust a clear verdict.
    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.2:
        raise InputError(source, f"not UTF-8 text (byte {first_bad}) and no encoding fits; pass --encoding")
    text = str(best)
    if not text.isprintable() and sum(not (c.isprintable() or c.isspace()) for c in text) > len(text) // 100:
        raise InputError(source, "binary data, not text")
    return text
