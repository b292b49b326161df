"""Wires the stages: read → parse → extract + resolve → Record. Nothing else happens here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from crisislens.errors import CrisislensError
from crisislens.parse.nlp import parse_all
from crisislens.read.files import ErrorHandler, raise_error
from crisislens.records import Document, Record
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.record import build_record


def run(documents: Iterable[Document], *, nlp: Language, gazetteer: Gazetteer,
        on_error: ErrorHandler = raise_error, batch_size: int = 32) -> Iterator[Record]:
    """Records for the documents, lazily and in input order; a document that fails goes to on_error."""
    for parsed in parse_all(documents, nlp=nlp, batch_size=batch_size):
        try:
            yield build_record(parsed, gazetteer=gazetteer)
        except CrisislensError as exc:   # bad input is reported; bugs still propagate
            on_error(parsed.document.origin, exc)
