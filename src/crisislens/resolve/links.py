"""Link each claim to the event it is about: the event whose evidence shares the most text with it.

Event evidence is the sentence (or sentences) an event was read from, and a claim is a sentence or
clause, so overlap is the test; claims whose text no event's evidence touches stay unlinked (None)
rather than being pinned to the document's main event. Ties go to the earlier, more salient event.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from crisislens.records import Claim, Event, Span


def link_claims(claims: Sequence[Claim], events: Sequence[Event]) -> list[Claim]:
    """The claims with `event` set to an index into `events`, or None where none overlaps: the event whose
    evidence shares the most characters with the claim, the earlier in `events` on a tie."""
    by_start = sorted(range(len(events)), key=lambda index: events[index].evidence.start)
    starts = [events[index].evidence.start for index in by_start]
    longest = max((event.evidence.end - event.evidence.start for event in events), default=0)
    return [replace(claim, event=_best_event(claim.mention, events, by_start, starts, longest)) for claim in claims]


def _best_event(mention: Span, events: Sequence[Event], by_start: list[int], starts: list[int],
                longest: int) -> int | None:
    # Only evidence starting less than the longest evidence before the claim can reach it: bisection keeps
    # this linear on long documents, where thousands of claims meet thousands of events.
    first, last = bisect_left(starts, mention.start - longest), bisect_left(starts, mention.end)
    shared = [(overlap(mention, events[index].evidence), -index) for index in by_start[first:last]]
    best = max((pair for pair in shared if pair[0] > 0), default=None)
    return -best[1] if best else None


def overlap(a: Span, b: Span) -> int:
    """Characters two spans of the same text share (0 when they are disjoint)."""
    return max(0, min(a.end, b.end) - max(a.start, b.start))
