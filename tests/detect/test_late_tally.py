"""How late the late records were (``late_tally``): counted by origin and by how far behind, merged
across kinds, and turned into advice only when a share of the records worth a setting was lost."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.detect.columnar import _LateSplit
from ringfence.detect.late_tally import BOUNDS, LateTally, describe, hint, label
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection


def test_records_are_counted_by_origin_and_by_how_far_behind() -> None:
    tally = LateTally()
    tally.add([4000, 5000, 7000, 90_000], ["international", "international", "intra", None])
    assert tally.total == 4
    assert tally.by_origin == {"international": 2, "intra": 1, "(none)": 1}
    assert tally.most_s == 90_000
    assert tally.within(0.5) == 5400  # two of four within 90 minutes
    assert tally.within(0.75) == 7200
    assert tally.within(1.0) == 172_800
    detail = tally.as_dict()
    assert detail["behind"] == {"<= 90m": 2, "<= 2h": 1, "<= 2d": 1}
    assert detail["by_origin"] == {"international": 2, "intra": 1, "(none)": 1}
    rows = describe(tally)
    assert rows["  by origin"] == "international 2 · intra 1 · (none) 1"
    assert rows["  how far behind"].startswith("≤ 90m 50 % · ≤ 2h 75 %")


def test_a_record_beyond_the_last_bound_has_no_bound_that_keeps_it() -> None:
    tally = LateTally()
    tally.add([BOUNDS[-1] + 1], ["intra"])
    assert tally.within(0.5) is None
    assert tally.as_dict()["behind"] == {f"> {label(BOUNDS[-1])}": 1}
    assert LateTally().within(0.5) is None  # nothing late: no bound


@given(
    st.lists(
        st.tuples(st.integers(1, 400_000), st.sampled_from(["intra", "inter", "international", None])),
        max_size=60,
    ),
    st.lists(
        st.tuples(st.integers(1, 400_000), st.sampled_from(["intra", "international", None])), max_size=60
    ),
)
def test_tallies_merge_as_the_records_together_and_every_bound_keeps_its_share(
    first: list[tuple[int, str | None]], second: list[tuple[int, str | None]]
) -> None:
    a, b, both = LateTally(), LateTally(), LateTally()
    a.add([r[0] for r in first], [r[1] for r in first])
    b.add([r[0] for r in second], [r[1] for r in second])
    records = first + second
    both.add([r[0] for r in records], [r[1] for r in records])
    merged = a.merged(b)
    assert merged == both
    assert merged.total == len(records) == sum(merged.by_origin.values())
    shares = [p for _, p in merged.cumulative()]
    assert shares == sorted(shares)
    for bound, share in merged.cumulative():
        assert share == sum(1 for r in records if r[0] <= bound) / len(records)
    bound = merged.within(0.75)
    if bound is not None:
        assert sum(1 for r in records if r[0] <= bound) >= 0.75 * len(records)


def test_advice_is_given_only_when_a_feed_worth_a_setting_was_set_aside() -> None:
    tally = LateTally()
    tally.add([6000] * 80 + [200_000] * 20, ["international"] * 80 + ["intra"] * 20)
    advice = hint(tally, read=2000, lateness_s=3600)
    assert advice is not None
    assert "100 records (5.0 % of those read)" in advice
    assert "80 of them international" in advice
    assert "80 % of them were within 2h" in advice
    assert "--allowed-lateness 2h" in advice
    assert hint(tally, read=20_000, lateness_s=3600) is None  # 0.5 %: re-sent records, not a feed
    assert hint(tally, read=2000, lateness_s=7200) is None  # the setting already covers that bulk
    resent = LateTally()
    resent.add([300_000] * 100, ["intra"] * 100)
    assert hint(resent, read=1000, lateness_s=3600) is None  # all days late: no lateness to advise


def _two_feeds(path: Path, lag: timedelta) -> Path:
    """A core feed of calls every minute for four hours and a gateway feed of the same hours,
    delivered ``lag`` behind the core's (rows in delivery order, as a mediation system writes them)."""
    start = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
    rows: list[tuple[datetime, dict[str, object]]] = []
    for i in range(240):
        t = start + timedelta(minutes=i)
        rows.append((t, {"caller": f"+8613800{i % 7:06d}", "origin": "intra", "t": t}))
        rows.append((t + lag, {"caller": f"+63917{i % 5:07d}", "origin": "international", "t": t}))
    rows.sort(key=lambda r: r[0])
    frame = pl.DataFrame(
        {
            "call_id": [f"c{i}" for i in range(len(rows))],
            "caller": [r[1]["caller"] for r in rows],
            "callee": [f"+86139{i:08d}" for i in range(len(rows))],
            "start_time": [r[1]["t"].isoformat() for r in rows],  # type: ignore[union-attr]
            "duration_s": [30] * len(rows),
            "origin": [r[1]["origin"] for r in rows],
        }
    )
    frame.write_csv(path)
    return path


