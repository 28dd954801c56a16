"""A second world written apart from ``ringfence.simulate`` and from the rules: established numbers
whose work is calling many people, and the fraud of ``newcards`` beside them (issue #15: a detector
tuned on its own simulator must also leave populations it was not written for below ``warn``).

Legitimate populations, every card one to six years old, a fortnight of the same work before the
day measured and the day itself (so history, callbacks and inbound calls are whatever the work
gives, not tuned): ``courier`` (30–90 deliveries a day to recipients who are mostly new each day,
20–60 % of them leaving the unknown number ringing, a fifth to a half of those calling back, short
calls, a dozen cells of a district), ``ride_hail`` (passengers calling in and called back, short
calls, a third on night shifts), ``estate_agent`` (cold calls to strangers, a quarter to a half
answered and half of those hung up on, and long calls with clients who call again),
``telesales`` (a licensed call-centre seat: a call every 30–150 s through office hours, about 280 a
day, to purchased lists from one office cell, a quarter to under half answered and most of those hung
up on, 2 % called back, day after day), ``clinic`` (a clinic's line confirming next day's
appointments, patients calling in) and ``teacher`` (a class teacher calling 40–50 parents in an
evening, parents who know each other). Fraud: ``newcards.FRAUD`` on the measured day.

    .venv/bin/python -m tests.detect.heavycallers [--policy FILE] [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import numpy as np
import polars as pl

from ringfence.detect.policy import Policy, load_policy
from tests.detect import newcards
from tests.detect.newcard_table import world_row
from tests.detect.newcards import DAY, HISTORY_DAYS, World

LEGIT = ("courier", "ride_hail", "estate_agent", "telesales", "clinic", "teacher", "new_rider")


def _at(w: World, day: int, start_h: float, end_h: float) -> int:
    return w.start + day * DAY + int(w.rng.integers(int(start_h * 3600), int(end_h * 3600)))


def _work_days(w: World, day_fn: Callable[[int, str], None]) -> None:
    """``day_fn`` (day, handset) on most days of the fortnight before and on the measured day."""
    imei = w.imei()
    for day in range(-HISTORY_DAYS, 1):
        if w.rng.random() < 0.85 or day == 0:  # days off, but the measured day is worked
            day_fn(day, imei)


def _courier(w: World, card: str) -> None:
    cells = [f"CD-{int(w.rng.integers(1000, 9999))}" for _ in range(12)]
    regulars = newcards._strangers(w, 15)

    def day(d: int, imei: str) -> None:
        t = _at(w, d, 8.5, 10)
        for _ in range(int(w.rng.integers(30, 91))):
            t += int(w.rng.integers(90, 900))
            who = str(w.rng.choice(regulars)) if w.rng.random() < 0.1 else w.number()
            # Strangers often leave an unknown number ringing (fear of fraud) and call back later.
            answered = w.rng.random() < w.rng.uniform(0.4, 0.8)
            w.call(card, who, t, w.talk(25) if answered else 0, imei, str(w.rng.choice(cells)))
            if not answered and w.rng.random() < w.rng.uniform(0.2, 0.5):
                w.call(who, card, t + int(w.rng.integers(60, 3600)), w.talk(30))
            elif w.rng.random() < 0.05:
                w.call(who, card, t + int(w.rng.integers(600, 7200)), w.talk(40))

    _work_days(w, day)


def _new_rider(w: World, card: str) -> None:
    """A food-delivery rider on a work card activated days ago: the first days of the job, 20–60
    customers a day (all new), a dozen cells, customers often calling back or calling first."""
    cells = [f"CD-{int(w.rng.integers(1000, 9999))}" for _ in range(12)]
    imei = w.imei()
    for d in range(-int(w.rng.integers(0, 4)), 1):
        t = _at(w, d, 10, 11)
        for _ in range(int(w.rng.integers(20, 61))):
            t += int(w.rng.integers(120, 900))
            who = w.number()
            if w.rng.random() < 0.3:  # the customer calls first (the order's number)
                w.call(who, card, t, w.talk(20))
                continue
            answered = w.rng.random() < w.rng.uniform(0.4, 0.8)
            w.call(card, who, t, w.talk(20) if answered else 0, imei, str(w.rng.choice(cells)))
            if not answered and w.rng.random() < w.rng.uniform(0.2, 0.5):
                w.call(who, card, t + int(w.rng.integers(60, 1800)), w.talk(20))


def _ride_hail(w: World, card: str) -> None:
    night = w.rng.random() < 0.33

    def day(d: int, imei: str) -> None:
        t = _at(w, d, 19, 21) if night else _at(w, d, 7, 9)
        for _ in range(int(w.rng.integers(15, 41))):
            t += int(w.rng.integers(300, 1800))
            passenger = w.number()
            if w.rng.random() < 0.5:  # the passenger calls in first
                w.call(passenger, card, t, w.talk(20))
                if w.rng.random() < 0.3:
                    w.call(card, passenger, t + int(w.rng.integers(60, 600)), w.talk(15))
            else:
                answered = w.rng.random() < 0.85
                w.call(card, passenger, t, w.talk(15) if answered else 0, imei)
                if not answered and w.rng.random() < 0.5:
                    w.call(passenger, card, t + int(w.rng.integers(30, 300)), w.talk(20))

    _work_days(w, day)


def _estate_agent(w: World, card: str) -> None:
    clients = newcards._strangers(w, 40)

    def day(d: int, imei: str) -> None:
        t = _at(w, d, 9, 10.5)
        for _ in range(int(w.rng.integers(40, 101))):
            t += int(w.rng.integers(120, 600))
            if w.rng.random() < 0.6:  # a cold call
                answered = w.rng.random() < w.rng.uniform(0.25, 0.5)
                hang_up = w.rng.random() < 0.5
                dur = (int(w.rng.integers(3, 11)) if hang_up else w.talk(60)) if answered else 0
                w.call(card, w.number(), t, dur, imei)
            else:
                client = str(w.rng.choice(clients))
                w.call(card, client, t, w.talk(150) if w.rng.random() < 0.8 else 0, imei)
                if w.rng.random() < 0.25:
                    w.call(client, card, t + int(w.rng.integers(600, 4 * 3600)), w.talk(120))

    _work_days(w, day)


def _telesales(w: World, card: str) -> None:
    office = f"SH-{int(w.rng.integers(1000, 9999))}"

    def day(d: int, imei: str) -> None:
        for start, end in ((9, 12), (14, 18)):
            t = _at(w, d, start, start + 0.25)
            stop = w.start + d * DAY + end * 3600
            while t < stop:
                t += int(w.rng.integers(30, 150))
                answered = w.rng.random() < w.rng.uniform(0.25, 0.45)
                hang_up = w.rng.random() < 0.6
                dur = (int(w.rng.integers(2, 12)) if hang_up else w.talk(70)) if answered else 0
                who = w.number()
                w.call(card, who, t, dur, imei, office)
                if w.rng.random() < 0.02:
                    w.call(who, card, t + int(w.rng.integers(600, DAY)), w.talk(40))

    _work_days(w, day)


def _clinic(w: World, card: str) -> None:
    patients = newcards._strangers(w, 200)

    def day(d: int, imei: str) -> None:
        t = _at(w, d, 15, 16)
        for p in w.rng.choice(patients, size=int(w.rng.integers(20, 50)), replace=False):
            t += int(w.rng.integers(60, 240))
            answered = w.rng.random() < 0.7
            w.call(card, str(p), t, w.talk(40) if answered else 0, imei)
        for p in w.rng.choice(patients, size=int(w.rng.integers(10, 30)), replace=False):
            w.call(str(p), card, _at(w, d, 8, 17), w.talk(90))

    _work_days(w, day)


def _teacher(w: World, card: str, groups: list[list[str]]) -> None:
    parents = newcards._strangers(w, int(w.rng.integers(40, 51)))
    for p in parents:  # the class's parents know one or two others
        for q in w.rng.choice(parents, size=2, replace=False):
            if q != p and w.rng.random() < 0.5:
                w.call(p, str(q), w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(90))
    for p in w.rng.choice(parents, size=15, replace=False):  # parents calling the teacher
        w.call(str(p), card, w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(120))
    imei = w.imei()
    for c in newcards._circle(w, groups, 15):  # the teacher's own people
        w.call(card, c, w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(120), imei)
    t = _at(w, 0, 18.5, 19.5)  # the measured evening: every parent, about the exam
    for p in parents:
        t += int(w.rng.integers(60, 400))
        answered = w.rng.random() < 0.8
        w.call(card, p, t, w.talk(150) if answered else 0, imei)
        if not answered and w.rng.random() < 0.5:
            w.call(p, card, t + int(w.rng.integers(300, 7200)), w.talk(120))


def generate(seed: int, legit_each: int = 30, fraud_each: int = 8) -> World:
    """``legit_each`` numbers of every legitimate population and ``fraud_each`` of every fraud one."""
    w = World(np.random.default_rng(seed), int(datetime(2026, 11, 10, tzinfo=newcards.CST).timestamp()))
    groups = newcards._communities(w, 20)
    work: dict[str, Callable[[World, str], None]] = {
        "courier": _courier,
        "ride_hail": _ride_hail,
        "estate_agent": _estate_agent,
        "telesales": _telesales,
        "clinic": _clinic,
        "teacher": lambda world, card: _teacher(world, card, groups),
        "new_rider": _new_rider,
    }
    for population in LEGIT:
        for _ in range(legit_each):
            card = w.number()
            days = int(w.rng.integers(4, 20) if population == "new_rider" else w.rng.integers(365, 6 * 365))
            w.subscriber(card, w.start - days * DAY, w.ident())
            work[population](w, card)
            w.truth.append((card, population, False))
    for population in newcards.FRAUD:
        for _ in range(fraud_each):
            newcards._fraud(w, population)
    return w


def row(policy: Policy, seed: int, legit_each: int = 30, fraud_each: int = 8) -> dict[str, object]:
    """``newcard_table.world_row`` of this world."""
    return world_row(policy, generate(seed, legit_each, fraud_each), LEGIT, seed)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--policy", type=Path, default=None)
    parser.add_argument("--seeds", type=int, nargs="*", default=[1, 2, 3])
    args = parser.parse_args()
    policy = load_policy(args.policy)
    rows = [row(policy, s) for s in args.seeds]
    with pl.Config(tbl_cols=-1, tbl_width_chars=200):
        print(pl.DataFrame(rows))


if __name__ == "__main__":
    main()
