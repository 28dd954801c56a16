"""The card-opening check and the one-ID lookup as services over the store.

``CardIndexService`` owns the in-memory ``CardIndex``: rebuilt from the store (subscriber feeds,
restricted holders, numbers recently found or disposed as fraud in any member organisation) by
``refresh`` — in a background thread when serving — and swapped in whole, so a check never waits on
the database. A write through this platform (a feed, a restriction) marks the index stale, and the
next check rebuilds it first: an operator never gets an answer that ignores a restriction it was just
told about.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from ringfence.domain.access import Permission, Principal, present_number, require
from ringfence.domain.decisions import Outcome, Verdict
from ringfence.domain.disposition import State
from ringfence.intel.activation import Answer, CardIndex, Request, build_index, channel_burst, check
from ringfence.intel.cards import FLAGS, CardRules, holder_report
from ringfence.ports.store import AuditLog, DecisionStore, DispositionStore, HolderStore, KeyStore

__all__ = ["CardIndexService", "HolderView", "check_activation", "fraud_numbers", "holder_view"]

#: Dispositions that mean a number was judged a fraud card.
FRAUD_STATES = (State.SUSPENDED, State.RESTRICTED, State.VERIFICATION_FAILED, State.UPHELD)
RECENT = timedelta(days=180)


class _Store(HolderStore, DecisionStore, DispositionStore, KeyStore, AuditLog, Protocol):
    def orgs(self) -> list[tuple[str, str]]: ...


def fraud_numbers(store: _Store, now: datetime, recent: timedelta = RECENT) -> dict[str, str]:
    """Numbers any member organisation blocked or confirmed as fraud since ``now - recent``, or holds
    suspended, restricted or failed verification: number -> a short reason."""
    out: dict[str, str] = {}
    since = now - recent
    for org, _name in store.orgs():
        for d in store.dispositions(org, states=list(FRAUD_STATES), limit=1_000_000):
            out.setdefault(d.number, f"{d.state.value} by {org}")
        for dec in store.decisions(org):
            if dec.outcome == Outcome.DISMISSED.value or dec.detected_at < since:
                continue
            if dec.verdict == Verdict.BLOCK.value or dec.outcome == Outcome.CONFIRMED.value:
                out.setdefault(dec.number, f"{dec.typology or dec.verdict} ({dec.verdict}) by {org}")
    return out


class CardIndexService:
    def __init__(self, rules: CardRules | None = None) -> None:
        self.rules = rules or CardRules()
        self._index: CardIndex | None = None
        self._seen: tuple[object, ...] | None = None
        self._stale = True
        self._lock = threading.Lock()

    def mark_stale(self) -> None:
        self._stale = True

    def refresh(self, store: _Store, now: datetime, force: bool = False) -> CardIndex:
        """Rebuild the index if anything it reads changed (or ``force``); the index in force."""
        with self._lock:
            self._stale = False
            restricted = store.restricted_holders()
            fraud = fraud_numbers(store, now)
            seen = (store.subscriber_version(), tuple(r.id for r in restricted), tuple(sorted(fraud.items())))
            if force or self._index is None or seen != self._seen:
                subs = store.subscriber_frame()
                self._index = build_index(subs, restricted, fraud, self.rules, now)
                self._seen = seen
            return self._index

    def index(self, store: _Store, now: datetime) -> CardIndex:
        """The index in force, rebuilt first when never built or marked stale by a write."""
        current = self._index
        if current is None or self._stale:
            return self.refresh(store, now)
        return current


def check_activation(
    service: CardIndexService, store: _Store, principal: Principal, request: Request, now: datetime
) -> Answer:
    require(principal, Permission.HOLDERS)
    return check(service.index(store, now), request)


@dataclass
class HolderView:
    id_hash: str
    cards: list[dict[str, object]]
    operators: str
    flags: list[str]
    evidence: str
    restricted: list[dict[str, object]]


def holder_view(
    service: CardIndexService, store: _Store, principal: Principal, id_hash: str, now: datetime
) -> HolderView | None:
    """Every card of the holder at every member operator (numbers masked as ``present_number`` says
    for the viewer), the lookup's flags, and the restrictions in force; ``None`` if no card and no
    restriction is known. Audited: looking up a person is itself worth a trace."""
    require(principal, Permission.HOLDERS)
    cards = store.holder_cards(id_hash)
    restricted = store.restricted_holders(id_hash)
    store.audit(principal.org, principal.actor, "holder.lookup", id_hash, {"cards": cards.height}, now)
    if cards.is_empty() and not restricted:
        return None
    index = service.index(store, now)
    report = holder_report(cards, rules=service.rules).collect()
    row = report.row(0, named=True) if report.height else {"operators": "", "flags": "", "evidence": ""}
    flags = [f for f in row["flags"].split(";") if f]
    evidence = [row["evidence"]] if row["evidence"] else []
    # bursts are judged against each channel's whole history, which the index holds
    bursts = sorted(
        {
            why
            for c in cards.iter_rows(named=True)
            if c["channel"]
            and c["activated_at"]
            and (why := channel_burst(index, c["channel"], c["activated_at"])) is not None
        }
    )
    if bursts:
        if "bulk_activation" not in flags:
            flags = [f for f in FLAGS if f in flags or f == "bulk_activation"]
        evidence.append("bulk_activation: " + ", ".join(bursts))
    shown = [
        {
            "org": c["org"],
            "number": present_number(c["number"], principal, c["org"]),
            "operator": c["operator"],
            "card_type": c["card_type"],
            "channel": c["channel"],
            "province": c["province"] or c["home_region"],
            "activated_at": c["activated_at"],
        }
        for c in cards.iter_rows(named=True)
    ]
    return HolderView(
        id_hash,
        shown,
        row["operators"],
        flags,
        " | ".join(evidence),
        [{"org": r.org, "reason": r.reason, "listed_at": r.listed_at} for r in restricted],
    )
