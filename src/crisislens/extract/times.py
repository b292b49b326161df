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

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crisislens.records import Parsed, Span, Time
from crisislens.resolve.dates import anchor_date, day_of, parse_with_dateparser, period_start
from crisislens.resolve.time_grammar import RULES, Context, Focus, Groups
from crisislens.resolve.timex import safe_date

FUTURE_AUX = {"will", "'ll", "’ll", "shall", "wo"}
MODALS = {"would", "should", "must", "might", "may", "'d"}     # forward unless negated: "would not comment Monday"
# verbs whose complement lies ahead ("plans to visit on Monday") but which may be dated themselves
# in the past ("On Friday, the government planned to pay")...
INTENT = {"due", "schedule", "slate", "expect", "plan", "intend", "hope", "aim", "prepare", "promise", "vow",
          "threaten", "upcoming"}
# ...and verbs that push their own time adjunct ahead even in the past tense ("postponed until Tuesday")
DEFERRAL = {"postpone", "delay", "adjourn", "defer", "extend", "reschedule"}
# "as soon as Tuesday", "until 9 a.m. Tuesday", "between now and Feb. 10": a deadline or an earliest day
FUTURE_CUE = re.compile(r"\b(?:as\s+soon\s+as|as\s+early\s+as|no\s+later\s+than|between\s+now\s+and|until|till|"
                        r"by|from\s+now\s+to)\s+$", re.IGNORECASE)
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


def token_span(doc: Doc, start: int, end: int) -> SpacySpan | None:
    return doc.char_span(start, end, alignment_mode="expand")


def tense_at(doc: Doc, text: str, start: int, end: int) -> str | None:
    """'future' when the clause the expression sits in looks forward, 'past' when its verb is past.
    (`text` is the document's: Doc.text rebuilds the string from every token on each access.)"""
    span = token_span(doc, start, end)
    if span is None or len(span) == 0:
        return None
    verb = clause_verb(span.root)
    if FUTURE_CUE.search(text[max(0, start - 40):start]) and not simple_past(verb):
        return "future"                          # "has given them until Tuesday"; "lasted until Tuesday" stays past
    return verb_tense(verb) if verb is not None else None


def simple_past(verb: Token | None) -> bool:
    return verb is not None and (verb.tag_ == "VBD" or auxes_past(list(verb.children)))


def clause_verb(token: Token) -> Token | None:
    """Climb from the time expression to the verb of its clause (a few steps at most)."""
    for _ in range(6):
        if token.pos_ in ("VERB", "AUX") or token.head is token:
            break
        token = token.head
    return token if token.pos_ in ("VERB", "AUX") else None


def verb_tense(verb: Token) -> str | None:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in auxes}
    negated = any(c.dep_ == "neg" for c in verb.children)
    intent = verb.lemma_ in INTENT or any(c.lemma_ in INTENT for c in verb.children)
    if words & FUTURE_AUX or (words & MODALS and not negated) or verb.lemma_ in DEFERRAL \
            or (intent and verb.tag_ != "VBD" and not auxes_past(auxes)):
        return "future"
    if verb.tag_ == "VBG" and any(a.lemma_ == "be" and a.tag_ in ("VBZ", "VBP") for a in auxes):
        return "future"                          # "is meeting on Thursday"
    if "to" in words and verb.head is not verb:
        head = verb.head
        if (head.lemma_ == "be" and head.tag_ in ("VBZ", "VBP")) or head.lemma_ in INTENT | DEFERRAL:
            return "future"                      # "talks are to resume on Monday", "were planning to drive"
        return None                              # "ordered him to leave Friday" or "tried to flee Friday"
    if verb.tag_ == "VBD" or auxes_past(auxes):
        return "past"
    if any(a.lemma_ == "have" for a in auxes):
        return "past"                            # "has been searching since Oct. 23"
    return None


def auxes_past(tokens: list[Token]) -> bool:
    return any(a.tag_ == "VBD" and a.dep_ in ("aux", "auxpass") for a in tokens)


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
