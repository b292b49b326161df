"""Named entities as spaCy's NER reads them, with offsets into the document text."""

from __future__ import annotations

from crisislens.records import Entity, Parsed, Span

# Numbers and ordinals are read by counts.py and times.py with more care than NER gives them.
SKIPPED = {"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"}


def find_entities(parsed: Parsed) -> list[Entity]:
    text = parsed.document.text
    return [Entity(Span.of(text, ent.start_char, ent.end_char), ent.label_)
            for ent in parsed.doc.ents if ent.label_ not in SKIPPED]
