"""Everything about one number that an analyst needs on one page, scoped to their organisation.

Besides the records and detection's evidence, the page carries the number's disposition (its state,
the verification clock computed here at ``now``, the transitions that led there and what may follow,
from the state machine), the analysts' thread (comments and alert judgements, kept in the audit log),
and what the evidence relates the number to (counterparts, handsets, cells) so the console can link
to them.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from typing import Any, Protocol

from ringfence.domain.access import Permission, Principal, needs_mask, require
from ringfence.domain.casework import Action, AuditEntry, Case, ListEntry, StoredDecision, StoredHit
from ringfence.domain.disposition import Transition
from ringfence.domain.numbers import NumberInfo, classify, normalize
from ringfence.domain.privacy import mask_number
from ringfence.domain.sla import Sla
from ringfence.errors import ConfigError
from ringfence.ports.store import (
    AuditLog,
    CaseStore,
    DecisionStore,
    DispositionStore,
    ListStore,
    RecordStore,
    WarningStore,
)
from ringfence.services.casework import visible_entries
from ringfence.services.disposal import DispositionView, current, view
from ringfence.services.warnings import find_warnings

__all__ = [
    "THREAD_ACTIONS",
    "FeatureValue",
    "NumberPage",
    "Related",
    "TimelineItem",
    "feature_window",
    "number_page",
    "numbers_seen_on",
    "rule_descriptions",
]

#: Audit entries that make up a number's thread: analysts' comments and alert judgements.
THREAD_ACTIONS = ("number.comment", "alert.outcome")
RELATED_LIMIT = 12


class _Store(
    DecisionStore, ListStore, CaseStore, RecordStore, DispositionStore, AuditLog, WarningStore, Protocol
):
    pass


@dataclass(frozen=True, slots=True)
class TimelineItem:
    at: datetime
    channel: str  # call | sms
    direction: str  # out | in
    other: str
    detail: str
    other_number: str = ""  # the counterpart in full, when the viewer may follow it (else empty)


@dataclass(frozen=True, slots=True)
class FeatureValue:
    """A feature value as detection saw it: over which window, at which event, for which rule."""

    name: str
    value: Any
    window: str
    at: datetime
    rule: str


@dataclass(frozen=True, slots=True)
class Linked:
    """Something the evidence relates the number to, with how often it appears."""

    value: str  # as shown (a number masked for viewers who must not see it)
    count: int
    target: str = ""  # what a link follows (empty: not to be linked, e.g. a masked number)


@dataclass
class Related:
    numbers: list[Linked] = field(default_factory=list)
    handsets: list[Linked] = field(default_factory=list)
    cells: list[Linked] = field(default_factory=list)


@dataclass
class NumberPage:
    number: str
    shown: str  # the number as this viewer may see it
    info: NumberInfo
    decisions: list[StoredDecision]
    hits: list[StoredHit]
    features: list[FeatureValue]
    timeline: list[TimelineItem]
    lists: list[ListEntry]
    cases: list[Case]
    actions: list[Action]
    reports: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    disposition: DispositionView | None = None
    remaining_s: int | None = None  # seconds left on the running clock (negative: overdue)
    history: list[Transition] = field(default_factory=list)
    thread: list[AuditEntry] = field(default_factory=list)
    related: Related = field(default_factory=Related)
    rules: dict[str, str] = field(default_factory=dict)  # rule id -> description
    # Warnings: to the people this number reached, and those this number (a person) received.
    reached: list[dict[str, Any]] = field(default_factory=list)
    warned: list[dict[str, Any]] = field(default_factory=list)


@cache
def rule_descriptions() -> dict[str, str]:
    """Descriptions of the shipped rule library's rules (read once: the file ships with the code)."""
    from ringfence.detect.rules import load_rules

    return {rid: rule.description for rid, rule in load_rules().rules.items()}


