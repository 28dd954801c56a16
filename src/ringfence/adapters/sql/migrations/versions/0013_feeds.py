"""Feeds: the entries of signed feeds an organisation imported, merged with their provenance, and the
newest version imported from each issuer (before: a JSON state file beside the store).

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_entries",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("entry_key", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("category", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("listed", sa.Boolean(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issuer", sa.String(length=64), nullable=False),
        sa.Column("provenance", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_feed_entries_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "entry_key", name=op.f("pk_feed_entries")),
    )
    op.create_index(op.f("ix_feed_entries_org_id_kind"), "feed_entries", ["org_id", "kind"], unique=False)
    op.create_table(
        "feed_versions",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("issuer", sa.String(length=64), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("imported_by", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_feed_versions_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "issuer", name=op.f("pk_feed_versions")),
    )


def downgrade() -> None:
    op.drop_table("feed_versions")
    op.drop_index(op.f("ix_feed_entries_org_id_kind"), table_name="feed_entries")
    op.drop_table("feed_entries")
