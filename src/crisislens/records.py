"""The plain data passed between pipeline stages.

read/ makes a Document, parse/ pairs it with a spaCy Doc (Parsed), extract/ finds mentions
(Span-carrying records), resolve/ decides what they mean and assembles a Record, which
store/ and export/ consume. Every extracted fact keeps the Span of text it came from, and
every Span indexes Document.text exactly (``text[start:end] == span.text``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc


def text_hash(text: str) -> str:
    """A document's text as the store and the source profiles key it: its sha256, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of Document.text; every extracted fact points back to one."""

    text: str
    start: int
    end: int

    @classmethod
    def of(cls, text: str, start: int, end: int) -> Span:
        return cls(text[start:end], start, end)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as read: its text is what every offset indexes."""

    id: str
    text: str
    origin: str                       # where it came from, for messages: a path, "-", "file.jsonl:12"
    title: str | None = None
    published: datetime | date | None = None
    source: str | None = None         # the outlet or publisher, where known
    language: str | None = None       # ISO 639-1
    credits: tuple[str, ...] = ()     # translators or authors named in a credit line
    body: Span | None = None          # the running text, without headline, dateline and credit line
    text_is_extracted: bool = False   # text was extracted from markup (HTML), so outputs must carry it

    @property
    def body_span(self) -> Span:
        return self.body or Span(self.text, 0, len(self.text))


@dataclass(frozen=True, slots=True)
class Parsed:
    """A Document with its spaCy analysis."""

    document: Document
    doc: Doc


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity that spaCy's NER found."""

    mention: Span
    label: str


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place name found in the text, not yet resolved to a point."""

    mention: Span
    kind: str                          # "toponym" | "demonym" | "facility" ...
    hint: str | None = None            # a qualifier read around it: "region", "city", "northern" ...


@dataclass(frozen=True, slots=True)
class Place:
    """What resolve/ decided about a PlaceMention: coordinates stay None when unresolved."""

    mention: Span
    name: str | None
    lat: float | None
    lon: float | None
    country_code: str | None           # ISO 3166-1 alpha-2
    admin1: str | None = None
    geonameid: int | None = None
    feature: str | None = None         # GeoNames feature class and code, e.g. "P.PPLA"
    precision: str | None = None       # exact | city | admin | country
    confidence: float = 0.0
    within: str | None = None          # name of the containing place for sub-city places


@dataclass(frozen=True, slots=True)
class Time:
    """A temporal expression with its TIMEX3 type and normalised value."""

    mention: Span
    type: str                          # DATE | TIME | DURATION | SET
    value: str | None                  # TIMEX3 value, None where it cannot be anchored


@dataclass(frozen=True, slots=True)
class Actor:
    name: str
    kind: str | None = None            # state forces, rebels, protesters, civilians ...


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened, as precisely as its evidence supports."""

    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None = None
    geonameid: int | None = None
    precision: str | None = None       # exact | city | admin | country


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with the sentence(s) that report it."""

    code: str
    event_type: str
    sub_event_type: str
    evidence: Span
    confidence: float
    date: date | None = None
    date_precision: str | None = None  # day | week | month | year
    location: Location | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    fatalities: int | None = None
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    injured: int | None = None
    arrested: int | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct or reported speech, attributed where the text allows."""

    mention: Span
    speaker: str | None
    speaker_title: str | None = None
    direct: bool = True
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class Claim:
    """One attributed factual assertion a verification workflow can track."""

    mention: Span
    speaker: str | None
    hedged: bool = False
    hedge: str | None = None
    negated: bool = False
    event: int | None = None           # index into Record.events


@dataclass(frozen=True, slots=True)
class Record:
    """Everything extracted from one document: what store/ saves and export/ writes."""

    document: Document
    entities: tuple[Entity, ...] = ()
    places: tuple[Place, ...] = ()
    times: tuple[Time, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    claims: tuple[Claim, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)
