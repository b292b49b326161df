"""The English temporal-expression grammar: one regex per kind, each with a builder to TIMEX3.

A builder gets the match and a Context (anchor date, tense lookup, numeric date order, the last
day mentioned) and returns ``(type, value)``, ``(type, None)`` where the anchor is missing, or
None to reject the match ("2000 people", "a 44-year-old"). extract/times.py runs the rules,
keeps the longest match where they overlap, and calls the builders in text order.
Spans follow TimeML: modifiers that change the value ("early", "last", "at least") are inside,
prepositions ("on", "in", "since") are not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

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


def build_iso(m: Groups, ctx: Context, ref: Focus) -> Built:
    day = timex.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    if day is None:
        return None
    return ("TIME", f"{day.isoformat()}T{m['H']}:{m['M']}") if m["H"] else ("DATE", day.isoformat())


def build_numeric(m: Groups, ctx: Context, ref: Focus) -> Built:
    """07.01.2022 or 1/7/2022: the document's order where it shows, else the reading nearest the anchor."""
    a, b, year = int(m["a"]), int(m["b"]), int(m["y"])
    year += 2000 if year < 50 else 1900 if year < 100 else 0
    readings = [d for d in (timex.safe_date(year, b, a), timex.safe_date(year, a, b)) if d]
    if not readings or (m["sep"] == "." and m["H"] is None and len(m["y"]) == 2):
        return None                                # 1.5.22 is more likely a version or a score
    if a <= 12 and b <= 12 and a != b:
        order = ctx.order or ("MDY" if m["sep"] == "/" else "DMY")
        if ctx.anchor is not None and ctx.order is None:
            readings.sort(key=lambda d: (d > ctx.anchor + timedelta(days=2), abs((d - ctx.anchor).days)))
        elif order == "MDY":
            readings.reverse()
    day = readings[0]
    return ("TIME", f"{day.isoformat()}T{int(m['H']):02d}:{m['M']}") if m["H"] else ("DATE", day.isoformat())


def build_day_month(m: Groups, ctx: Context, ref: Focus) -> Built:
    value = calendar_date(year_of(m["y"]), month_of(m["mon"]), day_of(m["d"]), m, ctx)
    return ("DATE", value) if value or ctx.anchor is None else None


def build_night_of(m: Groups, ctx: Context, ref: Focus) -> Built:
    """'the night of 5 to 6 January' is the night that begins on the 5th: 2022-01-05TNI."""
    if m["wd"]:
        day = weekday_value(m["wd"], None, m, ctx)
    else:
        day = calendar_date(year_of(m["y"]), month_of(m["mon"]), day_of(m["d"]), m, ctx)
    return ("TIME", f"{day}TNI" if day else None)


def build_month_year(m: Groups, ctx: Context, ref: Focus) -> Built:
    return "DATE", f"{int(m['y']):04d}-{month_of(m['mon']):02d}"


CONTEXT_WORDS = {"in", "since", "until", "till", "by", "during", "from", "of", "through", "before", "after",
                 "between", "and", "or", "to", "last", "next", "this", "early", "late", "mid", "end",
                 "beginning", "start", "throughout", "on", "for", "that", "every", "each"}


def build_month(m: Groups, ctx: Context, ref: Focus) -> Built:
    """A bare month. 'May' and 'March' are words too, so they need a preposition or modifier before them."""
    if m["mon"] in ("May", "March") and not (m["rel"] or m["mod"]) and before_word(m, ctx) not in CONTEXT_WORDS:
        return None
    if ctx.anchor is None:
        return "DATE", None
    month, rel = month_of(m["mon"]), (m["rel"] or "").lower()
    if m["yrel"]:                                        # "April next year"
        year = ctx.anchor.year + {"last": -1, "this": 0, "next": 1}[m["yrel"].lower()]
    elif rel in ("last", "past"):
        year = ctx.anchor.year if month < ctx.anchor.month else ctx.anchor.year - 1
    elif rel in ("next", "coming"):
        year = ctx.anchor.year if month > ctx.anchor.month else ctx.anchor.year + 1
    elif rel == "this":
        year = ctx.anchor.year
    else:
        year = timex.month_year(month, ctx.anchor, direction=ctx.tense(m.start(), m.end()))
    return "DATE", f"{year:04d}-{month:02d}"


