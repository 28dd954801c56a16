"""Warnings: people fraud reached, one row per idempotency key, with the state of delivery.

Revision ID: 0007
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warnings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("fraud_number", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("notify", sa.String(length=64), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("risk", sa.Float(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("report", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_warnings_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_warnings")),
        sa.UniqueConstraint("org_id", "key", name=op.f("uq_warnings_org_id_key")),
    )
    op.create_index(op.f("ix_warnings_org_id_number"), "warnings", ["org_id", "number"])
    op.create_index(op.f("ix_warnings_org_id_fraud_number"), "warnings", ["org_id", "fraud_number"])
    op.create_index(op.f("ix_warnings_org_id_notify"), "warnings", ["org_id", "notify"])
    op.create_index(op.f("ix_warnings_org_id_created_at"), "warnings", ["org_id", "created_at"])


def downgrade() -> None:
    for name in ("created_at", "notify", "fraud_number", "number"):
        op.drop_index(op.f(f"ix_warnings_org_id_{name}"), table_name="warnings")
    op.drop_table("warnings")
