"""``ringfence cards``: one-ID lookup (一证通查) over subscriber files."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import typer
from rich.table import Table

from ringfence.cli.ui import byte_progress, console, no_traceback

__all__ = ["cards"]


@no_traceback
def cards(
    files: list[Path] = typer.Argument(
        None, help="More subscriber files (so `--subscribers a.csv b.csv` reads both).", show_default=False
    ),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber files of one or more operators (CSV, CSV.gz, Parquet)."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="CSV: id_hash, cards, operators, flags, evidence."),
    calls: list[Path] = typer.Option(
        [], "--calls", help="Call records, to find sleeping cards that suddenly place many calls."
    ),
    quarantine: Path | None = typer.Option(
        None, "--quarantine", "-q", help="Where rejected rows go (default: <out>.quarantine.csv)."
    ),
    flagged_only: bool = typer.Option(False, "--flagged-only", help="Write only holders with a flag."),
    limit: int = typer.Option(5, "--limit", min=1, help="Cards one holder may have at one operator."),
    bulk_cards: int = typer.Option(6, "--bulk-cards", min=2, help="Cards in one window that make a bulk."),
    bulk_hours: float = typer.Option(72.0, "--bulk-hours", min=0.01, help="The holder's bulk window."),
    provinces: int = typer.Option(4, "--provinces", min=2, help="Provinces that count as many."),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON."),
) -> None:
    """Every card registered under each identity hash, with flags and their evidence.

    Flags: over_limit (more than --limit cards at one operator), bulk_activation (--bulk-cards cards
    within --bulk-hours, or a card opened in a burst of its sales channel), dormant_active (with
    --calls: a card silent for 90 days that then places 30 calls in a day), many_provinces (cards in
    --provinces provinces or more). Rows the data contract rejects (a plain identity number in
    id_hash, for one) go to the quarantine file, never into the output.
    """
    from ringfence.errors import InputFileError
    from ringfence.ingest import QuarantineFile
    from ringfence.intel.cards import CardRules
    from ringfence.services.cards import run_cards

    subscribers = [*subscribers, *(files or [])]
    if not subscribers:
        raise InputFileError("no subscriber files given (--subscribers F…)")
    rules = CardRules(
        per_operator_limit=limit,
        bulk_cards=bulk_cards,
        bulk_window=timedelta(hours=bulk_hours),
        many_provinces=provinces,
    )
    qpath = quarantine or out.with_name(out.name + ".quarantine.csv")
    with QuarantineFile(qpath) as sink, byte_progress("reading records", 0) as tick:
        result = run_cards(subscribers, out, sink, calls, rules, flagged_only, progress=tick)
    summary = {
        "subscribers": result.subscribers,
        "quarantined": result.quarantined,
        "holders": result.holders,
        "flagged": result.flagged,
        "out": str(out),
    }
    if as_json:
        typer.echo(json.dumps(summary, ensure_ascii=False, indent=2))
        return
    table = Table(title="one-ID lookup", show_header=False)
    table.add_row("subscriber records", f"{result.subscribers:,}")
    table.add_row("quarantined", f"{result.quarantined:,}")
    table.add_row("holders written", f"{result.holders:,}")
    for flag, n in sorted(result.flagged.items()):
        table.add_row(f"  {flag}", f"{n:,}")
    console.print(table)
    console.print(f"written to [bold]{out}[/]")
