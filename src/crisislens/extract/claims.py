"""Claims: the factual assertions inside quotations and reported speech, one sentence each.

Each sentence of a quote becomes a claim carrying the quote's speaker, unless it is not an assertion
at all: questions, greetings ("Dear fellow citizens"), appeals and thanks ("We ask the residents…"),
imperatives, fragments. A sentence outside every quote becomes an unattributed claim (speaker None)
when it is hedged ("were reportedly killed"): hedged news is never an established fact. The hedge
is the first cue in the sentence, else the attribution's own ("X reportedly said"); a denial ("denied
that …") flips the polarity of what it denies.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from crisislens.extract.hedge import DENIALS, cue_text, hedge_cue, negated
from crisislens.extract.speech import attribution_tokens, governing_verb
from crisislens.extract.speech_marks import units
from crisislens.records import Claim, Parsed, Quote, Span

MIN_WORDS = 3           # "two bridges collapsed" is a claim; "Absolutely not." is not
OPENERS = frozenset({"please", "let", "thank", "thanks"})
VOCATIVES = frozenset({"dear", "ladies", "citizens", "friends", "colleagues"})
# first-person performatives that appeal, thank or take a stance rather than state a fact
APPEALS = frozenset([
    "ask", "urge", "call", "appeal", "thank", "express", "wish", "hope", "invite", "request", "welcome",
    "congratulate", "condemn", "denounce", "hold", "demand", "encourage", "pray", "extend", "convey",
    "offer", "want"
])
FIRST_PERSON = frozenset({"i", "we"})
EDGE = " \t\n\"'“”«»„‘’`—–-,;:"


def find_claims(parsed: Parsed, quotes: Sequence[Quote]) -> list[Claim]:
    """Claims in text order; `event` stays None until resolve.links sets it."""
    doc, text = parsed.doc, parsed.document.text
    sentence_units = units(doc)
    claims = [c for quote in quotes for c in _quote_claims(doc, text, sentence_units, quote)]
    covered = _merged((q.mention.start, q.mention.end) for q in quotes)
    covered_ends = [end for _, end in covered]
    for unit in sentence_units:
        # the first stretch quoted that ends after the unit starts, found by bisection (long documents)
        index = bisect_right(covered_ends, unit.start_char)
        if index < len(covered) and covered[index][0] < unit.end_char:
            continue
        cue = hedge_cue(list(unit))
        if cue is not None and is_assertion(unit):
            claims.append(_claim(text, unit, None, cue, negated(list(unit))))
    return sorted(claims, key=lambda c: c.mention.start)


def _quote_claims(doc: Doc, text: str, sentence_units: list[SpacySpan], quote: Quote) -> list[Claim]:
    whole = doc.char_span(quote.mention.start, quote.mention.end, alignment_mode="expand")
    verb = governing_verb(whole) if whole is not None else None
    outer = hedge_cue(attribution_tokens(verb)) if verb is not None and quote.hedged else None
    denial = verb is not None and verb.lemma_ in DENIALS
    claims = []
    for piece in _pieces(doc, text, sentence_units, quote.mention):
        if is_assertion(piece):
            cue = hedge_cue(list(piece)) or outer
            claims.append(_claim(text, piece, quote.speaker, cue, negated(list(piece)) != denial))
    return claims


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character ranges merged where they overlap or touch, sorted: disjoint, so bisection finds them."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _pieces(doc: Doc, text: str, sentence_units: list[SpacySpan], mention: Span) -> list[SpacySpan]:
    """The quote cut at sentence boundaries, without the marks and punctuation at its edges."""
    pieces = []
    # Units follow each other through the text: bisect to the first that ends after the quote starts.
    first = bisect_right(sentence_units, mention.start, key=lambda unit: unit.end_char)
    for unit in sentence_units[first:]:
        if unit.start_char >= mention.end:
            break
        if unit.end_char <= mention.start:
            continue
        start, end = max(mention.start, unit.start_char), min(mention.end, unit.end_char)
        while start < end and text[start] in EDGE:
            start += 1
        while end > start and text[end - 1] in EDGE:
            end -= 1
        start = _after_vocative(text, start, end)
        piece = doc.char_span(start, end, alignment_mode="contract") if end > start else None
        if piece is not None and len(piece):
            pieces.append(piece)
    return pieces


def _after_vocative(text: str, start: int, end: int) -> int:
    """ "Dear residents, the situation is under control": the claim starts after the greeting."""
    first = text[start:end].split(maxsplit=1)[0].lower() if text[start:end].strip() else ""
    comma = text.find(",", start, end)
    if first in VOCATIVES and comma > 0:
        start = comma + 1
        while start < end and text[start].isspace():
            start += 1
    return start


def is_assertion(piece: SpacySpan) -> bool:
    """False for what states no fact: questions, greetings, appeals, thanks, imperatives, fragments."""
    words = [t for t in piece if t.is_alpha]
    if len(words) < MIN_WORDS or piece.text.rstrip().endswith("?") or words[0].lower_ in OPENERS:
        return False
    root = _root(piece)
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if root.lemma_ in APPEALS and (subject is None or subject.lower_ in FIRST_PERSON):
        return False
    return not (root.tag_ == "VB" and subject is None and root.i == words[0].i)


def _root(piece: SpacySpan) -> Token:
    """The token heading most of the piece (a piece cut from a longer parse can have several)."""
    tops = [t for t in piece if t.head.i < piece.start or t.head.i >= piece.end or t.head.i == t.i]
    return max(tops, key=lambda t: t.right_edge.i - t.left_edge.i, default=piece[0])


def _claim(text: str, piece: SpacySpan, speaker: str | None, cue, is_negated: bool) -> Claim:
    return Claim(
        mention=Span.of(text, piece.start_char, piece.end_char),
        speaker=speaker,
        hedged=cue is not None,
        hedge=cue_text(cue) if cue is not None else None,
        negated=is_negated,
    )
