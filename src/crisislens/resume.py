"""Reruns redo only what is missing: a document stored with the same text by the current pipeline is skipped.

`crisislens extract` on a batch that a killed run left half done must finish it, not start again, and
must end with the store a clean run would have made. Places resolve batch by batch (a source's
documents in one batch teach each other, resolve/batch_places.py), so the unit of skipping is the
pipeline's batch: a batch all of whose documents are current is skipped, and a batch with any
document missing is read again whole, as the clean run read it. `--force` redoes everything.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from crisislens.pipeline import batched
from crisislens.records import Document, Record, text_hash


@dataclass
class Resume:
    """Filters a run's documents against the store; remembers the ids it skipped, to hand their records on."""

    store: Any
    batch_size: int
    force: bool = False
    skipped: list[str] = field(default_factory=list)

    def fresh(self, documents: Iterable[Document]) -> Iterator[Document]:
        """The documents to extract, in input order and in the pipeline's batches."""
        for batch in batched(documents, self.batch_size):
            if not self.force and self._all_current(batch):
                self.skipped.extend(document.id for document in batch)
            else:
                yield from batch

    def stored_records(self) -> Iterator[Record]:
        """What the store holds for the skipped documents, so a rerun's output is as complete as the first."""
        for ids in batched(self.skipped, 100):
            yield from self.store.records(ids=ids)

    def _all_current(self, batch: list[Document]) -> bool:
        hashes = {text_hash(document.text) for document in batch}
        return self.store.current(hashes) >= hashes
