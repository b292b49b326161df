"""Across documents: signatures, duplicate links, canonical events, cluster membership, figures, flags, audit.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

TABLES = ("cluster_audit", "event_flags", "figure_history", "cluster_members", "canonical_events",
          "signature_bands", "document_signatures")


def _document(table: str, *, primary_key: bool = True) -> list[sa.SchemaItem]:
    return [
        sa.Column("document_id", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], name=op.f(f"fk_{table}_document_id_documents"),
                                ondelete="CASCADE"),
    ]


def _canonical(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column("canonical_event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["canonical_event_id"], ["canonical_events.id"],
                                name=op.f(f"fk_{table}_canonical_event_id_canonical_events"), ondelete="CASCADE"),
    ]


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        *_document("document_signatures"),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("duplicate_of", sa.String(), nullable=True),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_signatures")),
    )
    op.create_index(op.f("ix_document_signatures_duplicate_of"), "document_signatures", ["duplicate_of"])
    op.create_table(
        "signature_bands",
        *_document("signature_bands"),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "band", name=op.f("pk_signature_bands")),
    )
    op.create_index("ix_signature_bands_band_key", "signature_bands", ["band", "key"])
    op.create_table(
        "canonical_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("code", sa.String(), nullable=True),
        sa.Column("event_type", sa.String(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("date_precision", sa.String(), nullable=True),
        sa.Column("date_lo", sa.Date(), nullable=True),
        sa.Column("date_hi", sa.Date(), nullable=True),
        sa.Column("location_name", sa.String(), nullable=True),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.Column("geonameid", sa.Integer(), nullable=True),
        sa.Column("geo_precision", sa.String(), nullable=True),
        sa.Column("fatalities_best", sa.Integer(), nullable=True),
        sa.Column("fatalities_low", sa.Integer(), nullable=True),
        sa.Column("fatalities_high", sa.Integer(), nullable=True),
        sa.Column("sources", sa.Integer(), nullable=False),
        sa.Column("suggested_status", sa.String(length=16), nullable=False),
        sa.Column("analyst_status", sa.String(length=16), nullable=True),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canonical_events")),
    )
    for column in ("code", "date", "date_lo", "date_hi", "country_code"):
        op.create_index(op.f(f"ix_canonical_events_{column}"), "canonical_events", [column])
    op.create_table(
        "cluster_members",
        *_document("cluster_members"),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        *_canonical("cluster_members"),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("features", sa.JSON(), nullable=False),
        sa.Column("assigned_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("document_id", "ordinal", name=op.f("pk_cluster_members")),
    )
    op.create_index(op.f("ix_cluster_members_canonical_event_id"), "cluster_members", ["canonical_event_id"])
    op.create_table(
        "figure_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_document("figure_history"),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("qualifier", sa.String(), nullable=True),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.Column("speaker", sa.String(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("reported_at", sa.DateTime(), nullable=True),
        sa.Column("evidence_start", sa.Integer(), nullable=True),
        sa.Column("evidence_end", sa.Integer(), nullable=True),
        sa.Column("evidence_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_figure_history")),
    )
    op.create_index(op.f("ix_figure_history_document_id"), "figure_history", ["document_id"])
    op.create_table(
        "event_flags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        *_canonical("event_flags"),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("document_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_flags")),
    )
    op.create_index(op.f("ix_event_flags_canonical_event_id"), "event_flags", ["canonical_event_id"])
    op.create_table(
        "cluster_audit",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("canonical_event_ids", sa.JSON(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_audit")),
    )
    op.create_index(op.f("ix_cluster_audit_at"), "cluster_audit", ["at"])
    op.create_index(op.f("ix_cluster_audit_document_id"), "cluster_audit", ["document_id"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
