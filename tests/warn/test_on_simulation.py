"""Measured on the simulator's truth: who had long calls with fraud numbers or spoofed callers, who
called a wangiri number back, who followed a scam link — warned, and their guardians alerted."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.simulate.scenario import SimConfig, simulate
from ringfence.simulate.writer import write_simulation


def _run(tmp: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    sim = simulate(SimConfig(seed=23, subscribers=2000, days=4))
    files = write_simulation(sim, tmp)
    flagged = tmp / "flagged.csv"
    pl.read_csv(files.truth / "fraud_numbers.csv").select("number", "typology").write_csv(flagged)
    out = tmp / "warnings.csv"
    result = CliRunner().invoke(
        get_app(),
        [
            "warn",
            "--calls",
            str(files.calls),
            "--sms",
            str(files.messages),
            "--subscribers",
            str(files.subscribers),
            "--flagged",
            str(flagged),
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    return pl.read_csv(out), pl.read_csv(files.truth / "victims.csv")


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[pl.DataFrame, pl.DataFrame]:
    return _run(tmp_path_factory.mktemp("warnsim"))


def test_long_calls_with_fraud_or_spoofed_callers_are_warned(run: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    warnings, truth = run
    warned = set(warnings["number"])
    long_calls = set(truth.filter(pl.col("typology").is_in(["dialer", "sim_farm", "spoofed"]))["number"])
    assert long_calls
    assert len(long_calls & warned) / len(long_calls) >= 0.9


def test_warned_people_are_victims(run: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    warnings, truth = run
    warned = set(warnings["number"])
    assert len(warned & set(truth["number"])) / len(warned) >= 0.8


def test_each_path_is_found(run: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    warnings, truth = run
    warned = set(warnings["number"])
    for typology in ("wangiri", "sms_link", "spoofed"):
        people = set(truth.filter(pl.col("typology") == typology)["number"])
        assert people, typology
        assert len(people & warned) / len(people) >= 0.8, typology


def test_elderly_victims_guardians_are_alerted(run: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    warnings, truth = run
    elderly = set(truth.filter("elderly")["number"])
    alerted = set(warnings.filter(pl.col("channel") == "guardian")["number"])
    assert elderly
    assert len(elderly & alerted) / len(elderly) >= 0.9


def test_contract_format_and_one_warning_per_key(run: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    warnings, _ = run
    assert warnings.columns[:7] == [
        "number",
        "risk",
        "reason",
        "fraud_number",
        "detected_at",
        "channel",
        "notify",
    ]
    assert warnings["key"].n_unique() == warnings.height
    assert (
        warnings.filter(pl.col("channel").is_in(["sms", "flash_sms"]))["number"].n_unique()
        == warnings.filter(pl.col("channel").is_in(["sms", "flash_sms"])).height
    )
    assert set(warnings["channel"]) <= {"sms", "flash_sms", "guardian", "callback", "police"}
