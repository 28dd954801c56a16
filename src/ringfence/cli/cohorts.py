"""``ringfence cohorts``: abnormal cards as explained findings, one row per cohort."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import typer
from rich.table import Table

from ringfence.cli.ui import byte_progress, console, no_traceback

__all__ = ["cohorts"]


@no_traceback
def cohorts(
    calls: list[Path] = typer.Option(..., "--calls", "-c", help="Call records (CSV, CSV.gz, Parquet)."),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber feeds: card type and activation time of each card."
    ),
    out: Path = typer.Option(
        ..., "--out", "-o", help="CSV: finding, cohort, cards, numbers, first_seen, last_seen, evidence."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Judge as at this time (ISO-8601): later calls are ignored."
    ),
    quarantine: Path | None = typer.Option(
        None, "--quarantine", "-q", help="Where rejected rows go (default: <out>.quarantine.csv)."
    ),
    handset_sims: int = typer.Option(
        6, "--handset-sims", min=2, help="SIMs on one handset that make a pool."
    ),
    cohort_cards: int = typer.Option(
        6, "--cohort-cards", min=2, help="New cards in one cell that make a cohort."
    ),
    cohort_hours: float = typer.Option(
        6.0, "--cohort-hours", min=0.01, help="Window of a cell cohort (hours)."
    ),
    dialer_callees: int = typer.Option(
        20,
        "--dialer-callees",
        min=2,
        help="Distinct callees in its first week that make a new MVNO card a dialer.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Cohorts of abnormal cards, each with its members and the evidence behind it.

    Findings: multi_sim_handset (one IMEI carrying --handset-sims SIMs or more: GoIP gateways and cat
    pools, handsets sharing SIMs as one cohort), cell_cohort (--cohort-cards new cards first seen in one
    cell within --cohort-hours), mvno_dialer (new virtual-operator cards calling --dialer-callees numbers,
    nearly all once, in their first week; by holder), iot_voice (IoT cards placing voice calls). Without
    --subscribers, card types come from the numbering plan and new cards are those first seen a day
    after the records begin.
    """
    from ringfence.errors import InputFileError
    from ringfence.ingest import QuarantineFile
    from ringfence.ingest.fields import parse_timestamp_series
    from ringfence.intel.cohorts import CohortRules
    from ringfence.services.cohorts import run_cohorts

    at = None
    if as_of is not None:
        import polars as pl

        parsed = parse_timestamp_series(pl.Series([as_of])).item()
        if parsed is None:
            raise InputFileError(f"--as-of: not an ISO-8601 time: {as_of!r}")
        at = parsed
    rules = CohortRules(
        handset_sims=handset_sims,
        cohort_cards=cohort_cards,
        cohort_window=timedelta(hours=cohort_hours),
        dialer_callees=dialer_callees,
    )
    qpath = quarantine or out.with_name(out.name + ".quarantine.csv")
    with QuarantineFile(qpath) as sink, byte_progress("reading records", 0) as tick:
        result = run_cohorts(calls, out, subscribers, sink, at, rules, progress=tick)
    summary = {
        "calls": result.calls,
        "subscribers": result.subscribers,
        "quarantined": result.quarantined,
        "cohorts": result.cohorts,
        "cards": result.cards,
        "out": str(out),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title="abnormal-card cohorts", show_header=False)
    table.add_row("call records", f"{result.calls:,}")
    table.add_row("subscriber records", f"{result.subscribers:,}")
    table.add_row("quarantined", f"{result.quarantined:,}")
    for finding, n in sorted(result.cohorts.items()):
        table.add_row(f"  {finding}", f"{n:,} cohort(s), {result.cards[finding]:,} card(s)")
    console.print(table)
    console.print(f"written to [bold]{out}[/]")
