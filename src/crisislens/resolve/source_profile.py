"""Where an outlet's stories usually happen, learned from the places of its documents.

A local paper names local towns without their state: "Dublin" in a Columbus paper is Dublin, Ohio, and
"Walker County" in a Huntsville, Texas paper is the Texas county. Lieberman et al. (2010) call the places
a paper's readers know its *local lexicon*. SourceProfiles keeps, per source, the share of its documents
that confidently named each first-level division (itself, or a town or county in it) and each country,
and turns it into a Home: the bonus resolution gives candidates there. It learns as documents arrive:
the pipeline resolves a batch with what earlier batches taught plus what the batch itself says
(resolve/batch_places.py), and the store keeps it between runs. A country-code domain ("tengrinews.kz")
is a home country from the first document on, and so is a town in the domain ("columbuslocalnews.com",
"chronicle.augusta.com") a hint.

A document counts once, however often it is extracted: learnt with its text, what it taught is kept as a
Lesson under the text's sha256 (the store's text_hash) and replaced when it is learnt again, and the store
keeps one row per lesson, so a rerun or a concurrent run over the same news adds nothing twice.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from crisislens.records import Place, text_hash
from crisislens.resolve.gazetteer import PRIMARY, Candidate, Gazetteer

MIN_DOCUMENTS = 2            # one story is an anecdote, not a beat
# A wire service or WikiNews reports from everywhere: only an area named in a good part of a source's
# documents (a country in most of them) is its home, so a worldwide outlet has none beyond its domain's.
HOME_AREA_SHARE, HOME_COUNTRY_SHARE = 0.25, 0.5
MIN_CONFIDENCE = 0.6         # only confident resolutions teach: a wrong guess must not teach itself
TLD_COUNTRY = {"uk": "GB"}
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu"}     # "co.uk", "com.lb": not the outlet's name
MIN_TOWN_CHARS = 5           # "Star", "Post", "Item" are towns too, but not what a masthead means
MIN_TOWN_POPULATION = 10_000
GENERIC_TLDS = {"com", "org", "net", "edu", "gov", "info", "biz", "co", "tv", "io", "news", "int", "mil"}


@dataclass(frozen=True, slots=True)
class Home:
    """Shares (0..1) of a source's documents that named each country and each (country, admin1 name)."""

    countries: Mapping[str, float] = field(default_factory=dict)
    areas: Mapping[tuple[str, str], float] = field(default_factory=dict)


def source_key(source: str | None) -> str | None:
    """'https://www.cbc.ca/news/x' and 'cbc.ca' are one source; an outlet's name is its own key."""
    if not source or not source.strip():
        return None
    text = source.strip().lower()
    host = urlsplit(text).hostname if "://" in text else text.split("/", 1)[0]
    host = host or text
    return host.removeprefix("www.")


def domain_country(source: str | None) -> str | None:
    """A country-code top-level domain ('tengrinews.kz') hints at the story's country."""
    key = source_key(source)
    if not key or "." not in key:
        return None
    tld = key.rsplit(".", 1)[-1]
    if len(tld) != 2 or not tld.isalpha() or tld in GENERIC_TLDS:
        return None
    return TLD_COUNTRY.get(tld, tld.upper())


def domain_home(source: str | None) -> Home:
    """What the domain alone says of a source's home: a country-code domain names its country."""
    cc = domain_country(source)
    return Home(countries={cc: 1.0} if cc else {})


@dataclass(frozen=True, slots=True)
class Lesson:
    """What one document taught its source: the countries and (country, admin1) areas it confidently named."""

    source: str
    countries: frozenset[str] = frozenset()
    areas: frozenset[tuple[str, str]] = frozenset()


