"""An index on the audit log by target, so a number page reads its comments and alert outcomes (the
console's audit-backed thread) without scanning the organisation's whole log.

Revision ID: 0011
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_audit_log_org_id_target"), "audit_log", ["org_id", "target"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_org_id_target"), table_name="audit_log")
