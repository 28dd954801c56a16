"""Initial schema: organisations, keys, audit log, records, runs, decisions, lists, cases, actions.

The audit log is made append-only in the database itself (triggers refuse UPDATE and DELETE), so no
code path, bug or hand-typed SQL session can rewrite history.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_org_id"), "audit_log", ["org_id"], unique=False)

    op.create_table(
        "orgs",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orgs")),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_actions_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
    )
    op.create_index(op.f("ix_actions_org_id_number"), "actions", ["org_id", "number"], unique=False)

    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("lookup", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_api_keys_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("lookup", name=op.f("uq_api_keys_lookup")),
    )
    op.create_table(
        "calls",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("call_id", sa.String(length=128), nullable=False),
        sa.Column("caller", sa.String(length=64), nullable=False),
        sa.Column("callee", sa.String(length=64), nullable=False),
        sa.Column("start_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_s", sa.Integer(), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=True),
        sa.Column("caller_imei", sa.String(length=32), nullable=True),
        sa.Column("caller_imsi", sa.String(length=32), nullable=True),
        sa.Column("caller_cell", sa.String(length=64), nullable=True),
        sa.Column("caller_region", sa.String(length=64), nullable=True),
        sa.Column("call_type", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_calls_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "call_id", name=op.f("pk_calls")),
    )
    op.create_index(
        op.f("ix_calls_org_id_callee_start_time"), "calls", ["org_id", "callee", "start_time"], unique=False
    )
    op.create_index(
        op.f("ix_calls_org_id_caller_start_time"), "calls", ["org_id", "caller", "start_time"], unique=False
    )

    op.create_table(
        "cases",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("opened_by", sa.String(length=300), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_cases_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
    )
    op.create_index(op.f("ix_cases_org_id_number"), "cases", ["org_id", "number"], unique=False)

    op.create_table(
        "fraud_reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=2048), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("reporter", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_fraud_reports_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fraud_reports")),
    )
    op.create_index(op.f("ix_fraud_reports_kind_value"), "fraud_reports", ["kind", "value"], unique=False)

    op.create_table(
        "list_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("list_name", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("value", sa.String(length=2048), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("sharing", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_list_entries_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_entries")),
        sa.UniqueConstraint(
            "org_id",
            "list_name",
            "kind",
            "value",
            "label",
            name=op.f("uq_list_entries_org_id_list_name_kind_value_label"),
        ),
    )
    op.create_index(op.f("ix_list_entries_kind_value"), "list_entries", ["kind", "value"], unique=False)

    op.create_table(
        "messages",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("sms_id", sa.String(length=128), nullable=False),
        sa.Column("sender", sa.String(length=64), nullable=False),
        sa.Column("receiver", sa.String(length=64), nullable=False),
        sa.Column("send_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=True),
        sa.Column("sender_cell", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_messages_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "sms_id", name=op.f("pk_messages")),
    )
    op.create_index(
        op.f("ix_messages_org_id_receiver_send_time"),
        "messages",
        ["org_id", "receiver", "send_time"],
        unique=False,
    )
    op.create_index(
        op.f("ix_messages_org_id_sender_send_time"),
        "messages",
        ["org_id", "sender", "send_time"],
        unique=False,
    )

    op.create_table(
        "quarantine",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("line", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_quarantine_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantine")),
    )
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("policy_name", sa.String(length=200), nullable=False),
        sa.Column("policy_version", sa.String(length=64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("records_calls", sa.Integer(), nullable=False),
        sa.Column("records_messages", sa.Integer(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_runs_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_runs")),
    )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("number_kind", sa.String(length=32), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("rules", sa.Text(), nullable=False),
        sa.Column("typology", sa.String(length=32), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("detected_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("outcome_by", sa.String(length=300), nullable=True),
        sa.Column("outcome_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_decisions_org_id_orgs")),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_decisions_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
    )
    op.create_index(
        op.f("ix_decisions_org_id_detected_at"), "decisions", ["org_id", "detected_at"], unique=False
    )
    op.create_index(op.f("ix_decisions_org_id_number"), "decisions", ["org_id", "number"], unique=False)
    op.create_index(op.f("ix_decisions_org_id_outcome"), "decisions", ["org_id", "outcome"], unique=False)

    op.create_table(
        "hits",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_hits_org_id_orgs")),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], name=op.f("fk_hits_run_id_runs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hits")),
    )
    op.create_index(op.f("ix_hits_org_id_number"), "hits", ["org_id", "number"], unique=False)
    _audit_append_only()


def downgrade() -> None:
    _drop_audit_append_only()
    op.drop_index(op.f("ix_hits_org_id_number"))

    op.drop_table("hits")
    op.drop_index(op.f("ix_decisions_org_id_outcome"))
    op.drop_index(op.f("ix_decisions_org_id_number"))
    op.drop_index(op.f("ix_decisions_org_id_detected_at"))

    op.drop_table("decisions")
    op.drop_table("runs")
    op.drop_table("quarantine")
    op.drop_index(op.f("ix_messages_org_id_sender_send_time"))
    op.drop_index(op.f("ix_messages_org_id_receiver_send_time"))

    op.drop_table("messages")
    op.drop_index(op.f("ix_list_entries_kind_value"))

    op.drop_table("list_entries")
    op.drop_index(op.f("ix_fraud_reports_kind_value"))

    op.drop_table("fraud_reports")
    op.drop_index(op.f("ix_cases_org_id_number"))

    op.drop_table("cases")
    op.drop_index(op.f("ix_calls_org_id_caller_start_time"))
    op.drop_index(op.f("ix_calls_org_id_callee_start_time"))

    op.drop_table("calls")
    op.drop_table("api_keys")
    op.drop_index(op.f("ix_actions_org_id_number"))

    op.drop_table("actions")
    op.drop_table("orgs")
    op.drop_index(op.f("ix_audit_log_org_id"))

    op.drop_table("audit_log")


_PG_FUNCTION = """
CREATE FUNCTION ringfence_audit_append_only() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$ LANGUAGE plpgsql
"""


def _audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_FUNCTION)
        op.execute(
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION ringfence_audit_append_only()"
        )
        return
    for event in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{event.lower()} BEFORE {event} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
        )


def _drop_audit_append_only() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS ringfence_audit_append_only()")
        return
    for event in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{event}")