@dataclass
class SourceProfiles:
    """Per-source counts of documents and of the countries and divisions they named.

    `lessons` (text hash → Lesson) are the documents learnt with their text, each counted once in the
    counters; `fresh` the hashes learnt since the profiles were loaded, which the store has yet to keep.
    """

    documents: Counter = field(default_factory=Counter)
    countries: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    areas: defaultdict = field(default_factory=lambda: defaultdict(Counter))
    lessons: dict[str, Lesson] = field(default_factory=dict)
    fresh: set[str] = field(default_factory=set)

    def home(self, source: str | None) -> Home:
        key = source_key(source)
        countries: dict[str, float] = {}
        areas: dict[tuple[str, str], float] = {}
        seen = self.documents[key] if key else 0
        if seen >= MIN_DOCUMENTS:
            countries = _shares(self.countries.get(key, {}), seen, HOME_COUNTRY_SHARE)
            areas = _shares(self.areas.get(key, {}), seen, HOME_AREA_SHARE)
        return Home({**countries, **domain_home(source).countries}, areas)

    def taught_since(self, before: Counter) -> list[str]:
        """The sources whose documents taught something since the document counts were `before`
        (a document learnt again counts no more, but what it teaches may have changed)."""
        changed = {key for key, seen in self.documents.items() if seen != before[key]}
        changed |= {self.lessons[digest].source for digest in self.fresh if digest in self.lessons}
        return sorted(changed)

    def copy(self) -> SourceProfiles:
        return SourceProfiles(Counter(self.documents),
                              defaultdict(Counter, {k: Counter(v) for k, v in self.countries.items()}),
                              defaultdict(Counter, {k: Counter(v) for k, v in self.areas.items()}),
                              dict(self.lessons), set(self.fresh))

    def without(self, texts: Iterable[str]) -> SourceProfiles:
        """A copy that never learnt the documents of these texts: what the other documents taught."""
        rest = self.copy()
        for digest in {text_hash(text) for text in texts}:
            lesson = rest.lessons.pop(digest, None)
            if lesson is not None:
                rest.count(lesson, -1)
                rest.fresh.discard(digest)
        return rest

    def learn(self, source: str | None, places: Iterable[Place], *, text: str | None = None) -> None:
        """Count one document of `source` and the places it confidently named. Given the document's
        text, a document learnt before is replaced rather than counted again."""
        lesson = lesson_of(source, places)
        if lesson is None:
            return
        if text is None:
            self.count(lesson)
            return
        digest = text_hash(text)
        old = self.lessons.get(digest)
        if old == lesson:
            return
        if old is not None:
            self.count(old, -1)
        self.lessons[digest] = lesson
        self.fresh.add(digest)
        self.count(lesson)

    def count(self, lesson: Lesson, sign: int = 1) -> None:
        """Add (sign 1) or take back (sign -1) one document's lesson in the counters; none goes below 0."""
        source = lesson.source
        _bump(self.documents, source, sign)
        for cc in lesson.countries:
            _bump(self.countries[source], cc, sign)
        for area in lesson.areas:
            _bump(self.areas[source], area, sign)


def lesson_of(source: str | None, places: Iterable[Place]) -> Lesson | None:
    """What one document teaches its source (None: it has no source to teach)."""
    key = source_key(source)
    if key is None:
        return None
    confident = [p for p in places if p.lat is not None and p.country_code and p.confidence >= MIN_CONFIDENCE]
    return Lesson(key, frozenset(p.country_code for p in confident),
                  frozenset((p.country_code, p.admin1) for p in confident if p.admin1 and _local(p)))


def _bump(counter: Counter, key: object, sign: int) -> None:
    counter[key] += sign
    if counter[key] <= 0:
        del counter[key]


def _shares(counts: Mapping, documents: int, least: float) -> dict:
    """Each key's share of the documents, for the keys named in at least `least` of them."""
    return {key: n / documents for key, n in counts.items() if n / documents >= least}


def _local(place: Place) -> bool:
    """A town, county or state says where a story is. A country or a national capital says less: any
    paper names them in passing (and a capital taken for a local namesake must not teach itself).
    States are named in passing too, but a national paper spreads over so many that none reaches a
    home share, while a local paper names its own in most stories."""
    feature = place.feature or ""
    return (feature.startswith("P.") and feature != "P.PPLC") or feature in ("A.ADM2", "A.ADM1")


def domain_towns(source: str | None, gazetteer: Gazetteer) -> tuple[Candidate, ...]:
    """The towns a domain may be named after: the longest town's own name that starts the outlet's
    label ('columbuslocalnews' → Columbus, 'chronicle.augusta' → Augusta), else one that ends it
    ('onlineathens' → Athens); () when none. Every town of that name is returned (those in the
    domain's country, if it has a country code), so the document's own places still decide which
    Columbus it is."""
    country = domain_country(source)
    for label in _outlet_labels(source):
        label = label.removeprefix("the")
        pieces = [label[:n] for n in range(len(label), MIN_TOWN_CHARS - 1, -1)]
        pieces += [label[-n:] for n in range(len(label) - 1, MIN_TOWN_CHARS, -1)]
        for piece in pieces:
            towns = tuple(c for c in gazetteer.lookup(piece) if c.feature.startswith("P.")
                          and c.kind == PRIMARY and c.population >= MIN_TOWN_POPULATION
                          and country in (None, c.country_code))
            if towns:
                return towns
    return ()


def _outlet_labels(source: str | None) -> list[str]:
    """'news.chronicle.augusta.com' → ['augusta', 'chronicle'] (nearest the suffix first), letters only."""
    key = source_key(source)
    if not key or "." not in key:
        return []
    labels = key.split(".")[:-1]
    if labels and labels[-1] in SECOND_LEVEL:
        labels = labels[:-1]
    return ["".join(c for c in label if c.isalpha()) for label in reversed(labels)][:2]
