"""Populations around new cards, generated here and nowhere else (no ``ringfence.simulate`` code):
the people a new-card rule must leave alone and the fraud it must still catch.

A small world of communities (families, friends, colleagues: people who call each other) gives
every legitimate holder their people. Over a fortnight of history and the first days of the new
cards:

* ``newcard_id`` — a person's new card; the previous number is in the subscriber feed under the
  same ``id_hash`` and was called by their people in the history;
* ``newcard_handset`` — the same, but the previous number is linked only by the handset (the new
  SIM in the old phone; no identity in the feed);
* ``newcard_unknown`` — the previous number exists in the history, but nothing links it (new
  phone, no ``id_hash``): the hard case;
* ``newcard_first`` — no previous number at all in the data (a first phone, or one from abroad);
* ``newcard_isolated`` — no previous number, and people who do not call each other in the data
  (new in town, contacts on other networks): nothing but how the card calls tells it from a dialer;
* ``family`` — a household getting new cards the same day, calling each other and their people;
* ``shop`` — a small shop's new business card calling its customers and suppliers (who do not know
  each other), half with an old shop number the customers used to call;

and fraud on new cards: ``dialer_burst`` (hundreds of calls a day), ``dialer_paced`` (a call every
few minutes, long scripts), ``dialer_school`` (victims from a school group who know each other a
little), ``dialer_replacement`` (a card replacing an earlier one of the same identity, redialling its
list) and ``sim_farm`` (cards rotating through GoIP handsets in one cell, each under per-number
thresholds). Behaviour is drawn per person (answer rates, talk times, callbacks once contacts learn
the number), so that no threshold can be read off one constant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl

LEGIT = (
    "newcard_id",
    "newcard_handset",
    "newcard_unknown",
    "newcard_first",
    "newcard_isolated",
    "family",
    "shop",
)
FRAUD = ("dialer_burst", "dialer_paced", "dialer_school", "dialer_replacement", "sim_farm")
CST = timezone(timedelta(hours=8))
DAY = 86_400
HISTORY_DAYS = 14


@dataclass
class World:
    """Records being generated and what is true about their numbers."""

    rng: np.random.Generator
    start: int  # epoch seconds of local midnight of the new cards' first day
    calls: list[tuple[str, str, int, int, str | None, str | None]] = field(default_factory=list)
    subscribers: list[dict[str, object]] = field(default_factory=list)
    truth: list[tuple[str, str, bool]] = field(default_factory=list)  # number, population, is_fraud
    used: set[str] = field(default_factory=set)
    serial: int = 0

    def number(self) -> str:
        while True:
            prefix = int(self.rng.choice([135, 138, 139, 150, 158, 177, 186, 189, 199]))
            n = f"+86{prefix}{int(self.rng.integers(0, 10**8)):08d}"
            if n not in self.used:
                self.used.add(n)
                return n

    def imei(self) -> str:
        self.serial += 1
        return f"86{int(self.rng.integers(10**11, 10**12))}{self.serial % 10}"

    def ident(self) -> str:
        self.serial += 1
        return f"idh{self.serial:08x}{int(self.rng.integers(0, 1 << 30)):08x}"

    def subscriber(self, number: str, activated: int, ident: str | None) -> None:
        self.subscribers.append(
            {"number": number, "id_hash": ident, "activated_at": activated, "home_region": "成都"}
        )

    def call(
        self, a: str, b: str, t: int, duration: int, imei: str | None = None, cell: str | None = None
    ) -> None:
        self.calls.append((a, b, int(t), int(max(0, duration)), imei, cell))

    def daytime(self, day: int) -> int:
        """A moment between 08:00 and 22:00 local time on ``day`` (0: the first day)."""
        return self.start + day * DAY + int(self.rng.integers(8 * 3600, 22 * 3600))

    def talk(self, median_s: float) -> int:
        return int(self.rng.lognormal(np.log(median_s), 0.7)) + 1


def _communities(w: World, n: int) -> list[list[str]]:
    """Groups of people who call each other (each knows a handful in the group), with history."""
    groups = []
    for _ in range(n):
        people = [w.number() for _ in range(int(w.rng.integers(12, 30)))]
        for p in people:
            w.subscriber(p, w.start - int(w.rng.integers(400, 4000)) * DAY, w.ident())
            for q in w.rng.choice(people, size=int(w.rng.integers(2, 6)), replace=False):
                if q != p:
                    for _ in range(int(w.rng.integers(1, 3))):
                        w.call(p, str(q), w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(120))
        groups.append(people)
    return groups


def _strangers(w: World, k: int) -> list[str]:
    return [w.number() for _ in range(k)]


def _circle(w: World, groups: list[list[str]], size: int) -> list[str]:
    """A person's people: most from one or two communities, some unrelated (doctor, plumber)."""
    picks: list[str] = []
    for g in w.rng.choice(len(groups), size=2, replace=False):
        take = min(len(groups[g]), int(size * w.rng.uniform(0.3, 0.45)))
        picks += [str(x) for x in w.rng.choice(groups[g], size=take, replace=False)]
    picks += _strangers(w, max(0, size - len(picks)))
    return list(dict.fromkeys(picks))


