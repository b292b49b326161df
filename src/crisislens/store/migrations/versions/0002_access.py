"""Users and the claims' audit log; indexes for the API's event filters.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

# name → (table, columns): filters by date range, bbox, type and confidence, and the default sort (date, id)
INDEXES = {
    "ix_events_date_id": ("events", ["date", "document_id", "ordinal"]),
    "ix_events_lat_lon": ("events", ["lat", "lon"]),
    "ix_events_event_type": ("events", ["event_type"]),
    "ix_events_confidence": ("events", ["confidence"]),
    "ix_claims_status": ("claims", ["status"]),
    "ix_audit_log_at": ("audit_log", ["at"]),
    "ix_audit_log_document_id": ("audit_log", ["document_id"]),
}


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("name", name=op.f("uq_users_name")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_users_token_hash")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("document_id", sa.String(), nullable=False),
        sa.Column("claim", sa.Integer(), nullable=False),
        sa.Column("claim_text", sa.Text(), nullable=False),
        sa.Column("from_status", sa.String(length=16), nullable=False),
        sa.Column("to_status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    for name, (table, columns) in INDEXES.items():
        op.create_index(op.f(name), table, columns)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        if table != "audit_log":
            op.drop_index(op.f(name), table_name=table)
    op.drop_table("audit_log")
    op.drop_table("users")
