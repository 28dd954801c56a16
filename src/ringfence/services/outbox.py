"""Enqueueing messages for the configured channels, and delivering what is due.

``Routing`` says which channels carry each topic and whether the platform runs in shadow mode (dry
run). ``dispatch`` claims due messages, hands them to their channels, and records each attempt: the
retry schedule (``RetryPolicy``) decides between delivered, another attempt later and failed. The
server runs it periodically in a background thread; ``ringfence outbox dispatch`` runs it once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from ringfence.domain.outbox import Delivery, NewMessage, OutboxMessage, Outcome, RetryPolicy, Status, Topic
from ringfence.ports.channels import Channel
from ringfence.ports.store import OutboxStore

__all__ = ["DispatchReport", "Routing", "dispatch"]

log = logging.getLogger("ringfence.outbox")


@dataclass(frozen=True)
class Routing:
    """Which channels carry each topic. A topic without a channel is not enqueued at all (the
    disposition history and the audit log still record the change)."""

    routes: Mapping[Topic, tuple[str, ...]] = field(default_factory=dict)
    dry_run: bool = False

    def messages(
        self, topic: Topic, event_id: str, payload: dict[str, Any], ordering_key: str | None = None
    ) -> list[NewMessage]:
        """One message per channel of ``topic``; the key is the event id and the channel, so each
        channel's copy is delivered (and deduplicated) on its own."""
        return [
            NewMessage(topic, channel, f"{event_id}@{channel}", payload, ordering_key, self.dry_run)
            for channel in self.routes.get(topic, ())
        ]


@dataclass
class DispatchReport:
    attempted: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def dispatch(
    store: OutboxStore,
    channels: Mapping[str, Channel],
    retry: RetryPolicy,
    now: datetime,
    limit: int = 50,
    lease: timedelta = timedelta(minutes=15),
) -> DispatchReport:
    """Attempt every due message once (at most ``limit``) and record the outcomes.

    The claim's ``lease`` must outlast the attempts (``limit`` × the slowest channel's timeout, 50 × 5 s
    by default): until it runs out no other dispatcher touches the claimed messages.
    """
    report = DispatchReport()
    claimed = store.claim_due(now, now + lease, limit)
    by_channel: dict[str, list[OutboxMessage]] = defaultdict(list)
    for m in claimed:
        by_channel[m.channel].append(m)
    for name, messages in by_channel.items():
        for m, delivery in zip(messages, _attempt(channels.get(name), name, messages), strict=True):
            attempts = m.attempts + 1
            status, next_at = retry.after(attempts, delivery, now)
            store.record_attempt(m.id, status, attempts, next_at, delivery.error, now)
            report.attempted += 1
            report.by_status[status.value] = report.by_status.get(status.value, 0) + 1
            if status is Status.FAILED:
                log.warning(
                    "outbox message %s (%s) failed after %d attempts: %s",
                    m.id,
                    m.key,
                    attempts,
                    delivery.error,
                )
    return report


def _attempt(channel: Channel | None, name: str, messages: Sequence[OutboxMessage]) -> list[Delivery]:
    if channel is None:
        return [Delivery(Outcome.RETRY, f"channel {name!r} is not configured")] * len(messages)
    try:
        deliveries = channel.deliver(messages)
    except Exception as exc:  # a channel bug must not stop the others; the messages are retried
        log.exception("channel %s failed", name)
        return [Delivery(Outcome.RETRY, f"{type(exc).__name__}: {exc}"[:500])] * len(messages)
    if len(deliveries) != len(messages):
        return [Delivery(Outcome.RETRY, f"channel {name!r} answered for the wrong number of messages")] * len(
            messages
        )
    return deliveries
