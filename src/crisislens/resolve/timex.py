"""TIMEX3 value arithmetic: turn 'which Monday', 'last month', 'three days ago' into values.

Pure functions over an anchor date (the publication date). ``direction`` is the tense read
off the sentence: "past" (news default), "future", or None where nothing says; it decides
which Monday or which January a bare name means. Values follow TimeML / TIMEX3:
``2022-01-03``, ``2022-01``, ``2021-W52``, ``2022``, ``198X`` (a decade), ``2022-01-07TNI``,
``P3D``, ``PT5H30M``, ``PXY`` (vague), seasons ``1998-FA`` and weekends ``2022-W01-WE``.
"""

from __future__ import annotations

from datetime import date, timedelta

SEASONS = {"spring": ("SP", 3), "summer": ("SU", 6), "fall": ("FA", 9), "autumn": ("FA", 9), "winter": ("WI", 12)}
UNIT_CODES = {"second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
              "weekend": "WE", "month": "M", "year": "Y", "decade": "Y", "century": "Y", "fortnight": "D"}
UNIT_FACTORS = {"decade": 10, "century": 100, "fortnight": 14}   # TIMEX3 has no decade unit: P10Y
TIME_UNITS = {"second", "minute", "hour"}
WINDOW = 31        # days a dated event may lie on the "wrong" side of the anchor for its tense


def iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def weekend(day: date) -> str:
    """The weekend of the ISO week `day` falls in (Saturday and Sunday end the ISO week)."""
    return f"{iso_week(day)}-WE"


def shift_month(anchor: date, months: int) -> str:
    index = anchor.year * 12 + anchor.month - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def weekday_date(weekday: int, anchor: date, *, direction: str | None, strict: bool = False) -> date:
    """The Monday (0) .. Sunday (6) meant relative to `anchor`.

    Past (and unknown, the news default): the most recent such day on or before the anchor;
    future: the next one on or after it. `strict` ("last Friday", "next Friday") skips the anchor day.
    """
    if direction == "future":
        delta = (weekday - anchor.weekday()) % 7 or (7 if strict else 0)
        return anchor + timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7 or (7 if strict else 0)
    return anchor - timedelta(days=delta)


def month_year(month: int, anchor: date, *, direction: str | None) -> int:
    """The year of a month named without one: the nearest such month that the tense allows."""
    first = day_in_year(month, 1, anchor, direction=direction)
    return first.year if first else anchor.year


def day_in_year(month: int, day: int, anchor: date, *, direction: str | None) -> date | None:
    """'January 3' without a year: the occurrence the tense points to, else the nearest one."""
    candidates = [d for year in (anchor.year - 1, anchor.year, anchor.year + 1)
                  if (d := safe_date(year, month, day)) is not None]
    return pick(candidates, anchor, direction=direction)


def pick(candidates: list[date], anchor: date, *, direction: str | None) -> date | None:
    """The occurrence of a yearless date meant. Tense rules out the far side only: a past-tense
    clause may still name next week's deadline ("decided the boy should go home by Jan. 14"), but
    hardly the same day eleven months ahead. Untensed, news looks back: a day ahead counts double."""
    if direction == "past":
        candidates = [d for d in candidates if d <= anchor + timedelta(days=WINDOW)] or candidates
    elif direction == "future":
        candidates = [d for d in candidates if d >= anchor - timedelta(days=WINDOW)] or candidates
    ahead = 1 if direction == "future" else 2
    return min(candidates, key=lambda d: (d - anchor).days * ahead if d > anchor else (anchor - d).days,
               default=None)


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def ago(amount: float, unit: str, anchor: date, *, sign: int = -1) -> str | None:
    """`amount` units before (sign -1) or after (+1) the anchor, at the unit's granularity."""
    n = sign * amount * UNIT_FACTORS.get(unit, 1)
    if unit in ("day", "night", "fortnight"):
        return (anchor + timedelta(days=round(n))).isoformat()
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=n))
    if unit == "month":
        return shift_month(anchor, round(n))
    if unit in ("year", "decade", "century"):
        return f"{anchor.year + round(n):04d}"
    return None


