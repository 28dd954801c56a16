"""The screening decision: one call setup, one snapshot, one compiled policy → one verdict.

Pure and allocation-light: a call from an ordinary number costs one cached classification, one or two
tuple walks and one dict miss, and returns a shared ``allow`` verdict.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ringfence.domain.numbers import classify
from ringfence.screening.call import CallSetup
from ringfence.screening.policy import Policy
from ringfence.screening.rules import INBOUND_ONLY, SNAPSHOT_RULES, TRUSTED_WRONG_TRUNK, RuleBook
from ringfence.screening.snapshot import RiskSnapshot
from ringfence.screening.verdict import ALLOW, Action, Hit, Verdict

__all__ = ["compile_policy", "screen"]


@lru_cache(maxsize=32)
def compile_policy(policy: Policy) -> RuleBook:
    """The rule book of a policy (cached: compile once, screen many)."""
    return RuleBook.compile(policy)


def screen(
    call: CallSetup,
    snapshot: RiskSnapshot | None,
    rules: RuleBook | Policy | None = None,
    recent_callees: int = 0,
) -> Verdict:
    """Decide one call. Never raises on bad input: an unparsable caller is an ``irregular`` verdict.

    ``snapshot`` None means a configured snapshot is unavailable: numbering-plan rules still decide
    what they can, and the policy's fail mode (``unscreened``) covers the rest. ``recent_callees`` is
    the caller's distinct callees in the burst window (from ``BurstTracker.observe``), 0 if untracked.
    Pass a compiled ``RuleBook`` on hot paths; a ``Policy`` is compiled (and cached) on each call.
    """
    book = rules if isinstance(rules, RuleBook) else compile_policy(rules or _DEFAULT_POLICY)
    caller = classify(call.caller)
    hits: list[Hit] | None = None
    for rule in book.stateless[call.origin]:
        hit = rule(book, call, caller, snapshot, recent_callees)
        if hit is not None:
            if hits is None:
                hits = [hit]
            else:
                hits.append(hit)
    if snapshot is None:
        if hits is None:
            hits = [book.unscreened]
        else:
            hits.append(book.unscreened)
        return Verdict.of(hits)
    callers = snapshot.callers
    entry = callers.get(caller.normalized) if callers else None
    if entry is not None:
        for snapshot_rule in SNAPSHOT_RULES:
            hit = snapshot_rule(book, call, entry, snapshot)
            if hit is not None:
                if hits is None:
                    hits = [hit]
                else:
                    hits.append(hit)
        if entry.display_name is not None:
            return _named(Verdict.of(hits or []), entry.display_name)
    if hits is None:
        return ALLOW
    return Verdict.of(hits)


def _named(verdict: Verdict, name: str) -> Verdict:
    """A trusted enterprise number shows its registered name, unless the call is a forgery of it (a
    wrong trunk, an inbound-only number) or otherwise blocked: a spoofer never gets the bank's name."""
    if verdict.action is Action.BLOCK or {TRUSTED_WRONG_TRUNK, INBOUND_ONLY} & set(verdict.reasons):
        return verdict
    return replace(verdict, display_name=name)


_DEFAULT_POLICY = Policy()