def build_year(m: Groups, ctx: Context, ref: Focus) -> Built:
    if not m["s"] and m.group()[0].isdigit() and ctx.count_like(m.start(), m.end()):
        return None
    if before_word(m, ctx) in ("no", "number", "$", "#", "flight", "route", "page", "resolution", "article"):
        return None
    if m["s"]:
        return "DATE", m["y"][:3]                        # the 1990s: a decade, 199
    return "DATE", m["y"]


def weekday_value(name: str, rel: str | None, m: Groups, ctx: Context) -> str | None:
    if ctx.anchor is None:
        return None
    rel = (rel or "").lower()
    if rel in ("last", "past", "previous"):
        direction, strict = "past", True
    elif rel in ("next", "coming"):
        direction, strict = "future", True
    else:      # news reports the past: only a future-tense verb turns "Monday" forward
        direction, strict = ctx.tense(m.start(), m.end()) or "past", False
    day = timex.weekday_date(WEEKDAYS.index(name.lower()), ctx.anchor, direction=direction, strict=strict)
    return day.isoformat()


def build_weekday(m: Groups, ctx: Context, ref: Focus) -> Built:
    value = weekday_value(m["wd"], m["rel"], m, ctx)
    if m["part"] and value:
        return "TIME", value + "T" + PARTS[m["part"].lower()]
    return ("TIME" if m["part"] else "DATE"), value


def build_deictic(m: Groups, ctx: Context, ref: Focus) -> Built:
    word = m["w"].lower().replace("’", "'").removesuffix("'s")
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
               "the day after tomorrow": 2, "this": 0, "last": -1}
    part = PARTS.get((m["part"] or "").lower()) or ("NI" if word == "tonight" else None)
    if word == "last" and part != "NI":
        return None                                      # "last morning" is not an expression
    if ctx.anchor is None:
        return ("TIME" if part else "DATE"), None
    day = (ctx.anchor + timedelta(days=offsets[word])).isoformat()
    return ("TIME", f"{day}T{part}") if part else ("DATE", day)


def build_time(m: Groups, ctx: Context, ref: Focus) -> Built:
    """10:35 a.m., 16:05, noon; the day is a weekday right after it, else the day in focus."""
    hour = 12 if (m["word"] or "").lower() in ("noon", "midday") else int(m["H"] or 0)
    ampm = (m["ap"] or "").lower().replace(".", "").replace(" ", "")
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if (m["word"] or "").lower() == "midnight":
        hour = 24
    clock = f"T{hour:02d}:{m['M'] or '00'}"
    day = weekday_value(m["wd"], None, m, ctx) if m["wd"] else (ref.day or ctx.anchor)
    day_text = day if isinstance(day, str) else day.isoformat() if day else None
    return ("DATE" if m["wd"] else "TIME"), (day_text + clock if day_text else None)


def build_ref(m: Groups, ctx: Context, ref: Focus) -> Built:
    word = m.group().lower()
    if "future" in word:
        return "DATE", "FUTURE_REF"
    if "past" in word:
        return "DATE", "PAST_REF"
    return "DATE", PRESENT


def build_rel_unit(m: Groups, ctx: Context, ref: Focus) -> Built:
    """last week, this month, early next week, the past year (a duration), last fall."""
    rel, unit = " ".join(m["rel"].lower().split()), unit_of(m["unit"])
    if rel.startswith("the ") and unit not in timex.SEASONS and not m["mod"]:
        return "DURATION", timex.duration(1, unit)
    offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "current": 0, "next": 1, "coming": 1}
    if ctx.anchor is None:
        return "DATE", None
    return "DATE", timex.relative_unit(unit, offset[rel.removeprefix("the ")], ctx.anchor)


