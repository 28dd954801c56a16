"""The tables, as SQLAlchemy Core metadata (the migrations in ``migrations/`` create exactly these).

Every tenant-owned row carries ``org_id``, and every query of the store filters on it: tenancy is a
column, not a convention. Records keep their natural ids with the organisation as the key, so the
same call delivered twice (in one upload or across uploads) is stored once.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from ringfence.adapters.sql.types import UtcDateTime

__all__ = [
    "api_keys",
    "audit_log",
    "calls",
    "case_comments",
    "case_evidence",
    "case_labels",
    "cases",
    "complaints",
    "console_sessions",
    "decisions",
    "dispatches",
    "disposition_history",
    "dispositions",
    "feed_entries",
    "feed_versions",
    "fraud_reports",
    "hits",
    "list_entries",
    "messages",
    "metadata",
    "orgs",
    "outbox",
    "quarantine",
    "restricted_holders",
    "risk_changes",
    "risk_seq",
    "runs",
    "subscribers",
    "tag_appeals",
    "tag_evidence",
    "tag_overrides",
    "tags",
]

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _org() -> Column[str]:
    return Column("org_id", String(64), ForeignKey("orgs.id"), nullable=False)


orgs = Table(
    "orgs",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
)

api_keys = Table(
    "api_keys",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("lookup", String(16), nullable=False, unique=True),
    Column("key_hash", String(64), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("revoked_at", UtcDateTime(), nullable=True),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", UtcDateTime(), nullable=False),
    Column("org_id", String(64), nullable=False, index=True),
    Column("actor", String(300), nullable=False),
    Column("action", String(64), nullable=False),
    Column("target", String(300), nullable=False),
    Column("detail", Text, nullable=False),
    Index(None, "org_id", "target"),
)

calls = Table(
    "calls",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("call_id", String(128), primary_key=True),
    Column("caller", String(64), nullable=False),
    Column("callee", String(64), nullable=False),
    Column("start_time", UtcDateTime(), nullable=False),
    Column("duration_s", Integer, nullable=False),
    Column("origin", String(16)),
    Column("caller_imei", String(32)),
    Column("caller_imsi", String(32)),
    Column("caller_cell", String(64)),
    Column("caller_region", String(64)),
    Column("call_type", String(8)),
    Index(None, "org_id", "caller", "start_time"),
    Index(None, "org_id", "callee", "start_time"),
    Index(None, "org_id", "caller_imei", "caller", "start_time"),  # the handset pivot, covering (0011)
    Index(None, "org_id", "caller_cell", "caller", "start_time"),  # the cell pivot, covering (0011)
)

messages = Table(
    "messages",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("sms_id", String(128), primary_key=True),
    Column("sender", String(64), nullable=False),
    Column("receiver", String(64), nullable=False),
    Column("send_time", UtcDateTime(), nullable=False),
    Column("text", Text),
    Column("origin", String(16)),
    Column("sender_cell", String(64)),
    Index(None, "org_id", "sender", "send_time"),
    Index(None, "org_id", "receiver", "send_time"),
    Index(None, "org_id", "sender_cell", "sender", "send_time"),  # the cell pivot, covering (0011)
)

quarantine = Table(
    "quarantine",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("kind", String(16), nullable=False),
    Column("source", String(300), nullable=False),
    Column("line", Integer, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("policy_name", String(200), nullable=False),
    Column("policy_version", String(64), nullable=False),
    Column("started_at", UtcDateTime()),
    Column("finished_at", UtcDateTime()),
    Column("loaded_at", UtcDateTime(), nullable=False),
    Column("records_calls", Integer, nullable=False),
    Column("records_messages", Integer, nullable=False),
    Column("source", Text, nullable=False),
    Column("inputs", Text),  # JSON list of what was read (0003)
    Column("policy_text", Text),  # the policy and rules the run used, verbatim (0003)
    Column("rules_text", Text),
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("number_kind", String(32), nullable=False),
    Column("score", Float, nullable=False),
    Column("verdict", String(16), nullable=False),
    Column("rules", Text, nullable=False),
    Column("typology", String(32), nullable=False),
    Column("first_seen", UtcDateTime(), nullable=False),
    Column("detected_at", UtcDateTime(), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("outcome_by", String(300)),
    Column("outcome_at", UtcDateTime()),
    Column("assignee", String(300)),  # who works the alert (0011)
    Column("digest", String(64), index=True),  # SHA-256 of number (0002), for k-anonymous lookups
    Index(None, "org_id", "number"),
    Index(None, "org_id", "detected_at"),
    Index(None, "org_id", "outcome"),
)

hits = Table(
    "hits",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("rule", String(128), nullable=False),
    Column("event_time", UtcDateTime(), nullable=False),
    Column("weight", Float, nullable=False),
    Column("evidence", Text, nullable=False),
    Index(None, "org_id", "number"),
)

list_entries = Table(
    "list_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("list_name", String(16), nullable=False),
    Column("kind", String(8), nullable=False),
    Column("value", String(2048), nullable=False),
    Column("label", String(64), nullable=False),
    Column("sharing", String(16), nullable=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(300), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("digest", String(64), index=True),  # SHA-256 of value (0002), for k-anonymous lookups
    Column("display_name", Text),  # trusted numbers: the name shown to the callee (0010)
    UniqueConstraint("org_id", "list_name", "kind", "value", "label"),
    Index(None, "kind", "value"),
    sqlite_autoincrement=True,  # an id a client holds never names a later entry (0014)
)

cases = Table(
    "cases",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("number", String(64), nullable=False),
    Column("title", String(300), nullable=False),
    Column("status", String(16), nullable=False),
    Column("note", Text, nullable=False),
    Column("opened_by", String(300), nullable=False),
    Column("opened_at", UtcDateTime(), nullable=False),
    # 0006: case management
    Column("assignee", String(300), nullable=False, server_default=""),
    Column("due_at", UtcDateTime()),
    Column("updated_at", UtcDateTime()),
    Column("closed_at", UtcDateTime()),
    Column("outcome", String(32), nullable=False, server_default=""),
    Index(None, "org_id", "number"),
    Index(None, "org_id", "status"),
)

fraud_reports = Table(
    "fraud_reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("kind", String(8), nullable=False),
    Column("value", String(2048), nullable=False),
    Column("category", String(64), nullable=False),
    Column("note", Text, nullable=False),
    Column("reporter", String(300), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Index(None, "kind", "value"),
)

console_sessions = Table(  # 0003: console logins, so logging out ends a session for good
    "console_sessions",
    metadata,
    Column("id", String(64), primary_key=True),  # random; the signed cookie names it
    _org(),
    Column("key_id", Integer, ForeignKey("api_keys.id"), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("ended_at", UtcDateTime(), nullable=True),
)

# Dispositions (0005): the state in force per number, every transition, the change feed, the outbox.
dispositions = Table(
    "dispositions",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("number", String(64), primary_key=True),
    Column("state", String(32), nullable=False),
    Column("since", UtcDateTime(), nullable=False),
    Column("deadline", UtcDateTime()),
    Column("reason", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON: alerts, rules, note
    Column("grade", String(16), nullable=False),
    Column("measure", String(16)),
    Column("actor", String(300), nullable=False),
    Column("version", Integer, nullable=False),
    Column("escalated_at", UtcDateTime()),
    Index(None, "org_id", "state"),
    Index(None, "deadline"),
)

disposition_history = Table(
    "disposition_history",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("number", String(64), nullable=False),
    Column("version", Integer, nullable=False),
    Column("from_state", String(32), nullable=False),
    Column("to_state", String(32), nullable=False),
    Column("action", String(32), nullable=False),
    Column("actor", String(300), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("reason", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("grade", String(16), nullable=False),
    Column("deadline", UtcDateTime()),
    # one row per version: a second writer computing from the same state fails here
    UniqueConstraint("org_id", "number", "version"),
    Index(None, "org_id", "at"),
)

risk_seq = Table(
    "risk_seq",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("value", Integer, nullable=False),
)

risk_changes = Table(
    "risk_changes",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("org_id", String(64), nullable=False),
    Column("number", String(64), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("topic", String(32), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("key", String(300), nullable=False),
    Column("ordering_key", String(300)),
    Column("payload", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", UtcDateTime(), nullable=False),
    Column("lease_until", UtcDateTime()),
    Column("last_error", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("delivered_at", UtcDateTime()),
    UniqueConstraint("org_id", "key"),
    Index(None, "status", "next_attempt_at"),
    Index(None, "org_id", "topic", "status"),
    Index(None, "ordering_key"),
)

# Casework (0006): complaints, case comments and evidence, dispatches to member organisations, labels.
complaints = Table(
    "complaints",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("number", String(64), nullable=False),
    Column("channel", String(8), nullable=False),
    Column("category", String(32), nullable=False),
    Column("reported_at", UtcDateTime(), nullable=False),
    Column("received_at", UtcDateTime(), nullable=False),
    Column("reporter_hash", String(64), nullable=False),  # keyed hash: never the reporter in the clear
    Column("reporter_masked", String(64), nullable=False),
    Column("url", String(2048), nullable=False),
    Column("sms_text", Text, nullable=False),
    Column("note", Text, nullable=False),
    Column("dedupe_key", String(64), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id")),
    Column("score", Float, nullable=False),
    Column("fast_pathed_at", UtcDateTime()),
    UniqueConstraint("org_id", "dedupe_key"),
    Index(None, "number"),
    Index(None, "org_id", "received_at"),
)

case_comments = Table(
    "case_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("author", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("at", UtcDateTime(), nullable=False),
)

case_evidence = Table(
    "case_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ref", String(300), nullable=False),
    Column("added_by", String(300), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    UniqueConstraint("case_id", "kind", "ref"),
)

dispatches = Table(
    "dispatches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False, index=True),
    Column("from_org", String(64), ForeignKey("orgs.id"), nullable=False),
    Column("to_org", String(64), ForeignKey("orgs.id"), nullable=False),
    Column("number", String(64), nullable=False),
    Column("question", Text, nullable=False),
    Column("deadline", UtcDateTime(), nullable=False),
    Column("sent_by", String(300), nullable=False),
    Column("sent_at", UtcDateTime(), nullable=False),
    Column("answer", String(32)),
    Column("note", Text, nullable=False),
    Column("answered_by", String(300)),
    Column("answered_at", UtcDateTime()),
    Column("escalated_at", UtcDateTime()),  # the deadline passed unanswered and was escalated
    Index(None, "to_org", "answer"),
)

case_labels = Table(
    "case_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("number", String(64), nullable=False),
    Column("label", String(16), nullable=False),
    Column("case_id", Integer, ForeignKey("cases.id"), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Index(None, "org_id", "number"),
)

# Warnings (0007): people fraud reached, told once per key, with the state of delivery.
warnings = Table(
    "warnings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("key", String(300), nullable=False),
    Column("number", String(64), nullable=False),
    Column("fraud_number", String(64), nullable=False),
    Column("channel", String(32), nullable=False),
    Column("notify", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("risk", Float, nullable=False),
    Column("reason", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("evidence", Text, nullable=False),
    Column("status", String(16), nullable=False),
    Column("report", Text),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("org_id", "key"),
    Index(None, "org_id", "number"),
    Index(None, "org_id", "fraud_number"),
    Index(None, "org_id", "notify"),
    Index(None, "org_id", "created_at"),
)

# Holders (0008): subscriber feeds of every member operator (one-ID lookup, card-opening checks) and
# holders restricted for fraud (涉诈失信). ``id_hash`` is a keyed hash, never an identity number.
subscribers = Table(
    "subscribers",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("number", String(64), primary_key=True),
    Column("id_hash", Text),
    Column("operator", Text),
    Column("card_type", String(16)),
    Column("activated_at", UtcDateTime()),
    Column("home_region", Text),
    Column("birth_year", Integer),
    Column("guardians", Text),
    Column("channel", Text),
    Column("province", Text),
    Column("updated_at", UtcDateTime(), nullable=False),
    Index(None, "id_hash"),
    Index(None, "channel", "activated_at"),
)

restricted_holders = Table(
    "restricted_holders",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),
    Column("id_hash", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("listed_by", String(300), nullable=False),
    Column("listed_at", UtcDateTime(), nullable=False),
    Column("lifted_at", UtcDateTime()),
    Index(None, "id_hash"),
)

# Tags with a lifecycle (0012, ``ringfence.intel.tags``): one active tag per number and category in the
# global view, held by the organisation that tagged it first; evidence from every source, appeals with
# outcomes, and each organisation's overrides of its own view.
tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _org(),  # the owner: the organisation that holds the tag in the global view
    Column("number", String(64), nullable=False),
    Column("category", String(64), nullable=False),
    Column("holder", Text),  # id_hash of the holder when the tag was made, if known
    Column("state", String(16), nullable=False),
    Column("created_by", String(300), nullable=False),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("changed_at", UtcDateTime()),
    Column("version", Integer, nullable=False),
    # at most one active tag per number and category: two organisations tagging alike add evidence
    Index(
        "uq_tags_active_number_category",
        "number",
        "category",
        unique=True,
        sqlite_where=text("state = 'active'"),
        postgresql_where=text("state = 'active'"),
    ),
    Index(None, "number"),
)

tag_evidence = Table(
    "tag_evidence",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tag_id", Integer, ForeignKey("tags.id"), nullable=False, index=True),
    _org(),  # the organisation that added it
    Column("source", String(300), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("stance", String(16), nullable=False),
    Column("at", UtcDateTime(), nullable=False),
    Column("note", Text, nullable=False),
    Column("added_by", String(300), nullable=False),
)

tag_appeals = Table(
    "tag_appeals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("tag_id", Integer, ForeignKey("tags.id"), nullable=False),
    Column("ordinal", Integer, nullable=False),  # the appeal's place in the tag's appeals
    _org(),  # the organisation that filed it
    Column("by", String(300), nullable=False),
    Column("grounds", Text, nullable=False),
    Column("filed_at", UtcDateTime(), nullable=False),
    Column("outcome", String(16), nullable=False),
    Column("decided_at", UtcDateTime()),
    Column("decided_by", String(300)),
    UniqueConstraint("tag_id", "ordinal"),
)

tag_overrides = Table(
    "tag_overrides",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("number", String(64), primary_key=True),
    Column("category", String(64), primary_key=True),
    Column("hide", Boolean, nullable=False),
    Column("pinned", Float),
    Column("reason", Text, nullable=False),
    Column("set_by", String(300), nullable=False),
    Column("set_at", UtcDateTime(), nullable=False),
    Index(None, "number"),
)

# Feeds (0013): entries of signed feeds an organisation imported, merged (one row per organisation and
# entry key, with the provenance of every feed that carried it), and the newest version imported from
# each issuer (a feed not newer is a replay or a rollback and is refused).
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("entry_key", String(64), primary_key=True),  # SHA-256 of kind, value and category
    Column("kind", String(32), nullable=False),
    Column("value", Text, nullable=False),
    Column("category", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("listed", Boolean, nullable=False),
    Column("version", BigInteger, nullable=False),
    Column("updated_at", UtcDateTime(), nullable=False),
    Column("issuer", String(64), nullable=False),
    Column("provenance", Text, nullable=False),  # JSON: [{org, source, at}]
    Index(None, "org_id", "kind"),
)

feed_versions = Table(
    "feed_versions",
    metadata,
    Column("org_id", String(64), ForeignKey("orgs.id"), primary_key=True),
    Column("issuer", String(64), primary_key=True),
    Column("version", BigInteger, nullable=False),
    Column("imported_at", UtcDateTime(), nullable=False),
    Column("imported_by", String(300), nullable=False),
)
