#!/usr/bin/env python3
"""callworld — synthetic slice of a Chinese mobile operator's voice traffic.

Independent test-data generator for an anti-fraud detector: ordinary people who got
a new SIM card on the measured day must be told apart from fraud dialers.

    python callworld.py --seed N --out DIR

Writes (deterministically for a seed):
    DIR/calls.csv         one row per outgoing (moc) call attempt of this operator's subscribers
    DIR/subscribers.csv   every number of this operator that appears (plus some dormant ones)
    DIR/truth.csv         number,population,is_fraud for every number that places calls
    DIR/truth_detail.csv  extra per-number facts (activation, first call, fraud start, old number)

Times are Asia/Shanghai (+08:00). Days 1-14 (2026-08-18 .. 2026-08-31) are background
history, day 15 (Tuesday 2026-09-01, first day of school term) is the measured day.
See README.md for the populations.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import math
import os
from datetime import datetime, timedelta

import numpy as np
import polars as pl

BASE = datetime(2026, 8, 18)  # local midnight of day index 0 (= "day 1")
NDAYS = 15
D15 = 14  # index of the measured day (2026-09-01)
DAY = 86400
END = NDAYS * DAY
INF = float("inf")
OPERATOR = "CMCC"

HOUSE, FAM, FRIEND, COLL, ACQ = range(5)

# name, area code, weight (as place to live / migrate to), number of cells, big city?
CITIES = [
    ("成都", "28", 16, 520, True),
    ("重庆", "23", 14, 480, True),
    ("广州", "20", 12, 420, True),
    ("深圳", "755", 11, 400, True),
    ("武汉", "27", 8, 320, True),
    ("西安", "29", 7, 300, True),
    ("北京", "10", 8, 360, True),
    ("上海", "21", 8, 360, True),
    ("杭州", "571", 6, 260, True),
    ("南充", "817", 5, 140, False),
    ("绵阳", "816", 4, 130, False),
    ("达州", "818", 4, 120, False),
    ("宜宾", "831", 3, 110, False),
    ("周口", "394", 4, 120, False),
    ("邵阳", "739", 3, 110, False),
    ("赣州", "797", 3, 110, False),
    ("遵义", "851", 3, 100, False),
]
CN = [c[0] for c in CITIES]
BIG = [i for i, c in enumerate(CITIES) if c[4]]
SMALL = [i for i, c in enumerate(CITIES) if not c[4]]
MIG_BIAS = {
    "南充": {"成都": 4, "重庆": 1.5},
    "绵阳": {"成都": 4},
    "达州": {"成都": 3, "重庆": 2},
    "宜宾": {"成都": 4},
    "周口": {"北京": 2, "上海": 2, "杭州": 2},
    "邵阳": {"广州": 2.5, "深圳": 2.5},
    "赣州": {"深圳": 2.5, "广州": 2},
    "遵义": {"重庆": 3, "成都": 1.5},
}

# China Mobile ranges (this operator); older cards mostly 13x/15x, recent ones more 17x/18x/19x
OURS_PREFIX = [
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
OURS_W_OLD = [3, 6, 6, 6, 6, 6, 1, 4, 4, 3, 3, 4, 4, 0.5, 1, 2, 2, 1, 3, 3, 0.3, 0.5]
OURS_W_NEW = [0.5, 1, 1, 1, 1, 1, 1.5, 1, 1, 1, 1, 1, 1, 2.5, 2.5, 3, 3, 2, 3, 3, 5, 5]
VIRT_PREFIX = ["1703", "1705", "1706", "165"]  # MVNO ranges hosted on this network
EXT_PREFIX = [
    "130",
    "131",
    "132",
    "155",
    "156",
    "166",
    "175",
    "176",
    "185",
    "186",  # Unicom
    "133",
    "153",
    "173",
    "177",
    "180",
    "181",
    "189",
    "191",
    "199",
]  # Telecom
SERVICE = ["10086", "95588", "95533", "95599", "95555", "95566", "12345", "95598", "12306", "95338"]
SERVICE_W = [0.34, 0.12, 0.08, 0.06, 0.06, 0.04, 0.09, 0.07, 0.08, 0.06]
INTL = [
    ("+65", "9", 7),
    ("+81", "90", 8),
    ("+971", "5", 8),
    ("+60", "1", 9),
    ("+44", "7", 9),
    ("+61", "4", 8),
]

PROF = {  # relative call intensity per local hour
    "W": [
        0.25,
        0.12,
        0.06,
        0.04,
        0.04,
        0.1,
        0.35,
        1.1,
        2.6,
        3.9,
        4.3,
        4.1,
        3.0,
        2.6,
        3.6,
        3.9,
        3.9,
        3.8,
        4.0,
        4.4,
        4.6,
        3.8,
        2.4,
        1.0,
    ],
    "E": [
        0.05,
        0.02,
        0.01,
        0.01,
        0.05,
        0.4,
        1.6,
        3.2,
        4.3,
        4.8,
        4.6,
        3.6,
        2.2,
        1.6,
        2.6,
        3.6,
        3.8,
        3.4,
        3.4,
        3.6,
        3.0,
        1.8,
        0.6,
        0.15,
    ],
    "Y": [
        0.9,
        0.45,
        0.2,
        0.08,
        0.04,
        0.05,
        0.15,
        0.6,
        1.4,
        2.3,
        2.9,
        3.1,
        2.8,
        2.4,
        2.8,
        3.0,
        3.1,
        3.2,
        3.6,
        4.2,
        4.8,
        4.9,
        3.9,
        2.2,
    ],
    "N": [
        2.5,
        2,
        1.5,
        1,
        0.6,
        0.5,
        0.8,
        1.2,
        1.0,
        0.8,
        0.8,
        1.2,
        2,
        2.4,
        2.6,
        2.8,
        3,
        3.2,
        3.2,
        3,
        3,
        3,
        2.8,
        2.6,
    ],
}
ANS = {HOUSE: 0.84, FAM: 0.82, FRIEND: 0.76, COLL: 0.80, ACQ: 0.68}
DUR = {HOUSE: (70, 1.0), FAM: (160, 1.0), FRIEND: (110, 1.1), COLL: (55, 0.95), ACQ: (45, 0.9)}
RELM = {HOUSE: 1.15, FAM: 1.1, FRIEND: 1.0, COLL: 1.0, ACQ: 0.85}
CBP = {HOUSE: 0.7, FAM: 0.7, FRIEND: 0.55, COLL: 0.5, ACQ: 0.35}
MIX = {
    HOUSE: (0.25, 0.45, 0.30),
    FAM: (0.30, 0.42, 0.28),
    FRIEND: (0.50, 0.40, 0.10),
    COLL: (0.62, 0.34, 0.04),
    ACQ: (0.75, 0.23, 0.02),
}

SW_TYPES = ["lost_phone", "student", "migrant_worker", "elderly", "harassment_change", "returnee"]
SW_N = {
    "lost_phone": 58,
    "student": 60,
    "migrant_worker": 55,
    "elderly": 42,
    "harassment_change": 35,
    "returnee": 45,
}
SESS = {
    "lost_phone": (0.35, 0.10, 0.10, 0.45),
    "student": (0.12, 0.08, 0.25, 0.55),
    "migrant_worker": (0.15, 0.10, 0.10, 0.65),
    "elderly": (0.30, 0.0, 0.30, 0.40),
    "harassment_change": (0.20, 0.15, 0.25, 0.40),
    "returnee": (0.20, 0.10, 0.20, 0.50),
}
KRANGE = {
    "lost_phone": (22, 45),
    "student": (20, 38),
    "migrant_worker": (20, 40),
    "elderly": (20, 30),
    "harassment_change": (20, 34),
    "returnee": (24, 45),
}
ACT_H = {
    "lost_phone": (9.0, 18.5),
    "student": (8.5, 15.0),
    "migrant_worker": (9.5, 18.5),
    "elderly": (9.5, 16.0),
    "harassment_change": (9.0, 19.0),
    "returnee": (9.5, 18.0),
}
OLD = {
    "lost_phone": {"ours": 0.55, "ext": 0.45},
    "student": {"ours": 0.35, "ext": 0.45, "none": 0.2},
    "migrant_worker": {"ours": 0.45, "ext": 0.55},
    "elderly": {"ours": 0.5, "ext": 0.35, "none": 0.15},
    "harassment_change": {"ours": 0.7, "ext": 0.3},
    "returnee": {"intl": 0.6, "none": 0.4},
}
KEEP = {
    "lost_phone": 0,
    "student": 0.5,
    "migrant_worker": 0.6,
    "elderly": 0,
    "harassment_change": 0.85,
    "returnee": 0.15,
}


def luhn(body: str) -> str:
    tot = 0
    for i, ch in enumerate(body):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


def hour_of(t):
    return int((t % DAY) // 3600)


class SW:
    """A person who gets a new card on day 15."""

    def __init__(self, p, typ):
        self.p, self.typ = p, typ
        self.known = {}  # contact -> time from which they know the new number
        self.informed = {}  # contact -> time they were told via WeChat/family
        self.peer_calls = []
        self.arrive = None
        self.old_num = None
        self.stop = INF


class Line:
    def __init__(self, num, imei, cellf, regf):
        self.num, self.imei, self.cellf, self.regf = num, imei, cellf, regf


class World:
    def __init__(self, seed, n_persons=11000):
        self.seed = seed
        self.r = np.random.default_rng(seed)
        self.NP = n_persons
        self.R = []
        self.busy = {}
        self.subs = {}
        self.popu = {}
        self.detail = {}
        self.fraud_nums = []
        self.used = set()
        self.used_imei = set()
        self.blocks = {}
        self.weekend = [(BASE + timedelta(days=d)).weekday() >= 5 for d in range(NDAYS)]
        self.cum = {}
        self.hft = {}
        for k, v in PROF.items():
            a = np.array(v, float)
            self.hft[k] = [min(1.0, max(0.25, 0.25 + x / (0.5 * a.max()))) for x in a]
            self.cum[(k, False)] = np.cumsum(a) / a.sum()
            we = a if k != "W" else 0.5 * a + 0.5 * np.array(PROF["Y"])
            self.cum[(k, True)] = np.cumsum(we) / we.sum()
        self._cells()

    # ---------------------------------------------------------------- helpers
    def U(self, a, b):
        return a + (b - a) * self.r.random()

    def ln(self, med, sig):
        return med * math.exp(sig * self.r.standard_normal())

    def P(self, x):
        return self.r.random() < x

    def pick(self, seq):
        return seq[int(self.r.integers(len(seq)))]

    def wpick(self, seq, w):
        w = np.asarray(w, float)
        return seq[int(np.searchsorted(np.cumsum(w) / w.sum(), self.r.random()))]

    def sample(self, seq, n):
        n = min(n, len(seq))
        idx = self.r.choice(len(seq), size=n, replace=False)
        return [seq[i] for i in idx]

    def idhash(self, k):
        return hashlib.sha256(f"callworld:{self.seed}:identity:{k}".encode()).hexdigest()[:32]

    def hf(self, q, t):
        return self.hft[self.prof[q]][hour_of(t)]

    def _cells(self):
        r = self.r
        self.cells = []
        self.landlines = []
        self.bizmob = []
        for ci, (name, area, w, nc, big) in enumerate(CITIES):
            n_enb = nc // 3 + 1
            lo = 100000 + ci * 45000 + int(r.integers(0, 15000))
            enbs = np.sort(r.choice(np.arange(lo, lo + 28000), size=n_enb, replace=False))
            cl = [f"460-00-{int(e)}-{s}" for e in enbs for s in (1, 2, 3)]
            self.cells.append(cl[:nc])
            nd = 8 if len(area) == 2 else 7
            self.landlines.append(
                [
                    f"+86{area}{int(r.integers(2, 9))}{int(r.integers(0, 10 ** (nd - 1))):0{nd - 1}d}"
                    for _ in range(120)
                ]
            )
        self.tacs = [f"86{int(x):06d}" for x in r.integers(0, 10**6, 28)] + [
            f"35{int(x):06d}" for x in r.integers(0, 10**6, 12)
        ]
        self.elder_tacs = [f"86{int(x):06d}" for x in r.integers(0, 10**6, 5)]
        self.goip_tacs = [f"86{int(x):06d}" for x in r.integers(0, 10**6, 2)]
        for ci in range(len(CITIES)):
            self.bizmob.append([self.ext_number(ci) for _ in range(100)])

    def imei(self, tac=None):
        tac = tac or self.pick(self.tacs)
        while True:
            body = tac + f"{int(self.r.integers(0, 10**6 - 1)):06d}"
            if body not in self.used_imei and self.imei2(body + "0")[:14] not in self.used_imei:
                self.used_imei.add(body)
                self.used_imei.add(self.imei2(body + "0")[:14])  # keep the dual-SIM twin free
                return body + luhn(body)

    @staticmethod
    def imei2(i1):
        body = i1[:8] + f"{(int(i1[8:14]) + 1) % 10**6:06d}"
        return body + luhn(body)

    def _num(self, prefix, city):
        nb = 4 if len(prefix) == 3 else 3
        key = (prefix, city)
        bl = self.blocks.get(key)
        if bl is None:
            bl = [int(x) for x in self.r.integers(0, 10**nb, size=3)]
            self.blocks[key] = bl
        while True:
            s = f"+86{prefix}{self.pick(bl):0{nb}d}{int(self.r.integers(0, 10000)):04d}"
            if s not in self.used:
                self.used.add(s)
                return s

    def ours_number(self, city, recent=False, virtual=False):
        if virtual:
            return self._num(self.pick(VIRT_PREFIX), city)
        return self._num(self.wpick(OURS_PREFIX, OURS_W_NEW if recent else OURS_W_OLD), city)

    def ext_number(self, city=None):
        if city is None:
            city = int(self.r.integers(len(CITIES)))
        return self._num(self.pick(EXT_PREFIX), city)

    def intl_number(self):
        cc, lead, n = self.pick(INTL)
        return cc + lead + "".join(str(int(x)) for x in self.r.integers(0, 10, n))

    def seq_numbers(self, n):
        """A run of consecutive numbers as dialled from a purchased/generated list."""
        prefix = self.pick(OURS_PREFIX + EXT_PREFIX)
        block = int(self.r.integers(0, 10000))
        start = int(self.r.integers(0, 10000 - n))
        return [f"+86{prefix}{block:04d}{start + i:04d}" for i in range(n)]

    def migrate(self, ht):
        bias = MIG_BIAS.get(CN[ht], {})
        cands = [c for c in BIG if c != ht]
        w = [CITIES[c][2] * bias.get(CN[c], 1.0) for c in cands]
        return self.wpick(cands, w)

    def sub(self, num, idh, ctype, act, home, by):
        self.subs[num] = dict(
            number=num,
            id_hash=idh,
            operator=OPERATOR,
            card_type=ctype,
            activated_at=act,
            home_region=CN[home],
            birth_year=int(by),
        )

    # ---------------------------------------------------------------- records
    def emit(self, caller, callee, t, dur, occ, imei, cell, region):
        t = int(t)
        dur = int(max(0, dur))
        if t < 0 or t >= END or callee is None:
            return False
        occ = int(max(occ, dur, 1))
        self.R.append((caller, callee, t, dur, occ, imei, cell, CN[region]))
        d = t // DAY
        self.busy.setdefault((caller, d), []).append((t, t + occ))
        if dur > 0:
            self.busy.setdefault((callee, d), []).append((t, t + dur))
        return True

    def is_busy(self, num, t):
        for s, e in self.busy.get((num, int(t) // DAY), ()):
            if s <= t < e:
                return True
        return False

    # ---------------------------------------------------------------- people & graph
    def edge(self, a, b, kind, w):
        if a == b:
            return
        cur = self.adj[a].get(b)
        if cur is None or w > cur[1]:
            self.adj[a][b] = (kind, w)
            self.adj[b][a] = (kind, w)

    def noise(self):
        return math.exp(0.5 * self.r.standard_normal())

    def build_people(self):
        r, NP = self.r, self.NP
        self.by = [0] * NP
        self.city = [0] * NP
        self.home = [0] * NP
        self.gen = [0] * NP
        self.adj = [dict() for _ in range(NP)]
        clans = []
        p = 0
        while p < NP:
            k = min(
                int(
                    r.choice(
                        [1, 2, 3, 4, 5, 6, 7, 8, 9], p=[0.08, 0.14, 0.18, 0.18, 0.15, 0.11, 0.08, 0.05, 0.03]
                    )
                ),
                NP - p,
            )
            clans.append(list(range(p, p + k)))
            p += k
        bigw = [CITIES[c][2] for c in BIG]
        smallw = [CITIES[c][2] for c in SMALL]
        for mem in clans:
            ht = self.wpick(BIG, bigw) if self.P(0.45) else self.wpick(SMALL, smallw)
            base = int(r.integers(1936, 1969))
            g1 = base + int(r.integers(22, 32))
            g2 = g1 + int(r.integers(22, 32))
            gens = sorted(int(g) for g in r.choice([0, 1, 2], size=len(mem), p=[0.28, 0.42, 0.30]))
            for q, g in zip(mem, gens):
                b = [base, g1, g2][g] + int(r.integers(-3, 4))
                if b > 2008:
                    b = int(r.integers(1996, 2009))
                self.by[q], self.gen[q], self.home[q] = b, g, ht
                if CITIES[ht][4]:
                    live = ht if self.P(0.88) else self.migrate(ht)
                else:
                    live = ht if self.P([0.9, 0.55, 0.42][g]) else self.migrate(ht)
                self.city[q] = live
        # family edges
        for mem in clans:
            for i, a in enumerate(mem):
                for b in mem[i + 1 :]:
                    gd = abs(self.gen[a] - self.gen[b])
                    if self.city[a] == self.city[b]:
                        self.edge(a, b, HOUSE, (6 if gd <= 1 else 3) * self.noise())
                    else:
                        self.edge(a, b, FAM, (5 if gd == 1 else 2.3) * self.noise())
        # personal attributes
        self.prof, self.rate, self.unk, self.ours = [], [], [], []
        self.home_cell, self.work_cell, self.imei_ = [], [], []
        med = {"W": 3.6, "E": 2.6, "Y": 2.2, "N": 3.0}
        umean = {"W": 0.45, "E": 0.58, "Y": 0.32, "N": 0.45}
        for q in range(NP):
            b = self.by[q]
            pr = "E" if b <= 1961 else ("Y" if b >= 1997 else ("N" if self.P(0.08) else "W"))
            self.prof.append(pr)
            rt = self.ln(med[pr], 0.55) * (3 if self.P(0.03) else 1)
            self.rate.append(min(30.0, max(0.2, rt)))
            self.unk.append(min(0.95, max(0.05, umean[pr] + 0.15 * r.standard_normal())))
            self.ours.append(self.P(0.72))
            cl = self.cells[self.city[q]]
            self.home_cell.append(self.pick(cl))
            works = pr in ("W", "N") or (pr == "Y" and b < 2003)
            self.work_cell.append(self.pick(cl) if works else None)
            self.imei_.append(self.imei(self.pick(self.elder_tacs) if pr == "E" and self.P(0.4) else None))
        self.city_people = [[] for _ in CITIES]
        for q in range(NP):
            self.city_people[self.city[q]].append(q)
        # workplaces
        for c in range(len(CITIES)):
            wk = [
                q
                for q in self.city_people[c]
                if self.prof[q] in ("W", "N") or (self.prof[q] == "Y" and self.by[q] < 2003)
            ]
            wk = [wk[i] for i in r.permutation(len(wk))]
            i = 0
            while i < len(wk):
                size = int(min(80, max(3, self.ln(10, 0.9))))
                grp = wk[i : i + size]
                i += size
                j = 0
                while j < len(grp):
                    ts = int(r.integers(3, 8))
                    team = grp[j : j + ts]
                    j += ts
                    for x in range(len(team)):
                        for y in range(x + 1, len(team)):
                            self.edge(team[x], team[y], COLL, 3 * self.noise())
                for a in grp:
                    for b in self.sample(grp, 2):
                        self.edge(a, b, COLL, 1.0 * self.noise())
                # the workplace's team share an office cell
                if grp:
                    oc = self.work_cell[grp[0]]
                    for a in grp:
                        if self.P(0.7):
                            self.work_cell[a] = oc
        # friend groups (age-homogeneous, mostly same city)
        for c in range(len(CITIES)):
            ppl = self.city_people[c]
            for ps, wgt, part in ((0, 2.5, 1.0), (1, 1.6, 0.6)):
                key = np.array([self.by[q] for q in ppl]) + 4 * r.standard_normal(len(ppl))
                order = [ppl[i] for i in np.argsort(key)]
                order = [q for q in order if self.P(part)]
                i = 0
                while i < len(order):
                    s = int(r.integers(3, 9))
                    g = order[i : i + s]
                    i += s
                    for x in range(len(g)):
                        for y in range(x + 1, len(g)):
                            self.edge(g[x], g[y], FRIEND, wgt * self.noise())
        # old classmates from the same hometown, now dispersed
        for h in range(len(CITIES)):
            ppl = [q for q in range(NP) if self.home[q] == h and self.P(0.5)]
            key = np.array([self.by[q] for q in ppl]) + 3 * r.standard_normal(len(ppl))
            order = [ppl[i] for i in np.argsort(key)]
            i = 0
            while i < len(order):
                s = int(r.integers(3, 7))
                g = order[i : i + s]
                i += s
                for x in range(len(g)):
                    for y in range(x + 1, len(g)):
                        self.edge(g[x], g[y], FRIEND, 1.4 * self.noise())
        # neighbours / acquaintances
        for q in range(NP):
            ppl = self.city_people[self.city[q]]
            for _ in range(3):
                self.edge(q, self.pick(ppl), ACQ, 0.5 * self.noise())

    # ---------------------------------------------------------------- roles
    def choose(self, pred, n):
        cands = [q for q in range(self.NP) if self.role[q] == "bg" and pred(q)]
        idx = np.sort(self.r.choice(len(cands), size=min(n, len(cands)), replace=False))
        return [cands[i] for i in idx]

    def setup_roles(self):
        r = self.r
        self.role = ["bg"] * self.NP
        self.sw = {}
        preds = {
            "student": lambda q: 2006 <= self.by[q] <= 2008,
            "migrant_worker": lambda q: 1968 <= self.by[q] <= 2004 and not CITIES[self.city[q]][4],
            "elderly": lambda q: self.by[q] <= 1958,
            "lost_phone": lambda q: 1962 <= self.by[q] <= 2005,
            "harassment_change": lambda q: 1975 <= self.by[q] <= 2004,
            "returnee": lambda q: 1970 <= self.by[q] <= 2000,
        }
        for typ in SW_TYPES:
            n = int(round(SW_N[typ] * self.U(0.88, 1.12)))
            for q in self.choose(preds[typ], n):
                self.role[q] = "sw"
                self.sw[q] = SW(q, typ)
        others = {
            "teacher_new_term": (35, lambda q: 1970 <= self.by[q] <= 1998),
            "property_manager": (22, lambda q: 1965 <= self.by[q] <= 1995),
            "estate_agent": (25, lambda q: 1980 <= self.by[q] <= 2000 and CITIES[self.city[q]][4]),
            "wedding_organiser": (25, lambda q: 1975 <= self.by[q] <= 1998),
            "delivery_rider": (30, lambda q: 1975 <= self.by[q] <= 2003 and CITIES[self.city[q]][4]),
            "small_business": (30, lambda q: 1965 <= self.by[q] <= 1998),
        }
        self.roles = {}
        for name, (n, pr) in others.items():
            n = int(round(n * self.U(0.88, 1.12)))
            ch = self.choose(lambda q: self.ours[q] and pr(q), n)
            for q in ch:
                self.role[q] = name
            self.roles[name] = ch
        # background extras: trips, recent cards, handset changes
        self.trip = {}
        self.recent = {}
        self.phone_change = {}
        for q in range(self.NP):
            if self.role[q] != "bg":
                continue
            if self.P(0.05):
                d0 = int(r.integers(0, NDAYS))
                t0 = d0 * DAY + self.U(7, 14) * 3600
                t1 = min(END, t0 + int(r.integers(1, 6)) * DAY + self.U(-4, 4) * 3600)
                c = self.pick([x for x in BIG if x != self.city[q]])
                self.trip[q] = (t0, t1, c, self.pick(self.cells[c]))
            if self.ours[q] and self.P(0.012):
                self.recent[q] = int(r.integers(1, 14)) * DAY + self.U(9, 19) * 3600
            if self.P(0.01):
                self.phone_change[q] = (self.U(0, END), self.imei())
        self.bg_city = [
            [q for q in self.city_people[c] if self.role[q] == "bg" and q not in self.recent]
            for c in range(len(CITIES))
        ]
        self.setup_switchers()
        self.setup_teachers()
        self.setup_property()
        self.setup_agents()
        self.setup_weddings()
        self.setup_riders()
        self.setup_smallbiz()
        self.augment_switchers()

    def setup_switchers(self):
        r = self.r
        d0 = D15 * DAY
        by_type = {t: [s for s in self.sw.values() if s.typ == t] for t in SW_TYPES}
        for s in self.sw.values():
            s.K = int(r.integers(KRANGE[s.typ][0], KRANGE[s.typ][1] + 1))
            s.act = d0 + self.U(*ACT_H[s.typ]) * 3600
            s.ans_mult = self.U(0.9, 1.15) if self.P(0.85) else self.U(0.55, 0.8)
            ok = OLD[s.typ]
            s.old_kind = self.wpick(list(ok), list(ok.values()))
            s.keep = self.P(KEEP[s.typ])
            s.new_city = self.city[s.p]
            s.cohort = [s]
        # students: cohorts of roommates/classmates at the same campus
        studs = by_type["student"]
        studs = [studs[i] for i in r.permutation(len(studs))]
        campuses = {}
        i = 0
        while i < len(studs):
            k = int(r.choice([1, 2, 3, 4], p=[0.25, 0.3, 0.3, 0.15]))
            coh = studs[i : i + k]
            i += k
            uc = self.wpick(BIG, [CITIES[c][2] for c in BIG])
            if uc not in campuses:
                campuses[uc] = [self.sample(self.cells[uc], 3) for _ in range(2)]
            camp = self.pick(campuses[uc])
            for s in coh:
                s.new_city = uc
                s.home_c, s.work_c, s.hall_c = camp[0], camp[1], camp[2]
                s.cohort = coh
        # migrants: 1-3 from the same hometown travel together to the same factory
        migs = by_type["migrant_worker"]
        groups = {}
        for s in migs:
            groups.setdefault(self.home[s.p], []).append(s)
        for h in sorted(groups):
            lst = groups[h]
            i = 0
            while i < len(lst):
                k = int(r.choice([1, 2, 3], p=[0.5, 0.3, 0.2]))
                coh = lst[i : i + k]
                i += k
                nc = self.migrate(h)
                fc = self.sample(self.cells[nc], 3)
                for s in coh:
                    s.new_city = nc
                    s.home_c, s.work_c, s.hall_c = fc[0], fc[1], fc[2]
                    s.cohort = coh
                for a in range(len(coh)):
                    for b in range(a + 1, len(coh)):
                        self.edge(coh[a].p, coh[b].p, FRIEND, 3 * self.noise())
        for s in self.sw.values():
            if s.typ not in ("student", "migrant_worker"):
                cl = self.cells[s.new_city]
                s.home_c = self.home_cell[s.p]
                s.work_c = self.work_cell[s.p]
                s.hall_c = self.pick(cl)
            # old number context
            if s.typ == "lost_phone":
                s.stop = d0 - 10 * 3600 + self.U(0, 1) * (s.act - 3600 - (d0 - 10 * 3600))
            elif s.typ == "harassment_change":
                s.stop = s.act - self.U(0.5, 20) * 3600
            elif s.typ in ("student", "migrant_worker"):
                s.arrive = s.act - self.U(1, 40) * 3600
                s.arrive_c = self.pick(self.cells[s.new_city])
                s.stop = s.act - self.U(0, 0.5) * 3600
            elif s.typ == "elderly":
                s.stop = s.act - self.U(0, 18) * 3600
            else:  # returnee
                s.arrive = s.act - self.U(2, 60) * 3600
                s.stop = -INF
            # fellow villagers / older schoolmates already living in the new city
            if s.new_city != self.city[s.p]:
                pool = [q for q in self.bg_city[s.new_city] if self.home[q] == self.home[s.p]]
                if s.typ == "student":
                    pool = [q for q in pool if 1996 <= self.by[q] <= 2006] or pool
                    n = int(r.integers(1, 4))
                else:
                    n = int(r.integers(2, 6))
                for q in self.sample(pool, n):
                    self.edge(s.p, q, FRIEND, self.U(1.5, 2.5))
        # peer calls between new cards in the same cohort (after both activated)
        seen = set()
        for s in self.sw.values():
            if len(s.cohort) < 2 or id(s.cohort) in seen:
                continue
            seen.add(id(s.cohort))
            coh = s.cohort
            for a in range(len(coh)):
                for b in range(a + 1, len(coh)):
                    if self.P(0.8):
                        x, y = (coh[a], coh[b]) if self.P(0.5) else (coh[b], coh[a])
                        lo = max(x.act, y.act) + 900
                        hi = d0 + 22.5 * 3600
                        if lo < hi:
                            x.peer_calls.append((self.U(lo, hi), y))

    def augment_switchers(self):
        """Make sure each new-card person has enough real contacts (friends of friends)."""
        for s in self.sw.values():
            p = s.p
            need = s.K + int(self.r.integers(3, 12))
            cur = [q for q in self.adj[p] if q not in self.sw]
            if len(cur) >= need:
                continue
            two = {}
            for q in sorted(self.adj[p]):
                for x in sorted(self.adj[q]):
                    if x != p and x not in self.adj[p] and x not in self.sw:
                        two[x] = two.get(x, 0) + 1
            cand = sorted(two)
            if not cand:
                continue
            w = np.array(
                [two[x] * (3 if self.city[x] in (self.city[p], s.new_city) else 1) for x in cand], float
            )
            k = min(len(cand), need - len(cur))
            add = self.r.choice(len(cand), size=k, replace=False, p=w / w.sum())
            for i in sorted(add):
                x = cand[i]
                self.edge(p, x, FRIEND if self.P(0.6) else ACQ, self.U(0.8, 2.0))

    def stranger_pool(self, p, c, lo=1940, hi=2008):
        adj = self.adj[p]
        return [q for q in self.bg_city[c] if q not in adj and q != p and lo <= self.by[q] <= hi]

    def setup_teachers(self):
        self.teachers = []
        for p in self.roles["teacher_new_term"]:
            pool = self.stranger_pool(p, self.city[p], 1976, 1996)
            parents = self.sample(pool, int(self.r.integers(38, 53)))
            cont = self.P(0.5)
            if cont:
                for q in parents:
                    if self.P(0.35):
                        self.edge(p, q, ACQ, 0.35 * self.noise())
            for q in parents:
                if self.P(0.5):
                    self.edge(q, self.pick(parents), ACQ, 0.3 * self.noise())
            self.teachers.append(dict(p=p, parents=parents, cont=cont))

    def setup_property(self):
        self.props = []
        for p in self.roles["property_manager"]:
            c = self.city[p]
            pool = self.stranger_pool(p, c)
            res = self.sample(pool, int(self.r.integers(150, 301)))
            cc = self.sample(self.cells[c], 3)
            for q in res:
                self.home_cell[q] = self.pick(cc)
                if self.P(0.25):
                    self.edge(p, q, ACQ, 0.25 * self.noise())
            self.work_cell[p] = cc[0]
            self.props.append(dict(p=p, res=res, event=self.P(0.6)))

    def setup_agents(self):
        self.agents = []
        for p in self.roles["estate_agent"]:
            c = self.city[p]
            pool = self.stranger_pool(p, c)
            for q in self.sample(pool, int(self.r.integers(8, 16))):
                self.edge(p, q, COLL, 1.2 * self.noise())
            self.agents.append(dict(p=p, off=set(int(x) for x in self.r.choice(NDAYS, 2, replace=False))))

    def setup_weddings(self):
        self.weddings = []
        for p in self.roles["wedding_organiser"]:
            c = self.city[p]
            pool = [
                q
                for q in self.bg_city[c]
                if 1988 <= self.by[q] <= 2001 and len(self.adj[q]) >= 10 and q not in self.adj[p]
            ]
            if not pool:
                pool = self.bg_city[c]
            x = self.pick(pool)
            nb = [q for q in sorted(self.adj[x]) if self.adj[x][q][0] in (FRIEND, ACQ, COLL)]
            y = self.pick(nb) if nb else self.pick(self.bg_city[c])
            guests = set(self.adj[x]) | set(self.adj[y]) | {x, y}
            target = int(self.r.integers(50, 111))
            two = sorted({z for g in sorted(guests) for z in self.adj[g]} - guests)
            if len(guests) < target and two:
                guests |= set(self.sample(two, target - len(guests)))
            guests = [
                g
                for g in sorted(guests)
                if g not in self.sw and g != p and g not in self.adj[p] and g not in self.recent
            ]
            for v in self.sample(self.stranger_pool(p, c), int(self.r.integers(6, 13))):
                self.edge(p, v, COLL, 2.0 * self.noise())
            self.weddings.append(dict(p=p, guests=guests))

    def setup_riders(self):
        self.riders = []
        for p in self.roles["delivery_rider"]:
            c = self.city[p]
            if self.P(0.45):
                day = D15
                act = D15 * DAY + self.U(7.0, 8.6) * 3600
                start_day = D15
            else:
                day = int(self.r.integers(6, 14))
                act = day * DAY + self.U(9, 18) * 3600
                start_day = day + 1
            num = self.ours_number(c, recent=True, virtual=self.P(0.15))
            imei = self.imei2(self.imei_[p]) if self.P(0.7) else self.imei()
            st = self.pick(self.stranger_pool(p, c, 1970, 1995))
            self.riders.append(
                dict(
                    p=p,
                    num=num,
                    act=act,
                    start=start_day,
                    imei=imei,
                    station=st,
                    offs=set(int(x) for x in self.r.choice(NDAYS, 2, replace=False)),
                )
            )
            self.sub(
                num,
                self.idhash(p),
                "virtual" if num[3:7] in ("1703", "1705", "1706") or num[3:6] == "165" else "mobile",
                act,
                c,
                self.by[p],
            )
            self.popu[num] = "delivery_rider_work_card"

    def setup_smallbiz(self):
        self.biz = []
        for p in self.roles["small_business"]:
            c = self.city[p]
            u = self.r.random()
            if u < 0.4:
                day, act = D15, D15 * DAY + self.U(9, 11) * 3600
            elif u < 0.65:
                day = int(self.r.integers(12, 14))
                act = day * DAY + self.U(9, 17) * 3600
            else:
                day = int(self.r.integers(4, 12))
                act = day * DAY + self.U(9, 17) * 3600
            virt = self.P(0.1)
            num = self.ours_number(c, recent=True, virtual=virt)
            imei = self.imei2(self.imei_[p]) if self.P(0.6) else self.imei()
            cust = self.sample(self.stranger_pool(p, c), int(self.r.integers(80, 201)))
            sup = []
            for _ in range(int(self.r.integers(3, 7))):
                if self.P(0.5):
                    sup.append((None, self.ext_number()))
                else:
                    q = self.pick(self.bg_city[self.pick(range(len(CITIES)))])
                    sup.append((q, None))
            self.biz.append(
                dict(
                    p=p,
                    num=num,
                    act=act,
                    day=day,
                    imei=imei,
                    cust=cust,
                    sup=sup,
                    shop=self.pick(self.cells[c]),
                    called_in=set(),
                )
            )
            self.sub(num, self.idhash(p), "virtual" if virt else "mobile", act, c, self.by[p])
            self.popu[num] = "small_business_new_card"

    # ---------------------------------------------------------------- numbers
    def assign_numbers(self):
        r = self.r
        self.num = [None] * self.NP
        self.num2p = {}
        self.act_of = {}
        for q in range(self.NP):
            s = self.sw.get(q)
            if s is None:
                if self.ours[q]:
                    hc = self.city[q]
                    if hc != self.home[q] and self.P(0.35):
                        hc = self.home[q]  # still on the hometown card (permanent roaming)
                    db = math.exp(self.U(math.log(90), math.log(7000)))
                    act = self.recent.get(q, -db * DAY - self.U(0, DAY))
                    virt = self.P(0.03)
                    n = self.ours_number(hc, recent=db < 900 or q in self.recent, virtual=virt)
                    self.sub(n, self.idhash(q), "virtual" if virt else "mobile", act, hc, self.by[q])
                    pop = "background"
                    if q in self.recent:
                        pop = "background_recent_card"
                    elif self.role[q] == "delivery_rider":
                        pop = "delivery_rider_personal"
                    elif self.role[q] == "small_business":
                        pop = "small_business_owner_personal"
                    elif self.role[q] != "bg":
                        pop = self.role[q]
                    self.popu[n] = pop
                else:
                    n = self.ext_number(self.city[q])
                self.num[q] = n
                self.num2p[n] = q
                continue
            # new-card person
            hc = self.city[q]
            if s.old_kind == "ours":
                db = math.exp(self.U(math.log(200), math.log(6000)))
                s.old_num = self.ours_number(hc, recent=db < 900)
                self.sub(s.old_num, self.idhash(q), "mobile", -db * DAY - self.U(0, DAY), hc, self.by[q])
                self.popu[s.old_num] = "old_number_of_new_card"
                s.old_imei = self.imei_[q]
            elif s.old_kind == "ext":
                s.old_num = self.ext_number(hc)
                s.old_imei = self.imei_[q]
            elif s.old_kind == "intl":
                s.old_num = self.intl_number()
            if s.typ == "returnee" and self.P(0.3):  # dormant old card, still registered
                db = math.exp(self.U(math.log(400), math.log(6000)))
                dn = self.ours_number(hc, recent=db < 900)
                self.sub(dn, self.idhash(q), "mobile", -db * DAY, hc, self.by[q])
                s.dormant_old = dn
            virt = self.P(0.04)
            s.new_num = self.ours_number(s.new_city, recent=True, virtual=virt)
            s.new_imei = (
                self.imei_[q]
                if s.keep
                else self.imei(self.pick(self.elder_tacs) if s.typ == "elderly" and self.P(0.5) else None)
            )
            self.sub(
                s.new_num, self.idhash(q), "virtual" if virt else "mobile", s.act, s.new_city, self.by[q]
            )
            self.popu[s.new_num] = "new_card_" + s.typ
            self.detail[s.new_num] = dict(
                old_number=s.old_num or "", old_number_kind=s.old_kind, same_handset=int(bool(s.keep))
            )
            self.num[q] = s.old_num
            if s.old_num:
                self.num2p[s.old_num] = q
            self.num2p[s.new_num] = q
        # dormant subscribers (second SIMs, data-only cards) that never call
        for _ in range(200):
            c = self.pick(range(len(CITIES)))
            n = self.ours_number(c, recent=self.P(0.3))
            self.sub(
                n,
                self.idhash(10**7 + len(self.subs)),
                "mobile",
                -math.exp(self.U(math.log(30), math.log(5000))) * DAY,
                c,
                int(r.integers(1950, 2006)),
            )

    def contact_arrays(self):
        self.cw = {}
        for q in range(self.NP):
            items = sorted(self.adj[q].items())
            if not items:
                continue
            nb = [x for x, _ in items]
            kinds = [k for _, (k, w) in items]
            w = np.array([w for _, (k, w) in items])
            wwe = w * np.array([0.25 if k == COLL else (1.3 if k == FRIEND else 1.0) for k in kinds])
            self.cw[q] = (nb, np.cumsum(w) / w.sum(), np.cumsum(wwe) / wwe.sum())

    # ---------------------------------------------------------------- context
    def loc(self, q, t):
        tr = self.trip.get(q)
        if tr and tr[0] <= t < tr[1]:
            return tr[2], (tr[3] if self.P(0.7) else self.pick(self.cells[tr[2]]))
        c = self.city[q]
        h = hour_of(t)
        if self.work_cell[q] is not None and not self.weekend[int(t // DAY)] and 9 <= h < 18 and self.P(0.8):
            return c, self.work_cell[q]
        if self.P(0.85):
            return c, self.home_cell[q]
        return c, self.pick(self.cells[c])

    def sw_loc(self, s, t):
        if t < s.act + 1800:
            return s.new_city, s.hall_c
        h = hour_of(t)
        if s.work_c is not None and 9 <= h < 18 and self.P(0.75):
            return s.new_city, s.work_c
        if self.P(0.85):
            return s.new_city, s.home_c
        return s.new_city, self.pick(self.cells[s.new_city])

    def ctx(self, q, t):
        """(number, imei, cell, region) of person q placing a call at t, or None."""
        if t >= END or t < 0:
            return None
        s = self.sw.get(q)
        if s is not None:
            if t >= s.act:
                c, cell = self.sw_loc(s, t)
                return s.new_num, s.new_imei, cell, c
            if s.old_kind == "ours" and t < s.stop:
                if s.arrive is not None and t >= s.arrive:
                    cell = s.arrive_c if self.P(0.6) else self.pick(self.cells[s.new_city])
                    return s.old_num, s.old_imei, cell, s.new_city
                c, cell = self.loc(q, t)
                return s.old_num, s.old_imei, cell, c
            return None
        if not self.ours[q]:
            return None
        ra = self.recent.get(q)
        if ra is not None and t < ra:
            return None
        im = self.imei_[q]
        pc = self.phone_change.get(q)
        if pc and t >= pc[0]:
            im = pc[1]
        c, cell = self.loc(q, t)
        return self.num[q], im, cell, c

    def reach(self, q, t, caller=None):
        """(number to dial for person q at t, reachable?)"""
        s = self.sw.get(q)
        if s is not None:
            if t >= s.act and caller is not None and s.known.get(caller, INF) <= t:
                return s.new_num, True
            if s.old_kind in ("ours", "ext"):
                return s.old_num, t < s.stop
            if s.old_kind == "intl" and t < s.act:
                return s.old_num, True
            return None, False
        ra = self.recent.get(q)
        if ra is not None and t < ra:
            return None, False
        return self.num[q], True

    # ---------------------------------------------------------------- background
    def bdur(self, kind):
        if kind in (HOUSE, FAM, FRIEND) and self.P(0.03):
            return min(5400, self.ln(1800, 0.5))
        m, s = DUR[kind]
        return min(5400, max(2, self.ln(m, s)))

    def background_day(self, d):
        r = self.r
        we = self.weekend[d]
        for p in self.bg_callers:
            n = int(r.poisson(self.rate[p] * (0.85 if we else 1.0)))
            if n == 0:
                continue
            cum = self.cum[(self.prof[p], we)]
            s = self.sw.get(p)
            for _ in range(n):
                t = d * DAY + int(np.searchsorted(cum, r.random())) * 3600 + self.U(0, 3600)
                if s is not None and t >= s.act:
                    continue
                c = self.ctx(p, t)
                if c is None:
                    continue
                if self.P(0.05) or p not in self.cw:
                    self.service_call(c, t)
                    continue
                nb, cwd, cwe = self.cw[p]
                q = nb[int(np.searchsorted(cwe if we else cwd, r.random()))]
                self.social_call(p, q, t, c)

    def service_call(self, c, t):
        u = self.r.random()
        if u < 0.6:
            callee = self.wpick(SERVICE, SERVICE_W)
        elif u < 0.85:
            callee = self.pick(self.landlines[c[3]])
        else:
            callee = self.pick(self.bizmob[c[3]])
        ans = self.P(0.9)
        dur = min(1800, max(5, self.ln(90, 0.8))) if ans else 0
        self.emit(c[0], callee, t, dur, dur or self.U(10, 30), c[1], c[2], c[3])

    def social_call(self, p, q, t, c):
        num_q, alive = self.reach(q, t, p)
        if num_q is None:
            return
        if not num_q.startswith("+86") and not self.P(0.1):
            return
        kind = self.adj[p][q][0]
        if not alive:
            self.emit(c[0], num_q, t, 0, self.U(4, 12), c[1], c[2], c[3])
            return
        if self.is_busy(num_q, t):
            ans = False
        else:
            ans = self.P(ANS[kind] * self.hf(q, t))
        dur = self.bdur(kind) if ans else 0
        self.emit(c[0], num_q, t, dur, dur or self.U(15, 40), c[1], c[2], c[3])
        if ans:
            return
        if self.P(0.3):
            t2 = t + 30 + self.ln(240, 0.8)
            c2 = self.ctx(p, t2)
            if c2 and not self.is_busy(num_q, t2):
                a2 = self.P(ANS[kind] * self.hf(q, t2))
                d2 = self.bdur(kind) if a2 else 0
                self.emit(c2[0], num_q, t2, d2, d2 or self.U(15, 40), c2[1], c2[2], c2[3])
                if a2:
                    return
        if self.P(0.5):
            t3 = t + 60 + self.ln(900, 1.0)
            cq = self.ctx(q, t3)
            if cq is None:
                return
            back, alive = self.reach(p, t3, q)
            if back is None:
                return
            a3 = alive and not self.is_busy(back, t3) and self.P(0.85 * self.hf(p, t3))
            d3 = self.bdur(kind) if a3 else 0
            self.emit(cq[0], back, t3, d3, d3 or self.U(15, 40), cq[1], cq[2], cq[3])

    # ---------------------------------------------------------------- dialer engine
    def dial(self, line, items, ans_fn, dur_fn, ring_fn, gap_fn, t_end, retry_fn=None, breaks=()):
        """Sequential dialling from one line. items: (t_plan, q, callee, meta)."""
        heap = [(t, i, q, callee, meta, 0) for i, (t, q, callee, meta) in enumerate(items)]
        heapq.heapify(heap)
        seq = len(items)
        free = -INF
        out = []
        while heap:
            t, _, q, callee, meta, att = heapq.heappop(heap)
            st = max(t, free)
            for b0, b1 in breaks:
                if b0 <= st < b1:
                    st = b1 + self.U(0, 300)
            if st >= t_end:
                continue
            if self.is_busy(callee, st):
                ans, occ = False, self.U(2, 6)
            else:
                ans = self.P(ans_fn(q, st, meta, att))
                occ = 0
            if ans:
                dur = max(1, int(dur_fn(q, st, meta)))
                occ = dur
            else:
                dur = 0
                occ = occ or ring_fn(meta)
            self.emit(line.num, callee, st, dur, occ, line.imei, line.cellf(st, q), line.regf(st))
            free = st + occ + gap_fn(ans)
            out.append((q, callee, st, dur, meta, att))
            if not ans and retry_fn is not None:
                dl = retry_fn(q, meta, att)
                if dl is not None:
                    heapq.heappush(heap, (st + occ + dl, seq, q, callee, meta, att + 1))
                    seq += 1
        return out, free

    def inbound(self, target, events, ans_p, dur_fn):
        """Calls from persons to a scripted number. events: (t, q, meta)."""
        for t, q, meta in sorted(events, key=lambda e: (e[0], e[1])):
            if t >= END:
                continue
            c = self.ctx(q, t)
            if c is None:
                continue
            ans = (not self.is_busy(target, t)) and self.P(ans_p)
            dur = dur_fn(meta) if ans else 0
            self.emit(c[0], target, t, dur, dur or self.U(12, 35), c[1], c[2], c[3])

    def callbacks(self, target, res, p_cb, delay_fn, ans_p, dur_fn, t_end=END):
        best = {}
        for q, callee, st, dur, meta, att in res:
            if q is None or meta.get("no_cb"):
                continue
            if dur > 0:
                best[q] = (True, st)
            elif not best.get(q, (False, 0))[0]:
                best[q] = (False, st)
        ev = []
        for q, (a, st) in best.items():
            if not a and self.P(p_cb):
                t = st + delay_fn()
                if t < t_end:
                    ev.append((t, q, {}))
        self.inbound(target, ev, ans_p, dur_fn)

    def session_items(self, targets, windows, shares, mkitem):
        """Split targets over windows (start,end) in order, planned at window starts."""
        counts = self.r.multinomial(len(targets), shares)
        items = []
        i = 0
        for (w0, w1), n in zip(windows, counts):
            st = self.U(w0, max(w0 + 1, w0 + 0.25 * (w1 - w0)))
            for j in range(n):
                items.append(mkitem(st + j * 0.01, targets[i]))
                i += 1
        return items

    # ---------------------------------------------------------------- new-card people (day 15)
    def sw_dur(self, s, kind):
        pq, pm, pl_ = MIX[kind]
        if s.typ in ("elderly", "returnee"):
            pq, pl_ = pq - 0.1, pl_ + 0.1
        elif s.typ == "student" and kind == FRIEND:
            pq, pm = pq + 0.1, pm - 0.1
        elif s.typ == "lost_phone":
            pq, pm = pq + 0.05, pm - 0.05
        u = self.r.random()
        if u < pq:
            return min(150, max(6, self.ln(28, 0.5)))
        if u < pq + pm:
            return min(1200, max(40, self.ln(160, 0.55)))
        return min(5400, max(240, self.ln(900, 0.6)))

    def run_switcher(self, s):
        r = self.r
        p = s.p
        d0 = D15 * DAY
        dend = d0 + DAY - 60
        cands = [(q, k, w) for q, (k, w) in sorted(self.adj[p].items()) if q not in self.sw]
        sc = np.array([math.log(w) for _, _, w in cands]) + r.gumbel(size=len(cands))
        order = [cands[i] for i in np.argsort(-sc, kind="stable")]
        K = max(1, s.K - len(s.peer_calls))
        called, rest = order[:K], order[K:]
        for q, k, w in called:
            if self.P(0.3):
                s.informed[q] = s.act + self.ln(2400, 1.0)
                s.known[q] = s.informed[q]
        n = len(called)
        items = []
        seq_ = []
        if n and self.P(0.2):  # spread over the rest of the day
            lo = s.act + 300
            hi = max(lo + 1800, d0 + (20.5 if s.typ == "elderly" else 22.75) * 3600)
            ts = np.sort(r.uniform(lo, hi, n))
            seq_ = list(ts)
        elif n:
            counts = list(r.multinomial(n, SESS[s.typ]))
            if counts[0] == 0:
                counts[0] = 1
                j = int(np.argmax(counts[1:])) + 1
                counts[j] -= 1
            eve = (
                (20.0, 21.5)
                if s.typ == "student"
                else ((18.25, 19.25) if s.typ == "elderly" else (19.0, 20.75))
            )
            aft = (15.0, 16.0) if s.typ == "elderly" else (14.5, 17.0)
            starts = [
                s.act + self.U(180, 1500),
                d0 + self.U(12.0, 12.6) * 3600,
                d0 + self.U(*aft) * 3600,
                d0 + self.U(*eve) * 3600,
            ]
            seq_ = []
            for k_, cnt in enumerate(counts):
                st = starts[k_]
                if st < s.act:
                    st = s.act + self.U(600, 3600)
                seq_ += [st + i * 0.01 for i in range(cnt)]
            head = called[: counts[0]]
            tail = called[counts[0] :]
            key = np.arange(len(tail)) + 8 * r.standard_normal(len(tail))
            called = head + [tail[i] for i in np.argsort(key, kind="stable")]
        for t, (q, k, w) in zip(seq_, called):
            callee, alive = self.reach(q, t)
            if callee is None:
                continue
            items.append((t, q, callee, {"kind": k}))
        for t, peer in s.peer_calls:
            items.append((t, peer.p, peer.new_num, {"peer": peer, "no_cb": True}))
        # service numbers and strangers
        if self.P(0.35 if s.typ != "elderly" else 0.2):
            items.append((s.act + self.U(120, 1800), None, "10086", {"svc": 1}))
        if s.typ == "lost_phone":
            for _ in range(int(r.integers(0, 3))):
                items.append((s.act + self.U(600, 3600), None, self.pick(SERVICE[1:6]), {"svc": 1}))
            if self.P(0.12):
                items.append((s.act + self.U(300, 2400), None, "110", {"svc": 1}))
        elif s.typ == "migrant_worker":
            for _ in range(int(r.integers(2, 7))):
                callee = (
                    self.pick(self.landlines[s.new_city])
                    if self.P(0.3)
                    else self.pick(self.bizmob[s.new_city])
                )
                lo = s.act + 1800
                hi = max(lo + 600, d0 + 18 * 3600)
                items.append((self.U(lo, hi), None, callee, {"stranger": 1}))
        elif s.typ == "student":
            for _ in range(int(r.integers(0, 3))):
                callee = (
                    self.pick(self.landlines[s.new_city])
                    if self.P(0.5)
                    else self.pick(self.bizmob[s.new_city])
                )
                items.append((s.act + self.U(1800, 6 * 3600), None, callee, {"stranger": 1}))
        elif s.typ == "returnee" and self.P(0.4):
            items.append((s.act + self.U(600, 5 * 3600), None, self.pick(SERVICE[1:6]), {"svc": 1}))

        line = Line(s.new_num, s.new_imei, lambda t, q: self.sw_loc(s, t)[1], lambda t: s.new_city)

        def ans_fn(q, t, meta, att):
            if "svc" in meta:
                return 0.95
            if "stranger" in meta:
                return 0.75
            if "peer" in meta:
                return 0.85
            k = meta["kind"]
            if s.informed.get(q, INF) <= t:
                base = 0.9
            else:
                base = (0.40 + 0.55 * self.unk[q]) * RELM[k] * s.ans_mult
            if att:
                base *= 1.05
            return min(0.97, base * self.hf(q, t))

        def dur_fn(q, t, meta):
            if "svc" in meta:
                return min(900, max(20, self.ln(120, 0.6)))
            if "stranger" in meta:
                return min(900, max(10, self.ln(90, 0.7)))
            if "peer" in meta:
                return min(300, max(8, self.ln(40, 0.6)))
            return self.sw_dur(s, meta["kind"])

        slow = s.typ == "elderly"

        def gap_fn(ans):
            g = self.ln(80, 0.7) if slow else self.ln(35, 0.8)
            if self.P(0.07):
                g += self.U(120, 720)
            return g

        def retry_fn(q, meta, att):
            if att == 0 and q is not None and "kind" in meta and self.P(0.3):
                return self.ln(1800, 0.7)
            return None

        res, _ = self.dial(line, items, ans_fn, dur_fn, lambda m: self.U(18, 42), gap_fn, dend, retry_fn)
        outcome = {}
        for q, callee, st, dur, meta, att in res:
            if "peer" in meta:
                if dur > 0:
                    meta["peer"].known[p] = min(meta["peer"].known.get(p, INF), st)
                continue
            if q is None:
                continue
            k = meta["kind"]
            if dur > 0:
                s.known[q] = min(s.known.get(q, INF), st)
                outcome[q] = (True, st, k)
            elif not outcome.get(q, (False,))[0]:
                outcome[q] = (False, st, k)
        ev = []
        for q, (a, st, k) in outcome.items():
            if not a and self.ours[q] and self.P(CBP[k]):
                t = st + max(60, self.ln(1100, 1.0))
                if t < dend:
                    ev.append((t, q, k))
                    s.known[q] = min(s.known.get(q, INF), t)
            elif a and self.P(0.06):
                t = st + self.ln(5400, 0.6)
                if t < dend:
                    ev.append((t, q, k))
        for q, k, w in rest:  # told via WeChat / family, may call themselves
            if self.P(0.45 if k in (HOUSE, FAM) else 0.3):
                ti = self.U(s.act + 600, max(s.act + 900, dend - 1800))
                s.informed[q] = ti
                s.known[q] = min(s.known.get(q, INF), ti)
                if self.P(0.35 if k in (HOUSE, FAM) else 0.15):
                    t = ti + self.ln(900, 1.0)
                    if t < dend:
                        ev.append((t, q, k))
        if s.typ == "elderly":  # a child tests the new phone
            kids = [
                q
                for q, (k, w) in sorted(self.adj[p].items())
                if k in (HOUSE, FAM) and self.by[q] >= self.by[p] + 18 and self.ours[q] and q not in self.sw
            ]
            if kids:
                q = self.pick(kids)
                t = s.act + self.U(60, 600)
                s.known[q] = min(s.known.get(q, INF), s.act)
                ev.append((t, q, HOUSE))
        for t, q, k in sorted(ev, key=lambda e: (e[0], e[1])):
            c = self.ctx(q, t)
            if c is None:
                continue
            ans = (not self.is_busy(s.new_num, t)) and self.P(0.9)
            dur = self.sw_dur(s, k) if ans else 0
            self.emit(c[0], s.new_num, t, dur, dur or self.U(15, 35), c[1], c[2], c[3])

    # ---------------------------------------------------------------- other legit populations
    def person_line(self, p, num=None, imei=None, cellf=None):
        num = num or self.num[p]
        imei = imei or self.imei_[p]
        cellf = cellf or (lambda t, q: self.loc(p, t)[1])
        return Line(num, imei, cellf, lambda t: self.loc(p, t)[0] if p not in self.trip else self.city[p])

    def run_teacher(self, T):
        p = T["p"]
        line = self.person_line(p)
        known = set(q for q in T["parents"] if q in self.adj[p])

        def ans_fn(q, t, meta, att):
            return (0.88 if q in known else 0.55 + 0.4 * self.unk[q]) * self.hf(q, t)

        def dur_fn(q, t, m):
            return min(1200, max(15, self.ln(110, 0.7)))

        def gap(a):
            return self.ln(30, 0.7) + (self.U(120, 600) if self.P(0.05) else 0)

        def retry(q, m, att):
            return self.ln(1200, 0.6) if att == 0 and self.P(0.3) else None

        def mk(t, q):
            return (t, q, self.num[q], {})

        days = []
        if self.P(0.3):
            d = D15 - 1
            tg = self.sample(T["parents"], int(self.r.integers(5, 13)))
            its = [
                mk(t, q)
                for t, q in zip(
                    np.sort(self.r.uniform(d * DAY + 15 * 3600, d * DAY + 20 * 3600, len(tg))), tg
                )
            ]
            days.append((its, d))
        d0 = D15 * DAY
        tg = self.sample(T["parents"], int(self.r.integers(30, 51)))
        its = self.session_items(
            tg, [(d0 + 12.15 * 3600, d0 + 13.3 * 3600), (d0 + 17 * 3600, d0 + 19.5 * 3600)], [0.2, 0.8], mk
        )
        days.append((its, D15))
        for its, d in days:
            res, _ = self.dial(
                line, its, ans_fn, dur_fn, lambda m: self.U(20, 40), gap, d * DAY + 21.75 * 3600, retry
            )
            self.callbacks(
                line.num,
                res,
                0.6,
                lambda: 60 + self.ln(720, 1.0),
                0.85,
                lambda m: min(900, max(10, self.ln(90, 0.7))),
            )

    def run_property(self, Pm):
        p = Pm["p"]
        line = self.person_line(
            p, cellf=lambda t, q: self.work_cell[p] if 8 <= hour_of(t) < 18 else self.home_cell[p]
        )
        known = set(q for q in Pm["res"] if q in self.adj[p])

        def ans_fn(q, t, meta, att):
            return (0.85 if q in known else 0.35 + 0.5 * self.unk[q]) * self.hf(q, t)

        def dur_fn(q, t, m):
            return min(600, max(8, self.ln(45, 0.6)))

        def mk(t, q):
            return (t, q, self.num[q], {})

        for d in range(NDAYS):
            if self.weekend[d] and self.P(0.6):
                continue
            if d == D15 and Pm["event"]:
                tg = self.sample(Pm["res"], int(self.r.integers(30, 71)))
                its = self.session_items(
                    tg,
                    [
                        (d * DAY + 9.5 * 3600, d * DAY + 11.5 * 3600),
                        (d * DAY + 14 * 3600, d * DAY + 16 * 3600),
                    ],
                    [0.5, 0.5],
                    mk,
                )
            else:
                tg = self.sample(Pm["res"], int(self.r.integers(3, 11)))
                its = [
                    mk(t, q)
                    for t, q in zip(
                        np.sort(self.r.uniform(d * DAY + 9 * 3600, d * DAY + 17.5 * 3600, len(tg))), tg
                    )
                ]
            res, _ = self.dial(
                line,
                its,
                ans_fn,
                dur_fn,
                lambda m: self.U(20, 40),
                lambda a: self.ln(40, 0.7),
                d * DAY + 18.5 * 3600,
            )
            self.callbacks(
                line.num,
                res,
                0.4,
                lambda: 60 + self.ln(900, 1.0),
                0.8,
                lambda m: min(900, max(10, self.ln(60, 0.7))),
            )

    def run_agent(self, A):
        p = A["p"]
        c = self.city[p]
        line = self.person_line(
            p, cellf=lambda t, q: self.work_cell[p] if self.P(0.8) else self.pick(self.cells[c])
        )
        pool = self.stranger_pool(p, c, 1965, 1998)
        pool = [pool[i] for i in self.r.permutation(len(pool))]
        ptr = 0

        def ans_fn(q, t, meta, att):
            if q is None:
                return 0.25 * self.hft["W"][hour_of(t)]
            return 0.75 * self.unk[q] * self.hf(q, t)

        def dur_fn(q, t, m):
            u = self.r.random()
            if u < 0.7:
                return min(60, max(3, self.ln(12, 0.5)))
            if u < 0.95:
                return min(400, max(20, self.ln(90, 0.6)))
            return min(1200, max(180, self.ln(360, 0.5)))

        for d in range(NDAYS):
            if d in A["off"]:
                continue
            n = int(self.r.integers(35, 91))
            tg = []
            for _ in range(n):
                if self.P(0.7) and ptr < len(pool):
                    q = pool[ptr]
                    ptr += 1
                    tg.append((q, self.num[q]))
                else:
                    tg.append((None, self.ext_number(c)))
            its = self.session_items(
                tg,
                [(d * DAY + 9.5 * 3600, d * DAY + 11 * 3600), (d * DAY + 14 * 3600, d * DAY + 16 * 3600)],
                [0.4, 0.6],
                lambda t, x: (t, x[0], x[1], {}),
            )
            res, _ = self.dial(
                line,
                its,
                ans_fn,
                dur_fn,
                lambda m: self.U(15, 30),
                lambda a: self.ln(25, 0.8),
                d * DAY + 20 * 3600,
                breaks=[(d * DAY + 12 * 3600, d * DAY + 14 * 3600)],
            )
            self.callbacks(
                line.num,
                res,
                0.06,
                lambda: 60 + self.ln(1800, 1.0),
                0.8,
                lambda m: min(900, max(10, self.ln(60, 0.8))),
            )

    def run_wedding(self, Wd):
        p = Wd["p"]
        line = self.person_line(p)
        guests = list(Wd["guests"])
        guests = [guests[i] for i in self.r.permutation(len(guests))]
        ptr = 0

        def ans_fn(q, t, meta, att):
            return (0.35 + 0.55 * self.unk[q]) * self.hf(q, t)

        def dur_fn(q, t, m):
            return min(900, max(8, self.ln(55, 0.6)))

        def retry(q, m, att):
            return self.ln(1800, 0.6) if att == 0 and self.P(0.25) else None

        def mk(t, q):
            return (t, q, self.num[q], {})

        for d in (D15 - 2, D15 - 1, D15):
            if d == D15:
                n = int(self.r.integers(35, 81))
                tg = guests[ptr : ptr + n]
                ptr += n
                its = self.session_items(
                    tg,
                    [
                        (d * DAY + 10 * 3600, d * DAY + 11.5 * 3600),
                        (d * DAY + 14 * 3600, d * DAY + 16 * 3600),
                        (d * DAY + 19 * 3600, d * DAY + 20 * 3600),
                    ],
                    [0.3, 0.3, 0.4],
                    mk,
                )
            else:
                n = int(self.r.integers(8, 21))
                tg = guests[ptr : ptr + n]
                ptr += n
                its = [
                    mk(t, q)
                    for t, q in zip(
                        np.sort(self.r.uniform(d * DAY + 14 * 3600, d * DAY + 20 * 3600, len(tg))), tg
                    )
                ]
            res, _ = self.dial(
                line,
                its,
                ans_fn,
                dur_fn,
                lambda m: self.U(20, 40),
                lambda a: self.ln(35, 0.7),
                d * DAY + 22 * 3600,
                retry,
            )
            self.callbacks(
                line.num,
                res,
                0.45,
                lambda: 60 + self.ln(900, 1.0),
                0.85,
                lambda m: min(600, max(8, self.ln(50, 0.6))),
            )

    def run_rider(self, Rd):
        p = Rd["p"]
        c = self.city[p]
        pool = self.stranger_pool(p, c)
        prev = []

        def cellf(t, q):
            return self.loc(q, t)[1] if q is not None else self.pick(self.cells[c])

        line = Line(Rd["num"], Rd["imei"], cellf, lambda t: c)

        def ans_fn(q, t, meta, att):
            if meta.get("station"):
                return 0.9
            return (0.5 + 0.45 * self.unk[q]) * self.hf(q, t)

        def dur_fn(q, t, m):
            if m.get("station"):
                return min(400, max(8, self.ln(40, 0.6)))
            return min(180, max(4, self.ln(16, 0.5)))

        def retry(q, m, att):
            return self.U(60, 240) if att < 2 and not m.get("station") and self.P(0.55) else None

        for d in range(Rd["start"], NDAYS):
            if d in Rd["offs"] and d != D15:
                continue
            n = int(self.r.integers(45, 121))
            tg = []
            for _ in range(n):
                q = self.pick(prev) if prev and self.P(0.15) else self.pick(pool)
                tg.append(q)
            prev += tg
            t0 = max(d * DAY + 8.5 * 3600, Rd["act"] + 600)
            ts = np.sort(
                np.concatenate(
                    [
                        self.r.uniform(t0, d * DAY + 12 * 3600, int(n * 0.45)),
                        self.r.uniform(d * DAY + 13.5 * 3600, d * DAY + 20.5 * 3600, n - int(n * 0.45)),
                    ]
                )
            )
            its = [(t, q, self.num[q], {}) for t, q in zip(ts, tg)]
            for _ in range(int(self.r.integers(2, 6))):
                its.append(
                    (
                        d * DAY + self.U(8, 19) * 3600,
                        Rd["station"],
                        self.num[Rd["station"]],
                        {"station": 1, "no_cb": True},
                    )
                )
            res, _ = self.dial(
                line,
                its,
                ans_fn,
                dur_fn,
                lambda m: self.U(15, 35),
                lambda a: self.ln(20, 0.7),
                d * DAY + 21 * 3600,
                retry,
            )
            self.callbacks(
                line.num,
                res,
                0.3,
                lambda: 30 + self.ln(360, 0.9),
                0.9,
                lambda m: min(180, max(5, self.ln(20, 0.5))),
            )

    def run_biz(self, B):
        p = B["p"]
        c = self.city[p]
        line = Line(
            B["num"],
            B["imei"],
            lambda t, q: B["shop"] if self.P(0.9) else self.pick(self.cells[c]),
            lambda t: c,
        )
        fam = [q for q, (k, w) in sorted(self.adj[p].items()) if k == HOUSE]

        def ans_fn(q, t, meta, att):
            if meta.get("sup") or meta.get("fam"):
                return 0.85
            if q in B["called_in"]:
                return 0.85 * self.hf(q, t)
            return (0.4 + 0.5 * self.unk[q]) * self.hf(q, t)

        def dur_fn(q, t, m):
            if m.get("sup"):
                return min(2400, max(30, self.ln(180, 0.7)))
            if m.get("fam"):
                return min(1200, max(10, self.ln(60, 0.8)))
            return min(1500, max(8, self.ln(70, 0.8)))

        for d in range(B["day"], NDAYS):
            lo = max(d * DAY + 9.5 * 3600, B["act"] + 300)
            hi = d * DAY + 18.5 * 3600
            if lo >= hi - 1800:
                continue
            # customers calling the shop
            ev = []
            for _ in range(int(self.r.integers(2, 9))):
                q = self.pick(B["cust"])
                t = self.U(max(lo, d * DAY + 9 * 3600), d * DAY + 20 * 3600)
                ev.append((t, q, {}))
            if d == D15:
                n = int(self.r.integers(20, 56))
            elif d == B["day"]:
                n = int(self.r.integers(3, 11))
            else:
                n = int(self.r.integers(10, 36))
            tg = self.sample(B["cust"], n)
            ts = np.sort(self.r.uniform(lo, hi, len(tg)))
            its = [(t, q, self.num[q], {}) for t, q in zip(ts, tg)]
            for q, en in B["sup"][: int(self.r.integers(1, 4))]:
                its.append((self.U(lo, hi), q, en or self.num[q], {"sup": 1, "no_cb": True}))
            for q in self.sample(fam, int(self.r.integers(0, 3))):
                its.append((self.U(lo, hi + 3600), q, self.num[q], {"fam": 1, "no_cb": True}))
            its = [x for x in its if x[2] is not None]
            res, _ = self.dial(
                line,
                its,
                ans_fn,
                dur_fn,
                lambda m: self.U(20, 40),
                lambda a: self.ln(60, 0.8),
                d * DAY + 20 * 3600,
                breaks=[(d * DAY + 12 * 3600, d * DAY + 13.5 * 3600)],
            )
            self.callbacks(
                line.num,
                res,
                0.35,
                lambda: 60 + self.ln(900, 1.0),
                0.85,
                lambda m: min(900, max(10, self.ln(70, 0.7))),
            )
            self.inbound(line.num, ev, 0.9, lambda m: min(900, max(10, self.ln(90, 0.7))))
            for t, q, _ in ev:
                B["called_in"].add(q)

    # ---------------------------------------------------------------- fraud
    def fcard(self, pop, num, act, imei, home, cell, region, by, idh, ctype="mobile"):
        self.sub(num, idh, ctype, act, home, by)
        self.popu[num] = pop
        self.fraud_nums.append(num)
        return dict(num=num, imei=imei, cell=cell, region=region, pop=pop, act=act)

    def victims(self, cities, age_w, ext_frac=0.15, seq_frac=0.0):
        """Endless iterator over (kind, person, number): strangers from a leaked/generated list."""
        pool = [q for c in cities for q in self.city_people[c] if self.role[q] == "bg"]
        w = np.array([age_w(self.by[q]) for q in pool], float)
        order = list(self.r.choice(len(pool), size=len(pool), replace=False, p=w / w.sum()))
        i = 0
        seqbuf = []
        while True:
            u = self.r.random()
            if u < seq_frac:
                if not seqbuf:
                    seqbuf = self.seq_numbers(int(self.r.integers(80, 300)))
                n = seqbuf.pop(0)
                q = self.num2p.get(n)
                if q is not None and self.role[q] == "bg" and q not in self.sw:
                    yield ("p", q, self.num[q])
                else:
                    yield ("x" if self.P(0.45) else "u", None, n)
            elif u < seq_frac + ext_frac:
                yield ("x", None, self.ext_number(self.pick(cities)))
            else:
                if i >= len(order):
                    i = 0
                q = pool[order[i]]
                i += 1
                num, alive = self.reach(q, 0)
                if num is None:
                    continue
                yield ("p", q, num)

    def fraud_dial(
        self,
        card,
        vit,
        t0,
        t_end,
        n,
        ans_mult,
        durmix,
        ring,
        gap,
        breaks=(),
        cb_miss=0.025,
        cb_ans=0.01,
        fr_ans=0.25,
        fr_dur=None,
        max_long=3,
        spread=False,
    ):
        items = []
        plan = (
            np.sort(self.r.uniform(t0, max(t0 + 1, t_end - 900), n)) if spread else t0 + np.arange(n) * 0.01
        )
        for i in range(n):
            kind, q, num = next(vit)
            items.append((float(plan[i]), q, num, {"vk": kind}))
        longs = [0]

        def ans_fn(q, t, meta, att):
            k = meta["vk"]
            if k == "u":
                return 0.0
            if k == "x":
                return 0.3 * ans_mult * self.hft["W"][hour_of(t)]
            return min(0.95, self.unk[q] * ans_mult * self.hf(q, t))

        def dur_fn(q, t, meta):
            u = self.r.random()
            acc = 0
            for j, (pp, med, sig, lo, hi) in enumerate(durmix):
                acc += pp
                if u < acc:
                    if j == len(durmix) - 1 and len(durmix) > 2:
                        if longs[0] >= max_long or meta["vk"] != "p":
                            continue
                        longs[0] += 1
                    return min(hi, max(lo, self.ln(med, sig)))
            pp, med, sig, lo, hi = durmix[0]
            return min(hi, max(lo, self.ln(med, sig)))

        def ring_fn(meta):
            return self.U(3, 8) if meta["vk"] == "u" else ring()

        line = Line(card["num"], card["imei"], lambda t, q: card["cell"], lambda t: card["region"])
        res, free = self.dial(line, items, ans_fn, dur_fn, ring_fn, lambda a: gap(), t_end, breaks=breaks)
        fr_dur = fr_dur or (lambda: min(600, max(5, self.ln(40, 0.7))))
        for q, callee, st, dur, meta, att in res:
            if meta["vk"] != "p":
                continue
            if self.P(cb_ans if dur > 0 else cb_miss):
                t = st + max(60, self.ln(1200, 1.0))
                c = self.ctx(q, t)
                if c:
                    a = (not self.is_busy(card["num"], t)) and self.P(fr_ans)
                    d = fr_dur() if a else 0
                    self.emit(c[0], card["num"], t, d, d or self.U(10, 30), c[1], c[2], c[3])
            if dur > 600 and self.P(0.45):  # shaken victim calls family afterwards
                fam = [x for x, (k, w) in sorted(self.adj[q].items()) if k in (HOUSE, FAM)]
                if fam:
                    f = self.pick(fam)
                    t = st + dur + self.ln(900, 0.8)
                    c = self.ctx(q, t)
                    num, alive = self.reach(f, t, q)
                    if c and num:
                        a = alive and self.P(0.9)
                        d = min(3600, self.ln(240, 0.8)) if a else 0
                        self.emit(c[0], num, t, d, d or self.U(15, 35), c[1], c[2], c[3])
        return res, free

    def build_fraud(self):
        r = self.r
        d0 = D15 * DAY
        ident = [0]

        def newid():
            ident[0] += 1
            return self.idhash(2 * 10**7 + ident[0])

        def holder_by():
            return int(
                r.choice(
                    [int(r.integers(1945, 1962)), int(r.integers(1962, 1990)), int(r.integers(1998, 2007))]
                )
            )

        def age_old(b):
            return 3.0 if b <= 1962 else (1.5 if b <= 1975 else 1.0)

        def age_young(b):
            return 2.5 if 1982 <= b <= 2003 else (0.8 if b > 1965 else 0.3)

        def age_mid(b):
            return 1.5 if 1966 <= b <= 1998 else 0.6

        DM_POLICE = [(0.65, 14, 0.6, 3, 90), (0.30, 90, 0.7, 20, 900), (0.05, 1800, 0.5, 600, 5400)]
        DM_ECOM = [(0.55, 18, 0.5, 3, 90), (0.38, 110, 0.6, 20, 900), (0.07, 1100, 0.5, 300, 4000)]
        DM_SIMBOX = [(0.75, 7, 0.4, 2, 40), (0.22, 45, 0.5, 15, 300), (0.03, 180, 0.5, 60, 900)]
        DM_BANK = [(0.50, 20, 0.5, 3, 90), (0.38, 150, 0.6, 20, 900), (0.12, 1500, 0.5, 600, 5400)]

        # --- police impersonation (公检法), two teams, brand-new cards, fast bursts
        for team in range(2):
            tc = self.pick(BIG)
            hc = self.pick(SMALL)
            cell = self.pick(self.cells[tc])
            vit = self.victims([tc], age_old)
            ncard = int(r.integers(2, 5))
            if team == 0:  # cards used in turn on one handset, consecutive numbers
                imei = self.imei()
                nums = []
                base = self.ours_number(hc, recent=True)
                pre = base[:-4]
                st = int(base[-4:])
                for i in range(ncard):
                    n_ = f"{pre}{(st + i) % 10000:04d}"
                    if n_ in self.used and i:
                        n_ = self.ours_number(hc, recent=True)
                    self.used.add(n_)
                    nums.append(n_)
                act0 = (D15 - 1) * DAY + self.U(19, 22) * 3600
                t = d0 + self.U(8.8, 9.6) * 3600
                idh = newid()
                by = holder_by()
                for i, n_ in enumerate(nums):
                    card = self.fcard(
                        "fraud_police_impersonation",
                        n_,
                        act0 + i * self.U(60, 400),
                        imei,
                        hc,
                        cell,
                        tc,
                        by,
                        idh,
                    )
                    res, free = self.fraud_dial(
                        card,
                        vit,
                        t,
                        d0 + 20.5 * 3600,
                        int(r.integers(70, 140)),
                        0.9,
                        DM_POLICE,
                        lambda: self.U(20, 40),
                        lambda: self.U(3, 15),
                    )
                    t = free + self.U(120, 900)
                    if 12 * 3600 <= t - d0 < 13.5 * 3600:
                        t = d0 + 13.5 * 3600 + self.U(0, 900)
            else:  # several operators in one room, one phone each
                for i in range(ncard):
                    act = d0 + self.U(7.3, 8.6) * 3600
                    card = self.fcard(
                        "fraud_police_impersonation",
                        self.ours_number(hc, recent=True),
                        act,
                        self.imei(),
                        hc,
                        cell,
                        tc,
                        holder_by(),
                        newid(),
                    )
                    t = d0 + self.U(9, 10.2) * 3600
                    self.fraud_dial(
                        card,
                        vit,
                        t,
                        d0 + 18 * 3600,
                        int(r.integers(120, 280)),
                        0.9,
                        DM_POLICE,
                        lambda: self.U(20, 40),
                        lambda: self.U(3, 15),
                        breaks=[(d0 + 12 * 3600, d0 + 13.5 * 3600)],
                    )

        # --- fake e-commerce / courier customer service refund, paced to look human, cards 1-3 days old
        nring = int(r.integers(7, 11))
        tc = self.pick(BIG)
        ring_cards = []
        shared_imei = None
        for i in range(nring):
            local = self.P(0.6)
            hc = tc if local else self.pick([c for c in range(len(CITIES)) if c != tc])
            aday = int(r.integers(D15 - 3, D15))
            act = aday * DAY + self.U(10, 20) * 3600
            if i % 4 == 1 and shared_imei:
                imei = shared_imei
            else:
                imei = self.imei()
                shared_imei = imei
            card = self.fcard(
                "fraud_ecommerce_refund_paced",
                self.ours_number(hc, recent=True),
                act,
                imei,
                hc,
                self.pick(self.cells[tc]),
                tc,
                holder_by(),
                newid(),
            )
            ring_cards.append(card)
        vit = self.victims([tc], age_young, ext_frac=0.2)
        for card in sorted(ring_cards, key=lambda c: c["act"]):
            others = [c for c in ring_cards if c is not card and c["act"] < card["act"]]
            if others and self.P(0.7):  # test call to a ring mate right after activation
                o = self.pick(others)
                t = card["act"] + self.U(120, 1200)
                self.emit(
                    card["num"], o["num"], t, self.U(8, 40), 0, card["imei"], card["cell"], card["region"]
                )
            for d in range(int(card["act"] // DAY), NDAYS):
                t0 = max(d * DAY + self.U(8.8, 9.6) * 3600, card["act"] + self.U(2, 4) * 3600)
                te = d * DAY + self.U(19, 20.2) * 3600
                if t0 >= te - 3600:
                    continue
                self.fraud_dial(
                    card,
                    vit,
                    t0,
                    te,
                    int(r.integers(35, 76)),
                    0.95,
                    DM_ECOM,
                    lambda: self.U(15, 35),
                    lambda: self.ln(150, 0.6) + (self.U(300, 1200) if self.P(0.1) else 0),
                    breaks=[(d * DAY + 12 * 3600, d * DAY + 13.5 * 3600)],
                    fr_ans=0.35,
                    spread=True,
                )

        # --- SIM-box / GoIP loan robocalls: several cards in turn on one IMEI at one cell
        for box in range(2):
            tc = self.pick(BIG)
            cell = self.pick(self.cells[tc])
            imei = self.imei(self.pick(self.goip_tacs))
            ncard = int(r.integers(5, 8))
            virt = box == 1
            hc = self.pick([c for c in range(len(CITIES)) if c != tc]) if box == 0 else self.pick(BIG)
            if virt:
                pref = self.pick(VIRT_PREFIX[:3])
                base = self._num(pref, hc)
            else:
                base = self.ours_number(hc, recent=True)
            pre, st = base[:-4], int(base[-4:])
            if st + ncard >= 10000:
                st = 9000
            nums = [base] + [f"{pre}{st + i:04d}" for i in range(1, ncard)]
            for n_ in nums:
                self.used.add(n_)
            act0 = (
                ((D15 - 1) * DAY + self.U(9.5, 10.5) * 3600) if box == 0 else (d0 + self.U(6.8, 7.3) * 3600)
            )
            ids = [newid() for _ in range(int(r.integers(2, 4)))]
            bys = [holder_by() for _ in ids]
            cards = []
            for i, n_ in enumerate(nums):
                j = i % len(ids)
                cards.append(
                    self.fcard(
                        "fraud_simbox_loan",
                        n_,
                        act0 + i * self.U(20, 180),
                        imei,
                        hc,
                        cell,
                        tc,
                        bys[j],
                        ids[j],
                        "virtual" if virt else "mobile",
                    )
                )
            vit = self.victims([tc], age_mid, ext_frac=0.1, seq_frac=0.35)
            if box == 0:
                plan = [
                    ((D15 - 1) * DAY + self.U(14, 14.5) * 3600, (D15 - 1) * DAY + 18 * 3600, cards[:2]),
                    (d0 + self.U(9, 9.3) * 3600, d0 + 18 * 3600, (cards[2:] + cards[:2]) * 2),
                ]
            else:
                plan = [(d0 + self.U(9.5, 9.8) * 3600, d0 + 17.5 * 3600, cards * 2)]
            for t, te, seqc in plan:
                for card in seqc:
                    if t >= te:
                        break
                    res, free = self.fraud_dial(
                        card,
                        vit,
                        t,
                        te,
                        int(r.integers(30, 71)),
                        0.8,
                        DM_SIMBOX,
                        lambda: self.U(12, 25),
                        lambda: self.U(1, 5),
                        cb_miss=0.02,
                    )
                    t = free + self.U(20, 120)

        # --- one-ring (响一声) cards: ring 1-4 s and hang up, hoping for call-backs
        for i in range(int(r.integers(4, 6))):
            tc = self.pick(BIG)
            hc = self.pick(range(len(CITIES)))
            act = (D15 - int(r.integers(0, 3))) * DAY + self.U(6, 9) * 3600
            virt = self.P(0.5)
            num = self._num(self.pick(VIRT_PREFIX[:3]), hc) if virt else self.ours_number(hc, recent=True)
            card = self.fcard(
                "fraud_one_ring",
                num,
                act,
                self.imei(),
                hc,
                self.pick(self.cells[tc]),
                tc,
                holder_by(),
                newid(),
                "virtual" if virt else "mobile",
            )
            vit = self.victims(BIG, lambda b: 1.0, ext_frac=0.2, seq_frac=0.5)
            for d in range(int(act // DAY), NDAYS):
                t0 = max(d * DAY + self.U(10, 12) * 3600, act + 1800)
                if d < D15 and self.P(0.5):
                    continue
                self.fraud_dial(
                    card,
                    vit,
                    t0,
                    d * DAY + 23 * 3600,
                    int(r.integers(150, 401)),
                    0.1,
                    [(1.0, 2, 0.4, 1, 5)],
                    lambda: self.U(1, 4),
                    lambda: self.U(1, 5),
                    cb_miss=0.06,
                    cb_ans=0.0,
                    fr_ans=0.7,
                    fr_dur=lambda: min(120, max(5, self.ln(25, 0.5))),
                )

        # --- fake bank / loan officers with a few long conversations
        for i in range(int(r.integers(4, 7))):
            tc = self.pick(BIG)
            hc = tc if self.P(0.5) else self.pick(range(len(CITIES)))
            act = int(r.integers(D15 - 2, D15 + 1)) * DAY + self.U(8, 12) * 3600
            card = self.fcard(
                "fraud_bank_loan_long_talk",
                self.ours_number(hc, recent=True),
                act,
                self.imei(),
                hc,
                self.pick(self.cells[tc]),
                tc,
                holder_by(),
                newid(),
            )
            vit = self.victims([tc], age_mid, ext_frac=0.15)
            for d in range(int(act // DAY), NDAYS):
                t0 = max(d * DAY + self.U(9, 10) * 3600, act + 1800)
                if t0 >= d * DAY + 17 * 3600:
                    continue
                self.fraud_dial(
                    card,
                    vit,
                    t0,
                    d * DAY + 18 * 3600,
                    int(r.integers(25, 56)),
                    1.0,
                    DM_BANK,
                    lambda: self.U(20, 40),
                    lambda: self.ln(200, 0.6) + (self.U(300, 1500) if self.P(0.08) else 0),
                    breaks=[(d * DAY + 12 * 3600, d * DAY + 14 * 3600)],
                    fr_ans=0.4,
                    max_long=4,
                    spread=True,
                )

        # --- older real-name cards bought / rented from their holders
        elder = [q for q in range(self.NP) if self.role[q] == "bg" and self.ours[q] and self.by[q] <= 1955]
        for i in range(int(r.integers(3, 6))):
            hc = self.pick(range(len(CITIES)))
            tc = self.pick([c for c in BIG if c != hc])
            db = math.exp(self.U(math.log(300), math.log(2500)))
            if i == 0 and elder:  # registered on a real elderly person's ID
                owner = self.pick(elder)
                idh, by = self.idhash(owner), self.by[owner]
            else:
                idh, by = newid(), holder_by()
            num = self.ours_number(hc, recent=db < 900)
            card = self.fcard(
                "fraud_rented_realname_card",
                num,
                -db * DAY,
                self.imei(),
                hc,
                self.pick(self.cells[tc]),
                tc,
                by,
                idh,
            )
            if i % 2 == 1:  # holder's own light use early in the period
                oimei = self.imei()
                ocell = self.pick(self.cells[hc])
                contacts = [self.ext_number(hc) for _ in range(2)] + [
                    self.num[q]
                    for q in self.sample([q for q in self.city_people[hc] if self.role[q] == "bg"], 1)
                ]
                for d in range(int(r.integers(2, 6))):
                    for _ in range(int(r.integers(1, 4))):
                        t = d * DAY + self.U(8, 21) * 3600
                        a = self.P(0.8)
                        du = min(1800, self.ln(90, 0.9)) if a else 0
                        self.emit(num, self.pick(contacts), t, du, du or 25, oimei, ocell, hc)
            vit = self.victims([tc], age_old if self.P(0.5) else age_young, ext_frac=0.15)
            t0 = d0 + self.U(9.3, 10.5) * 3600
            self.detail[num] = dict(fraud_start=t0)
            self.fraud_dial(
                card,
                vit,
                t0,
                d0 + 18.5 * 3600,
                int(r.integers(50, 131)),
                0.95,
                DM_ECOM,
                lambda: self.U(18, 35),
                lambda: self.ln(80, 0.7),
                breaks=[(d0 + 12 * 3600, d0 + 13.5 * 3600)],
                spread=self.P(0.5),
            )

    # ---------------------------------------------------------------- driver
    def run(self):
        self.build_people()
        self.setup_roles()
        self.assign_numbers()
        self.contact_arrays()
        self.bg_callers = [
            q
            for q in range(self.NP)
            if (q in self.sw and self.sw[q].old_kind == "ours") or (q not in self.sw and self.ours[q])
        ]
        for d in range(D15):
            self.background_day(d)
        for T in self.teachers:
            self.run_teacher(T)
        for Pm in self.props:
            self.run_property(Pm)
        for A in self.agents:
            self.run_agent(A)
        for Wd in self.weddings:
            self.run_wedding(Wd)
        for Rd in self.riders:
            self.run_rider(Rd)
        for B in self.biz:
            self.run_biz(B)
        for s in sorted(self.sw.values(), key=lambda s: s.act):
            self.run_switcher(s)
        self.build_fraud()
        self.background_day(D15)

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        cols = list(zip(*self.R))
        df = pl.DataFrame(
            {
                "caller": list(cols[0]),
                "callee": list(cols[1]),
                "t": np.array(cols[2], np.int64),
                "duration_s": np.array(cols[3], np.int64),
                "occ": np.array(cols[4], np.int64),
                "caller_imei": list(cols[5]),
                "caller_cell": list(cols[6]),
                "caller_region": list(cols[7]),
            }
        )
        df = df.with_row_index("ord")
        # one handset/line cannot hold two calls at once: push overlapping attempts later
        df = df.sort(["caller", "t", "ord"])
        callers = df["caller"].to_list()
        ts = df["t"].to_numpy().copy()
        occ = df["occ"].to_numpy()
        prev_c, prev_end = None, -1
        for i in range(len(ts)):
            if callers[i] == prev_c and ts[i] < prev_end:
                ts[i] = prev_end + 3 + (i * 7919) % 40
            prev_c = callers[i]
            prev_end = ts[i] + occ[i]
        df = df.with_columns(pl.Series("t", ts)).filter(pl.col("t") < END)
        df = df.sort(["t", "ord"])
        n = df.height
        df = df.with_columns(
            pl.Series("call_id", [f"CW{self.seed:02d}{i:09d}" for i in range(n)]),
            (
                (pl.lit(BASE) + pl.duration(seconds=pl.col("t"))).dt.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"
            ).alias("start_time"),
            pl.lit("intra").alias("origin"),
            pl.lit("moc").alias("call_type"),
        )
        calls = df.select(
            [
                "call_id",
                "caller",
                "callee",
                "start_time",
                "duration_s",
                "origin",
                "caller_imei",
                "caller_cell",
                "caller_region",
                "call_type",
            ]
        )
        calls.write_csv(os.path.join(out, "calls.csv"))

        def ts_str(x):
            return (BASE + timedelta(seconds=float(x))).replace(microsecond=0).strftime(
                "%Y-%m-%dT%H:%M:%S"
            ) + "+08:00"

        subs = pl.DataFrame([dict(v, activated_at=ts_str(v["activated_at"])) for v in self.subs.values()])
        subs = subs.select(
            ["number", "id_hash", "operator", "card_type", "activated_at", "home_region", "birth_year"]
        )
        subs.sort("number").write_csv(os.path.join(out, "subscribers.csv"))

        first = df.group_by("caller").agg(pl.col("t").min().alias("first"), pl.len().alias("n_calls"))
        fraud = set(self.fraud_nums)
        fs_tab = {}
        for num, d in self.detail.items():
            if "fraud_start" in d:
                x = df.filter((pl.col("caller") == num) & (pl.col("t") >= int(d["fraud_start"])))["t"]
                if len(x):
                    fs_tab[num] = int(x.min())
        rows = []
        for c, f, nc in first.sort("caller").iter_rows():
            pop = self.popu.get(c)
            if pop is None:
                raise RuntimeError(f"caller without population: {c}")
            d = self.detail.get(c, {})
            fs = None
            if c in fraud:
                fs = f
                if "fraud_start" in d:  # first call at or after the start of the fraud use
                    fs = fs_tab.get(c, f)
            rows.append(
                dict(
                    number=c,
                    population=pop,
                    is_fraud=int(c in fraud),
                    activated_at=ts_str(self.subs[c]["activated_at"]) if c in self.subs else "",
                    first_call=ts_str(f),
                    fraud_start=ts_str(fs) if fs is not None else "",
                    calls=nc,
                    old_number=d.get("old_number", ""),
                    old_number_kind=d.get("old_number_kind", ""),
                    same_handset=d.get("same_handset", ""),
                )
            )
        td = pl.DataFrame(rows, infer_schema_length=None)
        td.select(["number", "population", "is_fraud"]).write_csv(os.path.join(out, "truth.csv"))
        td.write_csv(os.path.join(out, "truth_detail.csv"))
        missing = [n_ for n_ in self.fraud_nums if n_ not in set(td["number"].to_list())]
        return calls.height, subs.height, td.height, missing


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--persons", type=int, default=11000, help="size of the social world (default 11000)")
    a = ap.parse_args()
    w = World(a.seed, a.persons)
    w.run()
    nc, ns, nt, missing = w.write(a.out)
    print(f"seed {a.seed}: calls={nc} subscribers={ns} truth={nt}")
    if missing:
        print("WARNING: fraud numbers without calls:", missing)


if __name__ == "__main__":
    main()
