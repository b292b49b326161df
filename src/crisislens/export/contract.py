"""A Record as one JSON object of the public output contract (contract/extract.schema.json)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from crisislens.records import Actor, Claim, Event, Location, Place, Quote, Record, Time


def record_to_dict(record: Record, *, include_text: bool = False) -> dict[str, Any]:
    """The contract's object for one document; `text` is added on request, and always for extracted
    text (HTML), since the offsets index that text and not the input file."""
    document = record.document
    out: dict[str, Any] = {
        "id": document.id,
        "title": document.title,
        "published": iso(document.published),
        "source": document.source,
        "language": document.language,
        "credits": list(document.credits),
        "events": [event_to_dict(event) for event in record.events],
        "places": [place_to_dict(place) for place in record.places],
        "times": [time_to_dict(time) for time in record.times],
        "quotes": [quote_to_dict(quote) for quote in record.quotes],
        "entities": [{**entity.mention.as_dict(), "label": entity.label} for entity in record.entities],
        "claims": [claim_to_dict(claim) for claim in record.claims],
    }
    if include_text or document.text_is_extracted:
        out["text"] = document.text
    return out


def iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def event_to_dict(event: Event) -> dict[str, Any]:
    return {
        "code": event.code,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "date": iso(event.date),
        "date_precision": event.date_precision,
        "location": location_to_dict(event.location),
        "actor1": actor_to_dict(event.actor1),
        "actor2": actor_to_dict(event.actor2),
        "fatalities": event.fatalities,
        "fatalities_low": event.fatalities_low,
        "fatalities_high": event.fatalities_high,
        "injured": event.injured,
        "arrested": event.arrested,
        "evidence": event.evidence.as_dict(),
        "confidence": round(event.confidence, 3),
    }


def location_to_dict(location: Location | None) -> dict[str, Any] | None:
    if location is None:
        return None
    return {
        "name": location.name,
        "lat": location.lat,
        "lon": location.lon,
        "country_code": location.country_code,
        "admin1": location.admin1,
        "geonameid": location.geonameid,
        "precision": location.precision,
    }


def actor_to_dict(actor: Actor | None) -> dict[str, Any] | None:
    return None if actor is None else {"name": actor.name, "kind": actor.kind}


def place_to_dict(place: Place) -> dict[str, Any]:
    return {
        **place.mention.as_dict(),
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "geonameid": place.geonameid,
        "feature": place.feature,
        "precision": place.precision,
        "confidence": round(place.confidence, 3),
    }


def time_to_dict(time: Time) -> dict[str, Any]:
    return {**time.mention.as_dict(), "type": time.type, "value": time.value}


def quote_to_dict(quote: Quote) -> dict[str, Any]:
    return {
        **quote.mention.as_dict(),
        "speaker": quote.speaker,
        "speaker_title": quote.speaker_title,
        "direct": quote.direct,
        "hedged": quote.hedged,
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        **claim.mention.as_dict(),
        "speaker": claim.speaker,
        "hedged": claim.hedged,
        "hedge": claim.hedge,
        "negated": claim.negated,
        "event": claim.event,
    }
