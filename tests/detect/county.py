#!/usr/bin/env python3
"""Blind test world #6: a county seat plus townships in 吉安 (Jiangxi), a spring fortnight.

    python world.py --seed N --out DIR

Writes calls.csv, subscribers.csv, truth.csv, truth_detail.csv, victims.csv into DIR.
Everything is drawn from one numpy.random.default_rng(seed); no hash-ordered iteration.
See README.md for the world description.
"""

import argparse
import calendar
import datetime as _dt
import os
import sys
import time

import numpy as np
import polars as pl

# ----------------------------------------------------------------------------- constants
DAYS, HIST_DAYS, DAY, HOUR = 14, 11, 86400, 3600
T_END = DAYS * DAY
T0 = _dt.datetime(2026, 4, 9)  # Thursday; days 0..10 history, 11..13 (Mon-Wed) measured
T0_EPOCH = calendar.timegm(T0.timetuple())
COUNTY = "0796"  # 吉安 area code = home region of the county's cards
OPERATOR = "CMCC"


def weekday(d):
    return (T0.weekday() + d) % 7


WEEKEND = np.array([weekday(d) >= 5 for d in range(DAYS)])

# kinds of numbers
(
    K_COUNTY,
    K_ROAMIN,
    K_CMCC_OTHER,
    K_OTHER_OP,
    K_FIXED_OWN,
    K_FIXED_OTHER,
    K_FOREIGN,
    K_SERVICE,
    K_UNASSIGNED,
    K_PRIVACY,
) = range(10)
OURS_KINDS = (K_COUNTY, K_ROAMIN, K_CMCC_OTHER, K_FIXED_OWN, K_PRIVACY)

# relations (drive answer probability / duration / callback probability)
(
    FAMILY,
    FRIEND,
    WORK,
    CLIENT,
    COLD,
    COURIER,
    OFFICIAL,
    FRAUD,
    SERVICE,
    CALLBACK,
    KIN,
    DEBT,
    PARENT,
    PATIENT,
) = range(14)
P_ANS = np.array([0.86, 0.76, 0.76, 0.70, 0.36, 0.60, 0.66, 0.30, 0.95, 0.80, 0.84, 0.27, 0.76, 0.72])
DUR_MED = np.array([70, 55, 45, 50, 24, 16, 62, 30, 95, 45, 150, 38, 75, 55], dtype=float)
DUR_SIG = np.array([0.95, 0.90, 0.85, 0.85, 1.0, 0.55, 0.75, 1.0, 0.80, 0.90, 0.95, 0.90, 0.80, 0.70])
P_CB = np.array([0.60, 0.45, 0.50, 0.42, 0.07, 0.45, 0.45, 0.03, 0, 0, 0.60, 0.03, 0.55, 0.30])
USES_ANSF = np.zeros(14, bool)
USES_ANSF[[CLIENT, COLD, COURIER, OFFICIAL, FRAUD, DEBT, PATIENT]] = True

CMCC_P = [
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
    "198",
]
CU_P = ["130", "131", "132", "155", "156", "166", "175", "176", "185", "186", "196"]
CT_P = ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]
COUNTY_BLOCKS = ["1397961", "1397962", "1357968", "1587963", "1827966", "1878960", "1988961"]
MVNO_BLOCK = "1703796"

REGION_NAMES = {
    "0796": "吉安",
    "0791": "南昌",
    "0797": "赣州",
    "0795": "宜春",
    "0799": "萍乡",
    "0790": "新余",
    "0794": "抚州",
    "0792": "九江",
    "0793": "上饶",
    "0798": "景德镇",
    "0701": "鹰潭",
    "0755": "深圳",
    "0769": "东莞",
    "020": "广州",
    "0757": "佛山",
    "0760": "中山",
    "0752": "惠州",
    "0577": "温州",
    "0574": "宁波",
    "0571": "杭州",
    "021": "上海",
    "0592": "厦门",
    "0595": "泉州",
    "0512": "苏州",
    "0731": "长沙",
    "027": "武汉",
    "010": "北京",
    "028": "成都",
    "023": "重庆",
    "0371": "郑州",
    "0551": "合肥",
    "0591": "福州",
    "0871": "昆明",
    "0692": "德宏",
    "0771": "南宁",
    "022": "天津",
    "029": "西安",
    "0531": "济南",
    "024": "沈阳",
    "0898": "海口",
}
MIGRANT_DEST = {
    "0755": 20,
    "0769": 18,
    "020": 10,
    "0757": 8,
    "0577": 7,
    "0574": 5,
    "0571": 5,
    "021": 6,
    "0592": 5,
    "0512": 5,
    "0791": 7,
    "0731": 2,
    "010": 2,
}
NATION = {
    "010": 6,
    "021": 6,
    "020": 5,
    "0755": 5,
    "0769": 3,
    "0571": 4,
    "028": 5,
    "023": 5,
    "027": 4,
    "0371": 4,
    "0531": 3,
    "024": 3,
    "029": 3,
    "022": 3,
    "0551": 3,
    "0591": 2,
    "0592": 2,
    "0731": 3,
    "0871": 2,
    "0771": 2,
    "0512": 3,
    "0574": 2,
    "0577": 2,
    "0757": 2,
    "0898": 1,
    "0791": 3,
    "0797": 2,
    "0795": 1,
    "0796": 1,
    "0792": 1,
    "0793": 1,
}
TRIP_DEST = {"0796": 0, "0791": 6, "0797": 2, "0731": 1, "0755": 1, "0795": 1, "0790": 1}

PROF = {
    "day": [
        0.3,
        0.15,
        0.1,
        0.1,
        0.2,
        0.6,
        1.5,
        3,
        4.5,
        5,
        5,
        5,
        4.5,
        3.5,
        4,
        4.5,
        5,
        5.5,
        6,
        6,
        5,
        4,
        2.5,
        1,
    ],
    "elder": [
        0.1,
        0.05,
        0.05,
        0.1,
        0.3,
        1.5,
        4,
        6,
        6,
        5.5,
        5,
        4.5,
        4,
        3,
        3.5,
        4,
        4.5,
        5,
        5.5,
        5,
        3.5,
        1.5,
        0.5,
        0.2,
    ],
    "young": [
        1.2,
        0.6,
        0.3,
        0.1,
        0.1,
        0.2,
        0.5,
        1.5,
        2.5,
        3,
        3.5,
        4,
        4.5,
        4,
        4,
        4,
        4.5,
        5,
        6,
        6.5,
        6.5,
        6,
        4.5,
        2.5,
    ],
    "night": [4, 4, 3.5, 3, 2.5, 2, 1.5, 1, 0.5, 0.3, 0.3, 0.5, 1, 1, 0.8, 0.8, 1, 2, 3, 4, 4.5, 5, 5, 4.5],
    "office": [
        0.1,
        0.05,
        0.05,
        0.05,
        0.1,
        0.3,
        0.8,
        2.5,
        6,
        7,
        7,
        6,
        3,
        3.5,
        6,
        6.5,
        6.5,
        5,
        3,
        2.5,
        2,
        1.5,
        0.8,
        0.3,
    ],
    "biz": [
        0.1,
        0.05,
        0.05,
        0.05,
        0.1,
        0.4,
        1.5,
        3.5,
        6,
        7,
        7,
        6,
        4,
        4.5,
        6,
        6.5,
        6.5,
        6,
        4.5,
        3.5,
        2.5,
        1.5,
        0.6,
        0.2,
    ],
    "teacher": [
        0.1,
        0.05,
        0.05,
        0.05,
        0.1,
        0.4,
        1.5,
        3,
        2,
        1.5,
        2,
        3,
        5,
        4,
        2,
        1.5,
        3,
        5,
        7,
        8,
        7,
        4,
        1.5,
        0.4,
    ],
    "relay": [0, 0, 0, 0, 0, 0, 0, 0.3, 3, 8, 8, 7, 2, 2.5, 7, 8, 8, 6, 1.5, 0.5, 0.3, 0.1, 0, 0],
    "evening": [1.5, 0.5, 0.1, 0, 0, 0, 0.1, 0.3, 0.5, 0.5, 0.5, 0.8, 1, 1, 1, 1, 1.2, 2, 4, 6, 8, 8, 6, 3.5],
    "watch": [0, 0, 0, 0, 0, 0, 0.5, 4, 1, 0.3, 0.3, 2.5, 3, 1.5, 0.3, 0.3, 3, 5, 4, 3, 2, 0.5, 0, 0],
    "ext": [
        0.2,
        0.1,
        0.05,
        0.05,
        0.1,
        0.5,
        1.5,
        3,
        4.5,
        5,
        5,
        5,
        4.5,
        3.5,
        4,
        4.5,
        5,
        5.5,
        6,
        6,
        5,
        4,
        2.5,
        1,
    ],
}
PROF_NAMES = list(PROF)
PROF_ID = {k: i for i, k in enumerate(PROF_NAMES)}
PROF_CDF = np.array([np.cumsum(v) / np.sum(v) for v in PROF.values()])
WEEKEND_F = {
    "day": 1.05,
    "elder": 1.0,
    "young": 1.1,
    "night": 1.0,
    "office": 0.35,
    "biz": 0.7,
    "teacher": 0.6,
    "relay": 0.8,
    "evening": 1.1,
    "watch": 0.8,
    "ext": 1.0,
}
DAYW = np.array([[WEEKEND_F[p] if WEEKEND[d] else 1.0 for d in range(DAYS)] for p in PROF_NAMES])
DAYW /= DAYW.sum(1, keepdims=True)
DAYW_CDF = np.cumsum(DAYW, 1)


# ----------------------------------------------------------------------------- helpers
def luhn(body):
    s = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def wchoice(rng, d):
    keys = list(d)
    w = np.array([d[k] for k in keys], float)
    return keys[int(rng.choice(len(keys), p=w / w.sum()))]


class Reg:
    """Registry of every number that exists in the world (index = number id)."""

    def __init__(self, rng):
        self.rng = rng
        self.num, self.idx = [], {}
        self.cols = {
            k: []
            for k in (
                "kind",
                "home",
                "card",
                "act",
                "birth",
                "idh",
                "imsi",
                "pop",
                "fraud",
                "note",
                "town",
                "vill",
                "hcell",
                "wcell",
                "prof",
                "ansf",
                "afrom",
                "ato",
                "dev0",
                "cb_ans",
                "cb_med",
                "cb_mult",
                "dead_at",
                "moved_to",
                "moved_at",
                "rate",
            )
        }
        self.locs, self.devs, self.guard = {}, {}, {}
        self.imsis = {}

    def add(
        self,
        n,
        kind,
        home,
        pop="",
        card="mobile",
        act=None,
        birth=0,
        idh="",
        fraud=0,
        note="",
        prof="ext",
        ansf=1.0,
        imsi=None,
    ):
        i = len(self.num)
        self.num.append(n)
        self.idx[n] = i
        c = self.cols
        if act is None:
            act = -int(self.rng.integers(200, 5500)) * DAY - int(self.rng.integers(0, DAY))
        if imsi is None:
            imsi = self.new_imsi() if kind in (K_COUNTY, K_ROAMIN, K_CMCC_OTHER) and card != "fixed" else ""
        for k, v in (
            ("kind", kind),
            ("home", home),
            ("card", card),
            ("act", act),
            ("birth", birth),
            ("idh", idh),
            ("imsi", imsi),
            ("pop", pop),
            ("fraud", fraud),
            ("note", note),
            ("town", -1),
            ("vill", -1),
            ("hcell", -1),
            ("wcell", -1),
            ("prof", PROF_ID[prof]),
            ("ansf", ansf),
            ("afrom", 0),
            ("ato", T_END),
            ("dev0", -1),
            ("cb_ans", 0.8),
            ("cb_med", 45.0),
            ("cb_mult", 1.0),
            ("dead_at", 10 * T_END),
            ("moved_to", -1),
            ("moved_at", 10 * T_END),
            ("rate", 0.0),
        ):
            c[k].append(v)
        return i

    def set(self, i, **kw):
        for k, v in kw.items():
            self.cols[k][i] = v

    def get(self, k, i):
        return self.cols[k][i]

    def pick(self, k, idx):
        c = self.cols[k]
        return np.array([c[i] for i in np.asarray(idx).ravel().tolist()])

    def new_imsi(self):
        while True:
            mnc = ("00", "02", "07")[int(self.rng.choice(3, p=[0.6, 0.25, 0.15]))]
            s = "460" + mnc + f"{int(self.rng.integers(0, 10**10)):010d}"
            if s not in self.imsis:
                self.imsis[s] = 1
                return s

    def new_idh(self):
        a, b = self.rng.integers(0, 2**63, size=2)
        return f"{int(a):016x}{int(b):016x}"


class Devices:
    def __init__(self, rng):
        self.rng = rng
        self.tab, self.seen = [], {}
        self.smart_tac = [f"86{int(x):06d}" for x in rng.integers(0, 10**6, 60)] + [
            f"35{int(x):06d}" for x in rng.integers(0, 10**6, 12)
        ]
        self.feat_tac = [f"86{int(x):06d}" for x in rng.integers(0, 10**6, 10)]
        self.module_tac = [f"86{int(x):06d}" for x in rng.integers(0, 10**6, 2)]
        self.watch_tac = [f"86{int(x):06d}" for x in rng.integers(0, 10**6, 4)]

    def new(self, kind="smart"):
        tacs = {
            "smart": self.smart_tac,
            "feature": self.feat_tac,
            "module": self.module_tac,
            "watch": self.watch_tac,
        }[kind]
        while True:
            body = tacs[int(self.rng.integers(len(tacs)))] + f"{int(self.rng.integers(0, 10**6)):06d}"
            s = body + luhn(body)
            if s not in self.seen:
                return self._put(s)

    def _put(self, s):
        self.seen[s] = len(self.tab)
        self.tab.append(s)
        return self.seen[s]

    def sibling(self, dev, step=1):
        """IMEI of the second slot of a dual-SIM handset: same TAC, next serial."""
        s = self.tab[dev]
        body = s[:8] + f"{(int(s[8:14]) + step) % 10**6:06d}"
        s2 = body + luhn(body)
        return self.seen[s2] if s2 in self.seen else self._put(s2)


class Calls:
    def __init__(self):
        self.parts = []

    def add(self, src, dst, t, rel, dur=-1, ctype=-1, orig=-1, aux=-1):
        t = np.asarray(t, np.int64).ravel()
        n = t.size
        if n == 0:
            return
        b = lambda x: np.broadcast_to(np.asarray(x, np.int64), (n,)).copy()
        self.parts.append(tuple(b(x) for x in (src, dst, t, rel, dur, ctype, orig, aux)))

    def cat(self):
        cols = list(zip(*self.parts))
        return [np.concatenate(c) for c in cols]


