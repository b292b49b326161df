"""Which pipeline version extracted each document (resume); what each document taught its source's profile.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("pipeline_version", sa.String(), nullable=True))
    op.create_table(
        "source_profile_documents",
        sa.Column("text_hash", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("countries", sa.JSON(), nullable=False),
        sa.Column("areas", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("text_hash", name=op.f("pk_source_profile_documents")),
    )
    op.create_index(op.f("ix_source_profile_documents_source"), "source_profile_documents", ["source"])


def downgrade() -> None:
    op.drop_index(op.f("ix_source_profile_documents_source"), table_name="source_profile_documents")
    op.drop_table("source_profile_documents")
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("pipeline_version")
