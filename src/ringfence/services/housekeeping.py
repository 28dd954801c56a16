"""The periodic work of a running platform: escalate overdue clocks, deliver due outbox messages.

One ``tick`` is what ``serve`` runs every ``RINGFENCE_WORKER_INTERVAL_S`` seconds in a background
thread, and what cron can run through the CLI instead (``dispositions sweep`` + ``outbox dispatch``).
Escalating first means an escalation's notification goes out in the same tick.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from ringfence.domain.disposition import Disposition
from ringfence.domain.outbox import RetryPolicy
from ringfence.ports.channels import Channel
from ringfence.ports.store import DispositionStore
from ringfence.services.disposal import DisposalPolicy, sweep
from ringfence.services.outbox import DispatchReport, dispatch

__all__ = ["Tick", "tick"]


@dataclass
class Tick:
    escalated: list[Disposition]
    dispatched: DispatchReport


def tick(
    store: DispositionStore,
    policy: DisposalPolicy,
    channels: Mapping[str, Channel],
    retry: RetryPolicy,
    now: datetime,
) -> Tick:
    escalated = sweep(store, policy, now)
    return Tick(escalated, dispatch(store, channels, retry, now))
