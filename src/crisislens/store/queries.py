"""Read queries for the API: events filtered, sorted and paged in SQL, claims by status, events per day.

    page = event_page(store, EventFilter(country=("KZ",), date_from=date(2022, 1, 1)), sort="-date", limit=50)
    page.total, page.items        # items are plain dicts; an event's id is '<document id>:<ordinal>'

Every filter is a WHERE clause on the events table, so a page of 100 out of 100,000 events costs one indexed
query and one count (bench/api.py measures it). Rows never leave this module: callers get dicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Index, func, or_, select
from sqlalchemy.orm import Session

from crisislens.store.access import latest_notes
from crisislens.store.repo import Store
from crisislens.store.tables import ClaimRow, DocumentRow, EventRow

# Indexes the filters and the default sort use; migrations/versions/0002_access.py creates them.
EVENT_INDEXES = (
    Index("ix_events_date_id", EventRow.date, EventRow.document_id, EventRow.ordinal),
    Index("ix_events_lat_lon", EventRow.lat, EventRow.lon),
    Index("ix_events_event_type", EventRow.event_type),
    Index("ix_events_confidence", EventRow.confidence),
    Index("ix_claims_status", ClaimRow.status),
)
SORTS = {
    "date": (EventRow.date,),
    "confidence": (EventRow.confidence,),
    "fatalities": (EventRow.fatalities,),
    "country": (EventRow.country_code,),
    "code": (EventRow.code,),
    "id": (),
}


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What an analyst narrows the events to; every field left empty matches everything."""

    code: tuple[str, ...] = ()
    event_type: tuple[str, ...] = ()
    country: tuple[str, ...] = ()  # ISO 3166-1 alpha-2
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north; west > east crosses 180°
    actor: str | None = None  # part of either actor's name, any case
    q: str | None = None  # every word in the evidence, the place or an actor's name, any case
    min_confidence: float | None = None
    located: bool | None = None  # True: only events with coordinates; False: only those without
    document_id: str | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        where: list[ColumnElement[bool]] = []
        for column, values in ((EventRow.code, self.code), (EventRow.event_type, self.event_type),
                               (EventRow.country_code, tuple(c.upper() for c in self.country))):
            if values:
                where.append(column.in_(values))
        if self.date_from is not None:
            where.append(EventRow.date >= self.date_from)
        if self.date_to is not None:
            where.append(EventRow.date <= self.date_to)
        if self.bbox is not None:
            where.extend(_in_bbox(*self.bbox))
        if self.actor:
            where.append(_contains((EventRow.actor1_name, EventRow.actor2_name), self.actor))
        for word in (self.q or "").split():
            where.append(_contains((EventRow.evidence_text, EventRow.location_name, EventRow.actor1_name,
                                    EventRow.actor2_name), word))
        if self.min_confidence is not None:
            where.append(EventRow.confidence >= self.min_confidence)
        if self.located is not None:
            where.append(EventRow.lat.is_not(None) if self.located else EventRow.lat.is_(None))
        if self.document_id is not None:
            where.append(EventRow.document_id == self.document_id)
        return where


@dataclass(frozen=True, slots=True)
class Page:
    total: int
    items: list[dict[str, Any]]


def _in_bbox(west: float, south: float, east: float, north: float) -> list[ColumnElement[bool]]:
    lon = EventRow.lon.between(west, east) if west <= east else or_(EventRow.lon >= west, EventRow.lon <= east)
    return [EventRow.lat.between(south, north), lon]


def _contains(columns: tuple[Any, ...], needle: str) -> ColumnElement[bool]:
    needle = needle.lower()
    return or_(*(func.lower(column).contains(needle, autoescape=True) for column in columns))


