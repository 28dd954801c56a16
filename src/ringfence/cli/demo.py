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
    no_console: bool = typer.Option(
        False, "--no-console", help="Stop after the summary: do not load the store or start the console."
    ),
    port: int = typer.Option(8000, "--port", help="Console port (the next free one if taken)."),
) -> None:
    """Simulate a week of calibrated traffic, validate it, detect, and open the console on the result.

    Needs nothing installed beyond ringfence: synthetic data, embedded defaults, files in --out; the
    console's SQLite store is in --out/platform and the server keeps running after the command exits.
    """
    from ringfence.ingest import QuarantineFile, RecordReader
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    console.print(
        Panel.fit("[bold]ringfence demo[/]: simulate → validate → detect → console", border_style="cyan")
    )
    with console.status(f"1/2 simulating {subscribers:,} subscribers over {days} days"):
        sim = simulate(
            SimConfig(seed=seed, subscribers=subscribers, days=days, start=datetime(2026, 11, 2, tzinfo=UTC))
        )
        written = write_simulation(sim, out)
    console.print(
        f"[green]✓[/] simulated {written.rows['calls']:,} calls and {written.rows.get('messages', 0):,} "
        f"messages into {out}/"
    )
    table = Table(title="2/2 validation (as ingestion reads them)")
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
    if not no_console:
        _publish(out, port)


def _publish(out: Path, port: int) -> None:
    """Detect (stand-in rules until the engine is wired in), load the store, start the console."""
    from ringfence.ingest import read_frame
    from ringfence.services.publish_demo import publish
    from ringfence.services.standin_run import write_standin_run
    from ringfence.settings import Settings

    with console.status("3/4 detecting (stand-in rules)"):
        calls, _ = read_frame([out / "calls.csv"])
        messages, _ = read_frame([out / "messages.csv"])
        flagged = write_standin_run(calls, messages, out / "run")
    console.print(f"[green]✓[/] {flagged:,} numbers flagged → {out}/run/")
    # the demo's own embedded store, whatever RINGFENCE_DATABASE_URL / _SECRET_KEY say in this shell
    settings = Settings(data_dir=out / "platform", database_url="", secret_key="", port=port)
    with console.status("4/4 loading the console's store and starting the console"):
        shown = publish(
            out / "run", out, settings, truth_dir=out / "truth", frames=(calls, messages), fresh=True
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
