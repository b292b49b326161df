"""Documents and everything extracted from them.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

CHILDREN = ("entities", "places", "times", "events", "quotes", "claims")


def _keys(table: str) -> list[sa.SchemaItem]:
    """document_id + ordinal (position in the Record's tuple), the key of every child table."""
    return [
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f(f"fk_{table}_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "ordinal", name=op.f(f"pk_{table}")),
    ]


def _mention(table: str) -> list[sa.SchemaItem]:
    return [
        *_keys(table),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("published_utc", sa.DateTime(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("credits", sa.JSON(), nullable=False),
        sa.Column("body_start", sa.Integer(), nullable=True),
        sa.Column("body_end", sa.Integer(), nullable=True),
        sa.Column("text_is_extracted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("extracted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("text_hash", name=op.f("uq_documents_text_hash")),
    )
    op.create_index(op.f("ix_documents_published_utc"), "documents", ["published_utc"])
    op.create_index(op.f("ix_documents_source"), "documents", ["source"])

    op.create_table("entities", *_mention("entities"), sa.Column("label", sa.String(), nullable=False))
    op.create_table(
        "places",
        *_mention("places"),
        sa.Column("name", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("feature", sa.String(), nullable=True),
        sa.Column("precision", sa.String(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("within", sa.String(), nullable=True),
    )
    op.create_table(
        "times",
        *_mention("times"),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=True),
    )
    op.create_table(
        "events",
        *_keys("events"),
        sa.Column("code", sa.String(), nullable=False),
        sa.Column("event_type", sa.String(), nullable=False),
        sa.Column("sub_event_type", sa.String(), nullable=False),
        sa.Column("evidence_start", sa.Integer(), nullable=False),
        sa.Column("evidence_end", sa.Integer(), nullable=False),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(), nullable=True),
        sa.Column("location_name", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("admin1", sa.String(), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("geo_precision", sa.String(), nullable=True),
        sa.Column("actor1_name", sa.String(), nullable=True),
        sa.Column("actor1_kind", sa.String(), nullable=True),
        sa.Column("actor2_name", sa.String(), nullable=True),
        sa.Column("actor2_kind", sa.String(), nullable=True),
        sa.Column("fatalities", sa.Integer(), nullable=True),
        sa.Column("fatalities_low", sa.Integer(), nullable=True),
        sa.Column("fatalities_high", sa.Integer(), nullable=True),
        sa.Column("injured", sa.Integer(), nullable=True),
        sa.Column("arrested", sa.Integer(), nullable=True),
    )
    op.create_index(op.f("ix_events_code"), "events", ["code"])
    op.create_index(op.f("ix_events_country_code"), "events", ["country_code"])
    op.create_index(op.f("ix_events_date"), "events", ["date"])
    op.create_table(
        "quotes",
        *_mention("quotes"),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("speaker_title", sa.String(), nullable=True),
        sa.Column("direct", sa.Boolean(), nullable=False),
        sa.Column("hedged", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "claims",
        *_mention("claims"),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("hedged", sa.Boolean(), nullable=False),
        sa.Column("hedge", sa.String(), nullable=True),
        sa.Column("negated", sa.Boolean(), nullable=False),
        sa.Column("event", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(), server_default="unverified", nullable=False),
    )


def downgrade() -> None:
    for table in reversed(CHILDREN):
        op.drop_table(table)
    op.drop_table("documents")
