"""Detection over stored records decides exactly as detection over the files they came from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from ringfence.adapters.record_sources import StoredRecords
from ringfence.detect.policy import load_policy
from ringfence.errors import NoDataError
from ringfence.ingest import RecordKind, read_frame
from ringfence.ports.store import Store
from ringfence.services.detect import detect, file_inputs
from ringfence.services.detect_stored import detect_stored
from ringfence.services.load_run import load_records
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation

NOW = datetime(2026, 11, 30, tzinfo=UTC)
ZONE = "Asia/Shanghai"
WIDE = (datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 31, tzinfo=UTC))


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    write_simulation(simulate(SimConfig(seed=5, subscribers=500, days=2)), out)
    return out


def _stored(store: Store, scenario: Path, tmp_path: Path, org: str = "op-a") -> None:
    store.ensure_org(org, org, NOW)
    records = tmp_path / "records"
    records.mkdir()
    for name in ("calls.csv", "messages.csv"):
        (records / name).write_bytes((scenario / name).read_bytes())
    load_records(store, org, records, tmp_path / "q.csv")


def test_stored_records_give_the_decisions_their_files_give(
    store: Store, scenario: Path, tmp_path: Path
) -> None:
    _stored(store, scenario, tmp_path)
    store.ensure_org("op-b", "op-b", NOW)
    policy = load_policy()
    subs = [scenario / "subscribers.csv"]
    got = detect_stored(store, "op-a", *WIDE, policy, actor="t", now=NOW, zone=ZONE, subscribers=subs)
    want = detect(file_inputs([scenario / "calls.csv"], [scenario / "messages.csv"], subs), policy)
    assert got.calls == read_frame([scenario / "calls.csv"])[0].height
    assert got.messages == read_frame([scenario / "messages.csv"], RecordKind.MESSAGES)[0].height
    assert want.result.flagged.height > 10
    # Typed values, no file in between: the same decisions and hits, value for value.
    assert got.detection.run().decisions == want.run().decisions
    assert got.detection.run().hits == want.run().hits
    assert got.detection.result.timeline.equals(want.result.timeline)
    # ... and the verdicts are the organisation's open alerts, nobody else's, with the run's policy.
    assert got.loaded is not None
    assert got.loaded.decisions == want.result.flagged.height
    alerts = store.decisions("op-a")
    assert sorted(d.number for d in alerts) == sorted(want.result.flagged["number"].to_list())
    assert store.decisions("op-b") == []
    run = store.runs("op-a")[0]
    assert run["policy_text"] == policy.text
    assert run["rules_text"] == policy.rules.text
    assert run["source"].startswith("store:op-a:")


def test_no_csv_round_trip(
    store: Store, scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Detection over stored records reads no file and writes none unless a run folder is asked for."""
    _stored(store, scenario, tmp_path)
    import polars

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("detect-stored went through a file")

    for name in ("read_csv", "scan_csv", "read_parquet", "scan_parquet"):
        monkeypatch.setattr(polars, name, refuse)
    monkeypatch.setattr(polars.DataFrame, "write_csv", refuse)
    monkeypatch.setattr(polars.DataFrame, "write_parquet", refuse)
    got = detect_stored(store, "op-a", *WIDE, load_policy(), actor="t", now=NOW, zone=ZONE)
    assert got.loaded is not None
    assert got.loaded.decisions > 0


def test_only_the_window_is_read_in_time_order(store: Store, scenario: Path, tmp_path: Path) -> None:
    _stored(store, scenario, tmp_path)
    calls = read_frame([scenario / "calls.csv"])[0]
    first = calls["start_time"].min()
    assert isinstance(first, datetime)
    start, end = first + timedelta(hours=5), first + timedelta(hours=30, minutes=7)
    source = StoredRecords(store, "op-a", RecordKind.CALLS, start, end)
    parts = list(source)
    want = calls.filter((pl.col("start_time") >= start) & (pl.col("start_time") < end))
    got = pl.concat(parts)
    assert source.summary.accepted == got.height == want.height
    assert len(parts) == 2  # one read per day of the window
    assert got["start_time"].is_sorted()
    assert set(got["call_id"]) == set(want["call_id"])


def test_no_data_is_a_clear_error(store: Store, scenario: Path, tmp_path: Path) -> None:
    policy = load_policy()
    with pytest.raises(NoDataError, match="no organisation 'nobody'"):
        detect_stored(store, "nobody", *WIDE, policy, actor="t", now=NOW, zone=ZONE)
    store.ensure_org("empty", "empty", NOW)
    with pytest.raises(NoDataError, match="no calls stored"):
        detect_stored(store, "empty", *WIDE, policy, actor="t", now=NOW, zone=ZONE)
    with pytest.raises(NoDataError, match="empty window"):
        detect_stored(store, "empty", WIDE[1], WIDE[0], policy, actor="t", now=NOW, zone=ZONE)


def test_repeated_jobs_queue_only_new_numbers_and_escalations(
    store: Store, scenario: Path, tmp_path: Path
) -> None:
    _stored(store, scenario, tmp_path)
    policy = load_policy()
    first = detect_stored(store, "op-a", *WIDE, policy, actor="t", now=NOW, zone=ZONE)
    assert first.loaded is not None
    assert first.loaded.decisions > 0
    again = detect_stored(store, "op-a", *WIDE, policy, actor="t", now=NOW, zone=ZONE)
    assert again.loaded is not None
    assert (again.loaded.decisions, again.loaded.hits) == (0, 0)
    assert again.loaded.already_alerted == first.loaded.decisions
    # A stricter policy (everything flagged is blocked) escalates exactly the numbers below block,
    # including one an analyst already decided on.
    flagged = first.detection.result.flagged
    below = sorted(flagged.filter(pl.col("verdict") != "block")["number"].to_list())
    assert below, "the scenario should leave some numbers below block"
    decided = store.decisions("op-a", number=below[0])[0]
    assert store.set_outcome("op-a", decided.id, "confirmed", "t", NOW)
    strict = tmp_path / "strict.toml"
    text = policy.text.replace("warn = 0.6", "warn = 0.4").replace("block = 0.8", "block = 0.4")
    strict.write_text(text, encoding="utf-8")
    third = detect_stored(store, "op-a", *WIDE, load_policy(strict), actor="t", now=NOW, zone=ZONE)
    assert third.loaded is not None
    assert third.loaded.decisions == len(below)
    assert third.loaded.already_alerted == flagged.height - len(below)
    newest = {d.number for d in store.decisions("op-a") if d.run_id == third.loaded.run_id}
    assert sorted(newest) == below
