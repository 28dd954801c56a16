#!/usr/bin/env python3
"""eldercity -- a synthetic CDR world of an ageing county-level city.

武冈市 (Wugang, a county-level city under 邵阳, Hunan; area code 0739), 14 days of November 2026,
as one operator's ("op1") mediation system exports them: moc/mtc/fwd records from an old and a new
circuit switch, an IMS (VoLTE) core, the interconnect gateway (GMSC) and the international gateway
(IGW), with all the mess that comes with it (IMEI vs IMEISV, placeholder IMEIs, cloned IMEIs of
cheap elderly phones, mixed number formats, IP long-distance prefixes, re-delivered duplicates,
timestamps with and without offsets), plus fraud aimed at the elderly.

Usage:  python eldercity.py --seed N --out DIR
Writes: DIR/calls.csv, DIR/subscribers.csv, DIR/truth.csv (number,population,is_fraud)
        and two extras: DIR/victims.csv, DIR/fraud_onset.csv
Only numpy + polars. Deterministic per seed.
"""

import argparse
import hashlib
import os
import sys
import time

import numpy as np
import polars as pl

NDAYS = 14
DAY = 86400
T0 = np.datetime64("2026-11-09T00:00:00", "s")  # local time (+08:00); a Monday
LOCAL, LOCAL_CODE = "邵阳", "0739"
CITY = "武冈"

OPS = {
    "op1": [
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
    ],
    "op2": ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186"],
    "op3": ["133", "149", "153", "173", "177", "180", "181", "189", "191", "199"],
    "mvno": ["170", "171", "165", "167"],
}
REGION_CODE = {
    "邵阳": "0739",
    "东莞": "0769",
    "长沙": "0731",
    "广州": "020",
    "深圳": "0755",
    "西双版纳": "0691",
    "衡阳": "0734",
    "永州": "0746",
    "怀化": "0745",
    "桂林": "0773",
    "上海": "021",
    "北京": "010",
    "温州": "0577",
    "杭州": "0571",
}
OUT_REGIONS = ["广州", "深圳", "东莞", "长沙", "上海", "杭州", "温州", "衡阳", "北京"]
OUT_W = np.array([18, 20, 16, 22, 6, 5, 4, 5, 4], float)

# record sources (network elements)
SRC_LEGACY, SRC_CS, SRC_IMS, SRC_ROAM, SRC_FIXED, SRC_GMSC, SRC_IGW = range(7)
SRC_PREFIX = ["WG01", "WG02", "IMS1", "RMSC", "SS01", "GMSC", "IGW1"]
# number kinds
K_MOB, K_FIX, K_SHORT, K_FOREIGN = range(4)
# origins
O_INTRA, O_INTER, O_INTL = range(3)

HOURP = {
    "elderly": [
        0,
        0,
        0,
        0,
        0,
        0.2,
        1.2,
        3,
        3.6,
        3.5,
        3,
        2.4,
        1.4,
        0.9,
        1.4,
        2.4,
        3,
        3,
        2.6,
        2.1,
        1.2,
        0.5,
        0.1,
        0,
    ],
    "resident": [
        0.15,
        0.05,
        0.02,
        0,
        0,
        0.05,
        0.3,
        1.2,
        2.2,
        3,
        3,
        2.6,
        2.4,
        2,
        2.6,
        2.8,
        2.8,
        2.8,
        2.9,
        3,
        2.8,
        2.2,
        1.2,
        0.4,
    ],
    "business": [
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0.3,
        2.5,
        3.5,
        3.5,
        2.5,
        0.6,
        0.8,
        2.8,
        3.2,
        3.2,
        2.5,
        0.8,
        0.2,
        0,
        0,
        0,
        0,
    ],
    "sales": [
        0,
        0,
        0,
        0,
        0,
        0,
        0,
        0.2,
        2,
        3.5,
        3.5,
        2.6,
        0.7,
        0.9,
        2.8,
        3.2,
        3.2,
        2.8,
        1.5,
        1.5,
        1,
        0.2,
        0,
        0,
    ],
    "rider": [
        0,
        0,
        0,
        0,
        0,
        0,
        0.1,
        0.5,
        1.5,
        2.5,
        3.5,
        4,
        3,
        1.8,
        1.5,
        1.8,
        2.5,
        3.5,
        3.8,
        3,
        1.8,
        0.8,
        0.2,
        0,
    ],
    "taxi": [
        0.5,
        0.3,
        0.2,
        0.1,
        0.1,
        0.3,
        1,
        2.5,
        3,
        2,
        1.8,
        2,
        2,
        1.6,
        1.6,
        1.8,
        2.4,
        3,
        2.6,
        2.2,
        2,
        1.5,
        1,
        0.7,
    ],
}
for _k in HOURP:
    _p = np.array(HOURP[_k], float)
    HOURP[_k] = _p / _p.sum()

POPS = {}  # name -> (id, is_fraud)
# fraud populations with a non-fraud prelude (owner's normal use, card warm-up): onset = first victim call
WARM_POPS = {
    "fraud_simbox_placeholder",
    "fraud_simbox_rotating",
    "fraud_simbox_fixedimei",
    "fraud_rented_realname",
    "fraud_fwd_relay",
    "fraud_bridge_local",
}


def pop_id(name, fraud=False):
    if name not in POPS:
        POPS[name] = (len(POPS), int(fraud))
    return POPS[name][0]