# ----------------------------------------------------------------------------- world
class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.R = Reg(self.rng)
        self.D = Devices(self.rng)
        self.C = Calls()
        self.cells, self.cell_region, self.cell_town = [], [], []
        self.regions, self.region_id = [], {}
        self.stats_notes = []

    # ---------------------------------------------------------------- numbers
    def rid(self, code):
        if code not in self.region_id:
            self.region_id[code] = len(self.regions)
            self.regions.append(code)
        return self.region_id[code]

    def county_number(self, block=None):
        rng = self.rng
        while True:
            b = block or COUNTY_BLOCKS[int(rng.integers(len(COUNTY_BLOCKS)))]
            n = b + f"{int(rng.integers(0, 10000)):04d}"
            if n not in self.R.idx:
                return n

    def rand_mobile(self, prefixes):
        rng = self.rng
        while True:
            n = prefixes[int(rng.integers(len(prefixes)))] + f"{int(rng.integers(0, 10**8)):08d}"
            if n[:7] in COUNTY_BLOCKS or n[:7] == MVNO_BLOCK or n in self.R.idx:
                continue
            return n

    def ext_person(self, home, op=None, pop="external_contact", note=""):
        """A person outside the county sample (other operator, or CMCC card of another region)."""
        rng = self.rng
        if op is None:
            op = ("cmcc", "cu", "ct")[int(rng.choice(3, p=[0.5, 0.28, 0.22]))]
        pre = {"cmcc": CMCC_P, "cu": CU_P, "ct": CT_P}[op]
        n = self.rand_mobile(pre)
        kind = K_CMCC_OTHER if op == "cmcc" else K_OTHER_OP
        return self.R.add(
            n,
            kind,
            home,
            pop=pop,
            birth=int(rng.integers(1950, 2006)),
            idh=self.R.new_idh(),
            note=note,
            ansf=float(np.clip(rng.normal(1, 0.2), 0.4, 1.6)),
        )

    def fixed_number(self, own, pop, note=""):
        rng = self.rng
        while True:
            n = COUNTY + ("2" if own else "8") + f"{int(rng.integers(0, 10**7)):07d}"
            if n not in self.R.idx:
                break
        return self.R.add(
            n,
            K_FIXED_OWN if own else K_FIXED_OTHER,
            COUNTY,
            pop=pop,
            card="fixed",
            note=note,
            idh=self.R.new_idh(),
            imsi="",
        )

    def nation_number(self, assigned_p=0.85, home=None):
        rng = self.rng
        op = ("cmcc", "cu", "ct")[int(rng.choice(3, p=[0.55, 0.25, 0.20]))]
        n = self.rand_mobile({"cmcc": CMCC_P, "cu": CU_P, "ct": CT_P}[op])
        return self._materialise(n, assigned_p, home)

    def _materialise(self, n, assigned_p, home=None):
        R, rng = self.R, self.rng
        if n in R.idx:
            return R.idx[n]
        if n[:7] in COUNTY_BLOCKS:
            if rng.random() < 0.6:  # a real card outside the modelled sample: light user
                i = R.add(
                    n,
                    K_COUNTY,
                    COUNTY,
                    pop="resident_low_usage",
                    birth=int(rng.integers(1945, 2008)),
                    idh=R.new_idh(),
                    prof="day",
                    ansf=float(np.clip(rng.normal(1, 0.2), 0.5, 1.5)),
                )
                self.place_person(i, rng.integers(0, len(self.towns)))
                R.set(i, dev0=self.D.new("smart"))
                return i
            return R.add(n, K_UNASSIGNED, "", imsi="")
        if rng.random() > assigned_p:
            return R.add(n, K_UNASSIGNED, "", imsi="")
        home = home or wchoice(rng, NATION)
        kind = K_CMCC_OTHER if n[:3] in CMCC_P else K_OTHER_OP
        return R.add(
            n,
            kind,
            home,
            pop="external_contact",
            birth=int(rng.integers(1945, 2006)),
            idh=R.new_idh(),
            ansf=float(np.clip(rng.normal(1, 0.25), 0.3, 1.8)),
        )

    def seq_block(self, k, county=False):
        """k consecutive numbers of one number block (scan dialing)."""
        rng = self.rng
        if county:
            base = COUNTY_BLOCKS[int(rng.integers(len(COUNTY_BLOCKS)))]
        else:
            while True:
                pre = (CMCC_P + CU_P + CT_P)[int(rng.integers(len(CMCC_P + CU_P + CT_P)))]
                base = pre + f"{int(rng.integers(0, 10**4)):04d}"
                if base not in COUNTY_BLOCKS and base != MVNO_BLOCK:
                    break
        start = int(rng.integers(0, 10000 - k))
        home = wchoice(rng, NATION)
        return np.array([self._materialise(base + f"{start + j:04d}", 0.8, home) for j in range(k)])

    # ---------------------------------------------------------------- geography
    def build_geography(self):
        rng = self.rng
        self.towns = []  # list of dict(cells=array, vill_cells=array)
        enb = 581000
        n_town = 15
        self.town_w = np.r_[0.40, 0.60 * rng.dirichlet(np.full(n_town - 1, 6.0))]
        for t in range(n_town):
            nc = 36 if t == 0 else int(rng.integers(3, 6))
            cells = []
            for _ in range(nc):
                enb += int(rng.integers(1, 9))
                cells.append(self.add_cell(f"46000-{enb}-{int(rng.integers(1, 4))}", COUNTY, t))
            cells = np.array(cells)
            nv = 12 if t == 0 else int(rng.integers(8, 15))
            vcell = cells[rng.integers(0, nc, nv)]
            self.towns.append(dict(cells=cells, vcell=vcell, members=[], vmembers=[[] for _ in range(nv)]))
        self.region_cells = {}
        base = 400000
        for code in REGION_NAMES:
            if code == COUNTY:
                continue
            base += 7919
            self.region_cells[code] = np.array(
                [self.add_cell(f"46000-{base + 13 * j}-{1 + j % 3}", code, -1) for j in range(24)]
            )

    def add_cell(self, s, region, town):
        self.cells.append(s)
        self.cell_region.append(self.rid(region))
        self.cell_town.append(town)
        return len(self.cells) - 1

    def place_person(self, i, town, vill=None):
        rng, T = self.rng, self.towns[town]
        if vill is None:
            vill = int(rng.integers(len(T["vcell"])))
        hc = T["vcell"][vill] if rng.random() < 0.8 else T["cells"][int(rng.integers(len(T["cells"])))]
        self.R.set(i, town=int(town), vill=int(vill), hcell=int(hc))
        return vill

    def away_cells(self, code, k=None):
        cs = self.region_cells[code]
        k = k or int(self.rng.integers(1, 4))
        return cs[self.rng.choice(len(cs), k, replace=False)]

    # ---------------------------------------------------------------- time helpers
    def times(self, n, prof, days=None):
        """n call times following an hour profile; days: optional array of allowed days."""
        rng = self.rng
        p = PROF_ID[prof] if isinstance(prof, str) else prof
        if days is None:
            d = np.searchsorted(DAYW_CDF[p], rng.random(n) * DAYW_CDF[p][-1])
        else:
            days = np.asarray(days)
            w = DAYW[p][days]
            d = days[np.searchsorted(np.cumsum(w), rng.random(n) * w.sum())]
        h = np.searchsorted(PROF_CDF[p], rng.random(n))
        return d * DAY + h * HOUR + rng.integers(0, HOUR, n)

    def session(self, day, start_h, n, gap_med=90.0, gap_sig=0.6, lunch=(11.75, 14.25), stop_h=21.5):
        """Sequential dialing through a list: increasing times with lognormal gaps."""
        rng = self.rng
        gaps = rng.lognormal(np.log(gap_med), gap_sig, n)
        t = start_h * HOUR + np.cumsum(gaps)
        if lunch is not None:
            t = np.where(t > lunch[0] * HOUR, t + (lunch[1] - lunch[0]) * HOUR, t)
        t = t[t < stop_h * HOUR]
        return (day * DAY + t).astype(np.int64)

    # ---------------------------------------------------------------- persons
    def person(
        self,
        pop,
        birth,
        prof="day",
        town=None,
        vill=None,
        ansf=1.0,
        smart=0.9,
        card="mobile",
        block=None,
        idh=None,
        act=None,
        note="",
        rate=1.0,
        fraud=0,
        dev=True,
    ):
        rng, R = self.rng, self.R
        n = self.county_number(block)
        i = R.add(
            n,
            K_COUNTY,
            COUNTY,
            pop=pop,
            card=card,
            act=act,
            birth=birth,
            idh=idh if idh is not None else R.new_idh(),
            prof=prof,
            ansf=ansf,
            note=note,
            fraud=fraud,
        )
        if town is None:
            town = int(rng.choice(len(self.towns), p=self.town_w))
        v = self.place_person(i, town, vill)
        if town == 0 or rng.random() < 0.3:
            T0c = self.towns[0]["cells"]
            if prof in ("office", "biz", "day", "teacher"):
                R.set(
                    i,
                    wcell=int(T0c[int(rng.integers(len(T0c)))])
                    if town == 0
                    else int(self.towns[town]["cells"][0]),
                )
        if dev:
            R.set(i, dev0=self.D.new("smart" if rng.random() < smart else "feature"))
        R.set(i, rate=rate)
        self.towns[town]["members"].append(i)
        self.towns[town]["vmembers"][v].append(i)
        self.persons.append(i)
        return i

    def build_population(self):
        rng, R = self.rng, self.R
        self.persons = []
        self.popgroups = {}
        # name, n, calls/day, contacts, ext share, kin prob, profile, birth range, where, ansf, smartphone p
        base = [
            ("town_resident", 3900, 2.0, (12, 45), 0.35, 0.5, "day", (1965, 2003), "seat", 1.0, 0.95),
            ("village_resident", 2600, 1.4, (8, 30), 0.30, 0.65, "day", (1958, 2001), "rural", 1.0, 0.85),
            ("elderly_villager", 1150, 0.45, (2, 7), 0.25, 0.9, "elder", (1938, 1962), "rural", 1.35, 0.35),
            ("student_young", 480, 0.7, (6, 25), 0.30, 0.2, "young", (2004, 2010), "any", 0.7, 1.0),
            ("civil_servant", 350, 2.4, (20, 50), 0.30, 0.4, "office", (1970, 1998), "seat", 0.9, 1.0),
            ("shopkeeper", 300, 3.2, (25, 70), 0.35, 0.5, "biz", (1965, 1995), "any", 1.1, 0.95),
            ("migrant_worker_away", 600, 1.8, (8, 30), 0.45, 0.3, "young", (1975, 2003), "any", 0.9, 1.0),
            ("truck_driver", 60, 3.0, (15, 40), 0.35, 0.4, "night", (1965, 1992), "any", 0.9, 0.95),
            ("night_shift_worker", 60, 1.8, (8, 25), 0.30, 0.4, "night", (1975, 2000), "seat", 0.9, 1.0),
            ("new_card_legit", 80, 1.5, (6, 25), 0.30, 0.3, "young", (1980, 2008), "any", 0.8, 1.0),
        ]
        self.social_spec = {}
        for name, n, rate, nc, ext, kin, prof, (b0, b1), where, ansf, smart in base:
            ids = []
            for _ in range(n):
                town = (
                    0
                    if where == "seat"
                    else (int(rng.integers(1, len(self.towns))) if where == "rural" else None)
                )
                r = float(rate * rng.gamma(2.0, 0.5))
                i = self.person(
                    name,
                    int(rng.integers(b0, b1 + 1)),
                    prof,
                    town=town,
                    ansf=float(np.clip(ansf * rng.normal(1, 0.15), 0.3, 2)),
                    smart=smart,
                    rate=r,
                )
                ids.append(i)
                self.social_spec[i] = (nc, ext, kin)
            self.popgroups[name] = ids
        # elderly with cheap handsets that carry a cloned IMEI (山寨机: several handsets, one IMEI)
        clones = [self.D.new("feature") for _ in range(3)]
        ids = []
        for j in range(40):
            i = self.person(
                "elderly_cloned_imei_phone",
                int(rng.integers(1938, 1961)),
                "elder",
                town=int(rng.integers(1, len(self.towns))),
                ansf=1.35,
                rate=float(0.45 * rng.gamma(2, 0.5)),
            )
            R.set(i, dev0=clones[j % 3], note="cheap feature phone; IMEI shared by a batch of clones")
            self.social_spec[i] = ((2, 6), 0.25, 0.9)
            ids.append(i)
        self.popgroups["elderly_cloned_imei_phone"] = ids
        # MVNO (virtual) cheap-plan cards: young people and elderly on budget plans
        ids = []
        for j in range(150):
            old = rng.random() < 0.35
            i = self.person(
                "mvno_budget_card",
                int(rng.integers(1940, 1962) if old else rng.integers(1985, 2006)),
                "elder" if old else "young",
                block=MVNO_BLOCK,
                card="virtual",
                ansf=1.2 if old else 0.8,
                rate=float((0.5 if old else 1.4) * rng.gamma(2, 0.5)),
            )
            self.social_spec[i] = ((3, 8), 0.25, 0.8) if old else ((8, 25), 0.3, 0.3)
            ids.append(i)
        self.popgroups["mvno_budget_card"] = ids

    # ---------------------------------------------------------------- social graph
    def build_social(self):
        """Households, friends, external contacts and kin; symmetric among county cards."""
        rng, R = self.rng, self.R
        pairs_u, pairs_v, pairs_w, pairs_r = [], [], [], []
        self.ext_local = [self.ext_person(COUNTY, op=("cu", "ct")[int(rng.integers(2))]) for _ in range(5200)]
        self.ext_local += [
            self.ext_person(COUNTY, op="cmcc", note="吉安 city, outside county") for _ in range(1800)
        ]
        self.ext_local = np.array(self.ext_local)
        self.ext_fixed = np.array([self.fixed_number(False, "fixed_line_other_operator") for _ in range(300)])
        self.kin_of = {}
        self.households = []
        # households within villages
        for T in self.towns:
            for vm in T["vmembers"]:
                vm = [i for i in vm if i in self.social_spec]
                k = 0
                while k < len(vm):
                    s = int(rng.choice([1, 2, 2, 3, 3, 4]))
                    hh = vm[k : k + s]
                    k += s
                    self.households.append(hh)
                    for a in hh:
                        for b in hh:
                            if a < b:
                                pairs_u.append(a)
                                pairs_v.append(b)
                                pairs_w.append(6.0)
                                pairs_r.append(FAMILY)
        self.hh_of = {}
        for h, hh in enumerate(self.households):
            for a in hh:
                self.hh_of[a] = h
        town_arr = [np.array(T["members"]) for T in self.towns]
        vill_arr = [[np.array(v) for v in T["vmembers"]] for T in self.towns]
        all_p = np.array(self.persons)
        ext_u, ext_x, ext_w, ext_r = [], [], [], []
        for i in list(self.social_spec):
            (lo, hi), extf, kinp = self.social_spec[i]
            t, v = R.cols["town"][i], R.cols["vill"][i]
            k = int(rng.integers(lo, hi + 1))
            n_ext = int(rng.binomial(k, extf))
            k_in = k - n_ext
            nv = int(rng.binomial(k_in, 0.5))
            nt = int(rng.binomial(k_in - nv, 0.6))
            nco = k_in - nv - nt
            for arr, m in ((vill_arr[t][v], nv), (town_arr[t], nt), (all_p, nco)):
                if m > 0 and arr.size > 1:
                    c = arr[rng.integers(0, arr.size, m)]
                    c = c[c != i]
                    pairs_u.extend([i] * c.size)
                    pairs_v.extend(c.tolist())
                    pairs_w.extend(rng.lognormal(0, 1, c.size).tolist())
                    pairs_r.extend([FRIEND] * c.size)
            if n_ext:
                c = self.ext_local[rng.integers(0, self.ext_local.size, n_ext)]
                if rng.random() < 0.3:
                    c = np.r_[c, self.ext_fixed[int(rng.integers(self.ext_fixed.size))]]
                ext_u.extend([i] * c.size)
                ext_x.extend(c.tolist())
                ext_w.extend(rng.lognormal(0, 1, c.size).tolist())
                ext_r.extend([FRIEND] * c.size)
            if rng.random() < kinp:
                nk = int(rng.integers(1, 4))
                kins = []
                for _ in range(nk):
                    x = self.ext_person(
                        wchoice(rng, MIGRANT_DEST), pop="external_contact", note="relative working away"
                    )
                    kins.append(x)
                    ext_u.append(i)
                    ext_x.append(x)
                    ext_w.append(4.0 * rng.lognormal(0, 0.5))
                    ext_r.append(KIN)
                self.kin_of[i] = kins
        # symmetrise county-county pairs
        u = np.array(pairs_u)
        v = np.array(pairs_v)
        w = np.array(pairs_w)
        r = np.array(pairs_r)
        U = np.r_[u, v]
        V = np.r_[v, u]
        Wt = np.r_[w, w]
        Rl = np.r_[r, r]
        key = U.astype(np.int64) * 10**7 + V
        _, first = np.unique(key, return_index=True)
        U, V, Wt, Rl = U[first], V[first], Wt[first], Rl[first]
        self.soc = dict(
            U=U,
            V=V,
            W=Wt,
            Rl=Rl,
            eu=np.array(ext_u),
            ex=np.array(ext_x),
            ew=np.array(ext_w),
            er=np.array(ext_r),
        )

    def gen_social(self):
        """Poisson calls along social edges, plus external contacts calling into the county."""
        rng, R = self.rng, self.R
        s = self.soc
        rate = np.array(R.cols["rate"])
        U = np.r_[s["U"], s["eu"]]
        V = np.r_[s["V"], s["ex"]]
        W = np.r_[s["W"], s["ew"]]
        Rl = np.r_[s["Rl"], s["er"]]
        tot = np.bincount(U, weights=W, minlength=len(R.num))
        erate = rate[U] * W / np.maximum(tot[U], 1e-9)
        # external contacts call back along the same edges (kin call their elderly parents more)
        birth = np.array(R.cols["birth"])
        back = np.where(s["er"] == KIN, np.where(birth[s["eu"]] < 1963, 2.2, 1.2), 0.85)
        ext_rate = erate[len(s["U"]) :] * back
        SRC = np.r_[U, s["ex"]]
        DST = np.r_[V, s["eu"]]
        RATE = np.r_[erate, ext_rate]
        REL = np.r_[Rl, s["er"]]
        cnt = rng.poisson(RATE * DAYS)
        src = np.repeat(SRC, cnt)
        dst = np.repeat(DST, cnt)
        rel = np.repeat(REL, cnt)
        prof = np.array(R.cols["prof"])[src]
        t = np.empty(src.size, np.int64)
        for p in range(len(PROF_NAMES)):
            m = prof == p
            if m.any():
                t[m] = self.times(int(m.sum()), p)
        self.C.add(src, dst, t, rel)

    # ---------------------------------------------------------------- special legit populations
    def add_social(self, i, nc=(8, 25), ext=0.3, kin=0.3):
        """Give a person created after build_social a small contact list (edges added directly)."""
        rng, R = self.rng, self.R
        t = R.cols["town"][i]
        k = int(rng.integers(nc[0], nc[1] + 1))
        same = np.array(self.towns[t]["members"])
        c = same[rng.integers(0, same.size, k)]
        ne = int(rng.binomial(k, ext))
        c = np.r_[c[: k - ne], self.ext_local[rng.integers(0, self.ext_local.size, ne)]]
        c = c[c != i]
        return c

    def special_legit(self):
        rng, R, D = self.rng, self.R, self.D
        P = self.popgroups
        extra_edges = []  # (u, v, rate/day, rel, from, to)

        def edges_to(u, cs, total_rate, rel=FRIEND, t0=0, t1=T_END, back=0.8):
            w = rng.lognormal(0, 1, len(cs))
            w = total_rate * w / w.sum()
            for c, r in zip(cs, w):
                extra_edges.append((u, int(c), float(r), rel, t0, t1))
                if back > 0:
                    extra_edges.append((int(c), u, float(r * back), rel, t0, t1))

        # --- dual SIM: second card in the same handset (slot 2 IMEI), same holder
        ids = []
        hosts = rng.choice(np.r_[P["town_resident"], P["shopkeeper"], P["civil_servant"]], 150, replace=False)
        for h in hosts:
            h = int(h)
            i = self.person(
                "dual_sim_second_card",
                R.cols["birth"][h],
                PROF_NAMES[R.cols["prof"][h]],
                town=R.cols["town"][h],
                vill=R.cols["vill"][h],
                idh=R.cols["idh"][h],
                rate=float(rng.gamma(2, 0.4)),
                note=f"second SIM of {R.num[h]} (same handset, slot 2)",
            )
            R.set(i, dev0=D.sibling(R.cols["dev0"][h]), hcell=R.cols["hcell"][h], wcell=R.cols["wcell"][h])
            edges_to(i, self.add_social(i, (5, 20), 0.4), R.cols["rate"][i])
            ids.append(i)
        P["dual_sim_second_card"] = ids

        # --- child smart watches: call parents often, short
        ids = []
        hh_multi = [hh for hh in self.households if len(hh) >= 2]
        pick = rng.choice(len(hh_multi), 60, replace=False)
        for j in pick:
            hh = hh_multi[int(j)]
            par = hh[0]
            iot = rng.random() < 0.5
            i = self.person(
                "child_smartwatch",
                R.cols["birth"][par],
                "watch",
                town=R.cols["town"][par],
                vill=R.cols["vill"][par],
                idh=R.cols["idh"][par],
                card="iot" if iot else "mobile",
                rate=float(rng.uniform(2, 6)),
                note="child watch card registered to a parent",
                dev=False,
            )
            R.set(i, dev0=D.new("watch"), hcell=R.cols["hcell"][par])
            for p in hh[:2]:
                extra_edges.append((i, p, R.cols["rate"][i] / min(2, len(hh)), FAMILY, 0, T_END))
                extra_edges.append((p, i, 1.0, FAMILY, 0, T_END))
            ids.append(i)
        P["child_smartwatch"] = ids

        # --- family shared handsets: hand-me-down phones and couples sharing one cheap dual-SIM phone
        ids = []
        pick = rng.choice(len(hh_multi), 70, replace=False)
        for n_, j in enumerate(pick):
            hh = hh_multi[int(j)]
            a, b = hh[0], hh[1]
            if n_ < 45:
                tc = int(rng.integers(DAY, T_END - DAY))
                newd = D.new("smart")
                R.devs[a] = [(0, R.cols["dev0"][a]), (tc, newd)]
                R.devs[b] = [
                    (0, R.cols["dev0"][b]),
                    (tc + int(rng.integers(HOUR, 2 * DAY)), R.cols["dev0"][a]),
                ]
                R.set(a, note="bought a new phone; old handset passed to " + R.num[b])
                R.set(b, note="now uses the old handset of " + R.num[a])
            else:
                d = D.new("feature")
                R.set(
                    a, dev0=d, note="shares one cheap dual-SIM phone (same IMEI both slots) with " + R.num[b]
                )
                R.set(
                    b, dev0=d, note="shares one cheap dual-SIM phone (same IMEI both slots) with " + R.num[a]
                )
            for x in (a, b):
                R.set(x, pop="family_shared_handset")
                ids.append(x)
        P["family_shared_handset"] = ids

        # --- handset upgrades of ordinary people (IMEI change, behaviour unchanged)
        cand = np.array(
            [
                i
                for i in self.persons
                if i not in R.devs
                and R.cols["dev0"][i] >= 0
                and R.cols["pop"][i] not in ("elderly_cloned_imei_phone", "family_shared_handset")
            ]
        )
        for i in rng.choice(cand, int(0.03 * cand.size), replace=False):
            i = int(i)
            R.devs[i] = [(0, R.cols["dev0"][i]), (int(rng.integers(DAY, T_END - DAY)), D.new("smart"))]
            R.set(
                i,
                note=(R.cols["note"][i] + "; " if R.cols["note"][i] else "")
                + "changed handset during window",
            )

        # --- number changers: new card in same handset, re-contacts everybody, old card goes silent
        ids_old, ids_new = [], []
        for o in rng.choice(np.r_[P["town_resident"], P["village_resident"]], 40, replace=False):
            o = int(o)
            tc = int(rng.integers(DAY, T_END - DAY // 2))
            n = self.person(
                "number_changer_new_card",
                R.cols["birth"][o],
                PROF_NAMES[R.cols["prof"][o]],
                town=R.cols["town"][o],
                vill=R.cols["vill"][o],
                idh=R.cols["idh"][o],
                act=tc - int(rng.integers(0, 3 * HOUR)),
                rate=R.cols["rate"][o] * 1.1,
                note=f"new number of {R.num[o]} (same holder, same handset)",
            )
            R.set(n, dev0=R.cols["dev0"][o], hcell=R.cols["hcell"][o], wcell=R.cols["wcell"][o], afrom=tc)
            R.set(
                o,
                pop="number_changer_old_card",
                ato=tc,
                dead_at=tc + int(rng.integers(0, 2 * DAY)),
                moved_to=n,
                moved_at=tc,
                note=f"switched to new number {R.num[n]}",
            )
            if o in R.devs:
                del R.devs[o]
            ids_old.append(o)
            ids_new.append(n)
            self.changer_pairs.append((o, n, tc))
        P["number_changer_old_card"] = ids_old
        P["number_changer_new_card"] = ids_new

        # --- new legit cards: activated recently or during the window
        for i in P["new_card_legit"]:
            a = int(rng.integers(-25 * DAY, 9 * DAY))
            R.set(i, act=a, afrom=max(0, a))
            if a > 0 and rng.random() < 0.5:
                R.set(i, dev0=D.new("smart"))

        # --- local cards working away (some leave after 清明 during the window, some come back)
        for i in P["migrant_worker_away"]:
            dest = wchoice(rng, MIGRANT_DEST)
            cells = self.away_cells(dest)
            u = rng.random()
            if u < 0.6:
                R.locs[i] = [(0, dest, cells)]
            elif u < 0.85:
                R.locs[i] = [(0, None, None), (int(rng.integers(0, 6 * DAY)), dest, cells)]
                R.set(i, note=f"home for 清明, leaves for {REGION_NAMES[dest]} during window")
            else:
                R.locs[i] = [(0, dest, cells), (int(rng.integers(2 * DAY, T_END - DAY)), None, None)]
                R.set(i, note=f"comes home from {REGION_NAMES[dest]} during window")
            R.set(i, note=(R.cols["note"][i] or f"works in {REGION_NAMES[dest]} with local card"))
            # friends where they work
            cs = [
                self.ext_person(dest, pop="external_contact", note="co-worker away")
                for _ in range(int(rng.integers(2, 8)))
            ]
            edges_to(i, cs, 0.6 * R.cols["rate"][i])

        # --- truck drivers: move along highways across regions
        for i in P["truck_driver"]:
            sched, t = [(0, None, None)], int(rng.integers(0, 2 * DAY))
            while t < T_END:
                dest = wchoice(
                    rng,
                    {
                        "0791": 3,
                        "0797": 2,
                        "0755": 2,
                        "0769": 2,
                        "020": 2,
                        "0731": 1,
                        "0571": 1,
                        "021": 1,
                        "0592": 1,
                        "0796": 3,
                    },
                )
                sched.append(
                    (
                        t,
                        None if dest == COUNTY else dest,
                        None if dest == COUNTY else self.away_cells(dest, 3),
                    )
                )
                t += int(rng.integers(8 * HOUR, 3 * DAY))
            R.locs[i] = sched

        # --- business trips of office workers / shopkeepers
        for i in rng.choice(
            np.r_[P["civil_servant"], P["shopkeeper"], P["town_resident"]], 160, replace=False
        ):
            i = int(i)
            if i in R.locs:
                continue
            d = wchoice(rng, {k: v for k, v in TRIP_DEST.items() if v})
            t1 = int(rng.integers(0, T_END - DAY))
            R.locs[i] = [
                (0, None, None),
                (t1, d, self.away_cells(d, 2)),
                (t1 + int(rng.integers(DAY // 2, 3 * DAY)), None, None),
            ]

        # --- CMCC cards of other provinces physically in the county (roaming in)
        ids = []
        for j in range(160):
            visitor = j >= 120
            home = wchoice(
                rng, MIGRANT_DEST if not visitor else {"0791": 5, "0797": 2, "0731": 2, "0755": 1, "021": 1}
            )
            n = self.rand_mobile(CMCC_P)
            i = R.add(
                n,
                K_ROAMIN,
                home,
                pop="visitor_roaming_in" if visitor else "returning_migrant_roaming_in",
                birth=int(rng.integers(1970, 2004)),
                idh=R.new_idh(),
                prof="day" if visitor else "young",
                ansf=0.9,
                note=("business visitor from " if visitor else "migrant worker home with card from ")
                + REGION_NAMES[home],
            )
            town = int(rng.choice(len(self.towns), p=self.town_w))
            self.place_person(i, town)
            R.set(i, dev0=D.new("smart"), rate=float(rng.gamma(2, 1.0)))
            if visitor:
                t1 = int(rng.integers(0, T_END - DAY))
                t2 = t1 + int(rng.integers(DAY // 2, 3 * DAY))
                R.locs[i] = [
                    (0, home, self.away_cells(home)),
                    (t1, None, None),
                    (t2, home, self.away_cells(home)),
                ]
                cs = [self.ext_person(home) for _ in range(6)] + list(
                    np.array(self.towns[0]["members"])[rng.integers(0, len(self.towns[0]["members"]), 5)]
                )
            else:
                ta = int(rng.integers(-2 * DAY, 10 * DAY))
                R.locs[i] = (
                    [(0, home, self.away_cells(home)), (max(0, ta), None, None)]
                    if ta > 0
                    else [(0, None, None)]
                )
                vm = np.array(self.towns[town]["members"])
                cs = list(vm[rng.integers(0, vm.size, int(rng.integers(5, 20)))]) + [
                    self.ext_person(home) for _ in range(int(rng.integers(2, 8)))
                ]
            edges_to(i, cs, R.cols["rate"][i])
            self.persons.append(i)
            ids.append(i)
        P["returning_migrant_roaming_in"] = ids[:120]
        P["visitor_roaming_in"] = ids[120:]
        self.extra_edges = extra_edges

    def gen_extra_edges(self):
        rng = self.rng
        if not self.extra_edges:
            return
        E = np.array(self.extra_edges, dtype=float)
        u, v, r, rel, t0, t1 = (E[:, k] for k in range(6))
        cnt = rng.poisson(r * DAYS)
        src = np.repeat(u.astype(np.int64), cnt)
        dst = np.repeat(v.astype(np.int64), cnt)
        rl = np.repeat(rel.astype(np.int64), cnt)
        a = np.repeat(t0, cnt)
        b = np.repeat(t1, cnt)
        prof = np.array(self.R.cols["prof"])[src]
        t = np.empty(src.size, np.int64)
        for p in range(len(PROF_NAMES)):
            m = prof == p
            if m.any():
                t[m] = self.times(int(m.sum()), p)
        keep = (t >= a) & (t < b)
        self.C.add(src[keep], dst[keep], t[keep], rl[keep])

    # ---------------------------------------------------------------- look-alike businesses
    def directory(self, town, vill=None, ext_share=0.35, away_share=0.12):
        """Phone list of a village / township: county cards, other-operator locals, members away."""
        rng = self.rng
        T = self.towns[town]
        base = np.array(T["vmembers"][vill] if vill is not None else T["members"])
        base = base[np.isin(base, self.persons)] if base.size else base
        n_ext = int(base.size * ext_share / (1 - ext_share))
        ext = self.ext_local[rng.integers(0, self.ext_local.size, n_ext)]
        away = []
        for i in base[rng.random(base.size) < away_share]:
            away.extend(self.kin_of.get(int(i), [])[:1])
        d = np.r_[base, ext, np.array(away, dtype=np.int64)].astype(np.int64)
        rng.shuffle(d)
        return d

    def biz_person(
        self,
        pop,
        n,
        prof,
        birth=(1970, 1998),
        town=None,
        rate=1.5,
        note="",
        idh=None,
        act=None,
        block=None,
        card="mobile",
    ):
        rng = self.rng
        ids = []
        for _ in range(n):
            tw = town if town is not None else int(rng.choice(len(self.towns), p=self.town_w))
            i = self.person(
                pop,
                int(rng.integers(birth[0], birth[1] + 1)),
                prof,
                town=tw,
                rate=float(rate * rng.gamma(2, 0.5)),
                note=note,
                idh=idh,
                act=act,
                block=block,
                card=card,
            )
            self.late_social.append(i)
            ids.append(i)
        self.popgroups[pop] = ids
        return ids

    def list_calls(
        self,
        src,
        targets,
        days,
        per_day,
        start_h=(8.5, 9.5),
        gap=120.0,
        rel=COLD,
        prof_stop=18.5,
        lunch=(11.75, 14.25),
        retry=0.4,
    ):
        """Work through a call list over given days; unanswered entries get retried later (auto outcome)."""
        rng = self.rng
        pos = 0
        for d in days:
            k = int(max(1, rng.poisson(per_day)))
            if pos >= len(targets):
                pos = 0
            chunk = targets[pos : pos + k]
            pos += k
            # retries of a few earlier entries mixed in
            if pos > k and retry > 0:
                prev = targets[max(0, pos - 2 * k) : pos - k]
                chunk = np.r_[chunk, prev[rng.random(prev.size) < retry * 0.5]]
            t = self.session(d, rng.uniform(*start_h), chunk.size, gap, lunch=lunch, stop_h=prof_stop)
            self.C.add(src, chunk[: t.size], t, rel)

    def businesses(self):
        rng, R, C = self.rng, self.R, self.C
        self.late_social = []
        workdays = np.array([d for d in range(DAYS) if not WEEKEND[d]])
        alldays = np.arange(DAYS)

        # village cadres: household surveys (医保 collection, 防返贫 monitoring) village by village
        ids = self.biz_person("village_cadre", 90, "day", birth=(1965, 1992), rate=2.0)
        for i in ids:
            t, v = R.cols["town"][i], R.cols["vill"][i]
            if t == 0:
                v = int(rng.integers(len(self.towns[0]["vmembers"])))
            d_ = self.directory(t, v, away_share=0.2)
            if d_.size == 0:
                continue
            camp = np.sort(rng.choice(alldays, int(rng.integers(2, 5)), replace=False))
            self.list_calls(
                i,
                d_,
                camp,
                rng.uniform(20, 55),
                start_h=(7.8, 9),
                gap=150,
                rel=OFFICIAL,
                prof_stop=20.5,
                retry=0.6,
            )
            n = rng.poisson(4 * DAYS)
            C.add(i, d_[rng.integers(0, d_.size, n)], self.times(n, "day"), OFFICIAL)

        # grid workers: residents of their grid (反诈 APP registration push, population update)
        ids = self.biz_person("grid_worker", 60, "office", birth=(1980, 2000), town=None, rate=1.8)
        for i in ids:
            t = R.cols["town"][i]
            d_ = self.directory(t, None)[: int(rng.integers(180, 320))]
            camp = np.sort(rng.choice(workdays, int(rng.integers(3, 6)), replace=False))
            self.list_calls(i, d_, camp, rng.uniform(30, 70), gap=110, rel=OFFICIAL, retry=0.5)
            n = rng.poisson(5 * DAYS)
            C.add(i, d_[rng.integers(0, d_.size, n)], self.times(n, "office"), OFFICIAL)

        # insurance agents: purchased lead lists (county, 吉安, some nationwide), follow-ups on interested
        ids = self.biz_person("insurance_agent", 40, "biz", birth=(1972, 1996), rate=2.0)
        for i in list(ids):
            if rng.random() < 0.3:  # separate card for cold calling in a dual-SIM phone
                j = self.person(
                    "insurance_agent",
                    R.cols["birth"][i],
                    "biz",
                    town=R.cols["town"][i],
                    idh=R.cols["idh"][i],
                    rate=0.3,
                    note="second card used for cold calls",
                )
                R.set(j, dev0=self.D.sibling(R.cols["dev0"][i]), hcell=R.cols["hcell"][i])
                ids.append(j)
                caller = j
            else:
                caller = i
            leads = self.lead_list(int(rng.integers(500, 1300)), county=0.35, local=0.35)
            self.list_calls(caller, leads, workdays, rng.uniform(30, 75), gap=150, rel=COLD, retry=0.3)
            self.list_calls(
                caller, leads[::-1], alldays[WEEKEND], rng.uniform(5, 20), gap=300, rel=COLD, retry=0
            )
            clients = self.lead_list(int(rng.integers(20, 60)), county=0.6, local=0.3)
            n = rng.poisson(4 * DAYS)
            C.add(i, clients[rng.integers(0, clients.size, n)], self.times(n, "biz"), CLIENT)
            self.followups.append((caller, leads, 0.25))
        self.popgroups["insurance_agent"] = ids

        # bank account managers: own clients + deposit campaign lists
        ids = self.biz_person("bank_account_manager", 25, "office", birth=(1980, 1998), rate=1.8)
        for i in ids:
            clients = self.lead_list(int(rng.integers(60, 160)), county=0.6, local=0.3)
            n = rng.poisson(rng.uniform(8, 22) * 10)
            C.add(i, clients[rng.integers(0, clients.size, n)], self.times(n, "office"), CLIENT)
            camp = np.sort(rng.choice(workdays, 2, replace=False))
            self.list_calls(
                i, self.lead_list(200, county=0.6, local=0.3, sort=True), camp, 45, gap=100, rel=COLD
            )

        # real-estate agents: cold lists + follow-ups; some cards replaced after harassment complaints
        ids = self.biz_person("real_estate_agent", 30, "biz", birth=(1985, 2000), town=0, rate=2.2)
        for i in list(ids):
            leads = self.lead_list(int(rng.integers(500, 1000)), county=0.4, local=0.45)
            if rng.random() < 0.2:
                tc = int(rng.integers(2 * DAY, 10 * DAY))
                j = self.person(
                    "real_estate_agent",
                    R.cols["birth"][i],
                    "biz",
                    town=0,
                    idh=R.cols["idh"][i],
                    act=tc - int(rng.integers(HOUR, 5 * HOUR)),
                    rate=0.5,
                    note=f"replacement card (old card {R.num[i]} restricted after harassment complaints)",
                )
                R.set(j, dev0=R.cols["dev0"][i], afrom=tc, hcell=R.cols["hcell"][i])
                R.set(i, note="cold-calling card restricted (stops calling) mid-window", ato=tc)
                ids.append(j)
                self.list_calls(i, leads, workdays[workdays * DAY < tc], rng.uniform(30, 60), gap=140)
                self.list_calls(j, leads[::-1], alldays[alldays * DAY >= tc], rng.uniform(30, 60), gap=140)
                self.followups.append((j, leads, 0.25))
            else:
                self.list_calls(i, leads, alldays, rng.uniform(25, 55), gap=140)
                self.followups.append((i, leads, 0.25))
        self.popgroups["real_estate_agent"] = ids

        # car dealer sales: web leads
        ids = self.biz_person("car_dealer_sales", 15, "biz", birth=(1985, 2000), town=0, rate=1.8)
        for i in ids:
            leads = self.lead_list(int(rng.integers(200, 400)), county=0.45, local=0.4)
            self.list_calls(i, leads, alldays, rng.uniform(12, 30), gap=200, rel=COLD)
            self.followups.append((i, leads, 0.3))

        # loan collectors of a small county lender: company cards, repeated calls to debtors & contacts
        co = R.new_idh()
        ids = self.biz_person(
            "loan_collector",
            12,
            "biz",
            birth=(0, 0),
            town=0,
            rate=0.0,
            idh=co,
            act=-int(700 * DAY),
            note="company-registered card of a small-loan company",
        )
        for i in ids:
            R.set(i, birth=0, act=-int(rng.integers(300, 900)) * DAY)
            debtors = self.lead_list(int(rng.integers(60, 120)), county=0.5, local=0.3)
            overdue = debtors[rng.random(debtors.size) < 0.45]
            for d in alldays:
                k = rng.poisson(1.6, overdue.size)
                tg = np.repeat(overdue, k)
                C.add(i, tg, self.times(tg.size, "biz", [d]), DEBT)
                emerg = self.lead_list(int(rng.integers(6, 18)), county=0.3, local=0.4)
                C.add(i, emerg, self.times(emerg.size, "biz", [d]), COLD)
            # debtors sometimes call back
            cb = overdue[rng.random(overdue.size) < 0.3]
            C.add(cb, i, self.times(cb.size, "day"), CLIENT)

        # head teachers: whole-class parent phoning (evening bursts) + routine calls
        ids = self.biz_person("school_teacher", 130, "teacher", birth=(1968, 1998), rate=1.6)
        for i in ids:
            t = R.cols["town"][i]
            par = self.directory(t, None, ext_share=0.3, away_share=0.25)[: int(rng.integers(35, 56))]
            if par.size == 0:
                continue
            n = rng.poisson(rng.uniform(1, 4) * 10)
            C.add(i, par[rng.integers(0, par.size, n)], self.times(n, "teacher", workdays), PARENT)
            for d in rng.choice(alldays, int(rng.integers(1, 3)), replace=False):
                t_ = self.session(int(d), rng.uniform(18.3, 19.3), par.size, 150, lunch=None, stop_h=22)
                C.add(i, par[: t_.size], t_, PARENT)
                self.parents_of[i] = par

        # township clinic staff (+ two clinic fixed lines): follow-up of elderly chronic patients
        ids = self.biz_person("clinic_staff", 40, "office", birth=(1975, 1998), rate=1.5)
        fixed = [
            self.fixed_number(True, "clinic_fixed_line", "township health centre switchboard")
            for _ in range(2)
        ]
        for k, i in enumerate(ids + fixed):
            t = R.cols["town"][i] if R.cols["town"][i] >= 0 else int(rng.integers(1, len(self.towns)))
            if R.cols["town"][i] < 0:
                R.set(i, town=t)
            mem = np.array(self.towns[t]["members"])
            bm = np.array(R.cols["birth"])[mem] if mem.size else mem
            old = mem[(bm < 1962) & (bm > 0)] if mem.size else mem
            if old.size == 0:
                old = mem
            pts = rng.choice(old, min(old.size, int(rng.integers(60, 150))), replace=False)
            camp = np.sort(rng.choice(workdays, int(rng.integers(2, 5)), replace=False))
            self.list_calls(i, pts, camp, rng.uniform(20, 45), start_h=(8.2, 9), gap=130, rel=PATIENT)
            n = rng.poisson(3 * DAYS)
            C.add(i, pts[rng.integers(0, pts.size, n)], self.times(n, "office"), PATIENT)
        self.popgroups["clinic_fixed_line"] = fixed

        # village committee fixed lines (CMCC fixed): notices to villagers
        fx = []
        for _ in range(15):
            f = self.fixed_number(True, "village_committee_fixed", "村委会 office line")
            t = int(rng.integers(1, len(self.towns)))
            R.set(f, town=t)
            d_ = self.directory(t, int(rng.integers(len(self.towns[t]["vmembers"]))))
            if d_.size:
                n = rng.poisson(5 * 10)
                C.add(f, d_[rng.integers(0, d_.size, n)], self.times(n, "office", workdays), OFFICIAL)
            fx.append(f)
        self.popgroups["village_committee_fixed"] = fx

        # rural e-commerce sellers: after-sales calls to customers all over China, customers call in
        ids = self.biz_person("ecommerce_seller", 40, "biz", birth=(1985, 2002), rate=1.6)
        for i in ids:
            for d in alldays:
                k = rng.poisson(rng.uniform(8, 25))
                tg = np.array([self.nation_number(0.97) for _ in range(k)], dtype=np.int64)
                C.add(i, tg, self.times(k, "biz", [d]), CLIENT)
                k2 = rng.poisson(rng.uniform(4, 12))
                src = np.array([self.nation_number(1.0) for _ in range(k2)], dtype=np.int64)
                for s_ in src:
                    R.set(int(s_), pop="external_customer")
                C.add(src, i, self.times(k2, "ext", [d]), CLIENT)

        # couriers: recipients of the day, short calls, callbacks
        ids = self.biz_person("courier", 50, "biz", birth=(1975, 2000), rate=1.5)
        for i in ids:
            t = R.cols["town"][i]
            area = np.r_[
                self.directory(t, None, ext_share=0.35, away_share=0),
                self.ext_local[rng.integers(0, self.ext_local.size, 80)],
            ]
            for d in alldays:
                k = rng.poisson(40 if not WEEKEND[d] else 25)
                tg = area[rng.integers(0, area.size, k)]
                t_ = np.sort(self.times(k, "biz", [d]))
                C.add(i, tg, t_, COURIER)

        # delivery riders via privacy (AXB) numbers of the platform
        pool = []
        platform = R.new_idh()
        for _ in range(30):
            n = self.county_number()
            pool.append(
                R.add(
                    n,
                    K_PRIVACY,
                    COUNTY,
                    pop="privacy_number_pool",
                    card="mobile",
                    act=-int(rng.integers(30, 400)) * DAY,
                    idh=platform,
                    note="platform privacy number (AXB binding), calls are forwarded",
                    imsi="",
                )
            )
        pool = np.array(pool)
        ids = self.biz_person("delivery_rider", 40, "young", birth=(1985, 2004), town=0, rate=1.4)
        seat = np.r_[
            np.array(self.towns[0]["members"]), self.ext_local[rng.integers(0, self.ext_local.size, 800)]
        ]
        for i in ids:
            for d in alldays:
                k = rng.poisson(22)
                cust = seat[rng.integers(0, seat.size, k)]
                X = pool[rng.integers(0, pool.size, k)]
                lunch_ = rng.random(k) < 0.5
                h = np.where(lunch_, rng.uniform(10.5, 13.2, k), rng.uniform(16.8, 20.5, k))
                t_ = (d * DAY + h * HOUR).astype(np.int64)
                self.privacy_call(i, X, cust, t_, COURIER)
                m = rng.random(k) < 0.2  # customer calls the rider through the privacy number
                self.privacy_call(
                    cust[m], X[m], np.full(m.sum(), i), t_[m] + rng.integers(60, 1800, m.sum()), COURIER
                )
        self.popgroups["privacy_number_pool"] = list(pool)

        # farmers selling spring tea / bamboo shoots: wholesalers + new buyers from WeChat groups
        ids = self.biz_person("farmer_produce_seller", 80, "day", birth=(1955, 1990), rate=1.2)
        harvest = np.arange(3, 13)
        for i in ids:
            R.set(i, town=R.cols["town"][i] if R.cols["town"][i] > 0 else int(rng.integers(1, 15)))
            regular = np.array(
                [
                    self.nation_number(
                        1.0,
                        home=wchoice(rng, {"0791": 3, "0755": 2, "021": 2, "0571": 2, "020": 1, "0796": 2}),
                    )
                    for _ in range(int(rng.integers(8, 25)))
                ]
            )
            for d in harvest:
                k = rng.poisson(rng.uniform(4, 12))
                C.add(i, regular[rng.integers(0, regular.size, k)], self.times(k, "day", [d]), CLIENT)
                k2 = rng.poisson(rng.uniform(1, 6))
                new = np.array([self.nation_number(0.97) for _ in range(k2)], dtype=np.int64)
                C.add(i, new, self.times(k2, "day", [d]), COLD)
            k3 = rng.poisson(2.5 * harvest.size)
            C.add(regular[rng.integers(0, regular.size, k3)], i, self.times(k3, "ext", harvest), CLIENT)

        # agricultural input dealers (seed/fertiliser, spring planting)
        ids = self.biz_person("agri_input_dealer", 20, "biz", birth=(1965, 1990), rate=1.5)
        for i in ids:
            t = R.cols["town"][i] if R.cols["town"][i] > 0 else int(rng.integers(1, 15))
            cust = self.directory(t, None, away_share=0)[: int(rng.integers(150, 300))]
            n = rng.poisson(rng.uniform(15, 35) * DAYS)
            C.add(i, cust[rng.integers(0, cust.size, n)], self.times(n, "biz"), CLIENT)
            n2 = rng.poisson(0.5 * n)
            C.add(cust[rng.integers(0, cust.size, n2)], i, self.times(n2, "day"), CLIENT)

        # taxi / ride drivers (booked by phone)
        ids = self.biz_person("taxi_driver", 40, "day", birth=(1965, 1995), town=0, rate=1.5)
        pas = np.r_[np.array(self.persons), self.ext_local]
        for i in ids:
            n = rng.poisson(rng.uniform(10, 25) * DAYS)
            tg = pas[rng.integers(0, pas.size, n)]
            C.add(i, tg, self.times(n, "day"), COURIER)
            n2 = rng.poisson(0.6 * n)
            C.add(pas[rng.integers(0, pas.size, n2)], i, self.times(n2, "day"), COURIER)

        # operator store telesales: customers of the county in ascending number order (sequential-ish)
        store = R.new_idh()
        ids = self.biz_person(
            "operator_store_telesales",
            12,
            "office",
            birth=(0, 0),
            town=0,
            rate=0.3,
            idh=store,
            note="business-hall card (company registered) for package upsell calls",
        )
        cust = np.array(
            sorted(
                [i for i in self.persons if R.cols["kind"][i] == K_COUNTY and R.cols["card"][i] == "mobile"],
                key=lambda x: R.num[x],
            )
        )
        sl = np.array_split(cust, len(ids))
        for i, part in zip(ids, sl):
            R.set(i, birth=0)
            self.list_calls(i, part, workdays, rng.uniform(60, 110), gap=95, rel=COLD, retry=0.1)

        # community police officers: household checks and anti-fraud warnings
        ids = self.biz_person("police_community_officer", 8, "office", birth=(1975, 1995), rate=1.8)
        for i in ids:
            t = R.cols["town"][i]
            d_ = self.directory(t, None)
            n = rng.poisson(10 * DAYS)
            C.add(i, d_[rng.integers(0, d_.size, n)], self.times(n, "office"), OFFICIAL)
        self.police = ids

        # external (other operator) businesses calling into the county; service numbers
        exb = []
        for name, k, rate, rel in (
            ("external_courier", 15, 30, COURIER),
            ("external_sales", 15, 25, COLD),
            ("external_business", 20, 6, CLIENT),
        ):
            for _ in range(k):
                x = self.ext_person(COUNTY, op=("cu", "ct")[int(rng.integers(2))], pop=name)
                R.set(x, prof=PROF_ID["biz"])
                tg = np.array(self.persons)[rng.integers(0, len(self.persons), 400)]
                n = rng.poisson(rate * DAYS * 0.4)  # only the calls into the county sample are seen
                C.add(x, tg[rng.integers(0, tg.size, n)], self.times(n, "biz"), rel)
                exb.append(x)
        svc = {
            "10086": (K_SERVICE, 60, SERVICE),
            "95588": (K_SERVICE, 12, SERVICE),
            "95533": (K_SERVICE, 8, SERVICE),
            "95599": (K_SERVICE, 10, SERVICE),
            "95511": (K_SERVICE, 25, COLD),
            "95555": (K_SERVICE, 5, SERVICE),
            "12345": (K_SERVICE, 6, OFFICIAL),
            "95338": (K_SERVICE, 6, SERVICE),
            "95311": (K_SERVICE, 8, SERVICE),
        }
        self.svc = {}
        for s, (kind, per_day, rel) in svc.items():
            x = R.add(s, kind, "", pop="service_number", card="fixed", imsi="")
            self.svc[s] = x
            n = rng.poisson(per_day * DAYS)
            C.add(
                x, np.array(self.persons)[rng.integers(0, len(self.persons), n)], self.times(n, "office"), rel
            )
        self.svc["96110"] = R.add(
            "96110",
            K_SERVICE,
            "",
            pop="service_number",
            card="fixed",
            imsi="",
            note="police anti-fraud warning line",
        )
        self.svc["110"] = R.add("110", K_SERVICE, "", card="fixed", imsi="")
        self.svc["120"] = R.add("120", K_SERVICE, "", card="fixed", imsi="")
        # people calling service numbers
        for s, per_day in (
            ("10086", 25),
            ("95588", 8),
            ("95533", 5),
            ("12345", 4),
            ("110", 3),
            ("120", 1.5),
            ("95338", 4),
            ("95511", 3),
        ):
            n = rng.poisson(per_day * DAYS)
            C.add(
                np.array(self.persons)[rng.integers(0, len(self.persons), n)],
                self.svc[s],
                self.times(n, "day"),
                SERVICE,
            )
        # legit relatives abroad (international, calls into the county)
        for cc, ln in (
            ("+81", 10),
            ("+65", 8),
            ("+971", 9),
            ("+39", 10),
            ("+60", 9),
            ("+1", 10),
            ("+82", 10),
            ("+61", 9),
            ("+33", 9),
            ("+66", 9),
        ):
            n_ = cc + f"{int(rng.integers(10 ** (ln - 1), 10**ln))}"
            x = R.add(
                n_, K_FOREIGN, cc, pop="international_relative", imsi="", note="relative working abroad"
            )
            fam = np.array(self.persons)[rng.integers(0, len(self.persons), int(rng.integers(1, 4)))]
            n = rng.poisson(rng.uniform(0.3, 1.2) * DAYS)
            C.add(x, fam[rng.integers(0, fam.size, n)], self.times(n, "evening"), KIN)

        # follow-ups of sales leads are generated after outcomes are known (see finalise)
        # late social lives of business people
        for i in self.late_social:
            if R.cols["rate"][i] <= 0:
                continue
            cs = self.add_social(i, (15, 45), 0.35)
            w = rng.lognormal(0, 1, cs.size)
            w = R.cols["rate"][i] * w / w.sum()
            for c, r in zip(cs, w):
                self.extra_edges.append((i, int(c), float(r), FRIEND, 0, T_END))
                self.extra_edges.append((int(c), i, float(r * 0.8), FRIEND, 0, T_END))

    def privacy_call(self, a, X, b, t, rel):
        """A -> X (normal call leg) and X -> B (forwarded leg), same talk time."""
        rng = self.rng
        n = np.size(t)
        a = np.broadcast_to(a, (n,))
        b = np.broadcast_to(b, (n,))
        ans = rng.random(n) < 0.78 * self.R.pick("ansf", b).clip(0.5, 1.3)
        dur = np.where(ans, np.clip(rng.lognormal(np.log(25), 0.6, n), 4, 400), 0).astype(np.int64)
        self.C.add(a, X, t, rel, dur)
        ka = self.R.pick("kind", a)
        og = np.where(np.isin(ka, [K_OTHER_OP, K_FIXED_OTHER]), 1, 0)
        self.C.add(X, b, t + rng.integers(1, 4, n), rel, dur, ctype=2, orig=og, aux=a)

    def lead_list(self, n, county=0.4, local=0.4, sort=False):
        rng = self.rng
        nc = int(n * county)
        nl = int(n * local)
        nn = n - nc - nl
        p = np.array(self.persons)
        a = p[rng.integers(0, p.size, nc)]
        b = self.ext_local[rng.integers(0, self.ext_local.size, nl)]
        c = np.array(
            [
                self.nation_number(0.9, home=wchoice(rng, {"0796": 4, "0791": 2, "0797": 1, "0795": 1}))
                for _ in range(nn)
            ],
            dtype=np.int64,
        )
        out = np.r_[a, b, c].astype(np.int64)
        if sort:
            return np.array(sorted(out.tolist(), key=lambda x: self.R.num[x]))
        rng.shuffle(out)
        return out

    # ---------------------------------------------------------------- fraud
    def fraud_target(self, k, county_share, pool=None):
        rng = self.rng
        out = np.empty(k, np.int64)
        loc = rng.random(k) < county_share
        p = pool if pool is not None else np.array(self.persons)
        out[loc] = p[rng.integers(0, p.size, int(loc.sum()))]
        for j in np.flatnonzero(~loc):
            out[j] = self.nation_number(0.85)
        return out

    def fraud_outcome(self, dst, p_ans, mix):
        """mix: [(p, median, sigma)] for answered durations."""
        rng, R = self.rng, self.R
        ansf = R.pick("ansf", dst).reshape(-1)
        kind = R.pick("kind", dst).reshape(-1)
        ans = (rng.random(dst.size) < np.clip(p_ans * ansf, 0, 0.97)) & (kind != K_UNASSIGNED)
        ps = np.array([m[0] for m in mix])
        ps = ps / ps.sum()
        comp = rng.choice(len(mix), dst.size, p=ps)
        med = np.array([m[1] for m in mix])[comp]
        sig = np.array([m[2] for m in mix])[comp]
        d = np.clip(rng.lognormal(np.log(med), sig), 2, 7200)
        return np.where(ans, d, 0).astype(np.int64)

    def sold_card(
        self,
        pop,
        owner_pop=("village_resident", "student_young", "town_resident"),
        t_hand=None,
        act=None,
        note="",
        block=None,
        card="mobile",
        idh=None,
    ):
        """A local card with its owner's ordinary history, later handed to a ring."""
        rng, R = self.rng, self.R
        op = owner_pop[int(rng.integers(len(owner_pop)))]
        birth = int(rng.integers(1990, 2006))
        i = self.person(
            pop,
            birth,
            "young" if birth > 1998 else "day",
            idh=idh,
            act=act,
            block=block,
            card=card,
            rate=float(rng.uniform(0.8, 2.2)),
            fraud=1,
            note=note,
        )
        if t_hand is None:
            t_hand = int(rng.integers(1 * DAY, 10 * DAY))
        R.set(i, ansf=0.5, cb_ans=0.5, cb_med=60.0)
        cs = self.add_social(i, (6, 20), 0.3)
        # the owner's ordinary life on this card until the hand-over
        w = rng.lognormal(0, 1, cs.size)
        w = R.cols["rate"][i] * w / w.sum()
        for c, r in zip(cs, w):
            self.extra_edges.append((i, int(c), float(r), FRIEND, 0, t_hand))
            self.extra_edges.append((int(c), i, float(r * 0.8), FRIEND, 0, T_END))  # friends keep calling
        self.handover[i] = t_hand
        return i

    def relay_calls(
        self, card, days, per_day, county_share, mix, p_ans, prof="relay", pool=None, seq_share=0.0, t_from=0
    ):
        rng = self.rng
        for d in days:
            k = int(rng.poisson(per_day * (0.75 if WEEKEND[d] else 1)))
            if k == 0:
                continue
            t = np.sort(self.times(k, prof, [d]))
            t = t[t >= t_from]
            k = t.size
            if k == 0:
                continue
            ks = int(k * seq_share)
            tg = np.r_[
                self.seq_block(ks) if ks else np.zeros(0, np.int64),
                self.fraud_target(k - ks, county_share, pool),
            ].astype(np.int64)
            dur = self.fraud_outcome(tg, p_ans, mix)
            self.C.add(card, tg, t, FRAUD, dur)

    def fraud(self):
        rng, R, D, C = self.rng, self.R, self.D, self.C
        self.handover = {}
        P = self.popgroups
        F = {}
        all_p = np.array(self.persons)
        birth = np.array(R.cols["birth"])
        elderly = all_p[(birth[all_p] < 1963) & (birth[all_p] > 0)]
        young = all_p[(birth[all_p] >= 1995)]
        midage = all_p[(birth[all_p] >= 1975) & (birth[all_p] < 1998)]
        seat_cells = self.towns[0]["cells"]
        relay_mix = [(0.62, 12, 0.6), (0.28, 100, 0.7), (0.10, 1100, 0.8)]
        victims = []

        # tool people (工具人) with phones that relay overseas callers (手机口)
        tools = []
        for k in range(3):
            where = ("county", "township", "0769")[k]
            if where == "county":
                cell = seat_cells[int(rng.integers(seat_cells.size))]
                reg = COUNTY
            elif where == "township":
                tw = self.towns[int(rng.integers(1, len(self.towns)))]
                cell = tw["cells"][0]
                reg = COUNTY
            else:
                cell = self.away_cells("0769", 1)[0]
                reg = "0769"
            tools.append((D.new("smart"), cell, reg))

        # 1) sold cards relaying calls (手机口); several cards pass through the same tool-person phone
        ids = []
        owner_ids = [R.new_idh() for _ in range(5)]
        plan = [(0, -2), (0, 3), (1, 2), (1, 6), (2, 4), (2, 8), (0, 11)]  # (tool, hand-over day)
        for k, (tl, hd) in enumerate(plan):
            th = hd * DAY + int(rng.integers(8 * HOUR, 20 * HOUR))
            i = self.sold_card(
                "fraud_sold_card_relay",
                t_hand=max(th, 0),
                idh=owner_ids[k % 5],
                act=-int(rng.integers(60, 2000)) * DAY if k % 3 else -int(rng.integers(5, 40)) * DAY,
                note="card bought from a local; relays overseas callers from a tool-person phone",
            )
            dev, cell, reg = tools[tl]
            R.devs[i] = [(0, R.cols["dev0"][i]), (max(th, 0), dev)]
            R.locs[i] = [(0, None, None), (max(th, 0), reg if reg != COUNTY else COUNTY, np.array([cell]))]
            life = int(rng.integers(3, 8))
            days = np.arange(max(hd, 0), min(DAYS, max(hd, 0) + life))
            self.relay_calls(
                i, days, rng.uniform(30, 90), 0.25, relay_mix, 0.30, t_from=max(th, 0), seq_share=0.1
            )
            end = min(T_END, (days[-1] + 1) * DAY) if days.size else T_END
            R.set(i, ato=end, dead_at=end + int(rng.integers(0, DAY)))
            if end < T_END:
                R.set(i, note=R.cols["note"][i] + "; card stops (disposed) " + fmt_t(end))
            ids.append(i)
        F["fraud_sold_card_relay"] = ids

        # overseas callers used by the rings
        over = []
        for cc, ln in (("+855", 9), ("+95", 9), ("+63", 10), ("+856", 10), ("+60", 9)):
            n_ = cc + f"{int(rng.integers(10 ** (ln - 1), 10**ln))}"
            over.append(
                R.add(
                    n_,
                    K_FOREIGN,
                    cc,
                    pop="fraud_overseas_caller",
                    fraud=1,
                    imsi="",
                    note="overseas scam call-centre line feeding forwarded/relayed calls",
                )
            )
        over = np.array(over)
        F["fraud_overseas_caller"] = list(over)
        for x in over:  # a few direct international calls into the county (mostly ignored)
            n = rng.poisson(4 * DAYS)
            tg = all_p[rng.integers(0, all_p.size, n)]
            C.add(x, tg, self.times(n, "relay"), FRAUD, self.fraud_outcome(tg, 0.12, relay_mix))

        # 2) call-forwarding relays: card set to forward, overseas line rings it, victim sees a local number
        ids = []
        for k in range(4):
            hd = (1, 4, 7, 11)[k]
            th = hd * DAY + int(rng.integers(9 * HOUR, 22 * HOUR))
            i = self.sold_card(
                "fraud_call_forward",
                t_hand=th,
                note="sold card left with unconditional call forwarding; overseas calls forwarded",
            )
            R.devs[i] = [(0, R.cols["dev0"][i])]
            src_over = over[rng.choice(over.size, 2, replace=False)]
            for d in range(hd, DAYS):
                k2 = int(rng.poisson(rng.uniform(15, 45)))
                t = np.sort(self.times(k2, "relay", [d]))
                t = t[t >= th]
                if t.size == 0:
                    continue
                tg = self.fraud_target(t.size, 0.2)
                dur = self.fraud_outcome(tg, 0.32, relay_mix)
                so = src_over[rng.integers(0, 2, t.size)]
                C.add(so, i, t, FRAUD, dur, orig=2)
                C.add(i, tg, t + rng.integers(1, 4, t.size), FRAUD, dur, ctype=2, orig=2)
            ids.append(i)
        F["fraud_call_forward"] = ids

        # 3) SIM boxes (GoIP): modules with fixed IMEIs, cards rotated through the slots
        ids = []
        for box, (ncard, nmod, d0, d1, town) in enumerate(
            ((8, 8, 2, DAYS, int(rng.integers(1, 15))), (5, 4, 10, DAYS, 0))
        ):
            mods = [D.new("module") for _ in range(nmod)]
            cell = self.towns[town]["cells"][int(rng.integers(len(self.towns[town]["cells"])))]
            holders = [R.new_idh() for _ in range(3)]
            cards = []
            for c in range(ncard):
                act = -int(rng.integers(3, 40)) * DAY if box == 0 else int(rng.integers(7 * DAY, 10 * DAY))
                i = self.person(
                    "fraud_simbox_goip",
                    int(rng.integers(1998, 2006)),
                    "relay",
                    town=town,
                    idh=holders[c % 3],
                    act=act,
                    fraud=1,
                    dev=False,
                    note=f"SIM-box (GoIP) #{box + 1} card; opened by a recruited student, rotated across modules",
                )
                R.set(i, afrom=max(0, act), ansf=0.3, cb_ans=0.15, cb_med=20.0, hcell=int(cell))
                cards.append(i)
            # card farming (养卡) before use: cards call each other a little from the box
            sched = {c: [] for c in cards}
            busy = {c: 0 for c in cards}
            for d in range(d0, d1):
                for m in range(nmod):
                    h = 8.5 + rng.uniform(0, 0.5)
                    while h < 18:
                        c = cards[int(rng.integers(ncard))]
                        dur_h = rng.uniform(0.7, 2.5)
                        t0 = d * DAY + int(h * HOUR)
                        if t0 >= R.cols["afrom"][c] and t0 >= busy[c]:
                            busy[c] = t0 + int(dur_h * HOUR)
                            sched[c].append((t0, mods[m]))
                            k = int(rng.poisson(dur_h * rng.uniform(12, 30)))
                            t = np.sort(t0 + rng.integers(0, int(dur_h * HOUR), k))
                            ks = int(k * 0.25)
                            tg = np.r_[
                                self.seq_block(ks) if ks else np.zeros(0, np.int64),
                                self.fraud_target(k - ks, 0.15),
                            ].astype(np.int64)
                            C.add(
                                c,
                                tg,
                                t,
                                FRAUD,
                                self.fraud_outcome(
                                    tg, 0.22, [(0.8, 9, 0.6), (0.14, 60, 0.6), (0.06, 500, 0.8)]
                                ),
                            )
                        h += dur_h + rng.uniform(0.2, 1.5)
            for d in range(max(0, d0 - 3), d1):
                for c in cards:
                    if rng.random() < 0.5:
                        m = mods[int(rng.integers(nmod))]
                        t0 = d * DAY + int(rng.integers(19 * HOUR, 21 * HOUR))
                        if t0 >= R.cols["afrom"][c]:
                            sched[c].append((t0, m))
                            o = cards[int(rng.integers(ncard))]
                            if o != c:
                                C.add(c, o, [t0 + 5], FRAUD, [int(rng.integers(20, 180))])
            for c in cards:
                s = sorted(sched[c])
                R.devs[c] = [(max(0, R.cols["afrom"][c]), mods[0])] + s if s else [(0, mods[0])]
                R.set(c, dev0=mods[0])
                R.locs[c] = [(0, COUNTY, np.array([cell]))]
            ids += cards
        F["fraud_simbox_goip"] = ids

        # 4) fake loans / credit repair (征信修复): den in 赣州, follow-ups on interested targets
        ids = []
        den_dev = D.new("smart")
        for k in range(5):
            hd = int(rng.integers(-1, 8))
            th = max(0, hd * DAY + int(rng.integers(8 * HOUR, 20 * HOUR)))
            i = self.sold_card(
                "fraud_fake_loan",
                t_hand=th,
                note="sold card used for fake-loan / 征信修复 calls",
                act=-int(rng.integers(20, 1500)) * DAY,
            )
            R.devs[i] = [(0, R.cols["dev0"][i]), (th, D.sibling(den_dev, k) if k < 3 else D.new("smart"))]
            R.locs[i] = [(0, None, None), (th, "0797", self.away_cells("0797", 2))]
            days = np.arange(max(0, hd), DAYS)
            tg_all = []
            for d in days:
                kk = int(rng.poisson(rng.uniform(25, 50) * (0.6 if WEEKEND[d] else 1)))
                t = np.sort(self.times(kk, "office", [d]))
                t = t[t >= th]
                tg = self.fraud_target(t.size, 0.3, midage)
                dur = self.fraud_outcome(tg, 0.38, [(0.55, 20, 0.7), (0.35, 150, 0.6), (0.10, 700, 0.6)])
                C.add(i, tg, t, FRAUD, dur)
                hot = tg[dur > 90]
                tg_all.append((hot, t[dur > 90]))
            for hot, tt in tg_all:  # follow-ups and call-backs by the hooked
                for h, t in zip(hot, tt):
                    if rng.random() < 0.5:
                        t2 = t + int(rng.integers(HOUR, 3 * DAY))
                        C.add(i, h, [t2], FRAUD, self.fraud_outcome(np.array([h]), 0.8, [(1, 400, 0.8)]))
                    if rng.random() < 0.35:
                        C.add(
                            h,
                            i,
                            [t + int(rng.integers(600, 2 * DAY))],
                            FRAUD,
                            [int(rng.lognormal(np.log(240), 0.8))],
                        )
            R.set(i, cb_ans=0.7, cb_med=180.0)
            ids.append(i)
        F["fraud_fake_loan"] = ids

        # 5) impersonation of police / e-commerce customer service: precise lists, long calls
        ids = []
        for k in range(5):
            hd = int(rng.integers(0, 11))
            th = hd * DAY + int(rng.integers(6 * HOUR, 12 * HOUR))
            i = self.sold_card(
                "fraud_impersonation",
                t_hand=th,
                note="sold card; impersonates police / e-commerce customer service ('refund', 'money laundering')",
            )
            R.devs[i] = [(0, R.cols["dev0"][i]), (th, tools[k % 2][0] if k < 2 else D.new("smart"))]
            R.locs[i] = [
                (0, None, None),
                (
                    th,
                    COUNTY,
                    np.array([tools[k % 2][1]]) if k < 2 else self.towns[0]["cells"][rng.integers(0, 36, 2)],
                ),
            ]
            for d in range(hd, DAYS):
                kk = int(rng.poisson(rng.uniform(10, 28)))
                t = np.sort(self.times(kk, "relay", [d]))
                t = t[t >= th]
                pool = elderly if k % 2 == 0 else None
                tg = self.fraud_target(t.size, 0.35, pool)
                dur = self.fraud_outcome(tg, 0.5, [(0.5, 15, 0.7), (0.3, 120, 0.6), (0.2, 1500, 0.7)])
                C.add(i, tg, t, FRAUD, dur)
            R.set(i, cb_ans=0.6, cb_med=240.0)
            ids.append(i)
        F["fraud_impersonation"] = ids

        # 6) fake rebate / part-time task (刷单) recruitment: short pitch, 'add my WeChat'
        ids = []
        for k in range(4):
            hd = int(rng.integers(-2, 12))
            th = max(0, hd * DAY + int(rng.integers(8 * HOUR, 18 * HOUR)))
            i = self.sold_card(
                "fraud_rebate_task", t_hand=th, note="sold card; recruits for fake rebate / 刷单 tasks"
            )
            R.devs[i] = [(0, R.cols["dev0"][i]), (th, D.new("smart"))]
            R.locs[i] = [(0, None, None), (th, COUNTY, self.towns[0]["cells"][rng.integers(0, 36, 3)])]
            self.relay_calls(
                i,
                np.arange(max(hd, 0), DAYS),
                rng.uniform(35, 75),
                0.3,
                [(0.6, 15, 0.6), (0.35, 55, 0.5), (0.05, 400, 0.6)],
                0.35,
                prof="young",
                pool=young,
                t_from=th,
            )
            ids.append(i)
        F["fraud_rebate_task"] = ids

        # 7) one-ring (响一声) lures on cheap MVNO cards: scan number blocks in the evening, harvest call-backs
        ids = []
        for k in range(3):
            mv = k < 2
            i = self.person(
                "fraud_one_ring",
                int(rng.integers(1985, 2003)),
                "evening",
                town=0,
                fraud=1,
                block=MVNO_BLOCK if mv else None,
                card="virtual" if mv else "mobile",
                act=-int(rng.integers(2, 30)) * DAY,
                rate=0.0,
                note="one-ring lure: rings ~1s across number blocks, answers call-backs with a pitch",
            )
            R.set(i, cb_ans=0.92, cb_med=110.0, cb_mult=2.4, ansf=0.2)
            d0 = (0, 3, 9)[k]
            for d in range(d0, DAYS):
                for s_ in range(int(rng.integers(2, 5))):
                    kk = int(rng.integers(40, 110))
                    tg = self.seq_block(kk, county=rng.random() < 0.3)
                    t = d * DAY + int(rng.uniform(18.5, 22) * HOUR) + np.cumsum(rng.integers(6, 20, kk))
                    C.add(i, tg, t, FRAUD, np.where(rng.random(kk) < 0.03, rng.integers(1, 3, kk), 0))
            ids.append(i)
        F["fraud_one_ring"] = ids

        # 8) slow pig-butchering (杀猪盘) cards: a few targets, long evening calls, targets call back
        ids = []
        for k in range(3):
            th = int(rng.integers(0, 3)) * DAY + int(rng.integers(10 * HOUR, 20 * HOUR))
            i = self.sold_card(
                "fraud_pig_butchering",
                t_hand=th,
                note="slow romance/investment grooming; few targets, long calls",
            )
            R.devs[i] = [(0, R.cols["dev0"][i]), (th, D.new("smart"))]
            tg = np.r_[self.fraud_target(int(rng.integers(2, 4)), 0.0), all_p[rng.integers(0, all_p.size, 1)]]
            for d in range(th // DAY, DAYS):
                for x in tg:
                    if rng.random() < 0.55:
                        t = d * DAY + int(rng.uniform(19.5, 23.5) * HOUR)
                        if t < th:
                            continue
                        C.add(i, x, [t], FRAUD, self.fraud_outcome(np.array([x]), 0.9, [(1, 900, 0.7)]))
                    if rng.random() < 0.3:
                        C.add(
                            x,
                            i,
                            [d * DAY + int(rng.uniform(12, 23.5) * HOUR)],
                            FRAUD,
                            [int(rng.lognormal(np.log(500), 0.8))],
                        )
                if rng.random() < 0.6:  # 'cover' calls to keep an ordinary-looking pattern
                    C.add(
                        i,
                        int(all_p[int(rng.integers(all_p.size))]),
                        [d * DAY + int(rng.uniform(9, 18) * HOUR)],
                        FRIEND,
                    )
            ids.append(i)
        F["fraud_pig_butchering"] = ids

        # 9) paced rented cards: owner keeps the phone (same IMEI), rents the card by day, stays under thresholds
        ids = []
        for k in range(4):
            hd = (2, 5, 8, 11)[k]
            th = hd * DAY + 8 * HOUR
            i = self.sold_card(
                "fraud_paced_rented_card",
                t_hand=10 * T_END,
                note="owner rents card+phone to a ring by day (same handset), ~4-12 scam calls/day from "
                + fmt_t(th),
            )
            for d in range(hd, DAYS):
                kk = int(rng.integers(4, 13))
                t = np.sort(self.times(kk, "office", [d]))
                tg = self.fraud_target(kk, 0.2)
                C.add(
                    i,
                    tg,
                    t,
                    FRAUD,
                    self.fraud_outcome(tg, 0.42, [(0.55, 25, 0.7), (0.3, 200, 0.6), (0.15, 900, 0.6)]),
                )
            ids.append(i)
        F["fraud_paced_rented_card"] = ids

        # 10) ring cards of other operators (only their calls into the county are visible)
        ids = []
        for k in range(3):
            x = self.ext_person(
                COUNTY,
                op=("cu", "ct")[k % 2],
                pop="fraud_other_operator_card",
                note="other-operator sold card; only calls into this operator's county cards visible",
            )
            R.set(x, fraud=1, prof=PROF_ID["relay"])
            d0 = int(rng.integers(0, 9))
            for d in range(d0, DAYS):
                kk = int(rng.poisson(rng.uniform(10, 25)))
                tg = all_p[rng.integers(0, all_p.size, kk)]
                C.add(x, tg, self.times(kk, "relay", [d]), FRAUD, self.fraud_outcome(tg, 0.33, relay_mix))
            ids.append(x)
        F["fraud_other_operator_card"] = ids
        self.fraud_groups = F
        self.popgroups.update(F)

    # ---------------------------------------------------------------- finalise
    def outcomes(self, src, dst, t, rel, dur):
        """Answer & duration for rows with dur == -1."""
        rng, R = self.rng, self.R
        m = dur < 0
        n = int(m.sum())
        s, d_, r, tt = src[m], dst[m], rel[m], t[m]
        ansf = np.array(R.cols["ansf"])
        kind = np.array(R.cols["kind"])
        fraud = np.array(R.cols["fraud"])
        dead = np.array(R.cols["dead_at"])
        p = P_ANS[r] * np.where(USES_ANSF[r], ansf[d_], 1.0)
        hr = (tt % DAY) // HOUR
        p = p * np.where((hr < 7) | (hr >= 23), np.where(r == FAMILY, 0.8, 0.45), 1.0)
        p = np.where(fraud[d_] == 1, p * 0.5, p)
        p = np.where(kind[d_] == K_SERVICE, 0.97, p)
        p = np.where((kind[d_] == K_UNASSIGNED) | (tt >= dead[d_]), 0, p)
        ans = rng.random(n) < np.clip(p, 0, 0.98)
        med, sig = DUR_MED[r], DUR_SIG[r]
        x = rng.lognormal(np.log(med), sig)
        u = rng.random(n)
        quick = (r == COLD) & (u < 0.35)
        x = np.where(quick, rng.integers(2, 12, n), x)
        # interested leads / long consultations: a tail of long conversations with strangers
        hooked = np.isin(r, [COLD, CLIENT, OFFICIAL, PATIENT]) & (u > np.where(r == COLD, 0.955, 0.97))
        x = np.where(hooked, rng.lognormal(np.log(260), 0.6, n), x)
        x = np.clip(x, 1, 5400)
        dur[m] = np.where(ans, x, 0).astype(np.int64)
        return dur

    def finalise(self):
        rng, R = self.rng, self.R
        src, dst, t, rel, dur, ctype, orig, aux = self.C.cat()
        kind = np.array(R.cols["kind"])
        # window filters
        afrom = np.array(R.cols["afrom"])
        ato = np.array(R.cols["ato"])
        keep = (t >= 0) & (t < T_END) & (t >= afrom[src]) & (t < ato[src]) & (src != dst)
        # sold cards: after hand-over the owner's social calls stop (edges carry windows already)
        src, dst, t, rel, dur, ctype, orig, aux = (a[keep] for a in (src, dst, t, rel, dur, ctype, orig, aux))
        # number changers: contacts gradually learn the new number
        mv_to = np.array(R.cols["moved_to"])
        mv_at = np.array(R.cols["moved_at"])
        m = (mv_to[dst] >= 0) & (t >= mv_at[dst])
        learned = rng.random(m.sum()) < 1 - np.exp(-(t[m] - mv_at[dst[m]]) / (1.5 * DAY))
        idx = np.flatnonzero(m)[learned]
        dst[idx] = mv_to[dst[idx]]
        dur = self.outcomes(src, dst, t, rel, dur)
        # the new card of a number changer tells everybody: burst of short calls on day 1-2
        add = Calls()
        for o, n, tc in self.changer_pairs:
            mask = (src == o) | (dst == o)
            peers = np.unique(np.where(src[mask] == o, dst[mask], src[mask]))
            peers = peers[(kind[peers] != K_SERVICE) & (kind[peers] != K_UNASSIGNED)]
            peers = peers[rng.random(peers.size) < 0.7]
            tt = tc + np.sort(rng.integers(HOUR, int(1.6 * DAY), peers.size))
            hr = (tt % DAY) // HOUR
            tt = np.where(hr < 8, tt + 9 * HOUR, tt)
            add.add(n, peers, tt, FRIEND)
        # follow-ups on interested sales leads
        for caller, leads, p in self.followups:
            m = (src == caller) & (dur >= 60) & np.isin(dst, leads)
            f = np.flatnonzero(m)
            f = f[rng.random(f.size) < p]
            add.add(caller, dst[f], t[f] + rng.integers(DAY, 4 * DAY, f.size), CLIENT)
        if add.parts:
            a = add.cat()
            a[4] = self.outcomes(a[0], a[1], a[2], a[3], a[4])
            src, dst, t, rel, dur, ctype, orig, aux = (
                np.r_[x, y] for x, y in zip((src, dst, t, rel, dur, ctype, orig, aux), a)
            )
        # call-backs of missed calls
        personlike = np.isin(
            kind, [K_COUNTY, K_ROAMIN, K_CMCC_OTHER, K_OTHER_OP, K_FIXED_OWN, K_FIXED_OTHER, K_FOREIGN]
        )
        cbm = np.array(R.cols["cb_mult"])
        pcb = P_CB[rel] * cbm[src] * np.where((ctype == 2) & (kind[src] != K_PRIVACY), 0.0, 1.0)
        pcb = np.where(np.array(R.cols["fraud"])[dst] == 1, 0, pcb)
        cand = (dur == 0) & personlike[dst] & (kind[src] != K_SERVICE) & (rng.random(src.size) < pcb)
        cand &= np.array(R.cols["dead_at"])[dst] > t
        c = np.flatnonzero(cand)
        delay = np.minimum(rng.exponential(20 * 60, c.size) + 20, 10 * HOUR).astype(np.int64)
        tcb = t[c] + delay
        hr = (tcb % DAY) // HOUR
        tcb = np.where(hr < 7, tcb - hr * HOUR + 7 * HOUR + rng.integers(0, 2 * HOUR, c.size), tcb)
        cb_src, cb_dst = dst[c], src[c]
        cb_ans = np.array(R.cols["cb_ans"])[cb_dst]
        cb_med = np.array(R.cols["cb_med"])[cb_dst]
        dead = np.array(R.cols["dead_at"])
        ok = (rng.random(c.size) < cb_ans) & (tcb < dead[cb_dst])
        cbdur = np.where(ok, np.clip(rng.lognormal(np.log(cb_med), 0.8), 2, 3600), 0).astype(np.int64)
        cbrel = np.where(np.array(R.cols["fraud"])[cb_dst] == 1, FRAUD, CALLBACK)
        # call-backs to privacy numbers are forwarded to the rider again
        pv = kind[cb_dst] == K_PRIVACY
        ext = Calls()
        ext.add(cb_src, cb_dst, tcb, cbrel, cbdur)
        ext.add(cb_dst[pv], aux[c][pv], tcb[pv] + 2, COURIER, cbdur[pv], ctype=2)
        a = ext.cat()
        src, dst, t, rel, dur, ctype, orig, aux = (
            np.r_[x, y] for x, y in zip((src, dst, t, rel, dur, ctype, orig, aux), a)
        )
        keep = (t < T_END) & (src != dst) & (aux >= -1)
        keep &= ~((ctype == 2) & (dst < 0))
        src, dst, t, rel, dur, ctype, orig, aux = (x[keep] for x in (src, dst, t, rel, dur, ctype, orig, aux))

        # victims: long answered fraud calls; some get a 96110 warning call, some ring 110
        fraud = np.array(R.cols["fraud"])
        vm = (fraud[src] == 1) & (fraud[dst] == 0) & (dur >= 300) & personlike[dst]
        vm |= (fraud[dst] == 1) & (fraud[src] == 0) & (dur >= 300) & personlike[src]
        victim = np.where(fraud[src] == 1, dst, src)[vm]
        fnum = np.where(fraud[src] == 1, src, dst)[vm]
        vt = t[vm]
        order = np.lexsort((vt, victim))
        victim, fnum, vt = victim[order], fnum[order], vt[order]
        first = np.r_[True, victim[1:] != victim[:-1]]
        self.victims = (victim[first], fnum[first], vt[first])
        extra = Calls()
        inscope_v = np.isin(kind[victim[first]], [K_COUNTY, K_ROAMIN])
        for v, f, tv in zip(victim[first][inscope_v], fnum[first][inscope_v], vt[first][inscope_v]):
            u = rng.random()
            if u < 0.35:
                extra.add(
                    self.svc["96110"],
                    v,
                    [tv + int(rng.integers(10 * 60, 20 * HOUR))],
                    OFFICIAL,
                    [int(rng.integers(60, 400))],
                )
            if u > 0.75:
                extra.add(
                    v,
                    self.svc["110"],
                    [tv + int(rng.integers(HOUR, 2 * DAY))],
                    SERVICE,
                    [int(rng.integers(60, 300))],
                )
            if rng.random() < 0.3 and v in self.kin_of:
                extra.add(
                    v,
                    self.kin_of[v][0],
                    [tv + int(rng.integers(600, 6 * HOUR))],
                    KIN,
                    [int(rng.integers(60, 900))],
                )
            if rng.random() < 0.2:
                pol = self.police[int(rng.integers(len(self.police)))]
                extra.add(
                    pol,
                    v,
                    [tv + int(rng.integers(DAY // 2, 2 * DAY))],
                    OFFICIAL,
                    [int(rng.integers(60, 500))],
                )
        if extra.parts:
            a = extra.cat()
            src, dst, t, rel, dur, ctype, orig, aux = (
                np.r_[x, y] for x, y in zip((src, dst, t, rel, dur, ctype, orig, aux), a)
            )
            keep = t < T_END
            src, dst, t, rel, dur, ctype, orig, aux = (
                x[keep] for x in (src, dst, t, rel, dur, ctype, orig, aux)
            )

        # ---- visibility: moc if caller is served here / is a county card, mtc if callee is, else invisible
        loc_in = self.in_county(src, t)
        src_scope = np.isin(kind[src], [K_COUNTY, K_FIXED_OWN, K_PRIVACY]) | (
            (kind[src] == K_ROAMIN) & loc_in
        )
        dst_scope = np.isin(kind[dst], [K_COUNTY, K_FIXED_OWN, K_PRIVACY]) | (
            (kind[dst] == K_ROAMIN) & self.in_county(dst, t)
        )
        ct = np.where(ctype >= 0, ctype, np.where(src_scope, 0, 1))
        vis = src_scope | dst_scope
        vis &= ~((ct == 2) & ~src_scope)
        src, dst, t, rel, dur, ct, orig, aux = (x[vis] for x in (src, dst, t, rel, dur, ct, orig, aux))
        origin = np.where(
            orig >= 0,
            orig,
            np.select(
                [
                    kind[src] == K_FOREIGN,
                    np.isin(kind[src], [K_OTHER_OP, K_FIXED_OTHER])
                    | ((kind[src] == K_SERVICE) & (src != self.svc["10086"])),
                ],
                [2, 1],
                0,
            ),
        )
        self.rows = dict(src=src, dst=dst, t=t, rel=rel, dur=dur, ct=ct, origin=origin)

    def in_county(self, who, t):
        """Whether the caller is physically served in the county at time t (by location schedule)."""
        R = self.R
        out = np.ones(who.size, bool)
        order = np.argsort(who, kind="stable")
        w_sorted = who[order]
        for i, sched in R.locs.items():
            lo, hi = np.searchsorted(w_sorted, [i, i + 1])
            if lo == hi:
                continue
            rows = order[lo:hi]
            starts = np.array([s[0] for s in sched])
            k = np.searchsorted(starts, t[rows], side="right") - 1
            reg = np.array([(s[1] is None or s[1] == COUNTY) for s in sched])
            out[rows] = reg[np.maximum(k, 0)]
        return out

    def attribute(self):
        """IMEI / IMSI / cell / region of the calling party for moc rows."""
        rng, R = self.rng, self.R
        r = self.rows
        src, t, ct = r["src"], r["t"], r["ct"]
        n = src.size
        kind = np.array(R.cols["kind"])
        dev = np.full(n, -1, np.int64)
        cell = np.full(n, -1, np.int64)
        reg = np.full(n, -1, np.int64)
        moc = (ct == 0) & np.isin(kind[src], [K_COUNTY, K_ROAMIN])
        dev0 = np.array(R.cols["dev0"])
        hc = np.array(R.cols["hcell"])
        wc = np.array(R.cols["wcell"])
        town = np.array(R.cols["town"])
        dev[moc] = dev0[src[moc]]
        hr = (t % DAY) // HOUR
        wd = ~WEEKEND[t // DAY]
        at_work = moc & (wc[src] >= 0) & wd & (hr >= 8) & (hr < 18) & (rng.random(n) < 0.8)
        cell[moc] = hc[src[moc]]
        cell[at_work] = wc[src[at_work]]
        wander = moc & ~at_work & (rng.random(n) < 0.12)
        for tw in range(len(self.towns)):
            m = wander & (town[src] == tw)
            cs = self.towns[tw]["cells"]
            cell[m] = cs[rng.integers(0, cs.size, m.sum())]
        order = np.argsort(src, kind="stable")
        s_sorted = src[order]

        def rows_of(i):
            lo, hi = np.searchsorted(s_sorted, [i, i + 1])
            rr = order[lo:hi]
            return rr[moc[rr]]

        for i, sched in R.locs.items():
            rr = rows_of(i)
            if rr.size == 0:
                continue
            starts = np.array([s[0] for s in sched])
            k = np.maximum(np.searchsorted(starts, t[rr], side="right") - 1, 0)
            for j, (_, code, cells) in enumerate(sched):
                m = rr[k == j]
                if m.size == 0 or cells is None:
                    continue
                cell[m] = cells[rng.integers(0, len(cells), m.size)]
        for i, sched in R.devs.items():
            rr = rows_of(i)
            if rr.size == 0:
                continue
            starts = np.array([s[0] for s in sched])
            k = np.maximum(np.searchsorted(starts, t[rr], side="right") - 1, 0)
            dev[rr] = np.array([s[1] for s in sched])[k]
        cr = np.array(self.cell_region)
        reg[moc] = cr[cell[moc]]
        # fixed own lines: region known, nothing else
        fx = (ct == 0) & (kind[src] == K_FIXED_OWN)
        reg[fx] = self.rid(COUNTY)
        imsi_has = (ct == 0) | (ct == 2)
        r.update(dev=dev, cell=cell, reg=reg, imsi_has=imsi_has)

    # ---------------------------------------------------------------- output
    def write(self, out):
        rng, R = self.rng, self.R
        r = self.rows
        src, dst, t, dur, ct, origin = r["src"], r["dst"], r["t"], r["dur"], r["ct"], r["origin"]
        n = src.size
        # mediation delivers records when the call ends: order by end time
        end = t + dur
        order = np.lexsort((dst, src, t, end))
        for k in list(r):
            r[k] = r[k][order]
        src, dst, t, dur, ct, origin = r["src"], r["dst"], r["t"], r["dur"], r["ct"], r["origin"]
        end = t + dur
        # call ids: switch + end date + daily sequence
        kind = np.array(R.cols["kind"])
        day = end // DAY
        seq = np.zeros(n, np.int64)
        _, first = np.unique(day, return_index=True)
        for a, b in zip(first, list(first[1:]) + [n]):
            seq[a:b] = np.arange(b - a)
        cellv = r["cell"]
        msc = np.where(cellv >= 0, (cellv % 3) + 1, 4)
        ids = pl.DataFrame({"m": msc, "d": day, "s": seq}).select(
            (
                pl.lit("JA-MSC")
                + pl.col("m").cast(pl.Utf8)
                + pl.lit("-")
                + (pl.lit(T0.date()).cast(pl.Date) + pl.duration(days=pl.col("d"))).dt.strftime("%y%m%d")
                + pl.col("s").cast(pl.Utf8).str.zfill(7)
            ).alias("id")
        )["id"]
        nums = np.array(R.num, dtype=object)
        imsi = np.array(R.cols["imsi"], dtype=object)
        # presentation forms
        is_dom = lambda x: ~np.isin(kind[x], [K_FOREIGN, K_SERVICE])
        u1 = rng.random(n)
        u2 = rng.random(n)
        inter = origin == 1
        p_e164 = np.where(inter, 0.07, 0.02)
        p_00 = np.where(inter, 0.025, 0.006)
        cform = np.where(
            is_dom(src),
            np.where(u1 < p_e164, 1, np.where(u1 < p_e164 + p_00, 2, 0)),
            np.where((kind[src] == K_FOREIGN) & (u1 < 0.15), 3, 0),
        )
        dform = np.where(is_dom(dst), np.where(u2 < 0.012, 1, np.where(u2 < 0.016, 2, 0)), 0)
        df = pl.DataFrame(
            {
                "call_id": ids,
                "caller_n": nums[src].astype(str),
                "cf": cform,
                "callee_n": nums[dst].astype(str),
                "df": dform,
                "t": t + T0_EPOCH,
                "duration_s": dur,
                "origin": np.array(["intra", "inter", "international"])[origin],
                "caller_imei": np.where(
                    r["dev"] >= 0, np.array(self.D.tab + [""], dtype=object)[r["dev"]], None
                ).tolist(),
                "caller_imsi": np.where(r["imsi_has"] & (imsi[src] != ""), imsi[src], None).tolist(),
                "caller_cell": np.where(
                    r["cell"] >= 0, np.array(self.cells + [""], dtype=object)[r["cell"]], None
                ).tolist(),
                "caller_region": np.where(
                    r["reg"] >= 0, np.array(self.regions + [""], dtype=object)[r["reg"]], None
                ).tolist(),
                "call_type": np.array(["moc", "mtc", "fwd"])[ct],
            },
            schema_overrides={
                "caller_imei": pl.Utf8,
                "caller_imsi": pl.Utf8,
                "caller_cell": pl.Utf8,
                "caller_region": pl.Utf8,
            },
        )

        def form(col, f):
            c = pl.col(col)
            return (
                pl.when(pl.col(f) == 1)
                .then(pl.lit("+86") + c.str.strip_chars_start("0"))
                .when(pl.col(f) == 2)
                .then(pl.lit("0086") + c.str.strip_chars_start("0"))
                .when(pl.col(f) == 3)
                .then(pl.lit("00") + c.str.strip_chars_start("+"))
                .otherwise(c)
            )

        df = df.with_columns(
            form("caller_n", "cf").alias("caller"),
            form("callee_n", "df").alias("callee"),
            (
                pl.from_epoch(pl.col("t"), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00")
            ).alias("start_time"),
        )
        cols = [
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
        calls = df.select(cols)
        # re-delivered records (~0.1 %): identical row appears again later in the feed
        nd = int(round(n * 0.001))
        dup = np.sort(rng.choice(n, nd, replace=False))
        pos = np.minimum(dup + rng.integers(50, 5000, nd), n)
        ins_order = np.argsort(np.r_[np.arange(n) * 2, pos * 2 - 1], kind="stable")
        full = pl.concat([calls, calls.select(pl.all().gather(dup))])
        calls = full.select(pl.all().gather(ins_order))
        os.makedirs(out, exist_ok=True)
        calls.write_csv(os.path.join(out, "calls.csv"))
        self.n_rows, self.n_dup = calls.height, nd

        # ---- subscribers: every CMCC card seen in the calls
        seen = np.unique(np.r_[src, dst])
        ours = seen[np.isin(kind[seen], OURS_KINDS)]
        ours = np.array(sorted(ours.tolist(), key=lambda x: R.num[x]))
        act = np.array(R.cols["act"])
        birth = np.array(R.cols["birth"])
        gl = []
        for i in ours:
            g = R.guard.get(int(i))
            gl.append(";".join(R.num[x] for x in g) if g else None)
        sub = pl.DataFrame(
            {
                "number": [R.num[i] for i in ours],
                "id_hash": [R.cols["idh"][i] or None for i in ours],
                "operator": [OPERATOR] * len(ours),
                "card_type": [R.cols["card"][i] for i in ours],
                "t": act[ours] + T0_EPOCH,
                "home_region": [R.cols["home"][i] for i in ours],
                "birth_year": [int(b) if b > 0 else None for b in birth[ours]],
                "guardians": gl,
            },
            schema_overrides={"birth_year": pl.Int64, "guardians": pl.Utf8, "id_hash": pl.Utf8},
        )
        sub = sub.with_columns(
            (
                pl.from_epoch(pl.col("t"), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00")
            ).alias("activated_at")
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
        sub.write_csv(os.path.join(out, "subscribers.csv"))
        self.n_subs = sub.height

        # ---- truth: every number that places at least one call
        callers = np.unique(src)
        callers = np.array(sorted(callers.tolist(), key=lambda x: R.num[x]))
        pops = [R.cols["pop"][i] or "resident_low_usage" for i in callers]
        for i, p in zip(callers, pops):
            assert p.startswith("fraud_") == (R.cols["fraud"][i] == 1), (R.num[i], p)
        ncalls = np.bincount(src, minlength=len(R.num))
        tr = pl.DataFrame(
            {
                "number": [R.num[i] for i in callers],
                "population": pops,
                "is_fraud": [int(R.cols["fraud"][i]) for i in callers],
            }
        )
        tr.write_csv(os.path.join(out, "truth.csv"))
        notes = []
        vset = {}
        for v, f, tv in zip(*self.victims):
            vset.setdefault(int(v), (int(f), int(tv)))
        for i in callers:
            s = R.cols["note"][i]
            i = int(i)
            if i in self.handover and self.handover[i] < T_END:
                s = (s + "; " if s else "") + "handed over " + fmt_t(max(self.handover[i], 0))
            if i in vset:
                s = (
                    s + "; " if s else ""
                ) + f"VICTIM of {R.num[vset[i][0]]} (first long call {fmt_t(vset[i][1])})"
            notes.append(s)
        tr.with_columns(pl.Series("note", notes)).write_csv(os.path.join(out, "truth_detail.csv"))
        vv = pl.DataFrame(
            {
                "number": [R.num[v] for v in self.victims[0]],
                "fraud_number": [R.num[f] for f in self.victims[1]],
                "first_long_call": [fmt_t(x) for x in self.victims[2]],
                "victim_population": [R.cols["pop"][v] or "external_contact" for v in self.victims[0]],
            }
        )
        vv.sort("number").write_csv(os.path.join(out, "victims.csv"))
        # stats
        st = (
            pl.DataFrame({"population": pops, "calls": ncalls[callers], "is_fraud": tr["is_fraud"]})
            .group_by("population")
            .agg(pl.len().alias("numbers"), pl.col("calls").sum(), pl.col("is_fraud").first())
            .sort(["is_fraud", "calls"], descending=[False, True])
        )
        self.stats = st
        self.n_callers = len(callers)
        self.n_fraud = int(tr["is_fraud"].sum())

    # ---------------------------------------------------------------- guardians
    def guardians(self):
        R, rng = self.R, self.rng
        for i in self.persons:
            b = R.cols["birth"][i]
            if 0 < b < 1962 and rng.random() < 0.55:
                g = []
                h = self.hh_of.get(i)
                if h is not None:
                    g += [x for x in self.households[h] if x != i and R.cols["birth"][x] > 1965][:1]
                g += self.kin_of.get(i, [])[:2]
                if g:
                    R.guard[i] = g

    def run(self, out):
        self.changer_pairs = []
        self.followups = []
        self.parents_of = {}
        self.build_geography()
        self.build_population()
        self.build_social()
        self.special_legit()
        self.businesses()
        self.fraud()
        self.guardians()
        self.gen_social()
        self.gen_extra_edges()
        self.finalise()
        self.attribute()
        self.write(out)


def fmt_t(s):
    return (T0 + _dt.timedelta(seconds=int(s))).strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    t0 = time.time()
    w = World(a.seed)
    w.run(a.out)
    if not a.quiet:
        with pl.Config(tbl_rows=100, tbl_width_chars=120):
            print(w.stats)
        print(
            f"rows={w.n_rows} (re-delivered {w.n_dup}) subscribers={w.n_subs} callers={w.n_callers} "
            f"fraud_callers={w.n_fraud} victims={len(w.victims[0])} time={time.time() - t0:.1f}s"
        )


if __name__ == "__main__":
    main()
