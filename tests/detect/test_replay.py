"""End to end on simulated traffic: detection finds the fraud numbers, spares the legitimate heavy
callers, explains itself, and never merges late records."""

from __future__ import annotations

import csv
import json
from datetime import timedelta
from functools import cache
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.detect.evaluate import evaluate, load_truth
from ringfence.detect.exports import write_run
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from ringfence.ingest import QuarantineFile
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation


@cache
def scenario(root: str) -> Path:
    out = Path(root) / "sim"
    if not (out / "calls.csv").exists():
        write_simulation(simulate(SimConfig(seed=31, subscribers=3000, days=4, with_messages=False)), out)
    return out


@pytest.fixture(scope="module")
def sim_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scenario(str(tmp_path_factory.mktemp("detect")))


@pytest.fixture(scope="module")
def run(sim_dir: Path) -> tuple[Path, pl.DataFrame]:
    policy = load_policy()
    result, _ = run_detection([sim_dir / "calls.csv"], policy, subscribers=[sim_dir / "subscribers.csv"])
    run_dir = sim_dir / "run"
    write_run(result, run_dir, policy, {}, "Asia/Shanghai")
    return run_dir, result.flagged


def test_fraud_found_and_legitimate_heavy_callers_spared(
    sim_dir: Path, run: tuple[Path, pl.DataFrame]
) -> None:
    _, flagged = run
    truth = load_truth(pl.read_csv(sim_dir / "truth" / "numbers.csv", infer_schema=False))
    ev = evaluate(flagged, truth, "warn")
    watch = ev.levels.row(0, named=True)
    assert watch["precision"] >= 0.9
    assert watch["recall"] >= 0.85
    assert ev.legit_hits.height == 0
    by_typ = {r["typology"]: r for r in ev.typologies.iter_rows(named=True)}
    assert by_typ["wangiri"]["recall"] == 1.0
    assert by_typ["wangiri"]["median_ttd_s"] <= 15 * 60
    assert by_typ["dialer"]["median_ttd_s"] <= 15 * 60


def test_flagged_file_follows_the_contract(run: tuple[Path, pl.DataFrame]) -> None:
    _, flagged = run
    assert flagged.columns[:6] == ["number", "score", "verdict", "rules", "first_seen", "detected_at"]
    assert flagged["score"].min() >= 0.4
    assert flagged["score"].max() <= 1.0
    assert set(flagged["verdict"]) <= {"watch", "warn", "block"}
    assert (flagged["detected_at"] >= flagged["first_seen"]).all()
    rules = load_policy().rules.rules
    for fired in flagged["rules"].to_list():
        assert fired
        assert all(r in rules for r in fired.split(";"))


def test_every_hit_carries_the_values_its_rule_read(run: tuple[Path, pl.DataFrame]) -> None:
    run_dir, flagged = run
    hits = pl.read_csv(run_dir / "hits.csv")
    rules = load_policy().rules
    assert set(hits["number"]) == set(flagged["number"])
    for row in hits.iter_rows(named=True):
        rule = rules[row["rule"]]
        evidence = json.loads(row["evidence"])
        assert set(evidence) == set(rule.features)
        assert rule.fires({k: (float("nan") if v is None else v) for k, v in evidence.items()})


def test_explain_cli_shows_rules_and_timeline(run: tuple[Path, pl.DataFrame]) -> None:
    run_dir, flagged = run
    number = flagged.filter(pl.col("typology") == "dialer")["number"][0]
    result = CliRunner().invoke(get_app(), ["explain", number[3:], "--run", str(run_dir)])
    assert result.exit_code == 0, result.output
    assert "R-" in result.output
    assert "timeline" in result.output
    data = CliRunner().invoke(get_app(), ["explain", number, "--run", str(run_dir), "--json"])
    payload = json.loads(data.output)
    assert payload["flagged"]["number"] == number
    assert payload["hits"]


def test_late_records_are_quarantined_not_merged(sim_dir: Path, tmp_path: Path) -> None:
    calls = pl.read_csv(sim_dir / "calls.csv", infer_schema=False).head(2000)
    late = calls.slice(10, 1).with_columns(pl.lit("late-1").alias("call_id"))
    late = late.with_columns(pl.lit("2026-11-01T00:00:00+08:00").alias("start_time"))
    path = tmp_path / "calls.csv"
    pl.concat([calls, late]).write_csv(path)
    qpath = tmp_path / "q.csv"
    with QuarantineFile(qpath) as sink:
        result, _ = run_detection([path], load_policy(), quarantine=sink, allowed_lateness_s=3600)
    assert result.late == 1
    with qpath.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["reason"].split(":")[0] for r in rows] == ["late_record"]
    assert "late-1" in rows[0]["raw"]


