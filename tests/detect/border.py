#!/usr/bin/env python3
"""border -- blind test world for ringfence: a Yunnan border prefecture.

Thirteen days (Mon 2026-04-06 .. Sat 2026-04-18, local time UTC+08:00) of voice-call records of
China Mobile's Xishuangbanna branch (西双版纳傣族自治州, area code 0691: 景洪 Jinghong, 勐海 Menghai,
勐腊 Mengla), exported by the operator's mediation system.  The prefecture borders Myanmar (打洛 Daluo
faces 小勐拉 Mong La in Shan State) and Laos (磨憨 Mohan port / China-Laos railway; the Golden Triangle
SEZ in Bokeo is an hour down the Mekong).  The window contains the Dai water-splashing festival
(泼水节, 13-15 April), a three-day local holiday with a large tourist surge.

Usage:  python border.py --seed N --out DIR [--stats]

Writes calls.csv, subscribers.csv, truth.csv, fraud_onset.csv (and stats.json with --stats) following
the ringfence data contract (DATA.md).  Only numpy and polars are used; every random draw comes from a
generator keyed by (seed, component name) so that components do not reshuffle each other.

Domain knowledge comes from the Chinese source documents (CAICT 2018 white paper, MIIT 2022 interview,
2021/2023 commentaries): cross-border fraud compounds (缅北), number-changing software (改号) presenting
+86 or official-looking numbers, rented/bought real-name cards (两卡 / 断卡行动), relay phones and SIM
farms (猫池, GoIP), fake police/prosecutor, fake customer-service refund, loans, investment and
pig-butchering (杀猪盘), fake high-paid jobs abroad, 170/171 virtual-operator cards, IoT cards, the
96110 / operator warning and dissuasion calls (预警劝阻), elderly guardians (老年人亲情号码预警), and the
anomaly monitoring operators run (超频, 超短, 异地漫游, abnormal cards).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import resource
import sys
import time
from datetime import datetime, timedelta

import numpy as np
import polars as pl

# =====================================================================================================
# 0. Calendar, constants, small utilities
# =====================================================================================================

DAYS = 13
DAY = 86400
T_END = DAYS * DAY
T0 = datetime(2026, 4, 6, 0, 0, 0)  # local time (UTC+08:00), a Monday
BIG = np.int64(10**12)
WEEKDAY = np.array([(d % 7) for d in range(DAYS)])  # 0 = Monday
FESTIVAL = {7, 8, 9}  # 13-15 April, 泼水节 local holiday

# day weights: tourism peaks at the festival; local business slows on Sundays and the festival holiday
DAYW_FLAT = np.ones(DAYS)
DAYW_TOUR = np.array([1.3, 0.8, 0.8, 0.9, 1.1, 1.7, 1.6, 2.7, 2.9, 2.4, 1.4, 1.0, 1.2])
DAYW_BIZ = np.array(
    [
        0.8
        if d == 0
        else (0.5 if d in FESTIVAL else (0.55 if WEEKDAY[d] == 6 else (0.75 if WEEKDAY[d] == 5 else 1.0)))
        for d in range(DAYS)
    ]
)
DAYW_SOCIAL = np.array([1.1, 1.0, 1.0, 1.0, 1.0, 1.1, 1.1, 1.35, 1.3, 1.2, 1.0, 1.0, 1.05])


def _prof(v):
    a = np.asarray(v, dtype=float)
    return a / a.sum()


# hour-of-day profiles (24 weights).  Chinese mobile traffic: morning ramp, lunch dip, evening peak.
PROF_SOCIAL = _prof(
    [
        0.3,
        0.15,
        0.1,
        0.08,
        0.08,
        0.15,
        0.6,
        1.5,
        2.5,
        3.2,
        3.6,
        3.8,
        4.0,
        3.2,
        3.0,
        3.3,
        3.5,
        3.8,
        4.2,
        4.5,
        4.3,
        3.6,
        2.2,
        1.0,
    ]
)
PROF_WORK = _prof(
    [
        0.05,
        0.03,
        0.02,
        0.02,
        0.02,
        0.05,
        0.3,
        1.2,
        3.5,
        5,
        5.5,
        5,
        2.5,
        2.5,
        4.8,
        5,
        5,
        4.5,
        2.5,
        1.2,
        0.8,
        0.5,
        0.3,
        0.1,
    ]
)
PROF_EVENING = _prof(
    [
        0.8,
        0.4,
        0.2,
        0.1,
        0.1,
        0.1,
        0.3,
        0.6,
        0.8,
        0.9,
        1,
        1.1,
        1.4,
        1.2,
        1,
        1,
        1.1,
        1.5,
        2.5,
        3.5,
        4,
        3.8,
        2.8,
        1.6,
    ]
)
PROF_NIGHT = _prof(
    [
        2.5,
        2,
        1.5,
        1,
        0.6,
        0.4,
        0.6,
        1,
        1.2,
        1.2,
        1.2,
        1.3,
        1.5,
        1.4,
        1.3,
        1.3,
        1.5,
        1.8,
        2.5,
        3,
        3.2,
        3.2,
        3,
        2.8,
    ]
)
PROF_MEAL = _prof(
    [
        0.05,
        0.02,
        0.01,
        0.01,
        0.01,
        0.02,
        0.1,
        0.4,
        0.8,
        1.2,
        3,
        6,
        6.5,
        3,
        1.2,
        1,
        1.2,
        3.5,
        6,
        5.5,
        3,
        1.2,
        0.5,
        0.2,
    ]
)
PROF_TOUR = _prof(
    [
        0.05,
        0.02,
        0.01,
        0.01,
        0.02,
        0.1,
        1.5,
        5,
        6,
        3,
        1.5,
        1,
        1,
        1,
        1,
        1.2,
        1.5,
        1.8,
        2.5,
        2.5,
        2,
        1.2,
        0.5,
        0.1,
    ]
)
PROF_AFTERSCHOOL = _prof(
    [0, 0, 0, 0, 0, 0, 0.2, 1, 0.5, 0.2, 0.2, 0.3, 1.2, 0.6, 0.3, 0.4, 2.5, 3.5, 3, 2, 1, 0.3, 0, 0]
)

REGIONS = ["0691", "0871", "0879"]  # Xishuangbanna, Kunming, Pu'er
R_LOCAL, R_KM, R_PE = 0, 1, 2
OUT_PROV = [
    "010",
    "021",
    "020",
    "0755",
    "028",
    "023",
    "0731",
    "0771",
    "0851",
    "027",
    "0571",
    "025",
    "0591",
    "0898",
    "029",
    "0371",
    "0311",
    "0532",
    "0574",
    "0769",
    "0757",
    "0512",
    "0351",
    "024",
]
OUT_PROV_W = _prof([6, 6, 6, 6, 8, 5, 5, 5, 4, 4, 5, 4, 3, 3, 3, 4, 2, 2, 2, 3, 3, 3, 2, 2])
YUNNAN_OTHER = ["0871", "0879", "0883", "0877", "0874", "0872", "0692", "0888"]

CMCC_PFX = [
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "172",
    "178",
    "182",
    "183",
    "184",
    "187",
    "188",
    "195",
    "197",
    "198",
]
CT_PFX = ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]
CU_PFX = ["130", "131", "132", "145", "155", "156", "166", "167", "175", "176", "185", "186", "196"]
OTHER_PFX = CT_PFX + CU_PFX

# party kinds: how a number reaches the operator's network
K_OWN_MOBILE, K_OWN_FIXED, K_OWN_IOT, K_OWN_VIRTUAL = 0, 1, 2, 3  # in the subscriber file
K_VISITOR = 4  # China Mobile card of another province, physically here: our MSC records its calls
K_CMCC_ELSE = 5  # China Mobile card elsewhere in China: terminating record only (origin intra)
K_OTHER_OP = 6  # China Telecom / China Unicom: enters at the point of interconnect (inter)
K_FOREIGN = 7  # foreign network: enters at the international gateway
K_SPOOF = 8  # +86 presentation forged abroad (改号), enters at the international gateway
K_SHORT_OWN = 9  # short codes on the operator's own trunks (96110 platform, 10086)
K_SHORT_INTER = 10  # bank service numbers reaching us from another carrier
OWN_KINDS = (K_OWN_MOBILE, K_OWN_FIXED, K_OWN_IOT, K_OWN_VIRTUAL)
CN_DOMESTIC_KINDS = (K_OWN_MOBILE, K_OWN_FIXED, K_OWN_IOT, K_OWN_VIRTUAL, K_VISITOR, K_CMCC_ELSE, K_OTHER_OP)

FEEDS = ["IMS", "JHMSC", "MLMSC", "POI", "IGW"]
F_IMS, F_JH, F_ML, F_POI, F_IGW = range(5)
M_MOC, M_MTC_INTRA, M_INTER, M_INTL, M_FWD, M_DROP = range(6)


def rng_for(seed: int, component: str) -> np.random.Generator:
    """Independent generator per (seed, component): editing one component never reshuffles another."""
    h = int.from_bytes(hashlib.sha256(component.encode()).digest()[:8], "little")
    return np.random.default_rng([seed, h])


def jit(rng, base, spread=0.1):
    """Per-seed population size: base +- spread."""
    return int(round(base * rng.uniform(1 - spread, 1 + spread)))


def digits(rng, n, k):
    v = rng.integers(0, 10**k, size=n, dtype=np.int64)
    return [f"{x:0{k}d}" for x in v.tolist()]


def sample_times(rng, n, dayw=DAYW_FLAT, prof=PROF_SOCIAL, d0=None, d1=None):
    """Event times in seconds from the window start.  With d0/d1 arrays the day is drawn uniformly in
    [d0, d1) per event (stays, trips); otherwise from the day weights."""
    if n == 0:
        return np.zeros(0, np.int64)
    if d0 is not None:
        d0 = np.asarray(d0)
        d1 = np.asarray(d1)
        d = d0 + np.floor(rng.random(n) * np.maximum(d1 - d0, 1)).astype(np.int64)
    else:
        d = rng.choice(DAYS, size=n, p=dayw / dayw.sum())
    h = rng.choice(24, size=n, p=prof)
    return d.astype(np.int64) * DAY + h * 3600 + rng.integers(0, 3600, size=n)


def durations(rng, n, p_ans, med, sig=0.9, lo=2, hi=5400):
    """Talk time: 0 when not answered, else log-normal around `med` seconds."""
    if n == 0:
        return np.zeros(0, np.int64)
    ans = rng.random(n) < p_ans
    d = np.exp(np.log(med) + sig * rng.standard_normal(n))
    d = np.clip(np.rint(d), lo, hi).astype(np.int64)
    return np.where(ans, d, 0)


def luhn(payload14: str) -> str:
    tot = 0
    for i, ch in enumerate(reversed(payload14)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def pick(rng, arr, n):
    arr = np.asarray(arr)
    if len(arr) == 0 or n == 0:
        return arr[:0]
    return arr[rng.integers(0, len(arr), size=n)]


# =====================================================================================================
# 1. The world: numbers (parties), handsets, cells, events
# =====================================================================================================

ATTR = dict(
    imsi="",
    hs1=-1,
    hs2=-1,
    tsw=int(BIG),  # handset before / after a handset change at tsw
    home_cell=-1,
    work_cell=-1,
    zone=-1,
    mob=0,  # where the card usually is; mob=1 moves around its zone
    trav_mask=0,
    trav_reg=0,
    ab_mask=0,
    spill=0.0,  # days elsewhere in Yunnan / abroad; border spill-over
    id_raw="",
    card="",
    act=None,
    birth=0,
    guard="",
    op="",
    in_file=False,
    legit_end=int(BIG),  # sold cards: the holder's own use stops here
    multi=False,  # number may carry parallel calls (PBX, call centre)
)


class World:
    def __init__(self, seed: int):
        self.seed = seed
        self.e164, self.nat, self.kind, self.pop, self.fraud, self.home = [], [], [], [], [], []
        self.attr = {k: [] for k in ATTR}
        self.taken = set()
        self.events = []
        self.src_names = {}
        self.groups = {}
        self.cells, self.cell_area = [], []
        self.areas, self.area_cells, self.zones = [], {}, {}
        self.imei15, self.imei16, self.volte = [], [], []
        self.imei_taken = set()
        self.rings = []
        self.notes = {}

    # ---- parties ------------------------------------------------------------------------------
    def unique_numbers(self, rng, n, fn):
        out = []
        while len(out) < n:
            for e, nt in fn(rng, int((n - len(out)) * 1.1) + 8):
                if e not in self.taken:
                    self.taken.add(e)
                    out.append((e, nt))
                    if len(out) == n:
                        break
        return out

    def add(self, nums, kind, pop, fraud=0, home="0691", **attrs):
        i0 = len(self.e164)
        n = len(nums)
        for e, nt in nums:
            self.e164.append(e)
            self.nat.append(nt)
        self.kind += [kind] * n
        self.pop += [pop] * n
        self.fraud += [fraud] * n
        self.home += [home] * n if isinstance(home, str) else list(home)
        for k, dflt in ATTR.items():
            v = attrs.get(k, dflt)
            if isinstance(v, (list, np.ndarray)):
                assert len(v) == n, k
                self.attr[k] += list(v.tolist() if isinstance(v, np.ndarray) else v)
            else:
                self.attr[k] += [v] * n
        idx = np.arange(i0, i0 + n)
        self.groups.setdefault(pop, []).append(idx)
        return idx

    def group(self, pop):
        g = self.groups.get(pop, [])
        return np.concatenate(g) if g else np.zeros(0, np.int64)

    def set(self, key, idx, values):
        col = self.attr[key]
        if isinstance(values, (list, np.ndarray)):
            vals = values.tolist() if isinstance(values, np.ndarray) else values
            for i, v in zip(np.asarray(idx).tolist(), vals):
                col[i] = v
        else:
            for i in np.asarray(idx).tolist():
                col[i] = values

    def get(self, key, idx):
        col = self.attr[key]
        return np.array([col[i] for i in np.asarray(idx).tolist()])

    # ---- handsets -----------------------------------------------------------------------------
    def new_handsets(self, rng, n, tacs, volte_p, bad_luhn=0.0):
        """Real handsets: a type allocation code (TAC) of the model + serial + Luhn check digit."""
        out = []
        tac = pick(rng, tacs, n)
        sv = rng.integers(1, 40, size=n)
        vol = rng.random(n) < volte_p
        bad = rng.random(n) < bad_luhn
        for i in range(n):
            while True:
                p14 = tac[i] + f"{rng.integers(0, 10**6):06d}"
                chk = luhn(p14)
                if bad[i]:
                    chk = str((int(chk) + 1 + rng.integers(0, 8)) % 10)
                s = p14 + chk
                if s not in self.imei_taken:
                    break
            self.imei_taken.add(s)
            self.imei15.append(s)
            self.imei16.append(p14 + f"{sv[i]:02d}")  # IMEISV as the IMS core reports it
            self.volte.append(bool(vol[i]))
            out.append(len(self.imei15) - 1)
        return np.array(out, dtype=np.int64)

    def handset_from(self, imei15, volte=False):
        """A handset with a given IMEI string (clones, sequential GoIP ports)."""
        self.imei15.append(imei15)
        self.imei16.append(imei15[:14] + "01")
        self.volte.append(volte)
        return len(self.imei15) - 1

    # ---- events -------------------------------------------------------------------------------
    def emit(self, src, t, dur, caller, callee, fraud=0, hs=None, cell=None, reg=None, abroad=None):
        t = np.asarray(t, dtype=np.int64)
        n = len(t)
        if n == 0:
            return
        sid = self.src_names.setdefault(src, len(self.src_names))

        def col(v, dflt, dt):
            if v is None:
                return np.full(n, dflt, dtype=dt)
            v = np.asarray(v)
            return np.full(n, v, dtype=dt) if v.ndim == 0 else v.astype(dt)

        self.events.append(
            dict(
                t=t,
                dur=col(dur, 0, np.int64),
                caller=col(caller, -1, np.int64),
                callee=col(callee, -1, np.int64),
                src=np.full(n, sid, np.int16),
                fraud=col(fraud, 0, np.int8),
                hs=col(hs, -2, np.int64),
                cell=col(cell, -2, np.int64),
                reg=col(reg, -2, np.int8),
                abroad=col(abroad, -1, np.int8),
            )
        )


# =====================================================================================================
# 2. Number plans
# =====================================================================================================


def numgen_blocks(blocks):
    """Mobile numbers inside given 7-digit HLR blocks (the first seven digits tell the home city)."""

    def fn(rng, n):
        b = pick(rng, blocks, n)
        return [("+86" + x + y, x + y) for x, y in zip(b.tolist(), digits(rng, n, 4))]

    return fn


def numgen_prefix(prefixes):
    def fn(rng, n):
        p = pick(rng, prefixes, n)
        return [("+86" + x + y, x + y) for x, y in zip(p.tolist(), digits(rng, n, 8))]

    return fn


def numgen_fixed(area, lead, length):
    """Fixed lines: national form 0 + area + subscriber number; E.164 drops the trunk 0."""

    def fn(rng, n):
        ld = pick(rng, lead, n)
        return [
            ("+86" + area[1:] + a + b, area + a + b)
            for a, b in zip(ld.tolist(), digits(rng, n, length - len(ld[0])))
        ]

    return fn


def numgen_iot(rng, n):
    """China Mobile IoT numbers are 13 digits (1440 / 1064 ranges)."""
    p = pick(rng, np.array(["1440", "1064"]), n)
    return [("+86" + a + b, a + b) for a, b in zip(p.tolist(), digits(rng, n, 9))]


def numgen_virtual(rng, n):
    p = pick(rng, np.array(["1703", "1705", "1706"]), n)
    return [("+86" + a + b, a + b) for a, b in zip(p.tolist(), digits(rng, n, 7))]


def numgen_foreign(country):
    """Foreign mobiles in E.164: Myanmar 09-x, Laos 020-x, Thailand 0x, Cambodia, Philippines, Vietnam."""

    def fn(rng, n):
        out = []
        for _ in range(n):
            if country == "MM":
                op = ["25", "26", "40", "42", "44", "45", "97", "96", "79", "78", "77", "69", "68", "66"]
                pfx = op[rng.integers(len(op))]
                body = pfx + f"{rng.integers(0, 10**7):07d}"
                e = "+959" + body
            elif country == "LA":
                e = "+85620" + str(rng.choice([2, 5, 7, 9])) + f"{rng.integers(0, 10**7):07d}"
            elif country == "TH":
                e = "+66" + str(rng.choice([6, 8, 9])) + f"{rng.integers(0, 10**8):08d}"
            elif country == "KH":
                e = (
                    "+855"
                    + str(rng.choice([10, 11, 12, 15, 16, 17, 69, 70, 77, 78, 85, 88, 96, 97]))
                    + f"{rng.integers(0, 10**6):06d}"
                )
            elif country == "PH":
                e = "+639" + f"{rng.integers(0, 10**9):09d}"
            else:  # VN
                e = "+84" + str(rng.choice([3, 7, 8, 9])) + f"{rng.integers(0, 10**8):08d}"
            out.append((e, ""))
        return out

    return fn


def foreign_mix(W, rng, n, mix, pop, fraud=0, **attrs):
    """n foreign numbers with a country mix dict {country: weight}."""
    cs = list(mix)
    p = _prof([mix[c] for c in cs])
    which = rng.choice(len(cs), size=n, p=p)
    idx = []
    for ci, c in enumerate(cs):
        k = int((which == ci).sum())
        if k:
            idx.append(
                W.add(W.unique_numbers(rng, k, numgen_foreign(c)), K_FOREIGN, pop, fraud, home=c, **attrs)
            )
    return np.concatenate(idx) if idx else np.zeros(0, np.int64)


def imsis(rng, n, mnc=("00", "02", "07")):
    m = pick(rng, np.array(mnc), n)
    return ["460" + a + b for a, b in zip(m.tolist(), digits(rng, n, 10))]


# =====================================================================================================
# 3. Geography: cells and zones
# =====================================================================================================

AREAS = [  # name, cells, region
    ("jh_urban", 270, R_LOCAL),
    ("jh_rural", 72, R_LOCAL),
    ("gaozhuang", 21, R_LOCAL),
    ("airport_rail", 12, R_LOCAL),
    ("menghai", 84, R_LOCAL),
    ("daluo_border", 15, R_LOCAL),
    ("mengla", 54, R_LOCAL),
    ("mohan_port", 24, R_LOCAL),
    ("guanlei_port", 6, R_LOCAL),
    ("border_villages", 39, R_LOCAL),
    ("kunming", 60, R_KM),
    ("puer", 24, R_PE),
]
# the southern CS switch (勐腊 MSC) serves Mengla county and the border strip
ML_AREAS = {"mengla", "mohan_port", "guanlei_port", "border_villages", "daluo_border"}
WEAK_LTE = {"border_villages", "guanlei_port", "daluo_border"}


def build_geography(W):
    rng = rng_for(W.seed, "geo:cells")
    used = set()
    for ai, (name, n, reg) in enumerate(AREAS):
        W.areas.append((name, reg))
        cells = []
        for _ in range(n // 3):
            while True:
                enb = int(rng.integers(100000, 999999))
                if enb not in used:
                    used.add(enb)
                    break
            for sec in (1, 2, 3):
                W.cells.append(f"460-00-{enb}-{sec}")
                W.cell_area.append(ai)
                cells.append(len(W.cells) - 1)
        W.area_cells[name] = np.array(cells)
    A = W.area_cells
    bv = A["border_villages"]
    W.zones = {
        "jh": np.concatenate([A["jh_urban"], A["gaozhuang"], A["airport_rail"]]),
        "jh_wide": np.concatenate([A["jh_urban"], A["jh_rural"], A["gaozhuang"]]),
        "menghai": A["menghai"],
        "mengla": A["mengla"],
        "border_west": np.concatenate([A["daluo_border"], bv[: len(bv) // 2], A["menghai"][:20]]),
        "border_south": np.concatenate(
            [A["mohan_port"], A["mengla"][:20], bv[len(bv) // 2 :], A["guanlei_port"]]
        ),
        "tourist": np.concatenate(
            [A["gaozhuang"]] * 4
            + [A["jh_urban"], A["airport_rail"], A["airport_rail"], A["menghai"][:30], A["mengla"][:12]]
        ),
        "port": np.concatenate([A["mohan_port"], A["mohan_port"], A["daluo_border"], A["guanlei_port"]]),
        "kunming": A["kunming"],
        "puer": A["puer"],
    }
    W.zone_names = list(W.zones)
    W.zone_id = {z: i for i, z in enumerate(W.zone_names)}


def home_cells(W, rng, zone, n):
    return pick(rng, W.zones[zone], n)


# =====================================================================================================
# 4. Legitimate subscribers of the branch (the subscriber file)
# =====================================================================================================


def make_tacs(W):
    rng = rng_for(W.seed, "handsets:tacs")
    smart = ["86" + f"{x:06d}" for x in rng.integers(0, 10**6, 120)] + [
        "35" + f"{x:06d}" for x in rng.integers(0, 10**6, 60)
    ]
    feature = ["86" + f"{x:06d}" for x in rng.integers(0, 10**6, 25)]
    watch = ["86" + f"{x:06d}" for x in rng.integers(0, 10**6, 6)]
    W.tac_smart, W.tac_feature, W.tac_watch = np.array(smart), np.array(feature), np.array(watch)
    # cheap feature phones sold in border markets with one cloned IMEI per model: dozens of unrelated
    # subscribers then show the same IMEI (a known nuisance for IMEI-sharing rules)
    W.clone_hs = np.array(
        [
            W.handset_from(t + "012345" + luhn(t + "012345"), False)
            for t in rng.choice(feature, 6, replace=False)
        ]
    )


def local_blocks(W):
    rng = rng_for(W.seed, "numbers:blocks")
    W.blk_cmcc = np.array(
        sorted({p + f"{x:04d}" for p, x in zip(rng.choice(CMCC_PFX, 700), rng.integers(0, 10000, 700))})
    )
    W.blk_other_local = np.array(
        sorted({p + f"{x:04d}" for p, x in zip(rng.choice(OTHER_PFX, 300), rng.integers(0, 10000, 300))})
    )


def birth_years(rng, n, lo, hi):
    return rng.integers(lo, hi + 1, size=n)


def resident_ids(rng, births, county_codes=("532801", "532822", "532823")):
    cc = pick(rng, np.array(county_codes), len(births))
    m = rng.integers(1, 13, len(births))
    d = rng.integers(1, 29, len(births))
    s = rng.integers(0, 1000, len(births))
    return [
        f"{c}{b}{mm:02d}{dd:02d}{ss:03d}{'0123456789X'[int(x)]}"
        for c, b, mm, dd, ss, x in zip(cc, births, m, d, s, rng.integers(0, 11, len(births)))
    ]


def act_years_ago(rng, n, lo_years, hi_years):
    return (-rng.uniform(lo_years, hi_years, n) * 365 * DAY).astype(np.int64)


def add_people(
    W,
    rng,
    pop,
    n,
    zone,
    birth=(1965, 2004),
    smart_p=0.88,
    volte_p=0.9,
    act=(0.5, 15),
    kind=K_OWN_MOBILE,
    mob=0,
    blocks=None,
    ids=None,
    clone_p=0.0,
    card="mobile",
    **attrs,
):
    """Individual subscribers of the branch: number, handset, SIM, home/work cell, file attributes."""
    if kind == K_OWN_VIRTUAL:
        nums = W.unique_numbers(rng, n, numgen_virtual)
    else:
        nums = W.unique_numbers(rng, n, numgen_blocks(W.blk_cmcc if blocks is None else blocks))
    by = birth_years(rng, n, *birth) if birth else np.zeros(n, int)
    smart = rng.random(n) < smart_p
    hs = np.empty(n, np.int64)
    ks = int(smart.sum())
    hs[smart] = W.new_handsets(rng, ks, W.tac_smart, volte_p)
    hs[~smart] = W.new_handsets(rng, n - ks, W.tac_feature, 0.0)
    if clone_p > 0:
        cl = rng.random(n) < clone_p
        hs[cl] = pick(rng, W.clone_hs, int(cl.sum()))
    a = act_years_ago(rng, n, *act) if isinstance(act, tuple) else act
    idx = W.add(
        nums,
        kind,
        pop,
        imsi=imsis(rng, n),
        hs1=hs,
        home_cell=home_cells(W, rng, zone, n),
        work_cell=home_cells(W, rng, zone, n),
        zone=W.zone_id[zone],
        mob=mob,
        id_raw=ids if ids is not None else resident_ids(rng, by if birth else rng.integers(1960, 2000, n)),
        card=card,
        act=a,
        birth=by,
        op="CMCC",
        in_file=True,
        **attrs,
    )
    return idx


def build_subscribers(W):
    """Everyone with a card of the branch.  Behaviour is attached in later sections."""
    rng = rng_for(W.seed, "subs:counts")
    C = W.counts = {}
    for name, base in [
        ("resident", 19000),
        ("elderly", 5200),
        ("student", 2200),
        ("border_villager", 1700),
        ("foreign_worker", 760),
        ("foreign_spouse", 280),
        ("trader", 640),
        ("logistics_broker", 320),
        ("truck_driver_local", 450),
        ("tour_guide", 420),
        ("homestay_owner", 380),
        ("ridehail_driver", 850),
        ("delivery_rider", 650),
        ("small_shop", 1100),
        ("teacher", 320),
        ("antifraud_officer", 30),
        ("new_arrival", 850),
        ("mvno_user", 360),
        ("privacy_number_pool", 260),
        ("hotel_frontdesk", 160),
        ("gov_hospital_fixed", 600),
        ("kids_watch_iot", 420),
        ("elderly_alarm_iot", 90),
        ("iot_silent", 2500),
        ("inactive_card", 5800),
    ]:
        C[name] = jit(rng, base)

    r = rng_for(W.seed, "subs:people")
    # ordinary residents of Jinghong, Menghai and Mengla (Han, Dai, Hani, ...)
    zones = [("jh", 0.50), ("jh_wide", 0.12), ("menghai", 0.20), ("mengla", 0.13), ("border_west", 0.05)]
    for zname, share in zones:
        add_people(W, r, "resident", int(C["resident"] * share), zname)
        add_people(
            W,
            r,
            "elderly",
            int(C["elderly"] * share),
            zname,
            birth=(1936, 1961),
            smart_p=0.55,
            volte_p=0.7,
            act=(3, 18),
            clone_p=0.06,
        )
    # vocational college students (dorms in Jinghong); cards a few years old
    add_people(W, r, "student", C["student"], "jh", birth=(2002, 2008), act=(0.3, 4))
    # Dai/Hani/Lahu/Akha villages along the border with relatives on both sides
    half = C["border_villager"] // 2
    add_people(
        W,
        r,
        "border_villager",
        half,
        "border_west",
        birth=(1950, 2005),
        smart_p=0.7,
        volte_p=0.6,
        clone_p=0.05,
        act=(1, 15),
    )
    add_people(
        W,
        r,
        "border_villager",
        C["border_villager"] - half,
        "border_south",
        birth=(1950, 2005),
        smart_p=0.7,
        volte_p=0.6,
        clone_p=0.05,
        act=(1, 15),
    )
    # Myanmar / Lao workers on rubber, banana and tea plantations and building sites, cards registered
    # on passports; a third got the card this season
    n = C["foreign_worker"]
    act = np.where(r.random(n) < 0.33, -r.integers(3, 60, n) * DAY, act_years_ago(r, n, 0.3, 4))
    ids = ["P" + x for x in digits(r, n, 8)]
    fw = []
    for zname, share in [("menghai", 0.4), ("mengla", 0.35), ("jh_wide", 0.25)]:
        k = int(n * share)
        fw.append(
            add_people(
                W,
                r,
                "foreign_worker",
                k,
                zname,
                birth=(1980, 2006),
                smart_p=0.5,
                volte_p=0.5,
                act=act[:k],
                ids=ids[:k],
                clone_p=0.3,
            )
        )
        act, ids = act[k:], ids[k:]
    add_people(
        W,
        r,
        "foreign_spouse",
        C["foreign_spouse"],
        "border_west",
        birth=(1975, 2002),
        smart_p=0.75,
        act=(0.5, 12),
        ids=["P" + x for x in digits(r, C["foreign_spouse"], 8)],
    )
    add_people(W, r, "trader", C["trader"], "jh", birth=(1962, 1996), smart_p=0.98, act=(1, 18))
    add_people(
        W,
        r,
        "logistics_broker",
        C["logistics_broker"],
        "port",
        birth=(1970, 1998),
        smart_p=0.97,
        act=(1, 12),
        mob=1,
    )
    add_people(
        W,
        r,
        "truck_driver_local",
        C["truck_driver_local"],
        "mengla",
        birth=(1965, 1998),
        smart_p=0.9,
        act=(1, 12),
        mob=1,
    )
    add_people(
        W, r, "tour_guide", C["tour_guide"], "tourist", birth=(1980, 2002), smart_p=0.99, act=(0.5, 10), mob=1
    )
    add_people(W, r, "homestay_owner", C["homestay_owner"], "tourist", birth=(1965, 1998), act=(1, 12))
    add_people(W, r, "ridehail_driver", C["ridehail_driver"], "jh", birth=(1968, 2000), act=(0.5, 12), mob=1)
    add_people(W, r, "delivery_rider", C["delivery_rider"], "jh", birth=(1985, 2005), act=(0.1, 6), mob=1)
    add_people(W, r, "small_shop", int(C["small_shop"] * 0.6), "jh", birth=(1960, 1998), act=(1, 15))
    add_people(
        W,
        r,
        "small_shop",
        C["small_shop"] - int(C["small_shop"] * 0.6),
        "menghai",
        birth=(1960, 1998),
        act=(1, 15),
    )
    add_people(W, r, "teacher", C["teacher"], "jh_wide", birth=(1965, 1999), act=(1, 15))
    add_people(
        W, r, "antifraud_officer", C["antifraud_officer"], "jh", birth=(1975, 1998), act=(1, 10), mob=1
    )
    # cheap plans on a virtual operator hosted on our network (170x): legitimate users exist too
    add_people(
        W,
        r,
        "mvno_user",
        C["mvno_user"],
        "jh",
        birth=(1975, 2004),
        kind=K_OWN_VIRTUAL,
        card="virtual",
        act=(0.2, 6),
    )
    for i in W.group("mvno_user"):
        W.attr["op"][i] = "CMCC-MVNO"
    # newcomers: seasonal workers, new hires, people who moved here this month; some activate their card
    # during the window itself
    n = C["new_arrival"]
    act = (r.uniform(-25, 9, n) * DAY).astype(np.int64)
    add_people(W, r, "new_arrival", n, "jh_wide", birth=(1975, 2005), act=act, volte_p=0.85)

    # ---- unit (company) accounts and fixed lines ----------------------------------------------
    ru = rng_for(W.seed, "subs:units")
    # platform "privacy numbers" (隐私号/中间号): ride-hailing and delivery platforms bridge drivers and
    # customers through a pool of numbers on a company account, activated in consecutive blocks
    n = C["privacy_number_pool"]
    base = int(ru.integers(1000000, 9000000))
    blk = ru.choice(["1478", "1987", "1723"])
    nums = []
    for j in range(n):
        s = f"{blk}{(base + j * 3) % 10000000:07d}"
        if "+86" + s not in W.taken:
            W.taken.add("+86" + s)
            nums.append(("+86" + s, s))
    uid = "91530100MA6" + digits(ru, 1, 7)[0]
    W.add(
        nums,
        K_OWN_MOBILE,
        "privacy_number_pool",
        id_raw=uid,
        card="mobile",
        act=act_years_ago(ru, len(nums), 0.5, 2),
        op="CMCC",
        in_file=True,
        multi=True,
        imsi=imsis(ru, len(nums)),
        zone=W.zone_id["jh"],
    )
    W.add(
        W.unique_numbers(ru, C["hotel_frontdesk"], numgen_fixed("0691", ["21", "22", "24", "51"], 7)),
        K_OWN_FIXED,
        "hotel_frontdesk",
        id_raw=["91532800" + x for x in digits(ru, C["hotel_frontdesk"], 10)],
        card="fixed",
        act=act_years_ago(ru, C["hotel_frontdesk"], 1, 15),
        op="CMCC",
        in_file=True,
        multi=True,
        zone=W.zone_id["tourist"],
    )
    W.add(
        W.unique_numbers(ru, C["gov_hospital_fixed"], numgen_fixed("0691", ["21", "23", "51", "81"], 7)),
        K_OWN_FIXED,
        "gov_hospital_fixed",
        id_raw=["12532800" + x for x in digits(ru, C["gov_hospital_fixed"], 10)],
        card="fixed",
        act=act_years_ago(ru, C["gov_hospital_fixed"], 2, 20),
        op="CMCC",
        in_file=True,
        multi=True,
        zone=W.zone_id["jh_wide"],
    )
    # the prefecture anti-fraud centre's desk lines
    W.add(
        W.unique_numbers(ru, 8, numgen_fixed("0691", ["212"], 7)),
        K_OWN_FIXED,
        "antifraud_centre_fixed",
        id_raw="11532800MB0" + digits(ru, 1, 7)[0],
        card="fixed",
        act=act_years_ago(ru, 8, 1, 6),
        op="CMCC",
        in_file=True,
        multi=True,
        zone=W.zone_id["jh"],
    )
    # the national 96110 warning line and the operator's own 10086 reach people over our trunks
    W.i96110 = W.add([("96110", "96110")], K_SHORT_OWN, "antifraud_hotline_96110", multi=True)[0]
    W.i10086 = W.add([("10086", "10086")], K_SHORT_OWN, "operator_service_10086", multi=True)[0]
    W.banks = W.add(
        [("95588", "95588"), ("95533", "95533"), ("95599", "95599")],
        K_SHORT_INTER,
        "bank_callcentre",
        multi=True,
    )
    W.i12345 = W.add([("12345", "12345")], K_SHORT_INTER, "gov_hotline_12345", multi=True)[0]

    # ---- IoT cards ---------------------------------------------------------------------------
    ri = rng_for(W.seed, "subs:iot")
    for pop, n, tacs in [
        ("kids_watch_iot", C["kids_watch_iot"], W.tac_watch),
        ("elderly_alarm_iot", C["elderly_alarm_iot"], W.tac_watch),
    ]:
        nums = W.unique_numbers(ri, n, numgen_iot)
        hs = W.new_handsets(ri, n, tacs, 0.5)
        W.add(
            nums,
            K_OWN_IOT,
            pop,
            imsi=imsis(ri, n, ("04", "08")),
            hs1=hs,
            home_cell=home_cells(W, ri, "jh_wide", n),
            zone=W.zone_id["jh_wide"],
            id_raw=resident_ids(ri, ri.integers(1960, 1995, n)),
            card="iot",
            act=act_years_ago(ri, n, 0.2, 4),
            op="CMCC",
            in_file=True,
        )
    n = C["iot_silent"]  # POS terminals, meters, alarm panels: in the file, never call
    W.add(
        W.unique_numbers(ri, n, numgen_iot),
        K_OWN_IOT,
        "iot_silent",
        id_raw=["91532800" + x for x in digits(ri, n, 10)],
        card="iot",
        act=act_years_ago(ri, n, 0.1, 6),
        op="CMCC",
        in_file=True,
    )
    # second cards, data-only cards and dormant numbers: in the file, no voice in the window
    n = C["inactive_card"]
    by = birth_years(ri, n, 1950, 2006)
    W.add(
        W.unique_numbers(ri, n, numgen_blocks(W.blk_cmcc)),
        K_OWN_MOBILE,
        "inactive_card",
        id_raw=resident_ids(ri, by),
        card="mobile",
        act=act_years_ago(ri, n, 0.1, 15),
        birth=by,
        op="CMCC",
        in_file=True,
    )


# =====================================================================================================
# 5. Social life: households, relatives elsewhere, friends, acquaintances (edge-based calling)
# =====================================================================================================


def edge_calls(
    W, rng, src, a, b, rate, p_ab, p_ans, med, sig=0.9, prof=PROF_SOCIAL, dayw=DAYW_SOCIAL, d0=None, d1=None
):
    """Calls on relationships: Poisson(rate*days) per edge, split a->b / b->a.  Reciprocity of real
    relationships falls out naturally; `rate`, `p_ans`, `med` may be per-edge arrays."""
    a = np.asarray(a, np.int64)
    b = np.asarray(b, np.int64)
    m = len(a)
    if m == 0:
        return
    span = DAYS if d0 is None else np.maximum(np.asarray(d1) - np.asarray(d0), 1)
    n = rng.poisson(np.broadcast_to(rate, (m,)) * span)
    n_ab = rng.binomial(n, np.broadcast_to(p_ab, (m,)))
    n_ba = n - n_ab
    caller = np.concatenate([np.repeat(a, n_ab), np.repeat(b, n_ba)])
    callee = np.concatenate([np.repeat(b, n_ab), np.repeat(a, n_ba)])
    rep = np.concatenate([np.repeat(np.arange(m), n_ab), np.repeat(np.arange(m), n_ba)])
    k = len(caller)
    pa = np.broadcast_to(p_ans, (m,))[rep]
    md = np.broadcast_to(med, (m,))[rep]
    if d0 is not None:
        t = sample_times(rng, k, prof=prof, d0=np.asarray(d0)[rep], d1=np.asarray(d1)[rep])
    else:
        t = sample_times(rng, k, dayw=dayw, prof=prof)
    W.emit(src, t, durations(rng, k, pa, md, sig), caller, callee)


def new_contacts(W, rng, n, pop, local_share=0.3, cmcc_share=0.4, homes=None):
    """External domestic contacts: other operators (inter) or China Mobile elsewhere (intra MTC)."""
    loc = rng.random(n) < local_share
    out = np.empty(n, np.int64)
    k = int(loc.sum())
    out[loc] = W.add(W.unique_numbers(rng, k, numgen_blocks(W.blk_other_local)), K_OTHER_OP, pop)
    rest = n - k
    cm = rng.random(rest) < cmcc_share
    hm = homes if homes is not None else rng.choice(OUT_PROV, size=rest, p=OUT_PROV_W)
    hm = np.asarray(hm)
    ia = W.add(
        W.unique_numbers(rng, int(cm.sum()), numgen_prefix(CMCC_PFX)), K_CMCC_ELSE, pop, home=hm[cm].tolist()
    )
    ib = W.add(
        W.unique_numbers(rng, int((~cm).sum()), numgen_prefix(OTHER_PFX)),
        K_OTHER_OP,
        pop,
        home=hm[~cm].tolist(),
    )
    tmp = np.empty(rest, np.int64)
    tmp[cm] = ia
    tmp[~cm] = ib
    out[~loc] = tmp
    return out


def build_social(W):
    rng = rng_for(W.seed, "social:graph")
    people_pops = [
        "resident",
        "elderly",
        "border_villager",
        "foreign_spouse",
        "trader",
        "logistics_broker",
        "truck_driver_local",
        "tour_guide",
        "homestay_owner",
        "ridehail_driver",
        "delivery_rider",
        "small_shop",
        "teacher",
        "antifraud_officer",
        "mvno_user",
    ]
    people = np.concatenate([W.group(p) for p in people_pops])
    W.people = people
    zone = W.get("zone", people)
    # ---- households: grouped within a zone, elderly mixed with adult children ----
    hh_edges_a, hh_edges_b = [], []
    hh_of = {}
    households = []
    for z in np.unique(zone):
        mem = people[zone == z]
        mem = mem[rng.permutation(len(mem))]
        i = 0
        while i < len(mem):
            s = int(rng.choice([1, 2, 3, 4, 5], p=[0.22, 0.32, 0.26, 0.15, 0.05]))
            h = mem[i : i + s]
            households.append(h)
            for x in h:
                hh_of[int(x)] = len(households) - 1
            for u in range(len(h)):
                for v in range(u + 1, len(h)):
                    hh_edges_a.append(h[u])
                    hh_edges_b.append(h[v])
            i += s
    W.households, W.hh_of = households, hh_of
    edge_calls(W, rng, "social:household", hh_edges_a, hh_edges_b, 0.16, 0.5, 0.86, 45, 1.0)

    # ---- relatives elsewhere (children working in Kunming / Guangdong, parents back home) ----
    n_ext = rng.choice([0, 1, 2, 3], size=len(households), p=[0.25, 0.35, 0.28, 0.12])
    ext = new_contacts(W, rng, int(n_ext.sum()), "contact_domestic", local_share=0.25)
    W.hh_ext = {}
    ea, eb = [], []
    pos = 0
    for hi, h in enumerate(households):
        k = int(n_ext[hi])
        mine = ext[pos : pos + k]
        pos += k
        W.hh_ext[hi] = mine
        for x in h:
            for y in mine:
                ea.append(x)
                eb.append(y)
    ea = np.array(ea, np.int64)
    eb = np.array(eb, np.int64)
    old = np.isin(ea, W.group("elderly"))
    rate = np.where(old, 0.2, 0.11)  # parents far away get called more often
    med = np.where(old, 170, 110)
    edge_calls(W, rng, "social:relatives", ea, eb, rate, np.where(old, 0.35, 0.55), 0.83, med, 1.0)

    # ---- guardians for elderly protection: adult household members or children elsewhere ----
    for hi, h in enumerate(households):
        old_m = [x for x in h if W.pop[x] == "elderly"]
        if not old_m:
            continue
        cand = [x for x in h if W.pop[x] != "elderly"] + list(W.hh_ext[hi])
        for x in old_m:
            if cand and rng.random() < 0.55:
                g = rng.choice(cand, size=min(len(cand), int(rng.integers(1, 3))), replace=False)
                W.attr["guard"][x] = ";".join((W.nat[y] if rng.random() < 0.85 else W.e164[y]) for y in g)

    # ---- friends (own network, same zone preferred) and friends on other operators ----
    k = rng.poisson(2.2, len(people))
    fa = np.repeat(people, k)
    same = rng.random(len(fa)) < 0.7
    fz = np.repeat(zone, k)
    fb = pick(rng, people, len(fa))
    # same-zone partner: pick from the zone's members
    for z in np.unique(zone):
        sel = same & (fz == z)
        fb[sel] = pick(rng, people[zone == z], int(sel.sum()))
    ok = fa != fb
    edge_calls(W, rng, "social:friends", fa[ok], fb[ok], 0.05, 0.5, 0.78, 75, 1.0)
    k = rng.poisson(0.9, len(people))
    fo = new_contacts(W, rng, int(k.sum()), "contact_domestic", local_share=0.8)
    edge_calls(W, rng, "social:friends_otherop", np.repeat(people, k), fo, 0.035, 0.5, 0.78, 70, 1.0)
    W.local_contacts = fo
    # ---- acquaintances: shops, offices, clinics ----
    shops = np.concatenate([W.group("small_shop"), W.group("gov_hospital_fixed")])
    k = rng.poisson(1.6, len(people))
    edge_calls(
        W,
        rng,
        "social:acquaint",
        np.repeat(people, k),
        pick(rng, shops, int(k.sum())),
        0.012,
        0.6,
        0.72,
        40,
        0.8,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )

    # ---- students: dorm friends, parents elsewhere in Yunnan or in other provinces ----
    st = W.group("student")
    k = rng.poisson(4, len(st))
    a = np.repeat(st, k)
    b = pick(rng, st, len(a))
    edge_calls(
        W, rng, "social:student_friends", a[a != b], b[a != b], 0.03, 0.5, 0.8, 50, 0.9, prof=PROF_EVENING
    )
    k = rng.integers(1, 3, len(st))
    homes = np.where(
        rng.random(int(k.sum())) < 0.6,
        rng.choice(YUNNAN_OTHER, int(k.sum())),
        rng.choice(OUT_PROV, int(k.sum()), p=OUT_PROV_W),
    )
    par = new_contacts(W, rng, int(k.sum()), "contact_domestic", local_share=0.0, homes=homes)
    edge_calls(
        W, rng, "social:student_parents", np.repeat(st, k), par, 0.12, 0.55, 0.85, 150, 1.0, prof=PROF_EVENING
    )


# =====================================================================================================
# 6. Cross-border economy: traders, brokers, truck drivers, foreign workers and spouses, villages
# =====================================================================================================


def abroad_runs(rng, n, p, lo, hi):
    """Bitmask of consecutive days spent abroad (Myanmar / Laos) for a share p of n people."""
    mask = np.zeros(n, np.int64)
    go = rng.random(n) < p
    start = rng.integers(0, DAYS, n)
    ln = rng.integers(lo, hi + 1, n)
    for i in np.nonzero(go)[0]:
        for d in range(start[i], min(DAYS, start[i] + ln[i])):
            mask[i] |= 1 << d
    return mask


def build_crossborder(W):
    rng = rng_for(W.seed, "xb:economy")
    # partners over the border: jade and timber houses in Myanmar, fruit and rubber exporters in Laos and
    # Thailand.  Some are big and call many Chinese dealers.
    fbiz = foreign_mix(
        W, rng, jit(rng, 1400), {"MM": 0.45, "LA": 0.33, "TH": 0.2, "VN": 0.02}, "contact_foreign_business"
    )
    W.fbiz = fbiz
    pop_w = 1.0 / (np.arange(len(fbiz)) + 8.0)
    pop_w /= pop_w.sum()

    tr = W.group("trader")
    # ---- traders ----
    k = rng.integers(4, 26, len(tr))
    a = np.repeat(tr, k)
    b = fbiz[rng.choice(len(fbiz), size=len(a), p=pop_w)]
    edge_calls(
        W,
        rng,
        "xb:trader_foreign",
        a,
        b,
        rng.uniform(0.03, 0.16, len(a)),
        0.5,
        0.72,
        95,
        1.0,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )
    k = rng.integers(8, 50, len(tr))
    buyers = new_contacts(W, rng, int(k.sum()), "contact_domestic", local_share=0.1, cmcc_share=0.45)
    edge_calls(
        W,
        rng,
        "xb:trader_buyers",
        np.repeat(tr, k),
        buyers,
        rng.uniform(0.02, 0.09, len(buyers)),
        0.55,
        0.75,
        80,
        1.0,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )
    W.trader_buyers = buyers
    # new inquiries: dealers phone strangers all day (new buyers, transport, quotes)
    n_new = rng.poisson(rng.uniform(0.8, 5, len(tr)) * DAYS)
    caller = np.repeat(tr, n_new)
    callee = new_contacts(W, rng, len(caller), "contact_domestic", local_share=0.2, cmcc_share=0.4)
    W.emit(
        "xb:trader_cold",
        sample_times(rng, len(caller), DAYW_BIZ, PROF_WORK),
        durations(rng, len(caller), 0.62, 55, 0.9),
        caller,
        callee,
    )
    # cross-border trips: some traders spend days in Mong La / Tachileik / Luang Namtha
    W.set("ab_mask", tr, abroad_runs(rng, len(tr), 0.3, 1, 4))
    W.set("trav_mask", tr, abroad_runs(rng, len(tr), 0.12, 1, 2))
    W.set("trav_reg", tr, R_KM)
    # second and third cards under the same ID (one per market, one for over the border): dual-SIM phone
    extra = tr[rng.random(len(tr)) < 0.32]
    n2 = rng.integers(1, 3, len(extra))
    own = np.repeat(extra, n2)
    nums = W.unique_numbers(rng, len(own), numgen_blocks(W.blk_cmcc))
    hs = []
    for o in own:
        base = W.imei15[W.attr["hs1"][o]]
        p14 = base[:8] + f"{(int(base[8:14]) + 1) % 10**6:06d}"
        s = p14 + luhn(p14)
        hs.append(
            W.handset_from(s, W.volte[W.attr["hs1"][o]])
            if s not in W.imei_taken
            else W.new_handsets(rng, 1, W.tac_smart, 0.9)[0]
        )
        W.imei_taken.add(s)
    idx = W.add(
        nums,
        K_OWN_MOBILE,
        "trader",
        imsi=imsis(rng, len(own)),
        hs1=hs,
        home_cell=W.get("home_cell", own),
        work_cell=W.get("work_cell", own),
        zone=W.get("zone", own),
        id_raw=W.get("id_raw", own).tolist(),
        card="mobile",
        act=act_years_ago(rng, len(own), 0.2, 8),
        birth=W.get("birth", own),
        op="CMCC",
        in_file=True,
        ab_mask=W.get("ab_mask", own),
    )
    kk = rng.integers(2, 10, len(idx))
    edge_calls(
        W,
        rng,
        "xb:trader_card2",
        np.repeat(idx, kk),
        fbiz[rng.choice(len(fbiz), size=int(kk.sum()), p=pop_w)],
        0.08,
        0.5,
        0.7,
        80,
        1.0,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )
    kk = rng.integers(3, 15, len(idx))
    edge_calls(
        W,
        rng,
        "xb:trader_card2_dom",
        np.repeat(idx, kk),
        pick(rng, buyers, int(kk.sum())),
        0.05,
        0.55,
        0.75,
        70,
        1.0,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )

    # ---- truck drivers from other provinces waiting at Mohan / Daluo, and our own drivers ----
    n_out = jit(rng, 3600)
    cm = rng.random(n_out) < 0.4
    homes = rng.choice(OUT_PROV, n_out, p=OUT_PROV_W)
    drv_v = W.add(
        W.unique_numbers(rng, int(cm.sum()), numgen_prefix(CMCC_PFX)),
        K_VISITOR,
        "truck_driver_outprov",
        home=homes[cm].tolist(),
        imsi=imsis(rng, int(cm.sum())),
        hs1=W.new_handsets(rng, int(cm.sum()), W.tac_smart, 0.8),
        zone=W.zone_id["port"],
        mob=1,
        home_cell=home_cells(W, rng, "port", int(cm.sum())),
    )
    drv_o = W.add(
        W.unique_numbers(rng, int((~cm).sum()), numgen_prefix(OTHER_PFX)),
        K_OTHER_OP,
        "truck_driver_outprov",
        home=homes[~cm].tolist(),
    )
    drivers = np.concatenate([drv_v, drv_o])
    # each out-of-province driver is in the prefecture for a few days (waiting for customs clearance)
    st = rng.integers(-1, DAYS, len(drivers))
    ln = rng.integers(2, 5, len(drivers))
    d0 = np.clip(st, 0, DAYS - 1)
    d1 = np.clip(st + ln, 1, DAYS)
    W.drv_stay = dict(zip(drivers.tolist(), zip(d0.tolist(), d1.tolist())))
    br = W.group("logistics_broker")
    ld = W.group("truck_driver_local")
    fl = foreign_mix(W, rng, jit(rng, 380), {"LA": 0.6, "TH": 0.3, "MM": 0.1}, "contact_foreign_business")
    # brokers' regular drivers and daily churn of new drivers (each a new number: high fan-out)
    per_b = rng.integers(12, 55, len(br))
    caller = np.repeat(br, per_b * DAYS // 3)
    n = len(caller)
    kind = rng.choice(4, n, p=[0.5, 0.15, 0.2, 0.15])
    callee = np.empty(n, np.int64)
    callee[kind == 0] = pick(rng, drivers, int((kind == 0).sum()))
    callee[kind == 1] = pick(rng, ld, int((kind == 1).sum()))
    callee[kind == 2] = pick(rng, fl, int((kind == 2).sum()))
    callee[kind == 3] = pick(
        rng, np.concatenate([br, W.group("trader"), W.group("gov_hospital_fixed")]), int((kind == 3).sum())
    )
    d_lo = np.array([W.drv_stay.get(int(c), (0, DAYS))[0] for c in callee])
    d_hi = np.array([W.drv_stay.get(int(c), (0, DAYS))[1] for c in callee])
    t = sample_times(rng, n, prof=PROF_WORK, d0=d_lo, d1=d_hi)
    W.emit("xb:broker_calls", t, durations(rng, n, 0.7, 40, 0.9), caller, callee)
    # drivers ring back (answered more often: they are waiting for the call)
    back = rng.random(n) < 0.45
    tb = t[back] + rng.integers(60, 4 * 3600, int(back.sum()))
    W.emit(
        "xb:broker_callbacks", tb, durations(rng, int(back.sum()), 0.8, 45, 0.9), callee[back], caller[back]
    )
    # our own cross-border drivers: Vientiane runs on the expressway, days in Laos
    W.set("ab_mask", ld, abroad_runs(rng, len(ld), 0.45, 2, 5))
    k = rng.integers(2, 6, len(ld))
    edge_calls(
        W,
        rng,
        "xb:driver_brokers",
        np.repeat(ld, k),
        pick(rng, br, int(k.sum())),
        0.15,
        0.5,
        0.8,
        50,
        0.9,
        prof=PROF_WORK,
    )

    # ---- border villages: relatives across the line; phones drift onto Myanmar / Lao networks ----
    bv = W.group("border_villager")
    k = rng.integers(1, 6, len(bv))
    rel = foreign_mix(W, rng, int(k.sum()), {"MM": 0.6, "LA": 0.4}, "contact_foreign_family")
    edge_calls(W, rng, "xb:village_relatives", np.repeat(bv, k), rel, 0.05, 0.5, 0.75, 180, 1.0)
    W.set("spill", bv, rng.uniform(0.02, 0.25, len(bv)))
    W.set("ab_mask", bv, abroad_runs(rng, len(bv), 0.15, 1, 2))  # market days over the line
    # ---- foreign workers: dorm groups swap a couple of shared phones; call home every evening ----
    fw = W.group("foreign_worker")
    perm = fw[rng.permutation(len(fw))]
    mates_a, mates_b = [], []
    i = 0
    while i < len(perm):
        g = perm[i : i + int(rng.integers(3, 7))]
        i += len(g)
        if rng.random() < 0.35:
            shared = [W.attr["hs1"][x] for x in g[:2]]
            for x in g[2:]:
                W.attr["hs1"][x] = shared[int(rng.integers(0, 2))]
            for x in g:
                if rng.random() < 0.5:
                    W.attr["hs2"][x] = shared[int(rng.integers(0, 2))]
                    W.attr["tsw"][x] = int(rng.integers(0, T_END))
        for u in range(len(g)):
            for v in range(u + 1, len(g)):
                mates_a.append(g[u])
                mates_b.append(g[v])
    edge_calls(W, rng, "xb:worker_mates", mates_a, mates_b, 0.05, 0.5, 0.85, 40, 0.9)
    k = rng.integers(2, 5, len(fw))
    fam = foreign_mix(W, rng, int(k.sum()), {"MM": 0.72, "LA": 0.23, "VN": 0.05}, "contact_foreign_family")
    edge_calls(W, rng, "xb:worker_home", np.repeat(fw, k), fam, 0.13, 0.65, 0.8, 320, 1.0, prof=PROF_EVENING)
    k = rng.integers(1, 3, len(fw))  # foreman / plantation boss
    edge_calls(
        W,
        rng,
        "xb:worker_boss",
        np.repeat(fw, k),
        pick(rng, np.concatenate([W.group("small_shop"), W.group("resident")]), int(k.sum())),
        0.1,
        0.4,
        0.8,
        40,
        0.8,
        prof=PROF_WORK,
    )
    # ---- foreign spouses: in-laws locally, family over the border ----
    fs = W.group("foreign_spouse")
    k = rng.integers(2, 5, len(fs))
    fam = foreign_mix(W, rng, int(k.sum()), {"MM": 0.65, "LA": 0.35}, "contact_foreign_family")
    edge_calls(W, rng, "xb:spouse_home", np.repeat(fs, k), fam, 0.09, 0.55, 0.82, 260, 1.0, prof=PROF_EVENING)
    W.set("ab_mask", fs, abroad_runs(rng, len(fs), 0.12, 2, 4))
    # ---- our own subscribers working in Laos / Myanmar all window (railway, plantations, casinos'
    #      kitchens, shops in Mong La): the card is in the file, but every record of it comes through the
    #      international gateway presenting the +86 number -- no IMEI, no cell, ever ----
    hh = [h for h in W.households if len(h) >= 2 and W.pop[h[0]] == "resident"]
    pick_h = rng.choice(len(hh), size=min(len(hh), jit(rng, 260)), replace=False)
    away = np.array([hh[i][0] for i in pick_h], np.int64)
    for x in away:
        W.pop[x] = "resident_working_abroad"
    W.groups["resident_working_abroad"] = [away]
    W.groups["resident"] = [np.setdiff1d(W.group("resident"), away)]
    W.set("ab_mask", away, (1 << DAYS) - 1)
    home = np.array([hh[i][1] for i in pick_h], np.int64)
    edge_calls(W, rng, "xb:working_abroad_home", away, home, 0.35, 0.6, 0.88, 260, 1.0, prof=PROF_EVENING)
    # ---- Chinese working or studying in Laos / Myanmar on other carriers: +86 via the gateway ----
    cab = new_contacts(W, rng, jit(rng, 950), "chinese_abroad", local_share=0.3, cmcc_share=0.0)
    W.set("ab_mask", cab, (1 << DAYS) - 1)
    tgt = pick(rng, W.people, len(cab) * 2)
    edge_calls(W, rng, "xb:chinese_abroad", np.repeat(cab, 2), tgt, 0.08, 0.7, 0.8, 200, 1.0)
    # ---- agencies over the border phoning their Chinese clients: Lao / Thai freight forwarders and
    #      customs agents, Luang Prabang travel agencies during the holiday, Myanmar jade houses.  Low
    #      pace, mostly known clients but a steady trickle of new ones, from foreign numbers ----
    ag = foreign_mix(W, rng, jit(rng, 45), {"LA": 0.5, "TH": 0.3, "MM": 0.2}, "foreign_agency_outbound")
    clients_pool = np.concatenate(
        [
            W.group("trader"),
            W.group("logistics_broker"),
            W.group("truck_driver_local"),
            W.group("small_shop"),
            W.group("tour_guide"),
            W.group("resident")[:3000],
        ]
    )
    for x in ag:
        clients = pick(rng, clients_pool, int(rng.integers(20, 120)))
        m = int(rng.poisson(rng.uniform(3, 14) * DAYS))
        new = rng.random(m) < rng.uniform(0.1, 0.4)
        tgt = np.where(new, pick(rng, clients_pool, m), pick(rng, clients, m))
        t = sample_times(rng, m, DAYW_BIZ, PROF_WORK)
        W.emit("xb:foreign_agency", t, durations(rng, m, rng.uniform(0.5, 0.75), 70, 0.9), x, tgt)
        back = rng.random(m) < 0.2
        W.emit(
            "xb:foreign_agency_back",
            t[back] + rng.integers(300, 6 * 3600, int(back.sum())),
            durations(rng, int(back.sum()), 0.75, 80, 0.9),
            tgt[back],
            x,
        )


# =====================================================================================================
# 7. Tourism and the water-splashing festival
# =====================================================================================================


def build_tourism(W):
    rng = rng_for(W.seed, "tour:festival")
    nv, no = jit(rng, 6800), jit(rng, 8200)
    homes = rng.choice(OUT_PROV, nv + no, p=OUT_PROV_W)
    # arrival day follows the festival surge; stays of 2-6 days
    arr = rng.choice(DAYS + 2, size=nv + no, p=_prof(np.r_[DAYW_TOUR[:1], DAYW_TOUR[:1], DAYW_TOUR])) - 2
    stay = rng.integers(2, 7, nv + no)
    d0 = np.clip(arr, 0, DAYS - 1)
    d1 = np.clip(arr + stay, 1, DAYS)
    # visitors on China Mobile: our MSCs record everything they dial while here
    vis = W.add(
        W.unique_numbers(rng, nv, numgen_prefix(CMCC_PFX)),
        K_VISITOR,
        "visitor_tourist",
        home=homes[:nv].tolist(),
        imsi=imsis(rng, nv),
        hs1=W.new_handsets(rng, nv, W.tac_smart, 0.92),
        zone=W.zone_id["tourist"],
        mob=1,
        home_cell=home_cells(W, rng, "tourist", nv),
    )
    oth = W.add(
        W.unique_numbers(rng, no, numgen_prefix(OTHER_PFX)),
        K_OTHER_OP,
        "tourist_other_operator",
        home=homes[nv:].tolist(),
    )
    tour = np.concatenate([vis, oth])
    W.tourists, W.tour_d0, W.tour_d1 = tour, d0, d1
    # some tourists take the China-Laos railway to Luang Prabang for 1-3 days of their stay: their calls
    # back to hotels and guides arrive over the international gateway presenting +86 numbers
    lao = rng.random(len(tour)) < 0.08
    for i in np.nonzero(lao)[0]:
        s = int(rng.integers(d0[i], d1[i]))
        m = 0
        for d in range(s, min(DAYS, s + int(rng.integers(1, 4)))):
            m |= 1 << d
        W.attr["ab_mask"][tour[i]] = m

    lodging = np.concatenate([W.group("hotel_frontdesk"), W.group("homestay_owner")])
    lw = 1.0 / (np.arange(len(lodging)) + 5.0)
    lodge = lodging[rng.choice(len(lodging), size=len(tour), p=lw / lw.sum())]
    # tourist -> lodging before and during the stay
    k = 1 + rng.poisson(0.7, len(tour))
    a = np.repeat(np.arange(len(tour)), k)
    t = sample_times(rng, len(a), prof=PROF_SOCIAL, d0=np.maximum(d0[a] - 2, 0), d1=np.maximum(d1[a] - 1, 1))
    W.emit("tour:to_lodging", t, durations(rng, len(a), 0.82, 55, 0.8), tour[a], lodge[a])
    # lodging confirms the booking: a call to a stranger from a Yunnan number, often ignored
    c = rng.random(len(tour)) < 0.6
    ti = np.nonzero(c)[0]
    t = sample_times(rng, len(ti), prof=PROF_WORK, d0=np.maximum(d0[ti] - 1, 0), d1=d0[ti] + 1)
    W.emit("tour:lodging_confirm", t, durations(rng, len(ti), 0.55, 30, 0.7), lodge[ti], tour[ti])
    # group tours: guides phone every member the morning of the tour (bursts of 10-30 calls)
    guides = W.group("tour_guide")
    g_of = pick(rng, guides, len(tour))
    inq = rng.random(len(tour)) < 0.38
    ti = np.nonzero(inq)[0]
    reps = rng.integers(1, 3, len(ti))
    ti2 = np.repeat(ti, reps)
    t = sample_times(rng, len(ti2), prof=PROF_TOUR, d0=d0[ti2], d1=d1[ti2])
    W.emit("tour:guide_calls", t, durations(rng, len(ti2), 0.72, 28, 0.8), g_of[ti2], tour[ti2])
    k = rng.poisson(0.6, len(ti))
    tj = np.repeat(ti, k)
    t = sample_times(rng, len(tj), prof=PROF_SOCIAL, d0=d0[tj], d1=d1[tj])
    W.emit("tour:to_guide", t, durations(rng, len(tj), 0.8, 50, 0.8), tour[tj], g_of[tj])
    # guides take groups to Laos (Luang Prabang / Vientiane by train) and coordinate with hotels and drivers
    W.set("ab_mask", guides, abroad_runs(rng, len(guides), 0.2, 2, 4))
    k = rng.integers(3, 10, len(guides))
    edge_calls(
        W,
        rng,
        "tour:guide_network",
        np.repeat(guides, k),
        pick(rng, np.concatenate([lodging, W.group("ridehail_driver"), guides]), int(k.sum())),
        0.08,
        0.5,
        0.8,
        50,
        0.9,
        prof=PROF_TOUR,
        dayw=DAYW_TOUR,
    )
    # restaurants, night-market stalls, rental shops
    k = rng.poisson(0.5, len(tour))
    a = np.repeat(np.arange(len(tour)), k)
    t = sample_times(rng, len(a), prof=PROF_EVENING, d0=d0[a], d1=d1[a])
    W.emit(
        "tour:shops",
        t,
        durations(rng, len(a), 0.78, 35, 0.8),
        tour[a],
        pick(rng, W.group("small_shop"), len(a)),
    )
    # visitors on China Mobile phone home every day (recorded because our switch serves them)
    k = rng.integers(1, 3, nv)
    fam = new_contacts(
        W, rng, int(k.sum()), "contact_domestic", local_share=0.0, homes=np.repeat(homes[:nv], k)
    )
    rep = np.repeat(np.arange(nv), k)
    edge_calls(W, rng, "tour:visitor_home", vis[rep], fam, 0.45, 0.8, 0.85, 130, 1.0, d0=d0[rep], d1=d1[rep])
    # business visitors (jade / tea buyers): many local calls in a few days
    nb = jit(rng, 900)
    bh = rng.choice(OUT_PROV, nb, p=OUT_PROV_W)
    bvis = W.add(
        W.unique_numbers(rng, nb, numgen_prefix(CMCC_PFX)),
        K_VISITOR,
        "business_visitor",
        home=bh.tolist(),
        imsi=imsis(rng, nb),
        hs1=W.new_handsets(rng, nb, W.tac_smart, 0.95),
        zone=W.zone_id["jh"],
        mob=1,
        home_cell=home_cells(W, rng, "jh", nb),
    )
    s = rng.integers(0, DAYS - 1, nb)
    e = np.minimum(s + rng.integers(2, 6, nb), DAYS)
    W.set("ab_mask", bvis, abroad_runs(rng, nb, 0.15, 1, 2))
    k = rng.integers(3, 25, nb)
    rep = np.repeat(np.arange(nb), k)
    tgt = pick(
        rng,
        np.concatenate(
            [W.group("trader"), W.group("trader"), W.group("small_shop"), lodging, W.group("ridehail_driver")]
        ),
        len(rep),
    )
    edge_calls(
        W,
        rng,
        "tour:business_visitor",
        bvis[rep],
        tgt,
        0.5,
        0.65,
        0.78,
        70,
        0.9,
        prof=PROF_WORK,
        d0=s[rep],
        d1=e[rep],
    )
    k = rng.integers(1, 3, nb)
    rep = np.repeat(np.arange(nb), k)
    fam = new_contacts(W, rng, len(rep), "contact_domestic", local_share=0.0, homes=bh[rep])
    edge_calls(W, rng, "tour:business_home", bvis[rep], fam, 0.5, 0.8, 0.85, 120, 1.0, d0=s[rep], d1=e[rep])


# =====================================================================================================
# 8. Local services: riders, ride-hailing, platform privacy numbers, shops, teachers, offices
# =====================================================================================================


def customers_pool(W):
    """People a rider or driver might phone: locals on any network, and tourists present that day."""
    return np.concatenate([W.people, W.group("student"), W.group("new_arrival"), W.local_contacts])


def build_services(W):
    rng = rng_for(W.seed, "svc:local")
    cust = customers_pool(W)
    tour, d0, d1 = W.tourists, W.tour_d0, W.tour_d1
    # ---- delivery riders: lunch and dinner peaks, 8-25 direct customer calls a day, mostly strangers ----
    rd = W.group("delivery_rider")
    per = rng.integers(4, 14, len(rd))
    caller = np.repeat(rd, per * DAYS * 6 // 7)
    n = len(caller)
    t = sample_times(rng, n, DAYW_FLAT, PROF_MEAL)
    ist = rng.random(n) < 0.12
    callee = pick(rng, cust, n)
    ti = rng.integers(0, len(tour), int(ist.sum()))
    callee[ist] = tour[ti]
    t[ist] = sample_times(rng, int(ist.sum()), prof=PROF_MEAL, d0=d0[ti], d1=d1[ti])
    dur = durations(rng, n, 0.72, 22, 0.6)
    W.emit("svc:rider_calls", t, dur, caller, callee)
    back = (dur == 0) & (rng.random(n) < 0.3)  # customer sees a missed call and rings back
    W.emit(
        "svc:rider_callbacks",
        t[back] + rng.integers(40, 900, int(back.sum())),
        durations(rng, int(back.sum()), 0.85, 20, 0.6),
        callee[back],
        caller[back],
    )
    # ---- ride-hailing / taxi drivers: some on night shifts ----
    dv = W.group("ridehail_driver")
    night = rng.random(len(dv)) < 0.3
    per = rng.integers(2, 9, len(dv))
    for sel, prof, tag in [(night, PROF_NIGHT, "night"), (~night, PROF_SOCIAL, "day")]:
        caller = np.repeat(dv[sel], per[sel] * DAYS)
        n = len(caller)
        t = sample_times(rng, n, DAYW_TOUR**0.5, prof)
        ist = rng.random(n) < 0.35
        callee = pick(rng, cust, n)
        ti = rng.integers(0, len(tour), int(ist.sum()))
        callee[ist] = tour[ti]
        t[ist] = sample_times(rng, int(ist.sum()), prof=prof, d0=d0[ti], d1=d1[ti])
        W.emit("svc:ridehail_" + tag, t, durations(rng, n, 0.76, 25, 0.6), caller, callee)
        back = rng.random(n) < 0.15
        W.emit(
            "svc:ridehail_back_" + tag,
            t[back] + rng.integers(30, 600, int(back.sum())),
            durations(rng, int(back.sum()), 0.85, 25, 0.6),
            callee[back],
            caller[back],
        )
    # ---- platform privacy numbers: bridged calls come from a pool number, never from a handset ----
    pool = W.group("privacy_number_pool")
    n = int(jit(rng, 1800) * DAYS)
    caller = pick(rng, pool, n)
    t = sample_times(rng, n, DAYW_TOUR**0.5, PROF_MEAL * 0.5 + PROF_SOCIAL * 0.5)
    ist = rng.random(n) < 0.2
    callee = pick(rng, cust, n)
    ti = rng.integers(0, len(tour), int(ist.sum()))
    callee[ist] = tour[ti]
    t[ist] = sample_times(rng, int(ist.sum()), prof=PROF_SOCIAL, d0=d0[ti], d1=d1[ti])
    W.emit(
        "svc:privacy_bridge", t, durations(rng, n, 0.7, 28, 0.7), caller, callee, hs=-1, cell=-1, reg=R_LOCAL
    )
    back = rng.random(n) < 0.18
    W.emit(
        "svc:privacy_back",
        t[back] + rng.integers(30, 1800, int(back.sum())),
        durations(rng, int(back.sum()), 0.8, 30, 0.7),
        callee[back],
        caller[back],
    )
    # ---- small shops: suppliers all over China; some forward calls to the owner's mobile ----
    sh = W.group("small_shop")
    k = rng.integers(2, 7, len(sh))
    sup = new_contacts(W, rng, int(k.sum()), "contact_domestic", local_share=0.2, cmcc_share=0.35)
    edge_calls(
        W,
        rng,
        "svc:shop_suppliers",
        np.repeat(sh, k),
        sup,
        0.05,
        0.6,
        0.8,
        70,
        0.9,
        prof=PROF_WORK,
        dayw=DAYW_BIZ,
    )
    # ---- teachers: a class list of parents, phoned in bursts before the holiday ----
    te = W.group("teacher")
    for x in te:
        parents = pick(rng, np.concatenate([W.people, W.local_contacts]), int(rng.integers(30, 46)))
        for day in rng.choice([4, 5, 6, 10, 11], size=int(rng.integers(1, 3)), replace=False):
            m = int(rng.integers(12, len(parents)))
            start = day * DAY + int(rng.integers(15, 20)) * 3600 + int(rng.integers(0, 1800))
            tt = start + np.cumsum(rng.integers(40, 200, m))
            W.emit("svc:teacher_burst", tt, durations(rng, m, 0.68, 45, 0.7), x, parents[:m])
        k = rng.poisson(0.25 * DAYS)
        W.emit(
            "svc:parent_to_teacher",
            sample_times(rng, k, DAYW_BIZ, PROF_EVENING),
            durations(rng, k, 0.8, 60, 0.8),
            pick(rng, parents, k),
            x,
        )
    # ---- offices, clinics, hospitals: appointment reminders and notices to strangers ----
    gov = W.group("gov_hospital_fixed")
    per = rng.poisson(rng.uniform(0.4, 5, len(gov)) * DAYS)
    caller = np.repeat(gov, per)
    n = len(caller)
    W.emit(
        "svc:office_outbound",
        sample_times(rng, n, DAYW_BIZ, PROF_WORK),
        durations(rng, n, 0.62, 50, 0.8),
        caller,
        pick(rng, cust, n),
    )
    # ---- the operator's 10086 outbound (bill reminders, plan offers) and banks' verification calls ----
    own_all = np.concatenate([cust[np.isin(np.array([W.kind[i] for i in cust]), OWN_KINDS)]])
    n = int(jit(rng, 260) * DAYS)
    W.emit(
        "svc:10086",
        sample_times(rng, n, DAYW_BIZ, PROF_WORK),
        durations(rng, n, 0.45, 35, 0.7),
        W.i10086,
        pick(rng, own_all, n),
    )
    n = int(jit(rng, 70) * DAYS)
    W.emit(
        "svc:banks",
        sample_times(rng, n, DAYW_BIZ, PROF_WORK),
        durations(rng, n, 0.6, 60, 0.7),
        pick(rng, W.banks, n),
        pick(rng, own_all, n),
    )
    n = int(jit(rng, 20) * DAYS)
    W.emit(
        "svc:12345",
        sample_times(rng, n, DAYW_BIZ, PROF_WORK),
        durations(rng, n, 0.6, 90, 0.7),
        W.i12345,
        pick(rng, own_all, n),
    )
    W.own_people = own_all
    # ---- call forwarding: a shop number forwards unanswered calls to the owner's other phone ----
    fw_shops = sh[rng.random(len(sh)) < 0.12]
    target = pick(rng, np.concatenate([W.people, W.local_contacts]), len(fw_shops))
    W.fwd_target = dict(zip(fw_shops.tolist(), target.tolist()))


# =====================================================================================================
# 9. Unit accounts that dial like machines: telemarketing and collections
# =====================================================================================================


def consecutive_numbers(W, rng, n, step=1):
    blk = W.blk_cmcc[rng.integers(len(W.blk_cmcc))]
    base = int(rng.integers(0, 10000 - n * step - 1))
    out = []
    for j in range(n):
        s = f"{blk}{base + j * step:04d}"
        if "+86" + s not in W.taken:
            W.taken.add("+86" + s)
            out.append(("+86" + s, s))
    return out


def dial_sessions(
    rng, n_calls, day, shifts, gap_mean, p_ans, med, sig, hook_p=0.0, hook_med=0, ring=(12, 35)
):
    """Sequential dialling of one card on one day inside shift windows: a call starts after the previous
    one ended plus a gap.  Returns start times, talk times and a 'hooked' flag (long conversation)."""
    if n_calls <= 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, bool)
    ans = rng.random(n_calls) < p_ans
    dur = np.clip(np.rint(np.exp(np.log(med) + sig * rng.standard_normal(n_calls))), 2, 900).astype(np.int64)
    hooked = ans & (rng.random(n_calls) < hook_p)
    if hook_med:
        dur[hooked] = np.clip(
            np.rint(np.exp(np.log(hook_med) + 0.6 * rng.standard_normal(int(hooked.sum())))), 120, 7200
        ).astype(np.int64)
    dur = np.where(ans, dur, 0)
    occ = np.where(ans, dur, rng.integers(ring[0], ring[1], n_calls))
    gaps = rng.exponential(gap_mean, n_calls).astype(np.int64) + 3
    work = np.cumsum(np.r_[0, (occ + gaps)[:-1]]) + int(rng.integers(0, 900))
    lens = np.array([(e - s) * 3600 for s, e in shifts])
    cum = np.r_[0, np.cumsum(lens)]
    keep = work < cum[-1]
    work = work[keep]
    seg = np.searchsorted(cum, work, side="right") - 1
    starts = np.array([s * 3600 for s, _ in shifts])
    t = day * DAY + starts[seg] + (work - cum[seg])
    return t.astype(np.int64), dur[keep], hooked[keep]


def build_units(W):
    rng = rng_for(W.seed, "units:dialers")
    office = W.area_cells["jh_urban"]
    national = new_contacts(W, rng, jit(rng, 9000), "contact_domestic", local_share=0.15, cmcc_share=0.4)
    W.unit_national = national
    # ---- telemarketing: insurance, adult education, property sales ----
    for ci, (name, lines, sat) in enumerate(
        [
            ("insurance", jit(rng, 20), False),
            ("education", jit(rng, 16), False),
            ("property", jit(rng, 14), True),
        ]
    ):
        nums = consecutive_numbers(W, rng, lines, step=int(rng.integers(1, 3)))
        n = len(nums)
        cell = int(pick(rng, office, 1)[0])
        uid = "91532800" + digits(rng, 1, 10)[0]
        idx = W.add(
            nums,
            K_OWN_MOBILE,
            "telemarketing_unit",
            imsi=imsis(rng, n),
            hs1=W.new_handsets(rng, n, W.tac_smart, 0.9),
            home_cell=cell,
            work_cell=cell,
            zone=W.zone_id["jh"],
            id_raw=uid,
            card="mobile",
            act=act_years_ago(rng, n, 0.5, 4),
            op="CMCC",
            in_file=True,
        )
        lst = np.concatenate([pick(rng, W.own_people, 4000), pick(rng, national, 2500)])
        lst = lst[rng.permutation(len(lst))]
        ptr = 0
        for x in idx:
            rate = rng.uniform(50, 130)
            for d in range(DAYS):
                if d in FESTIVAL or WEEKDAY[d] == 6 or (WEEKDAY[d] == 5 and not sat):
                    continue
                m = int(rng.poisson(rate))
                t, dur, _ = dial_sessions(rng, m, d, [(9, 12), (14, 18)], 45, rng.uniform(0.25, 0.4), 14, 1.1)
                m = len(t)
                tgt = lst[(ptr + np.arange(m)) % len(lst)]
                ptr += m
                W.emit("units:telemarketing", t, dur, x, tgt, cell=cell, reg=R_LOCAL)
        W.notes.setdefault("telemarketing_companies", []).append(name)
    # ---- collections office: a debtor list, re-dialled day after day ----
    lines = jit(rng, 24)
    nums = consecutive_numbers(W, rng, lines)
    n = len(nums)
    cell = int(pick(rng, office, 1)[0])
    idx = W.add(
        nums,
        K_OWN_MOBILE,
        "collections_unit",
        imsi=imsis(rng, n),
        hs1=W.new_handsets(rng, n, W.tac_smart, 0.9),
        home_cell=cell,
        work_cell=cell,
        zone=W.zone_id["jh"],
        id_raw="91532800" + digits(rng, 1, 10)[0],
        card="mobile",
        act=act_years_ago(rng, n, 0.5, 3),
        op="CMCC",
        in_file=True,
    )
    debt = np.concatenate([pick(rng, W.own_people, 700), pick(rng, national, 900)])
    for x in idx:
        mine = pick(rng, debt, 120)
        for d in range(DAYS):
            if WEEKDAY[d] == 6 or d in FESTIVAL:
                continue
            m = int(rng.integers(40, 95))
            t, dur, _ = dial_sessions(rng, m, d, [(9, 12), (13, 18), (19, 20)], 60, 0.22, 40, 1.0)
            W.emit(
                "units:collections",
                t,
                dur,
                x,
                mine[rng.integers(0, 40 + d * 6, len(t)) % len(mine)],
                cell=cell,
                reg=R_LOCAL,
            )


# =====================================================================================================
# 10. Newcomers, handset changes, kids' watches, alarms
# =====================================================================================================


def build_newcomers(W):
    rng = rng_for(W.seed, "new:arrivals")
    na = W.group("new_arrival")
    act = W.get("act", na)
    first = np.maximum(act, 0) + rng.integers(600, 6 * 3600, len(na))
    # a newcomer's first days: employer, landlord, job agencies, shops -- many first-time contacts
    locals_ = np.concatenate(
        [
            W.group("small_shop"),
            W.group("gov_hospital_fixed"),
            W.group("resident"),
            W.group("homestay_owner"),
            W.local_contacts,
        ]
    )
    for i, x in enumerate(na):
        if first[i] >= T_END:
            continue
        burst_days = int(rng.integers(1, 4))
        m = int(rng.integers(4, 18) * burst_days)
        t = first[i] + np.sort(rng.integers(0, burst_days * DAY, m))
        t = t[(t % DAY) // 3600 >= 8]
        W.emit("new:burst", t, durations(rng, len(t), 0.6, 50, 0.9), x, pick(rng, locals_, len(t)))
    k = rng.integers(1, 4, len(na))
    fam = new_contacts(W, rng, int(k.sum()), "contact_domestic", local_share=0.0, cmcc_share=0.45)
    rep = np.repeat(np.arange(len(na)), k)
    d0 = np.clip(first[rep] // DAY, 0, DAYS - 1)
    edge_calls(
        W, rng, "new:family", na[rep], fam, 0.2, 0.6, 0.84, 140, 1.0, d0=d0, d1=np.full(len(rep), DAYS)
    )
    k = rng.poisson(1.5, len(na))
    rep = np.repeat(np.arange(len(na)), k)
    edge_calls(
        W,
        rng,
        "new:friends",
        na[rep],
        pick(rng, W.people, len(rep)),
        0.06,
        0.5,
        0.75,
        60,
        0.9,
        d0=np.clip(first[rep] // DAY, 0, DAYS - 1),
        d1=np.full(len(rep), DAYS),
    )

    # handset upgrades: ~5% of people change phone during the window; a share of the old phones is sold
    # second-hand to newcomers (the IMEI reappears with a brand-new card)
    r2 = rng_for(W.seed, "new:handsets")
    ppl = W.people
    ch = ppl[r2.random(len(ppl)) < 0.05]
    tsw = r2.integers(DAY, T_END - 3 * DAY, len(ch))
    new = W.new_handsets(r2, len(ch), W.tac_smart, 0.92)
    donors = []
    for x, t, h in zip(ch, tsw, new):
        W.attr["hs2"][x] = int(h)
        W.attr["tsw"][x] = int(t)
        donors.append((int(t), W.attr["hs1"][x]))
    late = [i for i, x in enumerate(na) if first[i] > DAY]
    r2.shuffle(late)
    donors.sort()
    for i in late[: int(len(late) * 0.3)]:
        cand = [j for j, (t, h) in enumerate(donors) if t < first[i] - 3600]
        if cand:
            j = cand[int(r2.integers(len(cand)))]
            W.attr["hs1"][na[i]] = int(donors.pop(j)[1])
    W.newcomer_first = dict(zip(na.tolist(), first.tolist()))

    # kids' smartwatches: only ever call their two parents, after school
    r3 = rng_for(W.seed, "new:iot")
    kw = W.group("kids_watch_iot")
    parents = pick(r3, W.group("resident"), len(kw) * 2).reshape(-1, 2)
    for x, p in zip(kw, parents):
        W.attr["guard"][x] = ";".join(W.nat[q] for q in p)
        W.attr["birth"][x] = int(W.attr["birth"][p[0]])
    rep = np.repeat(kw, 2)
    edge_calls(
        W, r3, "iot:kids_watch", rep, parents.reshape(-1), 0.9, 0.6, 0.86, 30, 0.7, prof=PROF_AFTERSCHOOL
    )
    al = W.group("elderly_alarm_iot")
    eld = pick(r3, W.group("elderly"), len(al))
    for x, e in zip(al, eld):
        g = W.attr["guard"][e] or W.nat[int(pick(r3, W.group("resident"), 1)[0])]
        W.attr["guard"][x] = g
        W.attr["birth"][x] = W.attr["birth"][e]
        W.attr["home_cell"][x] = W.attr["home_cell"][e]
    # alarm pendants press a button to ring the first guardian (or the household)
    tgt = np.array([W.hh_of.get(int(e), -1) for e in eld])
    callee = np.array([W.households[h][0] if h >= 0 else int(e) for h, e in zip(tgt, eld)])
    n = r3.poisson(1.2, len(al))
    W.emit(
        "iot:alarm",
        sample_times(r3, int(n.sum()), DAYW_FLAT, PROF_SOCIAL),
        durations(r3, int(n.sum()), 0.9, 40, 0.7),
        np.repeat(al, n),
        np.repeat(callee, n),
    )


# =====================================================================================================
# 11. Fraud: rings across the border and their domestic tool people
# =====================================================================================================

TYPO = {
    # typology: answer-rate range, short talk median, hook probability, hooked talk median, calls/day, targets
    "fake_police": dict(
        p_ans=(0.22, 0.42),
        med=(12, 35),
        hook=(0.02, 0.06),
        hook_med=(1500, 3600),
        per_day=(20, 80),
        targets={"elderly": 0.6, "general": 0.4},
        follow="transfer",
    ),
    "refund": dict(
        p_ans=(0.30, 0.50),
        med=(15, 40),
        hook=(0.03, 0.08),
        hook_med=(600, 1800),
        per_day=(25, 110),
        targets={"young": 0.6, "general": 0.4},
        follow=None,
    ),
    "loan": dict(
        p_ans=(0.28, 0.45),
        med=(10, 30),
        hook=(0.03, 0.07),
        hook_med=(300, 900),
        per_day=(30, 140),
        targets={"shop": 0.5, "young": 0.5},
        follow=None,
    ),
    "recruitment": dict(
        p_ans=(0.35, 0.55),
        med=(30, 70),
        hook=(0.06, 0.12),
        hook_med=(400, 1500),
        per_day=(8, 30),
        targets={"newcomer": 0.7, "young": 0.3},
        follow="nurture",
    ),
    "investment": dict(
        p_ans=(0.25, 0.40),
        med=(15, 35),
        hook=(0.02, 0.05),
        hook_med=(600, 2400),
        per_day=(25, 90),
        targets={"general": 0.6, "elderly": 0.4},
        follow="nurture",
    ),
    "fake_leader": dict(
        p_ans=(0.45, 0.60),
        med=(30, 60),
        hook=(0.03, 0.08),
        hook_med=(200, 600),
        per_day=(8, 35),
        targets={"shop": 0.7, "general": 0.3},
        follow=None,
    ),
    "traffic": dict(
        p_ans=(0.20, 0.35),
        med=(8, 20),
        hook=(0.0, 0.0),
        hook_med=0,
        per_day=(90, 260),
        targets={"young": 0.5, "general": 0.5},
        follow=None,
    ),
}
SHIFTS = [
    [(10, 12), (14, 18), (19, 22)],
    [(9, 12), (13, 17)],
    [(11, 14), (15, 19), (20, 23)],
    [(10, 13), (14, 21)],
    [(13, 18), (19, 24)],
]


def build_fraud(W):
    rng = rng_for(W.seed, "fraud:setup")
    birth = np.array(W.attr["birth"])
    own_people = W.own_people
    by = birth[own_people]
    pops = np.array(W.pop)[own_people]
    lists = {
        "elderly": own_people[(by > 0) & (by <= 1965)],
        "young": own_people[(by >= 1988)],
        "shop": own_people[
            np.isin(pops, ["small_shop", "trader", "homestay_owner", "ridehail_driver", "logistics_broker"])
        ],
        "general": own_people,
        "newcomer": np.concatenate(
            [
                W.group("new_arrival"),
                W.group("student"),
                W.group("foreign_worker"),
                own_people[(by >= 1995)][:800],
            ]
        ),
    }
    # leaked nationwide lists that bought cards inside China dial (we see them as our cards' MOC records)
    nation = [
        new_contacts(W, rng, jit(rng, 7000), "victim_national", local_share=0.02, cmcc_share=0.4)
        for _ in range(3)
    ]
    W.victim_lists = lists
    FR = dict(rng=rng, lists=lists, nation=nation, ring_no=0, victims=[])

    def targets_for(r, typ, n, national_share=0.0):
        spec = TYPO[typ]["targets"]
        keys = list(spec)
        w = _prof([spec[k] for k in keys])
        which = r.choice(len(keys), size=n, p=w)
        out = np.empty(n, np.int64)
        for ki, k in enumerate(keys):
            sel = which == ki
            src = lists[k]
            # rings reuse a leaked list: start somewhere in a shuffled copy and walk through it
            out[sel] = src[(int(r.integers(len(src))) + np.arange(int(sel.sum())) * 7) % len(src)]
        if national_share > 0:
            nl = nation[int(r.integers(len(nation)))]
            sel = r.random(n) < national_share
            st = int(r.integers(len(nl)))
            out[sel] = nl[(st + np.arange(int(sel.sum()))) % len(nl)]
        return out

    def ring_meta(channel, typ, numbers, **kw):
        FR["ring_no"] += 1
        m = dict(ring=f"R{FR['ring_no']:02d}", channel=channel, typology=typ, numbers=int(len(numbers)))
        m.update(kw)
        W.rings.append(m)
        return m["ring"]

    def card_days(r, start_lo, start_hi, life_lo, life_hi):
        s = int(r.integers(start_lo, start_hi + 1))
        return list(range(s, min(DAYS, s + int(r.integers(life_lo, life_hi + 1)))))

    def run_card(
        r,
        src,
        card,
        days,
        typ,
        pars,
        shifts,
        tgt_fn,
        hs_fn=None,
        cell_fn=None,
        reg=None,
        follow_pool=None,
        per_day=None,
    ):
        """One card's (or presented number's) dialling on its active days."""
        for d in days:
            m = int(max(1, r.poisson(per_day if per_day is not None else pars["per_day"])))
            t, dur, hooked = dial_sessions(
                r, m, d, shifts, pars["gap"], pars["p_ans"], pars["med"], 0.9, pars["hook"], pars["hook_med"]
            )
            if len(t) == 0:
                continue
            tgt = tgt_fn(len(t))
            hs = hs_fn(d, len(t)) if hs_fn else None
            cell = cell_fn(d, len(t)) if cell_fn else None
            W.emit(src, t, dur, card, tgt, fraud=1, hs=hs, cell=cell, reg=reg)
            FR["victims"].append((t, dur, np.full(len(t), card), tgt, hooked))
            fol = TYPO[typ]["follow"]
            if fol and hooked.any():
                follow_up(
                    r, src, fol, t[hooked], dur[hooked], tgt[hooked], card, follow_pool, hs_fn, cell_fn, reg
                )

    def follow_up(r, src, kind, t, dur, tgt, card, pool, hs_fn, cell_fn, reg):
        if kind == "transfer":
            # "police" hands the victim to a "prosecutor" on another line within minutes
            k = r.random(len(t)) < 0.7
            if not k.any():
                return
            tt = t[k] + dur[k] + r.integers(60, 1500, int(k.sum()))
            cc = (
                pick(r, pool, int(k.sum())) if pool is not None and len(pool) else np.full(int(k.sum()), card)
            )
            dd = np.clip(
                np.rint(np.exp(np.log(2400) + 0.5 * r.standard_normal(int(k.sum())))), 300, 7200
            ).astype(np.int64)
            for c, a, b, v in zip(cc, tt, dd, tgt[k]):
                W.emit(
                    src + ":transfer",
                    [a],
                    [b],
                    c,
                    v,
                    fraud=1,
                    hs=hs_fn(int(a // DAY), 1) if hs_fn else None,
                    cell=cell_fn(int(a // DAY), 1) if cell_fn else None,
                    reg=reg,
                )
        else:
            # nurture: recruiters and 'investment mentors' keep phoning the interested over several days
            for a, v in zip(t, tgt):
                m = int(r.integers(2, 7))
                days = np.minimum(a // DAY + np.cumsum(r.integers(0, 3, m)), DAYS - 1)
                tt = days * DAY + r.choice(24, m, p=PROF_EVENING) * 3600 + r.integers(0, 3600, m)
                tt = np.maximum(tt, a + 3600)
                tt = tt[tt < T_END]
                if len(tt) == 0:
                    continue
                dd = durations(r, len(tt), 0.8, 500, 0.8, 30, 4000)
                W.emit(
                    src + ":nurture",
                    tt,
                    dd,
                    card,
                    v,
                    fraud=1,
                    hs=hs_fn(int(tt[0] // DAY), len(tt)) if hs_fn else None,
                    cell=cell_fn(int(tt[0] // DAY), len(tt)) if cell_fn else None,
                    reg=reg,
                )

    def pars_for(r, typ, scale=1.0, gap=(40, 240)):
        s = TYPO[typ]
        return dict(
            p_ans=r.uniform(*s["p_ans"]),
            med=r.uniform(*s["med"]),
            hook=r.uniform(*s["hook"]),
            hook_med=r.uniform(*s["hook_med"]) if s["hook_med"] else 0,
            per_day=r.uniform(*s["per_day"]) * scale,
            gap=r.uniform(*gap),
        )

    def jitter(r, p):
        q = dict(p)
        q["p_ans"] = float(np.clip(p["p_ans"] * r.uniform(0.75, 1.25), 0.05, 0.9))
        q["per_day"] = p["per_day"] * float(np.exp(0.35 * r.standard_normal()))
        q["gap"] = p["gap"] * r.uniform(0.6, 1.6)
        return q

    # ---------------------------------------------------------------------------------------------
    # 11a. 缅北 / Golden Triangle rings dialling in with foreign numbers over the international gateway
    # ---------------------------------------------------------------------------------------------
    r = rng_for(W.seed, "fraud:igw_foreign")
    n_rings = int(r.integers(3, 5))
    for k in range(n_rings):
        typ = r.choice(["fake_police", "loan", "recruitment", "investment", "refund"])
        mix = [
            {"MM": 0.9, "TH": 0.1},
            {"LA": 0.85, "MM": 0.15},
            {"KH": 0.6, "PH": 0.4},
            {"TH": 0.7, "LA": 0.3},
        ][k % 4]
        nn = int(r.integers(20, 75))
        nums = foreign_mix(W, r, nn, mix, "fraud_mm_ring_foreign_number", fraud=1)
        p = pars_for(r, typ, 0.6)
        shifts = SHIFTS[int(r.integers(len(SHIFTS)))]
        rid = ring_meta("igw_foreign", typ, nums, countries=list(mix))
        start = int(r.integers(0, 6))
        for x in nums:
            days = card_days(r, start, DAYS - 1, 1, 4)
            run_card(
                r,
                f"fraud:{rid}",
                x,
                days,
                typ,
                jitter(r, p),
                shifts,
                lambda n, typ=typ: targets_for(r, typ, n),
                follow_pool=nums,
            )

    # ---- wangiri (响一声): one ring per number, sweep consecutive numbers, hang up before answer ----
    r = rng_for(W.seed, "fraud:wangiri")
    own_sorted = np.array(sorted(W.own_people.tolist(), key=lambda i: W.nat[i]))
    nn = int(r.integers(12, 35))
    nums = foreign_mix(W, r, nn, {"KH": 0.3, "PH": 0.3, "MM": 0.2, "VN": 0.2}, "fraud_wangiri", fraud=1)
    rid = ring_meta("igw_foreign", "wangiri", nums)
    W.wangiri = nums
    for x in nums:
        d = int(r.integers(0, DAYS))
        m = int(r.integers(120, 450))
        st = int(r.integers(0, len(own_sorted) - m))
        step = int(r.integers(1, 4))
        tgt = own_sorted[st : st + m * step : step]
        t = d * DAY + int(r.choice([9, 11, 13, 18, 20])) * 3600 + np.cumsum(r.integers(4, 30, len(tgt)))
        W.emit(f"fraud:{rid}", t, 0, x, tgt, fraud=1)
        FR["victims"].append((t, np.zeros(len(t), np.int64), np.full(len(t), x), tgt, np.zeros(len(t), bool)))

    # ---------------------------------------------------------------------------------------------
    # 11b. 改号: forged +86 presentations through the gateway (mobiles, big-city police landlines,
    #      look-alikes of the local public-security range), each used a handful of times
    # ---------------------------------------------------------------------------------------------
    r = rng_for(W.seed, "fraud:spoof")
    for k in range(int(r.integers(2, 5))):
        typ = ["fake_police", "refund", "fake_police", "investment"][k]
        nn = int(r.integers(280, 620))
        if typ == "fake_police":
            parts = [
                W.unique_numbers(r, nn // 3, numgen_fixed("010", ["6", "8"], 8)),
                W.unique_numbers(r, nn // 3, numgen_fixed("021", ["6", "5"], 8)),
                W.unique_numbers(r, nn // 6, numgen_fixed("0871", ["63", "65"], 8)),
                W.unique_numbers(r, nn - 2 * (nn // 3) - nn // 6, numgen_fixed("0691", ["21"], 7)),
            ]
            nums = [x for p in parts for x in p]
        else:
            nums = W.unique_numbers(r, nn, numgen_prefix(CMCC_PFX + OTHER_PFX))
        idx = W.add(nums, K_SPOOF, "fraud_spoofed_cn_via_igw", fraud=1)
        p = pars_for(r, typ, 1.0, gap=(30, 120))
        shifts = SHIFTS[int(r.integers(len(SHIFTS)))]
        rid = ring_meta("igw_spoof", typ, idx)
        # one agent works through presented numbers; each number is used for a short burst
        day = np.sort(r.integers(0, DAYS, len(idx)))
        for x, d in zip(idx, day):
            m = int(r.geometric(0.35))
            q = jitter(r, p)
            t, dur, hooked = dial_sessions(
                r, m, int(d), shifts, q["gap"], q["p_ans"] * 1.15, q["med"], 0.9, q["hook"], q["hook_med"]
            )
            if len(t) == 0:
                continue
            tgt = targets_for(r, typ, len(t))
            W.emit(f"fraud:{rid}", t, dur, x, tgt, fraud=1)
            FR["victims"].append((t, dur, np.full(len(t), x), tgt, hooked))
            if TYPO[typ]["follow"] and hooked.any():
                follow_up(
                    r,
                    f"fraud:{rid}",
                    TYPO[typ]["follow"],
                    t[hooked],
                    dur[hooked],
                    tgt[hooked],
                    x,
                    idx,
                    None,
                    None,
                    None,
                )

    # ---------------------------------------------------------------------------------------------
    # 11c. Tool people (两卡): real-name cards bought from students, farmers and the elderly, carried to
    #      relay phones (手机口) in houses along the border; handsets rotate between cards, a card
    #      lives one to three days.  Victims are mostly elsewhere in China (leaked national lists).
    # ---------------------------------------------------------------------------------------------
    r = rng_for(W.seed, "fraud:relay")
    border_cells = np.concatenate(
        [
            W.area_cells["daluo_border"],
            W.area_cells["border_villages"],
            W.area_cells["guanlei_port"],
            W.area_cells["mohan_port"][:6],
        ]
    )
    W.relay_rings = []
    for k in range(int(r.integers(3, 5))):
        typ = r.choice(["refund", "loan", "fake_police", "investment", "traffic"])
        nn = int(r.integers(8, 30))
        by = np.where(r.random(nn) < 0.8, r.integers(1996, 2007, nn), r.integers(1944, 1962, nn))
        # sellers: some sold several of their own cards (same ID)
        ids = resident_ids(r, by)
        for j in range(1, nn):
            if r.random() < 0.25:
                ids[j], by[j] = ids[j - 1], by[j - 1]
        act = -(r.integers(5, 120, nn) * DAY + r.integers(0, DAY, nn))
        cards = W.add(
            W.unique_numbers(r, nn, numgen_blocks(W.blk_cmcc)),
            K_OWN_MOBILE,
            "fraud_relay_card",
            fraud=1,
            imsi=imsis(r, nn),
            id_raw=ids,
            card="mobile",
            act=act,
            birth=by,
            op="CMCC",
            in_file=True,
            zone=W.zone_id["border_west"],
        )
        # bulk-bought relay handsets: often one model, close serials
        nh = int(r.integers(3, 10))
        hs = W.new_handsets(r, nh, W.tac_smart[int(r.integers(len(W.tac_smart))) :][:2], 0.6)
        cells = pick(r, border_cells, int(r.integers(1, 4)))
        p = pars_for(r, typ, 0.8)
        shifts = SHIFTS[int(r.integers(len(SHIFTS)))]
        nat_share = r.uniform(0.55, 0.9)
        rid = ring_meta(
            "relay_own_cards", typ, cards, handsets=int(nh), national_share=round(float(nat_share), 2)
        )
        W.relay_rings.append(
            dict(rid=rid, cards=cards, hs=hs, cells=cells, typ=typ, p=p, shifts=shifts, nat=nat_share)
        )
        start = int(r.integers(0, 5))
        for ci, x in enumerate(cards):
            days = card_days(r, start + ci * int(r.integers(0, 2)) % 8, DAYS - 1, 1, 3)
            hs_fn = lambda d, n, ci=ci, hs=hs: (
                np.full(n, hs[(ci + d * 3) % len(hs)]) if r.random() < 0.7 else pick(r, hs, n)
            )
            cell_fn = lambda d, n, cells=cells: pick(r, cells, n)
            # warm-up (养卡): a few calls to ring mates and 10086 before going live
            if r.random() < 0.55 and days and days[0] > 0:
                for wd in range(max(0, days[0] - int(r.integers(1, 4))), days[0]):
                    m = int(r.integers(1, 6))
                    tt = sample_times(r, m, prof=PROF_SOCIAL, d0=np.full(m, wd), d1=np.full(m, wd + 1))
                    tg = np.where(r.random(m) < 0.3, W.i10086, pick(r, cards, m))
                    W.emit(
                        f"fraud:{rid}:warmup",
                        tt,
                        durations(r, m, 0.85, 60, 0.8),
                        x,
                        tg,
                        fraud=2,
                        hs=hs_fn(wd, m),
                        cell=cell_fn(wd, m),
                        reg=R_LOCAL,
                    )
            run_card(
                r,
                f"fraud:{rid}",
                x,
                days,
                typ,
                jitter(r, p),
                shifts,
                lambda n, typ=typ, s=nat_share: targets_for(r, typ, n, s),
                hs_fn=hs_fn,
                cell_fn=cell_fn,
                reg=R_LOCAL,
                follow_pool=cards,
            )

    # ---- 11d. sold cards: a resident's long-used number changes hands mid-window ----
    r = rng_for(W.seed, "fraud:sold")
    pool = np.concatenate([W.group("resident"), W.group("student")])
    pb = birth[pool]
    pool = pool[(pb >= 1988)]
    sold = pool[r.choice(len(pool), size=int(r.integers(20, 50)), replace=False)]
    for x in sold:
        W.pop[x] = "fraud_sold_card"
        W.fraud[x] = 1
    W.groups["fraud_sold_card"] = [sold]
    for x in sold:
        rr = W.relay_rings[int(r.integers(len(W.relay_rings)))]
        sale = int(r.integers(1, 10)) * DAY + int(r.integers(0, DAY))
        W.attr["legit_end"][x] = sale
        hs = rr["hs"]
        days = list(range(sale // DAY + 1, min(DAYS, sale // DAY + 1 + int(r.integers(1, 4)))))
        hs_fn = lambda d, n, hs=hs: pick(r, hs, n)
        cell_fn = lambda d, n, cells=rr["cells"]: pick(r, cells, n)
        run_card(
            r,
            f"fraud:{rr['rid']}:sold",
            x,
            days,
            rr["typ"],
            jitter(r, rr["p"]),
            rr["shifts"],
            lambda n, typ=rr["typ"], s=rr["nat"]: targets_for(r, typ, n, s),
            hs_fn=hs_fn,
            cell_fn=cell_fn,
            reg=R_LOCAL,
            follow_pool=rr["cards"],
        )
    W.rings.append(
        dict(ring="sold", channel="sold_own_cards", typology="(joins relay rings)", numbers=int(len(sold)))
    )

    # ---------------------------------------------------------------------------------------------
    # 11e. 猫池 / GoIP SIM farms: a box at one cell, batches of freshly activated cards (consecutive
    #      numbers, 一证五卡), machine pacing; the operator shuts a batch down and the next goes in
    # ---------------------------------------------------------------------------------------------
    r = rng_for(W.seed, "fraud:goip")
    farm_cells = np.concatenate(
        [W.area_cells["border_villages"], W.area_cells["jh_rural"], W.area_cells["mengla"]]
    )
    for k in range(int(r.integers(1, 3))):
        typ = r.choice(["loan", "traffic", "refund"])
        slots = int(r.choice([8, 16, 32]))
        cell = int(pick(r, farm_cells, 1)[0])
        scheme = ["same", "sequential", "daily_random"][int(r.integers(3))]
        use_iot = r.random() < 0.35
        n_batches = int(r.integers(2, 4))
        all_cards = []
        p = pars_for(r, typ, 1.6, gap=(8, 30))
        shifts = [(9, 22)] if r.random() < 0.5 else [(10, 13), (14, 24)]
        base_hs = []
        tac = W.tac_feature[int(r.integers(len(W.tac_feature)))]
        ser = int(r.integers(0, 900000))
        for s in range(slots):
            if scheme == "same":
                base_hs.append(
                    W.handset_from(tac + f"{ser:06d}" + luhn(tac + f"{ser:06d}")) if s == 0 else base_hs[0]
                )
            else:
                p14 = tac + f"{ser + s:06d}"
                base_hs.append(W.handset_from(p14 + str((int(luhn(p14)) + (s % 3 == 0)) % 10)))
        d = int(r.integers(0, 5))
        for b in range(n_batches):
            if d >= DAYS:
                break
            n = slots
            act = (d * DAY - r.integers(DAY, 5 * DAY, n)).astype(np.int64)
            ids = []
            for j in range(n):
                ids.append(ids[-1] if j % 5 and ids else resident_ids(r, [int(r.integers(1990, 2005))])[0])
            if use_iot:
                nums = W.unique_numbers(r, n, numgen_iot)
                kind, card = K_OWN_IOT, "iot"
                ids = ["91440300" + digits(r, 1, 10)[0]] * n
            else:
                nums = consecutive_numbers(W, r, n)
                kind, card = K_OWN_MOBILE, "mobile"
            n = len(nums)
            cards = W.add(
                nums,
                kind,
                "fraud_goip_card",
                fraud=1,
                imsi=imsis(r, n),
                id_raw=ids[:n],
                card=card,
                act=act[:n],
                birth=0 if use_iot else r.integers(1990, 2005, n),
                op="CMCC",
                in_file=True,
                zone=W.zone_id["border_south"],
            )
            all_cards.append(cards)
            life = int(r.integers(1, 3))
            for si, x in enumerate(cards):
                days = list(range(d, min(DAYS, d + life)))
                if scheme == "daily_random":
                    hs_fn = lambda dd, m: np.full(m, W.new_handsets(r, 1, [tac], 0.0, bad_luhn=0.5)[0])
                else:
                    hs_fn = lambda dd, m, h=base_hs[si % slots]: np.full(m, h)
                run_card(
                    r,
                    f"fraud:goip{k}",
                    x,
                    days,
                    typ,
                    jitter(r, p),
                    shifts,
                    lambda m, typ=typ: targets_for(r, typ, m, 0.7),
                    hs_fn=hs_fn,
                    cell_fn=lambda dd, m: np.full(m, cell),
                    reg=R_LOCAL,
                )
            d += life + int(r.integers(0, 3))
        cards = np.concatenate(all_cards) if all_cards else np.zeros(0, np.int64)
        rid = ring_meta("goip_sim_farm", typ, cards, slots=slots, imei_scheme=scheme, iot_cards=bool(use_iot))

    # ---------------------------------------------------------------------------------------------
    # 11f. China Mobile cards from other provinces brought to the border (roaming here), and China
    #      Telecom / Unicom cards near the border calling our subscribers (we only see their calls to us)
    # ---------------------------------------------------------------------------------------------
    r = rng_for(W.seed, "fraud:roam")
    for k in range(int(r.integers(1, 3))):
        typ = r.choice(["loan", "refund", "fake_police", "investment"])
        nn = int(r.integers(15, 45))
        homes = r.choice(["0771", "0731", "0851", "028", "0898", "0591", "0775"], nn)
        nh = int(r.integers(2, 8))
        hs = W.new_handsets(r, nh, W.tac_smart, 0.7)
        cards = W.add(
            W.unique_numbers(r, nn, numgen_prefix(CMCC_PFX)),
            K_VISITOR,
            "fraud_roaming_outprov_card",
            fraud=1,
            home=homes.tolist(),
            imsi=imsis(r, nn),
        )
        cells = pick(r, border_cells, int(r.integers(1, 5)))
        p = pars_for(r, typ, 0.8)
        shifts = SHIFTS[int(r.integers(len(SHIFTS)))]
        s = r.uniform(0.4, 0.85)
        rid = ring_meta("roaming_outprov_cards", typ, cards, national_share=round(float(s), 2))
        for x in cards:
            days = card_days(r, 0, DAYS - 1, 1, 4)
            run_card(
                r,
                f"fraud:{rid}",
                x,
                days,
                typ,
                jitter(r, p),
                shifts,
                lambda n, typ=typ, s=s: targets_for(r, typ, n, s),
                hs_fn=lambda d, n, hs=hs: pick(r, hs, n),
                cell_fn=lambda d, n, cells=cells: pick(r, cells, n),
                reg=R_LOCAL,
                follow_pool=cards,
            )
    for k in range(int(r.integers(1, 3))):
        typ = r.choice(["refund", "loan", "recruitment", "fake_police"])
        nn = int(r.integers(40, 110))
        loc = r.random(nn) < 0.5
        nums = W.unique_numbers(r, int(loc.sum()), numgen_blocks(W.blk_other_local)) + W.unique_numbers(
            r, nn - int(loc.sum()), numgen_prefix(OTHER_PFX)
        )
        cards = W.add(nums, K_OTHER_OP, "fraud_other_operator_card", fraud=1)
        p = pars_for(r, typ, 0.35)  # only the share of their victims who are our subscribers is visible
        shifts = SHIFTS[int(r.integers(len(SHIFTS)))]
        rid = ring_meta("other_operator_cards", typ, cards)
        for x in cards:
            run_card(
                r,
                f"fraud:{rid}",
                x,
                card_days(r, 0, DAYS - 1, 1, 3),
                typ,
                jitter(r, p),
                shifts,
                lambda n, typ=typ: targets_for(r, typ, n),
                follow_pool=cards,
            )

    # ---- 11g. virtual-operator (170x) cards: fake leader / acquaintance ("猜猜我是谁") ----
    r = rng_for(W.seed, "fraud:mvno")
    nn = int(r.integers(8, 22))
    by = r.integers(1960, 2004, nn)
    cards = W.add(
        W.unique_numbers(r, nn, numgen_virtual),
        K_OWN_VIRTUAL,
        "fraud_mvno_card",
        fraud=1,
        imsi=imsis(r, nn),
        id_raw=resident_ids(r, by, ("450102", "430521", "522401")),
        card="virtual",
        act=-(r.integers(2, 60, nn) * DAY),
        birth=by,
        op="CMCC-MVNO",
        in_file=True,
        zone=W.zone_id["jh"],
    )
    hs = W.new_handsets(r, (nn + 1) // 2, W.tac_smart, 0.9)
    cells = pick(r, W.area_cells["jh_urban"], 3)
    p = pars_for(r, "fake_leader")
    rid = ring_meta("mvno_cards", "fake_leader", cards)
    for ci, x in enumerate(cards):
        run_card(
            r,
            f"fraud:{rid}",
            x,
            card_days(r, 0, DAYS - 1, 2, 6),
            "fake_leader",
            jitter(r, p),
            SHIFTS[1],
            lambda n: targets_for(r, "fake_leader", n),
            hs_fn=lambda d, n, h=hs[ci // 2]: np.full(n, h),
            cell_fn=lambda d, n: pick(r, cells, n),
            reg=R_LOCAL,
        )

    # ---- 11h. pig-butchering voice: few victims, long evening calls, day after day ----
    r = rng_for(W.seed, "fraud:pig")
    nn = int(r.integers(5, 14))
    nums = foreign_mix(W, r, nn, {"TH": 0.4, "KH": 0.4, "MM": 0.2}, "fraud_pig_butchering", fraud=1)
    rid = ring_meta("igw_foreign", "pig_butchering", nums)
    for x in nums:
        vic = pick(r, lists["general"], int(r.integers(2, 7)))
        for v in vic:
            d = int(r.integers(0, 6))
            days = np.arange(d, DAYS)
            days = days[r.random(len(days)) < r.uniform(0.4, 0.9)]
            if len(days) == 0:
                continue
            t = days * DAY + r.choice(24, len(days), p=PROF_EVENING) * 3600 + r.integers(0, 3600, len(days))
            dur = durations(r, len(days), 0.85, 900, 0.8, 30, 5400)
            dur[0] = int(r.integers(0, 40))  # first contact: a "wrong number" opener
            W.emit(f"fraud:{rid}", t, dur, x, v, fraud=1)
            FR["victims"].append((t, dur, np.full(len(t), x), np.full(len(t), v), dur > 1200))

    # ---- 11i. recruitment for "high-paid jobs abroad" + local snakeheads arranging the crossing ----
    r = rng_for(W.seed, "fraud:recruit")
    nn = int(r.integers(6, 16))
    rec = foreign_mix(W, r, nn, {"MM": 0.7, "LA": 0.3}, "fraud_mm_ring_foreign_number", fraud=1)
    rid = ring_meta("igw_foreign", "recruitment", rec)
    lured = []
    p = pars_for(r, "recruitment")
    for x in rec:
        t, dur, hooked = dial_sessions(
            r,
            int(r.integers(20, 90)),
            int(r.integers(0, 8)),
            SHIFTS[2],
            200,
            p["p_ans"],
            p["med"],
            0.9,
            0.1,
            700,
        )
        tgt = targets_for(r, "recruitment", len(t))
        W.emit(f"fraud:{rid}", t, dur, x, tgt, fraud=1)
        FR["victims"].append((t, dur, np.full(len(t), x), tgt, hooked))
        follow_up(
            r, f"fraud:{rid}", "nurture", t[hooked], dur[hooked], tgt[hooked], x, None, None, None, None
        )
        lured += list(zip(t[hooked].tolist(), tgt[hooked].tolist()))
    ns = int(r.integers(3, 8))
    by = r.integers(1975, 1998, ns)
    sn = W.add(
        W.unique_numbers(r, ns, numgen_blocks(W.blk_cmcc)),
        K_OWN_MOBILE,
        "fraud_snakehead",
        fraud=1,
        imsi=imsis(r, ns),
        hs1=W.new_handsets(r, ns, W.tac_smart, 0.5),
        home_cell=pick(r, W.area_cells["daluo_border"], ns),
        zone=W.zone_id["border_west"],
        mob=1,
        id_raw=resident_ids(r, by),
        card="mobile",
        act=act_years_ago(r, ns, 0.1, 3),
        birth=by,
        op="CMCC",
        in_file=True,
    )
    ring_meta("snakehead_own_cards", "recruitment", sn)
    for t0, v in lured:
        x = int(pick(r, sn, 1)[0])
        m = int(r.integers(2, 5))
        tt = t0 + DAY + np.sort(r.integers(0, 3 * DAY, m))
        tt = tt[tt < T_END]
        W.emit("fraud:snakehead", tt, durations(r, len(tt), 0.85, 120, 0.8), x, v, fraud=1)
        # and a local driver hired for the night run to the border
        drv = int(pick(r, W.group("ridehail_driver"), 1)[0])
        if len(tt):
            W.emit("fraud:snakehead_driver", [tt[-1] + 3600], [int(r.integers(30, 150))], x, drv, fraud=2)
    # snakeheads also have ordinary lives (family calls), which makes them harder
    fam = new_contacts(W, r, ns * 3, "contact_domestic", local_share=0.6)
    edge_calls(W, r, "fraud:snakehead_family", np.repeat(sn, 3), fam, 0.15, 0.5, 0.85, 80, 1.0)

    W.fraud_victims = FR["victims"]


# =====================================================================================================
# 12. Reactions: warning and dissuasion calls (96110, officers), callbacks by victims
# =====================================================================================================


def build_reactions(W):
    rng = rng_for(W.seed, "react:antifraud")
    kinds = np.array(W.kind)
    own_mask = np.isin(kinds, OWN_KINDS)
    V = W.fraud_victims
    t = np.concatenate([v[0] for v in V])
    dur = np.concatenate([v[1] for v in V])
    card = np.concatenate([v[2] for v in V]).astype(np.int64)
    vic = np.concatenate([v[3] for v in V]).astype(np.int64)
    hooked = np.concatenate([v[4] for v in V])
    own_v = own_mask[vic]
    # the platform warns a victim fast when a conversation with a flagged number runs long; otherwise the
    # warning is slow or never comes
    p = np.where(hooked, 0.4, np.where(dur > 0, 0.05, 0.012)) * own_v
    w = rng.random(len(t)) < p
    delay = np.where(
        hooked[w], rng.integers(120, 1200, int(w.sum())), rng.integers(1800, 20 * 3600, int(w.sum()))
    )
    tw = t[w] + dur[w] + delay
    officers = W.group("antifraud_officer")
    desk = W.group("antifraud_centre_fixed")
    by_officer = rng.random(len(tw)) < 0.35
    caller = np.where(by_officer, pick(rng, np.concatenate([officers, desk]), len(tw)), W.i96110)
    d = durations(rng, len(tw), np.where(hooked[w], 0.7, 0.5), np.where(hooked[w], 240, 70), 0.8)
    W.emit("react:warn_victim", tw, d, caller, vic[w])
    # unanswered warnings are retried, and for elderly victims the guardians are phoned
    un = d == 0
    W.emit(
        "react:warn_retry",
        tw[un] + rng.integers(300, 3 * 3600, int(un.sum())),
        durations(rng, int(un.sum()), 0.5, 80, 0.8),
        caller[un],
        vic[w][un],
    )
    gnum = {W.nat[i]: i for i in range(len(W.nat)) if W.nat[i]}
    gt, gc, gv = [], [], []
    for tt, v in zip(tw[un], vic[w][un]):
        g = W.attr["guard"][v]
        if g:
            for s in g.split(";"):
                s = s.replace("+86", "")
                if s in gnum:
                    gt.append(tt + int(rng.integers(600, 7200)))
                    gc.append(int(pick(rng, officers, 1)[0]))
                    gv.append(gnum[s])
    W.emit("react:warn_guardian", gt, durations(rng, len(gt), 0.8, 150, 0.7), gc, gv)
    # the platform also flags ordinary international callers now and then (traders' partners, relatives)
    # -- proactive lists: the elderly, newcomers, students, people with calls from abroad
    lists = W.victim_lists
    foreign_contacts = np.concatenate(
        [W.group("border_villager"), W.group("trader"), W.group("foreign_spouse"), W.group("foreign_worker")]
    )
    for d in range(DAYS):
        m = int(rng.integers(120, 260))
        tgt = np.concatenate(
            [
                pick(rng, lists["elderly"], m // 2),
                pick(rng, lists["newcomer"], m // 4),
                pick(rng, foreign_contacts, m // 4),
            ]
        )
        tt = sample_times(rng, len(tgt), prof=PROF_WORK, d0=np.full(len(tgt), d), d1=np.full(len(tgt), d + 1))
        W.emit("react:96110_proactive", tt, durations(rng, len(tgt), 0.45, 60, 0.8), W.i96110, tgt)
    # village and community officers phone residents on their patch (many strangers, many unanswered)
    for x in officers:
        per = rng.integers(4, 25)
        for d in range(DAYS):
            if WEEKDAY[d] == 6:
                continue
            m = int(rng.poisson(per))
            tgt = pick(rng, np.concatenate([lists["elderly"], lists["newcomer"], foreign_contacts]), m)
            tt = sample_times(rng, m, prof=PROF_WORK, d0=np.full(m, d), d1=np.full(m, d + 1))
            W.emit("react:officer_patrol", tt, durations(rng, m, 0.55, 90, 0.8), x, tgt)
    # hooked victims ring the "officer" back on a domestic number, or call their bank
    cb = (
        hooked
        & own_v
        & np.isin(kinds[card], (K_OWN_MOBILE, K_OWN_VIRTUAL, K_VISITOR, K_OTHER_OP, K_OWN_IOT))
        & (rng.random(len(t)) < 0.3)
    )
    W.emit(
        "react:victim_callback",
        t[cb] + dur[cb] + rng.integers(300, 6 * 3600, int(cb.sum())),
        durations(rng, int(cb.sum()), 0.8, 300, 0.8),
        vic[cb],
        card[cb],
    )
    bk = hooked & own_v & (rng.random(len(t)) < 0.2)
    W.emit(
        "react:victim_bank",
        t[bk] + dur[bk] + rng.integers(600, 8 * 3600, int(bk.sum())),
        durations(rng, int(bk.sum()), 0.8, 200, 0.8),
        vic[bk],
        pick(rng, W.banks, int(bk.sum())),
    )
    # wangiri: a few recipients return the missed call (to a premium-rate number abroad)
    rw = rng_for(W.seed, "react:wangiri")
    wg = np.isin(card, W.wangiri) & own_v
    cbw = wg & (rw.random(len(t)) < 0.05)
    W.emit(
        "react:wangiri_callback",
        t[cbw] + rw.integers(60, 8 * 3600, int(cbw.sum())),
        durations(rw, int(cbw.sum()), 0.9, 45, 0.6),
        vic[cbw],
        card[cbw],
    )


# =====================================================================================================
# 13. Assembly: which records the mediation system exports, and how
# =====================================================================================================


def assemble(W):
    rng = rng_for(W.seed, "export:assemble")
    E = {k: np.concatenate([e[k] for e in W.events]) for k in W.events[0]}
    n0 = len(E["t"])
    kind = np.array(W.kind, np.int8)
    A = {
        k: np.array(W.attr[k])
        for k in (
            "hs1",
            "hs2",
            "tsw",
            "home_cell",
            "work_cell",
            "zone",
            "mob",
            "trav_mask",
            "trav_reg",
            "ab_mask",
            "spill",
            "legit_end",
            "multi",
        )
    }
    act = np.array([(-BIG if a is None else a) for a in W.attr["act"]], np.int64)
    t, caller, callee = E["t"], E["caller"], E["callee"]
    keep = (t >= 0) & (t < T_END) & (caller >= 0) & (callee >= 0) & (caller != callee)
    # nobody uses a card before it is activated; a sold card's holder stops using it at the sale
    keep &= (t >= act[caller] + 60) & (t >= act[callee] + 60)
    legit = E["fraud"] == 0
    keep &= ~(legit & ((t > A["legit_end"][caller]) | (t > A["legit_end"][callee])))
    for k in E:
        E[k] = E[k][keep]
    t, caller, callee = E["t"], E["caller"], E["callee"]
    n = len(t)
    day = t // DAY
    ck, ek = kind[caller], kind[callee]
    callee_own = np.isin(ek, OWN_KINDS)
    # ---- where is the caller?  days abroad, border spill-over onto Myanmar / Lao networks ----
    ab = ((A["ab_mask"][caller] >> day) & 1).astype(bool) | (rng.random(n) < A["spill"][caller])
    ab = np.where(E["abroad"] >= 0, E["abroad"] == 1, ab)
    ab &= np.isin(ck, CN_DOMESTIC_KINDS)
    mode = np.full(n, M_DROP, np.int8)
    served = np.isin(ck, (K_OWN_MOBILE, K_OWN_FIXED, K_OWN_IOT, K_OWN_VIRTUAL, K_VISITOR, K_SHORT_OWN))
    mode[served & ~ab] = M_MOC
    mode[(ck == K_CMCC_ELSE) & ~ab & callee_own] = M_MTC_INTRA
    mode[np.isin(ck, (K_OTHER_OP, K_SHORT_INTER)) & ~ab & callee_own] = M_INTER
    intl = (np.isin(ck, (K_FOREIGN, K_SPOOF)) | ab) & callee_own
    mode[intl] = M_INTL
    keep = mode != M_DROP
    for k in E:
        E[k] = E[k][keep]
    mode, ab = mode[keep], ab[keep]
    # ---- call forwarding: unanswered calls to a forwarding shop continue to the owner's phone ----
    fwd_src = np.array([W.fwd_target.get(int(c), -1) for c in E["callee"]])
    fw = (
        (fwd_src >= 0) & (E["dur"] == 0) & (rng.random(len(fwd_src)) < 0.8) & ~np.isin(E["caller"], W.wangiri)
    )
    F = {k: E[k][fw].copy() for k in E}
    F["callee"] = fwd_src[fw]
    F["t"] = F["t"] + rng.integers(15, 30, int(fw.sum()))
    F["dur"] = durations(rng, int(fw.sum()), 0.8, 50, 0.8)
    fmode = mode[fw].copy()
    for k in E:
        E[k] = np.concatenate([E[k], F[k]])
    is_fwd = np.r_[np.zeros(len(mode), bool), np.ones(int(fw.sum()), bool)]
    orig_mode = np.r_[mode, fmode]
    ab = np.r_[ab, ab[fw]]
    t, caller, callee, dur = E["t"], E["caller"], E["callee"], E["dur"]
    n = len(t)
    # ---- a SIM carries one call at a time: push overlapping attempts of the same card back ----
    single = ~A["multi"][caller] & ~np.isin(kind[caller], (K_SPOOF, K_SHORT_OWN, K_SHORT_INTER)) & ~is_fwd
    idx = np.nonzero(single)[0]
    order = idx[np.lexsort((t[idx], caller[idx]))]
    c = caller[order]
    tt = t[order].copy()
    occ = np.where(dur[order] > 0, dur[order], 25)
    same = np.r_[False, c[1:] == c[:-1]]
    for _ in range(200):
        prev_end = np.r_[0, tt[:-1] + occ[:-1] + 2]
        need = same & (tt < prev_end)
        if not need.any():
            break
        tt = np.where(need, prev_end, tt)
    t[order] = tt
    keep = t < T_END
    for k in E:
        E[k] = E[k][keep]
    is_fwd, orig_mode, ab = is_fwd[keep], orig_mode[keep], ab[keep]
    t, caller, callee, dur = E["t"], E["caller"], E["callee"], E["dur"]
    n = len(t)
    day = t // DAY
    hour = (t % DAY) // 3600
    ck = kind[caller]
    moc = (orig_mode == M_MOC) & ~is_fwd
    # ---- handset, cell and region for records our own switches produce ----
    hs = np.where(
        t < A["tsw"][caller],
        A["hs1"][caller],
        np.where(A["hs2"][caller] >= 0, A["hs2"][caller], A["hs1"][caller]),
    )
    hs = np.where(E["hs"] != -2, E["hs"], hs)
    zlen = np.array([len(W.zones[z]) for z in W.zone_names])
    zoff = np.r_[0, np.cumsum(zlen)[:-1]]
    zflat = np.concatenate([W.zones[z] for z in W.zone_names])
    zone = A["zone"][caller]
    zone = np.where(zone < 0, W.zone_id["jh"], zone)
    rnd_cell = zflat[zoff[zone] + np.floor(rng.random(n) * zlen[zone]).astype(np.int64)]
    u = rng.random(n)
    wk = WEEKDAY[day] < 5
    home_c = np.where(A["home_cell"][caller] >= 0, A["home_cell"][caller], rnd_cell)
    work_c = np.where(A["work_cell"][caller] >= 0, A["work_cell"][caller], home_c)
    static = A["mob"][caller] == 0
    cell = np.where(static & wk & (hour >= 9) & (hour < 18) & (u < 0.65), work_c, home_c)
    u2 = rng.random(n)
    cell = np.where((static & (u2 < 0.15)) | (~static & (u2 < 0.8)), rnd_cell, cell)
    trav = ((A["trav_mask"][caller] >> day) & 1).astype(bool)
    reg = np.where(trav, A["trav_reg"][caller], R_LOCAL)
    km = W.zones["kunming"]
    pe = W.zones["puer"]
    cell = np.where(trav & (reg == R_KM), km[rng.integers(0, len(km), n)], cell)
    cell = np.where(trav & (reg == R_PE), pe[rng.integers(0, len(pe), n)], cell)
    cell = np.where(E["cell"] != -2, E["cell"], cell)
    reg = np.where(E["reg"] != -2, E["reg"], reg)
    fixed_like = np.isin(ck, (K_OWN_FIXED, K_SHORT_OWN)) | (hs < 0)
    hs = np.where(moc & ~fixed_like, hs, -1)
    cell = np.where(moc & ~np.isin(ck, (K_OWN_FIXED, K_SHORT_OWN)), cell, -1)
    reg = np.where(moc, reg, -1)
    # ---- which feed delivers the record ----
    cell_area = np.array(W.cell_area)
    area_names = [a for a, _ in W.areas]
    ml_area = np.array([a in ML_AREAS for a in area_names])
    weak = np.array([a in WEAK_LTE for a in area_names])
    volte = np.array(W.volte)
    ca = np.where(cell >= 0, cell_area[np.maximum(cell, 0)], -1)
    in_ml = (ca >= 0) & ml_area[np.maximum(ca, 0)]
    in_weak = (ca >= 0) & weak[np.maximum(ca, 0)]
    v = (hs >= 0) & volte[np.maximum(hs, 0)]
    feed = np.full(n, F_JH, np.int8)
    ims = moc & ((v & ~in_weak & (rng.random(n) < 0.88)) | (hs < 0))
    feed[moc & in_ml] = F_ML
    feed[ims] = F_IMS
    feed[orig_mode == M_INTER] = F_POI
    feed[orig_mode == M_INTL] = F_IGW
    feed[is_fwd] = F_JH
    W.A = A
    return dict(
        t=t,
        dur=dur,
        caller=caller,
        callee=callee,
        fraud=E["fraud"],
        src=E["src"],
        mode=orig_mode,
        fwd=is_fwd,
        hs=hs,
        cell=cell,
        reg=reg,
        feed=feed,
        n_events=n0,
    )


def export(W, R, out_dir):
    rng = rng_for(W.seed, "export:format")
    n = len(R["t"])
    e164 = np.array(W.e164, dtype=object)
    nat = np.array(W.nat, dtype=object)
    kind = np.array(W.kind, np.int8)
    caller, callee, feed, mode = R["caller"], R["callee"], R["feed"], R["mode"]
    ck, ek = kind[caller], kind[callee]

    def raw00(ix):
        return np.array(["00" + s[1:] if s.startswith("+") else s for s in e164[ix]], dtype=object)

    short_c = np.isin(ck, (K_SHORT_OWN, K_SHORT_INTER))
    short_e = np.isin(ek, (K_SHORT_OWN, K_SHORT_INTER))
    foreign_c = ck == K_FOREIGN
    foreign_e = ek == K_FOREIGN
    u = rng.random(n)
    # caller as presented
    cs = nat[caller].copy()
    cs = np.where(feed == F_IMS, e164[caller], cs)
    cs = np.where((feed == F_POI) & (u < 0.12), e164[caller], cs)
    igw = feed == F_IGW
    cs = np.where(igw, np.where(u < 0.6, e164[caller], raw00(caller)), cs)
    cs = np.where(foreign_c & ~igw, e164[caller], cs)
    cs = np.where(short_c, nat[caller], cs)
    # callee as dialled / delivered
    u = rng.random(n)
    es = nat[callee].copy()
    es = np.where(feed == F_IMS, e164[callee], es)
    es = np.where(((feed == F_JH) | (feed == F_ML)) & (u < 0.04), e164[callee], es)
    es = np.where(foreign_e & (feed != F_IMS), raw00(callee), es)
    es = np.where((feed == F_IGW) & (u < 0.5), e164[callee], es)
    es = np.where(short_e, nat[callee], es)
    # timestamps: IMS local with milliseconds and offset, Jinghong MSC local with offset, Mengla MSC and
    # the interconnect without offset (local), the international gateway in UTC
    base = pl.Series("b", R["t"] - np.where(feed == F_IGW, 8 * 3600, 0)).cast(pl.Int64)
    ts = pl.lit(T0).cast(pl.Datetime("us")) + pl.duration(seconds=pl.col("b"))
    ms = rng.integers(0, 1000, n)
    df = pl.DataFrame({"b": base, "ms": ms, "feed": feed}).with_columns(ts.alias("ts"))
    st = df.select(
        pl.when(pl.col("feed") == F_IMS)
        .then(
            pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S")
            + pl.lit(".")
            + pl.col("ms").cast(pl.Utf8).str.zfill(3)
            + pl.lit("+08:00")
        )
        .when(pl.col("feed") == F_JH)
        .then(pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00"))
        .when(pl.col("feed") == F_IGW)
        .then(pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+00:00"))
        .otherwise(pl.col("ts").dt.strftime("%Y-%m-%dT%H:%M:%S"))
        .alias("s")
    )["s"].to_numpy()
    origin = np.full(n, "intra", dtype=object)
    origin[mode == M_INTER] = "inter"
    origin[mode == M_INTL] = "international"
    origin[(feed == F_ML) & (mode == M_MOC)] = ""  # the Mengla MSC leaves the default empty
    ctype = np.full(n, "moc", dtype=object)
    ctype[np.isin(mode, (M_MTC_INTRA, M_INTER, M_INTL))] = "mtc"
    ctype[(feed == F_ML) & (mode == M_MOC) & (rng.random(n) < 0.7)] = ""
    ctype[R["fwd"]] = "fwd"
    hs = R["hs"]
    im15 = np.array(W.imei15 + [""], dtype=object)
    im16 = np.array(W.imei16 + [""], dtype=object)
    imei = np.where(feed == F_IMS, im16[hs], im15[hs])  # hs == -1 picks the trailing ""
    imsi_all = np.array(W.attr["imsi"], dtype=object)
    imsi = np.where(R["mode"] == M_MOC, imsi_all[caller], "")
    imsi = np.where(hs < 0, "", imsi)  # trunks and fixed lines carry no SIM
    imsi = np.where(R["fwd"], "", imsi)
    cells = np.array(W.cells + [""], dtype=object)
    cell = cells[R["cell"]]
    miss = (feed == F_ML) & (rng.random(n) < 0.03)  # cell not resolved by the southern MSC
    cell = np.where(miss, "", cell)
    imsi = np.where((feed == F_ML) & (rng.random(n) < 0.01), "", imsi)
    regs = np.array(REGIONS + [""], dtype=object)
    region = regs[R["reg"]]
    # ---- call ids per feed (numbered in start order within the feed) ----
    order = np.lexsort((caller, R["t"], feed))
    seq = np.empty(n, np.int64)
    fsorted = feed[order]
    starts = np.r_[0, np.nonzero(np.diff(fsorted))[0] + 1]
    for s0, s1 in zip(starts, np.r_[starts[1:], n]):
        seq[order[s0:s1]] = np.arange(s1 - s0)
    h1 = rng.integers(0, 2**63, n, dtype=np.int64)
    dstr = df.select(pl.col("ts").dt.strftime("%y%m%d").alias("d"))["d"].to_numpy()
    hstr = df.select(pl.col("ts").dt.strftime("%Y%m%d%H").alias("d"))["d"].to_numpy()
    cid = np.empty(n, dtype=object)
    for i in range(n):
        f = feed[i]
        if f == F_IMS:
            cid[i] = f"{h1[i]:016x}{seq[i]:08x}ims"
        elif f == F_JH:
            cid[i] = f"JHMSC{dstr[i]}{seq[i]:08d}"
        elif f == F_ML:
            cid[i] = f"MLA{seq[i]:010d}"
        elif f == F_POI:
            cid[i] = f"POI-KM-{seq[i]:09d}"
        else:
            cid[i] = f"IGW{hstr[i]}-{seq[i]:07d}"
    # ---- delivery: per-feed latency, a few late records, an outage of the Mengla MSC, re-deliveries ----
    dly = np.select(
        [feed == F_IMS, feed == F_JH, feed == F_ML, feed == F_POI, feed == F_IGW],
        [
            rng.integers(60, 300, n),
            rng.integers(300, 1200, n),
            rng.integers(300, 1500, n),
            rng.integers(900, 3600, n),
            rng.integers(1800, 7200, n),
        ],
    )
    deliver = R["t"] + R["dur"] + dly
    late = rng.random(n) < 0.006
    deliver = np.where(late, deliver + rng.integers(6 * 3600, 72 * 3600, n), deliver)
    od = int(rng.integers(2, DAYS - 2))
    outage = (feed == F_ML) & (R["t"] >= od * DAY + 2 * 3600) & (R["t"] < od * DAY + 8 * 3600)
    deliver = np.where(outage, (od + 1) * DAY + 10 * 3600 + rng.integers(0, 1800, n), deliver)
    dup = rng.random(n) < 0.005
    rows = np.r_[np.arange(n), np.nonzero(dup)[0]]
    dl = np.r_[deliver, deliver[dup] + rng.integers(3600, 36 * 3600, int(dup.sum()))]
    fo = np.lexsort((rows, dl))
    rows = rows[fo]
    calls = pl.DataFrame(
        {
            "call_id": cid[rows].astype(str),
            "caller": cs[rows].astype(str),
            "callee": es[rows].astype(str),
            "start_time": st[rows].astype(str),
            "duration_s": R["dur"][rows].astype(np.int64),
            "origin": origin[rows].astype(str),
            "caller_imei": imei[rows].astype(str),
            "caller_imsi": imsi[rows].astype(str),
            "caller_cell": cell[rows].astype(str),
            "caller_region": region[rows].astype(str),
            "call_type": ctype[rows].astype(str),
        }
    )
    calls = calls.with_columns(
        [
            pl.when(pl.col(k) == "").then(None).otherwise(pl.col(k)).alias(k)
            for k in ("origin", "caller_imei", "caller_imsi", "caller_cell", "caller_region", "call_type")
        ]
    )
    calls.write_csv(os.path.join(out_dir, "calls.csv"))
    assert len(set(cid.tolist())) == n, "call ids must be unique"
    return dict(
        rows=len(rows),
        records=n,
        duplicates=int(dup.sum()),
        late=int(late.sum()),
        outage=int(outage.sum()),
        outage_day=od,
        feeds={FEEDS[i]: int((feed == i).sum()) for i in range(5)},
    )


def write_subscribers(W, out_dir):
    rng = rng_for(W.seed, "export:subscribers")
    key = hashlib.sha256(f"border-idkey-{W.seed}".encode()).digest()
    rows = []
    for i in range(len(W.e164)):
        if not W.attr["in_file"][i]:
            continue
        num = W.nat[i] if (W.kind[i] != K_OWN_MOBILE or rng.random() > 0.1) else W.e164[i]
        idr = W.attr["id_raw"][i]
        a = W.attr["act"][i]
        act = (T0 + timedelta(seconds=int(a))) if a is not None else None
        rows.append(
            (
                num,
                hmac.new(key, idr.encode(), hashlib.sha256).hexdigest()[:32],
                W.attr["op"][i],
                W.attr["card"][i],
                act,
                "0691",
                W.attr["birth"][i],
                W.attr["guard"][i],
            )
        )
    order = np.argsort(
        np.array([r[0].lstrip("+86") if r[0].startswith("+86") else r[0] for r in rows]), kind="stable"
    )
    rows = [rows[j] for j in order]
    acts = []
    for r in rows:
        acts.append(r[4].strftime("%Y-%m-%dT%H:%M:%S+08:00") if r[4] is not None else "")
    df = pl.DataFrame(
        {
            "number": [r[0] for r in rows],
            "id_hash": [r[1] for r in rows],
            "operator": [r[2] for r in rows],
            "card_type": [r[3] for r in rows],
            "activated_at": acts,
            "home_region": [r[5] for r in rows],
            "birth_year": [int(r[6]) if r[6] else None for r in rows],
            "guardians": [r[7] or None for r in rows],
        },
        schema_overrides={"birth_year": pl.Int64},
    )
    df.write_csv(os.path.join(out_dir, "subscribers.csv"))
    return len(df)


def write_truth(W, R, out_dir):
    callers = np.unique(R["caller"])
    e164 = np.array(W.e164, dtype=object)
    fr = np.array(W.fraud, np.int8)
    pop = np.array(W.pop, dtype=object)
    df = pl.DataFrame(
        {
            "number": e164[callers].astype(str),
            "population": pop[callers].astype(str),
            "is_fraud": fr[callers].astype(np.int64),
        }
    ).sort("number")
    df.write_csv(os.path.join(out_dir, "truth.csv"))
    # onset: the first call a fraud number made to a victim (warm-up calls before it do not count)
    t, c, f = R["t"], R["caller"], R["fraud"]
    fc = callers[fr[callers] == 1]
    first_any = {}
    first_fraud = {}
    o = np.lexsort((t, c))
    for ci, ti, fi in zip(c[o].tolist(), t[o].tolist(), f[o].tolist()):
        if ci not in first_any:
            first_any[ci] = ti
        if fi == 1 and ci not in first_fraud:
            first_fraud[ci] = ti
    on = [(W.e164[x], T0 + timedelta(seconds=int(first_fraud.get(int(x), first_any[int(x)])))) for x in fc]
    od = pl.DataFrame(
        {"number": [a for a, _ in on], "onset": [b.strftime("%Y-%m-%dT%H:%M:%S+08:00") for _, b in on]}
    ).sort("number")
    od.write_csv(os.path.join(out_dir, "fraud_onset.csv"))
    return df


# =====================================================================================================
# 14. Main
# =====================================================================================================


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stats", action="store_true")
    a = ap.parse_args(argv)
    t_start = time.time()
    os.makedirs(a.out, exist_ok=True)
    W = World(a.seed)
    build_geography(W)
    make_tacs(W)
    local_blocks(W)
    build_subscribers(W)
    build_social(W)
    build_crossborder(W)
    build_tourism(W)
    build_services(W)
    build_units(W)
    build_newcomers(W)
    build_fraud(W)
    build_reactions(W)
    R = assemble(W)
    info = export(W, R, a.out)
    n_subs = write_subscribers(W, a.out)
    truth = write_truth(W, R, a.out)
    if a.stats:
        pop = np.array(W.pop, dtype=object)
        rows_by = {}
        cp, cn = np.unique(pop[R["caller"]], return_counts=True)
        rows_by = dict(zip(cp.tolist(), cn.tolist()))
        per = {}
        for p in sorted(set(W.pop)):
            per[p] = dict(
                numbers=int(sum(len(x) for x in W.groups.get(p, []))),
                in_subscriber_file=int(sum(W.attr["in_file"][i] for x in W.groups.get(p, []) for i in x)),
                callers=int(truth.filter(pl.col("population") == p).height),
                records_as_caller=int(rows_by.get(p, 0)),
                fraud=int(p.startswith("fraud_")),
            )
        srcs = {v: k for k, v in W.src_names.items()}
        sp, sn = np.unique(R["src"], return_counts=True)
        stats = dict(
            seed=a.seed,
            world="border",
            window=["2026-04-06T00:00:00+08:00", "2026-04-19T00:00:00+08:00"],
            rows=info["rows"],
            records=info["records"],
            duplicates=info["duplicates"],
            late_records=info["late"],
            outage_records=info["outage"],
            outage_day=info["outage_day"],
            feeds=info["feeds"],
            subscribers=n_subs,
            distinct_callers=truth.height,
            fraud_callers=int(truth["is_fraud"].sum()),
            fraud_share=round(float(truth["is_fraud"].mean()), 4),
            fraud_records=int((np.array(W.fraud)[R["caller"]] == 1).sum()),
            populations=per,
            rings=W.rings,
            records_by_component={srcs[int(s)]: int(c) for s, c in zip(sp, sn)},
        )
        with open(os.path.join(a.out, "stats.json"), "w") as f:
            json.dump(stats, f, indent=1, ensure_ascii=False, sort_keys=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"border seed={a.seed}: {info['rows']} rows, {truth.height} callers, "
        f"{int(truth['is_fraud'].sum())} fraud, {n_subs} subscribers; "
        f"{time.time() - t_start:.1f}s, peak {peak:.0f} MB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
