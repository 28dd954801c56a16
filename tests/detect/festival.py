#!/usr/bin/env python3
"""festival.py -- independent synthetic voice-traffic generator.

A county-level slice (固始县, 信阳市, 河南) of one mobile operator ("CMCC") around the
2026 Spring Festival rush (春运).  10 days of history (2026-02-02 .. 02-11) and 4 measured
days (02-12 .. 02-15, the four days before New Year's Eve 02-16).

    python festival.py --seed 1 --out seed1

writes calls.csv, subscribers.csv and truth.csv (formats of DATA.md; see README.md).
Everything is drawn from one numpy Generator seeded with --seed, so a seed is reproducible.
"""

import argparse
import datetime as dt
import hashlib
import os
import time

import numpy as np
import polars as pl

# ----------------------------------------------------------------------------- calendar
TZ8 = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 2, 2, 0, 0, 0, tzinfo=TZ8)  # 春运 day 1 (Monday)
T0_LOCAL_NAIVE_EPOCH = int(dt.datetime(2026, 2, 2).replace(tzinfo=dt.UTC).timestamp())
DAY = 86400.0
HOUR = 3600.0
N_HIST, N_MEAS = 10, 4
N_DAYS = N_HIST + N_MEAS
MEAS0 = N_HIST * DAY  # 2026-02-12 00:00 +08:00
T_END = N_DAYS * DAY  # 2026-02-16 00:00 +08:00 (除夕)
DAYMULT = np.array(
    [
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
        0.95,
        0.95,
        1.05,
        1.1,
        1.15,  # history
        1.3,
        1.4,
        1.45,
        1.5,
    ]
)  # measured

# ----------------------------------------------------------------------------- geography
OP = "CMCC"
COUNTY, PREF, NEIGH = "固始县", "信阳市", "商城县"
SEAT = ["番城街道", "秀水街道", "蓼城街道"]
RURAL = [
    "陈淋子镇",
    "黎集镇",
    "蒋集镇",
    "往流镇",
    "郭陆滩镇",
    "胡族铺镇",
    "方集镇",
    "三河尖镇",
    "段集镇",
    "汪棚镇",
    "张广庙镇",
    "陈集镇",
    "武庙集镇",
    "分水亭镇",
    "石佛店镇",
    "泉河铺镇",
    "祖师庙镇",
    "李店镇",
    "沙河铺镇",
    "南大桥乡",
    "赵岗乡",
    "草庙集乡",
    "杨集乡",
    "洪埠乡",
    "观堂乡",
    "丰港乡",
    "马堽集乡",
]
N_RURAL_TOWNS = 13
SURN = list("王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗汪蒋余曹")
VSUF = [
    "岗",
    "楼",
    "湾",
    "营",
    "店",
    "庄",
    "集",
    "畈",
    "寨",
    "冲",
    "洼",
    "桥",
    "塘",
    "圩",
    "河",
    "港",
    "铺",
    "湖",
]
CITIES = [
    ("上海市", 0.17),
    ("苏州市", 0.11),
    ("杭州市", 0.08),
    ("宁波市", 0.05),
    ("温州市", 0.05),
    ("深圳市", 0.10),
    ("广州市", 0.07),
    ("东莞市", 0.07),
    ("北京市", 0.10),
    ("武汉市", 0.06),
    ("郑州市", 0.08),
    ("合肥市", 0.06),
]
CITY_NAMES = [c for c, _ in CITIES]
CITY_W = np.array([w for _, w in CITIES])
CITY_W /= CITY_W.sum()
EAST = ["南京市", "合肥市", "六安市"]
SOUTH = ["韶关市", "长沙市", "武汉市", "麻城市"]
ROUTE = {
    "上海市": EAST,
    "苏州市": EAST,
    "杭州市": EAST,
    "宁波市": EAST,
    "温州市": EAST,
    "深圳市": SOUTH,
    "广州市": SOUTH,
    "东莞市": SOUTH,
    "北京市": ["衡水市", "商丘市", "阜阳市"],
    "武汉市": ["黄冈市", "麻城市"],
    "郑州市": ["驻马店市", "信阳市"],
    "合肥市": ["六安市"],
}
TRAVEL_H = {
    "上海市": 8,
    "苏州市": 7.5,
    "杭州市": 8.5,
    "宁波市": 9.5,
    "温州市": 11,
    "深圳市": 14,
    "广州市": 13,
    "东莞市": 13.5,
    "北京市": 12,
    "武汉市": 5,
    "郑州市": 5,
    "合肥市": 3,
}
OTHER_REGIONS = [
    "南阳市",
    "驻马店市",
    "周口市",
    "阜阳市",
    "六安市",
    "武汉市",
    "南京市",
    "成都市",
    "西安市",
    "天津市",
    "青岛市",
    "厦门市",
    "长沙市",
    "昆明市",
    "重庆市",
    "济南市",
]

PFX = {
    "CMCC": [
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
        "178",
        "182",
        "183",
        "184",
        "187",
        "188",
        "195",
        "198",
    ],
    "CUCC": ["130", "131", "132", "155", "156", "166", "175", "176", "185", "186"],
    "CTCC": ["133", "153", "173", "177", "180", "181", "189", "191", "199"],
    "CBN": ["192"],
}
LOCAL_OP = (["CMCC", "CUCC", "CTCC", "CBN"], [0.58, 0.17, 0.22, 0.03])
CITY_OP = (["CMCC", "CUCC", "CTCC"], [0.45, 0.27, 0.28])
SERVICES = {
    "10086": (90, 0.6),
    "95588": (150, 0.6),
    "95599": (160, 0.6),
    "95580": (170, 0.6),
    "12345": (220, 0.6),
    "110": (70, 0.5),
    "120": (60, 0.5),
    "12306": (150, 0.6),
    "95533": (140, 0.6),
}

SMART_TAC = [
    "86769204",
    "86833104",
    "35391110",
    "86446305",
    "86201906",
    "35283011",
    "86580204",
    "86980105",
    "86498103",
    "35672611",
    "86736504",
    "86025606",
    "86887305",
    "35914510",
]
FEATURE_TAC = ["86120403", "86745402", "35868802", "86317001", "86052201"]
MODULE_TAC = ["86206304", "35854906"]

# hour-of-day profiles
PROF = {
    "elderly": [0, 0, 0, 0, 0, 1, 4, 8, 8, 6, 5, 5, 4, 3, 3, 3, 4, 5, 8, 8, 5, 2, 0.5, 0],
    "adult": [0.2, 0, 0, 0, 0, 0.2, 1, 3, 5, 5, 5, 6, 7, 5, 4, 4, 5, 6, 8, 9, 8, 5, 2, 1],
    "town": [0.3, 0.1, 0, 0, 0, 0.1, 1, 2, 5, 7, 7, 7, 7, 5, 5, 6, 6, 7, 8, 9, 8, 6, 3, 1],
    "youth": [1, 0.3, 0, 0, 0, 0, 0, 0.2, 1, 2, 3, 4, 4, 4, 4, 4, 4, 5, 6, 7, 8, 8, 6, 3],
    "city": [0.3, 0, 0, 0, 0, 0, 1, 3, 2, 2, 2, 3, 8, 6, 2, 2, 2, 3, 6, 8, 9, 7, 4, 1],
    "home": [0.2, 0, 0, 0, 0, 0, 0.5, 2, 4, 6, 7, 7, 6, 5, 5, 6, 6, 7, 8, 9, 8, 5, 2, 0.5],
    "office": [0, 0, 0, 0, 0, 0, 0, 1, 5, 9, 10, 8, 2, 3, 9, 10, 9, 6, 2, 1, 0.3, 0, 0, 0],
}
PROF = {k: np.array(v, float) / np.sum(v) for k, v in PROF.items()}

# person kinds
ELD, ADU, YOU, MIG, TOWN = 0, 1, 2, 3, 4
ANS_BASE = {ELD: 0.72, ADU: 0.86, YOU: 0.78, MIG: 0.84, TOWN: 0.87}
CB_BASE = {ELD: 0.45, ADU: 0.6, YOU: 0.4, MIG: 0.55, TOWN: 0.6}
# number kinds (for answering behaviour of callees that are not persons)
NK_PERSON, NK_EXT, NK_SVC, NK_LAND = 0, 1, 2, 3


def iso(t):
    if not np.isfinite(t):
        return ""
    return (T0 + dt.timedelta(seconds=float(t))).isoformat(timespec="seconds")


def luhn(d14):
    s = 0
    for i, ch in enumerate(d14):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return str((10 - s % 10) % 10)


class Loc:
    """Where a number is (cells, region, handset) as a function of time: ordered segments."""

    __slots__ = ("segs", "starts")

    def __init__(self):
        self.starts, self.segs = [], []

    def add(self, t0, cells, w, region, imei):
        w = np.asarray(w, float)
        self.starts.append(float(t0))
        self.segs.append((np.asarray(cells, np.int64), w / w.sum(), region, imei))
        return self

    def sample(self, rng, ts):
        n = len(ts)
        k = np.searchsorted(np.asarray(self.starts), ts, side="right") - 1
        k = np.clip(k, 0, len(self.segs) - 1)
        cells = np.empty(n, np.int64)
        regs = np.empty(n, np.int64)
        ims = np.empty(n, np.int64)
        for j in np.unique(k):
            m = k == j
            c, w, r, im = self.segs[j]
            cells[m] = c[rng.choice(len(c), m.sum(), p=w)] if len(c) > 1 else c[0]
            regs[m] = r
            ims[m] = im
        return cells, regs, ims