def relative_unit(unit: str, offset: int, anchor: date) -> str | None:
    """'last week' (offset -1), 'this month' (0), 'next year' (+1) as a calendar value."""
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=offset))
    if unit == "weekend":
        return weekend(anchor + timedelta(weeks=offset))
    if unit == "month":
        return shift_month(anchor, offset)
    if unit == "year":
        return f"{anchor.year + offset:04d}"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + offset
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "decade":
        return decade(anchor.year // 10 + offset)
    if unit == "century":
        return f"{anchor.year // 100 + offset:02d}"
    if unit in SEASONS:
        return season(unit, offset, anchor)
    return None


def decade(tens: int) -> str:
    """A decade with its unknown year digit written X, as the TempEval-3 corpora and ISO 8601-2 write it:
    the 1990s are 199X (TimeML 1.2 also allowed the bare 199; both name the same ten years)."""
    return f"{tens:03d}X"


def season(name: str, offset: int, anchor: date) -> str:
    """'last fall' (-1), 'this summer' (0), 'next spring' (+1); a winter is labelled by the year it begins."""
    code, first_month = SEASONS[name]
    begun = anchor.year if anchor.month >= first_month else anchor.year - 1    # the latest one begun
    inside = (anchor.month - first_month) % 12 < 3
    if offset < 0:
        year = begun - 1 if inside else begun
    elif offset > 0:
        year = begun + 1
    else:
        year = begun if inside else anchor.year
    return f"{year:04d}-{code}"


def duration(amount: float | None, unit: str) -> str:
    """P3D, PT5H30M, P10Y for a decade, PXY for a vague 'years'."""
    code = UNIT_CODES[unit]
    prefix = "PT" if unit in TIME_UNITS else "P"
    if code == "WE":
        return "P2D"
    if amount is None:
        return f"{prefix}X{code}"
    amount *= UNIT_FACTORS.get(unit, 1)
    if amount != int(amount) and unit == "hour":
        return f"PT{int(amount)}H{round((amount % 1) * 60)}M"
    if amount != int(amount) and unit == "day":
        return f"P{int(amount)}DT{round((amount % 1) * 24)}H"
    number = f"{int(amount)}" if amount == int(amount) else f"{amount:g}"
    return f"{prefix}{number}{code}"


def easter(year: int) -> date:
    """Western Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    L = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * L) // 451
    month, day = divmod(h + L - 7 * m + 114, 31)
    return date(year, month, day + 1)


def holiday(name: str, year: int) -> date | None:
    """Fixed and computed holidays that newswire dates events by."""
    key = name.lower().replace("’", "'").removesuffix(" day")
    fixed = {"christmas": (12, 25), "christmas eve": (12, 24), "new year's": (1, 1), "new year's eve": (12, 31),
             "boxing": (12, 26), "valentine's": (2, 14), "halloween": (10, 31), "may": (5, 1),
             "new year": (1, 1)}
    if key in fixed:
        return date(year, *fixed[key])
    if key in ("easter", "easter sunday"):
        return easter(year)
    if key == "easter monday":
        return easter(year) + timedelta(days=1)
    if key == "good friday":
        return easter(year) - timedelta(days=2)
    if key == "thanksgiving":             # US: the fourth Thursday of November
        return weekday_date(3, date(year, 11, 22), direction="future")
    if key == "election":                  # US: the Tuesday after the first Monday of November
        return weekday_date(1, date(year, 11, 2), direction="future")
    return None


def holiday_date(name: str, anchor: date, *, direction: str | None, offset: int = 0) -> date | None:
    """A holiday named without a year: 'last Christmas' (-1), 'next Easter' (+1), or by tense."""
    options = [d for y in (anchor.year - 1, anchor.year, anchor.year + 1) if (d := holiday(name, y))]
    if offset < 0:
        return max((d for d in options if d < anchor), default=None)
    if offset > 0:
        return min((d for d in options if d > anchor), default=None)
    return pick(options, anchor, direction=direction)
