"""Lists (blacklist, whitelist, tags) with sharing, and fraud reports (cases: ``cases``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, micros, utc
from ringfence.domain.access import Sharing
from ringfence.domain.casework import ListEntry
from ringfence.domain.changes import ChangeKind, feeds
from ringfence.domain.digests import digest

__all__ = ["MemoryCasework"]


@dataclass(frozen=True, slots=True)
class _Entry:
    value: ListEntry
    digest: str


@dataclass(frozen=True, slots=True)
class _Report:
    org: str
    kind: str
    value: str
    category: str
    note: str
    reporter: str
    at: datetime


class MemoryCasework(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._entries: Rows[_Entry] = Rows()
        self._entry_ids: dict[tuple[str, str, str, str, str], int] = {}  # the unique key -> id
        self._reports: Rows[_Report] = Rows()

    @locked
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
        same = (org, list_name, kind, value, label)
        if same in self._entry_ids:
            return self._entry_ids[same]
        self._require_org(org)
        entry_id = self._entries.next_id()
        entry = ListEntry(
            entry_id, org, list_name, kind, value, label, sharing, reason, actor, utc(at), display_name
        )
        detail = {"id": entry_id, "label": label, "sharing": sharing, "reason": reason}
        if display_name:
            detail["display_name"] = display_name
        self._audit(org, actor, "list.add", f"{list_name}:{kind}:{value}", detail, at)
        self._entry_ids[same] = entry_id
        if feeds(kind, value):
            self._record_change(org, value, ChangeKind.LIST.value, at)
        return self._entries.add(entry_id, _Entry(entry, digest(value)))

    @locked
    def remove_entry(self, org: str, entry_id: int, actor: str, at: datetime) -> bool:
        found = self._entries.get(entry_id)
        if found is None or found.value.org != org:
            return False
        e = found.value
        detail = {"id": entry_id, "label": e.label, "sharing": e.sharing}
        self._audit(org, actor, "list.remove", f"{e.list_name}:{e.kind}:{e.value}", detail, at)
        self._entries.delete(entry_id)
        del self._entry_ids[(e.org, e.list_name, e.kind, e.value, e.label)]
        if feeds(e.kind, e.value):
            self._record_change(org, e.value, ChangeKind.LIST.value, at)
        return True

    def _visible(self, viewer_org: str) -> list[_Entry]:
        """Entries the viewer may see: its own and every organisation's shared ones."""
        return [
            e for e in self._entries if e.value.org == viewer_org or e.value.sharing == Sharing.SHARED.value
        ]

    @locked
    def entries(
        self,
        viewer_org: str,
        list_name: str | None = None,
        kind: str | None = None,
        value: str | None = None,
    ) -> list[ListEntry]:
        found = [
            e.value
            for e in self._visible(viewer_org)
            if (not list_name or e.value.list_name == list_name)
            and (not kind or e.value.kind == kind)
            and (value is None or e.value.value == value)
        ]
        return sorted(found, key=lambda e: (micros(e.created_at), e.id), reverse=True)

    @locked
    def entries_by_digest(self, viewer_org: str, prefix: str) -> list[tuple[str, ListEntry]]:
        """Visible entries whose value digest starts with ``prefix``, with their full digest."""
        found = [(e.digest, e.value) for e in self._visible(viewer_org) if e.digest.startswith(prefix)]
        return sorted(found, key=lambda x: (x[0], x[1].id))

    @locked
    def add_fraud_report(
        self, org: str, kind: str, value: str, category: str, note: str, actor: str, at: datetime
    ) -> int:
        self._require_org(org)
        report_id = self._reports.next_id()
        report = _Report(org, kind, value, category, note, actor, utc(at))
        self._audit(org, actor, "report.fraud", f"{kind}:{value}", {"category": category}, at)
        if feeds(kind, value):
            self._record_change(org, value, ChangeKind.REPORT.value, at)
        return self._reports.add(report_id, report)

    @locked
    def fraud_report_count(self, kind: str, value: str) -> int:
        """Reports from every organisation count: a report is a signal, not tenant data."""
        return sum(1 for r in self._reports if r.kind == kind and r.value == value)
