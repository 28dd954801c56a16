"""Indexes for the console's investigation pivots, and an assignee on alerts.

A number page pivots from a handset (IMEI) or a cell to the other numbers seen there; without an index
on the handset and cell columns each pivot scans every record of the organisation. Alerts get an
``assignee`` so the queue can be shared out (bulk assignment is audited like every other change).

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # covering: a pivot groups the numbers seen on a handset or in a cell with their first and last
    # times from the index alone (a busy cell has thousands of records to fetch otherwise)
    op.create_index(
        op.f("ix_calls_org_id_caller_imei_caller_start_time"),
        "calls",
        ["org_id", "caller_imei", "caller", "start_time"],
        unique=False,
    )
    op.create_index(
        op.f("ix_calls_org_id_caller_cell_caller_start_time"),
        "calls",
        ["org_id", "caller_cell", "caller", "start_time"],
        unique=False,
    )
    op.create_index(
        op.f("ix_messages_org_id_sender_cell_sender_send_time"),
        "messages",
        ["org_id", "sender_cell", "sender", "send_time"],
        unique=False,
    )
    with op.batch_alter_table("decisions") as batch:
        batch.add_column(sa.Column("assignee", sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("decisions") as batch:
        batch.drop_column("assignee")
    op.drop_index(op.f("ix_messages_org_id_sender_cell_sender_send_time"), table_name="messages")
    op.drop_index(op.f("ix_calls_org_id_caller_cell_caller_start_time"), table_name="calls")
    op.drop_index(op.f("ix_calls_org_id_caller_imei_caller_start_time"), table_name="calls")