def build_weekend(m: Groups, ctx: Context, ref: Focus) -> Built:
    if ctx.anchor is None:
        return "DATE", None
    rel = (m["rel"] or "").lower()
    direction = "past" if rel == "last" else "future" if rel == "next" else ctx.tense(m.start(), m.end())
    saturday = timex.weekday_date(5, ctx.anchor, direction=direction or "past", strict=bool(rel in ("last", "next")))
    return "DATE", timex.weekend(saturday)


def build_ago(m: Groups, ctx: Context, ref: Focus) -> Built:
    """'three days ago' from the anchor; 'two days later' from the day in focus."""
    amount, unit, how = number(m["n"]), unit_of(m["unit"]), m["dir"].lower()
    if amount is None and not m["unit"].lower().endswith("s") and not m["vague"]:
        amount = 1.0                                     # "the year before", "a day later"
    if amount is None:
        return ("DATE", "PAST_REF") if how == "ago" else ("DURATION", timex.duration(None, unit))
    base = ctx.anchor if how == "ago" or ref.day is None else ref.day
    if base is None or unit in timex.TIME_UNITS:
        return ("DATE", None) if base is None else ("DURATION", timex.duration(amount, unit))
    sign = 1 if how in ("later", "after", "from now", "hence") else -1
    return "DATE", timex.ago(amount, unit, base, sign=sign)


def build_duration(m: Groups, ctx: Context, ref: Focus) -> Built:
    if m["old"]:
        return None                     # ages ("a 44-year-old") are not temporal expressions here
    if m["unit"].lower() == "second" and m["n"].lower() in ("a", "an"):
        return None                     # "a second betrayal": the ordinal
    amount = number(m["n"]) if m["n"] else None
    if m["n"] and amount is None:
        return None
    return "DURATION", timex.duration(amount, unit_of(m["unit"]))


def build_set(m: Groups, ctx: Context, ref: Focus) -> Built:
    word = m.group().lower()
    if word in SETS:
        if re.match(r"\s+[A-Z]", ctx.text[m.end():m.end() + 2]):
            return None                  # "the party daily Granma", "Daily Nation": a paper, not a frequency
        return "SET", SETS[word]
    unit = (m["unit"] or "").lower()
    if unit.rstrip("s") in WEEKDAYS:
        return "SET", f"XXXX-WXX-{WEEKDAYS.index(unit.rstrip('s')) + 1}"
    if unit in PARTS:
        return "SET", f"XXXX-XX-XXT{PARTS[unit]}"
    return "SET", timex.duration(number(m["n"]) or 1, unit_of(unit))


def build_holiday(m: Groups, ctx: Context, ref: Focus) -> Built:
    name, rel = " ".join(m["h"].split()), (m["rel"] or "").lower()
    if m["y"]:
        day = timex.holiday(name, int(m["y"]))
    elif ctx.anchor is None:
        return "DATE", None
    else:
        offset = -1 if rel == "last" else 1 if rel == "next" else 0
        day = timex.holiday_date(name, ctx.anchor, direction=ctx.tense(m.start(), m.end()), offset=offset)
    if day and m["week"]:
        return "DATE", timex.iso_week(day)               # "Easter week"
    return ("DATE", day.isoformat()) if day else None


def build_anaphor(m: Groups, ctx: Context, ref: Focus) -> Built:
    """'that day', 'the next morning', 'the previous day': relative to the day in focus."""
    det = " ".join(m["det"].lower().split())
    unit = (m["unit"] or "day").lower()
    shift = 1 if any(w in det for w in ("next", "following", "later", "after")) else \
        -1 if any(w in det for w in ("previous", "preceding", "before", "earlier")) else 0
    base = (ref.period if unit in ("week", "month", "year") else ref.day) or ref.day or ctx.anchor
    if base is None:
        return "DATE", None
    if unit in ("week", "month", "year"):
        return "DATE", timex.relative_unit(unit, shift, base)
    day = (base + timedelta(days=shift)).isoformat()
    return ("TIME", f"{day}T{PARTS[unit]}") if unit in PARTS else ("DATE", day)


