"""Casework: complaints, case management, dispatches to member organisations, case labels.

Adds to ``cases`` an assignee, an SLA due time, update and close times and the outcome dispatches
gave; creates ``complaints`` (deduplicated per organisation by reporter, number and category; the
reporter only as a keyed hash and a masked form), ``case_comments``, ``case_evidence``, ``dispatches``
(verification questions to another organisation and their answers) and ``case_labels`` (the labels
closed cases give their numbers). Existing cases keep their status; their new columns start empty.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("assignee", sa.String(length=300), nullable=False, server_default=""))
        batch.add_column(sa.Column("due_at", _TS, nullable=True))
        batch.add_column(sa.Column("updated_at", _TS, nullable=True))
        batch.add_column(sa.Column("closed_at", _TS, nullable=True))
        batch.add_column(sa.Column("outcome", sa.String(length=32), nullable=False, server_default=""))
    op.create_index(op.f("ix_cases_org_id_status"), "cases", ["org_id", "status"])

    op.create_table(
        "complaints",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("reported_at", _TS, nullable=False),
        sa.Column("received_at", _TS, nullable=False),
        sa.Column("reporter_hash", sa.String(length=64), nullable=False),
        sa.Column("reporter_masked", sa.String(length=64), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("sms_text", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("fast_pathed_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_complaints_org_id_orgs")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_complaints_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_complaints")),
        sa.UniqueConstraint("org_id", "dedupe_key", name=op.f("uq_complaints_org_id_dedupe_key")),
    )
    op.create_index(op.f("ix_complaints_number"), "complaints", ["number"])
    op.create_index(op.f("ix_complaints_org_id_received_at"), "complaints", ["org_id", "received_at"])

    op.create_table(
        "case_comments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("author", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_case_comments_org_id_orgs")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_comments_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_comments")),
    )
    op.create_index(op.f("ix_case_comments_case_id"), "case_comments", ["case_id"])

    op.create_table(
        "case_evidence",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("ref", sa.String(length=300), nullable=False),
        sa.Column("added_by", sa.String(length=300), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_case_evidence_org_id_orgs")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_evidence_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_evidence")),
        sa.UniqueConstraint("case_id", "kind", "ref", name=op.f("uq_case_evidence_case_id_kind_ref")),
    )

    op.create_table(
        "dispatches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_org", sa.String(length=64), nullable=False),
        sa.Column("to_org", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("deadline", _TS, nullable=False),
        sa.Column("sent_by", sa.String(length=300), nullable=False),
        sa.Column("sent_at", _TS, nullable=False),
        sa.Column("answer", sa.String(length=32), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("answered_by", sa.String(length=300), nullable=True),
        sa.Column("answered_at", _TS, nullable=True),
        sa.Column("escalated_at", _TS, nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_dispatches_case_id_cases")),
        sa.ForeignKeyConstraint(["from_org"], ["orgs.id"], name=op.f("fk_dispatches_from_org_orgs")),
        sa.ForeignKeyConstraint(["to_org"], ["orgs.id"], name=op.f("fk_dispatches_to_org_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dispatches")),
    )
    op.create_index(op.f("ix_dispatches_case_id"), "dispatches", ["case_id"])
    op.create_index(op.f("ix_dispatches_to_org_answer"), "dispatches", ["to_org", "answer"])

    op.create_table(
        "case_labels",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=16), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("at", _TS, nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_case_labels_org_id_orgs")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_labels_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_labels")),
    )
    op.create_index(op.f("ix_case_labels_org_id_number"), "case_labels", ["org_id", "number"])


def downgrade() -> None:
    op.drop_index(op.f("ix_case_labels_org_id_number"), table_name="case_labels")
    op.drop_table("case_labels")
    op.drop_index(op.f("ix_dispatches_to_org_answer"), table_name="dispatches")
    op.drop_index(op.f("ix_dispatches_case_id"), table_name="dispatches")
    op.drop_table("dispatches")
    op.drop_table("case_evidence")
    op.drop_index(op.f("ix_case_comments_case_id"), table_name="case_comments")
    op.drop_table("case_comments")
    op.drop_index(op.f("ix_complaints_org_id_received_at"), table_name="complaints")
    op.drop_index(op.f("ix_complaints_number"), table_name="complaints")
    op.drop_table("complaints")
    op.drop_index(op.f("ix_cases_org_id_status"), table_name="cases")
    with op.batch_alter_table("cases") as batch:
        for column in ("outcome", "closed_at", "updated_at", "due_at", "assignee"):
            batch.drop_column(column)
