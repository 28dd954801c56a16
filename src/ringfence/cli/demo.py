"""``ringfence demo``: the whole pipeline on embedded defaults, end to end, in one command."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.panel import Panel
from rich.table import Table

from ringfence.cli.ui import byte_progress, console, handle_errors

if TYPE_CHECKING:
    import polars as pl

    from ringfence.domain.decisions import DetectionRun
    from ringfence.services.detect import Detection

__all__ = ["demo"]


@handle_errors
def demo(
    out: Path = typer.Option(Path("demo-run"), "--out", "-o", help="Working directory for the demo run."),
    subscribers: int = typer.Option(5000, "--subscribers", "-n", min=500, help="Simulated subscribers."),
    days: int = typer.Option(7, "--days", "-d", min=1, max=60, help="Days of simulated traffic."),
    seed: int = typer.Option(7, "--seed", help="Random seed."),
    no_console: bool = typer.Option(
        False, "--no-console", help="Stop after the evaluation: do not load the store or start the console."
    ),
    port: int = typer.Option(8000, "--port", help="Console port (the next free one if taken)."),
) -> None:
    """Simulate a week of calibrated traffic, validate it, detect, evaluate, and open the console on it.

    Needs nothing installed beyond ringfence: synthetic data, embedded defaults, files in --out; the
    console's SQLite store is in --out/platform and its server keeps running after the command exits
    (`make demo-stop` or `ringfence serve --stop` with RINGFENCE_DATA_DIR=--out/platform stops it).
    """
    import polars as pl

    from ringfence.ingest import QuarantineFile, RecordReader
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    console.print(
        Panel.fit(
            "[bold]ringfence demo[/]: simulate → validate → detect → evaluate → console", border_style="cyan"
        )
    )
    with console.status(f"1/4 simulating {subscribers:,} subscribers over {days} days"):
        sim = simulate(
            SimConfig(seed=seed, subscribers=subscribers, days=days, start=datetime(2026, 11, 2, tzinfo=UTC))
        )
        written = write_simulation(sim, out)
    console.print(
        f"[green]✓[/] simulated {written.rows['calls']:,} calls and {written.rows.get('messages', 0):,} "
        f"messages into {out}/"
    )
    table = Table(title="2/4 validation (as ingestion reads them)")
    for col in ("file", "records", "accepted", "quarantined"):
        table.add_column(col, justify="left" if col == "file" else "right")
    # kept for detection and the console's store: the files are read once
    accepted: dict[str, list[pl.DataFrame]] = {"calls": [], "messages": [], "subscribers": []}
    with QuarantineFile(out / "quarantine.csv") as sink:
        for path in (written.calls, written.messages, written.subscribers):
            if path is None:
                continue
            reader = RecordReader([path], quarantine=sink)
            with byte_progress(f"validating {path.name}", reader.total_bytes) as tick:
                reader.progress = tick
                for batch in reader:
                    accepted.get(reader.kind.value, []).append(batch)
            s = reader.summary
            table.add_row(path.name, f"{s.rows:,}", f"{s.accepted:,}", f"{s.quarantined:,}")
    console.print(table)
    truth = Table(title="what is in the traffic (truth/)", show_header=False)
    roles = sim.population.role
    for role, label in (
        ("dialer", "fraud dialers"),
        ("sim_farm", "SIM-farm cards"),
        ("courier", "couriers"),
        ("call_centre", "call centres"),
        ("ride_hailing", "ride-hailing drivers"),
    ):
        truth.add_row(label, f"{roles.count(role):,}")
    truth.add_row("wangiri numbers", f"{len(sim.wangiri_numbers):,}")
    truth.add_row("spoofed international calls", f"{0 if sim.spoofed is None else sim.spoofed.height:,}")
    truth.add_row("victims", f"{0 if sim.victims is None else sim.victims.height:,}")
    console.print(truth)
    detection = _detect_and_evaluate(out, accepted, written.calls, written.subscribers)
    if not no_console:
        calls = pl.concat(accepted["calls"]) if accepted["calls"] else None
        messages = pl.concat(accepted["messages"]) if accepted["messages"] else None
        frames = None if calls is None or messages is None else (calls, messages)
        _publish(out, port, frames, detection.run())


def _detect_and_evaluate(
    out: Path, accepted: dict[str, list[pl.DataFrame]], calls: Path, subscribers: Path
) -> Detection:
    import polars as pl

    from ringfence.adapters.record_sources import FrameSource
    from ringfence.detect.evaluate import evaluate, load_truth
    from ringfence.detect.exports import flagged_table, staged_run
    from ringfence.detect.policy import load_policy
    from ringfence.ingest import QuarantineFile, RecordKind
    from ringfence.services.detect import DetectionInputs, detect, export_run
    from ringfence.settings import Settings

    policy = load_policy()
    zone = Settings().timezone
    inputs = DetectionInputs(
        calls=FrameSource(RecordKind.CALLS, accepted["calls"], str(calls)),
        subscribers=FrameSource(RecordKind.SUBSCRIBERS, accepted["subscribers"], str(subscribers)),
        described={"calls": [str(calls)], "subscribers": [str(subscribers)]},
    )
    with (
        staged_run(out / "run") as run_dir,
        QuarantineFile(run_dir / "quarantine.csv") as sink,
        console.status("3/4 detecting fraud numbers") as status,
    ):
        detection = detect(inputs, policy, quarantine=sink, progress=status.update, zone=zone)
        export_run(detection, run_dir, zone)
    result = detection.result
    flagged_table(result.flagged, zone).write_csv(out / "flagged.csv")
    truth = load_truth(pl.read_csv(out / "truth" / "numbers.csv", infer_schema=False))
    ev = evaluate(result.flagged, truth, "warn")
    table = Table(title=f"3/4 detection ({policy.label}) → {out}/flagged.csv")
    for col in ("verdict ≥", "flagged", "fraud found", "false alarms", "precision", "recall"):
        table.add_column(col, justify="right")
    for r in ev.levels.iter_rows(named=True):
        table.add_row(
            r["min_verdict"],
            str(r["flagged"]),
            str(r["tp"]),
            str(r["fp"]),
            f"{r['precision']:.3f}",
            f"{r['recall']:.3f}",
        )
    console.print(table)
    typ = Table(title="4/4 by typology (warn or block)")
    for col in ("typology", "fraud", "detected", "recall", "median time to detect"):
        typ.add_column(col, justify="right")
    for r in ev.typologies.iter_rows(named=True):
        ttd = "-" if r["median_ttd_s"] is None else f"{r['median_ttd_s'] / 60:.1f} min"
        typ.add_row(str(r["typology"]), str(r["fraud"]), str(r["detected"]), f"{r['recall']:.3f}", ttd)
    console.print(typ)
    console.print(f"legitimate heavy callers at warn/block: [bold]{ev.legit_hits.height}[/]")
    if result.flagged.height:
        top = result.flagged.row(0, named=True)["number"]
        console.print(f"why a number was flagged: [bold]ringfence explain {top} --run {out / 'run'}[/]")
    return detection


def _publish(
    out: Path, port: int, frames: tuple[pl.DataFrame, pl.DataFrame] | None, run: DetectionRun
) -> None:
    """Load the run and its records into the demo's own store and start the console, detached."""
    from ringfence.services.publish_demo import publish
    from ringfence.settings import Settings

    # the demo's own embedded store, whatever RINGFENCE_DATABASE_URL / _SECRET_KEY say in this shell
    settings = Settings(data_dir=out / "platform", database_url="", secret_key="", port=port)
    with console.status("loading the console's store and starting the console"):
        shown = publish(
            out / "run", out, settings, truth_dir=out / "truth", frames=frames, fresh=True, run=run
        )
    console.print(
        Panel.fit(
            f"[bold]console[/]  {shown.url}/console/\n"
            f"[bold]login key[/] {shown.key}\n"
            f"{shown.alerts:,} alerts, {shown.calls:,} calls, {shown.messages:,} SMS loaded · "
            f"stop it with [bold]make demo-stop[/]",
            border_style="green",
        )
    )
