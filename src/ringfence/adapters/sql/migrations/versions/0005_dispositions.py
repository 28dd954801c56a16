"""Dispositions: the state in force per number, every transition, the risk change feed, the outbox.

Adds ``dispositions`` (one row per organisation and number), ``disposition_history`` (one row per
transition, unique per version), ``risk_seq`` + ``risk_changes`` (the change feed screening follows)
and ``outbox`` (messages owed to provisioning systems and notification channels).

The old ``actions`` table (suspend/restrict/label notes with no lifecycle) is folded into the history:
each of its rows becomes a transition from the state the number's previous action left it in (the
first from ``active``), reason = its note, and the last one becomes the number's disposition. Imported
disposals get no verification deadline (no clock was running when they were made), so upgrading does
not escalate them all at once. The table is then dropped. Downgrade recreates ``actions`` from the
history's suspend/restrict/label rows and drops the new tables.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_STATE_OF = {"suspend": "suspended", "restrict": "restricted", "label": "labelled"}
_LEGACY = sa.table(
    "actions",
    sa.column("id", sa.Integer()),
    sa.column("org_id", sa.String()),
    sa.column("number", sa.String()),
    sa.column("action", sa.String()),
    sa.column("note", sa.Text()),
    sa.column("actor", sa.String()),
    sa.column("at", sa.DateTime(timezone=True)),
)


def _tables() -> tuple[sa.Table, sa.Table]:
    meta = sa.MetaData()
    history = sa.Table(
        "disposition_history",
        meta,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("org_id", sa.String(64)),
        sa.Column("number", sa.String(64)),
        sa.Column("version", sa.Integer()),
        sa.Column("from_state", sa.String(32)),
        sa.Column("to_state", sa.String(32)),
        sa.Column("action", sa.String(32)),
        sa.Column("actor", sa.String(300)),
        sa.Column("at", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text()),
        sa.Column("evidence", sa.Text()),
        sa.Column("grade", sa.String(16)),
        sa.Column("deadline", sa.DateTime(timezone=True)),
    )
    current = sa.Table(
        "dispositions",
        meta,
        sa.Column("org_id", sa.String(64)),
        sa.Column("number", sa.String(64)),
        sa.Column("state", sa.String(32)),
        sa.Column("since", sa.DateTime(timezone=True)),
        sa.Column("deadline", sa.DateTime(timezone=True)),
        sa.Column("reason", sa.Text()),
        sa.Column("evidence", sa.Text()),
        sa.Column("grade", sa.String(16)),
        sa.Column("measure", sa.String(16)),
        sa.Column("actor", sa.String(300)),
        sa.Column("version", sa.Integer()),
        sa.Column("escalated_at", sa.DateTime(timezone=True)),
    )
    return history, current


def upgrade() -> None:
    op.create_table(
        "dispositions",
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("measure", sa.String(length=16), nullable=True),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_dispositions_org_id_orgs")),
        sa.PrimaryKeyConstraint("org_id", "number", name=op.f("pk_dispositions")),
    )
    op.create_index(op.f("ix_dispositions_org_id_state"), "dispositions", ["org_id", "state"])
    op.create_index(op.f("ix_dispositions_deadline"), "dispositions", ["deadline"])

    op.create_table(
        "disposition_history",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=False),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("actor", sa.String(length=300), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_disposition_history_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disposition_history")),
        sa.UniqueConstraint(
            "org_id", "number", "version", name=op.f("uq_disposition_history_org_id_number_version")
        ),
    )
    op.create_index(op.f("ix_disposition_history_org_id_at"), "disposition_history", ["org_id", "at"])

    op.create_table(
        "risk_seq",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_seq")),
    )
    op.execute("INSERT INTO risk_seq (id, value) VALUES (1, 0)")
    op.create_table(
        "risk_changes",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_risk_changes")),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("org_id", sa.String(length=64), nullable=False),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("ordering_key", sa.String(length=300), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_outbox_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("org_id", "key", name=op.f("uq_outbox_org_id_key")),
    )
    op.create_index(op.f("ix_outbox_status_next_attempt_at"), "outbox", ["status", "next_attempt_at"])
    op.create_index(op.f("ix_outbox_org_id_topic_status"), "outbox", ["org_id", "topic", "status"])
    op.create_index(op.f("ix_outbox_ordering_key"), "outbox", ["ordering_key"])

    _import_legacy_actions()
    op.drop_index(op.f("ix_actions_org_id_number"), table_name="actions")
    op.drop_table("actions")


def _import_legacy_actions() -> None:
    conn = op.get_bind()
    history, current = _tables()
    rows = conn.execute(sa.select(_LEGACY).order_by(_LEGACY.c.id)).all()
    last: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        key = (r.org_id, r.number)
        before = last.get(key)
        state = _STATE_OF.get(r.action, "suspended")
        evidence = json.dumps({"alerts": [], "rules": [], "note": f"imported from actions #{r.id}"})
        version = (before["version"] if before else 0) + 1
        conn.execute(
            history.insert().values(
                org_id=r.org_id,
                number=r.number,
                version=version,
                from_state=before["state"] if before else "active",
                to_state=state,
                action=r.action,
                actor=r.actor,
                at=r.at,
                reason=r.note,
                evidence=evidence,
                grade="medium",
                deadline=None,
            )
        )
        last[key] = {
            "org_id": r.org_id,
            "number": r.number,
            "state": state,
            "since": r.at,
            "deadline": None,
            "reason": r.note,
            "evidence": evidence,
            "grade": "medium",
            "measure": r.action,
            "actor": r.actor,
            "version": version,
            "escalated_at": None,
        }
    for values in last.values():
        conn.execute(current.insert().values(**values))


def downgrade() -> None:
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
    history, _ = _tables()
    conn = op.get_bind()
    disposals = (
        sa.select(history.c.org_id, history.c.number, history.c.action, history.c.reason, history.c.actor)
        .add_columns(history.c.at)
        .where(history.c.action.in_(list(_STATE_OF)))
        .order_by(history.c.id)
    )
    for r in conn.execute(disposals):
        conn.execute(
            _LEGACY.insert().values(
                org_id=r.org_id, number=r.number, action=r.action, note=r.reason, actor=r.actor, at=r.at
            )
        )

    op.drop_index(op.f("ix_outbox_ordering_key"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_org_id_topic_status"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_status_next_attempt_at"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("risk_changes")
    op.drop_table("risk_seq")
    op.drop_index(op.f("ix_disposition_history_org_id_at"), table_name="disposition_history")
    op.drop_table("disposition_history")
    op.drop_index(op.f("ix_dispositions_deadline"), table_name="dispositions")
    op.drop_index(op.f("ix_dispositions_org_id_state"), table_name="dispositions")
    op.drop_table("dispositions")
