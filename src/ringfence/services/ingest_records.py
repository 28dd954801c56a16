"""Records sent over HTTP: the same validation, quarantine and dedupe as files, then into the store.

A CSV body goes through the very reader files go through (so a stray quote or a bad byte is handled
identically); a JSON-lines body becomes a frame of text columns checked by the same ``validate_frame``.
Duplicates within a body are quarantined as in files; ids already stored are counted, not stored twice.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Protocol

import polars as pl

from ringfence.domain.access import Permission, Principal, require
from ringfence.errors import DataContractError, InputFileError
from ringfence.ingest import CALLS, MESSAGES, QuarantineFile, RecordKind, RecordReader
from ringfence.ingest.contract import Contract
from ringfence.ingest.reasons import DUPLICATE_ID, code_of
from ringfence.ingest.seen import SeenIds
from ringfence.ingest.validate import LINE, RAW, REASON, validate_frame
from ringfence.ports.store import AuditLog, RecordStore

__all__ = ["IngestResult", "ingest_records"]

_SAMPLE = 50


@dataclass
class IngestResult:
    kind: str
    received: int = 0
    stored: int = 0
    already_stored: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    quarantine_sample: list[dict[str, object]] = field(default_factory=list)


class _MemoryQuarantine(QuarantineFile):
    """Keeps rejected rows in memory (the HTTP body is bounded) so they can go to the store."""

    def __init__(self) -> None:
        super().__init__(Path("/dev/null"))
        self.kept: list[tuple[int, str, str]] = []

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        for row in rows:
            self.kept.append(row)
            self.rows += 1


def _csv(body: bytes, kind: RecordKind) -> tuple[list[pl.DataFrame], list[tuple[int, str, str]]]:
    sink = _MemoryQuarantine()
    with tempfile.TemporaryDirectory(prefix="ringfence-ingest-") as tmp:
        path = Path(tmp) / "body.csv"
        path.write_bytes(body)
        frames = list(RecordReader([path], kind=kind, quarantine=sink))
    return frames, sink.kept


def _jsonl(body: bytes, contract: Contract) -> tuple[list[pl.DataFrame], list[tuple[int, str, str]]]:
    rejected: list[tuple[int, str, str]] = []
    rows: list[dict[str, str | None]] = []
    lines: list[int] = []
    for number, raw in enumerate(body.decode("utf-8", errors="replace").splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except ValueError:
            rejected.append((number, "bad_json: line is not a JSON object", raw))
            continue
        if not isinstance(obj, dict):
            rejected.append((number, "bad_json: line is not a JSON object", raw))
            continue
        rows.append({c: None if obj.get(c) is None else str(obj[c]) for c in contract.names})
        lines.append(number)
    if not rows:
        return [], rejected
    frame = pl.DataFrame(rows, schema=dict.fromkeys(contract.names, pl.String)).with_columns(
        pl.Series(LINE, lines, dtype=pl.Int64)
    )
    good, bad = validate_frame(frame, contract)
    rejected.extend(bad.select(LINE, REASON, RAW).iter_rows())
    keep = pl.Series(SeenIds().first_occurrences(good[contract.id_column]))
    if not keep.all():
        dups = good.filter(~keep)
        rejected.extend(
            (line, f"{DUPLICATE_ID}: {contract.id_column} seen before", json.dumps({contract.id_column: rid}))
            for line, rid in dups.select(LINE, contract.id_column).iter_rows()
        )
        good = good.filter(keep)
    return [good.drop(LINE)], rejected


class _Store(RecordStore, AuditLog, Protocol):
    pass


def ingest_records(
    store: _Store,
    principal: Principal,
    kind: RecordKind,
    body: bytes,
    content_type: str,
    now: datetime,
    max_bytes: int,
) -> IngestResult:
    require(principal, Permission.SUBMIT_RECORDS)
    if kind not in (RecordKind.CALLS, RecordKind.MESSAGES):
        raise InputFileError(f"records of kind {kind.value} are not accepted over HTTP")
    if len(body) > max_bytes:
        raise InputFileError(f"body of {len(body):,} bytes is over the limit of {max_bytes:,}")
    if not body.strip():
        raise DataContractError("empty body")
    contract = CALLS if kind is RecordKind.CALLS else MESSAGES
    is_json = "json" in content_type
    frames, rejected = _jsonl(body, contract) if is_json else _csv(body, kind)
    result = IngestResult(kind=kind.value)
    for frame in frames:
        add = store.add_calls if kind is RecordKind.CALLS else store.add_messages
        stored, already = add(principal.org, frame)
        result.stored += stored
        result.already_stored += already
    rejected.sort()
    result.quarantined = len(rejected)
    result.received = result.stored + result.already_stored + result.quarantined
    for _line, reason, _raw in rejected:
        code = code_of(reason)
        result.reasons[code] = result.reasons.get(code, 0) + 1
    result.quarantine_sample = [
        {"line": line, "reason": reason, "raw": raw} for line, reason, raw in rejected[:_SAMPLE]
    ]
    store.add_quarantine(principal.org, kind.value, f"http:{principal.actor}", rejected, now)
    store.audit(
        principal.org,
        principal.actor,
        f"records.{kind.value}",
        f"{result.received} rows",
        {"stored": result.stored, "already_stored": result.already_stored, "quarantined": result.quarantined},
        now,
    )
    return result