def build_week_of(m: Groups, ctx: Context, ref: Focus) -> Built:
    value = calendar_date(year_of(m["y"]), month_of(m["mon"]), day_of(m["d"]), m, ctx)
    return "DATE", timex.iso_week(date.fromisoformat(value)) if value else None


def rule(name: str, pattern: str, build: Builder) -> Rule:
    return Rule(name, re.compile(pattern), build)


RULES: tuple[Rule, ...] = (
    rule("iso", r"\b(?P<y>\d{4})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?:[T ](?P<H>[0-2]\d):(?P<M>[0-5]\d)"
                r"(?::\d\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])", build_iso),
    rule("numeric", r"(?<![\d.,/-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
                    r"(?![\d/-]|\.\d)(?:,?\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?!\d))?", build_numeric),
    rule("day_month", rf"(?:{WD},?\s+)?(?:(?i:the)\s+)?{DMY}(?:,?\s+(?P<y>{YEAR}))?", build_day_month),
    rule("month_day", rf"(?:{WD},?\s+)?{MDY}(?:(?:,\s*|\s+)(?P<y>{YEAR}))?", build_day_month),
    rule("night_of", rf"(?i:the\s+night\s+of)\s+(?:(?:{WD},?\s+)?(?:{DMY}|{MDY})|(?P<wd>{WD})"
                     rf"(?:\s+(?:to|into|-|–)\s+{WD})?)"
                     rf"(?:,?\s+(?P<y>{YEAR}))?", build_night_of),
    rule("month_year", rf"(?:{MOD}[\s-]+)?(?P<mon>{MONTH}),?\s+(?:of\s+)?(?P<y>{YEAR})", build_month_year),
    rule("month", rf"(?:(?P<rel>(?i:last|next|this|coming|past))\s+|(?P<mod>{MOD})[\s-]+)?(?P<mon>{FULL_MONTH})"
                  r"\b(?!\s*\d)(?:\s+(?P<yrel>(?i:this|last|next))\s+(?i:year)\b)?", build_month),
    rule("year", rf"(?:{MOD}[\s-]+|(?<![\d$£€.,/#:-]))(?P<y>{YEAR})(?P<s>'?s)?(?![.,:/-]\d)", build_year),
    rule("weekday", rf"(?:(?P<rel>(?i:last|next|this|coming|past|previous))\s+)?(?P<wd>{WD})"
                    r"(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?", build_weekday),
    rule("deictic", r"\b(?P<w>(?i:today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
                    r"the\s+day\s+after\s+tomorrow)|(?i:this|last)(?=\s+(?i:morning|afternoon|evening|"
                    r"night)))(?:\s+(?P<part>(?i:morning|afternoon|evening|night)))?\b", build_deictic),
    rule("time", rf"(?<![\d:.,$£€])(?:(?P<H>1[0-2]|0?[1-9])(?:[:.](?P<M>[0-5]\d))?\s*(?P<ap>[aApP]\.?\s?[mM]\b\.?)"
                 r"|(?P<H_1>[01]?\d|2[0-3]):(?P<M_1>[0-5]\d)(?![\d:])|(?P<word>(?<![Hh]igh\s)\b(?i:noon|midnight|midday)\b))"
                 r"(?:\s*\(?(?:[A-Z]{2,4}T|GMT|UTC|local\s+time)\)?)?"
                 rf"(?:,?\s+(?P<wd>{WD}))?", build_time),
    rule("ref", r"\b(?i:now|currently|at\s+present|presently|at\s+the\s+moment|nowadays|these\s+days|"
                r"current(?=\s+[a-z])|(?:the\s+)?(?:near\s+|distant\s+|foreseeable\s+)?future(?!s)|"
                r"the\s+past(?=\s*[,.;]|\s+(?:and|or|but)\b))\b", build_ref),
    rule("rel_unit", r"(?:(?P<mod>(?i:early|late|mid))[\s-]+)?(?P<rel>(?i:last|this|next|past|"
                     r"previous|coming|current|the\s+past|the\s+last|the\s+previous|the\s+coming|the\s+next))\s+"
                     r"(?P<unit>(?i:week|month|year|quarter|decade|century|spring|summer|fall|autumn|winter))\b"
                     r"(?!-)", build_rel_unit),
    rule("weekend", r"(?:\b(?P<rel>(?i:last|this|next|the))\s+)(?i:weekend)\b", build_weekend),
    rule("ago", rf"(?:{QUANT}\s+)?(?:(?P<n>{NUM})[\s-]+|(?P<vague>{VAGUE})\s+)?(?P<unit>{UNIT})\s+"
                r"(?P<dir>(?i:ago|from\s+now|hence)\b|(?i:earlier|later|before|after)(?=\s*[,.;:!?)]|\s+(?:on|in|at|when|and)\b|$))",
         build_ago),
    rule("duration", rf"(?:{QUANT}\s+)?(?:(?i:past|last|next|first|coming|previous|following|"
                     rf"remaining|final)\s+)?(?P<n>{NUM})[\s-]+(?P<unit>{UNIT})(?:[\s-](?P<old>(?i:old))\b"
                     r"|[\s-](?i:long)\b)?", build_duration),
    rule("vague", rf"(?:{VAGUE}\s+|(?<=\b[Ff]or\s)|(?<=\b[Oo]ver\s)|(?<=\b[Ww]ithin\s))(?P<unit>(?i:minutes|"
                  r"hours|days|weeks|months|years|decades|centuries))\b(?![-'’])|"
                  r"(?P<unit_1>(?i:decades|years|months|weeks|day|week|month|year))-long\b",
         lambda m, c, r: ("DURATION", timex.duration(None if m["unit"].endswith("s") else 1, unit_of(m["unit"])))),
    rule("set", rf"\b(?i:daily|nightly|weekly|monthly|annually|yearly|hourly|biweekly|fortnightly|quarterly)\b|"
                rf"\b(?i:every|each)\s+(?:(?i:other)\s+)?(?:(?P<n>{NUM})\s+)?(?P<unit>(?i:day|week|month|year|"
                rf"hour|morning|afternoon|evening|night|weekend)s?\b|{WD}s?)|\b(?i:once|twice|(?:\w+|\d+)\s+times)"
                r"\s+(?i:a|an|per|each|every)\s+(?P<unit_1>(?i:day|week|month|year|hour))\b",
         build_set),
    rule("holiday", r"(?:(?P<rel>(?i:last|next|this))\s+)?(?P<h>Christmas(?:\s+(?:Day|Eve))?|New\s+Year(?:'s|’s)"
                    r"(?:\s+(?:Day|Eve))?|Thanksgiving(?:\s+Day)?|Easter(?:\s+(?:Sunday|Monday))?|Good\s+Friday|"
                    rf"Election\s+Day|Boxing\s+Day|Valentine(?:'s|’s)\s+Day|Halloween)(?:,?\s+(?P<y>{YEAR}))?"
                    r"(?P<week>\s+(?i:week))?",
         build_holiday),
    rule("anaphor", r"\b(?:(?i:earlier|later)\s+)?(?P<det>(?i:that\s+same|the\s+same|that|the\s+next|"
                    r"the\s+following|the\s+previous|the\s+preceding))\s+(?P<unit>(?i:day|morning|afternoon|evening|"
                    r"night|week|month|year))\b(?![-'’])|\b(?P<det_1>(?i:the\s+day\s+before|a\s+day\s+(?:earlier|later)|"
                    r"the\s+day\s+after))(?=\s*[,.;]|\s+(?:on|in|at|when|and)\b)",
         build_anaphor),
    rule("week_of", rf"(?i:the\s+week\s+of)\s+(?:{MDY}|{DMY})(?:,?\s+(?P<y>{YEAR}))?",
         build_week_of),
)
