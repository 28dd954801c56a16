"""``ringfence screen``: screen every call of record files as if at setup; ``ringfence snapshot``."""

from __future__ import annotations

import csv
import json
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ringfence.cli.ui import console, count_progress, err_console, handle_errors

if TYPE_CHECKING:
    from ringfence.ingest import QuarantineFile
    from ringfence.screening import CallSetup, Verdict


__all__ = ["screen", "snapshot_app"]

OUT_COLUMNS = ("call_id", "verdict", "reasons", "label")


@handle_errors
def screen(
    calls: list[Path] = typer.Option(
        ..., "--calls", "-c", help="Call records (DATA.md calls format: CSV, CSV.gz or Parquet). Repeatable."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Where to write call_id, verdict, reasons, label (CSV)."
    ),
    snapshot: Path | None = typer.Option(
        None,
        "--snapshot",
        "-s",
        help=(
            "Risk snapshot (directory of list CSVs or JSON file). Omitted: the empty cold snapshot, "
            "numbering-plan rules only. Given but missing or stale: the policy's fail mode applies."
        ),
    ),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="Policy JSON file (keys it changes)."),
    quarantine: Path | None = typer.Option(
        None, "--quarantine", "-q", help="Where rejected rows go (default: <out>.quarantine.csv)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of a table."),
) -> None:
    """Screen every call as the switch would at setup, and write one verdict per call.

    Calls are replayed in event-time order (one-ring bursts are windowed on event time) and written
    in input order; a verdict is allow, label or block with the ;-joined ids of the rules that fired
    and the label text the callee would see. Rows the data contract rejects go to the quarantine
    file, and those that still have a call_id are screened from what they contain (an unparsable
    caller is a verdict with reason irregular), after the accepted rows.
    """
    from ringfence.adapters.snapshot_files import load_policy, load_snapshot
    from ringfence.errors import InputFileError
    from ringfence.ingest import RecordKind, RecordReader
    from ringfence.screening import Policy, RiskSnapshot
    from ringfence.services.screen_call import ScreeningService

    pol = load_policy(policy) if policy is not None else Policy()
    snap: RiskSnapshot | None
    if snapshot is None:
        snap = RiskSnapshot.empty()
    else:
        try:
            snap = load_snapshot(snapshot)
        except InputFileError as exc:
            err_console.print(f"[bold yellow]warning:[/] {exc}; screening fails {pol.fail_mode.value}")
            snap = None
    service = ScreeningService(pol, snap if snap is not None else RiskSnapshot.empty())
    if snap is None:
        service.holder.swap(None)
    degraded_before = service.snapshot()
    if snap is not None and degraded_before is None:
        err_console.print(
            f"[bold yellow]warning:[/] snapshot {snap.version} is older than "
            f"{pol.max_snapshot_age_s:g} s; screening fails {pol.fail_mode.value}"
        )

    qpath = quarantine or out.with_name(out.name + ".quarantine.csv")
    started = time.perf_counter()
    rejects: list[tuple[str, int, str, str]] = []
    with _rescuing_quarantine(qpath, rejects) as sink:
        reader = RecordReader(calls, RecordKind.CALLS, sink)
        setups: list[CallSetup] = []
        ids: list[str] = []
        for frame in reader:
            ids.extend(frame["call_id"].to_list())
            setups.extend(_setups(frame))
        rescued_ids, rescued = _rescue(rejects, calls)
    with count_progress("screening calls", len(setups) + len(rescued)) as advance:
        verdicts = service.screen_many(setups)
        advance(len(setups))
        service.tracker = None  # rescued rows have no trustworthy time: no burst counting
        verdicts += [service.screen(c) for c in rescued]
        advance(len(rescued))
    ids += rescued_ids
    _write(out, ids, verdicts)
    elapsed = time.perf_counter() - started
    _summary(reader.summary.quarantined, len(rescued), verdicts, elapsed, out, qpath, as_json)


