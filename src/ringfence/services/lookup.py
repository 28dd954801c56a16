"""Look up a number or a URL: what the store knows, as far as the caller may see it.

Screening calls and messages at setup is the screening and SMS capabilities' job (in-memory snapshot,
models); this is the analysts' and partners' view of the stored verdicts, lists and reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ringfence.domain.access import Permission, Principal, require
from ringfence.domain.casework import EntryKind, ListEntry, ListName
from ringfence.domain.numbers import classify
from ringfence.ports.store import DecisionStore, ListStore
from ringfence.services.casework import canonical_value, visible_entries

__all__ = ["Lookup", "lookup"]


class _Store(DecisionStore, ListStore, Protocol):
    pass


@dataclass
class Lookup:
    kind: str
    value: str
    number_kind: str | None = None
    official: bool = False
    verdict: str | None = None  # the asking organisation's latest decision on it, if any
    score: float | None = None
    typology: str | None = None
    lists: list[ListEntry] = field(default_factory=list)
    reports: int = 0

    @property
    def listed(self) -> str | None:
        """``blacklist`` or ``whitelist`` if any visible entry says so (whitelist wins)."""
        names = {e.list_name for e in self.lists}
        for name in (ListName.WHITELIST.value, ListName.BLACKLIST.value):
            if name in names:
                return name
        return None

    @property
    def tags(self) -> list[str]:
        return sorted({e.label for e in self.lists if e.list_name == ListName.TAG.value})


def lookup(store: _Store, principal: Principal, kind: str, value: str) -> Lookup:
    require(principal, Permission.LOOKUP)
    parsed = EntryKind(kind)
    canonical = canonical_value(parsed, value)
    out = Lookup(kind=parsed.value, value=canonical)
    if parsed is EntryKind.NUMBER:
        info = classify(canonical)
        out.number_kind, out.official = info.kind.value, info.official
        mine = store.decisions(principal.org, number=canonical, limit=1)
        if mine and principal.role.value != "partner":
            out.verdict, out.score, out.typology = mine[0].verdict, mine[0].score, mine[0].typology
        elif mine:
            out.verdict = mine[0].verdict
    out.lists = visible_entries(store, principal, kind=parsed.value, value=canonical)
    out.reports = store.fraud_report_count(parsed.value, canonical)
    return out
