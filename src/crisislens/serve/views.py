"""Records (as the store gives them back) → the plain dicts the API answers with."""

from __future__ import annotations

from typing import Any

from crisislens.records import Document, Place, Record, Span
from crisislens.store.queries import event_id


def document_summary(document: Document) -> dict[str, Any]:
    published = document.published.isoformat() if document.published is not None else None
    return {"id": document.id, "title": document.title, "published": published, "source": document.source,
            "origin": document.origin, "language": document.language}


def place_dict(place: Place) -> dict[str, Any]:
    return {**place.mention.as_dict(), "name": place.name, "lat": place.lat, "lon": place.lon,
            "country_code": place.country_code, "precision": place.precision}


def places_within(record: Record, span: Span) -> list[dict[str, Any]]:
    return [place_dict(p) for p in record.places if span.start <= p.mention.start and p.mention.end <= span.end]


def mentions(record: Record, claims: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Every marked stretch of the text, by kind, each with its offsets."""
    doc_id = record.document.id
    return {
        "entities": [{**e.mention.as_dict(), "label": e.label} for e in record.entities],
        "places": [place_dict(p) for p in record.places],
        "times": [{**t.mention.as_dict(), "type": t.type, "value": t.value} for t in record.times],
        "events": [{**e.evidence.as_dict(), "id": event_id(doc_id, i), "code": e.code, "event_type": e.event_type,
                    "date": e.date.isoformat() if e.date else None} for i, e in enumerate(record.events)],
        "quotes": [{**q.mention.as_dict(), "speaker": q.speaker, "speaker_title": q.speaker_title,
                    "direct": q.direct, "hedged": q.hedged} for q in record.quotes],
        "claims": claims,
    }


def document_public(record: Record, claims: list[dict[str, Any]]) -> dict[str, Any]:
    document = record.document
    return {
        **document_summary(document),
        "text": document.text,
        "credits": list(document.credits),
        "body": document.body.as_dict() if document.body else None,
        "text_is_extracted": document.text_is_extracted,
        "mentions": mentions(record, claims),
    }


def event_detail(summary: dict[str, Any], record: Record, claims: list[dict[str, Any]]) -> dict[str, Any]:
    event = record.events[summary["ordinal"]]
    return {
        **summary,
        "documents": [document_summary(record.document)],
        "actors": [actor for actor in (summary["actor1"], summary["actor2"]) if actor],
        "counts": {key: summary[key] for key in ("fatalities", "fatalities_low", "fatalities_high", "injured",
                                                 "arrested")},
        "places": places_within(record, event.evidence),
        "claims": [claim for claim in claims if claim["event_id"] == summary["id"]],
    }