class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        # regions, cells, imeis
        self.regions, self.reg_ix = [], {}
        self.cells, self.enb_next = [], {}
        self.imeis = []
        # numbers
        self.n_str, self.n_out, self.n_kind, self.n_person = [], [], [], []
        self.n_sub, self.n_ctype, self.n_act, self.n_home = [], [], [], []
        self.n_birth, self.n_idh, self.n_guard, self.n_pop, self.n_fraud = [], [], [], [], []
        self.n_loc, self.n_mu = [], []
        self.num_ix = {}
        self.hb = {}
        # persons
        self.p_kind, self.p_birth, self.p_idh, self.p_place, self.p_town, self.p_hh = [], [], [], [], [], []
        self.p_main, self.p_new, self.p_new_act, self.p_city, self.p_cells = [], [], [], [], []
        self.p_imei, self.p_lam = [], []
        self.E = []
        # calls
        self.rows = []  # list of tuples of arrays
        self.svc = {}
        self.stats = {}
        self.note = {}

    # ------------------------------------------------------------------ basic tables
    def reg(self, name):
        if name not in self.reg_ix:
            self.reg_ix[name] = len(self.regions)
            self.regions.append(name)
        return self.reg_ix[name]

    def site(self, region, nsec=3):
        if region not in self.enb_next:
            used = {v // 1000 for v in self.enb_next.values()}
            b = int(self.rng.integers(100, 990))
            while b in used or b + 1 in used or b - 1 in used:
                b = int(self.rng.integers(100, 990))
            self.enb_next[region] = b * 1000
        enb = self.enb_next[region] + int(self.rng.integers(1, 4))
        self.enb_next[region] = enb
        out = []
        for s in range(1, nsec + 1):
            out.append(len(self.cells))
            self.cells.append(f"460-00-{enb}-{s}")
        return out

    def imei(self, tac=None, feature=False, serial=None):
        rng = self.rng
        if tac is None:
            pool = FEATURE_TAC if feature else SMART_TAC
            tac = pool[rng.integers(len(pool))]
        if serial is None:
            serial = int(rng.integers(0, 1_000_000))
        b = tac + f"{serial % 1_000_000:06d}"
        self.imeis.append(b + luhn(b))
        return len(self.imeis) - 1

    def imei_sibling(self, ix, delta=1):
        s = self.imeis[ix]
        return self.imei(tac=s[:8], serial=int(s[8:14]) + delta)

    def idhash(self, key):
        return hashlib.sha256(f"festival/{self.seed}/{key}".encode()).hexdigest()[:32]

    # ------------------------------------------------------------------ numbers
    def _blocks(self, region, op):
        key = (region, op)
        if key not in self.hb:
            k = 8 if region == COUNTY else 2
            pf = PFX[op]
            self.hb[key] = [
                (pf[self.rng.integers(len(pf))], f"{self.rng.integers(0, 10000):04d}") for _ in range(k)
            ]
        return self.hb[key]

    def _fresh(self, gen):
        while True:
            s = gen()
            if s not in self.num_ix:
                return s

    def add_number(
        self,
        s,
        out,
        kind,
        person=-1,
        sub=False,
        ctype="mobile",
        act=np.nan,
        home="",
        birth=-1,
        idh="",
        pop="",
        fraud=0,
    ):
        ix = len(self.n_str)
        self.num_ix[s] = ix
        self.n_str.append(s)
        self.n_out.append(out)
        self.n_kind.append(kind)
        self.n_person.append(person)
        self.n_sub.append(sub)
        self.n_ctype.append(ctype)
        self.n_act.append(act)
        self.n_home.append(home)
        self.n_birth.append(birth)
        self.n_idh.append(idh)
        self.n_guard.append("")
        self.n_pop.append(pop)
        self.n_fraud.append(fraud)
        self.n_loc.append(None)
        return ix

    def mobile(self, op, region, **kw):
        rng = self.rng
        blocks = self._blocks(region, op)

        def gen():
            p, h = blocks[rng.integers(len(blocks))]
            return p + h + f"{rng.integers(0, 10000):04d}"

        s = self._fresh(gen)
        kind = kw.pop("kind", NK_PERSON)
        return self.add_number(
            s,
            "+86" + s,
            kind,
            sub=(op == OP and kw.get("sub", True)),
            home=region,
            **{k: v for k, v in kw.items() if k != "sub"},
        )

    def prefixed(self, prefix, **kw):
        rng = self.rng
        n = 11 - len(prefix)
        s = self._fresh(lambda: prefix + f"{rng.integers(0, 10**n):0{n}d}")
        kind = kw.pop("kind", NK_PERSON)
        return self.add_number(s, "+86" + s, kind, **kw)

    def external(self, op=None, region=None):
        """A number outside the slice (callee only)."""
        rng = self.rng
        if op is None:
            op = ["CMCC", "CUCC", "CTCC", "CBN"][rng.choice(4, p=[0.55, 0.2, 0.22, 0.03])]
        if region is None:
            pf = PFX[op]
            s = self._fresh(lambda: pf[rng.integers(len(pf))] + f"{rng.integers(0, 10**8):08d}")
            return self.add_number(s, "+86" + s, NK_EXT)
        ix = self.mobile(op, region, kind=NK_EXT, sub=False)
        self.n_sub[ix] = False
        return ix

    def number_of(self, s, kind=NK_EXT):
        if s in self.num_ix:
            return self.num_ix[s]
        return self.add_number(s, "+86" + s, kind)

    def landline(self):
        rng = self.rng
        s = self._fresh(lambda: "037648" + f"{rng.integers(0, 100000):05d}")
        return self.add_number(s, s, NK_LAND)

    def service(self, code):
        if code not in self.svc:
            self.svc[code] = self.add_number("svc" + code, code, NK_SVC)
        return self.svc[code]

    # ------------------------------------------------------------------ persons & edges
    def add_person(self, kind, birth, place, town, hh, idkey=None):
        p = len(self.p_kind)
        self.p_kind.append(kind)
        self.p_birth.append(int(birth))
        self.p_place.append(place)
        self.p_town.append(town)
        self.p_hh.append(hh)
        self.p_idh.append(self.idhash(idkey if idkey is not None else f"person{p}"))
        self.p_main.append(-1)
        self.p_new.append(-1)
        self.p_new_act.append(np.inf)
        self.p_city.append("")
        self.p_cells.append(None)
        self.p_imei.append(-1)
        self.p_lam.append(0.0)
        self.E.append({})
        return p

    def edge(self, a, b, kind_mu, wab, wba=None, fab=1.0, fba=None):
        """Symmetric acquaintance; w = history weight, f = festival multiplier, mu = typical talk seconds."""
        if a == b or self.p_main[a] < 0 or self.p_main[b] < 0:
            return
        wba = wab if wba is None else wba
        fba = fab if fba is None else fba
        mu_ab, mu_ba = kind_mu if isinstance(kind_mu, tuple) else (kind_mu, kind_mu)
        for x, y, w, f, mu in ((a, b, wab, fab, mu_ab), (b, a, wba, fba, mu_ba)):
            cur = self.E[x].get(y)
            if cur is None or cur[0] < w:
                self.E[x][y] = [w, w * f, mu]

    def emit(self, caller, callee, t, dur, mu, redial, cb):
        """callee >= 0: number index; callee < 0: person -(callee+1), resolved at call time."""
        n = len(t)
        if n == 0:
            return
        f = lambda x, d: np.broadcast_to(np.asarray(x, d), (n,)).copy()
        self.rows.append(
            (
                f(caller, np.int64),
                f(callee, np.int64),
                f(t, float),
                f(dur, np.int64),
                f(mu, float),
                f(redial, float),
                f(cb, float),
            )
        )

    def durs(self, mu, sig, n):
        return np.clip(self.rng.lognormal(np.log(mu), sig, n), 3, 7200).astype(np.int64)

    def times(self, days, prof):
        rng = self.rng
        h = rng.choice(24, len(days), p=PROF[prof])
        return np.asarray(days) * DAY + h * HOUR + rng.uniform(0, HOUR, len(days))

    def static_loc(self, p, region=COUNTY):
        return Loc().add(-1e12, self.p_cells[p][0], self.p_cells[p][1], self.reg(region), self.p_imei[p])

    # ================================================================== world building
    def build(self):
        rng = self.rng
        self.reg(COUNTY)
        # ---- county seat
        self.towns = []  # dict(name, center_cells, villages)
        self.places = []  # dict(name, town, cells)
        for name in SEAT:
            cells = []
            for _ in range(6):
                cells += self.site(COUNTY)
            town = dict(name=name, seat=True, center=cells, villages=[])
            ti = len(self.towns)
            self.towns.append(town)
            for k in range(3):
                sub = cells[k * 6 : (k + 1) * 6]
                town["villages"].append(len(self.places))
                self.places.append(dict(name=f"{name}{k + 1}社区", town=ti, cells=sub, seat=True))
        rural = [RURAL[i] for i in sorted(rng.choice(len(RURAL), N_RURAL_TOWNS, replace=False))]
        for name in rural:
            center = self.site(COUNTY) + self.site(COUNTY)
            town = dict(name=name, seat=False, center=center, villages=[])
            ti = len(self.towns)
            self.towns.append(town)
            town["villages"].append(len(self.places))
            self.places.append(dict(name=name + "街", town=ti, cells=center, seat=False, center=True))
            for _ in range(int(rng.integers(5, 8))):
                cells = self.site(COUNTY) if rng.random() < 0.7 else self.site(COUNTY) + self.site(COUNTY, 2)
                vname = SURN[rng.integers(len(SURN))] + VSUF[rng.integers(len(VSUF))] + "村"
                town["villages"].append(len(self.places))
                self.places.append(dict(name=vname, town=ti, cells=cells, seat=False))
        self.seat_cells = sum((self.towns[i]["center"] for i in range(len(SEAT))), [])
        # city cells
        self.city_sites = {c: [self.site(c) for _ in range(60)] for c in CITY_NAMES}
        self.route_cells = {r: sum((self.site(r) for _ in range(3)), []) for rs in ROUTE.values() for r in rs}
        self.landlines = [self.landline() for _ in range(220)]
        for code in SERVICES:
            self.service(code)
        self.build_households()
        self.build_town_residents()
        self.build_edges()

    def village_cells(self, place, elderly):
        rng = self.rng
        pl_ = self.places[place]
        town = self.towns[pl_["town"]]
        own = pl_["cells"]
        c1 = own[rng.integers(len(own))]
        c2 = own[rng.integers(len(own))]
        c3 = town["center"][rng.integers(len(town["center"]))]
        other = self.places[town["villages"][rng.integers(len(town["villages"]))]]["cells"]
        c4 = other[rng.integers(len(other))]
        w = [0.75, 0.15, 0.05, 0.05] if elderly else [0.55, 0.2, 0.15, 0.1]
        return (np.array([c1, c2, c3, c4]), np.array(w))

    def biz(self, t):
        """move a time to business hours (9:00-19:30) of the same calendar day: cards are sold in shops"""
        return np.floor(t / DAY) * DAY + (9 + self.rng.uniform(0, 10.5)) * HOUR

    def give_phone(self, p, op, region, feature=False, act=None, pop=""):
        rng = self.rng
        if act is None:
            act = -float(rng.uniform(60, 5500)) * DAY
        if act < 0:
            act = self.biz(act)
        ix = self.mobile(op, region, person=p, act=act, birth=self.p_birth[p], idh=self.p_idh[p], pop=pop)
        self.p_main[p] = ix
        self.p_imei[p] = self.imei(feature=feature)
        return ix

    def build_households(self):
        rng = self.rng
        self.households = []  # dict(place, members)
        self.migrants = []
        for ti, town in enumerate(self.towns):
            if town["name"] in SEAT:
                continue
            for place in town["villages"]:
                if self.places[place].get("center"):
                    nh = int(rng.integers(15, 30))
                else:
                    nh = int(rng.integers(30, 52))
                for _ in range(nh):
                    hh = len(self.households)
                    mem = []
                    ne = rng.choice(3, p=[0.1, 0.35, 0.55])
                    base = int(rng.integers(1936, 1963))
                    for k in range(ne):
                        b = base + int(rng.integers(-3, 4))
                        p = self.add_person(ELD, b, place, ti, hh)
                        mem.append(p)
                        if rng.random() < (0.55 if b < 1945 else 0.82):
                            op = LOCAL_OP[0][rng.choice(4, p=LOCAL_OP[1])]
                            self.give_phone(p, op, COUNTY, feature=rng.random() < 0.7, pop="bg_elderly")
                            self.p_cells[p] = self.village_cells(place, True)
                    na = rng.choice(3, p=[0.45, 0.35, 0.2])
                    for k in range(na):
                        p = self.add_person(ADU, int(rng.integers(1963, 1996)), place, ti, hh)
                        mem.append(p)
                        if rng.random() < 0.98:
                            op = LOCAL_OP[0][rng.choice(4, p=LOCAL_OP[1])]
                            self.give_phone(
                                p, op, COUNTY if rng.random() < 0.95 else PREF, pop="bg_village_adult"
                            )
                            self.p_cells[p] = self.village_cells(place, False)
                    ny = rng.choice(3, p=[0.5, 0.3, 0.2])
                    for k in range(ny):
                        p = self.add_person(YOU, int(rng.integers(2004, 2012)), place, ti, hh)
                        mem.append(p)
                        if rng.random() < 0.5:
                            op = LOCAL_OP[0][rng.choice(4, p=LOCAL_OP[1])]
                            self.give_phone(
                                p, op, COUNTY, act=-float(rng.uniform(30, 1500)) * DAY, pop="bg_youth"
                            )
                            self.p_cells[p] = self.village_cells(place, False)
                    nm = rng.choice(4, p=[0.35, 0.35, 0.22, 0.08])
                    for k in range(nm):
                        p = self.add_person(MIG, int(rng.integers(1968, 2005)), place, ti, hh)
                        mem.append(p)
                        self.migrants.append(p)
                        self.p_city[p] = CITY_NAMES[rng.choice(len(CITY_NAMES), p=CITY_W)]
                    self.households.append(dict(place=place, town=ti, members=mem))

    def build_town_residents(self):
        rng = self.rng
        self.town_people = []
        for ti, town in enumerate(self.towns):
            places = town["villages"] if town["seat"] else [town["villages"][0]]
            nhh = 140 if town["seat"] else 22
            for _ in range(nhh):
                hh = len(self.households)
                place = places[rng.integers(len(places))]
                mem = []
                for k in range(int(rng.choice([1, 2, 2, 3]))):
                    eld = rng.random() < 0.22
                    b = int(rng.integers(1940, 1962)) if eld else int(rng.integers(1965, 2003))
                    p = self.add_person(ELD if eld else TOWN, b, place, ti, hh)
                    mem.append(p)
                    op = LOCAL_OP[0][rng.choice(4, p=[0.52, 0.2, 0.25, 0.03])]
                    self.give_phone(
                        p,
                        op,
                        COUNTY if rng.random() < 0.9 else PREF,
                        feature=eld and rng.random() < 0.5,
                        pop="bg_elderly" if eld else "bg_town",
                    )
                    cells = self.places[place]["cells"]
                    extra = self.seat_cells[rng.integers(len(self.seat_cells))]
                    pick = rng.choice(len(cells), 2)
                    self.p_cells[p] = (
                        np.array([cells[pick[0]], cells[pick[1]], extra]),
                        np.array([0.6, 0.25, 0.15]),
                    )
                    self.town_people.append(p)
                self.households.append(dict(place=place, town=ti, members=mem))

    # ------------------------------------------------------------------ migrants' phones
    def assign_migrants(self):
        """Arrival timing and cards of migrant workers (done before edges so their numbers exist)."""
        rng = self.rng
        self.mig_info = {}
        for p in self.migrants:
            u = rng.random()
            if u < 0.05:
                phase = "before"
                ta = -float(rng.uniform(1, 12)) * DAY
            elif u < 0.17:
                phase = "hist"
                ta = float(rng.uniform(2.3, 9.9)) * DAY
            elif u < 0.37:
                phase = "meas"
                d = 10 + rng.choice(4, p=[0.3, 0.3, 0.25, 0.15])
                ta = (
                    d * DAY
                    + float(rng.choice([rng.uniform(6, 12), rng.uniform(12, 23.5)], p=[0.45, 0.55])) * HOUR
                )
            else:
                phase = "out"
                ta = np.inf  # returns on 除夕 or later, or stays in the city
            city = self.p_city[p]
            keep_county = rng.random() < 0.2
            if keep_county:
                op = LOCAL_OP[0][rng.choice(4, p=LOCAL_OP[1])]
                home = COUNTY
            else:
                op = CITY_OP[0][rng.choice(3, p=CITY_OP[1])]
                home = city
            new = phase != "out" and rng.random() < 0.22
            in_slice = phase != "out" and (op == OP or new)
            pop_main = (
                "migrant_local_card" if keep_county else ("migrant_city_card" if new else "migrant_roaming")
            )
            self.give_phone(
                p, op, home, act=-float(rng.uniform(90, 4000)) * DAY, pop=pop_main if in_slice else ""
            )
            if not in_slice:
                self.n_sub[self.p_main[p]] = False
            self.p_cells[p] = self.village_cells(self.p_place[p], False)
            sites = self.city_sites[city]
            hs, ws = sites[rng.integers(len(sites))], sites[rng.integers(len(sites))]
            rnd = sites[rng.integers(len(sites))]
            info = dict(
                phase=phase,
                ta=ta,
                city=city,
                in_slice=in_slice,
                keep_county=keep_county,
                city_cells=(
                    np.array([hs[rng.integers(3)], ws[rng.integers(3)], rnd[rng.integers(3)]]),
                    np.array([0.55, 0.35, 0.1]),
                ),
            )
            if new:
                # activation at the county business hall (or township agent) during opening hours
                if phase == "before":
                    act = ta + float(rng.uniform(0.5, 3)) * DAY
                    act = np.floor(act / DAY) * DAY + float(rng.uniform(9, 17)) * HOUR
                else:
                    hr = (ta % DAY) / HOUR
                    if 8.5 <= hr <= 16:
                        act = ta + float(rng.uniform(0.6, 2.5)) * HOUR
                    else:
                        day0 = np.floor(ta / DAY) + (1 if hr > 16 else 0)
                        act = day0 * DAY + float(rng.uniform(8.7, 11.5)) * HOUR
                nix = self.mobile(
                    OP,
                    COUNTY,
                    person=p,
                    act=act,
                    birth=self.p_birth[p],
                    idh=self.p_idh[p],
                    pop="migrant_new_card",
                )
                self.p_new[p] = nix
                self.p_new_act[p] = act
                info["handset"] = rng.choice(["dual", "swap", "newphone"], p=[0.55, 0.25, 0.2])
                if info["handset"] == "dual":
                    info["new_imei"] = self.imei_sibling(self.p_imei[p])
                elif info["handset"] == "swap":
                    info["new_imei"] = self.p_imei[p]
                else:
                    info["new_imei"] = self.imei()
            self.mig_info[p] = info
            nt = f"migrant phase={phase} arrive={iso(ta)} city={city}"
            self.note[self.p_main[p]] = nt
            if new:
                self.note[self.p_new[p]] = nt + f" new_card_activated={iso(act)} handset={info['handset']}"

    # ------------------------------------------------------------------ social graph
    def build_edges(self):
        rng = self.rng
        self.assign_migrants()
        PH = lambda ps: [p for p in ps if self.p_main[p] >= 0]
        by_town = {}
        for hi, h in enumerate(self.households):
            by_town.setdefault(h["town"], []).append(hi)
        # within household
        for h in self.households:
            m = PH(h["members"])
            for i, a in enumerate(m):
                for b in m[i + 1 :]:
                    ka, kb = self.p_kind[a], self.p_kind[b]
                    if ka == MIG or kb == MIG:
                        if ka == ELD or kb == ELD:  # parent <-> child working in the city
                            mu = (300, 240) if ka == ELD else (240, 300)
                            self.edge(a, b, mu, 4.0, 4.0, 1.3)
                        else:  # siblings / spouse
                            self.edge(a, b, 150, 1.5, 1.5, 1.3)
                    elif ka == ELD and kb == ELD:
                        self.edge(a, b, 60, 0.3)
                    else:
                        self.edge(a, b, 80, 0.8)
        # kin clusters: 3-5 households of the same township
        for ti, hs in by_town.items():
            hs = list(hs)
            order = rng.permutation(len(hs))
            i = 0
            while i < len(order):
                k = int(rng.integers(3, 6))
                cl = [hs[j] for j in order[i : i + k]]
                i += k
                people = PH(sum((self.households[h]["members"] for h in cl), []))
                for a_i, a in enumerate(people):
                    for b in people[a_i + 1 :]:
                        if self.p_hh[a] == self.p_hh[b]:
                            continue
                        both_old = self.p_kind[a] == ELD and self.p_kind[b] == ELD
                        w = 0.9 if both_old else 0.35
                        if rng.random() < (0.9 if both_old else 0.55):
                            self.edge(a, b, 140 if both_old else 110, w, w, 1.4)
        # neighbours (same village, not migrants)
        by_place = {}
        for p in range(len(self.p_kind)):
            if self.p_main[p] >= 0 and self.p_kind[p] != MIG:
                by_place.setdefault(self.p_place[p], []).append(p)
        self.by_place = by_place
        for place, ps in by_place.items():
            for a in ps:
                k = int(rng.integers(2, 7))
                for b in rng.choice(ps, min(k, len(ps)), replace=False):
                    self.edge(a, int(b), 50, 0.7 if self.p_kind[a] == ELD else 0.5)
        # friends and classmates within township (and county seat)
        by_town_people = {}
        for p in range(len(self.p_kind)):
            if self.p_main[p] >= 0:
                by_town_people.setdefault(self.p_town[p], []).append(p)
        self.by_town_people = by_town_people
        seat_people = sum((by_town_people.get(i, []) for i in range(len(SEAT))), [])
        self.seat_people = seat_people
        self.classmates = {}
        for ti, ps in by_town_people.items():
            arr = np.array(ps)
            births = np.array([self.p_birth[p] for p in ps])
            for a in ps:
                ka = self.p_kind[a]
                if ka == ELD:
                    continue
                nf = int(rng.integers(2, 7))
                pool = arr[np.abs(births - self.p_birth[a]) <= 8]
                for b in rng.choice(pool, min(nf, len(pool)), replace=False):
                    self.edge(a, int(b), 90, 0.5, 0.5, 1.5)
                if rng.random() < 0.3 and seat_people:
                    for b in rng.choice(seat_people, 2):
                        self.edge(a, int(b), 90, 0.4)
                # classmates: same cohort (+-1y), school ties reactivated at the festival
                if ka in (MIG, ADU, TOWN, YOU):
                    pool = arr[(np.abs(births - self.p_birth[a]) <= 1) & (arr != a)]
                    nc = int(rng.integers(4, 16))
                    cs = [int(x) for x in rng.choice(pool, min(nc, len(pool)), replace=False)]
                    self.classmates.setdefault(a, []).extend(cs)
                    for b in cs:
                        self.classmates.setdefault(b, []).append(a)
                        self.edge(a, b, 110, 0.08, 0.08, 6.0)
        # town residents have parents in the villages
        vill_eld = [
            p
            for p in range(len(self.p_kind))
            if self.p_kind[p] == ELD and self.p_main[p] >= 0 and not self.places[self.p_place[p]]["seat"]
        ]
        for p in self.town_people:
            if self.p_kind[p] == TOWN and rng.random() < 0.55:
                par = int(vill_eld[rng.integers(len(vill_eld))])
                self.edge(p, par, (220, 280), 2.5, 2.5, 1.3)
        # external relatives / friends outside the slice (callee only)
        self.ext = {}
        for p in range(len(self.p_kind)):
            if self.p_main[p] < 0:
                continue
            k = self.p_kind[p]
            n = {
                ELD: rng.integers(0, 3),
                ADU: rng.integers(1, 5),
                YOU: rng.integers(1, 4),
                TOWN: rng.integers(2, 7),
                MIG: rng.integers(3, 9),
            }[k]
            xs = []
            for _ in range(int(n)):
                if k == MIG:
                    xs.append(self.external(region=self.p_city[p]))  # coworkers in the city
                else:
                    xs.append(
                        self.external()
                        if rng.random() < 0.6
                        else self.external(region=OTHER_REGIONS[rng.integers(len(OTHER_REGIONS))])
                    )
            self.ext[p] = xs
        # guardians: children's numbers for elderly subscribers
        for h in self.households:
            kids = [q for q in h["members"] if self.p_kind[q] in (MIG, ADU) and self.p_main[q] >= 0]
            for q in h["members"]:
                if self.p_kind[q] == ELD and self.p_main[q] >= 0 and kids and rng.random() < 0.5:
                    g = [self.n_out[self.p_main[k]] for k in kids[:2]]
                    self.n_guard[self.p_main[q]] = ";".join(g)

    # ================================================================== background
    def gen_background(self, persons, lam_base):
        rng = self.rng
        svc_codes = list(SERVICES)
        for p in persons:
            num = self.p_main[p]
            if num < 0 or self.n_str[num][:3] not in PFX[OP] or not self.n_sub[num]:
                continue
            k = self.p_kind[p]
            lam = lam_base[k] * rng.lognormal(0, 0.45)
            self.p_lam[p] = lam
            if self.n_loc[num] is None:
                self.n_loc[num] = self.static_loc(p)
            cnt = rng.poisson(lam * DAYMULT)
            tot = int(cnt.sum())
            if tot == 0:
                continue
            days = np.repeat(np.arange(N_DAYS), cnt)
            prof = {ELD: "elderly", ADU: "adult", YOU: "youth", TOWN: "town"}.get(k, "adult")
            ts = self.times(days, prof)
            es = self.E[p]
            tgt = np.array(list(es.keys()), np.int64)
            callee = np.empty(tot, np.int64)
            mu = np.empty(tot)
            ans = np.empty(tot)
            cbp = np.empty(tot)
            u = rng.random(tot)
            m_edge = u < 0.88 if len(tgt) else np.zeros(tot, bool)
            if len(tgt):
                wh = np.array([v[0] for v in es.values()])
                wf = np.array([v[1] for v in es.values()])
                mus = np.array([v[2] for v in es.values()])
                fest = days >= N_HIST
                for sel, w in ((m_edge & ~fest, wh), (m_edge & fest, wf)):
                    ns = int(sel.sum())
                    if ns:
                        j = rng.choice(len(tgt), ns, p=w / w.sum())
                        callee[sel] = -(tgt[j] + 1)
                        mu[sel] = mus[j]
                        kk = np.array([self.p_kind[x] for x in tgt[j]])
                        ans[sel] = np.vectorize(ANS_BASE.get)(kk)
                        cbp[sel] = np.vectorize(CB_BASE.get)(kk)
            rest = ~m_edge
            ext = self.ext.get(p, [])
            for i in np.nonzero(rest)[0]:
                v = u[i]
                if v < 0.93 and ext:
                    callee[i] = ext[rng.integers(len(ext))]
                    mu[i] = 120
                    ans[i] = 0.82
                    cbp[i] = 0
                elif v < 0.955:
                    code = svc_codes[
                        rng.choice(len(svc_codes), p=[0.3, 0.12, 0.15, 0.15, 0.06, 0.02, 0.02, 0.12, 0.06])
                    ]
                    callee[i] = self.svc[code]
                    mu[i] = SERVICES[code][0]
                    ans[i] = 0.99
                    cbp[i] = 0
                elif v < 0.98:
                    callee[i] = self.landlines[rng.integers(len(self.landlines))]
                    mu[i] = 70
                    ans[i] = 0.8
                    cbp[i] = 0
                else:  # a number from a flyer, a wrong number, a relative's new number ...
                    callee[i] = self.external()
                    mu[i] = 60
                    ans[i] = 0.6
                    cbp[i] = 0
            hr = (ts % DAY) / HOUR
            ans = ans * np.where((hr < 7) | (hr >= 22), 0.7, 1.0)
            answered = rng.random(tot) < ans
            dur = np.where(answered, np.clip(rng.lognormal(0, 0.85, tot) * mu, 3, 5400), 0).astype(np.int64)
            red = 0.3 if k == ELD else 0.4
            caller = num
            if k in (ADU, TOWN) and rng.random() < 0.05:
                # a second card of the same person (work phone / family-plan card) in the other SIM slot
                second = self.mobile(
                    OP,
                    COUNTY,
                    person=p,
                    act=self.biz(-float(rng.uniform(200, 3000)) * DAY),
                    birth=self.p_birth[p],
                    idh=self.p_idh[p],
                    pop=self.n_pop[num],
                )
                self.n_loc[second] = Loc().add(
                    -1e12,
                    self.p_cells[p][0],
                    self.p_cells[p][1],
                    self.reg(COUNTY),
                    self.imei_sibling(self.p_imei[p]),
                )
                caller = np.where(rng.random(tot) < 0.3, second, num)
            self.emit(caller, callee, ts, dur, mu, red, cbp)

    # ================================================================== migrants
    def gen_migrants(self):
        rng = self.rng
        self.stats["migrants_in_slice"] = {"before": 0, "hist": 0, "meas": 0}
        for p, info in self.mig_info.items():
            if not info["in_slice"]:
                continue
            self.stats["migrants_in_slice"][info["phase"]] += 1
            self.gen_one_migrant(p, info)

    def gen_one_migrant(self, p, info):
        rng = self.rng
        main, new = self.p_main[p], self.p_new[p]
        main_ours = self.n_sub[main] and self.n_str[main][:3] in PFX[OP]
        ta, city = info["ta"], info["city"]
        th = TRAVEL_H[city] * HOUR * rng.uniform(0.9, 1.4)
        td = ta - th
        act = self.p_new_act[p]
        # ---- locations
        home_cells = self.p_cells[p]
        cR = self.reg(city)
        route = ROUTE[city]
        if main_ours:
            L = Loc()
            L.add(-1e12, info["city_cells"][0], info["city_cells"][1], cR, self.p_imei[p])
            seg = th / (len(route) + 1)
            for i, r in enumerate(route):
                L.add(
                    td + seg * (i + 0.5),
                    self.route_cells[r],
                    np.ones(len(self.route_cells[r])),
                    self.reg(r),
                    self.p_imei[p],
                )
            L.add(ta - 0.2 * HOUR, home_cells[0], home_cells[1], self.reg(COUNTY), self.p_imei[p])
            if new >= 0 and info["handset"] == "swap":
                pass  # the city card sits in a drawer after the swap (no calls generated after act)
            self.n_loc[main] = L
        if new >= 0:
            self.n_loc[new] = Loc().add(
                -1e12, home_cells[0], home_cells[1], self.reg(COUNTY), info["new_imei"]
            )
        # ---- contacts
        es = self.E[p]
        fam = [q for q, v in es.items() if v[0] >= 1.5]
        kin = [q for q, v in es.items() if 0.3 <= v[0] < 1.5]
        cls = list(dict.fromkeys(q for q in self.classmates.get(p, []) if self.p_main[q] >= 0))
        frd = [q for q, v in es.items() if v[2] == 90]
        cow = self.ext.get(p, [])
        R = []  # rows: (number, callee, t, dur, mu, redial, cb)

        def out_num(t, local=True):
            """which of the migrant's cards places a call at t"""
            if new >= 0 and t >= act:
                if not main_ours:
                    return new
                h = info["handset"]
                if h == "swap":
                    return new if rng.random() < 0.97 else main
                if h == "dual":
                    return new if (local and rng.random() < 0.75) else main
                return new if rng.random() < 0.85 else main
            return main if main_ours else -1

        def call(t, q, mu, ansp=None, local=True, red=0.4):
            if t >= T_END or t < 0:
                return
            num = out_num(t, local)
            if num < 0:
                return
            if q < 0:  # person
                qq = -q - 1
                a = ANS_BASE[self.p_kind[qq]] if ansp is None else ansp
                cb = CB_BASE[self.p_kind[qq]]
            else:
                a = 0.82 if ansp is None else ansp
                cb = 0.0
            d = int(min(5400, max(3, rng.lognormal(np.log(mu), 0.8)))) if rng.random() < a else 0
            R.append((num, q, t, d, mu, red, cb))

        P = lambda q: -(q + 1)
        # ---- city phase (before departure)
        cdays = [d for d in range(N_DAYS) if d * DAY < min(td, T_END)]
        for d in cdays:
            n = rng.poisson(4.0 * rng.uniform(0.6, 1.4))
            for t in self.times(np.full(n, d), "city"):
                if t >= td:
                    continue
                v = rng.random()
                if v < 0.42 and cow:
                    call(t, cow[rng.integers(len(cow))], 70, local=False)
                elif v < 0.78 and fam:
                    call(t, P(fam[rng.integers(len(fam))]), 200)
                elif v < 0.9 and (kin or frd):
                    pool = kin + frd
                    call(t, P(pool[rng.integers(len(pool))]), 100)
                elif v < 0.95:
                    call(
                        t,
                        self.svc["12306"] if d >= 3 and rng.random() < 0.6 else self.svc["10086"],
                        150,
                        0.99,
                        local=False,
                    )
                else:
                    call(t, self.external(), 60, 0.6, local=False)
        # ---- travel: "on the train", "pick me up at the station"
        if 0 < ta < T_END:
            for t in sorted(
                [
                    td + rng.uniform(-1, 0.5) * HOUR,
                    td + th * rng.uniform(0.3, 0.7),
                    ta - rng.uniform(0.1, 0.8) * HOUR,
                ]
            ):
                if fam and rng.random() < 0.8:
                    call(t, P(fam[rng.integers(len(fam))]), 45, red=0.6)
        # ---- arrival burst
        if ta < T_END:
            burst_from_new = new >= 0 and act < T_END
            t = (act if burst_from_new else ta) + rng.uniform(5, 40) * 60
            if t < 0:
                t = None
            if t is not None:
                nb = int(rng.integers(15, 41)) if burst_from_new else int(rng.integers(6, 21))
                order = []
                for grp in (fam, kin, cls, frd):
                    g = list(grp)
                    rng.shuffle(g)
                    order += g
                order = list(dict.fromkeys(order))
                # plus people of the village not in touch during the year
                vill = self.by_place.get(self.p_place[p], [])
                extra = [int(x) for x in rng.choice(vill, min(len(vill), 6), replace=False)] if vill else []
                order = list(dict.fromkeys(order + extra))[:nb]
                for q in order:
                    mu = 40 if self.p_kind[q] != ELD else 90
                    call(t, P(q), mu, red=0.45)
                    t += rng.uniform(0.5, 9) * 60
        # ---- at home after arrival (and whole window for early returners)
        start = max(ta, 0.0)
        if start < T_END:
            d0 = int(start // DAY)
            for d in range(d0, N_DAYS):
                n = rng.poisson((5.0 if d < N_HIST else 7.0) * rng.uniform(0.6, 1.4))
                for t in self.times(np.full(n, d), "home"):
                    if t < start + 2 * HOUR:
                        continue
                    v = rng.random()
                    pool = fam if v < 0.3 else (kin + frd if v < 0.6 else (cls if v < 0.85 else None))
                    if pool:
                        call(t, P(pool[rng.integers(len(pool))]), 80)
                    elif v < 0.9 and cow:
                        call(t, cow[rng.integers(len(cow))], 90, local=False)
                    elif v < 0.95:
                        call(t, self.landlines[rng.integers(len(self.landlines))], 60, 0.8)
                    else:
                        call(t, self.external(), 45, 0.6)
                # group arrangement: call 4-10 classmates/friends one after another
                if rng.random() < (0.25 if d < N_HIST else 0.5) and len(cls) + len(frd) >= 4:
                    grp = list(dict.fromkeys(cls + frd))
                    g = [
                        grp[i]
                        for i in rng.choice(len(grp), min(len(grp), int(rng.integers(4, 11))), replace=False)
                    ]
                    t = d * DAY + rng.uniform(9.5, 20.5) * HOUR
                    if t > start + HOUR:
                        for q in g:
                            call(t, P(q), 35, red=0.5)
                            t += rng.uniform(0.5, 4) * 60
        if R:
            a = list(zip(*R))
            self.emit(
                np.array(a[0]),
                np.array(a[1]),
                np.array(a[2]),
                np.array(a[3]),
                np.array(a[4]),
                np.array(a[5]),
                np.array(a[6]),
            )
        # ---- relatives and friends ring the returned worker (their moc rows)
        if ta < T_END:
            callers = [q for q in fam + kin + cls[:8] if self.n_loc_ok(q)]
            if callers:
                d0 = int(max(ta, 0) // DAY)
                for d in range(max(d0, 0), N_DAYS):
                    n = rng.poisson(1.5 if d >= N_HIST else 0.8)
                    ts = self.times(np.full(n, d), "home")
                    ts = ts[ts > ta + 0.5 * HOUR]
                    for t in ts:
                        q = callers[rng.integers(len(callers))]
                        a_ = rng.random() < 0.85
                        self.emit(
                            self.p_main[q],
                            [P(p)],
                            [t],
                            [int(rng.lognormal(np.log(70), 0.8)) if a_ else 0],
                            70,
                            0.4,
                            0.55,
                        )

    def n_loc_ok(self, q):
        num = self.p_main[q]
        return num >= 0 and self.n_sub[num] and self.n_str[num][:3] in PFX[OP] and self.p_kind[q] != MIG

    # ================================================================== unusual legitimate callers
    def new_worker(self, kind, birth, place, pop, act=None, feature=False, region=COUNTY):
        rng = self.rng
        p = self.add_person(kind, birth, place, self.places[place]["town"], -1)
        self.give_phone(p, OP, region, feature=feature, act=act, pop=pop)
        self.p_cells[p] = self.village_cells(place, False)
        # a little family: parents / siblings in the township
        pool = self.by_town_people.get(self.places[place]["town"], [])
        for q in rng.choice(pool, min(len(pool), 4), replace=False):
            self.edge(p, int(q), 150, 1.5, 1.5, 1.2)
        return p

    def seq(self, num, t, callees, mus, ansps, cbs, gap_min, R, red=0.4, t_end=None):
        rng = self.rng
        for q, mu, a, cb in zip(callees, mus, ansps, cbs):
            if t >= T_END or (t_end is not None and t >= t_end):
                break
            ans = rng.random() < a
            d = int(min(3600, max(3, rng.lognormal(np.log(mu), 0.7)))) if ans else 0
            R.append((num, q, t, d, mu, red, cb))
            t += (d if ans else 30) + rng.uniform(gap_min[0], gap_min[1]) * 60
        return t

    def flush(self, R):
        if R:
            a = list(zip(*R))
            self.emit(
                np.array(a[0]),
                np.array(a[1]),
                np.array(a[2]),
                np.array(a[3]),
                np.array(a[4]),
                np.array(a[5]),
                np.array(a[6]),
            )

    def pk_ans(self, qs, scale=1.0):
        return [ANS_BASE[self.p_kind[-q - 1]] * scale if q < 0 else 0.8 * scale for q in qs]

    def pk_cb(self, qs, scale=1.0):
        return [CB_BASE[self.p_kind[-q - 1]] * scale if q < 0 else 0.0 for q in qs]

    def rural_town_ids(self):
        return [i for i, t in enumerate(self.towns) if not t["seat"]]

    def gen_unusual(self):
        rng = self.rng
        self.unusual = {}
        rt = self.rural_town_ids()
        P = lambda q: -(int(q) + 1)
        people_of_town = lambda ti: [q for q in self.by_town_people.get(ti, [])]
        elderly_of_place = lambda pl_: [q for q in self.by_place.get(pl_, []) if self.p_kind[q] == ELD]
        mig_by_city, mig_by_town = {}, {}
        for q in self.migrants:
            mig_by_city.setdefault(self.p_city[q], []).append(q)
            if self.mig_info[q]["phase"] != "out":
                mig_by_town.setdefault(self.p_town[q], []).append(q)

        def reg_worker(pop, p):
            self.unusual.setdefault(pop, []).append(p)

        # ---------------- minibus / carpool drivers
        for i in range(24):
            ti = rt[rng.integers(len(rt))]
            town = self.towns[ti]
            p = self.new_worker(ADU, int(rng.integers(1968, 1992)), town["villages"][0], "minibus_driver")
            reg_worker("minibus_driver", p)
            self.note[self.p_main[p]] = (
                "long-distance carpool city<->county" if i < 8 else "local minibus township<->county seat"
            )
            num = self.p_main[p]
            R = []
            if i < 8:  # long-distance carpool city <-> county, bookings via WeChat groups
                city = ["上海市", "苏州市", "杭州市", "北京市", "深圳市", "郑州市"][i % 6]
                L = Loc().add(-1e12, self.p_cells[p][0], self.p_cells[p][1], self.reg(COUNTY), self.p_imei[p])
                cc = sum(self.city_sites[city][:8], [])
                route = ROUTE[city]
                th = TRAVEL_H[city] * HOUR
                pax_pool = mig_by_city.get(city, [])
                d = int(rng.integers(3, 6))
                while d < N_DAYS - 1:
                    dep = d * DAY + rng.uniform(18, 21) * HOUR  # leave county in the evening
                    arr_c = dep + th
                    leave_c = arr_c + rng.uniform(2, 4) * HOUR
                    back = leave_c + th
                    seg = th / len(route)
                    for k, r in enumerate(route[::-1]):
                        L.add(
                            dep + seg * k,
                            self.route_cells[r],
                            np.ones(len(self.route_cells[r])),
                            self.reg(r),
                            self.p_imei[p],
                        )
                    L.add(arr_c, cc, np.ones(len(cc)), self.reg(city), self.p_imei[p])
                    for k, r in enumerate(route):
                        L.add(
                            leave_c + seg * k,
                            self.route_cells[r],
                            np.ones(len(self.route_cells[r])),
                            self.reg(r),
                            self.p_imei[p],
                        )
                    L.add(back, self.p_cells[p][0], self.p_cells[p][1], self.reg(COUNTY), self.p_imei[p])
                    npax = int(rng.integers(5, 8))
                    pax = [
                        P(q)
                        for q in (
                            rng.choice(pax_pool, min(npax, len(pax_pool)), replace=False) if pax_pool else []
                        )
                    ]
                    while len(pax) < npax:
                        pax.append(self.external(region=city) if rng.random() < 0.6 else self.external())
                    # bookings and confirmations in the two days before departure (many new numbers)
                    booking = pax + [self.external() for _ in range(int(rng.integers(4, 12)))]
                    tb = (d - 1) * DAY + rng.uniform(9, 12) * HOUR
                    tb = self.seq(
                        num,
                        max(tb, 0),
                        booking,
                        [60] * len(booking),
                        [0.85] * len(booking),
                        self.pk_cb(booking),
                        (2, 25),
                        R,
                    )
                    tc = d * DAY + rng.uniform(10, 13) * HOUR
                    self.seq(num, tc, pax, [40] * len(pax), self.pk_ans(pax), self.pk_cb(pax), (1, 6), R)
                    # pick-up round in the city, drop-off round at home
                    self.seq(
                        num,
                        arr_c + 0.5 * HOUR,
                        pax,
                        [25] * len(pax),
                        [0.9] * len(pax),
                        self.pk_cb(pax),
                        (3, 15),
                        R,
                    )
                    self.seq(
                        num, back - 0.7 * HOUR, pax[:3], [20] * 3, [0.9] * 3, self.pk_cb(pax[:3]), (2, 8), R
                    )
                    d += int(rng.integers(2, 4))
                self.n_loc[num] = L
            else:  # local minibus township <-> county seat
                route_cells = (
                    list(town["center"])
                    + list(rng.choice(self.seat_cells, 3))
                    + list(self.places[town["villages"][1]]["cells"][:1])
                )
                self.n_loc[num] = Loc().add(
                    -1e12, route_cells, np.ones(len(route_cells)), self.reg(COUNTY), self.p_imei[p]
                )
                regulars = [P(q) for q in rng.choice(people_of_town(ti), 45)]
                for q in regulars:
                    self.edge(p, -q - 1, 40, 0.2)
                for d in range(N_DAYS):
                    n = int(rng.poisson(10 if d < N_HIST else 20))
                    ts = np.sort(self.times(np.full(n, d), "office"))
                    for t in ts:
                        if rng.random() < (0.6 if d < N_HIST else 0.45):
                            q = regulars[rng.integers(len(regulars))]
                        else:  # a returning worker who got the number from a neighbour
                            mig = mig_by_town.get(ti, [])
                            q = (
                                P(mig[rng.integers(len(mig))])
                                if mig and rng.random() < 0.6
                                else self.external()
                            )
                        self.seq(num, t, [q], [35], self.pk_ans([q]), self.pk_cb([q]), (0, 0), R)
            self.flush(R)

        # ---------------- village doctors
        for i in range(22):
            ti = rt[i % len(rt)]
            town = self.towns[ti]
            vl = town["villages"][1 + (i // len(rt)) % (len(town["villages"]) - 1)]
            p = self.new_worker(ADU, int(rng.integers(1958, 1985)), vl, "village_doctor")
            reg_worker("village_doctor", p)
            num = self.p_main[p]
            self.n_loc[num] = self.static_loc(p)
            pats = elderly_of_place(vl) + elderly_of_place(
                town["villages"][(town["villages"].index(vl) % (len(town["villages"]) - 1)) + 1]
            )
            if not pats:
                pats = people_of_town(ti)[:30]
            chronic = [int(x) for x in rng.choice(pats, max(1, len(pats) // 4), replace=False)]
            for q in pats:
                self.edge(p, int(q), 95, 0.4, 0.6)
            hosp = self.landlines[rng.integers(len(self.landlines))]
            supplier = self.external(region=PREF)
            R = []
            for d in range(N_DAYS):
                n = int(rng.poisson(7 if d < N_HIST else 11))
                for t in self.times(np.full(n, d), "office"):
                    v = rng.random()
                    if v < 0.45:
                        q = P(chronic[rng.integers(len(chronic))])
                    elif v < 0.85:
                        q = P(pats[rng.integers(len(pats))])
                    elif v < 0.93:
                        q = hosp
                    else:
                        q = supplier
                    self.seq(num, t, [q], [100], self.pk_ans([q]), self.pk_cb([q], 1.3), (0, 0), R)
            self.flush(R)

        # ---------------- shop owners taking festival orders
        for i in range(30):
            ti = rt[i % len(rt)] if i < 22 else i % len(SEAT)
            town = self.towns[ti]
            place = town["villages"][0]
            p = self.new_worker(TOWN, int(rng.integers(1965, 1993)), place, "shop_owner")
            reg_worker("shop_owner", p)
            num = self.p_main[p]
            self.n_loc[num] = Loc().add(
                -1e12, town["center"][:3], [0.7, 0.2, 0.1], self.reg(COUNTY), self.p_imei[p]
            )
            custs = [int(q) for q in rng.choice(people_of_town(ti), int(rng.integers(40, 90)))]
            for q in custs:
                self.edge(p, q, 50, 0.25, 0.25, 2.0)
            sup = [
                self.external(region=PREF if rng.random() < 0.6 else "郑州市")
                for _ in range(int(rng.integers(3, 7)))
            ]
            R = []
            for d in range(N_DAYS):
                n = int(rng.poisson(7 if d < N_HIST else rng.uniform(15, 32)))
                for t in self.times(np.full(n, d), "town"):
                    v = rng.random()
                    if v < 0.7:
                        q = P(custs[rng.integers(len(custs))])
                    elif v < 0.85:
                        q = sup[rng.integers(len(sup))]
                    elif v < 0.95:
                        q = P(people_of_town(ti)[rng.integers(len(people_of_town(ti)))])  # new customer
                    else:
                        q = self.external()
                    self.seq(num, t, [q], [45], self.pk_ans([q]), self.pk_cb([q], 1.2), (0, 0), R)
            self.flush(R)

        # ---------------- banquet / wedding caterers (坝坝宴) calling helpers, hosts, guests
        for i in range(20):
            ti = rt[rng.integers(len(rt))]
            town = self.towns[ti]
            p = self.new_worker(ADU, int(rng.integers(1966, 1988)), town["villages"][0], "banquet_organiser")
            reg_worker("banquet_organiser", p)
            num = self.p_main[p]
            vcells = sum((self.places[v]["cells"] for v in town["villages"]), [])
            self.n_loc[num] = Loc().add(-1e12, vcells, np.ones(len(vcells)), self.reg(COUNTY), self.p_imei[p])
            team = [int(q) for q in rng.choice(people_of_town(ti), int(rng.integers(8, 16)), replace=False)]
            for q in team:
                self.edge(p, q, 60, 0.6)
            sup = [self.external(region=PREF) for _ in range(4)]
            R = []
            ev_days = sorted(
                set(
                    int(x)
                    for x in rng.choice(
                        np.arange(3, N_DAYS),
                        int(rng.integers(2, 6)),
                        replace=False,
                        p=np.linspace(1, 3, N_DAYS - 3) / np.linspace(1, 3, N_DAYS - 3).sum(),
                    )
                )
            )
            for ev in ev_days:
                host_v = town["villages"][rng.integers(len(town["villages"]))]
                host = self.by_place.get(host_v, [])
                if not host:
                    continue
                hostp = int(host[rng.integers(len(host))])
                t = (ev - 1) * DAY + rng.uniform(8, 11) * HOUR
                t = self.seq(num, t, [P(hostp)], [180], [0.9], [0.6], (1, 3), R)
                tm = [P(q) for q in team]
                t = self.seq(num, t, tm, [40] * len(tm), self.pk_ans(tm), self.pk_cb(tm), (0.3, 3), R)
                self.seq(num, t + HOUR, sup, [90] * 4, [0.9] * 4, [0] * 4, (1, 10), R)
                # guests: the host family's villagers / relatives, notified on the caterer's phone
                gv = self.by_place.get(host_v, []) + people_of_town(ti)[:0]
                gs = [P(q) for q in rng.choice(people_of_town(ti), int(rng.integers(20, 41)), replace=False)]
                tg = (ev - 1) * DAY + rng.uniform(14, 17) * HOUR
                self.seq(num, tg, gs, [30] * len(gs), self.pk_ans(gs), self.pk_cb(gs, 0.8), (0.3, 2.5), R)
                te = ev * DAY + rng.uniform(6, 9) * HOUR
                self.seq(num, te, tm[:6], [25] * 6, self.pk_ans(tm[:6]), [0.5] * 6, (0.5, 5), R)
            self.flush(R)

        # ---------------- newly returned people selling local produce (腊肉, 鹅块, 固始鸡, 茶)
        for i in range(24):
            ti = rt[rng.integers(len(rt))]
            town = self.towns[ti]
            vl = town["villages"][1 + rng.integers(len(town["villages"]) - 1)]
            act_day = float(rng.choice([rng.uniform(1, 9.5), rng.uniform(10, 11.5)], p=[0.7, 0.3]))
            act = np.floor(act_day) * DAY + rng.uniform(9, 16) * HOUR
            p = self.new_worker(ADU, int(rng.integers(1985, 2001)), vl, "produce_seller", act=act)
            reg_worker("produce_seller", p)
            num = self.p_main[p]
            self.n_loc[num] = self.static_loc(p)
            friends = [int(q) for q in rng.choice(people_of_town(ti), 10, replace=False)]
            for q in friends:
                self.edge(p, q, 90, 0.6)
            repeat = []
            R = []
            courier_depot = self.landlines[rng.integers(len(self.landlines))]
            for d in range(int(act // DAY), N_DAYS):
                n = int(rng.integers(12, 36))
                ts = np.sort(self.times(np.full(n, d), "town"))
                for t in ts:
                    if t < act + 600:
                        continue
                    v = rng.random()
                    if v < 0.5:
                        q = (
                            self.external(region=CITY_NAMES[rng.choice(len(CITY_NAMES), p=CITY_W)])
                            if rng.random() < 0.7
                            else self.external()
                        )
                        repeat.append(q)
                    elif v < 0.7 and repeat:
                        q = repeat[rng.integers(len(repeat))]
                    elif v < 0.9:
                        q = (
                            P(friends[rng.integers(len(friends))])
                            if rng.random() < 0.5
                            else P(people_of_town(ti)[rng.integers(len(people_of_town(ti)))])
                        )
                    else:
                        q = courier_depot
                    self.seq(
                        num,
                        t,
                        [q],
                        [90],
                        [0.72 if q >= 0 else self.pk_ans([q])[0]],
                        self.pk_cb([q]),
                        (0, 0),
                        R,
                    )
            self.flush(R)

        # ---------------- village officials (村干部) notifying every household
        for i in range(25):
            ti = rt[i % len(rt)]
            town = self.towns[ti]
            vl = town["villages"][1 + (i // len(rt) + i) % (len(town["villages"]) - 1)]
            p = self.new_worker(ADU, int(rng.integers(1962, 1985)), vl, "village_official")
            reg_worker("village_official", p)
            num = self.p_main[p]
            self.n_loc[num] = Loc().add(
                -1e12,
                list(self.places[vl]["cells"]) + town["center"][:2],
                [0.4] * len(self.places[vl]["cells"]) + [0.2, 0.1],
                self.reg(COUNTY),
                self.p_imei[p],
            )
            hhs = [h for h in self.households if h["place"] == vl]
            reps = []
            for h in hhs:
                ph = [q for q in h["members"] if self.p_main[q] >= 0]
                if ph:
                    reps.append(ph[rng.integers(len(ph))])
            for q in reps:
                self.edge(p, q, 70, 0.15, 0.15, 2.0)
            gov = self.landlines[rng.integers(len(self.landlines))]
            R = []
            # campaigns: 医保缴费 reminder, 返乡人员登记, 森林防火/烟花爆竹 safety notice
            camps = sorted(int(x) for x in rng.choice([2, 3, 4, 7, 10, 11, 12, 13], 3, replace=False))
            for d in camps:
                order = [P(q) for q in rng.permutation(reps)]
                t = d * DAY + rng.uniform(8.5, 10) * HOUR
                h1, h2 = order[: len(order) // 2 + 1], order[len(order) // 2 + 1 :]
                t = self.seq(num, t, h1, [60] * len(h1), self.pk_ans(h1), self.pk_cb(h1, 1.2), (0.3, 2), R)
                t2 = d * DAY + rng.uniform(14.5, 15.5) * HOUR
                self.seq(
                    num, max(t, t2), h2, [60] * len(h2), self.pk_ans(h2), self.pk_cb(h2, 1.2), (0.3, 2), R
                )
            for d in range(N_DAYS):
                for t in self.times(np.full(int(rng.poisson(3)), d), "office"):
                    q = gov if rng.random() < 0.4 else P(reps[rng.integers(len(reps))]) if reps else gov
                    self.seq(num, t, [q], [90], self.pk_ans([q]), self.pk_cb([q]), (0, 0), R)
            self.flush(R)

        # ---------------- couriers at the township depot
        for i in range(22):
            ti = rt[i % len(rt)]
            town = self.towns[ti]
            p = self.new_worker(ADU, int(rng.integers(1978, 2000)), town["villages"][0], "courier")
            reg_worker("courier", p)
            num = self.p_main[p]
            vc = sum((self.places[v]["cells"] for v in town["villages"]), [])
            self.n_loc[num] = Loc().add(
                -1e12,
                vc,
                [3.0] * len(town["center"]) + [1.0] * (len(vc) - len(town["center"])),
                self.reg(COUNTY),
                self.p_imei[p],
            )
            recips = people_of_town(ti) + [
                q for q in self.migrants if self.p_town[q] == ti and self.mig_info[q]["phase"] != "out"
            ]
            R = []
            for d in range(N_DAYS):
                n = int(rng.poisson(22 if d < N_HIST else 40) * (1.0 if i % len(rt) == i else 0.5))
                day_r = [P(q) for q in rng.choice(recips, n)]
                t = d * DAY + rng.uniform(8, 9.5) * HOUR
                t = self.seq(
                    num,
                    t,
                    day_r[: n // 2],
                    [20] * n,
                    self.pk_ans(day_r, 0.85),
                    self.pk_cb(day_r, 1.3),
                    (0.2, 4),
                    R,
                )
                t = max(t, d * DAY + 13.5 * HOUR)
                self.seq(
                    num,
                    t,
                    day_r[n // 2 :],
                    [20] * n,
                    self.pk_ans(day_r[n // 2 :], 0.85),
                    self.pk_cb(day_r[n // 2 :], 1.3),
                    (0.2, 4),
                    R,
                    t_end=d * DAY + 19 * HOUR,
                )
            self.flush(R)

        # ---------------- grandchild's new card given to an elderly grandparent
        eld_vill = [
            q
            for q in range(len(self.p_kind))
            if self.p_kind[q] == ELD and not self.places[self.p_place[q]]["seat"]
        ]
        chosen = [int(x) for x in rng.choice(eld_vill, 25, replace=False)]
        for q in chosen:
            hh = self.households[self.p_hh[q]]
            kin = [x for x in hh["members"] if self.p_kind[x] in (MIG, ADU, YOU)]
            giver = kin[rng.integers(len(kin))] if kin else None
            gb = self.p_birth[giver] if giver is not None else int(rng.integers(1990, 2004))
            gid = self.p_idh[giver] if giver is not None else self.idhash(f"gc{q}")
            act_day = float(rng.choice([rng.uniform(4, 9.8), rng.uniform(10, 13.3)], p=[0.35, 0.65]))
            act = np.floor(act_day) * DAY + rng.uniform(9, 17) * HOUR
            nix = self.mobile(OP, COUNTY, person=q, act=act, birth=gb, idh=gid, pop="grandparent_new_card")
            had_phone = self.p_main[q] >= 0
            if not had_phone:
                self.p_cells[q] = self.village_cells(self.p_place[q], True)
                self.p_main[q] = nix
                for x in hh["members"]:
                    if self.p_main[x] >= 0 and x != q:
                        self.edge(q, x, (240, 200), 2.0 if self.p_kind[x] != ELD else 0.4)
            imei = (
                self.imei(feature=rng.random() < 0.5)
                if rng.random() < 0.6
                else (self.p_imei[giver] if giver is not None and self.p_imei[giver] >= 0 else self.imei())
            )
            self.n_loc[nix] = Loc().add(-1e12, self.p_cells[q][0], self.p_cells[q][1], self.reg(COUNTY), imei)
            self.unusual.setdefault("grandparent_new_card", []).append(q)
            self.note[nix] = (
                f"used by grandparent born {self.p_birth[q]}, registered to relative born {gb}, activated={iso(act)}"
            )
            fam = [x for x in self.E[q].keys() if self.E[q][x][0] >= 0.8] or list(self.E[q].keys())
            if giver is not None and self.p_main[giver] >= 0:
                fam = fam + [giver] * 3
            R = []
            # first: the grandchild tests the phone, then the grandparent rings the family
            t = act + rng.uniform(10, 60) * 60
            first = [P(x) for x in fam[:6]]
            t = self.seq(nix, t, first, [60] * len(first), self.pk_ans(first), self.pk_cb(first), (1, 10), R)
            for d in range(int(act // DAY), N_DAYS):
                for t in self.times(np.full(int(rng.poisson(2.2)), d), "elderly"):
                    if t < act + HOUR:
                        continue
                    if rng.random() < 0.1:  # mis-dial / wrong number
                        q2 = self.external(region=COUNTY if rng.random() < 0.5 else None)
                        self.seq(nix, t, [q2], [15], [0.4], [0], (0, 0), R, red=0.0)
                    elif fam:
                        x = P(fam[rng.integers(len(fam))])
                        self.seq(nix, t, [x], [240], self.pk_ans([x]), self.pk_cb([x]), (0, 0), R, red=0.5)
            self.flush(R)
            if had_phone and rng.random() < 0.5:
                self.retired_old.add(self.p_main[q])
            if had_phone:
                self.p_new[q] = nix
                self.p_new_act[q] = act
            # family learns the new number
            if giver is not None:
                self.edge(giver, q, 200, 2.0)

    # ================================================================== fraud
    def victim_pools(self):
        rng = self.rng
        eld, mig, adu = [], [], []
        for p in range(len(self.p_kind)):
            n = self.p_main[p]
            if n < 0:
                continue
            k = self.p_kind[p]
            (eld if k == ELD else mig if k == MIG else adu).append(p)
        return eld, mig, adu

    def gen_fraud(self):
        rng = self.rng
        eld, mig, adu = self.victim_pools()
        mig_back = [p for p in mig if self.mig_info[p]["phase"] in ("before", "hist", "meas")]
        called = set()
        self.fraud_cards = {}

        def pick_victim(mix, t):
            for _ in range(20):
                v = rng.choice(4, p=mix)
                if v == 0:
                    q = eld[rng.integers(len(eld))]
                elif v == 1:
                    pool = mig_back if rng.random() < 0.7 else mig
                    q = pool[rng.integers(len(pool))]
                elif v == 2:
                    q = adu[rng.integers(len(adu))]
                else:
                    return self.external(), None
                if q in called:
                    continue
                called.add(q)
                num = self.p_main[q]
                if (
                    self.p_new[q] >= 0
                    and t > self.p_new_act[q]
                    and self.p_kind[q] == ELD
                    and rng.random() < 0.5
                ):
                    num = self.p_new[q]
                return num, q
            return self.external(), None

        cur = [""]

        def make_card(pop, kind, home, birth, idkey, act, ctype="mobile", prefix=None):
            act = self.biz(act)
            if prefix:
                ix = self.prefixed(
                    prefix,
                    sub=True,
                    ctype=ctype,
                    act=act,
                    home=home,
                    birth=birth,
                    idh=self.idhash(idkey),
                    pop=pop,
                    fraud=1,
                )
            else:
                ix = self.mobile(OP, home, act=act, birth=birth, idh=self.idhash(idkey), pop=pop, fraud=1)
            self.fraud_cards.setdefault(pop, []).append(ix)
            self.note[ix] = f"{cur[0]}; card={kind}; activated={iso(act)}"
            return ix

        def run(card, t0, t1, mix, quota, gap, ans_scale, dmix, R, hooked_out, red=0.05):
            """one calling session of one card. dmix = (p_hangup, p_engaged, p_hooked)."""
            t = t0
            n = 0
            while t < min(t1, T_END) and n < quota:
                vnum, vp = pick_victim(mix, t)
                if vp is None:
                    a = 0.35 * ans_scale
                    cb = 0.0
                else:
                    k = self.p_kind[vp]
                    a = {ELD: 0.6, MIG: 0.5, ADU: 0.45, YOU: 0.4, TOWN: 0.45}[k] * ans_scale
                    cb = {ELD: 0.07, MIG: 0.04}.get(k, 0.03)
                if rng.random() < a:
                    u = rng.random()
                    if u < dmix[0]:
                        d = int(rng.uniform(3, 25))
                    elif u < dmix[0] + dmix[1]:
                        d = int(rng.lognormal(np.log(150), 0.6))
                    else:
                        d = int(min(5400, rng.lognormal(np.log(1500), 0.5)))
                        if vp is not None:
                            hooked_out.append((vnum, t + d))
                else:
                    d = 0
                R.append((card, vnum, t, d, 20.0, red, cb))
                n += 1
                t += (d + 8 if d else rng.uniform(20, 45)) + rng.uniform(*gap)
            return t

        def follow_ups(cards, hooked, R, region_delay=(1, 8)):
            for vnum, tt in hooked:
                if rng.random() < 0.6:
                    c = cards[rng.integers(len(cards))]
                    t = tt + rng.uniform(*region_delay) * HOUR
                    if t < T_END:
                        d = int(min(5400, rng.lognormal(np.log(900), 0.6))) if rng.random() < 0.8 else 0
                        R.append((c, vnum, t, d, 600.0, 0.3, 0.1))

        SESS = [(9.0, 12.0), (13.5, 17.8)]
        EVE = [(18.5, 21.3)]

        def rented_id():
            return int(rng.integers(1999, 2007)) if rng.random() < 0.65 else int(rng.integers(1950, 1968))

        # ---- G1: "guess who I am", SIM box in 茂名, 6 rented cards in rotation
        cur[0] = "G1 guess-who SIM box in 茂名 (6 rented cards)"
        R, hooked = [], []
        homes = ["南宁市", "柳州市", "昆明市", PREF, "贵阳市", "茂名市"]
        mods = [self.imei(tac=MODULE_TAC[0], serial=int(rng.integers(0, 999000)))]
        for k in range(1, 8):
            mods.append(self.imei(tac=MODULE_TAC[0], serial=int(self.imeis[mods[0]][8:14]) + k))
        cards = []
        cr = self.reg("茂名市")
        box_cells = self.site("茂名市")
        for i in range(6):
            c = make_card(
                "fraud_guess_who",
                "rented",
                homes[i],
                rented_id(),
                f"g1holder{i}",
                -float(rng.uniform(40, 400)) * DAY,
            )
            L = Loc()
            for d in range(N_DAYS):
                L.add(d * DAY, box_cells, [1, 1, 1], cr, mods[(i + d) % len(mods)])
            self.n_loc[c] = L
            cards.append(c)
        for i, c in enumerate(cards):
            d0 = 10 + (i // 2)
            for d in (d0, min(d0 + 1, 13)) if i % 2 == 0 else (d0,):
                for s0, s1 in SESS + EVE[:1]:
                    run(
                        c,
                        d * DAY + (s0 + rng.uniform(0, 0.5)) * HOUR,
                        d * DAY + s1 * HOUR,
                        [0.62, 0.2, 0.08, 0.10],
                        int(rng.integers(25, 55)),
                        (2, 15),
                        1.0,
                        (0.55, 0.33, 0.12),
                        R,
                        hooked,
                        0.15,
                    )
        follow_ups(cards, hooked, R)
        self.flush(R)

        # ---- G2: local "old classmate / guess who" aimed at returning workers, 3 cards one handset
        cur[0] = "G2 local old-classmate/guess-who, 3 cards one handset, county seat"
        R, hooked = [], []
        h_imei = self.imei()
        cells = list(rng.choice(self.seat_cells, 4))
        cards = []
        for i in range(3):
            c = make_card(
                "fraud_guess_who",
                "old",
                COUNTY if i < 2 else PREF,
                rented_id(),
                f"g2holder{i}",
                -float(rng.uniform(100, 700)) * DAY,
            )
            self.n_loc[c] = Loc().add(-1e12, cells, [1, 1, 1, 1], self.reg(COUNTY), h_imei)
            cards.append(c)
        for d in range(9, N_DAYS):
            c = cards[d % 3]
            for s0, s1 in [(14.0, 17.0), (19.0, 22.0)]:
                run(
                    c,
                    d * DAY + s0 * HOUR,
                    d * DAY + s1 * HOUR,
                    [0.15, 0.7, 0.15, 0],
                    int(rng.integers(8, 16)),
                    (3, 12) if True else None,
                    1.2,
                    (0.45, 0.4, 0.15),
                    R,
                    hooked,
                    0.25,
                )
        follow_ups(cards, hooked, R, (2, 20))
        self.flush(R)

        # ---- P: fake e-commerce / courier customer service, 8 new cards on 2 ID documents, 2 handsets
        cur[0] = "P parcel/e-commerce refund, 儋州, 2 handsets x 4 new cards on 2 IDs"
        R, hooked = [], []
        cr = self.reg("儋州市")
        pcells = self.site("儋州市") + self.site("儋州市")
        ids = [f"p_id_{k}" for k in range(2)]
        births = [rented_id(), rented_id()]
        handsets = [self.imei(), self.imei()]
        cards = []
        # each handset works 4 days, one card per day (morning + afternoon), then the card is dropped
        for i in range(8):
            h = i // 4
            day = (7 if h == 0 else 10) + (i % 4)
            act = (day - rng.uniform(0.2, 2.5)) * DAY
            c = make_card(
                "fraud_parcel_refund", "new", "儋州市" if i % 3 else "海口市", births[h], ids[h], act
            )
            self.n_loc[c] = Loc().add(-1e12, pcells, np.ones(6), cr, handsets[h])
            cards.append((c, day))
        allc = [c for c, _ in cards]
        for c, d in cards:
            for s0, s1 in SESS:
                run(
                    c,
                    max(d * DAY + (s0 + rng.uniform(0, 0.4)) * HOUR, self.n_act[c] + 3600),
                    d * DAY + s1 * HOUR,
                    [0.35, 0.3, 0.3, 0.05],
                    int(rng.integers(45, 90)),
                    (1, 8),
                    0.9,
                    (0.7, 0.24, 0.06),
                    R,
                    hooked,
                )
        follow_ups(allc, hooked, R)
        self.flush(R)

        # ---- T: fake train / bus ticket refund, 6 cards from 上饶, targets workers before travel
        cur[0] = "T ticket refund, 上饶, 6 cards"
        R, hooked = [], []
        cr = self.reg("上饶市")
        tcells = self.site("上饶市")
        cards = []
        for i in range(6):
            new = i < 4
            act = (8 + i * 0.6 - rng.uniform(0.5, 3)) * DAY if new else -float(rng.uniform(60, 300)) * DAY
            c = make_card(
                "fraud_ticket_refund",
                "new" if new else "rented",
                "上饶市" if i % 2 else "南昌市",
                rented_id(),
                f"t_holder{i}",
                act,
            )
            self.n_loc[c] = Loc().add(-1e12, tcells, [1, 1, 1], cr, self.imei())
            cards.append(c)
        for i, c in enumerate(cards):
            d0 = 8 + (i % 4)
            for d in range(d0, min(d0 + 2, N_DAYS)):
                for s0, s1 in SESS:
                    t0 = max(
                        d * DAY + (s0 + rng.uniform(0, 1)) * HOUR,
                        (self.n_act[c] if np.isfinite(self.n_act[c]) else 0) + 1800,
                    )
                    run(
                        c,
                        t0,
                        d * DAY + s1 * HOUR,
                        [0.05, 0.75, 0.15, 0.05],
                        int(rng.integers(25, 60)),
                        (2, 10),
                        1.0,
                        (0.55, 0.35, 0.10),
                        R,
                        hooked,
                    )
        follow_ups(cards, hooked, R)
        self.flush(R)

        # ---- I: fake health-insurance / pension officials; 宾阳 call room + local accomplices + 2 rented cards with owner history
        cur[0] = "I insurance/pension officials: 宾阳 room + 2 county accomplices + 2 sold local cards"
        R, hooked = [], []
        cards = []
        bcells = self.site("宾阳县")
        for i in range(3):
            act = (10 + i * 0.7 - rng.uniform(0.3, 2)) * DAY
            c = make_card("fraud_insurance_pension", "new", "南宁市", rented_id(), f"i_b{i}", act)
            self.n_loc[c] = Loc().add(-1e12, bcells, [1, 1, 1], self.reg("宾阳县"), self.imei())
            cards.append((c, 10 + i))
        acc_imei = self.imei(feature=True)
        for i in range(2):
            c = make_card(
                "fraud_insurance_pension",
                "old",
                NEIGH,
                rented_id(),
                f"i_l{i}",
                -float(rng.uniform(30, 200)) * DAY,
            )
            cl = list(rng.choice(self.seat_cells, 2)) + list(
                self.towns[self.rural_town_ids()[i]]["center"][:2]
            )
            self.n_loc[c] = Loc().add(-1e12, cl, [1, 1, 1, 1], self.reg(COUNTY), acc_imei)
            cards.append((c, 11 + i))
        # rented with a normal history: a local young man's card sold on day 9/10
        for i in range(2):
            p = self.new_worker(
                YOU,
                int(rng.integers(2000, 2006)),
                self.towns[self.rural_town_ids()[2 + i]]["villages"][1],
                "fraud_insurance_pension",
                act=-float(rng.uniform(200, 900)) * DAY,
            )
            c = self.p_main[p]
            self.n_fraud[c] = 1
            self.fraud_cards.setdefault("fraud_insurance_pension", []).append(c)
            sold = (9 + i + rng.uniform(0.2, 0.8)) * DAY
            self.note[c] = f"{cur[0]}; card=sold by local owner, owner's own calls until {iso(sold)}"
            L = Loc().add(-1e12, self.p_cells[p][0], self.p_cells[p][1], self.reg(COUNTY), self.p_imei[p])
            L.add(sold, bcells, [1, 1, 1], self.reg("宾阳县"), self.imei())
            self.n_loc[c] = L
            # owner history: a few calls per day to friends / family
            fr = list(self.E[p].keys())
            rows = []
            for d in range(int(sold // DAY) + 1):
                for t in self.times(np.full(int(rng.poisson(2.5)), d), "youth"):
                    if t < sold and fr:
                        q = -(fr[rng.integers(len(fr))] + 1)
                        a = rng.random() < 0.8
                        rows.append(
                            (c, q, t, int(rng.lognormal(np.log(90), 0.8)) if a else 0, 90.0, 0.4, 0.5)
                        )
            self.flush(rows)
            cards.append((c, int(np.ceil(sold / DAY))))
        allc = [c for c, _ in cards]
        for j, (c, d0) in enumerate(cards):
            for d in range(d0, N_DAYS):
                if j in (3, 4) and (d - j) % 2:  # the accomplices share one feature phone: alternate days
                    continue
                for s0, s1 in SESS:
                    if rng.random() < 0.8:
                        run(
                            c,
                            d * DAY + (s0 + rng.uniform(0, 1)) * HOUR,
                            d * DAY + s1 * HOUR,
                            [0.85, 0.02, 0.08, 0.05],
                            int(rng.integers(12, 35)),
                            (2, 12),
                            1.05,
                            (0.5, 0.36, 0.14),
                            R,
                            hooked,
                        )
        follow_ups(allc, hooked, R)
        self.flush(R)

        # ---- L: loan offers to returning workers from a 深圳 call centre, MVNO 170/165 cards, number-block scanning
        cur[0] = "L loan offers, 深圳 call centre, MVNO cards, block scanning"
        R, hooked = [], []
        cr = self.reg("深圳市")
        lcells = self.site("深圳市")
        cards = []
        for i in range(6):
            act = (10 + (i % 4) - rng.uniform(1, 20)) * DAY
            c = make_card(
                "fraud_loan",
                "new",
                "深圳市",
                rented_id(),
                f"l_holder{i}",
                act,
                ctype="virtual",
                prefix=["1703", "1705", "1706", "165"][i % 4],
            )
            self.n_loc[c] = Loc().add(-1e12, lcells, [1, 1, 1], cr, self.imei())
            cards.append(c)
        # a block of county numbers dialled in sequence (some exist, most belong to others or are empty)
        blocks = self._blocks(COUNTY, OP)
        for i, c in enumerate(cards):
            d0 = 10 + (i % 4)
            for d in range(d0, min(d0 + 2, N_DAYS)):
                for s0, s1 in SESS:
                    if rng.random() < 0.5:
                        pf, hb = blocks[rng.integers(len(blocks))]
                        start = int(rng.integers(0, 9000))
                        t = d * DAY + (s0 + rng.uniform(0, 0.5)) * HOUR
                        for j in range(int(rng.integers(40, 90))):
                            s = pf + hb + f"{start + j:04d}"
                            q = self.number_of(s)
                            exists = self.n_person[q] >= 0
                            a = rng.random() < (0.35 if exists else 0.0)
                            d_ = int(rng.uniform(3, 30)) if a else 0
                            R.append((c, q, t, d_, 15.0, 0.0, 0.03 if exists else 0))
                            t += (d_ + 8 if d_ else rng.uniform(15, 35)) + rng.uniform(1, 5)
                            if t > d * DAY + s1 * HOUR:
                                break
                    else:
                        run(
                            c,
                            d * DAY + (s0 + rng.uniform(0, 0.5)) * HOUR,
                            d * DAY + s1 * HOUR,
                            [0.05, 0.6, 0.3, 0.05],
                            int(rng.integers(60, 120)),
                            (1, 5),
                            0.85,
                            (0.8, 0.17, 0.03),
                            R,
                            hooked,
                        )
        follow_ups(cards, hooked, R)
        self.flush(R)

        # ---- lone, low-volume cards
        cur[0] = "lone low-volume card"
        R, hooked = [], []
        specs = [
            ("fraud_parcel_refund", COUNTY, COUNTY, 12, [0.4, 0.3, 0.3, 0]),
            ("fraud_insurance_pension", "福州市", "福州市", 11, [0.9, 0, 0.1, 0]),
            ("fraud_guess_who", COUNTY, PREF, 12, [0.7, 0.2, 0.1, 0]),
            ("fraud_loan", "阜阳市", "阜阳市", 6, [0.1, 0.6, 0.3, 0]),
        ]
        for i, (pop, where, home, d0, mix) in enumerate(specs):
            new = i in (0, 2)
            act = (d0 - rng.uniform(0.3, 1.5)) * DAY if new else -float(rng.uniform(50, 500)) * DAY
            c = make_card(pop, "lone", home, rented_id(), f"lone{i}", act)
            cl = list(rng.choice(self.seat_cells, 3)) if where == COUNTY else self.site(where)
            self.n_loc[c] = Loc().add(-1e12, cl, [1, 1, 1], self.reg(where), self.imei())
            for d in range(d0, N_DAYS):
                n_today = int(rng.integers(6, 16))
                t = d * DAY + rng.uniform(9, 11) * HOUR
                for _ in range(n_today):
                    t = run(c, t, t + 1, mix, 1, (1, 2), 1.0, (0.5, 0.38, 0.12), R, hooked)
                    t += rng.uniform(5, 40) * 60
                    if (t % DAY) > 20 * HOUR:
                        break
        self.flush(R)

    # ================================================================== assembly
    def resolve_and_finish(self):
        rng = self.rng
        cols = list(zip(*self.rows))
        caller = np.concatenate(cols[0])
        callee = np.concatenate(cols[1])
        t = np.concatenate(cols[2])
        dur = np.concatenate(cols[3])
        mu = np.concatenate(cols[4])
        red = np.concatenate(cols[5])
        cb = np.concatenate(cols[6])
        # callee persons -> the card they use at that moment
        p_main = np.array(self.p_main)
        p_new = np.array(self.p_new)
        p_act = np.array(self.p_new_act)
        m = callee < 0
        pp = -callee[m] - 1
        num = p_main[pp]
        use_new = (p_new[pp] >= 0) & (t[m] > p_act[pp] + HOUR) & (rng.random(m.sum()) < 0.55)
        num = np.where(use_new, p_new[pp], num)
        callee[m] = num
        # retired old cards of grandparents stop calling after the new card arrives
        keep = (callee >= 0) & (caller != callee) & (t >= 0) & (t < T_END)
        caller, callee, t, dur, mu, red, cb = (x[keep] for x in (caller, callee, t, dur, mu, red, cb))
        # activation constraint
        act = np.array(self.n_act, float)
        a = act[caller]
        ok = ~(np.isfinite(a) & (t < a + 60))
        caller, callee, t, dur, mu, red, cb = (x[ok] for x in (caller, callee, t, dur, mu, red, cb))
        # migrants that swapped the city card out stop using it (already handled) ; grandparents' retired cards
        if self.retired_old:
            ro = np.array(sorted(self.retired_old))
            p_of = np.array(self.n_person)
            newact = p_act[np.maximum(p_of[caller], 0)]
            drop = np.isin(caller, ro) & (t > newact + 2 * HOUR)
            caller, callee, t, dur, mu, red, cb = (x[~drop] for x in (caller, callee, t, dur, mu, red, cb))
        # ---- redials and callbacks after unanswered calls
        has_loc = np.array([l is not None for l in self.n_loc])
        un = dur == 0
        u = rng.random(len(t))
        redial = un & (u < red)
        u2 = rng.random(len(t))
        cbk = un & ~redial & has_loc[callee] & (u2 < cb)
        nr, nc = int(redial.sum()), int(cbk.sum())
        r_t = t[redial] + rng.uniform(40, 400, nr)
        r_d = np.where(rng.random(nr) < 0.6, (rng.lognormal(0, 0.7, nr) * mu[redial]).astype(np.int64), 0)
        c_t = t[cbk] + rng.exponential(25 * 60, nc) + 60
        c_ans = rng.random(nc) < np.where(np.array(self.n_fraud)[caller[cbk]] == 1, 0.4, 0.85)
        c_d = np.where(
            c_ans,
            (
                rng.lognormal(0, 0.7, nc) * np.where(np.array(self.n_fraud)[caller[cbk]] == 1, 30, mu[cbk])
            ).astype(np.int64),
            0,
        )
        caller, callee = (
            np.concatenate([caller, caller[redial], callee[cbk]]),
            np.concatenate([callee, callee[redial], caller[cbk]]),
        )
        t = np.concatenate([t, r_t, c_t])
        dur = np.concatenate([dur, r_d, c_d])
        keep = t < T_END
        a = act[caller]
        keep &= ~(np.isfinite(a) & (t < a + 60))
        caller, callee, t, dur = caller[keep], callee[keep], t[keep], np.clip(dur[keep], 0, 7200)
        # ---- one call at a time per handset number: push overlapping starts
        o = np.lexsort((t, caller))
        caller, callee, t, dur = caller[o], callee[o], t[o], dur[o]
        tl = t.tolist()
        cl = caller.tolist()
        dl = dur.tolist()
        gaps = rng.uniform(4, 25, len(tl)).tolist()
        prev_c, prev_end = -1, -1e18
        for i in range(len(tl)):
            if cl[i] != prev_c:
                prev_c, prev_end = cl[i], -1e18
            if tl[i] < prev_end:
                tl[i] = prev_end + gaps[i]
            prev_end = tl[i] + (dl[i] if dl[i] > 0 else 32) + 3
        t = np.array(tl)
        keep = t < T_END
        caller, callee, t, dur = caller[keep], callee[keep], t[keep], dur[keep]
        # ---- locations
        cells = np.empty(len(t), np.int64)
        regs = np.empty(len(t), np.int64)
        ims = np.empty(len(t), np.int64)
        bounds = np.flatnonzero(np.diff(caller)) + 1
        starts = np.concatenate([[0], bounds])
        ends = np.concatenate([bounds, [len(t)]])
        for s, e in zip(starts, ends):
            L = self.n_loc[caller[s]]
            if L is None:
                raise RuntimeError(
                    f"no location model for caller {self.n_out[caller[s]]} pop={self.n_pop[caller[s]]}"
                )
            cells[s:e], regs[s:e], ims[s:e] = L.sample(rng, t[s:e])
        ts = np.floor(t).astype(np.int64)
        o = np.lexsort((caller, ts))
        return caller[o], callee[o], ts[o], dur[o], cells[o], regs[o], ims[o]

    def write(self, out):
        os.makedirs(out, exist_ok=True)
        caller, callee, ts, dur, cells, regs, ims = self.resolve_and_finish()
        n_out = np.array(self.n_out, dtype=object)
        cell_a = np.array(self.cells, dtype=object)
        reg_a = np.array(self.regions, dtype=object)
        imei_a = np.array(self.imeis, dtype=object)
        st = (
            pl.from_epoch(pl.Series(ts + T0_LOCAL_NAIVE_EPOCH), time_unit="s").dt.strftime(
                "%Y-%m-%dT%H:%M:%S"
            )
            + "+08:00"
        )
        calls = pl.DataFrame(
            {
                "call_id": [f"GS{self.seed:02d}{i:08d}" for i in range(len(ts))],
                "caller": n_out[caller].tolist(),
                "callee": n_out[callee].tolist(),
                "start_time": st,
                "duration_s": dur.astype(np.int64),
                "origin": ["intra"] * len(ts),
                "caller_imei": imei_a[ims].tolist(),
                "caller_cell": cell_a[cells].tolist(),
                "caller_region": reg_a[regs].tolist(),
                "call_type": ["moc"] * len(ts),
            }
        )
        # call ids in a less obviously sequential form: switch id + hex of a keyed counter
        calls = calls.with_columns(
            pl.format(
                "MSC{}-{}",
                pl.lit(f"{(self.seed * 7) % 10}"),
                pl.col("call_id").map_batches(
                    lambda s: pl.Series([hashlib.md5(x.encode()).hexdigest()[:16] for x in s]),
                    return_dtype=pl.String,
                ),
            ).alias("call_id")
        )
        calls.write_csv(os.path.join(out, "calls.csv"))
        # subscribers: every card of this operator in the slice
        callers_set = np.zeros(len(self.n_str), bool)
        callers_set[np.unique(caller)] = True
        sub_ix = [
            i
            for i in range(len(self.n_str))
            if self.n_sub[i] and self.n_kind[i] == NK_PERSON and (callers_set[i] or self.n_pop[i])
        ]
        act = np.array([self.n_act[i] for i in sub_ix], float)
        act_s = (
            pl.from_epoch(
                pl.Series((np.nan_to_num(act, nan=-3000 * DAY) + T0_LOCAL_NAIVE_EPOCH).astype(np.int64)),
                time_unit="s",
            ).dt.strftime("%Y-%m-%dT%H:%M:%S")
            + "+08:00"
        )
        subs = pl.DataFrame(
            {
                "number": [self.n_out[i] for i in sub_ix],
                "id_hash": [self.n_idh[i] for i in sub_ix],
                "operator": [OP] * len(sub_ix),
                "card_type": [self.n_ctype[i] for i in sub_ix],
                "activated_at": act_s,
                "home_region": [self.n_home[i] for i in sub_ix],
                "birth_year": pl.Series(
                    [self.n_birth[i] if self.n_birth[i] > 0 else None for i in sub_ix], dtype=pl.Int64
                ),
                "guardians": pl.Series([self.n_guard[i] or None for i in sub_ix], dtype=pl.String),
            }
        )
        subs.sort("number").write_csv(os.path.join(out, "subscribers.csv"))
        cu = np.unique(caller)
        truth = pl.DataFrame(
            {
                "number": n_out[cu].tolist(),
                "population": [self.n_pop[i] or "bg_other" for i in cu],
                "is_fraud": [int(self.n_fraud[i]) for i in cu],
            }
        ).sort("population", "number")
        truth.write_csv(os.path.join(out, "truth.csv"))
        # extra, for analysis only (not a DATA.md format): ring / migrant phase / card notes
        truth.with_columns(
            note=pl.Series([self.note.get(self.num_ix[n[3:]]) for n in truth["number"]], dtype=pl.String)
        ).write_csv(os.path.join(out, "truth_detail.csv"))
        return calls.height, subs.height, truth.height


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    t0 = time.time()
    w = World(a.seed)
    w.retired_old = set()
    w.build()
    bg = [p for p in range(len(w.p_kind)) if w.p_kind[p] != MIG]
    w.gen_unusual()
    bgs = set(bg)
    w.gen_background(
        bg + [p for ps in w.unusual.values() for p in ps if p not in bgs],
        {ELD: 1.6, ADU: 3.2, YOU: 0.9, TOWN: 4.0, MIG: 3.0},
    )
    w.gen_migrants()
    w.gen_fraud()
    nc, ns, nt = w.write(a.out)
    print(
        f"seed {a.seed}: calls={nc} subscribers={ns} truth={nt} "
        f"migrants_in_slice={w.stats['migrants_in_slice']} ({time.time() - t0:.1f}s)"
    )


if __name__ == "__main__":
    main()
