"""What each source's documents taught: its document count and the countries and areas they named.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    op.create_table(
        "source_profiles",
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("cc", sa.String(), server_default="", nullable=False),
        sa.Column("admin1", sa.String(), server_default="", nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("source", "kind", "cc", "admin1", name=op.f("pk_source_profiles")),
    )


def downgrade() -> None:
    op.drop_table("source_profiles")
