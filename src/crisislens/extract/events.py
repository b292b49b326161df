"""Events: which sentences report an act, which code it takes, who did it to whom and how many fell.

A sentence reports an event when it carries a code's cue and is not negated ("CSTO soldiers do not
participate in hostilities" reports no battle). Sentences that continue an event are merged into it:
the same code within one sentence of the last, a casualty or arrest figure with no act of its own
("18 police officers are reported to be dead"), or an explicit back-reference ("As a result of the
operation, …"). Date and place are decided later, in resolve/, from the evidence span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from spacy.tokens import Span as SpacySpan

from crisislens.extract.actors import actors_in
from crisislens.extract.counts import Count, count_of
from crisislens.extract.cues import matching_codes
from crisislens.records import Event, Parsed, Span
from crisislens.taxonomy import CODES

BACK_REFERENCE = re.compile(r"^\W*(?:as a result of (?:the|this|that)|during (?:the|this|that)|in the (?:attack|"
                            r"operation|clashes|fighting|raid|assault|blast|explosion)|the (?:attack|blast|"
                            r"explosion|raid) (?:also|left|killed|wounded))", re.I)
MERGE_GAP = 2          # sentences an event may skip before a continuation no longer belongs to it
FIGURE_ONLY_CODES = {"ARREST"}   # "Many militants were killed and detained" adds figures, not a new act
OUTCOME = re.compile(r"\b(?:killed|dead|died|wounded|injured|detained|arrested|casualties|death toll)\b", re.I)


@dataclass(slots=True)
class Draft:
    """An event being assembled from one or more sentences."""

    code: str
    sentences: list[SpacySpan]
    extra_codes: set[str] = field(default_factory=set)


def find_events(parsed: Parsed) -> list[Event]:
    """Every event the body reports, in text order; salience is ranked later."""
    drafts: list[Draft] = []
    last_index = -MERGE_GAP - 1
    for index, sentence in enumerate(body_sentences(parsed)):
        codes = [] if is_negated(sentence) else matching_codes(sentence.text)
        continues = drafts and index - last_index <= MERGE_GAP and continues_event(sentence, codes, drafts[-1])
        if continues:
            drafts[-1].sentences.append(sentence)
            drafts[-1].extra_codes.update(codes)
            last_index = index
        elif codes:
            drafts.append(Draft(code=precedent(codes), sentences=[sentence], extra_codes=set(codes)))
            last_index = index
    return [to_event(draft, parsed) for draft in drafts]


def body_sentences(parsed: Parsed) -> Iterator[SpacySpan]:
    body = parsed.document.body_span
    for sentence in parsed.doc.sents:
        if sentence.start_char >= body.start and sentence.end_char <= body.end + 1 and sentence.text.strip():
            yield sentence


def is_negated(sentence: SpacySpan) -> bool:
    return any(child.dep_ == "neg" for child in sentence.root.children)


def continues_event(sentence: SpacySpan, codes: list[str], draft: Draft) -> bool:
    if codes and precedent(codes) == draft.code:
        return True
    if BACK_REFERENCE.search(sentence.text):
        return True
    return set(codes) <= FIGURE_ONLY_CODES and bool(OUTCOME.search(sentence.text))


def precedent(codes: list[str]) -> str:
    """The code the taxonomy's precedence rule picks; ties go to the first cue in CUES order."""
    return min(codes, key=lambda code: CODES[code].rank)


def to_event(draft: Draft, parsed: Parsed) -> Event:
    text = parsed.document.text
    first, last = draft.sentences[0], draft.sentences[-1]
    evidence = trimmed(text, first.start_char, last.end_char)
    actor1, actor2 = first_actors(draft.sentences)
    code = CODES[draft.code]
    killed, injured, arrested = (sum_counts(draft.sentences, outcome) for outcome in ("killed", "injured", "arrested"))
    return Event(
        code=code.code,
        event_type=code.event_type,
        sub_event_type=code.sub_event_type,
        evidence=evidence,
        confidence=confidence(draft),
        actor1=actor1,
        actor2=actor2,
        fatalities=killed.best if killed else None,
        fatalities_low=killed.low if killed else None,
        fatalities_high=killed.high if killed else None,
        injured=injured.best if injured else None,
        arrested=arrested.best if arrested else None,
    )


def trimmed(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span.of(text, start, end)


def first_actors(sentences: list[SpacySpan]) -> tuple:
    actor1 = actor2 = None
    for sentence in sentences:
        found1, found2 = actors_in(sentence)
        actor1, actor2 = actor1 or found1, actor2 or found2
    return actor1, actor2


def sum_counts(sentences: list[SpacySpan], outcome: str) -> Count | None:
    """The largest figure any sentence of the event gives: later updates restate, not add."""
    counts = [count for sentence in sentences if (count := count_of(sentence.text, outcome))]
    return max(counts, key=lambda count: count.best or 0) if counts else None


def confidence(draft: Draft) -> float:
    # A rule match is fairly reliable; competing cues from other event types lower it.
    rivals = {CODES[code].event_type for code in draft.extra_codes} - {CODES[draft.code].event_type}
    return max(0.3, 0.7 - 0.1 * len(rivals))


def rank_by_salience(events: list[Event], *, title: str | None) -> list[Event]:
    """events[0] is what the headline reports: most words shared with the title, then text order."""
    if not title or not events:
        return events
    title_words = content_words(title)
    scores = [len(title_words & content_words(event.evidence.text)) for event in events]
    order = sorted(range(len(events)), key=lambda i: (-scores[i], i))
    return [events[i] for i in order]


def content_words(text: str) -> set[str]:
    return {word for word in re.findall(r"[a-z]{4,}", text.lower())} - STOPWORDS


STOPWORDS = {"that", "this", "with", "from", "have", "were", "their", "they", "will", "been", "said", "says",
             "about", "after", "into", "over", "also", "more", "than"}


