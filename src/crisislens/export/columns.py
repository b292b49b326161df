"""Records flattened to rows: one per event (ACLED-like columns) or one per claim."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from crisislens.records import Event, Record

# ACLED's column names where it has one; ours after `confidence`.
EVENT_COLUMNS = (
    "event_id",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "code",
    "confidence",
    "injured",
    "arrested",
    "date_precision",
    "country_code",
    "actor1_kind",
    "actor2_kind",
    "document_id",
)
CLAIM_COLUMNS = (
    "document_id",
    "claim",
    "speaker",
    "hedged",
    "hedge",
    "negated",
    "event",
    "text",
    "status",
    "start",
    "end",
)
CLAIM_STATUS = "claim_status"  # Record.extras key the store fills: each claim's status, in order


@lru_cache(maxsize=512)
def country_name(code: str | None) -> str | None:
    """The short English name for an ISO 3166-1 alpha-2 code ('Syria', not 'Syrian Arab Republic')."""
    if not code:
        return None
    import pycountry  # its database loads on first use; most exports never need it

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def event_id(document_id: str, ordinal: int) -> str:
    return f"{document_id}:{ordinal}"


def event_row(record: Record, ordinal: int, event: Event) -> dict[str, Any]:
    """One event as a flat row; values keep their types (None where unknown)."""
    location, actor1, actor2 = event.location, event.actor1, event.actor2
    document = record.document
    return {
        "event_id": event_id(document.id, ordinal),
        "event_date": event.date.isoformat() if event.date else None,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": actor1.name if actor1 else None,
        "actor2": actor2.name if actor2 else None,
        "country": country_name(location.country_code) if location else None,
        "admin1": location.admin1 if location else None,
        "location": location.name if location else None,
        "latitude": location.lat if location else None,
        "longitude": location.lon if location else None,
        "geo_precision": location.precision if location else None,
        "source": document.source,
        "notes": event.evidence.text,
        "fatalities": event.fatalities,
        "code": event.code,
        "confidence": round(event.confidence, 3),
        "injured": event.injured,
        "arrested": event.arrested,
        "date_precision": event.date_precision,
        "country_code": location.country_code if location else None,
        "actor1_kind": actor1.kind if actor1 else None,
        "actor2_kind": actor2.kind if actor2 else None,
        "document_id": document.id,
    }


def event_rows(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    for record in records:
        for ordinal, event in enumerate(record.events):
            yield event_row(record, ordinal, event)


def claim_rows(records: Iterable[Record]) -> Iterator[dict[str, Any]]:
    """One row per claim; `status` only where the Record came from the store (else None)."""
    for record in records:
        statuses = record.extras.get(CLAIM_STATUS) or ()
        for ordinal, claim in enumerate(record.claims):
            yield {
                "document_id": record.document.id,
                "claim": ordinal,
                "speaker": claim.speaker,
                "hedged": claim.hedged,
                "hedge": claim.hedge,
                "negated": claim.negated,
                "event": claim.event,
                "text": claim.mention.text,
                "status": statuses[ordinal] if ordinal < len(statuses) else None,
                "start": claim.mention.start,
                "end": claim.mention.end,
            }