def luhn_digit(d14):
    """IMEI Luhn check digit for an (n,14) int array of digits."""
    d14 = np.asarray(d14)
    dbl = d14[:, 1::2] * 2
    s = d14[:, 0::2].sum(1) + (dbl // 10 + dbl % 10).sum(1)
    return (10 - s % 10) % 10


class World:
    CAP = 160000

    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.key = hashlib.sha256(f"eldercity/{seed}".encode()).hexdigest()[:16]
        C = self.CAP
        self.n = 0
        self.num = []
        self.op = []
        self.ctype = []
        self.reg = []
        self.idh = []
        self.imsi = []
        self.guard = {}
        self.kind = np.zeros(C, np.int8)
        self.pop = np.zeros(C, np.int16)
        self.sub = np.zeros(C, bool)
        self.orig = np.zeros(C, np.int8)
        self.act = np.full(C, -1e12)  # activation, seconds relative to T0
        self.birth = np.full(C, -1, np.int32)
        self.hs1 = np.full(C, -1, np.int64)
        self.hs2 = np.full(C, -1, np.int64)
        self.hchg = np.full(C, np.inf)
        self.home_cell = np.full(C, -1, np.int64)
        self.alt_cell = np.full(C, -1, np.int64)
        self.ipfx = np.zeros(C, np.int8)
        self.localnum = np.zeros(C, bool)
        self.used = set()
        # handsets
        self.h_imei = []
        self.h_volte = []
        self.h_special = []  # 0 normal, 1 reports 000000000000000, 2 reports nothing
        self.h_sv1 = []
        self.h_sv2 = []
        self.h_svt = []
        # events
        self.ev = {k: [] for k in ("a", "b", "t", "d", "hs", "cell", "ct", "nomtc", "orig")}
        self.idh_counter = 0
        self._cells()
        self._blocks()
        self._tacs()

    # ------------------------------------------------------------------ basics
    def J(self, n, lo=0.9, hi=1.1):
        return max(1, int(round(n * self.rng.uniform(lo, hi))))

    def _cells(self):
        r = self.rng
        codes, regs, sws, ltes = [], [], [], []

        def add(prefix, n, region, sw, lte):
            ids = r.choice(9000, n, replace=False) + 1000
            start = len(codes)
            for i in ids:
                codes.append(f"{prefix}-{i:04d}")
                regs.append(region)
                sws.append(sw)
                ltes.append(lte)
            return np.arange(start, start + n)

        self.c_urban = add("WG", 60, LOCAL, SRC_CS, True)
        self.c_suburb = add("WG", 50, LOCAL, SRC_CS, True)
        self.c_rural = add("WG", 60, LOCAL, SRC_LEGACY, False)  # old switch, 2G only
        self.c_local = np.concatenate([self.c_urban, self.c_suburb, self.c_rural])
        self.c_sy = add("SY", 20, LOCAL, SRC_CS, True)  # neighbouring county of 邵阳
        self.c_remote = {}
        for reg, p in (("东莞", "DG"), ("长沙", "CS"), ("广州", "GZ"), ("深圳", "SZ"), ("西双版纳", "XSBN")):
            self.c_remote[reg] = add(p, 15, reg, SRC_ROAM, True)
        self.cell_code = np.array(codes, object)
        self.cell_reg = np.array(regs, object)
        self.cell_sw = np.array(sws, np.int8)
        self.cell_lte = np.array(ltes, bool)
        # 20 neighbourhood groups over local cells (grids, clinics, neighbours)
        self.c_group = np.full(len(codes), -1)
        self.c_group[self.c_local] = np.arange(len(self.c_local)) * 20 // len(self.c_local)

    def _blocks(self):
        r = self.rng
        self.lblocks = {}
        for op, nb in (("op1", 90), ("op2", 30), ("op3", 30), ("mvno", 8)):
            pre = OPS[op]
            self.lblocks[op] = [pre[r.integers(len(pre))] + f"{r.integers(10000):04d}" for _ in range(nb)]

    def _tacs(self):
        r = self.rng
        self.tac_smart = [f"86{r.integers(10**6):06d}" for _ in range(40)] + [
            f"35{r.integers(10**6):06d}" for _ in range(20)
        ]
        self.tac_feat = [f"86{r.integers(10**6):06d}" for _ in range(12)] + [
            f"35{r.integers(10**6):06d}" for _ in range(6)
        ]

    # ------------------------------------------------------------------ numbers
    def _uniq(self, gen, n):
        out = []
        while len(out) < n:
            for s in gen(2 * (n - len(out)) + 8):
                if s not in self.used:
                    self.used.add(s)
                    out.append(s)
                    if len(out) == n:
                        break
        return out

    def mobiles(self, n, op="op1", local=True):
        r = self.rng
        if local:
            bl = self.lblocks[op]

            def g(m):
                bi = r.integers(len(bl), size=m)
                sf = r.integers(10000, size=m)
                return [bl[b] + f"{s:04d}" for b, s in zip(bi, sf)]
        else:
            pre = OPS[op]

            def g(m):
                pi = r.integers(len(pre), size=m)
                sf = r.integers(10**8, size=m)
                return [pre[p] + f"{s:08d}" for p, s in zip(pi, sf)]

        return self._uniq(g, n)

    def landlines(self, n, region=LOCAL):
        r = self.rng
        code = REGION_CODE[region]
        ln = 7 if region == LOCAL else 8

        def g(m):
            if region == LOCAL:
                return [code + "4" + f"{x:06d}" for x in r.integers(10**6, size=m)]
            return [
                code + str(r.integers(2, 9)) + f"{x:0{ln - 1}d}" for x in r.integers(10 ** (ln - 1), size=m)
            ]

        return self._uniq(g, n)

    def foreign(self, n, cc):
        r = self.rng
        pat = {
            "855": (9, "1"),
            "63": (10, "9"),
            "95": (9, "9"),
            "81": (10, "90"),
            "65": (8, "8"),
            "971": (9, "5"),
            "60": (9, "1"),
            "1": (10, "6"),
        }[cc]

        def g(m):
            ln, head = pat
            rest = ln - len(head)
            return ["+" + cc + head + f"{x:0{rest}d}" for x in r.integers(10**rest, size=m)]

        return self._uniq(g, n)

    def add(
        self,
        nums,
        kind,
        pop,
        sub=True,
        orig=O_INTRA,
        op="op1",
        ctype="mobile",
        act=None,
        reg=LOCAL,
        birth=None,
        idh=None,
        fraud=False,
    ):
        n = len(nums)
        i0 = self.n
        idx = np.arange(i0, i0 + n)
        self.n += n
        assert self.n < self.CAP
        self.num += list(nums)
        pid = pop_id(pop, fraud)
        self.kind[idx] = kind
        self.pop[idx] = pid
        self.sub[idx] = sub
        self.orig[idx] = orig
        self.op += [op] * n if isinstance(op, str) else list(op)
        self.ctype += [ctype] * n if isinstance(ctype, str) else list(ctype)
        self.reg += [reg] * n if isinstance(reg, str) else list(reg)
        if act is None:
            act = -self.rng.uniform(200, 5000, n) * DAY
        self.act[idx] = act
        if isinstance(birth, tuple):
            birth = self.rng.integers(birth[0], birth[1], n)
        if birth is not None:
            self.birth[idx] = birth
        if idh is None:
            idh = self.new_idh(n)
        self.idh += list(idh)
        self.localnum[idx] = np.array([(r == LOCAL) for r in ([reg] * n if isinstance(reg, str) else reg)])
        if sub:
            r = self.rng
            plmn = "46000" if op != "mvno" else "46007"
            self.imsi += [plmn + f"{x:010d}" for x in r.integers(10**10, size=n)]
        else:
            self.imsi += [""] * n
        return idx

    def new_idh(self, n):
        out = []
        for _ in range(n):
            self.idh_counter += 1
            out.append(hashlib.sha256(f"{self.key}:{self.idh_counter}".encode()).hexdigest()[:12])
        return out

    # ------------------------------------------------------------------ handsets
    def handsets(self, n, kind="smart", volte=None, special=0, fixed_imei=None, luhn_ok=True):
        r = self.rng
        tacs = self.tac_smart if kind == "smart" else self.tac_feat
        if fixed_imei is not None:
            imeis = [fixed_imei] * n
        else:
            t = [tacs[i] for i in r.integers(len(tacs), size=n)]
            imeis = [a + f"{s:06d}" for a, s in zip(t, r.integers(10**6, size=n))]
        if volte is None:
            volte = kind == "smart"
        vol = np.broadcast_to(np.asarray(volte), (n,)) if not isinstance(volte, np.ndarray) else volte
        i0 = len(self.h_imei)
        self.h_imei += imeis
        self.h_volte += list(vol)
        self.h_special += [special] * n
        sv1 = r.integers(1, 60, size=n)
        upd = r.random(n) < 0.12
        self.h_sv1 += list(sv1)
        self.h_sv2 += list(np.where(upd, sv1 + r.integers(1, 4, size=n), sv1))
        self.h_svt += list(np.where(upd, r.uniform(0, NDAYS * DAY, n), np.inf))
        return np.arange(i0, i0 + n)

    # ------------------------------------------------------------------ events
    def emit(self, a, b, t, d, hs=None, cell=None, ct=0, nomtc=False, orig=None):
        a = np.atleast_1d(np.asarray(a, np.int64))
        n = len(a)
        if n == 0:
            return
        b = np.broadcast_to(np.asarray(b, np.int64), (n,))
        t = np.broadcast_to(np.asarray(t, float), (n,))
        d = np.broadcast_to(np.asarray(d, np.int64), (n,))
        full = lambda v, dflt, dt: np.broadcast_to(np.asarray(dflt if v is None else v, dt), (n,))
        self.ev["a"].append(a)
        self.ev["b"].append(np.array(b))
        self.ev["t"].append(np.array(t))
        self.ev["d"].append(np.array(d))
        self.ev["hs"].append(np.array(full(hs, -1, np.int64)))
        self.ev["cell"].append(np.array(full(cell, -1, np.int64)))
        self.ev["ct"].append(np.array(full(ct, 0, np.int8)))
        self.ev["nomtc"].append(np.array(full(nomtc, False, bool)))
        self.ev["orig"].append(np.array(full(orig, -1, np.int8)))

    def times(self, n, prof="resident", days=None, weekend=1.0):
        r = self.rng
        if days is None:
            days = np.arange(NDAYS)
        days = np.asarray(days)
        w = np.where(days % 7 >= 5, weekend, 1.0)
        dd = r.choice(days, n, p=w / w.sum())
        h = r.choice(24, n, p=HOURP[prof])
        return dd * DAY + h * 3600 + r.random(n) * 3600

    def win_times(self, n, day, wins=((9, 12), (14, 18))):
        r = self.rng
        lens = np.array([b - a for a, b in wins], float)
        wi = r.choice(len(wins), n, p=lens / lens.sum())
        st = np.array([a for a, _ in wins])[wi]
        return day * DAY + (st + r.random(n) * lens[wi]) * 3600

    def dur(self, n, mu, sig, lo=1, hi=7200):
        return np.clip(self.rng.lognormal(mu, sig, n), lo, hi).astype(np.int64)

    def answered(self, b, p_eld, p_other):
        eld = np.isin(self.pop[b], self.eld_pids)
        p = np.where(eld, p_eld, p_other)
        return self.rng.random(len(b)) < p

    def contact_calls(self, callers, lists, rate, prof, p_ans, mu, sig, skew=1.8, weekend=1.0, act_sig=0.6):
        r = self.rng
        callers = np.asarray(callers)
        k = np.array([len(l) for l in lists])
        offs = np.concatenate([[0], np.cumsum(k)])
        flat = np.array([x for l in lists for x in l], np.int64)
        lam = r.lognormal(-(act_sig**2) / 2, act_sig, len(callers)) * rate * NDAYS
        lam[k == 0] = 0
        nc = r.poisson(lam)
        ci = np.repeat(np.arange(len(callers)), nc)
        m = len(ci)
        j = (k[ci] * r.random(m) ** skew).astype(np.int64)
        b = flat[offs[ci] + j]
        t = self.times(m, prof, weekend=weekend)
        ans = r.random(m) < p_ans
        d = np.where(ans, self.dur(m, mu, sig), 0)
        self.emit(callers[ci], b, t, d)

    # ================================================================== legit world
    def build_legit(self):
        r = self.rng
        J = self.J
        # ---- elderly
        ne, nc, nl = J(7200), J(1900), J(1000)
        self.E_mob = self.add(self.mobiles(ne), K_MOB, "elderly_mobile", birth=r.integers(1934, 1962, ne))
        self.E_cln = self.add(self.mobiles(nc), K_MOB, "elderly_clone_imei", birth=r.integers(1936, 1962, nc))
        self.E_fix = self.add(
            self.landlines(nl), K_FIX, "elderly_landline", ctype="fixed", birth=r.integers(1930, 1960, nl)
        )
        self.E_all = np.concatenate([self.E_mob, self.E_cln, self.E_fix])
        self.eld_pids = [
            POPS["elderly_mobile"][0],
            POPS["elderly_clone_imei"][0],
            POPS["elderly_landline"][0],
        ]
        # ---- working-age residents
        nr, nrc, nra, nab = J(11500), J(420), J(1350), J(110)
        self.R = self.add(self.mobiles(nr), K_MOB, "resident", birth=r.integers(1962, 2008, nr))
        self.R_cln = self.add(
            self.mobiles(nrc), K_MOB, "resident_clone_imei", birth=r.integers(1960, 1995, nrc)
        )
        self.R_away = self.add(self.mobiles(nra), K_MOB, "resident_away", birth=r.integers(1966, 2004, nra))
        self.R_abr = self.add(
            self.mobiles(nab), K_MOB, "resident_abroad", birth=r.integers(1970, 2002, nab), orig=O_INTL
        )
        self.R_all = np.concatenate([self.R, self.R_cln, self.R_away])
        # ---- businesses & workers
        self.SHOP_m = self.add(self.mobiles(J(400)), K_MOB, "shop", birth=(1960, 1998))
        self.SHOP_f = self.add(self.landlines(J(150)), K_FIX, "shop", ctype="fixed")
        self.CLIN_m = self.add(self.mobiles(J(70)), K_MOB, "clinic_pharmacy")
        self.CLIN_f = self.add(self.landlines(J(40)), K_FIX, "clinic_pharmacy", ctype="fixed")
        self.CLIN = np.concatenate([self.CLIN_m, self.CLIN_f])
        self.GRID = self.add(self.mobiles(J(46)), K_MOB, "grid_worker", birth=(1968, 1999))
        self.GRID_f = self.add(self.landlines(8), K_FIX, "grid_worker", ctype="fixed")  # 社区居委会座机
        self.INST = self.add(self.landlines(J(24)), K_FIX, "institution", ctype="fixed")
        self.RIDER = self.add(self.mobiles(J(160)), K_MOB, "delivery_rider", birth=(1975, 2006))
        rid_reg = r.choice(
            [LOCAL, "衡阳", "永州", "怀化", "桂林"], len(self.RIDER), p=[0.6, 0.1, 0.1, 0.1, 0.1]
        )
        for i, g in zip(self.RIDER, rid_reg):
            self.reg[i] = g
            self.localnum[i] = g == LOCAL
        self.TAXI = self.add(self.mobiles(J(140)), K_MOB, "taxi_driver", birth=(1965, 1998))
        # sales people: 1-3 cards each
        ns, ni = J(55), J(40)
        ncards = r.choice([1, 2, 3], ns, p=[0.55, 0.3, 0.15])
        sp_id = self.new_idh(ns)
        sid = [sp_id[i] for i in range(ns) for _ in range(ncards[i])]
        nsc = int(ncards.sum())
        sact = np.where(r.random(nsc) < 0.3, -r.uniform(15, 70, nsc) * DAY, -r.uniform(200, 3000, nsc) * DAY)
        self.SALES = self.add(
            self.mobiles(nsc),
            K_MOB,
            "sales_health",
            idh=sid,
            act=sact,
            birth=r.integers(1972, 2001, ns)[np.repeat(np.arange(ns), ncards)],
        )
        self.sales_owner = np.repeat(np.arange(ns), ncards)
        self.INS = self.add(self.mobiles(ni), K_MOB, "sales_insurance", birth=r.integers(1970, 1998, ni))
        tele_id = self.new_idh(1)[0]
        self.TELE = self.add(
            self.mobiles(10),
            K_MOB,
            "telesales_office",
            idh=[tele_id] * 10,
            act=-r.uniform(300, 900) * DAY + r.uniform(0, 3600, 10),
        )
        # short codes (callers via interconnect or own platform)
        sc = ["95588", "95533", "95599", "95566", "95519", "95518", "10086", "12345"]
        for s in sc:
            self.used.add(s)
        self.SC = self.add(
            sc, K_SHORT, "service_shortcode", sub=False, orig=O_INTER, op="ext", ctype="", reg=""
        )
        self.orig[self.SC[6:]] = O_INTRA
        self.SC_nc = self.add(
            ["120", "110", "12348", "12315"],
            K_SHORT,
            "shortcode_callee",
            sub=False,
            op="ext",
            ctype="",
            reg="",
        )
        # ---- external numbers
        nro = J(5200)
        rr = r.choice(OUT_REGIONS, nro, p=OUT_W / OUT_W.sum())
        ro_op = r.choice(["op1", "op2", "op3"], nro, p=[0.45, 0.3, 0.25])
        nums = []
        for op in ("op1", "op2", "op3"):
            nums += self.mobiles(int((ro_op == op).sum()), op, local=False)
        ro_op = np.sort(ro_op)
        self.RO = self.add(
            nums,
            K_MOB,
            "relative_outside",
            sub=False,
            orig=np.where(ro_op == "op1", O_INTRA, O_INTER),
            op=ro_op,
            ctype="",
            reg=list(rr),
        )
        # a few relatives' landlines in other cities
        self.RO_f = self.add(
            [x for reg in ("广州", "深圳", "长沙") for x in self.landlines(60, reg)],
            K_FIX,
            "relative_outside",
            sub=False,
            orig=O_INTER,
            op="ext",
            ctype="",
            reg=["广州"] * 60 + ["深圳"] * 60 + ["长沙"] * 60,
        )
        no = J(6500)
        o_op = np.sort(r.choice(["op2", "op3"], no, p=[0.55, 0.45]))
        nums = self.mobiles(int((o_op == "op2").sum()), "op2") + self.mobiles(
            int((o_op == "op3").sum()), "op3"
        )
        self.OFF = self.add(nums, K_MOB, "offnet_local", sub=False, orig=O_INTER, op=o_op, ctype="")
        self.INTLREL = self.add(
            self.foreign(20, "81")
            + self.foreign(15, "65")
            + self.foreign(15, "971")
            + self.foreign(10, "60"),
            K_FOREIGN,
            "intl_relative",
            sub=False,
            orig=O_INTL,
            op="ext",
            ctype="",
            reg="",
        )
        npas = J(4000)
        self.PAS = self.add(
            self.mobiles(npas // 2, "op2", local=False) + self.mobiles(npas - npas // 2, "op1", local=False),
            K_MOB,
            "passive_outside",
            sub=False,
            orig=O_INTER,
            op="ext",
            ctype="",
            reg=list(r.choice(OUT_REGIONS, npas)),
        )
        self.PAS_f = self.add(
            self.landlines(300, "长沙") + self.landlines(200, "广州"),
            K_FIX,
            "passive_outside",
            sub=False,
            orig=O_INTER,
            op="ext",
            ctype="",
            reg=["长沙"] * 300 + ["广州"] * 200,
        )

        self._legit_devices()
        self._legit_contacts()
        self._legit_business()

    def _legit_devices(self):
        r = self.rng
        L = self.c_local

        # home cells: elderly skew rural, residents skew urban
        def cells_for(idx, p_rural):
            n = len(idx)
            rural = r.random(n) < p_rural
            c = np.where(
                rural, r.choice(self.c_rural, n), r.choice(np.concatenate([self.c_urban, self.c_suburb]), n)
            )
            return c

        self.home_cell[self.E_all] = cells_for(self.E_all, 0.5)
        self.alt_cell[self.E_all] = self.home_cell[self.E_all]
        for grp in (
            self.R,
            self.R_cln,
            self.SHOP_m,
            self.SHOP_f,
            self.CLIN,
            self.GRID,
            self.GRID_f,
            self.INST,
            self.RIDER,
            self.TAXI,
            self.SALES,
            self.INS,
            self.TELE,
        ):
            self.home_cell[grp] = cells_for(grp, 0.25)
            self.alt_cell[grp] = r.choice(
                np.concatenate([self.c_urban, self.c_urban, self.c_suburb]), len(grp)
            )
        fixed = np.concatenate([self.E_fix, self.SHOP_f, self.CLIN_f, self.GRID_f, self.INST])
        self.alt_cell[fixed] = self.home_cell[fixed]
        # grid landlines sit with grid workers; riders/taxis move around
        self.alt_cell[self.RIDER] = -2  # random local cell per call
        self.alt_cell[self.TAXI] = -2
        away_reg = r.choice(["东莞", "广州", "深圳", "长沙"], len(self.R_away), p=[0.35, 0.2, 0.2, 0.25])
        for reg in ("东莞", "广州", "深圳", "长沙"):
            m = self.R_away[away_reg == reg]
            self.home_cell[m] = r.choice(self.c_remote[reg], len(m))
            self.alt_cell[m] = r.choice(self.c_remote[reg], len(m))
        # elderly: 55% feature phones (CS only), 45% smartphones (VoLTE capable 70%)
        n = len(self.E_mob)
        feat = r.random(n) < 0.55
        hsf = self.handsets(int(feat.sum()), "feat", volte=False)
        hss = self.handsets(int((~feat).sum()), "smart", volte=r.random(int((~feat).sum())) < 0.7)
        self.hs1[self.E_mob[feat]] = hsf
        self.hs1[self.E_mob[~feat]] = hss
        # cloned IMEIs of bargain 老人机: a handful of IMEIs shared city-wide
        ncl = 7
        tac = [self.tac_feat[i] for i in r.integers(len(self.tac_feat), size=ncl)]
        clone_imeis = [t + f"{s:06d}" for t, s in zip(tac, r.integers(10**6, size=ncl))]
        self.clone_hs = np.array(
            [self.handsets(1, "feat", volte=False, fixed_imei=ci)[0] for ci in clone_imeis]
        )
        zipf = 1.0 / np.arange(1, ncl + 1) ** 0.8
        self.hs1[self.E_cln] = self.clone_hs[r.choice(ncl, len(self.E_cln), p=zipf / zipf.sum())]
        self.hs1[self.R_cln] = self.clone_hs[r.choice(ncl, len(self.R_cln), p=zipf / zipf.sum())]
        # residents & workers: smartphones
        for grp in (
            self.R,
            self.R_away,
            self.R_abr,
            self.SHOP_m,
            self.CLIN_m,
            self.GRID,
            self.RIDER,
            self.TAXI,
            self.INS,
        ):
            self.hs1[grp] = self.handsets(len(grp), "smart", volte=r.random(len(grp)) < 0.93)
        # sales: one dual-SIM phone per person (2nd and 3rd card share it)
        sp = self.handsets(self.sales_owner.max() + 1, "smart")
        self.hs1[self.SALES] = sp[self.sales_owner]
        # telesales office: 10 SIM desk phones ("无线商务座机") from one batch, 2 distinct IMEIs
        tel = self.handsets(2, "feat", volte=False)
        self.hs1[self.TELE] = tel[np.arange(10) % 2]
        # dual-SIM residents: 5% pairs share a handset and an identity
        k = int(len(self.R) * 0.05)
        pr = r.choice(self.R, 2 * k, replace=False).reshape(k, 2)
        self.hs1[pr[:, 1]] = self.hs1[pr[:, 0]]
        for a, b in pr:
            self.idh[b] = self.idh[a]
        # new phones mid-period (3%)
        k = int(len(self.R) * 0.03)
        ch = r.choice(self.R, k, replace=False)
        self.hs2[ch] = self.handsets(k, "smart")
        self.hchg[ch] = r.uniform(1, NDAYS - 1, k) * DAY
        # elderly cards often registered under a child's identity (birth year is the child's)
        m = self.E_mob[r.random(len(self.E_mob)) < 0.15]
        self.birth[m] = r.integers(1968, 1992, len(m))
        m = self.E_all[r.random(len(self.E_all)) < 0.08]
        self.birth[m] = -1
        m = self.R_all[r.random(len(self.R_all)) < 0.06]
        self.birth[m] = -1
        # IP long-distance prefix habit of some elderly (and a few older residents)
        ip_e = self.E_all[r.random(len(self.E_all)) < 0.16]
        self.ipfx[ip_e] = r.choice([1, 2, 3], len(ip_e), p=[0.55, 0.25, 0.2])
        ip_r = self.R[(r.random(len(self.R)) < 0.02)]
        self.ipfx[ip_r] = 1
        # legit brand-new cards during the period (1% of residents, a few riders)
        nn = self.R[r.random(len(self.R)) < 0.01]
        self.act[nn] = r.uniform(0, NDAYS - 2, len(nn)) * DAY
        nn = self.RIDER[r.random(len(self.RIDER)) < 0.06]
        self.act[nn] = r.uniform(0, NDAYS - 3, len(nn)) * DAY
        # elderly cards are old
        self.act[self.E_all] = -r.uniform(700, 6000, len(self.E_all)) * DAY

    def _legit_contacts(self):
        r = self.rng
        E = self.E_all
        grp_of = self.c_group
        # households: 60% of elderly live as couples and share children
        perm = r.permutation(E)
        ncp = int(len(E) * 0.3)
        partner = {}
        for a, b in zip(perm[:ncp], perm[ncp : 2 * ncp]):
            partner[a] = b
            partner[b] = a
        children = {}
        local_kids = np.concatenate([self.R, self.R, self.R_away, self.R_cln])
        lk = r.permutation(local_kids)
        lk_i = 0
        ro = r.permutation(self.RO)
        ro_i = 0
        parents_of = {}
        for e in perm:
            if e in children:
                continue
            nk = r.choice([1, 2, 3], p=[0.35, 0.45, 0.2])
            kids = []
            for _ in range(nk):
                if r.random() < 0.42:
                    c = lk[lk_i % len(lk)]
                    lk_i += 1
                else:
                    if r.random() < 0.04:
                        c = r.choice(self.RO_f)
                    else:
                        c = ro[ro_i % len(ro)]
                        ro_i += 1
                kids.append(int(c))
            children[e] = kids
            if e in partner:
                children[partner[e]] = kids
            for c in kids:
                parents_of.setdefault(c, []).append(e)
                if e in partner:
                    parents_of[c].append(partner[e])
        self.children = children
        # elderly grouped by neighbourhood
        eg = grp_of[self.home_cell[E]]
        by_grp = {g: E[eg == g] for g in range(20)}
        clin_g = grp_of[self.home_cell[self.CLIN]]
        clin_by = {g: self.CLIN[clin_g == g] for g in range(20)}
        self.patients = {c: [] for c in self.CLIN}
        SC = self.SC
        lists = []
        mobs = []
        for e in E:
            g = grp_of[self.home_cell[e]]
            l = list(children[e])
            if e in partner and r.random() < 0.3:
                l.append(int(partner[e]))
            nb = by_grp[g]
            l += [int(x) for x in r.choice(nb, r.integers(1, 4))]
            cl = clin_by.get(g)
            if cl is None or len(cl) == 0:
                cl = self.CLIN
            c = int(r.choice(cl))
            self.patients[c].append(int(e))
            l.append(c)
            if r.random() < 0.3:
                l.append(int(r.choice(self.SHOP_m)))
            lists.append(l)
        # elderly: ~0.75 calls/day, long calls
        mob = ~np.isin(E, self.E_fix)
        self.contact_calls(
            E[mob],
            [lists[i] for i in np.where(mob)[0]],
            0.68,
            "elderly",
            0.86,
            4.9,
            0.95,
            skew=2.0,
            weekend=1.15,
        )
        self.contact_calls(
            E[~mob],
            [lists[i] for i in np.where(~mob)[0]],
            0.5,
            "elderly",
            0.86,
            5.0,
            0.9,
            skew=2.0,
            weekend=1.15,
        )
        # short codes: bank hotline, 12345 government hotline, 10086, the odd 120
        n = r.poisson(0.035 * NDAYS * len(E))
        sc = np.array([SC[0], SC[1], SC[7], SC[6], self.SC_nc[0], self.SC_nc[2]])[
            r.choice(6, n, p=[0.3, 0.08, 0.25, 0.27, 0.06, 0.04])
        ]
        self.emit(r.choice(E, n), sc, self.times(n, "elderly"), self.dur(n, 5.0, 0.8, 15, 2400))
        # relatives outside call their parents (and siblings)
        ro_lists, ro_callers = [], []
        for c in np.concatenate([self.RO, self.RO_f]):
            ps = parents_of.get(int(c))
            if not ps:
                continue
            l = list(dict.fromkeys(ps))
            if r.random() < 0.3:
                l.append(int(r.choice(self.R)))
            ro_lists.append(l)
            ro_callers.append(c)
        self.contact_calls(
            np.array(ro_callers), ro_lists, 0.32, "resident", 0.85, 5.2, 0.9, skew=1.3, weekend=1.6
        )
        # residents (and the personal lives of workers)
        shops = np.concatenate([self.SHOP_m, self.SHOP_f])
        persons = np.concatenate(
            [
                self.R,
                self.R_cln,
                self.R_away,
                self.SHOP_m,
                self.CLIN_m,
                self.GRID,
                self.RIDER,
                self.TAXI,
                self.SALES[np.r_[True, np.diff(self.sales_owner) != 0]],
                self.INS,
            ]
        )
        pg = grp_of[self.home_cell[persons]]
        spouse = {}
        pp = r.permutation(self.R)
        for a, b in zip(pp[: len(pp) // 3], pp[len(pp) // 3 : 2 * (len(pp) // 3)]):
            spouse[a] = b
            spouse[b] = a
        by_pg = {}
        for g in range(-1, 20):
            by_pg[g] = persons[pg == g]
        lists = []
        for p, g in zip(persons, pg):
            l = []
            if p in spouse:
                l.append(int(spouse[p]))
            l += [int(x) for x in parents_of.get(int(p), [])[:2]]
            pool = by_pg[g] if len(by_pg[g]) > 10 else persons
            l += [int(x) for x in r.choice(pool, r.integers(2, 8))]
            l += [int(x) for x in r.choice(persons, r.integers(1, 6))]
            l += [int(x) for x in r.choice(self.OFF, r.integers(1, 6))]
            if r.random() < 0.6:
                l += [int(x) for x in r.choice(self.PAS, r.integers(1, 4))]
            if r.random() < 0.2:
                l.append(int(r.choice(self.PAS_f)))
            if r.random() < 0.4:
                l.append(int(r.choice(shops)))
            if r.random() < 0.15:
                l.append(int(r.choice(self.TAXI)))
            if r.random() < 0.3:
                l.append(int(r.choice(self.INST)))
            if r.random() < 0.2:
                l.append(int(r.choice(SC[:6])))
            lists.append(l)
        rate = np.where(np.isin(persons, self.R_all), 0.78, 0.5)
        for rt in (0.78, 0.5):
            m = rate == rt
            self.contact_calls(
                persons[m], [lists[i] for i in np.where(m)[0]], rt, "resident", 0.8, 4.2, 1.05, skew=1.6
            )
        # residents abroad call home through the international gateway
        lists = [
            [int(x) for x in r.choice(E, r.integers(1, 3))]
            + [int(x) for x in r.choice(self.R, r.integers(1, 4))]
            for _ in self.R_abr
        ]
        self.contact_calls(self.R_abr, lists, 0.35, "resident", 0.85, 5.5, 0.8, skew=1.5)
        # family calls them; 35% have unconditional forwarding to a local foreign SIM -> fwd legs
        fwd_abr = self.R_abr[r.random(len(self.R_abr)) < 0.35]
        ftarget = self.add(
            self.foreign(len(fwd_abr), "81")[: len(fwd_abr) // 2]
            + self.foreign(len(fwd_abr) - len(fwd_abr) // 2, "65"),
            K_FOREIGN,
            "passive_outside",
            sub=False,
            orig=O_INTL,
            op="ext",
            ctype="",
            reg="",
        )
        self.abr_fwd = dict(zip(fwd_abr.tolist(), ftarget.tolist()))
        callers = r.choice(np.concatenate([E[: len(E) // 2], self.R]), len(self.R_abr) * 6)
        tgt = np.repeat(self.R_abr, 6)
        m = r.random(len(tgt)) < 0.6
        callers, tgt = callers[m], tgt[m]
        t = self.times(len(tgt), "resident")
        d = np.where(r.random(len(tgt)) < 0.8, self.dur(len(tgt), 5.3, 0.8), 0)
        isf = np.isin(tgt, fwd_abr)
        self.emit(callers[~isf], tgt[~isf], t[~isf], d[~isf])
        self.emit(callers[isf], tgt[isf], t[isf], d[isf], nomtc=True)
        ft = np.array([self.abr_fwd[x] for x in tgt[isf]], np.int64)
        self.emit(tgt[isf], ft, t[isf] + 1, d[isf], ct=1)
        # off-net locals and foreign relatives calling our subscribers (only the mtc leg is ours)
        own_pool = np.concatenate([self.R_all, self.R_all, E, shops])
        lists = [[int(x) for x in r.choice(own_pool, r.integers(2, 9))] for _ in self.OFF]
        self.contact_calls(self.OFF, lists, 0.32, "resident", 0.8, 4.2, 1.0, skew=1.5)
        lists = [
            [int(x) for x in r.choice(np.concatenate([E, self.R]), r.integers(1, 3))] for _ in self.INTLREL
        ]
        self.contact_calls(self.INTLREL, lists, 0.25, "resident", 0.85, 5.6, 0.7)
        self.parents_of = parents_of

    def _legit_business(self):
        r = self.rng
        E, R = self.E_all, self.R_all
        wd = np.array([d for d in range(NDAYS) if d % 7 < 5])
        wd6 = np.array([d for d in range(NDAYS) if d % 7 < 6])
        eld_mob = np.concatenate([self.E_mob, self.E_cln])
        # ---- community grid workers: campaigns (pension certification, medical-insurance payment, flu vaccine)
        grp = self.c_group[self.home_cell[E]]
        wg = self.c_group[self.home_cell[self.GRID]]
        campaigns = [
            (np.array([1, 2, 3, 4]), 1.0),
            (np.array([7, 8, 9, 10]), 1.0),
            (np.array([11, 12]), 0.45),
        ]
        self.grid_of = {}
        for gi, w in enumerate(self.GRID):
            mates = self.GRID[wg == wg[gi]]
            pool = E[grp == wg[gi]]
            k = max(1, len(mates))
            pos = int(np.where(mates == w)[0][0])
            mine = pool[pos::k]
            if len(mine) < 120:
                mine = np.concatenate([mine, r.choice(E, 120 - len(mine))])
            self.grid_of[int(w)] = mine
            office = self.GRID_f[gi % len(self.GRID_f)]
            for days, frac in campaigns:
                if r.random() > frac and frac < 1:
                    continue
                todo = r.permutation(mine)
                if frac < 1:
                    todo = todo[: int(len(todo) * r.uniform(0.3, 0.6))]
                per = int(np.ceil(len(todo) / len(days)))
                for di, day in enumerate(days):
                    batch = todo[di * per : (di + 1) * per]
                    if len(batch) == 0:
                        continue
                    for attempt in range(3):
                        if day + attempt >= NDAYS or len(batch) == 0:
                            break
                        tday = day + attempt
                        if tday % 7 >= 5:
                            tday += 7 - tday % 7
                        if tday >= NDAYS:
                            break
                        n = len(batch)
                        t = self.win_times(n, tday, ((8.5, 11.8), (14.5, 17.8)))
                        ans = self.answered(batch, 0.68, 0.6)
                        d = np.where(ans, self.dur(n, 4.3, 0.6, 8, 900), 0)
                        who = np.where(r.random(n) < 0.15, office, w)
                        self.emit(who, batch, t, d)
                        self._callbacks(who, batch, t, d, p=0.10, p_ans=0.8)
                        batch = batch[~ans]
        # ---- clinics & pharmacies: follow-ups of elderly patients
        for c in self.CLIN:
            pts = np.array(self.patients.get(int(c), []) or r.choice(E, 30))
            lam = r.uniform(3, 10)
            for day in wd6:
                n = r.poisson(lam)
                b = r.choice(pts, n)
                t = self.win_times(n, day, ((8, 11.5), (14, 17.5)))
                d = np.where(self.answered(b, 0.78, 0.7), self.dur(n, 4.5, 0.6, 10, 1200), 0)
                self.emit(np.full(n, c), b, t, d)
        # ---- institutions (hospital, 社保局, township office): callbacks & notices
        for c in self.INST:
            lam = r.uniform(10, 35)
            for day in wd:
                n = r.poisson(lam)
                b = np.where(r.random(n) < 0.45, r.choice(E, n), r.choice(R, n))
                t = self.win_times(n, day, ((8.5, 11.5), (14.5, 17.5)))
                d = np.where(self.answered(b, 0.75, 0.7), self.dur(n, 4.4, 0.7, 5, 1500), 0)
                self.emit(np.full(n, c), b, t, d)
        # ---- short codes: banks & insurers (interconnect), 10086/12345
        for c in self.SC:
            lam = r.uniform(12, 45)
            n = r.poisson(lam * NDAYS)
            b = np.where(r.random(n) < 0.35, r.choice(E, n), r.choice(R, n))
            t = self.times(n, "business", weekend=0.3)
            d = np.where(r.random(n) < 0.6, self.dur(n, 4.5, 0.8), 0)
            self.emit(np.full(n, c), b, t, d)
        # ---- health-product salespeople (legal but pushy): bought lead lists of elderly
        self.sales_leads = []
        for s in range(self.sales_owner.max() + 1):
            cards = self.SALES[self.sales_owner == s]
            leads = r.choice(
                np.concatenate([eld_mob, eld_mob, self.E_fix, R]), r.integers(300, 800), replace=False
            )
            self.sales_leads.append(leads)
            lam = r.uniform(25, 65)
            ptr = 0
            interested = []
            for day in wd6:
                n = r.poisson(lam * (0.6 if day % 7 == 5 else 1))
                fresh = leads[np.arange(ptr, ptr + n) % len(leads)]
                ptr += n
                rec = np.array([x for (x, due) in interested if due == day], np.int64)
                b = np.concatenate([fresh, rec])
                m = len(b)
                t = self.win_times(m, day, ((9, 12), (14, 18), (18.5, 20)))
                ans = self.answered(b, 0.45, 0.3)
                u = r.random(m)
                d = np.where(
                    u < 0.55,
                    self.dur(m, 2.6, 0.5, 3, 40),
                    np.where(u < 0.9, self.dur(m, 4.3, 0.6, 20, 400), self.dur(m, 6.2, 0.5, 200, 2400)),
                )
                d = np.where(ans, d, 0)
                card = cards[(day + np.arange(m) // 25) % len(cards)]
                self.emit(card, b, t, d)
                self._callbacks(card, b, t, d, p=0.05, p_ans=0.6)
                hot = b[(d > 200)]
                interested = [(x, due) for (x, due) in interested if due > day]
                interested += [(int(x), int(day + r.integers(1, 4))) for x in hot]
        # ---- insurance agents: fewer calls, repeated prospects
        for c in self.INS:
            prospects = r.choice(np.concatenate([R, E]), r.integers(60, 200), replace=False)
            lam = r.uniform(10, 28)
            for day in wd6:
                n = r.poisson(lam)
                b = prospects[(r.random(n) ** 1.5 * len(prospects)).astype(int)]
                t = self.win_times(n, day, ((9, 12), (14, 19.5)))
                d = np.where(self.answered(b, 0.55, 0.5), self.dur(n, 4.6, 0.9, 5, 2400), 0)
                self.emit(np.full(n, c), b, t, d)
        # ---- telesales office with SIM desk phones (licensed marketing: loans, broadband, insurance)
        offpool = np.concatenate([R, R, E, self.OFF])
        for c in self.TELE:
            lam = r.uniform(55, 110)
            for day in wd:
                n = r.poisson(lam)
                b = r.choice(offpool, n)
                t = self.win_times(n, day, ((9, 12), (13.5, 17.5)))
                u = r.random(n)
                d = np.where(
                    u < 0.7,
                    self.dur(n, 2.2, 0.6, 2, 25),
                    np.where(u < 0.95, self.dur(n, 3.8, 0.5, 15, 200), self.dur(n, 5.2, 0.5, 100, 900)),
                )
                d = np.where(self.answered(b, 0.35, 0.28), d, 0)
                self.emit(np.full(n, c), b, t, d)
        # ---- delivery riders: many distinct customers, very short calls
        cust = np.concatenate([R, R, R, E, self.OFF, self.OFF])
        for c in self.RIDER:
            lam = r.uniform(10, 26)
            off = r.integers(7)
            days = np.array([d for d in range(NDAYS) if (d + off) % 7 != 0])
            n = r.poisson(lam * len(days))
            b = r.choice(cust, n)
            t = self.times(n, "rider", days=days)
            d = np.where(r.random(n) < 0.86, self.dur(n, 3.0, 0.5, 4, 120), 0)
            self.emit(np.full(n, c), b, t, d, cell=r.choice(np.concatenate([self.c_urban, self.c_suburb]), n))
        # ---- taxi drivers
        for c in self.TAXI:
            lam = r.uniform(5, 16)
            n = r.poisson(lam * NDAYS)
            b = r.choice(cust, n)
            t = self.times(n, "taxi")
            d = np.where(r.random(n) < 0.8, self.dur(n, 3.3, 0.6, 4, 200), 0)
            self.emit(np.full(n, c), b, t, d, cell=r.choice(self.c_local, n))
        # ---- shops: suppliers and customers; landlines forward to the owner's mobile when unanswered
        for c in np.concatenate([self.SHOP_m, self.SHOP_f]):
            lam = r.uniform(1.5, 6)
            n = r.poisson(lam * NDAYS)
            b = np.where(r.random(n) < 0.5, r.choice(self.PAS, n), r.choice(cust, n))
            t = self.times(n, "business", weekend=0.8)
            d = np.where(r.random(n) < 0.8, self.dur(n, 4.0, 0.8), 0)
            self.emit(np.full(n, c), b, t, d)
        fw_shops = self.SHOP_f[r.random(len(self.SHOP_f)) < 0.5]
        for c in fw_shops:
            owner = r.choice(self.SHOP_m)
            n = r.poisson(0.9 * NDAYS)
            a = r.choice(np.concatenate([R, E]), n)
            t = self.times(n, "business")
            d = np.where(r.random(n) < 0.85, self.dur(n, 4.0, 0.7), 0)
            self.emit(a, np.full(n, c), t, d, nomtc=True)
            self.emit(np.full(n, c), np.full(n, owner), t + 12, d, ct=1)
        # some residents forward to spouse/voicemail on busy/no reply
        fwr = r.choice(self.R, int(len(self.R) * 0.01), replace=False)
        for c in fwr:
            n = r.poisson(0.4 * NDAYS)
            a = r.choice(np.concatenate([R, E, self.OFF]), n)
            tgt = r.choice(self.R)
            t = self.times(n, "resident")
            d = np.where(r.random(n) < 0.7, self.dur(n, 4.0, 0.8), 0)
            self.emit(a, np.full(n, c), t, np.zeros(n, np.int64))
            self.emit(np.full(n, c), np.full(n, tgt), t + 20, d, ct=1)

    def _callbacks(self, a, b, t, d, p, p_ans, dmu=3.8):
        """Elderly (and others) calling back an unknown number that called them."""
        r = self.rng
        a = np.broadcast_to(np.asarray(a), np.shape(b))
        m = (d == 0) & (r.random(len(b)) < p * np.where(np.isin(self.pop[b], self.eld_pids), 1.0, 0.4))
        m &= self.sub[b]
        if not m.any():
            return
        n = int(m.sum())
        tt = t[m] + r.uniform(120, 4 * 3600, n)
        dd = np.where(r.random(n) < p_ans, self.dur(n, dmu, 0.7), 0)
        self.emit(b[m], a[m], tt, dd)

    # ================================================================== fraud
    def fraud_cards(
        self,
        n,
        pop,
        act,
        op="op1",
        ctype="mobile",
        per_id=3,
        reg=LOCAL,
        birth=(1955, 2004),
        local=True,
        sub=True,
        orig=O_INTRA,
    ):
        ids = self.new_idh((n + per_id - 1) // per_id)
        idh = [ids[i // per_id] for i in range(n)]
        if isinstance(birth, tuple):  # one holder per identity
            birth = self.rng.integers(birth[0], birth[1], len(ids))[np.arange(n) // per_id]
        if not sub:
            birth = None
        nums = self.mobiles(n, op, local=local)
        return self.add(
            nums,
            K_MOB,
            pop,
            fraud=True,
            act=act,
            op=op,
            ctype=ctype,
            idh=idh,
            reg=reg,
            birth=birth,
            sub=sub,
            orig=orig,
        )

    def victims_pool(self, n, p_eld=0.7):
        r = self.rng
        ne = int(n * p_eld)
        return r.permutation(
            np.concatenate(
                [r.choice(self.E_all, ne, replace=False), r.choice(self.R_all, n - ne, replace=False)]
            )
        )

    def outcome(self, b, p_eld, p_oth, p_eng, eng_mu=7.0):
        """Returns durations and engaged mask for fraud calls to b."""
        r = self.rng
        n = len(b)
        ans = self.answered(b, p_eld, p_oth)
        eng = ans & (r.random(n) < p_eng * np.where(np.isin(self.pop[b], self.eld_pids), 1.3, 0.6))
        d = np.where(
            eng,
            self.dur(n, eng_mu, 0.6, 240, 7200),
            np.where(r.random(n) < 0.65, self.dur(n, 2.5, 0.7, 2, 45), self.dur(n, 4.2, 0.6, 20, 300)),
        )
        return np.where(ans, d, 0), eng

    def follow_ups(
        self,
        callers,
        b,
        t,
        eng,
        delay=(600, 36 * 3600),
        k=(1, 4),
        mu=6.6,
        p_ans=0.85,
        hs=None,
        cell=None,
        window=(8, 21.5),
    ):
        """Ring calls back engaged victims; callers: array of candidate numbers (chosen per follow-up)."""
        r = self.rng
        vi = np.where(eng)[0]
        out_a, out_b, out_t = [], [], []
        for i in vi:
            nk = r.integers(k[0], k[1] + 1)
            tt = t[i] + np.sort(r.uniform(delay[0], delay[1], nk))
            hr = (tt % DAY) / 3600
            tt = np.where(hr < window[0], tt - hr * 3600 + window[0] * 3600 + r.uniform(0, 7200, nk), tt)
            tt = np.where(hr > window[1], tt + (24 - hr + window[0]) * 3600 + r.uniform(0, 7200, nk), tt)
            out_a.append(r.choice(callers, nk) if callers.ndim else np.full(nk, callers))
            out_b.append(np.full(nk, b[i]))
            out_t.append(tt)
        if not out_a:
            return None
        a, bb, tt = np.concatenate(out_a), np.concatenate(out_b), np.concatenate(out_t)
        keep = tt < NDAYS * DAY
        a, bb, tt = a[keep], bb[keep], tt[keep]
        n = len(a)
        d = np.where(r.random(n) < p_ans, self.dur(n, mu, 0.7, 60, 7200), 0)
        return a, bb, tt, d

    def victim_reactions(self, fraud_nums, b, t, d, eng, p_cb=0.25, p_bank=0.2, p_guard=0.15):
        """Engaged victims call the fraud number back, call their bank, sometimes their children."""
        r = self.rng
        vi = np.where(eng & self.sub[b])[0]
        if len(vi) == 0:
            return
        fraud_nums = np.broadcast_to(np.asarray(fraud_nums), np.shape(b))
        m = r.random(len(vi)) < p_cb
        s = vi[m]
        tt = t[s] + r.uniform(600, 8 * 3600, len(s))
        self.emit(b[s], fraud_nums[s], tt, self.dur(len(s), 5.5, 0.8, 20, 3600))
        m = r.random(len(vi)) < p_bank
        s = vi[m]
        tt = t[s] + d[s] + r.uniform(300, 5 * 3600, len(s))
        self.emit(b[s], r.choice(self.SC[:4], len(s)), tt, self.dur(len(s), 5.0, 0.6, 30, 1500))
        m = r.random(len(vi)) < p_guard
        s = vi[m]
        for i in s:
            kids = self.children.get(int(b[i]))
            if kids:
                self.emit(
                    b[i], kids[0], t[i] + d[i] + r.uniform(600, 20 * 3600), int(self.dur(1, 5.0, 0.7)[0])
                )

    def build_fraud(self):
        r = self.rng
        J = self.J
        self.onset = {}
        # ---- shared victim data: leaked lists of the county's elderly (overlap with sales leads!)
        leak = np.unique(np.concatenate(self.sales_leads[:8] + [r.choice(self.E_all, 1500, replace=False)]))
        self.leak = r.permutation(leak)

        # international spoof ring (公检法 "procuratorate" second line + own cold calls)
        ni = r.integers(9, 13)
        pres = []
        kinds = r.choice(3, ni, p=[0.45, 0.3, 0.25])
        for k in kinds:
            if k == 0:
                pres += self.mobiles(1, str(r.choice(["op2", "op3"])), local=False)
            elif k == 1:
                pres += self._uniq(
                    lambda m: ["0739" + "4" + f"{x:06d}" for x in r.integers(10**6, size=m)], 1
                )
            else:
                pres += self._uniq(lambda m: ["010" + "6" + f"{x:07d}" for x in r.integers(10**7, size=m)], 1)
        self.INTL = self.add(
            pres,
            np.where(kinds == 0, K_MOB, K_FIX),
            "fraud_intl_spoof",
            sub=False,
            orig=O_INTL,
            op="ext",
            ctype="",
            reg="",
            fraud=True,
        )

        # ---------- Ring A: GoIP boxes, new cards, fake police / procuratorate + 医保 freeze script
        vA = self.victims_pool(3000, 0.68)
        vA_ptr = [0]

        def takeA(n):
            out = vA[np.arange(vA_ptr[0], vA_ptr[0] + n) % len(vA)]
            vA_ptr[0] += n
            return out

        boxes = []
        nA1, nA2 = r.integers(8, 13), r.integers(8, 13)
        startA = r.integers(0, 3)
        for bi, (nc, mode) in enumerate(((nA1, "zero"), (nA2, "rotate"))):
            act = (
                (startA - r.uniform(2, 10)) * DAY
                + np.sort(r.uniform(0, 3600, nc))
                + np.repeat(r.uniform(0, 4, (nc + 3) // 4) * DAY, 4)[:nc]
            )
            cards = self.fraud_cards(
                nc, "fraud_simbox_placeholder" if mode == "zero" else "fraud_simbox_rotating", act, per_id=4
            )
            cell = r.choice(self.c_urban) if mode == "zero" else r.choice(self.c_sy)
            boxes.append((cards, mode, cell))
        # Ring B: box with one fixed IMEI; half MVNO virtual cards; block scanning + elderly list
        nB = r.integers(6, 10)
        actB = (r.uniform(1, 5) - r.uniform(3, 15)) * DAY + np.sort(r.uniform(0, 7200, nB))
        nv = nB // 2
        cB = np.concatenate(
            [
                self.fraud_cards(
                    nv, "fraud_simbox_fixedimei", actB[:nv], op="mvno", ctype="virtual", per_id=3
                ),
                self.fraud_cards(nB - nv, "fraud_simbox_fixedimei", actB[nv:], per_id=3),
            ]
        )
        for i in cB[:nv]:
            self.op[i] = "mvno-xiangyun"
        boxes.append((cB, "fixed", r.choice(self.c_suburb)))
        # Ring B off-net new cards: only visible as incoming interconnect legs
        nBo = r.integers(3, 6)
        cBo = self.fraud_cards(
            nBo,
            "fraud_offnet_newcard",
            0,
            op=str(r.choice(["op2", "op3"])),
            sub=False,
            orig=O_INTER,
            local=False,
        )

        # block-scan targets for ring B: sequential numbers in two local op1 blocks
        scan = []
        for blk in r.choice(self.lblocks["op1"], 2, replace=False):
            s0 = r.integers(0, 6000)
            seq = [blk + f"{x:04d}" for x in range(s0, s0 + 2500)]
            scan += seq
        num_index = {s: i for i, s in enumerate(self.num)}
        scan_idx = []
        new = []
        for s in scan:
            if s in num_index:
                scan_idx.append(num_index[s])
            else:
                new.append(s)
                scan_idx.append(-1)
        for s in new:
            self.used.add(s)
        un = self.add(new, K_MOB, "unassigned", sub=False, orig=O_INTRA, ctype="", reg=LOCAL)
        it = iter(un)
        scan_idx = np.array([x if x >= 0 else next(it) for x in scan_idx], np.int64)
        sc_ptr = [0]
        vB = self.victims_pool(2000, 0.75)
        vB_ptr = [0]

        def takeB(n):
            k = n // 2
            o1 = scan_idx[np.arange(sc_ptr[0], sc_ptr[0] + k) % len(scan_idx)]
            sc_ptr[0] += k
            o2 = vB[np.arange(vB_ptr[0], vB_ptr[0] + n - k) % len(vB)]
            vB_ptr[0] += n - k
            return np.concatenate([o1, o2])

        allA = np.concatenate([boxes[0][0], boxes[1][0]])
        for bi, (cards, mode, cell) in enumerate(boxes):
            take = takeA if bi < 2 else takeB
            pace = r.uniform(28, 50) if bi < 2 else r.uniform(22, 40)
            if mode == "fixed":
                fixed_hs = self.handsets(1, "feat", volte=False)[0]
            elif mode == "zero":
                zhs = self.handsets(1, "feat", volte=False, special=1)[0]
            for ci, c in enumerate(cards):
                a0 = max(self.act[c] / DAY, -1)
                warm_start = int(np.floor(a0)) + 1
                warm_len = r.integers(1, 4)
                life = r.integers(2, 5)
                ws = max(0, warm_start)
                # stagger cards so only a few ports work at a time
                ws = max(ws, startA + (ci * 2) // 3) if bi < 2 else max(ws, ci // 2)
                active = [d for d in range(ws + warm_len, ws + warm_len + life) if d < NDAYS]
                warm = [d for d in range(ws, ws + warm_len) if d < NDAYS]
                calls = []
                for day in warm:
                    n = r.integers(2, 7)
                    b = np.concatenate([r.choice(cards, n - 1), [self.SC[6]]])
                    if r.random() < 0.5:
                        b[0] = r.choice(self.PAS)
                    t = self.win_times(n, day, ((10, 12), (15, 20)))
                    d = self.dur(n, 4.0, 0.7, 10, 400)
                    calls.append((b, t, d))
                for day in active:
                    n = r.poisson(pace * r.uniform(0.7, 1.15) * (0.75 if day % 7 == 6 else 1))
                    b = take(n)
                    t = self.win_times(
                        n,
                        day,
                        ((9, 11.8), (13.8, 17.8), (19, 20.5))
                        if r.random() < 0.3
                        else ((9, 11.8), (13.8, 17.8)),
                    )
                    d, eng = self.outcome(b, 0.36, 0.2, 0.13)
                    d = np.where(self.pop[b] == POPS["unassigned"][0], 0, d)
                    calls.append((b, t, d))
                    self._on(c, t)
                    # engaged: "transferred" to the procuratorate line from abroad; the card calls back too
                    if bi < 2:
                        fu = self.follow_ups(self.INTL, b, t, eng, delay=(300, 5400), k=(1, 3), mu=7.2)
                    else:
                        fu = self.follow_ups(
                            np.asarray(c), b, t, eng, delay=(1800, 30 * 3600), k=(1, 2), mu=6.5
                        )
                    if fu is not None and bi < 2:
                        self.emit(*fu)
                    elif fu is not None:
                        calls.append(fu[1:])
                    self.victim_reactions(c, b, t, d, eng)
                    self._callbacks(np.full(len(b), c), b, t, d, p=0.06, p_ans=0.35)
                for b, t, d in calls:
                    self._box_emit(
                        np.full(len(b), c),
                        b,
                        t,
                        d,
                        mode,
                        cell,
                        fixed_hs if mode == "fixed" else None,
                        zhs if mode == "zero" else None,
                    )
        # off-net ring-B cards (interconnect, no device info)
        for c in cBo:
            d0 = r.integers(0, NDAYS - 4)
            for day in range(d0, min(NDAYS, d0 + r.integers(2, 5))):
                n = r.poisson(r.uniform(20, 40))
                b = vB[r.integers(len(vB), size=n)]
                t = self.win_times(n, day)
                d, eng = self.outcome(b, 0.3, 0.18, 0.1)
                self.emit(np.full(n, c), b, t, d)
                self._on(c, t)
                self.victim_reactions(c, b, t, d, eng, p_cb=0.15)

        # international spoof numbers: each 1-3 days of cold calls, plus the follow-ups above
        vI = self.victims_pool(2500, 0.62)
        for c in self.INTL:
            d0 = r.integers(0, NDAYS - 1)
            for day in range(d0, min(NDAYS, d0 + r.integers(1, 4))):
                n = r.poisson(r.uniform(25, 60))
                b = vI[r.integers(len(vI), size=n)]
                t = self.win_times(n, day, ((9.5, 12), (13.5, 19)))
                d, eng = self.outcome(b, 0.33, 0.22, 0.12, eng_mu=7.3)
                self.emit(np.full(n, c), b, t, d)
                self._on(c, t)
                fu = self.follow_ups(self.INTL, b, t, eng, delay=(600, 20 * 3600), k=(1, 3), mu=7.0)
                if fu is not None:
                    self.emit(*fu)
                self.victim_reactions(c, b, t, d, eng, p_cb=0.1)
        for c in self.INTL:
            self.onset.setdefault(int(c), 0.0)

        # ---------- rented / bought real-name cards of local people, in the ring's smartphones
        nR = r.integers(7, 11)
        actR = -r.uniform(200, 3000, nR) * DAY
        born = np.where(r.random(nR) < 0.3, r.integers(1950, 1962, nR), r.integers(1975, 2005, nR))
        cR = self.fraud_cards(nR, "fraud_rented_realname", actR, per_id=2, birth=born)
        self._rented_ring(cR, scheme="yibao")
        # pension "investment" (养老项目/养老基金) ring: mix of rented own cards and off-net cards
        nI1, nI2 = r.integers(1, 3), r.integers(3, 5)
        cI = np.concatenate(
            [
                self.fraud_cards(nI1, "fraud_pension_invest", -r.uniform(100, 900, nI1) * DAY, per_id=1),
                self.fraud_cards(
                    nI2, "fraud_pension_invest", 0, op="op3", sub=False, orig=O_INTER, local=False
                ),
            ]
        )
        self._invest_ring(cI)
        # "free eggs / health lecture" lure (会销) callers in town, some on cloned-IMEI bargain phones
        nL = r.integers(3, 6)
        cL = self.fraud_cards(nL, "fraud_gift_lure", -r.uniform(30, 400, nL) * DAY, per_id=2)
        self._lure_ring(cL)
        # call-forwarding relays & phone-bridges (手机口)
        self._relays()
        # slow, careful callers: fake grandchild / acquaintance
        self._slow()

    def _on(self, c, t):
        if len(t):
            self.onset[int(c)] = min(self.onset.get(int(c), np.inf), float(np.min(t)))

    def _box_emit(self, a, b, t, d, mode, cell, fixed_hs, zhs):
        r = self.rng
        n = len(a)
        if mode == "zero":
            hs = np.full(n, zhs)
            # one of the box's modules reports nothing at all
            hs = np.where(r.random(n) < 0.3, self._none_hs(), hs)
        elif mode == "fixed":
            hs = np.full(n, fixed_hs)
        else:
            hs = self._rot_hs(n)
        self.emit(a, b, t, d, hs=hs, cell=np.full(n, cell))

    def _none_hs(self):
        if not hasattr(self, "_nonehs"):
            self._nonehs = self.handsets(1, "feat", volte=False, special=2)[0]
        return self._nonehs

    def _rot_hs(self, n):
        """Rotating IMEIs written by box firmware: fixed TAC, random serial, Luhn valid only half the time."""
        r = self.rng
        if not hasattr(self, "_rot_tac"):
            self._rot_tac = self.tac_feat[r.integers(len(self.tac_feat))]
        imeis = [self._rot_tac + f"{s:06d}" for s in r.integers(10**6, size=n)]
        i0 = len(self.h_imei)
        self.h_imei += imeis
        self.h_volte += [False] * n
        self.h_special += list(np.where(r.random(n) < 0.5, 3, 0))  # 3: bad check digit
        self.h_sv1 += [1] * n
        self.h_sv2 += [1] * n
        self.h_svt += [np.inf] * n
        return np.arange(i0, i0 + n)

    def _owner_phase(self, c, until_day):
        """Normal use by the real owner before the card is sold/rented."""
        r = self.rng
        if until_day <= 0:
            return
        own_hs = self.handsets(1, "smart")[0]
        home = r.choice(self.c_local)
        contacts = r.choice(np.concatenate([self.R, self.E_all, self.OFF]), r.integers(4, 9))
        n = r.poisson(1.4 * until_day)
        b = contacts[(r.random(n) ** 1.8 * len(contacts)).astype(int)]
        t = self.times(n, "resident", days=np.arange(until_day))
        d = np.where(r.random(n) < 0.85, self.dur(n, 4.4, 1.0), 0)
        self.emit(np.full(n, c), b, t, d, hs=np.full(n, own_hs), cell=np.full(n, home))
        # people also call the owner
        m = r.poisson(0.8 * until_day)
        self.emit(
            r.choice(contacts, m),
            np.full(m, c),
            self.times(m, "resident", days=np.arange(until_day)),
            self.dur(m, 4.2, 1.0),
        )

    def _rented_ring(self, cards, scheme):
        r = self.rng
        n = len(cards)
        phones = self.handsets(max(2, n // 3 + 1), "smart", volte=True)
        where = r.choice(["东莞", "local", "西双版纳"], n, p=[0.45, 0.4, 0.15])
        victims = np.concatenate([self.leak, self.victims_pool(1500, 0.6)])
        vp = [r.integers(len(victims))]
        for i, c in enumerate(cards):
            h = r.integers(0, 7) if r.random() < 0.7 else 0
            self._owner_phase(c, h)
            life = r.integers(3, 9)
            ph = phones[i % len(phones)]
            if where[i] == "local":
                cells = r.choice(self.c_urban, 2)
            else:
                cells = r.choice(self.c_remote[where[i]], 2)
            pace = r.uniform(14, 34)
            for day in range(h, min(NDAYS, h + life)):
                k = r.poisson(pace * r.uniform(0.6, 1.2))
                b = victims[np.arange(vp[0], vp[0] + k) % len(victims)]
                vp[0] += k
                t = self.win_times(k, day, ((9, 12), (13.5, 18), (19, 20.5)))
                d, eng = self.outcome(b, 0.5, 0.3, 0.14)
                cell = cells[(r.random(k) < 0.2).astype(int)]
                self.emit(np.full(k, c), b, t, d, hs=np.full(k, ph), cell=cell)
                self._on(c, t)
                fu = self.follow_ups(np.asarray(c), b, t, eng, delay=(3600, 3 * DAY), k=(2, 5), mu=6.5)
                if fu is not None:
                    nn = len(fu[0])
                    self.emit(*fu, hs=np.full(nn, ph), cell=np.full(nn, cells[0]))
                self.victim_reactions(c, b, t, d, eng, p_cb=0.3)
                self._callbacks(np.full(k, c), b, t, d, p=0.07, p_ans=0.6)

    def _invest_ring(self, cards):
        r = self.rng
        victims = np.concatenate(
            [r.choice(self.leak, 300, replace=False), r.choice(self.E_all, 500, replace=False)]
        )
        hs = self.handsets(len(cards), "smart")
        cells = r.choice(self.c_remote["长沙"], len(cards))
        for i, c in enumerate(cards):
            d0 = r.integers(0, 5)
            pace = r.uniform(8, 18)
            for day in range(d0, NDAYS):
                k = r.poisson(pace)
                b = r.choice(victims, k)
                t = self.win_times(k, day, ((9, 12), (14, 18), (19, 21)))
                d, eng = self.outcome(b, 0.55, 0.4, 0.2, eng_mu=7.4)
                kw = dict(hs=np.full(k, hs[i]), cell=np.full(k, cells[i])) if self.sub[c] else {}
                self.emit(np.full(k, c), b, t, d, **kw)
                self._on(c, t)
                fu = self.follow_ups(
                    np.asarray(c), b, t, eng, delay=(4 * 3600, 4 * DAY), k=(2, 6), mu=7.3, p_ans=0.9
                )
                if fu is not None:
                    nn = len(fu[0])
                    kw = dict(hs=np.full(nn, hs[i]), cell=np.full(nn, cells[i])) if self.sub[c] else {}
                    self.emit(*fu, **kw)
                self.victim_reactions(c, b, t, d, eng, p_cb=0.45, p_bank=0.3)

    def _lure_ring(self, cards):
        r = self.rng
        elders = np.concatenate([self.E_mob, self.E_cln, self.E_fix])
        victims = np.concatenate(
            [
                r.choice(self.leak, min(len(self.leak), 800), replace=False),
                r.choice(elders, 1500, replace=False),
            ]
        )
        victims = r.permutation(victims)
        hs = np.where(
            np.arange(len(cards)) < 2,
            self.clone_hs[r.integers(len(self.clone_hs), size=len(cards))],
            self.handsets(len(cards), "smart"),
        )
        cells = r.choice(self.c_urban, len(cards))
        ptr = 0
        d0 = r.integers(0, 3)
        for day in range(d0, NDAYS):
            if day % 7 == 6:
                continue
            for i, c in enumerate(cards):
                k = r.poisson(r.uniform(20, 42))
                b = victims[np.arange(ptr, ptr + k) % len(victims)]
                ptr += k
                t = self.win_times(k, day, ((8.5, 11.5), (14, 17)))
                ans = self.answered(b, 0.55, 0.3)
                eng = ans & (r.random(k) < 0.12)
                d = np.where(
                    eng, self.dur(k, 5.3, 0.5, 90, 900), np.where(ans, self.dur(k, 3.6, 0.7, 4, 200), 0)
                )
                self.emit(np.full(k, c), b, t, d, hs=np.full(k, hs[i]), cell=np.full(k, cells[i]))
                self._on(c, t)
                fu = self.follow_ups(
                    np.asarray(c),
                    b,
                    t,
                    eng,
                    delay=(18 * 3600, 2 * DAY),
                    k=(1, 2),
                    mu=4.5,
                    p_ans=0.85,
                    window=(8.5, 17),
                )
                if fu is not None:
                    nn = len(fu[0])
                    self.emit(*fu, hs=np.full(nn, hs[i]), cell=np.full(nn, cells[i]))
                self._callbacks(np.full(k, c), b, t, d, p=0.08, p_ans=0.7)
                self.victim_reactions(c, b, t, d, eng, p_cb=0.2, p_bank=0, p_guard=0.05)

    def _relays(self):
        r = self.rng
        J = self.J
        # forwarding relays: rented local cards with unconditional forwarding to a number abroad
        nf = r.integers(3, 5)
        cF = self.fraud_cards(nf, "fraud_fwd_relay", -r.uniform(300, 2500, nf) * DAY, per_id=2)
        tg = self.add(
            self.foreign(nf // 2, "855") + self.foreign(nf - nf // 2, "63"),
            K_FOREIGN,
            "passive_outside",
            sub=False,
            orig=O_INTL,
            op="ext",
            ctype="",
            reg="",
        )
        elders = np.concatenate([self.E_mob, self.E_cln, self.E_fix])
        for i, c in enumerate(cF):
            start = r.integers(0, 6)
            self._owner_phase(c, start)
            # victims call after an SMS lure ("医保卡已冻结，请致电...")
            for day in range(start, NDAYS):
                k = r.poisson(r.uniform(5, 16))
                a = np.where(r.random(k) < 0.8, r.choice(elders, k), r.choice(self.R_all, k))
                t = self.win_times(k, day, ((8, 12), (13, 19)))
                d = np.where(r.random(k) < 0.85, self.dur(k, 5.8, 1.0, 15, 5400), 0)
                self.emit(a, np.full(k, c), t, d, nomtc=True)
                self.emit(np.full(k, c), np.full(k, tg[i]), t + r.uniform(1, 4, k), d, ct=1)
                self._on(c, t)
            # half of them also place "ring once" missed calls from a phone in 东莞 to bait call-backs
            if i % 2 == 0:
                ph = self.handsets(1, "smart")[0]
                cell = r.choice(self.c_remote["东莞"])
                for day in range(start, NDAYS):
                    k = r.poisson(r.uniform(15, 35))
                    b = r.choice(elders, k)
                    t = self.win_times(k, day, ((9, 12), (14, 18)))
                    self.emit(
                        np.full(k, c), b, t, np.zeros(k, np.int64), hs=np.full(k, ph), cell=np.full(k, cell)
                    )
                    cb = self.sub[b] & (r.random(k) < 0.12)
                    n = int(cb.sum())
                    tt = t[cb] + r.uniform(60, 3 * 3600, n)
                    dd = np.where(r.random(n) < 0.8, self.dur(n, 5.3, 1.0, 10, 3600), 0)
                    self.emit(b[cb], np.full(n, c), tt, dd, nomtc=True)
                    self.emit(np.full(n, c), np.full(n, tg[i]), tt + 2, dd, ct=1)
        # phone bridges (手机口): a local phone takes an international call and dials the victim at once
        nb = r.integers(2, 4)
        cBr = self.fraud_cards(
            nb,
            "fraud_bridge_local",
            -r.uniform(200, 2000, nb) * DAY,
            per_id=1,
            birth=r.integers(1955, 2000, nb),
        )
        up = self.add(
            self.foreign(1, "855") + self.foreign(1, "95") + self.foreign(r.integers(0, 2), "60"),
            K_FOREIGN,
            "fraud_bridge_upstream",
            sub=False,
            orig=O_INTL,
            op="ext",
            ctype="",
            reg="",
            fraud=True,
        )
        vic = self.victims_pool(2500, 0.7)
        for i, c in enumerate(cBr):
            hs = self.handsets(1, "feat", volte=False)[0]
            cell = r.choice(self.c_rural)  # a village house on the old switch
            start = r.integers(0, 5)
            self._owner_phase(c, start)
            for day in range(start, NDAYS):
                if r.random() < 0.15:
                    continue
                k = r.poisson(r.uniform(14, 32))
                b = vic[r.integers(len(vic), size=k)]
                t = self.win_times(k, day, ((9, 12), (14, 18)))
                d, eng = self.outcome(b, 0.35, 0.2, 0.12, eng_mu=7.1)
                lag = r.uniform(3, 9, k)
                dup = np.where(d > 0, d + lag.astype(int) + r.integers(1, 6, k), r.integers(25, 50, k))
                u = r.choice(up, k)
                self.emit(u, np.full(k, c), t, dup)
                self.emit(np.full(k, c), b, t + lag, d, hs=np.full(k, hs), cell=np.full(k, cell))
                self._on(c, t)
                for x in up:
                    self._on(x, t)
                self.victim_reactions(c, b, t, d, eng, p_cb=0.12)

    def _slow(self):
        r = self.rng
        n1, n2 = r.integers(2, 4), r.integers(1, 3)
        cS = np.concatenate(
            [
                self.fraud_cards(
                    n1,
                    "fraud_slow_careful",
                    -r.uniform(60, 240, n1) * DAY,
                    per_id=1,
                    birth=r.integers(1985, 2002, n1),
                ),
                self.fraud_cards(n2, "fraud_slow_careful", 0, op="op2", sub=False, orig=O_INTER, local=False),
            ]
        )
        hs = self.handsets(len(cS), "smart")
        cells = np.where(
            r.random(len(cS)) < 0.5, r.choice(self.c_urban, len(cS)), r.choice(self.c_remote["长沙"], len(cS))
        )
        # victims: elderly whose children live away (researched via leaked data)
        cand = np.array(
            [e for e, ks in self.children.items() if any(not self.localnum[k] for k in ks) and self.sub[e]]
        )
        used = set()
        for i, c in enumerate(cS):
            kw = (
                (lambda k: dict(hs=np.full(k, hs[i]), cell=np.full(k, cells[i])))
                if self.sub[c]
                else (lambda k: {})
            )
            # an ordinary-looking life: a few regular contacts
            life = np.concatenate([cS[cS != c], r.choice(self.OFF, 3), r.choice(self.PAS, 2)])
            n = r.poisson(1.5 * NDAYS)
            b = life[(r.random(n) ** 1.5 * len(life)).astype(int)]
            self.emit(np.full(n, c), b, self.times(n, "resident"), self.dur(n, 4.5, 1.0), **kw(n))
            for day in range(r.integers(0, 3), NDAYS):
                k = r.integers(1, 6)
                b = r.choice(cand, k)
                t = self.win_times(k, day, ((10, 12), (18, 21)))
                ans = self.answered(b, 0.78, 0.5)
                eng = ans & (r.random(k) < 0.35)
                d = np.where(
                    eng, self.dur(k, 6.6, 0.6, 180, 3600), np.where(ans, self.dur(k, 3.5, 0.8, 5, 200), 0)
                )
                self.emit(np.full(k, c), b, t, d, **kw(k))
                self._on(c, t)
                # partner ("police officer", "hospital") calls the engaged grandparent
                partner = cS[(i + 1) % len(cS)]
                fu = self.follow_ups(np.asarray(partner), b, t, eng, delay=(900, 6 * 3600), k=(1, 2), mu=6.4)
                if fu is not None:
                    j = i + 1 if i + 1 < len(cS) else 0
                    nn = len(fu[0])
                    self.emit(
                        *fu,
                        **(
                            dict(hs=np.full(nn, hs[j]), cell=np.full(nn, cells[j]))
                            if self.sub[partner]
                            else {}
                        ),
                    )
                self.victim_reactions(c, b, t, d, eng, p_cb=0.3, p_guard=0.25)

    # ================================================================== records
    def build_records(self):
        r = self.rng
        ev = {k: np.concatenate(v) for k, v in self.ev.items()}
        N = self.n
        # activations happen in business hours (营业厅/代理点 09:00-20:00), keeping batch order and gaps
        act = self.act[:N]
        self.act[:N] = np.floor(act / DAY) * DAY + 9 * 3600 + (act % DAY) * (11 / 24)
        a, b, t, d = ev["a"], ev["b"], ev["t"], ev["d"]
        # drop events outside the window, before activation, self calls
        keep = (t >= 0) & (t < NDAYS * DAY) & (a != b)
        keep &= ~(self.sub[a] & (self.act[a] > t)) & ~(self.sub[b] & (self.act[b] > t))
        ev = {k: v[keep] for k, v in ev.items()}
        a, b, t, d = ev["a"], ev["b"], ev["t"], ev["d"]
        ct, nomtc = ev["ct"], ev["nomtc"]
        ne = len(a)
        orig = np.where(ev["orig"] >= 0, ev["orig"], self.orig[a])
        hs = ev["hs"].copy()
        dflt = hs < 0
        hs[dflt] = np.where(t[dflt] >= self.hchg[a[dflt]], self.hs2[a[dflt]], self.hs1[a[dflt]])
        cell = ev["cell"].copy()
        dflt = cell < 0
        alt = self.alt_cell[a[dflt]]
        alt = np.where(alt == -2, r.choice(self.c_local, dflt.sum()), alt)
        cell[dflt] = np.where(r.random(dflt.sum()) < 0.72, self.home_cell[a[dflt]], alt)
        self.ev_final = (a, b, t, d, ct)

        H = len(self.h_imei)
        h_volte = np.array(self.h_volte, bool)
        h_special = np.array(self.h_special, np.int8)
        h_svt = np.array(self.h_svt, float)

        rows = []  # dicts of arrays
        # ---------------- moc rows: our subscribers calling, on our network
        m = (ct == 0) & self.sub[a] & (orig == O_INTRA)
        i = np.where(m)[0]
        n = len(i)
        isfix = self.kind[a[i]] == K_FIX
        c = cell[i]
        cvalid = c >= 0
        hh = hs[i]
        hvalid = hh >= 0
        sw = np.where(cvalid, self.cell_sw[np.maximum(c, 0)], SRC_CS)
        lte = np.where(cvalid, self.cell_lte[np.maximum(c, 0)], True)
        volte = hvalid & h_volte[np.maximum(hh, 0)] & lte & (r.random(n) < 0.88) & (sw != SRC_LEGACY)
        src = np.where(isfix, SRC_FIXED, np.where(volte, SRC_IMS, sw))
        # IMEI field code: 0 '', 1 zeros, 2 imei14, 3 imei15, 4 imeisv(sv1), 5 imeisv(sv2), 6 imei15 bad check
        u = r.random(n)
        spec = np.where(hvalid, h_special[np.maximum(hh, 0)], 2)
        code = np.zeros(n, np.int8)
        code = np.where(src == SRC_CS, np.where(u < 0.02, 0, 3), code)
        code = np.where(src == SRC_LEGACY, np.where(u < 0.55, 1, np.where(u < 0.65, 0, 2)), code)
        code = np.where(src == SRC_ROAM, np.where(u < 0.6, 0, 3), code)
        code = np.where(src == SRC_IMS, np.where(t[i] >= h_svt[np.maximum(hh, 0)], 5, 4), code)
        code = np.where(src == SRC_IMS, np.where(u < 0.01, 0, code), code)
        code = np.where(spec == 1, np.where(src == SRC_LEGACY, 1, 1), code)
        code = np.where(spec == 2, 0, code)
        code = np.where((spec == 3) & (code == 3), 6, code)
        code = np.where(isfix, 0, code)
        rows.append(
            dict(
                src=src,
                a=a[i],
                b=b[i],
                t=t[i],
                d=d[i],
                orig=np.full(n, O_INTRA, np.int8),
                hs=hh,
                icode=code,
                cell=np.where(isfix, -1, c),
                imsi=~isfix,
                ctype=np.zeros(n, np.int8),
                ipfx=self.ipfx[a[i]],
            )
        )
        # ---------------- mtc rows: calls terminating on our subscribers
        twin = r.random(ne) < 0.3
        m = (ct == 0) & self.sub[b] & ~nomtc & (~self.sub[a] | (orig != O_INTRA) | twin)
        i = np.where(m)[0]
        n = len(i)
        o = orig[i]
        bc = self.home_cell[b[i]]
        bsw = np.where(bc >= 0, self.cell_sw[np.maximum(bc, 0)], SRC_CS)
        src = np.where(
            o == O_INTL,
            SRC_IGW,
            np.where(
                o == O_INTER,
                SRC_GMSC,
                np.where(self.kind[b[i]] == K_FIX, SRC_FIXED, np.where(bsw == SRC_ROAM, SRC_CS, bsw)),
            ),
        )
        # mediation quirk: some WG02 mtc records carry the served (called) handset's IMEI in caller_imei
        bh = self.hs1[b[i]]
        quirk = (src == SRC_CS) & (bh >= 0) & (r.random(n) < 0.15)
        code = np.where(quirk, 3, 0).astype(np.int8)
        rows.append(
            dict(
                src=src,
                a=a[i],
                b=b[i],
                t=t[i],
                d=d[i],
                orig=o.astype(np.int8),
                hs=np.where(quirk, bh, -1),
                icode=code,
                cell=np.full(n, -1),
                imsi=np.zeros(n, bool),
                ctype=np.ones(n, np.int8),
                ipfx=np.zeros(n, np.int8),
            )
        )
        # ---------------- fwd rows: forwarding leg billed to the forwarding subscriber
        i = np.where(ct == 1)[0]
        n = len(i)
        src = np.where(self.kind[a[i]] == K_FIX, SRC_FIXED, SRC_CS)
        rows.append(
            dict(
                src=src,
                a=a[i],
                b=b[i],
                t=t[i],
                d=d[i],
                orig=np.full(n, O_INTRA, np.int8),
                hs=np.full(n, -1),
                icode=np.zeros(n, np.int8),
                cell=np.full(n, -1),
                imsi=np.zeros(n, bool),
                ctype=np.full(n, 2, np.int8),
                ipfx=np.zeros(n, np.int8),
            )
        )
        R = {k: np.concatenate([x[k] for x in rows]) for k in rows[0]}
        return R

    def format_calls(self, R):
        r = self.rng
        n = len(R["a"])
        N = self.n
        nums = np.array(self.num, object)
        kind = self.kind[:N]
        # number styles: 0 national, 1 +86, 2 86, 3 0086, 4 spaced, 5 +86 spaced, 6 local 7-digit
        nat = nums
        is_mob = kind == K_MOB
        is_fix = kind == K_FIX
        is_for = kind == K_FOREIGN
        core = np.array([s[1:] if k == K_FIX else s for s, k in zip(nums, kind)], object)
        forc = np.array([s[1:] if k == K_FOREIGN else "" for s, k in zip(nums, kind)], object)
        sp = np.array(
            [
                f"{s[:3]} {s[3:7]} {s[7:]}" if k == K_MOB else (f"{s[:4]} {s[4:]}" if k == K_FIX else s)
                for s, k in zip(nums, kind)
            ],
            object,
        )
        spe = np.array(
            [
                f"+86 {s[:3]} {s[3:7]} {s[7:]}"
                if k == K_MOB
                else (f"+86 {s[1:4]} {s[4:]}" if k == K_FIX else s)
                for s, k in zip(nums, kind)
            ],
            object,
        )
        styles = [
            np.where(is_for, np.array(["00"] * N, object) + forc, nat),
            np.where(is_mob | is_fix, "+86" + core, nat),
            np.where(is_mob | is_fix, "86" + core, np.where(is_for, "00" + forc, nat)),
            np.where(is_mob | is_fix, "0086" + core, np.where(is_for, "00" + forc, nat)),
            np.where(is_for, nat, sp),
            np.where(is_for, nat, spe),
            np.where(is_fix & self.localnum[:N], np.array([s[4:] for s in nums], object), nat),
        ]
        styles[0] = np.where(is_for, nat, nat)  # national style: foreign kept E.164 ('+855...')
        S = pl.Series("s", np.concatenate(styles).astype(str))
        src, a, b, o, ctp = R["src"], R["a"], R["b"], R["orig"], R["ctype"]
        u = r.random(n)
        # caller style by network element
        cs = np.zeros(n, np.int64)
        cs = np.where(src == SRC_IMS, 1, cs)
        cs = np.where(src == SRC_GMSC, np.where(u < 0.45, 2, np.where(u < 0.9, 0, 1)), cs)
        cs = np.where(src == SRC_IGW, np.where(u < 0.55, 1, np.where(u < 0.9, 3, 2)), cs)
        cs = np.where(src == SRC_ROAM, np.where(u < 0.5, 1, 0), cs)
        cs = np.where((ctp == 1) & (src == SRC_CS), np.where(u < 0.8, 0, 1), cs)
        cs = np.where(self.kind[a] == K_FOREIGN, np.where(u < 0.5, 0, 3), cs)
        u2 = r.random(n)
        cs = np.where(u2 < 0.006, 4, np.where(u2 < 0.009, 5, cs))
        # callee style: dialled digits on moc, normalised on mtc
        u3 = r.random(n)
        es = np.zeros(n, np.int64)
        moc = ctp == 0
        es = np.where(moc & (src == SRC_IMS), np.where(u3 < 0.9, 1, 0), es)
        es = np.where(moc & (src != SRC_IMS), np.where(u3 < 0.05, 1, np.where(u3 < 0.06, 3, 0)), es)
        loc7 = moc & (self.kind[b] == K_FIX) & self.localnum[b] & (src != SRC_IMS)
        es = np.where(loc7 & (r.random(n) < np.where(np.isin(self.pop[a], self.eld_pids), 0.6, 0.2)), 6, es)
        es = np.where((ctp == 1) & np.isin(src, [SRC_CS, SRC_FIXED]), 0, es)
        es = np.where((ctp == 2) & (self.kind[b] == K_FOREIGN), np.where(u3 < 0.6, 3, 1), es)
        es = np.where((ctp == 1) & (src == SRC_GMSC), np.where(u3 < 0.3, 2, 0), es)
        u4 = r.random(n)
        es = np.where(u4 < 0.005, 4, es)
        caller = S.gather(cs * N + a)
        callee = S.gather(es * N + b)
        # IP long-distance prefixes dialled by old people towards non-local numbers
        ipm = (
            (R["ipfx"] > 0)
            & moc
            & ~self.localnum[b]
            & np.isin(self.kind[b], [K_MOB, K_FIX])
            & (src != SRC_IMS)
        )
        ippre = np.array(["", "17951", "12593", "17911"], object)[R["ipfx"]]
        callee_np = callee.to_numpy().astype(object)
        callee_np[ipm] = ippre[ipm] + np.array(self.num, object)[b[ipm]]
        # IMEI strings
        him = np.array(self.h_imei, object)
        H = len(him)
        dig = np.array([[int(ch) for ch in s] for s in him], np.int64) if H else np.zeros((0, 14), np.int64)
        chk = luhn_digit(dig).astype(str)
        bad = ((luhn_digit(dig) + 1 + np.arange(H) % 9) % 10).astype(str)
        sv1 = np.array([f"{x:02d}" for x in self.h_sv1], object)
        sv2 = np.array([f"{x:02d}" for x in self.h_sv2], object)
        imei_tab = pl.Series(
            np.concatenate(
                [np.array(["", "000000000000000"], object), him, him + chk, him + sv1, him + sv2, him + bad]
            ).astype(str)
        )
        ic = R["icode"].astype(np.int64)
        hh = np.maximum(R["hs"], 0)
        idx = np.where(ic <= 1, ic, 2 + (ic - 2) * H + hh)
        imei = imei_tab.gather(idx)
        # cells & regions
        ccode = pl.Series(np.concatenate([[""], self.cell_code]).astype(str))
        cl = R["cell"]
        cell_s = ccode.gather(np.where(cl >= 0, cl + 1, 0))
        creg = self.cell_reg[np.maximum(cl, 0)]
        regcode = np.array([REGION_CODE.get(x, "") for x in creg], object)
        reg = np.where(
            cl < 0,
            "",
            np.where(
                src == SRC_LEGACY, regcode, np.where((src == SRC_ROAM) & (r.random(n) < 0.5), regcode, creg)
            ),
        )
        imsi_all = np.array(self.imsi, object)
        imsi = np.where(R["imsi"] & (r.random(n) > 0.02), imsi_all[a], "")
        # timestamps
        ts = T0 + np.floor(R["t"]).astype("timedelta64[s]")
        base = np.datetime_as_string(ts, unit="s")
        utc = np.datetime_as_string(ts - np.timedelta64(8, "h"), unit="s")
        u5 = r.random(n)
        tsf = np.where(
            src == SRC_LEGACY,
            np.char.replace(base, "T", " "),
            np.where((src == SRC_IGW) & (u5 < 0.4), np.char.add(utc, "Z"), np.char.add(base, "+08:00")),
        )
        # origin / call_type strings
        orig_s = np.array(["intra", "inter", "international"], object)[R["orig"]]
        orig_s = np.where((src == SRC_LEGACY) & (r.random(n) < 0.5), "", orig_s)
        ctype_s = np.array(["moc", "mtc", "fwd"], object)[ctp]
        ctype_s = np.where((src == SRC_LEGACY) & (ctp == 0) & (r.random(n) < 0.3), "", ctype_s)
        # call ids: per network element, unique
        pre = np.array(SRC_PREFIX, object)[src]
        serial = r.permutation(n) + 10**11 + r.integers(0, 10**6)
        cid = pre + np.char.mod("%013d", serial).astype(object)
        df = pl.DataFrame(
            {
                "call_id": cid.astype(str),
                "caller": caller,
                "callee": callee_np.astype(str),
                "start_time": tsf.astype(str),
                "duration_s": R["d"].astype(np.int64),
                "origin": orig_s.astype(str),
                "caller_imei": imei,
                "caller_imsi": imsi.astype(str),
                "caller_cell": cell_s,
                "caller_region": reg.astype(str),
                "call_type": ctype_s.astype(str),
                "_deliv": R["t"] + r.uniform(30, 1800, n),
                "_a": a,
            }
        )
        # re-delivered duplicates (same call_id), arriving hours later in another batch
        k = int(n * 0.004)
        dupi = r.choice(n, k, replace=False)
        dup = df[dupi].with_columns(
            (pl.col("_deliv") + pl.Series(r.uniform(3600, 2 * DAY, k))).alias("_deliv")
        )
        df = pl.concat([df, dup]).sort("_deliv")
        return df

    # ================================================================== output
    def write(self, out):
        os.makedirs(out, exist_ok=True)
        R = self.build_records()
        df = self.format_calls(R)
        callers = np.unique(df["_a"].to_numpy())
        df.drop(["_deliv", "_a"]).write_csv(os.path.join(out, "calls.csv"))
        N = self.n
        # subscribers
        sub = np.where(self.sub[:N])[0]
        inv = {v[0]: k for k, v in POPS.items()}
        act = T0 + np.floor(self.act[sub]).astype("timedelta64[s]")
        acts = np.char.add(np.datetime_as_string(act, unit="s"), "+08:00")
        birth = self.birth[sub]
        sdf = pl.DataFrame(
            {
                "number": [self.num[i] for i in sub],
                "id_hash": [self.idh[i] for i in sub],
                "operator": [self.op[i] for i in sub],
                "card_type": [self.ctype[i] for i in sub],
                "activated_at": acts.astype(str),
                "home_region": [self.reg[i] for i in sub],
                "birth_year": pl.Series([int(x) if x > 0 else None for x in birth], dtype=pl.Int64),
                "guardians": pl.Series([self.guard.get(int(i)) for i in sub], dtype=pl.Utf8),
            }
        )
        sdf.write_csv(os.path.join(out, "subscribers.csv"))
        # truth: every number appearing as caller
        tdf = pl.DataFrame(
            {
                "number": [self.num[i] for i in callers],
                "population": [inv[int(self.pop[i])] for i in callers],
                "is_fraud": [POPS[inv[int(self.pop[i])]][1] for i in callers],
            }
        )
        tdf.write_csv(os.path.join(out, "truth.csv"))
        # extras: fraud onset & victims
        fr = [i for i in callers if POPS[inv[int(self.pop[i])]][1]]
        a_, b_, t_, d_, ct_ = self.ev_final
        fs = (
            pl.DataFrame({"x": np.concatenate([a_, b_]), "t": np.concatenate([t_, t_])})
            .group_by("x")
            .agg(pl.col("t").min())
        )
        first = dict(zip(fs["x"].to_list(), fs["t"].to_list()))
        fmt = lambda x: str(np.datetime_as_string(T0 + np.timedelta64(int(x), "s"), unit="s")) + "+08:00"
        pl.DataFrame(
            {
                "number": [self.num[i] for i in fr],
                "population": [inv[int(self.pop[i])] for i in fr],
                "first_seen": [fmt(first.get(i, 0)) for i in fr],
                "fraud_onset": [
                    fmt(
                        max(first.get(i, 0), self.onset.get(int(i), 0))
                        if inv[int(self.pop[i])] in WARM_POPS
                        else first.get(i, 0)
                    )
                    for i in fr
                ],
            }
        ).write_csv(os.path.join(out, "fraud_onset.csv"))
        isf = np.array([POPS[inv[int(p)]][1] for p in range(len(POPS))], bool)[self.pop[:N]]
        m1 = isf[a_] & ~isf[b_] & (ct_ == 0) & self.sub[b_] & (d_ > 0)
        m2 = isf[b_] & ~isf[a_] & (ct_ == 0) & self.sub[a_] & (d_ > 0)
        vic = np.concatenate([b_[m1], a_[m2]])
        fnum = np.concatenate([a_[m1], b_[m2]])
        vt = np.concatenate([t_[m1], t_[m2]])
        vd = np.concatenate([d_[m1], d_[m2]])
        vdf = (
            pl.DataFrame({"v": vic, "f": fnum, "t": vt, "d": vd})
            .group_by(["v", "f"])
            .agg(pl.col("t").min(), pl.col("d").max(), pl.len().alias("n"))
            .sort("t")
        )
        pl.DataFrame(
            {
                "number": [self.num[i] for i in vdf["v"]],
                "fraud_number": [self.num[i] for i in vdf["f"]],
                "first_contact": [fmt(x) for x in vdf["t"]],
                "answered_calls": vdf["n"],
                "max_duration_s": vdf["d"],
                "engaged": (vdf["d"] >= 240).cast(pl.Int8),
            }
        ).write_csv(os.path.join(out, "victims.csv"))
        return df, sdf, tdf

    def build(self):
        self.build_legit()
        self._guardians()
        self.build_fraud()

    def _guardians(self):
        r = self.rng
        for e in self.E_all:
            if r.random() < 0.45:
                kids = self.children.get(int(e), [])
                if not kids:
                    continue
                g = kids[: r.integers(1, 3)]
                self.guard[int(e)] = ";".join(
                    ("+86" + self.num[k] if (r.random() < 0.05 and self.kind[k] == K_MOB) else self.num[k])
                    for k in g
                )


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    t0 = time.time()
    w = World(args.seed)
    w.build()
    df, sdf, tdf = w.write(args.out)
    nf = int(tdf["is_fraud"].sum())
    print(
        f"seed={args.seed} rows={len(df)} subscribers={len(sdf)} callers={len(tdf)} fraud={nf} "
        f"time={time.time() - t0:.1f}s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
