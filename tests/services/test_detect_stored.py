"""Detection over stored records decides exactly as detection over the files they came from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from ringfence.adapters.sql import SqlStore
from ringfence.detect.policy import load_policy
from ringfence.errors import NoDataError
from ringfence.ingest import RecordKind, read_frame
from ringfence.services.detect_stored import detect_stored, export_records
from ringfence.services.detection_job import run_job
from ringfence.services.load_run import load_records
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation

NOW = datetime(2026, 11, 30, tzinfo=UTC)
WIDE = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(simulate(SimConfig(seed=5, subscribers=500, days=2)), out)
    return out


def _stored(store: SqlStore, scenario: Path, tmp_path: Path, org: str = "op-a") -> None:
    store.ensure_org(org, org, NOW)
    records = tmp_path / "records"
    records.mkdir()
    for name in ("calls.csv", "messages.csv"):
        (records / name).write_bytes((scenario / name).read_bytes())
    load_records(store, org, records, tmp_path / "q.csv")


def test_stored_records_give_the_run_their_files_give(
    store: SqlStore, scenario: Path, tmp_path: Path
) -> None:
    _stored(store, scenario, tmp_path)
    store.ensure_org("op-b", "op-b", NOW)
    policy = load_policy()
    subs = [scenario / "subscribers.csv"]
    got = detect_stored(
        store, "op-a", *WIDE, policy, tmp_path / "stored", actor="t", now=NOW, subscribers=subs
    )
    want = run_job(
        [scenario / "calls.csv"],
        policy,
        tmp_path / "files.csv",
        tmp_path / "files",
        sms=[scenario / "messages.csv"],
        subscribers=subs,
    )
    assert got.exported.n_calls == read_frame([scenario / "calls.csv"])[0].height
    assert got.exported.n_messages == read_frame([scenario / "messages.csv"], RecordKind.MESSAGES)[0].height
    assert want.result.flagged.height > 10
    for name in ("flagged.csv", "hits.csv", "timeline.csv"):
        assert (tmp_path / "stored" / name).read_bytes() == (tmp_path / "files" / name).read_bytes(), name
    # ... and the verdicts are the organisation's open alerts, nobody else's.
    assert got.loaded is not None
    assert got.loaded.decisions == want.result.flagged.height
    alerts = store.decisions("op-a")
    assert sorted(d.number for d in alerts) == sorted(want.result.flagged["number"].to_list())
    assert store.decisions("op-b") == []


def test_only_the_window_is_exported_in_time_order(store: SqlStore, scenario: Path, tmp_path: Path) -> None:
    _stored(store, scenario, tmp_path)
    calls = read_frame([scenario / "calls.csv"])[0]
    first = calls["start_time"].min()
    assert isinstance(first, datetime)
    start, end = first + timedelta(hours=5), first + timedelta(hours=30, minutes=7)
    exported = export_records(store, "op-a", start, end, tmp_path / "out")
    want = calls.filter((pl.col("start_time") >= start) & (pl.col("start_time") < end))
    got = pl.concat([pl.read_parquet(p) for p in exported.calls])
    assert exported.n_calls == got.height == want.height
    assert len(exported.calls) == 2  # one part per day of the window
    assert got["start_time"].is_sorted()
    assert set(got["call_id"]) == set(want["call_id"])
    assert exported.n_messages == sum(pl.read_parquet(p).height for p in exported.messages)


def test_no_data_is_a_clear_error(store: SqlStore, scenario: Path, tmp_path: Path) -> None:
    policy = load_policy()
    with pytest.raises(NoDataError, match="no organisation 'nobody'"):
        detect_stored(store, "nobody", *WIDE, policy, tmp_path / "r", actor="t", now=NOW)
    store.ensure_org("empty", "empty", NOW)
    with pytest.raises(NoDataError, match="no calls stored"):
        detect_stored(store, "empty", *WIDE, policy, tmp_path / "r", actor="t", now=NOW)
    with pytest.raises(NoDataError, match="empty window"):
        export_records(store, "empty", WIDE[1], WIDE[0], tmp_path / "r")


def test_repeated_jobs_queue_only_new_numbers_and_escalations(
    store: SqlStore, scenario: Path, tmp_path: Path
) -> None:
    _stored(store, scenario, tmp_path)
    policy = load_policy()
    first = detect_stored(store, "op-a", *WIDE, policy, tmp_path / "r1", actor="t", now=NOW)
    assert first.loaded is not None
    assert first.loaded.decisions > 0
    again = detect_stored(store, "op-a", *WIDE, policy, tmp_path / "r2", actor="t", now=NOW)
    assert again.loaded is not None
    assert (again.loaded.decisions, again.loaded.hits) == (0, 0)
    assert again.loaded.already_alerted == first.loaded.decisions
    # A stricter policy (everything flagged is blocked) escalates exactly the numbers below block,
    # including one an analyst already decided on.
    flagged = first.job.result.flagged
    below = sorted(flagged.filter(pl.col("verdict") != "block")["number"].to_list())
    assert below, "the scenario should leave some numbers below block"
    decided = store.decisions("op-a", number=below[0])[0]
    assert store.set_outcome("op-a", decided.id, "confirmed", "t", NOW)
    strict = tmp_path / "strict.toml"
    text = policy.text.replace("warn = 0.6", "warn = 0.4").replace("block = 0.8", "block = 0.4")
    strict.write_text(text, encoding="utf-8")
    third = detect_stored(store, "op-a", *WIDE, load_policy(strict), tmp_path / "r3", actor="t", now=NOW)
    assert third.loaded is not None
    assert third.loaded.decisions == len(below)
    assert third.loaded.already_alerted == flagged.height - len(below)
    newest = {d.number for d in store.decisions("op-a") if d.run_id == third.loaded.run_id}
    assert sorted(newest) == below
