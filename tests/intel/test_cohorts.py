"""Abnormal-card cohorts on a planted population (written independently of the simulator) and on the
simulator's traffic: every planted cohort is found whole, as one cohort, and no ordinary card is in any."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import polars as pl
import pytest

from ringfence.intel.cohorts import COHORT_COLUMNS, find_cohorts
from tests.intel.planted_cohorts import T0, plant


def _members(found: pl.DataFrame, finding: str) -> list[set[str]]:
    rows = found.filter(pl.col("finding") == finding)
    return [set(n.split(";")) for n in rows["numbers"].to_list()]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_planted_cohorts_are_found_whole_and_no_ordinary_card_is_flagged(seed: int) -> None:
    p = plant(seed)
    found = find_cohorts(p.calls, p.subscribers)
    assert tuple(found.columns) == COHORT_COLUMNS
    flagged = set().union(*(set(n.split(";")) for n in found["numbers"].to_list()))
    assert not flagged & p.ordinary, found.filter(
        pl.col("numbers").str.contains("|".join(flagged & p.ordinary))
    )

    pools = _members(found, "multi_sim_handset")
    assert pools == [p.goip]  # three ports sharing SIMs: one cohort, the gateway
    gateway = found.filter(pl.col("finding") == "multi_sim_handset").row(0, named=True)
    assert gateway["cards"] == 18
    assert "3 handset(s)" in gateway["evidence"]

    batches = [m for m in _members(found, "cell_cohort") if m & p.cell_cohort]
    assert batches == [p.cell_cohort]
    batch = found.filter(pl.col("cohort").str.starts_with(f"cell:{p.cell_cohort_cell}@")).row(0, named=True)
    assert batch["cards"] == 8
    assert "8 new cards first seen in cell B-700" in batch["evidence"]

    dialers = found.filter(pl.col("finding") == "mvno_dialer")
    by_cohort = {c: set(n.split(";")) for c, n in zip(dialers["cohort"], dialers["numbers"], strict=True)}
    for holder, cards in p.mvno.items():
        assert by_cohort[f"holder:{holder}"] == cards
    assert all(
        "60 calls to 60 numbers" in e
        for e in dialers.filter(pl.col("cohort").str.contains("dialer-holder"))["evidence"]
    )

    assert _members(found, "iot_voice") == [p.iot]
    iot = found.filter(pl.col("finding") == "iot_voice").row(0, named=True)
    assert iot["cohort"] == "holder:iot-company"
    assert "placed 3 voice calls" in iot["evidence"]


def test_judged_as_of_a_time_the_later_calls_do_not_count() -> None:
    p = plant(4)
    before = find_cohorts(p.calls, p.subscribers, as_of=T0 - timedelta(days=1))
    assert before.is_empty()
    early = find_cohorts(p.calls, p.subscribers, as_of=T0 + timedelta(hours=1))
    assert "mvno_dialer" not in early["finding"].to_list()  # no dialer had started yet


def test_without_subscribers_the_numbering_plan_names_virtual_and_iot_cards() -> None:
    p = plant(5)
    found = find_cohorts(p.calls)
    assert set().union(*_members(found, "iot_voice")) == p.iot
    flagged = set().union(*(set(n.split(";")) for n in found["numbers"].to_list()))
    assert not flagged & p.ordinary


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    out = tmp_path_factory.mktemp("intel-store-cohorts-sim")
    write_simulation(simulate(SimConfig(seed=31, subscribers=3000, days=4, with_messages=False)), out)
    return out


def test_the_simulators_sim_farm_is_one_cohort_and_no_legitimate_card_is_flagged(simulated: Path) -> None:
    from ringfence.services.cohorts import run_cohorts

    out = simulated / "cohorts.csv"
    result = run_cohorts([simulated / "calls.csv"], out, [simulated / "subscribers.csv"])
    found = pl.read_csv(out)
    truth = pl.read_csv(simulated / "truth" / "numbers.csv")
    roles = dict(zip(truth["number"], truth["role"], strict=True))
    farm = {n for n, r in roles.items() if r == "sim_farm"}
    members = found.select("finding", pl.col("numbers").str.split(";")).explode("numbers")
    # every flagged card is a fraud card of the simulation (ordinary subscribers are not in truth)
    assert {roles.get(n) for n in members["numbers"]} <= {"sim_farm", "dialer"}
    assert _members(found, "multi_sim_handset") == [farm]
    assert result.cohorts["multi_sim_handset"] == 1
    cohort = _members(found, "cell_cohort")
    assert len(cohort) == 1
    assert len(cohort[0]) >= len(farm) // 2
    assert cohort[0] <= farm
