"""Link each claim to the event it is about: the event whose evidence shares the most text with it.

Event evidence is the sentence (or sentences) an event was read from, and a claim is a sentence or
clause, so overlap is the test; claims whose text no event's evidence touches stay unlinked (None)
rather than being pinned to the document's main event. Ties go to the earlier, more salient event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from crisislens.records import Claim, Event, Span


def link_claims(claims: Sequence[Claim], events: Sequence[Event]) -> list[Claim]:
    """The claims with `event` set to an index into `events`, or None where none overlaps."""
    return [replace(claim, event=_best_event(claim.mention, events)) for claim in claims]


def _best_event(mention: Span, events: Sequence[Event]) -> int | None:
    best, best_overlap = None, 0
    for index, event in enumerate(events):
        shared = overlap(mention, event.evidence)
        if shared > best_overlap:
            best, best_overlap = index, shared
    return best


def overlap(a: Span, b: Span) -> int:
    """Characters two spans of the same text share (0 when they are disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))
