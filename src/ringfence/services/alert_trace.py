"""One alert with its rule trace: which rules fired, on which evidence against which thresholds, and
how the policy's weights turned them into the score and the verdict.

The trace is rebuilt from what the store kept: the decision, its run's policy and rule library as the
run wrote them (``runs.policy_text`` / ``rules_text``; the shipped ones when a run kept none or they
no longer parse), and the rule hits with their evidence.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ringfence.detect.policy import VERDICTS, Policy, Typology, load_policy
from ringfence.detect.rules import RuleLibrary, load_rules
from ringfence.domain.access import NotFoundError, Permission, Principal, require
from ringfence.domain.casework import StoredDecision, StoredHit
from ringfence.errors import RingfenceError
from ringfence.ports.store import DecisionStore

__all__ = ["AlertTrace", "ClauseCheck", "RuleTrace", "ScoreStep", "alert_trace", "score_path"]


class _Store(DecisionStore, Protocol):
    pass


@dataclass(frozen=True, slots=True)
class ClauseCheck:
    feature: str
    op: str
    threshold: float
    value: Any  # the evidence value detection saw (None: not recorded)
    holds: bool | None  # None when the value is unknown


@dataclass
class RuleTrace:
    rule: str
    description: str
    weight: float | None  # in the alert's typology (None: the rule is not weighted there)
    role: str  # weight | modifier | exemption | gate | other
    hits: int
    first: Any
    last: Any
    clauses: list[ClauseCheck] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ScoreStep:
    """One step of the score's arithmetic: what was applied, the factor or term, the running score."""

    what: str
    term: str
    score: float


@dataclass
class AlertTrace:
    alert: StoredDecision
    policy: str
    typology: str
    typology_description: str
    rules: list[RuleTrace]
    steps: list[ScoreStep]
    thresholds: dict[str, float]
    recomputed: float | None  # the score the policy gives the fired rules (None: typology unknown)


@lru_cache(maxsize=16)
def _policy(policy_text: str, rules_text: str) -> Policy:
    """A run's policy as it kept it (parsed through the loaders so it is checked the same way)."""
    with tempfile.TemporaryDirectory(prefix="ringfence-trace-") as tmp:
        library: RuleLibrary | None = None
        if rules_text:
            (Path(tmp) / "rules.toml").write_text(rules_text, encoding="utf-8")
            library = load_rules(Path(tmp) / "rules.toml")
        if not policy_text:
            return load_policy(None, library)
        (Path(tmp) / "policy.toml").write_text(policy_text, encoding="utf-8")
        return load_policy(Path(tmp) / "policy.toml", library)


def _run_policy(store: _Store, org: str, run_id: int) -> Policy:
    run = next((r for r in store.runs(org) if int(r["id"]) == run_id), None)
    texts = (str(run.get("policy_text") or ""), str(run.get("rules_text") or "")) if run else ("", "")
    try:
        return _policy(*texts)
    except RingfenceError:  # an unreadable kept policy: shown against the shipped one
        return _policy("", "")


def score_path(typology: Typology, fired: set[str]) -> list[ScoreStep]:
    """``Typology.score`` step by step, for people: the same operations in the same order."""
    steps: list[ScoreStep] = []
    s = 0.0
    for r, w in typology.weights.items():
        if r in fired:
            s += w
            steps.append(ScoreStep(r, f"+{w:g}", s))
    for r, factor in typology.modifiers.items():
        if r in fired:
            s *= factor
            steps.append(ScoreStep(r, f"×{factor:g}", s))
    if s > 1.0:
        s = 1.0
        steps.append(ScoreStep("cap", "min(1, ·)", s))
    for r, factor in typology.exemptions.items():
        if r in fired:
            s *= factor
            steps.append(ScoreStep(r, f"×{factor:g}", s))
    for requires, factor in typology.all_gates:
        if not any(r in fired for r in requires):
            s *= factor
            steps.append(ScoreStep("gate: " + " | ".join(requires), f"×{factor:g}", s))
    return steps


def _role(typology: Typology | None, rule: str) -> tuple[str, float | None]:
    if typology is None:
        return "other", None
    if rule in typology.weights:
        return "weight", typology.weights[rule]
    if rule in typology.modifiers:
        return "modifier", typology.modifiers[rule]
    if rule in typology.exemptions:
        return "exemption", typology.exemptions[rule]
    if any(rule in requires for requires, _ in typology.all_gates):
        return "gate", None
    return "other", None


def _rule_trace(rule_id: str, policy: Policy, typology: Typology | None, hits: list[StoredHit]) -> RuleTrace:
    mine = [h for h in hits if h.rule == rule_id]
    evidence: dict[str, Any] = {}
    for h in mine:  # the latest hit's values (what made the decision stand)
        evidence.update(h.evidence)
    rule = policy.rules.rules.get(rule_id)
    role, weight = _role(typology, rule_id)
    checks = []
    if rule is not None:
        for c in (*rule.all, *rule.any):
            value = evidence.get(c.feature)
            holds = c.holds({c.feature: float(value)}) if isinstance(value, int | float) else None
            checks.append(ClauseCheck(c.feature, c.op, c.threshold, value, holds))
    return RuleTrace(
        rule_id,
        rule.description if rule else "",
        weight,
        role,
        len(mine),
        mine[0].event_time if mine else None,
        mine[-1].event_time if mine else None,
        checks,
    )


def alert_trace(store: _Store, principal: Principal, alert_id: int) -> AlertTrace:
    require(principal, Permission.VIEW)
    alert = store.decision(principal.org, alert_id)
    if alert is None:
        raise NotFoundError(f"no alert {alert_id}")
    policy = _run_policy(store, principal.org, alert.run_id)
    typology = next((t for t in policy.typologies if t.id == alert.typology), None)
    hits = [h for h in store.hits_of(principal.org, alert.number) if h.event_time <= alert.detected_at]
    fired = set(alert.rules)
    return AlertTrace(
        alert=alert,
        policy=policy.label,
        typology=alert.typology,
        typology_description=typology.description if typology else "",
        rules=[_rule_trace(r, policy, typology, hits) for r in alert.rules],
        steps=score_path(typology, fired) if typology else [],
        thresholds={v: policy.thresholds[v] for v in VERDICTS},
        recomputed=typology.score(fired) if typology else None,
    )
