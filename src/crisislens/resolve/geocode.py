"""Resolve place mentions to gazetteer places, and locate an event by its evidence sentence.

resolve_places groups a document's mentions by name (one sense per document), scores each name's
candidates against the rest of the document (geo_scoring), and returns one Place per mention. An
unknown name keeps null coordinates, except a sub-city name or facility tied to a city the text names,
which falls back to that city with precision "city". locate() picks the most specific place an
event's evidence supports.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from crisislens.records import Document, Location, Parsed, Place, PlaceMention, Span
from crisislens.resolve.gazetteer import ABBREVIATION, ALTERNATE, DEMONYM, Candidate, Gazetteer, name_key
from crisislens.resolve.geo_scoring import OUTSIDE_TEXT, Group, choose, distance_km
from crisislens.resolve.source_profile import Home, domain_home, domain_towns

PRECISION = {"A.PCLI": "country", "L.CONT": "country", "A.ADM1": "admin", "A.ADM2": "admin", "L.RGN": "admin",
             "H.OCN": "country", "H.SEA": "country", "H.GULF": "country", "H.LK": "admin"}
PRECISION_RANK = {"exact": 0, "city": 1, "admin": 2, "country": 3}
GENERIC_SUFFIXES = ("region", "province", "oblast", "governorate", "district", "state", "prefecture")
SUB_CITY_HINTS = {"district", "neighborhood", "neighbourhood", "square", "street", "quarter"}
COUNTRY_WORDS = ("the country", "nationwide", "all regions", "across the nation")
# A place after a locative word is where something happened ("killed in Algiers", "near Goma"); one
# elsewhere in the sentence may be who spoke or acted ("Damascus said", "recalled its envoy from Paris").
LOCATIVE_BEFORE = re.compile(r"\b(?:in|near|at|outside|inside|around|across|into|entered|outskirts of|city of|"
                             r"town of|village of|district of|region of|province of)\s+(?:the\s+)?$", re.I)
TOWN_INSIDE = re.compile(r"^(?:(.+?)['’]s\s.+|(?:Old|Greater|Downtown|Central)\s+(.+)|(.+?)\s+(?:county|district|"
                         r"municipality|township|suburbs?))$", re.I)
PART_OF = re.compile(r"^(?:(?:North|South)(?:[- ]?(?:east|west))?|East|West|Central|(?:North|South)?(?:ern)|Eastern|"
                     r"Western|Upper|Lower|Upstate|Downstate)\s+(\S.*)$")
OWNER_KM = 50    # how far a place may lie from the city that possesses it ("Kabul's Shahr-e-Naw")
COUNTY_SUFFIXES = {"district", "county", "municipality", "counties", "districts", "parish", "township"}
COUNTY_WORDS = {"county", "counties", "parish", "parishes", "borough"}
CITY_WORDS = {"city", "town"}


def resolve_places(mentions: list[PlaceMention], *, parsed: Parsed, gazetteer: Gazetteer,
                   home: Home | None = None) -> list[Place]:
    """One Place per mention, in the same order; unresolved names keep null coordinates. `home` is
    where the document's source usually reports from (resolve.source_profile); without one, only the
    source's country-code domain counts."""
    keys = [_group_key(m) for m in mentions]
    groups = _groups(mentions, keys, gazetteer, parsed.document.text)
    home = home or domain_home(parsed.document.source)
    picks = choose([*groups.values(), _masthead(parsed.document.source, groups, gazetteer)], home=home)[:-1]
    chosen = {key: _chosen(group, pick) for (key, group), pick in zip(groups.items(), picks, strict=True)}
    places = [_place(m, *chosen[k], gazetteer=gazetteer) if k in chosen else None
              for m, k in zip(mentions, keys, strict=True)]
    text = parsed.document.text
    owners = _owners(places, text)
    places = [_within_possessor(m, place, owners) for m, place in zip(mentions, places, strict=True)]
    around = _Around(places, text)
    return [place or _fallback(m, around, gazetteer=gazetteer)
            for m, place in zip(mentions, places, strict=True)]


# A long document names thousands of places: the places next to a mention are looked up by offset in
# indexes built once per document, never by comparing every pair (and slicing the text between them).
def _owners(places: list[Place | None], text: str) -> dict[int, Place]:
    """Cities followed by a possessive ("Baghdad's "), by the offset just after it, the first one kept."""
    owners: dict[int, Place] = {}
    for place in places:
        if place is not None and place.lat is not None and place.precision == "city":
            end = place.mention.end
            if text[end:end + 3] in ("'s ", "’s "):
                owners.setdefault(end + 3, place)
    return owners


