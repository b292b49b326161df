"""Dates for events: which temporal expression dates an event, and how precisely.

An event takes the date of the temporal expression in its evidence sentence, else of one in the
sentence just before or after it, else the publication date at week precision (ACLED and UCDP
practice: the report says only that it happened shortly before publication). Week, month and
year expressions give a precision but no date ("last week" → None, "week"), as the dev data
conventions ask. Without a publication date nothing relative is resolved: never today's date.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from datetime import date, datetime, time
from functools import lru_cache

from dateparser.date import DateDataParser

from crisislens.records import Document, Span, Time
from crisislens.resolve import timex

DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
PRECISIONS = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "day"), (re.compile(r"\d{4}-W\d{2}"), "week"),
              (re.compile(r"\d{4}-\d{2}(-XX)?$"), "month"), (re.compile(r"\d{4}(-(SP|SU|FA|WI|Q\d|H\d))?$"), "year"))
RANK = {"day": 0, "week": 1, "month": 2, "year": 3}
# "said on Tuesday": the day of the report, which dates the event only when nothing else does
REPORTED = re.compile(r"\b(?:said|says|told\s+\S+(?:\s+\S+)?|announced|reported|added|stated|confirmed|claimed|"
                      r"declared|tweeted|wrote)\s+(?:on\s+|late\s+on\s+|early\s+on\s+)?$", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<!\b[A-Za-z])(?<!\b(?:Mr|Ms|Dr|St|No))[.!?][\"”’']?\s+")


def anchor_date(published: date | datetime | None) -> date | None:
    """The calendar day of publication where the paper stood: an aware datetime keeps its own offset."""
    if isinstance(published, datetime):
        return published.date()
    return published


def day_of(value: str | None) -> date | None:
    """The day a TIMEX3 value names, if it names one (2022-01-03, 2022-01-07T16:05, 2022-01-05TNI)."""
    found = DAY.match(value or "")
    return timex.safe_date(*map(int, found.groups())) if found else None


def period_start(value: str | None) -> date | None:
    """The first day of the calendar period a value names: 1998-06 → 1998-06-01, 1998 → 1998-01-01."""
    found = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(?![\dW])", value or "")
    if not found:
        return None
    year, month, day = found.groups()
    return timex.safe_date(int(year), int(month or 1), int(day or 1))


def precision_of(value: str | None) -> str | None:
    for pattern, precision in PRECISIONS:
        if value and pattern.match(value):
            return precision
    return None


def event_date(evidence: Span, times: Sequence[Time], *, document: Document) -> tuple[date | None, str | None]:
    """(date, precision) for an event reported in `evidence`; precision is day|week|month|year|None.
    `times` are the document's, sorted by where they start."""
    anchor = anchor_date(document.published)
    inside = between(times, evidence.start, evidence.end)
    best = choose(inside, text=document.text, anchor=anchor)
    if best is None:
        best = choose(neighbours(evidence, times, text=document.text), text=document.text, anchor=anchor)
    if best is not None:
        return dated(best, anchor=anchor)
    return (anchor, "week") if anchor else (None, None)


def dated(time_: Time, *, anchor: date | None) -> tuple[date | None, str | None]:
    if time_.value == "PRESENT_REF":
        return (anchor, "day") if anchor else (None, None)
    precision = precision_of(time_.value)
    return (day_of(time_.value) if precision == "day" else None), precision


def choose(times: Sequence[Time], *, text: str, anchor: date | None) -> Time | None:
    """The expression that dates the event: a calendar one before 'at present', the day before the
    week, and the day of the report ('said on Tuesday') only when nothing else is given."""
    usable = [t for t in times if precision_of(t.value) or (t.value == "PRESENT_REF" and anchor)]
    if not usable:
        return None

    def rank(t: Time) -> tuple[bool, int, int]:
        reported = bool(REPORTED.search(text[max(0, t.mention.start - 40):t.mention.start]))
        return reported, RANK.get(precision_of(t.value) or "", 4), t.mention.start

    return min(usable, key=rank)


def neighbours(evidence: Span, times: Sequence[Time], *, text: str) -> list[Time]:
    """Times in the sentence just before the evidence, else just after it, within its paragraph."""
    paragraph_start = text.rfind("\n", 0, evidence.start) + 1
    ends = list(SENTENCE_END.finditer(text, paragraph_start, evidence.start))
    start = ends[-2].end() if len(ends) >= 2 else paragraph_start
    paragraph_end = text.find("\n", evidence.end)
    paragraph_end = len(text) if paragraph_end < 0 else paragraph_end
    ends = list(SENTENCE_END.finditer(text, max(0, evidence.end - 1), paragraph_end))
    end = ends[1].start() + 1 if len(ends) >= 2 else paragraph_end
    return between(times, start, evidence.start) or between(times, evidence.end, end)


def between(times: Sequence[Time], start: int, end: int) -> list[Time]:
    """The times named within text[start:end], found by bisection in `times`, which are sorted by where
    they start (as find_times gives them): a long document has thousands, and as many events to date."""
    first = bisect_left(times, start, key=lambda t: t.mention.start)
    last = bisect_right(times, end, key=lambda t: t.mention.start)
    return [t for t in times[first:last] if t.mention.end <= end]


@lru_cache(maxsize=4096)
def parse_with_dateparser(text: str, *, anchor: date | None, language: str, order: str | None,
                          prefer: str) -> tuple[str, str | None] | None:
    """(type, value) for a candidate span dateparser can read, or None. Without an anchor only
    spans that carry their own year are kept: dateparser would otherwise fill in today's date."""
    if anchor is None and not re.search(r"\b\d{4}\b", text):
        return None
    settings = {"PREFER_DATES_FROM": "future" if prefer == "future" else "past",
                "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first"}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime.combine(anchor, time(12))
    if order:
        settings["DATE_ORDER"] = order
    try:
        found = DateDataParser(languages=[language], settings=settings).get_date_data(text)
    except ValueError:                                   # a language dateparser does not know
        return None
    if found.date_obj is None or not 1000 <= found.date_obj.year <= 2200:
        return None                                      # "0735 GMT" is not the year 735
    return period_value(found.date_obj, found.period)


def period_value(moment: datetime, period: str | None) -> tuple[str, str]:
    if period == "time":
        return "TIME", moment.strftime("%Y-%m-%dT%H:%M")
    if period == "week":
        return "DATE", timex.iso_week(moment.date())
    if period == "month":
        return "DATE", moment.strftime("%Y-%m")
    if period == "year":
        return "DATE", f"{moment.year:04d}"
    return "DATE", moment.date().isoformat()
