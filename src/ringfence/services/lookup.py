"""Look up a number or a URL, and screen a call or a message, from what the store knows.

This is the API's simple, store-backed answer; the screening capability (in-memory snapshot, the hot
path) replaces ``screen_call``/``screen_message`` behind the same endpoints when it lands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ringfence.domain.access import Permission, Principal, Role, require
from ringfence.domain.casework import EntryKind, ListEntry, ListName
from ringfence.domain.numbers import classify
from ringfence.ports.store import DecisionStore, ListStore
from ringfence.services.casework import canonical_url, canonical_value, visible_entries

__all__ = ["Lookup", "ScreenResult", "lookup", "screen_call", "screen_message"]

_URL = re.compile(r"(?:https?://)?(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/[^\s，。]*)?", re.IGNORECASE)


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


@dataclass
class ScreenResult:
    action: str  # allow | label | block
    reasons: list[str]


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


def _screen(found: Lookup, what: str) -> ScreenResult:
    if found.listed == ListName.WHITELIST.value:
        return ScreenResult("allow", [f"{what} is whitelisted"])
    if found.listed == ListName.BLACKLIST.value or found.verdict == "block":
        return ScreenResult(
            "block", [f"{what} is {'blacklisted' if found.listed else 'blocked by detection'}"]
        )
    if found.verdict in ("warn", "watch") or found.tags or found.reports:
        reasons = [f"{what} has verdict {found.verdict}"] if found.verdict else []
        reasons += [f"{what} tagged {t}" for t in found.tags]
        reasons += [f"{what} reported {found.reports} time(s)"] if found.reports else []
        return ScreenResult("label", reasons)
    return ScreenResult("allow", [])


def _lookup_for_screen(store: _Store, principal: Principal, kind: str, value: str) -> Lookup:
    """Screening clients may not browse, but the decision must still see the lists; look up as
    a system principal of the same organisation."""
    require(principal, Permission.SCREEN)
    inner = Principal(principal.org, Role.ANALYST, principal.key_id, principal.name)
    return lookup(store, inner, kind, value)


def screen_call(store: _Store, principal: Principal, caller: str, callee: str) -> ScreenResult:
    found = _lookup_for_screen(store, principal, "number", caller)
    return _screen(found, "caller")


def screen_message(store: _Store, principal: Principal, sender: str, text: str) -> ScreenResult:
    result = _screen(_lookup_for_screen(store, principal, "number", sender), "sender")
    rank = {"allow": 0, "label": 1, "block": 2}
    links = {canonical_url(u) for u in _URL.findall(text or "")}
    hosts = {u.split("/", 1)[0] for u in links}
    for url in sorted(links | hosts):
        found = _screen(_lookup_for_screen(store, principal, "url", url), f"link {url}")
        if rank[found.action] > rank[result.action]:
            result = ScreenResult(found.action, found.reasons + result.reasons)
        elif found.action != "allow":
            result.reasons += found.reasons
    return result