def _order(sort: str) -> list[Any]:
    """'-date' is newest first; events without the sort value come last either way, then by id."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; choose one of {', '.join(sorted(SORTS))}, '-' first to reverse")
    keys = [*SORTS[name], EventRow.document_id, EventRow.ordinal]
    return [key.desc().nulls_last() if descending else key.asc().nulls_last() for key in keys]


def event_id(document_id: str, ordinal: int) -> str:
    return f"{document_id}:{ordinal}"


def split_id(value: str) -> tuple[str, int] | None:
    """'<document id>:<ordinal>' → (document id, ordinal); None when it is not one. Ids may hold ':'."""
    document_id, _, ordinal = value.rpartition(":")
    return (document_id, int(ordinal)) if document_id and ordinal.isdigit() else None


def event_summary(row: EventRow, *, title: str | None = None, source: str | None = None) -> dict[str, Any]:
    """An event as the list and the map show it."""
    location = None
    if row.location_name is not None:
        location = {"name": row.location_name, "lat": row.lat, "lon": row.lon, "country_code": row.country_code,
                    "admin1": row.admin1, "geonameid": row.geonameid, "precision": row.geo_precision}
    return {
        "id": event_id(row.document_id, row.ordinal),
        "document_id": row.document_id,
        "ordinal": row.ordinal,
        "code": row.code,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "date": row.date.isoformat() if row.date else None,
        "date_precision": row.date_precision,
        "location": location,
        "actor1": {"name": row.actor1_name, "kind": row.actor1_kind} if row.actor1_name is not None else None,
        "actor2": {"name": row.actor2_name, "kind": row.actor2_kind} if row.actor2_name is not None else None,
        "fatalities": row.fatalities,
        "fatalities_low": row.fatalities_low,
        "fatalities_high": row.fatalities_high,
        "injured": row.injured,
        "arrested": row.arrested,
        "confidence": row.confidence,
        "evidence": {"text": row.evidence_text, "start": row.evidence_start, "end": row.evidence_end},
        "document_title": title,
        "source": source,
    }


def event_page(store: Store, filters: EventFilter, *, sort: str = "-date", limit: int = 100,
               offset: int = 0) -> Page:
    """One page of matching events, with how many match in all."""
    where = filters.conditions()
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(EventRow).where(*where)) or 0
        query = (select(EventRow, DocumentRow.title, DocumentRow.source)
                 .join(DocumentRow, DocumentRow.id == EventRow.document_id)
                 .where(*where).order_by(*_order(sort)).offset(offset).limit(limit))
        items = [event_summary(row, title=title, source=source) for row, title, source in session.execute(query)]
    return Page(total, items)


def matching_events(store: Store, filters: EventFilter) -> dict[str, set[int]]:
    """The ordinals of every matching event, by document id."""
    found: dict[str, set[int]] = {}
    with Session(store.engine) as session:
        for document_id, ordinal in session.execute(
            select(EventRow.document_id, EventRow.ordinal).where(*filters.conditions())
        ):
            found.setdefault(document_id, set()).add(ordinal)
    return found


def events_per_day(store: Store, filters: EventFilter) -> list[dict[str, Any]]:
    """How many matching dated events fall on each day, oldest first: the timeline."""
    query = (select(EventRow.date, func.count()).where(EventRow.date.is_not(None), *filters.conditions())
             .group_by(EventRow.date).order_by(EventRow.date))
    with Session(store.engine) as session:
        return [{"date": day.isoformat(), "count": count} for day, count in session.execute(query)]


def claim_page(store: Store, *, status: str | None = None, document_id: str | None = None, limit: int = 100,
               offset: int = 0) -> Page:
    """Claims, newest documents first, optionally of one status or one document."""
    where: list[ColumnElement[bool]] = []
    if status is not None:
        where.append(ClaimRow.status == status)
    if document_id is not None:
        where.append(ClaimRow.document_id == document_id)
    with Session(store.engine) as session:
        total = session.scalar(select(func.count()).select_from(ClaimRow).where(*where)) or 0
        query = (select(ClaimRow, DocumentRow.title).join(DocumentRow, DocumentRow.id == ClaimRow.document_id)
                 .where(*where)
                 .order_by(DocumentRow.published_utc.desc().nulls_last(), ClaimRow.document_id, ClaimRow.ordinal)
                 .offset(offset).limit(limit))
        items = [{**claim_dict(row), "document_title": title} for row, title in session.execute(query)]
    return Page(total, items)


def claim_dict(row: ClaimRow) -> dict[str, Any]:
    return {
        "id": event_id(row.document_id, row.ordinal),
        "document_id": row.document_id,
        "ordinal": row.ordinal,
        "text": row.text,
        "start": row.start,
        "end": row.end,
        "speaker": row.speaker,
        "hedged": row.hedged,
        "hedge": row.hedge,
        "negated": row.negated,
        "event_id": event_id(row.document_id, row.event) if row.event is not None else None,
        "status": row.status,
    }


def claim(store: Store, document_id: str, ordinal: int) -> dict[str, Any] | None:
    """One claim with the latest verification note on it, or None."""
    with Session(store.engine) as session:
        row = session.get(ClaimRow, (document_id, ordinal))
        return claim_with_note(row, latest_notes(session, document_id)) if row is not None else None


def claims_of(store: Store, document_id: str) -> list[dict[str, Any]]:
    """Every claim of one document, in order, each with its latest note."""
    with Session(store.engine) as session:
        notes = latest_notes(session, document_id)
        rows = session.scalars(select(ClaimRow).where(ClaimRow.document_id == document_id)
                               .order_by(ClaimRow.ordinal))
        return [claim_with_note(row, notes) for row in rows]


def claim_with_note(row: ClaimRow, notes: dict[int, dict[str, Any]]) -> dict[str, Any]:
    entry = notes.get(row.ordinal)
    if entry is not None and entry["claim_text"] != row.text:  # re-extraction renumbered the claims
        entry = None
    return {**claim_dict(row), "note": entry["note"] if entry else None,
            "changed_by": entry["user"] if entry else None, "changed_at": entry["at"] if entry else None}


def event(store: Store, document_id: str, ordinal: int) -> dict[str, Any] | None:
    """One event as event_page lists it, or None."""
    query = (select(EventRow, DocumentRow.title, DocumentRow.source)
             .join(DocumentRow, DocumentRow.id == EventRow.document_id)
             .where(EventRow.document_id == document_id, EventRow.ordinal == ordinal))
    with Session(store.engine) as session:
        found = session.execute(query).first()
        return event_summary(found[0], title=found[1], source=found[2]) if found else None


def facets(store: Store) -> dict[str, list[str]]:
    """The distinct codes, event types and countries stored: choices for the page's filters."""
    with Session(store.engine) as session:
        return {
            name: [value for (value,) in session.execute(select(column).where(column.is_not(None))
                                                         .distinct().order_by(column))]
            for name, column in (("code", EventRow.code), ("event_type", EventRow.event_type),
                                 ("country", EventRow.country_code))
        }


def counts(store: Store) -> dict[str, int]:
    with Session(store.engine) as session:
        events, located = session.execute(
            select(func.count(), func.count(EventRow.lat)).select_from(EventRow)).one()
        documents = session.scalar(select(func.count()).select_from(DocumentRow)) or 0
        return {"documents": documents, "events": events, "located_events": located}


