"""Lists (blacklist, whitelist, tags) with sharing, and fraud reports (cases: ``cases``)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, insert, or_, select

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.changes import SqlRiskChanges, list_entry
from ringfence.domain.access import Sharing
from ringfence.domain.casework import ListEntry
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.domain.digests import digest, prefix_range

__all__ = ["SqlCasework"]


class SqlCasework(SqlRiskChanges):
    """Every write that changes how a number is screened appends its risk change in the same
    transaction (``ringfence.domain.changes``)."""

    def add_entry(
        self,
        org: str,
        list_name: str,
        kind: str,
        value: str,
        label: str,
        sharing: str,
        reason: str,
        actor: str,
        at: datetime,
        display_name: str = "",
    ) -> int:
        """Add an entry (idempotent per org, list, kind, value and label); returns its id."""
        c = t.list_entries.c
        with self.engine.begin() as conn:
            same = (
                c.org_id == org,
                c.list_name == list_name,
                c.kind == kind,
                c.value == value,
                c.label == label,
            )
            existing = conn.execute(select(c.id).where(*same)).scalar()
            if existing is not None:
                return int(existing)
            entry_id = new_id(
                conn.execute(
                    insert(t.list_entries).values(
                        org_id=org,
                        list_name=list_name,
                        kind=kind,
                        value=value,
                        label=label,
                        sharing=sharing,
                        reason=reason,
                        created_by=actor,
                        created_at=at,
                        digest=digest(value),
                        display_name=display_name or None,
                    )
                )
            )
            self._audit(
                conn,
                org,
                actor,
                "list.add",
                f"{list_name}:{kind}:{value}",
                {"id": entry_id, "label": label, "sharing": sharing, "reason": reason}
                | ({"display_name": display_name} if display_name else {}),
                at,
            )
            if feeds(kind, value):
                self._record_change(conn, org, value, ChangeKind.LIST.value, at)
            return entry_id

    def remove_entry(self, org: str, entry_id: int, actor: str, at: datetime) -> bool:
        c = t.list_entries.c
        with self.engine.begin() as conn:
            row = conn.execute(select(t.list_entries).where(c.org_id == org, c.id == entry_id)).first()
            if row is None:
                return False
            conn.execute(delete(t.list_entries).where(c.id == entry_id))
            self._audit(
                conn,
                org,
                actor,
                "list.remove",
                f"{row.list_name}:{row.kind}:{row.value}",
                {"id": entry_id, "label": row.label, "sharing": row.sharing},
                at,
            )
            if feeds(row.kind, row.value):
                self._record_change(conn, org, row.value, ChangeKind.LIST.value, at)
            return True

    def entries(
        self,
        viewer_org: str,
        list_name: str | None = None,
        kind: str | None = None,
        value: str | None = None,
    ) -> list[ListEntry]:
        """Entries the viewer may see: its own and every organisation's shared ones."""
        c = t.list_entries.c
        q = select(t.list_entries).where(or_(c.org_id == viewer_org, c.sharing == Sharing.SHARED.value))
        if list_name:
            q = q.where(c.list_name == list_name)
        if kind:
            q = q.where(c.kind == kind)
        if value is not None:
            q = q.where(c.value == value)
        q = q.order_by(c.created_at.desc(), c.id.desc())
        with self.engine.connect() as conn:
            return [list_entry(r) for r in conn.execute(q)]

    def entries_by_digest(self, viewer_org: str, prefix: str) -> list[tuple[str, ListEntry]]:
        """Visible entries whose value digest starts with ``prefix``, with their full digest."""
        c = t.list_entries.c
        low, high = prefix_range(prefix)
        q = (
            select(t.list_entries)
            .where(
                or_(c.org_id == viewer_org, c.sharing == Sharing.SHARED.value),
                c.digest >= low,
                c.digest < high,
            )
            .order_by(c.digest, c.id)
        )
        with self.engine.connect() as conn:
            return [(r.digest, list_entry(r)) for r in conn.execute(q)]

    def add_fraud_report(
        self, org: str, kind: str, value: str, category: str, note: str, actor: str, at: datetime
    ) -> int:
        with self.engine.begin() as conn:
            report_id = new_id(
                conn.execute(
                    insert(t.fraud_reports).values(
                        org_id=org,
                        kind=kind,
                        value=value,
                        category=category,
                        note=note,
                        reporter=actor,
                        at=at,
                    )
                )
            )
            self._audit(conn, org, actor, "report.fraud", f"{kind}:{value}", {"category": category}, at)
            if feeds(kind, value):
                self._record_change(conn, org, value, ChangeKind.REPORT.value, at)
            return report_id

    def fraud_report_count(self, kind: str, value: str) -> int:
        """Reports from every organisation count: a report is a signal, not tenant data."""
        c = t.fraud_reports.c
        q = select(func.count()).select_from(t.fraud_reports).where(c.kind == kind, c.value == value)
        with self.engine.connect() as conn:
            return int(conn.execute(q).scalar_one())
