"""A planted population for the abnormal-card cohorts, written independently of the simulator.

Ordinary life: people with old cards calling the same few contacts from their home cells, dual-SIM
phones, new subscribers switching on at random places and times, families who bought four or five cards
together at one shop and switch them on at home, work and school over the following days, and new
virtual-operator users who call like people. Planted: a GoIP gateway (SIMs rotating over a few ports in
one cell), a batch of new cards switched on together in one cell, new virtual-operator cards of two
holders dialing lists, and IoT cards placing voice calls.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import polars as pl

T0 = datetime(2026, 11, 2, tzinfo=UTC)
DAYS = 5


@dataclass
class Planted:
    calls: pl.DataFrame
    subscribers: pl.DataFrame
    ordinary: set[str]
    goip: set[str]
    cell_cohort: set[str]
    cell_cohort_cell: str
    mvno: dict[str, set[str]]  # holder -> cards
    iot: set[str]


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.calls: list[dict[str, object]] = []
        self.subs: list[dict[str, object]] = []
        self.used: set[str] = set()
        self.imeis = 0

    def number(self, prefix: str) -> str:
        while True:
            n = f"+86{prefix}{self.rng.randrange(10 ** (11 - len(prefix))):0{11 - len(prefix)}d}"
            if n not in self.used:
                self.used.add(n)
                return n

    def imei(self) -> str:
        self.imeis += 1
        return f"86{self.imeis:013d}"

    def card(self, number: str, holder: str, card_type: str, activated: datetime) -> None:
        self.subs.append(
            {
                "number": number,
                "id_hash": holder,
                "card_type": card_type,
                "activated_at": activated.isoformat(),
            }
        )

    def call(self, caller: str, callee: str, at: datetime, duration: int, imei: str, cell: str) -> None:
        self.calls.append(
            {
                "call_id": f"k{len(self.calls):08d}",
                "caller": caller,
                "callee": callee,
                "start_time": at.isoformat(),
                "duration_s": duration,
                "caller_imei": imei,
                "caller_cell": cell,
            }
        )

    def at(self, day_lo: float = 0.0, day_hi: float = DAYS) -> datetime:
        return T0 + timedelta(days=self.rng.uniform(day_lo, day_hi))

    def person_calls(
        self, number: str, imei: str, cells: list[str], start: datetime, contacts: list[str]
    ) -> None:
        """A person: a few calls a day, to the same few contacts, mostly answered, from home cells."""
        t = start
        while t < T0 + timedelta(days=DAYS):
            self.call(
                number, self.rng.choice(contacts), t, self.rng.randint(20, 400), imei, self.rng.choice(cells)
            )
            t += timedelta(hours=self.rng.uniform(3, 14))


def plant(seed: int) -> Planted:
    g = _Gen(seed)
    r = g.rng
    cells = [f"C-{i:03d}" for i in range(80)]
    ordinary: set[str] = set()
    people: list[str] = []
    for i in range(400):  # old cards; one in ten shares a dual-SIM phone with a second card
        n = g.number("13")
        people.append(n)
        ordinary.add(n)
        holder = f"p{i:05d}"
        g.card(n, holder, "mobile", T0 - timedelta(days=r.uniform(200, 3000)))
    contacts = {n: r.sample(people, 6) for n in people}
    for i, n in enumerate(people):
        home = r.sample(cells, 3)
        imei = g.imei()
        g.person_calls(n, imei, home, g.at(0, 0.5), contacts[n])
        if i % 10 == 0:
            second = g.number("15")
            ordinary.add(second)
            g.card(second, f"p{i:05d}", "mobile", T0 - timedelta(days=r.uniform(200, 3000)))
            g.person_calls(second, imei, home, g.at(0, 1), contacts[n])
    for i in range(40):  # new subscribers: activated during the window, switched on anywhere
        n = g.number("18")
        ordinary.add(n)
        act = g.at(0.5, DAYS - 0.5)
        g.card(n, f"new{i:03d}", "mobile", act)
        g.person_calls(
            n, g.imei(), r.sample(cells, 2), act + timedelta(minutes=r.uniform(5, 600)), r.sample(people, 5)
        )
    for f in range(6):  # families: cards bought together, switched on at home, work, school over days
        act = g.at(0.2, 1.5)
        for m in range(r.randint(4, 5)):
            n = g.number("139")
            ordinary.add(n)
            g.card(n, f"fam{f}", "mobile", act)
            on = act + timedelta(hours=r.uniform(1, 72))
            g.person_calls(n, g.imei(), [cells[(f * 7 + m * 13) % len(cells)]], on, r.sample(people, 4))
    for i in range(10):  # new virtual-operator users who call like people
        n = g.number("170")
        ordinary.add(n)
        act = g.at(0.2, 2)
        g.card(n, f"mv{i:02d}", "virtual", act)
        g.person_calls(
            n, g.imei(), r.sample(cells, 2), act + timedelta(hours=r.uniform(1, 30)), r.sample(people, 5)
        )

    victims = [g.number("136") for _ in range(3000)]
    # a GoIP gateway: 18 new SIMs rotating over 3 ports in one cell
    goip_cell = "G-500"
    ports = [g.imei() for _ in range(3)]
    goip = {g.number("171") if k % 3 == 0 else g.number("166") for k in range(18)}
    for k, n in enumerate(sorted(goip)):
        g.card(
            n,
            f"straw{k // 6}",
            "virtual" if n.startswith("+86171") else "mobile",
            T0 - timedelta(days=r.uniform(2, 12)),
        )
        t = g.at(0, 1)
        for _ in range(25):
            g.call(n, r.choice(victims), t, r.choice([0, 0, 0, 8, 40]), r.choice(ports), goip_cell)
            t += timedelta(minutes=r.uniform(20, 240))
    # a batch of new cards switched on together in one cell, each in its own fresh handset
    cohort_cell = "B-700"
    batch = {g.number("158") for _ in range(8)}
    switch_on = g.at(1, 3)
    for k, n in enumerate(sorted(batch)):
        g.card(n, f"batch{k}", "mobile", switch_on - timedelta(days=r.uniform(1, 5)))
        t = switch_on + timedelta(minutes=r.uniform(0, 120))
        imei = g.imei()
        g.call(n, r.choice(victims), t, 5, imei, cohort_cell)
        for _ in range(5):
            t += timedelta(hours=r.uniform(1, 8))
            g.call(n, r.choice(victims), t, r.randint(0, 60), imei, r.choice(cells))
    # virtual-operator dialers of two holders, each card working down a list soon after activation
    mvno: dict[str, set[str]] = {}
    for h in ("dialer-holder-1", "dialer-holder-2"):
        mvno[h] = set()
        for _ in range(4):
            n = g.number("165")
            mvno[h].add(n)
            act = g.at(0, 2)
            g.card(n, h, "virtual", act)
            t = act + timedelta(hours=r.uniform(12, 60))
            imei, cell = g.imei(), r.choice(cells)
            for callee in r.sample(victims, 60):
                g.call(n, callee, t, r.choice([0, 0, 0, 12]), imei, cell)
                t += timedelta(minutes=r.uniform(1, 20))
    # IoT cards of one company placing voice calls
    iot = {g.number("146") for _ in range(5)}
    for n in sorted(iot):
        g.card(n, "iot-company", "iot", T0 - timedelta(days=r.uniform(100, 400)))
        for _ in range(3):
            g.call(n, r.choice(victims), g.at(), r.randint(10, 120), g.imei(), r.choice(cells))

    calls = pl.DataFrame(g.calls).with_columns(
        pl.col("start_time").str.to_datetime(time_unit="us", time_zone="UTC")
    )
    subs = pl.DataFrame(g.subs).with_columns(
        pl.col("activated_at").str.to_datetime(time_unit="us", time_zone="UTC")
    )
    return Planted(calls, subs, ordinary, goip, batch, cohort_cell, mvno, iot)


GATEWAY_IMEI = "861234560000017"
GATEWAY_SIMS = [f"+861660000{i:04d}" for i in range(7)]
GATEWAY_PEOPLE = [f"+861380000{i:04d}" for i in range(5)]


def gateway_calls_csv(now: datetime) -> str:
    """Calls CSV of a small day: seven SIMs taking turns on one gateway port, each calling strangers,
    and five people calling each other on their own phones — what the API and console tests post."""
    rows = ["call_id,caller,callee,start_time,duration_s,caller_imei,caller_cell"]
    for k in range(42):
        at = now - timedelta(hours=30) + timedelta(minutes=20 * k)
        rows.append(f"g{k},{GATEWAY_SIMS[k % 7]},+86159{k:08d},{at.isoformat()},0,{GATEWAY_IMEI},CELL-9")
    people = GATEWAY_PEOPLE
    for k, n in enumerate(people * 3):
        at = now - timedelta(hours=20) + timedelta(minutes=37 * k)
        handset = f"86000000000{people.index(n):04d}"
        rows.append(f"p{k},{n},{people[(k + 1) % 5]},{at.isoformat()},120,{handset},CELL-1")
    return "\n".join(rows) + "\n"
