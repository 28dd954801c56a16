"""The shipped policy on the new-card populations of ``newcards.py`` (a small world, one seed; the
table over several seeds and the simulator is ``python -m tests.detect.newcard_table``)."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from tests.detect import newcards


def test_new_cards_calling_their_people_stay_below_warn_and_dialers_do_not(tmp_path: Path) -> None:
    world = newcards.generate(seed=11, legit_each=12, fraud_each=3, communities=12)
    calls, subs, truth = newcards.write(world, tmp_path)
    result, _ = run_detection([calls], load_policy(), subscribers=[subs])
    verdicts = truth.join(result.flagged.select("number", "verdict"), on="number", how="left")
    at_warn = verdicts.filter(pl.col("verdict").is_in(["warn", "block"]))
    legit = at_warn.filter(~pl.col("is_fraud"))
    # Holders linked to their previous number, or whose people know each other, are never convicted.
    # Where nothing links the callees (newcard_isolated; a shop's customers) only how the card calls
    # speaks for it: the hard cases, which the table reports rather than this test.
    assert legit.filter(~pl.col("population").is_in(["newcard_isolated", "shop"])).height == 0, legit
    fraud = verdicts.filter(pl.col("is_fraud"))
    assert at_warn.filter(pl.col("is_fraud")).height >= 0.95 * fraud.height
    assert set(fraud["population"]) == set(newcards.FRAUD)


def test_the_world_has_what_the_measures_need() -> None:
    world = newcards.generate(seed=3, legit_each=4, fraud_each=1, communities=4)
    populations = {p for _, p, _ in world.truth}
    assert populations == set(newcards.LEGIT) | set(newcards.FRAUD)
    with_hash = [s for s in world.subscribers if s["id_hash"] is not None]
    assert len({s["id_hash"] for s in with_hash}) < len(with_hash)  # holders with several cards
    assert len({c[4] for c in world.calls if c[4]}) < len([c for c in world.calls if c[4]])
