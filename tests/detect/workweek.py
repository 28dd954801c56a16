#!/usr/bin/env python3
"""Blind synthetic call-record world: a working week in Shenzhen Longhua (深圳 龙华).

14 days of history (Mon 2026-11-02 .. Sun 2026-11-15) then 5 measured working days
(Mon 2026-11-16 .. Fri 2026-11-20).  Only outgoing (moc) records of one operator's
subscribers in the district are written.  See README.md for the populations.

usage: python world.py --seed N --out DIR [--scale 1.0] [--e164-share 0.10] [--dup-rate 0.001]

Everything is drawn from ONE numpy default_rng(seed); no iteration over hash-ordered sets.
"""

import argparse
import os
import sys
import time as _time

import numpy as np
import polars as pl

BASE = np.datetime64("2026-11-02T00:00:00")  # local time (+08:00), a Monday
DAY = 86400
NDAYS = 19
HIST_DAYS = 14
END_T = NDAYS * DAY
OPERATOR = "CMCC"
LOCAL = "深圳"
NONE_T = -(10**12)
BIG_T = 10**12

OURS_PFX = [
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
    172,
    178,
    182,
    183,
    184,
    187,
    188,
    195,
    198,
]
OTHER_PFX = [130, 131, 132, 155, 156, 166, 175, 176, 185, 186, 133, 153, 173, 177, 180, 181, 189, 191, 199]
OURS_VIRT = [1703, 1705, 1706]  # MVNO ranges hosted by this operator
OTHER_VIRT = [1700, 1701, 1704, 1707, 1708, 1709, 1710, 1711, 1713, 1718]

AREA = {
    "深圳": "0755",
    "东莞": "0769",
    "惠州": "0752",
    "广州": "020",
    "佛山": "0757",
    "中山": "0760",
    "长沙": "0731",
    "武汉": "027",
    "厦门": "0592",
    "南宁": "0771",
    "北京": "010",
    "上海": "021",
    "杭州": "0571",
    "成都": "028",
    "重庆": "023",
    "西安": "029",
    "郑州": "0371",
    "南京": "025",
    "天津": "022",
}
ORIGINS = [
    ("周口", "0394", 6),
    ("信阳", "0376", 5),
    ("南阳", "0377", 4),
    ("驻马店", "0396", 4),
    ("商丘", "0370", 3),
    ("邵阳", "0739", 5),
    ("衡阳", "0734", 4),
    ("永州", "0746", 4),
    ("郴州", "0735", 3),
    ("赣州", "0797", 6),
    ("上饶", "0793", 3),
    ("吉安", "0796", 2),
    ("南充", "0817", 3),
    ("达州", "0818", 3),
    ("广安", "0826", 2),
    ("玉林", "0775", 4),
    ("百色", "0776", 2),
    ("毕节", "0857", 3),
    ("黄冈", "0713", 3),
    ("荆州", "0716", 2),
    ("茂名", "0668", 4),
    ("湛江", "0759", 4),
    ("梅州", "0753", 3),
    ("揭阳", "0663", 3),
    ("河源", "0762", 2),
    ("汕尾", "0660", 2),
    ("阜阳", "0558", 3),
    ("六安", "0564", 2),
]
for _c, _a, _w in ORIGINS:
    AREA[_c] = _a
ORIGIN_NAMES = [o[0] for o in ORIGINS]
ORIGIN_W = np.array([o[2] for o in ORIGINS], float)
ORIGIN_W /= ORIGIN_W.sum()
BIG8 = {
    "深圳",
    "东莞",
    "惠州",
    "广州",
    "佛山",
    "中山",
    "北京",
    "上海",
    "杭州",
    "成都",
    "重庆",
    "西安",
    "南京",
    "天津",
    "武汉",
    "长沙",
    "郑州",
    "厦门",
    "南宁",
}
TRAVEL = ["东莞", "惠州", "广州", "佛山", "中山", "长沙", "武汉", "厦门", "南宁"]
NATIONAL = (
    ["深圳"] * 6
    + ["东莞"] * 4
    + ["广州"] * 4
    + ["佛山"] * 2
    + ["惠州"] * 2
    + ["北京"] * 2
    + ["上海"] * 2
    + ["杭州", "成都", "重庆", "西安", "郑州", "南京", "天津", "武汉", "长沙"]
    + ORIGIN_NAMES
)

SERVICES = [
    "10086",
    "95588",
    "95533",
    "95555",
    "95599",
    "95566",
    "95528",
    "12345",
    "95511",
    "95519",
    "12315",
    "114",
]
SERVICE_W = np.array([6, 4, 3, 3, 2, 2, 1, 1, 2, 1, 0.5, 0.5], float)

# pair types: name -> (p_answer, duration median s, sigma, missed-call callback prob)
PTYPES = [
    ("spouse", 0.90, 80, 1.0, 0.60),
    ("family", 0.88, 80, 1.0, 0.50),
    ("elder_child", 0.90, 150, 0.9, 0.60),
    ("kidwatch", 0.85, 30, 0.7, 0.70),
    ("hometown", 0.85, 330, 0.9, 0.50),
    ("coworker", 0.80, 45, 0.9, 0.40),
    ("dorm", 0.80, 40, 0.9, 0.30),
    ("friend", 0.75, 100, 1.0, 0.40),
    ("service", 0.97, 150, 0.8, 0.0),
    ("biz_landline", 0.75, 50, 0.8, 0.0),
    ("client", 0.60, 120, 0.9, 0.30),
    ("pupil_parent", 0.80, 150, 0.8, 0.45),
    ("driver", 0.85, 35, 0.7, 0.60),
    ("shipper", 0.75, 60, 0.8, 0.40),
    ("to_dispatcher", 0.90, 40, 0.7, 0.50),
    ("consignee", 0.80, 30, 0.7, 0.40),
    ("biz", 0.78, 80, 0.9, 0.45),
    ("hr_link", 0.85, 60, 0.8, 0.40),
    ("estate_client", 0.80, 90, 0.9, 0.40),
    ("to_work", 0.70, 90, 0.9, 0.30),
    ("pig", 0.92, 900, 0.8, 0.70),
    ("remote_friend", 0.75, 150, 1.0, 0.30),
    ("stranger", 0.60, 40, 0.9, 0.10),
    ("ring_boss", 0.95, 240, 0.8, 0.0),
]
PT = {p[0]: i for i, p in enumerate(PTYPES)}
PT_ANS = np.array([p[1] for p in PTYPES])
PT_MED = np.array([p[2] for p in PTYPES], float)
PT_SIG = np.array([p[3] for p in PTYPES])
PT_CB = np.array([p[4] for p in PTYPES])


def _prof(wd, we=None):
    wd = np.array(wd, float)
    we = wd if we is None else np.array(we, float)
    return np.cumsum(wd) / wd.sum(), np.cumsum(we) / we.sum()


PROFILES = {
    "resident": _prof(
        [
            0.2,
            0.1,
            0.05,
            0.05,
            0.05,
            0.1,
            0.3,
            0.8,
            1.2,
            1.3,
            1.4,
            1.5,
            1.8,
            1.5,
            1.3,
            1.3,
            1.4,
            1.6,
            2.0,
            2.2,
            2.0,
            1.6,
            1.0,
            0.5,
        ],
        [
            0.3,
            0.15,
            0.05,
            0.05,
            0.05,
            0.05,
            0.2,
            0.5,
            1.0,
            1.5,
            1.7,
            1.7,
            1.6,
            1.4,
            1.4,
            1.5,
            1.6,
            1.7,
            1.9,
            2.1,
            2.0,
            1.6,
            1.1,
            0.6,
        ],
    ),
    "worker_day": _prof(
        [
            0.2,
            0.1,
            0.05,
            0.05,
            0.05,
            0.1,
            0.4,
            1.2,
            0.5,
            0.3,
            0.3,
            0.6,
            2.5,
            1.5,
            0.3,
            0.3,
            0.4,
            1.0,
            2.5,
            1.2,
            1.5,
            2.5,
            2.2,
            1.0,
        ],
        [
            0.4,
            0.2,
            0.05,
            0.05,
            0.05,
            0.05,
            0.2,
            0.5,
            0.9,
            1.3,
            1.5,
            1.6,
            1.8,
            1.6,
            1.5,
            1.5,
            1.6,
            1.8,
            2.0,
            2.2,
            2.3,
            2.4,
            1.8,
            1.0,
        ],
    ),
    "worker_night": _prof(
        [
            0.6,
            0.3,
            0.2,
            0.1,
            0.1,
            0.2,
            0.4,
            1.5,
            2.0,
            1.5,
            1.0,
            0.5,
            0.3,
            0.3,
            0.3,
            0.5,
            1.0,
            1.5,
            2.0,
            1.5,
            0.5,
            0.3,
            0.3,
            0.5,
        ]
    ),
    "elder": _prof(
        [
            0.05,
            0.02,
            0.02,
            0.02,
            0.05,
            0.3,
            1.0,
            1.8,
            2.0,
            2.0,
            1.8,
            1.2,
            0.8,
            0.6,
            0.8,
            1.2,
            1.5,
            1.6,
            1.5,
            1.4,
            1.0,
            0.5,
            0.2,
            0.1,
        ]
    ),
    "kid": _prof(
        [
            0,
            0,
            0,
            0,
            0,
            0,
            0.2,
            1.0,
            0.3,
            0.1,
            0.1,
            0.3,
            0.6,
            0.3,
            0.1,
            0.2,
            1.2,
            2.0,
            2.0,
            1.6,
            1.2,
            0.6,
            0.1,
            0,
        ],
        [
            0,
            0,
            0,
            0,
            0,
            0,
            0.1,
            0.4,
            0.8,
            1.0,
            1.0,
            1.0,
            0.9,
            0.8,
            0.9,
            1.0,
            1.0,
            1.1,
            1.2,
            1.1,
            1.0,
            0.5,
            0.1,
            0,
        ],
    ),
    "office": _prof(
        [
            0,
            0,
            0,
            0,
            0,
            0,
            0.05,
            0.3,
            1.2,
            2.0,
            2.2,
            1.8,
            0.6,
            0.5,
            1.6,
            2.0,
            2.0,
            1.8,
            1.0,
            0.4,
            0.3,
            0.2,
            0.05,
            0,
        ]
    ),
    "biz": _prof(
        [
            0.05,
            0,
            0,
            0,
            0,
            0,
            0.2,
            0.8,
            1.6,
            2.0,
            2.0,
            1.8,
            1.0,
            0.8,
            1.6,
            1.8,
            1.8,
            1.6,
            1.2,
            0.9,
            0.8,
            0.6,
            0.3,
            0.1,
        ]
    ),
    "driver": _prof(
        [
            0.3,
            0.2,
            0.2,
            0.2,
            0.3,
            0.8,
            1.5,
            1.8,
            1.6,
            1.5,
            1.4,
            1.3,
            1.4,
            1.2,
            1.3,
            1.4,
            1.5,
            1.5,
            1.4,
            1.2,
            1.0,
            0.8,
            0.6,
            0.4,
        ]
    ),
    "dispatcher": _prof(
        [
            0.05,
            0.02,
            0.02,
            0.05,
            0.2,
            0.6,
            1.5,
            2.2,
            2.2,
            1.8,
            1.6,
            1.4,
            1.0,
            1.0,
            1.6,
            1.8,
            1.8,
            1.6,
            1.2,
            0.8,
            0.6,
            0.4,
            0.2,
            0.1,
        ]
    ),
    "teacher": _prof(
        [
            0,
            0,
            0,
            0,
            0,
            0,
            0.1,
            0.6,
            0.4,
            0.3,
            0.5,
            0.8,
            1.6,
            1.0,
            0.4,
            0.5,
            1.2,
            1.8,
            1.6,
            2.4,
            2.6,
            1.4,
            0.2,
            0,
        ]
    ),
    "evening": _prof(
        [
            0.8,
            0.4,
            0.2,
            0.05,
            0,
            0,
            0.05,
            0.1,
            0.2,
            0.2,
            0.2,
            0.3,
            0.8,
            0.6,
            0.3,
            0.3,
            0.3,
            0.4,
            0.8,
            1.5,
            2.2,
            2.6,
            2.4,
            1.6,
        ]
    ),
    "estate": _prof(
        [
            0,
            0,
            0,
            0,
            0,
            0,
            0.1,
            0.4,
            1.0,
            1.8,
            2.0,
            1.6,
            0.8,
            0.8,
            1.6,
            1.8,
            1.8,
            1.6,
            1.2,
            1.2,
            1.0,
            0.5,
            0.1,
            0,
        ]
    ),
}
PROF_NAMES = list(PROFILES)
PROF_ID = {n: i for i, n in enumerate(PROF_NAMES)}
PROF_CDF = np.stack([np.stack(PROFILES[n]) for n in PROF_NAMES])  # [prof, weekend, 24]

DOW = np.arange(NDAYS) % 7  # 0 = Monday
WEEKEND = DOW >= 5


def _dm(wd, sat, sun, mon=None):
    a = np.where(DOW == 5, sat, np.where(DOW == 6, sun, wd)).astype(float)
    if mon is not None:
        a[DOW == 0] = mon
    return a


DAYMULT = {
    "flat": np.ones(NDAYS),
    "resident": _dm(1, 1.15, 1.15),
    "worker": _dm(1, 1.1, 1.4),
    "office": _dm(1, 0.25, 0.1),
    "sixday": _dm(1, 1, 0.25),
    "teacher": _dm(0.7, 0.2, 1.2, mon=3.5),
    "estate": _dm(1, 1.3, 1.3),
    "dispatch": _dm(1, 1, 0.6),
}
DM_NAMES = list(DAYMULT)
DM_ID = {n: i for i, n in enumerate(DM_NAMES)}
DM_ARR = np.stack([DAYMULT[n] for n in DM_NAMES])

# work-hour profiles for default cell resolution
WP_NONE, WP_DAY, WP_NIGHT, WP_OFFICE, WP_SHOP = 0, 1, 2, 3, 4

TAG_PERSONAL, TAG_WORKBOOK, TAG_DIAL, TAG_CALLBACK, TAG_FRAUD, TAG_SPECIAL = 0, 1, 2, 3, 4, 5


