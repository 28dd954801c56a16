"""The simulator: deterministic, contract-clean, every population present and behaving as documented."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl

from ringfence.domain.numbers import NumberKind, classify
from ringfence.ingest import read_frame
from ringfence.simulate.scenario import SimConfig, Simulation, simulate
from ringfence.simulate.writer import write_simulation


@cache
def small() -> Simulation:
    return simulate(SimConfig(seed=11, subscribers=1500, days=3))


def test_same_seed_same_traffic() -> None:
    a = simulate(SimConfig(seed=5, subscribers=400, days=2, with_messages=False))
    b = simulate(SimConfig(seed=5, subscribers=400, days=2, with_messages=False))
    c = simulate(SimConfig(seed=6, subscribers=400, days=2, with_messages=False))
    assert a.calls.equals(b.calls)
    assert not a.calls.equals(c.calls)


def test_written_files_follow_the_contract(tmp_path: Path) -> None:
    written = write_simulation(small(), tmp_path)
    for path in (written.calls, written.messages, written.subscribers):
        assert path is not None
        frame, summary = read_frame([path])
        assert summary.quarantined == 0
        assert frame.height == summary.rows > 0
    truth = pl.read_csv(tmp_path / "truth" / "numbers.csv")
    assert set(truth["role"]) >= {"dialer", "sim_farm", "wangiri", "courier", "call_centre", "ride_hailing"}
    assert (tmp_path / "truth" / "victims.csv").exists()


def test_spoofed_calls_present_domestic_numbers_through_the_gateway() -> None:
    sim = small()
    spoofed = sim.calls.filter(pl.col("_tag") == "spoofed")
    assert spoofed.height > 5
    assert set(spoofed["origin"]) == {"international"}
    for presented in spoofed["caller"].to_list():
        info = classify(presented)
        assert info.country == "CN" or info.official, presented


def test_wangiri_sweeps_ring_once_at_many_numbers() -> None:
    sim = small()
    sweeps = sim.calls.filter(pl.col("_tag") == "wangiri")
    assert (sweeps["duration_s"] == 0).all()
    per_number = sweeps.group_by("_caller_id").agg(
        pl.col("_callee_id").n_unique().alias("n"), pl.col("caller").first()
    )
    assert (per_number["n"] >= 50).all()
    for caller in per_number["caller"].to_list():
        assert classify(caller).kind is NumberKind.INTERNATIONAL


def test_sim_farm_cards_share_handsets_and_cells() -> None:
    sim = small()
    cards = pl.Series(sim.population.of("sim_farm")).implode()
    farm = sim.calls.filter(pl.col("_caller_id").is_in(cards) & (pl.col("_sub") == pl.col("_caller_id")))
    per_imei = farm.group_by("caller_imei").agg(pl.col("_caller_id").n_unique().alias("cards"))
    assert per_imei["cards"].median() >= 3  # type: ignore[operator]
    assert farm["caller_cell"].n_unique() <= 2 * len(set(sim.population.farm.tolist()) - {-1})


def test_elderly_have_guardians_and_victims_are_recorded() -> None:
    sim = small()
    pop = sim.population
    elderly = [i for i, r in enumerate(pop.role) if r == "ordinary" and pop.birth_year[i] < 1961]
    assert elderly
    assert all(pop.guardians[i] for i in elderly)
    assert sim.victims is not None
    assert sim.victims.height > 0
    assert set(sim.victims["typology"]) <= {"dialer", "sim_farm", "spoofed", "wangiri", "sms_link"}


def test_fake_base_station_messages_have_no_sms_centre_record() -> None:
    sim = small()
    assert sim.messages is not None
    fbs = sim.messages.filter(pl.col("_tag") == "fbs")
    assert fbs.height > 50
    assert set(fbs["origin"]) == {"unknown"}
    assert fbs["sender_cell"].null_count() == 0
    normal = sim.messages.filter(pl.col("_tag") == "ordinary_sms")
    assert "unknown" not in set(normal["origin"])


def test_calibration_against_sichuan_meets_the_ks_bound() -> None:
    from ringfence.simulate.calibration import KS_BOUND, calibration_report

    result = calibration_report(seed=3, ordinary=700, fraud=300)
    assert result.table.height == 20
    assert result.worst <= KS_BOUND, result.table.sort("ks", descending=True).head(3)


def test_same_seed_same_files_across_processes(tmp_path: Path) -> None:
    """Python's string hashing is salted per process: nothing may depend on set or dict order."""
    import hashlib
    import os
    import subprocess
    import sys

    digests = []
    for salt in ("1", "2"):
        out = tmp_path / salt
        env = {**os.environ, "PYTHONHASHSEED": salt}
        subprocess.run(
            [
                sys.executable,
                "-c",
                "from ringfence.cli.main import run; run()",
                "simulate",
                "--out",
                str(out),
                "-n",
                "300",
                "-d",
                "1",
            ],
            check=True,
            env=env,
            capture_output=True,
        )
        digests.append(
            [hashlib.sha256((out / f).read_bytes()).hexdigest() for f in ("calls.csv", "messages.csv")]
        )
    assert digests[0] == digests[1]


def test_victims_include_every_path_warnings_are_measured_on() -> None:
    from dataclasses import replace

    from ringfence.simulate.scenario import SimConfig, simulate

    cfg = SimConfig(seed=11, subscribers=1500, days=3)
    sim = small()
    v = sim.victims
    assert v is not None
    assert {"dialer", "spoofed", "wangiri", "sms_link"} <= set(v["typology"])
    elderly = set(v.filter("elderly")["number"])
    pop = sim.population
    guarded = {pop.number[i] for i in range(len(pop)) if pop.guardians[i]}
    assert len(elderly & guarded) >= 5
    # every long answered fraud call to an ordinary subscriber is a victim's
    assert v.filter(pl.col("typology").is_in(["dialer", "sim_farm"]))["duration_s"].min() >= 420
    # the hooked people's calls are appended: every other record is what it was without them
    plain = simulate(replace(cfg, link_victim_share=0.0))
    assert plain.victims is not None
    assert set(plain.victims["typology"]) == set(v["typology"]) - {"sms_link"}
    joined = sim.calls.join(plain.calls, on="call_id", how="inner", suffix="_0")
    assert joined.height == plain.calls.height
    assert (joined["caller"] == joined["caller_0"]).all()
    assert (joined["duration_s"] == joined["duration_s_0"]).all()
    hooked = sim.calls.filter(pl.col("_tag") == "sms_link_victim")
    assert hooked.height == v.filter(pl.col("typology") == "sms_link").height
