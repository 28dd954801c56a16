"""Warnings sent to people fraud reached, and how far each got: queued → sent → delivered / failed.

A warning is stored once per idempotency key (``ringfence.warn.plan.warning_key``), with the outbox
message that carries it, so the same person is never warned twice about the same fraud number.
Delivery reports (an SMS gateway's, or the channel's own answer) only ever move a warning forward: a
late "sent" report does not undo "delivered", and nothing undoes a final state.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

__all__ = ["NewWarning", "WarningRecord", "WarningStatus", "advances", "status_of_dlr"]


class WarningStatus(StrEnum):
    QUEUED = "queued"
    SENT = "sent"  # accepted by the gateway / SMSC
    DELIVERED = "delivered"  # the handset has it (delivery report)
    FAILED = "failed"


_RANK = {WarningStatus.QUEUED: 0, WarningStatus.SENT: 1, WarningStatus.DELIVERED: 2, WarningStatus.FAILED: 2}


def advances(current: WarningStatus, new: WarningStatus) -> bool:
    """Whether a report of ``new`` moves a warning that is at ``current``."""
    return _RANK[new] > _RANK[current]


def status_of_dlr(dlr_type: int) -> WarningStatus | None:
    """Kannel's delivery-report types (``%d`` of ``dlr-url``): 1 delivered, 2 failed, 4 buffered at
    the SMSC, 8 accepted by the SMSC, 16 rejected by the SMSC."""
    return {
        1: WarningStatus.DELIVERED,
        2: WarningStatus.FAILED,
        4: WarningStatus.SENT,
        8: WarningStatus.SENT,
        16: WarningStatus.FAILED,
    }.get(dlr_type)


@dataclass(frozen=True, slots=True)
class NewWarning:
    key: str
    number: str  # the person at risk
    fraud_number: str
    channel: str
    notify: str  # who receives it: the person, a guardian, the anti-fraud centre
    category: str
    risk: float
    reason: str
    text: str
    evidence: str = "[]"  # JSON


@dataclass(frozen=True, slots=True)
class WarningRecord:
    id: int
    org: str
    key: str
    number: str
    fraud_number: str
    channel: str
    notify: str
    category: str
    risk: float
    reason: str
    text: str
    evidence: str
    status: WarningStatus
    created_at: datetime
    updated_at: datetime
    report: str | None = None  # the last delivery report or error
