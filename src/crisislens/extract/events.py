"""Events: which sentences report an act, which code it takes, who did it to whom and how many fell.

Each body sentence is read twice: by the lexical cues of cues.py, precise but narrow, and by the
classifier of event_model.py, broad but noisier on long-form prose. A sentence reports an event when
it is not negated ("CSTO soldiers do not participate in hostilities" reports no battle) and either a cue
fires or the classifier alone is confident. Its code is the candidate with the best probability, a cue
adding CUE_BONUS; the taxonomy's precedence breaks ties.

Sentences that continue an event are merged into it: the same code within MERGE_GAP sentences, a
demonstration that turns violent or is dispersed (one event, coded by its outcome), a casualty or arrest
figure with no act of its own ("18 police officers are reported to be dead"), or an explicit
back-reference ("As a result of the operation, …"). A merged event is coded again on all its sentences
(the mean of their probabilities, their cues pooled).
Date and place are decided later, in resolve/, from the evidence span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Span as SpacySpan

from crisislens.extract.actors import actors_in
from crisislens.extract.counts import Count, count_of
from crisislens.extract.cues import matching_codes
from crisislens.extract.event_model import NONE, code_probabilities
from crisislens.records import Event, Parsed, Span
from crisislens.taxonomy import CODES, PROTESTS

BACK_REFERENCE = re.compile(r"^\W*(?:as a result of (?:the|this|that)|during (?:the|this|that)|in the (?:attack|"
                            r"operation|clashes|fighting|raid|assault|blast|explosion)|the (?:attack|blast|"
                            r"explosion|raid) (?:also|left|killed|wounded))", re.I)
OUTCOME = re.compile(r"\b(?:killed|dead|died|wounded|injured|detained|arrested|casualties|death toll)\b", re.I)
MERGE_GAP = 2          # sentences an event may skip before a continuation no longer belongs to it
FIGURE_ONLY_CODES = {"ARREST"}   # "Many militants were killed and detained" adds figures, not a new act
CUE_BONUS = 0.25       # a cue is evidence the classifier lacks; it decides between close candidates
MODEL_ALONE = 0.85    # without a cue, the classifier must be this sure that a sentence reports some event
OVERRULE = 0.4        # how sure the classifier must be to pick a code none of the sentence's cues names
MODEL_FALLBACK = 0.3   # ... or this sure, for the one most event-like sentence of a report that has no other
DEMONSTRATIONS = {PROTESTS}   # a riot after a protest is a new event; a dispersal is the same protest's outcome


@dataclass(frozen=True, slots=True)
class Reading:
    """What one sentence says: its event code (None for no event), the cues it carries, P(code)."""

    sentence: SpacySpan
    code: str | None
    cues: frozenset[str]
    probabilities: dict[str, float]


@dataclass(slots=True)
class Draft:
    """An event being assembled from one or more sentences."""

    readings: list[Reading]
    code: str
    cues: set[str]
    probabilities: dict[str, float]   # of its first sentence, or of its act sentences once recoded

    @property
    def sentences(self) -> list[SpacySpan]:
        return [reading.sentence for reading in self.readings]


def find_events(parsed: Parsed, *, readings: list[Reading] | None = None) -> list[Event]:
    """Every event the body reports, in text order; salience is ranked later. `readings` may come
    precomputed by read_batch, which classifies the sentences of many documents in one call."""
    readings = read_batch([parsed])[0] if readings is None else readings
    drafts: list[Draft] = []
    last_index = -MERGE_GAP - 1
    for index, reading in enumerate(readings):
        if drafts and index - last_index <= MERGE_GAP and continues_event(reading, drafts[-1]):
            drafts[-1].readings.extend(readings[last_index + 1:index + 1])   # sentences skipped are evidence too
            drafts[-1].cues.update(reading.cues)
            last_index = index
        elif reading.code:
            drafts.append(Draft([reading], reading.code, set(reading.cues), reading.probabilities))
            last_index = index
    if not drafts and (lead := likeliest_event(readings)):
        drafts.append(Draft([lead], lead.code, set(lead.cues), lead.probabilities))
    for draft in drafts:
        if len(draft.readings) > 1:
            recode(draft)
    return [to_event(draft, parsed) for draft in drafts]


def recode(draft: Draft) -> None:
    """Code a merged event on the sentences that report its act: the mean of their probabilities, their
    cues pooled. A sentence that only adds figures ("Many militants were killed and detained") or
    context does not recode the act before it."""
    acts = [draft.readings[0], *(r for r in draft.readings[1:] if r.code and r.code not in FIGURE_ONLY_CODES)]
    probabilities = {code: sum(r.probabilities[code] for r in acts) / len(acts) for code in acts[0].probabilities}
    cues = set().union(*(r.cues for r in acts))
    draft.code = best_code(cues | {model_code(probabilities)}, probabilities, cues)
    draft.probabilities = probabilities


def read_batch(batch: Sequence[Parsed]) -> list[list[Reading]]:
    """The readings of every body sentence of every document, the classifier called once for all."""
    sentences = [list(body_sentences(parsed)) for parsed in batch]
    texts = [affirmed_text(sentence) for document in sentences for sentence in document]
    flat = iter(zip(texts, code_probabilities(texts), strict=True))
    return [[reading(sentence, *next(flat)) for sentence in document] for document in sentences]


def affirmed_text(sentence: SpacySpan) -> str:
    """The sentence without its negated clauses: "they were peaceful and police did not use firearms"
    reports a peaceful protest, and no word of the denied act should count as evidence of it."""
    denied = {token.i for verb in sentence if verb != sentence.root and any(c.dep_ == "neg" for c in verb.children)
              for token in verb.subtree}
    return "".join(token.text_with_ws for token in sentence if token.i not in denied).strip()


def reading(sentence: SpacySpan, text: str, probabilities: dict[str, float]) -> Reading:
    if is_negated(sentence) or not text:
        return Reading(sentence, None, frozenset(), probabilities)
    cues = frozenset(matching_codes(text))
    top = model_code(probabilities)
    if not cues and event_mass(probabilities) < MODEL_ALONE:
        return Reading(sentence, None, cues, probabilities)
    return Reading(sentence, best_code(cues | {top}, probabilities, cues), cues, probabilities)


def likeliest_event(readings: list[Reading]) -> Reading | None:
    """A report is written about something: when no sentence clears the bar, the one the classifier
    finds most event-like is taken, if it is at least MODEL_FALLBACK sure and not negated."""
    candidates = [r for r in readings if not is_negated(r.sentence)]
    if not candidates:
        return None
    best = max(candidates, key=lambda r: r.probabilities[model_code(r.probabilities)])
    top = model_code(best.probabilities)
    if best.probabilities[top] < MODEL_FALLBACK:
        return None
    return Reading(best.sentence, top, best.cues, best.probabilities)


def event_mass(probabilities: dict[str, float]) -> float:
    """How sure the classifier is that a sentence reports some event, whichever: "Afghan military kills 39
    militants" is surely an event even while its probability is shared among air strike, shelling and attack."""
    return 1.0 - probabilities.get(NONE, 0.0)


