"""Everything about one number that an analyst needs on one page, scoped to their organisation."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from ringfence.domain.access import Permission, Principal, needs_mask, require
from ringfence.domain.casework import Action, Case, ListEntry, StoredDecision, StoredHit
from ringfence.domain.numbers import NumberInfo, classify, normalize
from ringfence.domain.privacy import mask_number
from ringfence.ports.store import CaseStore, DecisionStore, ListStore, RecordStore
from ringfence.services.casework import visible_entries

__all__ = ["NumberPage", "TimelineItem", "number_page"]


class _Store(DecisionStore, ListStore, CaseStore, RecordStore, Protocol):
    pass


@dataclass(frozen=True, slots=True)
class TimelineItem:
    at: datetime
    channel: str  # call | sms
    direction: str  # out | in
    other: str
    detail: str


@dataclass
class NumberPage:
    number: str
    shown: str  # the number as this viewer may see it
    info: NumberInfo
    decisions: list[StoredDecision]
    hits: list[StoredHit]
    features: dict[str, Any]
    timeline: list[TimelineItem]
    lists: list[ListEntry]
    cases: list[Case]
    actions: list[Action]
    reports: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    # Warnings: to the people this number reached, and those this number (a person) received.
    reached: list[dict[str, Any]] = field(default_factory=list)
    warned: list[dict[str, Any]] = field(default_factory=list)


def _features(hits: list[StoredHit]) -> dict[str, Any]:
    """The latest value of every feature any rule saw (evidence of later hits wins)."""
    out: dict[str, Any] = {}
    for hit in sorted(hits, key=lambda h: h.event_time):
        out.update(hit.evidence)
    return dict(sorted(out.items()))


def _call_detail(call: dict[str, Any]) -> str:
    parts = [f"{call['duration_s']} s", call["origin"] or ""]
    if call["caller_cell"]:
        parts.append(f"cell {call['caller_cell']}")
    return " · ".join(p for p in parts if p)


def number_page(store: _Store, principal: Principal, raw: str, limit: int = 200) -> NumberPage:
    require(principal, Permission.VIEW)
    number = normalize(raw)
    org = principal.org
    masked = needs_mask(principal, org)
    show = mask_number if masked else (lambda n: n)
    timeline: list[TimelineItem] = []
    calls = store.calls_of(org, number, limit)
    for c in calls:
        out = c["caller"] == number
        timeline.append(
            TimelineItem(
                c["start_time"],
                "call",
                "out" if out else "in",
                show(c["callee"] if out else c["caller"]),
                _call_detail(c),
            )
        )
    messages = store.messages_of(org, number, limit)
    for m in messages:
        out = m["sender"] == number
        timeline.append(
            TimelineItem(
                m["send_time"],
                "sms",
                "out" if out else "in",
                show(m["receiver"] if out else m["sender"]),
                (m["text"] or "")[:120],
            )
        )
    timeline.sort(key=lambda item: item.at, reverse=True)
    hits = store.hits_of(org, number)
    return NumberPage(
        number=number,
        shown=show(number),
        info=classify(number),
        decisions=store.decisions(org, number=number),
        hits=hits,
        features=_features(hits),
        timeline=timeline[:limit],
        lists=visible_entries(store, principal, kind="number", value=number),
        cases=store.cases(org, number),
        actions=store.actions(org, number),
        reports=store.fraud_report_count("number", number),
        counts={"calls": len(calls), "messages": len(messages)},
        reached=_warnings(store, principal, fraud_number=number),
        warned=_warnings(store, principal, number=number),
    )


def _warnings(store: _Store, who: Principal, **by: str) -> list[dict[str, Any]]:
    """Warnings of the organisation about or to the number, as the viewer may see them (a store
    without warnings, such as a reduced test double, has none)."""
    from ringfence.services.warnings import warning_view

    find = getattr(store, "warnings", None)
    if find is None:
        return []
    return [warning_view(w, who) for w in find(who.org, limit=200, **by)]
