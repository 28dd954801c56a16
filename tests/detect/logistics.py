#!/usr/bin/env python3
"""Independent synthetic telecom world for testing an anti-fraud detector.

    python world.py --seed N --out DIR

Writes DIR/calls.csv, DIR/subscribers.csv, DIR/truth.csv, DIR/truth_detail.csv.

One operator ("CMCC", plus two MVNO brands hosted on its network) seen through the
mediation extract of one district of Zhengzhou (area code 0371): a CBD + logistics park,
16-29 Nov 2026 (Mon..Sun, two weeks; days 0-3 are 'history').  Everything is drawn
from numpy.random.default_rng(seed); no other randomness, no set/dict iteration that
depends on hashing, so the same seed gives byte-identical files.

See README.md for the populations.
"""

import argparse
import os
import sys
import time
from datetime import datetime, timedelta, timezone

import numpy as np
import polars as pl

TZ = timezone(timedelta(hours=8))
T0 = int(datetime(2026, 11, 16, tzinfo=TZ).timestamp())  # Monday 00:00 +08:00
DAY = 86400
DAYS = 14
HISTORY_DAYS = 4
WEEKEND = np.array([d % 7 >= 5 for d in range(DAYS)])

# ----------------------------------------------------------------------------------------
# Reference tables (not random)
# ----------------------------------------------------------------------------------------
REGIONS = [
    ("0371", "郑州", "local"),
    ("0379", "洛阳", "henan"),
    ("0394", "周口", "henan"),
    ("0370", "商丘", "henan"),
    ("0376", "信阳", "henan"),
    ("0396", "驻马店", "henan"),
    ("0373", "新乡", "henan"),
    ("0372", "安阳", "henan"),
    ("0375", "平顶山", "henan"),
    ("0377", "南阳", "henan"),
    ("0391", "焦作", "henan"),
    ("0393", "濮阳", "henan"),
    ("0374", "许昌", "henan"),
    ("0395", "漯河", "henan"),
    ("0398", "三门峡", "henan"),
    ("010", "北京", "prov"),
    ("021", "上海", "prov"),
    ("020", "广州", "prov"),
    ("0755", "深圳", "prov"),
    ("027", "武汉", "prov"),
    ("0551", "合肥", "prov"),
    ("0558", "阜阳", "prov"),
    ("028", "成都", "prov"),
    ("023", "重庆", "prov"),
    ("0731", "长沙", "prov"),
    ("029", "西安", "prov"),
    ("0531", "济南", "prov"),
    ("0311", "石家庄", "prov"),
    ("0571", "杭州", "prov"),
    ("025", "南京", "prov"),
    ("0512", "苏州", "prov"),
    ("0351", "太原", "prov"),
    ("0851", "贵阳", "prov"),
    ("0591", "福州", "prov"),
    ("0592", "厦门", "prov"),
    ("0871", "昆明", "prov"),
    ("0691", "西双版纳", "border"),
    ("0692", "德宏", "border"),
    ("0883", "临沧", "border"),
    ("0879", "普洱", "border"),
    ("0771", "南宁", "border"),
    ("0770", "防城港", "border"),
    ("0668", "茂名", "hotspot"),
    ("0898", "海南", "hotspot"),
    ("0314", "承德", "hotspot"),
    ("0738", "娄底", "hotspot"),
    ("0597", "龙岩", "hotspot"),
    ("0713", "黄冈", "hotspot"),
    ("0712", "孝感", "hotspot"),
    ("0595", "泉州", "hotspot"),
    ("0793", "上饶", "hotspot"),
]
RCODE = [r[0] for r in REGIONS]
RIDX = {c: i for i, c in enumerate(RCODE)}
RGROUP = np.array([r[2] for r in REGIONS])
LOCAL = 0
HENAN = np.where(RGROUP == "henan")[0]
PROV = np.where(RGROUP == "prov")[0]
BORDER = np.where(RGROUP == "border")[0]
HOTSPOT = np.where(RGROUP == "hotspot")[0]
ROUTE_REGIONS = np.concatenate([HENAN, HENAN, PROV, PROV, BORDER])  # where long-haul trucks are

# national population-ish weights for "somewhere in China"
_natw = np.ones(len(REGIONS))
_natw[LOCAL] = 6.0
_natw[HENAN] = 1.6
_natw[PROV] = 2.2
_natw[BORDER] = 0.5
_natw[HOTSPOT] = 0.5
NATW = _natw / _natw.sum()

PREFIX = {
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
    "CTCC": ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"],
    "CUCC": ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"],
    "CBN": ["192"],
    "MVNO_A": ["1703", "1705", "1706"],  # hosted on CMCC (own network)
    "MVNO_B": ["165"],  # hosted on CMCC (own network)
    "MVNO_C": ["1704", "1707", "1708", "171", "167"],  # hosted on CUCC
    "MVNO_D": ["1700", "1701", "1702", "162"],  # hosted on CTCC
}
OWN_OPS = ("CMCC", "MVNO_A", "MVNO_B")

# Type allocation codes (first 8 IMEI digits): synthetic but stable across seeds.
TAC_SMART = [
    "86420104",
    "86602305",
    "86753604",
    "86917605",
    "86036906",
    "86187507",
    "86291608",
    "86503009",
    "86815710",
    "86972011",
    "35391410",
    "35467112",
    "35226813",
    "35675214",
    "86447715",
    "86558316",
    "86339817",
    "86022418",
]
TAC_SMART_W = np.array([9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 6, 5, 4, 3, 4, 3, 3, 2], float)
TAC_SMART_W /= TAC_SMART_W.sum()
TAC_FEATURE = ["86132001", "86257402", "86988103", "86376304"]
TAC_MODULE = ["86217005", "86445506", "86861007", "86739208"]  # LTE/GSM modules
TAC_WATCH = ["86612309", "86074710"]

# hour-of-day weights
PROFILES = {
    "family": [
        0.2,
        0.1,
        0.05,
        0.05,
        0.05,
        0.2,
        0.8,
        2,
        2.5,
        2,
        2,
        2.5,
        3.5,
        2.5,
        2,
        2,
        2.2,
        3,
        4,
        4,
        3.5,
        2.5,
        1.2,
        0.5,
    ],
    "elder": [0, 0, 0, 0, 0.2, 0.8, 2, 3.5, 4, 3.5, 2.5, 2, 1.5, 1, 1.5, 2, 2.2, 2.5, 3, 3, 2, 1, 0.3, 0.1],
    "ldfam": [
        0.3,
        0.1,
        0,
        0,
        0,
        0.1,
        0.4,
        0.8,
        1,
        1,
        1,
        1.5,
        2.5,
        2,
        1,
        1,
        1.2,
        1.8,
        2.5,
        3.5,
        4,
        3.8,
        2.5,
        1,
    ],
    "work": [
        0,
        0,
        0,
        0,
        0,
        0,
        0.1,
        0.6,
        2.5,
        4,
        4.5,
        3.5,
        1.2,
        1.5,
        3.8,
        4.2,
        4,
        3.2,
        1.2,
        0.4,
        0.2,
        0.1,
        0,
        0,
    ],
    "friend": [
        0.3,
        0.1,
        0.05,
        0,
        0,
        0.05,
        0.3,
        0.8,
        1,
        1.2,
        1.5,
        1.8,
        2.2,
        1.5,
        1.5,
        1.6,
        1.8,
        2.5,
        3.2,
        3.8,
        4,
        3.5,
        2,
        0.9,
    ],
    "intl": [1, 0.5, 0.2, 0.1, 0.1, 0.2, 0.8, 2, 3, 2.5, 2, 1.5, 1, 1, 1, 1, 1, 1.5, 2, 3, 3.5, 3.5, 3, 2],
}
PROF_NAMES = list(PROFILES)
PROF_CDF = np.array([np.cumsum(np.array(PROFILES[k], float) / sum(PROFILES[k])) for k in PROF_NAMES])

# social edge types: name, calls per direction over 14 days, profile, weekend factor,
# duration median, sigma, answer probability
ETYPES = [
    ("spouse", 4.5, "family", 1.2, 55, 0.9, 0.88),
    ("parent_child", 2.6, "elder", 1.4, 150, 0.95, 0.86),
    ("hometown_family", 3.0, "ldfam", 1.3, 320, 0.85, 0.85),
    ("colleague", 0.9, "work", 0.25, 45, 0.9, 0.85),
    ("friend", 0.3, "friend", 1.4, 95, 1.0, 0.80),
    ("supplier", 1.1, "work", 0.5, 60, 0.9, 0.85),
    ("abroad_family", 1.2, "intl", 1.3, 420, 0.8, 0.75),
]

AGE_ANS = np.array([0.85, 0.95, 1.05, 1.25])  # young, adult, middle, elderly: answer unknown callers

# fraud scripts: answer prob for strangers, duration mixture (weight, median s, sigma), age targeting
SCHEMES = {
    "fake_cs_refund": (
        0.34,
        [(0.45, 12, 0.5), (0.40, 95, 0.7), (0.12, 600, 0.5), (0.03, 1800, 0.4)],
        [1.2, 1.5, 1.0, 0.6],
    ),
    "police_impersonation": (
        0.28,
        [(0.50, 10, 0.5), (0.30, 80, 0.7), (0.12, 900, 0.5), (0.08, 3600, 0.5)],
        [0.6, 1.0, 1.3, 1.5],
    ),
    "loan_credit_repair": (0.30, [(0.42, 10, 0.5), (0.45, 100, 0.6), (0.13, 420, 0.5)], [1.0, 1.5, 1.2, 0.3]),
    "student_loan_cancel": (0.33, [(0.45, 11, 0.5), (0.40, 90, 0.7), (0.15, 700, 0.5)], [2.5, 1.2, 0.4, 0.1]),
    "brushing_job": (0.30, [(0.45, 10, 0.5), (0.45, 80, 0.6), (0.10, 300, 0.5)], [2.5, 1.5, 0.6, 0.2]),
    "pig_butchering": (0.92, [(1.0, 1500, 0.6)], [0.3, 1.2, 1.5, 0.6]),
    "boss_impersonation": (0.60, [(0.3, 15, 0.5), (0.7, 70, 0.6)], [1, 1, 1, 1]),
    "investment_course": (0.32, [(0.45, 12, 0.5), (0.40, 120, 0.7), (0.15, 900, 0.5)], [0.4, 1.2, 1.6, 1.2]),
}


# ----------------------------------------------------------------------------------------
def luhn(body):
    s = 0
    for i, ch in enumerate(body):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        s += d
    return str((10 - s % 10) % 10)


def deoverlap(group, start, occ):
    """Shift starts so that rows of the same group never overlap (occ = busy seconds).
    Returns new starts in the input order."""
    n = len(start)
    if n == 0:
        return start
    order = np.lexsort((start, group))
    g = group[order]
    s = start[order].astype(np.int64)
    o = occ[order].astype(np.int64)
    newg = np.ones(n, bool)
    newg[1:] = g[1:] != g[:-1]
    cs = np.cumsum(o) - o
    first = np.maximum.accumulate(np.where(newg, np.arange(n), 0))
    c = cs - cs[first]
    rank = np.cumsum(newg) - 1
    big = np.int64(10_000_000_000)
    v = (s - c) + rank * big
    m = np.maximum.accumulate(v) - rank * big
    out = np.empty(n, np.int64)
    out[order] = c + m
    return out


DEFAULTS = {
    "sim2": -1,
    "act": -1,
    "chome": -1,
    "cwork": -1,
    "imei_a": -1,
    "imei_b": -1,
    "imei_sw": -1,
    "trav_s": -1,
    "trav_e": -1,
    "trav_r": -1,
    "afrom": -(2**62),
    "ato": 2**62,
    "talk": 1.0,
    "fwd_to": -1,
    "age": 1,
}


