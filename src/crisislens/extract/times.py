"""Find every temporal expression in a document and normalise it against the publication date.

Detection is our own: the regex grammar of resolve/time_grammar.py over the raw text (a few
milliseconds per document, against ~150 ms for spaCy's parse), with the spaCy Doc consulted
only for tense ("will meet on Monday" looks forward) and for "2000 people" vs "in 2000".
spaCy DATE/TIME entities the grammar did not claim go to dateparser, which is accurate on a
short candidate span but slow and over-eager on raw text, so it never sees more than that.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import partial

from spacy.tokens import Doc

from crisislens.records import Parsed, Span, Time
from crisislens.resolve.dates import anchor_date, day_of, parse_with_dateparser, period_start
from crisislens.resolve.time_grammar import RULES, Context, Focus, Groups
from crisislens.resolve.time_tense import tense_at, token_span
from crisislens.resolve.timex import safe_date

COUNT_LABELS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL"}
# a rule's match reaches at most ~25 characters before its trigger word ("more than a couple of days",
# "the night of 5") and ~15 after it ("ago", "a.m. EDT"); the margins leave room for lookarounds
BEFORE, AFTER = 32, 24
WORD = re.compile(r"[A-Za-z]+|\d+")
_TRIGGER_WORDS = """jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july
    august september october november december monday tuesday wednesday thursday friday saturday sunday christmas new
    thanksgiving easter good election boxing valentine halloween second seconds minute minutes hour hours day days
    night nights week weeks weekend weekends fortnight fortnights month months year years decade decades century
    centuries today tonight yesterday tomorrow now current currently present presently moment future past daily
    nightly weekly monthly annually yearly hourly quarter quarterly biweekly fortnightly spring summer fall autumn
    winter noon midnight midday morning afternoon evening nowadays"""
TRIGGERS = frozenset(_TRIGGER_WORDS.split())
CONJOINED = re.compile(r"\s+(?i:and|or)\s+")
DAY_VALUE = re.compile(r"\d{4}-\d\d-\d\d")
MONTH_VALUE = re.compile(r"\d{4}-\d\d")
DATEISH = re.compile(r"\b\d{4}\b|\d[./-]\d|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|day|week|month|"
                     r"year|night|morning|evening|season|summer|winter|spring|autumn|fall|ramadan|eid|hour|minute)")


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    priority: int                 # the rule's place in RULES: earlier rules win ties of length
    match: re.Match[str]


def find_times(parsed: Parsed) -> list[Time]:
    """Every temporal expression in the document, in text order, with TIMEX3 type and value."""
    document, doc = parsed.document, parsed.doc
    text = document.text
    context = Context(anchor=anchor_date(document.published), tense=partial(tense_at, doc, text),
                      count_like=partial(count_like, doc), order=numeric_order(text), text=text)
    chosen = select(candidates(text))
    times = build_all(chosen, context, doc)
    claimed = [(c.start, c.end) for c in chosen]
    times += fallback(doc, claimed, context, language=document.language or "en")
    return sorted(times, key=lambda t: t.mention.start)


def candidates(text: str) -> Iterator[Candidate]:
    """Every rule's matches, searched only in windows around trigger words: the rules' optional
    prefixes make a full scan cost ~13 ms on the seed, the windows a fraction of that."""
    for lo, hi in windows(text):
        for priority, rule in enumerate(RULES):
            for match in rule.pattern.finditer(text, lo, hi):
                start, end = trim(text, match.start(), match.end())
                if end > start:
                    yield Candidate(start, end, priority, match)


def windows(text: str) -> list[tuple[int, int]]:
    """Stretches of text around trigger words, merged; every rule's match contains a trigger and
    none reaches further than the margins from one, so nothing is lost and nothing is found twice."""
    merged: list[list[int]] = []
    for hit in WORD.finditer(text):
        word = hit.group()
        if not (word[0].isdigit() or word.lower() in TRIGGERS):
            continue
        lo, hi = max(0, hit.start() - BEFORE), min(len(text), hit.end() + AFTER)
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Spans never begin or end in white space or a clause comma."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def select(found: Iterator[Candidate]) -> list[Candidate]:
    """The longest match wins where matches overlap; among equals, the earlier rule."""
    kept: list[Candidate] = []
    for candidate in sorted(found, key=lambda c: (c.start - c.end, c.priority, c.start)):
        if all(candidate.end <= k.start or k.end <= candidate.start for k in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda c: c.start)


def build_all(chosen: list[Candidate], context: Context, doc: Doc) -> list[Time]:
    """Values in text order, so 'the next day' can lean on the last day mentioned; clock times go last
    because '10:35 a.m. ... Friday' takes its day from the sentence it is in."""
    times: list[Time] = []
    focus = Focus()
    clocks = [c for c in chosen if RULES[c.priority].name == "time"]
    for candidate in chosen:
        if candidate in clocks:
            continue
        time = build(candidate, context, focus)
        if time is not None:
            times += conjuncts(candidate, time, context.text)
            focus = refocus(focus, time.value)
    sentences = [(sent.start_char, sent.end_char) for sent in doc.sents] if clocks else []
    for candidate in clocks:
        time = build(candidate, context, Focus(day=sentence_day(candidate, times, sentences)))
        if time is not None:
            times.append(time)
    return times


def refocus(focus: Focus, value: str | None) -> Focus:
    """The focus after `value`: its day, its period, and whether a bare month now comes last."""
    start = period_start(value)
    if start is None:
        return focus
    month = value if value and MONTH_VALUE.fullmatch(value) else None
    return Focus(day_of(value) or focus.day, start, month)


def conjuncts(candidate: Candidate, time: Time, text: str) -> list[Time]:
    """'April 24 and 25' is two dates (TimeML tags conjoined dates apart, a range like '24-25 April'
    as one): the first keeps the match's start, the second ends where the match ends and shares its
    month and year."""
    match = candidate.match
    second = next((n for n in ("d2", "d2_1") if n in match.re.groupindex and match[n]), None)
    if second is None or not time.value or not DAY_VALUE.fullmatch(time.value):
        return [time]
    first = second.replace("d2", "d")
    if not CONJOINED.fullmatch(text[match.end(first):match.start(second)]):
        return [time]
    day = safe_date(int(time.value[:4]), int(time.value[5:7]), int(re.sub(r"\D", "", match[second])))
    if day is None:
        return [time]
    return [Time(mention=Span.of(text, candidate.start, match.end(first)), type=time.type, value=time.value),
            Time(mention=Span.of(text, match.start(second), candidate.end), type=time.type, value=day.isoformat())]


def build(candidate: Candidate, context: Context, focus: Focus) -> Time | None:
    try:
        built = RULES[candidate.priority].build(Groups(candidate.match), context, focus)
    except (ValueError, OverflowError):          # a day or year out of range in the text: not a date
        return None
    if built is None:
        return None
    kind, value = built
    return Time(mention=Span.of(context.text, candidate.start, candidate.end), type=kind, value=value)


def sentence_day(candidate: Candidate, times: list[Time], sentences: list[tuple[int, int]]) -> date | None:
    """The day a bare clock time belongs to: the nearest day named in its sentence, else the last before it.
    (Sentence bounds come precomputed: spaCy's Span.sent walks the whole Doc on every call.)"""
    index = bisect_right(sentences, (candidate.start, len(candidate.match.string))) - 1
    lo, hi = sentences[index] if index >= 0 else (0, 0)
    inside = [(abs(t.mention.start - candidate.start), day) for t in times
              if lo <= t.mention.start < hi and (day := day_of(t.value))]
    if inside:
        return min(inside)[1]
    before = [day for t in times if t.mention.start < candidate.start and (day := day_of(t.value))]
    return before[-1] if before else None


def count_like(doc: Doc, start: int, end: int) -> bool:
    """'2000 people', '$1998', 'flight 1995': a number that a year regex would take for a year."""
    span = token_span(doc, start, end)
    if span is None:
        return False
    token = span[0]
    if token.ent_type_ == "DATE":
        return False
    if token.ent_type_ in COUNT_LABELS:
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    previous = doc[token.i - 1] if token.i > 0 else None
    return bool(following is not None and following.tag_ == "NNS"
                and (previous is None or previous.tag_ not in ("DT", "PRP$", "POS", "IN")))


def numeric_order(text: str) -> str | None:
    """DMY or MDY when a numeric date in the document settles it (a part above 12); else None."""
    for match in RULES[1].pattern.finditer(text):
        first, second = int(match["a"]), int(match["b"])
        if first > 12 >= second:
            return "DMY"
        if second > 12 >= first:
            return "MDY"
    return None


def fallback(doc: Doc, claimed: list[tuple[int, int]], context: Context, *, language: str) -> list[Time]:
    """spaCy DATE/TIME entities the grammar did not cover, read by dateparser on that span only."""
    times = []
    for ent in doc.ents:
        if ent.label_ not in ("DATE", "TIME") or not DATEISH.search(ent.text):
            continue
        if any(ent.start_char < end and start < ent.end_char for start, end in claimed):
            continue
        direction = context.tense(ent.start_char, ent.end_char) or "past"
        parsed = parse_with_dateparser(ent.text, anchor=context.anchor, language=language,
                                       order=context.order, prefer=direction)
        if parsed is not None:
            kind, value = parsed
            times.append(Time(mention=Span.of(context.text, ent.start_char, ent.end_char), type=kind, value=value))
    return times
