#!/usr/bin/env python
"""Blind synthetic telecom world: Wenzhou (温州), 10 days of history + 3 measured days
during which a typhoon makes landfall.  Writes calls.csv, subscribers.csv, truth.csv and
truth_detail.csv following the `calls` / `subscribers` record formats of DATA.md.

    python world.py --seed N --out DIR

Everything is drawn from a single numpy default_rng(seed); no hash-ordered iteration.
See README.md for the populations and their behaviour.
"""

import argparse
import hashlib
import hmac
import os
import time

import numpy as np
import polars as pl

DAY, H, MIN = 86400, 3600, 60
NDAYS, HIST = 13, 10  # 08-01 .. 08-13; history = 08-01..08-10
BASE = (2026, 8, 1)  # 2026-08-01 00:00 +08:00 is a Saturday
WEEKDAY = [(5 + d) % 7 for d in range(NDAYS)]  # 0=Mon .. 6=Sun
T_END = NDAYS * DAY
LANDFALL = 11 * DAY + 15 * H  # 2026-08-12 15:00 landfall (苍南/平阳 coast)
WARN = 9 * DAY + 10 * H  # 08-10 10:00 typhoon warning, fishing boats recalled
EVAC = 10 * DAY + 8 * H  # 08-11 08:00 evacuation order
BIG = 10**12

# name, population weight, typhoon exposure (0..1)
COUNTIES = [
    ("鹿城", 0.17, 0.35),
    ("龙湾", 0.10, 0.55),
    ("瓯海", 0.12, 0.40),
    ("洞头", 0.025, 1.0),
    ("乐清", 0.14, 0.60),
    ("瑞安", 0.15, 0.70),
    ("永嘉", 0.08, 0.35),
    ("平阳", 0.08, 0.85),
    ("苍南", 0.07, 1.0),
    ("龙港", 0.04, 0.90),
    ("文成", 0.0175, 0.55),
    ("泰顺", 0.0175, 0.55),
]
CW = np.array([c[1] for c in COUNTIES])
CW = CW / CW.sum()
CEXP = np.array([c[2] for c in COUNTIES])
NC = len(COUNTIES)
URBAN = [0, 1, 2, 4, 5]
COASTAL_FISH = [3, 8, 7, 5, 9, 4]
MOUNTAIN = [10, 11, 6]

CITY = "温州"
MIGRANT_HOMES = [
    "毕节",
    "遵义",
    "铜仁",
    "南充",
    "达州",
    "上饶",
    "赣州",
    "阜阳",
    "六安",
    "信阳",
    "周口",
    "邵阳",
    "怀化",
    "恩施",
    "黄冈",
]
OUT_CITIES = ["杭州", "上海", "宁波", "台州", "丽水", "金华", "北京", "深圳", "广州", "苏州"]
FRAUD_HOMES = ["揭阳", "茂名", "儋州", "泉州", "娄底", "汕尾", "承德", "南宁", "昆明", "赣州"]
CREW_HOMES = ["杭州", "宁波", "金华", "湖州", "丽水", "绍兴"]
AREA = {
    "温州": "0577",
    "杭州": "0571",
    "上海": "021",
    "宁波": "0574",
    "台州": "0576",
    "丽水": "0578",
    "金华": "0579",
    "北京": "010",
    "深圳": "0755",
    "广州": "020",
    "苏州": "0512",
    "义乌": "0579",
    "泉州": "0595",
}

OWN_PFX = [
    134,
    135,
    136,
    137,
    138,
    139,
    147,
    150,
    151,
    152,
    157,
    158,
    159,
    178,
    182,
    183,
    184,
    187,
    188,
    195,
    198,
]
UNI_PFX = [130, 131, 132, 155, 156, 166, 175, 176, 185, 186]
TEL_PFX = [133, 153, 173, 177, 180, 181, 189, 191, 199]
VIRT_PFX = [1703, 1705, 1706]
SERVICES = [
    "10086",
    "95588",
    "95533",
    "95555",
    "95598",
    "12345",
    "110",
    "119",
    "120",
    "95518",
    "95511",
    "95500",
    "95519",
    "12395",
    "96333",
    "12315",
    "114",
    "10010",
]
INSURERS = ["95518", "95511", "95500", "95519"]

P = lambda a: np.array(a, float) / np.sum(a)
PROF = {
    "personal": P(
        [
            0.3,
            0.15,
            0.08,
            0.05,
            0.05,
            0.15,
            0.6,
            1.8,
            3.4,
            4.6,
            5,
            5,
            4.2,
            3.3,
            3.9,
            4.4,
            4.9,
            5.4,
            6,
            6.4,
            6,
            4.6,
            2.6,
            1,
        ]
    ),
    "elderly": P(
        [
            0.05,
            0.02,
            0.02,
            0.03,
            0.1,
            0.8,
            3,
            5.5,
            6.5,
            6.5,
            6,
            5,
            3.5,
            2.5,
            3,
            4,
            4.5,
            5,
            5,
            4.5,
            3.5,
            1.8,
            0.6,
            0.2,
        ]
    ),
    "migrant": P(
        [
            0.3,
            0.1,
            0.05,
            0.05,
            0.05,
            0.1,
            0.5,
            1.5,
            2,
            2,
            2.2,
            3.5,
            4.5,
            3,
            2,
            2,
            2.2,
            3,
            5.5,
            7,
            7.5,
            6.5,
            4,
            1.5,
        ]
    ),
    "work": P([0, 0, 0, 0, 0, 0, 0.1, 0.8, 5, 8, 8, 6.5, 2.5, 3, 7, 8, 8, 6.5, 2.5, 0.8, 0.3, 0, 0, 0]),
    "courier": P([0, 0, 0, 0, 0, 0, 0.2, 1.5, 5, 7, 7, 6, 4, 4, 6, 7, 7, 6, 5, 3.5, 2, 0.8, 0.2, 0]),
    "ride": P(
        [
            0.8,
            0.5,
            0.3,
            0.2,
            0.2,
            0.4,
            1.5,
            4,
            5,
            4,
            3.5,
            3.5,
            3.5,
            3.5,
            3.5,
            4,
            4.5,
            5.5,
            6,
            5.5,
            5,
            4.5,
            3,
            1.5,
        ]
    ),
    "callcentre": P([0, 0, 0, 0, 0, 0, 0, 0.5, 4, 7, 7, 6, 3, 4, 7, 7, 6.5, 5, 2.5, 2, 1.5, 0.5, 0, 0]),
    "evening": P(
        [0.5, 0.2, 0.05, 0, 0, 0, 0, 0.2, 0.5, 0.5, 0.5, 1, 2, 1, 0.5, 0.5, 0.5, 1, 2, 4, 6, 7, 6, 3]
    ),
    "flat": P([1] * 24),
    "day": P([0, 0, 0, 0, 0, 0, 0.5, 2, 4, 5, 5, 5, 4, 4, 5, 5, 5, 5, 4, 3, 2, 1, 0, 0]),
}
PROF_IDS = list(PROF)
# social edge types: household, clan, coworker, friend, out-of-town, business, team
ET_W = np.array([6.0, 2.5, 1.5, 1.0, 2.0, 0.5, 2.0])
ET_ANS = np.array([0.92, 0.9, 0.88, 0.85, 0.88, 0.85, 0.93])
ET_MED = np.array([70.0, 110.0, 60.0, 130.0, 240.0, 50.0, 45.0])
FRAUD_TYPES = [
    "fraud_typhoon_relief",
    "fraud_insurance_claim",
    "fraud_impersonation",
    "fraud_simbox",
    "fraud_one_ring",
    "fraud_pig_butchering",
    "fraud_fake_loan",
    "fraud_elderly_health",
]


