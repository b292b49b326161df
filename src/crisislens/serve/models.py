"""The shapes the API answers with and accepts, as its OpenAPI schema documents them.

Inputs are bounded so that no value reaches the database that it would refuse with an error of its own
(a 500): numbers fit PostgreSQL's integer columns (MAX_INT), strings hold no NUL and have a length limit.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, Field, field_validator

from crisislens.store.access import STATUSES

MAX_INT = 2**31 - 1  # ids, ordinals and offsets: PostgreSQL `integer`; SQLite's int64 is wider
MAX_NOTE = 4000  # characters in an analyst's note


class Input(BaseModel):
    """A JSON body: every string in it is refused (422) when it holds a NUL, which PostgreSQL cannot store."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise ValueError("contains a NUL character (\\u0000); remove it")
        return value


class ErrorBody(BaseModel):
    ok: bool = False
    error: str = Field(description="One line: what went wrong and what to do")
    status: int = Field(description="The HTTP status, repeated")


ClaimStatus = Enum("ClaimStatus", {name: name for name in STATUSES}, type=str)  # type: ignore[misc]


class SpanPublic(BaseModel):
    text: str
    start: int = Field(description="Character offset into the document's text")
    end: int


class LocationPublic(BaseModel):
    name: str
    lat: float | None
    lon: float | None
    country_code: str | None
    admin1: str | None = None
    geonameid: int | None = None
    precision: str | None = None


class ActorPublic(BaseModel):
    name: str
    kind: str | None = None


class EventPublic(BaseModel):
    id: str = Field(description="'<document id>:<ordinal>', as in the store and the csv export", examples=["d1:0"])
    document_id: str
    ordinal: int
    code: str
    event_type: str
    sub_event_type: str
    date: str | None
    date_precision: str | None
    location: LocationPublic | None
    actor1: ActorPublic | None
    actor2: ActorPublic | None
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    arrested: int | None
    confidence: float
    evidence: SpanPublic
    document_title: str | None = None
    source: str | None = None


class EventPage(BaseModel):
    total: int = Field(description="How many events match the filters in all")
    limit: int
    offset: int
    sort: str
    items: list[EventPublic]


class ClaimPublic(BaseModel):
    id: str = Field(description="'<document id>:<ordinal>'")
    document_id: str
    ordinal: int
    text: str
    start: int
    end: int
    speaker: str | None
    hedged: bool
    hedge: str | None
    negated: bool
    event_id: str | None = Field(description="The event the claim is about, where linked")
    status: str = Field(description=f"One of {', '.join(STATUSES)}")
    note: str | None = None
    changed_by: str | None = None
    changed_at: str | None = None
    document_title: str | None = None


class ClaimPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[ClaimPublic]


class ClaimUpdate(Input):
    status: ClaimStatus  # type: ignore[valid-type]
    note: str | None = Field(None, max_length=MAX_NOTE, description="Why: the analyst's reason, kept in the audit log")


class DocumentSummary(BaseModel):
    id: str
    title: str | None
    published: str | None
    source: str | None
    origin: str
    language: str | None


class PlacePublic(BaseModel):
    text: str
    start: int
    end: int
    name: str | None
    lat: float | None
    lon: float | None
    country_code: str | None
    precision: str | None = None


class Counts(BaseModel):
    fatalities: int | None
    fatalities_low: int | None
    fatalities_high: int | None
    injured: int | None
    arrested: int | None


class EventDetail(EventPublic):
    documents: list[DocumentSummary] = Field(description="The source document(s) that report the event")
    actors: list[ActorPublic]
    counts: Counts
    places: list[PlacePublic] = Field(description="Places named in the evidence sentence")
    claims: list[ClaimPublic] = Field(description="Claims linked to this event")


class Mention(BaseModel, extra="allow"):
    """A marked stretch of the text; the other fields depend on its kind."""

    text: str
    start: int
    end: int


class Mentions(BaseModel):
    entities: list[Mention]
    places: list[Mention]
    times: list[Mention]
    events: list[Mention]
    quotes: list[Mention]
    claims: list[Mention]


class DocumentPublic(DocumentSummary):
    text: str = Field(description="The text every offset indexes; render it as text, never as markup")
    credits: list[str]
    body: SpanPublic | None
    text_is_extracted: bool
    mentions: Mentions


class DocumentText(Input):
    text: str = Field(description="Plain text, or a page in the seed's layout (headline, dateline, body)")
    id: str | None = Field(None, description="Stable id; default: derived from the text")
    title: str | None = None
    published: str | None = Field(None, description="ISO date or datetime")
    source: str | None = None


class StoredDocument(BaseModel):
    id: str
    title: str | None
    events: int
    claims: int


class IngestResult(BaseModel):
    ok: bool = True
    documents: list[StoredDocument]
    errors: list[str] = Field(description="One line per input that could not be read, extracted or stored")


class AuditEntry(BaseModel):
    id: int
    at: str = Field(description="UTC, ISO 8601")
    user: str
    claim_id: str
    document_id: str
    claim: int
    claim_text: str
    from_: str = Field(alias="from")
    to: str
    note: str | None


class AuditPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[AuditEntry]


class DayCount(BaseModel):
    date: str
    count: int


class Info(BaseModel):
    documents: int
    events: int
    located_events: int
    public_reads: bool
    vendor: bool = Field(description="Whether the page's map libraries are installed (scripts/setup.sh)")
    facets: dict[str, list[str]]
    statuses: list[str]
