"""Qualifiers around a place mention ("X region", "the city of X", "northern X", "X and Y counties")
and nameless facilities ("the airport"), read for extract/places.py."""

from __future__ import annotations

from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from crisislens.records import PlaceMention, Span

ADMIN_WORDS = {"region", "province", "oblast", "governorate", "county", "district", "state", "prefecture",
               "department", "territory", "parish", "municipality", "counties", "regions", "provinces"}
PLURAL_ADMIN_WORDS = {"counties", "regions", "provinces", "parishes"}
SETTLEMENT_WORDS = {"city", "town", "village", "capital", "settlement", "township"}
DIRECTIONS = {"northern", "southern", "eastern", "western", "central", "northeastern", "northwestern",
              "southeastern", "southwestern", "north", "south", "east", "west"}
FACILITY_NOUNS = {"airport": "S.AIRP"}


def qualifier(span: SpacySpan) -> str | None:
    """The word that says what kind of place a mention is, or where in it: "region", "city", "northern"."""
    doc = span.doc
    last = span[-1].lower_
    if last in ADMIN_WORDS or last in SETTLEMENT_WORDS:
        return last
    if span.end < len(doc) and doc[span.end].lower_ in ADMIN_WORDS:
        return doc[span.end].lower_
    if (shared := _shared_division_word(span)) is not None:
        return shared
    before = [t.lower_ for t in doc[max(0, span.start - 3):span.start]]
    if len(before) >= 2 and before[-1] == "of" and before[-2] in SETTLEMENT_WORDS:
        return "city"
    if before and before[-1] in DIRECTIONS:
        return before[-1]
    if before and before[-1] == "the" and span[0].is_title:
        return "the"                    # "the Red Sea", "the Balkans": a sea or region, not "Red Sea" state
    return None


def _shared_division_word(span: SpacySpan) -> str | None:
    """'Walker and Montgomery counties', 'Idlib, Hama and Aleppo provinces': the plural after a list of
    names qualifies each of them."""
    doc = span.doc
    for token in doc[span.end:min(span.end + 8, span.sent.end)]:
        if token.lower_ in PLURAL_ADMIN_WORDS:
            return token.lower_
        if not (token.lower_ in ("and", "or", ",") or token.is_title):
            return None
    return None


def facility_mentions(doc: Doc, taken: set[int]) -> list[PlaceMention]:
    """'the airport' with no name: resolve/ places it at the document's city airport, if one is known."""
    found = []
    for token in doc:
        if token.lower_ in FACILITY_NOUNS and token.i > 0 and token.nbor(-1).lower_ == "the" \
                and token.i not in taken:
            start = token.nbor(-1).idx
            text = doc.text
            found.append(PlaceMention(Span.of(text, start, token.idx + len(token)), "facility",
                                      FACILITY_NOUNS[token.lower_]))
    return found
