"""A run keeps what it read and the policy and rules it ran with.

Adds ``inputs`` (JSON list), ``policy_text`` and ``rules_text`` to ``runs``: a verdict can then be
explained, and reproduced, from the store alone, even after the policy file has changed. Runs stored
before stay with the columns empty. Downgrade drops them.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COLUMNS = ("inputs", "policy_text", "rules_text")


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        for name in _COLUMNS:
            batch.drop_column(name)
