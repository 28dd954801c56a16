"""The shipped policy on the new-card populations of ``newcards.py`` (a small world, one seed; the
table over several seeds and the simulator is ``python -m tests.detect.newcard_table``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

import ringfence.detect
from ringfence.detect.policy import load_policy
from ringfence.detect.replay import run_detection
from tests.detect import newcards
from tests.detect.call_rows import new_card_verdict


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


#: A first day of 16 callees, 15 min apart: early calls answered, later ones missed more often.
_DAY = [120, 80, 0, 95, 0, 60, 0, 0, 150, 0, 0, 70, 0, 0, 0, 90]


def _first_day(
    tmp_path: Path, policy: Path | None, activated_days_ago: int, answered_s: list[int], redial: bool
) -> str:
    """A card's verdict on one day of calls (``answered_s``: durations, 0 = missed); with ``redial``
    every third missed callee is called again 20 minutes later and talks for a minute and a half."""
    card = "+8613800000001"
    start = datetime(2026, 11, 10, 9, 0, tzinfo=newcards.CST)
    rows, missed = [], 0
    for i, duration in enumerate(answered_s):
        callee = f"+86139{(i * 48271 + 9_000_000) * 977 % 10**8:08d}"  # scattered, not a number list
        t = start + timedelta(minutes=15 * i)
        rows.append((card, callee, t, duration))
        missed += duration == 0
        if duration == 0 and redial and missed % 3 == 2:
            rows.append((card, callee, t + timedelta(minutes=20), 90))
    rows.sort(key=lambda r: r[2])
    return new_card_verdict(tmp_path, card, rows, start - timedelta(days=activated_days_ago), "成都", policy)


def test_a_new_card_that_redials_and_talks_is_not_convicted(tmp_path: Path) -> None:
    """X-REDIALS: a holder whose people the data does not know (half the calls missed, nobody calling
    back yet) stays below warn when it redials missed people and is not hung up on; without the
    exemption the same day is a warn."""
    shipped = tmp_path / "shipped"
    shipped.mkdir()
    assert _first_day(shipped, None, 0, _DAY, redial=True) in ("none", "watch")
    text = (Path(ringfence.detect.__file__).parent / "policies" / "default.toml").read_text("utf-8")
    dialer = ', "X-REDIALS" = 0.6, "X-PACED" = 0.6, "X-OFFICIAL" = 0.2 }'  # the dialer's exemptions end so
    assert text.count(dialer) == 1
    policy = tmp_path / "without.toml"
    policy.write_text(text.replace(dialer, ', "X-PACED" = 0.6, "X-OFFICIAL" = 0.2 }'), "utf-8")
    without = tmp_path / "without"
    without.mkdir()
    assert _first_day(without, policy, 0, _DAY, redial=True) in ("warn", "block")


_HUNG_UP = [d and (4 if i % 2 else 90) for i, d in enumerate(_DAY)]


@pytest.mark.parametrize(
    ("case", "answered_s", "redial"),
    [
        ("a dialer that never calls anyone twice", _DAY, False),
        ("a dialer that redials but is hung up on", _HUNG_UP, True),
    ],
)
def test_dialers_are_not_exempted_by_redials(
    tmp_path: Path, case: str, answered_s: list[int], redial: bool
) -> None:
    assert _first_day(tmp_path, None, 0, answered_s, redial) in ("warn", "block"), case
