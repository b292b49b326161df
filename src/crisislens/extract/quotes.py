"""Direct quotations and reported speech, each attributed to the fullest name of its speaker.

A direct quotation is text inside quote marks (speech_marks) that a speech verb governs or shares
a sentence with, or that follows another quotation in the same paragraph. Reported speech is the
complement of a speech verb ("X said that …", "…, sources said") or the clause an "according to X"
modifies. Quote.hedged says the attribution itself is hedged ("reportedly said", "it is learned
that"); hedges inside the quoted words are marked on the claims (extract/claims.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crisislens.extract.hedge import hedge_cue
from crisislens.extract.speech import (
    attribution,
    attribution_tokens,
    content_span,
    governing_verb,
    speech_verbs,
)
from crisislens.extract.speech_marks import quoted_spans, units
from crisislens.extract.speech_names import Names, Speaker
from crisislens.records import Parsed, Quote, Span

QUESTION_WORDS = frozenset({"what", "how", "whether", "why", "who", "whom", "when", "where", "if", "which"})
MIN_WORDS = 3           # "Absolutely not." and scare quotes ("terrorists") are not statements to track


@dataclass(frozen=True, slots=True)
class Found:
    """A stretch of speech before its speaker is resolved (resolution runs in text order)."""

    start: int
    end: int
    verb: Token | None
    direct: bool


def find_quotes(parsed: Parsed) -> list[Quote]:
    """Every direct and reported statement in the document, in text order."""
    doc, text = parsed.doc, parsed.document.text
    sentence_units = units(doc)
    direct = _direct(doc, text, sentence_units, quoted_spans(text))
    found = sorted([*direct, *_reported(sentence_units, direct)], key=lambda f: f.start)
    return _attributed(doc, text, found)


def _direct(doc: Doc, text: str, sentence_units: list[SpacySpan], spans: list[tuple[int, int]]) -> list[Found]:
    inside = [range(s, e) for s, e in spans]
    found: list[Found] = []
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or sum(t.is_alpha for t in span) < MIN_WORDS:
            continue
        verb = _verb_for(span, sentence_units, inside)
        if verb is not None or _continues(text, found, start) or _statement(span):
            found.append(Found(start, end, verb, True))
    return found


def _verb_for(span: SpacySpan, sentence_units: list[SpacySpan], inside: list[range]) -> Token | None:
    """The speech verb outside the marks that introduces a quotation: governing it, else nearest in
    its sentence (after it first: "…,” said X"), else ending the sentence before with a colon."""
    governor = governing_verb(span)
    if governor is not None and not _quoted(governor, inside):
        return governor
    around = [u for u in sentence_units if u.start_char < span.end_char and u.end_char > span.start_char]
    after = [v for u in around for v in speech_verbs(u) if v.idx >= span.end_char and not _quoted(v, inside)]
    before = [v for u in around for v in speech_verbs(u) if v.idx < span.start_char and not _quoted(v, inside)]
    if after or before:
        return after[0] if after else before[-1]
    previous = [u for u in sentence_units if u.end_char <= span.start_char]
    if previous and previous[-1].text.rstrip().endswith(":"):
        verbs = [v for v in speech_verbs(previous[-1]) if not _quoted(v, inside)]
        return verbs[-1] if verbs else None
    return None


def _quoted(token: Token, inside: list[range]) -> bool:
    return any(token.idx in r for r in inside)


def _continues(text: str, found: list[Found], start: int) -> bool:
    """A quotation right after another one, in the same paragraph, goes on with the same voice."""
    return bool(found) and "\n" not in text[found[-1].end:start].strip()


def _statement(span: SpacySpan) -> bool:
    return sum(t.is_alpha for t in span) >= 6 and any(t.pos_ in ("VERB", "AUX") for t in span)


def _reported(sentence_units: list[SpacySpan], direct: list[Found]) -> list[Found]:
    found = []
    for unit in sentence_units:
        for verb in speech_verbs(unit):
            content = content_span(verb)
            if content is None or len(content) < MIN_WORDS or content[0].lower_ in QUESTION_WORDS:
                continue
            if _mostly_quoted(content, direct) or any(f.start <= verb.idx < f.end for f in direct):
                continue
            found.append(Found(content.start_char, content.end_char, verb, False))
    return found


def _mostly_quoted(content: SpacySpan, direct: list[Found]) -> bool:
    size = content.end_char - content.start_char
    shared = sum(max(0, min(f.end, content.end_char) - max(f.start, content.start_char)) for f in direct)
    return shared * 2 > size


def _attributed(doc: Doc, text: str, found: list[Found]) -> list[Quote]:
    names = Names.of(doc)
    spoken: list[Speaker] = []
    quotes: list[Quote] = []
    for item in found:
        speaker = _speaker(item, names, spoken, quotes)
        if speaker is not None:
            spoken.append(speaker)
        hedged = item.verb is not None and hedge_cue(attribution_tokens(item.verb)) is not None
        quotes.append(Quote(
            mention=Span.of(text, item.start, item.end),
            speaker=speaker.name if speaker else None,
            speaker_title=speaker.title if speaker else None,
            direct=item.direct,
            hedged=hedged,
        ))
    return quotes


def _speaker(item: Found, names: Names, spoken: list[Speaker], quotes: list[Quote]) -> Speaker | None:
    if item.verb is None:                       # a quotation continuing the previous one
        if item.direct and quotes and spoken and quotes[-1].speaker == spoken[-1].name:
            return spoken[-1]
        return None
    head = attribution(item.verb).speaker
    return names.resolve(head, spoken) if head is not None else None
