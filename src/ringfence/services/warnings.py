"""Warnings in the platform: queue them (stored once per key, each with its outbox message), run them
for a number just flagged or disposed, record delivery reports, list them and count them.

A number confirmed at 10:00 has its contacts in the store's records: ``warn_numbers`` reads the last
``warn_lookback_days`` of them, finds who the number reached (``ringfence.warn``), and queues the
warnings; the outbox dispatcher delivers them (SMS through Kannel) and Kannel's delivery reports come
back through ``record_report``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import polars as pl

from ringfence.domain.access import Permission, Principal, present_number, require
from ringfence.domain.outbox import NewMessage, Topic
from ringfence.domain.warnings import NewWarning, WarningRecord, WarningStatus, status_of_dlr
from ringfence.errors import ConfigError
from ringfence.ports.store import Store, WarningStore
from ringfence.warn.plan import ChannelPolicy

__all__ = [
    "WARNING_ROUTES",
    "QueueReport",
    "find_warnings",
    "queue_warnings",
    "record_report",
    "warn_numbers",
    "warning_stats",
    "warning_view",
]

log = logging.getLogger("ringfence.warnings")

#: Which outbox channel carries each kind of warning.
WARNING_ROUTES: Mapping[str, str] = {
    "sms": "kannel",
    "flash_sms": "kannel",
    "guardian": "kannel",
    "callback": "notification-webhook",
    "police": "notification-webhook",
}


@dataclass(frozen=True)
class QueueReport:
    planned: int
    queued: int  # new keys stored (the rest were queued before, or over the cap)


def _pair(row: Mapping[str, Any], routes: Mapping[str, str]) -> tuple[NewWarning, NewMessage]:
    w = NewWarning(
        key=str(row["key"]),
        number=str(row["number"]),
        fraud_number=str(row["fraud_number"]),
        channel=str(row["channel"]),
        notify=str(row["notify"]),
        category=str(row["category"] or "general"),
        risk=float(row["risk"]),
        reason=str(row["reason"] or ""),
        text=str(row["text"]),
        evidence=str(row.get("evidence") or "[]"),
    )
    payload = {
        "to": w.notify,
        "text": w.text,
        "flash": w.channel == "flash_sms",
        "warning": w.channel,
        "category": w.category,
        "number": w.number,
        "fraud_number": w.fraud_number,
        "risk": w.risk,
    }
    return w, NewMessage(Topic.WARNING, routes.get(w.channel, w.channel), w.key, payload)


def queue_warnings(
    store: Store,
    org: str,
    plan: pl.DataFrame,
    at: datetime,
    routes: Mapping[str, str] = WARNING_ROUTES,
) -> QueueReport:
    """Store the planned warnings (``ringfence.warn.plan`` rows) and their messages. A warning held by
    quiet hours is due at its ``send_after``; its key makes a second queueing a no-op."""
    if plan.is_empty():
        return QueueReport(0, 0)
    queued = 0
    for due, group in plan.group_by("send_after", maintain_order=True):
        when = due[0] if isinstance(due[0], datetime) else at
        pairs = [_pair(row, routes) for row in group.iter_rows(named=True)]
        queued += len(store.add_warnings(org, pairs, max(when, at)))
    return QueueReport(plan.height, queued)


def _already(store: Store, org: str, notify: Sequence[str], since: datetime) -> dict[str, int]:
    """Warnings each recipient got since ``since`` (the per-person cap counts them)."""
    out: dict[str, int] = {}
    for n in notify:
        got = store.warnings(org, notify=n, since=since, limit=100)
        if got:
            out[n] = len(got)
    return out


def warn_numbers(
    store: Store,
    org: str,
    numbers: Sequence[str],
    at: datetime,
    lookback: timedelta = timedelta(days=7),
    policy: ChannelPolicy | None = None,
    routes: Mapping[str, str] = WARNING_ROUTES,
    typology: str | None = None,
    subscribers: pl.DataFrame | None = None,
) -> QueueReport:
    """Warn the people ``numbers`` reached in the last ``lookback`` of stored records; with
    ``subscribers`` (``number, birth_year, guardians``) only subscribers, and guardians are alerted."""
    from ringfence.services.warn import warnings_for

    if not numbers:
        return QueueReport(0, 0)
    calls = store.calls_between(org, at - lookback, at + timedelta(seconds=1))
    if calls.is_empty():
        return QueueReport(0, 0)
    messages = store.messages_between(org, at - lookback, at + timedelta(seconds=1))
    flagged = pl.DataFrame(
        {"number": list(numbers), "typology": [typology] * len(numbers)},
        schema={"number": pl.String, "typology": pl.String},
    )
    sms = messages if not messages.is_empty() else None
    first = warnings_for(calls, flagged, at, sms=sms, subscribers=subscribers, policy=policy)
    if first.warnings.is_empty():
        return QueueReport(0, 0)
    already = _already(store, org, first.warnings["notify"].unique().to_list(), at - timedelta(days=1))
    plan = first.warnings
    if already:
        from ringfence.warn.plan import plan_warnings

        plan = plan_warnings(first.victims, at, policy, already)
    return queue_warnings(store, org, plan, at, routes)


def read_subscribers(path: Path | None) -> pl.DataFrame | None:
    """The subscriber file warnings read for age and guardians (``RINGFENCE_WARN_SUBSCRIBERS``)."""
    if path is None:
        return None
    from ringfence.ingest import RecordKind
    from ringfence.ingest.reader import read_frame

    frame, _ = read_frame([path], RecordKind.SUBSCRIBERS)
    return frame


def warn_numbers_safely(
    store: Store,
    org: str,
    numbers: Sequence[str],
    at: datetime,
    lookback: timedelta,
    subscribers: Path | None = None,
) -> None:
    """``warn_numbers`` after a disposal: a failure to warn is logged, never undoes the disposal."""
    try:
        subs = read_subscribers(subscribers)
        report = warn_numbers(store, org, numbers, at, lookback, subscribers=subs)
        if report.queued:
            log.info("queued %d warnings for contacts of %d numbers", report.queued, len(numbers))
    except Exception:
        log.exception("warning the contacts of %d numbers failed", len(numbers))


def record_report(store: Store, org: str, key: str, dlr_type: int, at: datetime) -> bool:
    """A gateway's delivery report (Kannel's ``%d``); ``True`` when it moved the warning forward."""
    status = status_of_dlr(dlr_type)
    if status is None:
        raise ConfigError(f"unknown delivery report type {dlr_type}")
    return store.warning_report(org, key, status, at, f"dlr {dlr_type}")


def warning_view(w: WarningRecord, viewer: Principal) -> dict[str, Any]:
    """A warning as the viewer may see it: people's numbers masked for roles that need not see them."""
    return {
        "id": w.id,
        "key": w.key,
        "number": present_number(w.number, viewer, w.org),
        "fraud_number": w.fraud_number,
        "channel": w.channel,
        "notify": present_number(w.notify, viewer, w.org) if w.channel != "police" else w.notify,
        "category": w.category,
        "risk": w.risk,
        "reason": w.reason,
        "status": w.status.value,
        "report": w.report,
        "created_at": w.created_at,
        "updated_at": w.updated_at,
    }


