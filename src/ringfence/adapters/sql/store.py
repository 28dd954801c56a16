"""``SqlStore``: every storage port on one engine, SQLite or PostgreSQL."""

from __future__ import annotations

from ringfence.adapters.sql.cases import SqlCases
from ringfence.adapters.sql.casework import SqlCasework
from ringfence.adapters.sql.complaints import SqlComplaints
from ringfence.adapters.sql.decisions import SqlDecisions
from ringfence.adapters.sql.dispositions import SqlDispositions
from ringfence.adapters.sql.feeds import SqlFeeds
from ringfence.adapters.sql.holders import SqlHolders
from ringfence.adapters.sql.records import SqlRecords
from ringfence.adapters.sql.sessions import SqlSessions
from ringfence.adapters.sql.tags import SqlTags
from ringfence.adapters.sql.warnings import SqlWarnings

__all__ = ["SqlStore"]


class SqlStore(
    SqlRecords,
    SqlDecisions,
    SqlCasework,
    SqlCases,
    SqlComplaints,
    SqlSessions,
    SqlWarnings,
    SqlDispositions,
    SqlHolders,
    SqlTags,
    SqlFeeds,
):
    """Implements ``ringfence.ports.store.Store``; the contract tests run it on both backends."""
