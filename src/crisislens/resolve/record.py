"""Mentions → Record: places geocoded, events dated and located, claims linked to their events."""

from __future__ import annotations

from dataclasses import replace

from crisislens.extract.claims import find_claims
from crisislens.extract.entities import find_entities
from crisislens.extract.events import Reading, find_events, rank_by_salience
from crisislens.extract.places import find_places
from crisislens.extract.quotes import find_quotes
from crisislens.extract.times import find_times
from crisislens.records import Event, Parsed, Place, Record, Time
from crisislens.resolve.dates import event_date
from crisislens.resolve.gazetteer import Gazetteer
from crisislens.resolve.geocode import locate, resolve_places
from crisislens.resolve.links import link_claims
from crisislens.resolve.published import localise_published
from crisislens.resolve.source_profile import SourceProfiles


def build_record(parsed: Parsed, *, gazetteer: Gazetteer, readings: list[Reading] | None = None,
                 profiles: SourceProfiles | None = None) -> Record:
    """Everything one parsed document says, each fact tied to its span of text (`readings`: its
    sentences already classified, as the pipeline does for a batch of documents at once). With
    `profiles`, places resolve toward where the source usually reports from, and teach it in turn."""
    mentions = find_places(parsed, gazetteer=gazetteer)
    source = parsed.document.source
    home = profiles.home(source) if profiles is not None else None
    places = resolve_places(mentions, parsed=parsed, gazetteer=gazetteer, home=home)
    if profiles is not None:
        profiles.learn(source, places)
    document = localise_published(parsed.document, places)
    parsed = replace(parsed, document=document)
    times = find_times(parsed)
    # "Russian forces shelled …" names who acted, not where: a demonym's country places an event only
    # when the document names no place at all.
    named = [place for place, mention in zip(places, mentions, strict=True) if mention.kind != "demonym"]
    sites = named if any(place.lat is not None for place in named) else places
    events = rank_by_salience([situate(event, places=sites, times=times, parsed=parsed)
                               for event in find_events(parsed, readings=readings)], title=document.title)
    quotes = find_quotes(parsed)
    claims = link_claims(find_claims(parsed, quotes), events)
    return Record(document=document, entities=tuple(find_entities(parsed)), places=tuple(places),
                  times=tuple(times), events=tuple(events), quotes=tuple(quotes), claims=tuple(claims))


def situate(event: Event, *, places: list[Place], times: list[Time], parsed: Parsed) -> Event:
    """Date and place an event from its evidence sentence and the document around it."""
    day, precision = event_date(event.evidence, times, document=parsed.document)
    location = locate(event.evidence, places, document=parsed.document)
    return replace(event, date=day, date_precision=precision, location=location)
