"""Tags with a lifecycle: tags, their evidence and appeals, and organisations' overrides.

One active tag per number and category (a partial unique index: delisted and recycled tags stay as
history, and the number can be tagged again later).

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_ACTIVE = sa.text("state = 'active'")


def upgrade() -> None:
    op.create_table(
        "tags",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("holder", sa.Text(), nullable=True),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_tags_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tags")),
    )
    op.create_index(
        "uq_tags_active_number_category",
        "tags",
        ["number", "category"],
        unique=True,
        sqlite_where=_ACTIVE,
        postgresql_where=_ACTIVE,
    )
    op.create_index(op.f("ix_tags_number"), "tags", ["number"], unique=False)
    op.create_table(
        "tag_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("added_by", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_tag_evidence_org_id_orgs")),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tag_evidence_tag_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag_evidence")),
    )
    op.create_index(op.f("ix_tag_evidence_tag_id"), "tag_evidence", ["tag_id"], unique=False)
    op.create_table(
        "tag_appeals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("tag_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("by", sa.String(length=300), nullable=False),
        sa.Column("grounds", sa.Text(), nullable=False),
        sa.Column("filed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_tag_appeals_org_id_orgs")),
        sa.ForeignKeyConstraint(["tag_id"], ["tags.id"], name=op.f("fk_tag_appeals_tag_id_tags")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tag_appeals")),
        sa.UniqueConstraint("tag_id", "ordinal", name=op.f("uq_tag_appeals_tag_id_ordinal")),
    )
    op.create_table(
        "tag_overrides",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("hide", sa.Boolean(), nullable=False),
        sa.Column("pinned", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by", sa.String(length=300), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_tag_overrides_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "number", "category", name=op.f("pk_tag_overrides")),
    )
    op.create_index(op.f("ix_tag_overrides_number"), "tag_overrides", ["number"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_tag_overrides_number"), table_name="tag_overrides")
    op.drop_table("tag_overrides")
    op.drop_table("tag_appeals")
    op.drop_index(op.f("ix_tag_evidence_tag_id"), table_name="tag_evidence")
    op.drop_table("tag_evidence")
    op.drop_index(op.f("ix_tags_number"), table_name="tags")
    op.drop_index("uq_tags_active_number_category", table_name="tags")
    op.drop_table("tags")
