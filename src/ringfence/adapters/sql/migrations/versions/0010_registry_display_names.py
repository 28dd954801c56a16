"""The display name a trusted enterprise number is shown with (a bank's name on the callee's screen),
kept beside the trunks in the registry entry; other list entries leave it null.

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("list_entries", sa.Column("display_name", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("list_entries") as batch:
        batch.drop_column("display_name")
