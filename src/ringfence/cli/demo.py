"""``ringfence demo``: the whole pipeline on embedded defaults, end to end, in one command."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import typer
from rich.panel import Panel
from rich.table import Table

from ringfence.cli.ui import byte_progress, console, handle_errors

__all__ = ["demo"]


@handle_errors
def demo(
    out: Path = typer.Option(Path("demo-run"), "--out", "-o", help="Working directory for the demo run."),
    subscribers: int = typer.Option(5000, "--subscribers", "-n", min=500, help="Simulated subscribers."),
    days: int = typer.Option(7, "--days", "-d", min=1, max=60, help="Days of simulated traffic."),
    seed: int = typer.Option(7, "--seed", help="Random seed."),
) -> None:
    """Simulate a week of calibrated traffic, validate it as ingestion would, and summarise.

    Needs nothing installed beyond ringfence: synthetic data, embedded defaults, files in --out.
    """
    from ringfence.ingest import QuarantineFile, RecordReader
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    console.print(
        Panel.fit("[bold]ringfence demo[/]: simulate → validate → detect → evaluate", border_style="cyan")
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
    with QuarantineFile(out / "quarantine.csv") as sink:
        for path in (written.calls, written.messages, written.subscribers):
            if path is None:
                continue
            reader = RecordReader([path], quarantine=sink)
            with byte_progress(f"validating {path.name}", reader.total_bytes) as tick:
                reader.progress = tick
                for _ in reader:
                    pass
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
    _detect_and_evaluate(out, written.calls, written.subscribers)


def _detect_and_evaluate(out: Path, calls: Path, subscribers: Path) -> None:
    import polars as pl

    from ringfence.detect.evaluate import evaluate, load_truth
    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection, write_run
    from ringfence.ingest import QuarantineFile

    policy = load_policy()
    run_dir = out / "run"
    with (
        QuarantineFile(run_dir / "quarantine.csv") as sink,
        console.status("3/4 detecting fraud numbers") as status,
    ):
        result, _ = run_detection(
            [calls], policy, subscribers=[subscribers], quarantine=sink, progress=status.update
        )
        write_run(
            result, run_dir, policy, {"inputs": {"calls": [str(calls)], "subscribers": [str(subscribers)]}}
        )
        result.flagged.write_csv(out / "flagged.csv")
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
        console.print(f"why a number was flagged: [bold]ringfence explain {top} --run {run_dir}[/]")
