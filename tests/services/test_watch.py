"""``ringfence watch``: a landing directory in, ``detect``'s verdicts out, exactly once across crashes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from ringfence.detect.policy import load_policy
from ringfence.errors import ConfigError
from ringfence.ingest import RecordKind
from ringfence.ingest.quarantine import QUARANTINE_COLUMNS
from ringfence.ingest.source import StreamInput
from ringfence.services import watch as watch_service
from ringfence.services.detect import detect_files
from ringfence.services.watch import WatchConfig, Watcher, complete_files
from ringfence.simulate import messy
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation
from tests.support.kill import kill_after_commits, run_once

ZONE = "Asia/Shanghai"
LATENESS = 3600


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(simulate(SimConfig(seed=11, subscribers=300, days=1)), out)
    return out


def split(scenario: Path, landing: Path, parts: int = 4) -> list[Path]:
    """The scenario's calls and SMS as files of consecutive lines (as a mediation system delivers
    them), plus one file that repeats a few calls (duplicates) and carries a few old ones (late)."""
    landing.mkdir(parents=True, exist_ok=True)
    files = []
    for name in ("calls", "messages"):
        lines = (scenario / f"{name}.csv").read_text(encoding="utf-8").splitlines(keepends=True)
        head, body = lines[0], lines[1:]
        for i in range(parts):
            path = landing / f"{name}-{i:02d}.csv"
            path.write_text(head + "".join(body[i * len(body) // parts : (i + 1) * len(body) // parts]))
            files.append(path)
    calls = pl.read_csv(scenario / "calls.csv", infer_schema=False)
    extra = pl.concat(
        [
            calls.head(3),  # ids seen in an earlier file
            calls.head(2).with_columns(pl.col("call_id") + "-old"),  # hours older than the newest
        ]
    )
    path = landing / "calls-99.csv"
    extra.write_csv(path)
    files.append(path)
    return sorted(files)


def detect_on(files: list[Path], scenario: Path, out: Path) -> pl.DataFrame:
    calls = [f for f in files if f.name.startswith("calls")]
    sms = [f for f in files if f.name.startswith("messages")]
    detect_files(
        calls,
        load_policy(),
        out / "flagged.csv",
        out / "run",
        ZONE,
        sms=sms,
        subscribers=[scenario / "subscribers.csv"],
        allowed_lateness_s=LATENESS,
    )
    return pl.read_csv(out / "flagged.csv", infer_schema=False)


#: One file at a time (a batch of one file): the tests of the commit protocol count files.
ONE = 1


def config(
    landing: Path,
    state: Path,
    scenario: Path,
    engine: str = "columnar",
    interval_s: float = 0.0,
    batch_bytes: int = ONE,
) -> WatchConfig:
    return WatchConfig(
        checkpoint_s=interval_s,
        landing=landing,
        state=state,
        policy=load_policy(),
        zone=ZONE,
        subscribers=[scenario / "subscribers.csv"],
        sms=True,
        allowed_lateness_s=LATENESS,
        engine=engine,
        batch_bytes=batch_bytes,
    )


def about(files: Sequence[Path], per_batch: int) -> int:
    """A batch budget of about ``per_batch`` of these files."""
    return per_batch * sum(f.stat().st_size for f in files) // len(files)


def verdicts(flagged: pl.DataFrame) -> dict[str, str]:
    return dict(zip(flagged["number"], flagged["verdict"], strict=True))


@pytest.fixture(scope="module")
def expected(scenario: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, dict[str, int]]:
    """What ``detect`` finds on the same files, and the records it accepted."""
    root = tmp_path_factory.mktemp("detect")
    files = split(scenario, root / "files")
    flagged = detect_on(files, scenario, root)
    run = json.loads((root / "run" / "run.json").read_text())
    return flagged, run


def counted_once(run: Mapping[str, Any]) -> dict[str, int]:
    """The records a watcher counts of the split scenario, each once, by kind: ``detect``'s accepted
    ones less the late calls (detect's summaries count late records as accepted by the reader; they are
    split off after)."""
    records = run["records"]
    return {
        "calls": records["calls"]["accepted"] - run["late_records"],
        "messages": records["messages"]["accepted"],
    }


def test_one_watcher_per_state(scenario: Path, tmp_path: Path) -> None:
    with (
        Watcher(config(tmp_path / "landing", tmp_path / "state", scenario)),
        pytest.raises(watch_service.StateInUseError),
    ):
        Watcher(config(tmp_path / "landing2", tmp_path / "state", scenario))
    Watcher(config(tmp_path / "landing", tmp_path / "state", scenario)).close()  # released


def test_complete_files_skip_temporary_names(tmp_path: Path) -> None:
    for name in ("b.csv", "a.csv", ".c.csv", "d.csv.tmp", "e.csv.part", "f.csv~"):
        (tmp_path / name).write_text("x")
    (tmp_path / "done").mkdir()
    assert [p.name for p in complete_files(tmp_path)] == ["a.csv", "b.csv"]


@pytest.mark.parametrize("engine", ["columnar", "stream"])
@pytest.mark.parametrize("per_batch", [1, 3])
def test_watch_once_writes_what_detect_writes(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path, engine: str, per_batch: int
) -> None:
    """One file at a time, and batches of about three files (calls and SMS in one)."""
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    budget = ONE if per_batch == 1 else about(files, per_batch)
    Watcher(config(landing, state, scenario, engine, batch_bytes=budget)).run(once=True)
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert flagged.height > 10
    assert written.equals(flagged)  # the same file, row for row (numbers as presented, times, rules)
    assert sorted(p.name for p in (landing / "done").iterdir()) == [f.name for f in files]
    assert complete_files(landing) == []
    quarantine = pl.concat(
        [pl.read_csv(p, infer_schema=False) for p in sorted((state / "quarantine").iterdir())]
    )
    assert quarantine.columns == list(QUARANTINE_COLUMNS)
    reasons = quarantine["reason"].str.split(":").list.first().value_counts(sort=True)
    assert dict(reasons.iter_rows()) == {"duplicate_id": 3, "late_record": 2}


def test_watch_counts_what_detect_counts(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    _, run = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    split(scenario, landing)
    watcher = Watcher(config(landing, state, scenario))
    watcher.run(once=True)
    assert watcher.state.records == counted_once(run)
    assert watcher.state.detection.late == run["late_records"] == 2
    # How late they were and through which origin, as detect's run.json says it.
    assert watcher.status()["late_detail"] == run["late_records_detail"]
    assert sum(run["late_records_detail"]["by_origin"].values()) == 2


def test_files_delivered_later_continue_the_same_run(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    """Several ``--once`` runs, each over the files delivered since: the same verdicts at the end."""
    flagged, _ = expected
    landing, state, later = tmp_path / "landing", tmp_path / "state", tmp_path / "later"
    files = split(scenario, later)
    for batch in (files[:3], files[3:6], files[6:]):
        landing.mkdir(exist_ok=True)
        for f in batch:
            f.replace(landing / f.name)
        Watcher(config(landing, state, scenario)).run(once=True)
    assert verdicts(pl.read_csv(state / "flagged.csv", infer_schema=False)) == verdicts(flagged)


def test_a_stop_while_the_next_file_is_read_leaves_it_untouched(
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The next file is read while one is applied: a stop that comes meanwhile leaves it in the landing
    directory, counted nowhere, and the next run takes it as if it had never been looked at."""
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    stop = threading.Event()
    taken: list[str] = []
    take = Watcher.take

    def take_then_stop(self: Watcher, path: Path) -> object:
        taken.append(path.name)
        out = take(self, path)
        if len(taken) == 2:
            stop.set()  # while the first file is applied, or just after
        return out

    monkeypatch.setattr(Watcher, "take", take_then_stop)
    watcher = Watcher(config(landing, state, scenario))
    watcher.run(stop=stop)
    watcher.close()
    assert taken == [f.name for f in files[:2]]
    assert watcher.state.files == 1
    assert [f.name for f in complete_files(landing)] == [f.name for f in files[1:]]
    monkeypatch.undo()
    Watcher(config(landing, state, scenario)).run(once=True)
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)