def model_code(probabilities: dict[str, float]) -> str:
    """The classifier's most probable event code, NONE aside."""
    return max((code for code in probabilities if code != NONE), key=probabilities.__getitem__)


def best_code(candidates: set[str] | frozenset[str], probabilities: dict[str, float],
              cues: set[str] | frozenset[str]) -> str:
    best = max(candidates, key=lambda code: (probabilities.get(code, 0.0) + CUE_BONUS * (code in cues),
                                             -CODES[code].rank))
    if cues and best not in cues and probabilities.get(best, 0.0) < OVERRULE:
        # The classifier overrules the words of the sentence only when it is sure: "beating of residents,
        # guards, women and old people" names beatings, whatever "women" suggests to a bag of words.
        return max(cues, key=lambda code: (probabilities.get(code, 0.0), -CODES[code].rank))
    return best


def body_sentences(parsed: Parsed) -> Iterator[SpacySpan]:
    body = parsed.document.body_span
    for sentence in parsed.doc.sents:
        if sentence.start_char >= body.start and sentence.end_char <= body.end + 1 and sentence.text.strip():
            yield sentence


def is_negated(sentence: SpacySpan) -> bool:
    return any(child.dep_ == "neg" for child in sentence.root.children)


def continues_event(reading: Reading, draft: Draft) -> bool:
    if reading.code and reading.code == draft.code:
        return True
    if reading.code and {CODES[reading.code].event_type, CODES[draft.code].event_type} <= DEMONSTRATIONS:
        return True
    if BACK_REFERENCE.search(reading.sentence.text):
        return True
    return (reading.code is None or reading.code in FIGURE_ONLY_CODES) and bool(OUTCOME.search(reading.sentence.text))


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
    """The classifier's calibrated probability of the chosen code, raised when a cue agrees with it."""
    probability = draft.probabilities.get(draft.code, 0.0)
    return min(1.0, probability + CUE_BONUS) if draft.code in draft.cues else probability


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