@lru_cache(maxsize=64)
def _described(rules_text: str) -> dict[str, str]:
    """Rule id → description of a rule library as a run kept it (``rules.toml`` text); empty if the
    text does not parse (the run is still shown, with the shipped library's descriptions)."""
    try:
        doc = tomllib.loads(rules_text)
    except tomllib.TOMLDecodeError:
        return {}
    rules = doc.get("rule", [])
    if not isinstance(rules, list):
        return {}
    return {
        str(r["id"]): str(r.get("description", ""))
        for r in rules
        if isinstance(r, dict) and r.get("id") and r.get("description")
    }


def _descriptions(runs: list[dict[str, Any]], run_ids: set[int]) -> dict[str, str]:
    """The shipped library's descriptions, overridden by those of the rule libraries the number's
    decisions were made with (a run keeps its ``rules.toml``; older runs first, newer ones win)."""
    out = dict(rule_descriptions())
    for r in sorted(runs, key=lambda r: int(r["id"])):
        if int(r["id"]) in run_ids and r.get("rules_text"):
            out.update(_described(str(r["rules_text"])))
    return out


_UNITS = {"m": "min", "h": "h", "d": "day"}


def feature_window(name: str) -> str:
    """The window a feature value was measured over, for people: ``number.sum(out)@10m`` →
    ``10 min``, ``…@all`` and the ratios built from them → ``all history``; attributes of the number
    itself → ``the number``."""
    if "@" in name:
        window = name.rsplit("@", 1)[1]
        if window == "all":
            return "all history"
        amount, unit = window[:-1], window[-1:]
        return f"{amount} {_UNITS.get(unit, unit)}" if amount.isdigit() else window
    from ringfence.detect.features import CARD_FACTS  # as ``load_rules``: detection loads on first use

    if name.startswith("number.is_") or name in CARD_FACTS:  # the numbering plan; the subscriber feed
        return "the number"
    if name == "number.card_age_days":
        return "at the call"
    return "all history"  # the derived ratios are of all-history sums; handsets' and cells' too


def _features(hits: list[StoredHit]) -> list[FeatureValue]:
    """The latest value of every feature any rule saw (evidence of later hits wins), with its window
    and the time and rule of the hit that recorded it."""
    out: dict[str, FeatureValue] = {}
    for hit in sorted(hits, key=lambda h: h.event_time):
        for name, value in hit.evidence.items():
            out[name] = FeatureValue(name, value, feature_window(name), hit.event_time, hit.rule)
    return [out[k] for k in sorted(out)]


def _call_detail(call: dict[str, Any]) -> str:
    parts = [f"{call['duration_s']} s", call["origin"] or ""]
    if call["caller_cell"]:
        parts.append(f"cell {call['caller_cell']}")
    return " · ".join(p for p in parts if p)


def _related(
    calls: list[dict[str, Any]], messages: list[dict[str, Any]], number: str, masked: bool
) -> Related:
    """Counterparts, handsets and cells of the number's own records, most frequent first."""
    others: Counter[str] = Counter()
    handsets: Counter[str] = Counter()
    cells: Counter[str] = Counter()
    for c in calls:
        out = c["caller"] == number
        others[c["callee"] if out else c["caller"]] += 1
        if out and c.get("caller_imei"):
            handsets[str(c["caller_imei"])] += 1
        if out and c.get("caller_cell"):
            cells[str(c["caller_cell"])] += 1
    for m in messages:
        out = m["sender"] == number
        others[m["receiver"] if out else m["sender"]] += 1
        if out and m.get("sender_cell"):
            cells[str(m["sender_cell"])] += 1
    others.pop(number, None)
    return Related(
        numbers=[
            Linked(mask_number(n) if masked else n, k, "" if masked else n)
            for n, k in others.most_common(RELATED_LIMIT)
        ],
        handsets=[Linked(v, k, v) for v, k in handsets.most_common(RELATED_LIMIT)],
        cells=[Linked(v, k, v) for v, k in cells.most_common(RELATED_LIMIT)],
    )


