"""Wires the stages: read → parse → extract + resolve → Record. Nothing else happens here."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from spacy.language import Language

from crisislens.bugs import internal_error
from crisislens.errors import CrisislensError
from crisislens.extract.events import read_batch
from crisislens.parse.nlp import parse_all
from crisislens.read.files import ErrorHandler, raise_error
from crisislens.records import Document, Parsed, Record
from crisislens.resolve.batch_places import locate_batch
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.record import build_record
from crisislens.resolve.source_profile import SourceProfiles


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of `size` items (itertools.batched arrives with Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def run(documents: Iterable[Document], *, nlp: Language, gazetteer: Gazetteer,
        on_error: ErrorHandler = raise_error, batch_size: int = 32,
        profiles: SourceProfiles | None = None) -> Iterator[Record]:
    """Records for the documents, lazily and in input order; a document that fails goes to on_error.

    Documents go through in batches: one spaCy pass and one classifier call per batch, since the
    classifier's fixed cost per call is larger than its cost per sentence, and one place resolution per
    batch, so that a source's documents in it teach each other where it reports from (its profile,
    learnt along the way from `profiles` on if one is given; resolve/batch_places.py)."""
    profiles = profiles if profiles is not None else SourceProfiles()
    for batch in batched(parse_all(documents, nlp=nlp, batch_size=batch_size), batch_size):
        yield from build_batch(batch, gazetteer=gazetteer, profiles=profiles, on_error=on_error)


def build_batch(batch: list[Parsed], *, gazetteer: Gazetteer, profiles: SourceProfiles,
                on_error: ErrorHandler) -> Iterator[Record]:
    """The records of one batch. A bug in one document must not cost the others: when the batch-wide
    steps fail, its documents go through again one by one, and only the one that fails is reported."""
    try:
        # locate_batch teaches `profiles` only after every place of the batch is resolved, so a failure
        # here leaves them as they were and the documents can be tried again alone.
        located = locate_batch(batch, gazetteer=gazetteer, profiles=profiles)
        readings = read_batch(batch)
    except Exception as exc:
        if len(batch) == 1:
            report(batch[0], exc, on_error)
            return
        for parsed in batch:
            yield from build_batch([parsed], gazetteer=gazetteer, profiles=profiles, on_error=on_error)
        return
    for parsed, read, places in zip(batch, readings, located, strict=True):
        try:
            yield build_record(parsed, gazetteer=gazetteer, readings=read, located=places)
        except Exception as exc:
            report(parsed, exc, on_error)


def report(parsed: Parsed, exc: Exception, on_error: ErrorHandler) -> None:
    """Bad input is reported as it is; a bug is logged with its traceback and reported as an internal error."""
    source = parsed.document.origin
    on_error(source, exc if isinstance(exc, CrisislensError) else internal_error(source, exc))
