"""The detection service: typed decisions, a time zone setting, and run folders whole or absent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from ringfence.detect import exports
from ringfence.detect.policy import load_policy
from ringfence.domain.decisions import Verdict
from ringfence.services.detect import DetectionInputs, detect, detect_files, file_inputs
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation

ZONE = "Asia/Shanghai"


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(simulate(SimConfig(seed=9, subscribers=600, days=2)), out)
    return out


def _files(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(root.iterdir()) if p.is_file()}


def test_decisions_are_typed_values_of_what_the_files_say(scenario: Path, tmp_path: Path) -> None:
    detection = detect_files(
        [scenario / "calls.csv"],
        load_policy(),
        tmp_path / "flagged.csv",
        tmp_path / "run",
        ZONE,
        sms=[scenario / "messages.csv"],
        subscribers=[scenario / "subscribers.csv"],
    )
    run = detection.run()
    assert run.decisions
    written = pl.read_csv(tmp_path / "run" / "flagged.csv", infer_schema=False)
    assert [d.number for d in run.decisions] == written["number"].to_list()
    for d, row in zip(run.decisions, written.iter_rows(named=True), strict=True):
        assert d.verdict is Verdict(row["verdict"])
        assert d.detected_at.astimezone().isoformat(timespec="seconds") == (
            pl.Series([row["detected_at"]]).str.to_datetime("%Y-%m-%dT%H:%M:%S%z")[0].astimezone().isoformat()
        )
        assert row["detected_at"].endswith("+08:00")  # written in the configured zone
    assert run.info.policy_text == load_policy().text
    assert run.info.inputs == (
        str(scenario / "calls.csv"),
        str(scenario / "messages.csv"),
        str(scenario / "subscribers.csv"),
    )
    info = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))
    assert info["inputs"]["calls"] == [str(scenario / "calls.csv")]
    assert (tmp_path / "run" / "rules.toml").read_text(encoding="utf-8") == load_policy().rules.text


def test_the_time_zone_is_a_setting(scenario: Path, tmp_path: Path) -> None:
    detection = detect(file_inputs([scenario / "calls.csv"]), load_policy())
    utc = exports.flagged_table(detection.result.flagged, "UTC")
    local = exports.flagged_table(detection.result.flagged, ZONE)
    assert utc["detected_at"][0].endswith("+00:00")
    assert local["detected_at"][0].endswith("+08:00")
    assert (
        utc["detected_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S%z").to_list()
        == local["detected_at"].str.to_datetime("%Y-%m-%dT%H:%M:%S%z").to_list()
    )


def _night_caller(root: Path) -> DetectionInputs:
    """A number calling 12 strangers from 17:00 to 18:00 UTC: 01:00 in Shanghai, 17:00 in London."""
    start = datetime(2026, 11, 2, 17, tzinfo=UTC)
    rows = [
        {
            "call_id": f"n{i}",
            "caller": "+8613812345678",
            "callee": f"+86139{i:08d}",
            "start_time": (start + timedelta(minutes=5 * i)).isoformat(),
            "duration_s": 40,
        }
        for i in range(12)
    ]
    pl.DataFrame(rows).write_csv(root / "calls.csv")
    return file_inputs([root / "calls.csv"])


@pytest.mark.parametrize(
    ("zone", "night"), [(ZONE, True), ("Europe/London", False), ("America/Los_Angeles", False)]
)
def test_night_is_night_in_the_operators_zone(zone: str, night: bool, tmp_path: Path) -> None:
    detection = detect(_night_caller(tmp_path), load_policy(), zone=zone)
    hits = detection.result.hits.filter(pl.col("number") == "+8613812345678")
    assert ("R-NIGHT" in hits["rule"].to_list()) is night


def test_a_run_that_fails_half_way_leaves_the_older_run_whole(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: a detect killed while writing into a folder holding an older run left old and new
    files mixed."""
    run_dir = tmp_path / "run"
    args = ([scenario / "calls.csv"], load_policy(), tmp_path / "flagged.csv", run_dir, ZONE)
    detect_files(*args)
    before = _files(run_dir)
    real = exports.write_run

    def half(result, where, policy, meta, zone):  # type: ignore[no-untyped-def]
        real(result, where, policy, meta, zone)
        (where / "timeline.csv").write_text("truncated", encoding="utf-8")
        raise KeyboardInterrupt  # the user pressed Ctrl-C half-way through writing

    monkeypatch.setattr(exports, "write_run", half)
    with pytest.raises(KeyboardInterrupt):
        detect_files(*args)
    assert _files(run_dir) == before
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name or ".old-" in p.name]


_KILLABLE = """
import sys, time
from pathlib import Path
from ringfence.detect import exports
from ringfence.detect.policy import load_policy
from ringfence.services.detect import detect_files
real = exports.write_run
def slow(result, where, policy, meta, zone):
    real(result, where, policy, meta, zone)
    (where / "timeline.csv").write_text("partial", encoding="utf-8")
    print("writing", flush=True)
    time.sleep(60)
exports.write_run = slow
root = Path(sys.argv[1])
detect_files([Path(sys.argv[2])], load_policy(), root / "flagged.csv", root / "run", "Asia/Shanghai")
"""


def test_sigkill_while_writing_leaves_the_older_run_whole(scenario: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "run"
    detect_files([scenario / "calls.csv"], load_policy(), tmp_path / "flagged.csv", run_dir, ZONE)
    before = _files(run_dir)
    flagged_before = (tmp_path / "flagged.csv").read_bytes()
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILLABLE, str(tmp_path), str(scenario / "calls.csv")],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "writing"  # killed in the middle of writing the run
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _files(run_dir) == before
    assert (tmp_path / "flagged.csv").read_bytes() == flagged_before
    # the next run cleans up what the killed one left and replaces the run whole
    detect_files([scenario / "calls.csv"], load_policy(), tmp_path / "flagged.csv", run_dir, ZONE)
    after = _files(run_dir)
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if k != "run.json"} == {
        k: v for k, v in before.items() if k != "run.json"
    }  # run.json differs only in when the run was made
    assert not [p for p in tmp_path.iterdir() if ".staging-" in p.name]


def test_detect_reads_each_input_once(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression: detect opened its inputs four times in the main pass and again for the model
    signal, the presented numbers and the fake base stations."""
    from ringfence.ingest import reader as reader_module
    from ringfence.ingest import source

    opened: list[str] = []
    real = source.open_raw

    def counting(src: source.Input) -> object:
        opened.append(source.name_of(src))
        return real(src)

    for module in (source, reader_module):
        monkeypatch.setattr(module, "open_raw", counting)
    with_model = tmp_path / "with-model.toml"
    with_model.write_text(
        load_policy().text + '\n[model]\nsource = "live"\nmin_calls = 5\n', encoding="utf-8"
    )
    inputs = [scenario / "calls.csv", scenario / "messages.csv", scenario / "subscribers.csv"]
    detection = detect_files(
        inputs[:1],
        load_policy(with_model),
        tmp_path / "flagged.csv",
        tmp_path / "run",
        ZONE,
        sms=inputs[1:2],
        subscribers=inputs[2:],
    )
    assert sorted(opened) == sorted(str(p) for p in inputs)
    assert detection.fbs_areas is not None
    assert detection.presented  # numbers named as the files wrote them, from that one read
