"""From likely victims to warnings: who is told, through which channel, when, and with what text.

* the person: ``sms``, or ``flash_sms`` (class 0, shown at once, not stored) when the case is urgent;
* each guardian of an elderly person: their own ``guardian`` alert naming the risk;
* ``callback``: a task for a human call, for elderly people at high risk with nobody to alert;
* ``police``: the anti-fraud centre's list of the highest-risk cases.

Quiet hours (local night) hold non-urgent warnings until morning (``send_after``); a person is sent at
most ``max_per_person`` warnings (``already`` counts those sent before); and every warning has an
idempotency key built from who is told, about whom and which fraud number — the same person is never
warned twice about the same number, by any run, through sms or flash sms alike.
Pure: the time of the run is passed in.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from ringfence.warn.texts import guardian_text, person_text

__all__ = ["CHANNELS", "CONTRACT_COLUMNS", "ChannelPolicy", "plan_warnings", "warning_key"]

CHANNELS = ("sms", "flash_sms", "guardian", "callback", "police")
CONTRACT_COLUMNS = ["number", "risk", "reason", "fraud_number", "detected_at", "channel", "notify"]
_COLUMNS = [
    *CONTRACT_COLUMNS,
    "category",
    "urgent",
    "send_after",
    "key",
    "text",
    "evidence",
]


@dataclass(frozen=True)
class ChannelPolicy:
    urgent_risk: float = 0.8  # flash SMS, no quiet hours
    police_risk: float = 0.95  # on the anti-fraud centre's list
    callback_risk: float = 0.7  # elderly without guardians: a human calls
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    timezone: str = "Asia/Shanghai"
    max_per_person: int = 3
    police_notify: str = "anti-fraud-centre"
    police_max: int = 20  # the list is for people to act on: the highest-risk cases only
    key_secret: bytes = field(default=b"", repr=False)


def warning_key(secret: bytes, audience: str, notify: str, number: str, fraud_number: str) -> str:
    """Stable idempotency key: a keyed hash, so an outbox key reveals no phone number."""
    text = f"{audience}|{notify}|{number}|{fraud_number}".encode()
    return "warn-" + hmac.new(secret, text, hashlib.sha256).hexdigest()[:32]


def _send_after(now: datetime, urgent: bool, p: ChannelPolicy) -> datetime:
    if urgent:
        return now
    local = now.astimezone(ZoneInfo(p.timezone))
    h = local.hour
    quiet = (
        (h >= p.quiet_start_hour or h < p.quiet_end_hour)
        if p.quiet_start_hour > p.quiet_end_hour
        else (p.quiet_start_hour <= h < p.quiet_end_hour)
    )
    if not quiet:
        return now
    morning = local.replace(hour=p.quiet_end_hour, minute=0, second=0, microsecond=0)
    if morning <= local:
        morning += timedelta(days=1)
    return morning.astimezone(now.tzinfo)


def plan_warnings(
    victims: pl.DataFrame,
    now: datetime,
    policy: ChannelPolicy | None = None,
    already: Mapping[str, int] | None = None,
    sent_keys: frozenset[str] = frozenset(),
) -> pl.DataFrame:
    """One row per warning (the likely-victims contract and more), most at risk first.

    ``victims`` is ``discovery.discover``'s frame with a ``category`` per row; ``already`` counts the
    warnings each recipient got before (for the cap); ``sent_keys`` are keys already queued."""
    p = policy or ChannelPolicy()
    counts: dict[str, int] = dict(already or {})
    rows: list[dict[str, object]] = []
    keys = set(sent_keys)
    counted: set[str] = set()

    def add(v: dict[str, object], channel: str, notify: str, audience: str, text: str, urgent: bool) -> None:
        number, fraud = str(v["number"]), str(v["fraud_number"])
        key = warning_key(p.key_secret, audience, notify, number, fraud)
        if key in sent_keys and key not in counted and audience != "police":
            counted.add(key)  # sent before: it counts towards the recipient's cap
            counts[notify] = counts.get(notify, 0) + 1
        if key in keys or (audience != "police" and counts.get(notify, 0) >= p.max_per_person):
            return
        keys.add(key)
        if audience != "police":
            counts[notify] = counts.get(notify, 0) + 1
        rows.append(
            {
                "number": number,
                "risk": v["risk"],
                "reason": v["reason"],
                "fraud_number": fraud,
                "detected_at": v["detected_at"],
                "channel": channel,
                "notify": notify,
                "category": v["category"],
                "urgent": urgent,
                "send_after": _send_after(now, urgent or audience == "police", p),
                "key": key,
                "text": text,
                "evidence": v["evidence"],
            }
        )

    police = 0
    for v in victims.iter_rows(named=True):
        risk = float(v["risk"])
        urgent = risk >= p.urgent_risk
        number = str(v["number"])
        category = v["category"]
        add(v, "flash_sms" if urgent else "sms", number, "person", person_text(category), urgent)
        guardians = [g for g in str(v.get("guardians") or "").split(";") if g.strip()]
        if v.get("elderly"):
            for g in guardians:
                add(v, "guardian", g.strip(), "guardian", guardian_text(category, number), urgent)
            if not guardians and risk >= p.callback_risk:
                add(v, "callback", number, "callback", person_text(category), urgent)
        if risk >= p.police_risk and police < p.police_max:
            police += 1
            add(v, "police", p.police_notify, "police", person_text(category), True)
    schema: dict[str, pl.DataType] = {
        "number": pl.String(),
        "risk": pl.Float64(),
        "reason": pl.String(),
        "fraud_number": pl.String(),
        "detected_at": pl.Datetime("us", "UTC"),
        "channel": pl.String(),
        "notify": pl.String(),
        "category": pl.String(),
        "urgent": pl.Boolean(),
        "send_after": pl.Datetime("us", "UTC"),
        "key": pl.String(),
        "text": pl.String(),
        "evidence": pl.String(),
    }
    return pl.DataFrame(rows, schema=schema).select(_COLUMNS)
