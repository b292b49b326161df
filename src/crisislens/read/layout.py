"""Read a plain-text news file: the regional layout (headline, dateline, body, credit line) or none.

The layout the seed uses, common on Central Asian and Russian-language news sites:

    line 1      headline
    line 3      "07.01.2022, 16:05"   (DD.MM.YYYY, local time of the outlet)
    then        body paragraphs
    last line   "Translation by A, B and C"   (optional)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from crisislens.records import Span

DATELINE = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})\s*$")
CREDIT = re.compile(r"^\s*(?:Translat(?:ion|ed)|Written|Edited|Compiled|Reporting)\s+by\s+(.+?)\s*$", re.I)
NAME_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*)")
SENTENCE_END = (".", "!", "?", "…", "”", '"', "»")


@dataclass(frozen=True, slots=True)
class Layout:
    title: Span | None
    published: datetime | None        # naive: the outlet's local time, its offset decided later
    credits: tuple[str, ...]
    body: Span


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    lines, start = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((start, line.rstrip("\r\n")))
        start += len(line)
    return lines


def read_layout(text: str) -> Layout:
    """Split a text into headline, dateline, body and credit line, where it has them."""
    lines = [(start, line) for start, line in lines_with_offsets(text) if line.strip()]
    if not lines:
        return Layout(None, None, (), Span.of(text, 0, len(text)))
    title, published, credits = None, None, ()
    first, last = 0, len(lines)
    if len(lines) > 1 and (stamp := dateline(lines[1][1])):
        title, published, first = line_span(text, *lines[0]), stamp, 2
    elif looks_like_headline(text, lines):
        title, first = line_span(text, *lines[0]), 1
    if last - first > 1 and (names := credit_names(lines[-1][1])):
        credits, last = names, last - 1
    body = Span.of(text, lines[first][0], lines[last - 1][0] + len(lines[last - 1][1])) if first < last else None
    return Layout(title, published, credits, body or Span.of(text, 0, len(text)))


def line_span(text: str, start: int, line: str) -> Span:
    stripped = line.strip()
    offset = start + line.index(stripped)
    return Span.of(text, offset, offset + len(stripped))


def dateline(line: str) -> datetime | None:
    match = DATELINE.match(line)
    if not match:
        return None
    day, month, year, hour, minute = map(int, match.groups())
    try:
        return datetime(year, month, day, hour, minute)
    except ValueError:
        return None


def credit_names(line: str) -> tuple[str, ...]:
    match = CREDIT.match(line)
    if not match:
        return ()
    return tuple(name for name in NAME_SEPARATOR.split(match.group(1).rstrip(".")) if name)


def looks_like_headline(text: str, lines: list[tuple[int, str]]) -> bool:
    """A short first line without closing punctuation, set off by a blank line, is a headline."""
    start, line = lines[0]
    blank_after = text[start + len(line):start + len(line) + 4].count("\n") >= 2
    return len(lines) > 1 and blank_after and len(line) <= 200 and not line.rstrip().endswith(SENTENCE_END)
