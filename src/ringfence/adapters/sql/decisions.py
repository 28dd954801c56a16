"""Detection runs, their decisions (the alerts analysts work) and the rule hits behind them."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from ringfence.adapters.sql import schema as t
from ringfence.adapters.sql.base import new_id
from ringfence.adapters.sql.changes import SqlRiskChanges
from ringfence.domain.casework import StoredDecision, StoredHit
from ringfence.domain.changes import ChangeKind
from ringfence.domain.decisions import Decision, Hit, Outcome, RunInfo
from ringfence.domain.digests import digest, prefix_range

__all__ = ["SqlDecisions"]


def _decision(r: Any) -> StoredDecision:
    return StoredDecision(
        id=r.id,
        org=r.org_id,
        run_id=r.run_id,
        number=r.number,
        number_kind=r.number_kind,
        score=float(r.score),
        verdict=r.verdict,
        rules=tuple(x for x in r.rules.split(";") if x),
        typology=r.typology,
        first_seen=r.first_seen,
        detected_at=r.detected_at,
        outcome=r.outcome,
        outcome_by=r.outcome_by,
        outcome_at=r.outcome_at,
        assignee=r.assignee,
    )


class SqlDecisions(SqlRiskChanges):
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
        with self.engine.begin() as conn:
            run_id = new_id(
                conn.execute(
                    insert(t.runs).values(
                        org_id=org,
                        policy_name=info.policy_name,
                        policy_version=info.policy_version,
                        started_at=info.started_at,
                        finished_at=info.finished_at,
                        loaded_at=at,
                        records_calls=info.records.get("calls", 0),
                        records_messages=info.records.get("messages", 0),
                        source=source,
                        inputs=json.dumps(list(info.inputs), ensure_ascii=False),
                        policy_text=info.policy_text,
                        rules_text=info.rules_text,
                    )
                )
            )
            if decisions:
                conn.execute(
                    insert(t.decisions),
                    [
                        {
                            "org_id": org,
                            "run_id": run_id,
                            "number": d.number,
                            "number_kind": kinds.get(d.number, "irregular"),
                            "score": d.score,
                            "verdict": d.verdict.value,
                            "rules": ";".join(d.rules),
                            "typology": d.typology,
                            "first_seen": d.first_seen,
                            "detected_at": d.detected_at,
                            "outcome": Outcome.OPEN.value,
                            "digest": digest(d.number),
                        }
                        for d in decisions
                    ],
                )
            if hits:
                conn.execute(
                    insert(t.hits),
                    [
                        {
                            "org_id": org,
                            "run_id": run_id,
                            "number": h.number,
                            "rule": h.rule,
                            "event_time": h.event_time,
                            "weight": h.weight,
                            "evidence": json.dumps(h.evidence, ensure_ascii=False, sort_keys=True),
                        }
                        for h in hits
                    ],
                )
            self._audit(
                conn,
                org,
                actor,
                "run.load",
                f"run#{run_id}",
                {
                    "source": source,
                    "decisions": len(decisions),
                    "hits": len(hits),
                    "policy": f"{info.policy_name}@{info.policy_version}",
                },
                at,
            )
            numbers = list(dict.fromkeys(d.number for d in decisions))
            self._record_changes(conn, org, numbers, ChangeKind.VERDICT.value, at)
            return run_id

    def decisions(
        self,
        org: str,
        outcome: str | None = None,
        typology: str | None = None,
        number: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[StoredDecision]:
        c = t.decisions.c
        q = select(t.decisions).where(c.org_id == org)
        if outcome:
            q = q.where(c.outcome == outcome)
        if typology:
            q = q.where(c.typology == typology)
        if number:
            q = q.where(c.number == number)
        q = q.order_by(c.score.desc(), c.detected_at.desc(), c.id).offset(offset)
        if limit is not None:
            q = q.limit(limit)
        with self.engine.connect() as conn:
            return [_decision(r) for r in conn.execute(q)]

    def decision(self, org: str, decision_id: int) -> StoredDecision | None:
        c = t.decisions.c
        with self.engine.connect() as conn:
            row = conn.execute(select(t.decisions).where(c.org_id == org, c.id == decision_id)).first()
        return None if row is None else _decision(row)

    def set_outcome(
        self, org: str, decision_id: int, outcome: str, actor: str, at: datetime, reason: str = ""
    ) -> bool:
        c = t.decisions.c
        with self.engine.begin() as conn:
            row = conn.execute(select(t.decisions).where(c.org_id == org, c.id == decision_id)).first()
            if row is None:
                return False
            conn.execute(
                update(t.decisions)
                .where(c.id == decision_id)
                .values(outcome=outcome, outcome_by=actor, outcome_at=at)
            )
            self._audit(
                conn,
                org,
                actor,
                "alert.outcome",
                f"alert#{decision_id}",
                {
                    "number": row.number,
                    "from": row.outcome,
                    "to": outcome,
                    **({"reason": reason} if reason else {}),
                },
                at,
            )
            self._record_change(conn, org, row.number, ChangeKind.VERDICT.value, at)
            return True

    def assign_alerts(
        self, org: str, ids: Sequence[int], assignee: str | None, actor: str, at: datetime
    ) -> list[int]:
        c = t.decisions.c
        changed: list[int] = []
        with self.engine.begin() as conn:
            q = select(c.id, c.number, c.assignee).where(c.org_id == org, c.id.in_(list(dict.fromkeys(ids))))
            for row in conn.execute(q).all():
                if row.assignee == assignee:
                    continue
                conn.execute(update(t.decisions).where(c.id == row.id).values(assignee=assignee))
                detail = {"number": row.number, "from": row.assignee, "to": assignee}
                self._audit(conn, org, actor, "alert.assign", f"alert#{row.id}", detail, at)
                changed.append(int(row.id))
        return sorted(changed)

    def decisions_by_digest(self, org: str, prefix: str) -> list[tuple[str, StoredDecision]]:
        """The organisation's decisions on numbers whose digest starts with ``prefix``."""
        c = t.decisions.c
        low, high = prefix_range(prefix)
        q = (
            select(t.decisions)
            .where(c.org_id == org, c.digest >= low, c.digest < high)
            .order_by(c.digest, c.id)
        )
        with self.engine.connect() as conn:
            return [(r.digest, _decision(r)) for r in conn.execute(q)]

    def hits_of(self, org: str, number: str) -> list[StoredHit]:
        c = t.hits.c
        q = select(t.hits).where(c.org_id == org, c.number == number).order_by(c.event_time, c.id)
        with self.engine.connect() as conn:
            return [
                StoredHit(r.number, r.rule, r.event_time, float(r.weight), json.loads(r.evidence))
                for r in conn.execute(q)
            ]

    def rule_counts(self, org: str, limit: int = 10) -> list[tuple[str, int]]:
        """Rules by the number of decisions they contributed to (ties: the rule stored first).

        Read in id order: the plan's order (an index on outcome) would let an outcome reorder ties.
        """
        c = t.decisions.c
        counts: Counter[str] = Counter()
        with self.engine.connect() as conn:
            for (rules,) in conn.execute(select(c.rules).where(c.org_id == org).order_by(c.id)):
                counts.update(x for x in rules.split(";") if x)
        return counts.most_common(limit)

    def runs(self, org: str) -> list[dict[str, Any]]:
        q = select(t.runs).where(t.runs.c.org_id == org).order_by(t.runs.c.id.desc())
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(q)]