def test_a_gateway_delivered_behind_the_core_is_tallied_and_the_setting_keeps_it(tmp_path: Path) -> None:
    calls = _two_feeds(tmp_path / "calls.csv", timedelta(minutes=100))
    result, _ = run_detection([calls], load_policy(), allowed_lateness_s=3600)
    # Each gateway record is 100 minutes behind the core's newest but for the first hour's worth.
    assert result.late == result.late_tally.total > 100
    assert set(result.late_tally.by_origin) == {"international"}
    assert result.late_tally.within(0.75) == 7200
    kept, _ = run_detection([calls], load_policy(), allowed_lateness_s=7200)
    assert kept.late == 0
    assert kept.late_tally.total == 0


def test_detect_says_how_late_and_what_lateness_keeps_the_feed(tmp_path: Path) -> None:
    calls = _two_feeds(tmp_path / "calls.csv", timedelta(minutes=100))
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    out = ["--out", str(tmp_path / "flagged.csv"), "--run-dir", str(tmp_path / "run")]
    result = CliRunner().invoke(get_app(), ["detect", "--calls", str(calls), *out], env=env)
    assert result.exit_code == 0, result.output
    assert "by origin" in result.output
    assert "international" in result.output
    assert "--allowed-lateness 2h keeps its records" in result.output
    info = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))
    assert info["late_records"] == sum(info["late_records_detail"]["by_origin"].values())
    assert set(info["late_records_detail"]["by_origin"]) == {"international"}
    again = CliRunner().invoke(
        get_app(), ["detect", "--calls", str(calls), *out, "--allowed-lateness", "2h"], env=env
    )
    assert again.exit_code == 0, again.output
    assert "--allowed-lateness" not in again.output
    info = json.loads((tmp_path / "run" / "run.json").read_text(encoding="utf-8"))
    assert info["late_records"] == 0
    assert info["late_records_detail"]["by_origin"] == {}


def test_watch_gives_the_same_advice_over_what_it_has_read(tmp_path: Path) -> None:
    landing, state = tmp_path / "landing", tmp_path / "state"
    landing.mkdir()
    _two_feeds(landing / "calls-0001.csv", timedelta(minutes=100))
    env = {"RINGFENCE_DATA_DIR": str(tmp_path / "data"), "COLUMNS": "200"}
    args = ["watch", "--landing", str(landing), "--state", str(state), "--once"]
    result = CliRunner().invoke(get_app(), args, env=env)
    assert result.exit_code == 0, result.output
    assert "--allowed-lateness 2h keeps its records" in result.output
    status = json.loads((state / "status.json").read_text(encoding="utf-8"))
    assert set(status["late_detail"]["by_origin"]) == {"international"}
    assert sum(status["late_detail"]["by_origin"].values()) == status["late"]


def test_a_split_checkpointed_before_the_tally_tallies_from_the_restart() -> None:
    """``watch``'s checkpoint of an earlier build pickled its late-record splits without a tally."""
    old = _LateSplit(3600, seen=1_000_000)
    state = dict(old.__dict__)
    del state["tally"]
    restored = pickle.loads(pickle.dumps(old))
    assert restored.tally == LateTally()
    restored = _LateSplit.__new__(_LateSplit)
    restored.__setstate__(state)
    assert restored.tally == LateTally()
    assert restored.seen == 1_000_000
    batch = pl.DataFrame(
        {
            "start_time": [datetime(1970, 1, 12, 13, 46, 40, tzinfo=UTC) - timedelta(hours=2)],
            "origin": ["inter"],
        }
    )
    assert restored.split(batch, "start_time", ["start_time", "origin"]).height == 0
    assert restored.tally.by_origin == {"inter": 1}