def _rescuing_quarantine(path: Path, rejects: list[tuple[str, int, str, str]]) -> QuarantineFile:
    """The ingest quarantine, also remembering rejected rows so they can still get a verdict."""
    from ringfence.ingest import QuarantineFile

    class Rescuing(QuarantineFile):
        def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
            materialised = list(rows)
            rejects.extend((file, line, reason, raw) for line, reason, raw in materialised)
            super().write(file, kind, materialised)

    return Rescuing(path)


def _setups(frame: object) -> list[CallSetup]:
    import polars as pl

    from ringfence.screening import CallSetup, Origin

    assert isinstance(frame, pl.DataFrame)
    epoch = frame["start_time"].dt.epoch("us").to_list()
    origins = {o.value: o for o in Origin}
    return [
        CallSetup(
            caller or "", callee or "", origins.get(origin or "intra", Origin.INTRA), t / 1e6, None, None, cid
        )
        for cid, caller, callee, origin, t in zip(
            frame["call_id"].to_list(),
            frame["caller"].to_list(),
            frame["callee"].to_list(),
            frame["origin"].to_list(),
            epoch,
            strict=True,
        )
    ]


def _rescue(rejects: list[tuple[str, int, str, str]], files: list[Path]) -> tuple[list[str], list[CallSetup]]:
    """Calls from quarantined rows that still name a call_id (duplicates excluded: screened once)."""
    from ringfence.ingest.reasons import DUPLICATE_ID, code_of
    from ringfence.screening import CallSetup, Origin

    headers: dict[str, list[str]] = {}
    ids: list[str] = []
    setups: list[CallSetup] = []
    seen: set[str] = set()
    for file, _line, reason, raw in sorted(rejects, key=lambda r: (r[0], r[1])):
        if code_of(reason) == DUPLICATE_ID:
            continue
        header = headers.get(file)
        if header is None:
            header = headers[file] = _header(Path(file))
        try:
            fields = next(csv.reader([raw]))
        except (csv.Error, StopIteration):
            continue
        row = dict(zip(header, fields, strict=False))
        cid = (row.get("call_id") or "").strip()
        if not cid or cid in seen:
            continue
        seen.add(cid)
        origin = Origin.parse(row.get("origin")) or Origin.INTRA
        ids.append(cid)
        setups.append(CallSetup(row.get("caller") or "", row.get("callee") or "", origin, call_id=cid))
    return ids, setups


def _header(path: Path) -> list[str]:
    if path.suffix.lower() in (".parquet", ".pq"):
        import pyarrow.parquet as pq

        return list(pq.read_schema(path).names)
    from ringfence.ingest.rawcsv import CsvSource

    try:
        return list(next(CsvSource(path, batch_rows=1).batches()).header)
    except Exception:
        return []


