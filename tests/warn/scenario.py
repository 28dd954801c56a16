"""A hand-built population, made without the simulator, so the warning rules are not tuned to it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

T0 = datetime(2026, 11, 10, 2, 0, tzinfo=UTC)  # 10:00 in Beijing
NOW = T0 + timedelta(days=1)

F1 = "+8617000000001"  # flagged dialer (police impersonation)
F2 = "+8617000000002"  # flagged SMS sender
W = "+22460000001"  # flagged wangiri number
U = "+8617000000003"  # not flagged
ROAMER = "+8613900000009"  # a subscriber abroad calling family

P = {i: f"+86138000000{i:02d}" for i in range(1, 13)}
G1 = "+8613900000101"
G2 = "+8613900000102"


def call_frame(
    rows: Sequence[tuple[Any, ...]], unit: timedelta = timedelta(minutes=1), t0: datetime = T0
) -> pl.DataFrame:
    """Calls from ``(caller, callee, start in units after t0, duration, origin[, caller_imei])``; the
    handset column only when the rows carry one."""
    columns: dict[str, list[Any]] = {
        "call_id": [f"c{i}" for i in range(len(rows))],
        "caller": [r[0] for r in rows],
        "callee": [r[1] for r in rows],
        "start_time": [t0 + r[2] * unit for r in rows],
        "duration_s": [r[3] for r in rows],
        "origin": [r[4] for r in rows],
    }
    if rows and len(rows[0]) > 5:
        columns["caller_imei"] = [r[5] for r in rows]
    return pl.DataFrame(columns, schema_overrides={"start_time": pl.Datetime("us", "UTC")})


def _calls(rows: list[tuple[str, str, int, int, str]]) -> pl.DataFrame:
    return call_frame(rows)


def calls() -> pl.DataFrame:
    return _calls(
        [
            (F1, P[1], 0, 900, "intra"),  # elderly, long call: warned, guardians alerted
            (F1, P[2], 5, 30, "intra"),  # short answered call: not enough
            (W, P[3], 10, 0, "international"),  # one ring ...
            (P[3], W, 20, 60, "intra"),  # ... and the callback: wangiri victim
            (P[4], "95588", 130, 200, "intra"),  # the bank, two hours after the link SMS
            ("95566", P[6], 40, 200, "international"),  # spoofed bank number: warned
            (ROAMER, P[7], 50, 600, "international"),  # family abroad, again and again
            (ROAMER, P[7], 900, 500, "international"),
            (ROAMER, P[7], 1300, 700, "international"),
            (U, P[8], 60, 900, "intra"),  # long call with an unflagged number
            (F1, P[9], 70, 1200, "intra"),  # long call, but not a subscriber
            (P[10], P[1], 80, 1500, "intra"),  # family call
            (F1, P[11], 90, 60, "intra"),  # several short calls from two fraud numbers
            (F1, P[11], 95, 60, "intra"),
            (F1, P[11], 99, 40, "intra"),
            (F2, P[12], 100, 500, "intra"),  # long call, young person, no guardians
        ]
    )


def sms() -> pl.DataFrame:
    rows = [
        (F2, P[4], 30, "【ETC】您的ETC认证已失效，请登录 http://etc-rz.top 重新认证"),
        (F2, P[5], 30, "【ETC】您的ETC认证已失效，请登录 http://etc-rz.top 重新认证"),
        (F2, P[11], 31, "您的积分即将清零"),
    ]
    return pl.DataFrame(
        {
            "sms_id": [f"m{i}" for i in range(len(rows))],
            "sender": [r[0] for r in rows],
            "receiver": [r[1] for r in rows],
            "send_time": [T0 + timedelta(minutes=r[2]) for r in rows],
            "text": [r[3] for r in rows],
        },
        schema_overrides={"send_time": pl.Datetime("us", "UTC")},
    )


def flagged() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "number": [F1, F2, W],
            "typology": ["dialer", "sms_fraud", "wangiri"],
            "category": ["police_impersonation", None, None],
            "detected_at": [T0 + timedelta(hours=3)] * 3,
        },
        schema_overrides={"detected_at": pl.Datetime("us", "UTC")},
    )


def subscribers() -> pl.DataFrame:
    people = [P[i] for i in range(1, 13) if i != 9]
    birth = {P[1]: 1948, P[12]: 1999, P[11]: 1950}
    guardians = {P[1]: f"{G1};{G2}"}
    return pl.DataFrame(
        {
            "number": [*people, ROAMER],
            "birth_year": [birth.get(p, 1985) for p in people] + [1980],
            "guardians": [guardians.get(p) for p in people] + [None],
        },
        schema_overrides={"birth_year": pl.Int64},
    )


#: Who must be warned, and who must not.
WARNED = {P[1], P[3], P[4], P[6], P[12]}
NOT_WARNED = {P[2], P[5], P[7], P[8], P[9], P[10], P[11]}