def _history(w: World, old: str, circle: list[str], imei: str | None) -> None:
    """The previous number's fortnight: calls to most of the circle, and calls from many of them."""
    for c in circle:
        if w.rng.random() < 0.7:
            w.call(old, c, w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(90), imei)
        if w.rng.random() < 0.6:
            w.call(c, old, w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(90))


def _first_days(w: World, card: str, circle: list[str], imei: str | None, business: bool = False) -> None:
    """A new card telling its people the new number: calls in runs, mostly answered, conversations,
    some redialled, and callbacks from those who learnt the number."""
    answer = w.rng.uniform(0.6, 0.95)
    median = w.rng.uniform(25, 50) if business else w.rng.uniform(40, 150)
    t = w.start + int(w.rng.integers(9 * 3600, 12 * 3600))
    for c in circle:
        t += int(w.rng.integers(30, 900)) if w.rng.random() < 0.7 else int(w.rng.integers(900, 5400))
        answered = w.rng.random() < answer
        w.call(card, c, t, w.talk(median) if answered else 0, imei)
        if not answered and w.rng.random() < 0.5:  # redialled later
            w.call(card, c, t + int(w.rng.integers(600, 7200)), w.talk(median), imei)
        if w.rng.random() < w.rng.uniform(0.15, 0.45):  # calls back once they know the number
            w.call(c, card, t + int(w.rng.integers(600, DAY)), w.talk(median))


def _legit(w: World, groups: list[list[str]], population: str) -> None:
    ident = w.ident()
    card, old = w.number(), w.number()
    size = int(w.rng.integers(20, 46))
    circle = _strangers(w, size) if population == "newcard_isolated" else _circle(w, groups, size)
    imei = w.imei()
    linked_by_id = population == "newcard_id"
    same_phone = population == "newcard_handset"
    if population not in ("newcard_first", "newcard_isolated"):
        _history(w, old, circle, imei)
        w.subscriber(old, w.start - int(w.rng.integers(300, 3000)) * DAY, ident if linked_by_id else None)
    activated = w.start + int(w.rng.integers(7 * 3600, 9 * 3600))
    w.subscriber(card, activated, ident if linked_by_id else (None if same_phone else w.ident()))
    _first_days(w, card, circle, imei if same_phone else w.imei())
    w.truth.append((card, population, False))


def _family(w: World, groups: list[list[str]]) -> None:
    size = int(w.rng.integers(3, 6))
    cards = [w.number() for _ in range(size)]
    home = groups[int(w.rng.integers(len(groups)))]
    activated = w.start + int(w.rng.integers(7 * 3600, 9 * 3600))
    for i, card in enumerate(cards):
        linked = w.rng.random() < 0.5
        ident, old, imei = w.ident(), w.number(), w.imei()
        circle = [c for c in cards if c != card] + _circle(w, groups, int(w.rng.integers(12, 30)))
        circle += [str(x) for x in w.rng.choice(home, size=min(4, len(home)), replace=False)]
        circle = list(dict.fromkeys(circle))
        _history(w, old, [c for c in circle if c not in cards], imei)
        w.subscriber(old, w.start - 900 * DAY, ident if linked else None)
        w.subscriber(card, activated + i * 60, ident if linked else w.ident())
        _first_days(w, card, circle, imei if w.rng.random() < 0.5 else w.imei())
        w.truth.append((card, "family", False))


def _shop(w: World) -> None:
    card, old = w.number(), w.number()
    customers = _strangers(w, int(w.rng.integers(20, 41)))
    ident = w.ident()
    with_old = w.rng.random() < 0.5
    if with_old:  # customers used to call the old shop line
        for c in customers:
            if w.rng.random() < 0.6:
                w.call(c, old, w.daytime(-int(w.rng.integers(1, HISTORY_DAYS))), w.talk(40))
        w.subscriber(old, w.start - 1500 * DAY, ident)
    w.subscriber(card, w.start + 8 * 3600, ident if with_old else w.ident())
    _first_days(w, card, customers, w.imei(), business=True)
    for _ in range(int(w.rng.integers(5, 20))):  # orders come in on the new number
        w.call(w.number(), card, w.daytime(int(w.rng.integers(0, 2))), w.talk(60))
    w.truth.append((card, "shop", False))


def _dial(
    w: World,
    card: str,
    victims: list[str],
    gap: tuple[int, int],
    answer: float,
    median: float,
    imei: str | None,
    cell: str | None,
    day: int = 0,
) -> None:
    t = w.start + day * DAY + int(w.rng.integers(9 * 3600, 11 * 3600))
    for v in victims:
        t += int(w.rng.integers(*gap))
        answered = w.rng.random() < answer
        hang_up = w.rng.random() < 0.6
        duration = (int(w.rng.integers(2, 10)) if hang_up else w.talk(median)) if answered else 0
        w.call(card, v, t, duration, imei, cell)
        if w.rng.random() < 0.03:  # a victim calls a missed number back
            w.call(v, card, t + int(w.rng.integers(60, 7200)), int(w.rng.integers(0, 20)))


