"""Bytes → text, refusing what is not text and saying what to do about it.

Text that is not UTF-8 is nearly always one of three legacy code pages in news archives: cp1252 (a superset of
latin-1's printable range: French, German, Spanish …), cp1251 or KOI8-R (Cyrillic). Each is decoded and judged
by how its words look (see `faults`); a single clear winner is kept, anything unsure is refused with a hint to
pass --encoding, since a wrong guess would be stored as mojibake and never noticed.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import pairwise

from charset_normalizer import from_bytes

from crisislens.errors import InputError

DEFAULT_MAX_BYTES = 10_000_000   # a news article is kilobytes; 10 MB of text is a mistake, not a report
LEGACY = ("cp1252", "cp1251", "koi8_r")
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
# A word: runs of letters, joined by a mark of the latin-1 range that never stands inside a word, as in
# 'dÃ©cembre' (UTF-8 read as cp1252); apostrophes, dashes, the soft hyphen and the middle dot may.
WORD = re.compile(r"[^\W\d_]+(?:[\u00a1-\u00ac\u00ae-\u00b6\u00b8-\u00bf\u00d7\u00f7\u20ac\u2122][^\W\d_]+)*")
# Symbols real news text uses; any other non-ASCII symbol or control character is a decoding artefact.
TYPOGRAPHY = set("’‘‚“”„«»‹›–—…•·€£¥¢§°©®™¿¡×÷±½¼¾¹²³ªº№\u00a0\u00ad\u202f\u2009")
# The ten most frequent letters of Russian (о е а и н т с р в л, about 66% of letters); a wrong Cyrillic code
# page maps them to rare ones, so their share tells cp1251 from KOI8-R when both read as clean Cyrillic words.
COMMON_CYRILLIC = set("оеаинтсрвл")
COMMON_MARGIN = 0.2      # right decodings measured 0.55–0.70, wrong ones 0.10–0.35
MIN_CYRILLIC = 12        # fewer letters than this and the share is noise: refuse rather than guess


def check_size(size: int, *, source: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputError(source, f"{size / 1e6:.1f} MB is over the {max_bytes / 1e6:g} MB limit; pass --max-bytes")


def decode(raw: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode with the given encoding, else the BOM's, else UTF-8, else the one legacy code page that fits."""
    if not raw.strip():
        raise InputError(source, "empty document: no text to read")
    bom = next((name for mark, name in BOMS if raw.startswith(mark)), None)
    if b"\x00" in raw and bom != "utf-16":
        raise InputError(source, "contains NUL bytes: a binary file, not text")
    if encoding or bom:
        text = decode_as(raw, encoding or bom, source=source)
        if "\x00" in text:   # UTF-16 spells every character with zero bytes: look at the characters
            raise InputError(source, "contains NUL characters: binary data, not text")
        return text
    try:
        return raw.decode("utf-8")
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
    """The text in the one legacy code page whose words look like words; refused when none or several do."""
    readings = {name: text for name in LEGACY if (text := try_decode(raw, name)) is not None}
    clean = {name: text for name, text in readings.items() if is_clean(text)}
    if not clean:
        return guess_other(raw, source=source, first_bad=first_bad)
    winner = pick(clean)
    if winner is None:
        names = " or ".join(sorted(clean))
        raise InputError(source, f"not UTF-8 text (byte {first_bad}) and unsure whether {names}; "
                                 f"pass --encoding")
    return clean[winner]


def pick(clean: dict[str, str]) -> str | None:
    """The one clean reading, if the text itself tells which; None when it cannot."""
    if len(set(clean.values())) == 1:        # the code pages agree on every byte this text uses
        return next(iter(clean))
    if "cp1252" in clean and mostly_ascii(clean["cp1252"]):
        return "cp1252"                      # '100 €' in English text, not '100 Ђ'
    return by_common_letters(clean)


def mostly_ascii(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return sum(char.isascii() for char in letters) >= 0.8 * len(letters)


def guess_other(raw: bytes, *, source: str, first_bad: int) -> str:
    # Other scripts (Greek, Central European, CJK) are left to charset-normalizer's statistics, but only a
    # verdict without chaos whose words pass the same checks is kept.
    best = from_bytes(raw).best()
    if best is None or best.chaos > 0.1 or best.encoding in LEGACY or not is_clean(str(best)):
        raise InputError(source, f"not UTF-8 text (byte {first_bad}) and no encoding fits; pass --encoding")
    return str(best)


def try_decode(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return None


def is_clean(text: str) -> bool:
    """At most one faulty word in 50 of those with non-ASCII letters (a stray symbol is forgiven, mojibake not)."""
    words = sum(1 for word in WORD.findall(text) if not word.isascii())
    return faults(text) * 50 <= words


def faults(text: str) -> int:
    """Signs of a wrong code page: stray symbols and control characters, and words no language writes."""
    stray = sum(1 for char in text if not char.isascii() and is_stray(char))
    return stray + sum(1 for word in WORD.findall(text) if not word.isascii() and is_odd_word(word))


def is_stray(char: str) -> bool:
    """A symbol, control or unassigned character that is not common typography; letters, punctuation of any
    script (CJK commas), spaces and combining accents are fine."""
    return not char.isalpha() and char not in TYPOGRAPHY and unicodedata.category(char)[0] not in "PZM"


def is_odd_word(word: str) -> bool:
    letters = [char for char in word if char.isalpha()]
    scripts = {script(char) for char in letters}
    return (
        len(scripts) > 1                                        # 'щtщ': latin-1 'été' read as cp1251
        or len(letters) < len(word)                             # a symbol inside a word: 'Ã©' is UTF-8 read as cp1252
        or any(a.islower() and b.isupper() for a, b in pairwise(letters))   # 'вЗРЫВ'
        or (scripts == {"LATIN"} and re.search(r"[^\x00-\x7f]{3}", word) is not None)   # 'Ïðîòåñòû'
    )


def script(char: str) -> str:
    return "LATIN" if char.isascii() else unicodedata.name(char, "UNKNOWN").split(" ")[0]


def by_common_letters(readings: dict[str, str]) -> str | None:
    """The Cyrillic reading whose letters are the common ones, when it clearly beats every other reading."""
    shares = {name: common_share(text) for name, text in readings.items()}
    ranked = sorted(shares, key=lambda name: shares[name] or 0.0, reverse=True)
    best, runner_up = shares[ranked[0]], shares[ranked[1]] or 0.0
    return ranked[0] if best is not None and best - runner_up >= COMMON_MARGIN else None


def common_share(text: str) -> float | None:
    cyrillic = [char for char in text.lower() if "а" <= char <= "я" or char == "ё"]
    if len(cyrillic) < MIN_CYRILLIC:
        return None
    return sum(char in COMMON_CYRILLIC for char in cyrillic) / len(cyrillic)