def number_page(
    store: _Store,
    principal: Principal,
    raw: str,
    limit: int = 200,
    now: datetime | None = None,
    sla: Sla | None = None,
) -> NumberPage:
    """The page of ``raw`` for ``principal``; the disposition's clock is read at ``now`` under
    ``sla`` (defaults: no clock shown without ``now``)."""
    require(principal, Permission.VIEW)
    number = normalize(raw)
    org = principal.org
    masked = needs_mask(principal, org)

    def show(n: str) -> str:
        return mask_number(n) if masked else n

    timeline: list[TimelineItem] = []
    calls = store.calls_of(org, number, limit)
    for c in calls:
        out = c["caller"] == number
        other = c["callee"] if out else c["caller"]
        timeline.append(
            TimelineItem(
                c["start_time"],
                "call",
                "out" if out else "in",
                show(other),
                _call_detail(c),
                "" if masked else other,
            )
        )
    messages = store.messages_of(org, number, limit)
    for m in messages:
        out = m["sender"] == number
        other = m["receiver"] if out else m["sender"]
        timeline.append(
            TimelineItem(
                m["send_time"],
                "sms",
                "out" if out else "in",
                show(other),
                (m["text"] or "")[:120],
                "" if masked else other,
            )
        )
    timeline.sort(key=lambda item: item.at, reverse=True)
    hits = store.hits_of(org, number)
    decisions = store.decisions(org, number=number)
    disposition = current(store, org, number)
    shown_view = remaining = None
    if now is not None:
        shown_view = view(disposition, now, sla or Sla())
        if disposition.deadline is not None and shown_view.sla is not None:
            remaining = int((disposition.deadline - now).total_seconds())
    targets = [number, *(f"alert#{d.id}" for d in decisions)]
    run_ids = {d.run_id for d in decisions}
    descriptions = _descriptions(store.runs(org), run_ids) if run_ids else rule_descriptions()
    used = {r for d in decisions for r in d.rules} | {h.rule for h in hits}
    return NumberPage(
        number=number,
        shown=show(number),
        info=classify(number),
        decisions=decisions,
        hits=hits,
        features=_features(hits),
        timeline=timeline[:limit],
        lists=visible_entries(store, principal, kind="number", value=number),
        cases=store.cases(org, number),
        actions=store.actions(org, number),
        reports=store.fraud_report_count("number", number),
        counts={"calls": len(calls), "messages": len(messages)},
        disposition=shown_view,
        remaining_s=remaining,
        history=store.disposition_history(org, number),
        thread=list(reversed(store.audit_entries(org, 200, targets, THREAD_ACTIONS))),
        related=_related(calls, messages, number, masked),
        rules={r: descriptions[r] for r in sorted(used) if r in descriptions},
        reached=find_warnings(store, principal, fraud_number=number, limit=200),
        warned=find_warnings(store, principal, number=number, limit=200),
    )


SEEN_KINDS = {"imei": "handset", "cell": "cell"}
MAX_VALUE = 64


def numbers_seen_on(store: RecordStore, principal: Principal, kind: str, value: str) -> list[Linked]:
    """The organisation's numbers seen on a handset (``imei``) or in a cell: the pivot the number
    page's related handsets and cells link to. Masked (and not linked) for roles that need it."""
    require(principal, Permission.VIEW)
    if kind not in SEEN_KINDS:
        raise ConfigError(f"unknown kind {kind!r}; one of {', '.join(SEEN_KINDS)}")
    value = value.strip()
    if not value or len(value) > MAX_VALUE:
        raise ConfigError(f"a {SEEN_KINDS[kind]} id has 1 to {MAX_VALUE} characters")
    masked = needs_mask(principal, principal.org)
    return [
        Linked(mask_number(n) if masked else n, count, "" if masked else n)
        for n, count, _ in store.numbers_seen_on(principal.org, kind, value)
    ]