class _Around:
    """What an unresolved mention may lean on: the document's countries, its resolved places by name key,
    its city-level places, the city it names most, and each city by the offset where an " in " before it
    starts ("X in Almaty")."""

    def __init__(self, places: list[Place | None], text: str) -> None:
        known = [p for p in places if p is not None]
        self.countries = {p.country_code for p in known if p.country_code}
        self.by_key: dict[str, Place] = {}
        for place in known:
            if place.lat is not None and place.name:
                self.by_key.setdefault(name_key(place.mention.text), place)
        self.cities = [p for p in known if p.precision == "city"]
        self.after_in: dict[int, Place] = {}
        for city in self.cities:
            start = city.mention.start
            if text[max(0, start - 4):start] == " in ":
                self.after_in.setdefault(start - 4, city)
        self._dominant: Place | None = None

    def dominant_city(self) -> Place:
        if self._dominant is None:
            self._dominant = _dominant(self.cities)
        return self._dominant


def _within_possessor(mention: PlaceMention, place: Place | None, owners: dict[int, Place]) -> Place | None:
    """'Baghdad's Tahrir Square' lies in Baghdad: a namesake elsewhere (Cairo's) gives way to the city."""
    owner = owners.get(mention.mention.start)
    if owner is None or (place is not None and place.lat is not None
                         and distance_km(place.lat, place.lon, owner.lat, owner.lon) <= OWNER_KM):
        return place
    return Place(mention.mention, owner.name, owner.lat, owner.lon, owner.country_code, owner.admin1,
                 owner.geonameid, owner.feature, "city", round(0.8 * owner.confidence, 3), within=owner.name)


def _masthead(source: str | None, groups: dict[str, Group], gazetteer: Gazetteer) -> Group:
    """The town a local outlet is named after takes part like one more mention, whose choice is then
    set aside. Not when the text names that town itself: its mentions already take part, and an
    extra vote for the best-known sense ('theparisnews.com' in Paris, Texas) would only mislead."""
    towns = domain_towns(source, gazetteer)
    if towns and any(c.id == towns[0].id for group in groups.values() for c in group.candidates):
        towns = ()
    return Group("source", (OUTSIDE_TEXT,), "city", towns)


def _group_key(mention: PlaceMention) -> str:
    return f"{mention.kind}:{name_key(mention.mention.text)}"


def _groups(mentions, keys, gazetteer: Gazetteer, text: str) -> dict[str, Group]:
    groups: dict[str, Group] = {}
    for mention, key in zip(mentions, keys, strict=True):
        if mention.kind == "facility" and mention.hint and "." in mention.hint:
            continue                                   # "the airport": placed after the names are
        if key in groups:
            old = groups[key]
            # one sense per document; the first qualifier read ("the city of X") speaks for all mentions
            groups[key] = Group(key, (*old.positions, mention.mention.start), old.hint or mention.hint,
                                old.candidates or _candidates(mention, gazetteer, text))
        else:
            groups[key] = Group(key, (mention.mention.start,), mention.hint,
                                _candidates(mention, gazetteer, text))
    return groups


def _after_town(mention: PlaceMention, text: str) -> bool:
    """'Springfield, Ill.': the place right before the comma makes 'Ill.' a state, not a word."""
    before = text[:mention.mention.start].rstrip()
    words = before[:-1].split() if before.endswith(",") else []
    return bool(words) and words[-1][:1].isupper()


def _candidates(mention: PlaceMention, gazetteer: Gazetteer, document_text: str) -> tuple[Candidate, ...]:
    text = mention.mention.text
    if mention.kind == "demonym":
        return tuple(c for c in gazetteer.lookup(text) if c.kind == DEMONYM)
    # a one-dot state abbreviation ("La.", "Ga.") is a candidate only where extract/ took it as one
    found = tuple(c for c in gazetteer.lookup(text) if c.kind != DEMONYM
                  and (c.kind != ABBREVIATION or _after_town(mention, document_text)))
    words = text.split()
    last = words[-1].lower() if len(words) > 1 else None
    if last in GENERIC_SUFFIXES:
        found += _around(gazetteer.lookup(" ".join(words[:-1])), last, gazetteer)   # "Kharkiv region"
    elif mention.hint in GENERIC_SUFFIXES:
        found += _around(found, mention.hint, gazetteer)
    if mention.hint in COUNTY_WORDS and last not in COUNTY_WORDS:
        found += _counties(text, gazetteer)                                       # "Walker and Polk counties"
    if not found and last in CITY_WORDS:                                          # "Fargo City"
        found = tuple(c for c in gazetteer.lookup(" ".join(words[:-1])) if c.feature.startswith("P."))
    return tuple(dict.fromkeys(found))


