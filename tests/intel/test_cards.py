"""One-ID lookup: planted over-limit and bulk holders are flagged, no ordinary holder is, and every flag
says why."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.intel.cards import holder_report
from tests.intel.planted import plant

runner = CliRunner()
T = datetime(2026, 1, 1, tzinfo=UTC)


def _flags(report: pl.DataFrame) -> dict[str, str]:
    return dict(zip(report["id_hash"], report["flags"], strict=True))


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("dated", [False, True])
def test_planted_holders_are_flagged_and_no_ordinary_holder_is(seed: int, dated: bool) -> None:
    planted = plant(seed)
    at = pl.col("activated_at").str.to_datetime(time_zone="UTC")
    frame = planted.frame().with_columns(at.dt.truncate("1d") if dated else at)
    flags = _flags(holder_report(frame).collect())
    assert not {h: flags[h] for h in planted.ordinary if flags[h]}
    assert all("over_limit" in flags[h] for h in planted.over_limit)
    # with dates only, the counter's straw men (one card each) look like that day's customers
    bulk = {h for h in planted.bulk if not dated or h not in planted.straw_men}
    assert all("bulk_activation" in flags[h] for h in bulk)


def test_the_cli_writes_every_holder_and_quarantines_plain_identity_numbers(tmp_path: Path) -> None:
    planted = plant(5, ordinary=300)
    path = planted.write(tmp_path / "subs.csv")
    with path.open("a") as fh:
        fh.write("+8613999999999,110101199003078888,cmcc,shop-001,2024-01-01T00:00:00+08:00,GD,mobile\n")
    out = tmp_path / "cards.csv"
    result = runner.invoke(get_app(), ["cards", "--subscribers", str(path), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    report = pl.read_csv(out, infer_schema=False).fill_null("")
    assert report.columns == ["id_hash", "cards", "operators", "flags", "evidence"]
    assert set(report["id_hash"]) == planted.ordinary | planted.over_limit | planted.bulk
    flags = _flags(report)
    assert not [h for h in planted.ordinary if flags[h]]
    assert all(flags[h] == "over_limit" for h in planted.over_limit)
    quarantine = (tmp_path / "cards.csv.quarantine.csv").read_text()
    assert "plain identity number" in quarantine
    assert "110101199003078888" not in out.read_text()


def _subs(rows: list[tuple[str, str, str, str | None, datetime, str]]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={
            "number": pl.String,
            "id_hash": pl.String,
            "operator": pl.String,
            "channel": pl.String,
            "activated_at": pl.Datetime("us", "UTC"),
            "province": pl.String,
        },
        orient="row",
    )


def test_evidence_names_the_operator_the_window_and_the_provinces() -> None:
    rows = [(f"+861380000{i:04d}", "over", "cmcc", None, T + timedelta(days=40 * i), "GD") for i in range(6)]
    ops = ["cucc", "ctcc"]
    rows += [
        (f"+86139000{i:04d}", "bulk", ops[i % 2], "s1", T + timedelta(minutes=9 * i), "BJ") for i in range(6)
    ]
    rows += [(f"+861370000{i:04d}", "roam", "ctcc", None, T, p) for i, p in enumerate("ABCD")]
    report = holder_report(_subs(rows)).collect()
    got = {r["id_hash"]: r for r in report.iter_rows(named=True)}
    assert got["over"]["operators"] == "cmcc:6"
    assert got["over"]["evidence"] == "over_limit: 6 cards at cmcc (limit 5)"
    assert got["bulk"]["flags"] == "bulk_activation"
    assert "6 cards activated from 2026-01-01T00:00Z to 2026-01-01T00:45Z" in got["bulk"]["evidence"]
    assert got["roam"]["flags"] == "many_provinces"
    assert got["roam"]["evidence"] == "many_provinces: cards in 4 provinces: A, B, C, D"


def test_a_sleeping_card_that_wakes_up_dialling_is_flagged_only_with_enough_silence_seen() -> None:
    subs = _subs(
        [
            ("+8613800000001", "sleeper", "cmcc", None, T - timedelta(days=400), "GD"),
            ("+8613800000002", "steady", "cmcc", None, T - timedelta(days=400), "GD"),
        ]
    )
    times = [T, *(T + timedelta(days=120, minutes=i) for i in range(35))]
    steady = [T + timedelta(days=d, minutes=m) for d in range(0, 125, 2) for m in range(0, 60, 2)]
    calls = pl.DataFrame(
        {
            "caller": ["+8613800000001"] * len(times) + ["+8613800000002"] * len(steady),
            "start_time": times + steady,
        },
        schema={"caller": pl.String, "start_time": pl.Datetime("us", "UTC")},
    )
    flags = _flags(holder_report(subs, calls).collect())
    assert flags == {"sleeper": "dormant_active", "steady": ""}
    # 120 days of records before the burst are needed: a card seen for a week only proves nothing
    recent = calls.filter(pl.col("start_time") > T + timedelta(days=110))
    assert _flags(holder_report(subs, recent).collect())["sleeper"] == ""


def test_a_large_channel_at_its_usual_rate_flags_nobody() -> None:
    rows = [
        (f"+86138{i:08d}", f"h{i}", "cmcc", "online", T + timedelta(minutes=3 * i), "GD") for i in range(2000)
    ]
    report = holder_report(_subs(rows)).collect()
    assert report.filter(pl.col("flags") != "").is_empty()


def test_the_cli_keeps_cards_whose_unused_columns_or_time_formats_are_unusual(tmp_path: Path) -> None:
    planted = plant(4, ordinary=600)
    frame = planted.frame().with_columns(
        pl.col("activated_at").str.slice(0, 10),  # dates only, read as midnight UTC+08:00
        pl.lit("prepaid").alias("card_type"),  # not a contract choice, and not what the lookup reads
    )
    half = frame.height // 2  # two operators' files, named after one --subscribers
    frame.head(half).write_csv(tmp_path / "a.csv")
    frame.tail(frame.height - half).write_csv(tmp_path / "b.csv")
    out = tmp_path / "cards.csv"
    args = ["cards", "--subscribers", str(tmp_path / "a.csv"), str(tmp_path / "b.csv"), "-o", str(out)]
    result = runner.invoke(get_app(), args)
    assert result.exit_code == 0, result.output
    report = pl.read_csv(out, infer_schema=False).fill_null("")
    assert report["cards"].cast(pl.Int64).sum() == frame.height
    flags = _flags(report)
    assert not [h for h in planted.ordinary if flags[h]]
    assert all("over_limit" in flags[h] for h in planted.over_limit)
    assert all("bulk_activation" in flags[h] for h in planted.bulk - planted.straw_men)


def test_activation_times_are_read_leniently() -> None:
    from ringfence.services.cards import lenient_times

    got = lenient_times(pl.Series(["2024-01-01", "2024/01/01 10:00", "1704067200", "20240101", "junk", None]))
    assert got.to_list() == [
        datetime(2023, 12, 31, 16, tzinfo=UTC),
        datetime(2024, 1, 1, 2, tzinfo=UTC),
        datetime(2024, 1, 1, tzinfo=UTC),
        datetime(2023, 12, 31, 16, tzinfo=UTC),
        None,
        None,
    ]
