"""Warnings in memory, as ``SqlWarnings`` keeps them: once per key with their outbox message, under
the store's lock; delivery reports only move a warning forward."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from ringfence.adapters.memory.base import Rows, locked, utc
from ringfence.adapters.memory.dispositions import MemoryDispositions
from ringfence.domain.outbox import NewMessage
from ringfence.domain.warnings import NewWarning, WarningRecord, WarningStatus, advances

__all__ = ["MemoryWarnings"]


class MemoryWarnings(MemoryDispositions):
    def __init__(self) -> None:
        super().__init__()
        self._warnings: Rows[WarningRecord] = Rows()
        self._warning_keys: dict[tuple[str, str], int] = {}

    @locked
    def add_warnings(
        self, org: str, warnings: Sequence[tuple[NewWarning, NewMessage]], at: datetime
    ) -> list[str]:
        if warnings:
            self._require_org(org)
        at = utc(at)
        added: list[str] = []
        for w, message in warnings:
            if (org, w.key) in self._warning_keys:
                continue
            row_id = self._warnings.next_id()
            self._warnings.add(
                row_id,
                WarningRecord(
                    id=row_id,
                    org=org,
                    key=w.key,
                    number=w.number,
                    fraud_number=w.fraud_number,
                    channel=w.channel,
                    notify=w.notify,
                    category=w.category,
                    risk=w.risk,
                    reason=w.reason,
                    text=w.text,
                    evidence=w.evidence,
                    status=WarningStatus.QUEUED,
                    created_at=at,
                    updated_at=at,
                ),
            )
            self._warning_keys[(org, w.key)] = row_id
            self._enqueue(org, message, at)
            added.append(w.key)
        return added

    @locked
    def warning_report(
        self, org: str, key: str, status: WarningStatus, at: datetime, report: str = ""
    ) -> bool:
        row_id = self._warning_keys.get((org, key))
        if row_id is None:
            return False
        current = self._warnings.get(row_id)
        if current is None or not advances(current.status, status):
            return False
        self._warnings.put(row_id, replace(current, status=status, report=report or None, updated_at=utc(at)))
        return True

    @locked
    def warnings(
        self,
        org: str,
        number: str | None = None,
        fraud_number: str | None = None,
        notify: str | None = None,
        channel: str | None = None,
        status: str | None = None,
        since: datetime | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[WarningRecord]:
        out = [
            w
            for w in reversed(list(self._warnings))
            if w.org == org
            and (number is None or w.number == number)
            and (fraud_number is None or w.fraud_number == fraud_number)
            and (notify is None or w.notify == notify)
            and (channel is None or w.channel == channel)
            and (status is None or w.status.value == status)
            and (since is None or w.created_at >= since)
        ]
        return out[offset : offset + limit]

    @locked
    def warning_counts(self, org: str, since: datetime | None = None) -> list[tuple[str, str, str, int]]:
        counts = Counter(
            (w.channel, w.category, w.status.value)
            for w in self._warnings
            if w.org == org and (since is None or w.created_at >= since)
        )
        return [(*k, n) for k, n in sorted(counts.items())]
