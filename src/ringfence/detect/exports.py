"""A detection run written as files: the flagged-numbers CSV of the data contract and the run folder.

Files are exports, not the way results travel: the platform stores a run's typed decisions straight
from the result, and ``ringfence explain`` / ``load-run`` read these files back only when a run was
made elsewhere. Times are written as local ISO-8601 with the offset of ``zone`` (the
``RINGFENCE_TIMEZONE`` setting), so an analyst in the operator's zone reads them as they happened.

A run folder is whole or absent: it is written in a staging folder beside it and renamed into place,
so a run killed half-way never leaves old and new files mixed (``staged_run``).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import polars as pl

from ringfence.detect.policy import Policy
from ringfence.detect.replay import DetectionResult

__all__ = ["flagged_table", "local_text", "local_times", "staged_run", "write_csv_atomic", "write_run"]


def local_text(expr: pl.Expr, zone: str) -> pl.Expr:
    """An instant as ISO-8601 local time with its offset (``2026-11-02T09:15:02+08:00``)."""
    return expr.dt.convert_time_zone(zone).dt.strftime("%Y-%m-%dT%H:%M:%S%:z")


def local_times(frame: pl.DataFrame, zone: str) -> pl.DataFrame:
    """Every time column of ``frame`` as local text, the rest unchanged."""
    times = [name for name, dtype in frame.schema.items() if isinstance(dtype, pl.Datetime)]
    return frame.with_columns(local_text(pl.col(c), zone) for c in times) if times else frame


def flagged_table(
    flagged: pl.DataFrame, zone: str, presented: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """The flagged-numbers file: with ``presented``, ``number`` as the input wrote it most often and
    ``number_e164`` canonical beside it (an operator compares a run with lists written their way)."""
    table = local_times(flagged, zone)
    if presented is None:
        return table
    return table.with_columns(
        pl.col("number").replace(dict(presented)).alias("number"), pl.col("number").alias("number_e164")
    ).select("number", *[c for c in table.columns if c != "number"], "number_e164")


def write_csv_atomic(frame: pl.DataFrame, path: Path) -> None:
    """Write ``path`` whole or not at all (a temporary file beside it, renamed over it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        frame.write_csv(tmp)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def write_run(
    result: DetectionResult, run_dir: Path, policy: Policy, meta: Mapping[str, object], zone: str
) -> None:
    """The run's evidence: flagged numbers (canonical), rule hits, verdict timelines, every number's
    best score, the policy and rules it ran with, and ``run.json`` (counts, inputs, ``meta``)."""
    run_dir.mkdir(parents=True, exist_ok=True)
    local_times(result.flagged, zone).write_csv(run_dir / "flagged.csv")
    local_times(result.hits, zone).write_csv(run_dir / "hits.csv")
    local_times(result.timeline, zone).write_csv(run_dir / "timeline.csv")
    result.scores.write_parquet(run_dir / "scores.parquet")
    (run_dir / "policy.toml").write_text(policy.text, encoding="utf-8")
    if policy.rules.text:
        (run_dir / "rules.toml").write_text(policy.rules.text, encoding="utf-8")
    info = {
        "policy": {"name": policy.name, "version": policy.version, "rules_version": policy.rules.version},
        "records": {k: v.as_dict() for k, v in result.summaries.items()},
        "late_records": result.late,
        "late_records_detail": result.late_tally.as_dict(),
        "twin_records": result.twins,
        "events": result.events,
        "flagged": result.flagged.group_by("verdict", maintain_order=True).len().to_dicts(),
        "timezone": zone,
        **meta,
    }
    (run_dir / "run.json").write_text(
        json.dumps(info, indent=2, ensure_ascii=False, default=str), encoding="utf-8"
    )


def _alive(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextlib.contextmanager
def staged_run(run_dir: Path) -> Iterator[Path]:
    """A staging folder to write a run into; on success it replaces ``run_dir`` (whole), on failure
    it is removed and ``run_dir`` is left as it was.

    Two renames, not one (POSIX cannot rename a folder over a non-empty one): between them the run
    is briefly absent, never mixed.
    """
    run_dir = run_dir.absolute()
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    for stale in run_dir.parent.glob(f".{run_dir.name}.staging-*"):
        if not _alive(stale.name.rsplit("-", 1)[-1]):  # left by a run that was killed
            shutil.rmtree(stale, ignore_errors=True)
    staging = run_dir.with_name(f".{run_dir.name}.staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    old = run_dir.with_name(f".{run_dir.name}.old-{os.getpid()}")
    if run_dir.exists():
        run_dir.rename(old)
    staging.rename(run_dir)
    shutil.rmtree(old, ignore_errors=True)