def test_a_stop_while_a_batch_is_read_leaves_all_its_files(
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A batch is one transaction: a stop while its files are read leaves every one of them in the
    landing directory, none counted, and the next run takes them all."""
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    stop = threading.Event()
    take_many = Watcher.take_many
    batches: list[list[str]] = []

    def read_then_stop(self: Watcher, paths: Sequence[Path]) -> object:
        batches.append([p.name for p in paths])
        stop.set()  # while the batch's files are read (they are read together)
        return take_many(self, paths)

    monkeypatch.setattr(Watcher, "take_many", read_then_stop)
    watcher = Watcher(config(landing, state, scenario, batch_bytes=about(files, 4)))
    watcher.run(stop=stop)
    watcher.close()
    assert len(batches[0]) > 1  # a batch of several files
    assert watcher.state.files == 0
    assert complete_files(landing) == files
    assert not (state / "log.bin").exists() or (state / "log.bin").stat().st_size == 0
    monkeypatch.undo()
    Watcher(config(landing, state, scenario, batch_bytes=about(files, 4))).run(once=True)
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)


Outcome = tuple[pl.DataFrame, dict[str, pl.DataFrame], tuple[object, ...]]


def messy_delivery(scenario: Path, folder: Path, seed: int) -> list[Path]:
    """The scenario's calls and SMS delivered messily (duplicates, late and broken records) as files."""
    rng = np.random.default_rng(seed)
    files: list[Path] = []
    for kind in messy.KINDS:
        frame = pl.read_csv(scenario / f"{kind}.csv", infer_schema=False)
        files += messy.deliver(messy.messy(frame, kind, rng), kind, folder, 6, rng)
    return files


def land(files: Sequence[Path], landing: Path) -> None:
    """``files`` into ``landing``, calls and SMS interleaved by name."""
    landing.mkdir()
    for i, f in enumerate(sorted(files, key=lambda f: (f.name.split("-")[1], f.name))):
        (landing / f"{i:03d}-{f.name}").write_bytes(f.read_bytes())


def outcome(watcher: Watcher, state: Path) -> Outcome:
    """What a run left: the flagged file, each file's quarantine (sorted) and every count."""
    quarantine = {
        p.name.split("-", 1)[1]: pl.read_csv(p, infer_schema=False).sort(pl.all())
        for p in (state / "quarantine").iterdir()
    }
    st = watcher.state
    counts = (st.files, st.records, st.quarantined, st.detection.late)
    return pl.read_csv(state / "flagged.csv", infer_schema=False), quarantine, counts


def assert_same_outcomes(outs: Sequence[Outcome]) -> None:
    (flagged, quarantine, counts), *others = outs
    quarantined = counts[2]
    assert isinstance(quarantined, dict)
    assert quarantined["late_record"] > 0
    assert quarantined["duplicate_id"] > 0
    for other_flagged, other_quarantine, other_counts in others:
        assert other_flagged.equals(flagged)
        assert other_counts == counts
        assert other_quarantine.keys() == quarantine.keys()
        for name, rows in quarantine.items():
            assert other_quarantine[name].equals(rows), name


def test_batches_quarantine_and_count_what_files_one_by_one_do(scenario: Path, tmp_path: Path) -> None:
    """The records of a batch's files go to the engine together, but each file's duplicates, late
    records and rejects are its own: the quarantine, file by file, and every count are those of the
    files taken one at a time (a messy delivery, calls and SMS files interleaved)."""
    files = messy_delivery(scenario, tmp_path / "files", 4)
    outs = []
    for budget in (ONE, about(files, 4), 1 << 30):
        landing, state = tmp_path / f"landing-{budget}", tmp_path / f"state-{budget}"
        land(files, landing)
        watcher = Watcher(config(landing, state, scenario, batch_bytes=budget))
        watcher.run(once=True)
        outs.append(outcome(watcher, state))
    assert_same_outcomes(outs)


class _Always:
    """``Watcher._applying`` held in one state: the reading thread makes the events ahead always
    (``True``) or never."""

    def __init__(self, value: bool) -> None:
        self.value = value

    def is_set(self) -> bool:
        return self.value

    def set(self) -> None:
        pass

    def clear(self) -> None:
        pass


def test_events_made_while_reading_are_those_made_when_applied(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reading thread makes a batch's events ahead only while the batch before is applied, so
    which files take that path depends on timing: forced one way and the other over a messy delivery
    (duplicates, late records, calls and SMS interleaved), in batches and file by file, the flagged
    file, the quarantine and every count are the same."""
    files = messy_delivery(scenario, tmp_path / "files", 7)
    picked = 0
    real = watch_service.on_time_facts

    def counted(*args: Any) -> pl.DataFrame:
        nonlocal picked
        picked += 1
        return real(*args)

    monkeypatch.setattr(watch_service, "on_time_facts", counted)
    outs = []
    for budget in (ONE, about(files, 4)):
        for ahead in (True, False):
            landing, state = tmp_path / f"landing-{budget}-{ahead}", tmp_path / f"state-{budget}-{ahead}"
            land(files, landing)
            before = picked
            watcher = Watcher(config(landing, state, scenario, batch_bytes=budget))
            watcher._applying = _Always(ahead)  # type: ignore[assignment]
            watcher.run(once=True)
            assert (picked > before) == ahead
            outs.append(outcome(watcher, state))
    assert outs[0][0].height > 10
    assert_same_outcomes(outs)


def test_a_batch_of_csv_and_parquet_files_gives_detects_file(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    """Files of one kind in one batch but read differently (CSV with each line's text, Parquet as
    records, logged differently too): the result is ``detect``'s."""
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    for f in (files[1], files[6]):  # a calls file and an SMS file
        pl.read_csv(f, infer_schema=False).write_parquet(f.with_suffix(".parquet"))
        f.unlink()
    Watcher(config(landing, state, scenario, batch_bytes=1 << 30)).run(once=True)
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
    assert len(list((landing / "done").iterdir())) == len(files)


def test_a_bad_file_in_a_batch_read_together_fails_alone(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch's files of one kind are read by one reader (``take_many``); a file that cannot be read
    sends the batch back to reading file by file, so only that file goes to ``failed/``, and the others
    count as they would have one at a time."""
    together: list[int] = []
    read_sources = watch_service._read_sources

    def counted(sources: Sequence[StreamInput], kind: RecordKind) -> object:
        together.append(len(sources))
        return read_sources(sources, kind)

    monkeypatch.setattr(watch_service, "_read_sources", counted)
    outs = []
    for budget in (ONE, 1 << 30):
        landing, state = tmp_path / f"landing-{budget}", tmp_path / f"state-{budget}"
        files = split(scenario, landing)
        bad = files[2]  # a calls file between others of its kind
        bad.write_text("what,is,this\n1,2,3\n")
        watcher = Watcher(config(landing, state, scenario, batch_bytes=budget))
        watcher.run(once=True)
        assert sorted(p.name for p in (landing / "failed").iterdir()) == [bad.name, f"{bad.name}.reason.txt"]
        assert watcher.state.files == len(files) - 1
        st = watcher.state
        outs.append((pl.read_csv(state / "flagged.csv", infer_schema=False), st.records, st.quarantined))
    assert outs[1][0].equals(outs[0][0])
    assert outs[1][1:] == outs[0][1:]
    assert len(together) == 2  # one file at a time: never; in one batch: the calls, then the SMS
    assert all(n > 1 for n in together)


def test_a_file_gone_before_it_is_read_is_skipped(scenario: Path, tmp_path: Path) -> None:
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    watcher = Watcher(config(landing, state, scenario))
    files[0].unlink()  # listed by nobody yet: gone as another process would take it
    assert watcher.take(files[0]) is None
    with pytest.raises(FileNotFoundError):
        watcher.process(files[0])
    watcher.run(once=True)
    assert watcher.state.files == len(files) - 1


def test_unreadable_file_goes_to_failed_with_its_reason(scenario: Path, tmp_path: Path) -> None:
    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    (landing / "calls-00.csv").write_text("what,is,this\n1,2,3\n")
    (landing / "subs.csv").write_bytes((scenario / "subscribers.csv").read_bytes())
    watcher = Watcher(config(landing, state, scenario))
    watcher.run(once=True)
    failed = landing / "failed"
    assert sorted(p.name for p in failed.iterdir()) == [
        "calls-00.csv",
        "calls-00.csv.reason.txt",
        "subs.csv",
        "subs.csv.reason.txt",
    ]
    assert "call_id" in (failed / "calls-00.csv.reason.txt").read_text()
    assert "--subscribers" in (failed / "subs.csv.reason.txt").read_text()
    assert watcher.state.files == 0
    assert not (landing / "done").exists() or not list((landing / "done").iterdir())


def test_a_crash_between_commit_and_move_does_not_count_the_file_twice(
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    split(scenario, landing)
    real_move = watch_service._move_aside
    moves = 0

    def crash_on_third(path: Path, folder: Path) -> Path:
        nonlocal moves
        moves += 1
        if moves == 3:
            raise KeyboardInterrupt  # the process dies right after the commit
        return real_move(path, folder)

    monkeypatch.setattr(watch_service, "_move_aside", crash_on_third)
    crashed = Watcher(config(landing, state, scenario))
    with pytest.raises(KeyboardInterrupt):
        crashed.run(once=True)
    crashed.close()  # the process is gone: its lock with it
    monkeypatch.setattr(watch_service, "_move_aside", real_move)
    assert len(list((landing / "done").iterdir())) == 2
    first = Watcher(config(landing, state, scenario))
    assert first.state.files == 9  # all committed before the outputs were written and files moved
    first.run(once=True)
    assert first.state.files == 9  # the committed files were moved, not read again
    assert len(list((landing / "done").iterdir())) == 9
    assert verdicts(pl.read_csv(state / "flagged.csv", infer_schema=False)) == verdicts(flagged)


def crash_on_apply(
    monkeypatch: pytest.MonkeyPatch, cfg: WatchConfig, nth: int, before: Callable[[], object] = lambda: None
) -> None:
    """A watcher over ``cfg`` that dies (``KeyboardInterrupt``, as a killed process stops) as it is about
    to feed its ``nth`` file, once ``before`` returns; the state directory is left as the crash left it."""
    real_apply = Watcher._apply
    applied = 0

    def crash(self: Watcher, entry: object, *rest: object) -> tuple[int, list[tuple[int, str, str]]]:
        nonlocal applied
        applied += 1
        if applied == nth:
            before()
            raise KeyboardInterrupt
        return real_apply(self, entry, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(Watcher, "_apply", crash)
    crashed = Watcher(cfg)
    with pytest.raises(KeyboardInterrupt):
        crashed.run(once=True)
    crashed.close()  # the process is gone: its lock with it
    monkeypatch.undo()


@pytest.mark.parametrize("per_batch", [1, 3])
def test_a_crash_with_the_log_entry_written_and_the_file_not_applied_counts_it_once(
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    per_batch: int,
) -> None:
    """The log entry of a file (or a batch of files) is written while it is applied: a crash once the
    entry is on disk and before the state has it replays it on start, and its files are then moved,
    not read again."""
    flagged, run = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    budget = ONE if per_batch == 1 else about(files, per_batch)
    real_append = Watcher._append
    third = threading.Event()
    logged: list[int] = []

    def append(self: Watcher, entry: object, seq: int) -> int:
        out = real_append(self, entry, seq)  # type: ignore[arg-type]
        logged.append(len(entry) if isinstance(entry, list) else 1)
        if seq == 3:
            third.set()
        return out

    monkeypatch.setattr(Watcher, "_append", append)
    cfg = config(landing, state, scenario, interval_s=600.0, batch_bytes=budget)
    crash_on_apply(monkeypatch, cfg, 3, lambda: third.wait(60))
    assert not (landing / "done").exists()  # nothing was published: every file still waits
    assert (max(logged) > 1) == (per_batch > 1)
    again = Watcher(config(landing, state, scenario, batch_bytes=budget))
    assert again.state.files == sum(logged) >= 3  # two applied, and the third replayed from its log entry
    again.run(once=True)
    assert again.state.files == len(files)
    assert sorted(p.name for p in (landing / "done").iterdir()) == [f.name for f in files]
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
    assert again.state.detection.late == run["late_records"]


@pytest.mark.parametrize(("seed", "per_batch"), [(3, 1), (8, 1), (5, 3)])
def test_a_messy_delivery_with_a_crash_gives_detects_file(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, per_batch: int
) -> None:
    """Numbers and times in every form the contract takes, records out of order, late and repeated,
    broken rows, gzip and CRLF files (``tests/support/messy.py``, not the simulator's writer), and the
    process dying half-way: the flagged file and the counts are ``detect``'s on the same files (taken
    one at a time, or in batches of about three files of both kinds)."""
    rng = np.random.default_rng(seed)
    files: list[Path] = []
    for kind in messy.KINDS:
        frame = pl.read_csv(scenario / f"{kind}.csv", infer_schema=False)
        files += messy.deliver(messy.messy(frame, kind, rng), kind, tmp_path / "files", 6, rng)
    expected_dir = tmp_path / "detect"
    flagged = detect_on(files, scenario, expected_dir)
    run = json.loads((expected_dir / "run" / "run.json").read_text())
    assert run["late_records"] > 0
    assert flagged.filter(pl.col("verdict").is_in(["warn", "block"])).height > 0

    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    for i, f in enumerate(sorted(files, key=lambda f: (f.name.split("-")[1], f.name))):
        (landing / f"{i:03d}-{f.name}").write_bytes(f.read_bytes())  # calls and SMS files interleaved
    budget = ONE if per_batch == 1 else about(files, per_batch)
    crash_on_apply(
        monkeypatch,
        config(landing, state, scenario, interval_s=600.0, batch_bytes=budget),
        len(files) // (2 * per_batch),
    )
    watcher = Watcher(config(landing, state, scenario, batch_bytes=budget))
    watcher.run(once=True)
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
    records = run["records"]
    accepted = records["calls"]["accepted"] + records["messages"]["accepted"]
    # detect's summaries count late records as accepted by the reader (they are split off after)
    assert sum(watcher.state.records.values()) == accepted - run["late_records"]
    reasons = {
        k: records["calls"]["reasons"].get(k, 0) + records["messages"]["reasons"].get(k, 0)
        for k in ("duplicate_id", "wrong_column_count", "bad_timestamp")
    }
    assert reasons["bad_timestamp"] == reasons["wrong_column_count"] == 2
    assert {k: watcher.state.quarantined.get(k, 0) for k in reasons} == reasons
    assert watcher.state.quarantined["late_record"] == run["late_records"]
    assert watcher.state.detection.late == run["late_records"]


def _watch_cmd(
    landing: Path, state: Path, scenario: Path, interval: str = "0", batch_mb: float = 0.0
) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from ringfence.cli.main import run; run()",
        "watch",
        "--landing",
        str(landing),
        "--state",
        str(state),
        "--sms",
        "--subscribers",
        str(scenario / "subscribers.csv"),
        "--checkpoint-interval",
        interval,
        "--batch-mb",
        str(batch_mb),
        "--once",
    ]


@pytest.mark.parametrize(
    ("interval", "commit_file", "delays", "parts"),
    [
        ("0", "checkpoint.pkl", (0.3, 0.0, 0.15), 4),
        ("600", "log.bin", (0.02, 0.0, 0.01), 4),
        ("600", "log.bin", (0.02, 0.0, 0.01), 12),  # batches of about three files, replayed from the log
    ],
)
def test_kill_9_at_several_points_then_restart_gives_detects_verdicts(
    scenario: Path,
    expected: tuple[pl.DataFrame, dict[str, int]],
    tmp_path: Path,
    interval: str,
    commit_file: str,
    delays: tuple[float, float, float],
    parts: int,
) -> None:
    """SIGKILL three times at different points of a run (after a commit, in the middle of a file or
    batch, wherever the moment falls), a restart each time; at the end every record is counted once
    and the flagged file is detect's. Commits are snapshots after every file (or batch of files), or
    (a long interval) log entries only, the restart replaying them. Four files of each kind are taken
    one at a time; twelve (log entries only) in batches of about three files."""
    flagged, _ = expected
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing, parts)
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    batch_mb = 0.0 if parts == 4 else about(files, 3) / (1 << 20)
    cmd = _watch_cmd(landing, state, scenario, interval, batch_mb)
    # Killed: in the file after a run's first commit; right after the 2nd; a little after the 3rd.
    kills = kill_after_commits(cmd, state, env, delays, commits=(1, 2, 3), commit_file=commit_file)
    assert kills >= 2  # the run was really interrupted
    run_once(cmd, env)
    assert sorted(p.name for p in (landing / "done").iterdir()) == [f.name for f in files]
    written = pl.read_csv(state / "flagged.csv", infer_schema=False)
    assert verdicts(written) == verdicts(flagged)
    assert written.equals(flagged)
    status = json.loads((state / "status.json").read_text())
    assert status["files"] == len(files)
    quarantine = pl.concat(
        [pl.read_csv(p, infer_schema=False) for p in sorted((state / "quarantine").iterdir())]
    )
    assert quarantine.height == 5  # 3 duplicates and 2 late records, each once


def test_sigterm_stops_between_files(scenario: Path, tmp_path: Path) -> None:
    landing, state = tmp_path / "landing", tmp_path / "state"
    split(scenario, landing)
    cmd = [c for c in _watch_cmd(landing, state, scenario) if c != "--once"] + ["--poll", "0.1"]
    env = {**os.environ, "RINGFENCE_DATA_DIR": str(tmp_path / "data")}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # Signalled only once it is watching (its handler installed): a loaded machine can take long to
    # start it, and a SIGTERM during its imports would end it as any process ends (-15).
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not (state / "flagged.csv").exists():
        time.sleep(0.05)
    assert (state / "flagged.csv").exists(), "watch did not get through its first file"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert (state / "checkpoint.pkl").exists()
    assert not list(state.glob(".*.tmp"))


def test_verdicts_go_to_the_store_once(
    scenario: Path, expected: tuple[pl.DataFrame, dict[str, int]], tmp_path: Path
) -> None:
    from ringfence.adapters.memory import MemoryStore

    flagged, _ = expected
    store = MemoryStore()
    landing, state = tmp_path / "landing", tmp_path / "state"
    split(scenario, landing)
    watcher = Watcher(config(landing, state, scenario), store=store, org="op1")
    watcher.run(once=True)
    stored = {d.number: d.verdict for d in store.decisions("op1")}
    canonical = dict(zip(flagged["number_e164"], flagged["verdict"], strict=True))
    assert stored == canonical
    runs = len(store.runs("op1"))
    watcher.publish()  # again, as after a restart: nothing new to store
    watcher.close()
    with Watcher(config(landing, state, scenario), store=store, org="op1") as again:
        again.run(once=True)
    assert len(store.runs("op1")) == runs


def test_idle_numbers_expire_by_event_time(scenario: Path, tmp_path: Path) -> None:
    def active(idle_s: int) -> tuple[int, int]:
        landing, state = tmp_path / f"landing-{idle_s}", tmp_path / f"state-{idle_s}"
        split(scenario, landing)
        cfg = config(landing, state, scenario)
        cfg.idle_expiry_s = idle_s
        watcher = Watcher(cfg)
        watcher.run(once=True)
        flagged = pl.read_csv(state / "flagged.csv", infer_schema=False).height
        return watcher.state.detection.active_numbers(), flagged

    kept, flagged = active(30 * 86_400)
    short, flagged_short = active(2 * 3600)
    assert short < kept / 2  # a day of traffic: most numbers were idle for two hours at the end
    assert flagged_short > 0
    assert flagged > 0


def test_a_state_goes_on_only_with_its_settings(scenario: Path, tmp_path: Path) -> None:
    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    lines = (scenario / "calls.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (landing / "calls.csv").write_text("".join(lines[:50]), encoding="utf-8")
    with Watcher(config(landing, state, scenario)) as w:
        w.run(once=True)
    other = config(landing, state, scenario)
    other.allowed_lateness_s = 60
    with pytest.raises(watch_service.StateMismatchError, match="allowed lateness"):
        Watcher(other)
    other = config(landing, state, scenario)
    other.sms = False
    with pytest.raises(watch_service.StateMismatchError, match="--sms"):
        Watcher(other)
    other = config(landing, state, scenario)
    other.zone = "Europe/London"  # night hours would mix two zones
    with pytest.raises(watch_service.StateMismatchError, match="time zone"):
        Watcher(other)
    Watcher(config(landing, state, scenario)).close()


def test_a_state_goes_on_with_the_engine_it_was_built_with(scenario: Path, tmp_path: Path) -> None:
    """A state checkpointed by the event-by-event engine is not converted: it goes on with it."""
    landing, state = tmp_path / "landing", tmp_path / "state"
    files = split(scenario, landing)
    held = tmp_path / "held"
    held.mkdir()
    for f in files[2:]:
        f.rename(held / f.name)
    with Watcher(config(landing, state, scenario, "stream")) as first:
        first.run(once=True)
    for f in files[2:]:
        (held / f.name).rename(landing / f.name)
    with Watcher(config(landing, state, scenario)) as again:
        assert again.state.detection.ENGINE == "stream"
        again.run(once=True)
        assert again.status()["engine"] == "stream"
    with pytest.raises(ConfigError):
        Watcher(config(tmp_path / "l2", tmp_path / "s2", scenario, "quantum"))


def test_snapshots_are_spaced_by_what_the_last_one_took(scenario: Path, tmp_path: Path) -> None:
    """A snapshot costs time in proportion to the whole state: the next comes no sooner than
    ``SNAPSHOT_SPACING`` times what the last took, the files meanwhile committed by the log."""
    files = split(scenario, tmp_path / "landing")
    watcher = Watcher(config(tmp_path / "landing", tmp_path / "state", scenario, interval_s=0.001))
    watcher._snapshot_s = 3600.0  # the last snapshot took an hour
    watcher.process(files[0])
    assert watcher._log.size > 0
    assert not (tmp_path / "state" / watch_service.CHECKPOINT).exists()
    watcher._snapshot_s = 0.0
    time.sleep(0.01)
    watcher.process(files[1])
    assert watcher._log.size == 0  # both files in the snapshot now
    assert (tmp_path / "state" / watch_service.CHECKPOINT).exists()
    assert 0 < watcher._snapshot_s < 3600
    watcher.close()


def _with_twins(scenario: Path, out: Path, mtc_first: int) -> tuple[list[Path], list[Path], int]:
    """The scenario's calls in four files, without and with the terminating switch's record of a
    third of the on-net calls (``ingest.twins``): three lines after their originating record (some
    in the next file), and ``mtc_first`` of them just before it (so the originating record is the
    twin). Returns the plain files, the files with twins, and the twins written."""
    calls = (
        pl.read_csv(scenario / "calls.csv", infer_schema=False).with_row_index("_n").cast({"_n": pl.Int64})
    )
    subscribers = pl.read_csv(scenario / "subscribers.csv", infer_schema=False)["number"]
    on_net = calls.filter(
        (pl.col("call_type") == "moc")
        & pl.col("callee").is_in(subscribers.implode())
        & (pl.col("_n") % 3 == 0)
    )
    twins = on_net.with_columns(
        pl.col("call_id") + "-mtc",
        pl.lit("mtc").alias("call_type"),
        pl.lit("").alias("caller_imei"),  # what a terminating switch knows of the caller's handset
        pl.col("_n") + pl.when(pl.int_range(pl.len()) < mtc_first).then(-1).otherwise(3),
    )
    plain, doubled = [], []
    for name, frame in (("plain", calls), ("twins", pl.concat([calls, twins]))):
        ordered = frame.sort("_n", maintain_order=True).drop("_n")
        (out / name).mkdir(parents=True)
        for i in range(4):
            path = out / name / f"calls-{i:02d}.csv"
            start, end = i * ordered.height // 4, (i + 1) * ordered.height // 4
            ordered.slice(start, end - start).write_csv(path)
            (plain if name == "plain" else doubled).append(path)
    return plain, doubled, twins.height


@pytest.mark.parametrize("per_batch", [1, 2])
def test_a_calls_second_switch_record_is_set_aside_as_detect_sets_it_aside(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, per_batch: int
) -> None:
    """Both switches' records of an on-net call (moc and mtc, two call ids): the second read is a
    twin, quarantined as ``twin_record``. ``detect`` over the files with twins decides as over the
    files without (when the originating record comes first); ``watch``, dying half-way, sets aside
    exactly the records ``detect`` does and writes its flagged file, whatever its batches."""
    plain, doubled, written = _with_twins(scenario, tmp_path / "files", mtc_first=0)
    without = detect_on(plain, scenario, tmp_path / "plain")
    with_twins = detect_on(doubled, scenario, tmp_path / "doubled")
    run = json.loads((tmp_path / "doubled" / "run" / "run.json").read_text())
    assert written > 20
    assert run["twin_records"] == written
    # (a number is shown as the input wrote it most often, twins included: compared in E.164)
    assert with_twins.drop("number").equals(without.drop("number"))

    _, mixed, written = _with_twins(scenario, tmp_path / "mixed", mtc_first=8)
    flagged = detect_on(mixed, scenario, tmp_path / "detect")
    run = json.loads((tmp_path / "detect" / "run" / "run.json").read_text())
    assert run["twin_records"] == written  # 8 originating records among them
    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    for f in mixed:
        (landing / f.name).write_bytes(f.read_bytes())
    budget = ONE if per_batch == 1 else about(mixed, per_batch)
    cfg = replace(config(landing, state, scenario, batch_bytes=budget), sms=False)
    crash_on_apply(monkeypatch, replace(cfg, checkpoint_s=600.0), 3 if per_batch == 1 else 2)
    watcher = Watcher(cfg)
    watcher.run(once=True)
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
    assert watcher.state.quarantined["twin_record"] == written
    assert watcher.state.detection.twins == written


def test_a_batch_of_files_validated_to_two_schemas_is_released_once(
    scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Validation codes a file's callers when some of its first rows are in E.164 (its shortcut) and
    not when all are national numbers. A batch replayed from its log entry after a crash holds each
    file as validated alone, so its two files are pushed to the engine in two runs. The release point
    already counts both files' records: releasing after the first run put most of the second file's
    records behind it, and the columnar engine crashed on them (nightcity, split and killed by
    ``parity_worlds``, stop 47). Released once, after the last run, the batch gives ``detect``'s file."""
    calls = pl.read_csv(scenario / "calls.csv", infer_schema=False)
    half = calls.height // 2
    e164 = pl.when(pl.col("caller").str.contains(r"^1\d{10}$")).then("+86" + pl.col("caller"))
    national = pl.col("caller").str.replace(r"^\+86", "").str.replace(r"^\+", "00")
    files = tmp_path / "files"
    files.mkdir()
    calls.head(half).with_columns(e164.otherwise(pl.col("caller")).alias("caller")).write_csv(
        files / "calls-00.csv"
    )
    calls.slice(half).with_columns(national.alias("caller")).write_csv(files / "calls-01.csv")
    paths = sorted(files.iterdir())
    flagged = detect_on(paths, scenario, tmp_path / "detect")
    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    for f in paths:
        (landing / f.name).write_bytes(f.read_bytes())
    real_append = Watcher._append
    written = threading.Event()

    def append(self: Watcher, entry: object, seq: int) -> int:
        out = real_append(self, entry, seq)  # type: ignore[arg-type]
        written.set()
        return out

    monkeypatch.setattr(Watcher, "_append", append)
    budget = about(paths, 4)  # both files in one batch
    cfg = replace(config(landing, state, scenario, interval_s=600.0, batch_bytes=budget), sms=False)
    crash_on_apply(monkeypatch, cfg, 1, lambda: written.wait(60))
    again = Watcher(replace(config(landing, state, scenario, batch_bytes=budget), sms=False))
    assert again.state.files == 2  # the batch, replayed from its log entry
    again.run(once=True)
    assert "late_record" not in again.state.quarantined
    assert pl.read_csv(state / "flagged.csv", infer_schema=False).equals(flagged)
