"""Query parameters → EventFilter, shared by /api/events, /api/timeline and /api/export; the page offset."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from crisislens.serve.errors import ApiError
from crisislens.serve.models import MAX_INT
from crisislens.store.queries import EventFilter

Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="How many matches to skip (paging)")]


def _many(values: list[str] | None) -> tuple[str, ...]:
    """Repeated (?code=A&code=B) or comma-separated (?code=A,B) values."""
    return tuple(part.strip() for value in values or () for part in value.split(",") if part.strip())


def _bbox(value: str | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value.split(","))
    except ValueError:
        raise ApiError(422, f"query.bbox: expected west,south,east,north in degrees, got {value!r}") from None
    if not (-90 <= south <= north <= 90 and -180 <= west <= 180 and -180 <= east <= 180):
        raise ApiError(422, f"query.bbox: {value!r} is not a box: need -90 <= south <= north <= 90, |lon| <= 180")
    return west, south, east, north


def event_filter(
    code: Annotated[list[str] | None, Query(description="Event code(s), e.g. ARREST; repeat or use commas")] = None,
    event_type: Annotated[list[str] | None, Query(description="Event type(s), e.g. Protests")] = None,
    country: Annotated[list[str] | None, Query(description="ISO 3166-1 alpha-2 code(s), e.g. KZ")] = None,
    date_from: Annotated[date | None, Query(alias="from", description="First day, inclusive (YYYY-MM-DD)")] = None,
    date_to: Annotated[date | None, Query(alias="to", description="Last day, inclusive (YYYY-MM-DD)")] = None,
    bbox: Annotated[str | None, Query(description="west,south,east,north in degrees", examples=["46,40,88,56"])] = None,
    actor: Annotated[str | None, Query(description="Part of either actor's name, any case")] = None,
    q: Annotated[str | None, Query(description="Words that must all occur in the evidence, place or actors")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    located: Annotated[bool | None, Query(description="Only events with coordinates (true)")] = None,
    document: Annotated[str | None, Query(description="Only this document's events")] = None,
) -> EventFilter:
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, f"query.from: {date_from} is after query.to {date_to}")
    return EventFilter(code=_many(code), event_type=_many(event_type), country=_many(country), date_from=date_from,
                       date_to=date_to, bbox=_bbox(bbox), actor=actor or None, q=q or None,
                       min_confidence=min_confidence, located=located, document_id=document)


Filters = Annotated[EventFilter, Depends(event_filter)]
