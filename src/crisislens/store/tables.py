"""SQLAlchemy rows for stored Records. Rows never leave store/: repo.py turns them back into Records.

    documents          one per document; `id` is the Record's id, `text_hash` (sha256 of the text) is unique,
                       `pipeline_version` the extraction code that made it (Store.current: what a rerun skips)
    ├── entities       ┐
    ├── places         │ one row per item of the Record's tuple, keyed (document_id, ordinal) where
    ├── times          │ ordinal is the item's position in that tuple, so the order round-trips and
    ├── events         │ an event is addressed as '<document id>:<ordinal>' (claims.event points at it)
    ├── quotes         │
    └── claims         ┘ plus `status`, the analysts' verification verdict, kept across re-extraction

The schema itself is created by the Alembic scripts in migrations/, never by `metadata.create_all`;
a test checks that these models and the migrations agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Integer, MetaData, String, Text, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Stable constraint names, so later migrations can drop or alter them by name on every backend.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _document_fk() -> Mapped[str]:
    return mapped_column(String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    text_hash: Mapped[str] = mapped_column(String(64), unique=True)
    origin: Mapped[str] = mapped_column(String)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String)  # isoformat() as the record had it, offset kept
    published_utc: Mapped[datetime | None] = mapped_column(DateTime, index=True)  # naive UTC, for filtering
    source: Mapped[str | None] = mapped_column(String, index=True)
    language: Mapped[str | None] = mapped_column(String(16))
    credits: Mapped[list[str]] = mapped_column(JSON)
    body_start: Mapped[int | None] = mapped_column(Integer)
    body_end: Mapped[int | None] = mapped_column(Integer)
    text_is_extracted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    extracted_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC of the latest save
    pipeline_version: Mapped[str | None] = mapped_column(String)  # crisislens.version of that save (resume)

    entities: Mapped[list[EntityRow]] = relationship(order_by="EntityRow.ordinal", passive_deletes=True)
    places: Mapped[list[PlaceRow]] = relationship(order_by="PlaceRow.ordinal", passive_deletes=True)
    times: Mapped[list[TimeRow]] = relationship(order_by="TimeRow.ordinal", passive_deletes=True)
    events: Mapped[list[EventRow]] = relationship(order_by="EventRow.ordinal", passive_deletes=True)
    quotes: Mapped[list[QuoteRow]] = relationship(order_by="QuoteRow.ordinal", passive_deletes=True)
    claims: Mapped[list[ClaimRow]] = relationship(order_by="ClaimRow.ordinal", passive_deletes=True)


class MentionColumns:
    """The Span every extracted item points back to, plus its place in the Record."""

    document_id: Mapped[str] = _document_fk()
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class EntityRow(MentionColumns, Base):
    __tablename__ = "entities"

    label: Mapped[str] = mapped_column(String)


class PlaceRow(MentionColumns, Base):
    __tablename__ = "places"

    name: Mapped[str | None] = mapped_column(String)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(2))
    admin1: Mapped[str | None] = mapped_column(String)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String)
    precision: Mapped[str | None] = mapped_column(String)
    confidence: Mapped[float] = mapped_column(Float)
    within: Mapped[str | None] = mapped_column(String)


class TimeRow(MentionColumns, Base):
    __tablename__ = "times"

    type: Mapped[str] = mapped_column(String)
    value: Mapped[str | None] = mapped_column(String)


class EventRow(Base):
    __tablename__ = "events"

    document_id: Mapped[str] = _document_fk()
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)  # position in Record.events
    code: Mapped[str] = mapped_column(String, index=True)
    event_type: Mapped[str] = mapped_column(String)
    sub_event_type: Mapped[str] = mapped_column(String)
    evidence_start: Mapped[int] = mapped_column(Integer)
    evidence_end: Mapped[int] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)
    confidence: Mapped[float] = mapped_column(Float)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String)
    # Location, flattened: location_name is NULL exactly when the event has no location.
    location_name: Mapped[str | None] = mapped_column(String)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    admin1: Mapped[str | None] = mapped_column(String)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    geo_precision: Mapped[str | None] = mapped_column(String)
    # Actors, flattened: actorN_name is NULL exactly when there is no actorN.
    actor1_name: Mapped[str | None] = mapped_column(String)
    actor1_kind: Mapped[str | None] = mapped_column(String)
    actor2_name: Mapped[str | None] = mapped_column(String)
    actor2_kind: Mapped[str | None] = mapped_column(String)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    injured: Mapped[int | None] = mapped_column(Integer)
    arrested: Mapped[int | None] = mapped_column(Integer)


class QuoteRow(MentionColumns, Base):
    __tablename__ = "quotes"

    speaker: Mapped[str | None] = mapped_column(String)
    speaker_title: Mapped[str | None] = mapped_column(String)
    direct: Mapped[bool] = mapped_column()
    hedged: Mapped[bool] = mapped_column()


class ClaimRow(MentionColumns, Base):
    __tablename__ = "claims"

    speaker: Mapped[str | None] = mapped_column(String)
    hedged: Mapped[bool] = mapped_column()
    hedge: Mapped[str | None] = mapped_column(String)
    negated: Mapped[bool] = mapped_column()
    event: Mapped[int | None] = mapped_column(Integer)  # ordinal into this document's events
    status: Mapped[str] = mapped_column(String, default="unverified", server_default="unverified")


CHILD_TABLES = (EntityRow, PlaceRow, TimeRow, EventRow, QuoteRow, ClaimRow)