def _fraud(w: World, population: str) -> None:
    rng = w.rng
    card = w.number()
    activated = w.start - int(rng.integers(1, 20)) * DAY
    ident = w.ident()
    if population == "dialer_burst":
        w.subscriber(card, activated, ident)
        _dial(
            w,
            card,
            _strangers(w, int(rng.integers(150, 400))),
            (15, 90),
            rng.uniform(0.2, 0.4),
            40,
            w.imei(),
            "CD-9",
        )
    elif population == "dialer_paced":
        w.subscriber(card, activated, ident)
        _dial(
            w,
            card,
            _strangers(w, int(rng.integers(40, 90))),
            (150, 600),
            rng.uniform(0.35, 0.6),
            90,
            w.imei(),
            None,
        )
    elif population == "dialer_school":
        parents = _strangers(w, int(rng.integers(30, 80)))
        for p in parents:  # a school group: each parent knows one or two others
            for q in rng.choice(parents, size=int(rng.integers(1, 3)), replace=False):
                if q != p and rng.random() < 0.6:
                    w.call(p, str(q), w.daytime(-int(rng.integers(1, HISTORY_DAYS))), w.talk(60))
        w.subscriber(card, activated, ident)
        _dial(w, card, parents, (60, 400), rng.uniform(0.35, 0.6), 80, w.imei(), None)
    elif population == "dialer_replacement":
        earlier = w.number()
        victims = _strangers(w, int(rng.integers(80, 200)))
        w.subscriber(earlier, activated - 5 * DAY, ident)
        _dial(w, earlier, victims, (30, 200), rng.uniform(0.25, 0.5), 60, w.imei(), None, day=-3)
        w.subscriber(card, activated, ident)
        _dial(w, card, victims, (30, 200), rng.uniform(0.25, 0.5), 60, w.imei(), None)
        w.truth.append((earlier, population, True))
    else:  # sim_farm: a cohort on a few GoIP ports in one cell, every card under per-number pace
        ports = [w.imei() for _ in range(3)]
        cell = f"GZ-{int(rng.integers(1000, 9999))}"
        for i in range(int(rng.integers(6, 11))):
            member = card if i == 0 else w.number()
            w.subscriber(member, activated, ident if i % 4 else w.ident())
            _dial(
                w,
                member,
                _strangers(w, int(rng.integers(15, 35))),
                (300, 1500),
                rng.uniform(0.3, 0.5),
                60,
                ports[i % 3],
                cell,
            )
            if i:
                w.truth.append((member, population, True))
    w.truth.append((card, population, True))


def generate(seed: int, legit_each: int = 40, fraud_each: int = 8, communities: int = 30) -> World:
    """A world with ``legit_each`` holders of every legitimate population and ``fraud_each`` cases
    of every fraud one."""
    w = World(np.random.default_rng(seed), int(datetime(2026, 11, 10, tzinfo=CST).timestamp()))
    groups = _communities(w, communities)
    for population in LEGIT:
        for _ in range(legit_each if population != "family" else max(1, legit_each // 4)):
            if population == "family":
                _family(w, groups)
            elif population == "shop":
                _shop(w)
            else:
                _legit(w, groups, population)
    for population in FRAUD:
        for _ in range(fraud_each):
            _fraud(w, population)
    return w


def write(w: World, out: Path) -> tuple[Path, Path, pl.DataFrame]:
    """The world's calls and subscribers as CSV files (the data contract), and its truth."""

    def iso(t: int) -> str:
        return datetime.fromtimestamp(t, UTC).astimezone(CST).isoformat()

    rows = sorted(w.calls, key=lambda r: r[2])
    calls = pl.DataFrame(
        {
            "call_id": [f"n{i:08d}" for i in range(len(rows))],
            "caller": [r[0] for r in rows],
            "callee": [r[1] for r in rows],
            "start_time": [iso(r[2]) for r in rows],
            "duration_s": [r[3] for r in rows],
            "origin": ["intra"] * len(rows),
            "caller_imei": [r[4] for r in rows],
            "caller_cell": [r[5] for r in rows],
        },
        schema_overrides={"caller_imei": pl.String, "caller_cell": pl.String},
    )
    subs = pl.DataFrame(
        {
            "number": [s["number"] for s in w.subscribers],
            "id_hash": [s["id_hash"] for s in w.subscribers],
            "activated_at": [iso(int(s["activated_at"])) for s in w.subscribers],  # type: ignore[call-overload]
            "home_region": [s["home_region"] for s in w.subscribers],
        },
        schema_overrides={"id_hash": pl.String},
    )
    out.mkdir(parents=True, exist_ok=True)
    calls.write_csv(out / "calls.csv")
    subs.write_csv(out / "subscribers.csv")
    truth = pl.DataFrame(w.truth, schema=["number", "population", "is_fraud"], orient="row")
    return out / "calls.csv", out / "subscribers.csv", truth.unique("number", keep="first")
