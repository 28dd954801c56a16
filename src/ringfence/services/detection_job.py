"""One detection job: records in, a run directory out — the same for files and for stored records.

``ringfence detect`` (files) and ``ringfence detect-stored`` (records posted to the API) must produce
identical run directories for identical records, so both go through here: replay, model signal,
presented numbers, run files, fake-base-station areas and the shadow comparison.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ringfence.detect.policy import Policy
from ringfence.detect.replay import DetectionResult

__all__ = ["JobOutput", "run_job"]


@dataclass(frozen=True)
class JobOutput:
    result: DetectionResult
    run_dir: Path
    flagged_csv: Path
    shadow_diff: pl.DataFrame | None
    fbs_areas: int
    seconds: float


def run_job(
    calls: Sequence[Path],
    policy: Policy,
    out: Path,
    run_dir: Path,
    *,
    sms: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    shadow_policy: Policy | None = None,
    allowed_lateness_s: int = 3600,
    quarantine: Path | None = None,
    progress: Callable[[str], None] | None = None,
    meta: dict[str, object] | None = None,
) -> JobOutput:
    """Replay the records, decide, and write ``out`` (flagged numbers) and ``run_dir`` (evidence)."""
    from ringfence.detect.model_signal import apply_model_signal
    from ringfence.detect.presentation import with_presented_numbers
    from ringfence.detect.replay import run_detection, write_run
    from ringfence.ingest import QuarantineFile

    started = time.time()
    with QuarantineFile(quarantine or run_dir / "quarantine.csv") as sink:
        result, shadow = run_detection(
            calls,
            policy,
            sms,
            subscribers,
            sink,
            allowed_lateness_s,
            progress=progress,
            shadow=shadow_policy,
        )
    if policy.model is not None:
        if progress is not None:
            progress("scoring numbers with the fraud-user model")
        result = apply_model_signal(result, policy, calls, sms)
    if shadow is not None and shadow_policy is not None and shadow_policy.model is not None:
        shadow = apply_model_signal(shadow, shadow_policy, calls, sms)

    out.parent.mkdir(parents=True, exist_ok=True)
    with_presented_numbers(result.flagged, [*calls, *sms]).write_csv(out)
    info: dict[str, object] = {
        "inputs": {
            "calls": [str(p) for p in calls],
            "sms": [str(p) for p in sms],
            "subscribers": [str(p) for p in subscribers],
        },
        "allowed_lateness_s": allowed_lateness_s,
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(started)),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        **(meta or {}),
    }
    write_run(result, run_dir, policy, info)
    areas = _fake_base_stations(sms, run_dir) if sms else 0
    diff = None
    if shadow is not None:
        from ringfence.detect.shadow import compare

        diff = compare(result.flagged, shadow.flagged)
        diff.write_csv(run_dir / "shadow.csv")
    return JobOutput(result, run_dir, out, diff, areas, time.time() - started)


def _fake_base_stations(sms: Sequence[Path], run_dir: Path) -> int:
    """Messages with no SMS-centre record, clustered by cell and time: suspected fake base stations."""
    from ringfence.ingest import RecordKind, read_frame
    from ringfence.text.fbs import fake_base_station_areas

    messages, _ = read_frame(list(sms), RecordKind.MESSAGES)
    areas = fake_base_station_areas(messages)
    areas.write_csv(run_dir / "fbs_areas.csv")
    return areas.height