def warning_stats(store: Store, who: Principal, since: datetime | None = None) -> dict[str, Any]:
    require(who, Permission.VIEW)
    rows = store.warning_counts(who.org, since)
    by: dict[str, dict[str, int]] = {"channel": {}, "category": {}, "status": {}}
    for channel, category, status, n in rows:
        for dim, value in (("channel", channel), ("category", category), ("status", status)):
            by[dim][value] = by[dim].get(value, 0) + n
    return {
        "total": sum(n for *_, n in rows),
        "by_channel": by["channel"],
        "by_category": by["category"],
        "by_status": by["status"],
        "rows": [{"channel": c, "category": g, "status": s, "count": n} for c, g, s, n in rows],
        "statuses": [s.value for s in WarningStatus],
    }


def find_warnings(
    store: WarningStore,
    who: Principal,
    number: str | None = None,
    fraud_number: str | None = None,
    notify: str | None = None,
    channel: str | None = None,
    status: str | None = None,
    since: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The organisation's warnings, newest first, as ``who`` may see them (numbers in any written form
    match their canonical form; unknown filters are a clear error)."""
    from ringfence.domain.numbers import normalize

    require(who, Permission.VIEW)
    if status is not None and status not in {s.value for s in WarningStatus}:
        raise ConfigError(f"unknown status {status!r}; one of {', '.join(s.value for s in WarningStatus)}")
    if since is not None and since.tzinfo is None:
        raise ConfigError("since needs a UTC offset")

    def canon(n: str | None) -> str | None:
        return None if n is None else (normalize(n) or n)

    found = store.warnings(
        who.org, canon(number), canon(fraud_number), canon(notify), channel, status, since, limit, offset
    )
    return [warning_view(w, who) for w in found]
