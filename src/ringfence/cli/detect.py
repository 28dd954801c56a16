"""``ringfence detect``, ``explain`` and ``evaluate``: find fraud numbers, show why, measure how well."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from ringfence.cli.ui import console, err_console, handle_errors

if TYPE_CHECKING:
    import polars as pl

    from ringfence.services.detect import Detection

__all__ = ["detect", "evaluate", "explain", "report_job"]


def parse_duration(text: str) -> int:
    units = {"s": 1, "m": 60, "h": 3600, "d": 86_400}
    text = text.strip().lower()
    try:
        if text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except (ValueError, IndexError):
        raise typer.BadParameter(f"not a duration: {text!r} (use e.g. 30m, 1h, 3600)") from None


@handle_errors
def detect(
    calls: list[Path] = typer.Option(..., "--calls", "-c", help="Call record files (CSV, CSV.gz, Parquet)."),
    out: Path = typer.Option(
        ..., "--out", "-o", help="Flagged numbers CSV (number, score, verdict, rules, ...)."
    ),
    sms: list[Path] = typer.Option([], "--sms", "-m", help="SMS record files."),
    subscribers: list[Path] = typer.Option(
        [], "--subscribers", "-s", help="Subscriber files (card age, home)."
    ),
    policy: Path | None = typer.Option(
        None, "--policy", "-p", help="Policy TOML (default: the shipped policy)."
    ),
    shadow_policy: Path | None = typer.Option(
        None, "--shadow-policy", help="A draft policy to run in shadow: reports what it would change."
    ),
    rules: Path | None = typer.Option(
        None, "--rules", help="Rule library TOML (default: the shipped rules)."
    ),
    run_dir: Path | None = typer.Option(
        None, "--run-dir", help="Where hits, timelines and run.json go (default: <out>.run/ beside --out)."
    ),
    allowed_lateness: str = typer.Option(
        "1h",
        "--allowed-lateness",
        help="Records older than the newest seen minus this are late (quarantined).",
    ),
    quarantine: Path | None = typer.Option(
        None, "--quarantine", "-q", help="Quarantine CSV (default: in the run dir)."
    ),
    engine: str = typer.Option(
        "local",
        "--engine",
        help="local: the chunked Polars engine; spark: the same features, rules and verdicts compiled "
        "to PySpark (local mode; needs the 'spark' extra and Java 17).",
    ),
) -> None:
    """Replay call (and SMS) records in event time and flag fraud numbers, each with the rules that fired
    and the feature values they saw; ``detected_at`` is the event time at which the verdict was reached.
    """
    from ringfence.detect.policy import load_policy
    from ringfence.detect.rules import load_rules
    from ringfence.services.detect import detect_files
    from ringfence.settings import Settings

    lateness = parse_duration(allowed_lateness)
    library = load_rules(rules)
    live = load_policy(policy, library)
    draft = load_policy(shadow_policy, library) if shadow_policy else None
    run = run_dir or out.with_suffix(".run")
    with err_console.status("detecting") as status:
        detection = detect_files(
            calls,
            live,
            out,
            run,
            Settings().timezone,
            sms=sms,
            subscribers=subscribers,
            shadow_policy=draft,
            allowed_lateness_s=lateness,
            quarantine=quarantine,
            progress=status.update,
            engine=engine,
        )
    report_job(detection, run)
    console.print(f"flagged numbers: [bold]{out}[/]; evidence and timelines: [bold]{run}/[/]")


def report_job(detection: Detection, run_dir: Path | None) -> None:
    """The console summary of a detection (shared by ``detect`` and ``detect-stored``)."""
    areas = detection.fbs_areas.height if detection.fbs_areas is not None else 0
    if areas:
        where = f" ({run_dir}/fbs_areas.csv)" if run_dir is not None else ""
        console.print(f"suspected fake base stations: [bold]{areas}[/] areas{where}")
    _print_summary(detection)
    draft = detection.shadow_policy
    if detection.shadow_diff is not None and draft is not None:
        _print_shadow(detection.shadow_diff, detection.policy.label, draft.label)


def _print_summary(detection: Detection) -> None:
    from ringfence.detect.late_tally import describe, hint

    result = detection.result
    table = Table(title=f"detection with policy {detection.policy.label}", show_header=False)
    for kind, s in result.summaries.items():
        table.add_row(f"{kind} read", f"{s.rows:,} ({s.quarantined:,} quarantined)")
    table.add_row("late records (quarantined)", f"{result.late:,}")
    if result.late_tally.total:
        for name, value in describe(result.late_tally).items():
            table.add_row(name, value)
    if result.twins:
        table.add_row("twin records: a call's other switch record (quarantined)", f"{result.twins:,}")
    flagged = result.flagged
    for verdict in ("block", "warn", "watch"):
        n = flagged.filter(flagged["verdict"] == verdict).height
        table.add_row(f"flagged {verdict}", f"{n:,}")
    for typ, n in sorted(flagged.group_by("typology").len().iter_rows(), key=lambda r: -r[1]):
        table.add_row(f"  {typ}", f"{n:,}")
    table.add_row("time", f"{detection.seconds:.1f} s")
    console.print(table)
    read = sum(s.accepted for s in result.summaries.values() if s.kind != "subscribers")
    advice = hint(result.late_tally, read, detection.allowed_lateness_s)
    if advice is not None:
        console.print(f"[yellow]{advice}[/]")


def _print_shadow(diff: pl.DataFrame, live: str, draft: str) -> None:
    table = Table(title=f"shadow run: {draft} against {live}")
    for col in ("change", "numbers"):
        table.add_column(col)
    for change, n in diff.group_by("change").len().sort("change").iter_rows():
        table.add_row(change, f"{n:,}")
    console.print(table)


@handle_errors
def explain(
    number: str = typer.Argument(..., help="The number, in any presentation."),
    run: Path = typer.Option(..., "--run", "-r", help="The run directory of a detect run."),
    as_json: bool = typer.Option(False, "--json", help="Print the explanation as JSON."),
) -> None:
    """Show the verdict of a number, the rules that fired with the feature values they saw, and the
    timeline of its verdict."""
    from ringfence.detect.explain import explain_number

    ex = explain_number(number, run)
    if as_json:
        typer.echo(json.dumps(ex.__dict__, ensure_ascii=False, indent=2, default=str))
        return
    if ex.flagged:
        f = ex.flagged
        console.print(
            f"[bold]{ex.number}[/]: [bold red]{f['verdict']}[/] score {f['score']} ({f['typology']}), "
            f"first seen {f['first_seen']}, verdict reached {f['detected_at']}"
        )
        if f.get("exemptions"):
            console.print(f"exemptions that applied: {f['exemptions']}")
    elif ex.best:
        console.print(f"[bold]{ex.number}[/]: not flagged (highest score {ex.best['score']}, below watch)")
    else:
        console.print(f"[bold]{ex.number}[/]: placed no call or SMS in this run")
        return
    if ex.policy:
        console.print(f"policy {ex.policy.get('name')}@{ex.policy.get('version')}")
    if ex.hits:
        table = Table(title="rules that fired (first time, with the values they saw)")
        for col in ("rule", "what it means", "first fired", "evidence"):
            table.add_column(col, overflow="fold")
        for h in ex.hits:
            evidence = ", ".join(f"{k}={_fmt(v)}" for k, v in dict(h["evidence"]).items())  # type: ignore[call-overload]
            table.add_row(str(h["rule"]), str(h["description"]), str(h["event_time"]), evidence)
        console.print(table)
    if ex.timeline:
        table = Table(title="timeline")
        for col in ("event time", "record", "verdict", "score", "rules"):
            table.add_column(col, overflow="fold")
        for t in ex.timeline:
            table.add_row(
                str(t["event_time"]), str(t["seq"]), str(t["verdict"]), str(t["score"]), str(t["rules"])
            )
        console.print(table)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3g}"
    return str(v)


@handle_errors
def evaluate(
    flagged: Path = typer.Option(..., "--flagged", "-f", help="Flagged numbers CSV from ringfence detect."),
    truth: Path = typer.Option(
        ...,
        "--truth",
        "-t",
        help="Truth CSV (number + role/typology/is_fraud), or simulate's truth/ directory.",
    ),
    legit: Path | None = typer.Option(
        None, "--legit", help="Optional CSV of legitimate heavy callers (number, role)."
    ),
    min_verdict: str = typer.Option("warn", "--min-verdict", help="Verdict counted as a detection for TTD."),
    as_json: bool = typer.Option(False, "--json", help="Print the metrics as JSON."),
) -> None:
    """Precision and recall on fraud numbers per verdict level, recall and time-to-detect by typology,
    and false positives among legitimate heavy callers."""
    import polars as pl

    from ringfence.detect.evaluate import evaluate as run
    from ringfence.detect.evaluate import load_truth
    from ringfence.errors import InputFileError

    if truth.is_dir():  # ringfence simulate's truth/ directory
        truth = truth / "numbers.csv"
    for path in (flagged, truth, legit):
        if path is not None and not path.is_file():
            raise InputFileError(f"{path}: no such file")

    def table_of(path: Path) -> pl.DataFrame:
        try:
            frame = pl.read_csv(path, infer_schema=False)
        except (pl.exceptions.PolarsError, OSError, UnicodeDecodeError) as exc:
            raise InputFileError(f"{path}: not a readable CSV file ({exc})") from exc
        if "number" not in frame.columns:
            raise InputFileError(f"{path}: no 'number' column (columns: {', '.join(frame.columns)})")
        return frame

    truth_frame = load_truth(table_of(truth), table_of(legit) if legit else None)
    result = run(table_of(flagged), truth_frame, min_verdict)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "levels": result.levels.to_dicts(),
                    "typologies": result.typologies.to_dicts(),
                    "legit_flagged_warn_or_block": result.legit_hits.to_dicts(),
                },
                indent=2,
                default=str,
            )
        )
        return
    table = Table(title="fraud numbers found, by minimum verdict")
    for col in result.levels.columns:
        table.add_column(col, justify="right")
    for row in result.levels.iter_rows():
        table.add_row(*[str(v) for v in row])
    console.print(table)
    table = Table(title=f"by typology (detected = at least {result.min_verdict})")
    for col in ("typology", "fraud", "detected", "recall", "median TTD", "p90 TTD"):
        table.add_column(col, justify="right")
    for r in result.typologies.iter_rows(named=True):
        table.add_row(
            str(r["typology"]),
            str(r["fraud"]),
            str(r["detected"]),
            f"{r['recall']:.3f}",
            _minutes(r["median_ttd_s"]),
            _minutes(r["p90_ttd_s"]),
        )
    console.print(table)
    n = result.legit_hits.height
    colour = "green" if n == 0 else "red"
    console.print(f"legitimate heavy callers flagged warn/block: [{colour}]{n}[/]")
    for r in result.legit_hits.iter_rows(named=True):
        console.print(f"  {r['number']} ({r['role']}): {r['verdict']} {r['score']}")


def _minutes(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds / 60:.1f} min"
