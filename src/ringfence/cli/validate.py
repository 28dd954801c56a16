"""``ringfence validate``: check record files against the data contract, quarantining bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from ringfence.cli.ui import byte_progress, console, no_traceback

__all__ = ["validate"]


@no_traceback
def validate(
    files: list[Path] = typer.Argument(
        ..., help="Calls, messages or subscribers files (CSV, CSV.gz, JSON lines, Parquet)."
    ),
    kind: str | None = typer.Option(
        None, "--kind", help="calls, messages or subscribers; by default judged from each file's header."
    ),
    quarantine: Path = typer.Option(
        Path("quarantine.csv"), "--quarantine", "-q", help="Where rejected rows go, with line and reason."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as JSON instead of a table."),
    strict: bool = typer.Option(False, "--strict", help="Exit with status 1 if any row was quarantined."),
) -> None:
    """Read files exactly as ingestion does and report what was accepted, rejected and why.

    Every rejected row (missing required field, unparseable time, negative duration, bad encoding, wrong
    column count, repeated id, ...) is written to the quarantine file with its file, line and reason;
    nothing is dropped silently, and the summary's counts add up (rows = accepted + quarantined). A
    file that cannot be read at all, or not to its end, is one line of error and exit status 2 (rows
    read before the fault are in the quarantine file; the message says how many).
    """
    from ringfence.ingest import QuarantineFile, RecordKind, RecordReader, detect_kind

    groups: dict[RecordKind, list[Path]] = {}
    for path in files:
        group = RecordKind(kind) if kind else detect_kind(path)
        groups.setdefault(group, []).append(path)
    summaries = []
    with QuarantineFile(quarantine) as sink:
        for group, paths in groups.items():
            reader = RecordReader(paths, group, sink)
            with byte_progress(f"validating {group.value}", reader.total_bytes) as tick:
                reader.progress = tick
                for _ in reader:
                    pass
            summaries.append(reader.summary)
    if as_json:
        typer.echo(json.dumps([s.as_dict() for s in summaries], ensure_ascii=False, indent=2))
    else:
        for summary in summaries:
            table = Table(title=f"{summary.kind}: {len(summary.files)} file(s)", show_header=False)
            table.add_row("records found", f"{summary.rows:,}")
            table.add_row("accepted", f"{summary.accepted:,}")
            table.add_row("quarantined", f"{summary.quarantined:,}")
            for code, n in sorted(summary.reasons.items(), key=lambda kv: -kv[1]):
                table.add_row(f"  {code}", f"{n:,}")
            table.add_row("blank lines skipped", f"{summary.blank_lines:,}")
            if summary.first_time:
                table.add_row(
                    "time span (UTC)",
                    f"{summary.first_time:%Y-%m-%d %H:%M} → {summary.last_time:%Y-%m-%d %H:%M}",
                )
            console.print(table)
        if any(s.quarantined for s in summaries):
            console.print(f"rejected rows written to [bold]{quarantine}[/]")
    if strict and any(s.quarantined for s in summaries):
        raise typer.Exit(1)
