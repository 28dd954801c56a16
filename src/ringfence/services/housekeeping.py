"""The periodic work of a running platform: escalate overdue clocks (dispositions' verifications and
appeals, verification questions dispatched to member organisations), deliver due outbox messages.

One ``tick`` is what ``serve`` runs every ``RINGFENCE_WORKER_INTERVAL_S`` seconds in a background
thread, and what cron can run through the CLI instead (``dispositions sweep`` + ``outbox dispatch``).
Escalating first means an escalation's notification goes out in the same tick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ringfence.domain.cases import Dispatch
from ringfence.domain.disposition import Disposition
from ringfence.domain.outbox import RetryPolicy
from ringfence.ports.channels import Channel
from ringfence.ports.store import CaseStore, DispositionStore
from ringfence.services.cases import sweep_dispatches
from ringfence.services.disposal import DisposalPolicy, sweep
from ringfence.services.outbox import DispatchReport, dispatch

__all__ = ["Tick", "tick"]


class _Store(DispositionStore, CaseStore, Protocol):
    pass


@dataclass
class Tick:
    escalated: list[Disposition]
    dispatched: DispatchReport
    dispatches_escalated: list[Dispatch] = field(default_factory=list)


def tick(
    store: _Store,
    policy: DisposalPolicy,
    channels: Mapping[str, Channel],
    retry: RetryPolicy,
    now: datetime,
) -> Tick:
    escalated = sweep(store, policy, now)
    overdue = sweep_dispatches(store, policy.routing, now)
    return Tick(escalated, dispatch(store, channels, retry, now), overdue)