def _counties(name: str, gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """The second-level divisions a bare name may be: GeoNames names them 'X County', 'X Parish' ..."""
    return tuple(c for word in ("County", "Parish", "Borough") for c in gazetteer.lookup(f"{name} {word}")
                 if c.feature == "A.ADM2")


def _around(candidates: tuple[Candidate, ...], suffix: str, gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """A region or province named after a city is its first-level division; a district or county named
    after a town lies around the town, which is a far better point than the whole province."""
    if suffix in COUNTY_SUFFIXES:
        return tuple(c for c in candidates if c.feature.startswith(("P.", "A.ADM2")))
    return _admin_of(candidates, gazetteer)


def _admin_of(candidates: tuple[Candidate, ...], gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """'Kharkiv region' names the division around the city Kharkiv whatever the division is called."""
    cities = [c for c in candidates if c.feature.startswith("P.") and c.admin1 and c.country_code]
    admins = (gazetteer.admin1(c.country_code, c.admin1) for c in cities[:3])
    return tuple(a for a in admins if a is not None)


def _chosen(group: Group, pick: tuple[int, float]) -> tuple[Candidate | None, float]:
    index, probability = pick
    return (group.candidates[index], probability) if index >= 0 else (None, 0.0)


def _place(mention: PlaceMention, candidate: Candidate | None, probability: float, *,
           gazetteer: Gazetteer) -> Place | None:
    if candidate is None:
        return None
    quality = 0.85 if candidate.kind == ALTERNATE else 1.0
    within = gazetteer.get(candidate.within) if candidate.within else None
    return _as_place(mention.mention, candidate, confidence=round(probability * quality, 3),
                     within=within.name if within else None)


def _as_place(span: Span, candidate: Candidate, *, confidence: float, within: str | None = None,
              precision: str | None = None) -> Place:
    return Place(mention=span, name=candidate.name, lat=candidate.lat, lon=candidate.lon,
                 country_code=candidate.country_code, admin1=candidate.admin1_name,
                 geonameid=candidate.geonameid, feature=candidate.feature,
                 precision=precision or precision_of(candidate.feature), confidence=confidence, within=within)


def precision_of(feature: str) -> str:
    if feature in PRECISION:
        return PRECISION[feature]
    return "city" if feature.startswith("P.") else "exact"


def _fallback(mention: PlaceMention, around: _Around, *, gazetteer: Gazetteer) -> Place:
    """An unknown sub-city place or facility falls back to its city; any other unknown name stays null."""
    city = _containing_city(mention, around)
    if city is not None and city.geonameid is not None and mention.kind == "facility" and mention.hint:
        inside = _inside(city, mention.hint, gazetteer)
        if inside is not None:
            return _as_place(mention.mention, inside, confidence=round(0.8 * city.confidence, 3),
                             within=city.name)
    if city is not None:
        return Place(mention.mention, city.name, city.lat, city.lon, city.country_code, city.admin1,
                     city.geonameid, city.feature, "city", round(0.5 * city.confidence, 3), within=city.name)
    if (town := _named_town(mention, around, gazetteer)) is not None:
        return _as_place(mention.mention, town, confidence=0.5, within=town.name, precision="city")
    if (whole := _whole_of_part(mention, around, gazetteer)) is not None:
        return whole
    return Place(mention.mention, None, None, None, None)


def _whole_of_part(mention: PlaceMention, around: _Around, gazetteer: Gazetteer) -> Place | None:
    """'East Texas', 'Northeast Georgia', 'South Philadelphia': an unknown part of a known place lies in
    it. The whole is taken as the document resolves it elsewhere, else as its likeliest sense among
    countries, divisions and cities, in a country the document names if it names one."""
    match = PART_OF.match(mention.mention.text)
    if not match:
        return None
    key = name_key(match.group(1))
    same = around.by_key.get(key)
    if same is not None:
        return replace(same, mention=mention.mention, confidence=round(0.8 * same.confidence, 3))
    wholes = [c for c in gazetteer.lookup(match.group(1)) if c.kind != DEMONYM and (
        c.feature in ("A.PCLI", "A.ADM1", "L.RGN") or (c.feature.startswith("P.") and c.population >= 100_000))]
    wholes = [c for c in wholes if c.country_code in around.countries] or wholes
    best = max(wholes, key=lambda c: (c.feature == "A.PCLI", c.population), default=None)
    return _as_place(mention.mention, best, confidence=0.5, within=best.name) if best else None


def _named_town(mention: PlaceMention, around: _Around, gazetteer: Gazetteer) -> Candidate | None:
    """An unknown name built on a town's name ("Mombasa's Old Port", "Old Dhaka", "Lamu county") lies in
    or around that town: the biggest town of that name, in a country the document names if it names one."""
    match = TOWN_INSIDE.match(mention.mention.text)
    if not match:
        return None
    name = next(group for group in match.groups() if group)
    towns = [c for c in gazetteer.lookup(name) if c.feature.startswith("P.") and c.kind != DEMONYM]
    towns = [c for c in towns if c.country_code in around.countries] or ([] if around.countries else towns)
    return max(towns, key=lambda c: c.population, default=None)


def _containing_city(mention: PlaceMention, around: _Around) -> Place | None:
    if not around.cities:
        return None
    if mention.kind == "facility" or mention.hint in SUB_CITY_HINTS:
        return around.dominant_city()
    return around.after_in.get(mention.mention.end)   # "X in Almaty"


def _inside(city: Place, feature: str, gazetteer: Gazetteer) -> Candidate | None:
    for candidate in gazetteer.lookup(city.name or ""):
        if candidate.geonameid == city.geonameid:
            found = gazetteer.inside(candidate.id, feature)
            return found[0] if found else None
    return None


def _dominant(places: Sequence[Place]) -> Place:
    """The most often named place; the more specific, then the earlier, wins a tie."""
    counts = Counter((p.name, p.lat, p.lon) for p in places)
    return min(places, key=lambda p: (-counts[p.name, p.lat, p.lon], PRECISION_RANK.get(p.precision or "", 4),
                                      p.mention.start))



# -- events ---------------------------------------------------------------------------------------------

class Sites:
    """A document's resolved places, sorted by where they are named, as locate() searches them for each
    event: by bisection, since a long document has thousands of places and as many events."""

    def __init__(self, places: Sequence[Place]) -> None:
        self.resolved = sorted((p for p in places if p.lat is not None), key=_start)
        self.countries = [p for p in self.resolved if p.precision == "country"]
        self.local = [p for p in self.resolved if p.precision in ("city", "admin")]
        self.named = [p for p in self.resolved if p.precision != "exact"]
        self._dominant: dict[str, Place] = {}

    def inside(self, span: Span) -> list[Place]:
        first = bisect_left(self.resolved, span.start, key=_start)
        last = bisect_right(self.resolved, span.end, key=_start)
        return [p for p in self.resolved[first:last] if p.mention.end <= span.end]

    def last_before(self, start: int) -> Place | None:
        """The place named last before `start`, a town or division before any other (not a landmark)."""
        for places in (self.local, self.named):
            index = bisect_left(places, start, key=_start)
            while index > 0:
                index -= 1
                if places[index].mention.end <= start:
                    return places[index]
        return None

    def dominant(self, kind: str) -> Place:
        if kind not in self._dominant:
            self._dominant[kind] = _dominant(self.countries if kind == "country" else self.resolved)
        return self._dominant[kind]


def _start(place: Place) -> int:
    return place.mention.start


def locate(evidence: Span, places: Sequence[Place] | Sites, *, document: Document) -> Location | None:
    """Where an event happened: the most specific place in its evidence, else the nearest one before it,
    else the document's dominant place; a sentence about 'the country' takes the dominant country.
    Give the places as Sites when locating many events of one document."""
    sites = places if isinstance(places, Sites) else Sites(places)
    if not sites.resolved:
        return None
    inside = sites.inside(evidence)
    if inside:
        text = document.text
        return _location(min(inside, key=lambda p: (not _after_locative(text, p.mention.start),
                                                     PRECISION_RANK.get(p.precision or "", 4), p.mention.start)))
    if any(word in evidence.text.lower() for word in COUNTRY_WORDS) and sites.countries:
        return _location(sites.dominant("country"))
    # A landmark named in an earlier sentence ("the airport") is where that sentence's event happened,
    # not the next one's; and a country named in passing is less telling than the city before it.
    before = sites.last_before(evidence.start)
    return _location(before if before is not None else sites.dominant("all"))


def _after_locative(text: str, start: int) -> bool:
    return bool(LOCATIVE_BEFORE.search(text[max(0, start - 24):start]))


def _location(place: Place) -> Location:
    return Location(name=place.name or place.mention.text, lat=place.lat, lon=place.lon,
                    country_code=place.country_code, admin1=place.admin1, geonameid=place.geonameid,
                    precision=place.precision)
