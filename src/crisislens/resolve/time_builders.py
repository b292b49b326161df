"""The builders of time_grammar.py: each turns one kind of match into a TIMEX3 (type, value), or None
to reject it ("2000 people", "a 44-year-old")."""

from __future__ import annotations

import re
from datetime import date, timedelta

from crisislens.resolve import timex
from crisislens.resolve.time_lexicon import (
    PARTS,
    PRESENT,
    SETS,
    WEEKDAYS,
    Built,
    Context,
    Focus,
    Groups,
    before_word,
    calendar_date,
    day_of,
    month_of,
    number,
    unit_of,
    year_of,
)


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
    if m["mon"] in ("May", "March") and not (m["rel"] or m["mod"]) and before_word(m, ctx) not in CONTEXT_WORDS \
            and not month_modifier(m, ctx):
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


def month_modifier(m: Groups, ctx: Context) -> bool:
    """'the March accession', 'the May elections': a capitalised May or March between 'the' and a
    lower-case noun is the month ('the March on Washington', 'the May of 1968' are caught elsewhere or not at all)."""
    following = re.match(r"\s+([a-z]+)\b", ctx.text[m.end():m.end() + 30])
    return before_word(m, ctx) == "the" and following is not None and following.group(1) not in NOT_NOUNS


NOT_NOUNS = {"of", "on", "to", "in", "for", "from", "and", "or", "was", "is", "were", "will", "had", "has", "by", "at",
             "through", "against", "towards", "toward", "into", "that", "which", "who"}


def build_year(m: Groups, ctx: Context, ref: Focus) -> Built:
    if not m["s"] and m.group()[0].isdigit() and ctx.count_like(m.start(), m.end()):
        return None
    if before_word(m, ctx) in ("no", "number", "$", "#", "flight", "route", "page", "resolution", "article"):
        return None
    if m["s"]:
        return "DATE", timex.decade(int(m["y"][:3]))      # the 1990s: a decade, 199X
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
    if m["unit"][0].isupper() and not m["n"][0].isupper():
        return None                     # "CBS's 60 Minutes", "48 Hours": a title, not a stretch of time
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
    if unit == "day" and shift == 0 and ref.month:
        return "DATE", f"{ref.month}-XX"                # "last October ... that same day": a day of that month
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


def build_day_beside(m: Groups, ctx: Context, ref: Focus) -> Built:
    """'the day before last Tuesday', 'the day after Oct. 23': one day either side of the day named."""
    if m["wd"]:
        value = weekday_value(m["wd"], m["rel"], m, ctx)
    else:
        value = calendar_date(year_of(m["y"]), month_of(m["mon"]), day_of(m["d"]), m, ctx)
    if value is None:
        return "DATE", None
    shift = 1 if m["dir"].lower() == "after" else -1
    return "DATE", (date.fromisoformat(value) + timedelta(days=shift)).isoformat()
