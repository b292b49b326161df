"""Events: filtered pages, one event with its evidence, events per day, and what the store holds."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query

from crisislens.serve import views
from crisislens.serve.deps import Reader, SettingsDep, StoreDep
from crisislens.serve.errors import ApiError
from crisislens.serve.models import DayCount, EventDetail, EventPage, Info
from crisislens.serve.routes.filters import Filters, Offset
from crisislens.store import queries
from crisislens.store.access import STATUSES

router = APIRouter(tags=["events"])
SORT_HELP = f"One of {', '.join(sorted(queries.SORTS))}; '-' first for descending. Undated or unknown last."


ORDINAL = re.compile(r"[0-9]{1,9}")  # ASCII digits only, and below MAX_INT (PostgreSQL integer)


def parse_id(value: str, *, kind: str) -> tuple[str, int]:
    """'<document id>:<number>' → its parts; 404 when it is not one, as no such event or claim can exist."""
    document_id, _, ordinal = value.rpartition(":")
    if not document_id or not ORDINAL.fullmatch(ordinal):
        raise ApiError(404, f"no {kind} {value!r}: ids look like '<document id>:<number>', e.g. 'doc-1:0'")
    return document_id, int(ordinal)


@router.get("/events", response_model=EventPage)
def list_events(
    store: StoreDep,
    _user: Reader,
    filters: Filters,
    sort: Annotated[str, Query(description=SORT_HELP)] = "-date",
    limit: Annotated[int, Query(ge=1, le=5000)] = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Events matching every filter given, one page at a time, with the total that match."""
    try:
        page = queries.event_page(store, filters, sort=sort, limit=limit, offset=offset)
    except ValueError as exc:
        raise ApiError(422, f"query.sort: {exc}") from None
    return {"total": page.total, "limit": limit, "offset": offset, "sort": sort, "items": page.items}


@router.get("/events/{event_id:path}", response_model=EventDetail)
def get_event(event_id: str, store: StoreDep, _user: Reader) -> dict[str, Any]:
    """One event with its evidence sentence, source document, actors, counts, places and claims."""
    document_id, ordinal = parse_id(event_id, kind="event")
    summary = queries.event(store, document_id, ordinal)
    if summary is None:
        raise ApiError(404, f"no event {event_id!r}")
    [record] = store.records(ids=[document_id])
    return views.event_detail(summary, record, queries.claims_of(store, document_id))


@router.get("/timeline", response_model=list[DayCount])
def timeline(store: StoreDep, _user: Reader, filters: Filters) -> list[dict[str, Any]]:
    """How many matching dated events fall on each day, oldest first (the page's timeline)."""
    return queries.events_per_day(store, filters)


@router.get("/info", response_model=Info)
def info(store: StoreDep, settings: SettingsDep, _user: Reader) -> dict[str, Any]:
    """What the store holds and the choices for the filters; whether the page's libraries are installed."""
    return {**queries.counts(store), "public_reads": settings.public_reads,
            "vendor": (settings.vendor_dir / "leaflet" / "dist" / "leaflet.js").is_file(),
            "facets": queries.facets(store), "statuses": list(STATUSES)}
