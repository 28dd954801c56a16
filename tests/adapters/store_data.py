"""Records, runs and errors the store contract tests share (the example tests and the property test)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import polars as pl
import psycopg
from sqlalchemy.exc import IntegrityError, StatementError

from ringfence.adapters.memory import ConstraintError
from ringfence.domain.decisions import Decision, Hit, RunInfo, Typology, Verdict
from ringfence.domain.disposition import Action as DisposalAction
from ringfence.domain.disposition import Disposition, apply
from ringfence.domain.sla import Sla
from ringfence.ingest import CALLS, MESSAGES
from ringfence.ingest.validate import canonical_schema
from ringfence.ports.store import Store

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)

#: What each backend raises for a write its constraints refuse (unknown organisation, taken key);
#: PostgreSQL's bulk record load goes through the driver (COPY), so its error comes unwrapped.
REFUSED = (IntegrityError, psycopg.IntegrityError, ConstraintError)
#: ... and for a naive datetime (SQLAlchemy wraps the column type's ValueError).
NAIVE = (StatementError, ValueError)


def call(
    call_id: str,
    caller: str,
    callee: str,
    at: datetime,
    duration_s: int = 30,
    cell: str | None = None,
) -> dict[str, object]:
    return {
        "call_id": call_id,
        "caller": caller,
        "callee": callee,
        "start_time": at,
        "duration_s": duration_s,
        "origin": "intra",
        "caller_imei": None,
        "caller_imsi": None,
        "caller_cell": cell,
        "caller_region": None,
        "call_type": "moc",
    }


def calls_frame(rows: Sequence[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=canonical_schema(CALLS))


def calls(n: int, start: int = 0, caller: str = "+8613800000001") -> pl.DataFrame:
    return calls_frame(
        [
            call(
                f"c{i:06d}",
                caller if i % 2 == 0 else f"+86139{i:08d}",
                f"+86137{i:08d}" if i % 2 == 0 else caller,
                T0 + timedelta(minutes=i),
                i % 90,
                "CD-0001",
            )
            for i in range(start, start + n)
        ]
    )


def message(
    sms_id: str, sender: str, receiver: str, at: datetime, text: str | None = None
) -> dict[str, object]:
    return {
        "sms_id": sms_id,
        "sender": sender,
        "receiver": receiver,
        "send_time": at,
        "text": text,
        "origin": "intra",
        "sender_cell": None,
    }


def messages_frame(rows: Sequence[dict[str, object]]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=canonical_schema(MESSAGES))


def messages(n: int) -> pl.DataFrame:
    return messages_frame(
        [
            message(
                f"m{i:06d}",
                "1069000123",
                "+8613800000001",
                T0 + timedelta(minutes=i, seconds=30),
                f"您的验证码 {i}，点击 http://x.cn",
            )
            for i in range(n)
        ]
    )


def run(store: Store, org: str, numbers: list[str], at: datetime = T0) -> int:
    """A run flagging ``numbers`` (the first blocked, the rest warned, scores rising), one hit each."""
    decisions = [
        Decision(
            n,
            0.5 + i / 10,
            Verdict.BLOCK if i == 0 else Verdict.WARN,
            ("R1", "R2"),
            T0,
            T0 + timedelta(hours=i),
            Typology.DIALER,
        )
        for i, n in enumerate(numbers)
    ]
    hits = [
        Hit(n, "R1", T0 + timedelta(hours=1), 0.5, {"calls_10m": 14, "short_share": 0.8}) for n in numbers
    ]
    info = RunInfo("default", "7", T0, T0 + timedelta(minutes=3), {"calls": 10})
    kinds = dict.fromkeys(numbers, "mobile")
    return store.add_run(org, info, decisions, hits, kinds, "run-dir", "tester", at)


def dispose(store: Store, org: str, number: str, action: str, note: str, actor: str, at: datetime) -> int:
    """One disposition transition from the number's stored state, as the disposal service would store
    it (without the outbox); the id of its history row."""
    before = store.disposition(org, number) or Disposition(org, number)
    after, step = apply(before, DisposalAction(action), at, actor, Sla(), note)
    (stored,) = store.commit_transitions(before, after, [step], [])
    return stored.id
