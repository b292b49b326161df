"""The tables of clusters.py (see its docstring for what each holds); 0003_clusters.py creates them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from crisislens.store.tables import Base


def _document_fk(*, primary_key: bool = True, index: bool = False) -> Mapped[str]:
    return mapped_column(String, ForeignKey("documents.id", ondelete="CASCADE"), primary_key=primary_key,
                         index=index)


class SignatureRow(Base):
    __tablename__ = "document_signatures"

    document_id: Mapped[str] = _document_fk()
    minhash: Mapped[bytes] = mapped_column(LargeBinary)
    duplicate_of: Mapped[str | None] = mapped_column(String, index=True)  # no FK: the link outlives a deletion
    similarity: Mapped[float | None] = mapped_column(Float)


class BandRow(Base):
    __tablename__ = "signature_bands"
    __table_args__ = (Index("ix_signature_bands_band_key", "band", "key"),)

    document_id: Mapped[str] = _document_fk()
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)


class CanonicalEventRow(Base):
    __tablename__ = "canonical_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str | None] = mapped_column(String, index=True)
    event_type: Mapped[str | None] = mapped_column(String)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str | None] = mapped_column(String)
    date_lo: Mapped[date | None] = mapped_column(Date, index=True)  # blocking: the members' dates span these
    date_hi: Mapped[date | None] = mapped_column(Date, index=True)
    location_name: Mapped[str | None] = mapped_column(String)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    country_code: Mapped[str | None] = mapped_column(String(2), index=True)
    geonameid: Mapped[int | None] = mapped_column(Integer)
    geo_precision: Mapped[str | None] = mapped_column(String)
    fatalities_best: Mapped[int | None] = mapped_column(Integer)
    fatalities_low: Mapped[int | None] = mapped_column(Integer)
    fatalities_high: Mapped[int | None] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer, default=0)
    suggested_status: Mapped[str] = mapped_column(String(16), default="unverified")
    analyst_status: Mapped[str | None] = mapped_column(String(16))  # when set, it wins
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # naive UTC


class MemberRow(Base):
    __tablename__ = "cluster_members"

    document_id: Mapped[str] = _document_fk()
    ordinal: Mapped[int] = mapped_column(Integer, primary_key=True)  # Record.events position; -1: the document
    canonical_event_id: Mapped[int] = mapped_column(Integer, ForeignKey("canonical_events.id", ondelete="CASCADE"),
                                                    index=True)
    role: Mapped[str] = mapped_column(String(16))  # report | facet | duplicate
    score: Mapped[float] = mapped_column(Float)
    reasons: Mapped[list[str]] = mapped_column(JSON)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    features: Mapped[dict[str, Any]] = mapped_column(JSON)
    assigned_at: Mapped[datetime] = mapped_column(DateTime)


class FigureRow(Base):
    __tablename__ = "figure_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = _document_fk(primary_key=False, index=True)
    kind: Mapped[str] = mapped_column(String(16))  # killed | injured | detained | abducted
    value: Mapped[int] = mapped_column(Integer)
    qualifier: Mapped[str | None] = mapped_column(String)  # "at least", "up to", "between 20 and 25" …
    lead: Mapped[bool] = mapped_column(Boolean)  # the report's own headline figure of this kind
    speaker: Mapped[str | None] = mapped_column(String)
    source: Mapped[str | None] = mapped_column(String)
    reported_at: Mapped[datetime | None] = mapped_column(DateTime)  # the document's publication, naive UTC
    evidence_start: Mapped[int | None] = mapped_column(Integer)  # None: the figure is in the title
    evidence_end: Mapped[int | None] = mapped_column(Integer)
    evidence_text: Mapped[str] = mapped_column(Text)


class FlagRow(Base):
    __tablename__ = "event_flags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    canonical_event_id: Mapped[int] = mapped_column(Integer, ForeignKey("canonical_events.id", ondelete="CASCADE"),
                                                    index=True)
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(Text)
    document_ids: Mapped[list[str]] = mapped_column(JSON)


class ClusterAuditRow(Base):
    __tablename__ = "cluster_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)  # naive UTC
    user_name: Mapped[str] = mapped_column(String)
    action: Mapped[str] = mapped_column(String(16))  # split | merge | status
    canonical_event_ids: Mapped[list[int]] = mapped_column(JSON)
    document_id: Mapped[str | None] = mapped_column(String, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
