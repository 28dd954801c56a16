"""Who lives in the simulated network: subscribers, their roles, cards, handsets and places.

Roles: ``ordinary`` people (some elderly, with guardians), legitimate heavy users that a naive rule
would flag (``courier``, ``call_centre``, ``ride_hailing``, ``school``), people abroad (``roamer``) and
the fraud side (``dialer`` cards, ``sim_farm`` cards sharing GoIP handsets and cells).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from ringfence.domain.privacy import keyed_hash
from ringfence.simulate.numbering import CITIES, ROAMING_CITIES, NumberFactory

__all__ = ["FRAUD_ROLES", "LEGIT_HEAVY_ROLES", "Population", "PopulationConfig", "build_population"]

I64 = npt.NDArray[np.int64]
LEGIT_HEAVY_ROLES = ("courier", "call_centre", "ride_hailing", "school")
FRAUD_ROLES = ("dialer", "sim_farm")
DAY = 86_400


@dataclass(frozen=True)
class PopulationConfig:
    subscribers: int = 5000
    dialer_share: float = 0.010
    sim_farm_size: tuple[int, int] = (16, 40)
    sim_farms_per_10k: float = 2.0
    courier_share: float = 0.005
    call_centre_share: float = 0.004
    ride_hailing_share: float = 0.005
    school_share: float = 0.002
    roamer_share: float = 0.002
    elderly_share: float = 0.15


@dataclass
class Population:
    """Parallel arrays, one entry per subscriber of the simulated operator."""

    number: list[str]
    role: list[str]
    city: list[str]  # home city
    op_city: list[str]  # where the subscriber is usually found (fraud cards: often not home)
    card_type: list[str]
    activated_at: npt.NDArray[np.int64]  # UTC epoch seconds
    birth_year: npt.NDArray[np.int64]
    id_hash: list[str]
    guardians: list[str]
    imeis: list[list[str]]  # handsets over the observation window, in order of use
    imsi: list[str]
    cells: list[list[str]]
    farm: npt.NDArray[np.int64]  # SIM-farm cohort id, -1 if none
    index_by_role: dict[str, I64] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.number)

    def of(self, *roles: str) -> I64:
        parts = [self.index_by_role.get(r, np.zeros(0, dtype=np.int64)) for r in roles]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)


def _cells(rng: np.random.Generator, city: str, k: int) -> list[str]:
    code = CITIES[city][1] if city in CITIES else ROAMING_CITIES.get(city, "XX")
    return [f"{code}-{int(c):04d}" for c in rng.integers(1, 3000, size=k)]


def _role_counts(cfg: PopulationConfig, rng: np.random.Generator) -> dict[str, int]:
    n = cfg.subscribers

    def count(share: float, at_least: int) -> int:
        """A role present at all has at least a few members, so every scenario exercises it."""
        return max(at_least, round(share * n)) if share > 0 else 0

    farms = count(cfg.sim_farms_per_10k / 10_000, 1)
    farm_sims = int(sum(rng.integers(cfg.sim_farm_size[0], cfg.sim_farm_size[1] + 1, size=farms)))
    counts = {
        "dialer": count(cfg.dialer_share, 3),
        "sim_farm": farm_sims,
        "courier": count(cfg.courier_share, 2),
        "call_centre": count(cfg.call_centre_share, 2),
        "ride_hailing": count(cfg.ride_hailing_share, 2),
        "school": count(cfg.school_share, 1),
        "roamer": count(cfg.roamer_share, 1),
    }
    counts["ordinary"] = max(10, n - sum(counts.values()))
    counts["_farms"] = farms
    return counts


def build_population(
    cfg: PopulationConfig, rng: np.random.Generator, factory: NumberFactory, start_utc: int, id_key: bytes
) -> Population:
    counts = _role_counts(cfg, rng)
    farms = counts.pop("_farms")
    cities = list(CITIES)
    weights = np.array([CITIES[c][0] for c in cities])
    weights /= weights.sum()
    roaming = list(ROAMING_CITIES)

    number: list[str] = []
    role: list[str] = []
    city: list[str] = []
    op_city: list[str] = []
    card_type: list[str] = []
    activated: list[int] = []
    birth: list[int] = []
    id_hash: list[str] = []
    imeis: list[list[str]] = []
    cells: list[list[str]] = []
    farm: list[int] = []
    person = 0

    def add(
        r: str,
        num: str,
        home: str,
        where: str,
        ctype: str,
        act: int,
        by: int,
        ident: str,
        handsets: list[str],
        cell: list[str],
        cohort: int = -1,
    ) -> None:
        number.append(num)
        role.append(r)
        city.append(home)
        op_city.append(where)
        card_type.append(ctype)
        activated.append(act)
        birth.append(by)
        id_hash.append(ident)
        imeis.append(handsets)
        cells.append(cell)
        farm.append(cohort)

    def person_hash() -> str:
        nonlocal person
        person += 1
        return keyed_hash(f"ID{person:012d}", id_key)

    def years_ago(lo: float, hi: float) -> int:
        return start_utc - int(rng.uniform(lo, hi) * 365 * DAY)

    legit_roles = ["ordinary", "courier", "call_centre", "ride_hailing", "school", "roamer"]
    for r in legit_roles:
        homes = rng.choice(cities, size=counts[r], p=weights).tolist()
        numbers: dict[str, list[str]] = {}
        for home in sorted(set(homes)):
            k = homes.count(home)
            numbers[home] = factory.fixed(home, k) if r == "call_centre" else factory.mobiles(home, k)
        for home in homes:
            num = numbers[home].pop()
            ctype = "fixed" if r == "call_centre" else "mobile"
            elderly = r == "ordinary" and rng.random() < cfg.elderly_share
            by = int(rng.integers(1935, 1961)) if elderly else int(rng.integers(1961, 2009))
            add(
                r,
                num,
                home,
                home,
                ctype,
                years_ago(0.5, 18),
                by,
                person_hash(),
                factory.imeis(int(rng.integers(1, 3))),
                _cells(rng, home, 3),
            )

    # Fraud cards: bought in batches registered to a few identities ("实名不实人"), often virtual-operator
    # ranges, activated days before use, used from another city than the number's home.
    def fraud_card(
        r: str, home: str, where: str, cohort: int, ident: str, handsets: list[str], cell: list[str]
    ) -> None:
        virtual = rng.random() < 0.35
        num = factory.virtual(1)[0] if virtual else factory.mobiles(home, 1)[0]
        new_card = rng.random() < 0.85
        act = start_utc - int(rng.uniform(0.5, 20) * DAY) if new_card else years_ago(0.5, 6)
        add(
            r,
            num,
            home,
            where,
            "virtual" if virtual else "mobile",
            act,
            int(rng.integers(1950, 2006)),
            ident,
            handsets,
            cell,
            cohort,
        )

    ident = person_hash()
    for i in range(counts["dialer"]):
        if i % int(rng.integers(3, 8)) == 0:
            ident = person_hash()
        home = str(rng.choice(cities, p=weights))
        where = str(rng.choice(roaming)) if rng.random() < 0.5 else home
        fraud_card("dialer", home, where, -1, ident, factory.imeis(4), _cells(rng, where, 2))

    farm_sizes = np.full(farms, counts["sim_farm"] // max(farms, 1))
    farm_sizes[: counts["sim_farm"] % max(farms, 1)] += 1
    for f, size in enumerate(farm_sizes.tolist()):
        home = str(rng.choice(cities, p=weights))
        where = str(rng.choice([*roaming[:5], home]))
        ports = factory.imeis(max(4, size // 3))  # GoIP ports: SIMs rotate across them
        cell = _cells(rng, where, int(rng.integers(1, 3)))
        for i in range(size):
            if i % 6 == 0:
                ident = person_hash()
            fraud_card("sim_farm", home, where, f, ident, ports, cell)

    n = len(number)
    elderly_idx = [i for i in range(n) if role[i] == "ordinary" and birth[i] < 1961]
    adults = np.array([i for i in range(n) if role[i] == "ordinary" and birth[i] >= 1961])
    guardians = [""] * n
    for i in elderly_idx:
        k = int(rng.integers(1, 3))
        guardians[i] = ";".join(number[j] for j in rng.choice(adults, size=k, replace=False))
    pop = Population(
        number=number,
        role=role,
        city=city,
        op_city=op_city,
        card_type=card_type,
        activated_at=np.array(activated, dtype=np.int64),
        birth_year=np.array(birth, dtype=np.int64),
        id_hash=id_hash,
        guardians=guardians,
        imeis=imeis,
        imsi=factory.imsi(n),
        cells=cells,
        farm=np.array(farm, dtype=np.int64),
    )
    roles_arr = np.array(role)
    pop.index_by_role = {r: np.flatnonzero(roles_arr == r).astype(np.int64) for r in set(role)}
    return pop
