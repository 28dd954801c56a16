"""Holders: the subscriber feeds of member operators (one-ID lookup, card-opening checks) and holders
restricted for fraud (涉诈失信).

Revision ID: 0008
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "subscribers",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("id_hash", sa.Text(), nullable=True),
        sa.Column("operator", sa.Text(), nullable=True),
        sa.Column("card_type", sa.String(length=16), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("home_region", sa.Text(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("guardians", sa.Text(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("province", sa.Text(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_subscribers_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "number", name=op.f("pk_subscribers")),
    )
    op.create_index(op.f("ix_subscribers_id_hash"), "subscribers", ["id_hash"], unique=False)
    op.create_index(
        op.f("ix_subscribers_channel_activated_at"), "subscribers", ["channel", "activated_at"], unique=False
    )
    op.create_table(
        "restricted_holders",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("id_hash", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("listed_by", sa.String(length=300), nullable=False),
        sa.Column("listed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lifted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_restricted_holders_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restricted_holders")),
    )
    op.create_index(op.f("ix_restricted_holders_id_hash"), "restricted_holders", ["id_hash"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_restricted_holders_id_hash"), table_name="restricted_holders")
    op.drop_table("restricted_holders")
    op.drop_index(op.f("ix_subscribers_channel_activated_at"), table_name="subscribers")
    op.drop_index(op.f("ix_subscribers_id_hash"), table_name="subscribers")
    op.drop_table("subscribers")
