"""One detection: record sources in; typed decisions and an explained result out.

``ringfence detect`` (files), ``ringfence detect-stored`` (records posted to the API, read from the
store) and the demo (frames already read) all come through here, so identical records give identical
decisions whatever they came from. Every consumer works from the one validated read: the rules, the
fraud-user model (``ModelRecords``), the presented numbers (``PresentedForms``) and the
fake-base-station report observe the same batches, late records excluded. The result travels as
values (``Detection.run()``: ``Decision``/``Hit``) to the store; the run folder and the flagged CSV are
exports (``export_run``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from ringfence.detect.policy import Policy
from ringfence.detect.presentation import PresentedForms
from ringfence.detect.replay import DetectionResult
from ringfence.domain.decisions import Decision, DetectionRun, Hit, RunInfo, Verdict, typology_id
from ringfence.ingest import RecordKind
from ringfence.localtime import DEFAULT_TIMEZONE
from ringfence.ports.records import QuarantineSink, RecordSource

__all__ = ["Detection", "DetectionInputs", "detect", "detect_files", "export_run", "file_inputs"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class DetectionInputs:
    """What a detection reads, and how the run records it (``described``: file paths, a window).

    ``presented`` counts how the input wrote each number, where it is known (files); otherwise
    numbers are reported canonically."""

    calls: RecordSource
    messages: RecordSource | None = None
    subscribers: RecordSource | None = None
    described: Mapping[str, Sequence[str]] = field(default_factory=dict)
    presented: PresentedForms | None = None


def file_inputs(
    calls: Sequence[Path],
    sms: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    quarantine: QuarantineSink | None = None,
) -> DetectionInputs:
    """Record files as detection reads them, rejected rows to ``quarantine``."""
    from ringfence.detect.columnar import file_records

    presented = PresentedForms()
    call_reader = file_records(calls, RecordKind.CALLS, quarantine, split_as_read=True)
    presented.observe(call_reader)
    msg_reader = None
    if sms:
        msg_reader = file_records(sms, RecordKind.MESSAGES, quarantine, split_as_read=True)
        presented.observe(msg_reader)
    return DetectionInputs(
        calls=call_reader,
        messages=msg_reader,
        subscribers=file_records(subscribers, RecordKind.SUBSCRIBERS, quarantine) if subscribers else None,
        described={
            "calls": [str(p) for p in calls],
            "sms": [str(p) for p in sms],
            "subscribers": [str(p) for p in subscribers],
        },
        presented=presented,
    )


@dataclass(frozen=True)
class Detection:
    """A detection's outcome: the result (canonical numbers, UTC instants) and what goes with it."""

    result: DetectionResult
    policy: Policy
    presented: dict[str, str]  # canonical number -> its most frequent presentation in the input
    fbs_areas: pl.DataFrame | None  # suspected fake base stations (None: no SMS read)
    shadow: DetectionResult | None
    shadow_policy: Policy | None
    shadow_diff: pl.DataFrame | None
    started_at: datetime
    finished_at: datetime
    inputs: Mapping[str, Sequence[str]]
    allowed_lateness_s: int

    @property
    def seconds(self) -> float:
        return (self.finished_at - self.started_at).total_seconds()

    def info(self) -> RunInfo:
        return RunInfo(
            policy_name=self.policy.name,
            policy_version=self.policy.version,
            started_at=self.started_at,
            finished_at=self.finished_at,
            records={k: s.accepted for k, s in self.result.summaries.items()},
            inputs=tuple(str(p) for paths in self.inputs.values() for p in paths),
            policy_text=self.policy.text,
            rules_text=self.policy.rules.text,
        )

    def run(self) -> DetectionRun:
        """The typed values the platform stores (no file in between)."""
        return DetectionRun(self.info(), decisions_of(self.result.flagged), hits_of(self.result.hits))


def decisions_of(flagged: pl.DataFrame) -> list[Decision]:
    return [
        Decision(
            number=r["number"],
            score=float(r["score"]),
            verdict=Verdict(r["verdict"]),
            rules=tuple(x for x in r["rules"].split(";") if x),
            first_seen=r["first_seen"],
            detected_at=r["detected_at"],
            typology=typology_id(r["typology"]),
        )
        for r in flagged.select(
            "number", "score", "verdict", "rules", "first_seen", "detected_at", "typology"
        ).iter_rows(named=True)
    ]


def hits_of(hits: pl.DataFrame) -> list[Hit]:
    return [
        Hit(r["number"], r["rule"], r["event_time"], float(r["weight"]), json.loads(r["evidence"] or "{}"))
        for r in hits.select("number", "rule", "event_time", "weight", "evidence").iter_rows(named=True)
    ]


