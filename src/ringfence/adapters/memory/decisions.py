"""Detection runs, their decisions (the alerts analysts work) and the rule hits behind them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from ringfence.adapters.memory.base import MemoryBase, Rows, locked, micros, utc
from ringfence.domain.casework import StoredDecision, StoredHit
from ringfence.domain.changes import ChangeKind
from ringfence.domain.decisions import Decision, Hit, Outcome, RunInfo
from ringfence.domain.digests import digest

__all__ = ["MemoryDecisions"]


@dataclass(frozen=True, slots=True)
class _Decision:
    value: StoredDecision
    digest: str


@dataclass(frozen=True, slots=True)
class _Hit:
    org: str
    value: StoredHit
    evidence: str  # JSON text, decoded afresh for every read


class MemoryDecisions(MemoryBase):
    def __init__(self) -> None:
        super().__init__()
        self._runs: Rows[dict[str, Any]] = Rows()
        self._decisions: Rows[_Decision] = Rows()
        self._hits: Rows[_Hit] = Rows()

    @locked
    def add_run(
        self,
        org: str,
        info: RunInfo,
        decisions: Sequence[Decision],
        hits: Sequence[Hit],
        kinds: dict[str, str],
        source: str,
        actor: str,
        at: datetime,
    ) -> int:
        """Store one detection run with its decisions and hits, atomically, and audit the load."""
        self._require_org(org)
        run_id = self._runs.next_id()
        run = {
            "id": run_id,
            "org_id": org,
            "policy_name": info.policy_name,
            "policy_version": info.policy_version,
            "started_at": None if info.started_at is None else utc(info.started_at),
            "finished_at": None if info.finished_at is None else utc(info.finished_at),
            "loaded_at": utc(at),
            "records_calls": info.records.get("calls", 0),
            "records_messages": info.records.get("messages", 0),
            "source": source,
            "inputs": json.dumps(list(info.inputs), ensure_ascii=False),
            "policy_text": info.policy_text,
            "rules_text": info.rules_text,
        }
        first_decision = self._decisions.next_id()
        stored = [
            _Decision(
                StoredDecision(
                    id=first_decision + i,
                    org=org,
                    run_id=run_id,
                    number=d.number,
                    number_kind=kinds.get(d.number, "irregular"),
                    score=float(d.score),
                    verdict=d.verdict.value,
                    rules=tuple(x for x in ";".join(d.rules).split(";") if x),  # as the column keeps them
                    typology=d.typology,
                    first_seen=utc(d.first_seen),
                    detected_at=utc(d.detected_at),
                    outcome=Outcome.OPEN.value,
                ),
                digest(d.number),
            )
            for i, d in enumerate(decisions)
        ]
        kept_hits = [
            _Hit(
                org,
                StoredHit(h.number, h.rule, utc(h.event_time), float(h.weight)),
                json.dumps(h.evidence, ensure_ascii=False, sort_keys=True),
            )
            for h in hits
        ]
        detail = {
            "source": source,
            "decisions": len(decisions),
            "hits": len(hits),
            "policy": f"{info.policy_name}@{info.policy_version}",
        }
        self._audit(org, actor, "run.load", f"run#{run_id}", detail, at)
        self._runs.add(run_id, run)
        for d in stored:
            self._decisions.add(d.value.id, d)
        for h in kept_hits:
            self._hits.add(self._hits.next_id(), h)
        for number in dict.fromkeys(d.number for d in decisions):
            self._record_change(org, number, ChangeKind.VERDICT.value, at)
        return run_id

    def _of_org(self, org: str) -> list[StoredDecision]:
        return [d.value for d in self._decisions if d.value.org == org]

    @locked
    def decisions(
        self,
        org: str,
        outcome: str | None = None,
        typology: str | None = None,
        number: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredDecision]:
        found = [
            d
            for d in self._of_org(org)
            if (not outcome or d.outcome == outcome)
            and (not typology or d.typology == typology)
            and (not number or d.number == number)
        ]
        found.sort(key=lambda d: (-d.score, -micros(d.detected_at), d.id))
        return found[offset:] if limit is None else found[offset : offset + limit]

    @locked
    def decision(self, org: str, decision_id: int) -> StoredDecision | None:
        found = self._decisions.get(decision_id)
        return found.value if found is not None and found.value.org == org else None

    @locked
    def set_outcome(
        self, org: str, decision_id: int, outcome: str, actor: str, at: datetime, reason: str = ""
    ) -> bool:
        found = self._decisions.get(decision_id)
        if found is None or found.value.org != org:
            return False
        d = found.value
        changed = replace(found, value=replace(d, outcome=outcome, outcome_by=actor, outcome_at=utc(at)))
        detail = {
            "number": d.number,
            "from": d.outcome,
            "to": outcome,
            **({"reason": reason} if reason else {}),
        }
        self._audit(org, actor, "alert.outcome", f"alert#{decision_id}", detail, at)
        self._decisions.put(decision_id, changed)
        self._record_change(org, d.number, ChangeKind.VERDICT.value, at)
        return True

    @locked
    def assign_alerts(
        self, org: str, ids: Sequence[int], assignee: str | None, actor: str, at: datetime
    ) -> list[int]:
        changed: list[int] = []
        for decision_id in sorted(set(ids)):
            found = self._decisions.get(decision_id)
            if found is None or found.value.org != org or found.value.assignee == assignee:
                continue
            d = found.value
            self._decisions.put(decision_id, replace(found, value=replace(d, assignee=assignee)))
            detail = {"number": d.number, "from": d.assignee, "to": assignee}
            self._audit(org, actor, "alert.assign", f"alert#{decision_id}", detail, at)
            changed.append(decision_id)
        return changed

    @locked
    def decisions_by_digest(self, org: str, prefix: str) -> list[tuple[str, StoredDecision]]:
        """The organisation's decisions on numbers whose digest starts with ``prefix``."""
        found = [
            (d.digest, d.value) for d in self._decisions if d.value.org == org and d.digest.startswith(prefix)
        ]
        return sorted(found, key=lambda x: (x[0], x[1].id))

    @locked
    def hits_of(self, org: str, number: str) -> list[StoredHit]:
        found = [h for h in self._hits if h.org == org and h.value.number == number]  # in id order
        found.sort(key=lambda h: micros(h.value.event_time))  # stable: ties stay in id order
        return [replace(h.value, evidence=json.loads(h.evidence)) for h in found]

    @locked
    def rule_counts(self, org: str, limit: int = 10) -> list[tuple[str, int]]:
        """Rules by the number of decisions they contributed to (ties: the rule seen first)."""
        counts: Counter[str] = Counter()
        for d in self._of_org(org):
            counts.update(d.rules)
        return counts.most_common(limit)

    @locked
    def runs(self, org: str) -> list[dict[str, Any]]:
        return [dict(r) for r in reversed(list(self._runs)) if r["org_id"] == org]
