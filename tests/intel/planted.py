"""A planted subscriber population, written independently of ``ringfence.simulate``.

Ordinary holders (one to three cards over years, any operators and shops, a large online store),
families (three to five cards opened together at one shop), holders with cards at several operators
(up to five at each), and the planted ones: over-limit holders (six to nine cards at one operator over
months) and bulk holders (eight to fifteen cards within hours, across operators), and a card counter
that opened a burst of cards for straw men in one hour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

OPERATORS = ("cmcc", "cucc", "ctcc", "cbn")
PROVINCES = ("GD", "BJ", "SH", "SC", "ZJ", "HB", "HN", "JS")
START = datetime(2023, 1, 1, tzinfo=UTC)
SPAN_S = 3 * 365 * 86_400


@dataclass
class Planted:
    rows: list[dict[str, str]] = field(default_factory=list)
    ordinary: set[str] = field(default_factory=set)
    over_limit: set[str] = field(default_factory=set)
    bulk: set[str] = field(default_factory=set)
    straw_men: set[str] = field(default_factory=set)  # the counter's burst: one card each
    _serial: int = 0

    def card(self, holder: str, op: str, channel: str, at: datetime, province: str) -> None:
        self._serial += 1
        self.rows.append(
            {
                "number": f"+86{139 + self._serial % 50:03d}{self._serial:08d}",
                "id_hash": holder,
                "operator": op,
                "channel": channel,
                "activated_at": at.isoformat(),
                "province": province,
                "card_type": "mobile",
            }
        )

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame(self.rows)

    def write(self, path: Path) -> Path:
        self.frame().sample(fraction=1.0, shuffle=True, seed=7).write_csv(path)
        return path


def plant(seed: int, ordinary: int = 3000) -> Planted:
    rng = np.random.default_rng(seed)
    p = Planted()
    shops = [f"shop-{i:03d}" for i in range(60)]

    def when() -> datetime:
        return START + timedelta(seconds=int(rng.integers(0, SPAN_S)))

    def channel() -> str:
        return "online" if rng.random() < 0.3 else shops[int(rng.integers(0, len(shops)))]

    def holder(kind: str) -> str:
        return f"{kind}-{rng.integers(0, 2**62):016x}"

    home = lambda: PROVINCES[int(rng.integers(0, 3))]  # noqa: E731 - most people stay in a few provinces
    for _ in range(ordinary):
        h = holder("h")
        p.ordinary.add(h)
        prov = home()
        for _ in range(int(rng.integers(1, 4))):
            p.card(h, OPERATORS[int(rng.integers(0, 4))], channel(), when(), prov)
    for _ in range(200):  # families: three to five cards opened together at one shop, one operator
        h = holder("h")
        p.ordinary.add(h)
        at, shop, op, prov = when(), shops[int(rng.integers(0, len(shops)))], OPERATORS[0], home()
        for i in range(int(rng.integers(3, 6))):
            p.card(h, op, shop, at + timedelta(minutes=3 * i), prov)
    for _ in range(100):  # several operators, up to five cards at each, over years
        h = holder("h")
        p.ordinary.add(h)
        prov = home()
        for op in OPERATORS[: int(rng.integers(2, 5))]:
            for _ in range(int(rng.integers(1, 6))):
                p.card(h, op, channel(), when(), prov)
    for _ in range(15):  # over the limit at one operator, over months
        h = holder("x")
        p.over_limit.add(h)
        at, op = when(), OPERATORS[int(rng.integers(0, 4))]
        for i in range(int(rng.integers(6, 10))):
            p.card(h, op, channel(), at + timedelta(days=20 * i), home())
    for _ in range(15):  # bulk: many cards within hours across operators (none over the limit)
        h = holder("x")
        p.bulk.add(h)
        at = when()
        for i in range(int(rng.integers(8, 16))):
            op = OPERATORS[i % 4]
            p.card(h, op, channel(), at + timedelta(minutes=int(rng.integers(0, 600))), home())
    burst_at = when()  # a card counter's hour: 25 straw men, one card each
    for i in range(25):
        h = holder("x")
        p.bulk.add(h)
        p.straw_men.add(h)
        p.card(h, "cucc", "shop-000", burst_at + timedelta(minutes=2 * i), "GD")
    return p
