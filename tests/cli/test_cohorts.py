"""`ringfence cohorts`: files in, one CSV row per cohort out, bad rows quarantined, bad options refused."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from tests.intel.planted_cohorts import plant

runner = CliRunner()


def test_cohorts_are_written_from_files_with_rejected_rows_quarantined(tmp_path: Path) -> None:
    p = plant(7)
    calls, subs = tmp_path / "calls.csv", tmp_path / "subs.parquet"
    p.calls.with_columns(pl.col("start_time").dt.strftime("%Y-%m-%dT%H:%M:%S+00:00")).write_csv(calls)
    with calls.open("a") as fh:
        fh.write("k-bad,+8613800000001,+8613900000002,not-a-time,5,,,\n")
    p.subscribers.write_parquet(subs)
    out = tmp_path / "cohorts.csv"
    args = ["cohorts", "--calls", str(calls), "--subscribers", str(subs), "--out", str(out), "--json"]
    result = runner.invoke(get_app(), args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["quarantined"] == 1
    assert summary["cohorts"]["multi_sim_handset"] == 1
    assert summary["cards"]["iot_voice"] == 5
    found = pl.read_csv(out)
    assert found.columns == ["finding", "cohort", "cards", "numbers", "first_seen", "last_seen", "evidence"]
    assert set(found["finding"]) == {"multi_sim_handset", "cell_cohort", "mvno_dialer", "iot_voice"}
    assert "not-a-time" in (tmp_path / "cohorts.csv.quarantine.csv").read_text()

    later = runner.invoke(get_app(), [*args[:-1], "--as-of", "yesterday"])
    assert later.exit_code == 2
    assert "--as-of" in later.output


def test_cohorts_help_explains_every_finding() -> None:
    result = runner.invoke(get_app(), ["cohorts", "--help"])
    assert result.exit_code == 0
    for finding in ("multi_sim_handset", "cell_cohort", "mvno_dialer", "iot_voice"):
        assert finding in result.output