def luhn_imei(tac, serial):
    tac = np.asarray(tac, np.int64)
    serial = np.asarray(serial, np.int64) % 1000000
    body = tac * 1000000 + serial
    digits = (body[:, None] // (10 ** np.arange(13, -1, -1, dtype=np.int64))) % 10
    dbl = digits.copy()
    dbl[:, 1::2] *= 2
    dbl = np.where(dbl > 9, dbl - 9, dbl)
    chk = (10 - dbl.sum(1) % 10) % 10
    return body * 10 + chk


def mixdur(rng, n, mix):
    w = np.array([m[0] for m in mix], float)
    comp = rng.choice(len(mix), size=n, p=w / w.sum())
    med = np.array([m[1] for m in mix], float)[comp]
    sig = np.array([m[2] for m in mix], float)[comp]
    d = np.exp(np.log(med) + sig * rng.standard_normal(n))
    return np.clip(np.round(d), 1, 10800).astype(np.int64)


class Store:
    """Growable column store (numpy arrays, object arrays for strings)."""

    def __init__(self, spec, cap=1 << 17):
        self.spec = spec
        self.n = 0
        self.cap = cap
        self.c = {k: np.full(cap, d, dtype=t) for k, (t, d) in spec.items()}

    def add(self, k, **vals):
        need = self.n + k
        if need > self.cap:
            newcap = max(need, self.cap * 2)
            for name, (t, d) in self.spec.items():
                a = np.full(newcap, d, dtype=t)
                a[: self.n] = self.c[name][: self.n]
                self.c[name] = a
            self.cap = newcap
        for name, v in vals.items():
            self.c[name][self.n : need] = v
        idx = np.arange(self.n, need)
        self.n = need
        return idx

    def __getitem__(self, k):
        return self.c[k][: self.n]


NODE_SPEC = {
    "num": (object, ""),
    "ours": (bool, False),
    "local": (bool, False),
    "exists": (bool, True),
    "ctype": (object, "mobile"),
    "city": (object, ""),
    "act": (np.int64, NONE_T),
    "ident": (np.int64, -1),
    "birth": (np.int32, 0),
    "pop": (object, ""),
    "note": (object, ""),
    "guard": (object, ""),
    "home_cell": (np.int32, -1),
    "work_cell": (np.int32, -1),
    "wprof": (np.int8, 0),
    "imei1": (np.int64, -1),
    "imei2": (np.int64, -1),
    "sw_t": (np.int64, BIG_T),
    "imsi1": (np.int64, -1),
    "imsi2": (np.int64, -1),
    "imsi_sw_t": (np.int64, BIG_T),
    "itin": (np.int32, -1),
    "can_call": (bool, False),
    "card2": (np.int32, -1),
    "remap_to": (np.int32, -1),
    "remap_t": (np.int64, BIG_T),
    "rent_t": (np.int64, BIG_T),
    "owner": (np.int32, -1),
    "pch": (np.int32, -1),
    "kind": (object, ""),
    "bday": (np.int32, 0),
}


class World:
    def __init__(self, seed, scale=1.0):
        self.seed = seed
        self.scale = scale
        self.rng = np.random.default_rng(seed)
        self.N = Store(NODE_SPEC)
        self.used_nums = set()  # membership only, never iterated
        self.blocks = {}
        self.block_owner = {}
        self.n_ident = 0
        self.ident_birth = []
        self.calls = []
        self.itin_rows = []  # list of int arrays (NDAYS,) of city index / -1
        self.ch = {"node": [], "rate": [], "prof": [], "dm": []}
        self.pairs = []  # (channel, dst, ptype, weight) arrays
        self.t0 = _time.time()

    # ------------------------------------------------------------------ helpers
    def log(self, msg):
        print(f"[{_time.time() - self.t0:6.2f}s] {msg}", file=sys.stderr)

    def sc(self, x):
        return max(1, int(round(x * self.scale)))

    def new_ident(self, k, births):
        ids = np.arange(self.n_ident, self.n_ident + k)
        self.n_ident += k
        self.ident_birth.extend(list(np.broadcast_to(np.asarray(births), (k,)).astype(int)))
        return ids

    def _blocks(self, city, cls):
        key = (city, cls)
        if key not in self.blocks:
            rng = self.rng
            k = {0: 40, 1: 40, 2: 3, 3: 6}[cls] if city == LOCAL else {0: 6, 1: 6, 2: 2, 3: 3}[cls]
            out = []
            while len(out) < k:
                if cls in (0, 1):
                    p = int(rng.choice(OURS_PFX if cls == 0 else OTHER_PFX))
                    b = p * 10000 + int(rng.integers(0, 10000))
                else:
                    p = int(rng.choice(OURS_VIRT if cls == 2 else OTHER_VIRT))
                    b = p * 1000 + int(rng.integers(0, 1000))
                if b not in self.block_owner:
                    self.block_owner[b] = key
                    out.append(b)
            self.blocks[key] = np.array(out, np.int64)
        return self.blocks[key]

    def alloc_mobile(self, n, city, cls):
        """n unique 11-digit numbers in H-blocks of city. cls 0 ours,1 other,2 ours MVNO,3 other MVNO."""
        rng = self.rng
        bl = self._blocks(city, cls)
        out = []
        while len(out) < n:
            m = (n - len(out)) * 2 + 8
            cand = bl[rng.integers(0, len(bl), m)] * 10000 + rng.integers(0, 10000, m)
            for c in cand.tolist():
                if c not in self.used_nums:
                    self.used_nums.add(c)
                    out.append(c)
                    if len(out) == n:
                        break
        return np.array([str(x) for x in out], dtype=object)

    def alloc_consecutive(self, n, city, cls):
        rng = self.rng
        bl = self._blocks(city, cls)
        while True:
            b = int(bl[rng.integers(0, len(bl))])
            s = int(rng.integers(0, 10000 - n))
            cand = [b * 10000 + s + i for i in range(n)]
            if not any(c in self.used_nums for c in cand):
                for c in cand:
                    self.used_nums.add(c)
                return np.array([str(x) for x in cand], dtype=object)

    def alloc_mixed(self, cities, classes):
        cities = np.asarray(cities, dtype=object)
        classes = np.asarray(classes)
        out = np.empty(len(cities), dtype=object)
        keys = np.array([f"{c}|{k}" for c, k in zip(cities, classes)], dtype=object)
        for key in np.unique(keys.astype(str)):  # sorted -> deterministic
            m = keys == key
            c, k = key.split("|")
            out[m] = self.alloc_mobile(int(m.sum()), c, int(k))
        return out

    def alloc_landline(self, n, city):
        rng = self.rng
        ac = AREA[city]
        nd = 8 if city in BIG8 else 7
        out = []
        while len(out) < n:
            first = int(rng.integers(2, 9))
            rest = int(rng.integers(0, 10 ** (nd - 1)))
            s = f"{ac}{first}{rest:0{nd - 1}d}"
            if s not in self.used_nums:
                self.used_nums.add(s)
                out.append(s)
        return np.array(out, dtype=object)

    def alloc_intl(self, n, cc, nd):
        rng = self.rng
        out = []
        while len(out) < n:
            s = f"00{cc}{int(rng.integers(10 ** (nd - 1), 10**nd))}"
            if s not in self.used_nums:
                self.used_nums.add(s)
                out.append(s)
        return np.array(out, dtype=object)

    def new_imei(self, n, tac=None):
        rng = self.rng
        if tac is None:
            tac = self.tacs[rng.choice(len(self.tacs), n, p=self.tac_w)]
        return luhn_imei(np.broadcast_to(np.asarray(tac, np.int64), (n,)), rng.integers(0, 1000000, n))

    def new_imsi(self, n, virt=False):
        base = 460070000000000 if virt else 460000000000000
        return base + self.rng.integers(0, 10**10, n)

    def rand_act(self, n, med_days, sig=1.0, min_days=30):
        d = np.exp(np.log(med_days) + sig * self.rng.standard_normal(n))
        d = np.clip(d, min_days, 365 * 14)
        return (-(d * DAY)).astype(np.int64) + self.rng.integers(8 * 3600, 20 * 3600, n)

    def cells_of(self, city, zone=None):
        m = self.cell_city == city
        if zone is not None:
            m &= self.cell_zone == zone
        return np.nonzero(m)[0]

    def add_calls(self, caller, callee, t, dur, tag, cell=-2, imei=-2):
        n = len(t)
        if n == 0:
            return
        b = lambda x, dt: np.broadcast_to(np.asarray(x, dt), (n,)).copy()
        self.calls.append(
            dict(
                caller=b(caller, np.int64),
                callee=b(callee, np.int64),
                t=b(t, np.int64),
                dur=b(dur, np.int64),
                tag=b(tag, np.int8),
                cell=b(cell, np.int64),
                imei=b(imei, np.int64),
            )
        )

    def add_channel(self, node, rate, prof, dm):
        cid = len(self.ch["node"])
        self.ch["node"].append(int(node))
        self.ch["rate"].append(float(rate))
        self.ch["prof"].append(PROF_ID[prof])
        self.ch["dm"].append(DM_ID[dm])
        return cid

    def add_pairs(self, ch, dst, ptype, w):
        dst = np.asarray(dst, np.int64)
        n = len(dst)
        if n == 0:
            return
        self.pairs.append(
            (
                np.broadcast_to(np.asarray(ch, np.int64), (n,)).copy(),
                dst,
                np.broadcast_to(np.asarray(ptype, np.int64), (n,)).copy(),
                np.broadcast_to(np.asarray(w, float), (n,)).copy(),
            )
        )

    def add_reverse(self, dst, src_node, ptype, w):
        """dst (local ours callers) get src_node in their personal book."""
        dst = np.asarray(dst, np.int64)
        pch = self.N["pch"][dst]
        m = pch >= 0
        if m.any():
            self.add_pairs(pch[m], np.full(m.sum(), src_node), PT[ptype], w)

    def pick(self, cands, n, w=None, replace=None):
        cands = np.asarray(cands)
        if len(cands) == 0 or n <= 0:
            return np.zeros(0, np.int64)
        if replace is None:
            replace = n > len(cands)
        p = None
        if w is not None:
            p = np.asarray(w, float)
            p = p / p.sum()
            if not replace and (p > 0).sum() < n:
                replace = True
        return cands[self.rng.choice(len(cands), n, replace=replace, p=p)]

    # ------------------------------------------------------------------ geography
    def build_cells(self):
        rng = self.rng
        spec = [
            (LOCAL, "res", 111),
            (LOCAL, "ind", 81),
            (LOCAL, "cbd", 30),
            (LOCAL, "logi", 12),
            (LOCAL, "road", 18),
            (LOCAL, "market", 6),
            ("东莞", "res", 24),
            ("东莞", "ind", 24),
            ("东莞", "road", 6),
            ("惠州", "res", 9),
            ("惠州", "road", 3),
            ("广州", "res", 15),
            ("佛山", "res", 9),
            ("中山", "res", 6),
        ]
        for c in ["长沙", "武汉", "厦门", "南宁", "北京", "上海", "杭州"] + ORIGIN_NAMES:
            spec.append((c, "res", 6))
        ids, cities, zones, e164 = [], [], [], []
        used = set()
        for city, zone, n in spec:
            nsite = (n + 2) // 3
            for s in range(nsite):
                while True:
                    enb = int(rng.integers(100000, 1000000))
                    if enb not in used:
                        used.add(enb)
                        break
                flag = rng.random() < self.e164_share
                for c in range(3):
                    ids.append(f"460-00-{enb}-{c + 1}")
                    cities.append(city)
                    zones.append(zone)
                    e164.append(flag)
        self.cell_id = np.array(ids, dtype=object)
        self.cell_city = np.array(cities, dtype=object)
        self.cell_zone = np.array(zones, dtype=object)
        self.cell_e164 = np.array(e164, bool)
        self.city_list = sorted(set(cities))
        self.city_idx = {c: i for i, c in enumerate(self.city_list)}
        self.city_cells = [self.cells_of(c) for c in self.city_list]
        self.sz_all = self.cells_of(LOCAL)
        self.sz = {z: self.cells_of(LOCAL, z) for z in ["res", "ind", "cbd", "logi", "road", "market"]}
        # handset models
        self.tacs = np.array(
            sorted(
                set(
                    int(x)
                    for x in np.concatenate(
                        [rng.integers(86000000, 87000000, 26), rng.integers(35000000, 36000000, 14)]
                    )
                )
            ),
            np.int64,
        )
        w = 1.0 / np.arange(1, len(self.tacs) + 1) ** 0.8
        self.tac_w = w / w.sum()
        self.goip_tac = int(rng.integers(86200000, 86300000))

    # ------------------------------------------------------------------ people
    def build_local(self):
        rng = self.rng
        sc = self.sc
        P = {k: [] for k in ["kind", "birth", "hh", "origin", "native", "has_phone", "role_in_hh"]}
        hh_cell, hh_type = [], []
        h = 0

        def add(kind, birth, origin, native, phone, role):
            P["kind"].append(kind)
            P["birth"].append(birth)
            P["hh"].append(h)
            P["origin"].append(origin)
            P["native"].append(native)
            P["has_phone"].append(phone)
            P["role_in_hh"].append(role)

        res_cells = self.sz["res"]
        ind_cells = self.sz["ind"]
        # local families
        for _ in range(sc(3400)):
            native = rng.random() < 0.38
            origin = LOCAL if native else ORIGIN_NAMES[rng.choice(len(ORIGIN_NAMES), p=ORIGIN_W)]
            b0 = int(rng.integers(1975, 1998))
            na = 2 if rng.random() < 0.85 else 1
            for i in range(na):
                add("adult", b0 + int(rng.integers(-3, 4)) * i, origin, native, True, "parent")
            nk = int(rng.choice(3, p=[0.25, 0.45, 0.30]))
            for i in range(nk):
                add(
                    "kid",
                    int(np.clip(b0 + rng.integers(24, 36), 2012, 2021)),
                    origin,
                    native,
                    rng.random() < 0.28,
                    "kid",
                )
            ng = int(rng.choice(3, p=[0.62, 0.16, 0.22]))
            for i in range(ng):
                add(
                    "elder",
                    int(np.clip(b0 - rng.integers(24, 34), 1936, 1968)),
                    origin,
                    native,
                    True,
                    "grand",
                )
            hh_cell.append(int(rng.choice(res_cells)))
            hh_type.append("family")
            h += 1
        # elderly living alone / couples
        for _ in range(sc(750)):
            native = rng.random() < 0.6
            origin = LOCAL if native else ORIGIN_NAMES[rng.choice(len(ORIGIN_NAMES), p=ORIGIN_W)]
            b0 = int(rng.integers(1936, 1962))
            for i in range(1 if rng.random() < 0.4 else 2):
                add("elder", b0 + int(rng.integers(0, 4)), origin, native, True, "elder")
            hh_cell.append(int(rng.choice(res_cells)))
            hh_type.append("elder")
            h += 1
        # migrant couples renting in urban villages
        for _ in range(sc(1500)):
            origin = ORIGIN_NAMES[rng.choice(len(ORIGIN_NAMES), p=ORIGIN_W)]
            b0 = int(rng.integers(1980, 2003))
            for i in range(2):
                add("worker", b0 + int(rng.integers(-2, 3)), origin, False, True, "couple")
            hh_cell.append(int(rng.choice(res_cells)))
            hh_type.append("couple")
            h += 1
        # single factory workers in dormitories (cell set later from factory)
        for _ in range(sc(11000)):
            origin = LOCAL if rng.random() < 0.04 else ORIGIN_NAMES[rng.choice(len(ORIGIN_NAMES), p=ORIGIN_W)]
            add("worker", int(rng.integers(1978, 2008)), origin, origin == LOCAL, True, "single")
            hh_cell.append(-1)
            hh_type.append("single")
            h += 1
        P = {k: np.array(v) for k, v in P.items()}
        P["origin"] = P["origin"].astype(object)
        npers = len(P["kind"])
        self.P = P
        self.hh_cell = np.array(hh_cell)
        self.hh_type = np.array(hh_type, dtype=object)
        kind = P["kind"]

        # ---- workplaces
        work = np.full(npers, -1)
        wcell = np.full(npers, -1)
        wprof = np.zeros(npers, np.int8)
        workers = np.nonzero(kind == "worker")[0]
        workers = workers[rng.permutation(len(workers))]
        fac_sizes = []
        pos = 0
        wp_cells, wp_kind = [], []
        wid = 0
        while pos < len(workers):
            s = int(np.clip(rng.lognormal(np.log(120), 0.7), 25, 800))
            mem = workers[pos : pos + s]
            work[mem] = wid
            c = int(rng.choice(ind_cells))
            wcell[mem] = c
            wprof[mem] = np.where(rng.random(len(mem)) < 0.25, WP_NIGHT, WP_DAY)
            wp_cells.append(c)
            wp_kind.append("factory")
            fac_sizes.append(len(mem))
            pos += s
            wid += 1
        self.n_factories = wid
        adults = np.nonzero((kind == "adult") & (rng.random(npers) < 0.86))[0]
        adults = adults[rng.permutation(len(adults))]
        pos = 0
        while pos < len(adults):
            s = int(np.clip(rng.lognormal(np.log(14), 0.7), 3, 80))
            mem = adults[pos : pos + s]
            work[mem] = wid
            z = rng.choice(["cbd", "res", "ind", "market"], p=[0.4, 0.3, 0.22, 0.08])
            c = int(rng.choice(self.sz[z]))
            wcell[mem] = c
            wprof[mem] = WP_OFFICE if z in ("cbd", "ind") else WP_SHOP
            wp_cells.append(c)
            wp_kind.append("office" if z in ("cbd", "ind") else "shop")
            pos += s
            wid += 1
        self.wp_cells = np.array(wp_cells)
        self.wp_kind = np.array(wp_kind, dtype=object)
        P["work"] = work
        # ---- dorms for single workers: rooms of 6-8 in the factory's dorm cell
        dorm = np.full(npers, -1)
        home = self.hh_cell[P["hh"]].copy()
        single = P["role_in_hh"] == "single"
        did = 0
        fac_dorm_cell = np.array(
            [
                int(rng.choice(ind_cells)) if rng.random() < 0.6 else wp_cells[i]
                for i in range(self.n_factories)
            ]
        )
        order = np.nonzero(single)[0]
        order = order[np.lexsort((rng.random(len(order)), work[order]))]
        i = 0
        while i < len(order):
            f = work[order[i]]
            s = int(rng.integers(6, 9))
            mem = order[i : i + s]
            mem = mem[work[mem] == f]
            dorm[mem] = did
            home[mem] = fac_dorm_cell[f] if f >= 0 else int(rng.choice(res_cells))
            did += 1
            i += len(mem)
        P["dorm"] = dorm
        P["home_cell"] = home
        P["work_cell"] = wcell
        P["wprof"] = wprof

        # ---- phones / nodes
        has = P["has_phone"]
        ours = rng.random(npers) < np.where(kind == "kid", 0.62, 0.6)
        card_city = np.where(P["native"], LOCAL, P["origin"]).astype(object)
        r = rng.random(npers)
        keep_home_card = np.select([kind == "worker", kind == "adult", kind == "elder"], [0.5, 0.22, 0.65], 0)
        card_city = np.where((r < keep_home_card) & ~P["native"], P["origin"], LOCAL).astype(object)
        card_city[kind == "kid"] = LOCAL
        pers_with = np.nonzero(has)[0]
        cls = np.where(ours, 0, 1)
        port = rng.random(npers)
        cls = np.where(ours & (port < 0.02), 1, np.where(~ours & (port < 0.01), 0, cls))
        # a few residents on this operator's MVNO ranges (cheap plans)
        cls = np.where(ours & (port > 0.97) & (kind != "kid"), 2, cls)
        nums = self.alloc_mixed(card_city[pers_with], cls[pers_with])
        n = len(pers_with)
        births = P["birth"][pers_with]
        idents = self.new_ident(n, births)
        k = kind[pers_with]
        ourn = ours[pers_with]
        act = np.where(k == "worker", self.rand_act(n, 500, 1.0, 20), self.rand_act(n, 1500, 0.9, 60))
        # kids' watch cards are registered under a parent's identity
        node = self.N.add(
            n,
            num=nums,
            ours=ourn,
            local=True,
            exists=True,
            ctype=np.where(cls[pers_with] == 2, "virtual", "mobile"),
            city=card_city[pers_with],
            act=act,
            ident=idents,
            birth=births,
            kind=k,
            home_cell=P["home_cell"][pers_with],
            work_cell=P["work_cell"][pers_with],
            wprof=P["wprof"][pers_with],
            can_call=ourn,
        )
        pnode = np.full(npers, -1)
        pnode[pers_with] = node
        P["node"] = pnode
        pop = np.select(
            [k == "adult", k == "worker", k == "elder", k == "kid"],
            ["resident", "factory_worker", "elderly", "child_watch"],
            "resident",
        ).astype(object)
        self.N.c["pop"][node] = pop
        self.N.c["note"][node] = np.where(
            P["native"][pers_with],
            "native household",
            np.char.add("migrant from ", P["origin"][pers_with].astype(str)),
        ).astype(object)
        hhs = P["hh"]
        # kids: identity of first parent in household; elders 10%: registered under a child
        first_adult = {}
        for p in np.nonzero((kind == "adult") & has)[0].tolist():
            first_adult.setdefault(int(hhs[p]), p)
        for p in np.nonzero(has & ((kind == "kid") | (kind == "elder")))[0].tolist():
            fa = first_adult.get(int(hhs[p]))
            if fa is None:
                continue
            if kind[p] == "kid" or rng.random() < 0.10:
                nd, na = pnode[p], pnode[fa]
                self.N.c["ident"][nd] = self.N.c["ident"][na]
                self.N.c["birth"][nd] = self.N.c["birth"][na]
                if kind[p] == "kid":
                    self.N.c["note"][nd] = "child smartwatch card registered to parent"
                else:
                    self.N.c["note"][nd] = "elderly card registered under child identity"
        # IMEI / IMSI
        self.N.c["imei1"][node] = self.new_imei(n)
        self.N.c["imsi1"][node] = self.new_imsi(n, virt=False)
        vm = cls[pers_with] == 2
        self.N.c["imsi1"][node[vm]] = self.new_imsi(int(vm.sum()), virt=True)
        # handset changes (sequential IMEI reuse is legit), a few SIM replacements
        ch = node[rng.random(n) < 0.05]
        self.N.c["sw_t"][ch] = rng.integers(0, END_T, len(ch))
        self.N.c["imei2"][ch] = self.new_imei(len(ch))
        sims = ch[rng.random(len(ch)) < 0.25]
        self.N.c["imsi_sw_t"][sims] = self.N.c["sw_t"][sims]
        self.N.c["imsi2"][sims] = self.new_imsi(len(sims))
        self.local_person_nodes = node
        self.log(f"local persons {npers}, with phone {n}, ours {int(ourn.sum())}")

    def build_remote(self):
        rng = self.rng
        n = self.sc(90000)
        cities = np.array(NATIONAL, dtype=object)[rng.integers(0, len(NATIONAL), n)]
        ours = rng.random(n) < 0.48
        cls = np.where(ours, 0, 1)
        cls = np.where(rng.random(n) < 0.02, 3, cls)
        ours &= cls != 3
        nums = self.alloc_mixed(cities, cls)
        births = rng.integers(1945, 2008, n)
        exists = rng.random(n) > 0.08
        node = self.N.add(
            n,
            num=nums,
            ours=ours,
            local=False,
            exists=exists,
            ctype=np.where(cls == 3, "virtual", "mobile"),
            city=cities,
            act=self.rand_act(n, 1200, 1.0, 30),
            ident=self.new_ident(n, births),
            birth=births,
            kind="remote",
            note="remote person (lists / contacts)",
        )
        self.remote = node
        self.remote_city = cities
        self.remote_birth = births
        # local business landlines (other fixed operator), shop mobiles
        nb = self.sc(1600)
        self.biz_land = self.N.add(
            nb,
            num=self.alloc_landline(nb, LOCAL),
            ours=False,
            local=True,
            ctype="fixed",
            city=LOCAL,
            kind="bizland",
            note="local business landline",
        )
        self.services = self.N.add(
            len(SERVICES),
            num=np.array(SERVICES, dtype=object),
            ours=False,
            local=False,
            ctype="service",
            city="",
            kind="service",
            note="service number",
        )
        # privacy "middle numbers" of delivery platforms (other operators' MVNO ranges)
        nm = 400
        self.middle = self.N.add(
            nm,
            num=self.alloc_mixed(np.array([LOCAL] * nm, dtype=object), np.full(nm, 3)),
            ours=False,
            local=False,
            ctype="virtual",
            city=LOCAL,
            kind="middle",
            note="delivery platform privacy middle number",
        )
        nh = 600
        self.hk = self.N.add(
            nh,
            num=self.alloc_intl(nh, 852, 8),
            ours=False,
            local=False,
            ctype="intl",
            city="香港",
            kind="intl",
            note="Hong Kong number",
        )
        self.remote_by_city = {}
        for c in sorted(set(cities.tolist())):
            self.remote_by_city[c] = node[cities == c]

    def new_remote(self, n, city, p_ours=0.5, p_land=0.0, note="hometown contact"):
        rng = self.rng
        land = rng.random(n) < p_land
        ours = (rng.random(n) < p_ours) & ~land
        nums = np.empty(n, dtype=object)
        if land.any():
            nums[land] = self.alloc_landline(int(land.sum()), city)
        mob = ~land
        if mob.any():
            nums[mob] = self.alloc_mixed(
                np.array([city] * int(mob.sum()), dtype=object), np.where(ours[mob], 0, 1)
            )
        births = rng.integers(1950, 2005, n)
        return self.N.add(
            n,
            num=nums,
            ours=ours,
            local=False,
            exists=True,
            ctype=np.where(land, "fixed", "mobile"),
            city=city,
            act=self.rand_act(n, 2000, 0.8, 90),
            ident=self.new_ident(n, births),
            birth=births,
            kind="remote",
            note=note,
        )

    # ------------------------------------------------------------------ social graph
    def build_social(self):
        rng = self.rng
        P = self.P
        N = self.N
        kind, pnode, hh = P["kind"], P["node"], P["hh"]
        npers = len(kind)
        ours_caller = (pnode >= 0) & N.c["can_call"][np.maximum(pnode, 0)]
        rate_base = {"adult": 1.0, "worker": 0.65, "elder": 0.6, "kid": 1.2}
        prof_of = {"adult": "resident", "elder": "elder", "kid": "kid"}
        dm_of = {"adult": "resident", "worker": "worker", "elder": "flat", "kid": "resident"}
        pch = np.full(npers, -1)
        for p in np.nonzero(ours_caller)[0].tolist():
            k = kind[p]
            prof = prof_of.get(k) or ("worker_night" if P["wprof"][p] == WP_NIGHT else "worker_day")
            r = rate_base[k] * float(np.exp(0.7 * rng.standard_normal() - 0.245))
            pch[p] = self.add_channel(pnode[p], r, prof, dm_of[k])
            N.c["pch"][pnode[p]] = pch[p]
        self.P["pch"] = pch
        # ---- households (python loop over households; small groups)
        order = np.argsort(hh, kind="stable")
        bounds = np.searchsorted(hh[order], np.arange(hh.max() + 2))
        guard = {}
        W = {
            ("adult", "adult"): ("spouse", 10),
            ("worker", "worker"): ("spouse", 10),
            ("adult", "elder"): ("elder_child", 5),
            ("elder", "adult"): ("elder_child", 8),
            ("elder", "elder"): ("spouse", 6),
            ("kid", "adult"): ("kidwatch", 10),
            ("adult", "kid"): ("kidwatch", 3),
            ("elder", "kid"): ("kidwatch", 2),
            ("kid", "elder"): ("kidwatch", 3),
            ("kid", "kid"): ("family", 1),
        }
        src_l, dst_l, pt_l, w_l = [], [], [], []
        for hid in range(hh.max() + 1):
            mem = order[bounds[hid] : bounds[hid + 1]]
            mem = mem[pnode[mem] >= 0]
            for a in mem.tolist():
                if pch[a] < 0:
                    continue
                for b in mem.tolist():
                    if a == b:
                        continue
                    pt, w = W.get((kind[a], kind[b]), ("family", 3))
                    src_l.append(pch[a])
                    dst_l.append(pnode[b])
                    pt_l.append(PT[pt])
                    w_l.append(w)
            el = [m for m in mem.tolist() if kind[m] == "elder"]
            ad = [m for m in mem.tolist() if kind[m] == "adult"]
            for e in el:
                if ad:
                    guard[e] = [pnode[a] for a in ad]
        self.add_pairs(src_l, dst_l, pt_l, w_l)
        # ---- elderly households: children elsewhere (local adults of other households or remote)
        adults_all = np.nonzero((kind == "adult") & (pnode >= 0))[0]
        for hid in np.nonzero(self.hh_type == "elder")[0].tolist():
            mem = order[bounds[hid] : bounds[hid + 1]]
            nchild = int(rng.integers(1, 4))
            kids = []
            for _ in range(nchild):
                if rng.random() < 0.45:
                    a = int(rng.choice(adults_all))
                    kids.append(pnode[a])
                    for e in mem.tolist():
                        if pch[a] >= 0:
                            self.add_pairs([pch[a]], [pnode[e]], PT["elder_child"], 4)
                else:
                    city = LOCAL if rng.random() < 0.6 else P["origin"][mem[0]]
                    kids.append(int(self.new_remote(1, city, 0.5, 0, "child of local elderly")[0]))
            for e in mem.tolist():
                if pch[e] >= 0:
                    self.add_pairs(np.full(len(kids), pch[e]), kids, PT["elder_child"], 8)
                guard[e] = kids
        # guardians column for elderly (born <= 1961)
        for e, g in sorted(guard.items()):
            nd = pnode[e]
            if nd < 0 or not N.c["ours"][nd] or N.c["birth"][nd] > 1961 or rng.random() > 0.85:
                continue
            g = [x for x in g if x != nd][:2]
            N.c["guard"][nd] = ";".join(N.c["num"][x] for x in g)
        # ---- hometown contacts for migrants
        mig = np.nonzero((pch >= 0) & (P["origin"] != LOCAL))[0]
        nh = rng.integers(2, 6, len(mig))
        nh = np.where(kind[mig] == "elder", rng.integers(1, 4, len(mig)), nh)
        tot = int(nh.sum())
        owner = np.repeat(mig, nh)
        cities = P["origin"][owner]
        htn = np.empty(tot, np.int64)
        for c in sorted(set(cities.tolist())):
            m = cities == c
            htn[m] = self.new_remote(int(m.sum()), c, 0.5, 0.15, "hometown family")
        w = np.where(np.concatenate([np.arange(x) for x in nh]) < 2, 4.0, 2.0)
        self.add_pairs(pch[owner], htn, PT["hometown"], w)
        self.hometown_of = (owner, htn)
        # ---- workplace coworkers + line leader
        haswork = np.nonzero((pch >= 0) & (P["work"] >= 0))[0]
        wk = P["work"]
        worder = np.nonzero(wk >= 0)[0]
        worder = worder[np.argsort(wk[worder], kind="stable")]
        wstart = np.searchsorted(wk[worder], np.arange(wk.max() + 2))
        k = rng.integers(2, 8, len(haswork))
        src = np.repeat(haswork, k)
        g = wk[src]
        j = worder[wstart[g] + (rng.random(len(src)) * (wstart[g + 1] - wstart[g])).astype(int)]
        m = (j != src) & (pnode[j] >= 0)
        self.add_pairs(pch[src[m]], pnode[j[m]], PT["coworker"], 1.5)
        lead = worder[wstart[wk[haswork]]]
        m = (rng.random(len(haswork)) < 0.6) & (lead != haswork) & (pnode[lead] >= 0)
        self.add_pairs(pch[haswork[m]], pnode[lead[m]], PT["coworker"], 2.5)
        self.wp_order, self.wp_start = worder, wstart
        # ---- dorm mates
        hasd = np.nonzero((pch >= 0) & (P["dorm"] >= 0))[0]
        dm = P["dorm"]
        dorder = np.nonzero(dm >= 0)[0]
        dorder = dorder[np.argsort(dm[dorder], kind="stable")]
        dstart = np.searchsorted(dm[dorder], np.arange(dm.max() + 2))
        for p in hasd.tolist():
            mates = dorder[dstart[dm[p]] : dstart[dm[p] + 1]]
            mates = mates[(mates != p) & (pnode[mates] >= 0)]
            self.add_pairs(np.full(len(mates), pch[p]), pnode[mates], PT["dorm"], 0.8)
        # ---- friend groups: fellow villagers (same origin) and mixed groups
        adultlike = np.nonzero((kind != "kid") & (pnode >= 0))[0]
        for grp in range(2):
            if grp == 0:
                o = adultlike[np.lexsort((rng.random(len(adultlike)), P["origin"][adultlike].astype(str)))]
            else:
                o = adultlike[rng.permutation(len(adultlike))]
            sizes = rng.integers(4, 11, len(o) // 4 + 2)
            gid = np.repeat(np.arange(len(sizes)), sizes)[: len(o)]
            gstart = np.searchsorted(gid, np.arange(gid.max() + 2))
            who = np.nonzero(pch[o] >= 0)[0]
            kk = rng.integers(2, 6, len(who)) if grp == 0 else rng.integers(1, 4, len(who))
            srcpos = np.repeat(who, kk)
            gg = gid[srcpos]
            jpos = gstart[gg] + (rng.random(len(srcpos)) * (gstart[gg + 1] - gstart[gg])).astype(int)
            m = jpos != srcpos
            self.add_pairs(pch[o[srcpos[m]]], pnode[o[jpos[m]]], PT["friend"], 1.2)
        # ---- remote friends, services, local shops, occasional strangers
        callers = np.nonzero(pch >= 0)[0]
        nc = len(callers)
        kr = rng.integers(0, 4, nc)
        s = np.repeat(callers, kr)
        self.add_pairs(pch[s], self.pick(self.remote, len(s)), PT["remote_friend"], 0.6)
        ks = rng.integers(1, 4, nc)
        s = np.repeat(callers, ks)
        self.add_pairs(
            pch[s],
            self.services[rng.choice(len(SERVICES), len(s), p=SERVICE_W / SERVICE_W.sum())],
            PT["service"],
            0.3,
        )
        kb = rng.integers(1, 4, nc)
        s = np.repeat(callers, kb)
        self.add_pairs(pch[s], self.pick(self.biz_land, len(s)), PT["biz_landline"], 0.4)
        kx = rng.integers(1, 4, nc)
        s = np.repeat(callers, kx)
        self.add_pairs(pch[s], self.pick(self.local_person_nodes, len(s)), PT["stranger"], 0.25)
        self.log(f"social channels {len(self.ch['node'])}")

    # ------------------------------------------------------------------ roles drawn from residents
    def assign_roles(self):
        rng = self.rng
        P, N = self.P, self.N
        kind, pnode = P["kind"], P["node"]
        ok = (pnode >= 0) & (P["pch"] >= 0)
        birth = P["birth"]
        taken = np.zeros(len(kind), bool)

        def take(n, mask):
            c = np.nonzero(mask & ~taken)[0]
            sel = c[rng.permutation(len(c))[:n]]
            taken[sel] = True
            return pnode[sel], sel

        self.roles = {}
        spec = [
            ("courier", 72, (kind != "elder") & (kind != "kid") & (birth >= 1981) & (birth <= 2004)),
            ("food_rider", 100, (kind == "worker") & (birth >= 1986) & (birth <= 2006)),
            ("estate_agent", 40, (kind == "adult") & (birth >= 1986)),
            ("recruiter", 24, (kind == "adult") & (birth >= 1976)),
            (
                "truck_driver",
                120,
                ((kind == "adult") | (kind == "worker")) & (birth <= 1998) & (birth >= 1968),
            ),
            ("logistics_dispatcher", 15, (kind == "adult") & (birth >= 1975)),
            ("account_manager", 30, (kind == "adult") & (birth >= 1982)),
            ("teacher", 70, (kind == "adult") & (birth >= 1975) & (birth <= 2000)),
            ("business_owner", 180, (kind == "adult") & (birth <= 1992)),
        ]
        for name, n, m in spec:
            nodes, pers = take(self.sc(n), ok & m)
            self.roles[name] = nodes
            N.c["pop"][nodes] = name
            N.c["note"][nodes] = name.replace("_", " ") + " (personal card used for work)"
            if name in ("courier", "food_rider"):
                N.c["wprof"][nodes] = WP_SHOP
                newish = nodes[rng.random(len(nodes)) < (0.3 if name == "food_rider" else 0.15)]
                N.c["act"][newish] = -rng.integers(3, 60, len(newish)) * DAY - rng.integers(
                    0, DAY, len(newish)
                )
                N.c["note"][newish] = N.c["note"][newish] + "; recently activated card"
            if name in ("estate_agent", "recruiter", "account_manager", "logistics_dispatcher"):
                z = {
                    "estate_agent": "res",
                    "recruiter": "market",
                    "account_manager": "cbd",
                    "logistics_dispatcher": "logi",
                }[name]
                N.c["work_cell"][nodes] = self.pick(self.sz[z], len(nodes))
                N.c["wprof"][nodes] = WP_SHOP if name != "account_manager" else WP_OFFICE
        self.taken = taken

    # ------------------------------------------------------------------ company cards etc.
    def company_cards(
        self,
        n,
        city=LOCAL,
        consecutive=True,
        act=None,
        pop="",
        note="",
        ident=None,
        birth=0,
        ctype="mobile",
        cls=0,
    ):
        if ctype == "fixed":
            nums = self.alloc_landline(n, city)
        elif consecutive:
            nums = self.alloc_consecutive(n, city, cls)
        else:
            nums = self.alloc_mobile(n, city, cls)
        if ident is None:
            ident = self.new_ident(1, birth)[0]
        if act is not None:
            act = np.broadcast_to(np.asarray(act, np.int64), (n,)).copy()
            act = np.where(
                act % DAY == 0,
                act + int(self.rng.integers(9 * 3600, 18 * 3600)) + self.rng.integers(0, 600, n),
                act,
            )
        nodes = self.N.add(
            n,
            num=nums,
            ours=True,
            local=True,
            exists=True,
            ctype=ctype,
            city=city,
            act=act if act is not None else NONE_T,
            ident=ident,
            birth=birth,
            pop=pop,
            note=note,
            kind="company",
        )
        if ctype != "fixed":
            self.N.c["imsi1"][nodes] = self.new_imsi(n, virt=(cls == 2))
        return nodes

    def build_hr_clinic(self):
        rng = self.rng
        # factory HR offices: 40% fixed lines, rest company mobiles
        nhr = self.sc(12)
        self.hr = []
        facs = rng.choice(self.n_factories, nhr, replace=False)
        for i, f in enumerate(facs.tolist()):
            fixed = rng.random() < 0.4
            node = self.company_cards(
                1,
                consecutive=False,
                act=self.rand_act(1, 1500, 0.7, 200),
                pop="factory_hr",
                ctype="fixed" if fixed else "mobile",
                birth=0,
                note=f"HR office of factory {f} ({'fixed line' if fixed else 'company mobile'})",
            )
            if not fixed:
                self.N.c["imei1"][node] = self.new_imei(1)
            self.hr.append((int(node[0]), int(f), fixed))
        ncl = self.sc(8)
        self.clinic = []
        for i in range(ncl):
            fixed = rng.random() < 0.5
            node = self.company_cards(
                1,
                consecutive=False,
                act=self.rand_act(1, 1500, 0.7, 200),
                pop="clinic_reminder",
                ctype="fixed" if fixed else "mobile",
                note=f"clinic/hospital appointment desk {i} ({'fixed' if fixed else 'mobile'})",
            )
            cell = int(rng.choice(self.sz["res"] if rng.random() < 0.6 else self.sz["cbd"]))
            if not fixed:
                self.N.c["imei1"][node] = self.new_imei(1)
            self.clinic.append((int(node[0]), cell, fixed))

    # ------------------------------------------------------------------ work books (book engine)
    def build_workbooks(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        lp_birth = N.c["birth"][lp]
        lp_kind = N.c["kind"][lp]
        # account managers: client book, elderly-heavy
        for a in self.roles["account_manager"].tolist():
            nb = int(rng.integers(150, 400))
            nl = int(nb * 0.65)
            w = np.where(lp_kind == "elder", 3.0, np.where(lp_kind == "kid", 0, 1.0))
            cl = np.concatenate([self.pick(lp, nl, w), self.pick(self.remote, nb - nl)])
            cid = self.add_channel(a, rng.lognormal(np.log(18), 0.4), "office", "office")
            self.add_pairs(cid, cl, PT["client"], rng.lognormal(0, 0.8, nb))
            self.add_reverse(cl, a, "to_work", 0.25)
        # teachers: parents of pupils
        P = self.P
        fam_hh = np.nonzero(self.hh_type == "family")[0]
        hh_has_kid = np.zeros(len(self.hh_type), bool)
        hh_has_kid[P["hh"][P["kind"] == "kid"]] = True
        par = np.nonzero((P["kind"] == "adult") & hh_has_kid[P["hh"]] & (P["node"] >= 0))[0]
        for a in self.roles["teacher"].tolist():
            nb = int(rng.integers(30, 51))
            parents = self.pick(P["node"][par], nb)
            cid = self.add_channel(a, rng.lognormal(np.log(5), 0.3), "teacher", "teacher")
            self.add_pairs(cid, parents, PT["pupil_parent"], 1.0)
            self.add_reverse(parents, a, "to_work", 0.6)
        # dispatchers <-> drivers
        drivers = self.roles["truck_driver"]
        disp = self.roles["logistics_dispatcher"]
        drv_disp = [[] for _ in range(len(drivers))]
        for a in disp.tolist():
            ld = self.pick(np.arange(len(drivers)), int(rng.integers(10, 35)), replace=False)
            for i in ld.tolist():
                drv_disp[i].append(a)
            rd = self.pick(self.remote, int(rng.integers(60, 200)))
            ship = np.concatenate(
                [
                    self.pick(self.biz_land, int(rng.integers(15, 40))),
                    self.pick(lp, int(rng.integers(15, 40))),
                ]
            )
            cid = self.add_channel(a, rng.lognormal(np.log(65), 0.3), "dispatcher", "dispatch")
            self.add_pairs(cid, drivers[ld], PT["driver"], 3.0)
            self.add_pairs(cid, rd, PT["driver"], 1.0)
            self.add_pairs(cid, ship, PT["shipper"], 1.0)
        for i, d in enumerate(drivers.tolist()):
            ds = drv_disp[i] or [int(rng.choice(disp))]
            nco = int(rng.integers(150, 300))
            cons = np.concatenate(
                [
                    self.pick(self.remote, nco // 2),
                    self.pick(self.biz_land, nco // 4),
                    self.pick(lp, nco - nco // 2 - nco // 4),
                ]
            )
            cid = self.add_channel(d, rng.lognormal(np.log(9), 0.3), "driver", "flat")
            self.add_pairs(cid, ds, PT["to_dispatcher"], 8.0 / len(ds))
            self.add_pairs(cid, cons, PT["consignee"], 0.3)
            # itinerary: long-haul drivers are away on many days
            far = rng.random() < 0.5
            row = np.full(NDAYS, -1, np.int32)
            dcur = 0
            while dcur < NDAYS:
                span = int(rng.integers(1, 4))
                if rng.random() < (0.6 if far else 0.3):
                    c = TRAVEL[int(rng.integers(0, len(TRAVEL) if far else 3))]
                    row[dcur : dcur + span] = self.city_idx[c]
                dcur += span
            self.set_itin(d, row)
        # business owners
        for a in self.roles["business_owner"].tolist():
            nb = int(rng.integers(80, 250))
            parts = [
                self.pick(self.biz_land, nb // 4),
                self.pick(lp, nb // 3),
                self.pick(self.remote, nb // 3),
            ]
            if rng.random() < 0.3:
                parts.append(self.pick(self.hk, int(rng.integers(3, 15))))
            book = np.concatenate(parts)
            cid = self.add_channel(a, rng.lognormal(np.log(11), 0.4), "biz", "sixday")
            self.add_pairs(cid, book, PT["biz"], rng.lognormal(0, 0.9, len(book)))
            self.add_reverse(book, a, "to_work", 0.5)
        # recruiters: links to HR offices, foremen
        hr_nodes = np.array([h[0] for h in self.hr])
        for a in self.roles["recruiter"].tolist():
            book = np.concatenate(
                [
                    self.pick(hr_nodes, min(len(hr_nodes), int(rng.integers(3, 8))), replace=False),
                    self.pick(lp, int(rng.integers(10, 30))),
                ]
            )
            cid = self.add_channel(a, rng.lognormal(np.log(5), 0.3), "biz", "flat")
            self.add_pairs(cid, book, PT["hr_link"], 1.0)
        # estate agents: client book
        for a in self.roles["estate_agent"].tolist():
            book = self.pick(lp, int(rng.integers(30, 80)))
            cid = self.add_channel(a, rng.lognormal(np.log(7), 0.3), "estate", "estate")
            self.add_pairs(cid, book, PT["estate_client"], 1.0)
            self.add_reverse(book, a, "to_work", 0.5)
        # residents' occasional trips
        ad = lp[(N.c["kind"][lp] == "adult") & N.c["can_call"][lp]]
        for x in ad[rng.random(len(ad)) < 0.06].tolist():
            if N.c["itin"][x] >= 0:
                continue
            row = np.full(NDAYS, -1, np.int32)
            d0 = int(rng.integers(0, NDAYS))
            c = (TRAVEL + ["北京", "上海", "杭州"])[int(rng.integers(0, len(TRAVEL) + 3))]
            row[d0 : d0 + int(rng.integers(1, 4))] = self.city_idx[c]
            self.set_itin(x, row)

    def set_itin(self, node, row):
        self.N.c["itin"][node] = len(self.itin_rows)
        self.itin_rows.append(row)

    # ------------------------------------------------------------------ legit special populations
    def build_dual_sim(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        c = lp[N.c["can_call"][lp] & np.isin(N.c["pop"][lp], ["resident", "factory_worker", "elderly"])]
        sel = c[rng.random(len(c)) < 0.07]
        n = len(sel)
        nums = self.alloc_mixed(np.array([LOCAL] * n, dtype=object), np.zeros(n, int))
        nodes = N.add(
            n,
            num=nums,
            ours=True,
            local=True,
            exists=True,
            ctype="mobile",
            city=LOCAL,
            act=self.rand_act(n, 900, 1.0, 30),
            ident=N.c["ident"][sel],
            birth=N.c["birth"][sel],
            pop=N.c["pop"][sel],
            kind=N.c["kind"][sel],
            home_cell=N.c["home_cell"][sel],
            work_cell=N.c["work_cell"][sel],
            wprof=N.c["wprof"][sel],
            can_call=False,
            imei1=N.c["imei1"][sel] + 10,
            note="second card in a dual-SIM phone (same holder)",
        )
        # second slot IMEI: same TAC, next serial, valid check digit
        tac = N.c["imei1"][sel] // 10000000
        ser = (N.c["imei1"][sel] // 10) % 1000000
        N.c["imei1"][nodes] = luhn_imei(tac, ser + 1)
        N.c["imsi1"][nodes] = self.new_imsi(n)
        N.c["itin"][nodes] = N.c["itin"][sel]
        N.c["card2"][sel] = nodes
        self.log(f"dual sim {n}")

    def build_job_changers(self):
        """Workers changing job/city: new local card, tell everyone, contacts switch to new number."""
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        c = lp[
            N.c["can_call"][lp]
            & np.isin(N.c["pop"][lp], ["factory_worker", "resident"])
            & (N.c["card2"][lp] < 0)
        ]
        sel = self.pick(c, self.sc(150), replace=False)
        n = len(sel)
        sw = rng.integers(2 * DAY, END_T - 6 * 3600, n)
        sw = (sw // DAY) * DAY + rng.integers(8 * 3600, 13 * 3600, n)
        nums = self.alloc_mixed(np.array([LOCAL] * n, dtype=object), np.zeros(n, int))
        same_phone = rng.random(n) < 0.7
        newcell = np.where(rng.random(n) < 0.6, self.pick(self.sz["ind"], n), N.c["work_cell"][sel])
        imei = np.where(same_phone, N.c["imei1"][sel], self.new_imei(n))
        nodes = N.add(
            n,
            num=nums,
            ours=True,
            local=True,
            exists=True,
            ctype="mobile",
            city=LOCAL,
            act=sw - rng.integers(600, 5 * 3600, n),
            ident=N.c["ident"][sel],
            birth=N.c["birth"][sel],
            pop="job_changer",
            kind=N.c["kind"][sel],
            home_cell=N.c["home_cell"][sel],
            work_cell=newcell,
            wprof=N.c["wprof"][sel],
            can_call=True,
            imei1=imei,
            imsi1=self.new_imsi(n),
        )
        N.c["remap_to"][sel] = nodes
        N.c["remap_t"][sel] = sw
        for i, (o, nn) in enumerate(zip(sel.tolist(), nodes.tolist())):
            N.c["note"][nn] = (
                f"new card after changing job (old number {N.c['num'][o]}, switch day "
                f"{sw[i] // DAY}); {'same handset' if same_phone[i] else 'new handset'}"
            )
            N.c["note"][o] = (
                N.c["note"][o] + f"; old card, owner moved to {N.c['num'][nn]} on day {sw[i] // DAY}"
            )
        self.job_changers = (sel, nodes, sw)

    def build_new_arrivals(self):
        """New hires arriving from other provinces; buy a local card on arrival day."""
        rng = self.rng
        N = self.N
        n = self.sc(200)
        origin = np.array(ORIGIN_NAMES, dtype=object)[rng.choice(len(ORIGIN_NAMES), n, p=ORIGIN_W)]
        arr = rng.integers(0, NDAYS, n) * DAY + rng.integers(9 * 3600, 17 * 3600, n)
        births = rng.integers(1985, 2008, n)
        fac = rng.integers(0, self.n_factories, n)
        # 70% go to factories with an HR office that phones new hires
        hr_fac = np.array([h[1] for h in self.hr])
        m = rng.random(n) < 0.7
        fac[m] = hr_fac[rng.integers(0, len(hr_fac), int(m.sum()))]
        nums = self.alloc_mixed(np.array([LOCAL] * n, dtype=object), np.zeros(n, int))
        wc = self.wp_cells[fac]
        hc = np.where(rng.random(n) < 0.6, self.pick(self.sz["ind"], n), self.pick(self.sz["res"], n))
        nodes = N.add(
            n,
            num=nums,
            ours=True,
            local=True,
            exists=True,
            ctype="mobile",
            city=LOCAL,
            act=arr - rng.integers(300, 3600, n),
            ident=self.new_ident(n, births),
            birth=births,
            pop="new_arrival",
            kind="worker",
            home_cell=hc,
            work_cell=wc,
            wprof=WP_DAY,
            can_call=True,
            imei1=self.new_imei(n),
            imsi1=self.new_imsi(n),
        )
        self.arrivals = (nodes, arr, fac, origin)
        for i, nd in enumerate(nodes.tolist()):
            N.c["note"][nd] = f"new hire from {origin[i]}, arrived day {arr[i] // DAY}, factory {fac[i]}"
            cid = self.add_channel(nd, rng.lognormal(np.log(1.0), 0.5), "worker_day", "worker")
            N.c["pch"][nd] = cid
            home = self.new_remote(
                int(rng.integers(2, 5)), origin[i], 0.5, 0.15, "hometown family of new hire"
            )
            self.add_pairs(cid, home, PT["hometown"], 4.0)
            # fellow villagers already here
            same = self.P["node"][(self.P["origin"] == origin[i]) & (self.P["node"] >= 0)]
            fr = self.pick(same, int(rng.integers(1, 4)))
            self.add_pairs(cid, fr, PT["friend"], 2.0)
            # the factory's dorm/coworkers they get to know
            wm = self.wp_order[self.wp_start[fac[i]] : self.wp_start[fac[i] + 1]]
            wm = self.P["node"][wm]
            self.add_pairs(cid, self.pick(wm[wm >= 0], int(rng.integers(1, 4))), PT["coworker"], 1.0)
            self.add_pairs(cid, self.services[:1], PT["service"], 0.3)
            self.arrival_home = getattr(self, "arrival_home", {})
            self.arrival_home[nd] = home

    # ------------------------------------------------------------------ engine: book channels
    def run_books(self):
        rng = self.rng
        N = self.N
        chn = np.array(self.ch["node"], np.int64)
        rate = np.array(self.ch["rate"])
        prof = np.array(self.ch["prof"])
        dm = np.array(self.ch["dm"])
        C = len(chn)
        pc = np.concatenate([p[0] for p in self.pairs])
        pd = np.concatenate([p[1] for p in self.pairs])
        pt = np.concatenate([p[2] for p in self.pairs])
        pw = np.concatenate([p[3] for p in self.pairs])
        o = np.argsort(pc, kind="stable")
        pc, pd, pt, pw = pc[o], pd[o], pt[o], pw[o]
        keep = pd != chn[pc]
        pc, pd, pt, pw = pc[keep], pd[keep], pt[keep], pw[keep]
        start = np.searchsorted(pc, np.arange(C + 1))
        cw = np.cumsum(pw)
        cw0 = np.concatenate([[0.0], cw])
        tot = cw0[start[1:]] - cw0[start[:-1]]
        lam = rate[:, None] * DM_ARR[dm]
        lam[tot <= 0] = 0
        cnt = rng.poisson(lam)
        flat = cnt.ravel()
        rep = np.repeat(np.arange(C * NDAYS), flat)
        ch = rep // NDAYS
        d = rep % NDAYS
        n = len(ch)
        u = cw0[start[ch]] + rng.random(n) * tot[ch]
        j = np.searchsorted(cw, u, side="right")
        j = np.clip(j, start[ch], start[ch + 1] - 1)
        dst = pd[j]
        ptype = pt[j]
        uh = rng.random(n)
        hour = np.zeros(n, np.int64)
        key = prof[ch] * 2 + WEEKEND[d].astype(int)
        for kk in np.unique(key).tolist():
            mm = key == kk
            hour[mm] = np.searchsorted(PROF_CDF[kk // 2, kk % 2], uh[mm], side="right")
        hour = np.minimum(hour, 23)
        t = d * DAY + hour * 3600 + rng.integers(0, 3600, n)
        src = chn[ch]
        ans = (rng.random(n) < PT_ANS[ptype]) & N.c["exists"][dst]
        dur = np.where(
            ans,
            np.clip(
                np.round(np.exp(np.log(PT_MED[ptype]) + PT_SIG[ptype] * rng.standard_normal(n))), 2, 7200
            ),
            0,
        ).astype(np.int64)
        personal = N.c["pch"][src] == ch
        tag = np.where(personal, TAG_PERSONAL, TAG_WORKBOOK)
        self.add_calls(src, dst, t, dur, tag)
        # missed-call callbacks by local subscribers
        cbp = PT_CB[ptype]
        m = (dur == 0) & N.c["can_call"][dst] & (rng.random(n) < cbp)
        tc = t[m] + np.round(rng.lognormal(np.log(700), 1.0, int(m.sum()))).astype(np.int64)
        ok = tc < END_T
        k = int(ok.sum())
        pt2 = ptype[m][ok]
        cans = rng.random(k) < 0.85
        cdur = np.where(
            cans,
            np.clip(np.round(np.exp(np.log(PT_MED[pt2]) + PT_SIG[pt2] * rng.standard_normal(k))), 2, 7200),
            0,
        )
        self.add_calls(dst[m][ok], src[m][ok], tc[ok], cdur, TAG_CALLBACK)
        self.log(f"book engine: {n} calls, {k} callbacks")

    # ------------------------------------------------------------------ engine: dialers
    def seq(
        self,
        day,
        blocks,
        callees,
        p_ans,
        durmix,
        ring_a=(5, 15),
        ring_m=(20, 40),
        wrap=(15, 0.6),
        pause_p=0.03,
        pause_med=420,
        jitter=900,
        move_p=0.0,
        move_med=600,
    ):
        """Sequential dialing through `callees` inside hour blocks of `day`.
        Returns (t, callees, dur, answered, keep_index)."""
        rng = self.rng
        callees = np.asarray(callees, np.int64)
        n = len(callees)
        if n == 0:
            z = np.zeros(0, np.int64)
            return z, z, z, z.astype(bool), z
        ex = self.N.c["exists"][callees]
        ans = (rng.random(n) < p_ans) & ex
        dur = np.where(ans, mixdur(rng, n, durmix), 0)
        ring = np.where(ans, rng.uniform(ring_a[0], ring_a[1], n), rng.uniform(ring_m[0], ring_m[1], n))
        ring = np.where(ex, ring, rng.uniform(2, 8, n))
        w = rng.lognormal(np.log(wrap[0]), wrap[1], n)
        pause = np.where(rng.random(n) < pause_p, rng.exponential(pause_med, n), 0)
        if move_p > 0:
            pause = pause + np.where(rng.random(n) < move_p, rng.exponential(move_med, n), 0)
        gap = ring + dur + w + pause
        off = rng.uniform(0, jitter) + np.concatenate([[0.0], np.cumsum(gap)[:-1]])
        b0 = np.array([b[0] for b in blocks], float) * 3600
        L = (np.array([b[1] for b in blocks], float) - np.array([b[0] for b in blocks], float)) * 3600
        cum = np.cumsum(L)
        keep = np.nonzero(off < cum[-1])[0]
        off = off[keep]
        k = np.searchsorted(cum, off, side="right")
        t = day * DAY + b0[k] + off - (cum[k] - L[k])
        return t.astype(np.int64), callees[keep], dur[keep].astype(np.int64), ans[keep], keep

    def callbacks(
        self,
        caller,
        callee,
        t,
        dur,
        p_miss,
        p_ans,
        hooked=None,
        p_hook=0.0,
        delay=(900, 1.2),
        cb_ans=0.7,
        cb_dur=((1, 60, 0.8),),
        until=None,
        tag=TAG_CALLBACK,
    ):
        rng = self.rng
        caller = np.asarray(caller, np.int64)
        callee = np.asarray(callee, np.int64)
        n = len(t)
        if n == 0:
            return 0
        caller = np.broadcast_to(caller, (n,))
        p = np.where(dur > 0, p_ans, p_miss)
        if hooked is not None:
            p = np.where(hooked, p_hook, p)
        sel = self.N.c["can_call"][callee] & (rng.random(n) < p)
        k = int(sel.sum())
        if k == 0:
            return 0
        tc = t[sel] + np.round(rng.lognormal(np.log(delay[0]), delay[1], k)).astype(np.int64)
        a = rng.random(k) < cb_ans
        if until is not None:
            a &= tc < np.broadcast_to(until, (n,))[sel]
        d = np.where(a, mixdur(rng, k, cb_dur), 0)
        ok = tc < END_T
        self.add_calls(callee[sel][ok], caller[sel][ok], tc[ok], d[ok], tag)
        return int(ok.sum())

    def targets(
        self,
        n,
        local_share,
        blo=1950,
        bhi=2008,
        elder_w=1.0,
        young_w=1.0,
        ours_only=False,
        extra=None,
        extra_share=0.0,
    ):
        """A purchased/leaked list: local district people + remote people (some dead numbers)."""
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        b = N.c["birth"][lp]
        m = (b >= blo) & (b <= bhi) & (N.c["kind"][lp] != "kid")
        if ours_only:
            m &= N.c["ours"][lp]
        w = np.where(N.c["kind"][lp] == "elder", elder_w, 1.0) * np.where(b >= 1995, young_w, 1.0)
        nl = int(rng.binomial(n, local_share))
        ne = int(rng.binomial(n - nl, extra_share)) if extra is not None and len(extra) else 0
        rb = self.remote_birth
        rm = (rb >= blo) & (rb <= bhi)
        if ours_only:
            rm &= N.c["ours"][self.remote]
        rw = np.where(rb <= 1961, elder_w, 1.0) * np.where(rb >= 1995, young_w, 1.0)
        parts = [self.pick(lp[m], nl, w[m]), self.pick(self.remote[rm], n - nl - ne, rw[rm])]
        if ne:
            parts.append(self.pick(extra, ne))
        out = np.concatenate(parts)
        return out[rng.permutation(len(out))]

    def dialer_cells(self, cellset, n):
        return np.full(n, cellset) if np.isscalar(cellset) else self.pick(cellset, n)

    # ---- telesales teams
    def gen_telesales(self):
        rng = self.rng
        N = self.N
        teams = [
            dict(
                name="少儿英语/早教 education course",
                agents=(6, 10),
                n=(90, 160),
                local=0.75,
                blo=1978,
                bhi=1996,
                days="sixday",
                hours=[(9, 12), (13.5, 18)],
                card="old",
                wrap=(18, 0.6),
                p=0.33,
                ours_only=False,
            ),
            dict(
                name="宽带/套餐升级 broadband & plan upsell (outsourced for the operator)",
                agents=(8, 12),
                n=(140, 210),
                local=0.9,
                blo=1950,
                bhi=2004,
                days="office",
                hours=[(9, 12), (13.5, 18)],
                card="new_bulk",
                wrap=(8, 0.5),
                p=0.36,
                ours_only=True,
            ),
            dict(
                name="助贷 loan brokerage",
                agents=(5, 8),
                n=(120, 200),
                local=0.3,
                blo=1970,
                bhi=2002,
                days="sixday",
                hours=[(9, 12), (13.5, 18.5)],
                card="rotate_weekly",
                wrap=(6, 0.5),
                p=0.27,
                ours_only=False,
            ),
            dict(
                name="保险 insurance",
                agents=(5, 7),
                n=(80, 120),
                local=0.5,
                blo=1960,
                bhi=1995,
                days="office",
                hours=[(9, 12), (14, 17.5)],
                card="personal_old",
                wrap=(30, 0.6),
                p=0.35,
                ours_only=False,
            ),
            dict(
                name="商铺/公寓投资 property investment",
                agents=(5, 8),
                n=(80, 150),
                local=0.6,
                blo=1965,
                bhi=1995,
                days="all",
                hours=[(9.5, 12), (14, 18), (19, 20.5)],
                card="new_bulk",
                wrap=(15, 0.6),
                p=0.3,
                ours_only=False,
            ),
        ]
        order = rng.permutation(len(teams))
        nteams = int(rng.integers(4, 6))
        self.telesales_nodes = []
        for ti in sorted(order[:nteams].tolist()):
            T = teams[ti]
            na = int(rng.integers(T["agents"][0], T["agents"][1] + 1))
            na = self.sc(na)
            office = int(rng.choice(self.sz["cbd"] if rng.random() < 0.7 else self.sz["ind"]))
            imeis = self.new_imei(na)
            company_birth = 0
            card = T["card"]
            if card == "old":
                batch = self.rand_act(1, 500, 0.6, 120)[0]
                acts = np.where(
                    rng.random(na) < 0.75, batch, batch + (rng.random(na) * (-batch)).astype(np.int64)
                )
                cards = self.company_cards(
                    na, act=acts, pop="telesales", note=f"telesales team {ti} {T['name']}; company card"
                )
                agent_cards = [[c] for c in cards.tolist()]
                switch_days = [[0] for _ in range(na)]
            elif card == "new_bulk":
                a0 = int(rng.integers(-20, -3)) * DAY + int(rng.integers(9, 17)) * 3600
                cards = self.company_cards(
                    na,
                    act=a0,
                    pop="telesales",
                    note=f"telesales team {ti} {T['name']}; bulk company cards bought day {a0 // DAY}",
                )
                agent_cards = [[c] for c in cards.tolist()]
                switch_days = [[0] for _ in range(na)]
            elif card == "rotate_weekly":
                nw = 3
                a0 = -5 * DAY + 10 * 3600
                cards = self.company_cards(
                    na * nw + int(rng.integers(2, 8)),
                    act=a0,
                    pop="telesales",
                    note=f"telesales team {ti} {T['name']}; bulk company card, "
                    f"agents switch to a fresh card every Monday (numbers get "
                    f"marked as spam)",
                )
                agent_cards = [[int(cards[w * na + a]) for w in range(nw)] for a in range(na)]
                switch_days = [[0, 7, 14] for _ in range(na)]
            else:  # personal_old: agents' own cards, different identities
                cards = np.concatenate(
                    [
                        self.company_cards(
                            1,
                            consecutive=False,
                            act=self.rand_act(1, 1500, 0.8, 200),
                            pop="telesales",
                            birth=int(rng.integers(1975, 2000)),
                            note=f"telesales team {ti} {T['name']}; agent own card",
                        )
                        for _ in range(na)
                    ]
                )
                agent_cards = [[c] for c in cards.tolist()]
                switch_days = [[0] for _ in range(na)]
            for c in cards.tolist():
                N.c["home_cell"][c] = office
            tl = self.targets(na * 3000, T["local"], T["blo"], T["bhi"], ours_only=T["ours_only"])
            ptr = 0
            dm = DAYMULT[T["days"]] if T["days"] != "all" else np.ones(NDAYS)
            for a in range(na):
                follow = []  # (day, node)
                speed = rng.uniform(0.8, 1.2)
                for d in range(NDAYS):
                    if dm[d] < 0.5 and not (T["days"] == "sixday" and DOW[d] == 6 and rng.random() < 0.05):
                        continue
                    if rng.random() < 0.04:  # sick / leave
                        continue
                    k = int(rng.integers(T["n"][0], T["n"][1] + 1) * speed)
                    fu = [x for (dd, x) in follow if dd == d]
                    follow = [(dd, x) for (dd, x) in follow if dd > d]
                    lst = np.concatenate([np.array(fu, np.int64), tl[ptr : ptr + k]])
                    ptr += k
                    if ptr + 400 > len(tl):
                        ptr = 0
                    t, cal, dur, ans, _ = self.seq(
                        d,
                        T["hours"],
                        lst,
                        T["p"],
                        [(0.68, 15, 0.6), (0.26, 55, 0.6), (0.06, 280, 0.6)],
                        wrap=T["wrap"],
                    )
                    sd = switch_days[a]
                    wk = max(i for i in range(len(sd)) if sd[i] <= d)
                    caller = agent_cards[a][wk]
                    self.add_calls(caller, cal, t, dur, TAG_DIAL, cell=office, imei=imeis[a])
                    # follow-ups for interested people, redial a few missed
                    for x in cal[dur > 90].tolist():
                        if rng.random() < 0.5:
                            follow.append((d + int(rng.integers(1, 4)), x))
                    for x in cal[(dur == 0)].tolist():
                        if rng.random() < 0.08:
                            follow.append((d + 1, x))
                    self.callbacks(
                        caller,
                        cal,
                        t,
                        dur,
                        0.015,
                        0.03,
                        hooked=dur > 90,
                        p_hook=0.2,
                        delay=(1800, 1.3),
                        cb_ans=0.55,
                        cb_dur=((0.7, 40, 0.6), (0.3, 150, 0.6)),
                    )
            self.telesales_nodes.append(cards)

    # ---- debt collection
    def gen_debt(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        owner_arr, ht = self.hometown_of
        for team in range(2):
            na = self.sc(int(rng.integers(7, 11)))
            office = int(rng.choice(self.sz["cbd"]))
            multi = team == 1
            ncards = na * (int(rng.integers(3, 5)) if multi else 1)
            batch = self.rand_act(1, 400, 0.6, 90)[0]
            acts = np.where(
                rng.random(ncards) < 0.7, batch, batch + (rng.random(ncards) * (-batch)).astype(np.int64)
            )
            cards = self.company_cards(
                ncards,
                act=acts if not multi else -int(rng.integers(20, 60)) * DAY,
                pop="debt_collector",
                note=f"debt collection office {team}"
                + ("; agent rotates 3-4 cards through a dual-SIM phone" if multi else ""),
            )
            for a in range(na):
                imeis = self.new_imei(2 if multi else 1)
                if multi:
                    imeis = luhn_imei(
                        np.full(2, imeis[0] // 10000000), (imeis[0] // 10) % 1000000 + np.arange(2)
                    )
                mycards = cards[a::na]
                nd = int(rng.integers(120, 250))
                nl = int(nd * 0.25)
                debt = np.concatenate(
                    [
                        self.pick(lp[(N.c["birth"][lp] >= 1975) & (N.c["birth"][lp] <= 2004)], nl),
                        self.pick(self.remote[(self.remote_birth >= 1975)], nd - nl),
                    ]
                )
                # emergency contacts: real contacts of local debtors (family/friends), random for remote
                contacts = []
                for x in debt.tolist():
                    pc = N.c["pch"][x]
                    if pc >= 0 and rng.random() < 0.8:
                        cand = self._pairs_of(pc)
                        if len(cand):
                            contacts.extend(self.pick(cand, 2).tolist())
                            continue
                    contacts.extend(self.pick(self.remote, 2).tolist())
                contacts = np.array(contacts, np.int64)
                dw = rng.lognormal(0, 1, len(debt))
                for d in range(NDAYS):
                    if DOW[d] == 6 and rng.random() < 0.7:
                        continue
                    nd_today = int(rng.integers(35, 70))
                    who = self.pick(debt, nd_today, dw, replace=False)
                    rep = rng.integers(1, 4, len(who))
                    lst = np.repeat(who, rep)
                    lst = np.concatenate([lst, self.pick(contacts, int(rng.integers(10, 30)))])
                    lst = lst[rng.permutation(len(lst))]
                    isdebt = np.isin(lst, debt)
                    t, cal, dur, ans, kidx = self.seq(
                        d,
                        [(9, 12), (13.5, 18), (19, 21)],
                        lst,
                        np.where(isdebt, 0.22, 0.45),
                        [(0.6, 25, 0.6), (0.35, 80, 0.6), (0.05, 300, 0.5)],
                        wrap=(20, 0.6),
                    )
                    if multi:
                        # 2 cards in the handset today, alternate; slots swap day to day
                        today = [int(mycards[(d + i) % len(mycards)]) for i in range(2)]
                        slot = rng.integers(0, 2, len(t))
                        callers = np.array(today)[slot]
                        im = imeis[(slot + d) % 2]
                    else:
                        callers = np.full(len(t), mycards[0])
                        im = imeis[0]
                    self.add_calls(callers, cal, t, dur, TAG_DIAL, cell=office, imei=im)
                    self.callbacks(callers, cal, t, dur, 0.04, 0.03, delay=(1200, 1.2), cb_ans=0.6)

    def _pairs_of(self, pc):
        if not hasattr(self, "_pidx"):
            pcs = np.concatenate([p[0] for p in self.pairs])
            pds = np.concatenate([p[1] for p in self.pairs])
            o = np.argsort(pcs, kind="stable")
            self._pidx = (pcs[o], pds[o])
        pcs, pds = self._pidx
        a, b = np.searchsorted(pcs, [pc, pc + 1])
        return pds[a:b]

    # ---- recruiters (招工)
    def gen_recruiters(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        arr_nodes, arr_t, arr_fac, arr_origin = self.arrivals
        workers = lp[(N.c["kind"][lp] == "worker")]
        for a in self.roles["recruiter"].tolist():
            office = int(N.c["work_cell"][a])
            gates = self.pick(self.sz["ind"], 8, replace=False)  # factory gates / labour market stalls
            trip = None
            if rng.random() < 0.3:
                d0 = int(rng.integers(0, NDAYS - 3))
                city = ORIGIN_NAMES[int(rng.choice(len(ORIGIN_NAMES), p=ORIGIN_W))]
                trip = (d0, d0 + int(rng.integers(2, 5)), city)
                row = np.full(NDAYS, -1, np.int32)
                row[trip[0] : trip[1]] = self.city_idx[city]
                self.set_itin(a, row)
                N.c["note"][a] = N.c["note"][a] + f"; recruiting trip to {city} days {trip[0]}-{trip[1] - 1}"
            follow = []
            for d in range(NDAYS):
                if rng.random() < 0.08:
                    continue
                k = int(rng.integers(30, 120))
                on_trip = trip is not None and trip[0] <= d < trip[1]
                if on_trip:
                    pool = self.remote_by_city.get(trip[2], self.remote)
                    lst = np.concatenate(
                        [self.pick(pool, int(k * 0.7)), self.targets(k - int(k * 0.7), 0.3, 1975, 2008)]
                    )
                    cells = self.city_cells[self.city_idx[trip[2]]]
                else:
                    arrived = arr_nodes[(arr_t < d * DAY + 12 * 3600) & (arr_t > (d - 10) * DAY)]
                    lst = np.concatenate(
                        [
                            self.targets(int(k * 0.75), 0.15, 1975, 2008, young_w=2.0),
                            self.pick(workers, int(k * 0.15)),
                            self.pick(arrived, max(0, k - int(k * 0.75) - int(k * 0.15))),
                        ]
                    )
                    cells = None
                lst = lst[rng.permutation(len(lst))]
                fu = [x for (dd, x) in follow if dd == d]
                follow = [(dd, x) for (dd, x) in follow if dd > d]
                lst = np.concatenate([np.array(fu, np.int64), lst])
                t, cal, dur, ans, _ = self.seq(
                    d,
                    [(8.5, 12), (13.5, 18.5), (19.5, 21)],
                    lst,
                    0.55,
                    [(0.6, 45, 0.6), (0.35, 120, 0.6), (0.05, 400, 0.5)],
                    wrap=(40, 0.7),
                    pause_p=0.06,
                    pause_med=900,
                )
                if on_trip:
                    cl = self.pick(cells, len(t))
                else:
                    cl = np.where(rng.random(len(t)) < 0.75, office, self.pick(gates, len(t)))
                self.add_calls(a, cal, t, dur, TAG_DIAL, cell=cl)
                for x in cal[dur > 90].tolist():
                    if rng.random() < 0.6:
                        follow.append((d + int(rng.integers(1, 3)), x))
                self.callbacks(
                    a,
                    cal,
                    t,
                    dur,
                    0.12,
                    0.2,
                    hooked=dur > 90,
                    p_hook=0.4,
                    delay=(1500, 1.2),
                    cb_ans=0.8,
                    cb_dur=((0.6, 60, 0.6), (0.4, 180, 0.6)),
                )

    # ---- factory HR offices
    def gen_hr(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        arr_nodes, arr_t, arr_fac, _ = self.arrivals
        workers = lp[(N.c["kind"][lp] == "worker")]
        jc_old, jc_new, jc_t = self.job_changers
        for node, fac, fixed in self.hr:
            cell = -1 if fixed else int(self.wp_cells[fac])
            im = -1 if fixed else int(N.c["imei1"][node])
            for d in range(NDAYS):
                dw = DOW[d]
                if dw == 6:
                    continue
                k = (
                    int(rng.integers(40, 90))
                    if dw == 0
                    else int(rng.integers(10, 35))
                    if dw < 5
                    else int(rng.integers(3, 12))
                )
                mine = arr_nodes[(arr_fac == fac) & (arr_t < d * DAY + 17 * 3600) & (arr_t > (d - 3) * DAY)]
                jc = jc_new[(jc_t < d * DAY) & (jc_t > (d - 5) * DAY)]
                lst = np.concatenate(
                    [
                        mine,
                        self.pick(jc, min(len(jc), 3)),
                        self.targets(
                            max(0, k - len(mine)),
                            0.35,
                            1978,
                            2008,
                            young_w=2.0,
                            extra=workers,
                            extra_share=0.3,
                        ),
                    ]
                )
                t, cal, dur, ans, _ = self.seq(
                    d,
                    [(8.5, 11.5), (13.5, 17.5)],
                    lst,
                    0.72,
                    [(0.7, 50, 0.6), (0.3, 120, 0.6)],
                    wrap=(45, 0.7),
                )
                self.add_calls(node, cal, t, dur, TAG_DIAL, cell=cell, imei=im)
                self.callbacks(node, cal, t, dur, 0.35, 0.15, delay=(1200, 1.2), cb_ans=0.75)

    # ---- clinics
    def gen_clinic(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        w = np.where(N.c["kind"][lp] == "elder", 4.0, np.where(N.c["kind"][lp] == "kid", 0, 1.0))
        for node, cell, fixed in self.clinic:
            im = -1 if fixed else int(N.c["imei1"][node])
            c = -1 if fixed else cell
            for d in range(NDAYS):
                if DOW[d] == 6:
                    continue
                k = int(rng.integers(30, 80))
                lst = np.concatenate(
                    [self.pick(lp, int(k * 0.85), w), self.pick(self.remote, k - int(k * 0.85))]
                )
                t, cal, dur, ans, _ = self.seq(
                    d, [(9, 11.5), (14.5, 17)], lst, 0.68, [(1, 35, 0.5)], wrap=(25, 0.5)
                )
                # second attempt for no-answer later in the afternoon
                re = cal[dur == 0]
                re = re[rng.random(len(re)) < 0.3]
                t2, cal2, dur2, _, _ = self.seq(
                    d, [(16.5, 17.5)], re, 0.6, [(1, 30, 0.5)], wrap=(15, 0.5), jitter=60
                )
                T = np.concatenate([t, t2])
                CA = np.concatenate([cal, cal2])
                DU = np.concatenate([dur, dur2])
                self.add_calls(node, CA, T, DU, TAG_DIAL, cell=c, imei=im)
                self.callbacks(node, CA, T, DU, 0.25, 0.05, delay=(1800, 1.2), cb_ans=0.65)

    # ---- couriers and food riders
    def gen_delivery(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        hc = N.c["home_cell"][lp]
        wc = N.c["work_cell"][lp]
        heavy = rng.lognormal(0, 1.0, len(lp))
        for a in self.roles["courier"].tolist():
            zone = self.pick(
                np.concatenate([self.sz["res"], self.sz["ind"], self.sz["cbd"]]),
                int(rng.integers(6, 13)),
                replace=False,
            )
            inz = np.isin(hc, zone) | np.isin(wc, zone)
            pool = lp[inz]
            pw = heavy[inz]
            if len(pool) < 300:
                pool = np.concatenate([pool, self.pick(lp, 300)])
                pw = np.concatenate([pw, np.ones(300)])
            off = int(rng.integers(0, 7))
            for d in range(NDAYS):
                if DOW[d] == off and rng.random() < 0.8:
                    continue
                k = int(rng.integers(20, 60) * (0.6 if DOW[d] == 6 else 1))
                lst = self.pick(pool, k, pw, replace=False)
                t, cal, dur, ans, _ = self.seq(
                    d,
                    [(9.5, 12.5), (14, 18.5)],
                    lst,
                    0.78,
                    [(1, 18, 0.5)],
                    ring_m=(25, 45),
                    wrap=(6, 0.6),
                    move_p=0.2,
                    move_med=900,
                    jitter=1200,
                )
                if len(t) == 0:
                    continue
                # cell: walk through the zone, changing after movement gaps
                step = np.concatenate([[0], (np.diff(t) > 600).astype(int)])
                ci = (np.cumsum(step) + int(rng.integers(0, len(zone)))) % len(zone)
                self.add_calls(a, cal, t, dur, TAG_DIAL, cell=zone[ci])
                self.callbacks(
                    a, cal, t, dur, 0.3, 0.02, delay=(600, 1.0), cb_ans=0.9, cb_dur=((1, 25, 0.5),)
                )
        for a in self.roles["food_rider"].tolist():
            zone = self.pick(
                np.concatenate([self.sz["res"], self.sz["ind"], self.sz["cbd"], self.sz["market"]]),
                int(rng.integers(20, 45)),
                replace=False,
            )
            off = int(rng.integers(0, 7))
            late = rng.random() < 0.3
            for d in range(NDAYS):
                if DOW[d] == off:
                    continue
                orders = int(rng.integers(12, 38))
                direct = rng.random(orders) < 0.4
                cust = np.where(direct, self.pick(lp, orders), self.pick(self.middle, orders))
                merch = rng.random(orders) < 0.2
                lst = np.concatenate([cust, self.pick(np.concatenate([self.biz_land, lp]), int(merch.sum()))])
                lst = lst[rng.permutation(len(lst))]
                blocks = [(10.5, 13.5), (16.5, 20.5)] + ([(21, 23.5)] if late else [])
                t, cal, dur, ans, _ = self.seq(
                    d, blocks, lst, 0.82, [(1, 15, 0.5)], wrap=(8, 0.5), move_p=0.7, move_med=420, jitter=900
                )
                self.add_calls(a, cal, t, dur, TAG_DIAL, cell=self.pick(zone, len(t)))
                self.callbacks(
                    a, cal, t, dur, 0.2, 0.01, delay=(300, 1.0), cb_ans=0.9, cb_dur=((1, 20, 0.5),)
                )

    # ---- estate agents: cold calls to owner lists
    def gen_estate(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        b = N.c["birth"][lp]
        for a in self.roles["estate_agent"].tolist():
            area = self.pick(self.sz["res"], int(rng.integers(4, 10)), replace=False)
            owners = lp[np.isin(N.c["home_cell"][lp], area) & (b >= 1960) & (b <= 1996)]
            owners = np.concatenate([owners, self.pick(self.remote, len(owners) // 4 + 50)])
            owners = owners[rng.permutation(len(owners))]
            ptr = 0
            for d in range(NDAYS):
                if rng.random() < 0.1:
                    continue
                k = int(rng.integers(20, 70) * (1.2 if WEEKEND[d] else 1))
                if ptr + k > len(owners):
                    ptr = 0
                lst = owners[ptr : ptr + k]
                ptr += k
                t, cal, dur, ans, _ = self.seq(
                    d,
                    [(9.5, 12), (14, 18), (19, 20.5)],
                    lst,
                    0.45,
                    [(0.75, 15, 0.6), (0.22, 60, 0.6), (0.03, 240, 0.5)],
                    wrap=(25, 0.7),
                    pause_p=0.05,
                )
                self.add_calls(
                    a,
                    cal,
                    t,
                    dur,
                    TAG_DIAL,
                    cell=np.where(rng.random(len(t)) < 0.8, N.c["work_cell"][a], self.pick(area, len(t))),
                )
                self.callbacks(a, cal, t, dur, 0.03, 0.04, delay=(2400, 1.2), cb_ans=0.8)

    # ---- announcement bursts of job changers and new arrivals
    def gen_bursts(self):
        rng = self.rng
        N = self.N
        old, new, sw = self.job_changers
        for o, nn, s in zip(old.tolist(), new.tolist(), sw.tolist()):
            pc = N.c["pch"][o]
            cont = self._pairs_of(pc)
            cont = cont[~np.isin(N.c["kind"][cont], ["service", "bizland"])]
            cont = np.unique(cont)
            cont = cont[rng.permutation(len(cont))][: int(len(cont) * rng.uniform(0.6, 1.0))]
            k = len(cont)
            if k == 0:
                continue
            d0 = s // DAY
            day = np.where(rng.random(k) < 0.7, d0, d0 + 1)
            t = np.maximum(day * DAY + rng.integers(9 * 3600, 22 * 3600, k), s + 60)
            ans = (rng.random(k) < 0.8) & N.c["exists"][cont]
            dur = np.where(ans, mixdur(rng, k, [(0.7, 60, 0.6), (0.3, 200, 0.6)]), 0)
            ok = t < END_T
            self.add_calls(nn, cont[ok], t[ok], dur[ok], TAG_SPECIAL)
            # contacts save the new number and some ring back
            self.callbacks(
                nn, cont[ok], t[ok], dur[ok], 0.5, 0.15, delay=(3600, 1.3), cb_ans=0.9, cb_dur=((1, 90, 0.8),)
            )
        nodes, arr, fac, origin = self.arrivals
        hr_of = {f: n for (n, f, _) in self.hr}
        recr = self.roles["recruiter"]
        for i, nd in enumerate(nodes.tolist()):
            a = int(arr[i])
            home = self.arrival_home[nd]
            parts = [
                home,
                self.pick(
                    np.concatenate([self.biz_land, self.local_person_nodes]), int(rng.integers(5, 16))
                ),  # landlords, room ads
                self.pick(self.biz_land, int(rng.integers(2, 8))),  # job ads / factory gates
                self.pick(recr, int(rng.integers(1, 3))),
            ]
            if int(fac[i]) in hr_of:
                parts.append(np.array([hr_of[int(fac[i])]] * int(rng.integers(1, 3))))
            lst = np.concatenate(parts)
            k = len(lst)
            t = a + np.sort(rng.integers(600, int(2.5 * DAY), k))
            h = (t % DAY) // 3600
            t = np.where(h < 8, t + 9 * 3600, t)
            ans = (rng.random(k) < 0.7) & N.c["exists"][lst]
            dur = np.where(ans, mixdur(rng, k, [(0.6, 50, 0.6), (0.4, 180, 0.8)]), 0)
            ok = t < END_T
            self.add_calls(nd, lst[ok], t[ok], dur[ok], TAG_SPECIAL)

    # ------------------------------------------------------------------ FRAUD
    def fraud_cards(
        self, n, pop, note, act, city=LOCAL, consecutive=False, nident=None, cls=0, ctype="mobile"
    ):
        rng = self.rng
        if nident is None:
            nident = max(1, n // 3)
        births = np.where(
            rng.random(nident) < 0.4,
            rng.integers(1999, 2007, nident),
            np.where(
                rng.random(nident) < 0.5, rng.integers(1948, 1966, nident), rng.integers(1966, 1999, nident)
            ),
        )
        ids = self.new_ident(nident, births)
        which = rng.integers(0, nident, n)
        which[:nident] = np.arange(min(nident, n))
        nums = self.alloc_consecutive(n, city, cls) if consecutive else self.alloc_mobile(n, city, cls)
        act = np.broadcast_to(np.asarray(act, np.int64), (n,)).copy()
        tod = int(rng.integers(9 * 3600, 20 * 3600))  # bought together at one outlet
        act = np.where(act % DAY == 0, act + tod + rng.integers(0, 900, n), act)
        nodes = self.N.add(
            n,
            num=nums,
            ours=True,
            local=True,
            exists=True,
            ctype=ctype,
            city=city,
            act=act,
            ident=ids[which],
            birth=births[which],
            pop=pop,
            note=note,
            kind="fraud",
        )
        self.N.c["imsi1"][nodes] = self.new_imsi(n, virt=(cls == 2))
        return nodes

    def fraud_boss_calls(self, node, d0, d1, cell, imei, bosses):
        rng = self.rng
        for d in range(d0, d1 + 1):
            k = int(rng.integers(0, 3))
            if k == 0:
                continue
            t = d * DAY + rng.integers(8 * 3600, 23 * 3600, k)
            dur = mixdur(rng, k, [(1, 200, 0.8)])
            self.add_calls(node, self.pick(bosses, k), t, dur, TAG_FRAUD, cell=cell, imei=imei)

    def fraud_dial(
        self,
        node,
        days,
        blocks,
        lists,
        n_rng,
        p_ans,
        mix,
        hook_thr,
        cell,
        imei,
        wrap=(12, 0.6),
        cb=(0.01, 0.01, 0.25),
        follow_p=0.6,
        follow_max=3,
        end_t=None,
        cb_until=None,
        ring_m=(20, 40),
        ring_a=(4, 12),
    ):
        """Generic fraud dialer over `days`, drawing fresh targets from `lists` (generator)."""
        rng = self.rng
        follow = []
        tot = 0
        for d in days:
            fu = [x for (dd, x) in follow if dd == d]
            follow = [(dd, x) for (dd, x) in follow if dd > d]
            k = int(rng.integers(n_rng[0], n_rng[1] + 1))
            lst = np.concatenate([np.array(fu, np.int64), lists(k)])
            t, cal, dur, ans, _ = self.seq(
                d, blocks, lst, p_ans, mix, wrap=wrap, ring_m=ring_m, ring_a=ring_a, pause_p=0.02
            )
            if end_t is not None:
                m = t < end_t
                t, cal, dur = t[m], cal[m], dur[m]
            c = cell(len(t)) if callable(cell) else cell
            im = imei(t) if callable(imei) else imei
            self.add_calls(node, cal, t, dur, TAG_FRAUD, cell=c, imei=im)
            hooked = dur > hook_thr
            for x in cal[hooked].tolist():
                for r in range(int(rng.integers(0, follow_max + 1))):
                    if rng.random() < follow_p:
                        follow.append((d + int(rng.integers(0, 3)), x))
            self.callbacks(
                node,
                cal,
                t,
                dur,
                cb[0],
                cb[1],
                hooked=hooked,
                p_hook=cb[2],
                delay=(1200, 1.3),
                cb_ans=0.85,
                cb_dur=((0.5, 60, 0.6), (0.5, 400, 0.8)),
                until=cb_until,
            )
            # hooked victims sometimes phone their bank right after
            m = hooked & self.N.c["can_call"][cal] & (rng.random(len(cal)) < 0.2)
            if m.any():
                tb = t[m] + dur[m] + rng.integers(120, 3600, int(m.sum()))
                self.add_calls(
                    cal[m],
                    self.pick(self.services[1:8], int(m.sum())),
                    tb,
                    mixdur(rng, int(m.sum()), [(1, 240, 0.6)]),
                    TAG_CALLBACK,
                )
            tot += len(t)
        return tot

    def gen_fraud(self):
        rng = self.rng
        N = self.N
        lp = self.local_person_nodes
        self.fraud_summary = []
        res_cells = self.sz["res"]
        dg_cells = self.cells_of("东莞")
        intl_boss = np.concatenate(
            [self.alloc_intl(6, 855, 8), self.alloc_intl(4, 63, 10), self.alloc_intl(4, 95, 9)]
        )
        bosses_intl = N.add(
            len(intl_boss),
            num=intl_boss,
            ours=False,
            local=False,
            ctype="intl",
            city="境外",
            kind="intl",
            note="overseas handler number",
        )
        bosses_dom = self.new_remote(8, "茂名", 0.0, 0, "ring contact")

        def start_day():
            # ~70% start inside the measured week
            return (
                int(rng.integers(HIST_DAYS, NDAYS)) if rng.random() < 0.7 else int(rng.integers(2, HIST_DAYS))
            )

        def ecom_list(k):
            return self.targets(k, 0.3, 1978, 2004, young_w=1.5)

        def police_list(k):
            return self.targets(k, 0.35, 1940, 1995, elder_w=4.0)

        def loan_list(k):
            return self.targets(k, 0.3, 1970, 2002)

        def shua_list(k):
            arr_nodes = self.arrivals[0]
            return self.targets(k, 0.45, 1990, 2008, young_w=3.0, extra=arr_nodes, extra_share=0.05)

        SCRIPTS = {
            "ecom": (
                ecom_list,
                0.32,
                [(0.55, 10, 0.6), (0.33, 45, 0.7), (0.12, 700, 0.7)],
                300,
                (0.01, 0.01, 0.25),
            ),
            "police": (
                police_list,
                0.38,
                [(0.6, 8, 0.6), (0.28, 40, 0.7), (0.12, 1500, 0.6)],
                600,
                (0.005, 0.005, 0.1),
            ),
            "loan": (
                loan_list,
                0.30,
                [(0.55, 15, 0.6), (0.35, 70, 0.7), (0.10, 300, 0.6)],
                200,
                (0.01, 0.04, 0.3),
            ),
            "shua": (
                shua_list,
                0.40,
                [(0.6, 12, 0.6), (0.35, 40, 0.6), (0.05, 200, 0.6)],
                150,
                (0.01, 0.04, 0.2),
            ),
        }

        # --- 1. fake e-commerce customer service teams (burner cards rotated through team phones)
        for team in range(int(rng.integers(1, 3))):
            nphones = int(rng.integers(3, 5))
            ncards = int(rng.integers(nphones + 1, nphones + 4))
            s0 = start_day()
            paced = rng.random() < 0.4
            cellv = int(rng.choice(res_cells)) if rng.random() < 0.6 else int(rng.choice(dg_cells))
            a0 = s0 * DAY - int(rng.integers(1, 7)) * DAY
            cards = self.fraud_cards(
                ncards,
                "fraud_ecom_refund",
                f"fake e-commerce customer service (退款/理赔) team {team}"
                + ("; paced like telesales" if paced else ""),
                act=a0,
                city=LOCAL if rng.random() < 0.7 else "广州",
                nident=max(1, ncards // 3),
            )
            imeis = self.new_imei(nphones)
            phone_cards = [[] for _ in range(nphones)]
            for i, c in enumerate(cards.tolist()):
                phone_cards[i % nphones].append(c)
            for p in range(nphones):
                d = s0
                for c in phone_cards[p]:
                    life = int(rng.integers(5, 12)) if paced else int(rng.integers(1, 5))
                    if d >= NDAYS:
                        break
                    days = [x for x in range(d, min(NDAYS, d + life)) if not (paced and WEEKEND[x])]
                    end_t = (d + life - 1) * DAY + int(rng.integers(11, 21)) * 3600
                    blocks = [(9, 12), (14, 18)] if paced else [(9.5, 12), (13.5, 18), (19, 21.5)]
                    nr = (70, 120) if paced else (150, 380)
                    f, pa, mix, thr, cb = SCRIPTS["ecom"]
                    n = self.fraud_dial(
                        c,
                        days,
                        blocks,
                        f,
                        nr,
                        pa,
                        mix,
                        thr,
                        cellv,
                        int(imeis[p]),
                        cb=cb,
                        end_t=end_t,
                        cb_until=end_t + 3600,
                        wrap=(15, 0.6) if paced else (7, 0.5),
                    )
                    N.c["note"][c] += (
                        f"; phone {p}, active days {days[0] if days else d}-{min(NDAYS - 1, d + life - 1)}"
                    )
                    self.fraud_boss_calls(
                        c, d, min(NDAYS - 1, d + life - 1), cellv, int(imeis[p]), bosses_intl
                    )
                    d = d + life
        # --- 2. fake police / procuratorate (冒充公检法)
        for i in range(int(rng.integers(3, 6))):
            s0 = start_day()
            life = int(rng.integers(1, 5))
            far = rng.random() < 0.5
            cellv = int(rng.choice(dg_cells if far else res_cells))
            c = self.fraud_cards(
                1,
                "fraud_fake_police",
                "impersonates police/procuratorate (冒充公检法), "
                "elderly-heavy lists, keeps hooked victims on the line for long calls",
                act=s0 * DAY - int(rng.integers(1, 20)) * DAY,
                city=LOCAL if rng.random() < 0.6 else ORIGIN_NAMES[int(rng.integers(0, len(ORIGIN_NAMES)))],
            )[0]
            days = [x for x in range(s0, min(NDAYS, s0 + life)) if not WEEKEND[x]] or [s0]
            f, pa, mix, thr, cb = SCRIPTS["police"]
            self.fraud_dial(
                c,
                days,
                [(9, 12), (14, 17.5)],
                f,
                (60, 200),
                pa,
                mix,
                thr,
                cellv,
                int(self.new_imei(1)[0]),
                cb=cb,
                follow_p=0.7,
                follow_max=4,
                wrap=(10, 0.5),
            )
            N.c["note"][c] += f"; active days {days[0]}-{days[-1]}"
        # --- 3. fake loan / credit repair (often paced like telesales)
        for i in range(int(rng.integers(4, 7))):
            s0 = start_day()
            paced = rng.random() < 0.6
            life = int(rng.integers(5, 12)) if paced else int(rng.integers(2, 5))
            cellv = int(rng.choice(res_cells if rng.random() < 0.7 else self.sz["cbd"]))
            c = self.fraud_cards(
                1,
                "fraud_loan_credit",
                "fake loan / credit repair (征信修复, 解冻费)"
                + ("; paced like telesales, office hours, weekdays" if paced else ""),
                act=s0 * DAY - int(rng.integers(2, 40)) * DAY,
            )[0]
            days = [x for x in range(s0, min(NDAYS, s0 + life)) if not (paced and WEEKEND[x])] or [s0]
            f, pa, mix, thr, cb = SCRIPTS["loan"]
            self.fraud_dial(
                c,
                days,
                [(9, 12), (13.5, 18)],
                f,
                (60, 110) if paced else (120, 220),
                pa,
                mix,
                thr,
                cellv,
                int(self.new_imei(1)[0]),
                cb=cb,
                wrap=(20, 0.6) if paced else (8, 0.5),
            )
            N.c["note"][c] += f"; active days {days[0]}-{days[-1]}"
        # --- 4. part-time 刷单 recruiters
        for i in range(int(rng.integers(3, 6))):
            s0 = start_day()
            life = int(rng.integers(1, 6))
            cellv = int(rng.choice(res_cells))
            c = self.fraud_cards(
                1,
                "fraud_shuadan_recruit",
                "part-time 刷单 job offers to young workers / new arrivals, pushes victims to QQ/WeChat",
                act=s0 * DAY - int(rng.integers(1, 10)) * DAY,
                cls=2 if rng.random() < 0.3 else 0,
                ctype="mobile",
            )[0]
            if N.c["num"][c].startswith("170"):
                N.c["ctype"][c] = "virtual"
            days = list(range(s0, min(NDAYS, s0 + life)))
            f, pa, mix, thr, cb = SCRIPTS["shua"]
            self.fraud_dial(
                c,
                days,
                [(10, 13), (14, 18), (19, 22)],
                f,
                (80, 220),
                pa,
                mix,
                thr,
                cellv,
                int(self.new_imei(1)[0]),
                cb=cb,
                follow_p=0.3,
                wrap=(9, 0.5),
            )
            N.c["note"][c] += f"; active days {days[0]}-{days[-1]}"
        # --- 5. SIM-box racks (猫池 / GoIP): new consecutive cards, machine pace, cards rotate through channels
        nracks = 1 + int(rng.random() < 0.5)
        for r in range(nracks):
            ncard = int(rng.integers(6, 11))
            s0 = start_day()
            randomize_imei = r == 1
            cellv = int(rng.choice(res_cells if r == 0 else dg_cells))
            cards = self.fraud_cards(
                ncard,
                "fraud_simbox",
                f"SIM-box rack {r} ({'IMEI re-written daily' if randomize_imei else '8-channel GoIP'}),"
                f" cards rotate through channels",
                act=s0 * DAY - int(rng.integers(2, 7)) * DAY,
                consecutive=True,
                nident=int(rng.integers(2, 4)),
            )
            chan_imei = luhn_imei(np.full(8, self.goip_tac), int(rng.integers(0, 900000)) + np.arange(8))
            script = ["ecom", "police", "loan"][int(rng.integers(0, 3))]
            f, pa, mix, thr, cb = SCRIPTS[script]
            lifes = rng.integers(2, 6, ncard)
            for d in range(s0, min(NDAYS, s0 + int(lifes.max()))):
                perm = rng.permutation(8)
                for ci, c in enumerate(cards.tolist()):
                    if d >= s0 + lifes[ci]:
                        continue
                    im = (
                        int(self.new_imei(1, self.goip_tac)[0])
                        if randomize_imei
                        else int(chan_imei[perm[ci % 8]])
                    )
                    self.fraud_dial(
                        c,
                        [d],
                        [(9, 21.5)],
                        f,
                        (150, 350),
                        pa * 0.8,
                        mix,
                        thr,
                        cellv,
                        im,
                        wrap=(4, 0.3),
                        cb=(cb[0] / 2, cb[1] / 2, cb[2] / 2),
                        follow_p=0.3,
                    )
            for ci, c in enumerate(cards.tolist()):
                N.c["note"][c] += f"; active days {s0}-{min(NDAYS - 1, s0 + lifes[ci] - 1)}, script {script}"
        # --- 6. one handset rotating several SIMs (换卡轮拨)
        nrot = int(rng.integers(4, 7))
        s0 = start_day()
        cards = self.fraud_cards(
            nrot,
            "fraud_sim_rotation",
            "several new cards rotated through ONE handset every "
            "1-3 hours while moving (car) along the Shenzhen/Dongguan border",
            act=s0 * DAY - int(rng.integers(2, 10)) * DAY,
            nident=2,
        )
        im = int(self.new_imei(1)[0])
        route = np.concatenate([self.sz["road"], self.cells_of("东莞", "road"), self.cells_of("东莞", "res")])
        script = ["police", "loan"][int(rng.integers(0, 2))]
        f, pa, mix, thr, cb = SCRIPTS[script]
        for d in range(s0, min(NDAYS, s0 + int(rng.integers(2, 5)))):
            h = 9.0
            j = int(rng.integers(0, nrot))
            while h < 20:
                span = float(rng.uniform(1, 3))
                c = int(cards[j % nrot])
                cellv = int(rng.choice(route))
                self.fraud_dial(
                    c,
                    [d],
                    [(h, min(h + span, 21))],
                    f,
                    (20, 60),
                    pa,
                    mix,
                    thr,
                    cellv,
                    im,
                    wrap=(8, 0.5),
                    cb=cb,
                )
                h += span + float(rng.uniform(0.1, 0.5))
                j += 1
        for c in cards.tolist():
            N.c["note"][c] += f"; starts day {s0}, script {script}"
        # --- 7. rented old real-name cards (租用实名卡): owner's light normal use, then the ring's phones
        nrent = int(rng.integers(4, 8))
        cand = lp[
            N.c["can_call"][lp]
            & np.isin(N.c["pop"][lp], ["resident", "factory_worker"])
            & (N.c["card2"][lp] < 0)
            & (N.c["remap_to"][lp] < 0)
        ]
        owners = self.pick(cand, nrent, replace=False)
        ring_far = rng.random() < 0.6
        ring_cell = int(rng.choice(dg_cells if ring_far else res_cells))
        ring_imeis = self.new_imei(2)
        rcards = N.add(
            nrent,
            num=self.alloc_mixed(N.c["city"][owners], np.zeros(nrent, int)),
            ours=True,
            local=True,
            exists=True,
            ctype="mobile",
            city=N.c["city"][owners],
            act=self.rand_act(nrent, 1500, 0.8, 400),
            ident=N.c["ident"][owners],
            birth=N.c["birth"][owners],
            pop="fraud_rented_card",
            kind="fraud",
            home_cell=N.c["home_cell"][owners],
            work_cell=N.c["work_cell"][owners],
            wprof=N.c["wprof"][owners],
            imei1=N.c["imei1"][owners] + 0,
            imsi1=self.new_imsi(nrent),
        )
        tac = N.c["imei1"][owners] // 10000000
        ser = (N.c["imei1"][owners] // 10) % 1000000
        N.c["imei1"][rcards] = luhn_imei(tac, ser + 1)
        N.c["card2"][owners] = rcards
        script = ["police", "ecom"][int(rng.integers(0, 2))]
        f, pa, mix, thr, cb = SCRIPTS[script]
        for i, (o, c) in enumerate(zip(owners.tolist(), rcards.tolist())):
            R = int(rng.integers(5, NDAYS - 1))
            rt = R * DAY + int(rng.integers(8, 12)) * 3600
            N.c["rent_t"][c] = rt
            N.c["owner"][c] = o
            days = list(range(R, min(NDAYS, R + int(rng.integers(3, 9)))))
            ph = i % 2
            self.fraud_dial(
                c,
                days,
                [(9, 12), (14, 18), (19, 21)],
                f,
                (80, 220),
                pa,
                mix,
                thr,
                ring_cell,
                int(ring_imeis[ph]),
                cb=cb,
                end_t=None,
                wrap=(10, 0.5),
            )
            N.c["note"][c] = (
                f"old real-name card of {N.c['num'][o]} (second SIM, light personal use) rented to a "
                f"ring from day {R}; ring phone {ph}, script {script}"
            )
            self.fraud_boss_calls(c, days[0], days[-1], ring_cell, int(ring_imeis[ph]), bosses_dom)
        # --- 8. one-ring callback lures (响一声), MVNO cards, sequential scanning of local number blocks
        for i in range(int(rng.integers(2, 4))):
            s0 = start_day()
            life = int(rng.integers(1, 4))
            c = self.fraud_cards(
                1,
                "fraud_one_ring",
                "one-ring (响一声) callback lure; scans local number "
                "blocks sequentially; callbacks reach a paid recording",
                act=s0 * DAY - int(rng.integers(1, 4)) * DAY,
                cls=2,
                ctype="virtual",
            )[0]
            cellv = int(rng.choice(self.sz["res"]))
            im = int(self.new_imei(1)[0])
            for d in range(s0, min(NDAYS, s0 + life)):
                nb = int(rng.integers(2, 5))
                bh = [
                    (h, h + float(rng.uniform(0.5, 1.5)))
                    for h in sorted(rng.choice(np.arange(10, 22, 2), nb, replace=False).tolist())
                ]
                k = int(rng.integers(500, 1300))
                lst = self.scan_block(k) if rng.random() < 0.6 else self.targets(k, 0.6, 1950, 2006)
                t, cal, dur, ans, _ = self.seq(
                    d, bh, lst, 0.0, [(1, 1, 0.1)], ring_m=(2, 5), wrap=(2, 0.3), pause_p=0, jitter=60
                )
                self.add_calls(c, cal, t, dur, TAG_FRAUD, cell=cellv, imei=im)
                self.callbacks(
                    c, cal, t, dur, 0.05, 0.05, delay=(1200, 1.4), cb_ans=0.9, cb_dur=((1, 45, 0.5),)
                )
            N.c["note"][c] += f"; active days {s0}-{min(NDAYS - 1, s0 + life - 1)}"
        # --- 9. pig-butchering (杀猪盘): few victims, long evening calls, victims call back a lot
        for i in range(int(rng.integers(2, 4))):
            c = self.fraud_cards(
                1,
                "fraud_pig_butchering",
                "pig-butchering (杀猪盘) relationship number: few "
                "targets, long evening calls, victims call it often",
                act=-int(rng.integers(60, 240)) * DAY,
            )[0]
            N.c["home_cell"][c] = int(rng.choice(res_cells))
            N.c["imei1"][c] = self.new_imei(1)[0]
            cand = lp[
                N.c["can_call"][lp]
                & (N.c["birth"][lp] >= 1968)
                & (N.c["birth"][lp] <= 1996)
                & np.isin(N.c["pop"][lp], ["resident", "factory_worker"])
            ]
            vic = np.concatenate(
                [self.pick(cand, int(rng.integers(2, 5))), self.pick(self.remote, int(rng.integers(1, 4)))]
            )
            cid = self.add_channel(c, rng.uniform(3, 6), "evening", "flat")
            self.add_pairs(cid, vic, PT["pig"], 1.0)
            self.add_reverse(vic, c, "pig", 6.0)
            # plus a couple of new "prospects" contacted per day
            for d in range(NDAYS):
                k = int(rng.integers(0, 4))
                pr = self.targets(k, 0.4, 1965, 1996)
                t = d * DAY + rng.integers(12 * 3600, 23 * 3600, k)
                ans = (rng.random(k) < 0.5) & N.c["exists"][pr]
                dur = np.where(ans, mixdur(rng, k, [(1, 150, 0.8)]), 0)
                self.add_calls(c, pr, t, dur, TAG_FRAUD)
            N.c["note"][c] += "; victims: " + " ".join(N.c["num"][v] for v in vic)
        # --- 10. fake boss (冒充领导) targeting one company's staff from a leaked directory
        for i in range(int(rng.integers(1, 3))):
            offices = np.nonzero(
                (self.wp_kind == "office") & (np.diff(self.wp_start)[: len(self.wp_kind)] >= 15)
            )[0]
            wp = int(rng.choice(offices))
            mem = self.wp_order[self.wp_start[wp] : self.wp_start[wp + 1]]
            mem = self.P["node"][mem]
            mem = mem[mem >= 0]
            s0 = start_day()
            if WEEKEND[s0]:
                s0 = min(NDAYS - 1, s0 + (7 - DOW[s0]))
            c = self.fraud_cards(
                1,
                "fraud_fake_boss",
                f"impersonates the boss (冒充领导) of workplace {wp}; "
                f"calls its staff from a leaked directory",
                act=s0 * DAY - int(rng.integers(1, 5)) * DAY,
            )[0]
            cellv = int(rng.choice(dg_cells))
            bim = int(self.new_imei(1)[0])
            for d in range(s0, min(NDAYS, s0 + int(rng.integers(1, 3)))):
                lst = np.concatenate(
                    [mem[rng.permutation(len(mem))], self.targets(int(rng.integers(10, 30)), 0.5)]
                )
                t, cal, dur, ans, _ = self.seq(
                    d,
                    [(9, 12), (14, 18)],
                    lst,
                    0.6,
                    [(0.5, 30, 0.6), (0.4, 90, 0.6), (0.1, 400, 0.6)],
                    wrap=(40, 0.6),
                )
                self.add_calls(c, cal, t, dur, TAG_FRAUD, cell=cellv, imei=bim)
                self.callbacks(c, cal, t, dur, 0.2, 0.15, delay=(900, 1.2), cb_ans=0.8)
            N.c["note"][c] += f"; starts day {s0}"

    def scan_block(self, k):
        """Sequential numbers in a local H-block (some assigned to district people, most not)."""
        rng = self.rng
        cls = int(rng.integers(0, 2))
        bl = self._blocks(LOCAL, cls)
        b = int(bl[rng.integers(0, len(bl))])
        s = int(rng.integers(0, 10000 - k))
        nums = [b * 10000 + s + i for i in range(k)]
        return self._nodes_for_numbers(nums, cls)

    def _nodes_for_numbers(self, nums, cls):
        N = self.N
        if not hasattr(self, "_num2node") or self._num2node_n != N.n:
            self._num2node = {s: i for i, s in enumerate(N["num"].tolist())}
            self._num2node_n = N.n
        out = np.empty(len(nums), np.int64)
        new_i, new_s = [], []
        for i, x in enumerate(nums):
            s = str(x)
            j = self._num2node.get(s)
            if j is None:
                new_i.append(i)
                new_s.append(s)
            else:
                out[i] = j
        if new_s:
            n = len(new_s)
            exists = self.rng.random(n) < 0.7
            births = self.rng.integers(1950, 2008, n)
            nodes = N.add(
                n,
                num=np.array(new_s, dtype=object),
                ours=(cls == 0),
                local=False,
                exists=exists,
                ctype="mobile",
                city=LOCAL,
                act=self.rand_act(n, 1500, 1, 30),
                ident=self.new_ident(n, births),
                birth=births,
                kind="remote",
                note="Shenzhen number outside the district (reached by block scanning)",
            )
            for s in new_s:
                self.used_nums.add(int(s))
            out[np.array(new_i)] = nodes
            for s, j in zip(new_s, nodes.tolist()):
                self._num2node[s] = j
            self._num2node_n = N.n
        return out

    # ------------------------------------------------------------------ assemble
    def assemble(self):
        rng = self.rng
        N = self.N
        C = {k: np.concatenate([c[k] for c in self.calls]) for k in self.calls[0]}
        caller, callee, t, dur, tag = C["caller"], C["callee"], C["t"], C["dur"], C["tag"]
        cell, imei = C["cell"], C["imei"]
        n0 = len(t)
        personal = (tag == TAG_PERSONAL) | (tag == TAG_CALLBACK)
        # dual-SIM: 25% of personal calls go out on the second card (unless it was rented out)
        c2 = N.c["card2"][caller]
        use2 = personal & (c2 >= 0) & (rng.random(n0) < 0.25)
        use2 &= t < N.c["rent_t"][np.maximum(c2, 0)]
        caller = np.where(use2, c2, caller)
        # job changers: old card stops, contacts reach the new number
        rt = N.c["remap_to"][caller]
        m = (rt >= 0) & (t >= N.c["remap_t"][caller])
        caller = np.where(m, rt, caller)
        rt = N.c["remap_to"][callee]
        m = (rt >= 0) & (t >= N.c["remap_t"][callee])
        moved = m & (rng.random(n0) < 0.85)
        stale = m & ~moved
        callee = np.where(moved, rt, callee)
        dur = np.where(stale, 0, dur)
        # callee not yet activated (e.g. new arrival still on hometown card) -> someone else on the list
        act_c = N.c["act"][callee]
        m = (act_c > t) & N.c["ours"][callee] & N.c["local"][callee]
        callee = np.where(m, self.pick(self.remote, n0), callee)
        # drop calls before the caller's card existed, after END, and self calls
        keep = (t >= 0) & (t < END_T) & (N.c["act"][caller] <= t) & (caller != callee)
        caller, callee, t, dur, tag, cell, imei = (x[keep] for x in (caller, callee, t, dur, tag, cell, imei))
        n = len(t)
        # default cells
        dflt = cell == -2
        hour = (t % DAY) // 3600
        dow = (t // DAY) % 7
        wp = N.c["wprof"][caller]
        at_work = np.select(
            [wp == WP_DAY, wp == WP_NIGHT, wp == WP_OFFICE, wp == WP_SHOP],
            [
                (dow < 6) & (hour >= 8) & (hour < 20),
                (dow < 6) & ((hour >= 20) | (hour < 8)),
                (dow < 5) & (hour >= 9) & (hour < 18),
                (hour >= 9) & (hour < 21),
            ],
            False,
        )
        wc = N.c["work_cell"][caller]
        hc = N.c["home_cell"][caller]
        r = rng.random(n)
        # occasional other places: each person has a handful of habitual extra cells (shops, friends, gym)
        kx = rng.integers(0, 6, n)
        rnd = self.sz_all[(caller * 7919 + kx * 104729 + (caller % 13) * kx * kx) % len(self.sz_all)]
        far = rng.random(n) < 0.03
        rnd = np.where(far, self.sz_all[rng.integers(0, len(self.sz_all), n)], rnd)
        base = np.where(at_work & (wc >= 0), np.where(r < 0.85, wc, rnd), np.where(r < 0.88, hc, rnd))
        base = np.where(base < 0, rnd, base)
        it = N.c["itin"][caller]
        if self.itin_rows:
            IT = np.stack(self.itin_rows)
            away = np.where(it >= 0, IT[np.maximum(it, 0), np.minimum(t // DAY, NDAYS - 1)], -1)
            u = rng.random(n)
            trav = np.full(n, -1)
            for ci in np.unique(away[away >= 0]).tolist():
                mm = away == ci
                cc = self.city_cells[ci]
                trav[mm] = cc[(u[mm] * len(cc)).astype(int)]
            base = np.where(trav >= 0, trav, base)
        fixed = N.c["ctype"][caller] == "fixed"
        cell = np.where(dflt, base, cell)
        cell = np.where(fixed, -1, cell)
        # IMEI / IMSI
        d_imei = np.where(t >= N.c["sw_t"][caller], N.c["imei2"][caller], N.c["imei1"][caller])
        imei = np.where(imei == -2, d_imei, imei)
        imei = np.where(fixed, -1, imei)
        imsi = np.where(t >= N.c["imsi_sw_t"][caller], N.c["imsi2"][caller], N.c["imsi1"][caller])
        imsi = np.where(fixed, -1, imsi)
        # sort
        o = np.lexsort((callee, caller, t))
        caller, callee, t, dur, tag, cell, imei, imsi = (
            x[o] for x in (caller, callee, t, dur, tag, cell, imei, imsi)
        )
        self.final = dict(
            caller=caller, callee=callee, t=t, dur=dur, tag=tag, cell=cell, imei=imei, imsi=imsi
        )
        self.log(f"assembled {n} calls (from {n0} generated)")

    def write(self, out, dup_rate):
        rng = self.rng
        N = self.N
        F = self.final
        n = len(F["t"])
        os.makedirs(out, exist_ok=True)
        num = N["num"]
        caller_s = num[F["caller"]]
        callee_s = num[F["callee"]]
        cell = F["cell"]
        e164c = np.where(cell >= 0, self.cell_e164[np.maximum(cell, 0)], False) & np.isin(
            N.c["ctype"][F["caller"]], ["mobile", "virtual"]
        )
        callee_mob = np.isin(N.c["ctype"][F["callee"]], ["mobile", "virtual"])
        e164d = callee_mob & (rng.random(n) < 0.03)
        region = np.where(cell >= 0, self.cell_city[np.maximum(cell, 0)], N.c["city"][F["caller"]])
        region = np.where(N.c["ctype"][F["caller"]] == "fixed", LOCAL, region)
        ts = (BASE + F["t"].astype("timedelta64[s]")).astype("datetime64[ms]")
        ids = np.array([f"{self.seed:02d}{i:09d}" for i in range(n)], dtype=object)
        df = pl.DataFrame(
            {
                "call_id": ids.astype(str),
                "caller": caller_s.astype(str),
                "callee": callee_s.astype(str),
                "start_time": ts,
                "duration_s": F["dur"].astype(np.int64),
                "e1": e164c,
                "e2": e164d,
                "caller_imei": F["imei"],
                "caller_imsi": F["imsi"],
                "caller_cell": np.where(cell >= 0, self.cell_id[np.maximum(cell, 0)], "").astype(str),
                "caller_region": region.astype(str),
            }
        )
        df = df.with_columns(
            pl.when(pl.col("e1"))
            .then(pl.lit("+86") + pl.col("caller"))
            .otherwise(pl.col("caller"))
            .alias("caller"),
            pl.when(pl.col("e2"))
            .then(pl.lit("+86") + pl.col("callee"))
            .otherwise(pl.col("callee"))
            .alias("callee"),
            (pl.col("start_time").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00")).alias("start_time"),
            pl.lit("intra").alias("origin"),
            pl.when(pl.col("caller_imei") >= 0)
            .then(pl.col("caller_imei").cast(pl.Utf8))
            .otherwise(None)
            .alias("caller_imei"),
            pl.when(pl.col("caller_imsi") >= 0)
            .then(pl.col("caller_imsi").cast(pl.Utf8))
            .otherwise(None)
            .alias("caller_imsi"),
            pl.when(pl.col("caller_cell") != "")
            .then(pl.col("caller_cell"))
            .otherwise(None)
            .alias("caller_cell"),
            pl.lit("moc").alias("call_type"),
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
        # a few records delivered twice by mediation (same call_id, identical content)
        dup = np.nonzero(rng.random(n) < dup_rate)[0]
        if len(dup):
            idx = np.sort(np.concatenate([np.arange(n), dup]), kind="stable")
            df = df[idx]
        df.write_csv(os.path.join(out, "calls.csv"))
        # subscribers: every local card of this operator + any of its cards that appears in the calls
        appear = np.zeros(N.n, bool)
        appear[F["caller"]] = True
        appear[F["callee"]] = True
        sub = np.nonzero(
            N["ours"]
            & N["exists"]
            & (N["local"] | appear)
            & np.isin(N["ctype"], ["mobile", "virtual", "fixed"])
        )[0]
        idh = rng.integers(0, 2**63, size=(self.n_ident, 4), dtype=np.int64)
        idhex = np.array(["".join(f"{int(v):016x}" for v in row) for row in idh], dtype=object)
        act = N["act"][sub]
        act_s = (BASE + act.astype("timedelta64[s]")).astype("datetime64[s]").astype(str)
        act_s = np.char.add(act_s.astype(str), "+08:00")
        birth = N["birth"][sub]
        sdf = pl.DataFrame(
            {
                "number": N["num"][sub].astype(str),
                "id_hash": idhex[N["ident"][sub]].astype(str),
                "operator": [OPERATOR] * len(sub),
                "card_type": N["ctype"][sub].astype(str),
                "activated_at": act_s,
                "home_region": N["city"][sub].astype(str),
                "birth_year": pl.Series(np.where(birth > 0, birth, 0)).cast(pl.Int64),
                "guardians": N["guard"][sub].astype(str),
            }
        )
        sdf = sdf.with_columns(
            pl.when(pl.col("birth_year") > 0).then(pl.col("birth_year")).otherwise(None).alias("birth_year"),
            pl.when(pl.col("guardians") != "").then(pl.col("guardians")).otherwise(None).alias("guardians"),
        )
        sdf.write_csv(os.path.join(out, "subscribers.csv"))
        # truth
        callers = np.unique(F["caller"])
        pop = N["pop"][callers].astype(str)
        tdf = pl.DataFrame(
            {
                "number": N["num"][callers].astype(str),
                "population": pop,
                "is_fraud": np.char.startswith(pop, "fraud_").astype(np.int64),
            }
        )
        tdf = tdf.sort("number")
        tdf.write_csv(os.path.join(out, "truth.csv"))
        notes = N["note"][callers].astype(str)
        vic = self.victim_notes(callers)
        ddf = pl.DataFrame(
            {
                "number": N["num"][callers].astype(str),
                "population": pop,
                "is_fraud": np.char.startswith(pop, "fraud_").astype(np.int64),
                "note": np.char.add(notes, vic),
            }
        ).sort("number")
        ddf.write_csv(os.path.join(out, "truth_detail.csv"))
        self.log(
            f"wrote {len(df)} call rows, {len(sdf)} subscribers, {len(tdf)} truth rows "
            f"({int(tdf['is_fraud'].sum())} fraud)"
        )

    def victim_notes(self, callers):
        """Mark legit callers who were in contact with fraud numbers (answered call from a fraud number)."""
        N = self.N
        F = self.final
        fr = np.char.startswith(N["pop"].astype(str), "fraud_")
        m = fr[F["caller"]] & (F["dur"] > 120)
        hooked = np.zeros(N.n, bool)
        hooked[F["callee"][m]] = True
        called_back = fr[F["callee"]]
        cb = np.zeros(N.n, bool)
        cb[F["caller"][called_back]] = True
        out = np.where(hooked[callers] & ~fr[callers], "; had a long answered call from a fraud number", "")
        out = np.char.add(
            out.astype(str), np.where(cb[callers] & ~fr[callers], "; called a fraud number", "")
        )
        return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--scale", type=float, default=1.0, help="population scale (1.0 ~ 500k calls)")
    ap.add_argument(
        "--e164-share",
        type=float,
        default=0.10,
        help="share of cell sites whose switch presents the caller in E.164 (+86...)",
    )
    ap.add_argument("--dup-rate", type=float, default=0.001, help="share of records delivered twice")
    a = ap.parse_args()
    w = World(a.seed, a.scale)
    w.e164_share = a.e164_share
    w.build_cells()
    w.build_local()
    w.build_remote()
    w.build_social()
    w.assign_roles()
    w.build_hr_clinic()
    w.build_workbooks()
    w.build_dual_sim()
    w.build_job_changers()
    w.build_new_arrivals()
    w.gen_fraud()  # registers pig-butchering channels before the book engine runs
    w.log("fraud generated")
    w.run_books()
    w.gen_telesales()
    w.log("telesales")
    w.gen_debt()
    w.log("debt")
    w.gen_recruiters()
    w.log("recruiters")
    w.gen_hr()
    w.gen_clinic()
    w.log("hr/clinic")
    w.gen_delivery()
    w.log("delivery")
    w.gen_estate()
    w.gen_bursts()
    w.log("bursts")
    w.assemble()
    w.write(a.out, a.dup_rate)


if __name__ == "__main__":
    main()