def test_detect_cli_with_shadow_policy(sim_dir: Path, tmp_path: Path) -> None:
    strict = tmp_path / "strict.toml"
    text = load_policy().text.replace("watch = 0.4", "watch = 0.7").replace("warn = 0.6", "warn = 0.75")
    text = text.replace("block = 0.8", "block = 0.9").replace('version = "', 'version = "draft-')
    strict.write_text(text, encoding="utf-8")
    out = tmp_path / "flagged.csv"
    result = CliRunner().invoke(
        get_app(),
        [
            "detect",
            "--calls",
            str(sim_dir / "calls.csv"),
            "--subscribers",
            str(sim_dir / "subscribers.csv"),
            "--out",
            str(out),
            "--shadow-policy",
            str(strict),
        ],
    )
    assert result.exit_code == 0, result.output
    shadow = pl.read_csv(tmp_path / "flagged.run" / "shadow.csv")
    assert set(shadow["change"]) <= {"removed", "lowered", "raised", "added"}
    live = pl.read_csv(out)
    assert shadow.filter(pl.col("change") == "removed").height == live.filter(pl.col("score") < 0.7).height
    evaluation = CliRunner().invoke(
        get_app(),
        ["evaluate", "--flagged", str(out), "--truth", str(sim_dir / "truth" / "numbers.csv"), "--json"],
    )
    assert evaluation.exit_code == 0
    assert json.loads(evaluation.output)["levels"][0]["min_verdict"] == "watch"


def test_evaluate_takes_the_truth_directory_and_reports_bad_files(sim_dir: Path, tmp_path: Path) -> None:
    flagged = tmp_path / "flagged.csv"
    flagged.write_text(
        "number,score,verdict,rules,first_seen,detected_at\n"
        "+8613800000001,0.9,block,r,2026-11-02T00:00:00+08:00,2026-11-02T00:05:00+08:00\n",
        encoding="utf-8",
    )
    truth = str(sim_dir / "truth")
    ok = CliRunner().invoke(get_app(), ["evaluate", "-f", str(flagged), "-t", truth, "--json"])
    assert ok.exit_code == 0, ok.output
    watch = json.loads(ok.output)["levels"][0]
    assert watch["flagged"] == 1
    assert watch["precision"] == 0.0  # the one number is not a fraud number
    garbage = tmp_path / "garbage.csv"
    garbage.write_bytes(b"\xff\xfe\x00nothing,here\n1,2\n")
    for args in (["-f", str(garbage), "-t", truth], ["-f", str(flagged), "-t", str(tmp_path)]):
        bad = CliRunner().invoke(get_app(), ["evaluate", *args])
        assert bad.exit_code == 2
        assert "error:" in bad.output
        assert "Traceback" not in bad.output


def test_first_seen_is_when_a_number_first_acts(
    sim_dir: Path, run: tuple[Path, pl.DataFrame], tmp_path: Path
) -> None:
    """A message received a day before a number starts calling does not move its first_seen; the
    number's first call does."""
    _, flagged = run
    top = flagged.row(0, named=True)
    number = top["number"]
    first = top["first_seen"]
    placed = pl.read_csv(sim_dir / "calls.csv", infer_schema=False)
    earlier = (first - timedelta(days=1)).isoformat()
    sms = tmp_path / "messages.csv"
    sms.write_text(
        "sms_id,sender,receiver,send_time,text,origin\n"
        f"m-early,+8613900000001,{number},{earlier},hello,intra\n",
        encoding="utf-8",
    )
    calls = tmp_path / "calls.csv"
    placed.write_csv(calls)
    result, _ = run_detection(
        [calls], load_policy(), messages=[sms], subscribers=[sim_dir / "subscribers.csv"]
    )
    again = result.flagged.filter(pl.col("number") == number).row(0, named=True)
    assert again["first_seen"] == top["first_seen"]
    assert again["time_to_detect_s"] == top["time_to_detect_s"]
