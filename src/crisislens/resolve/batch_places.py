"""Find and resolve the places of a batch of documents together, so a source's documents teach each other.

A source's profile (resolve.source_profile) learnt only from earlier documents is no help to its first
ones: the first story of a Decatur, Georgia paper would take "Decatur" for the bigger Decatur in
Illinois. So a batch is read twice. The first reading, with what earlier batches taught, teaches a
scratch copy of the profiles what the whole batch says about each source; the second resolves every
document with that copy. Only the second reading teaches the profiles kept for later batches.
"""

from __future__ import annotations

from collections.abc import Sequence

from crisislens.extract.places import find_places
from crisislens.records import Parsed, Place, PlaceMention
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.geocode import resolve_places
from crisislens.resolve.source_profile import SourceProfiles

Located = tuple[list[PlaceMention], list[Place]]


def locate_batch(batch: Sequence[Parsed], *, gazetteer: Gazetteer,
                 profiles: SourceProfiles) -> list[Located]:
    """Each document's place mentions and places, in batch order; `profiles` learns from the batch."""
    mentions = [find_places(parsed, gazetteer=gazetteer) for parsed in batch]
    # Never what the batch's own documents taught before (a rerun, or a batch a killed run left half
    # stored): the batch must read as it did the first time.
    earlier = profiles.without(parsed.document.text for parsed in batch)
    places = _read(batch, mentions, gazetteer, earlier)
    if any(parsed.document.source for parsed in batch):
        scratch = earlier
        for parsed, found in zip(batch, places, strict=True):
            scratch.learn(parsed.document.source, found, text=parsed.document.text)
        places = _read(batch, mentions, gazetteer, scratch)
    for parsed, found in zip(batch, places, strict=True):
        profiles.learn(parsed.document.source, found, text=parsed.document.text)
    return list(zip(mentions, places, strict=True))


def _read(batch: Sequence[Parsed], mentions: list[list[PlaceMention]], gazetteer: Gazetteer,
          profiles: SourceProfiles) -> list[list[Place]]:
    return [resolve_places(found, parsed=parsed, gazetteer=gazetteer, home=profiles.home(parsed.document.source))
            for parsed, found in zip(batch, mentions, strict=True)]
