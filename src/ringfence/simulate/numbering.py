"""Realistic numbers for synthetic traffic: mobiles whose H-code really belongs to their home city,
fixed lines with the right area code, virtual-operator ranges, valid foreign numbers, IMEIs with a
correct Luhn digit. Realism matters: detection and screening classify these numbers with the real
numbering plan, so a synthetic number must be one the plan accepts (or be irregular on purpose).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import phonenumbers

from ringfence.domain.handsets import luhn_digit
from ringfence.domain.numbers import NumberKind, classify

__all__ = ["CITIES", "ROAMING_CITIES", "NumberFactory", "imei_luhn"]

# Home cities of the simulated operator (Sichuan) with population weights and cell-id prefixes.
CITIES: dict[str, tuple[float, str, str]] = {
    "成都": (0.45, "CD", "028"),
    "绵阳": (0.08, "MY", "0816"),
    "德阳": (0.06, "DY", "0838"),
    "南充": (0.07, "NC", "0817"),
    "宜宾": (0.06, "YB", "0831"),
    "泸州": (0.06, "LZ", "0830"),
    "乐山": (0.05, "LS", "0833"),
    "达州": (0.07, "DZ", "0818"),
    "自贡": (0.05, "ZG", "0813"),
    "内江": (0.05, "NJ", "0832"),
}
# Where fraud cards are used from when not at home (border and southern cities), and where
# ordinary subscribers travel.
ROAMING_CITIES: dict[str, str] = {
    "广州": "GZ",
    "深圳": "SZ",
    "昆明": "KM",
    "西双版纳": "XS",
    "南宁": "NN",
    "厦门": "XM",
    "重庆": "CQ",
    "北京": "BJ",
    "上海": "SH",
}

_MOBILE_RANGES = (
    [f"13{d}" for d in range(4, 10)]
    + ["150", "151", "152", "157", "158", "159", "182", "183", "184", "187", "188", "198"]
    + ["130", "131", "132", "155", "156", "185", "186", "166", "133", "153", "180", "181", "189", "199"]
)
_VIRTUAL_RANGES = ("1700", "1701", "1705", "1710", "1711", "1718", "1650", "1658", "1670", "1671", "1620")
# Countries whose numbers are common in one-ring (wangiri) and fraud call-back schemes, and ordinary
# foreign callers (family abroad, business).
WANGIRI_REGIONS = ("TN", "ML", "MR", "GN", "SL", "LR", "BY", "MV", "PG", "SB", "CU", "BI")
ABROAD_REGIONS = ("HK", "MO", "TW", "US", "JP", "KR", "SG", "MY", "TH", "GB", "AU", "CA", "DE")


@cache
def _scan_prefixes(step: int = 7) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """H-code blocks (7-digit prefixes) of the mobile ranges, by the city the plan registers them to.
    A deterministic sample (every ``step``-th block), computed once per process."""
    by_city: dict[str, list[str]] = {}
    other: list[str] = []
    for rng3 in _MOBILE_RANGES:
        for block in range(int(rng3[-1]), 10_000, step * 10 + 1):
            prefix = f"{rng3}{block:04d}"
            info = classify(prefix + "0000")
            if info.kind is not NumberKind.MOBILE:
                continue
            if info.home_region in CITIES:
                by_city.setdefault(info.home_region, []).append(prefix)
            elif info.home_region:
                other.append(prefix)
    return {c: tuple(v) for c, v in by_city.items()}, tuple(other)


@cache
def _fixed_ok(area: str, lead: str) -> bool:
    """Whether subscriber numbers starting with ``lead`` are valid fixed lines in ``area``."""
    width = 7 if len(area) == 4 else 8
    sample = f"0{area.lstrip('0')}{lead}" + "2" * (width - 1)
    return classify(sample).kind is NumberKind.FIXED


def imei_luhn(body14: str) -> str:
    """Append the Luhn check digit to a 14-digit IMEI body."""
    return body14 + luhn_digit(body14)


@dataclass
class NumberFactory:
    """Draws unique, plan-valid numbers; every number is handed out once."""

    rng: np.random.Generator
    used: set[str] = field(default_factory=set)
    _city_prefixes: dict[str, list[str]] = field(default_factory=dict)
    _other_prefixes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        by_city, other = _scan_prefixes()
        self._city_prefixes = {c: list(v) for c, v in by_city.items()}
        self._other_prefixes = list(other)

    def _unique(self, make: str) -> str | None:
        if make in self.used:
            return None
        self.used.add(make)
        return make

    def _draw(self, prefixes: list[str], n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            k = (n - len(out)) * 2
            ps = self.rng.choice(prefixes, size=k)
            tails = self.rng.integers(0, 10_000, size=k)
            for p, t in zip(ps.tolist(), tails.tolist(), strict=True):
                got = self._unique(f"+86{p}{t:04d}")
                if got is not None:
                    out.append(got)
                    if len(out) == n:
                        break
        return out

    def mobiles(self, city: str, n: int) -> list[str]:
        """Mobiles whose H-code is registered to ``city``."""
        return self._draw(self._city_prefixes[city], n)

    def other_mobiles(self, n: int) -> list[str]:
        """Mobiles of other provinces (other operators' or roaming subscribers' numbers)."""
        return self._draw(self._other_prefixes, n)

    def virtual(self, n: int) -> list[str]:
        out: list[str] = []
        while len(out) < n:
            p = str(self.rng.choice(_VIRTUAL_RANGES))
            got = self._unique(f"+86{p}{int(self.rng.integers(0, 10_000_000)):07d}")
            if got is not None:
                out.append(got)
        return out

    def sequential_block(self, city: str, n: int) -> list[str]:
        """``n`` consecutive mobiles (a number list a fraud dialer works through)."""
        prefix = str(self.rng.choice(self._city_prefixes[city]))
        start = int(self.rng.integers(0, 10_000 - n)) if n < 10_000 else 0
        return [f"+86{prefix}{start + i:04d}" for i in range(n)]

    def fixed(self, city: str, n: int, consecutive: bool = False) -> list[str]:
        """Fixed lines of ``city`` (8-digit subscriber numbers in 028, 7 digits elsewhere)."""
        area = CITIES[city][2] if city in CITIES else "028"
        lead = "8" if _fixed_ok(area, "8") else "6"
        out: list[str] = []
        width = 7 if len(area) == 4 else 8
        base = int(self.rng.integers(0, 10 ** (width - 1) - n - 1))
        i = 0
        while len(out) < n:
            local = base + i if consecutive else int(self.rng.integers(0, 10 ** (width - 1)))
            i += 1
            got = self._unique(f"+86{area[1:]}{lead}{local:0{width - 1}d}")
            if got is not None:
                out.append(got)
        return out

    def foreign(self, regions: tuple[str, ...], n: int) -> list[str]:
        """Valid mobile numbers of the given countries."""
        out: list[str] = []
        attempts = 0
        while len(out) < n and attempts < n * 200:
            attempts += 1
            region = str(self.rng.choice(regions))
            example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
            if example is None:
                continue
            national = str(example.national_number)
            keep = max(2, len(national) - 5)
            tail = "".join(str(d) for d in self.rng.integers(0, 10, size=len(national) - keep))
            candidate = f"+{example.country_code}{national[:keep]}{tail}"
            if classify(candidate).kind is NumberKind.INTERNATIONAL:
                got = self._unique(candidate)
                if got is not None:
                    out.append(got)
        return out

    def imeis(self, n: int) -> list[str]:
        tacs = ("86123456", "35332510", "86769804", "35290611", "86012345", "35875409")
        out = []
        for _ in range(n):
            tac = str(self.rng.choice(tacs))
            serial = f"{int(self.rng.integers(0, 1_000_000)):06d}"
            out.append(imei_luhn(tac + serial))
        return out

    def imsi(self, n: int) -> list[str]:
        mccmnc = self.rng.choice(["46000", "46002", "46007", "46001", "46011"], size=n)
        msin = self.rng.integers(0, 10**10, size=n)
        return [f"{a}{b:010d}" for a, b in zip(mccmnc.tolist(), msin.tolist(), strict=True)]
