"""Builders for parts of a year named with it or without it: 'the summer of 1998' (1998-SU), 'the third
quarter' (1999-Q3), 'the first half of 1997' (1997-H1), 'fiscal 1997' (FY1997), as TIMEX3 writes them.
A part named without a year takes the anchor's year, or the year before when a past-tense clause
names a part that has not yet begun ('profits fell in the fourth quarter', published in March)."""

from __future__ import annotations

from datetime import date

from crisislens.resolve import timex
from crisislens.resolve.time_lexicon import Built, Context, Focus, Groups, year_of

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": 4,
            "final": 4}


def build_season_of(m: Groups, ctx: Context, ref: Focus) -> Built:
    """'the summer of 1998', 'winter 1999': the season of that year (a winter is labelled by the year it begins)."""
    code, _ = timex.SEASONS[m["season"].lower()]
    return "DATE", f"{int(m['y']):04d}-{code}"


def build_quarter(m: Groups, ctx: Context, ref: Focus) -> Built:
    if m["y"] is None and not m.group().lower().startswith("the"):
        return None                     # "1st quarter back": a bare ordinal quarter is a game's, not a year's
    quarter = ORDINALS[m["ord"].lower()]
    year = part_year(m, ctx, first_month=3 * quarter - 2)
    return "DATE", (f"{year:04d}-Q{quarter}" if year is not None else None)


def build_half(m: Groups, ctx: Context, ref: Focus) -> Built:
    half = min(ORDINALS[m["ord"].lower()], 2)
    year = part_year(m, ctx, first_month=6 * half - 5)
    return "DATE", (f"{year:04d}-H{half}" if year is not None else None)


def build_fiscal(m: Groups, ctx: Context, ref: Focus) -> Built:
    """TimeML writes a fiscal year as FY plus the year it is named by: its months differ by country and firm."""
    return "DATE", f"FY{int(m['y']):04d}"


def part_year(m: Groups, ctx: Context, *, first_month: int) -> int | None:
    named = year_of(m["y"])
    if named is not None or ctx.anchor is None:
        return named
    if ctx.tense(m.start(), m.end()) == "past" and date(ctx.anchor.year, first_month, 1) > ctx.anchor:
        return ctx.anchor.year - 1
    return ctx.anchor.year
