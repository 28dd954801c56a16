"""Import a detection run (and optionally the records it was computed from) for an organisation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol

from ringfence.adapters.runfiles import read_run
from ringfence.domain.access import org_id
from ringfence.domain.decisions import DetectionRun, Verdict
from ringfence.domain.numbers import classify
from ringfence.ingest import QuarantineFile, RecordKind, RecordReader
from ringfence.ports.store import DecisionStore, KeyStore, RecordStore

__all__ = ["LoadResult", "import_run", "load_records", "load_run", "store_run"]


@dataclass(frozen=True, slots=True)
class LoadResult:
    run_id: int
    decisions: int
    hits: int
    calls: int = 0
    messages: int = 0
    quarantined: int = 0
    already_alerted: int = 0


class _Store(DecisionStore, RecordStore, KeyStore, Protocol):
    pass


def load_records(
    store: RecordStore,
    org: str,
    records_dir: Path,
    quarantine: Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[int, int, int]:
    """Store ``calls.csv`` and ``messages.csv`` (any of CSV/CSV.gz/Parquet) found in ``records_dir``.

    Read with the file readers, so the store holds exactly what validation accepts.
    """
    stored = {"calls": 0, "messages": 0}
    with QuarantineFile(quarantine) as sink:
        for kind in (RecordKind.CALLS, RecordKind.MESSAGES):
            paths = sorted(p for p in records_dir.glob(f"{kind.value}.*") if p.is_file())
            if not paths:
                continue
            reader = RecordReader(paths, kind=kind, quarantine=sink)
            if progress is not None:
                reader.progress = lambda done, total, k=kind.value: progress(k, done, total)
            add = store.add_calls if kind is RecordKind.CALLS else store.add_messages
            for batch in reader:
                stored[kind.value] += add(org, batch)[0]
        return stored["calls"], stored["messages"], sink.rows


def load_run(
    store: _Store | DecisionStore,
    org: str,
    run_dir: Path,
    actor: str,
    now: datetime,
    *,
    escalations_only: bool = False,
) -> LoadResult:
    """Store a run folder made elsewhere (``ringfence detect``'s export) as ``org``'s alerts."""
    return store_run(
        store, org, read_run(run_dir), str(run_dir), actor, now, escalations_only=escalations_only
    )


def store_run(
    store: _Store | DecisionStore,
    org: str,
    run: DetectionRun,
    source: str,
    actor: str,
    now: datetime,
    *,
    escalations_only: bool = False,
) -> LoadResult:
    """Store the run's decisions (as open alerts) and hits under ``org``.

    With ``escalations_only``, a number the organisation already has an alert for (open or decided) is
    loaded again only if its verdict is now higher: a detection job repeated over overlapping windows
    must not fill the analysts' queue with the same numbers every hour.
    """
    decisions, hits = run.decisions, run.hits
    if escalations_only:
        known: dict[str, int] = {}
        for d in store.decisions(org):
            known[d.number] = max(known.get(d.number, 0), Verdict(d.verdict).level)
        decisions = [d for d in decisions if d.verdict.level > known.get(d.number, 0)]
        kept = {d.number for d in decisions}
        hits = [h for h in hits if h.number in kept]
    kinds = {d.number: classify(d.number).kind.value for d in decisions}
    run_id = store.add_run(org, run.info, decisions, hits, kinds, source, actor, now)
    return LoadResult(
        run_id=run_id,
        decisions=len(decisions),
        hits=len(hits),
        already_alerted=len(run.decisions) - len(decisions),
    )


def import_run(
    store: _Store,
    org: str,
    run_dir: Path,
    actor: str,
    now: datetime,
    records_dir: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> tuple[LoadResult, tuple[int, int, int] | None]:
    """``ringfence load-run``: the organisation (created if new, its id checked as keys are), the
    records a run was computed from (optional), then the run. Returns the run's load and, with
    ``records_dir``, (calls, messages, quarantined)."""
    org_id(org)
    run = read_run(run_dir)  # a broken run is refused before anything is stored
    store.ensure_org(org, org, now)
    stored = None
    if records_dir is not None:
        stored = load_records(store, org, records_dir, records_dir / "quarantine-load.csv", progress)
    return store_run(store, org, run, str(run_dir), actor, now), stored
