"""Records to row values and rows back to Records: the only place that knows both shapes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from crisislens.records import (
    Actor,
    Claim,
    Document,
    Entity,
    Event,
    Location,
    Place,
    Quote,
    Record,
    Span,
    Time,
    text_hash,
)
from crisislens.store.tables import (
    ClaimRow,
    DocumentRow,
    EntityRow,
    EventRow,
    PlaceRow,
    QuoteRow,
    TimeRow,
)

Values = dict[str, Any]
CLAIM_STATUS = "claim_status"  # Record.extras key: the claims' verification statuses, aligned with claims


def utc(value: date | datetime | None) -> datetime | None:
    """Naive UTC for the filter column: a date is its midnight, a naive datetime is taken as UTC."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value if value.tzinfo is None else value.astimezone(UTC).replace(tzinfo=None)


def parse_published(value: str | None) -> date | datetime | None:
    """Undo isoformat(): a datetime's form always has a 'T', a date's never does."""
    if value is None:
        return None
    return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)


def document_values(document: Document, *, extracted_at: datetime) -> Values:
    """Every column of documents except `id`, which the caller decides (an earlier copy may keep its own)."""
    return {
        "text": document.text,
        "text_hash": text_hash(document.text),
        "origin": document.origin,
        "title": document.title,
        "published": document.published.isoformat() if document.published is not None else None,
        "published_utc": utc(document.published),
        "source": document.source,
        "language": document.language,
        "credits": list(document.credits),
        "body_start": document.body.start if document.body else None,
        "body_end": document.body.end if document.body else None,
        "text_is_extracted": document.text_is_extracted,
        "extracted_at": extracted_at,
    }


def _span(span: Span) -> Values:
    return {"start": span.start, "end": span.end, "text": span.text}


def _entity(item: Entity) -> Values:
    return {**_span(item.mention), "label": item.label}


def _place(item: Place) -> Values:
    return {
        **_span(item.mention),
        "name": item.name,
        "lat": item.lat,
        "lon": item.lon,
        "country_code": item.country_code,
        "admin1": item.admin1,
        "geonameid": item.geonameid,
        "feature": item.feature,
        "precision": item.precision,
        "confidence": item.confidence,
        "within": item.within,
    }


def _time(item: Time) -> Values:
    return {**_span(item.mention), "type": item.type, "value": item.value}


def _event(item: Event) -> Values:
    location, actor1, actor2 = item.location, item.actor1, item.actor2
    return {
        "code": item.code,
        "event_type": item.event_type,
        "sub_event_type": item.sub_event_type,
        "evidence_start": item.evidence.start,
        "evidence_end": item.evidence.end,
        "evidence_text": item.evidence.text,
        "confidence": item.confidence,
        "date": item.date,
        "date_precision": item.date_precision,
        "location_name": location.name if location else None,
        "lat": location.lat if location else None,
        "lon": location.lon if location else None,
        "country_code": location.country_code if location else None,
        "admin1": location.admin1 if location else None,
        "geonameid": location.geonameid if location else None,
        "geo_precision": location.precision if location else None,
        "actor1_name": actor1.name if actor1 else None,
        "actor1_kind": actor1.kind if actor1 else None,
        "actor2_name": actor2.name if actor2 else None,
        "actor2_kind": actor2.kind if actor2 else None,
        "fatalities": item.fatalities,
        "fatalities_low": item.fatalities_low,
        "fatalities_high": item.fatalities_high,
        "injured": item.injured,
        "arrested": item.arrested,
    }


def _quote(item: Quote) -> Values:
    return {
        **_span(item.mention),
        "speaker": item.speaker,
        "speaker_title": item.speaker_title,
        "direct": item.direct,
        "hedged": item.hedged,
    }


def _claim(item: Claim) -> Values:
    return {
        **_span(item.mention),
        "speaker": item.speaker,
        "hedged": item.hedged,
        "hedge": item.hedge,
        "negated": item.negated,
        "event": item.event,
    }


def child_values(record: Record, document_id: str) -> dict[type, list[Values]]:
    """Rows for each child table, keyed by their position in the Record's tuples."""
    parts = (
        (EntityRow, _entity, record.entities),
        (PlaceRow, _place, record.places),
        (TimeRow, _time, record.times),
        (EventRow, _event, record.events),
        (QuoteRow, _quote, record.quotes),
        (ClaimRow, _claim, record.claims),
    )
    return {
        table: [{"document_id": document_id, "ordinal": i, **values(item)} for i, item in enumerate(items)]
        for table, values, items in parts
    }


def _mention(row: EntityRow | PlaceRow | TimeRow | QuoteRow | ClaimRow) -> Span:
    return Span(row.text, row.start, row.end)


def _event_from(row: EventRow) -> Event:
    location = None
    if row.location_name is not None:
        location = Location(
            name=row.location_name,
            lat=row.lat,
            lon=row.lon,
            country_code=row.country_code,
            admin1=row.admin1,
            geonameid=row.geonameid,
            precision=row.geo_precision,
        )
    return Event(
        code=row.code,
        event_type=row.event_type,
        sub_event_type=row.sub_event_type,
        evidence=Span(row.evidence_text, row.evidence_start, row.evidence_end),
        confidence=row.confidence,
        date=row.date,
        date_precision=row.date_precision,
        location=location,
        actor1=Actor(row.actor1_name, row.actor1_kind) if row.actor1_name is not None else None,
        actor2=Actor(row.actor2_name, row.actor2_kind) if row.actor2_name is not None else None,
        fatalities=row.fatalities,
        fatalities_low=row.fatalities_low,
        fatalities_high=row.fatalities_high,
        injured=row.injured,
        arrested=row.arrested,
    )


def _place_from(row: PlaceRow) -> Place:
    return Place(
        mention=_mention(row),
        name=row.name,
        lat=row.lat,
        lon=row.lon,
        country_code=row.country_code,
        admin1=row.admin1,
        geonameid=row.geonameid,
        feature=row.feature,
        precision=row.precision,
        confidence=row.confidence,
        within=row.within,
    )


def _document_from(row: DocumentRow) -> Document:
    body = None
    if row.body_start is not None and row.body_end is not None:
        body = Span.of(row.text, row.body_start, row.body_end)
    return Document(
        id=row.id,
        text=row.text,
        origin=row.origin,
        title=row.title,
        published=parse_published(row.published),
        source=row.source,
        language=row.language,
        credits=tuple(row.credits),
        body=body,
        text_is_extracted=row.text_is_extracted,
    )


def record_from(row: DocumentRow) -> Record:
    """The Record as saved; extras carries only the claims' statuses, under CLAIM_STATUS."""
    return Record(
        document=_document_from(row),
        entities=tuple(Entity(_mention(e), e.label) for e in row.entities),
        places=tuple(_place_from(p) for p in row.places),
        times=tuple(Time(_mention(t), t.type, t.value) for t in row.times),
        events=tuple(_event_from(e) for e in row.events),
        quotes=tuple(
            Quote(_mention(q), q.speaker, q.speaker_title, direct=q.direct, hedged=q.hedged) for q in row.quotes
        ),
        claims=tuple(
            Claim(_mention(c), c.speaker, hedged=c.hedged, hedge=c.hedge, negated=c.negated, event=c.event)
            for c in row.claims
        ),
        extras={CLAIM_STATUS: tuple(c.status for c in row.claims)},
    )