def _write(out: Path, ids: list[str], verdicts: list[Verdict]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(OUT_COLUMNS)
        for cid, v in zip(ids, verdicts, strict=True):
            writer.writerow((cid, v.action.value, v.reasons_text, v.label or ""))


def _summary(
    quarantined: int,
    rescued: int,
    verdicts: list[Verdict],
    elapsed: float,
    out: Path,
    qpath: Path,
    as_json: bool,
) -> None:
    from rich.table import Table

    actions = Counter(v.action.value for v in verdicts)
    reasons = Counter(r for v in verdicts for r in v.reasons)
    summary = {
        "calls": len(verdicts),
        "verdicts": dict(actions),
        "reasons": dict(reasons.most_common()),
        "quarantined_rows": quarantined,
        "screened_from_quarantine": rescued,
        "seconds": round(elapsed, 3),
        "out": str(out),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title=f"screened {len(verdicts):,} calls in {elapsed:.2f} s", show_header=False)
    for action in ("allow", "label", "block"):
        table.add_row(action, f"{actions.get(action, 0):,}")
    for reason, n in reasons.most_common():
        table.add_row(f"  {reason}", f"{n:,}")
    if quarantined:
        table.add_row("quarantined rows", f"{quarantined:,} (see {qpath})")
        table.add_row("  screened anyway", f"{rescued:,}")
    console.print(table)
    console.print(f"verdicts written to [bold]{out}[/]")


snapshot_app = typer.Typer(help="Build the risk snapshot that call screening reads.", no_args_is_help=True)


@snapshot_app.command("build")
@handle_errors
def build(
    out: Path = typer.Option(..., "--out", "-o", help="Snapshot JSON file to write (atomically)."),
    lists: Path | None = typer.Option(
        None, "--lists", "-l", help="Directory of list CSVs (blacklist.csv, tags.csv, trusted.csv, ...)."
    ),
    flagged: list[Path] = typer.Option(
        [], "--flagged", "-f", help="Flagged-numbers CSV from `ringfence detect` (scores). Repeatable."
    ),
    version: str | None = typer.Option(None, "--version", help="Snapshot version (default: build time)."),
    from_store: bool = typer.Option(
        False,
        "--from-store",
        help="Start from the organisation's live snapshot built from the store (RINGFENCE_DATABASE_URL): "
        "its dispositions, lists, other members' shared entries, reports and detection verdicts.",
    ),
    org: str | None = typer.Option(None, "--org", help="With --from-store: whose snapshot (required)."),
) -> None:
    """Merge operator lists and detection scores into one snapshot file for screening.

    Numbers are canonicalised as they are read; irregular numbers and unreadable scores are skipped and
    counted. The file is written to a temporary name and renamed, so a service watching it reloads
    either the old or the new snapshot, never half of one. With --from-store the organisation's live
    snapshot (what a server screens it with) is the base, for screening nodes without the database.
    """
    from datetime import UTC, datetime

    from ringfence.adapters.snapshot_files import build_snapshot, write_snapshot_json

    now = time.time()
    stamp = version or datetime.fromtimestamp(now, UTC).strftime("%Y%m%dT%H%M%SZ")
    base = None
    if from_store:
        from ringfence.errors import ConfigError

        if not org:
            raise ConfigError("--from-store needs --org (whose snapshot to export)")
        from ringfence.adapters.snapshot_store import StoreSnapshotSource
        from ringfence.bootstrap import build_platform

        platform = build_platform()
        try:
            from ringfence.services.keys import existing_org

            org = existing_org(platform.store, org)
            live = StoreSnapshotSource(
                platform.store, report_threshold=platform.settings.screen_report_threshold
            )
            live.load()
            base = dict(live.snapshot(org).callers)
            stamp = version or f"{stamp}-{live.snapshot(org).version.replace(':', '-')}"
        finally:
            platform.close()
    snap, skipped = build_snapshot(lists, flagged, stamp, now, base)
    write_snapshot_json(snap, out)
    console.print(
        f"snapshot [bold]{snap.version}[/]: {len(snap.callers):,} callers, "
        f"{len(snap.protected):,} protected, "
        f"{len(snap.do_not_call):,} do-not-call, "
        f"{'no roaming list' if snap.roaming is None else f'{len(snap.roaming):,} roaming'}; "
        f"{skipped:,} rows skipped → {out}"
    )


@snapshot_app.command("publish")
@handle_errors
def publish(
    source: Path = typer.Argument(
        ..., help="A snapshot JSON file or list directory (as `snapshot build` reads)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="The memory-mapped snapshot file switches map."),
) -> None:
    """Publish a snapshot as the memory-mapped file Kamailio's in-switch screening maps.

    Written to a temporary name, synced and renamed: each switch worker maps either the old file or the
    new one and notices the new one within half a second (deploy/kamailio/ringfence_kemi.py). A server
    with a store publishes its live snapshot the same way when RINGFENCE_SCREEN_PUBLISH is set.
    """
    from ringfence.adapters.snapshot_files import load_snapshot
    from ringfence.adapters.snapshot_mmap import write_mapped

    snap = load_snapshot(source)
    size = write_mapped(snap, out)
    console.print(f"snapshot [bold]{snap.version}[/]: {len(snap.callers):,} callers, {size:,} bytes → {out}")
