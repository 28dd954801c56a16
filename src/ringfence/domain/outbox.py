"""The outbox: messages the platform owes to systems outside it, kept until they are delivered.

A message is written in the same transaction as the change it announces (a suspension and the
provisioning event that carries it out either both exist or neither does), then delivered by a
dispatcher through a channel (a webhook, a file export; SMS gateways later). Its idempotency key is
stable, so enqueueing twice stores one message and a receiver that sees a redelivery can drop it.
Pure values and the retry schedule; the store and the dispatcher do the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from ringfence.errors import ConfigError

__all__ = ["Delivery", "NewMessage", "OutboxMessage", "Outcome", "RetryPolicy", "Status", "Topic"]


class Topic(StrEnum):
    PROVISIONING = "provisioning"  # HLR/HSS, BOSS: carry out disposals and restores
    NOTIFICATION = "notification"  # people and teams: verification notices, escalations
    WARNING = "warning"  # people fraud reached, their guardians, the anti-fraud centre


class Status(StrEnum):
    QUEUED = "queued"  # waiting for (another) attempt
    SENT = "sent"  # handed over; the channel reports delivery later (e.g. SMS receipts)
    DELIVERED = "delivered"
    FAILED = "failed"  # given up (a permanent refusal, or attempts exhausted)
    DRY_RUN = "dry_run"  # shadow operation: recorded, never delivered


class Outcome(StrEnum):
    """What one delivery attempt came to."""

    DELIVERED = "delivered"
    SENT = "sent"
    RETRY = "retry"  # a temporary failure (5xx, timeout, connection refused)
    FAILED = "failed"  # a permanent refusal (4xx): retrying would not help


@dataclass(frozen=True, slots=True)
class Delivery:
    outcome: Outcome
    error: str = ""


@dataclass(frozen=True, slots=True)
class NewMessage:
    """A message to enqueue. ``ordering_key`` serialises delivery: a message is not attempted while
    an older one with the same key and channel still waits (a number's restore never overtakes its
    suspension)."""

    topic: Topic
    channel: str
    key: str
    payload: dict[str, Any]
    ordering_key: str | None = None
    dry_run: bool = False

    def payload_json(self) -> str:
        return json.dumps(self.payload, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    id: int
    org: str
    topic: str
    channel: str
    key: str
    payload: dict[str, Any]
    status: Status
    attempts: int
    next_attempt_at: datetime
    created_at: datetime
    updated_at: datetime
    ordering_key: str | None = None
    last_error: str | None = None
    delivered_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential back-off: attempt *n* failed → wait ``base * 2**(n-1)`` (at most ``cap``); after
    ``max_attempts`` attempts the message is failed."""

    max_attempts: int = 8
    base: timedelta = timedelta(seconds=10)
    cap: timedelta = timedelta(hours=1)

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ConfigError("outbox max attempts must be at least 1")
        if self.base <= timedelta(0) or self.cap < self.base:
            raise ConfigError("outbox back-off must be positive and its cap at least the base")

    def delay(self, attempts: int) -> timedelta:
        """The wait after the ``attempts``-th failed attempt."""
        exponent = min(max(attempts - 1, 0), 60)
        seconds = self.base.total_seconds() * float(2**exponent)
        return min(timedelta(seconds=min(seconds, self.cap.total_seconds())), self.cap)

    def after(self, attempts: int, delivery: Delivery, now: datetime) -> tuple[Status, datetime]:
        """The status and next attempt time once attempt number ``attempts`` came to ``delivery``."""
        if delivery.outcome is Outcome.DELIVERED:
            return Status.DELIVERED, now
        if delivery.outcome is Outcome.SENT:
            return Status.SENT, now
        if delivery.outcome is Outcome.FAILED or attempts >= self.max_attempts:
            return Status.FAILED, now
        return Status.QUEUED, now + self.delay(attempts)