def luhn14(body):
    """body: int64 array of 14-digit IMEI bodies -> 15-digit IMEI strings."""
    body = np.asarray(body, np.int64)
    digits = np.stack([(body // 10**k) % 10 for k in range(14)], 1)  # k=0 rightmost
    dbl = digits.copy()
    dbl[:, 0::2] *= 2
    dbl = np.where(dbl > 9, dbl - 9, dbl)
    s = dbl.sum(1)
    chk = (10 - s % 10) % 10
    return np.char.add(body.astype(str), chk.astype(str))


class World:
    # ------------------------------------------------------------------ number table
    FIELDS = {
        "num": ("O", ""),
        "nint": (np.int64, -1),
        "op": (np.int8, 0),
        "ctype": ("O", "mobile"),
        "pop": ("O", "other_operator"),
        "county": (np.int16, -1),
        "region": ("O", CITY),
        "wz": (bool, True),
        "person": (bool, True),
        "cb": (bool, False),
        "home_cell": (np.int32, -1),
        "work_cell": (np.int32, -1),
        "employed": (bool, False),
        "roam_cells": (bool, False),
        "birth": (np.int32, 0),
        "imei1": (np.int64, -1),
        "imei2": (np.int64, -1),
        "swap_t": (np.int64, BIG),
        "tmp_imei": (np.int64, -1),
        "tmp_from": (np.int64, BIG),
        "tmp_to": (np.int64, -BIG),
        "imsi": (np.int64, -1),
        "act": (np.int64, -BIG),
        "idh": (np.int64, -1),
        "guard": ("O", ""),
        "ansp": (float, 0.9),
        "afrom": (np.int64, -BIG),
        "ato": (np.int64, BIG),
        "evac_from": (np.int64, BIG),
        "evac_to": (np.int64, -BIG),
        "shelter": (np.int32, -1),
        "trip_from": (np.int64, BIG),
        "trip_to": (np.int64, -BIG),
        "trip_region": ("O", ""),
        "rate": (float, 0.0),
        "prof": (np.int8, 0),
        "hh": (np.int32, -1),
        "boat": (np.int32, -1),
        "car": (bool, False),
        "note": ("O", ""),
        "sub": (bool, False),
        "mhome": ("O", ""),
        "dorm": (np.int32, -1),
        "wplace": (np.int32, -1),
        "old_of_new": (np.int64, -1),
        "new_of_old": (np.int64, -1),
    }

    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.n = 0
        self.chunks = []
        self.final = False
        self.used = set()  # membership only, never iterated
        self.blocks = {}
        self.block_owner = {}
        self.next_id = 0
        self.calls = []
        self.used_imei = set()
        r = self.rng
        self.tac_smart = np.unique(
            np.concatenate([r.integers(86000000, 86999999, 150), r.integers(35000000, 35999999, 40)])
        )
        self.tac_feature = np.unique(r.integers(86000000, 86999999, 25))
        self.tac_modem = np.unique(r.integers(86000000, 86999999, 3))
        self.regions = [CITY]
        self.reg_code = {CITY: 0}

    def rc(self, name):
        if name not in self.reg_code:
            self.reg_code[name] = len(self.regions)
            self.regions.append(name)
        return self.reg_code[name]

    @staticmethod
    def snap(a):
        """cards are activated in shops / by agents during business hours (09:00-21:00)"""
        a = np.asarray(a, np.int64)
        tod = a % DAY
        ok = (tod >= 9 * H) & (tod < 21 * H)
        return np.where((a <= -BIG // 2) | ok, a, a - tod + 9 * H + tod % (12 * H))

    def add(self, n, **kw):
        start = self.n
        ch = {}
        for f in ("act", "afrom"):
            if f in kw:
                kw[f] = self.snap(kw[f])
        for f, (dt, dflt) in self.FIELDS.items():
            v = kw.pop(f, dflt)
            if isinstance(v, np.ndarray) and v.shape == (n,):
                a = v.astype(dt) if dt != "O" else v.astype(object)
            else:
                a = np.empty(n, dtype=dt if dt != "O" else object)
                a[:] = v
            ch[f] = a
        assert not kw, kw
        self.n += n
        if self.final:
            for f in self.FIELDS:
                setattr(self, f, np.concatenate([getattr(self, f), ch[f]]))
        else:
            self.chunks.append(ch)
        return np.arange(start, start + n)

    def finalize(self):
        for f in self.FIELDS:
            setattr(self, f, np.concatenate([c[f] for c in self.chunks]))
        self.chunks = None
        self.final = True
        self.int2idx = {}
        for i, v in enumerate(self.nint.tolist()):
            if v >= 0:
                self.int2idx[v] = i

    # ------------------------------------------------------------------ numbering
    def _blocks(self, opk, region, need):
        lst = self.blocks.setdefault((opk, region), [])
        pf = {"own": OWN_PFX, "uni": UNI_PFX, "tel": TEL_PFX}.get(opk)
        while len(lst) < need:
            if opk == "virt":
                b = int(self.rng.choice(VIRT_PFX)) * 1000 + int(self.rng.integers(0, 1000))
            else:
                b = int(self.rng.choice(pf)) * 10000 + int(self.rng.integers(0, 10000))
            if b not in self.block_owner:
                self.block_owner[b] = (opk, region)
                lst.append(b)
        return lst

    def mobiles(self, opk, region, n, consecutive=False):
        r = self.rng
        blocks = self._blocks(opk, region, max(1, n // 2500 + 1) if region == CITY else 2)
        out = []
        if consecutive:
            b = blocks[int(r.integers(len(blocks)))]
            s = int(r.integers(0, 9000))
            while len(out) < n:
                v = b * 10000 + s % 10000
                if v not in self.used:
                    self.used.add(v)
                    out.append(v)
                s += int(r.integers(1, 3))
        else:
            while len(out) < n:
                m = n - len(out)
                cand = np.array(blocks)[r.integers(0, len(blocks), m)] * 10000 + r.integers(0, 10000, m)
                for v in cand.tolist():
                    if v not in self.used:
                        self.used.add(v)
                        out.append(v)
        a = np.array(out, np.int64)
        return a, a.astype(str).astype(object)

    def fixed(self, city, n):
        r = self.rng
        ac = AREA.get(city, "0577")
        out = []
        while len(out) < n:
            v = int(r.integers(55000000, 89999999)) if len(ac) == 4 else int(r.integers(50000000, 69999999))
            key = int(ac) * 10**8 + v + 7 * 10**12
            if key not in self.used:
                self.used.add(key)
                out.append(ac + str(v))
        return np.array(out, dtype=object)

    def iot(self, n):
        out = []
        while len(out) < n:
            v = 1440 * 10**9 + int(self.rng.integers(0, 10**9))
            if v not in self.used:
                self.used.add(v)
                out.append(v)
        a = np.array(out, np.int64)
        return a, a.astype(str).astype(object)

    def imeis(self, n, kind="smart"):
        tac = {"smart": self.tac_smart, "feature": self.tac_feature, "modem": self.tac_modem}[kind]
        out = []
        while len(out) < n:
            v = int(tac[int(self.rng.integers(len(tac)))]) * 10**6 + int(self.rng.integers(0, 10**6))
            if v not in self.used_imei:
                self.used_imei.add(v)
                out.append(v)
        return np.array(out, np.int64)

    def imsis(self, n):
        mnc = self.rng.choice([0, 2, 7], n, p=[0.7, 0.2, 0.1])
        return (46000 + mnc) * 10**10 + self.rng.integers(0, 10**10, n)

    def ids(self, n):
        a = np.arange(self.next_id, self.next_id + n)
        self.next_id += n
        return a

    def old_act(self, n, lo_y=0.3, scale=2.6, shape=2.2):
        yrs = np.clip(self.rng.gamma(shape, scale, n) + lo_y, 0.1, 19.5)
        return -(yrs * 365 * DAY).astype(np.int64) - self.rng.integers(0, DAY, n)

    # ------------------------------------------------------------------ cells
    def build_cells(self):
        r = self.rng
        strs, cty = [], []
        self.cty_lo = np.zeros(NC, int)
        self.cty_hi = np.zeros(NC, int)
        enbs = r.choice(np.arange(560000, 600000), 4000, replace=False)
        e = 0
        for ci in range(NC):
            self.cty_lo[ci] = len(strs)
            nsite = max(6, int(CW[ci] * 330))
            for s in range(nsite):
                for sec in range(1, 4):
                    strs.append(f"460-00-{enbs[e]}-{sec}")
                    cty.append(ci)
                e += 1
            self.cty_hi[ci] = len(strs)
        self.n_wz_cells = len(strs)
        self.city_cells = {}
        allcities = OUT_CITIES + MIGRANT_HOMES + FRAUD_HOMES + CREW_HOMES
        for c in allcities:
            if c in self.city_cells:
                continue
            lo = len(strs)
            for s in range(6):
                for sec in range(1, 4):
                    strs.append(f"460-00-{enbs[e]}-{sec}")
                    cty.append(-1)
                e += 1
            self.city_cells[c] = (lo, len(strs))
        self.cell_str = np.array(strs, dtype=object)
        self.cell_cty = np.array(cty)
        nc = len(strs)
        # typhoon outages: base stations in exposed counties fail around landfall
        self.down_from = np.full(nc, BIG, np.int64)
        self.down_to = np.full(nc, -BIG, np.int64)
        for ci in range(NC):
            lo, hi = self.cty_lo[ci], self.cty_hi[ci]
            nsites = (hi - lo) // 3
            pdown = 0.45 * CEXP[ci] ** 1.5
            down_site = r.random(nsites) < pdown
            f = LANDFALL - r.integers(0, 3 * H, nsites)
            t = LANDFALL + r.integers(4 * H, 40 * H, nsites)
            for k in range(3):
                idx = lo + np.arange(nsites) * 3 + k
                secdown = down_site & (r.random(nsites) < 0.85)
                self.down_from[idx] = np.where(secdown, f, BIG)
                self.down_to[idx] = np.where(secdown, t, -BIG)

    def rand_cell(self, county, n=None):
        county = np.asarray(county)
        lo, hi = self.cty_lo[county], self.cty_hi[county]
        return (lo + (self.rng.random(county.shape) * (hi - lo)).astype(int)).astype(np.int32)

    def city_cell(self, city, n):
        lo, hi = self.city_cells[city]
        return self.rng.integers(lo, hi, n).astype(np.int32)

    # ------------------------------------------------------------------ population
    def build_population(self):
        r = self.rng
        n_res_own = int(r.normal(15000, 600))
        n_eld_own = int(r.normal(1900, 100))
        n_mig_own = int(r.normal(2300, 120))
        share_other = r.uniform(0.40, 0.46)
        k = share_other / (1 - share_other)
        n_res_oth, n_eld_oth, n_mig_oth = (
            int(n_res_own * k),
            int(n_eld_own * k * 0.8),
            int(n_mig_own * k * 1.1),
        )

        def person_block(n_own, n_oth, kind):
            ops = np.concatenate([np.zeros(n_own, int), r.choice([1, 2], n_oth, p=[0.55, 0.45])])
            r.shuffle(ops)
            n = len(ops)
            if kind == "elderly":
                birth = r.integers(1936, 1961, n)
            elif kind == "migrant":
                birth = r.integers(1970, 2006, n)
            else:
                birth = np.clip(r.normal(1982, 13, n).astype(int), 1961, 2008)
            return ops, birth

        self.groups = {}
        for kind, no, nt in (
            ("res", n_res_own, n_res_oth),
            ("eld", n_eld_own, n_eld_oth),
            ("mig", n_mig_own, n_mig_oth),
        ):
            ops, birth = person_block(no, nt, {"res": "res", "eld": "elderly", "mig": "migrant"}[kind])
            n = len(ops)
            nums = np.empty(n, object)
            nint = np.full(n, -1, np.int64)
            regions = np.empty(n, object)
            if kind == "mig":
                hom = np.array(MIGRANT_HOMES, object)[r.integers(0, len(MIGRANT_HOMES), n)]
                # migrants mostly keep hometown cards; some bought Wenzhou cards
                local = r.random(n) < 0.3
                regions[:] = np.where(local, CITY, hom)
            else:
                hom = np.full(n, CITY, object)
                regions[:] = CITY
            for opv, opk in ((0, "own"), (1, "uni"), (2, "tel")):
                for reg in sorted(set(regions[ops == opv].tolist())):
                    m = (ops == opv) & (regions == reg)
                    a, s = self.mobiles(opk, reg, int(m.sum()))
                    nint[m] = a
                    nums[m] = s
            if kind == "eld":
                act = self.old_act(n, 3, 3.0, 2.0)
            elif kind == "mig":
                act = self.old_act(n, 0.2, 2.0, 1.6)
                recent = r.random(n) < 0.18
                act = np.where(recent, -r.integers(0, 70 * DAY, n), act)
            else:
                act = self.old_act(n)
                recent = r.random(n) < 0.004
                act = np.where(recent, r.integers(-5 * DAY, 9 * DAY, n), act)
            idx = self.add(
                n,
                num=nums,
                nint=nint,
                op=ops,
                region=regions,
                birth=birth,
                act=act,
                afrom=np.maximum(act, -BIG),
                pop="other_operator",
                sub=(ops == 0),
                cb=(ops == 0),
                idh=self.ids(n),
                ansp=np.clip(r.normal(0.95 if kind != "eld" else 0.8, 0.05, n), 0.3, 0.995),
            )
            self.groups[kind] = idx
            self.__dict__["home_" + kind] = hom
        self.finalize()
        own = self.op == 0
        for kind, pop in (("res", "resident"), ("eld", "elderly"), ("mig", "migrant_worker")):
            idx = self.groups[kind]
            self.pop[idx[own[idx]]] = pop
        self.mhome[self.groups["mig"]] = self.home_mig
        # households --------------------------------------------------------
        hh_of = np.full(self.n, -1, np.int32)
        self.hh_county = []
        hid = 0
        res = r.permutation(self.groups["res"])
        sizes = r.choice([1, 2, 3, 4, 5], len(res), p=[0.14, 0.27, 0.31, 0.18, 0.10])
        cuts = np.cumsum(sizes)
        cuts = cuts[cuts < len(res)]
        hh_res = np.split(res, cuts)
        nh = len(hh_res)
        hh_cty = r.choice(NC, nh, p=CW)
        for i, m in enumerate(hh_res):
            hh_of[m] = i
        self.county[res] = hh_cty[hh_of[res]]
        hid = nh
        eld = r.permutation(self.groups["eld"])
        esz = r.choice([1, 2], len(eld), p=[0.45, 0.55])
        cuts = np.cumsum(esz)
        cuts = cuts[cuts < len(eld)]
        hh_eld = np.split(eld, cuts)
        ew = CW * (1 + 1.2 * CEXP)
        ew /= ew.sum()
        eld_cty = r.choice(NC, len(hh_eld), p=ew)
        for i, m in enumerate(hh_eld):
            hh_of[m] = hid + i
        self.county[eld] = eld_cty[hh_of[eld] - hid]
        hid += len(hh_eld)
        mig = r.permutation(self.groups["mig"])
        msz = r.choice([1, 2, 3], len(mig), p=[0.5, 0.35, 0.15])
        cuts = np.cumsum(msz)
        cuts = cuts[cuts < len(mig)]
        hh_mig = np.split(mig, cuts)
        mw = np.array([0.06, 0.18, 0.25, 0, 0.22, 0.20, 0.04, 0.02, 0.01, 0.02, 0, 0])
        mig_cty = r.choice(NC, len(hh_mig), p=mw / mw.sum())
        for i, m in enumerate(hh_mig):
            hh_of[m] = hid + i
        self.county[mig] = mig_cty[hh_of[mig] - hid]
        hid += len(hh_mig)
        self.hh = hh_of
        self.n_hh = hid
        self.hh_list = hh_res + hh_eld + hh_mig
        self.hh_cty = np.concatenate([hh_cty, eld_cty, mig_cty])
        self.hh_is_eld = np.concatenate(
            [np.zeros(nh, bool), np.ones(len(hh_eld), bool), np.zeros(len(hh_mig), bool)]
        )
        self.hh_is_mig = np.concatenate([np.zeros(nh + len(hh_eld), bool), np.ones(len(hh_mig), bool)])
        self.n_hh_res = nh
        # clans: regular households sorted by county grouped 2-4, elderly attached
        order = np.lexsort((r.random(nh), hh_cty))
        csz = r.choice([1, 2, 3, 4], nh, p=[0.2, 0.35, 0.3, 0.15])
        clan_of_hh = np.full(hid, -1, np.int32)
        pos, c = 0, 0
        while pos < nh:
            s = int(csz[c])
            clan_of_hh[order[pos : pos + s]] = c
            pos += s
            c += 1
        n_clan = c
        # elderly households attach to a clan in the same county (70%) or anywhere
        clan_cty = np.zeros(n_clan, int)
        clan_cty[clan_of_hh[:nh]] = hh_cty
        by_cty = [np.nonzero(clan_cty == ci)[0] for ci in range(NC)]
        for i in range(len(hh_eld)):
            ci = eld_cty[i]
            if r.random() < 0.75 and len(by_cty[ci]):
                clan_of_hh[nh + i] = by_cty[ci][int(r.integers(len(by_cty[ci])))]
            else:
                clan_of_hh[nh + i] = int(r.integers(n_clan))
        self.clan_of_hh = clan_of_hh
        # cells --------------------------------------------------------------
        self.build_cells()
        wzp = np.concatenate([self.groups["res"], self.groups["eld"], self.groups["mig"]])
        hc = np.zeros(self.n_hh, np.int32)
        hc[:] = self.rand_cell(self.hh_cty)
        self.home_cell[wzp] = hc[self.hh[wzp]]
        # migrant dormitories: a share of migrants live in factory dorms, many per cell
        dorm = mig[r.random(len(mig)) < 0.35]
        ndorm = max(8, len(dorm) // 120)
        dcty = r.choice(NC, ndorm, p=mw / mw.sum())
        dcell = self.rand_cell(dcty)
        dsel = r.integers(0, ndorm, len(dorm))
        self.county[dorm] = dcty[dsel]
        self.home_cell[dorm] = dcell[dsel]
        self.dorm[dorm] = dsel
        # workplaces -----------------------------------------------------------
        age = 2026 - self.birth
        emp = wzp[((age >= 20) & (age <= 62) & (r.random(len(wzp)) < 0.72)) | (self.mhome[wzp] != "")]
        emp = emp[(2026 - self.birth[emp] >= 18)]
        self.employed[emp] = True
        eo = np.lexsort((r.random(len(emp)), self.county[emp]))
        emp = emp[eo]
        wp = np.zeros(len(emp), np.int32)
        pos, w = 0, 0
        while pos < len(emp):
            s = int(np.clip(r.lognormal(2.3, 1.0), 2, 150))
            cty0 = self.county[emp[pos]]
            end = min(pos + s, len(emp))
            wp[pos:end] = w
            pos = end
            w += 1
        self.n_wp = w
        wcell_c = np.zeros(w, np.int32)
        wcty = np.zeros(w, int)
        wcty[wp] = self.county[emp]
        wcell_c[:] = self.rand_cell(wcty)
        self.wplace[emp] = wp
        self.work_cell[emp] = wcell_c[wp]
        # dorm migrants: home cell is the dorm, next to the factory
        # cars (for insurance claims): 45% of non-elderly adult residents
        rs = self.groups["res"]
        self.car[rs] = r.random(len(rs)) < 0.45
        # trips away from Wenzhou (business/family) for some own-op residents
        trav = rs[(self.op[rs] == 0) & (r.random(len(rs)) < 0.035)]
        tf = r.integers(-2 * DAY, T_END - DAY, len(trav))
        self.trip_from[trav] = tf
        self.trip_to[trav] = tf + r.integers(DAY, 5 * DAY, len(trav))
        self.trip_region[trav] = np.array(OUT_CITIES, object)[r.integers(0, len(OUT_CITIES), len(trav))]
        mt = mig[(self.op[mig] == 0) & (r.random(len(mig)) < 0.02)]
        tf = r.integers(-2 * DAY, T_END - DAY, len(mt))
        self.trip_from[mt] = tf
        self.trip_to[mt] = tf + r.integers(2 * DAY, 6 * DAY, len(mt))
        self.trip_region[mt] = self.mhome[mt]
        # IMEI / IMSI for own-op
        ownp = wzp[self.op[wzp] == 0]
        eldo = ownp[np.isin(ownp, self.groups["eld"])]
        self.imei1[ownp] = self.imeis(len(ownp))
        feat = eldo[r.random(len(eldo)) < 0.55]
        self.imei1[feat] = self.imeis(len(feat), "feature")
        self.imsi[ownp] = self.imsis(len(ownp))
        # social call rates / profiles
        self.rate[self.groups["res"]] = r.lognormal(np.log(0.65), 0.65, len(self.groups["res"]))
        self.rate[self.groups["eld"]] = r.lognormal(np.log(0.32), 0.6, len(self.groups["eld"]))
        self.rate[self.groups["mig"]] = r.lognormal(np.log(0.65), 0.6, len(self.groups["mig"]))
        self.prof[self.groups["eld"]] = PROF_IDS.index("elderly")
        self.prof[self.groups["mig"]] = PROF_IDS.index("migrant")
        # guardian candidates etc. built in graph
        self.wzp = wzp

    def add_outside(self, n, regions, own_share=0.5, pop="out_of_town"):
        r = self.rng
        regions = np.asarray(regions, object)
        ops = r.choice([0, 1, 2], n, p=[own_share, (1 - own_share) * 0.55, (1 - own_share) * 0.45])
        nums = np.empty(n, object)
        nint = np.full(n, -1, np.int64)
        for opv, opk in ((0, "own"), (1, "uni"), (2, "tel")):
            for reg in sorted(set(regions[ops == opv].tolist())):
                m = (ops == opv) & (regions == reg)
                a, s = self.mobiles(opk, reg, int(m.sum()))
                nint[m] = a
                nums[m] = s
        idx = self.add(
            n,
            num=nums,
            nint=nint,
            op=ops,
            region=regions,
            wz=False,
            pop=pop,
            sub=(ops == 0),
            act=self.old_act(n),
            idh=self.ids(n),
            ansp=np.clip(r.normal(0.88, 0.05, n), 0.5, 0.99),
            birth=r.integers(1950, 2006, n),
        )
        for i, v in zip(idx.tolist(), nint.tolist()):
            self.int2idx[v] = i
        return idx

    # ------------------------------------------------------------------ graph
    def group_pick(self, members, gid, k, all_pairs=False):
        r = self.rng
        o = np.lexsort((members, gid))
        m, g = members[o], gid[o]
        st = np.searchsorted(g, g, "left")
        en = np.searchsorted(g, g, "right")
        size = en - st
        pos = np.arange(len(m)) - st
        if all_pairs:
            kk = size - 1
        else:
            kk = np.where(size > 1, np.minimum(np.asarray(k)[o] if np.ndim(k) else k, size - 1), 0)
        rep = np.repeat(np.arange(len(m)), kk)
        if all_pairs:
            first = np.repeat(np.cumsum(kk) - kk, kk)
            off = np.arange(len(rep)) - first + 1
        else:
            off = r.integers(1, np.maximum(size[rep], 2))
        v = m[st[rep] + (pos[rep] + off) % size[rep]]
        return m[rep], v

    def build_graph(self):
        r = self.rng
        E = []  # (u, v, type, symmetric)
        wzp = self.wzp
        # household
        u, v = self.group_pick(wzp, self.hh[wzp], 0, all_pairs=True)
        E.append((u, v, 0))
        # clan
        clan = self.clan_of_hh[self.hh[wzp]]
        isel = np.isin(wzp, self.groups["eld"])
        k = np.where(isel, r.integers(4, 8, len(wzp)), r.integers(2, 5, len(wzp)))
        m = clan >= 0
        u, v = self.group_pick(wzp[m], clan[m], k[m])
        E.append((u, v, 1))
        E.append((v, u, 1))
        # guardians for elderly: adult non-elderly clan members (children)
        eld = self.groups["eld"]
        isad = np.zeros(self.n, bool)
        isad[self.groups["res"]] = (2026 - self.birth[self.groups["res"]]) >= 25
        msk = np.isin(u, eld) & isad[v]
        gu, gv = u[msk], v[msk]
        o = np.lexsort((gv, gu))
        gu, gv = gu[o], gv[o]
        st = np.searchsorted(gu, eld, "left")
        en = np.searchsorted(gu, eld, "right")
        self.children = {}
        for e, s, t in zip(eld.tolist(), st.tolist(), en.tolist()):
            if t > s:
                ch = list(dict.fromkeys(gv[s:t].tolist()))[:2]
                self.children[e] = ch
                if self.op[e] == 0 and r.random() < 0.85:
                    self.guard[e] = ";".join(self.num[c] for c in ch)
        # workplace
        wpm = wzp[self.wplace[wzp] >= 0]
        u, v = self.group_pick(wpm, self.wplace[wpm], r.integers(2, 9, len(wpm)))
        E.append((u, v, 2))
        E.append((v, u, 2))
        # dorm mates
        dm = wzp[self.dorm[wzp] >= 0]
        u, v = self.group_pick(dm, self.dorm[dm], r.integers(1, 4, len(dm)))
        E.append((u, v, 3))
        E.append((v, u, 3))
        # friends: 75% same county
        kf = r.poisson(3.5, len(wzp)) + 1
        kf = np.where(isel, np.maximum(1, kf // 2), kf)
        src = np.repeat(wzp, kf)
        same = r.random(len(src)) < 0.75
        o = np.argsort(self.county[wzp], kind="stable")
        sc = wzp[o]
        cc = self.county[sc]
        lo = np.searchsorted(cc, self.county[src], "left")
        hi = np.searchsorted(cc, self.county[src], "right")
        pick_same = sc[lo + (r.random(len(src)) * (hi - lo)).astype(int)]
        pick_any = wzp[r.integers(0, len(wzp), len(src))]
        migs = self.groups["mig"]
        pick_mig = migs[r.integers(0, len(migs), len(src))]
        ismig = self.mhome[src] != ""
        dst = np.where(same, pick_same, pick_any)
        dst = np.where(ismig & (r.random(len(src)) < 0.6), pick_mig, dst)
        ok = dst != src
        E.append((src[ok], dst[ok], 3))
        E.append((dst[ok], src[ok], 3))
        # out-of-town contacts
        res = self.groups["res"]
        hasout = res[r.random(len(res)) < 0.35]
        ko = r.integers(1, 4, len(hasout))
        src = np.repeat(hasout, ko)
        regs = np.array(OUT_CITIES, object)[r.integers(0, len(OUT_CITIES), len(src))]
        oo = self.add_outside(len(src), regs, 0.45)
        E.append((src, oo, 4))
        mig = self.groups["mig"]
        km = r.integers(2, 7, len(mig))
        src = np.repeat(mig, km)
        oo = self.add_outside(len(src), self.mhome[src], 0.5)
        E.append((src, oo, 4))
        # elderly's children who live elsewhere
        el = eld[r.random(len(eld)) < 0.3]
        oo = self.add_outside(
            len(el), np.array(OUT_CITIES, object)[r.integers(0, len(OUT_CITIES), len(el))], 0.5
        )
        E.append((el, oo, 4))
        for e, c in zip(el.tolist(), oo.tolist()):
            if self.op[e] == 0 and not self.guard[e] and r.random() < 0.7:
                self.guard[e] = self.num[c]
        # local businesses: shops, restaurants, clinics, landlords...
        nb = 2200
        bcty = r.choice(NC, nb, p=CW)
        kind = r.choice(
            [0, 1, 2, 3], nb, p=[0.45, 0.2, 0.15, 0.2]
        )  # own-mobile, other mobile, fixed other, fixed own
        bnum = np.empty(nb, object)
        bint = np.full(nb, -1, np.int64)
        bop = np.zeros(nb, int)
        bct = np.full(nb, "mobile", object)
        m0 = kind == 0
        a, s = self.mobiles("own", CITY, int(m0.sum()))
        bnum[m0] = s
        bint[m0] = a
        m1 = kind == 1
        a, s = self.mobiles("uni", CITY, int(m1.sum()))
        bnum[m1] = s
        bint[m1] = a
        bop[m1] = 1
        m2 = kind == 2
        bnum[m2] = self.fixed(CITY, int(m2.sum()))
        bop[m2] = 2
        bct[m2] = "fixed"
        m3 = kind == 3
        bnum[m3] = self.fixed(CITY, int(m3.sum()))
        bct[m3] = "fixed"
        self.biz = self.add(
            nb,
            num=bnum,
            nint=bint,
            op=bop,
            ctype=bct,
            county=bcty,
            pop="business",
            sub=(bop == 0),
            act=self.old_act(nb),
            idh=self.ids(nb),
            person=False,
            ansp=np.clip(r.normal(0.85, 0.06, nb), 0.4, 0.99),
        )
        for i, v in zip(self.biz.tolist(), bint.tolist()):
            if v >= 0:
                self.int2idx[v] = i
        pop_w = r.pareto(1.2, nb) + 0.1
        kb = r.integers(2, 6, len(wzp))
        src = np.repeat(wzp, kb)
        o = np.argsort(bcty, kind="stable")
        sb = self.biz[o]
        cc = bcty[o]
        cum = np.zeros(len(sb))
        lo = np.searchsorted(cc, self.county[src], "left")
        hi = np.searchsorted(cc, self.county[src], "right")
        # popularity-weighted pick within county
        pw = pop_w[o]
        cpw = np.cumsum(pw)
        base = np.where(lo > 0, cpw[np.maximum(lo - 1, 0)], 0)
        tot = cpw[hi - 1] - base
        tgt = base + r.random(len(src)) * tot
        j = np.clip(np.searchsorted(cpw, tgt, "right"), lo, hi - 1)
        E.append((src, sb[j], 5))
        # services (IVR lines)
        self.svc = {}
        for s in SERVICES:
            i = self.add(
                1, num=np.array([s], object), op=3, ctype="service", pop="service", person=False, ansp=1.0
            )[0]
            self.svc[s] = i
        self.E = E

    def add_edges(self, u, v, t, sym=True):
        u = np.asarray(u)
        v = np.asarray(v)
        self.E.append((u, v, t))
        if sym:
            self.E.append((v, u, t))

    def build_csr(self):
        u = np.concatenate([e[0] for e in self.E]).astype(np.int64)
        v = np.concatenate([e[1] for e in self.E]).astype(np.int64)
        t = np.concatenate(
            [
                np.full(len(e[0]), e[2], np.int8) if np.ndim(e[2]) == 0 else np.asarray(e[2], np.int8)
                for e in self.E
            ]
        )
        ok = u != v
        u, v, t = u[ok], v[ok], t[ok]
        o = np.lexsort((t, v, u))
        self.eu, self.ev, self.et = u[o], v[o], t[o]
        self.csr = self._csr(ET_W[self.et] * self.rng.lognormal(0, 0.5, len(self.eu)))
        m = np.isin(self.et, [0, 1, 3, 4, 6])
        self.csr_close = self._csr(np.where(m, 1.0, 0.0))

    def _csr(self, w):
        cum = np.cumsum(w)
        ar = np.arange(self.n)
        st = np.searchsorted(self.eu, ar, "left")
        en = np.searchsorted(self.eu, ar, "right")
        base = np.where(st > 0, cum[np.maximum(st - 1, 0)], 0.0)
        tot = np.where(en > st, cum[np.maximum(en - 1, 0)] - base, 0.0)
        return dict(cum=cum, st=st, en=en, base=base, tot=tot)

    def pick(self, csr, callers):
        tgt = csr["base"][callers] + self.rng.random(len(callers)) * csr["tot"][callers]
        j = np.searchsorted(csr["cum"], tgt, "right")
        j = np.clip(j, csr["st"][callers], csr["en"][callers] - 1)
        return j

    # ------------------------------------------------------------------ call mechanics
    def at_sea(self, idx, t):
        b = self.boat[idx]
        res = np.zeros(len(idx), bool)
        m = b >= 0
        if m.any() and hasattr(self, "sea"):
            iv = self.sea[b[m]]  # (k, 4, 2)
            tt = t[m][:, None]
            res[m] = ((tt >= iv[:, :, 0]) & (tt < iv[:, :, 1])).any(1)
        return res

    def cong(self, t, cty):
        e = np.where(cty >= 0, CEXP[np.maximum(cty, 0)], 0.0)
        f = np.ones(len(t))
        w1 = (t >= LANDFALL - 3 * H) & (t < LANDFALL + 12 * H)
        w2 = (t >= LANDFALL + 12 * H) & (t < LANDFALL + 30 * H)
        f = np.where(w1, 1 - 0.45 * e, f)
        f = np.where(w2, 1 - 0.2 * e, f)
        return f

    def active(self, idx, t):
        return (t >= self.act[idx]) & (t >= self.afrom[idx]) & (t <= self.ato[idx])

    def ans_prob(self, callee, t, base, caller=None):
        p = self.ansp[callee] * base
        hr = (t % DAY) // H
        p = p * np.where((hr >= 23) | (hr < 7), 0.55, 1.0)
        p = p * self.cong(t, self.county[callee])
        if caller is not None:
            p = p * np.sqrt(self.cong(t, self.county[caller]))
        p = p * np.where(self.at_sea(callee, t), 0.1, 1.0)
        p = p * self.active(callee, t)
        return p

    def durs(self, n, mix):
        r = self.rng
        w = np.array([m[0] for m in mix], float)
        comp = r.choice(len(mix), n, p=w / w.sum())
        med = np.array([m[1] for m in mix])[comp]
        sg = np.array([m[2] for m in mix])[comp]
        d = np.exp(np.log(med) + sg * r.standard_normal(n))
        return np.clip(np.round(d), 1, 4 * H).astype(np.int64)

    def resolve(self, caller, callee, t, base, mix):
        p = self.ans_prob(callee, t, base, caller)
        ans = self.rng.random(len(t)) < p
        return np.where(ans, self.durs(len(t), mix), 0)

    def emit(self, caller, callee, t, dur, imei=None, cell=None, reg=None):
        n = len(caller)
        if n == 0:
            return
        f = lambda a, dt: (
            np.full(n, -1, dt) if a is None else (np.full(n, a, dt) if np.ndim(a) == 0 else np.asarray(a, dt))
        )
        self.calls.append(
            (
                np.asarray(caller, np.int64),
                np.asarray(callee, np.int64),
                np.asarray(t, np.int64),
                np.asarray(dur, np.int64),
                f(imei, np.int64),
                f(cell, np.int32),
                f(reg, np.int16),
            )
        )

    def redial(self, caller, callee, t, dur, p, rounds, gap, base, mix, imei=None, cell=None, reg=None):
        r = self.rng
        keep = lambda a, s: a if a is None or np.ndim(a) == 0 else np.asarray(a)[s]
        for k in range(rounds):
            s = (dur == 0) & (r.random(len(t)) < p)
            if not s.any():
                break
            caller, callee = caller[s], callee[s]
            t = t[s] + dur[s] + r.integers(gap[0], gap[1], int(s.sum()))
            imei, cell, reg = keep(imei, s), keep(cell, s), keep(reg, s)
            dur = self.resolve(caller, callee, t, base, mix)
            self.emit(caller, callee, t, dur, imei, cell, reg)

    def callbacks(self, caller, callee, t, dur, p_unans, p_ans, delay_med, base, mix, sigma=1.0):
        r = self.rng
        p = np.where(dur == 0, p_unans, p_ans) * self.cb[callee]
        s = r.random(len(t)) < p
        if not s.any():
            return None
        tc = (
            t[s]
            + dur[s]
            + np.exp(np.log(delay_med) + sigma * r.standard_normal(int(s.sum()))).astype(np.int64)
            + 5
        )
        hr = (tc % DAY) // H
        night = hr < 7
        tc = np.where(night, (tc // DAY) * DAY + 7 * H + r.integers(0, 2 * H, len(tc)), tc)
        ncaller, ncallee = callee[s], caller[s]
        d = self.resolve(ncaller, ncallee, tc, base, mix)
        self.emit(ncaller, ncallee, tc, d)
        return ncaller, ncallee, tc, d

    def sample_times(self, t0, t1, prof="flat"):
        r = self.rng
        t0 = np.asarray(t0, np.int64)
        t1 = np.asarray(t1, np.int64)
        n = len(t0)
        out = np.zeros(n, np.int64)
        todo = np.arange(n)
        w = PROF[prof] / PROF[prof].max()
        for it in range(60):
            if len(todo) == 0:
                break
            c = t0[todo] + (r.random(len(todo)) * np.maximum(t1[todo] - t0[todo], 1)).astype(np.int64)
            acc = r.random(len(todo)) < w[(c % DAY) // H]
            out[todo[acc]] = c[acc]
            todo = todo[~acc]
        out[todo] = t0[todo] + (r.random(len(todo)) * np.maximum(t1[todo] - t0[todo], 1)).astype(np.int64)
        return out

    def day_times(self, days, prof):
        days = np.asarray(days, np.int64)
        h = self.rng.choice(24, len(days), p=PROF[prof])
        return days * DAY + h * H + self.rng.integers(0, H, len(days))

    def sweep(self, n, opk="own"):
        """Sequential number sweep inside one of the city's blocks (auto-dialer lists)."""
        r = self.rng
        blocks = self._blocks(opk, CITY, 1)
        b = blocks[int(r.integers(len(blocks)))]
        s = int(r.integers(0, 10000 - min(n * 2, 9000)))
        step = r.integers(1, 3, n)
        ints = b * 10000 + (s + np.cumsum(step)) % 10000
        return self.ints_to_idx(ints, opk)

    def ints_to_idx(self, ints, opk):
        r = self.rng
        out = np.empty(len(ints), np.int64)
        new_i, new_pos = [], []
        for j, v in enumerate(ints.tolist()):
            i = self.int2idx.get(v)
            if i is None:
                new_pos.append(j)
                new_i.append(v)
            else:
                out[j] = i
        if new_i:
            m = len(new_i)
            a = np.array(new_i, np.int64)
            # numbers in the world but outside the modelled social graph: some are real people
            alloc = r.random(m) < 0.55
            op = {"own": 0, "uni": 1, "tel": 2}[opk]
            cty = r.choice(NC, m, p=CW)
            idx = self.add(
                m,
                num=a.astype(str).astype(object),
                nint=a,
                op=op,
                pop=np.where(alloc, "resident" if op == 0 else "other_operator", "unallocated"),
                person=alloc,
                cb=alloc & (op == 0),
                sub=alloc & (op == 0),
                ansp=np.where(alloc, np.clip(r.normal(0.6, 0.1, m), 0.2, 0.9), 0.0),
                county=np.where(alloc, cty, -1),
                act=self.old_act(m),
                idh=self.ids(m),
                birth=r.integers(1950, 2006, m),
                home_cell=self.rand_cell(cty),
                note=np.where(alloc, "reached by a sequential sweep; outside modelled social graph", ""),
            )
            if op == 0:
                self.imei1[idx] = self.imeis(m)
                self.imsi[idx] = self.imsis(m)
            for j, v, i in zip(new_pos, new_i, idx.tolist()):
                out[j] = i
                self.int2idx[v] = i
        return out

    # ------------------------------------------------------------------ special roles
    def designate(self):
        r = self.rng
        res = self.groups["res"]
        self.avail = np.zeros(self.n, bool)
        own_res = res[
            (self.op[res] == 0) & ((2026 - self.birth[res]) >= 22) & ((2026 - self.birth[res]) <= 60)
        ]
        self.avail[own_res] = True

        def take(n, counties=None, cond=None):
            c = own_res[self.avail[own_res]]
            if counties is not None:
                c = c[np.isin(self.county[c], counties)]
            if cond is not None:
                c = c[cond(c)]
            n = min(n, len(c))
            s = r.choice(c, n, replace=False)
            s = np.sort(s)
            self.avail[s] = False
            return s

        self.take = take
        self.roles = {}
        return take

    # ------------------------------------------------------------------ generators
    def gen_social(self):
        r = self.rng
        callers = np.nonzero((self.rate > 0) & (self.op == 0) & self.person & (self.csr["tot"] > 0))[0]
        rate = self.rate[callers]
        dayf = np.array([1.1 if WEEKDAY[d] >= 5 else 1.0 for d in range(NDAYS)])
        dayf[10] *= 1.15
        dayf[12] *= 1.25
        lam = rate[:, None] * dayf[None, :] * r.gamma(4, 0.25, (len(callers), NDAYS))
        cnt = r.poisson(lam)
        c = np.repeat(callers, cnt.sum(1))
        d = np.repeat(np.tile(np.arange(NDAYS), len(callers)), cnt.ravel())
        t = np.zeros(len(c), np.int64)
        pr = self.prof[c]
        for pid in np.unique(pr).tolist():
            m = pr == pid
            t[m] = self.day_times(d[m], PROF_IDS[pid])
        # fishermen at sea rarely have coverage
        sea = self.at_sea(c, t)
        keep = ~sea | (r.random(len(c)) < 0.08)
        c, t = c[keep], t[keep]
        j = self.pick(self.csr, c)
        callee, et = self.ev[j], self.et[j]
        callee = self.redirect_new_cards(callee, t)
        self._social_resolve(c, callee, et, t, 1.0, 1.0)

    def _social_resolve(self, c, callee, et, t, ans_mult, dur_mult, redial_p=0.3, rounds=2, gap=(40, 900)):
        r = self.rng
        p = ET_ANS[et] * ans_mult
        ans = r.random(len(t)) < self.ans_prob(callee, t, p, c)
        med = ET_MED[et] * dur_mult
        d = np.clip(np.round(np.exp(np.log(med) + 0.95 * r.standard_normal(len(t)))), 1, 3 * H).astype(
            np.int64
        )
        dur = np.where(ans, d, 0)
        self.emit(c, callee, t, dur)
        mix = [(1, 60 * dur_mult, 0.9)]
        self.redial(c, callee, t, dur, redial_p, rounds, gap, 0.8 * ans_mult, mix)
        self.callbacks(c, callee, t, dur, 0.5, 0.04, 600, 0.85 * ans_mult, [(1, 80 * dur_mult, 0.9)])

    def redirect_new_cards(self, callee, t):
        callee = callee.copy()
        isnew = self.old_of_new[callee] >= 0
        m = isnew & (t < self.act[callee])
        callee[m] = self.old_of_new[callee[m]]
        isold = self.new_of_old[callee] >= 0
        m = isold & (t > self.act[self.new_of_old[np.maximum(callee, 0)]]) & (self.rng.random(len(t)) < 0.7)
        callee[m] = self.new_of_old[callee[m]]
        return callee

    def gen_typhoon_social(self):
        """Landfall burst: people phone many relatives/friends, short calls, congestion, redials."""
        r = self.rng
        callers = np.nonzero(
            (self.rate > 0)
            & (self.op == 0)
            & self.person
            & self.wz
            & (self.csr_close["tot"] > 0)
            & (self.county >= 0)
        )[0]
        e = CEXP[self.county[callers]]
        iseld = self.pop[callers] == "elderly"
        lam = np.where(iseld, 0.5 + 2 * e, 1 + 3.5 * e) * r.gamma(2, 0.5, len(callers))
        ontrip = (self.trip_from[callers] < LANDFALL) & (self.trip_to[callers] > LANDFALL)
        lam = np.where(ontrip, lam + 6, lam)
        n = r.poisson(lam)
        c = np.repeat(callers, n)
        seg = r.choice(4, len(c), p=[0.12, 0.33, 0.38, 0.17])
        t0 = np.array([10 * DAY + 18 * H, 11 * DAY + 6 * H, LANDFALL, 12 * DAY + 6 * H])[seg]
        t1 = np.array([11 * DAY, LANDFALL, 12 * DAY, 12 * DAY + 14 * H])[seg]
        t = self.sample_times(t0, t1, "personal")
        j = self.pick(self.csr_close, c)
        callee = self.redirect_new_cards(self.ev[j], t)
        self._social_resolve(c, callee, self.et[j], t, 0.8, 0.45, redial_p=0.6, rounds=4, gap=(15, 240))
        # calls to services: power outage (95598), government hotline, emergencies
        own_wz = self.wzp[(self.op[self.wzp] == 0)]
        e = CEXP[self.county[own_wz]]
        k = r.poisson(0.35 * e)
        c = np.repeat(own_wz, k)
        t = self.sample_times(
            np.full(len(c), LANDFALL - 2 * H), np.full(len(c), 12 * DAY + 20 * H), "personal"
        )
        svc = r.choice(
            ["95598", "12345", "110", "119", "120", "10086"], len(c), p=[0.5, 0.2, 0.1, 0.05, 0.05, 0.1]
        )
        callee = np.array([self.svc[s] for s in svc.tolist()], np.int64)
        busy = r.random(len(c)) < 0.35
        dur = np.where(busy, 0, self.durs(len(c), [(1, 150, 0.8)]))
        self.emit(c, callee, t, dur)
        self.redial(c, callee, t, dur, 0.7, 3, (30, 600), 0.7, [(1, 180, 0.7)])
        self.outage_reporters = np.unique(c[svc == "95598"])
        # insurance claims for flooded cars
        cars = own_wz[self.car[own_wz]]
        e = CEXP[self.county[cars]]
        cl = cars[r.random(len(cars)) < 0.07 * e]
        t = self.sample_times(np.full(len(cl), LANDFALL), np.full(len(cl), 12 * DAY + 18 * H), "personal")
        ins = r.choice(INSURERS, len(cl), p=[0.4, 0.3, 0.2, 0.1])
        callee = np.array([self.svc[s] for s in ins.tolist()], np.int64)
        busy = r.random(len(cl)) < 0.3
        dur = np.where(busy, 0, self.durs(len(cl), [(1, 420, 0.6)]))
        self.emit(cl, callee, t, dur)
        self.redial(cl, callee, t, dur, 0.8, 3, (60, 1200), 0.8, [(1, 400, 0.6)])
        self.claimants = cl
        self.claim_ins = ins
        self.claim_t = t
        # baseline service calls during the whole slice
        k = r.poisson(0.12, len(own_wz))
        c = np.repeat(own_wz, k)
        d = r.integers(0, NDAYS, len(c))
        t = self.day_times(d, "day")
        svc = r.choice(["10086", "95588", "95533", "95555", "12345", "114", "95598", "12315"], len(c))
        callee = np.array([self.svc[s] for s in svc.tolist()], np.int64)
        self.emit(c, callee, t, self.durs(len(c), [(1, 140, 0.8)]))

    def job_list_calls(
        self,
        worker,
        targets,
        t,
        base,
        mix,
        p_cb_un,
        p_cb_ans,
        redial_p=0.0,
        rounds=0,
        gap=(300, 3600),
        cell=None,
        reg=None,
        imei=None,
        cb_delay=1800,
    ):
        if len(t) == 0:
            return None
        dur = self.resolve(worker, targets, t, base, mix)
        self.emit(worker, targets, t, dur, imei, cell, reg)
        if rounds:
            self.redial(worker, targets, t, dur, redial_p, rounds, gap, base, mix, imei, cell, reg)
        self.callbacks(worker, targets, t, dur, p_cb_un, p_cb_ans, cb_delay, 0.85, [(1, 60, 0.8)])
        return dur

    def rep_of_hh(self, hhs, prefer_landline=True):
        """contact number for a household: landline (if any), else an adult/elderly member."""
        r = self.rng
        out = np.empty(len(hhs), np.int64)
        for i, h in enumerate(hhs.tolist()):
            ll = self.hh_landline.get(h)
            mem = self.hh_list[h]
            if ll is not None and (prefer_landline and r.random() < 0.6):
                out[i] = ll
            else:
                out[i] = mem[int(r.integers(len(mem)))]
        return out

    def gen_roles(self):
        r = self.rng
        take = self.designate()
        own = self.op == 0
        # landlines for some households (elderly / rural)
        rural = np.isin(self.hh_cty, [3, 6, 7, 8, 9, 10, 11, 5])
        pl_ = np.where(self.hh_is_eld, 0.45, np.where(rural, 0.15, 0.06)) * ~self.hh_is_mig
        hl = np.nonzero(r.random(self.n_hh) < pl_)[0]
        isown = r.random(len(hl)) < 0.25
        nums = self.fixed(CITY, len(hl))
        lidx = self.add(
            len(hl),
            num=nums,
            op=np.where(isown, 0, 2),
            ctype="fixed",
            pop="household_landline",
            county=self.hh_cty[hl],
            sub=isown,
            act=self.old_act(len(hl), 5, 3, 2),
            idh=self.ids(len(hl)),
            person=True,
            ansp=np.clip(r.normal(0.55, 0.1, len(hl)), 0.2, 0.9),
        )
        self.hh_landline = dict(zip(hl.tolist(), lidx.tolist()))
        self.extend_arrays()

        # ---- fishermen, their families and fishery officers
        fish_hh = np.nonzero(np.isin(self.hh_cty, COASTAL_FISH) & ~self.hh_is_eld & ~self.hh_is_mig)[0]
        cw = np.where(self.hh_cty[fish_hh] == 3, 6, np.where(self.hh_cty[fish_hh] == 8, 3, 1)).astype(float)
        nboats = int(r.integers(45, 60))
        fam_hh = r.choice(fish_hh, min(len(fish_hh), nboats * 4), replace=False, p=cw / cw.sum())
        fishermen, famm = [], []
        for h in fam_hh.tolist():
            mem = [m for m in self.hh_list[h] if self.avail[m] or self.op[m] != 0]
            if len(mem) < 1 or len(self.hh_list[h]) < 2:
                continue
            f = mem[0]
            fishermen.append(f)
            famm += [m for m in self.hh_list[h] if m != f and self.op[m] == 0 and self.avail[m]]
        fishermen = np.array(fishermen)
        o = np.lexsort((r.random(len(fishermen)), self.county[fishermen]))
        fishermen = fishermen[o]
        boat = np.zeros(len(fishermen), np.int32)
        pos, b = 0, 0
        while pos < len(fishermen):
            s = int(r.integers(3, 7))
            boat[pos : pos + s] = b
            pos += s
            b += 1
        self.boat[fishermen] = boat
        nb = b
        sea = np.full((nb, 4, 2), -BIG, np.int64)
        self.boat_return = np.zeros(nb, np.int64)
        for bi in range(nb):
            ret = int(r.integers(WARN + 4 * H, LANDFALL - 18 * H))
            if r.random() < 0.08:
                ret = int(r.integers(LANDFALL - 18 * H, LANDFALL - 6 * H))
            self.boat_return[bi] = ret
            # cycles backwards from return
            end = ret
            for k in range(4):
                length = int(r.integers(5 * DAY, 13 * DAY)) if k else int(r.integers(3 * DAY, 11 * DAY))
                if k == 0 and r.random() < 0.25:  # was in port when warning came
                    end = int(r.integers(WARN - 4 * DAY, WARN))
                    length = int(r.integers(4 * DAY, 10 * DAY))
                sea[bi, k] = (end - length, end)
                end = end - length - int(r.integers(2 * DAY, 5 * DAY))
        self.sea = sea
        fm_own = fishermen[self.op[fishermen] == 0]
        self.pop[fm_own] = "fisherman"
        self.avail[fishermen] = False
        famm = np.array(sorted(set(famm)), np.int64)
        self.pop[famm] = "fisher_family"
        self.avail[famm] = False
        self.add_edges(*self.group_pick(fishermen, boat, 0, all_pairs=True), 6, sym=False)
        self.roles["fishermen"] = fishermen
        self.roles["fisher_family"] = famm
        # fishery officers (渔业村干部/渔政): each responsible for a set of boats' captains
        nof = int(r.integers(6, 10))
        officers = take(nof, COASTAL_FISH)
        self.pop[officers] = "fishery_officer"
        captains = np.array([fishermen[boat == bi][0] for bi in range(nb)])
        self.roles["fishery_officer"] = officers
        self.officer_boats = np.array_split(r.permutation(nb), nof)
        for o_, bs in zip(officers.tolist(), self.officer_boats):
            crew = fishermen[np.isin(boat, bs)]
            self.add_edges(np.full(len(crew), o_), crew, 6)
        self.captains = captains

        # ---- grid workers and village cadres
        ng, nv = int(r.integers(95, 125)), int(r.integers(40, 60))
        gw_cty = r.choice(NC, ng, p=(CW * (0.3 + CEXP)) / (CW * (0.3 + CEXP)).sum())
        gws = []
        for ci in range(NC):
            k = int((gw_cty == ci).sum())
            if k:
                gws.append(take(k, [ci]))
        gws = np.concatenate(gws)
        self.pop[gws] = "grid_worker"
        vc_cty = r.choice(COASTAL_FISH + MOUNTAIN, nv)
        vcs = np.concatenate([take(int((vc_cty == ci).sum()), [ci]) for ci in sorted(set(vc_cty.tolist()))])
        self.pop[vcs] = "village_cadre"
        self.grid_lists = {}
        hh_by_cty = [np.nonzero((self.hh_cty == ci) & ~self.hh_is_mig)[0] for ci in range(NC)]
        for w in gws.tolist():
            ci = self.county[w]
            hs = hh_by_cty[ci]
            k = int(np.clip(r.lognormal(np.log(150), 0.4), 60, 320))
            s = int(r.integers(0, max(1, len(hs) - k)))
            self.grid_lists[w] = hs[s : s + k]
        for w in vcs.tolist():
            ci = self.county[w]
            hs = hh_by_cty[ci]
            wt = np.where(self.hh_is_eld[hs], 3.0, 1.0)
            k = int(np.clip(r.lognormal(np.log(110), 0.4), 40, 250))
            self.grid_lists[w] = np.sort(r.choice(hs, min(k, len(hs)), replace=False, p=wt / wt.sum()))
        self.roles["grid"] = np.concatenate([gws, vcs])
        # street office colleagues
        sup = take(12, URBAN)
        self.add_edges(self.roles["grid"], sup[r.integers(0, len(sup), len(self.roles["grid"]))], 6)
        # evacuation: members of listed households in highly exposed areas go to shelters
        evac_h = []
        for w in self.roles["grid"].tolist():
            hs = self.grid_lists[w]
            e = CEXP[self.county[w]]
            pe = 0.45 if e >= 0.85 else (0.25 if self.county[w] in MOUNTAIN else 0.08)
            evac_h.append(hs[r.random(len(hs)) < pe])
        evac_h = np.unique(np.concatenate(evac_h))
        shelters = {ci: self.rand_cell(np.full(int(r.integers(2, 5)), ci)) for ci in range(NC)}
        ev_from = EVAC + r.integers(2 * H, 24 * H, len(evac_h))
        ev_to = LANDFALL + r.integers(16 * H, 44 * H, len(evac_h))
        for h, f, t in zip(evac_h.tolist(), ev_from.tolist(), ev_to.tolist()):
            sh = shelters[int(self.hh_cty[h])]
            c = int(sh[int(r.integers(len(sh)))])
            for m in self.hh_list[h]:
                self.evac_from[m], self.evac_to[m], self.shelter[m] = f, t, c
        self.n_evac_hh = len(evac_h)

        # ---- property managers (物业管家): garage car-moving calls
        npm = int(r.integers(30, 45))
        pms = take(npm, URBAN)
        self.pop[pms] = "property_manager"
        self.pm_lists = {}
        for w in pms.tolist():
            hs = hh_by_cty[self.county[w]]
            hs = hs[~self.hh_is_eld[hs]]
            k = int(r.integers(80, 260))
            s = int(r.integers(0, max(1, len(hs) - k)))
            self.pm_lists[w] = hs[s : s + k]
        self.roles["pm"] = pms

        # ---- small businesses (some with a dual-SIM second card)
        nsb = int(r.normal(450, 30))
        sbs = take(nsb)
        self.pop[sbs] = "small_business"
        self.sb_sup = {}
        self.sb_cust = {}
        dual = sbs[r.random(len(sbs)) < 0.2]
        n2, s2 = self.mobiles("own", CITY, len(dual))
        d2 = self.add(
            len(dual),
            num=s2,
            nint=n2,
            op=0,
            pop="small_business",
            county=self.county[dual],
            sub=True,
            cb=True,
            act=self.old_act(len(dual), 0.5, 2, 2),
            idh=self.idh[dual],
            birth=self.birth[dual],
            imei1=self.imei1[dual],
            imsi=self.imsis(len(dual)),
            home_cell=self.home_cell[dual],
            work_cell=self.work_cell[dual],
            employed=True,
            ansp=0.85,
            note="second SIM in the owner's dual-SIM handset",
        )
        self.extend_arrays()
        for a, b in zip(n2.tolist(), d2.tolist()):
            self.int2idx[a] = b
        self.biz_card = dict(zip(sbs.tolist(), sbs.tolist()))
        for a, b in zip(dual.tolist(), d2.tolist()):
            self.biz_card[a] = b
        for w in sbs.tolist():
            regs = np.array(["杭州", "上海", "广州", "深圳", "义乌", "台州", "宁波", "泉州"], object)
            k = int(r.integers(4, 15))
            reg = regs[r.integers(0, len(regs), k)]
            isfix = r.random(k) < 0.4
            sup = self.add_outside(k, reg, 0.4, pop="business")
            self.person[sup] = False
            self.sb_sup[w] = sup
            c = self.wzp[(self.county[self.wzp] == self.county[w])]
            self.sb_cust[w] = r.choice(c, int(r.integers(60, 250)), replace=False)
        self.roles["sb"] = sbs

        # ---- couriers and ride-hailing drivers
        nco = int(r.integers(60, 80))
        cos = take(nco, URBAN + [7, 8, 9])
        self.pop[cos] = "courier"
        newc = cos[r.random(len(cos)) < 0.3]
        self.act[newc] = self.snap(r.integers(-60 * DAY, 6 * DAY, len(newc)))
        self.afrom[newc] = self.act[newc]
        self.note[newc] = "courier on a recently activated card (new job)"
        self.roles["courier"] = cos
        self.cust = {
            w: r.choice(self.wzp[self.county[self.wzp] == self.county[w]], 300, replace=False)
            for w in cos.tolist()
        }
        station = {}
        for w in cos.tolist():
            station.setdefault(int(self.county[w]), []).append(w)
        for ci in sorted(station):
            ws = np.array(station[ci])
            if len(ws) > 1:
                self.add_edges(*self.group_pick(ws, np.zeros(len(ws), int), 3), 6, sym=False)
        nri = int(r.integers(35, 50))
        ris = take(nri, URBAN)
        self.pop[ris] = "ride_hail_driver"
        self.roles["ride"] = ris

        # ---- telesales companies: same corporate id, consecutive numbers, one office cell
        ts = []
        for comp in range(int(r.integers(5, 8))):
            k = int(r.integers(3, 9))
            a, s = self.mobiles("own", CITY, k, consecutive=True)
            cty = int(r.choice(URBAN))
            cell = int(self.rand_cell(np.array([cty]))[0])
            idh = self.ids(1)[0]
            act0 = int(self.old_act(1, 0.5, 2, 2)[0])
            acts = np.where(r.random(k) < 0.6, act0, self.old_act(k, 0.3, 2, 2))
            idx = self.add(
                k,
                num=s,
                nint=a,
                op=0,
                pop="telesales",
                county=cty,
                sub=True,
                cb=True,
                act=acts,
                idh=idh,
                birth=r.integers(1985, 2004, k),
                imei1=self.imeis(k),
                imsi=self.imsis(k),
                home_cell=self.rand_cell(np.full(k, cty)),
                work_cell=cell,
                employed=True,
                ansp=0.7,
                rate=r.lognormal(np.log(0.6), 0.5, k),
                note=f"telesales company {comp}: corporate cards on one id, office cell",
            )
            self.extend_arrays()
            for v_, i_ in zip(a.tolist(), idx.tolist()):
                self.int2idx[v_] = i_
            self.add_edges(*self.group_pick(idx, np.zeros(k, int), 0, all_pairs=True), 2, sym=False)
            fr = self.wzp[r.integers(0, len(self.wzp), k * 6)]
            self.add_edges(np.repeat(idx, 6), fr, 3)
            ts.append(idx)
        self.roles["telesales"] = np.concatenate(ts)
        self.ts_company = np.concatenate([np.full(len(x), i) for i, x in enumerate(ts)])
        # ---- debt collectors
        ndc = int(r.integers(12, 20))
        dcs = take(ndc, URBAN)
        self.pop[dcs] = "debt_collector"
        self.roles["debt"] = dcs
        # ---- insurance adjusters (查勘员) per insurer
        nad = int(r.integers(28, 40))
        ads = take(nad, URBAN + [7, 8])
        self.pop[ads] = "insurance_adjuster"
        self.ad_ins = np.array(INSURERS, object)[r.choice(4, nad, p=[0.4, 0.3, 0.2, 0.1])]
        self.roles["adjuster"] = ads
        # ---- utility dispatchers
        nud = int(r.integers(10, 16))
        uds = take(nud, URBAN)
        self.pop[uds] = "utility_dispatcher"
        self.roles["dispatch"] = uds
        # ---- clinic appointment lines (fixed lines of this operator)
        ncl = int(r.integers(8, 13))
        ccty = r.choice(URBAN + [7, 8], ncl)
        cl = self.add(
            ncl,
            num=self.fixed(CITY, ncl),
            op=0,
            ctype="fixed",
            pop="clinic_line",
            county=ccty,
            sub=True,
            cb=False,
            person=False,
            act=self.old_act(ncl, 3, 3, 2),
            idh=self.ids(ncl),
            ansp=0.8,
            note="hospital/clinic appointment & follow-up line",
        )
        self.extend_arrays()
        self.roles["clinic"] = cl
        # ---- elevator emergency phones (IoT cards of one maintenance company)
        nel = int(r.integers(30, 45))
        a, s = self.iot(nel)
        ecty = r.choice(URBAN, nel)
        el = self.add(
            nel,
            num=s,
            nint=a,
            op=0,
            ctype="iot",
            pop="iot_elevator",
            county=ecty,
            sub=True,
            person=False,
            act=self.old_act(nel, 1, 1.5, 2),
            idh=self.ids(1)[0],
            imei1=self.imeis(nel, "modem"),
            imsi=(46004 * 10**10 + r.integers(0, 10**10, nel)),
            home_cell=self.rand_cell(ecty),
            ansp=0.0,
            note="elevator emergency phone (IoT card)",
        )
        self.extend_arrays()
        self.roles["elevator"] = el
        # ---- handset swap (phones soaked)
        aff = lambda c: CEXP[self.county[c]] >= 0.55
        hs = take(int(r.integers(100, 150)), None, aff)
        self.pop[hs] = "resident_handset_swap"
        self.swap_t[hs] = LANDFALL + r.integers(2 * H, 40 * H, len(hs))
        self.imei2[hs] = self.imeis(len(hs))
        tmp = hs[r.random(len(hs)) < 0.3]
        for p_ in tmp.tolist():
            mates = [m for m in self.hh_list[self.hh[p_]] if m != p_ and self.imei1[m] >= 0]
            if mates:
                self.tmp_imei[p_] = self.imei1[mates[0]]
                self.tmp_from[p_] = LANDFALL + int(r.integers(H, 6 * H))
                self.tmp_to[p_] = self.tmp_from[p_] + int(r.integers(3 * H, 20 * H))
                self.swap_t[p_] = max(self.swap_t[p_], self.tmp_to[p_])
        self.roles["swap"] = hs
        # ---- lost phone/card -> new card, recontacts everyone
        olds = take(int(r.integers(40, 65)), None, aff)
        nn, ns = self.mobiles("own", CITY, len(olds))
        loss = LANDFALL + r.integers(-2 * H, 10 * H, len(olds))
        act = loss + r.integers(4 * H, 30 * H, len(olds))
        news = self.add(
            len(olds),
            num=ns,
            nint=nn,
            op=0,
            pop="resident_new_card",
            county=self.county[olds],
            sub=True,
            cb=True,
            act=act,
            afrom=act,
            idh=self.idh[olds],
            birth=self.birth[olds],
            imei1=self.imeis(len(olds)),
            imsi=self.imsis(len(olds)),
            home_cell=self.home_cell[olds],
            work_cell=self.work_cell[olds],
            employed=self.employed[olds],
            ansp=0.9,
            rate=self.rate[olds],
            hh=self.hh[olds],
            note="new card after losing phone in the flood; same holder as old number",
        )
        self.extend_arrays()
        self.ato[olds] = loss
        self.note[olds] = "lost phone/card at landfall; replaced by a new card"
        self.old_of_new[news] = olds
        self.new_of_old[olds] = news
        for v_, i_ in zip(nn.tolist(), news.tolist()):
            self.int2idx[v_] = i_
        self.roles["newcard"] = news
        self.roles["newcard_old"] = olds
        # ---- volunteers on newly bought cards; rescue teams
        nvol = int(r.integers(32, 48))
        vact = r.integers(9 * DAY + 14 * H, 11 * DAY + 10 * H, nvol)
        nv_, sv_ = self.mobiles("own", CITY, nvol)
        vcty = r.choice([3, 5, 7, 8, 9, 10, 11], nvol)
        fromout = r.random(nvol) < 0.6
        vol = self.add(
            nvol,
            num=sv_,
            nint=nv_,
            op=0,
            pop="volunteer_newcard",
            county=vcty,
            sub=True,
            cb=True,
            act=vact,
            afrom=vact,
            idh=self.ids(nvol),
            birth=r.integers(1975, 2004, nvol),
            imei1=self.imeis(nvol),
            imsi=self.imsis(nvol),
            home_cell=self.rand_cell(vcty),
            roam_cells=True,
            ansp=0.9,
            note=np.where(
                fromout,
                "rescue volunteer from another city; bought local card on arrival",
                "local volunteer; bought an extra card for rescue work",
            ),
        )
        self.extend_arrays()
        for v_, i_ in zip(nv_.tolist(), vol.tolist()):
            self.int2idx[v_] = i_
        team = np.arange(nvol) // 6
        self.add_edges(*self.group_pick(vol, team, 0, all_pairs=True), 6, sym=False)
        fam = self.add_outside(nvol, np.array(OUT_CITIES, object)[r.integers(0, len(OUT_CITIES), nvol)], 0.4)
        self.add_edges(vol, fam, 4, sym=False)
        gl = self.roles["grid"]
        self.add_edges(vol, gl[r.integers(0, len(gl), nvol)], 6)
        self.roles["volunteer"] = vol
        self.vol_team = team
        # ---- power repair crews roaming in from other cities
        ncr = int(r.integers(40, 60))
        crh = np.array(CREW_HOMES, object)[r.integers(0, len(CREW_HOMES), ncr)]
        cr = self.add_outside(ncr, crh, 1.0, pop="power_repair_crew")
        arrive = LANDFALL + r.integers(3 * H, 14 * H, ncr)
        crcty = r.choice([3, 5, 7, 8, 9], ncr)
        self.afrom[cr] = arrive
        self.county[cr] = crcty
        self.roam_cells[cr] = True
        self.cb[cr] = True
        self.wz[cr] = True
        self.imei1[cr] = self.imeis(ncr)
        self.imsi[cr] = self.imsis(ncr)
        self.home_cell[cr] = self.rand_cell(crcty)
        self.note[cr] = "State Grid repair crew sent in from another city (roaming card)"
        self.add_edges(*self.group_pick(cr, np.arange(ncr) // 8, 0, all_pairs=True), 6, sym=False)
        self.add_edges(cr, uds[r.integers(0, len(uds), ncr)], 6)
        home_fam = self.add_outside(ncr, crh, 0.5)
        self.add_edges(cr, home_fam, 4, sym=False)
        self.rate[cr] = 0
        self.roles["crew"] = cr
        # new cards inherit the old number's contact list
        U = np.concatenate([e[0] for e in self.E]).astype(np.int64)
        V = np.concatenate([e[1] for e in self.E]).astype(np.int64)
        T = np.concatenate(
            [
                np.full(len(e[0]), e[2], np.int8) if np.ndim(e[2]) == 0 else np.asarray(e[2], np.int8)
                for e in self.E
            ]
        )
        m = np.isin(U, olds)
        self.E.append((self.new_of_old[U[m]], V[m], T[m]))

    def extend_arrays(self):
        pass

    # ------------------------------------------------------------------ role call generation
    def gen_role_calls(self):
        r = self.rng
        workdays = [d for d in range(NDAYS) if WEEKDAY[d] < 5]
        # ---- fishing families calling boats, fishermen back in port
        fm = self.roles["fishermen"]
        fam = self.roles["fisher_family"]
        fam_f = {}
        for f in fm.tolist():
            for m in self.hh_list[self.hh[f]]:
                if m != f:
                    fam_f[m] = f
        fam = np.array([m for m in fam.tolist() if m in fam_f], np.int64)
        ff = np.array([fam_f[m] for m in fam.tolist()], np.int64)
        if len(fam):
            # routine: ~0.5 attempt/day to the fisherman (often at sea)
            k = r.poisson(0.6, (len(fam), NDAYS))
            c = np.repeat(fam, k.sum(1))
            tgt = np.repeat(ff, k.sum(1))
            d = np.repeat(np.tile(np.arange(NDAYS), len(fam)), k.ravel())
            t = self.day_times(d, "personal")
            dur = self.resolve(c, tgt, t, 0.9, [(1, 120, 0.9)])
            self.emit(c, tgt, t, dur)
            self.redial(c, tgt, t, dur, 0.4, 2, (300, 3600), 0.9, [(1, 90, 0.9)])
            # recall: repeated attempts from the warning until the boat is back
            ret = self.boat_return[self.boat[ff]]
            k = r.integers(3, 14, len(fam))
            c = np.repeat(fam, k)
            tgt = np.repeat(ff, k)
            t = self.sample_times(np.full(len(c), WARN), np.repeat(ret, k) + 3 * H, "personal")
            dur = self.resolve(c, tgt, t, 0.95, [(1, 50, 0.8)])
            self.emit(c, tgt, t, dur)
            self.redial(c, tgt, t, dur, 0.5, 3, (60, 900), 0.95, [(1, 40, 0.8)])
        # fishermen calling home right after returning to port
        ret = self.boat_return[self.boat[fm]]
        own_fm = fm[self.op[fm] == 0]
        retf = self.boat_return[self.boat[own_fm]]
        c, tg, tt = [], [], []
        for f, rt in zip(own_fm.tolist(), retf.tolist()):
            j = self.csr_close
            s, e = j["st"][f], j["en"][f]
            if e > s:
                k = int(r.integers(2, 8))
                c += [f] * k
                tg += self.ev[r.integers(s, e, k)].tolist()
                tt += (rt + r.integers(0, 4 * H, k)).tolist()
        if c:
            c, tg, tt = np.array(c), np.array(tg), np.array(tt)
            self.emit(c, tg, tt, self.resolve(c, tg, tt, 0.9, [(1, 90, 0.9)]))
        # fishery officers: call every captain/crew repeatedly until they answer
        for o_, bs in zip(self.roles["fishery_officer"].tolist(), self.officer_boats):
            crew = fm[np.isin(self.boat[fm], bs)]
            caps = self.captains[bs]
            # routine
            k = r.poisson(2.5, NDAYS)
            d = np.repeat(np.arange(NDAYS), k)
            tg = crew[r.integers(0, len(crew), len(d))]
            t = self.day_times(d, "work")
            self.job_list_calls(np.full(len(d), o_), tg, t, 0.9, [(1, 60, 0.8)], 0.4, 0.05)
            # recall campaign
            tg = np.concatenate([caps, crew[r.random(len(crew)) < 0.5]])
            t = self.sample_times(np.full(len(tg), WARN), np.full(len(tg), WARN + 10 * H), "flat")
            w = np.full(len(tg), o_)
            self.job_list_calls(
                w, tg, t, 0.95, [(1, 45, 0.7)], 0.3, 0.05, redial_p=0.9, rounds=6, gap=(1200, 4800)
            )
            t = self.sample_times(
                np.full(len(caps), 10 * DAY + 7 * H), np.full(len(caps), 10 * DAY + 20 * H), "flat"
            )
            self.job_list_calls(
                np.full(len(caps), o_),
                caps,
                t,
                0.95,
                [(1, 40, 0.7)],
                0.3,
                0.05,
                redial_p=0.8,
                rounds=4,
                gap=(1200, 4800),
            )

        # ---- grid workers / village cadres
        for w in self.roles["grid"].tolist():
            hs = self.grid_lists[w]
            # routine: a few list calls per workday (census checks, insurance renewal...)
            k = r.poisson(3, NDAYS) * np.array([WEEKDAY[d] < 5 for d in range(NDAYS)])
            d = np.repeat(np.arange(NDAYS), k)
            tg = self.rep_of_hh(hs[r.integers(0, len(hs), len(d))])
            t = self.day_times(d, "work")
            self.job_list_calls(np.full(len(d), w), tg, t, 0.7, [(1, 60, 0.8)], 0.2, 0.05, 0.4, 1)
            # evacuation round 1: every household on the list, 08-11
            tg = self.rep_of_hh(hs)
            start = EVAC + int(r.integers(0, 2 * H))
            t = np.sort(
                self.sample_times(np.full(len(hs), start), np.full(len(hs), 10 * DAY + 21 * H), "flat")
            )
            dur = self.job_list_calls(
                np.full(len(hs), w),
                tg,
                t,
                0.6,
                [(0.8, 40, 0.6), (0.2, 120, 0.6)],
                0.06,
                0.02,
                redial_p=0.7,
                rounds=3,
                gap=(600, 3600),
                cb_delay=2400,
            )
            # round 2, the morning of landfall: households not yet confirmed / still at home
            sel = (dur == 0) | (r.random(len(hs)) < 0.35)
            tg2 = self.rep_of_hh(hs[sel])
            t = self.sample_times(
                np.full(len(tg2), 11 * DAY + 6 * H), np.full(len(tg2), LANDFALL - H), "flat"
            )
            self.job_list_calls(
                np.full(len(tg2), w),
                tg2,
                t,
                0.6,
                [(1, 35, 0.6)],
                0.05,
                0.02,
                redial_p=0.6,
                rounds=2,
                gap=(300, 1800),
            )
            # after landfall: check-ins with evacuated / damaged households
            sel = r.random(len(hs)) < 0.25
            tg3 = self.rep_of_hh(hs[sel])
            t = self.sample_times(
                np.full(len(tg3), 12 * DAY + 7 * H), np.full(len(tg3), 12 * DAY + 19 * H), "flat"
            )
            self.job_list_calls(np.full(len(tg3), w), tg3, t, 0.7, [(1, 60, 0.7)], 0.08, 0.03, 0.5, 1)

        # ---- property managers: garage car-moving before landfall
        for w in self.roles["pm"].tolist():
            hs = self.pm_lists[w]
            owners = np.array([self.hh_list[h][0] for h in hs.tolist()])
            k = r.integers(4, 13, NDAYS)
            d = np.repeat(np.arange(NDAYS), k)
            tg = owners[r.integers(0, len(owners), len(d))]
            t = self.day_times(d, "day")
            self.job_list_calls(np.full(len(d), w), tg, t, 0.8, [(1, 70, 0.8)], 0.3, 0.1, 0.4, 1)
            sel = r.random(len(owners)) < 0.8
            tg = owners[sel]
            t = self.sample_times(
                np.full(len(tg), 10 * DAY + 13 * H), np.full(len(tg), 10 * DAY + 22 * H), "flat"
            )
            self.job_list_calls(
                np.full(len(tg), w),
                tg,
                t,
                0.75,
                [(1, 30, 0.6)],
                0.15,
                0.03,
                redial_p=0.6,
                rounds=2,
                gap=(300, 2400),
            )
            tg = owners[r.random(len(owners)) < 0.3]
            t = self.sample_times(
                np.full(len(tg), 12 * DAY + 8 * H), np.full(len(tg), 12 * DAY + 20 * H), "flat"
            )
            self.job_list_calls(np.full(len(tg), w), tg, t, 0.8, [(1, 90, 0.8)], 0.3, 0.1, 0.4, 1)

        # ---- small business: suppliers and customers (business card if dual SIM)
        for w in self.roles["sb"].tolist():
            card = self.biz_card[w]
            k = r.poisson(np.where(np.array(WEEKDAY) < 5, 6, 3) * r.uniform(0.5, 1.5))
            k[11] = k[11] // 3
            d = np.repeat(np.arange(NDAYS), k)
            sup, cu = self.sb_sup[w], self.sb_cust[w]
            issup = r.random(len(d)) < 0.45
            tg = np.where(
                issup,
                sup[r.integers(0, len(sup), len(d))],
                cu[(r.pareto(1.0, len(d)) * 10).astype(int) % len(cu)],
            )
            t = self.day_times(d, "work")
            self.job_list_calls(
                np.full(len(d), card), tg, t, 0.85, [(1, 75, 0.9)], 0.45, 0.08, 0.3, 1, cb_delay=900
            )

        # ---- couriers
        for w in self.roles["courier"].tolist():
            base = r.uniform(20, 60)
            f = np.ones(NDAYS)
            f[10], f[11], f[12] = 0.8, 0.08, 1.5
            k = r.poisson(base * f * np.where(np.array(WEEKDAY) >= 5, 0.8, 1.0))
            d = np.repeat(np.arange(NDAYS), k)
            reg = self.cust[w]
            cty = int(self.county[w])
            rnd = self.wzp[r.integers(0, len(self.wzp), len(d))]
            tg = np.where(r.random(len(d)) < 0.3, reg[r.integers(0, len(reg), len(d))], rnd)
            t = self.day_times(d, "courier")
            cell = self.rand_cell(np.full(len(d), cty))
            self.job_list_calls(
                np.full(len(d), w),
                tg,
                t,
                0.8,
                [(1, 22, 0.7)],
                0.15,
                0.06,
                0.4,
                1,
                gap=(60, 600),
                cell=cell,
                cb_delay=900,
            )
        # ---- ride-hailing drivers
        for w in self.roles["ride"].tolist():
            f = np.ones(NDAYS)
            f[11] = 0.15
            f[12] = 1.3
            k = r.poisson(r.uniform(6, 22) * f)
            d = np.repeat(np.arange(NDAYS), k)
            tg = self.wzp[r.integers(0, len(self.wzp), len(d))]
            t = self.day_times(d, "ride")
            cell = self.rand_cell(r.choice(NC, len(d), p=CW))
            self.job_list_calls(
                np.full(len(d), w),
                tg,
                t,
                0.85,
                [(1, 18, 0.6)],
                0.25,
                0.08,
                0.3,
                1,
                gap=(30, 200),
                cell=cell,
                cb_delay=120,
            )

        # ---- telesales: purchased lists, workday office hours, low answer, no callbacks
        for i, w in enumerate(self.roles["telesales"].tolist()):
            f = np.array([1.0 if WEEKDAY[d] < 5 else (0.3 if WEEKDAY[d] == 5 else 0) for d in range(NDAYS)])
            f[10], f[11], f[12] = 0.5, 0, 0.8
            k = r.poisson(r.uniform(110, 260) * f)
            d = np.repeat(np.arange(NDAYS), k)
            tg = self.wzp[r.integers(0, len(self.wzp), len(d))]
            lead = r.random(len(d)) < 0.08  # re-calls of interested leads
            if lead.any():
                tg[lead] = tg[np.maximum(0, np.arange(len(d))[lead] - r.integers(1, 200, int(lead.sum())))]
            t = np.sort(self.day_times(d, "callcentre"))
            self.job_list_calls(
                np.full(len(d), w),
                tg,
                t,
                0.38,
                [(0.7, 15, 0.7), (0.25, 70, 0.7), (0.05, 240, 0.6)],
                0.012,
                0.01,
            )
        # ---- debt collectors
        for w in self.roles["debt"].tolist():
            debtors = self.wzp[r.integers(0, len(self.wzp), int(r.integers(150, 400)))]
            # contacts of some debtors ("通讯录" harassment)
            cs = []
            for dbt in debtors[r.random(len(debtors)) < 0.2].tolist():
                s, e = self.csr["st"][dbt], self.csr["en"][dbt]
                if e > s:
                    cs += self.ev[r.integers(s, e, int(r.integers(1, 5)))].tolist()
            lst = np.concatenate([debtors, np.array(cs, np.int64)])
            k = r.poisson(r.uniform(50, 120), NDAYS)
            k[11] //= 4
            d = np.repeat(np.arange(NDAYS), k)
            tg = lst[(r.pareto(0.8, len(d)) * 20).astype(int) % len(lst)]
            t = self.day_times(d, "day")
            self.job_list_calls(
                np.full(len(d), w),
                tg,
                t,
                0.3,
                [(0.6, 20, 0.7), (0.4, 100, 0.7)],
                0.02,
                0.02,
                0.6,
                3,
                gap=(120, 1800),
            )
        # ---- insurance adjusters
        cl = getattr(self, "claimants", np.array([], np.int64))
        cl_ins = getattr(self, "claim_ins", np.array([], object))
        cl_t = getattr(self, "claim_t", np.array([], np.int64))
        ads = self.roles["adjuster"]
        for ins in INSURERS:
            aw = ads[self.ad_ins == ins]
            if len(aw) == 0:
                continue
            m = cl_ins == ins
            c_own, c_t = cl[m], cl_t[m]
            # add other-operator claimants (their reports are invisible)
            oth = self.wzp[(self.op[self.wzp] != 0) & self.car[self.wzp]]
            noth = int(len(c_own) * 0.8)
            o_ = oth[r.integers(0, len(oth), noth)]
            o_t = self.sample_times(np.full(noth, LANDFALL), np.full(noth, 12 * DAY + 18 * H), "personal")
            allc = np.concatenate([c_own, o_])
            allt = np.concatenate([c_t, o_t])
            who = aw[r.integers(0, len(aw), len(allc))]
            t = np.maximum(allt + r.integers(30 * MIN, 14 * H, len(allc)), 12 * DAY + 7 * H)
            t = np.where((t % DAY) // H >= 21, (t // DAY + 1) * DAY + 8 * H + r.integers(0, 3 * H, len(t)), t)
            ok = t < T_END
            self.job_list_calls(
                who[ok], allc[ok], t[ok], 0.9, [(1, 90, 0.8)], 0.45, 0.15, 0.7, 3, gap=(600, 3600)
            )
            # follow-up call the same day
            f = ok & (r.random(len(t)) < 0.4)
            t2 = t[f] + r.integers(H, 6 * H, int(f.sum()))
            self.job_list_calls(who[f], allc[f], t2, 0.9, [(1, 60, 0.8)], 0.3, 0.1)
        for w in ads.tolist():
            # routine claims (normal traffic accidents)
            k = r.poisson(r.uniform(6, 16), NDAYS)
            k[11] = 2
            d = np.repeat(np.arange(NDAYS), k)
            tg = self.wzp[r.integers(0, len(self.wzp), len(d))]
            t = self.day_times(d, "work")
            cell = self.rand_cell(np.full(len(d), int(self.county[w])))
            self.job_list_calls(np.full(len(d), w), tg, t, 0.9, [(1, 90, 0.8)], 0.4, 0.15, 0.5, 1, cell=cell)
            # garages
            g = self.biz[r.integers(0, len(self.biz), int(r.integers(2, 6)))]
            k = r.poisson(3, NDAYS)
            d = np.repeat(np.arange(NDAYS), k)
            tg = g[r.integers(0, len(g), len(d))]
            self.job_list_calls(np.full(len(d), w), tg, self.day_times(d, "work"), 0.9, [(1, 60, 0.8)], 0, 0)
        # ---- utility dispatchers: call back outage reporters
        rep = getattr(self, "outage_reporters", np.array([], np.int64))
        uds = self.roles["dispatch"]
        oth = self.wzp[self.op[self.wzp] != 0]
        allr = np.concatenate([rep, oth[r.integers(0, len(oth), int(len(rep) * 0.7))]])
        t = self.sample_times(np.full(len(allr), LANDFALL + 2 * H), np.full(len(allr), T_END - H), "day")
        who = uds[r.integers(0, len(uds), len(allr))]
        self.job_list_calls(who, allr, t, 0.75, [(1, 50, 0.7)], 0.25, 0.1, 0.4, 1)
        cr = self.roles["crew"]
        for w in uds.tolist():
            k = r.poisson(4, NDAYS)
            d = np.repeat(np.arange(NDAYS), k)
            tg = self.wzp[r.integers(0, len(self.wzp), len(d))]
            self.job_list_calls(
                np.full(len(d), w), tg, self.day_times(d, "work"), 0.8, [(1, 60, 0.8)], 0.3, 0.1
            )
            tc = cr[r.integers(0, len(cr), 40)]
            t = self.sample_times(np.full(40, LANDFALL + 6 * H), np.full(40, T_END - 60), "flat")
            self.job_list_calls(np.full(40, w), tc, t, 0.9, [(1, 60, 0.8)], 0.5, 0.1)
        # ---- repair crews: teams, dispatch, residents at repair sites, family
        for w in cr.tolist():
            ndays_t = (T_END - self.afrom[w]) / DAY
            n = int(r.poisson(18 * ndays_t))
            t = self.sample_times(np.full(n, self.afrom[w]), np.full(n, T_END), "day")
            j = self.pick(self.csr, np.full(n, w))
            tg = self.ev[j]
            strangers = r.random(n) < 0.45
            cty = int(self.county[w])
            pool = self.wzp[self.county[self.wzp] == cty]
            tg = np.where(strangers, pool[r.integers(0, len(pool), n)], tg)
            cell = self.rand_cell(np.full(n, cty))
            self.job_list_calls(np.full(n, w), tg, t, 0.85, [(1, 50, 0.8)], 0.3, 0.1, 0.4, 1, cell=cell)
        # ---- volunteers: team coordination and rescue requests from strangers
        vol = self.roles["volunteer"]
        for i, w in enumerate(vol.tolist()):
            a = self.act[w]
            cty = int(self.county[w])
            n = int(r.poisson(30 * (T_END - a) / DAY))
            t = self.sample_times(np.full(n, a), np.full(n, T_END), "personal")
            t = np.where(t < LANDFALL - 12 * H, a + (t - a) // 3, t)
            pool = self.wzp[np.isin(self.county[self.wzp], [cty, 3, 5, 7, 8, 9])]
            ev_ = pool[self.evac_from[pool] < BIG]
            pr = r.random(n)
            j = self.pick(self.csr, np.full(n, w))
            tg = np.where(
                pr < 0.45,
                self.ev[j],
                np.where(
                    pr < 0.75,
                    ev_[r.integers(0, max(1, len(ev_)), n)]
                    if len(ev_)
                    else pool[r.integers(0, len(pool), n)],
                    pool[r.integers(0, len(pool), n)],
                ),
            )
            cell = self.rand_cell(np.full(n, cty))
            self.job_list_calls(
                np.full(n, w),
                tg,
                t,
                0.8,
                [(1, 55, 0.8)],
                0.35,
                0.12,
                0.6,
                2,
                gap=(60, 900),
                cell=cell,
                cb_delay=900,
            )
        # ---- clinic lines
        for w in self.roles["clinic"].tolist():
            cty = int(self.county[w])
            pool = self.wzp[self.county[self.wzp] == cty]
            wt = np.where(self.pop[pool] == "elderly", 3.0, 1.0)
            k = np.array(
                [int(r.integers(25, 70)) if WEEKDAY[d] < 5 else int(r.integers(0, 12)) for d in range(NDAYS)]
            )
            k[10] = int(r.integers(120, 220))
            k[11] = int(r.integers(20, 60))
            d = np.repeat(np.arange(NDAYS), k)
            tg = r.choice(pool, len(d), p=wt / wt.sum())
            t = np.sort(self.day_times(d, "work"))
            self.job_list_calls(
                np.full(len(d), w), tg, t, 0.75, [(1, 55, 0.7)], 0.15, 0.05, 0.3, 1, cell=-2, imei=-2
            )
        # ---- elevators
        el = self.roles["elevator"]
        k = r.poisson(0.03 * NDAYS, len(el))
        c = np.repeat(el, k)
        t = r.integers(0, T_END, len(c))
        tg = np.full(len(c), self.svc["96333"])
        self.emit(c, tg, t, self.durs(len(c), [(1, 25, 0.8)]))
        trig = el[r.random(len(el)) < 0.3]
        k = r.integers(1, 5, len(trig))
        c = np.repeat(trig, k)
        t = np.repeat(LANDFALL + r.integers(0, 8 * H, len(trig)), k) + np.concatenate(
            [np.arange(x) for x in k]
        ) * r.integers(60, 400, len(c))
        tg = np.full(len(c), self.svc["96333"])
        self.emit(c, tg, t, np.where(r.random(len(c)) < 0.2, 0, self.durs(len(c), [(1, 180, 0.8)])))
        # ---- new cards: recontact burst
        for w in self.roles["newcard"].tolist():
            old = self.old_of_new[w]
            s, e = self.csr_close["st"][old], self.csr_close["en"][old]
            if e <= s:
                continue
            cands = np.unique(self.ev[s:e])
            k = min(len(cands), int(r.integers(15, 50)))
            tg = r.choice(cands, k, replace=False)
            t = self.act[w] + np.sort(r.integers(10 * MIN, 10 * H, k))
            t = np.where((t % DAY) // H < 7, t + 8 * H, t)
            self.job_list_calls(
                np.full(k, w), tg, t, 0.7, [(1, 45, 0.7)], 0.35, 0.3, 0.5, 1, gap=(300, 3600), cb_delay=1200
            )

    # ------------------------------------------------------------------ fraud
    def fraud_card(
        self,
        n,
        pop,
        act,
        home,
        idh=None,
        consecutive=False,
        opk="own",
        ctype="mobile",
        birth=None,
        ansp=0.75,
        note="",
        county=-1,
    ):
        r = self.rng
        home = np.asarray(home, object) if np.ndim(home) else np.full(n, home, object)
        nums = np.empty(n, object)
        nint = np.zeros(n, np.int64)
        for reg in sorted(set(home.tolist())):
            m = home == reg
            a, s = self.mobiles(opk, reg, int(m.sum()), consecutive=consecutive)
            nums[m] = s
            nint[m] = a
        if idh is None:
            idh = self.ids(n)
        if birth is None:
            birth = np.where(r.random(n) < 0.5, r.integers(1950, 1966, n), r.integers(1996, 2007, n))
        idx = self.add(
            n,
            num=nums,
            nint=nint,
            op=0,
            ctype=ctype,
            pop=pop,
            region=home,
            sub=True,
            act=act,
            afrom=act,
            idh=idh,
            birth=birth,
            imsi=self.imsis(n),
            person=True,
            ansp=ansp,
            note=note,
            county=county,
            wz=True,
        )
        self.extend_arrays()
        for v_, i_ in zip(nint.tolist(), idx.tolist()):
            self.int2idx[v_] = i_
        return idx

    def fraud_dial(
        self,
        card,
        t,
        tg,
        base,
        mix,
        imei,
        cell,
        reg,
        cb_un=0.0,
        cb_ans=0.0,
        cb_base=0.8,
        cb_mix=((1, 90, 0.8),),
        redial_p=0.0,
        rounds=0,
        gap=(30, 300),
    ):
        if len(t) == 0:
            return np.array([], np.int64)
        card = np.broadcast_to(np.asarray(card), t.shape).copy()
        dur = self.resolve(card, tg, t, base, mix)
        self.emit(card, tg, t, dur, imei, cell, reg)
        if rounds:
            self.redial(card, tg, t, dur, redial_p, rounds, gap, base, mix, imei, cell, reg)
        self.callbacks(card, tg, t, dur, cb_un, cb_ans, 1800, cb_base, list(cb_mix), sigma=1.3)
        return dur

    def targets(self, n, kind, cty_w=None):
        r = self.rng
        wzp = self.wzp
        if kind == "all":
            return wzp[r.integers(0, len(wzp), n)]
        if kind == "affected":
            w = CEXP[self.county[wzp]] ** 2
            w = w * np.where(self.pop[wzp] == "elderly", 2.0, 1.0)
            return r.choice(wzp, n, p=w / w.sum())
        if kind == "elderly":
            el = self.groups["eld"]
            return el[r.integers(0, len(el), n)]
        if kind == "young":
            y = wzp[(2026 - self.birth[wzp]) < 40]
            return y[r.integers(0, len(y), n)]
        if kind == "loan":
            pool = np.concatenate(
                [self.roles["sb"], self.groups["mig"], self.groups["mig"], wzp[r.integers(0, len(wzp), 3000)]]
            )
            return pool[r.integers(0, len(pool), n)]
        if kind == "cars":
            c = wzp[self.car[wzp]]
            w = 0.3 + CEXP[self.county[c]]
            return r.choice(c, n, p=w / w.sum())
        raise ValueError(kind)

    def gen_fraud(self):
        r = self.rng
        while True:
            cnt = dict(
                relief=int(r.integers(5, 9)),
                ins=int(r.integers(4, 7)),
                imp=int(r.integers(8, 13)),
                box=[int(r.integers(6, 11)) for _ in range(int(r.integers(1, 3)))],
                ring=int(r.integers(2, 5)),
                pig=int(r.integers(3, 6)),
                loan=int(r.integers(4, 7)),
                eld=int(r.integers(2, 4)),
            )
            tot = (
                cnt["relief"]
                + cnt["ins"]
                + cnt["imp"]
                + sum(cnt["box"])
                + cnt["ring"]
                + cnt["pig"]
                + cnt["loan"]
                + cnt["eld"]
            )
            if 42 <= tot <= 58:
                break
        self.fraud_cnt = cnt
        wzr = self.rc(CITY)

        def hours_windows(days, spans):
            return [(d * DAY + a * H, d * DAY + b * H) for d in days for a, b in spans]

        # ---------------- typhoon relief subsidy scam (救灾补助/灾后补贴登记)
        n = cnt["relief"]
        act = np.sort(r.integers(7 * DAY, 11 * DAY + 12 * H, n))
        ids_ = self.ids(2)
        idh = np.where(np.arange(n) < 3, ids_[0], self.ids(n))
        home = np.where(
            r.random(n) < 0.5, CITY, np.array(FRAUD_HOMES, object)[r.integers(0, len(FRAUD_HOMES), n)]
        )
        cards = self.fraud_card(
            n,
            "fraud_typhoon_relief",
            act,
            home,
            idh=idh,
            note="fake typhoon relief subsidy registration (救灾补助), new card",
        )
        handsets = self.imeis(max(2, n // 2))
        hi = r.integers(0, len(handsets), n)
        cty = r.choice([0, 1, 2], n)
        for j, c in enumerate(cards.tolist()):
            start = max(self.act[c] + int(r.integers(H, 20 * H)), 10 * DAY + 14 * H)
            heavy = j < 2
            per = r.uniform(150, 330) if heavy else r.uniform(25, 60)
            nn = int(per * (T_END - start) / DAY * 1.2)
            if nn <= 0:
                continue
            t = self.sample_times(np.full(nn, start), np.full(nn, T_END), "callcentre")
            if j == 0:
                tg = self.sweep(nn, "own")
            else:
                tg = self.targets(nn, "affected")
            cell = int(self.rand_cell(np.array([cty[j]]))[0])
            self.fraud_dial(
                c,
                np.sort(t),
                tg,
                0.55,
                [(0.62, 14, 0.7), (0.28, 90, 0.6), (0.10, 600, 0.7)],
                handsets[hi[j]],
                cell,
                wzr,
                cb_un=0.01,
                cb_ans=0.025,
            )
            self.note[c] += f"; {'high-volume' if heavy else 'paced'}"
        # ---------------- fake insurance claim adjusters (假冒保险理赔)
        n = cnt["ins"]
        nrent = min(2, n - 1)
        act_new = r.integers(3 * DAY, 11 * DAY, n - nrent)
        act_old = self.old_act(nrent, 1, 2, 2)
        act = np.concatenate([act_old, act_new])
        home = np.concatenate(
            [
                np.full(nrent, CITY, object),
                np.array(FRAUD_HOMES, object)[r.integers(0, len(FRAUD_HOMES), n - nrent)],
            ]
        )
        cards = self.fraud_card(
            n,
            "fraud_insurance_claim",
            act,
            home,
            note="fake insurance claim adjuster (保险理赔) using leaked claimant list",
        )
        cl = getattr(self, "claimants", np.array([], np.int64))
        for j, c in enumerate(cards.tolist()):
            imei = self.imeis(1)[0]
            start = LANDFALL + int(r.integers(3 * H, 20 * H))
            if j < nrent:
                # rented real-name card: ordinary low use by the original holder, then sold
                self.note[c] = (
                    "rented/sold real-name card (old activation): ordinary use, then fake insurance claims"
                )
                self.imei1[c] = self.imeis(1)[0]
                self.swap_t[c] = start - int(r.integers(2 * H, 30 * H))
                self.imei2[c] = imei
                fr = self.wzp[r.integers(0, len(self.wzp), 8)]
                d = np.repeat(np.arange(HIST), r.poisson(0.7, HIST))
                tt = self.day_times(d, "personal")
                tg = fr[r.integers(0, len(fr), len(d))]
                self.emit(
                    np.full(len(d), c), tg, tt, self.resolve(np.full(len(d), c), tg, tt, 0.85, [(1, 90, 0.9)])
                )
                self.county[c] = int(r.choice(URBAN))
                self.home_cell[c] = self.rand_cell(np.array([self.county[c]]))[0]
            per = r.uniform(40, 150)
            nn = int(per * (T_END - start) / DAY * 1.3)
            t = np.sort(self.sample_times(np.full(nn, start), np.full(nn, T_END), "callcentre"))
            lk = r.random(nn) < 0.6
            tg = self.targets(nn, "cars")
            if len(cl):
                tg[lk] = cl[r.integers(0, len(cl), int(lk.sum()))]
            cell = int(self.rand_cell(np.array([int(r.choice(URBAN))]))[0])
            dur = self.fraud_dial(
                c,
                t,
                tg,
                0.7,
                [(0.5, 20, 0.7), (0.35, 150, 0.6), (0.15, 700, 0.6)],
                imei,
                cell,
                wzr,
                cb_un=0.02,
                cb_ans=0.06,
            )
            eng = dur > 300
            if eng.any():
                k = int(eng.sum())
                t2 = t[eng] + dur[eng] + r.integers(H, 10 * H, k)
                ok = t2 < T_END
                self.fraud_dial(c, t2[ok], tg[eng][ok], 0.9, [(1, 400, 0.6)], imei, cell, wzr)
        # ---------------- impersonation rings (冒充公检法 / 冒充电商客服退款)
        nimp = cnt["imp"]
        sizes = [nimp // 2, nimp - nimp // 2]
        for ring, k in enumerate(sizes):
            if ring == 0:
                home, first_day, kind, script = (
                    CITY,
                    int(r.integers(2, 5)),
                    "all",
                    "impersonating police/procuratorate (冒充公检法)",
                )
            else:
                home, first_day, kind, script = (
                    str(r.choice(FRAUD_HOMES)),
                    int(r.integers(8, 11)),
                    "young",
                    "impersonating e-commerce customer service refund (冒充客服退款)",
                )
            act0 = first_day * DAY - int(r.integers(DAY, 6 * DAY))
            act = act0 + r.integers(0, 3 * H, k)
            idh = np.where(r.random(k) < 0.5, self.ids(1)[0], self.ids(k))
            cards = self.fraud_card(
                k,
                "fraud_impersonation",
                act,
                home,
                idh=idh,
                consecutive=True,
                note=f"ring {ring}: {script}; batch-bought cards, consecutive numbers",
            )
            handsets = self.imeis(2)
            cell = int(self.rand_cell(np.array([1 if ring == 0 else 2]))[0])
            reg = wzr
            day = first_day
            ci = 0
            # cards used in sequence, 1-2 at a time, each for 1-4 days before being dumped
            while ci < k and day < NDAYS:
                life = int(r.integers(1, 4))
                conc = 2 if (ci + 1 < k and r.random() < 0.5) else 1
                for cc in cards[ci : ci + conc].tolist():
                    days = list(range(day, min(NDAYS, day + life)))
                    per = r.uniform(100, 280)
                    nn = int(per * len(days))
                    if nn == 0:
                        continue
                    d = np.array(days)[r.integers(0, len(days), nn)]
                    t = np.sort(self.day_times(d, "callcentre"))
                    tg = self.targets(nn, kind)
                    imei = handsets[r.integers(0, 2, nn)]
                    dur = self.fraud_dial(
                        cc,
                        t,
                        tg,
                        0.4,
                        [(0.7, 10, 0.7), (0.25, 80, 0.6), (0.05, 1800, 0.6)],
                        imei,
                        cell,
                        reg,
                        cb_un=0.004,
                        cb_ans=0.01,
                    )
                    self.ato[cc] = (days[-1] + 1) * DAY
                    # ring test call to the next card
                    if cc != cards[-1]:
                        nxt = cards[list(cards).index(cc) + 1]
                        tt = np.array([days[0] * DAY + 8 * H + int(r.integers(0, H))])
                        self.emit(
                            np.array([cc]),
                            np.array([nxt]),
                            tt,
                            np.array([int(r.integers(3, 15))]),
                            handsets[0],
                            cell,
                            reg,
                        )
                ci += conc
                day += life
        # ---------------- SIM boxes (猫池/GoIP): many cards, one device/cell, auto-dialer cadence
        for b, k in enumerate(cnt["box"]):
            first_day = int(r.integers(4, 8)) if b == 0 else int(r.integers(10, 12))
            act0 = first_day * DAY - int(r.integers(6 * DAY, 25 * DAY))
            act = act0 + r.integers(0, 5 * DAY, k)
            idh = self.ids(int(r.integers(2, 4)))[r.integers(0, 3, k) % 2]
            homes = np.array(FRAUD_HOMES + [CITY], object)[r.integers(0, len(FRAUD_HOMES) + 1, k)]
            cards = self.fraud_card(
                k,
                "fraud_simbox",
                act,
                homes,
                idh=idh,
                note=f"SIM box {b}: cards rotating in one GoIP device on one cell",
                ansp=0.1,
            )
            nmod = int(r.choice([1, 1, 2, 4]))
            mods = self.imeis(nmod, "modem")
            cty = int(r.choice([1, 2, 0]))
            cell = int(self.rand_cell(np.array([cty]))[0])
            for j, c in enumerate(cards.tolist()):
                for d in range(first_day, NDAYS):
                    if r.random() < 0.1:
                        continue
                    spans = [
                        (9 * H + int(r.integers(0, 1800)), 12 * H),
                        (13 * H + int(r.integers(0, 1800)), 17 * H + 1800),
                        (19 * H, 21 * H),
                    ]
                    ts = []
                    for a, e in spans:
                        per = int(r.integers(20, 55))
                        g = r.integers(40, 160, per)
                        tt = d * DAY + a + np.cumsum(g)
                        ts.append(tt[tt < d * DAY + e])
                    t = np.concatenate(ts)
                    nn = len(t)
                    tg = np.where(
                        r.random(nn) < 0.45,
                        self.sweep(nn, str(r.choice(["own", "uni", "tel"]))),
                        self.targets(nn, "all"),
                    )
                    imei = mods[(j + (t // H)) % nmod]
                    self.fraud_dial(
                        c,
                        t,
                        tg,
                        0.3,
                        [(0.75, 8, 0.7), (0.2, 60, 0.6), (0.05, 600, 0.6)],
                        imei,
                        cell,
                        wzr,
                        cb_un=0.002,
                        cb_ans=0.005,
                        cb_base=0.1,
                    )
        # ---------------- one-ring / callback lure (响一声)
        n = cnt["ring"]
        first = np.concatenate([[int(r.integers(3, 6))], r.integers(9, 12, n - 1)])
        isv = r.random(n) < 0.6
        for j in range(n):
            act = np.array([first[j] * DAY - int(r.integers(DAY, 10 * DAY))])
            c = self.fraud_card(
                1,
                "fraud_one_ring",
                act,
                CITY if not isv[j] else "虚拟",
                opk="virt" if isv[j] else "own",
                ctype="virtual" if isv[j] else "mobile",
                ansp=0.95,
                note="one-ring callback lure (响一声): rings once, waits for callbacks",
            )[0]
            if isv[j]:
                self.region[c] = CITY
            imei = self.imeis(1)[0]
            cell = int(self.rand_cell(np.array([int(r.choice(URBAN))]))[0])
            for d in range(first[j], NDAYS):
                nn = int(r.integers(250, 650))
                t = np.sort(
                    self.sample_times(np.full(nn, d * DAY + 10 * H), np.full(nn, d * DAY + 22 * H), "flat")
                )
                tg = np.where(r.random(nn) < 0.7, self.sweep(nn, "own"), self.targets(nn, "all"))
                dur = np.zeros(nn, np.int64)
                self.emit(np.full(nn, c), tg, t, dur, imei, cell, wzr)
                self.callbacks(np.full(nn, c), tg, t, dur, 0.045, 0, 1200, 0.95, [(1, 70, 0.8)], sigma=1.5)
        # ---------------- pig butchering (杀猪盘): long talks with a few victims
        n = cnt["pig"]
        for j in range(n):
            home = str(r.choice(FRAUD_HOMES))
            act = np.array([-int(r.integers(30, 200)) * DAY])
            c = self.fraud_card(
                1,
                "fraud_pig_butchering",
                act,
                home,
                ansp=0.95,
                birth=np.array([int(r.integers(1985, 2000))]),
                note="pig-butchering (杀猪盘) groomer: long evening calls with a few victims",
            )[0]
            victims = self.targets(int(r.integers(1, 5)), "all")
            imei = self.imeis(1)[0]
            remote = r.random() < 0.5
            reg = self.rc(home) if remote else wzr
            cell = (
                int(self.city_cell(home, 1)[0])
                if remote
                else int(self.rand_cell(np.array([int(r.choice(URBAN))]))[0])
            )
            for v in victims.tolist():
                start = int(r.integers(0, 9)) if r.random() < 0.7 else 0
                for d in range(start, NDAYS):
                    k = r.poisson(0.9)
                    t = self.day_times(np.full(k, d), "evening")
                    tg = np.full(k, v)
                    self.fraud_dial(c, t, tg, 0.95, [(0.3, 300, 0.6), (0.7, 2400, 0.6)], imei, cell, reg)
                    # the victim calls too
                    kv = r.poisson(0.5)
                    if self.cb[v] and kv:
                        tv = self.day_times(np.full(kv, d), "evening")
                        self.emit(
                            np.full(kv, v),
                            np.full(kv, c),
                            tv,
                            self.resolve(
                                np.full(kv, v), np.full(kv, c), tv, 0.9, [(0.4, 600, 0.6), (0.6, 2400, 0.6)]
                            ),
                        )
            # prospecting: a few first-contact calls to new people
            d = np.repeat(np.arange(NDAYS), r.poisson(1.5, NDAYS))
            tg = self.targets(len(d), "all")
            self.fraud_dial(
                c,
                self.day_times(d, "evening"),
                tg,
                0.6,
                [(0.7, 30, 0.7), (0.3, 200, 0.6)],
                imei,
                cell,
                reg,
                cb_ans=0.1,
            )
        # ---------------- fake loan officers (虚假贷款)
        n = cnt["loan"]
        for j in range(n):
            home = str(r.choice(FRAUD_HOMES + [CITY]))
            first_day = int(r.integers(0, 8)) if j < n - 1 else int(r.integers(9, 12))
            act = np.array([first_day * DAY - int(r.integers(5 * DAY, 40 * DAY))])
            c = self.fraud_card(
                1,
                "fraud_fake_loan",
                act,
                home,
                ansp=0.8,
                note="fake loan officer (虚假贷款, upfront 'fee'); paced list dialing",
            )[0]
            imei = self.imeis(1)[0]
            cell = int(self.rand_cell(np.array([int(r.choice(URBAN))]))[0])
            per = r.uniform(40, 140)
            for d in range(first_day, NDAYS):
                if WEEKDAY[d] == 6:
                    continue
                nn = r.poisson(per * (0.5 if d == 11 else 1))
                t = np.sort(self.day_times(np.full(nn, d), "callcentre"))
                tg = self.targets(nn, "loan")
                self.fraud_dial(
                    c,
                    t,
                    tg,
                    0.45,
                    [(0.5, 15, 0.7), (0.4, 120, 0.6), (0.1, 500, 0.5)],
                    imei,
                    cell,
                    wzr,
                    cb_un=0.005,
                    cb_ans=0.04,
                    cb_mix=((1, 150, 0.7),),
                )
        # ---------------- health products / pension "investment" aimed at the elderly
        n = cnt["eld"]
        for j in range(n):
            act = np.array([-int(r.integers(10, 90)) * DAY])
            c = self.fraud_card(
                1,
                "fraud_elderly_health",
                act,
                str(r.choice(FRAUD_HOMES + [CITY])),
                ansp=0.8,
                note="health-product / pension-investment scam targeting the elderly (保健品/养老投资)",
            )[0]
            imei = self.imeis(1)[0]
            cell = int(self.rand_cell(np.array([int(r.choice(URBAN))]))[0])
            lst = self.targets(int(r.integers(150, 320)), "elderly")
            engaged = []
            first_day = int(r.integers(0, 6))
            for d in range(first_day, NDAYS):
                if WEEKDAY[d] == 6:
                    continue
                nn = int(r.integers(35, 80))
                t = np.sort(self.day_times(np.full(nn, d), "work"))
                tg = lst[r.integers(0, len(lst), nn)]
                if engaged and nn > 4:
                    m = r.random(nn) < 0.2
                    tg[m] = np.array(engaged)[r.integers(0, len(engaged), int(m.sum()))]
                dur = self.fraud_dial(
                    c,
                    t,
                    tg,
                    0.6,
                    [(0.4, 20, 0.7), (0.35, 150, 0.6), (0.25, 700, 0.6)],
                    imei,
                    cell,
                    wzr,
                    cb_un=0.005,
                    cb_ans=0.05,
                    cb_mix=((1, 200, 0.7),),
                )
                engaged += tg[dur > 300].tolist()

    # ------------------------------------------------------------------ assemble
    def assemble(self):
        r = self.rng
        C = [np.concatenate([c[i] for c in self.calls]) for i in range(7)]
        caller, callee, t, dur, imei_ov, cell_ov, reg_ov = C
        ok = (
            (t >= 0)
            & (t < T_END)
            & (t >= self.act[caller])
            & (t >= self.afrom[caller])
            & (t <= self.ato[caller])
        )
        caller, callee, t, dur, imei_ov, cell_ov, reg_ov = [a[ok] for a in C]
        # one SIM cannot hold two calls at once: start_i = max(t_i, start_{i-1} + occupancy_{i-1})
        # (occupancy = talk time + setup, or ringing time when unanswered); exact via prefix sums
        o = np.lexsort((t, caller))
        caller, callee, t, dur, imei_ov, cell_ov, reg_ov = [
            a[o] for a in (caller, callee, t, dur, imei_ov, cell_ov, reg_ov)
        ]
        fixed_line = self.ctype[caller] == "fixed"
        occ = np.where(dur > 0, dur + r.integers(4, 12, len(t)), r.integers(12, 35, len(t)))
        occ = np.where(fixed_line, 0, occ)  # PBX trunks: parallel channels
        newg = np.r_[True, caller[1:] != caller[:-1]]
        gid = np.cumsum(newg) - 1
        cs = np.cumsum(occ)
        gstart = np.nonzero(newg)[0]
        O = cs - occ - (cs - occ)[gstart][gid]  # exclusive prefix within caller
        K = 10**9
        a_ = (t - O) + gid * K
        st = np.maximum.accumulate(a_) - gid * K + O
        t = st.astype(np.int64)
        keep = t < T_END
        caller, callee, t, dur, imei_ov, cell_ov, reg_ov = [
            a[keep] for a in (caller, callee, t, dur, imei_ov, cell_ov, reg_ov)
        ]
        o = np.argsort(t, kind="stable")
        caller, callee, t, dur, imei_ov, cell_ov, reg_ov = [
            a[o] for a in (caller, callee, t, dur, imei_ov, cell_ov, reg_ov)
        ]
        n = len(t)
        # ---- default location / cell
        hr = (t % DAY) // H
        wd = np.array(WEEKDAY)[t // DAY]
        atwork = self.employed[caller] & (wd < 5) & (hr >= 8) & (hr < 18) & (self.work_cell[caller] >= 0)
        cell = np.where(atwork, self.work_cell[caller], self.home_cell[caller]).astype(np.int64)
        cty = self.cell_cty[np.maximum(cell, 0)]
        lo, hi = self.cty_lo[np.maximum(cty, 0)], self.cty_hi[np.maximum(cty, 0)]
        jit = (r.random(n) < 0.15) & (cell >= 0)
        cell = np.where(
            jit, lo + (cell - lo + r.integers(1, 4, n) * r.choice([-1, 1], n)) % np.maximum(hi - lo, 1), cell
        )
        roam = self.roam_cells[caller] & (self.county[caller] >= 0)
        rc_ = self.rand_cell(np.maximum(self.county[caller], 0))
        cell = np.where(roam, rc_, cell)
        evac = (t >= self.evac_from[caller]) & (t < self.evac_to[caller]) & (self.shelter[caller] >= 0)
        cell = np.where(evac, self.shelter[caller], cell)
        cell = np.where(cell_ov >= 0, cell_ov, cell)
        # typhoon outages: calls are served by a neighbouring cell still up
        for it in range(6):
            down = (
                (cell >= 0)
                & (cell < self.n_wz_cells)
                & (t >= self.down_from[np.maximum(cell, 0)])
                & (t < self.down_to[np.maximum(cell, 0)])
            )
            if not down.any():
                break
            cty = self.cell_cty[np.maximum(cell, 0)]
            lo, hi = self.cty_lo[np.maximum(cty, 0)], self.cty_hi[np.maximum(cty, 0)]
            # phones reselect to a neighbour site, consistently per handset
            step = ((caller * 7 + it) % 3 + 1) * 3 * np.where((caller + it) % 2 == 0, 1, -1)
            cell = np.where(down, lo + (cell - lo + step) % np.maximum(hi - lo, 1), cell)
        region = np.zeros(n, np.int64)
        trip = (t >= self.trip_from[caller]) & (t < self.trip_to[caller])
        if trip.any():
            ti = np.nonzero(trip)[0]
            for i in ti.tolist():
                tr = self.trip_region[caller[i]]
                region[i] = self.rc(tr)
                lo_, hi_ = self.city_cells[tr]
                cell[i] = int(r.integers(lo_, hi_))
        region = np.where(reg_ov >= 0, reg_ov, region)
        fixed = self.ctype[caller] == "fixed"
        cell = np.where(fixed | (cell_ov == -2), -1, cell)
        # ---- imei
        imei = np.where(t >= self.swap_t[caller], self.imei2[caller], self.imei1[caller])
        tmp = (t >= self.tmp_from[caller]) & (t < self.tmp_to[caller])
        imei = np.where(tmp, self.tmp_imei[caller], imei)
        imei = np.where(imei_ov >= 0, imei_ov, imei)
        imei = np.where(fixed | (imei_ov == -2), -1, imei)
        imsi = np.where(fixed, -1, self.imsi[caller])
        self.C = dict(
            caller=caller, callee=callee, t=t, dur=dur, cell=cell, imei=imei, imsi=imsi, region=region
        )

    def present(self, idx, p_e164, p_00):
        """number as presented: national mostly, some E.164 / 00-prefixed raw digits."""
        r = self.rng
        s = self.num[idx]
        u = r.random(len(idx))
        ok = self.op[idx] != 3
        mob = np.char.str_len(s.astype(str)) >= 11
        out = s.astype(str)
        e164 = ok & mob & (u < p_e164)
        raw = ok & mob & (u >= p_e164) & (u < p_e164 + p_00)
        nat = out
        strip0 = np.char.lstrip(out, "0")
        out = np.where(e164, np.char.add("+86", strip0), out)
        out = np.where(raw, np.char.add("0086", strip0), out)
        return out

    def write(self, out):
        r = self.rng
        os.makedirs(out, exist_ok=True)
        C = self.C
        n = len(C["t"])
        # duplicates re-delivered by mediation
        cid = np.unique(r.integers(0, 2**47, int(n * 1.05) + 100))
        cid = r.permutation(cid)[:n]
        dup = np.nonzero(r.random(n) < 0.001)[0]
        rows = np.sort(np.concatenate([np.arange(n), dup]), kind="stable")
        cid_s = np.char.add("WZ", np.char.mod("%012x", cid))
        imei_body = C["imei"]
        has = imei_body >= 0
        imei_s = np.full(n, "", dtype=object)
        uq, inv = np.unique(imei_body[has], return_inverse=True)
        imei_s[has] = luhn14(uq)[inv]
        imsi_s = np.where(C["imsi"] >= 0, C["imsi"].astype(str), "")
        cell_s = np.where(C["cell"] >= 0, self.cell_str[np.maximum(C["cell"], 0)], "")
        reg_s = np.array(self.regions, object)[C["region"]]
        caller_s = self.present(C["caller"], 0.02, 0.003)
        callee_s = self.present(C["callee"], 0.05, 0.01)
        df = pl.DataFrame(
            {
                "call_id": cid_s[rows],
                "caller": caller_s[rows],
                "callee": callee_s[rows],
                "t": C["t"][rows],
                "duration_s": C["dur"][rows],
                "origin": np.full(len(rows), "intra"),
                "caller_imei": imei_s[rows].astype(str),
                "caller_imsi": imsi_s[rows].astype(str),
                "caller_cell": cell_s[rows].astype(str),
                "caller_region": reg_s[rows].astype(str),
                "call_type": np.full(len(rows), "moc"),
            }
        )
        df = df.with_columns(
            (pl.datetime(2026, 8, 1) + pl.duration(seconds=pl.col("t")))
            .dt.strftime("%Y-%m-%dT%H:%M:%S")
            .alias("start_time")
        )
        df = df.with_columns((pl.col("start_time") + "+08:00").alias("start_time"))
        for cname in ("caller_imei", "caller_imsi", "caller_cell"):
            df = df.with_columns(
                pl.when(pl.col(cname) == "").then(None).otherwise(pl.col(cname)).alias(cname)
            )
        df = df.select(
            [
                "call_id",
                "caller",
                "callee",
                "start_time",
                "duration_s",
                "origin",
                "caller_imei",
                "caller_imsi",
                "caller_cell",
                "caller_region",
                "call_type",
            ]
        )
        df.write_csv(os.path.join(out, "calls.csv"))
        # ---- subscribers: every card of this operator appearing in the slice
        appear = np.zeros(self.n, bool)
        appear[C["caller"]] = True
        appear[C["callee"]] = True
        subs = np.nonzero(appear & self.sub & (self.op == 0))[0]
        key = hashlib.sha256(f"ringfence-blind3-{self.seed}".encode()).digest()
        ids = self.idh[subs]
        uid = np.unique(ids)
        hmap = {
            int(u): hmac.new(key, f"ID{int(u):09d}".encode(), hashlib.sha256).hexdigest()[:32]
            for u in uid.tolist()
        }
        idh_s = [hmap[int(i)] for i in ids.tolist()]
        act_s = pl.Series(np.maximum(self.act[subs], -20 * 365 * DAY)).cast(pl.Int64)
        sdf = pl.DataFrame(
            {
                "number": self.num[subs].astype(str),
                "id_hash": idh_s,
                "operator": ["CMCC"] * len(subs),
                "card_type": self.ctype[subs].astype(str),
                "act": act_s,
                "home_region": self.region[subs].astype(str),
                "birth_year": np.where(
                    np.isin(
                        self.pop[subs], ["iot_elevator", "clinic_line", "business", "household_landline"]
                    ),
                    0,
                    self.birth[subs],
                ),
                "guardians": self.guard[subs].astype(str),
            }
        )
        sdf = sdf.with_columns(
            (
                (pl.datetime(2026, 8, 1) + pl.duration(seconds=pl.col("act"))).dt.strftime(
                    "%Y-%m-%dT%H:%M:%S"
                )
                + "+08:00"
            ).alias("activated_at"),
            pl.when(pl.col("birth_year") > 0).then(pl.col("birth_year")).otherwise(None).alias("birth_year"),
            pl.when(pl.col("guardians") == "").then(None).otherwise(pl.col("guardians")).alias("guardians"),
        ).select(
            [
                "number",
                "id_hash",
                "operator",
                "card_type",
                "activated_at",
                "home_region",
                "birth_year",
                "guardians",
            ]
        )
        sdf.write_csv(os.path.join(out, "subscribers.csv"))
        # ---- truth
        callers = np.unique(C["caller"])
        pops = self.pop[callers].astype(str)
        isf = np.char.startswith(pops, "fraud_").astype(int)
        tdf = pl.DataFrame({"number": self.num[callers].astype(str), "population": pops, "is_fraud": isf})
        tdf.write_csv(os.path.join(out, "truth.csv"))
        notes = self.note[callers].astype(str)
        tdd = tdf.with_columns(pl.Series("note", notes))
        tdd.write_csv(os.path.join(out, "truth_detail.csv"))
        return len(rows), len(subs), len(callers), int(isf.sum())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    w = World(a.seed)
    w.build_population()
    w.build_graph()
    w.gen_roles()
    w.build_csr()
    w.gen_social()
    w.gen_typhoon_social()
    w.gen_role_calls()
    w.gen_fraud()
    w.assemble()
    nc, ns, ncl, nf = w.write(a.out)
    print(
        f"seed {a.seed}: {nc} call rows, {ns} subscribers, {ncl} calling numbers, "
        f"{nf} fraud numbers, {time.time() - t0:.1f}s -> {a.out}"
    )


if __name__ == "__main__":
    main()
