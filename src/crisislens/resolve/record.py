"""Mentions → Record: places geocoded, events dated and located, claims linked to their events."""

from __future__ import annotations

from dataclasses import replace

from crisislens.extract.claims import find_claims
from crisislens.extract.entities import find_entities
from crisislens.extract.events import Reading, find_events, rank_by_salience
from crisislens.extract.places import find_places
from crisislens.extract.quotes import find_quotes
from crisislens.extract.times import find_times
from crisislens.records import Event, Parsed, Place, PlaceMention, Record, Time
from crisislens.resolve.dates import event_date
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.geocode import Sites, locate, resolve_places
from crisislens.resolve.links import link_claims
from crisislens.resolve.published import localise_published


def build_record(parsed: Parsed, *, gazetteer: Gazetteer, readings: list[Reading] | None = None,
                 located: tuple[list[PlaceMention], list[Place]] | None = None) -> Record:
    """Everything one parsed document says, each fact tied to its span of text. The pipeline passes
    what it did for a batch of documents at once: `readings`, the sentences classified, and `located`,
    the place mentions and their places resolved with the batch's source profiles."""
    if located is None:
        mentions = find_places(parsed, gazetteer=gazetteer)
        located = mentions, resolve_places(mentions, parsed=parsed, gazetteer=gazetteer)
    mentions, places = located
    document = localise_published(parsed.document, places)
    parsed = replace(parsed, document=document)
    times = find_times(parsed)
    # "Russian forces shelled …" names who acted, not where: a demonym's country places an event only
    # when the document names no place at all.
    named = [place for place, mention in zip(places, mentions, strict=True) if mention.kind != "demonym"]
    sites = Sites(named if any(place.lat is not None for place in named) else places)
    events = rank_by_salience([situate(event, places=sites, times=times, parsed=parsed)
                               for event in find_events(parsed, readings=readings)], title=document.title)
    quotes = find_quotes(parsed)
    claims = link_claims(find_claims(parsed, quotes), events)
    return Record(document=document, entities=tuple(find_entities(parsed)), places=tuple(places),
                  times=tuple(times), events=tuple(events), quotes=tuple(quotes), claims=tuple(claims))


def situate(event: Event, *, places: Sites, times: list[Time], parsed: Parsed) -> Event:
    """Date and place an event from its evidence sentence and the document around it."""
    day, precision = event_date(event.evidence, times, document=parsed.document)
    location = locate(event.evidence, places, document=parsed.document)
    return replace(event, date=day, date_precision=precision, location=location)
