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

from crisislens.resolve import timex
from crisislens.resolve.time_builders import (
    build_ago,
    build_anaphor,
    build_day_beside,
    build_day_month,
    build_deictic,
    build_duration,
    build_holiday,
    build_iso,
    build_month,
    build_month_year,
    build_night_of,
    build_numeric,
    build_ref,
    build_rel_unit,
    build_set,
    build_time,
    build_week_of,
    build_weekday,
    build_weekend,
    build_year,
)
from crisislens.resolve.time_lexicon import (
    DMY,
    FULL_MONTH,
    MDY,
    MOD,
    MONTH,
    NUM,
    QUANT,
    UNIT,
    VAGUE,
    WD,
    YEAR,
    Builder,
    Context,
    Focus,
    Groups,
    Rule,
    unit_of,
)
from crisislens.resolve.time_periods import build_fiscal, build_half, build_quarter, build_season_of

__all__ = ["RULES", "Context", "Focus", "Groups"]


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
    rule("year", rf"(?:{MOD}[\s-]+|\b(?i:pre|post)-|(?<![\d$£€.,/#:-]))(?P<y>{YEAR})(?P<s>'?s)?(?![.,:/-]\d)",
         build_year),
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
                     rf"remaining|final)\s+)?(?P<n>{NUM})[\s-]+(?:(?i:more|additional|further|extra)\s+)?"
                     rf"(?P<unit>{UNIT})(?:[\s-](?P<old>(?i:old))\b|[\s-](?i:long)\b)?", build_duration),
    rule("vague", rf"(?:{VAGUE}\s+|(?<=\b[Ff]or\s)|(?<=\b[Oo]ver\s)|(?<=\b[Ww]ithin\s))(?P<unit>(?i:minutes|"
                  r"hours|days|weeks|months|years|decades|centuries))\b(?![-'’])|"
                  r"(?<=\b[Tt]he\s)(?P<unit_2>(?i:days|weeks|months|years|decades))(?=\s+(?:that|which)\s+followed\b)|"
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
    rule("day_beside", rf"(?:(?i:the)\s+)?(?i:day)\s+(?P<dir>(?i:before|after))\s+(?:{MDY}|{DMY}|"
                       rf"(?:(?P<rel>(?i:last|next|this))\s+)?(?P<wd>{WD}))(?:,?\s+(?P<y>{YEAR}))?", build_day_beside),
    rule("season_of", rf"(?:(?i:the)\s+)?(?:{MOD}[\s-]+)?(?P<season>(?i:spring|summer|fall|autumn|winter))"
                      rf",?\s+(?:(?i:of)\s+)?(?P<y>{YEAR})", build_season_of),
    rule("quarter", rf"(?:(?i:the)\s+)?(?P<ord>(?i:first|second|third|fourth|final|last|1st|2nd|3rd|4th))[\s-]+"
                    rf"(?i:quarter)\b(?:,?\s+(?:(?i:of)\s+)?(?:(?i:fiscal)\s+)?(?P<y>{YEAR}))?", build_quarter),
    rule("half", rf"(?:(?i:the)\s+)?(?P<ord>(?i:first|second))\s+(?i:half)\s+(?:(?i:of)\s+)?(?P<y>{YEAR})",
         build_half),
    rule("fiscal", rf"\b(?i:fiscal)(?:\s+(?i:year))?\s+(?P<y>{YEAR})", build_fiscal),
    rule("week_of", rf"(?i:the\s+week\s+of)\s+(?:{MDY}|{DMY})(?:,?\s+(?P<y>{YEAR}))?",
         build_week_of),
)