class _UnknownOrigin:
    """Observer keeping the messages with no SMS-centre record (fake-base-station candidates)."""

    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []

    def __call__(self, kind: RecordKind, batch: pl.DataFrame) -> None:
        from ringfence.text.fbs import flag_unknown_origin

        if kind is RecordKind.MESSAGES:
            unknown = batch.filter(flag_unknown_origin(batch))
            if unknown.height:
                self.frames.append(unknown)

    def areas(self) -> pl.DataFrame:
        from ringfence.text.fbs import fake_base_station_areas

        if not self.frames:
            from ringfence.text.fbs import AREA_COLUMNS

            return pl.DataFrame(schema=dict.fromkeys(AREA_COLUMNS, pl.String))
        return fake_base_station_areas(pl.concat(self.frames))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def detect(
    inputs: DetectionInputs,
    policy: Policy,
    *,
    shadow_policy: Policy | None = None,
    allowed_lateness_s: int = 3600,
    quarantine: QuarantineSink | None = None,
    progress: Progress | None = None,
    clock: Callable[[], datetime] = _utc_now,
    zone: str = DEFAULT_TIMEZONE,
    engine: str = "local",
) -> Detection:
    """Replay the records once and decide: rules, the model signal, presented numbers, fake base
    stations and the shadow comparison all from that one read (``quarantine`` takes late records;
    ``zone``: the operator's local time, which night hours and the model's hour features follow)."""
    from ringfence.detect.columnar import Observer
    from ringfence.detect.model_signal import ModelRecords, apply_model_signal
    from ringfence.detect.replay import run_detection

    started = clock()
    model_records = ModelRecords()
    fbs = _UnknownOrigin()
    wants_model = policy.model is not None or (shadow_policy is not None and shadow_policy.model is not None)
    observers: list[Observer] = [*([model_records] if wants_model else []), fbs]
    result, shadow = run_detection(
        inputs.calls,
        policy,
        inputs.messages,
        inputs.subscribers,
        quarantine,
        allowed_lateness_s,
        progress=progress,
        shadow=shadow_policy,
        observers=observers,
        zone=zone,
        engine=engine,
    )
    if wants_model:
        if progress is not None:
            progress("scoring numbers with the fraud-user model")
        calls, messages = model_records.frame(RecordKind.CALLS), model_records.frame(RecordKind.MESSAGES)
        result = apply_model_signal(result, policy, calls, messages, zone)
        if shadow is not None and shadow_policy is not None:
            shadow = apply_model_signal(shadow, shadow_policy, calls, messages, zone)
    diff = None
    if shadow is not None:
        from ringfence.detect.shadow import compare

        diff = compare(result.flagged, shadow.flagged)
    return Detection(
        result=result,
        policy=policy,
        presented=inputs.presented.forms(set(result.flagged["number"].to_list()))
        if inputs.presented is not None
        else {},
        fbs_areas=fbs.areas() if inputs.messages is not None else None,
        shadow=shadow,
        shadow_policy=shadow_policy,
        shadow_diff=diff,
        started_at=started,
        finished_at=clock(),
        inputs=inputs.described,
        allowed_lateness_s=allowed_lateness_s,
    )


def export_run(
    detection: Detection, run_dir: Path, zone: str, meta: Mapping[str, object] | None = None
) -> None:
    """Write the run folder's files into ``run_dir`` (evidence, policy, fake base stations, shadow)."""
    from ringfence.detect.exports import write_run

    info: dict[str, object] = {
        "inputs": dict(detection.inputs),
        "allowed_lateness_s": detection.allowed_lateness_s,
        "started_at": detection.started_at.astimezone().isoformat(timespec="seconds"),
        "finished_at": detection.finished_at.astimezone().isoformat(timespec="seconds"),
        **(meta or {}),
    }
    write_run(detection.result, run_dir, detection.policy, info, zone)
    if detection.fbs_areas is not None:
        detection.fbs_areas.write_csv(run_dir / "fbs_areas.csv")
    if detection.shadow_diff is not None:
        detection.shadow_diff.write_csv(run_dir / "shadow.csv")


def detect_files(
    calls: Sequence[Path],
    policy: Policy,
    out: Path,
    run_dir: Path,
    zone: str,
    *,
    sms: Sequence[Path] = (),
    subscribers: Sequence[Path] = (),
    shadow_policy: Policy | None = None,
    allowed_lateness_s: int = 3600,
    quarantine: Path | None = None,
    progress: Progress | None = None,
    engine: str = "local",
) -> Detection:
    """``ringfence detect``: files in; the flagged-numbers CSV ``out`` (numbers as presented) and the
    run folder ``run_dir`` out, each whole or not at all (a run killed half-way leaves the older run
    as it was). Rejected and late rows go to ``quarantine`` (default: the run folder's)."""
    from ringfence.detect.exports import flagged_table, staged_run, write_csv_atomic
    from ringfence.ingest import QuarantineFile

    with staged_run(run_dir) as staging:
        with QuarantineFile(quarantine or staging / "quarantine.csv") as sink:
            detection = detect(
                file_inputs(calls, sms, subscribers, sink),
                policy,
                shadow_policy=shadow_policy,
                allowed_lateness_s=allowed_lateness_s,
                quarantine=sink,
                progress=progress,
                zone=zone,
                engine=engine,
            )
        export_run(detection, staging, zone)
    write_csv_atomic(flagged_table(detection.result.flagged, zone, detection.presented), out)
    return detection