class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.n = 0
        self.cap = 400_000
        self.S = {
            k: [] for k in ("num", "pop", "op", "ctype", "idh", "guard", "ring", "scheme", "note", "imsi")
        }
        I = {}
        cap = self.cap
        I["net"] = np.zeros(
            cap, np.int8
        )  # 0 own radio, 1 own fixed/short code, 2 offnet domestic, 3 international
        I["home"] = np.zeros(cap, np.int16)
        I["act"] = np.full(cap, -1, np.int64)
        I["by"] = np.zeros(cap, np.int16)
        I["fraud"] = np.zeros(cap, np.int8)
        I["dist"] = np.zeros(cap, np.int8)  # district subscriber of our operator (the extract's base)
        I["near"] = np.zeros(cap, np.int8)  # lives/works in the district (any operator)
        I["age"] = np.ones(cap, np.int8)
        I["chome"] = np.full(cap, -1, np.int32)
        I["cwork"] = np.full(cap, -1, np.int32)
        I["mob"] = np.zeros(cap, np.int8)  # 0 resident,1 commuter,2 static other,3 roaming driver
        I["imei_a"] = np.full(cap, -1, np.int32)
        I["imei_b"] = np.full(cap, -1, np.int32)
        I["imei_sw"] = np.full(cap, -1, np.int64)  # -1 none, -2 alternate, else switch time
        I["trav_s"] = np.full(cap, -1, np.int64)
        I["trav_e"] = np.full(cap, -1, np.int64)
        I["trav_r"] = np.full(cap, -1, np.int16)
        I["afrom"] = np.full(cap, -(2**62), np.int64)  # may place calls from
        I["ato"] = np.full(cap, 2**62, np.int64)  # may place calls until
        I["talk"] = np.ones(cap, np.float64)
        I["fwd_to"] = np.full(cap, -1, np.int64)  # conditional forwarding target (legit)
        I["fixl"] = np.zeros(cap, np.int8)  # geographic fixed line (has a region, no cell)
        I["sim2"] = np.full(cap, -1, np.int64)  # second own card in the same dual-SIM handset
        self.I = I
        self.used = set()
        self.num2idx = {}
        self.imei_str = []
        self.imei_used = set()
        self.rows = []
        self.notes = []
        self._build_regions_cells()

    # ------------------------------------------------------------------ entities
    def add(self, nums, pop, **kw):
        n = len(nums)
        if self.n + n > self.cap:
            newcap = max(self.cap * 2, self.n + n + 1000)
            for k, a in self.I.items():
                b = np.empty(newcap, a.dtype)
                b[: self.cap] = a
                b[self.cap :] = DEFAULTS.get(k, 0)
                self.I[k] = b
            self.cap = newcap
        sl = slice(self.n, self.n + n)
        idx = np.arange(self.n, self.n + n)
        for k in ("num",):
            self.S[k].extend(nums)
        for j, s in enumerate(nums):
            self.num2idx[s] = self.n + j
        self.S["pop"].extend([pop] * n)
        for k in ("op", "ctype", "idh", "guard", "ring", "scheme", "note", "imsi"):
            v = kw.pop(k, "")
            if isinstance(v, str):
                self.S[k].extend([v] * n)
            else:
                self.S[k].extend(list(v))
        if "act" in kw:
            # activations happen while shops / online channels are staffed: map time of day into 08:30-21:00
            a = np.broadcast_to(np.asarray(kw["act"], np.int64), (n,))
            sod = (a - T0) % DAY
            sod = np.where(sod == 0, self.rng.integers(0, DAY, n), sod)
            a = a - (a - T0) % DAY + sod
            kw["act"] = np.where(a > 0, a - sod + 30600 + (sod * 45000) // DAY, a)
        for k, v in kw.items():
            self.I[k][sl] = v
        self.n += n
        return idx

    def setpop(self, idx, pop):
        for i in np.atleast_1d(idx):
            self.S["pop"][int(i)] = pop

    def sset(self, key, idx, vals):
        if isinstance(vals, str):
            for i in np.atleast_1d(idx):
                self.S[key][int(i)] = vals
        else:
            for i, v in zip(np.atleast_1d(idx), vals):
                self.S[key][int(i)] = v

    def _hcodes(self):
        rng = self.rng
        perm = rng.permutation(10000)
        self.hc = []
        pos = 0
        for r in range(len(REGIONS)):
            k = 1200 if r == LOCAL else 120
            self.hc.append(np.sort(perm[pos : pos + k]))
            pos += k

    def mobile_numbers(self, n, ops, regs):
        """ops: str or array of operator names; regs: int or array of region idx."""
        rng = self.rng
        if not hasattr(self, "hc"):
            self._hcodes()
        ops = np.broadcast_to(np.asarray(ops, dtype=object), (n,))
        regs = np.broadcast_to(np.asarray(regs), (n,))
        pu = rng.random(n)
        hu = rng.random(n)
        x = rng.integers(0, 10000, n)
        out = []
        for k in range(n):
            pre_l = PREFIX[ops[k]]
            pre = pre_l[int(pu[k] * len(pre_l))]
            hc = self.hc[int(regs[k])]
            h = int(hc[int(hu[k] * len(hc))])
            xx = int(x[k])
            while True:
                s = f"{pre}{h % 1000:03d}{xx:04d}" if len(pre) == 4 else f"{pre}{h:04d}{xx:04d}"
                if s not in self.used:
                    break
                xx = int(rng.integers(0, 10000))
                h = int(hc[int(rng.integers(0, len(hc)))])
            self.used.add(s)
            out.append(s)
        return out

    def fixed_numbers(self, n, reg=LOCAL, first="6"):
        rng = self.rng
        out = []
        ac = RCODE[reg]
        ln = 8 if len(ac) <= 4 else 7
        while len(out) < n:
            x = int(rng.integers(0, 10 ** (ln - 1)))
            s = f"{ac}{first}{x:0{ln - 1}d}"
            if s not in self.used:
                self.used.add(s)
                out.append(s)
        return out

    def iot_numbers(self, n):
        rng = self.rng
        out = []
        while len(out) < n:
            x = int(rng.integers(0, 10**9))
            s = f"1440{x:09d}"
            if s not in self.used:
                self.used.add(s)
                out.append(s)
        return out

    def intl_numbers(self, n, cc, nd, lead="", fmt="+"):
        rng = self.rng
        out = []
        while len(out) < n:
            x = int(rng.integers(0, 10 ** (nd - len(lead))))
            body = f"{lead}{x:0{nd - len(lead)}d}"
            s = f"+{cc}{body}" if fmt == "+" else f"00{cc}{body}"
            if s not in self.used:
                self.used.add(s)
                out.append(s)
        return out

    def ids(self, n):
        b = self.rng.bytes(16 * n)
        return [b[i * 16 : (i + 1) * 16].hex() for i in range(n)]

    def imsis(self, n, plmn="46000"):
        rng = self.rng
        out = []
        x = rng.integers(0, 10**10, n)
        for v in x:
            out.append(f"{plmn}{int(v):010d}")
        return out

    def new_imeis(self, tacs):
        rng = self.rng
        n = len(tacs)
        x = rng.integers(0, 10**6, n)
        out = np.empty(n, np.int32)
        for k in range(n):
            xx = int(x[k])
            while True:
                body = f"{tacs[k]}{xx:06d}"
                s = body + luhn(body)
                if s not in self.imei_used:
                    break
                xx = int(rng.integers(0, 10**6))
            self.imei_used.add(s)
            out[k] = len(self.imei_str)
            self.imei_str.append(s)
        return out

    def fixed_imei(self, s):
        if s in self.imei_used:
            return self.imei_str.index(s)
        self.imei_used.add(s)
        self.imei_str.append(s)
        return len(self.imei_str) - 1

    def smart_tacs(self, n):
        return [TAC_SMART[i] for i in self.rng.choice(len(TAC_SMART), n, p=TAC_SMART_W)]

    def pick(self, arr, n):
        return arr[self.rng.integers(0, len(arr), n)]

    # ------------------------------------------------------------------ cells
    def _build_regions_cells(self):
        rng = self.rng
        self.cell_str = []
        self.cell_reg = []
        self.cell_kind = []
        used = set()

        def mk(n, reg, kind, lacs):
            idx = []
            for _ in range(n):
                while True:
                    lac = int(lacs[int(rng.integers(0, len(lacs)))])
                    ci = int(rng.integers(10000, 99999))
                    s = f"460-00-{lac}-{ci}"
                    if s not in used:
                        break
                used.add(s)
                idx.append(len(self.cell_str))
                self.cell_str.append(s)
                self.cell_reg.append(reg)
                self.cell_kind.append(kind)
            return np.array(idx, np.int32)

        dl = [21101, 21102, 21103, 21104, 21105]
        self.DC = {}
        for kind, n in (
            ("office", 52),
            ("logistics", 46),
            ("residential", 84),
            ("campus", 14),
            ("hospital", 8),
            ("transit", 18),
            ("mixed", 30),
        ):
            self.DC[kind] = mk(n, LOCAL, "d_" + kind, dl)
        cl = list(range(21110, 21190, 7))
        self.CC = {}
        for kind, n in (
            ("residential", 190),
            ("office", 60),
            ("transit", 55),
            ("mixed", 45),
            ("highway", 20),
        ):
            self.CC[kind] = mk(n, LOCAL, "c_" + kind, cl)
        self.RC = {}
        for r in range(1, len(REGIONS)):
            base = 30000 + r * 211
            self.RC[r] = mk(36, r, "r", [base, base + 1, base + 2])
        self.district_cells = np.concatenate(list(self.DC.values()))
        self.city_cells = np.concatenate(list(self.CC.values()))
        self.RC[LOCAL] = np.concatenate([self.district_cells, self.city_cells])
        self.cell_reg = np.array(self.cell_reg, np.int16)

    def region_cells(self, regs):
        """random cell in each region of regs (array)."""
        rng = self.rng
        regs = np.asarray(regs)
        out = np.empty(len(regs), np.int32)
        u = rng.random(len(regs))
        for r in np.unique(regs):
            m = regs == r
            pool = self.RC[int(r)] if r != LOCAL else self.city_cells
            out[m] = pool[(u[m] * len(pool)).astype(int)]
        return out

    # ------------------------------------------------------------------ handsets
    def ensure_imei(self, idx):
        I = self.I
        idx = np.unique(idx)
        need = idx[(I["imei_a"][idx] < 0) & (I["net"][idx] == 0)]
        if len(need):
            I["imei_a"][need] = self.new_imeis(self.smart_tacs(len(need)))

    def default_imei(self, c, t):
        I = self.I
        rng = self.rng
        self.ensure_imei(c)
        im = I["imei_a"][c].copy()
        b = I["imei_b"][c]
        sw = I["imei_sw"][c]
        u = rng.random(len(c))
        useb = (b >= 0) & (((sw >= 0) & (t >= sw)) | ((sw == -2) & (u < 0.5)))
        im[useb] = b[useb]
        return im

    def default_cell(self, c, t):
        I = self.I
        rng = self.rng
        n = len(c)
        sec = (t - T0) % DAY
        h = sec // 3600
        dow = ((t - T0) // DAY) % 7
        wk = dow < 5
        u = rng.random((4, n))
        cell = I["chome"][c].copy()
        cw = I["cwork"][c]
        atw = (cw >= 0) & wk & (h >= 8) & (h < 18) & (u[0] < 0.85)
        cell[atw] = cw[atw]
        mob = I["mob"][c]
        comm = (mob == 1) & wk & (((h >= 7) & (h < 9)) | ((h >= 17) & (h < 19))) & (u[1] < 0.6)
        tr = self.CC["transit"]
        cell[comm] = tr[(u[2][comm] * len(tr)).astype(int)]
        rnd = (u[3] < 0.07) & (mob <= 1)
        pool = self.RC[LOCAL]
        cell[rnd] = pool[(u[2][rnd] * len(pool)).astype(int)]
        # drivers and anyone without a fixed home cell: somewhere in their region / on the road
        miss = cell < 0
        if miss.any():
            regs = I["home"][c[miss]].astype(np.int64)
            drv = mob[miss] == 3
            if drv.any():
                rr = regs[drv]
                alt = rng.random(drv.sum()) < 0.7
                rr = np.where(alt, self.rng.choice(ROUTE_REGIONS, drv.sum()), rr)
                regs[drv] = rr
            cell[miss] = self.region_cells(regs)
        ts, te = I["trav_s"][c], I["trav_e"][c]
        trav = (ts >= 0) & (t >= ts) & (t < te)
        if trav.any():
            cell[trav] = self.region_cells(I["trav_r"][c[trav]])
        return cell

    # ------------------------------------------------------------------ rows
    def emit(self, caller, callee, start, dur, imei=None, cell=None, fwd=False, tag=0):
        caller = np.asarray(caller, np.int64)
        n = len(caller)
        if n == 0:
            return
        callee = np.asarray(callee, np.int64)
        start = np.asarray(start, np.int64)
        dur = np.asarray(dur, np.int64)
        I = self.I
        net = I["net"][caller]
        radio = net == 0
        if fwd:
            ctype = np.full(n, 2, np.int8)
            origin = np.zeros(n, np.int8)
            im = np.full(n, -1, np.int32)
            ce = np.full(n, -1, np.int32)
        else:
            ctype = np.where(net <= 1, 0, 1).astype(np.int8)
            origin = np.select([net <= 1, net == 2], [0, 1], 2).astype(np.int8)
            if imei is None:
                im = np.full(n, -1, np.int32)
                if radio.any():
                    im[radio] = self.default_imei(caller[radio], start[radio])
            else:
                im = np.asarray(imei, np.int32)
            if cell is None:
                ce = np.full(n, -1, np.int32)
                if radio.any():
                    ce[radio] = self.default_cell(caller[radio], start[radio])
            else:
                ce = np.asarray(cell, np.int32)
        reg = np.full(n, -1, np.int16)
        has = ce >= 0
        reg[has] = self.cell_reg[ce[has]]
        if not fwd:
            fx = (net == 1) & (I["fixl"][caller] == 1)
            reg[fx] = I["home"][caller[fx]]
        self.rows.append((caller, callee, start, dur, ctype, origin, im, ce, reg, np.full(n, tag, np.int16)))

    # ------------------------------------------------------------------ samplers
    def lognorm(self, n, med, sig, lo=1, hi=7200):
        return np.clip(np.round(med * np.exp(sig * self.rng.standard_normal(n))), lo, hi).astype(np.int64)

    def mixture(self, n, comps, lo=1, hi=10800):
        rng = self.rng
        w = np.array([c[0] for c in comps])
        k = rng.choice(len(comps), n, p=w / w.sum())
        med = np.array([c[1] for c in comps])[k]
        sig = np.array([c[2] for c in comps])[k]
        return np.clip(np.round(med * np.exp(sig * rng.standard_normal(n))), lo, hi).astype(np.int64)

    def hours(self, prof, n):
        cdf = PROF_CDF[PROF_NAMES.index(prof)]
        return np.minimum(np.searchsorted(cdf, self.rng.random(n), side="right"), 23)

    def schedule(self, counts, sessions, jitter=900):
        """counts: (n, DAYS) int. sessions: list of (h0, h1, w). Returns (pos, t)."""
        rng = self.rng
        n = counts.shape[0]
        flat = counts.ravel()
        cd = np.repeat(np.arange(n * DAYS), flat)
        pos = cd // DAYS
        day = cd % DAYS
        jit = rng.normal(0, jitter, n * DAYS)[cd] if jitter else 0
        w = np.array([s[2] for s in sessions], float)
        k = rng.choice(len(sessions), len(cd), p=w / w.sum())
        h0 = np.array([s[0] for s in sessions])[k]
        h1 = np.array([s[1] for s in sessions])[k]
        t = (
            T0
            + day * DAY
            + ((h0 + rng.random(len(cd)) * (h1 - h0)) * 3600).astype(np.int64)
            + np.asarray(jit, np.int64)
        )
        return pos, t

    def strangers(self, n, regw=None, age_w=None, op_w=None):
        """fresh phone numbers somewhere in China that only exist as call targets."""
        rng = self.rng
        if n == 0:
            return np.zeros(0, np.int64)
        regw = NATW if regw is None else regw
        regs = rng.choice(len(REGIONS), n, p=regw)
        ops_names = np.array(["CMCC", "CTCC", "CUCC", "CBN", "MVNO_A", "MVNO_C", "MVNO_D"], dtype=object)
        opw = np.array([0.58, 0.19, 0.19, 0.01, 0.01, 0.01, 0.01]) if op_w is None else op_w
        ops = ops_names[rng.choice(len(ops_names), n, p=opw)]
        nums = self.mobile_numbers(n, ops, regs)
        aw = np.array([0.2, 0.4, 0.28, 0.12]) if age_w is None else np.asarray(age_w, float) / np.sum(age_w)
        age = rng.choice(4, n, p=aw)
        net = np.where(np.isin(ops, OWN_OPS), 0, 2)
        idx = self.add(
            nums,
            "cold_call_recipient",
            net=net,
            home=regs,
            age=age,
            mob=2,
            op=list(ops),
            ctype=["virtual" if o.startswith("MVNO") else "mobile" for o in ops],
        )
        return idx

    # answer probability for calls from unknown numbers
    def ans_unknown(self, callee, base):
        return np.clip(base * AGE_ANS[self.I["age"][callee]], 0, 0.97)


# ==========================================================================================
#  population builders
# ==========================================================================================


def birth_to_age(by):
    by = np.asarray(by)
    return np.select([by >= 2000, by >= 1981, by >= 1963], [0, 1, 2], 3).astype(np.int8)


def jit(rng, base, lo=0.92, hi=1.08):
    return int(round(base * rng.uniform(lo, hi)))


def build_people(w):
    """District subscribers of our operator living ordinary lives, plus their contacts."""
    rng = w.rng
    I = w.I
    P = {}
    yr = 365.25 * DAY

    def personal(
        n,
        pop,
        by_lo,
        by_hi,
        home_regs,
        act_lo_y,
        act_hi_y,
        chome_pool,
        cwork_pool=None,
        work_p=0.0,
        mvno_p=0.03,
        mob=0,
        feature_p=0.03,
        cloned_p=0.0,
    ):
        by = rng.integers(by_lo, by_hi + 1, n)
        ops = np.where(
            rng.random(n) < mvno_p, np.where(rng.random(n) < 0.6, "MVNO_A", "MVNO_B"), "CMCC"
        ).astype(object)
        nums = w.mobile_numbers(n, ops, home_regs)
        act = T0 - (np.exp(rng.uniform(np.log(act_lo_y), np.log(act_hi_y), n)) * yr).astype(np.int64)
        chome = chome_pool[rng.integers(0, len(chome_pool), n)]
        cwork = np.full(n, -1, np.int32)
        if cwork_pool is not None:
            has = rng.random(n) < work_p
            cwork[has] = cwork_pool[rng.integers(0, len(cwork_pool), has.sum())]
        feat = rng.random(n) < feature_p
        tacs = [TAC_FEATURE[int(rng.integers(0, 4))] if f else None for f in feat]
        sm = w.smart_tacs(n)
        tacs = [t if t is not None else s for t, s in zip(tacs, sm)]
        imei = w.new_imeis(tacs)
        if cloned_p > 0:
            cl = feat & (rng.random(n) < cloned_p)
            imei[cl] = np.array(w.cloned)[rng.integers(0, len(w.cloned), cl.sum())]
        idx = w.add(
            nums,
            pop,
            net=0,
            home=home_regs,
            act=act,
            by=by,
            dist=1,
            near=1,
            age=birth_to_age(by),
            chome=chome,
            cwork=cwork,
            mob=mob,
            imei_a=imei,
            talk=np.exp(rng.normal(-0.18, 0.6, n)),
            op=list(ops),
            ctype=["virtual" if o != "CMCC" else "mobile" for o in ops],
            idh=w.ids(n),
            imsi=w.imsis(n),
        )
        return idx

    # cloned IMEIs of no-name feature phones (many handsets share one IMEI)
    w.cloned = [
        w.fixed_imei("86000000000000" + luhn("86000000000000")),
        w.fixed_imei("35100000000000" + luhn("35100000000000")),
        w.fixed_imei("86812345678901" + luhn("86812345678901")),
    ]

    DC, CC = w.DC, w.CC
    res_home = np.concatenate([DC["residential"], DC["mixed"]])
    work_d = np.concatenate([DC["office"], DC["mixed"], DC["logistics"], DC["hospital"]])
    work_any = np.concatenate([work_d, work_d, CC["office"], CC["mixed"]])

    n = jit(rng, 9000)
    regs = np.where(rng.random(n) < 0.92, LOCAL, rng.choice(HENAN, n))
    P["resident"] = personal(n, "resident", 1966, 2001, regs, 0.5, 16, res_home, work_any, 0.75)
    n = jit(rng, 3000)
    regs = np.where(rng.random(n) < 0.95, LOCAL, rng.choice(HENAN, n))
    P["commuter"] = personal(
        n,
        "commuter",
        1970,
        2002,
        regs,
        0.5,
        14,
        np.concatenate([CC["residential"], CC["mixed"]]),
        np.concatenate([DC["office"], DC["logistics"], DC["mixed"]]),
        1.0,
        mob=1,
    )
    n = jit(rng, 2400)
    u = rng.random(n)
    regs = np.where(
        u < 0.68, rng.choice(HENAN, n), np.where(u < 0.95, rng.choice(PROV, n), rng.choice(HOTSPOT, n))
    )
    P["migrant_worker"] = personal(
        n,
        "migrant_worker",
        1968,
        2005,
        regs,
        0.15,
        8,
        np.concatenate([DC["logistics"], DC["residential"]]),
        DC["logistics"],
        0.9,
        mvno_p=0.06,
        feature_p=0.12,
        cloned_p=0.25,
    )
    n = jit(rng, 2100)
    P["elderly"] = personal(
        n,
        "elderly",
        1936,
        1962,
        np.where(rng.random(n) < 0.97, LOCAL, rng.choice(HENAN, n)),
        1.0,
        18,
        res_home,
        None,
        0,
        mvno_p=0.01,
        feature_p=0.55,
        cloned_p=0.12,
    )
    n = jit(rng, 1700)
    campus = rng.random(n) < 0.45
    u = rng.random(n)
    regs = np.where(
        campus,
        LOCAL,
        np.where(
            u < 0.55, rng.choice(HENAN, n), np.where(u < 0.95, rng.choice(PROV, n), rng.choice(HOTSPOT, n))
        ),
    )
    st = personal(n, "student", 2002, 2008, regs, 0.3, 6, DC["campus"], DC["campus"], 0.6, mvno_p=0.02)
    # campus cards: activated at enrolment, 1-20 Sept 2026
    sept = int(datetime(2026, 9, 1, tzinfo=TZ).timestamp())
    I["act"][st[campus]] = sept + rng.integers(0, 20 * DAY, campus.sum())
    P["student"] = st
    w.student_campus = st[campus]
    n = jit(rng, 850)
    P["small_business"] = personal(
        n,
        "small_business",
        1965,
        1998,
        np.where(rng.random(n) < 0.9, LOCAL, rng.choice(HENAN, n)),
        1,
        15,
        res_home,
        np.concatenate([DC["mixed"], DC["office"], DC["residential"]]),
        1.0,
    )
    # shop lines: second card of the same owner (same id, same dual-SIM handset)
    own = P["small_business"]
    has2 = own[rng.random(len(own)) < 0.6]
    nums = w.mobile_numbers(len(has2), "CMCC", LOCAL)
    shop = w.add(
        nums,
        "small_business",
        net=0,
        home=LOCAL,
        act=T0 - rng.integers(30, 3000, len(has2)) * DAY,
        by=I["by"][has2],
        dist=1,
        near=1,
        age=I["age"][has2],
        chome=I["cwork"][has2],
        cwork=I["cwork"][has2],
        imei_a=I["imei_a"][has2],
        talk=1.0,
        op="CMCC",
        ctype="mobile",
        idh=[w.S["idh"][int(i)] for i in has2],
        imsi=w.imsis(len(has2)),
    )
    P["shop_line"] = shop
    w.shop_owner = has2

    # new-card holders
    n = jit(rng, 640)
    kind = rng.random(n) < 0.5  # True: changed number; False: new arrival
    regs = np.full(n, LOCAL)
    nc = personal(n, "new_card", 1975, 2006, regs, 0.1, 0.2, res_home, work_any, 0.7, mvno_p=0.08)
    actday = rng.uniform(-25, 12.5, n)
    act = T0 + (actday * DAY).astype(np.int64)
    # activation during business hours
    act = act - (act - T0) % DAY + ((9 + rng.random(n) * 9) * 3600).astype(np.int64)
    I["act"][nc] = act
    I["afrom"][nc] = act + 600
    P["new_card"] = nc
    w.newcard_changed = nc[kind]
    w.newcard_arrival = nc[~kind]
    # some arrivals keep their old hometown card (same handset, dual SIM) on our network
    arr = nc[~kind]
    keep = arr[rng.random(len(arr)) < 0.35]
    oregs = rng.choice(np.concatenate([HENAN, PROV]), len(keep))
    onums = w.mobile_numbers(len(keep), "CMCC", oregs)
    old = w.add(
        onums,
        "new_card",
        net=0,
        home=oregs,
        act=T0 - rng.integers(300, 3000, len(keep)) * DAY,
        by=I["by"][keep],
        dist=1,
        near=1,
        age=I["age"][keep],
        chome=I["chome"][keep],
        cwork=I["cwork"][keep],
        imei_a=I["imei_a"][keep],
        talk=0.6,
        op="CMCC",
        ctype="mobile",
        idh=[w.S["idh"][int(i)] for i in keep],
        imsi=w.imsis(len(keep)),
    )
    P["new_card_oldcard"] = old
    w.arrival_oldcard = (keep, old)

    # second cards of the same holder in the same dual-SIM phone (cheaper data plan, old number kept...)
    pool = np.concatenate([P["resident"], P["commuter"], P["migrant_worker"]])
    h2 = pool[rng.random(len(pool)) < 0.07]
    ops2 = np.where(rng.random(len(h2)) < 0.2, "MVNO_B", "CMCC").astype(object)
    nums = w.mobile_numbers(len(h2), ops2, I["home"][h2])
    s2 = w.add(
        nums,
        "second_sim",
        net=0,
        home=I["home"][h2],
        act=T0 - rng.integers(30, 2500, len(h2)) * DAY,
        by=I["by"][h2],
        dist=1,
        near=1,
        age=I["age"][h2],
        chome=I["chome"][h2],
        cwork=I["cwork"][h2],
        mob=I["mob"][h2],
        imei_a=I["imei_a"][h2],
        talk=0.0,
        op=list(ops2),
        ctype=["virtual" if o != "CMCC" else "mobile" for o in ops2],
        idh=[w.S["idh"][int(i)] for i in h2],
        imsi=w.imsis(len(h2)),
    )
    I["sim2"][h2] = s2
    P["second_sim"] = s2
    # elderly cards registered under a child's identity: handled after family edges
    # handset switches / second phones
    for key, p in (
        ("resident", 0.03),
        ("commuter", 0.03),
        ("small_business", 0.03),
        ("migrant_worker", 0.04),
    ):
        idx = P[key]
        sw = idx[rng.random(len(idx)) < p]
        I["imei_b"][sw] = w.new_imeis(w.smart_tacs(len(sw)))
        I["imei_sw"][sw] = T0 + rng.integers(DAY, (DAYS - 1) * DAY, len(sw))
        alt = idx[rng.random(len(idx)) < 0.015]
        alt = alt[I["imei_b"][alt] < 0]
        I["imei_b"][alt] = w.new_imeis(w.smart_tacs(len(alt)))
        I["imei_sw"][alt] = -2

    # travellers among residents / commuters / business owners
    pool = np.concatenate([P["resident"], P["commuter"], P["small_business"]])
    tr = pool[rng.choice(len(pool), jit(rng, 190), replace=False)]
    dest_opts = np.concatenate(
        [
            [RIDX["0691"], RIDX["0692"], RIDX["0871"], RIDX["0898"], RIDX["0898"]],
            [RIDX[c] for c in ("010", "021", "020", "0755", "028", "029", "0571", "025")],
            HENAN[:5],
        ]
    )
    dest_w = np.array([3, 2, 2, 2, 2] + [1.5] * 8 + [1] * 5, float)
    dest = rng.choice(dest_opts, len(tr), p=dest_w / dest_w.sum())
    s = T0 + rng.integers(0, 11 * DAY, len(tr)) + rng.integers(6 * 3600, 12 * 3600, len(tr))
    e = s + rng.integers(2, 7, len(tr)) * DAY
    I["trav_s"][tr], I["trav_e"][tr], I["trav_r"][tr] = s, e, dest
    w.setpop(tr, "traveller")
    P["traveller"] = tr
    # jade / tea / fruit traders with regular trips to the Yunnan and Guangxi border towns
    sb = P["small_business"]
    sb = sb[I["trav_s"][sb] < 0]
    bt = sb[rng.choice(len(sb), jit(rng, 30), replace=False)]
    dest = rng.choice(
        [RIDX["0692"], RIDX["0692"], RIDX["0879"], RIDX["0691"], RIDX["0883"], RIDX["0770"]], len(bt)
    )
    s = T0 + rng.integers(0, 10 * DAY, len(bt)) + rng.integers(7 * 3600, 13 * 3600, len(bt))
    I["trav_s"][bt], I["trav_e"][bt], I["trav_r"][bt] = s, s + rng.integers(3, 9, len(bt)) * DAY, dest
    w.setpop(bt, "border_trader")
    P["border_trader"] = bt

    w.P = P
    w.persons = np.concatenate(
        [
            P[k]
            for k in (
                "resident",
                "commuter",
                "migrant_worker",
                "elderly",
                "student",
                "small_business",
                "new_card",
            )
        ]
    )

    # city contacts (any operator), people living elsewhere in the city or region
    n = jit(rng, 17000)
    opn = np.array(["CMCC", "CTCC", "CUCC", "CBN", "MVNO_A", "MVNO_C", "MVNO_D"], dtype=object)
    ops = opn[rng.choice(7, n, p=[0.47, 0.24, 0.25, 0.01, 0.01, 0.01, 0.01])]
    regs = np.where(rng.random(n) < 0.9, LOCAL, rng.choice(HENAN, n))
    nums = w.mobile_numbers(n, ops, regs)
    own = np.isin(ops, OWN_OPS)
    by = rng.integers(1940, 2008, n)
    near = (rng.random(n) < 0.4) & ~own
    ch = np.where(
        near,
        w.pick(np.concatenate([DC["residential"], DC["office"], DC["mixed"]]), n),
        w.pick(np.concatenate([CC["residential"], CC["mixed"], CC["office"]]), n),
    )
    ch = np.where(regs == LOCAL, ch, -1)
    C = w.add(
        nums,
        "contact",
        net=np.where(own, 0, 2),
        home=regs,
        by=by,
        age=birth_to_age(by),
        near=near,
        chome=ch,
        mob=2,
        act=np.where(own, T0 - rng.integers(100, 5000, n) * DAY, -1),
        talk=np.exp(rng.normal(-0.18, 0.6, n)),
        op=list(ops),
        ctype=["virtual" if o.startswith("MVNO") else "mobile" for o in ops],
        idh=[h if o else "" for h, o in zip(w.ids(n), own)],
        imsi=[s if o else "" for s, o in zip(w.imsis(n), own)],
    )
    for i in C[own]:
        w.S["pop"][int(i)] = "contact_own_network"
    for i in C[~own]:
        w.S["pop"][int(i)] = "contact_other_operator"
    w.C = C
    w.C_near = C[near]


def remote_contacts(w, regs, pop="contact"):
    rng = w.rng
    n = len(regs)
    opn = np.array(["CMCC", "CTCC", "CUCC", "MVNO_C"], dtype=object)
    ops = opn[rng.choice(4, n, p=[0.56, 0.21, 0.22, 0.01])]
    nums = w.mobile_numbers(n, ops, regs)
    own = np.isin(ops, OWN_OPS)
    by = rng.integers(1940, 2008, n)
    idx = w.add(
        nums,
        pop,
        net=np.where(own, 0, 2),
        home=regs,
        by=by,
        age=birth_to_age(by),
        mob=2,
        act=np.where(own, T0 - rng.integers(100, 5000, n) * DAY, -1),
        talk=np.exp(rng.normal(-0.18, 0.6, n)),
        op=list(ops),
        ctype=["virtual" if o.startswith("MVNO") else "mobile" for o in ops],
        idh=[h if o else "" for h, o in zip(w.ids(n), own)],
        imsi=[s if o else "" for s, o in zip(w.imsis(n), own)],
    )
    for i, o in zip(idx, own):
        w.S["pop"][int(i)] = "contact_own_network" if o else "contact_other_operator"
    return idx


def build_social(w):
    rng = w.rng
    I = w.I
    P = w.P
    U, V, T = [], [], []

    def E(u, v, t):
        u = np.asarray(u, np.int64)
        v = np.asarray(v, np.int64)
        m = u != v
        U.append(u[m])
        V.append(v[m])
        T.append(np.full(m.sum(), t, np.int8))

    adults = np.concatenate(
        [P["resident"], P["commuter"], P["small_business"], P["new_card"], P["migrant_worker"]]
    )
    # spouses
    has = adults[rng.random(len(adults)) < 0.68]
    mig = np.isin(has, P["migrant_worker"])
    loc = has[~mig]
    indist = loc[rng.random(len(loc)) < 0.35]
    indist = indist[rng.permutation(len(indist))]
    k = len(indist) // 2 * 2
    E(indist[0:k:2], indist[1:k:2], 0)
    rest = np.setdiff1d(loc, indist[:k])
    sp = w.C[rng.permutation(len(w.C))[: len(rest)]]
    E(rest, sp, 0)
    # migrant spouses / family back home
    m = P["migrant_worker"]
    nfam = rng.integers(2, 5, len(m))
    src = np.repeat(m, nfam)
    fam = remote_contacts(w, I["home"][src])
    E(src, fam, 2)
    # students: parents at home (or in the city for local students)
    s = P["student"]
    local = I["home"][s] == LOCAL
    src = np.repeat(s[~local], 2)
    fam = remote_contacts(w, I["home"][src])
    E(src, fam, 2)
    sl = s[local]
    E(np.repeat(sl, 2), w.pick(np.concatenate([adults, w.C]), 2 * len(sl)), 1)
    # new arrivals: family back home
    arr = w.newcard_arrival
    src = np.repeat(arr, 2)
    fam = remote_contacts(w, rng.choice(np.concatenate([HENAN, PROV]), len(src)))
    E(src, fam, 2)
    # elderly: children (guardians), spouse
    el = P["elderly"]
    nk = rng.choice([1, 2, 3], len(el), p=[0.35, 0.4, 0.25])
    src = np.repeat(el, nk)
    u = rng.random(len(src))
    kids = np.where(
        u < 0.4,
        w.pick(adults[~np.isin(adults, P["migrant_worker"])], len(src)),
        np.where(u < 0.85, w.pick(w.C, len(src)), -1),
    )
    far = kids < 0
    kids[far] = remote_contacts(w, rng.choice(np.concatenate([HENAN, PROV]), far.sum()))
    E(src, kids, 1)
    w.elder_kids = (src, kids)
    sp = el[rng.random(len(el)) < 0.5]
    sp = sp[rng.permutation(len(sp))]
    k = len(sp) // 2 * 2
    E(sp[0:k:2], sp[1:k:2], 0)
    # guardians & identity of elderly cards
    guard = {}
    for a, b in zip(src, kids):
        guard.setdefault(int(a), []).append(int(b))
    gsel = el[rng.random(len(el)) < 0.6]
    for e in gsel:
        ks = guard.get(int(e), [])[:2]
        w.S["guard"][int(e)] = ";".join(w.S["num"][k] for k in ks)
    # 15% of elderly cards are registered under a child's identity (child bought the card)
    reg_child = el[rng.random(len(el)) < 0.15]
    for e in reg_child:
        ks = [k for k in guard.get(int(e), []) if I["net"][k] == 0 and w.S["idh"][k]]
        if ks:
            k = ks[0]
            w.S["idh"][int(e)] = w.S["idh"][k]
            I["by"][int(e)] = I["by"][k] if I["by"][k] else I["by"][int(e)]
    # workplaces
    workers = np.concatenate(
        [
            P["resident"][I["cwork"][P["resident"]] >= 0],
            P["commuter"],
            P["migrant_worker"],
            P["new_card"][I["cwork"][P["new_card"]] >= 0],
        ]
    )
    workers = workers[rng.permutation(len(workers))]
    sizes = []
    tot = 0
    while tot < len(workers):
        sz = int(min(200, max(3, rng.pareto(1.3) * 6 + 3)))
        sizes.append(sz)
        tot += sz
    comp = np.repeat(np.arange(len(sizes)), sizes)[: len(workers)]
    starts = np.concatenate([[0], np.cumsum(sizes)])[:-1]
    csize = np.bincount(comp, minlength=len(sizes))
    w.workplaces = (workers, comp, starts, csize)
    mcol = rng.poisson(4, len(workers)) + 1
    src = np.repeat(np.arange(len(workers)), mcol)
    c = comp[src]
    dst = starts[c] + (rng.random(len(src)) * csize[c]).astype(np.int64)
    E(workers[src], workers[dst], 3)
    # colleagues outside our network / outside the district
    ext = rng.poisson(1.2, len(workers))
    src = np.repeat(workers, ext)
    E(src, w.pick(w.C, len(src)), 3)
    # friends
    persons = w.persons
    nf = rng.poisson(np.where(np.isin(persons, el), 4, np.where(np.isin(persons, s), 7, 6)))
    src = np.repeat(persons, nf)
    u = rng.random(len(src))
    stud = np.isin(src, s)
    tgt = np.where(u < 0.25, w.pick(persons, len(src)), w.pick(w.C, len(src)))
    sfr = stud & (u < 0.7)
    tgt[sfr] = w.pick(s, sfr.sum())
    far = u > 0.88
    tgt[far] = remote_contacts(w, rng.choice(len(REGIONS), far.sum(), p=NATW))
    E(src, tgt, 4)
    # small business: suppliers and regular customers
    for arr, nsup in ((P["shop_line"], 7), (P["small_business"], 2)):
        k = rng.poisson(nsup, len(arr))
        src = np.repeat(arr, k)
        u = rng.random(len(src))
        tgt = np.where(u < 0.7, w.pick(w.C, len(src)), w.pick(persons, len(src)))
        far = u > 0.9
        tgt[far] = remote_contacts(w, rng.choice(np.concatenate([HENAN, PROV]), far.sum()))
        E(src, tgt, 5)
    # relatives abroad and Chinese travellers abroad calling home (international gateway)
    cc_list = [
        ("1", 10),
        ("44", 10),
        ("61", 9),
        ("81", 10),
        ("82", 10),
        ("65", 8),
        ("852", 8),
        ("853", 8),
        ("886", 9),
        ("49", 11),
        ("60", 9),
        ("66", 9),
        ("971", 9),
    ]
    nab = jit(rng, 150)
    nums = []
    for k in range(nab):
        cc, nd = cc_list[int(rng.integers(0, len(cc_list)))]
        nums += w.intl_numbers(1, cc, nd, fmt="+" if rng.random() < 0.85 else "00")
    ab = w.add(nums, "intl_relative", net=3, home=-1, age=rng.choice(4, nab, p=[0.3, 0.4, 0.2, 0.1]), mob=2)
    src = np.repeat(ab, rng.integers(1, 3, nab))
    E(src, w.pick(persons, len(src)), 6)
    nr = jit(rng, 45)
    rr = w.mobile_numbers(
        nr,
        np.array(["CTCC", "CUCC", "CMCC"], dtype=object)[rng.choice(3, nr, p=[0.45, 0.45, 0.1])],
        np.where(rng.random(nr) < 0.8, LOCAL, rng.choice(HENAN, nr)),
    )
    rr = ["+86" + x for x in rr]
    ro = w.add(
        rr, "intl_roamer_cn", net=3, home=LOCAL, age=rng.choice(4, nr, p=[0.2, 0.5, 0.25, 0.05]), mob=2
    )
    E(ro, w.pick(persons, nr), 6)
    E(ro, w.pick(persons, nr), 6)

    u = np.concatenate(U)
    v = np.concatenate(V)
    t = np.concatenate(T)
    # symmetric, unique
    a = np.concatenate([u, v])
    b = np.concatenate([v, u])
    tt = np.concatenate([t, t])
    key = a * 4_000_000 + b
    _, first = np.unique(key, return_index=True)
    first = np.sort(first)
    w.edges = (a[first], b[first], tt[first])


def social_calls(w):
    rng = w.rng
    I = w.I
    a, b, t = w.edges
    dist_own = (I["dist"] == 1) & (I["net"] <= 1)
    # only edges that can be observed: caller is a district subscriber or callee is one
    vis = dist_own[a] | (dist_own[b] & (I["net"][a] != 1))
    a, b, t = a[vis], b[vis], t[vis]
    wt = np.array([e[1] for e in ETYPES])[t] * I["talk"][a]
    # elderly call less, migrants call home more
    cnt = rng.poisson(wt)
    src = np.repeat(np.arange(len(a)), cnt)
    ca, cb, ct = a[src], b[src], t[src]
    n = len(ca)
    wkf = np.array([e[3] for e in ETYPES])[ct]
    # day: weekday weight 1, weekend wkf
    pw = np.where(WEEKEND[None, :], wkf[:, None], 1.0)
    cdf = np.cumsum(pw, axis=1)
    cdf /= cdf[:, -1:]
    day = (rng.random(n)[:, None] > cdf).sum(1)
    hrs = np.zeros(n, np.int64)
    for k, e in enumerate(ETYPES):
        m = ct == k
        hrs[m] = w.hours(e[2], m.sum())
    st = T0 + day * DAY + hrs * 3600 + rng.integers(0, 3600, n)
    # activity windows (new cards, stopped cards)
    ok = (st >= I["afrom"][ca]) & (st <= I["ato"][ca]) & (st >= I["afrom"][cb])
    ca, cb, ct, st = ca[ok], cb[ok], ct[ok], st[ok]
    n = len(ca)
    pans = np.array([e[6] for e in ETYPES])[ct]
    pans = np.where(I["age"][cb] == 3, pans * 0.93, pans)
    dead = st > I["ato"][cb]  # callee card no longer in its owner's hands
    pans = np.where(dead, 0.25, pans)
    ans = rng.random(n) < pans
    med = np.array([e[4] for e in ETYPES])[ct]
    sig = np.array([e[5] for e in ETYPES])[ct]
    dur = np.clip(np.round(med * np.exp(sig * rng.standard_normal(n))), 3, 7200).astype(np.int64)
    dur = np.where(dead, np.minimum(dur, rng.integers(5, 40, n)), dur)
    dur[~ans] = 0
    # redial after no answer
    red = (~ans) & (rng.random(n) < 0.42)
    r_st = st[red] + rng.integers(40, 480, red.sum())
    r_ans = rng.random(red.sum()) < 0.6
    r_dur = np.where(
        r_ans, np.clip(np.round(med[red] * np.exp(sig[red] * rng.standard_normal(red.sum()))), 3, 7200), 0
    ).astype(np.int64)
    ca = np.concatenate([ca, ca[red]])
    cb = np.concatenate([cb, cb[red]])
    st = np.concatenate([st, r_st])
    dur = np.concatenate([dur, r_dur])
    # dual-SIM holders place part of their calls from the second card
    s2 = I["sim2"][ca]
    use2 = (s2 >= 0) & (rng.random(len(ca)) < 0.25)
    occ = dur + np.where(dur > 0, 8, 25) + 5
    st = deoverlap(np.where(s2 >= 0, ca, ca), st, occ)
    ca = np.where(use2, s2, ca)
    b2 = I["sim2"][cb]
    cb = np.where((b2 >= 0) & (rng.random(len(cb)) < 0.12) & (b2 != ca), b2, cb)
    w.social_rows = (ca, cb, st, dur)


def newcard_burst(w):
    """Changed-number holders tell their contacts the new number in the first days."""
    rng = w.rng
    I = w.I
    a, b, _ = w.edges
    nc = w.newcard_changed
    order = np.argsort(a, kind="stable")
    a_s, b_s = a[order], b[order]
    lo = np.searchsorted(a_s, nc)
    hi = np.searchsorted(a_s, nc, side="right")
    rows_c, rows_b, rows_t = [], [], []
    for i, l, h in zip(nc, lo, hi):
        if h <= l:
            continue
        deg = h - l
        k = min(deg, int(rng.poisson(14)) + 3)
        tg = b_s[l + rng.permutation(deg)[:k]]
        start = max(int(I["act"][i]) + 1800, T0)
        if start > T0 + DAYS * DAY - 3600:
            continue
        ts = start + np.sort(rng.integers(0, 2 * DAY, k))
        hh = ((ts - T0) % DAY) // 3600
        ts = np.where(hh < 8, ts + 9 * 3600, ts)
        ts = np.where(hh >= 22, ts + 10 * 3600, ts)
        rows_c.append(np.full(k, i))
        rows_b.append(tg)
        rows_t.append(ts)
    if not rows_c:
        return
    c = np.concatenate(rows_c)
    b = np.concatenate(rows_b)
    t = np.concatenate(rows_t)
    keep = t < T0 + DAYS * DAY
    c, b, t = c[keep], b[keep], t[keep]
    ans = rng.random(len(c)) < 0.55 * AGE_ANS[I["age"][b]]
    dur = np.where(ans, w.lognorm(len(c), 45, 0.7), 0)
    t = deoverlap(c, t, dur + 30)
    w.emit(c, b, t, dur, tag=2)


# ------------------------------------------------------------------------------------------
# enterprise / business populations
# ------------------------------------------------------------------------------------------


def org_cards(w, n, pop, org_id, act, home=LOCAL, op="CMCC", ctype="mobile", by=None, dist=1):
    nums = w.mobile_numbers(n, op, home) if ctype != "iot" else w.iot_numbers(n)
    return w.add(
        nums,
        pop,
        net=0,
        home=home,
        act=act,
        by=0 if by is None else by,
        dist=dist,
        near=1,
        age=1,
        op=op,
        ctype=ctype,
        idh=[org_id] * n if isinstance(org_id, str) else org_id,
        imsi=w.imsis(n, "46004" if ctype == "iot" else "46000"),
        talk=1.0,
    )


def work_rows(
    w,
    callers,
    counts,
    sessions,
    callee_fn,
    ans_p,
    dur_fn,
    group=None,
    imei=None,
    cell_fn=None,
    redial=0.0,
    callback=0.0,
    tag=10,
    jitter=900,
    fwd=False,
    serial=True,
):
    """Generic business calling: returns row arrays after emitting."""
    rng = w.rng
    I = w.I
    pos, t = w.schedule(counts, sessions, jitter)
    if len(pos) == 0:
        return None
    c = callers[pos]
    b = callee_fn(pos, t)
    p = ans_p(pos, b) if callable(ans_p) else w.ans_unknown(b, ans_p)
    ans = rng.random(len(c)) < p
    dur = dur_fn(len(c))
    dur[~ans] = 0
    if redial > 0:
        red = (~ans) & (rng.random(len(c)) < redial)
        pos = np.concatenate([pos, pos[red]])
        c = np.concatenate([c, c[red]])
        b = np.concatenate([b, b[red]])
        t = np.concatenate([t, t[red] + rng.integers(30, 600, red.sum())])
        a2 = rng.random(red.sum()) < p[red] * 0.8
        d2 = np.where(a2, dur_fn(red.sum()), 0)
        dur = np.concatenate([dur, d2])
    g = c if group is None else group[pos]
    occ = dur + np.where(dur > 0, 8, rng.integers(12, 40, len(c))) + 6
    if serial:
        t = deoverlap(g, t, occ)
    im = None if imei is None else imei[pos]
    ce = None if cell_fn is None else cell_fn(pos, t)
    w.emit(c, b, t, dur, imei=im, cell=ce, tag=tag)
    if callback > 0:
        cb = (dur == 0) & (rng.random(len(c)) < callback)
        cb &= I["net"][b] != 3
        tb = t[cb] + rng.integers(120, 5400, cb.sum())
        a3 = rng.random(cb.sum()) < 0.85
        d3 = np.where(a3, w.lognorm(cb.sum(), 30, 0.6), 0)
        w.emit(b[cb], c[cb], tb, d3, tag=tag + 1)
    return c, b, t, dur


def days_counts(
    w, n, mean, workdays=(1, 1, 1, 1, 1, 0.5, 0.0), off_p=0.0, spread=0.35, start_day=None, end_day=None
):
    rng = w.rng
    rate = mean * np.exp(rng.normal(-(spread**2) / 2, spread, n))
    dw = np.array([workdays[d % 7] for d in range(DAYS)])
    lam = rate[:, None] * dw[None, :]
    if off_p:
        lam = lam * (rng.random((n, DAYS)) >= off_p)
    if start_day is not None:
        lam = lam * (np.arange(DAYS)[None, :] >= np.asarray(start_day)[:, None])
    if end_day is not None:
        lam = lam * (np.arange(DAYS)[None, :] <= np.asarray(end_day)[:, None])
    return rng.poisson(lam)


def build_business(w):
    rng = w.rng
    I = w.I
    P = w.P
    DC, CC = w.DC, w.CC
    persons = w.persons
    near_pool = np.concatenate([persons, w.C_near])
    yr = 365 * DAY

    # ---------------- couriers (express delivery), personal cards, some 170 MVNO, some company cards
    n = jit(rng, 150)
    u = rng.random(n)
    ops = np.where(u < 0.12, "MVNO_A", "CMCC").astype(object)
    hreg = np.where(rng.random(n) < 0.6, LOCAL, rng.choice(HENAN, n))
    nums = w.mobile_numbers(n, ops, hreg)
    by = rng.integers(1975, 2003, n)
    comp = rng.random(n) < 0.1
    orgs = w.ids(3)
    idh = [orgs[int(rng.integers(0, 3))] if cp else h for cp, h in zip(comp, w.ids(n))]
    cou = w.add(
        nums,
        "courier",
        net=0,
        home=hreg,
        act=T0 - (rng.uniform(0.1, 8, n) * yr).astype(np.int64),
        by=np.where(comp, 0, by),
        dist=1,
        near=1,
        age=birth_to_age(by),
        chome=w.pick(DC["residential"], n),
        cwork=w.pick(DC["logistics"], n),
        mob=0,
        imei_a=w.new_imeis(w.smart_tacs(n)),
        talk=np.exp(rng.normal(-0.2, 0.5, n)),
        op=list(ops),
        ctype=["virtual" if o != "CMCC" else "mobile" for o in ops],
        idh=idh,
        imsi=w.imsis(n),
    )
    P["courier"] = cou
    routes = [
        np.concatenate([w.pick(DC["residential"], 8), w.pick(DC["office"], 4), w.pick(DC["mixed"], 3)])
        for _ in range(n)
    ]
    counts = days_counts(w, n, 36, workdays=(1, 1, 1, 1, 1, 0.9, 0.7), off_p=0.12, spread=0.35)
    station = I["cwork"][cou]

    def cou_cells(pos, t):
        h = ((t - T0) % DAY) // 3600
        out = np.empty(len(pos), np.int32)
        ur = rng.random(len(pos))
        for k in range(n):
            m = pos == k
            r = routes[k]
            out[m] = r[(ur[m] * len(r)).astype(int)]
        early = (h < 10) & (rng.random(len(pos)) < 0.6)
        out[early] = station[pos[early]]
        return out

    def cou_callee(pos, t):
        b = w.pick(near_pool, len(pos))
        col = rng.random(len(pos)) < 0.06
        b[col] = w.pick(cou, col.sum())
        return b

    work_rows(
        w,
        cou,
        counts,
        [(8.5, 12, 0.45), (13, 19.5, 0.55)],
        cou_callee,
        0.72,
        lambda k: w.lognorm(k, 22, 0.6, 3, 900),
        imei=I["imei_a"][cou],
        cell_fn=cou_cells,
        redial=0.25,
        callback=0.2,
        tag=20,
    )

    # ---------------- food-delivery riders and platform privacy numbers (AXB): rider -> X -> customer
    nX = jit(rng, 36)
    plat = w.ids(1)[0]
    X = org_cards(w, nX, "privacy_number", plat, T0 - rng.integers(60, 900, nX) * DAY)
    I["chome"][X] = -1
    n = jit(rng, 110)
    by = rng.integers(1980, 2004, n)
    hreg = np.where(rng.random(n) < 0.5, LOCAL, rng.choice(HENAN, n))
    nums = w.mobile_numbers(n, "CMCC", hreg)
    rid = w.add(
        nums,
        "delivery_rider",
        net=0,
        home=hreg,
        act=T0 - (rng.uniform(0.05, 5, n) * yr).astype(np.int64),
        by=by,
        dist=1,
        near=1,
        age=birth_to_age(by),
        chome=w.pick(DC["residential"], n),
        mob=0,
        imei_a=w.new_imeis(w.smart_tacs(n)),
        op="CMCC",
        ctype="mobile",
        idh=w.ids(n),
        imsi=w.imsis(n),
    )
    P["delivery_rider"] = rid
    counts = days_counts(w, n, 14, workdays=(1, 1, 1, 1, 1, 1.1, 1.1), off_p=0.15)
    pos, t = w.schedule(counts, [(10.5, 13.5, 0.5), (16.5, 20.5, 0.4), (13.5, 16.5, 0.1)], 600)
    c = rid[pos]
    x = w.pick(X, len(c))
    cust = w.pick(near_pool, len(c))
    ans = rng.random(len(c)) < 0.8
    dur = np.where(ans, w.lognorm(len(c), 25, 0.6, 3, 600), 0)
    t = deoverlap(c, t, dur + 30)
    cells = w.pick(np.concatenate([DC["residential"], DC["office"], DC["mixed"]]), len(c))
    w.emit(c, x, t, dur, cell=cells, tag=30)
    w.emit(x, cust, t + 2, dur, fwd=True, tag=31)
    # customers calling riders through X
    m = rng.random(len(c)) < 0.35
    tc = t[m] + rng.integers(60, 900, m.sum())
    d2 = np.where(rng.random(m.sum()) < 0.85, w.lognorm(m.sum(), 20, 0.5, 3, 300), 0)
    w.emit(cust[m], x[m], tc, d2, tag=32)
    w.emit(x[m], c[m], tc + 2, d2, fwd=True, tag=33)

    # ---------------- logistics dispatchers (enterprise accounts) and truck drivers
    ncomp = 4
    orgs = w.ids(ncomp)
    nd = jit(rng, 70)
    dcomp = rng.integers(0, ncomp, nd)
    disp = org_cards(
        w,
        nd,
        "logistics_dispatch",
        [orgs[k] for k in dcomp],
        T0 - (rng.uniform(0.3, 6, nd) * yr).astype(np.int64),
    )
    I["imei_a"][disp] = w.new_imeis(w.smart_tacs(nd))
    I["chome"][disp] = w.pick(DC["logistics"], nd)
    # other staff cards on the same company accounts (rarely call, share id)
    nst = jit(rng, 90)
    stf = org_cards(
        w,
        nst,
        "enterprise_staff",
        [orgs[k] for k in rng.integers(0, ncomp, nst)],
        T0 - (rng.uniform(0.3, 6, nst) * yr).astype(np.int64),
    )
    I["imei_a"][stf] = w.new_imeis(w.smart_tacs(nst))
    I["chome"][stf] = w.pick(np.concatenate([DC["logistics"], DC["office"]]), nst)
    I["cwork"][stf] = I["chome"][stf]
    P["enterprise_staff"] = stf
    cnt_s = days_counts(w, nst, 3.5, workdays=(1, 1, 1, 1, 1, 0.5, 0.2), spread=0.6)
    work_rows(
        w,
        stf,
        cnt_s,
        [(8, 12, 0.5), (13, 18, 0.5)],
        lambda pos, t: w.pick(np.concatenate([near_pool, stf]), len(pos)),
        lambda pos, b: np.full(len(pos), 0.8),
        lambda k: w.lognorm(k, 60, 0.8),
        tag=42,
    )
    ndrv = jit(rng, 1400)
    u = rng.random(ndrv)
    dregs = np.where(
        u < 0.5,
        rng.choice(HENAN, ndrv),
        np.where(u < 0.95, rng.choice(PROV, ndrv), rng.choice(HOTSPOT, ndrv)),
    )
    drv = remote_contacts(w, dregs)
    I["mob"][drv] = 3
    w.setpop(drv, "truck_driver")
    drv_comp = rng.integers(0, ncomp, ndrv)
    cdrv = [drv[drv_comp == k] for k in range(ncomp)]
    counts = days_counts(w, nd, 52, workdays=(1, 1, 1, 1, 1, 0.8, 0.6), spread=0.3)
    dd = dcomp

    def disp_callee(pos, t):
        comp = dd[pos]
        out = np.empty(len(pos), np.int64)
        for k in range(ncomp):
            m = comp == k
            pool = cdrv[k]
            z = (len(pool) * rng.random(m.sum()) ** 1.6).astype(int)
            out[m] = pool[z]
        return out

    work_rows(
        w,
        disp,
        counts,
        [(7, 12, 0.4), (13, 18, 0.45), (18, 21, 0.15)],
        disp_callee,
        lambda pos, b: np.full(len(pos), 0.84),
        lambda k: w.lognorm(k, 50, 0.8, 3, 1800),
        redial=0.3,
        tag=40,
    )
    # drivers call their dispatchers (CMCC drivers -> moc on highway cells all over the country)
    nc = rng.poisson(0.7 * DAYS, ndrv)
    src = np.repeat(np.arange(ndrv), nc)
    dcs = [disp[dcomp == k] for k in range(ncomp)]
    tgt = np.array([dcs[drv_comp[s]][int(rng.integers(0, len(dcs[drv_comp[s]])))] for s in src], np.int64)
    day = rng.integers(0, DAYS, len(src))
    t = T0 + day * DAY + w.hours("work", len(src)) * 3600 + rng.integers(0, 3600, len(src))
    ans = rng.random(len(src)) < 0.8
    dur = np.where(ans, w.lognorm(len(src), 45, 0.8), 0)
    t = deoverlap(drv[src], t, dur + 30)
    w.emit(drv[src], tgt, t, dur, tag=41)
    P["logistics_dispatch"] = disp

    # ---------------- property agents: personal card + often a rotating work card, dual SIM
    nag = jit(rng, 90)
    agencies = w.ids(3)
    by = rng.integers(1985, 2003, nag)
    hreg = np.where(rng.random(nag) < 0.7, LOCAL, rng.choice(HENAN, nag))
    nums = w.mobile_numbers(nag, "CMCC", hreg)
    office = w.pick(np.concatenate([DC["mixed"], DC["office"]]), nag)
    ag = w.add(
        nums,
        "property_agent",
        net=0,
        home=hreg,
        act=T0 - (rng.uniform(0.5, 10, nag) * yr).astype(np.int64),
        by=by,
        dist=1,
        near=1,
        age=birth_to_age(by),
        chome=w.pick(DC["residential"], nag),
        cwork=office,
        imei_a=w.new_imeis(w.smart_tacs(nag)),
        op="CMCC",
        ctype="mobile",
        idh=w.ids(nag),
        imsi=w.imsis(nag),
    )
    has = rng.random(nag) < 0.55
    wk_owner = ag[has]
    nw = has.sum()
    ent = rng.random(nw) < 0.4
    wid = [agencies[int(rng.integers(0, 3))] if e else h for e, h in zip(ent, w.ids(nw))]
    wact = T0 - (rng.uniform(3, 150, nw) * DAY).astype(np.int64)
    wc = org_cards(w, nw, "property_agent", wid, wact)
    I["by"][wc] = np.where(ent, 0, rng.integers(1960, 2004, nw))  # bought cards: someone else's name
    I["imei_a"][wc] = I["imei_a"][wk_owner]
    I["chome"][wc] = I["chome"][wk_owner]
    I["cwork"][wc] = office[has]
    cold_card = ag.copy()
    cold_card[has] = wc
    P["property_agent"] = np.concatenate([ag, wc])
    counts = days_counts(w, nag, 38, workdays=(1, 1, 1, 0.9, 1, 1.2, 1.1), off_p=0.1, spread=0.4)
    warm = {}

    def ag_callee(pos, t):
        u = rng.random(len(pos))
        b = np.where(u < 0.5, w.pick(near_pool, len(pos)), -1)
        m = b < 0
        b[m] = w.strangers(m.sum(), regw=np.eye(len(REGIONS))[LOCAL] * 0.9 + NATW * 0.1)
        return b

    def ag_cells(pos, t):
        out = I["cwork"][cold_card[pos]].copy()
        m = rng.random(len(pos)) < 0.35
        out[m] = w.pick(DC["residential"], m.sum())
        return out

    r = work_rows(
        w,
        cold_card,
        counts,
        [(9, 12, 0.35), (13.5, 18, 0.45), (18.5, 21, 0.2)],
        ag_callee,
        0.33,
        lambda k: w.mixture(k, [(0.7, 12, 0.5), (0.3, 90, 1.0)], 2, 1800),
        group=ag,
        imei=I["imei_a"][ag],
        cell_fn=ag_cells,
        redial=0.08,
        callback=0.06,
        tag=50,
    )
    # follow-ups with interested owners/buyers (repeat calls)
    c, b, t, dur = r
    hot = (dur > 60) & (rng.random(len(c)) < 0.6)
    k = rng.integers(1, 4, hot.sum())
    src = np.repeat(np.where(hot)[0], k)
    tf = t[src] + rng.integers(3600, 4 * DAY, len(src))
    ok = tf < T0 + DAYS * DAY
    src, tf = src[ok], tf[ok]
    h = ((tf - T0) % DAY) // 3600
    tf = np.where(h < 9, tf + 10 * 3600, np.where(h > 20, tf - 8 * 3600, tf))
    ans = rng.random(len(src)) < 0.75
    d = np.where(ans, w.lognorm(len(src), 120, 0.8), 0)
    tf = deoverlap(c[src], tf, d + 30)
    w.emit(c[src], b[src], tf, d, tag=51)

    # ---------------- recruiters / labour agencies
    nre = jit(rng, 45)
    org = w.ids(6)
    ent = rng.random(nre) < 0.5
    idh = [org[int(rng.integers(0, 6))] if e else h for e, h in zip(ent, w.ids(nre))]
    rec = org_cards(w, nre, "recruiter", idh, T0 - (rng.uniform(0.1, 6, nre) * yr).astype(np.int64))
    I["by"][rec] = np.where(ent, 0, rng.integers(1975, 2002, nre))
    I["imei_a"][rec] = w.new_imeis(w.smart_tacs(nre))
    I["chome"][rec] = w.pick(DC["office"], nre)
    counts = days_counts(w, nre, 26, workdays=(1, 1, 1, 1, 1, 0.5, 0.1))
    mig = np.concatenate([P["migrant_worker"], P["student"], w.newcard_arrival])

    def rec_callee(pos, t):
        u = rng.random(len(pos))
        b = np.where(u < 0.35, w.pick(mig, len(pos)), -1)
        m = b < 0
        rw = NATW.copy()
        rw[HENAN] *= 4
        rw /= rw.sum()
        b[m] = w.strangers(m.sum(), regw=rw, age_w=[0.35, 0.45, 0.18, 0.02])
        return b

    work_rows(
        w,
        rec,
        counts,
        [(9, 12, 0.45), (14, 18, 0.55)],
        rec_callee,
        0.5,
        lambda k: w.lognorm(k, 70, 0.9, 3, 2400),
        redial=0.1,
        callback=0.08,
        tag=55,
    )
    P["recruiter"] = rec

    # ---------------- insurance agents (personal cards)
    nin = jit(rng, 55)
    by = rng.integers(1968, 2000, nin)
    nums = w.mobile_numbers(nin, "CMCC", LOCAL)
    ins = w.add(
        nums,
        "insurance_agent",
        net=0,
        home=LOCAL,
        act=T0 - (rng.uniform(1, 12, nin) * yr).astype(np.int64),
        by=by,
        dist=1,
        near=1,
        age=birth_to_age(by),
        chome=w.pick(DC["residential"], nin),
        cwork=w.pick(DC["office"], nin),
        imei_a=w.new_imeis(w.smart_tacs(nin)),
        op="CMCC",
        ctype="mobile",
        idh=w.ids(nin),
        imsi=w.imsis(nin),
    )
    counts = days_counts(w, nin, 22, workdays=(1, 1, 1, 1, 1, 0.6, 0.4), spread=0.45)

    def ins_callee(pos, t):
        u = rng.random(len(pos))
        b = np.where(u < 0.45, w.pick(near_pool, len(pos)), -1)
        m = b < 0
        b[m] = w.strangers(
            m.sum(), regw=np.eye(len(REGIONS))[LOCAL] * 0.8 + NATW * 0.2, age_w=[0.1, 0.4, 0.35, 0.15]
        )
        return b

    work_rows(
        w,
        ins,
        counts,
        [(9, 12, 0.4), (14, 18, 0.45), (19, 20.5, 0.15)],
        ins_callee,
        0.45,
        lambda k: w.lognorm(k, 60, 1.1, 3, 3600),
        redial=0.1,
        callback=0.1,
        tag=57,
    )
    P["insurance_agent"] = ins

    # ---------------- outsourced telemarketing firm 1: SIM gateway ("外呼盒子") with a card pool
    firm1 = w.ids(1)[0]
    nch = 16
    gw_imei = w.new_imeis([TAC_MODULE[2]] * 8 + [TAC_MODULE[1]] * 8)  # same module families as GoIPs
    gw_cell = w.pick(DC["office"], 1)[0]
    b1n = jit(rng, 18)  # batch 1 activated together ~95 days ago
    b1 = org_cards(w, b1n, "telemarketing", firm1, T0 - 95 * DAY + rng.integers(0, 3600, b1n))
    b2n = jit(rng, 14)
    b2 = org_cards(w, b2n, "telemarketing", firm1, T0 - 33 * DAY + rng.integers(0, 7200, b2n))
    b3n = jit(rng, 10)
    b3 = org_cards(w, b3n, "telemarketing", firm1, T0 + 5 * DAY + 10 * 3600 + rng.integers(0, 7200, b3n))
    pool = np.concatenate([b1, b2, b3])
    dead_day = np.full(len(pool), 99)
    old = np.concatenate([b1, b2])
    kill = rng.choice(len(old), min(b3n, len(old)), replace=False)
    dead_day[kill] = rng.integers(3, 6, len(kill))
    birth_day = np.zeros(len(pool), int)
    birth_day[len(b1) + len(b2) :] = 6
    plan_c, plan_d, plan_im = [], [], []
    for d in range(DAYS):
        dw = d % 7
        if dw == 6:
            continue
        nchan = nch if dw < 5 else nch // 2
        avail = np.where((birth_day <= d) & (dead_day > d))[0]
        sel = avail[rng.permutation(len(avail))[:nchan]]
        plan_c += list(pool[sel])
        plan_d += [d] * len(sel)
        plan_im += list(gw_imei[: len(sel)])
    plan_c = np.array(plan_c)
    plan_d = np.array(plan_d)
    plan_im = np.array(plan_im)
    cnt = np.zeros((len(plan_c), DAYS), int)
    cnt[np.arange(len(plan_c)), plan_d] = rng.poisson(rng.uniform(34, 56, len(plan_c)))

    def tm_callee(pos, t):
        u = rng.random(len(pos))
        b = np.where(u < 0.1, w.pick(near_pool, len(pos)), -1)
        m = b < 0
        rw = NATW.copy()
        rw[LOCAL] *= 3
        rw /= rw.sum()
        b[m] = w.strangers(m.sum(), regw=rw)
        return b

    work_rows(
        w,
        plan_c,
        cnt,
        [(9, 12, 0.42), (13.5, 18, 0.58)],
        tm_callee,
        0.21,
        lambda k: w.mixture(k, [(0.6, 10, 0.5), (0.35, 60, 0.7), (0.05, 240, 0.5)], 2, 1800),
        group=plan_im,
        imei=plan_im,
        cell_fn=lambda pos, t: np.full(len(pos), gw_cell),
        tag=60,
        jitter=300,
        callback=0.03,
    )
    P["telemarketing"] = pool
    w.ring_notes = {}
    # ---------------- telemarketing firm 2: agents with dual-SIM phones
    firm2 = w.ids(1)[0]
    n2 = jit(rng, 28) // 2 * 2
    t2 = org_cards(w, n2, "telemarketing", firm2, T0 - rng.integers(20, 200, n2) * DAY)
    ph = w.new_imeis(w.smart_tacs(n2 // 2))
    I["imei_a"][t2] = np.repeat(ph, 2)
    cellx = w.pick(DC["office"], 2)
    counts = days_counts(w, n2, 40, workdays=(1, 1, 1, 1, 1, 0.3, 0), spread=0.2)
    work_rows(
        w,
        t2,
        counts,
        [(9, 12, 0.42), (13.5, 18, 0.58)],
        tm_callee,
        0.25,
        lambda k: w.mixture(k, [(0.6, 12, 0.5), (0.35, 70, 0.7), (0.05, 300, 0.5)], 2, 1800),
        group=I["imei_a"][t2],
        imei=I["imei_a"][t2],
        cell_fn=lambda pos, t: cellx[rng.integers(0, 2, len(pos))],
        tag=61,
        jitter=300,
        callback=0.03,
    )
    P["telemarketing"] = np.concatenate([pool, t2])

    # ---------------- debt collection firm: enterprise cards + personal-name cards, rotation
    dfirm = w.ids(1)[0]
    ne = jit(rng, 20)
    npn = jit(rng, 14)
    dc1 = org_cards(w, ne, "debt_collector", dfirm, T0 - rng.integers(40, 700, ne) * DAY)
    dc2 = org_cards(w, npn, "debt_collector", w.ids(npn), T0 - rng.integers(5, 120, npn) * DAY)
    I["by"][dc2] = rng.integers(1985, 2003, npn)
    nrep = jit(rng, 6)
    dc3 = org_cards(w, nrep, "debt_collector", w.ids(nrep), 0)
    I["by"][dc3] = rng.integers(1985, 2003, nrep)
    dcs = np.concatenate([dc1, dc2, dc3])
    nphone = 22
    phones = w.new_imeis(w.smart_tacs(nphone))
    I["imei_a"][dcs] = phones[rng.integers(0, nphone, len(dcs))]
    dcell = w.pick(DC["office"], 2)
    start = np.zeros(len(dcs), int)
    end = np.full(len(dcs), DAYS)
    killed = rng.choice(len(dc1) + len(dc2), nrep, replace=False)
    kd = rng.integers(3, 10, nrep)
    end[killed] = kd - 1
    start[len(dc1) + len(dc2) :] = kd
    I["act"][dc3] = T0 + (kd - 1) * DAY + rng.integers(9 * 3600, 18 * 3600, nrep)
    I["ato"][dcs[killed]] = T0 + kd * DAY
    counts = days_counts(
        w, len(dcs), 58, workdays=(1, 1, 1, 1, 1, 0.7, 0.5), start_day=start, end_day=end, spread=0.25
    )
    ndebt = 2600
    u = rng.random(ndebt)
    debt = np.where(u < 0.3, w.pick(persons, ndebt), -1)
    m = debt < 0
    debt[m] = w.strangers(m.sum(), age_w=[0.3, 0.5, 0.17, 0.03])
    emerg = w.strangers(ndebt, age_w=[0.2, 0.4, 0.3, 0.1])

    def debt_callee(pos, t):
        k = (len(debt) * rng.random(len(pos)) ** 1.3).astype(int)
        b = debt[k]
        e = rng.random(len(pos)) < 0.22
        b[e] = emerg[k[e]]
        return b

    work_rows(
        w,
        dcs,
        counts,
        [(8.5, 12, 0.38), (13.5, 18, 0.45), (18.5, 20.75, 0.17)],
        debt_callee,
        0.3,
        lambda k: w.lognorm(k, 40, 1.0, 2, 1800),
        group=I["imei_a"][dcs],
        imei=I["imei_a"][dcs],
        cell_fn=lambda pos, t: dcell[rng.integers(0, 2, len(pos))],
        redial=0.55,
        callback=0.04,
        tag=65,
    )
    P["debt_collector"] = dcs

    # ---------------- clinics (fixed lines) and schools (teachers' mobiles + school lines)
    nclin = jit(rng, 10)
    own_f = rng.random(nclin) < 0.5
    cl_nums = w.fixed_numbers(nclin, LOCAL, "6")
    clin = w.add(
        cl_nums,
        "clinic",
        net=np.where(own_f, 1, 2),
        home=LOCAL,
        act=np.where(own_f, T0 - 2000 * DAY, -1),
        dist=np.where(own_f, 1, 0),
        near=1,
        op=["CMCC" if o else "CTCC" for o in own_f],
        ctype="fixed",
        idh=[h if o else "" for h, o in zip(w.ids(nclin), own_f)],
    )
    counts = days_counts(w, nclin, 18, workdays=(1, 1, 1, 1, 1, 0.4, 0), spread=0.4)

    def clin_callee(pos, t):
        own = own_f[pos]
        b = w.pick(near_pool, len(pos))
        b[~own] = w.pick(persons, (~own).sum())  # other-operator lines are only visible when calling us
        return b

    work_rows(
        w,
        clin,
        counts,
        [(8, 12, 0.55), (14, 17.5, 0.45)],
        clin_callee,
        0.7,
        lambda k: w.lognorm(k, 60, 0.7, 3, 900),
        group=clin,
        tag=70,
    )
    nsch = jit(rng, 14)
    nte = jit(rng, 60)
    by = rng.integers(1968, 2000, nte)
    towns = rng.random(nte) < 0.65
    te_nums = w.mobile_numbers(
        nte, np.where(towns, "CMCC", np.where(rng.random(nte) < 0.5, "CTCC", "CUCC")).astype(object), LOCAL
    )
    tch = w.add(
        te_nums,
        "teacher",
        net=np.where(towns, 0, 2),
        home=LOCAL,
        act=np.where(towns, T0 - 2500 * DAY, -1),
        by=np.where(towns, by, 0),
        dist=towns.astype(int),
        near=1,
        age=birth_to_age(by),
        chome=np.where(towns, w.pick(DC["residential"], nte), -1),
        cwork=np.where(towns, w.pick(DC["campus"], nte), -1),
        imei_a=np.where(towns, w.new_imeis(w.smart_tacs(nte)), -1),
        op=["CMCC" if o else "CTCC" for o in towns],
        ctype="mobile",
        idh=[h if o else "" for h, o in zip(w.ids(nte), towns)],
        imsi=[s if o else "" for s, o in zip(w.imsis(nte), towns)],
    )
    parents_pool = np.concatenate(
        [P["resident"], P["commuter"], P["small_business"], P["migrant_worker"], w.C_near]
    )
    classes = [w.pick(parents_pool, int(rng.integers(30, 50))) for _ in range(nte)]
    rows_c, rows_b, rows_t = [], [], []
    for k in range(nte):
        cls = classes[k]
        for d in range(DAYS):
            if WEEKEND[d]:
                continue
            m = int(rng.poisson(1.2))
            if rng.random() < 0.08:  # burst: calling the whole class (fees, exam results, an incident)
                m = int(len(cls) * rng.uniform(0.6, 1.0))
                st = T0 + d * DAY + int(rng.choice([16, 19]) * 3600 + rng.integers(0, 3600))
                ts = st + np.sort(rng.integers(0, 2 * 3600, m))
                tg = cls[rng.permutation(len(cls))[:m]]
            else:
                ts = T0 + d * DAY + w.hours("work", m) * 3600 + rng.integers(0, 3600, m)
                tg = cls[rng.integers(0, len(cls), m)]
            rows_c.append(np.full(m, tch[k]))
            rows_b.append(tg)
            rows_t.append(ts)
    c = np.concatenate(rows_c)
    b = np.concatenate(rows_b)
    t = np.concatenate(rows_t)
    own = I["net"][c] == 0
    vis = own | ((I["dist"][b] == 1) & (I["net"][b] == 0))
    c, b, t = c[vis], b[vis], t[vis]
    ans = rng.random(len(c)) < 0.8
    dur = np.where(ans, w.lognorm(len(c), 90, 0.8, 5, 1800), 0)
    t = deoverlap(c, t, dur + 30)
    w.emit(c, b, t, dur, tag=72)
    # parents call teachers back
    cbm = rng.random(len(c)) < 0.25
    w.emit(
        b[cbm],
        c[cbm],
        t[cbm] + rng.integers(300, 6 * 3600, cbm.sum()),
        np.where(rng.random(cbm.sum()) < 0.8, w.lognorm(cbm.sum(), 100, 0.8), 0),
        tag=73,
    )
    P["teacher"] = tch
    P["clinic"] = clin

    # ---------------- bank / insurer call centres, e-commerce customer service, operator & police
    codes = [  # number, pop, own network?, calls/day visible, answer, dur median
        ("95533", "bank_callcenter", True, 320, 0.5, 80),
        ("95588", "bank_callcenter", False, 30, 0.55, 75),
        ("95599", "bank_callcenter", False, 18, 0.55, 70),
        ("95566", "bank_callcenter", False, 15, 0.55, 70),
        ("95555", "bank_callcenter", False, 25, 0.5, 85),
        ("95519", "insurer_callcenter", False, 16, 0.45, 90),
        ("95511", "insurer_callcenter", False, 22, 0.45, 90),
        ("95338", "ecommerce_cs", False, 22, 0.6, 70),
        ("950618", "ecommerce_cs", False, 18, 0.62, 90),
        ("9510211", "ecommerce_cs", False, 12, 0.6, 110),
        ("10086", "operator_service", True, 120, 0.45, 40),
    ]
    sc_idx = {}
    for num, pop, own, cpd, ans, med in codes:
        i = w.add(
            [num],
            pop,
            net=1 if own else 2,
            home=LOCAL,
            dist=1 if own else 0,
            act=T0 - 4000 * DAY if own else -1,
            op="CMCC" if own else "CTCC",
            ctype="fixed",
            idh=w.ids(1)[0] if own else "",
        )[0]
        sc_idx[num] = i
        counts = days_counts(w, 1, cpd, workdays=(1, 1, 1, 1, 1, 0.5, 0.35), spread=0.05)

        def sc_callee(pos, t, own=own):
            b = w.pick(persons, len(pos))
            if own and num != "10086":
                m = rng.random(len(pos)) < 0.55
                b[m] = w.strangers(m.sum(), regw=np.eye(len(REGIONS))[LOCAL] * 0.7 + NATW * 0.3)
            return b

        work_rows(
            w,
            np.array([i]),
            counts,
            [(9, 12, 0.4), (13.5, 17.5, 0.42), (18, 20, 0.18)],
            sc_callee,
            ans,
            lambda k, med=med: w.lognorm(k, med, 0.9, 3, 2400),
            serial=False,
            tag=80,
        )
    # platform call-centre fixed lines in other cities (other operators), e-commerce after-sales
    nf = jit(rng, 8)
    fl = []
    for k in range(nf):
        reg = RIDX[["0571", "021", "010", "020", "0755", "027", "028", "025"][k % 8]]
        fl += w.fixed_numbers(1, reg, "8")
    fli = w.add(
        fl,
        "ecommerce_cs",
        net=2,
        home=[RIDX[["0571", "021", "010", "020", "0755", "027", "028", "025"][k % 8]] for k in range(nf)],
        op="CTCC",
        ctype="fixed",
    )
    counts = days_counts(w, nf, 14, workdays=(1, 1, 1, 1, 1, 0.6, 0.5), spread=0.3)
    work_rows(
        w,
        fli,
        counts,
        [(9, 12, 0.45), (13, 18, 0.45), (18, 21, 0.1)],
        lambda pos, t: w.pick(persons, len(pos)),
        0.55,
        lambda k: w.lognorm(k, 100, 0.8, 3, 1800),
        serial=False,
        tag=81,
    )
    # bank branch fixed lines (other operator)
    nb = jit(rng, 8)
    bl = w.add(
        w.fixed_numbers(nb, LOCAL, "6"), "bank_branch", net=2, home=LOCAL, op="CTCC", ctype="fixed", near=1
    )
    counts = days_counts(w, nb, 6, workdays=(1, 1, 1, 1, 1, 0.3, 0))
    work_rows(
        w,
        bl,
        counts,
        [(9, 12, 0.5), (13.5, 17, 0.5)],
        lambda pos, t: w.pick(persons, len(pos)),
        0.65,
        lambda k: w.lognorm(k, 80, 0.7),
        tag=82,
    )
    w.sc = sc_idx
    # police anti-fraud centre 96110 (our trunk): preventive calls to elderly / students
    i96 = w.add(
        ["96110"],
        "police_antifraud_96110",
        net=1,
        home=LOCAL,
        dist=1,
        act=T0 - 1500 * DAY,
        op="CMCC",
        ctype="fixed",
        idh=w.ids(1)[0],
    )[0]
    w.i96110 = i96
    counts = days_counts(w, 1, 28, workdays=(1, 1, 1, 1, 1, 0.6, 0.5), spread=0.05)
    prev = np.concatenate([P["elderly"], P["elderly"], P["student"], w.newcard_arrival])
    work_rows(
        w,
        np.array([i96]),
        counts,
        [(9, 12, 0.45), (14, 18, 0.45), (18, 20, 0.1)],
        lambda pos, t: w.pick(prev, len(pos)),
        0.6,
        lambda k: w.lognorm(k, 120, 0.7),
        serial=False,
        tag=85,
    )

    # ---------------- legit IoT cards: kids' / elders' watches, elevator & alarm phones
    nreseller = w.ids(2)
    w.iot_reseller = nreseller[0]
    nw_ = jit(rng, 150)
    kids_w = org_cards(w, nw_, "iot_watch", nreseller[1], T0 - rng.integers(30, 900, nw_) * DAY, ctype="iot")
    I["imei_a"][kids_w] = w.new_imeis([TAC_WATCH[int(i)] for i in rng.integers(0, 2, nw_)])
    I["chome"][kids_w] = w.pick(np.concatenate([DC["residential"], DC["campus"]]), nw_)
    par = w.pick(np.concatenate([P["resident"], P["commuter"]]), 2 * nw_).reshape(nw_, 2)
    counts = days_counts(w, nw_, 1.3, workdays=(1, 1, 1, 1, 1, 1.2, 1.2), spread=0.5)
    work_rows(
        w,
        kids_w,
        counts,
        [(7, 8, 0.2), (11.5, 13, 0.2), (16, 19.5, 0.6)],
        lambda pos, t: par[pos, rng.integers(0, 2, len(pos))],
        lambda pos, b: np.full(len(pos), 0.85),
        lambda k: w.lognorm(k, 45, 0.7, 3, 600),
        tag=90,
    )
    # parents call the watch
    cnt = days_counts(w, nw_, 1.0, workdays=(1,) * 7)
    pos, t = w.schedule(cnt, [(7, 9, 0.2), (11, 14, 0.3), (15, 20, 0.5)])
    cc = par[pos, rng.integers(0, 2, len(pos))]
    d = np.where(rng.random(len(pos)) < 0.85, w.lognorm(len(pos), 50, 0.7), 0)
    w.emit(cc, kids_w[pos], t, d, tag=91)
    nel = jit(rng, 70)
    ele = org_cards(
        w, nel, "iot_elevator_alarm", nreseller[0], T0 - rng.integers(200, 2000, nel) * DAY, ctype="iot"
    )
    I["imei_a"][ele] = w.new_imeis([TAC_MODULE[int(i)] for i in rng.integers(0, 4, nel)])
    I["chome"][ele] = w.pick(np.concatenate([DC["office"], DC["residential"], DC["logistics"]]), nel)
    I["mob"][ele] = 2
    maint = w.add(
        w.fixed_numbers(3, LOCAL, "5"),
        "maintenance_centre",
        net=1,
        home=LOCAL,
        dist=1,
        act=T0 - 3000 * DAY,
        op="CMCC",
        ctype="fixed",
        idh=w.ids(3),
    )
    counts = days_counts(w, nel, 0.25, workdays=(1,) * 7, spread=0.8)
    work_rows(
        w,
        ele,
        counts,
        [(0, 24, 1)],
        lambda pos, t: w.pick(maint, len(pos)),
        lambda pos, b: np.full(len(pos), 0.97),
        lambda k: w.lognorm(k, 40, 0.6),
        tag=92,
        jitter=0,
    )
    # maintenance centres call technicians (business calls)
    tech = w.pick(P["resident"], 25)
    counts = days_counts(w, 3, 12, workdays=(1, 1, 1, 1, 1, 0.6, 0.4))
    work_rows(
        w,
        maint,
        counts,
        [(8, 18, 1)],
        lambda pos, t: w.pick(tech, len(pos)),
        lambda pos, b: np.full(len(pos), 0.9),
        lambda k: w.lognorm(k, 50, 0.7),
        tag=93,
    )
    P["iot_legit"] = np.concatenate([kids_w, ele])
    w.fixedline_idx = np.concatenate([clin, maint, bl, fli])
    I["fixl"][np.concatenate([clin, maint, bl, fli])] = 1

    # ---------------- the same kinds of businesses on other operators (visible only when calling us)
    dist_targets = np.concatenate([persons, P["courier"], P["delivery_rider"]])
    specs = [  # pop, n, visible calls/day, workdays, sessions, answer, duration, redial, callback
        (
            "courier",
            110,
            18,
            (1, 1, 1, 1, 1, 0.9, 0.7),
            [(8.5, 12, 0.45), (13, 19.5, 0.55)],
            0.72,
            lambda k: w.lognorm(k, 22, 0.6, 3, 900),
            0.25,
            0.2,
        ),
        (
            "property_agent",
            50,
            12,
            (1, 1, 1, 0.9, 1, 1.2, 1.1),
            [(9, 12, 0.35), (13.5, 18, 0.45), (18.5, 21, 0.2)],
            0.33,
            lambda k: w.mixture(k, [(0.7, 12, 0.5), (0.3, 90, 1.0)], 2, 1800),
            0.08,
            0.05,
        ),
        (
            "telemarketing",
            40,
            10,
            (1, 1, 1, 1, 1, 0.3, 0),
            [(9, 12, 0.42), (13.5, 18, 0.58)],
            0.21,
            lambda k: w.mixture(k, [(0.6, 10, 0.5), (0.35, 60, 0.7), (0.05, 240, 0.5)], 2, 1800),
            0.0,
            0.03,
        ),
        (
            "debt_collector",
            20,
            8,
            (1, 1, 1, 1, 1, 0.7, 0.5),
            [(8.5, 12, 0.38), (13.5, 18, 0.45), (18.5, 20.75, 0.17)],
            0.3,
            lambda k: w.lognorm(k, 40, 1.0, 2, 1800),
            0.5,
            0.04,
        ),
        (
            "recruiter",
            25,
            6,
            (1, 1, 1, 1, 1, 0.5, 0.1),
            [(9, 12, 0.45), (14, 18, 0.55)],
            0.5,
            lambda k: w.lognorm(k, 70, 0.9, 3, 2400),
            0.1,
            0.08,
        ),
        (
            "insurance_agent",
            25,
            6,
            (1, 1, 1, 1, 1, 0.6, 0.4),
            [(9, 12, 0.4), (14, 18, 0.45), (19, 20.5, 0.15)],
            0.45,
            lambda k: w.lognorm(k, 60, 1.1, 3, 3600),
            0.1,
            0.1,
        ),
    ]
    opn = np.array(["CTCC", "CUCC", "MVNO_C", "MVNO_D"], dtype=object)
    for pop, n0, rate, wd, sess, ans, dfn, red, cb in specs:
        n = jit(rng, n0)
        ops = opn[rng.choice(4, n, p=[0.46, 0.46, 0.04, 0.04])]
        hreg = np.where(rng.random(n) < 0.75, LOCAL, rng.choice(HENAN, n))
        nums = w.mobile_numbers(n, ops, hreg)
        idx = w.add(
            nums,
            pop + "_other_operator",
            net=2,
            home=hreg,
            near=1,
            op=list(ops),
            ctype=["virtual" if o.startswith("MVNO") else "mobile" for o in ops],
        )
        counts = days_counts(w, n, rate, workdays=wd, off_p=0.1, spread=0.4)
        work_rows(
            w,
            idx,
            counts,
            sess,
            lambda pos, t: w.pick(dist_targets, len(pos)),
            ans,
            dfn,
            redial=red,
            callback=cb,
            tag=95,
        )
        P[pop + "_other_operator"] = idx

    # ---------------- foreign business partners / overseas offices calling district staff (international gateway)
    nib = jit(rng, 16)
    ccs = [
        ("852", 8),
        ("65", 8),
        ("1", 10),
        ("82", 10),
        ("81", 10),
        ("60", 9),
        ("971", 9),
        ("49", 11),
        ("66", 9),
    ]
    nums = []
    for k in range(nib):
        cc, nd = ccs[k % len(ccs)]
        nums += w.intl_numbers(1, cc, nd, fmt="+" if rng.random() < 0.8 else "00")
    ib = w.add(nums, "intl_business", net=3, home=-1, mob=2)
    staff = np.concatenate(
        [P["logistics_dispatch"], P["small_business"], P["resident"][:1500], P["enterprise_staff"]]
    )
    clients = [w.pick(staff, int(rng.integers(4, 25))) for _ in range(nib)]
    counts = days_counts(w, nib, 3.0, workdays=(1, 1, 1, 1, 1, 0.2, 0), spread=0.6)
    work_rows(
        w,
        ib,
        counts,
        [(8, 12, 0.45), (13, 18, 0.45), (19, 22, 0.1)],
        lambda pos, t: np.array([clients[p][int(rng.integers(0, len(clients[p])))] for p in pos], np.int64),
        lambda pos, b: np.full(len(pos), 0.7),
        lambda k: w.lognorm(k, 180, 0.9, 5, 3600),
        serial=False,
        callback=0.3,
        tag=96,
    )
    P["intl_business"] = ib

    # ---------------- residents who forward unanswered calls to their other number (legit fwd)
    rs = P["resident"]
    fw = rs[rng.random(len(rs)) < 0.012]
    tgt = np.where(rng.random(len(fw)) < 0.5, w.pick(w.C, len(fw)), -1)
    m = tgt < 0
    nums = w.mobile_numbers(m.sum(), "CMCC", LOCAL)
    sec = w.add(
        nums,
        "resident",
        net=0,
        home=LOCAL,
        act=T0 - rng.integers(100, 3000, m.sum()) * DAY,
        by=I["by"][fw[m]],
        dist=1,
        near=1,
        age=I["age"][fw[m]],
        chome=I["chome"][fw[m]],
        imei_a=w.new_imeis(w.smart_tacs(m.sum())),
        talk=0.0,
        op="CMCC",
        ctype="mobile",
        idh=[w.S["idh"][int(i)] for i in fw[m]],
        imsi=w.imsis(m.sum()),
    )
    tgt[m] = sec
    I["fwd_to"][fw] = tgt
    w.setpop(fw, "resident_forwarding")
    P["resident_forwarding"] = fw


# ------------------------------------------------------------------------------------------
# fraud
# ------------------------------------------------------------------------------------------


class Fraud:
    def __init__(self, w):
        self.w = w
        self.rng = w.rng
        self.victim_pool = np.concatenate([w.persons, w.P["courier"], w.P["delivery_rider"]])
        self.rows = []  # (caller, callee, start, dur, scheme)
        self.rings = []

    def targets(self, n, scheme, dfrac, only_district=False, regw=None):
        w, rng = self.w, self.rng
        agew = np.array(SCHEMES[scheme][2])
        pool = self.victim_pool
        wt = agew[w.I["age"][pool]].astype(float)
        if scheme in ("brushing_job", "student_loan_cancel"):
            wt[np.isin(pool, w.P["student"])] *= 2.5
            wt[np.isin(pool, w.P["new_card"])] *= 2.0
        if scheme == "loan_credit_repair":
            wt[np.isin(pool, w.P["migrant_worker"])] *= 1.8
            wt[np.isin(pool, w.P["small_business"])] *= 1.5
        wt /= wt.sum()
        if only_district:
            return rng.choice(pool, n, p=wt)
        k = rng.random(n) < dfrac
        out = np.empty(n, np.int64)
        out[k] = rng.choice(pool, k.sum(), p=wt)
        out[~k] = w.strangers((~k).sum(), regw=regw, age_w=agew / agew.sum())
        return out

    def new_cards(
        self, n, pop, ring, scheme, homes, act, idh=None, by=None, op="CMCC", ctype="mobile", note=""
    ):
        w, rng = self.w, self.rng
        if ctype == "iot":
            nums = w.iot_numbers(n)
        else:
            nums = w.mobile_numbers(n, op, homes)
        if by is None:
            u = rng.random(n)
            by = np.where(
                u < 0.5,
                rng.integers(1998, 2007, n),
                np.where(u < 0.8, rng.integers(1950, 1966, n), rng.integers(1966, 1998, n)),
            )
        idx = w.add(
            nums,
            pop,
            net=0,
            home=homes,
            act=act,
            by=by,
            dist=1,
            near=0,
            age=birth_to_age(by),
            fraud=1,
            op=op,
            ctype=ctype if op == "CMCC" or ctype == "iot" else "virtual",
            idh=w.ids(n) if idh is None else idh,
            imsi=w.imsis(n, "46004" if ctype == "iot" else "46000"),
            ring=ring,
            scheme=scheme,
            note=note,
        )
        return idx

    def run(
        self,
        card,
        day,
        ncall,
        imei,
        cellsets,
        cellset_id,
        sessions,
        scheme,
        dfrac,
        ring,
        gap_scale=1.0,
        decay=6.0,
        regw=None,
        only_district=False,
        tag=100,
        jitter=900,
    ):
        """plan rows: one per card-day. Returns emitted arrays."""
        w, rng = self.w, self.rng
        card = np.asarray(card)
        day = np.asarray(day)
        ncall = np.asarray(ncall)
        np_ = len(card)
        cnt = np.zeros((np_, DAYS), int)
        cnt[np.arange(np_), day] = ncall
        pos, t = w.schedule(cnt, sessions, jitter)
        c = card[pos]
        b = self.targets(len(pos), scheme, dfrac, only_district, regw)
        first = {}
        for cd, dd in zip(card, day):
            first[int(cd)] = min(first.get(int(cd), 99), int(dd))
        fd = np.array([first[int(x)] for x in c])
        age_days = (t - T0) / DAY - fd
        base = SCHEMES[scheme][0]
        p = w.ans_unknown(b, base) * np.maximum(0.45, np.exp(-np.maximum(age_days, 0) / decay))
        ans = rng.random(len(c)) < p
        dur = w.mixture(len(c), SCHEMES[scheme][1], 2, 10800)
        dur[~ans] = 0
        ring_t = np.where(ans, 6, rng.integers(8, 45, len(c)))
        gap = (rng.exponential(60 * gap_scale, len(c))).astype(np.int64) + 10
        dev = np.asarray(imei)[pos]
        g = np.where(dev >= 0, dev, -1 - c)
        t = deoverlap(g, t, dur + ring_t + gap)
        t = deoverlap(c, t, dur + ring_t + 5)
        cid = np.asarray(cellset_id)[pos]
        ce = np.empty(len(c), np.int32)
        u = rng.random(len(c))
        for k in np.unique(cid):
            m = cid == k
            cs = cellsets[int(k)]
            ce[m] = cs[(u[m] * len(cs)).astype(int)]
        w.emit(c, b, t, dur, imei=dev, cell=ce, tag=tag)
        self.rows.append((c, b, t, dur))
        return c, b, t, dur


def build_fraud(w):
    rng = w.rng
    I = w.I
    P = w.P
    F = Fraud(w)
    DC, CC = w.DC, w.CC
    notes = w.ring_notes

    def reg_mix(n, p_local=0.5, p_henan=0.3):
        u = rng.random(n)
        return np.where(
            u < p_local,
            LOCAL,
            np.where(
                u < p_local + p_henan, rng.choice(HENAN, n), rng.choice(np.concatenate([PROV, HOTSPOT]), n)
            ),
        )

    # ---- Ring A: fixed GoIP (8 ports) in a rented flat; fake e-commerce customer service refunds
    ringA = "A_goip_flat"
    nslot = 8
    start = int(rng.integers(2, 5))
    cards = []
    plan = []
    slot_imei = w.new_imeis([TAC_MODULE[2]] * nslot)
    flat = w.pick(DC["residential"], 1)[0]
    neigh = w.pick(DC["residential"], 1)[0]
    live_n = int(rng.integers(4, 6))
    life = rng.integers(3, 7, 40)
    enter = []
    for k in range(40):
        e = start + (k % 2) if k < live_n else enter[k - live_n] + life[k - live_n]
        if e >= DAYS - 1:
            break
        enter.append(int(e))
    ncard_total = len(enter)
    homes = reg_mix(ncard_total)
    act = T0 + start * DAY - (rng.uniform(12, 200, ncard_total) * DAY).astype(np.int64)
    mules = w.ids(max(2, int(ncard_total * 0.7)))
    idA = [mules[int(i)] for i in rng.integers(0, len(mules), ncard_total)]
    ca = F.new_cards(ncard_total, "fraud_goip_simbox", ringA, "fake_cs_refund", homes, act, idh=idA)
    for k in range(ncard_total):
        for d in range(enter[k], min(DAYS, enter[k] + life[k])):
            plan.append((ca[k], d, int(rng.poisson(rng.uniform(20, 36))), int(rng.integers(0, nslot))))
    plan = np.array(plan)
    cs = [np.array([flat] * 12 + [neigh])]
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        slot_imei[plan[:, 3]],
        cs,
        np.zeros(len(plan), int),
        [(9, 12, 0.35), (13.5, 18, 0.45), (19, 21, 0.2)],
        "fake_cs_refund",
        0.15,
        ringA,
        tag=100,
    )
    # cover traffic ("养卡"): calls between the ring's cards and to a handler's phone
    handler = w.add(
        w.mobile_numbers(1, "CUCC", RIDX["0771"]),
        "fraud_handler",
        net=2,
        home=RIDX["0771"],
        fraud=1,
        ring=ringA,
        op="CUCC",
        ctype="mobile",
    )[0]
    cov = []
    for c, d, n_, s in plan:
        for _ in range(int(rng.integers(0, 3))):
            other = ca[int(rng.integers(0, ncard_total))]
            tgt = handler if (other == c or rng.random() < 0.3) else other
            cov.append(
                (
                    c,
                    tgt,
                    T0 + d * DAY + int(rng.integers(8 * 3600, 21 * 3600)),
                    int(rng.integers(40, 240)),
                    slot_imei[s],
                )
            )
    cov = np.array(cov)
    tt = deoverlap(cov[:, 0], cov[:, 2], cov[:, 3] + 20)
    w.emit(cov[:, 0], cov[:, 1], tt, cov[:, 3], imei=cov[:, 4], cell=np.full(len(cov), flat), tag=101)
    # the handler calls a couple of the cards (mtc) too
    hc = np.where(cov[:, 1] == handler)[0][:6]
    w.emit(np.full(len(hc), handler), cov[hc, 0], tt[hc] + 3600, rng.integers(30, 200, len(hc)), tag=101)
    notes[ringA] = (
        "8-port GoIP in a rented flat (one residential cell), remote-operated; cards bought from card dealers, rotated across ports, each card 3-5 days"
    )

    # ---- Ring B: GoIP in a car driving around the city; police / courier-lost-parcel scripts, number scanning
    ringB = "B_goip_car"
    nB = jit(rng, 5, 0.8, 1.25)
    days_B = np.sort(rng.choice(np.arange(3, DAYS), 4, replace=False))
    actB = T0 + days_B[0] * DAY - (rng.uniform(5, 60, nB) * DAY).astype(np.int64)
    cb_ = F.new_cards(
        nB,
        "fraud_goip_mobile",
        ringB,
        "police_impersonation",
        np.full(nB, LOCAL),
        actB,
        by=rng.integers(1965, 2004, nB),
    )
    plan = []
    for d in days_B:
        live = rng.choice(nB, min(nB, 4), replace=False)
        for k in live:
            plan.append((cb_[k], d, int(rng.poisson(30))))
    plan = np.array(plan)
    imB = np.array([w.new_imeis([TAC_MODULE[1]])[0] for _ in range(len(plan))])  # IMEI re-written every day
    road = np.concatenate([CC["transit"], CC["highway"], DC["transit"], CC["mixed"], DC["logistics"]])
    csB = [road]
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        imB,
        csB,
        np.zeros(len(plan), int),
        [(10, 12, 0.4), (13.5, 17, 0.6)],
        "police_impersonation",
        0.12,
        ringB,
        regw=np.eye(len(REGIONS))[LOCAL] * 0.5 + NATW * 0.5,
        tag=102,
    )
    notes[ringB] = (
        "4-port GoIP in a moving car: cell changes every call, IMEIs rewritten daily, active on 4 scattered days"
    )

    # ---- Ring C: industry cards (行业卡) of a shell company, used near the Myanmar border
    ringC = "C_industry_cards"
    shell = w.ids(1)[0]
    nC = jit(rng, 8, 0.85, 1.15)
    nC2 = 2
    actC = T0 - int(rng.integers(20, 40)) * DAY + 10 * 3600 + np.sort(rng.integers(0, 1800, nC + nC2))
    border = RIDX[rng.choice(["0692", "0883"])]
    cC = F.new_cards(
        nC + nC2,
        "fraud_industry_card",
        ringC,
        "loan_credit_repair",
        np.full(nC + nC2, LOCAL),
        actC,
        idh=[shell] * (nC + nC2),
        by=np.zeros(nC + nC2, int),
    )
    I["age"][cC] = 1
    # the same shell company also holds a few cards that are never used for calls
    phones = w.new_imeis(w.smart_tacs(nC // 2 + 1))
    bcells = w.RC[border][:3]
    plan = []
    blocked = {int(cC[0]): int(rng.integers(4, 7)), int(cC[1]): int(rng.integers(7, 10))}
    for d in range(DAYS):
        live = [k for k in range(nC) if blocked.get(int(cC[k]), 99) > d]
        if d >= blocked[int(cC[0])]:
            live.append(nC)
        if d >= blocked[int(cC[1])]:
            live.append(nC + 1)
        ph = rng.permutation(len(phones))
        for j, k in enumerate(live):
            if rng.random() < 0.85:
                plan.append((cC[k], d, int(rng.poisson(rng.uniform(20, 40))), phones[ph[j % len(phones)]]))
    plan = np.array(plan)
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        [bcells],
        np.zeros(len(plan), int),
        [(9.5, 12, 0.35), (13.5, 17.5, 0.45), (18.5, 20.5, 0.2)],
        "loan_credit_repair",
        0.12,
        ringC,
        tag=103,
    )
    for k, d in blocked.items():
        I["ato"][k] = T0 + d * DAY
    notes[ringC] = (
        f"{nC + nC2} voice-enabled industry cards of one shell company (same id_hash, activated within 30 min), dual-SIM phones, roaming at {RCODE[border]} border cells"
    )

    # ---- Ring D: IoT cards with voice (13-digit 1440), reseller account shared with legit IoT
    ringD = "D_iot_cards"
    nD = jit(rng, 4, 0.75, 1.25)
    cD = F.new_cards(
        nD,
        "fraud_iot_card",
        ringD,
        "student_loan_cancel",
        np.full(nD, LOCAL),
        T0 - rng.integers(60, 300, nD) * DAY,
        idh=[w.iot_reseller] * nD,
        by=np.zeros(nD, int),
        ctype="iot",
    )
    I["age"][cD] = 1
    imD = w.new_imeis([TAC_MODULE[int(i)] for i in rng.integers(0, 4, nD)])
    where = RIDX[rng.choice(["0755", "0771", "0597"])]
    cellsD = w.RC[where][3:5]
    d0 = int(rng.integers(3, 6))
    plan = [
        (cD[k], d, int(rng.poisson(24)), imD[k])
        for k in range(nD)
        for d in range(d0, DAYS)
        if rng.random() < 0.85
    ]
    plan = np.array(plan)
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        [cellsD],
        np.zeros(len(plan), int),
        [(10, 12, 0.4), (14, 18, 0.6)],
        "student_loan_cancel",
        0.15,
        ringD,
        tag=104,
    )
    notes[ringD] = (
        f"IoT (1440) cards with voice from a reseller account also used by legit elevator/alarm cards, module handsets at {RCODE[where]}"
    )

    # ---- Ring E: rented / sold personal cards taken over mid-window (students & young residents)
    ringE = "E_rented_cards"
    nE = jit(rng, 4, 0.75, 1.25)
    cand = np.concatenate([P["student"], P["resident"][I["age"][P["resident"]] <= 1]])
    cand = cand[(I["talk"][cand] > 1.4) & (I["sim2"][cand] < 0)]  # owners who actually use their phone
    cE = cand[rng.choice(len(cand), nE, replace=False)]
    take = rng.integers(4, 9, nE)
    te = T0 + take * DAY + rng.integers(10 * 3600, 20 * 3600, nE)
    I["ato"][cE] = te
    I["fraud"][cE] = 1
    w.setpop(cE, "fraud_rented_card")
    w.sset("ring", cE, ringE)
    w.sset("scheme", cE, "police_impersonation")
    w.sset("note", cE, "own card sold/rented mid-window: owner's history then fraud use")
    hs = w.new_imeis(w.smart_tacs(2))
    locE = rng.choice([LOCAL, RIDX["0668"], RIDX["0898"], RIDX["0771"]], nE, p=[0.35, 0.25, 0.2, 0.2])
    csE = [w.RC[r][5:8] if r != LOCAL else w.pick(DC["office"], 2) for r in locE]
    plan = []
    for k in range(nE):
        for d in range(take[k] + 1, DAYS):
            if rng.random() < 0.8:
                plan.append((cE[k], d, int(rng.poisson(rng.uniform(12, 28))), hs[k % 2], k))
    plan = np.array(plan)
    cE_run = F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        csE,
        plan[:, 4],
        [(9, 12, 0.35), (13, 17.5, 0.45), (19, 21.5, 0.2)],
        "police_impersonation",
        0.12,
        ringE,
        tag=105,
    )
    w.fix_start = dict(zip(cE.tolist(), te.tolist()))
    notes[ringE] = (
        "real people's long-held cards sold to the ring on a takeover day: new handset (2 handsets shared), new location"
    )

    # ---- Ring F: phone-port mules (手机口): own card + own handset + home cell, shifts relaying calls
    ringF = "F_phone_port"
    nF = jit(rng, 3, 0.67, 1.34)
    cand = np.concatenate([P["resident"][I["age"][P["resident"]] >= 1], P["migrant_worker"]])
    cF = cand[rng.choice(len(cand), nF, replace=False)]
    I["fraud"][cF] = 1
    w.setpop(cF, "fraud_phone_port_mule")
    w.sset("ring", cF, ringF)
    w.sset("scheme", cF, "police_impersonation")
    w.sset("note", cF, "mule relays a remote fraudster's call through his own phone during paid shifts")
    plan = []
    for k in range(nF):
        sd = np.sort(rng.choice(np.arange(3, DAYS), int(rng.integers(4, 7)), replace=False))
        for d in sd:
            plan.append((cF[k], d, int(rng.poisson(rng.uniform(15, 32))), I["imei_a"][cF[k]], k))
    plan = np.array(plan)
    csF = [np.array([I["chome"][c]]) for c in cF]
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        csF,
        plan[:, 4],
        [(14, 18, 0.5), (19, 22, 0.5)],
        "police_impersonation",
        0.1,
        ringF,
        gap_scale=2.5,
        tag=106,
        jitter=1800,
    )
    # relay: a second card of the first mule (same id, same dual-SIM phone) receives the long bridging call
    m0 = cF[0]
    sec = w.add(
        w.mobile_numbers(1, "CMCC", LOCAL),
        "fraud_phone_port_mule",
        net=0,
        home=LOCAL,
        act=T0 - int(rng.integers(3, 20)) * DAY,
        by=I["by"][m0],
        dist=1,
        near=1,
        age=I["age"][m0],
        chome=I["chome"][m0],
        imei_a=I["imei_a"][m0],
        fraud=1,
        op="CMCC",
        ctype="mobile",
        idh=w.S["idh"][int(m0)],
        imsi=w.imsis(1),
        ring=ringF,
        scheme="police_impersonation",
        note="mule's second card: receives the relay leg and occasionally calls the controller",
    )[0]
    relay = w.add(
        w.mobile_numbers(1, "CUCC", RIDX["0871"]),
        "fraud_relay",
        net=2,
        home=RIDX["0871"],
        fraud=1,
        ring=ringF,
        scheme="police_impersonation",
        op="CUCC",
        ctype="mobile",
        note="controller's domestic number bridging into the mule's second card",
    )[0]
    sd = plan[plan[:, 0] == m0][:, 1]
    st = T0 + sd * DAY + 14 * 3600 - rng.integers(0, 1800, len(sd))
    w.emit(
        np.full(len(sd), relay),
        np.full(len(sd), sec),
        st,
        rng.integers(2 * 3600, 4 * 3600 + 1800, len(sd)),
        tag=107,
    )
    k = max(1, len(sd) // 2)
    w.emit(
        np.full(k, sec),
        np.full(k, relay),
        st[:k] - rng.integers(600, 3600, k),
        rng.integers(20, 90, k),
        imei=np.full(k, I["imei_a"][m0]),
        cell=np.full(k, I["chome"][m0]),
        tag=107,
    )
    notes[ringF] = (
        "local mules lend own phone+card; calls at home cell in evening shifts; one mule's 2nd card takes hours-long relay calls"
    )

    # ---- Ring G: card hopper - one operator, one/two handsets, fresh cards every 1-2 days
    ringG = "G_card_hopper"
    nG = jit(rng, 6, 0.84, 1.17)
    ids2 = w.ids(2)
    idg = [ids2[k % 2] for k in range(nG)]
    byg = np.array([int(rng.integers(1999, 2006)), int(rng.integers(1955, 1963))])[np.arange(nG) % 2]
    use = []
    d = int(rng.integers(1, 4))
    for k in range(nG):
        L = int(rng.integers(1, 3))
        use.append((d, min(DAYS, d + L)))
        d += L
    actG = np.array([T0 + u[0] * DAY - int(rng.integers(1, 7)) * DAY for u in use])
    cG = F.new_cards(
        nG, "fraud_card_hopper", ringG, "brushing_job", np.full(nG, LOCAL), actG, idh=idg, by=byg
    )
    hG = w.new_imeis(w.smart_tacs(2))
    cellG = w.pick(DC["office"], 2)
    plan = []
    for k in range(nG):
        for dd in range(use[k][0], use[k][1]):
            if dd < DAYS:
                plan.append((cG[k], dd, int(rng.poisson(rng.uniform(30, 50))), hG[0] if dd < 9 else hG[1]))
    plan = np.array(plan)
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        [cellG],
        np.zeros(len(plan), int),
        [(10, 12.5, 0.4), (14, 18, 0.45), (19.5, 21.5, 0.15)],
        "brushing_job",
        0.18,
        ringG,
        tag=108,
    )
    notes[ringG] = "same handset, a fresh card every 1-2 days; cards opened 3 per ID by two mules"

    # ---- Ring H: MVNO (170/165) virtual cards
    ringH = "H_mvno_cards"
    nH = jit(rng, 3, 0.67, 1.34)
    opsH = np.array(["MVNO_A", "MVNO_B", "MVNO_A", "MVNO_B"], dtype=object)[:nH]
    cH = []
    for k in range(nH):
        cH.append(
            F.new_cards(
                1,
                "fraud_mvno_card",
                ringH,
                "loan_credit_repair",
                np.array([LOCAL]),
                np.array([T0 - int(rng.integers(10, 90)) * DAY]),
                op=opsH[k],
            )[0]
        )
    cH = np.array(cH)
    hH = w.new_imeis(w.smart_tacs(2))
    cellH = w.RC[RIDX["0597"]][:2]
    d0 = int(rng.integers(4, 8))
    plan = [
        (cH[k], d, int(rng.poisson(26)), hH[k % 2])
        for k in range(nH)
        for d in range(d0, DAYS)
        if rng.random() < 0.8
    ]
    plan = np.array(plan)
    F.run(
        plan[:, 0],
        plan[:, 1],
        plan[:, 2],
        plan[:, 3],
        [cellH],
        np.zeros(len(plan), int),
        [(9, 12, 0.4), (13.5, 18, 0.6)],
        "loan_credit_repair",
        0.12,
        ringH,
        tag=109,
    )
    notes[ringH] = "virtual-operator cards hosted on our network, used from Longyan (0597)"

    # ---- Ring I: international gateway: foreign CLIs and spoofed +86 presentations (to our subscribers only)
    ringI = "I_international"
    specs = [
        ("855", 8, "1", "+", "police_impersonation"),
        ("855", 8, "9", "+", "fake_cs_refund"),
        ("95", 9, "9", "+", "police_impersonation"),
        ("63", 10, "9", "+", "investment_course"),
        ("1", 10, "2", "+", "fake_cs_refund"),
        ("1", 10, "6", "00", "police_impersonation"),
        ("86", 11, "1", "+", "police_impersonation"),
        ("86", 11, "1", "00", "fake_cs_refund"),
        ("60", 9, "1", "+", "investment_course"),
    ]
    nI = jit(rng, 7, 0.86, 1.15)
    cI = []
    for k in range(nI):
        cc, nd, lead, fmt, sch = specs[k % len(specs)]
        if cc == "86":
            # spoofed Chinese mobile presentation (prefix not used by our own numbering for the district)
            while True:
                body = f"{int(rng.choice([135, 139, 158, 177, 186])):03d}{int(rng.integers(0, 10**8)):08d}"
                num = ("+86" if fmt == "+" else "0086") + body
                if body not in w.used and num not in w.used:
                    break
            w.used.add(num)
            w.used.add(body)
        else:
            num = w.intl_numbers(1, cc, nd, lead, fmt)[0]
        cI.append(
            w.add(
                [num],
                "fraud_international",
                net=3,
                home=-1,
                fraud=1,
                ring=ringI,
                scheme=sch,
                note=f"international gateway, presentation {'spoofed +86' if cc == '86' else '+' + cc}",
            )[0]
        )
    for i in cI:
        sch = w.S["scheme"][int(i)]
        d0 = int(rng.integers(0, DAYS - 4))
        ds = np.arange(d0, min(DAYS, d0 + int(rng.integers(3, 9))))
        cnt = rng.poisson(rng.uniform(3, 12), len(ds))
        F.run(
            np.full(len(ds), i),
            ds,
            cnt,
            np.full(len(ds), -1),
            [np.array([-1])],
            np.zeros(len(ds), int),
            [(9, 12, 0.4), (13, 18, 0.45), (19, 21, 0.15)],
            sch,
            1.0,
            ringI,
            only_district=True,
            tag=110,
        )
    notes[ringI] = (
        "calls entering via the international gateway; only the legs to our subscribers are visible"
    )

    # ---- Ring J: other-operator domestic numbers (only calls to our subscribers visible)
    ringJ = "J_offnet"
    nJ = jit(rng, 4, 0.75, 1.25)
    opsJ = np.array(["CUCC", "CTCC", "MVNO_C", "CTCC", "CUCC"], dtype=object)[:nJ]
    hJ = rng.choice(np.concatenate([HOTSPOT, BORDER, [LOCAL, LOCAL]]), nJ)
    cJ = w.add(
        w.mobile_numbers(nJ, opsJ, hJ),
        "fraud_other_operator",
        net=2,
        home=hJ,
        fraud=1,
        ring=ringJ,
        op=list(opsJ),
        ctype=["virtual" if o.startswith("MVNO") else "mobile" for o in opsJ],
        scheme=[["fake_cs_refund", "loan_credit_repair", "police_impersonation"][k % 3] for k in range(nJ)],
    )
    for i in cJ:
        d0 = int(rng.integers(1, DAYS - 3))
        ds = np.arange(d0, min(DAYS, d0 + int(rng.integers(3, 8))))
        cnt = rng.poisson(rng.uniform(4, 12), len(ds))
        F.run(
            np.full(len(ds), i),
            ds,
            cnt,
            np.full(len(ds), -1),
            [np.array([-1])],
            np.zeros(len(ds), int),
            [(9, 12, 0.4), (13.5, 18, 0.5), (19, 21, 0.1)],
            w.S["scheme"][int(i)],
            1.0,
            ringJ,
            only_district=True,
            tag=111,
        )
    notes[ringJ] = "other operators' numbers (CTCC/CUCC/MVNO) seen only when calling our subscribers"

    # ---- Ring K: rented local cards with unconditional forwarding to the ring (victims call back after a fake SMS)
    ringK = "K_forwarding"
    nK = jit(rng, 3, 0.67, 1.34)
    cK = F.new_cards(
        nK,
        "fraud_forwarding_card",
        ringK,
        "fake_cs_refund",
        np.full(nK, LOCAL),
        T0 - rng.integers(30, 900, nK) * DAY,
        by=rng.integers(1960, 2004, nK),
    )
    I["imei_a"][cK] = w.new_imeis(w.smart_tacs(nK))
    I["chome"][cK] = w.pick(CC["residential"], nK)
    dest = np.concatenate(
        [
            cJ[:1],
            w.add(
                w.mobile_numbers(1, "CTCC", RIDX["0771"]),
                "fraud_destination",
                net=2,
                home=RIDX["0771"],
                fraud=1,
                ring=ringK,
                op="CTCC",
                ctype="mobile",
            ),
        ]
    )
    for k in range(nK):
        d0 = int(rng.integers(2, 7))
        ds = np.arange(d0, min(DAYS, d0 + int(rng.integers(4, 8))))
        cnt = rng.poisson(rng.uniform(4, 12), len(ds))
        cm = np.zeros((len(ds), DAYS), int)
        cm[np.arange(len(ds)), ds] = cnt
        pos, t = w.schedule(cm, [(9, 12, 0.4), (13, 18, 0.45), (18, 22, 0.15)])
        vic = F.targets(len(pos), "fake_cs_refund", 0.0, only_district=True)
        # some callbacks come from other operators' customers or from outside the district
        ext = rng.random(len(pos)) < 0.4
        vic[ext] = w.strangers(ext.sum())
        dur = np.where(
            rng.random(len(pos)) < 0.85,
            w.mixture(len(pos), [(0.3, 40, 0.5), (0.5, 300, 0.6), (0.2, 1200, 0.5)]),
            0,
        )
        t = deoverlap(np.full(len(t), cK[k]), t, dur + 20)
        w.emit(vic, np.full(len(pos), cK[k]), t, dur, tag=112)
        w.emit(
            np.full(len(pos), cK[k]), np.full(len(pos), dest[k % len(dest)]), t + 3, dur, fwd=True, tag=113
        )
        # the card itself only makes a couple of checking calls
        nn = int(rng.integers(1, 4))
        w.emit(
            np.full(nn, cK[k]),
            np.full(nn, dest[k % len(dest)]),
            T0 + int(d0) * DAY - rng.integers(3600, 20000, nn),
            rng.integers(10, 60, nn),
            imei=np.full(nn, I["imei_a"][cK[k]]),
            cell=np.full(nn, I["chome"][cK[k]]),
            tag=113,
        )
    notes[ringK] = (
        "local cards with call forwarding unconditional to the ring; victims call the 'customer service' number"
    )

    # ---- Ring L: pig-butchering / romance-investment: few victims, long evening calls
    ringL = "L_pig_butchering"
    nL = jit(rng, 3, 0.67, 1.34)
    Ls = []
    for k in range(nL):
        kind = k % 3
        if kind == 0:
            i = w.add(
                w.intl_numbers(1, "60", 9, "1"),
                "fraud_pig_butchering",
                net=3,
                home=-1,
                fraud=1,
                ring=ringL,
                scheme="pig_butchering",
            )[0]
        elif kind == 1:
            i = w.add(
                w.mobile_numbers(1, "CTCC", RIDX["0595"]),
                "fraud_pig_butchering",
                net=2,
                home=RIDX["0595"],
                fraud=1,
                ring=ringL,
                scheme="pig_butchering",
                op="CTCC",
                ctype="mobile",
            )[0]
        else:
            i = F.new_cards(
                1,
                "fraud_pig_butchering",
                ringL,
                "pig_butchering",
                np.array([LOCAL]),
                np.array([T0 - int(rng.integers(40, 120)) * DAY]),
                by=np.array([int(rng.integers(1985, 1996))]),
            )[0]
            I["imei_a"][i] = w.new_imeis(w.smart_tacs(1))[0]
            I["chome"][i] = w.RC[RIDX["0691"]][9]
        Ls.append(i)
        pool = np.concatenate([P["resident"], P["small_business"], P["commuter"]])
        pool = pool[(I["age"][pool] >= 1) & (I["age"][pool] <= 2)]
        vic = pool[rng.choice(len(pool), int(rng.integers(1, 3)), replace=False)]
        rows = []
        for v in vic:
            for d in range(DAYS):
                if rng.random() < 0.75:
                    for _ in range(int(rng.integers(1, 3))):
                        rows.append((i, v, T0 + d * DAY + int(rng.integers(20 * 3600, 23 * 3600 + 1800))))
                if rng.random() < 0.3:
                    rows.append((v, i, T0 + d * DAY + int(rng.integers(12 * 3600, 23 * 3600))))
        rows = np.array(rows)
        dur = np.where(rng.random(len(rows)) < 0.9, w.lognorm(len(rows), 1500, 0.6, 60, 7200), 0)
        tt = deoverlap(rows[:, 0], rows[:, 2], dur + 60)
        w.emit(rows[:, 0], rows[:, 1], tt, dur, tag=114)
    notes[ringL] = (
        "romance/investment grooming: 1-2 victims each, long evening calls both ways, present from day 0"
    )

    # ---- Ring M: boss impersonation against employees of district companies (Maoming-style)
    ringM = "M_boss_impersonation"
    nM = 2
    cM = F.new_cards(
        nM,
        "fraud_boss_impersonation",
        ringM,
        "boss_impersonation",
        np.full(nM, RIDX["0668"]),
        T0 + rng.integers(1, 6, nM) * DAY + rng.integers(9 * 3600, 17 * 3600, nM),
        by=rng.integers(1990, 2003, nM),
    )
    I["imei_a"][cM] = w.new_imeis(w.smart_tacs(1))[0]
    cellM = w.RC[RIDX["0668"]][10:12]
    workers, comp, starts, csize = w.workplaces
    big = np.where(csize >= 15)[0]
    rows = []
    for k in range(nM):
        d_first = int((I["act"][cM[k]] - T0) // DAY) + 1
        for j in range(int(rng.integers(2, 4))):
            d = d_first + j
            if d >= DAYS:
                break
            cpy = big[int(rng.integers(0, len(big)))]
            mem = workers[starts[cpy] : starts[cpy] + csize[cpy]]
            mem = mem[rng.permutation(len(mem))[: int(rng.integers(12, 30))]]
            st = T0 + d * DAY + int(rng.integers(9 * 3600, 15 * 3600))
            for m_ in mem:
                rows.append((cM[k], m_, st + int(rng.integers(0, 2 * 3600))))
    rows = np.array(rows)
    ans = rng.random(len(rows)) < 0.6
    dur = np.where(ans, w.mixture(len(rows), SCHEMES["boss_impersonation"][1]), 0)
    tt = deoverlap(rows[:, 0], rows[:, 2], dur + 25)
    w.emit(
        rows[:, 0],
        rows[:, 1],
        tt,
        dur,
        imei=np.full(len(rows), I["imei_a"][cM[0]]),
        cell=cellM[rng.integers(0, 2, len(rows))],
        tag=115,
    )
    F.rows.append((rows[:, 0], rows[:, 1], tt, dur))
    notes[ringM] = (
        "two fresh Maoming (0668) cards calling most staff of one district company within two hours, then another company next day"
    )

    w.F = F
    return F


def victim_aftermath(w):
    """96110 warning calls, victims calling back / calling their bank, victims tricked into forwarding."""
    rng = w.rng
    I = w.I
    c = np.concatenate([r[0] for r in w.F.rows])
    b = np.concatenate([r[1] for r in w.F.rows])
    t = np.concatenate([r[2] for r in w.F.rows])
    d = np.concatenate([r[3] for r in w.F.rows])
    isdist = (I["dist"][b] == 1) & (I["net"][b] == 0)
    # 96110 follow-up
    p = np.where(d >= 600, 0.55, np.where(d >= 120, 0.3, 0.0))
    m = isdist & (rng.random(len(c)) < p)
    tf = t[m] + d[m] + rng.integers(300, 4 * 3600, m.sum())
    h = ((tf - T0) % DAY) // 3600
    tf = np.where(h >= 22, tf + 10 * 3600, tf)
    ok = tf < T0 + DAYS * DAY
    ans = rng.random(ok.sum()) < 0.7
    w.emit(
        np.full(ok.sum(), w.i96110),
        b[m][ok],
        tf[ok],
        np.where(ans, w.lognorm(ok.sum(), 150, 0.7), 0),
        tag=120,
    )
    # people call back missed calls (district subscribers and strangers elsewhere alike)
    own_b = isdist
    m = (d == 0) & (rng.random(len(c)) < np.where(isdist, 0.05, 0.035))
    m &= (I["net"][c] != 3) & (I["net"][b] != 3)
    tb = t[m] + rng.integers(300, 3 * 3600, m.sum())
    ans = rng.random(m.sum()) < 0.5
    w.emit(b[m], c[m], tb, np.where(ans, w.lognorm(m.sum(), 40, 0.8), 0), tag=121)
    # victims of long calls ring their bank
    m = own_b & (d >= 600) & (rng.random(len(c)) < 0.3)
    banks = np.array([w.sc[x] for x in ("95588", "95533", "95599", "95555", "95566")])
    w.emit(
        b[m],
        w.pick(banks, m.sum()),
        t[m] + d[m] + rng.integers(60, 3600, m.sum()),
        w.lognorm(m.sum(), 180, 0.7),
        tag=122,
    )
    # victims tricked into forwarding their line to the fraudster (to intercept bank calls)
    long = np.where(own_b & (d >= 1200) & (I["net"][b] == 0))[0]
    nv = min(2, len(long))
    w.victim_fwd = []
    if nv:
        sel = long[rng.choice(len(long), nv, replace=False)]
        dests = np.array([x for x in w.F_dest_candidates() if True])
        for s in sel:
            v = b[s]
            dst = dests[int(rng.integers(0, len(dests)))]
            t1 = t[s] + d[s] + 120
            t2 = t1 + int(rng.integers(20, 40)) * 3600
            w.victim_fwd.append((v, dst, t1, t2))
            w.setpop([v], "victim_forwarded")
            # bank's verification calls + some family calls get forwarded
            k = int(rng.integers(2, 5))
            callers = np.concatenate([[w.sc["95533"], w.sc["95588"]], w.pick(w.C, k)])
            tt = np.sort(t1 + rng.integers(600, max(1200, t2 - t1), len(callers)))
            dd = w.lognorm(len(callers), 90, 0.6)
            w.emit(callers, np.full(len(callers), v), tt, dd, tag=123)
            w.emit(np.full(len(callers), v), np.full(len(callers), dst), tt + 4, dd, fwd=True, tag=123)


def legit_forwarding(w):
    """Residents with conditional forwarding: incoming unanswered social calls go to their other number."""
    rng = w.rng
    I = w.I
    ca, cb, st, dur = w.social_rows
    f = I["fwd_to"][cb]
    m = (f >= 0) & (dur == 0) & (rng.random(len(cb)) < 0.7)
    ans = rng.random(m.sum()) < 0.7
    dd = np.where(ans, w.lognorm(m.sum(), 60, 0.9), 0)
    dur = dur.copy()
    dur[m] = dd
    w.emit(cb[m], f[m], st[m] + 20, dd, fwd=True, tag=5)
    w.social_rows = (ca, cb, st, dur)


# ==========================================================================================
def generate(seed, out):
    t_start = time.time()
    w = World(seed)
    build_people(w)
    build_social(w)
    social_calls(w)
    build_business(w)
    newcard_burst(w)
    F = build_fraud(w)

    def dest_candidates():
        cand = np.where((w.I["fraud"][: w.n] == 1) & (w.I["net"][: w.n] == 2))[0]
        return np.array([i for i in cand if w.S["pop"][i] in ("fraud_other_operator", "fraud_destination")])

    w.F_dest_candidates = dest_candidates
    legit_forwarding(w)
    ca, cb, st, dur = w.social_rows
    w.emit(ca, cb, st, dur, tag=1)
    victim_aftermath(w)
    write(w, out)
    return w, time.time() - t_start


def write(w, out):
    rng = w.rng
    I = w.I
    os.makedirs(out, exist_ok=True)
    cols = [np.concatenate([r[k] for r in w.rows]) for k in range(10)]
    caller, callee, start, dur, ctype, origin, imei, cell, reg, tag = cols
    end = T0 + DAYS * DAY
    ok = (start >= T0) & (start < end) & (caller != callee)
    caller, callee, start, dur, ctype, origin, imei, cell, reg, tag = [
        x[ok] for x in (caller, callee, start, dur, ctype, origin, imei, cell, reg, tag)
    ]
    # nobody calls before the card is activated (rare leftovers of jitter)
    cact = I["act"][callee]
    ok = ~((I["net"][callee] <= 1) & (cact > 0) & (start < cact))
    # a card whose owner stopped using it (sold, blocked) places no more ordinary calls
    ok &= ~((start > I["ato"][caller]) & (tag < 100))
    caller, callee, start, dur, ctype, origin, imei, cell, reg, tag = [
        x[ok] for x in (caller, callee, start, dur, ctype, origin, imei, cell, reg, tag)
    ]
    act = I["act"][caller]
    bad = (act > 0) & (start < act + 60)
    start = np.where(bad, act + 60 + (start % 600), start)
    ok = start < end
    caller, callee, start, dur, ctype, origin, imei, cell, reg, tag = [
        x[ok] for x in (caller, callee, start, dur, ctype, origin, imei, cell, reg, tag)
    ]
    n = len(caller)
    # stable order: start time, then a random tiebreak drawn from the seed
    tie = rng.permutation(n)
    order = np.lexsort((tie, start))
    caller, callee, start, dur, ctype, origin, imei, cell, reg, tag = [
        x[order] for x in (caller, callee, start, dur, ctype, origin, imei, cell, reg, tag)
    ]
    # call ids: switch id + day + sequence; a few records delivered twice (identical rows)
    msc = np.where(origin == 2, 9, np.where(origin == 1, 8, (cell % 4 + 1)))
    msc = np.where(cell < 0, np.where(origin == 0, 5, msc), msc)
    dayn = (start - T0) // DAY
    key = msc * 100 + dayn
    o2 = np.argsort(key, kind="stable")
    seq = np.empty(n, np.int64)
    ks = key[o2]
    newk = np.ones(n, bool)
    newk[1:] = ks[1:] != ks[:-1]
    first = np.maximum.accumulate(np.where(newk, np.arange(n), 0))
    seq[o2] = np.arange(n) - first + 1
    dup = np.where(rng.random(n) < 0.0015)[0]
    idx = np.sort(np.concatenate([np.arange(n), dup]), kind="stable")

    NUM = np.array(w.S["num"] + [""], dtype=object)
    IMEI = np.array(w.imei_str + [""], dtype=object)
    IMSI = np.array(w.S["imsi"] + [""], dtype=object)
    CELL = np.array(w.cell_str + [""], dtype=object)
    REG = np.array(RCODE + [""], dtype=object)
    imsi_idx = np.where((I["net"][caller] == 0) & (ctype != 1), caller, len(NUM) - 1)
    df = pl.DataFrame(
        {
            "d": pl.Series(dayn.astype(np.int64) + 16),
            "msc": pl.Series(msc.astype(np.int64)),
            "seq": pl.Series(seq),
            "caller": pl.Series(NUM[caller], dtype=pl.Utf8),
            "callee": pl.Series(NUM[callee], dtype=pl.Utf8),
            "ts": pl.Series(start + 8 * 3600),
            "duration_s": pl.Series(dur.astype(np.int64)),
            "origin": pl.Series(
                np.array(["intra", "inter", "international"], dtype=object)[origin], dtype=pl.Utf8
            ),
            "caller_imei": pl.Series(IMEI[np.where(imei >= 0, imei, len(IMEI) - 1)], dtype=pl.Utf8),
            "caller_imsi": pl.Series(IMSI[imsi_idx], dtype=pl.Utf8),
            "caller_cell": pl.Series(CELL[np.where(cell >= 0, cell, len(CELL) - 1)], dtype=pl.Utf8),
            "caller_region": pl.Series(REG[np.where(reg >= 0, reg, len(REG) - 1)], dtype=pl.Utf8),
            "call_type": pl.Series(np.array(["moc", "mtc", "fwd"], dtype=object)[ctype], dtype=pl.Utf8),
        }
    )
    df = df.with_columns(
        (
            pl.lit("ZZ")
            + pl.col("msc").cast(pl.Utf8).str.zfill(2)
            + pl.lit("2611")
            + pl.col("d").cast(pl.Utf8).str.zfill(2)
            + pl.col("seq").cast(pl.Utf8).str.zfill(7)
        ).alias("call_id"),
        (
            pl.from_epoch(pl.col("ts"), time_unit="s").dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00")
        ).alias("start_time"),
    )
    df = df[idx]
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
    nullify(df).write_csv(os.path.join(out, "calls.csv"))

    # truth
    callers_u = np.unique(caller)
    first_t = {}
    last_t = {}
    cnt = np.bincount(caller, minlength=w.n)
    fo = np.full(w.n, -1, np.int64)
    lo = np.full(w.n, -1, np.int64)
    o = np.argsort(caller, kind="stable")
    cs = caller[o]
    ss = start[o]
    bnd = np.searchsorted(cs, callers_u)
    bnd2 = np.searchsorted(cs, callers_u, side="right")
    fo[callers_u] = np.minimum.reduceat(ss, bnd)
    lo[callers_u] = np.maximum.reduceat(ss, bnd)
    fr = tag >= 100
    fs = np.full(w.n, -1, np.int64)
    if fr.any():
        fc, fst = caller[fr], start[fr]
        o3 = np.lexsort((fst, fc))
        fc, fst = fc[o3], fst[o3]
        first = np.ones(len(fc), bool)
        first[1:] = fc[1:] != fc[:-1]
        fs[fc[first]] = fst[first]
    for k, v in w.fix_start.items():
        fs[k] = v
    fs[I["fraud"][: w.n] == 0] = -1
    S = w.S
    tr = pl.DataFrame(
        {
            "number": [S["num"][i] for i in callers_u],
            "population": [S["pop"][i] for i in callers_u],
            "is_fraud": I["fraud"][callers_u].astype(np.int64),
        }
    )
    tr.write_csv(os.path.join(out, "truth.csv"))

    def ts(x):
        return [datetime.fromtimestamp(int(v), TZ).isoformat() if v > 0 else "" for v in x]

    det = pl.DataFrame(
        {
            "number": [S["num"][i] for i in callers_u],
            "population": [S["pop"][i] for i in callers_u],
            "is_fraud": I["fraud"][callers_u].astype(np.int64),
            "ring": [S["ring"][i] for i in callers_u],
            "scheme": [S["scheme"][i] for i in callers_u],
            "calls_placed": cnt[callers_u].astype(np.int64),
            "first_call": ts(fo[callers_u]),
            "last_call": ts(lo[callers_u]),
            "fraud_start": ts(fs[callers_u]),
            "note": [S["note"][i] or w.ring_notes.get(S["ring"][i], "") for i in callers_u],
        }
    )
    nullify(det).write_csv(os.path.join(out, "truth_detail.csv"))

    # subscribers: every district subscriber of our operator + every other number that places a call
    #   (own-network callers: full record; other operators: what the public number-segment table says)
    is_caller = np.zeros(w.n, bool)
    is_caller[callers_u] = True
    own = I["net"][: w.n] <= 1
    sel = np.where((own & ((I["dist"][: w.n] == 1) | is_caller)) | (is_caller & (I["net"][: w.n] == 2)))[0]
    rows_act = []
    for i in sel:
        a = I["act"][i]
        rows_act.append(
            datetime.fromtimestamp(int(a), TZ).isoformat() if (a > 0 and I["net"][i] <= 1) else ""
        )
    ops = []
    for i in sel:
        ops.append(S["op"][i])
    sub = pl.DataFrame(
        {
            "number": [S["num"][i] for i in sel],
            "id_hash": [S["idh"][i] if I["net"][i] <= 1 else "" for i in sel],
            "operator": ops,
            "card_type": [S["ctype"][i] for i in sel],
            "activated_at": rows_act,
            "home_region": [RCODE[I["home"][i]] if I["home"][i] >= 0 else "" for i in sel],
            "birth_year": pl.Series(
                [int(I["by"][i]) if (I["by"][i] > 0 and I["net"][i] <= 1) else None for i in sel],
                dtype=pl.Int64,
            ),
            "guardians": [S["guard"][i] for i in sel],
        }
    )
    nullify(sub).write_csv(os.path.join(out, "subscribers.csv"))
    w.stats = dict(
        calls=len(df),
        callers=len(callers_u),
        fraud=int(I["fraud"][callers_u].sum()),
        subscribers=len(sub),
        pops=tr.group_by(["population", "is_fraud"]).len().sort("population"),
    )


def nullify(df):
    """empty strings -> null, so that missing optional values are written as empty CSV fields."""
    return df.with_columns(
        [
            pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
            for c, dt in df.schema.items()
            if dt == pl.Utf8
        ]
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    a = ap.parse_args()
    w, dt = generate(a.seed, a.out)
    if not a.quiet:
        print(
            f"seed {a.seed}: {w.stats['calls']} call rows, {w.stats['callers']} calling numbers, "
            f"{w.stats['fraud']} fraud numbers, {w.stats['subscribers']} subscriber rows, {dt:.1f}s",
            file=sys.stderr,
        )
        with pl.Config(tbl_rows=100):
            print(w.stats["pops"], file=sys.stderr)


if __name__ == "__main__":
    main()
