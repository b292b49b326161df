"""What the time rules share: weekday, month and number words, regex fragments, and the records a
builder receives (the match's Groups, the document's Context, the day in Focus). See time_grammar.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from crisislens.resolve import timex

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {name: i + 1 for i, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                                 "august", "september", "october", "november", "december"))}
MONTHS |= {name[:3]: n for name, n in MONTHS.items()} | {"sept": 9}
_UNITS = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen " \
         "seventeen eighteen nineteen"
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
NUMBERS = {w: i + 1 for i, w in enumerate(_UNITS.split())}
NUMBERS |= {w: 10 * (i + 2) for i, w in enumerate(_TENS.split())}
NUMBERS |= {"a": 1, "an": 1, "a couple of": 2, "a dozen": 12, "hundred": 100, "a hundred": 100, "one hundred": 100}
PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
SETS = {"daily": "P1D", "nightly": "P1D", "weekly": "P1W", "monthly": "P1M", "annually": "P1Y", "yearly": "P1Y",
        "hourly": "PT1H", "biweekly": "P2W", "fortnightly": "P2W", "quarterly": "P3M"}
PRESENT = "PRESENT_REF"

WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
FULL_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
MONTH = rf"(?:{FULL_MONTH}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?)"
DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d|:\d)"
YEAR = r"(?:1[6-9]\d\d|20\d\d)(?![\d%])"
MOD = r"(?i:early|late|mid|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of|the\s+middle\s+of|end\s+of)"
_WORD = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|" \
        r"eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|" \
        r"one|two|three|four|five|six|seven|eight|nine|(?:a|one)\s+hundred|hundred"
NUM = rf"(?i:\b(?:\d+(?:\.\d+)?(?:\s+1/2|½)?|(?:{_WORD})(?:\s+and\s+a\s+half)?|a\s+couple\s+of|a\s+dozen|an?)\b)"
VAGUE = r"(?i:\b(?:a\s+few|several|few|many|some|recent|coming|the\s+past\s+few|the\s+last\s+few|the\s+next\s+few))"
# TimeML keeps bounds that change the value inside the span ("at least 72 hours") and leaves hedges
# ("about three days", "nearly five months") outside
QUANT = r"(?i:\b(?:more\s+than|less\s+than|fewer\s+than|at\s+least|at\s+most|over(?!\s+the)|up\s+to|under))"
UNIT = r"(?i:seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|fortnights?|months?|years?|decades?|" \
       r"century|centuries)\b"
DMY = rf"(?P<d>{DAY})(?:\s*(?:-|–|(?i:to|and|or))\s*(?P<d2>{DAY}))?\s+(?:of\s+)?(?P<mon>{MONTH})"
MDY = rf"(?P<mon_1>{MONTH})\s+(?P<d_1>{DAY})(?:\s*(?:-|–|(?i:to|and))\s*(?P<d2_1>{DAY}))?"


class Groups:
    """A match whose groups may be spelled twice (``mon`` and ``mon_1``): the first that matched answers."""

    __slots__ = ("match",)

    def __init__(self, match: re.Match[str]) -> None:
        self.match = match

    def __getitem__(self, name: str) -> str | None:
        for key in (name, f"{name}_1", f"{name}_2"):
            if key in self.match.re.groupindex and self.match[key] is not None:
                return self.match[key]
        return None

    def group(self) -> str:
        return self.match.group()

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()


@dataclass(frozen=True, slots=True)
class Context:
    """What a builder may read: the anchor (publication date), tense and date order of the document."""

    anchor: date | None
    tense: Callable[[int, int], str | None]      # (start, end) of the match -> "past" | "future" | None
    count_like: Callable[[int, int], bool]      # (start, end) reads as a count ("2000 people"), not a year
    order: str | None = None                     # "DMY" | "MDY" for ambiguous numeric dates
    text: str = ""


@dataclass(frozen=True, slots=True)
class Focus:
    """What anaphora lean on: the last day named ('the next day') and the last period of any size
    named, as its first day ('later that year' after 'June 1998')."""

    day: date | None = None
    period: date | None = None
    month: str | None = None      # "1998-10" when a month was the last calendar value named, after any day


Built = tuple[str, str | None] | None
Builder = Callable[[Groups, Context, Focus], Built]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    build: Builder


def number(text: str | None) -> float | None:
    """'three' 3, '5 1/2' 5.5, 'two and a half' 2.5, 'several' None (vague)."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.5 if words.endswith(("1/2", "½", "and a half")) else 0.0
    words = re.sub(r"\s*(1/2|½|and a half)$", "", words)
    if re.fullmatch(r"\d+(\.\d+)?", words):
        return float(words) + half
    if words in NUMBERS:
        return NUMBERS[words] + half
    parts = words.split()
    if len(parts) == 2 and parts[0] in NUMBERS and parts[1] in NUMBERS:
        return NUMBERS[parts[0]] + NUMBERS[parts[1]] + half
    return None


def unit_of(text: str) -> str:
    word = text.lower()
    return "century" if word.startswith("centur") else word.removesuffix("s")


def month_of(text: str) -> int:
    key = text.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS[key[:3]]


def day_of(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def year_of(text: str | None) -> int | None:
    return int(text) if text else None


def before_word(m: Groups, ctx: Context) -> str:
    """The word just before the match, lower-cased, for checks the pattern cannot make."""
    found = re.search(r"([A-Za-z$#]+)\W*$", ctx.text[max(0, m.start() - 20):m.start()])
    return found.group(1).lower() if found else ""


def calendar_date(year: int | None, month: int, day: int, m: Groups, ctx: Context) -> str | None:
    if year is not None:
        found = timex.safe_date(year, month, day)
    elif ctx.anchor is not None:
        found = timex.day_in_year(month, day, ctx.anchor, direction=ctx.tense(m.start(), m.end()))
    else:
        return None
    return found.isoformat() if found else None
