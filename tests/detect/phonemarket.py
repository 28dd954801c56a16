#!/usr/bin/env python3
"""Blind world 8: a district of Zhengzhou (0371) around a mobile-phone market and the operator's
business halls, seen from one operator's (CMCC) call records over two weeks.

    world.py --seed N --out DIR   ->  DIR/calls.csv, DIR/subscribers.csv, DIR/truth.csv

Everything is drawn from one numpy.random.default_rng(seed).  See README.md for the populations.
"""

import argparse
import hashlib
import hmac
import os
import sys
import time

import numpy as np
import polars as pl

DAYS = 14
DAY = 86400
T0 = np.datetime64("2026-11-02T00:00:00", "s")  # a Monday, local time (+08:00)
LOCAL = "0371"
HENAN = [
    "0370",
    "0372",
    "0373",
    "0374",
    "0375",
    "0376",
    "0377",
    "0378",
    "0379",
    "0391",
    "0392",
    "0393",
    "0394",
    "0395",
    "0396",
    "0398",
]
OTHER = [
    "010",
    "021",
    "020",
    "0755",
    "027",
    "029",
    "0571",
    "025",
    "028",
    "023",
    "0531",
    "0311",
    "0551",
    "0731",
    "0351",
    "0871",
    "0691",
    "0692",
    "0512",
    "0574",
]
REGIONS = [LOCAL] + HENAN + OTHER
RIDX = {r: i for i, r in enumerate(REGIONS)}
NEVER = 10**9

CM3 = [
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
CU3 = ["130", "131", "132", "145", "155", "156", "166", "175", "176", "185", "186", "196"]
CT3 = ["133", "149", "153", "173", "177", "180", "181", "189", "190", "191", "193", "199"]
CMV4 = ["1703", "1705", "1706", "1650", "1651", "1652", "1653", "1654", "1655", "1656"]
OMV4 = [
    "1700",
    "1701",
    "1702",
    "1704",
    "1707",
    "1708",
    "1709",
    "1710",
    "1711",
    "1712",
    "1713",
    "1715",
    "1716",
    "1718",
    "1719",
    "1670",
    "1671",
    "1620",
    "1621",
]
OWN_OPERATOR = "CMCC"
MVNOS = ["MVNO-Woniu", "MVNO-Alicom", "MVNO-JDcom"]

# hour-of-day weights (index 0..23)
PROFILES = {
    "general": [
        0.30,
        0.15,
        0.08,
        0.05,
        0.05,
        0.10,
        0.40,
        1.2,
        2.5,
        3.5,
        4.0,
        3.8,
        3.0,
        2.8,
        3.3,
        3.6,
        3.6,
        3.7,
        4.0,
        4.2,
        4.0,
        3.2,
        2.0,
        0.90,
    ],
    "office": [
        0.05,
        0.02,
        0.01,
        0.01,
        0.01,
        0.02,
        0.10,
        0.60,
        2.2,
        4.5,
        5.0,
        4.5,
        2.5,
        2.5,
        4.5,
        4.8,
        4.8,
        4.3,
        3.0,
        2.2,
        1.8,
        1.3,
        0.60,
        0.20,
    ],
    "elderly": [
        0.05,
        0.02,
        0.01,
        0.01,
        0.05,
        0.30,
        1.5,
        2.8,
        3.5,
        3.5,
        3.2,
        2.5,
        1.5,
        1.5,
        2.0,
        2.5,
        2.8,
        2.8,
        3.0,
        3.2,
        2.5,
        1.2,
        0.30,
        0.10,
    ],
    "hospital": [
        0.80,
        0.60,
        0.50,
        0.40,
        0.40,
        0.60,
        1.2,
        2.5,
        3.5,
        3.5,
        3.2,
        3.0,
        2.5,
        2.4,
        3.0,
        3.2,
        3.0,
        2.8,
        2.5,
        2.4,
        2.2,
        1.8,
        1.3,
        1.0,
    ],
    "migrant": [
        0.20,
        0.10,
        0.05,
        0.05,
        0.10,
        0.40,
        1.2,
        1.8,
        1.5,
        1.2,
        1.2,
        1.5,
        2.5,
        2.0,
        1.2,
        1.2,
        1.3,
        1.8,
        3.0,
        4.5,
        5.0,
        4.5,
        3.0,
        1.0,
    ],
    "child": [
        0.00,
        0.00,
        0.00,
        0.00,
        0.00,
        0.00,
        0.20,
        1.0,
        0.30,
        0.20,
        0.20,
        0.30,
        1.0,
        0.50,
        0.20,
        0.30,
        2.5,
        4.0,
        3.5,
        2.5,
        2.0,
        1.0,
        0.20,
        0.00,
    ],
    "business": [
        0.05,
        0.02,
        0.01,
        0.01,
        0.01,
        0.05,
        0.30,
        1.5,
        3.5,
        5.0,
        5.0,
        4.2,
        2.5,
        3.0,
        4.8,
        5.0,
        4.6,
        3.8,
        2.4,
        1.8,
        1.2,
        0.80,
        0.40,
        0.10,
    ],
    "young": [
        0.90,
        0.50,
        0.25,
        0.10,
        0.05,
        0.05,
        0.20,
        0.60,
        1.5,
        2.5,
        3.0,
        3.2,
        3.0,
        2.6,
        3.0,
        3.2,
        3.3,
        3.5,
        4.0,
        4.6,
        4.8,
        4.5,
        3.5,
        2.0,
    ],
    "shop": [
        0.00,
        0.00,
        0.00,
        0.00,
        0.00,
        0.00,
        0.05,
        0.30,
        1.5,
        3.5,
        4.2,
        4.0,
        3.5,
        3.2,
        3.8,
        4.0,
        4.0,
        3.8,
        3.5,
        3.0,
        2.2,
        1.0,
        0.20,
        0.00,
    ],
    "courier": [
        0.00,
        0.00,
        0.00,
        0.00,
        0.00,
        0.02,
        0.20,
        1.5,
        3.5,
        4.5,
        4.8,
        4.2,
        2.5,
        2.8,
        4.6,
        4.8,
        4.5,
        4.0,
        3.0,
        2.0,
        1.0,
        0.40,
        0.10,
        0.00,
    ],
    "rider": [
        0.10,
        0.05,
        0.02,
        0.00,
        0.00,
        0.00,
        0.10,
        0.50,
        1.0,
        1.6,
        3.5,
        6.0,
        6.5,
        3.5,
        1.5,
        1.2,
        1.5,
        3.5,
        5.5,
        5.8,
        3.5,
        2.0,
        1.2,
        0.50,
    ],
}
PROF_ID = {k: i for i, k in enumerate(PROFILES)}
# weekend multiplier by profile
WEEKEND = {
    "general": 1.05,
    "office": 0.35,
    "elderly": 1.0,
    "hospital": 0.8,
    "migrant": 1.15,
    "child": 1.4,
    "business": 0.30,
    "young": 1.1,
    "shop": 1.3,
    "courier": 0.8,
    "rider": 1.15,
}

# edge types for the social graph
ET_HOUSE, ET_EXTFAM, ET_FRIEND, ET_COLL, ET_ACQ, ET_SVC, ET_REMOTE, ET_BIZ = range(8)
ET_LAM = np.array([0.20, 0.085, 0.05, 0.075, 0.014, 0.010, 0.10, 0.04])
ET_ANS = np.array([0.88, 0.85, 0.78, 0.80, 0.66, 0.93, 0.85, 0.72])
ET_MED = np.array([65, 150, 85, 55, 45, 130, 260, 60], dtype=float)
ET_SIG = np.array([0.95, 1.0, 1.0, 0.9, 0.9, 0.8, 1.0, 0.9])
ET_WKND = np.array([1.1, 1.35, 1.3, 0.2, 1.0, 0.5, 1.35, 0.35])

ORIG_INTRA, ORIG_INTER, ORIG_INTL = 0, 1, 2
# populations that behave like people (they ring back missed callers, react to scams)
PERSON_POPS = {
    "resident",
    "office_worker",
    "elderly",
    "migrant_worker",
    "hospital_staff",
    "dual_sim_household",
    "small_trader",
    "forwarding_user",
    "new_card_user",
    "estate_agent",
    "courier",
    "rider",
    "shop_staff",
    "repair_tech",
    "hospital_visitor",
    "business_roamer",
    "offnet_contact",
    "property_mgmt",
}
CT_MOC, CT_MTC, CT_FWD = 0, 1, 2


def luhn_digit(d14):
    s = 0
    for i, ch in enumerate(reversed(d14)):
        n = ord(ch) - 48
        if i % 2 == 0:
            n *= 2
            if n > 9:
                n -= 9
        s += n
    return str((10 - s % 10) % 10)


class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        rng = self.rng
        self.hkey = rng.bytes(32)
        # ---------------- number registry ----------------
        self.n_str = []  # canonical (national / +CC for international / short code)
        self.n_kind = []  # cm cmv iot cu ct omv fixed svc intl ghost
        self.n_own = []
        self.n_pop = []
        self.n_fraud = []
        self.n_cform = []  # presentation when caller
        self.n_dist = []  # lives/works in the district (records in scope)
        self.num_idx = {}
        self.used_blocks = set()
        self.blocks = {}
        self.block_cursor = {}
        # line attributes (aligned with numbers, filled with defaults)
        self.a_home = []
        self.a_work = []
        self.a_prof = []
        self.a_act = []
        self.a_reg = []  # region where the line normally is
        self.a_ton = []
        self.a_toff = []
        self.a_sim = []
        # subscriber info for own lines: idx -> dict
        self.subs = {}
        # identities
        self.id_str = []
        self.id_birth = []
        # devices
        self.d_tac = []
        self.d_snr = []
        self.d_volte = []
        self.d_svn = []
        # sims
        self.sim_imsi = []
        self.imsi_used = set()
        # device schedules: (line, t_from, dev)
        self.sched = []
        # cells
        self._make_cells()
        self._make_tacs()
        # calls
        self.chunks = []
        self.resim = {}
        # social edges
        self.E = {"src": [], "dst": [], "typ": [], "lam": [], "ton": []}
        self.census = {}

    # ------------------------------------------------------------------ helpers
    def rint(self, a, b):
        return int(self.rng.integers(a, b + 1))

    def choice(self, seq, p=None):
        i = self.rng.choice(len(seq), p=p)
        return seq[i]

    def _make_cells(self):
        rng = self.rng
        self.cell_str = []
        self.cell_reg = []
        self.zone = {}
        used = set()

        def mk(zone, n, lac, region):
            ids = []
            for _ in range(n):
                while True:
                    ci = int(rng.integers(10000, 65535))
                    if (lac, ci) not in used:
                        used.add((lac, ci))
                        break
                ids.append(len(self.cell_str))
                self.cell_str.append(f"460-00-{lac}-{ci}")
                self.cell_reg.append(RIDX[region])
            self.zone[zone] = np.array(ids)

        mk("market", 4, 29501, LOCAL)
        mk("resid", 36, 29502, LOCAL)
        mk("village", 8, 29503, LOCAL)
        mk("office", 12, 29504, LOCAL)
        mk("hospital", 4, 29505, LOCAL)
        mk("transit", 10, 29506, LOCAL)
        mk("city", 40, 29410, LOCAL)
        for k, r in enumerate(REGIONS[1:]):
            mk("reg_" + r, 3, 30000 + 37 * k, r)
        self.cell_reg = np.array(self.cell_reg)
        nb = np.arange(len(self.cell_str))
        for z, ids in self.zone.items():
            if len(ids) > 1:
                nb[ids] = np.roll(ids, 1)
        self.cell_nb = nb
        self.district_cells = np.concatenate(
            [self.zone[z] for z in ["market", "resid", "village", "office", "hospital", "transit"]]
        )

    def _make_tacs(self):
        rng = self.rng

        def tacs(n, first):
            out = []
            for _ in range(n):
                out.append(first + "".join(str(x) for x in rng.integers(0, 10, 8 - len(first))))
            return out

        self.tacpool = {
            "smart": tacs(70, "86") + tacs(10, "35"),
            "oldsmart": tacs(25, "86"),
            "feature": tacs(14, "86"),
            "watch": tacs(6, "86"),
            "goip2g": tacs(2, "86"),
            "goip4g": tacs(2, "86"),
            "module": tacs(3, "86"),
        }
        self.tacw = {}
        for k, v in self.tacpool.items():
            w = 1.0 / np.arange(1, len(v) + 1) ** 0.9
            self.tacw[k] = w / w.sum()

    # ------------------------------------------------------------------ numbers
    def _reg_num(self, s, kind, own, cform=None):
        idx = len(self.n_str)
        self.num_idx[s] = idx
        self.n_str.append(s)
        self.n_kind.append(kind)
        self.n_own.append(own)
        self.n_pop.append("")
        self.n_fraud.append(False)
        self.n_cform.append(cform if cform is not None else s)
        self.n_dist.append(False)
        self.a_home.append(-1)
        self.a_work.append(-1)
        self.a_prof.append(0)
        self.a_act.append(1.0)
        self.a_reg.append(0)
        self.a_ton.append(-NEVER)
        self.a_toff.append(NEVER)
        self.a_sim.append(-1)
        return idx

    def _new_block(self, region, grp):
        rng = self.rng
        while True:
            if grp == "cm":
                b = self.choice(CM3) + f"{int(rng.integers(0, 10000)):04d}"
            elif grp == "cu":
                b = self.choice(CU3) + f"{int(rng.integers(0, 10000)):04d}"
            elif grp == "ct":
                b = self.choice(CT3) + f"{int(rng.integers(0, 10000)):04d}"
            elif grp == "cmv":
                b = self.choice(CMV4) + f"{int(rng.integers(0, 1000)):03d}"
            elif grp == "omv":
                b = self.choice(OMV4) + f"{int(rng.integers(0, 1000)):03d}"
            else:
                raise ValueError(grp)
            if b not in self.used_blocks:
                self.used_blocks.add(b)
                self.blocks.setdefault((region, grp), []).append(b)
                return b

    def block_of(self, region, grp):
        bl = self.blocks.get((region, grp), [])
        want = {"cm": 40, "cu": 14, "ct": 14, "cmv": 4, "omv": 6}[grp] if region == LOCAL else 3
        if len(bl) < want:
            return self._new_block(region, grp)
        return bl[int(self.rng.integers(0, len(bl)))]

    def mobile_str(self, region, grp):
        while True:
            b = self.block_of(region, grp)
            s = b + f"{int(self.rng.integers(0, 10000)):04d}"
            if s not in self.num_idx:
                return s

    def consecutive_strs(self, region, grp, n, spread=3):
        """n nearly consecutive numbers from one block (a shop's or dealer's number pool)."""
        b = self.block_of(region, grp)
        start = int(self.rng.integers(0, 9000))
        out = []
        k = start
        while len(out) < n:
            k += 1 + int(self.rng.integers(0, spread))
            s = b + f"{k % 10000:04d}"
            if s not in self.num_idx:
                out.append(s)
        return out

    def fixed_str(self, region=LOCAL):
        rng = self.rng
        while True:
            if region == LOCAL:
                s = LOCAL + self.choice(["5", "6", "6", "6", "8"]) + f"{int(rng.integers(0, 10**7)):07d}"
            else:
                s = region + self.choice(["5", "6", "8"]) + f"{int(rng.integers(0, 10**7)):07d}"
            if s not in self.num_idx:
                return s

    def ghost(self, s):
        """a number that exists only as a callee (unknown to the world's populations)."""
        i = self.num_idx.get(s)
        if i is None:
            i = self._reg_num(s, "ghost", False)
        return i

    def random_ghost(self, region=LOCAL, grp=None):
        if grp is None:
            grp = self.choice(["cm", "cu", "ct"], p=[0.58, 0.22, 0.20])
        return self.ghost(self.mobile_str(region, grp))

    # ------------------------------------------------------------------ identities, devices, sims
    def new_identity(self, birth=None, company=False, region="410105"):
        rng = self.rng
        if company:
            al = "0123456789ABCDEFGHJKLMNPQRTUWXY"
            s = "9141" + "".join(al[i] for i in rng.integers(0, len(al), 14))
            birth = None
        else:
            y = birth
            s = (
                f"{region}{y}{int(rng.integers(1, 13)):02d}{int(rng.integers(1, 29)):02d}"
                f"{int(rng.integers(0, 1000)):03d}" + self.choice(list("0123456789X"))
            )
        self.id_str.append(s)
        self.id_birth.append(birth)
        return len(self.id_str) - 1

    def new_device(self, cls, snr=None, tac=None):
        rng = self.rng
        if tac is None:
            pool = self.tacpool[cls]
            tac = pool[rng.choice(len(pool), p=self.tacw[cls])]
        if snr is None:
            snr = int(rng.integers(0, 10**6))
        self.d_tac.append(tac)
        self.d_snr.append(snr % 10**6)
        volte = cls in ("smart", "watch", "goip4g") or (cls == "oldsmart" and rng.random() < 0.5)
        self.d_volte.append(volte)
        self.d_svn.append(f"{int(rng.integers(1, 60)):02d}")
        return len(self.d_tac) - 1

    def new_phone(self, cls="smart"):
        """a handset; smartphones are dual-SIM and get a second, adjacent IMEI for slot 2."""
        d1 = self.new_device(cls)
        if cls in ("smart", "oldsmart"):
            d2 = self.new_device(cls, snr=self.d_snr[d1] + 1, tac=self.d_tac[d1])
            self.d_volte[d2] = self.d_volte[d1]
            self.d_svn[d2] = self.d_svn[d1]
            return d1, d2
        return d1, -1

    def new_sim(self, mvno=False):
        rng = self.rng
        while True:
            plmn = self.choice(["46000", "46002", "46007", "46008"], p=[0.45, 0.35, 0.15, 0.05])
            s = plmn + f"{int(rng.integers(0, 10**10)):010d}"
            if s not in self.imsi_used:
                self.imsi_used.add(s)
                self.sim_imsi.append(s)
                return len(self.sim_imsi) - 1

    def put(self, line, t, dev):
        self.sched.append((line, t, dev))

    # ------------------------------------------------------------------ lines
    def own_line(
        self,
        pop,
        region=LOCAL,
        grp="cm",
        s=None,
        ident=None,
        activated=None,
        card_type="mobile",
        operator=OWN_OPERATOR,
        birth=None,
        dist=True,
        fraud=False,
        home=-1,
        work=-1,
        prof="general",
        act=1.0,
        where=None,
    ):
        if s is None:
            s = self.mobile_str(region, grp)
        kind = {"cm": "cm", "cmv": "cmv", "cu": "cm", "ct": "cm", "iot": "iot"}[grp]
        i = self._reg_num(s, kind, True)
        self.n_pop[i] = pop
        self.n_fraud[i] = fraud
        self.n_dist[i] = dist
        self.a_home[i] = home
        self.a_work[i] = work
        self.a_prof[i] = PROF_ID[prof]
        self.a_act[i] = act
        self.a_reg[i] = RIDX[where if where else (LOCAL if dist else region)]
        self.a_sim[i] = self.new_sim()
        if activated is None:
            activated = self.old_activation()
        if ident is None:
            ident = self.new_identity(birth if birth else self.rint(1965, 2000))
        self.subs[i] = dict(
            ident=ident,
            operator=operator,
            card_type=card_type,
            activated=int(activated),
            home_region=region,
            guardians="",
        )
        return i

    def offnet_line(
        self, pop, region=LOCAL, grp=None, s=None, dist=True, home=-1, prof="general", act=1.0, fraud=False
    ):
        if grp is None:
            grp = self.choice(["cu", "ct", "omv"], p=[0.52, 0.45, 0.03])
        if s is None:
            s = self.mobile_str(region, grp)
        i = self._reg_num(s, grp, False)
        self.n_pop[i] = pop
        self.n_fraud[i] = fraud
        self.n_dist[i] = dist
        self.a_home[i] = home
        self.a_prof[i] = PROF_ID[prof]
        self.a_act[i] = act
        self.a_reg[i] = RIDX[LOCAL if dist else region]
        return i

    def other_line(self, s, kind, pop="", cform=None, fraud=False):
        i = self.num_idx.get(s)
        if i is not None:
            return i
        i = self._reg_num(s, kind, False, cform)
        self.n_pop[i] = pop
        self.n_fraud[i] = fraud
        return i

    def old_activation(self, lo_years=0.02, hi_years=16):
        y = lo_years + (hi_years - lo_years) * self.rng.random() ** 1.5
        return -int(y * 365.25 * DAY) - int(self.rng.integers(0, DAY))

    # ------------------------------------------------------------------ calls
    def add(
        self,
        t,
        a,
        b,
        dur,
        origin=ORIG_INTRA,
        dev=-1,
        sim=-1,
        cell=-1,
        reg=-1,
        ctype=CT_MOC,
        cform=0,
        bform=-1,
    ):
        t = np.atleast_1d(np.asarray(t, dtype=np.int64))
        n = len(t)

        def arr(x, dt):
            x = np.asarray(x, dtype=dt)
            return np.broadcast_to(x, (n,)).copy() if x.ndim == 0 or len(x) != n else x

        self.chunks.append(
            dict(
                t=t,
                a=arr(a, np.int64),
                b=arr(b, np.int64),
                dur=arr(dur, np.int64),
                origin=arr(origin, np.int8),
                dev=arr(dev, np.int64),
                sim=arr(sim, np.int64),
                cell=arr(cell, np.int64),
                reg=arr(reg, np.int64),
                ctype=arr(ctype, np.int8),
                cform=arr(cform, np.int8),
                bform=arr(bform, np.int8),
            )
        )

    def hours(self, prof_ids):
        prof_ids = np.asarray(prof_ids)
        out = np.zeros(len(prof_ids), dtype=np.int64)
        u = self.rng.random(len(prof_ids))
        for name, pid in PROF_ID.items():
            m = prof_ids == pid
            if m.any():
                w = np.array(PROFILES[name], dtype=float)
                c = np.cumsum(w) / w.sum()
                out[m] = np.minimum(np.searchsorted(c, u[m]), 23)
        return out

    def times(self, days, prof_ids):
        h = self.hours(prof_ids)
        return days * DAY + h * 3600 + self.rng.integers(0, 3600, len(days))

    def lognorm(self, med, sig, n):
        return np.maximum(1, np.round(np.exp(np.log(med) + sig * self.rng.standard_normal(n)))).astype(
            np.int64
        )

    def dialer(self, t_start, t_end, gap_mean, dur):
        """sequential attempts from one line between t_start and t_end; returns start times."""
        n = len(dur)
        ring = np.where(dur > 0, self.rng.integers(4, 14, n), self.rng.integers(12, 40, n))
        gaps = self.rng.exponential(gap_mean, n) + ring + dur
        st = t_start + np.concatenate([[0], np.cumsum(gaps)[:-1]]).astype(np.int64)
        return st[st < t_end]

    def locate(self, lines, t):
        """serving cell of ordinary lines at time t."""
        rng = self.rng
        lines = np.asarray(lines)
        home = self.A_home[lines]
        work = self.A_work[lines]
        hour = (t % DAY) // 3600
        dow = (t // DAY) % 7
        prof = self.A_prof[lines]
        wk = (dow < 5) & (hour >= 9) & (hour < 18)
        hosp = prof == PROF_ID["hospital"]
        at_work = (work >= 0) & (((wk) & (rng.random(len(t)) < 0.85)) | (hosp & (rng.random(len(t)) < 0.45)))
        cell = np.where(at_work, work, home)
        r = rng.random(len(t))
        mov = r < 0.10
        tz = self.zone["transit"]
        cz = self.zone["city"]
        if mov.any():
            pick = np.where(
                rng.random(mov.sum()) < 0.6,
                tz[rng.integers(0, len(tz), mov.sum())],
                cz[rng.integers(0, len(cz), mov.sum())],
            )
            cell[mov] = pick
        nb = (r >= 0.10) & (r < 0.28)
        cell[nb] = self.cell_nb[cell[nb]]
        cell = np.where(
            cell < 0, self.district_cells[rng.integers(0, len(self.district_cells), len(t))], cell
        )
        return cell

    # ================================================================== build the world
    def build(self):
        self.build_services()
        self.build_district()
        self.build_external()
        self.build_business()
        self.build_shops()
        self.build_roamers()
        self.build_fraud()
        self.finalize_lines()

    # ------------------------------------------------------------------ service & business numbers
    def build_services(self):
        rng = self.rng
        self.svc = {}
        for s in [
            "10086",
            "95588",
            "95533",
            "95555",
            "95566",
            "95599",
            "95559",
            "12345",
            "96110",
            "110",
            "120",
            "12315",
            "95311",
            "95338",
            "95546",
        ]:
            kind = "svc"
            self.svc[s] = self.other_line(s, kind, pop="service_number")
        # hotlines called by people (400 numbers) and local business landlines: callees mostly
        self.biz400 = [
            self.other_line("400" + f"{int(rng.integers(0, 10**7)):07d}", "svc", "service_number")
            for _ in range(45)
        ]
        self.biz_fixed = [self.other_line(self.fixed_str(), "fixed", "offnet_business") for _ in range(700)]
        self.hosp_fixed = [
            self.other_line(LOCAL + "6" + f"{int(rng.integers(0, 10**7)):07d}", "fixed", "offnet_business")
            for _ in range(25)
        ]

    # ------------------------------------------------------------------ households of the district
    def build_district(self):
        rng = self.rng
        nh = self.rint(11300, 12300)
        self.households = []
        self.persons = []  # dicts
        self.dist_own = []
        self.dist_all = []
        resid = self.zone["resid"]
        village = self.zone["village"]
        office = self.zone["office"]
        # companies in the office area (office workers are grouped into them)
        self.companies = [[] for _ in range(230)]
        for h in range(nh):
            village_h = rng.random() < 0.16
            home = int(
                village[rng.integers(0, len(village))] if village_h else resid[rng.integers(0, len(resid))]
            )
            size = int(rng.choice([1, 2, 3, 4, 5], p=[0.15, 0.30, 0.33, 0.18, 0.04]))
            if village_h:
                size = min(size, 3)
            comp = []
            if size == 1:
                comp = ["adult"] if rng.random() < 0.62 else ["elder"]
            elif size == 2:
                comp = self.choice(
                    [["adult", "adult"], ["elder", "elder"], ["adult", "child"]], p=[0.58, 0.30, 0.12]
                )
            elif size == 3:
                comp = self.choice(
                    [["adult", "adult", "child"], ["adult", "adult", "elder"], ["adult", "adult", "adult"]],
                    p=[0.68, 0.17, 0.15],
                )
            elif size == 4:
                comp = self.choice(
                    [
                        ["adult", "adult", "child", "child"],
                        ["adult", "adult", "child", "elder"],
                        ["adult"] * 4,
                    ],
                    p=[0.5, 0.32, 0.18],
                )
            else:
                comp = ["adult", "adult", "child", "elder", "elder"]
            migrant_h = village_h and rng.random() < 0.72
            mig_reg = self.choice(HENAN[1:] + ["0551", "0311", "0531"], p=None) if migrant_h else LOCAL
            members = []
            for role in comp:
                if role == "child":
                    age = self.rint(3, 15)
                elif role == "elder":
                    age = self.rint(65, 90)
                else:
                    age = self.rint(19, 64)
                members.append(
                    dict(
                        role=role,
                        age=age,
                        home=home,
                        hh=h,
                        lines=[],
                        migrant=migrant_h and role == "adult",
                        mig_reg=mig_reg,
                    )
                )
            self.households.append(members)
            for m in members:
                self.persons.append(m)
        # assign occupations, phones, operators
        for p in self.persons:
            role, age = p["role"], p["age"]
            birth = 2026 - age
            p["birth"] = birth
            p["ident"] = None
            if role == "child":
                if 6 <= age <= 12 and rng.random() < 0.33:
                    p["phone"] = "watch"
                elif age >= 12 and rng.random() < 0.65:
                    p["phone"] = "teen"
                else:
                    p["phone"] = None
                continue
            if role == "elder" and rng.random() < 0.07:
                p["phone"] = None
                continue
            p["phone"] = "phone"
            if role == "adult":
                if p["migrant"]:
                    p["job"] = "migrant"
                else:
                    r = rng.random()
                    p["job"] = "office" if r < 0.43 else ("hospital" if r < 0.47 else "other")
                    if age > 58 and p["job"] == "office":
                        p["job"] = "other"
            else:
                p["job"] = "retired"
        # create lines
        for hh in self.households:
            parents = [m for m in hh if m["role"] == "adult"]
            for p in hh:
                if not p.get("phone"):
                    continue
                own = rng.random() < 0.58
                if p["phone"] == "watch":
                    own = rng.random() < 0.75  # watches: mostly CMCC cards bought with the watch
                p["own"] = own
                self._person_line(p, own, parents)
        # elderly guardians and relations handled in graph
        self.census_note = None

    def _person_line(self, p, own, parents):
        rng = self.rng
        role = p["role"]
        home = p["home"]
        if role == "child" and p["phone"] == "watch":
            pop, prof, dev_cls, act = "child_watch", "child", "watch", 0.6
        elif role == "child":
            pop, prof, dev_cls, act = "resident", "young", "smart", 0.7
        elif role == "elder":
            pop, prof, act = "elderly", "elderly", 0.55
            dev_cls = "feature" if rng.random() < 0.55 else "oldsmart"
        elif p["job"] == "migrant":
            pop, prof, dev_cls, act = (
                "migrant_worker",
                "migrant",
                ("oldsmart" if rng.random() < 0.5 else "smart"),
                0.9,
            )
        elif p["job"] == "office":
            pop, prof, dev_cls, act = "office_worker", "office", "smart", 1.0
        elif p["job"] == "hospital":
            pop, prof, dev_cls, act = "hospital_staff", "hospital", "smart", 1.0
        else:
            pop, prof, dev_cls, act = "resident", ("young" if p["age"] < 32 else "general"), "smart", 1.0
        act *= rng.gamma(1.3, 1 / 1.3)
        work = -1
        if pop == "office_worker":
            c = int(rng.choice(len(self.companies), p=self._comp_p()))
            self.companies[c].append(p)
            p["company"] = c
            work = int(self._comp_cell[c])
        elif pop == "hospital_staff":
            work = int(self.zone["hospital"][rng.integers(0, 4)])
        elif pop == "migrant_worker":
            work = (
                int(self.zone["city"][rng.integers(0, len(self.zone["city"]))])
                if rng.random() < 0.7
                else int(self.zone["market"][rng.integers(0, 4)])
            )
        elif pop == "resident" and role == "adult" and rng.random() < 0.3:
            work = int(self.district_cells[rng.integers(0, len(self.district_cells))])
        region = p["mig_reg"] if pop == "migrant_worker" else LOCAL
        if own:
            # registered holder: children's watch/teen cards and some elders' cards are in a parent's name
            ident = None
            birth = p["birth"]
            if role == "child" and parents:
                par = parents[0]
                if par.get("ident") is None:
                    par["ident"] = self.new_identity(par["birth"])
                ident = par["ident"]
                birth = par["birth"]
            elif role == "elder" and rng.random() < 0.25:
                ident = self.new_identity(self.rint(1975, 1992))
                birth = self.id_birth[ident]
            else:
                if p.get("ident") is None:
                    p["ident"] = self.new_identity(p["birth"])
                ident = p["ident"]
            grp, ctype, oper = "cm", "mobile", OWN_OPERATOR
            r = rng.random()
            if r < 0.02:
                grp = self.choice(["cu", "ct"])  # ported in (number keeps its old prefix)
            elif r < 0.045 and role != "child":
                grp, ctype, oper = (
                    "cmv",
                    "virtual",
                    self.choice(MVNOS),
                )  # virtual operator riding on the network
            act_t = self.old_activation(0.02, 6 if role == "child" else (22 if role == "elder" else 17))
            li = self.own_line(
                pop,
                region=region,
                grp=grp,
                ident=ident,
                birth=birth,
                activated=act_t,
                home=home,
                work=work,
                prof=prof,
                act=act,
                card_type=ctype,
                operator=oper,
            )
            d1, d2 = self.new_phone(dev_cls)
            p["dev"] = (d1, d2)
            self.put(li, -NEVER, d1)
            # some people buy a new handset at the market during the window
            if dev_cls in ("smart", "oldsmart") and rng.random() < 0.012:
                nd = self.new_phone("smart")
                tc = int(rng.integers(0, DAYS * DAY))
                self.put(li, tc, nd[0])
                p["dev"] = nd
                if rng.random() < 0.3:  # lost phone: new handset and a replacement SIM
                    self.resim[li] = (tc, self.new_sim())
            self.dist_own.append(li)
        else:
            grp = None
            if rng.random() < 0.02:
                grp = "cm"  # ported out: CMCC prefix, now another operator's subscriber
            li = self.offnet_line("offnet_contact", region=region, grp=grp, home=home, prof=prof, act=act)
            self.n_kind[li] = "cu" if grp == "cm" else self.n_kind[li]
        p["lines"].append(li)
        self.dist_all.append(li)
        return li

    def _comp_p(self):
        if not hasattr(self, "_cp"):
            rng = self.rng
            n = len(self.companies)
            size = rng.zipf(1.7, n).clip(1, 80).astype(float)
            self._cp = size / size.sum()
            self._comp_cell = self.zone["office"][rng.integers(0, len(self.zone["office"]), n)]
        return self._cp

    # ------------------------------------------------------------------ contacts outside the district
    def ext_person(self, region=None):
        rng = self.rng
        if region is None:
            r = rng.random()
            region = LOCAL if r < 0.62 else (self.choice(HENAN) if r < 0.88 else self.choice(OTHER))
        own = rng.random() < (0.58 if region == LOCAL else 0.55)
        act = rng.gamma(1.3, 1 / 1.3)
        if own:
            pop = "city_contact" if region == LOCAL else "remote_contact"
            home = (
                int(self.zone["city"][rng.integers(0, 40)])
                if region == LOCAL
                else int(self.zone["reg_" + region][rng.integers(0, 3)])
            )
            li = self.own_line(
                pop, region=region, dist=False, home=home, act=act, birth=self.rint(1950, 2003)
            )
            d = self.new_phone(self.choice(["smart", "oldsmart", "feature"], p=[0.8, 0.12, 0.08]))
            self.put(li, -NEVER, d[0])
        else:
            li = self.offnet_line("offnet_contact", region=region, dist=False, act=act)
        return li

    def build_external(self):
        """extended family, friends and business contacts outside the district; the social graph."""
        rng = self.rng
        E = self.E
        self.ext_lines = []

        def edge(a, b, typ, sym=True, lam_mult=1.0):
            la = ET_LAM[typ] * lam_mult
            asym = np.exp(0.45 * rng.standard_normal())
            E["src"].append(a)
            E["dst"].append(b)
            E["typ"].append(typ)
            E["lam"].append(la * asym)
            E["ton"].append(-NEVER)
            if sym:
                E["src"].append(b)
                E["dst"].append(a)
                E["typ"].append(typ)
                E["lam"].append(la / asym)
                E["ton"].append(-NEVER)

        self._edge = edge
        hh_lines = [[l for m in hh for l in m["lines"]] for hh in self.households]
        # a shared pool of outside friends and business contacts
        pool = [self.ext_person() for _ in range(self.rint(11000, 13000))]
        self.ext_lines.extend(pool)
        pool = np.array(pool)
        self.hh_lines = hh_lines
        # household edges
        for hh, ls in zip(self.households, hh_lines):
            for i in range(len(ls)):
                for j in range(i + 1, len(ls)):
                    edge(ls[i], ls[j], ET_HOUSE)
        # extended family: parents/children/siblings living elsewhere (district or outside)
        nh = len(self.households)
        for h, ls in enumerate(hh_lines):
            if not ls:
                continue
            adults = [m["lines"][0] for m in self.households[h] if m["lines"] and m["role"] != "child"]
            if not adults:
                adults = ls
            mig = any(m["migrant"] for m in self.households[h])
            k = self.rint(1, 3) if not mig else self.rint(2, 4)
            for _ in range(k):
                if rng.random() < 0.35 and not mig:
                    h2 = int(rng.integers(0, nh))
                    tgt = [m["lines"][0] for m in self.households[h2] if m["lines"] and m["role"] != "child"]
                    if not tgt:
                        continue
                    t = tgt[int(rng.integers(0, len(tgt)))]
                    typ = ET_EXTFAM
                else:
                    region = self.households[h][0]["mig_reg"] if mig else None
                    t = self.ext_person(region)
                    self.ext_lines.append(t)
                    typ = ET_REMOTE if self.A_region_of(t) != LOCAL else ET_EXTFAM
                for a in adults[: self.rint(1, len(adults))]:
                    edge(a, t, typ)
            # grandchildren watch -> grandparents
        # friends, acquaintances, colleagues
        dist = np.array(self.dist_all)
        for p in self.persons:
            if not p["lines"] or p["role"] == "child" and p["phone"] == "watch":
                continue
            li = p["lines"][0]
            nf = self.rint(2, 9) if p["role"] != "elder" else self.rint(1, 5)
            for _ in range(nf):
                if rng.random() < 0.45:
                    t = int(dist[rng.integers(0, len(dist))])
                    if t == li:
                        continue
                    edge(li, t, ET_FRIEND)
                else:
                    edge(li, int(pool[rng.integers(0, len(pool))]), ET_FRIEND)
            na = self.rint(3, 14) if p["role"] != "elder" else self.rint(1, 4)
            for t in dist[rng.integers(0, len(dist), na)]:
                if int(t) != li:
                    edge(li, int(t), ET_ACQ)
            # services
            for _ in range(self.rint(1, 3)):
                r = rng.random()
                if r < 0.35:
                    s = self.svc["10086"]
                elif r < 0.65:
                    s = self.svc[self.choice(["95588", "95533", "95555", "95566", "95599", "95559"])]
                elif r < 0.75:
                    s = self.svc["12345"]
                else:
                    s = self.biz400[int(rng.integers(0, len(self.biz400)))]
                edge(li, s, ET_SVC, sym=False)
            for _ in range(self.rint(0, 3)):
                edge(
                    li,
                    self.biz_fixed[int(rng.integers(0, len(self.biz_fixed)))],
                    ET_ACQ,
                    sym=False,
                    lam_mult=0.8,
                )
            if p.get("job") in ("office", "other") and rng.random() < 0.6:
                for t in pool[rng.integers(0, len(pool), self.rint(1, 6))]:
                    edge(li, int(t), ET_BIZ)
        for c, members in enumerate(self.companies):
            ls = [m["lines"][0] for m in members if m["lines"]]
            for i, a in enumerate(ls):
                for b in (
                    rng.choice(ls, size=min(len(ls) - 1, self.rint(2, 7)), replace=False)
                    if len(ls) > 1
                    else []
                ):
                    if int(b) != a and int(b) > a:
                        edge(a, int(b), ET_COLL)
        # hospital staff know each other
        hs = [p["lines"][0] for p in self.persons if p.get("job") == "hospital" and p["lines"]]
        for a in hs:
            for b in rng.choice(hs, size=min(len(hs) - 1, 5), replace=False):
                if int(b) > a:
                    edge(a, int(b), ET_COLL)
            edge(a, self.hosp_fixed[int(rng.integers(0, len(self.hosp_fixed)))], ET_COLL, lam_mult=1.5)
        self.hospital_staff = hs
        self.elderly = [p["lines"][0] for p in self.persons if p["role"] == "elder" and p["lines"]]

    def A_region_of(self, li):
        return REGIONS[self.a_reg[li]]

    # ------------------------------------------------------------------ businesses and their cards
    def build_business(self):
        rng = self.rng
        edge = self._edge
        resid = self.zone["resid"]
        market = self.zone["market"]
        office = self.zone["office"]
        own_adults = [
            p
            for p in self.persons
            if p["role"] == "adult" and p["lines"] and p.get("own") and not p["migrant"]
        ]
        # guardians for elderly own lines: family numbers found in the graph
        src = np.array(self.E["src"])
        dst = np.array(self.E["dst"])
        typ = np.array(self.E["typ"])
        fam = (typ == ET_HOUSE) | (typ == ET_EXTFAM) | (typ == ET_REMOTE)
        for li in self.elderly:
            if li in self.subs and rng.random() < 0.38:
                cand = dst[(src == li) & fam]
                cand = [int(c) for c in cand if self.n_pop[int(c)] not in ("elderly", "child_watch")]
                if cand:
                    g = rng.choice(cand, size=min(len(cand), self.rint(1, 2)), replace=False)
                    self.subs[li]["guardians"] = ";".join(self.n_str[int(x)] for x in g)

        # ---- dual-SIM households: cards shared and swapped among the family's handsets
        self.dual = []
        clear, dual_sched = set(), []
        cand_h = [
            hh
            for hh in self.households
            if sum(1 for m in hh if m.get("own") and m["lines"] and m["role"] != "child") >= 2
        ]
        for k in rng.choice(len(cand_h), size=min(len(cand_h), self.rint(160, 230)), replace=False):
            hh = cand_h[int(k)]
            ms = [m for m in hh if m.get("own") and m["lines"] and m["role"] != "child"]
            lines = [m["lines"][0] for m in ms]
            phones = [m["dev"] for m in ms if m["dev"][1] >= 0][: self.rint(1, 2)]
            if not phones:
                continue
            slots = [d for ph in phones for d in ph]
            if len(lines) > len(slots):
                lines = lines[: len(slots)]
            for li in lines:
                if self.n_pop[li] in ("resident", "office_worker", "elderly"):
                    self.n_pop[li] = "dual_sim_household"
            nev = self.rint(1, 4)
            times = np.sort(rng.integers(0, DAYS * DAY, nev))
            clear.update(lines)
            perm = rng.permutation(len(slots))[: len(lines)]
            for li, sl in zip(lines, perm):
                dual_sched.append((li, -NEVER, slots[sl]))
            for t in times:
                perm = rng.permutation(len(slots))[: len(lines)]
                for li, sl in zip(lines, perm):
                    dual_sched.append((li, int(t), slots[sl]))
            self.dual.append(lines)
        self.sched = [s for s in self.sched if s[0] not in clear] + dual_sched

        # ---- small traders: a business card and a family card in one dual-SIM phone
        self.traders = []
        for k in rng.choice(len(own_adults), size=self.rint(110, 160), replace=False):
            p = own_adults[int(k)]
            if p["dev"][1] < 0 or len(p["lines"]) > 1:
                continue
            li0 = p["lines"][0]
            if self.n_pop[li0] != "resident":
                continue
            self.n_pop[li0] = "small_trader"
            li = self.own_line(
                "small_trader",
                ident=self.subs[li0]["ident"],
                birth=p["birth"],
                home=p["home"],
                work=int(market[rng.integers(0, 4)])
                if rng.random() < 0.4
                else int(resid[rng.integers(0, len(resid))]),
                prof="shop",
                act=1.0,
            )
            p["lines"].append(li)
            self.put(li, -NEVER, p["dev"][1])
            if rng.random() < 0.3:  # cards swapped between slots once
                t = int(rng.integers(0, DAYS * DAY))
                self.put(li, t, p["dev"][0])
                self.put(li0, t, p["dev"][1])
            regulars = [int(x) for x in rng.choice(self.dist_all, 60)]
            suppliers = [
                self.ext_person(LOCAL if rng.random() < 0.6 else self.choice(HENAN))
                for _ in range(self.rint(3, 8))
            ]
            self.traders.append((li, regulars, suppliers))

        # ---- estate agents: personal cards, often two per agent, many owners and clients
        self.agents = []
        for _ in range(self.rint(55, 80)):
            birth = self.rint(1985, 2003)
            ident = self.new_identity(birth)
            home = (
                int(resid[rng.integers(0, len(resid))])
                if rng.random() < 0.7
                else int(self.zone["village"][rng.integers(0, 8)])
            )
            work = (
                int(office[rng.integers(0, len(office))])
                if rng.random() < 0.5
                else int(market[rng.integers(0, 4)])
            )
            ph = self.new_phone("smart")
            lines = []
            for j in range(1 if rng.random() < 0.45 else 2):
                li = self.own_line(
                    "estate_agent",
                    ident=ident,
                    birth=birth,
                    home=home,
                    work=work,
                    prof="business",
                    activated=self.old_activation(0.1, 6),
                )
                self.put(li, -NEVER, ph[j])
                lines.append(li)
            clients = list(rng.choice(self.dist_all, self.rint(150, 300))) + [
                self.random_ghost() for _ in range(self.rint(60, 150))
            ]
            self.agents.append(
                dict(lines=lines, clients=[int(c) for c in clients], phone=ph, home=home, work=work)
            )
        # ---- couriers: company cards (two express companies) and personal cards
        exp_ids = [self.new_identity(company=True) for _ in range(2)]
        self.couriers = []
        for _ in range(self.rint(60, 90)):
            comp = rng.random() < 0.4
            birth = self.rint(1975, 2002)
            ident = exp_ids[int(rng.integers(0, 2))] if comp else self.new_identity(birth)
            li = self.own_line(
                "courier",
                ident=ident,
                birth=None if comp else birth,
                activated=self.old_activation(0.1, 8),
                prof="courier",
                home=int(resid[rng.integers(0, len(resid))]),
            )
            ph = self.new_phone(self.choice(["smart", "oldsmart"]))
            self.put(li, -NEVER, ph[0])
            route = [int(c) for c in rng.choice(resid, self.rint(4, 7), replace=False)]
            self.couriers.append(dict(line=li, route=route))
        # ---- riders and the delivery platform's privacy (AXB) numbers
        plat = self.new_identity(company=True)
        self.privacy = []
        for _ in range(self.rint(24, 36)):
            li = self.own_line("privacy_number", ident=plat, activated=self.old_activation(0.5, 3), dist=True)
            self.privacy.append(li)
        self.riders = []
        for _ in range(self.rint(80, 120)):
            birth = self.rint(1980, 2004)
            li = self.own_line(
                "rider",
                birth=birth,
                activated=self.old_activation(0.05, 6),
                prof="rider",
                home=int(self.zone["village"][rng.integers(0, 8)])
                if rng.random() < 0.5
                else int(resid[rng.integers(0, len(resid))]),
            )
            ph = self.new_phone(self.choice(["smart", "oldsmart"]))
            self.put(li, -NEVER, ph[0])
            self.riders.append(li)
        # ---- debt collection agency: company cards in dual-SIM phones, numbers retired when marked
        coll = self.new_identity(company=True)
        self.coll_cell = int(office[rng.integers(0, len(office))])
        n_ag = self.rint(12, 18)
        self.coll_agents = [self.new_phone("smart") for _ in range(n_ag)]
        ncards = n_ag * 2 + self.rint(14, 24)
        batch_t = [
            self.old_activation(0.3, 1.0),
            self.old_activation(0.05, 0.3),
            int(rng.integers(2, 4)) * DAY + 10 * 3600,
        ]
        self.coll_cards = []
        strs = []
        for bt in batch_t:
            strs += [(s, bt) for s in self.consecutive_strs(LOCAL, "cm", ncards // 3 + 2, spread=2)]
        for s, bt in strs[:ncards]:
            li = self.own_line(
                "collection_agency",
                s=s,
                ident=coll,
                activated=bt + int(rng.integers(0, 600)),
                home=self.coll_cell,
                work=self.coll_cell,
                prof="office",
            )
            self.coll_cards.append(li)
        self.coll_debtors = (
            [int(x) for x in rng.choice(self.dist_all, 1100)]
            + [int(x) for x in rng.choice(self.ext_lines, 300)]
            + [self.random_ghost() for _ in range(450)]
        )
        # ---- telesales company
        tele = self.new_identity(company=True)
        self.tele_cell = int(office[rng.integers(0, len(office))])
        self.tele = []
        for s in self.consecutive_strs(LOCAL, "cm", self.rint(8, 12), spread=5):
            li = self.own_line(
                "telesales",
                s=s,
                ident=tele,
                activated=self.old_activation(0.1, 2),
                home=self.tele_cell,
                work=self.tele_cell,
                prof="office",
            )
            ph = self.new_phone("smart")
            self.put(li, -NEVER, ph[0])
            self.tele.append(li)
        # ---- property management and elevator emergency phones (IoT voice cards)
        prop = self.new_identity(company=True)
        self.prop_staff = []
        for _ in range(self.rint(12, 18)):
            cells = [int(c) for c in rng.choice(resid, self.rint(2, 5), replace=False)]
            li = self.own_line(
                "property_mgmt",
                ident=prop,
                activated=self.old_activation(0.2, 5),
                home=cells[0],
                work=cells[0],
                prof="business",
            )
            ph = self.new_phone(self.choice(["smart", "oldsmart"]))
            self.put(li, -NEVER, ph[0])
            self.prop_staff.append((li, cells))
        maint = self.new_identity(company=True)
        self.elevators = []
        for _ in range(self.rint(30, 48)):
            s = "1440" + f"{int(rng.integers(0, 10**9)):09d}"
            cell = int(resid[rng.integers(0, len(resid))])
            li = self.own_line(
                "elevator_iot",
                s=s,
                grp="iot",
                ident=maint,
                card_type="iot",
                activated=self.old_activation(0.5, 6),
                home=cell,
            )
            d = self.new_device("module")
            self.put(li, -NEVER, d)
            duty = self.prop_staff[int(rng.integers(0, len(self.prop_staff)))][0]
            self.elevators.append((li, cell, duty))
        # ---- people whose calls are forwarded (no-reply / busy to a family member; some unconditional)
        self.fwd_users = {}
        for k in rng.choice(len(own_adults), size=self.rint(90, 140), replace=False):
            p = own_adults[int(k)]
            li = p["lines"][0]
            if self.n_pop[li] not in ("resident", "office_worker"):
                continue
            hh = self.hh_lines[p["hh"]]
            tg = [x for x in hh if x != li]
            if tg and rng.random() < 0.6:
                tgt = tg[int(rng.integers(0, len(tg)))]
            else:
                tgt = self.ext_person(LOCAL)
            self.n_pop[li] = "forwarding_user"
            self.fwd_users[li] = (tgt, "cfu" if rng.random() < 0.2 else "cfnry")

    # ------------------------------------------------------------------ phone market: shops, halls, repair
    def build_shops(self):
        rng = self.rng
        market = self.zone["market"]
        self.shops = []
        nsh = self.rint(16, 22)
        suppliers = [self.ext_person(self.choice(["0755", "0755", LOCAL, "020"])) for _ in range(25)]
        self.suppliers = suppliers
        for k in range(nsh):
            hall = k < 2
            cell = int(market[k % 4])
            staff = []
            for _ in range(self.rint(2, 4) if hall else self.rint(1, 3)):
                li = self.own_line(
                    "shop_staff",
                    birth=self.rint(1978, 2003),
                    activated=self.old_activation(0.1, 9),
                    home=int(self.zone["resid"][rng.integers(0, 36)]),
                    work=cell,
                    prof="shop",
                )
                ph = self.new_phone("smart")
                self.put(li, -NEVER, ph[0])
                staff.append(li)
            test_dev = self.new_phone(self.choice(["smart", "oldsmart", "feature"], p=[0.5, 0.3, 0.2]))[0]
            pool_block = self.block_of(LOCAL, "cm")
            self.shops.append(
                dict(hall=hall, cell=cell, staff=staff, test=test_dev, block=pool_block, sold=[])
            )
        for a in [l for sh in self.shops for l in sh["staff"]]:
            for s in rng.choice(len(suppliers), 3, replace=False):
                self._edge(a, suppliers[int(s)], ET_BIZ, lam_mult=2.0)
        # card sales over the window
        self.sales = []  # (t, shop, line, kind, buyer_line)
        self.new_cards = []
        own_persons = [p for p in self.persons if p["lines"] and p.get("own") and p["role"] != "child"]
        off_persons = [p for p in self.persons if p["lines"] and not p.get("own") and p["role"] == "adult"]
        for d in range(DAYS):
            wk = (d % 7) >= 5
            for si, sh in enumerate(self.shops):
                lam = (6.0 if sh["hall"] else 1.5) * (1.4 if wk else 1.0) * (1.6 if d in (8, 9) else 1.0)
                for _ in range(int(rng.poisson(lam))):
                    t = d * DAY + int(rng.integers(int(9.5 * 3600), int(20.5 * 3600)))
                    kind = self.choice(
                        ["switch", "second", "port", "newcomer", "idle", "elder", "agent"],
                        p=[0.12, 0.15, 0.08, 0.27, 0.26, 0.06, 0.06],
                    )
                    self._sale(t, si, kind, own_persons, off_persons)
        # repair shops
        self.repairs = []
        for k in range(self.rint(5, 8)):
            cell = int(market[int(rng.integers(0, 4))])
            techs = []
            for _ in range(self.rint(1, 2)):
                li = self.own_line(
                    "repair_tech",
                    birth=self.rint(1975, 2000),
                    activated=self.old_activation(0.3, 10),
                    home=int(self.zone["resid"][rng.integers(0, 36)]),
                    work=cell,
                    prof="shop",
                )
                self.put(li, -NEVER, self.new_phone("smart")[0])
                techs.append(li)
            test = self.new_phone(self.choice(["smart", "oldsmart"]))[0]
            self.repairs.append(dict(cell=cell, techs=techs, test=test))

    def _shop_number(self, sh):
        b = sh["block"]
        while True:
            s = b + f"{int(self.rng.integers(0, 10000)):04d}"
            if s not in self.num_idx:
                return s

    def _sale(self, t, si, kind, own_persons, off_persons, forced=None):
        rng = self.rng
        sh = self.shops[si]
        s = self._shop_number(sh)
        buyer = None
        if kind in ("switch", "second", "elder") and own_persons:
            p = own_persons[int(rng.integers(0, len(own_persons)))]
            if kind == "elder":
                cand = [m for m in self.households[p["hh"]] if m["role"] == "elder"]
                if not cand or p["role"] == "elder":
                    kind = "newcomer"
            if kind in ("switch", "second") and (
                p["role"] == "elder"
                or len(p["lines"]) > 1
                or self.n_pop[p["lines"][0]] not in ("resident", "office_worker", "hospital_staff")
            ):
                kind = "idle"
            buyer = p
        if kind == "port" and off_persons:
            buyer = off_persons[int(rng.integers(0, len(off_persons)))]
            if len(buyer["lines"]) != 1:
                kind = "newcomer"
        if kind == "agent" and not self.agents:
            kind = "newcomer"
        pop = {
            "switch": "new_card_user",
            "second": "new_card_user",
            "port": "new_card_user",
            "newcomer": "new_card_user",
            "idle": "new_card_idle",
            "elder": "elderly",
            "agent": "estate_agent",
            "fraud": "",
        }[kind]
        if forced:
            pop = forced["pop"]
        home = int(self.zone["resid"][rng.integers(0, 36)])
        ident, birth, prof = None, None, "general"
        if buyer is not None and kind in ("switch", "second", "port", "elder"):
            if buyer.get("ident") is None:
                buyer["ident"] = self.new_identity(buyer["birth"])
            ident, birth, home = buyer["ident"], buyer["birth"], buyer["home"]
        if kind == "agent":
            ag = self.agents[int(rng.integers(0, len(self.agents)))]
            ident = self.subs[ag["lines"][0]]["ident"]
            birth = self.id_birth[ident]
        if kind == "newcomer":
            birth = self.rint(1996, 2008) if rng.random() < 0.6 else self.rint(1970, 1995)
            prof = "young" if birth > 1994 else "general"
        if forced:
            ident, birth, home = forced["ident"], forced["birth"], forced.get("home", home)
        li = self.own_line(
            pop,
            s=s,
            ident=ident,
            birth=birth,
            activated=t,
            home=home,
            prof=prof,
            fraud=bool(forced and forced.get("fraud")),
            act=float(rng.gamma(1.3, 1 / 1.3)),
        )
        self.a_ton[li] = t
        sale = dict(t=t, shop=si, line=li, kind=kind, buyer=buyer)
        # the handset the card ends up in
        if forced:
            pass
        elif kind == "switch":
            old = buyer["lines"][0]
            self.put(li, t, buyer["dev"][0])
            self.a_toff[old] = t + int(rng.integers(3600, 3 * DAY))
            self.a_work[li] = self.a_work[old]
            self.a_prof[li] = self.a_prof[old]
            self.n_pop[li] = "new_card_user"
            sale["old"] = old
        elif kind == "second":
            d2 = buyer["dev"][1] if buyer["dev"][1] >= 0 else self.new_phone("smart")[0]
            self.put(li, t, d2)
            sale["old"] = buyer["lines"][0]
        elif kind == "port":
            # moving to CMCC with a new number (the old one is kept a few days, then dropped)
            old = buyer["lines"][0]
            self.put(li, t, self.new_phone("smart")[0])
            self.a_toff[old] = t + int(rng.integers(DAY, 4 * DAY))
            sale["old"] = old
        elif kind == "elder":
            el = [m for m in self.households[buyer["hh"]] if m["role"] == "elder"][0]
            self.put(li, t, self.new_phone("feature")[0])
            self.a_prof[li] = PROF_ID["elderly"]
            sale["old"] = el["lines"][0] if el["lines"] else None
            sale["family"] = buyer["lines"][0]
        elif kind == "agent":
            self.put(li, t, self.new_phone("smart")[0])
            ag["lines"].append(li)
            sale["agent"] = ag
        else:
            self.put(li, t, self.new_phone(self.choice(["smart", "oldsmart"], p=[0.8, 0.2]))[0])
        sh["sold"].append(li)
        self.sales.append(sale)
        self.new_cards.append(li)
        return li

    # ------------------------------------------------------------------ visitors and international contacts
    def build_roamers(self):
        rng = self.rng
        edge = self._edge
        # patients' families staying near the hospital, from other Henan cities
        self.visitors = []
        for _ in range(self.rint(200, 320)):
            reg = self.choice(HENAN)
            a = int(rng.integers(-3, DAYS - 1)) * DAY + int(rng.integers(6 * 3600, 20 * 3600))
            stay = int(rng.integers(2, 9)) * DAY
            hc = int(self.zone["hospital"][rng.integers(0, 4)])
            li = self.own_line(
                "hospital_visitor",
                region=reg,
                birth=self.rint(1955, 2000),
                home=hc,
                work=hc,
                prof="general",
                act=1.4,
                where=LOCAL,
            )
            self.a_ton[li] = max(a, 0)
            self.a_toff[li] = a + stay
            self.put(
                li,
                -NEVER,
                self.new_phone(self.choice(["smart", "oldsmart", "feature"], p=[0.6, 0.25, 0.15]))[0],
            )
            for _ in range(self.rint(2, 5)):
                e = self.ext_person(reg)
                edge(li, e, ET_REMOTE, lam_mult=4.0)
            for s in rng.choice(self.hospital_staff, self.rint(0, 2)):
                edge(li, int(s), ET_ACQ, lam_mult=4)
            for s in rng.choice(self.hosp_fixed, 1):
                edge(int(s), li, ET_ACQ, sym=False, lam_mult=6)
            self.visitors.append(li)
        # business travellers from other provinces
        offices = [p["lines"][0] for p in self.persons if p.get("job") == "office" and p["lines"]]
        self.btravel = []
        for _ in range(self.rint(200, 340)):
            reg = self.choice(OTHER)
            d0 = int(rng.integers(0, DAYS - 1))
            if d0 % 7 >= 5:
                d0 = max(0, d0 - 2)
            a = d0 * DAY + int(rng.integers(7 * 3600, 16 * 3600))
            stay = int(rng.integers(1, 4)) * DAY + int(rng.integers(0, 8 * 3600))
            hc = (
                int(self.zone["market"][rng.integers(0, 4)])
                if rng.random() < 0.4
                else int(self.zone["transit"][rng.integers(0, 10)])
            )
            wc = int(self.zone["office"][rng.integers(0, 12)])
            li = self.own_line(
                "business_roamer",
                region=reg,
                birth=self.rint(1968, 1998),
                home=hc,
                work=wc,
                prof="business",
                act=1.5,
                where=LOCAL,
            )
            self.a_ton[li] = a
            self.a_toff[li] = a + stay
            self.put(li, -NEVER, self.new_phone("smart")[0])
            for s in rng.choice(offices, self.rint(2, 6)):
                edge(li, int(s), ET_BIZ, lam_mult=6)
            for _ in range(self.rint(2, 5)):
                edge(li, self.ext_person(reg), ET_BIZ, lam_mult=4)
            edge(li, self.ext_person(reg), ET_REMOTE, lam_mult=2)
            self.btravel.append(li)
        # international contacts: family abroad, business partners
        cc = [
            ("1", 10),
            ("44", 10),
            ("61", 9),
            ("81", 10),
            ("65", 8),
            ("852", 8),
            ("853", 8),
            ("886", 9),
            ("60", 9),
            ("971", 9),
            ("49", 11),
            ("82", 10),
            ("7", 10),
        ]
        self.intl = []
        own_dist = [l for l in self.dist_own if self.n_pop[l] in ("resident", "office_worker", "elderly")]
        for _ in range(self.rint(100, 160)):
            c, n = cc[int(rng.integers(0, len(cc)))]
            digits = c + "".join(str(x) for x in rng.integers(0, 10, n))
            digits = digits[: len(c)] + str(int(rng.integers(2, 10))) + digits[len(c) + 1 :]
            form = "+" + digits if rng.random() < 0.8 else "00" + digits
            li = self.other_line("+" + digits, "intl", "intl_contact", cform=form)
            self.a_prof[li] = PROF_ID["general"]
            for t in rng.choice(own_dist, self.rint(1, 3)):
                edge(li, int(t), ET_REMOTE if rng.random() < 0.7 else ET_BIZ, lam_mult=1.2)
            self.intl.append(li)
        # residents travelling abroad for a few days (their calls home arrive through the international gateway)
        self.abroad = {}
        for k in rng.choice(len(own_dist), self.rint(25, 45), replace=False):
            li = own_dist[int(k)]
            a = int(rng.integers(0, DAYS - 2)) * DAY + int(rng.integers(0, DAY))
            self.abroad[li] = (a, a + int(rng.integers(3, 9)) * DAY)
        # domestic trips
        self.trips = {}
        for k in rng.choice(len(self.dist_own), int(len(self.dist_own) * 0.035), replace=False):
            li = self.dist_own[int(k)]
            if li in self.abroad:
                continue
            a = int(rng.integers(0, DAYS - 1)) * DAY + int(rng.integers(0, DAY))
            self.trips[li] = (a, a + int(rng.integers(1, 5)) * DAY, self.choice(HENAN + OTHER))

    # ================================================================== fraud
    def build_fraud(self):
        self.fraud_gens = []
        self._tcache = {}
        self.victim_calls = []
        self.engaged = []  # (t_end, victim, fraud_line) long conversations, for reactions
        for f in (
            self.f_goip_rotating,
            self.f_goip_fixed_slow,
            self.f_industry_card,
            self.f_dealer_card,
            self.f_box_to_phone,
            self.f_fake_cs_offnet,
            self.f_police_intl,
            self.f_loan_virtual,
            self.f_pig_butchering,
            self.f_wangiri,
            self.f_relay,
            self.f_one_ring,
        ):
            f()

    # --- shared pieces
    def dealer_cards(
        self,
        pop,
        n,
        regions,
        act_lo_d,
        act_hi_d,
        nbatch=2,
        grp="cm",
        card_type="mobile",
        operator=OWN_OPERATOR,
        births=(1950, 2006),
        share_id=0.3,
    ):
        """real-name cards collected by a card dealer: many holders, activated in batches."""
        rng = self.rng
        lines = []
        bt = [-int(rng.uniform(act_lo_d, act_hi_d) * DAY) for _ in range(nbatch)]
        ident = None
        per = int(np.ceil(n / nbatch))
        k = 0
        for b in range(nbatch):
            reg = regions[int(rng.integers(0, len(regions)))]
            strs = (
                self.consecutive_strs(reg, grp, per, spread=40)
                if rng.random() < 0.5
                else [self.mobile_str(reg, grp) for _ in range(per)]
            )
            for s in strs:
                if k >= n:
                    break
                if ident is None or rng.random() > share_id:
                    ident = self.new_identity(
                        self.rint(*births), region="41" + f"{int(rng.integers(1, 18)):02d}26"
                    )
                li = self.own_line(
                    pop,
                    region=reg,
                    grp=grp,
                    s=s,
                    ident=ident,
                    fraud=True,
                    card_type=card_type,
                    operator=operator,
                    activated=bt[b] + int(rng.integers(0, 2400)),
                    where=LOCAL,
                )
                lines.append(li)
                k += 1
        return lines

    def fraud_targets(self, script):
        """who a script aims at: weights over district lines and outside contacts."""
        if script in self._tcache:
            return self._tcache[script]
        pool = np.array(self.dist_all + self.ext_lines[: len(self.ext_lines) // 2])
        if not hasattr(self, "_leak"):
            # leaked customer lists: the same people are on many rings' (and telesales') lists
            self._leak = np.where(self.rng.random(len(pool)) < 0.15, 4.0, 1.0)
        pop = np.array([self.n_pop[i] for i in pool])
        w = np.ones(len(pool))
        if script == "police":
            w[pop == "elderly"] = 4.0
            w[pop == "office_worker"] = 1.5
        elif script == "refund":
            w[pop == "elderly"] = 0.3
            w[pop == "office_worker"] = 2.0
            w[pop == "new_card_user"] = 1.5
            w[pop == "resident"] = 1.5
        elif script == "loan":
            w[pop == "elderly"] = 0.2
            w[pop == "migrant_worker"] = 2.5
            w[pop == "small_trader"] = 2.5
            w[pop == "resident"] = 1.4
        elif script == "leader":
            w[pop == "office_worker"] = 3.0
            w[pop == "hospital_staff"] = 2.0
            w[pop == "elderly"] = 0.5
        w = w * self._leak[: len(pool)]
        w[np.isin(pop, ["child_watch", "privacy_number", "elevator_iot"])] = 0
        own = np.array([self.n_own[i] and self.n_dist[i] for i in pool])
        res = (pool, w / w.sum(), pool[own], w[own] / w[own].sum())
        self._tcache[script] = res
        return res

    def pick_targets(self, script, n, own_only=False, seg_frac=0.0):
        rng = self.rng
        pool, w, opool, ow = self.fraud_targets(script)
        if own_only:
            return opool[rng.choice(len(opool), n, p=ow)]
        out = pool[rng.choice(len(pool), n, p=w)]
        if seg_frac > 0:
            m = rng.random(n) < seg_frac
            k = int(m.sum())
            if k:
                out[m] = self.segment(k)
        return out

    def segment(self, k):
        """number-segment dialling: consecutive numbers of a local block (most are strangers or unassigned)."""
        grp = self.choice(["cm", "cu", "ct"], p=[0.6, 0.2, 0.2])
        b = self.block_of(LOCAL, grp)
        st = int(self.rng.integers(0, 10000 - k)) if k < 10000 else 0
        return np.array([self.ghost(b + f"{(st + j) % 10000:04d}") for j in range(k)])

    def outcome(self, callees, p_ans, p_eng, eng=(300, 2400), mid=(20, 200)):
        """durations of fraud/dialer attempts: unanswered 0, hang-ups, conversations, engaged victims."""
        rng = self.rng
        n = len(callees)
        kinds = np.array([self.n_kind[c] for c in callees])
        unassigned = (kinds == "ghost") & (rng.random(n) < 0.3)
        ans = (rng.random(n) < p_ans) & ~unassigned
        r = rng.random(n)
        hang = np.clip(self.lognorm(9, 0.6, n), 1, 40)
        midd = np.clip(self.lognorm(np.sqrt(mid[0] * mid[1]), 0.55, n), mid[0] // 2, mid[1] * 2)
        engd = np.clip(self.lognorm(np.sqrt(eng[0] * eng[1]), 0.5, n), eng[0] // 2, eng[1] * 2)
        dur = np.where(r < 1 - p_eng - 0.3, hang, np.where(r < 1 - p_eng, midd, engd))
        return np.where(ans, dur, 0)

    def seq(self, t, dur):
        """push sorted start times apart so that one SIM never has two calls at once."""
        t = np.array(t, dtype=np.int64)
        dur = np.asarray(dur, dtype=np.int64)
        if len(t) < 2:
            return t
        ring = self.rng.integers(8, 30, len(t))
        tl, dl, rl = t.tolist(), dur.tolist(), ring.tolist()
        for i in range(1, len(tl)):
            e = tl[i - 1] + dl[i - 1] + rl[i - 1]
            if tl[i] < e:
                tl[i] = e
        return np.array(tl, dtype=np.int64)

    def emit_own(self, line, t, callees, dur, dev, cell, reg=None):
        reg = RIDX[LOCAL] if reg is None else reg
        sim = self.a_sim[line]
        t = np.asarray(t, dtype=np.int64)
        if len(t) > 1:
            o = np.argsort(t, kind="stable")
            t, callees, dur = t[o], np.asarray(callees)[o], np.asarray(dur)[o]
            if np.ndim(dev):
                dev = np.asarray(dev)[o]
            if np.ndim(cell):
                cell = np.asarray(cell)[o]
            t = self.seq(t, dur)
        self.add(t, line, callees, dur, ORIG_INTRA, dev, sim, cell, reg, CT_MOC)
        self.note_engaged(t, callees, dur, line)

    def note_engaged(self, t, callees, dur, line):
        m = np.asarray(dur) > 240
        for tt, c, d in zip(np.asarray(t)[m], np.asarray(callees)[m], np.asarray(dur)[m]):
            self.engaged.append((int(tt + d), int(c), int(line)))

    def day_active(self, d, weekend_p=0.7):
        return (d % 7) < 5 or self.rng.random() < weekend_p

    # --- F1: GoIP ring, several cards rotating through each port
    def f_goip_rotating(self):
        rng = self.rng
        regs = [self.choice(HENAN), self.choice(HENAN + ["0871", "0551"])]
        n = self.rint(12, 16)
        lines = self.dealer_cards("fraud_goip_rotating", n, regs, 10, 40, nbatch=3, share_id=0.35)
        nports = 4
        base = int(rng.integers(0, 10**6 - 10))
        tac = self.tacpool["goip2g"][0]
        snrs = base + np.cumsum(rng.integers(1, 4, nports))
        ports = [self.new_device("goip2g", snr=int(s), tac=tac) for s in snrs]
        cell = int(self.zone["village"][rng.integers(0, 8)])
        d0, d1 = self.rint(1, 3), self.rint(9, 13)

        def gen():
            quota = {l: int(rng.poisson(420)) for l in lines}
            used = {l: 0 for l in lines}
            cards = {p: [lines[i] for i in range(len(lines)) if i % nports == p] for p in range(nports)}
            for d in range(d0, d1 + 1):
                if not self.day_active(d, 0.6):
                    continue
                for s0, s1 in [(10 * 3600, 12 * 3600 + 1800), (14 * 3600, 21 * 3600)]:
                    for p in range(nports):
                        t = d * DAY + s0 + int(rng.integers(0, 900))
                        while t < d * DAY + s1:
                            live = [l for l in cards[p] if used[l] < quota[l]]
                            if not live:
                                break
                            l = live[int(rng.integers(0, len(live)))]
                            slot = int(rng.integers(40, 95)) * 60
                            k = int(rng.integers(25, 60))
                            callees = self.pick_targets("police", k, seg_frac=0.45)
                            dur = self.outcome(callees, 0.27, 0.06)
                            st = self.dialer(t, min(t + slot, d * DAY + s1), 20, dur)
                            k = len(st)
                            c = np.where(rng.random(k) < 0.2, self.cell_nb[cell], cell)
                            self.emit_own(l, st, callees[:k], dur[:k], ports[p], c)
                            used[l] += k
                            t += slot + int(rng.integers(30, 300))
                    # cards are re-seated now and then
                    if rng.random() < 0.15:
                        a, b = rng.choice(nports, 2, replace=False)
                        if cards[a] and cards[b]:
                            i, j = int(rng.integers(0, len(cards[a]))), int(rng.integers(0, len(cards[b])))
                            cards[a][i], cards[b][j] = cards[b][j], cards[a][i]

        self.fraud_gens.append(gen)

    # --- F2: 4G GoIP, one card per port, IMEIs rewritten to phone models, slow pace
    def f_goip_fixed_slow(self):
        rng = self.rng
        n = self.rint(4, 6)
        lines = []
        for _ in range(n):
            ident = self.new_identity(self.rint(1990, 2005))
            li = self.own_line(
                "fraud_goip_fixed_slow",
                ident=ident,
                fraud=True,
                activated=-int(rng.uniform(60, 150) * DAY) - int(rng.integers(0, DAY)),
            )
            lines.append(li)
        devs = [self.new_device("smart") for _ in range(n)]
        cell = int(self.zone["resid"][rng.integers(0, 36)])
        start = self.rint(0, 3)
        ctrl = [self.random_ghost(), lines[0]]

        def gen():
            for i, l in enumerate(lines):
                dev = devs[i]
                # quiet warm-up calls before the campaign
                for d in range(0, start + 1):
                    for _ in range(int(rng.poisson(1.2))):
                        t = d * DAY + int(rng.integers(9 * 3600, 21 * 3600))
                        c = ctrl[0] if l == lines[0] else ctrl[int(rng.integers(0, 2))]
                        self.emit_own(l, [t], [c], [int(rng.integers(15, 200))], dev, cell)
                for d in range(start, DAYS):
                    lam = (15 if (d % 7) < 5 else 9) * (1.35 if d >= 9 else 1.0)
                    k = int(rng.poisson(lam))
                    if k == 0:
                        continue
                    t = np.sort(d * DAY + rng.integers(10 * 3600, 20 * 3600, k))
                    callees = self.pick_targets("refund", k)
                    dur = self.outcome(callees, 0.33, 0.14, eng=(600, 3000))
                    c = np.where(rng.random(k) < 0.15, self.cell_nb[cell], cell)
                    self.emit_own(l, t, callees, dur, dev, c)
                    # engaged victims get a second call from another card of the ring
                    for tt, cc, dd in zip(t, callees, dur):
                        if dd > 600 and rng.random() < 0.5:
                            l2 = lines[int(rng.integers(0, n))]
                            t2 = int(tt + dd + rng.integers(1800, 6 * 3600))
                            if t2 < DAYS * DAY:
                                self.emit_own(
                                    l2,
                                    [t2],
                                    [cc],
                                    [int(rng.integers(120, 1500))],
                                    devs[lines.index(l2)],
                                    cell,
                                )

        self.fraud_gens.append(gen)

    # --- F3: industry (company) cards bought from a company, half in a SIM box, half in phones
    def f_industry_card(self):
        rng = self.rng
        n = self.rint(6, 10)
        comp = self.new_identity(company=True)
        act = -int(rng.uniform(25, 60) * DAY) + int(rng.integers(9 * 3600, 17 * 3600))
        lines = []
        for s in self.consecutive_strs(LOCAL, "cm", n, spread=2):
            lines.append(
                self.own_line(
                    "fraud_industry_card",
                    s=s,
                    ident=comp,
                    fraud=True,
                    activated=act + int(rng.integers(0, 1800)),
                )
            )
        nbox = n // 2
        box_tac = self.tacpool["goip2g"][-1]
        base = int(rng.integers(0, 10**6 - 10))
        box = [self.new_device("goip2g", snr=base + k, tac=box_tac) for k in range(2)]
        box_cell = int(self.zone["village"][rng.integers(0, 8)])
        phones = [self.new_device("oldsmart") for _ in range(n - nbox)]
        phone_cells = [
            int(self.choice(list(self.zone["city"]) + list(self.zone["transit"]) + list(self.zone["resid"])))
            for _ in range(n - nbox)
        ]

        def gen():
            for i, l in enumerate(lines):
                s = self.rint(0, 8)
                e = min(DAYS - 1, s + self.rint(3, 6))
                for d in range(s, e + 1):
                    if (d % 7) == 6:
                        continue
                    k = int(rng.poisson(rng.uniform(40, 90)))
                    callees = self.pick_targets("loan", k, seg_frac=0.3)
                    dur = self.outcome(callees, 0.3, 0.08, eng=(300, 1500), mid=(30, 300))
                    if i < nbox:
                        # rotating through two box ports during the day
                        t = self.dialer(
                            d * DAY + 9 * 3600 + 1800 + int(rng.integers(0, 3600)),
                            d * DAY + 18 * 3600,
                            60,
                            dur,
                        )
                        k = len(t)
                        dev = np.where((t // 5400) % 2 == i % 2, box[0], box[1])
                        self.emit_own(l, t, callees[:k], dur[:k], dev, box_cell)
                    else:
                        j = i - nbox
                        t = self.dialer(
                            d * DAY + 9 * 3600 + int(rng.integers(0, 5400)), d * DAY + 18 * 3600, 150, dur
                        )
                        k = len(t)
                        c = np.where(rng.random(k) < 0.25, self.cell_nb[phone_cells[j]], phone_cells[j])
                        self.emit_own(l, t, callees[:k], dur[:k], phones[j], c)

        self.fraud_gens.append(gen)

    # --- F4: card dealer's rented real-name cards, each in a second-hand phone, reused after a card burns
    def f_dealer_card(self):
        rng = self.rng
        n = self.rint(6, 9)
        regs = [self.choice(HENAN), self.choice(OTHER), self.choice(HENAN)]
        lines = self.dealer_cards("fraud_dealer_card", n, regs, 7, 25, nbatch=2, share_id=0.2)
        nh = max(2, n // 2 - 1)
        hands = [self.new_device("oldsmart") for _ in range(nh)]
        cells = [int(self.choice(list(self.zone["village"]) + list(self.zone["resid"]))) for _ in range(nh)]
        ctrl = self.offnet_line(
            "offnet_contact", dist=False, region=self.choice(OTHER)
        )  # the handler's number

        def gen():
            cursor = [self.rint(0, 3) * DAY + 9 * 3600 for _ in range(nh)]
            for i, l in enumerate(lines):
                h = i % nh
                t0 = cursor[h]
                # a couple of quiet calls to the handler first
                for _ in range(self.rint(1, 3)):
                    t = t0 - int(rng.integers(3600, 3 * DAY))
                    if t > 0:
                        self.emit_own(l, [t], [ctrl], [int(rng.integers(20, 240))], hands[h], cells[h])
                life = self.rint(2, 5)
                for d in range(t0 // DAY, min(DAYS, t0 // DAY + life)):
                    k = int(rng.poisson(rng.uniform(20, 45)))
                    if k == 0:
                        continue
                    t = np.sort(d * DAY + rng.integers(9 * 3600, 20 * 3600, k))
                    callees = self.pick_targets("leader", k)
                    dur = self.outcome(callees, 0.35, 0.08, eng=(240, 1800))
                    c = np.where(rng.random(k) < 0.2, self.cell_nb[cells[h]], cells[h])
                    self.emit_own(l, t, callees, dur, hands[h], c)
                    if rng.random() < 0.4:
                        self.emit_own(
                            l, [int(t[-1]) + 600], [ctrl], [int(rng.integers(30, 300))], hands[h], cells[h]
                        )
                cursor[h] = (t0 // DAY + life) * DAY + 9 * 3600 + int(rng.integers(0, 4 * 3600))

        self.fraud_gens.append(gen)

    # --- F5: cards bought at the market by recruits, a few hours in a box, then into phones
    def f_box_to_phone(self):
        rng = self.rng
        n = self.rint(4, 6)
        recruits = [(self.new_identity(b), b) for b in (self.rint(1998, 2006), self.rint(1996, 2006))]
        own_p = [p for p in self.persons if p["lines"] and p.get("own") and p["role"] != "child"]
        off_p = [p for p in self.persons if p["lines"] and not p.get("own") and p["role"] == "adult"]
        lines = []
        for i in range(n):
            ident, birth = recruits[i % 2]
            t = self.rint(0, 4) * DAY + int(rng.integers(10 * 3600, 19 * 3600))
            si = int(rng.integers(0, len(self.shops)))
            li = self._sale(
                t,
                si,
                "fraud",
                own_p,
                off_p,
                forced=dict(pop="fraud_box_to_phone", ident=ident, birth=birth, fraud=True),
            )
            lines.append(li)
        box_tac = self.tacpool["goip2g"][0]
        base = int(rng.integers(0, 10**6 - 10))
        box = [self.new_device("goip2g", snr=base + k, tac=box_tac) for k in range(8)]
        box_cell = int(self.zone["village"][rng.integers(0, 8)])
        ctrl = self.random_ghost(LOCAL, "cu")
        phones = [self.new_device(self.choice(["oldsmart", "smart"])) for _ in range(n)]
        pcells = [
            int(self.choice(list(self.zone["resid"]) + list(self.zone["transit"]) + list(self.zone["city"])))
            for _ in range(n)
        ]

        def gen():
            sale_t = {s["line"]: s["t"] for s in self.sales}
            for i, l in enumerate(lines):
                tb = sale_t[l] + int(rng.integers(2 * 3600, 20 * 3600))
                port = box[int(rng.integers(0, 8))]
                k = self.rint(1, 3)
                t = tb + np.cumsum(rng.integers(300, 3600, k))
                self.emit_own(l, t, [ctrl] * k, rng.integers(5, 25, k), port, box_cell)
                tp = int(t[-1]) + int(rng.integers(4 * 3600, 30 * 3600))
                self.put(l, tb, port)
                self.put(l, tp, phones[i])
                life = self.rint(3, 7)
                for d in range(tp // DAY, min(DAYS, tp // DAY + life)):
                    k = int(rng.poisson(rng.uniform(25, 50)))
                    if k == 0:
                        continue
                    lo = max(d * DAY + 9 * 3600, tp)
                    if lo >= d * DAY + 21 * 3600:
                        continue
                    t = np.sort(rng.integers(lo, d * DAY + 21 * 3600, k))
                    callees = self.pick_targets("refund", k)
                    dur = self.outcome(callees, 0.33, 0.1, eng=(400, 2400))
                    c = np.where(rng.random(k) < 0.3, self.cell_nb[pcells[i]], pcells[i])
                    self.emit_own(l, t, callees, dur, phones[i], c)
            self._box_lines = lines

        self.fraud_gens.append(gen)

    # --- F6: fake customer service on other operators' numbers (we only see calls into our subscribers)
    def f_fake_cs_offnet(self):
        rng = self.rng
        lines = []
        for _ in range(self.rint(3, 5)):
            reg = self.choice([LOCAL, self.choice(HENAN), self.choice(OTHER)])
            lines.append(
                self.offnet_line(
                    "fraud_fake_cs_offnet",
                    region=reg,
                    dist=False,
                    fraud=True,
                    grp=self.choice(["cu", "ct", "omv"], p=[0.4, 0.35, 0.25]),
                )
            )

        def gen():
            for l in lines:
                d0 = self.rint(3, 9)
                for d in range(d0, DAYS):
                    k = int(rng.poisson(rng.uniform(10, 30) * (1.5 if d >= 9 else 1)))
                    if k == 0:
                        continue
                    t = np.sort(d * DAY + rng.integers(9 * 3600, 21 * 3600, k))
                    callees = self.pick_targets("refund", k, own_only=True)
                    dur = self.outcome(callees, 0.36, 0.15, eng=(600, 3600))
                    self.add(t, l, callees, dur, ORIG_INTER, ctype=CT_MTC)
                    self.note_engaged(t, callees, dur, l)

        self.fraud_gens.append(gen)

    # --- F7: impersonated police from abroad through the international gateway
    def f_police_intl(self):
        rng = self.rng
        lines = []
        for _ in range(self.rint(3, 5)):
            r = rng.random()
            if r < 0.35:
                digits = "8610" + f"{int(rng.integers(10**7, 10**8))}"
            elif r < 0.6:
                digits = self.choice(["855", "95", "63", "856"]) + "".join(
                    str(x) for x in rng.integers(0, 10, 8)
                )
            else:
                digits = self.choice(["1", "44", "61", "852"]) + "".join(
                    str(x) for x in rng.integers(0, 10, 10)
                )
            form = "+" + digits if rng.random() < 0.7 else "00" + digits
            lines.append(
                self.other_line("+" + digits, "intl", "fraud_police_impersonation", cform=form, fraud=True)
            )

        def gen():
            for l in lines:
                days = sorted(rng.choice(DAYS, self.rint(5, 10), replace=False))
                for d in days:
                    k = int(rng.poisson(rng.uniform(8, 22)))
                    if k == 0:
                        continue
                    t = np.sort(d * DAY + rng.integers(9 * 3600, 18 * 3600, k))
                    callees = self.pick_targets("police", k, own_only=True)
                    dur = self.outcome(callees, 0.3, 0.28, eng=(1200, 5400), mid=(60, 300))
                    self.add(t, l, callees, dur, ORIG_INTL, ctype=CT_MTC)
                    self.note_engaged(t, callees, dur, l)

        self.fraud_gens.append(gen)

    # --- F8: loan scam on virtual-operator (MVNO) cards hosted on the network
    def f_loan_virtual(self):
        rng = self.rng
        mv = self.choice(MVNOS)
        lines = self.dealer_cards(
            "fraud_loan_virtual",
            self.rint(3, 5),
            [LOCAL, self.choice(HENAN)],
            5,
            30,
            nbatch=1,
            grp="cmv",
            card_type="virtual",
            operator=mv,
            share_id=0.0,
            births=(1985, 2005),
        )
        hands = [self.new_device(self.choice(["oldsmart", "smart"])) for _ in lines]
        cells = [int(self.choice(list(self.zone["village"]) + list(self.zone["city"]))) for _ in lines]

        def gen():
            for i, l in enumerate(lines):
                s = self.rint(0, 6)
                for d in range(s, min(DAYS, s + self.rint(4, 9))):
                    k = int(rng.poisson(rng.uniform(30, 70)))
                    if k == 0:
                        continue
                    callees = self.pick_targets("loan", k, seg_frac=0.2)
                    dur = self.outcome(callees, 0.3, 0.07, eng=(300, 1200), mid=(30, 240))
                    t = self.dialer(
                        d * DAY + 9 * 3600 + int(rng.integers(0, 3600)), d * DAY + 19 * 3600, 240, dur
                    )
                    k = len(t)
                    self.emit_own(l, t, callees[:k], dur[:k], hands[i], cells[i])

        self.fraud_gens.append(gen)

    # --- F9: pig butchering: a few victims, long evening calls, the number roams abroad (+86 via the gateway)
    def f_pig_butchering(self):
        rng = self.rng
        lines = []
        for _ in range(self.rint(2, 3)):
            reg = self.choice([LOCAL, self.choice(HENAN), self.choice(OTHER)])
            lines.append(
                self.own_line(
                    "fraud_pig_butchering",
                    region=reg,
                    fraud=True,
                    dist=False,
                    activated=-int(rng.uniform(90, 240) * DAY),
                    birth=self.rint(1985, 1998),
                )
            )
        cands = [
            l
            for l in self.dist_own
            if self.n_pop[l] in ("resident", "office_worker", "hospital_staff", "migrant_worker")
        ]

        def gen():
            for l in lines:
                victims = [int(v) for v in rng.choice(cands, self.rint(2, 3), replace=False)]
                for v in victims:
                    start = self.rint(0, 5)
                    for d in range(start, DAYS):
                        if rng.random() < 0.7:
                            t = d * DAY + int(rng.integers(19 * 3600, 23 * 3600 + 1800))
                            dur = int(self.lognorm(1100, 0.7, 1)[0]) if rng.random() < 0.88 else 0
                            self.add([t], l, [v], [dur], ORIG_INTL, ctype=CT_MTC, cform=1)
                            if dur > 240:
                                self.engaged.append((t + dur, v, l))
                        if rng.random() < 0.3:
                            t = d * DAY + int(rng.integers(12 * 3600, 23 * 3600))
                            self.victim_calls.append((t, v, l, int(self.lognorm(500, 0.8, 1)[0])))

        self.fraud_gens.append(gen)

    # --- F10: wangiri one-ring calls from premium-rate international numbers
    def f_wangiri(self):
        rng = self.rng
        lines = []
        for _ in range(self.rint(5, 8)):
            c, n = [
                ("216", 8),
                ("882", 10),
                ("225", 10),
                ("252", 8),
                ("675", 8),
                ("370", 8),
                ("44", 10),
                ("234", 10),
                ("960", 7),
                ("423", 7),
            ][int(rng.integers(0, 10))]
            digits = (
                c
                + ("7" if c == "44" else str(int(rng.integers(2, 10))))
                + "".join(str(x) for x in rng.integers(0, 10, n - 1))
            )
            form = "+" + digits if rng.random() < 0.6 else "00" + digits
            lines.append(self.other_line("+" + digits, "intl", "fraud_wangiri", cform=form, fraud=True))

        def gen():
            for l in lines:
                for d in sorted(rng.choice(DAYS, self.rint(1, 3), replace=False)):
                    k = int(rng.integers(150, 450))
                    h0 = self.choice([0, 1, 2, 6, 22, 23])
                    t = np.sort(d * DAY + h0 * 3600 + rng.integers(0, 3 * 3600, k))
                    callees = self.pick_targets("wangiri", k, own_only=True)
                    self.add(t, l, callees, 0, ORIG_INTL, ctype=CT_MTC)
                    cb = rng.random(k) < 0.025
                    for tt, cc in zip(t[cb], callees[cb]):
                        self.victim_calls.append(
                            (int(tt + rng.integers(600, 10 * 3600)), int(cc), l, int(rng.integers(15, 150)))
                        )

        self.fraud_gens.append(gen)

    # --- F11: call-forwarding relay cards: calls from abroad forwarded to victims
    def f_relay(self):
        rng = self.rng
        relays = []
        for _ in range(self.rint(2, 3)):
            ident = self.new_identity(self.rint(1960, 2004))
            li = self.own_line(
                "fraud_callforward_relay", ident=ident, fraud=True, activated=-int(rng.uniform(20, 90) * DAY)
            )
            relays.append(li)
        ups = []
        for _ in range(self.rint(2, 3)):
            digits = self.choice(["855", "95", "60", "63", "856"]) + "".join(
                str(x) for x in rng.integers(0, 10, 9)
            )
            ups.append(
                self.other_line(
                    "+" + digits, "intl", "fraud_callforward_relay", cform="+" + digits, fraud=True
                )
            )
        hands = [self.new_device("oldsmart") for _ in relays]
        cells = [int(self.zone["resid"][rng.integers(0, 36)]) for _ in relays]

        def gen():
            for i, l in enumerate(relays):
                self.put(l, -NEVER, hands[i])
                s = self.rint(0, 6)
                for d in range(s, DAYS):
                    if rng.random() < 0.2:
                        continue
                    k = int(rng.poisson(rng.uniform(12, 40)))
                    if k == 0:
                        continue
                    t = np.sort(d * DAY + rng.integers(10 * 3600, 20 * 3600, k))
                    up = np.array(ups)[rng.integers(0, len(ups), k)]
                    callees = self.pick_targets("police", k, seg_frac=0.1)
                    dur = self.outcome(callees, 0.3, 0.2, eng=(900, 4200), mid=(40, 300))
                    self.add(t, up, l, dur, ORIG_INTL, ctype=CT_MTC)
                    self.add(
                        t + rng.integers(1, 3, k), l, callees, dur, ORIG_INTL, sim=self.a_sim[l], ctype=CT_FWD
                    )
                    self.note_engaged(t, callees, dur, l)
                    if rng.random() < 0.3:
                        tt = d * DAY + int(rng.integers(9 * 3600, 22 * 3600))
                        self.emit_own(
                            l,
                            [tt],
                            [self.random_ghost(self.choice(OTHER))],
                            [int(rng.integers(20, 200))],
                            hands[i],
                            cells[i],
                        )

        self.fraud_gens.append(gen)

    # --- F12: domestic one-ring callers luring call-backs
    def f_one_ring(self):
        rng = self.rng
        lines = self.dealer_cards(
            "fraud_one_ring", self.rint(2, 4), [LOCAL, self.choice(HENAN)], 15, 60, nbatch=1, share_id=0.5
        )
        cell = int(self.zone["village"][rng.integers(0, 8)])
        hands = [self.new_device(self.choice(["oldsmart", "feature"])) for _ in lines]

        def gen():
            for i, l in enumerate(lines):
                for d in sorted(rng.choice(DAYS, self.rint(5, 10), replace=False)):
                    for h0, h1 in [(12, 14), (19, 23)]:
                        k = int(rng.integers(20, 70))
                        callees = self.pick_targets("wangiri", k, seg_frac=0.6)
                        dur = np.where(rng.random(k) < 0.04, rng.integers(1, 4, k), 0)
                        t = self.dialer(
                            d * DAY + h0 * 3600 + int(rng.integers(0, 1200)), d * DAY + h1 * 3600, 2, dur
                        )
                        t = t - rng.integers(5, 20, len(t)).cumsum() // 2
                        t = np.maximum.accumulate(np.maximum(t, d * DAY + h0 * 3600))
                        k = len(t)
                        self.emit_own(l, t, callees[:k], dur[:k], hands[i], cell)
                        cb = rng.random(k) < 0.03
                        for tt, cc in zip(t[cb], callees[:k][cb]):
                            self.victim_calls.append(
                                (
                                    int(tt + rng.integers(60, 4 * 3600)),
                                    int(cc),
                                    l,
                                    int(rng.integers(20, 200)) if rng.random() < 0.6 else 0,
                                )
                            )

        self.fraud_gens.append(gen)

    # ================================================================== call generation
    def finalize_lines(self):
        self.NL = len(self.a_home)
        self.A_home = np.array(self.a_home, dtype=np.int64)
        self.A_work = np.array(self.a_work, dtype=np.int64)
        self.A_prof = np.array(self.a_prof, dtype=np.int64)
        self.A_act = np.array(self.a_act, dtype=float)
        self.A_reg = np.array(self.a_reg, dtype=np.int64)
        self.A_ton = np.array(self.a_ton, dtype=np.int64)
        self.A_toff = np.array(self.a_toff, dtype=np.int64)
        self.A_sim = np.array(self.a_sim, dtype=np.int64)
        self.A_own = np.array(self.n_own[: self.NL], dtype=bool)
        self.A_dist = np.array(self.n_dist[: self.NL], dtype=bool)
        self.A_pop = np.array(self.n_pop[: self.NL], dtype=object)

    def generate(self):
        self.victim_calls = getattr(self, "victim_calls", [])
        self.prep_new_cards()
        self.prep_business_edges()
        self.gen_social()
        self.gen_new_cards()
        self.gen_business()
        for g in self.fraud_gens:
            g()
        self.gen_services()
        self.gen_reactions()

    # ------------------------------------------------------------------ edges created by card sales
    def prep_new_cards(self):
        rng = self.rng
        E = {k: np.array(v) for k, v in self.E.items()}
        add = {k: [] for k in E}

        def push(src, dst, typ, lam, ton):
            add["src"].append(np.atleast_1d(src))
            add["dst"].append(np.atleast_1d(dst))
            n = len(add["src"][-1])
            add["typ"].append(np.broadcast_to(typ, (n,)).copy())
            add["lam"].append(np.broadcast_to(lam, (n,)).astype(float))
            add["ton"].append(np.broadcast_to(ton, (n,)).astype(np.int64))

        self.broadcast = []
        for s in self.sales:
            li, t, kind = s["line"], s["t"], s["kind"]
            if kind in ("switch", "port") or (kind == "elder" and s.get("old") is not None):
                old = s["old"]
                m = E["src"] == old
                push(np.full(m.sum(), li), E["dst"][m], E["typ"][m], E["lam"][m], t)
                m2 = E["dst"] == old
                push(E["src"][m2], np.full(m2.sum(), li), E["typ"][m2], E["lam"][m2] * 0.6, t + DAY)
                if kind != "elder":
                    conts = np.unique(E["dst"][m])
                    conts = np.array(
                        [c for c in conts if self.n_kind[c] in ("cm", "cu", "ct", "omv", "cmv")],
                        dtype=np.int64,
                    )
                    k = min(len(conts), self.rint(5, 20))
                    self.broadcast.append(
                        (li, t, conts[rng.choice(len(conts), k, replace=False)] if k else [])
                    )
                else:
                    self.a_toff[old] = t + DAY
                    self.A_toff[old] = t + DAY
            elif kind == "elder":
                fam = [x for x in self.hh_lines[s["buyer"]["hh"]] if x != li]
                for f in fam:
                    push([li, f], [f, li], ET_HOUSE, ET_LAM[ET_HOUSE], t)
            elif kind == "second":
                old = s["old"]
                m = E["src"] == old
                conts = np.unique(E["dst"][m])
                if len(conts):
                    c = conts[rng.choice(len(conts), min(len(conts), self.rint(2, 8)), replace=False)]
                    push(np.full(len(c), li), c, ET_ACQ, 0.04, t)
                    push(c, np.full(len(c), li), ET_ACQ, 0.02, t + DAY)
                    self.broadcast.append((li, t, c[: self.rint(1, 4)]))
            elif kind == "newcomer":
                cs = []
                for _ in range(self.rint(4, 10)):
                    e = self.ext_person(self.choice(HENAN + OTHER))
                    cs.append(e)
                    push([li, e], [e, li], ET_REMOTE, ET_LAM[ET_REMOTE] * 1.5, t)
                for d in rng.choice(self.dist_all, self.rint(1, 4)):
                    push([li, int(d)], [int(d), li], ET_FRIEND, ET_LAM[ET_FRIEND], t)
                push(li, self.svc["10086"], ET_SVC, ET_LAM[ET_SVC], t)
                self.broadcast.append((li, t, np.array(cs[: self.rint(3, 8)])))
            elif kind == "idle":
                if rng.random() < 0.4:
                    d = int(rng.choice(self.dist_all))
                    push(li, d, ET_ACQ, 0.03, t)
        # ext_person() above may have added lines after finalize: extend arrays
        self._extend_arrays()
        if add["src"]:
            for k in self.E:
                self.E[k] = list(np.concatenate([E[k]] + add[k]))
        else:
            self.E = {k: list(v) for k, v in E.items()}

    def _extend_arrays(self):
        n = len(self.a_home)
        if n == self.NL:
            return
        toff = self.A_toff.copy()
        self.finalize_lines()
        self.A_toff[: len(toff)] = toff

    def prep_business_edges(self):
        rng = self.rng
        E = self.E
        dist = np.array(self.dist_all)
        homes = self.A_home[dist]
        for li, cells in self.prop_staff:
            res = dist[np.isin(homes, cells)]
            if len(res):
                for r in rng.choice(res, min(len(res), 40), replace=False):
                    E["src"].append(int(r))
                    E["dst"].append(li)
                    E["typ"].append(ET_ACQ)
                    E["lam"].append(0.012)
                    E["ton"].append(-NEVER)
        # regular customers and suppliers ring the small traders' business numbers (orders, deliveries)
        for li, regulars, suppliers in self.traders:
            for r in regulars[: self.rint(15, 45)]:
                E["src"].append(int(r))
                E["dst"].append(li)
                E["typ"].append(ET_ACQ)
                E["lam"].append(0.035)
                E["ton"].append(-NEVER)
            for r in suppliers:
                E["src"].append(int(r))
                E["dst"].append(li)
                E["typ"].append(ET_BIZ)
                E["lam"].append(0.06)
                E["ton"].append(-NEVER)

    # ------------------------------------------------------------------ the social graph
    def gen_social(self):
        rng = self.rng
        src = np.array(self.E["src"], dtype=np.int64)
        dst = np.array(self.E["dst"], dtype=np.int64)
        typ = np.array(self.E["typ"], dtype=np.int64)
        lam = np.array(self.E["lam"], dtype=float)
        ton = np.array(self.E["ton"], dtype=np.int64)
        NL = self.NL
        s_own = self.A_own[src]
        s_dist = self.A_dist[src]
        d_in = dst < NL
        d_own = np.zeros(len(dst), bool)
        d_dist = np.zeros(len(dst), bool)
        d_own[d_in] = self.A_own[dst[d_in]]
        d_dist[d_in] = self.A_dist[dst[d_in]]
        keep = (s_own & s_dist) | (d_own & d_dist)
        # other-network and international callers are only seen when they call our subscribers
        keep &= s_own | d_own
        src, dst, typ, lam, ton = src[keep], dst[keep], typ[keep], lam[keep], ton[keep]
        act = self.A_act[src]
        wdays = 10 + 4 * ET_WKND[typ]
        cnt = rng.poisson(lam * act * wdays)
        idx = np.repeat(np.arange(len(src)), cnt)
        n = len(idx)
        a, b, ty = src[idx], dst[idx], typ[idx]
        # day: weekday vs weekend
        pw = (4 * ET_WKND[ty]) / (10 + 4 * ET_WKND[ty])
        wk = rng.random(n) < pw
        day = np.where(
            wk,
            np.array([5, 6, 12, 13])[rng.integers(0, 4, n)],
            np.array([0, 1, 2, 3, 4, 7, 8, 9, 10, 11])[rng.integers(0, 10, n)],
        )
        prof = self.A_prof[a].copy()
        prof[(ty == ET_COLL) | (ty == ET_BIZ)] = PROF_ID["business"]
        t = self.times(day, prof)
        okt = t >= ton[idx]
        a, b, ty, t = a[okt], b[okt], ty[okt], t[okt]
        n = len(a)
        hour = (t % DAY) // 3600
        pans = ET_ANS[ty] * np.where((hour < 7) | (hour >= 23), 0.6, 1.0)
        ans = rng.random(n) < pans
        med = (
            ET_MED[ty]
            * np.where((self.A_prof[a] == PROF_ID["elderly"]), 1.3, 1.0)
            * np.where((self.A_prof[a] == PROF_ID["migrant"]) & (ty == ET_REMOTE), 1.5, 1.0)
        )
        dur = np.maximum(1, np.round(med * np.exp(ET_SIG[ty] * rng.standard_normal(n)))).astype(np.int64)
        dur = np.where(ans, np.minimum(dur, 3 * 3600), 0)
        kinds = np.array(self.n_kind, dtype=object)[a]
        own_a = self.A_own[a]
        origin = np.where(own_a, ORIG_INTRA, np.where(kinds == "intl", ORIG_INTL, ORIG_INTER)).astype(np.int8)
        ctype = np.where(own_a, CT_MOC, CT_MTC).astype(np.int8)
        sent = np.where(own_a, -2, -1)
        self.add(t, a, b, dur, origin, sent, sent, sent, sent, ctype)
        self.census["social_rows"] = n

    # ------------------------------------------------------------------ new cards: test calls, "this is my new number"
    def gen_new_cards(self):
        rng = self.rng
        for s in self.sales:
            li, t0, sh = s["line"], s["t"], self.shops[s["shop"]]
            r = rng.random()
            if s["kind"] == "fraud":
                r = 0.0 if rng.random() < 0.85 else 0.95
            ntest = 1 + int(rng.random() < 0.2)
            t = t0 + int(rng.integers(90, 900))
            for j in range(ntest):
                if j:
                    t += d + int(rng.integers(20, 300))
                q = rng.random()
                if q < 0.5 or (q >= 0.75 and not s.get("old")):
                    c, d = self.svc["10086"], int(rng.integers(15, 90))
                elif q < 0.75:
                    c, d = sh["staff"][int(rng.integers(0, len(sh["staff"])))], int(rng.integers(3, 18))
                else:
                    c, d = (s.get("family") or s["old"]), int(rng.integers(6, 45))
                if rng.random() < 0.06:
                    d = 0
                if r < 0.75:
                    self.add(
                        [t], li, [c], [d], ORIG_INTRA, sh["test"], self.A_sim[li], sh["cell"], RIDX[LOCAL]
                    )
                elif r < 0.9:
                    self.add([t], li, [c], [d], ORIG_INTRA, -2, -2, sh["cell"], RIDX[LOCAL])
        for li, t0, conts in self.broadcast:
            conts = np.asarray(conts, dtype=np.int64)
            k = len(conts)
            if k == 0:
                continue
            t = t0 + np.sort(rng.integers(1800, 2 * DAY, k))
            h = (t % DAY) // 3600
            t = np.where((h < 8), t + 9 * 3600, t)
            dur = np.where(rng.random(k) < 0.75, self.lognorm(45, 0.7, k), 0)
            self.add(t, li, conts, dur, ORIG_INTRA, -2, -2, -2, -2)

    # ------------------------------------------------------------------ businesses
    def day_factor(self, d, weekend):
        return weekend if (d % 7) >= 5 else 1.0

    def gen_business(self):
        rng = self.rng
        dist = np.array(self.dist_all)
        dpop = self.A_pop[dist]
        cust_w = np.where(
            np.isin(
                dpop, ["office_worker", "resident", "new_card_user", "dual_sim_household", "forwarding_user"]
            ),
            1.5,
            np.where(dpop == "elderly", 0.4, 1.0),
        )
        cust_w = np.where(np.isin(dpop, ["child_watch"]), 0, cust_w)
        cust_p = cust_w / cust_w.sum()
        homes = self.A_home[dist]
        ext = np.array(self.ext_lines)
        # ---- couriers
        for c in self.couriers:
            li, route = c["line"], c["route"]
            local = dist[np.isin(homes, route)]
            for d in range(DAYS):
                f = (0.7 if d % 7 == 6 else 1.0) * (1.9 if 11 <= d <= 13 else 1.0)
                k = int(rng.poisson(24 * f))
                if k == 0:
                    continue
                t = np.sort(self.times(np.full(k, d), np.full(k, PROF_ID["courier"])))
                r = rng.random(k)
                cal = np.where(
                    r < 0.7,
                    local[rng.integers(0, len(local), k)]
                    if len(local)
                    else dist[rng.integers(0, len(dist), k)],
                    dist[rng.choice(len(dist), k, p=cust_p)],
                )
                gm = r > 0.92
                cal[gm] = [self.random_ghost() for _ in range(int(gm.sum()))]
                dur = np.where(rng.random(k) < 0.78, self.lognorm(28, 0.6, k), 0)
                cell = np.array(route)[rng.integers(0, len(route), k)]
                t = self.seq(t, dur)
                self.add(t, li, cal, dur, ORIG_INTRA, -2, -2, cell, -2)
        # ---- riders through the platform's privacy numbers
        X = np.array(self.privacy)
        for li in self.riders:
            for d in range(DAYS):
                k = int(rng.poisson(11 * self.day_factor(d, 1.1)))
                if k == 0:
                    continue
                t = np.sort(self.times(np.full(k, d), np.full(k, PROF_ID["rider"])))
                cust = dist[rng.choice(len(dist), k, p=cust_p)]
                g = rng.random(k) < 0.1
                cust[g] = [self.random_ghost() for _ in range(int(g.sum()))]
                dur = np.where(rng.random(k) < 0.8, self.lognorm(25, 0.6, k), 0)
                t = self.seq(t, dur)
                via = rng.random(k) < 0.72
                x = X[rng.integers(0, len(X), k)]
                self.add(t[~via], li, cust[~via], dur[~via], ORIG_INTRA, -2, -2, -2, -2)
                self.add(t[via], li, x[via], dur[via], ORIG_INTRA, -2, -2, -2, -2)
                self.add(
                    t[via] + rng.integers(1, 4, int(via.sum())),
                    x[via],
                    cust[via],
                    dur[via],
                    ORIG_INTRA,
                    -1,
                    -1,
                    -1,
                    -1,
                    CT_FWD,
                )
                # customers calling the rider back through the privacy number
                cb = via & (rng.random(k) < 0.09)
                for tt, cc, xx in zip(t[cb], cust[cb], x[cb]):
                    tt = int(tt + rng.integers(60, 1200))
                    dd = int(self.lognorm(20, 0.6, 1)[0]) if rng.random() < 0.85 else 0
                    if cc < self.NL and self.A_own[cc] and self.A_dist[cc]:
                        self.add([tt], cc, [xx], [dd], ORIG_INTRA, -2, -2, -2, -2)
                        org = ORIG_INTRA
                    elif cc < self.NL and self.n_kind[cc] != "ghost":
                        org = ORIG_INTER
                    else:
                        continue
                    self.add([tt + 2], xx, [li], [dd], org, -1, -1, -1, -1, CT_FWD)
        # ---- debt collection agency
        self.gen_collection(dist)
        # ---- telesales
        for li in self.tele:
            dev = [s for s in self.sched if s[0] == li][0][2]
            for d in range(DAYS):
                if d % 7 >= 5 or rng.random() < 0.05:
                    continue
                for s0, s1 in [(9 * 3600, 12 * 3600), (14 * 3600, 18 * 3600)]:
                    k = int(rng.integers(60, 110))
                    seg = rng.random() < 0.55
                    cal = self.segment(k) if seg else self.pick_targets("tele", k)
                    dur = self.outcome(cal, 0.3 if not seg else 0.24, 0.0, mid=(20, 180))
                    t = self.dialer(d * DAY + s0 + int(rng.integers(0, 900)), d * DAY + s1, 30, dur)
                    n = len(t)
                    self.add(
                        t, li, cal[:n], dur[:n], ORIG_INTRA, dev, self.A_sim[li], self.tele_cell, RIDX[LOCAL]
                    )
        # ---- estate agents
        agents_lines = [l for a in self.agents for l in a["lines"]]
        for ag in self.agents:
            cl = np.array(ag["clients"])
            w = 1.0 / np.arange(1, len(cl) + 1) ** 0.6
            w /= w.sum()
            for d in range(DAYS):
                k = int(rng.poisson(18 * self.day_factor(d, 1.3)))
                if k == 0:
                    continue
                t = np.sort(self.times(np.full(k, d), np.full(k, PROF_ID["business"])))
                lines = np.array(ag["lines"])
                ln = lines[rng.integers(0, len(lines), k)]
                ok = self.A_ton[ln] <= t
                ln = np.where(ok, ln, lines[0])
                r = rng.random(k)
                cal = np.where(
                    r < 0.8,
                    cl[rng.choice(len(cl), k, p=w)],
                    np.array(agents_lines)[rng.integers(0, len(agents_lines), k)],
                )
                dur = np.where(rng.random(k) < 0.56, self.lognorm(50, 0.9, k), 0)
                cell = np.where(rng.random(k) < 0.5, ag["work"], self.zone["resid"][rng.integers(0, 36, k)])
                t = self.seq(t, dur)
                self.add(t, ln, cal, dur, ORIG_INTRA, -2, -2, cell, -2)
        # ---- small traders' business cards
        for li, regulars, suppliers in self.traders:
            for d in range(DAYS):
                k = int(rng.poisson(9 * self.day_factor(d, 1.1)))
                if k == 0:
                    continue
                t = self.times(np.full(k, d), np.full(k, PROF_ID["shop"]))
                r = rng.random(k)
                cal = np.where(
                    r < 0.6,
                    np.array(regulars)[rng.integers(0, len(regulars), k)],
                    np.where(
                        r < 0.85,
                        np.array(suppliers)[rng.integers(0, len(suppliers), k)],
                        dist[rng.integers(0, len(dist), k)],
                    ),
                )
                dur = np.where(rng.random(k) < 0.8, self.lognorm(40, 0.8, k), 0)
                t = self.seq(np.sort(t), dur)
                self.add(t, li, cal, dur, ORIG_INTRA, -2, -2, -2, -2)
        # ---- property management and elevator phones
        for li, cells in self.prop_staff:
            res = dist[np.isin(homes, cells)]
            if not len(res):
                res = dist
            remind = set(int(x) for x in rng.choice([0, 1, 2, 3, 4, 7, 8, 9, 10, 11], 2, replace=False))
            for d in range(DAYS):
                k = int(rng.poisson(7 * self.day_factor(d, 0.4))) + (
                    int(rng.poisson(35)) if d in remind else 0
                )
                if k == 0:
                    continue
                t = self.times(np.full(k, d), np.full(k, PROF_ID["business"]))
                cal = res[rng.integers(0, len(res), k)]
                dur = np.where(rng.random(k) < 0.7, self.lognorm(50, 0.8, k), 0)
                cell = np.array(cells)[rng.integers(0, len(cells), k)]
                t = self.seq(np.sort(t), dur)
                self.add(t, li, cal, dur, ORIG_INTRA, -2, -2, cell, -2)
        for li, cell, duty in self.elevators:
            dev = [s for s in self.sched if s[0] == li][0][2]
            for d in (0, 7):
                if rng.random() < 0.85:
                    t = d * DAY + int(rng.integers(9 * 3600, 11 * 3600))
                    self.add(
                        [t],
                        li,
                        [duty],
                        [int(rng.integers(8, 40))],
                        ORIG_INTRA,
                        dev,
                        self.A_sim[li],
                        cell,
                        RIDX[LOCAL],
                    )
            if rng.random() < 0.15:
                t = int(rng.integers(0, DAYS * DAY))
                d1 = int(rng.integers(20, 240))
                self.add(
                    [t, t + d1 + 25],
                    li,
                    [duty, self.prop_staff[0][0]],
                    [d1, int(rng.integers(0, 60))],
                    ORIG_INTRA,
                    dev,
                    self.A_sim[li],
                    cell,
                    RIDX[LOCAL],
                )
        # ---- shops: staff phones, buyers, suppliers
        for sh in self.shops:
            sold = np.array(sh["sold"]) if sh["sold"] else dist[:1]
            sold_t = self.A_ton[sold]
            for li in sh["staff"]:
                for d in range(DAYS):
                    k = int(rng.poisson(9 * self.day_factor(d, 1.2)))
                    if k == 0:
                        continue
                    t = np.sort(self.times(np.full(k, d), np.full(k, PROF_ID["shop"])))
                    r = rng.random(k)
                    cand = sold[sold_t < d * DAY]
                    buyers = (
                        cand[rng.integers(0, len(cand), k)]
                        if len(cand)
                        else dist[rng.integers(0, len(dist), k)]
                    )
                    sup = np.array(self.suppliers)[rng.integers(0, len(self.suppliers), k)]
                    col = np.array(sh["staff"])[rng.integers(0, len(sh["staff"]), k)]
                    cal = np.where(
                        r < 0.3,
                        buyers,
                        np.where(r < 0.55, sup, np.where(r < 0.7, col, dist[rng.integers(0, len(dist), k)])),
                    )
                    m = cal != li
                    dur = np.where(rng.random(k) < 0.75, self.lognorm(45, 0.8, k), 0)
                    t = self.seq(t, dur)
                    self.add(t[m], li, cal[m], dur[m], ORIG_INTRA, -2, -2, -2, -2)
        # ---- repair shops: customers' SIMs tested in the shop's phone; technicians call customers
        cust_pool = [
            l
            for l in self.dist_own
            if self.n_pop[l]
            in (
                "resident",
                "office_worker",
                "elderly",
                "migrant_worker",
                "dual_sim_household",
                "small_trader",
            )
        ]
        hh_of = {}
        for h, ls in enumerate(self.hh_lines):
            for l in ls:
                hh_of[l] = h
        for rp in self.repairs:
            custs = []
            for d in range(DAYS):
                for _ in range(int(rng.poisson(5 * self.day_factor(d, 1.3)))):
                    c = cust_pool[int(rng.integers(0, len(cust_pool)))]
                    custs.append(c)
                    t = d * DAY + int(rng.integers(int(9.5 * 3600), 20 * 3600))
                    q = rng.random()
                    fam = [x for x in self.hh_lines[hh_of[c]] if x != c] if c in hh_of else []
                    if q < 0.3 or (q < 0.7 and not fam):
                        cal = self.svc["10086"] if rng.random() < 0.6 else rp["techs"][0]
                    elif q < 0.7:
                        cal = fam[int(rng.integers(0, len(fam)))]
                    else:
                        cal = rp["techs"][int(rng.integers(0, len(rp["techs"])))]
                    self.add(
                        [t],
                        c,
                        [cal],
                        [int(rng.integers(5, 40)) if rng.random() < 0.9 else 0],
                        ORIG_INTRA,
                        rp["test"],
                        self.A_sim[c],
                        rp["cell"],
                        RIDX[LOCAL],
                    )
                for li in rp["techs"]:
                    k = int(rng.poisson(7))
                    if k == 0 or not custs:
                        continue
                    t = np.sort(self.times(np.full(k, d), np.full(k, PROF_ID["shop"])))
                    r = rng.random(k)
                    cal = np.where(
                        r < 0.55,
                        np.array(custs)[rng.integers(0, len(custs), k)],
                        np.where(
                            r < 0.85,
                            np.array(self.suppliers)[rng.integers(0, len(self.suppliers), k)],
                            dist[rng.integers(0, len(dist), k)],
                        ),
                    )
                    dur = np.where(rng.random(k) < 0.8, self.lognorm(35, 0.8, k), 0)
                    t = self.seq(t, dur)
                    self.add(t, li, cal, dur, ORIG_INTRA, -2, -2, -2, -2)
        # ---- hospital staff call patients' families (unknown numbers, short)
        vis = np.array(self.visitors)
        for li in self.hospital_staff:
            if not self.A_own[li]:
                continue
            k = int(rng.poisson(2.5 * DAYS))
            d = rng.integers(0, DAYS, k)
            t = self.times(d, np.full(k, PROF_ID["hospital"]))
            r = rng.random(k)
            cal = np.where(
                r < 0.3,
                vis[rng.integers(0, len(vis), k)],
                np.where(r < 0.75, ext[rng.integers(0, len(ext), k)], dist[rng.integers(0, len(dist), k)]),
            )
            dur = np.where(rng.random(k) < 0.75, self.lognorm(60, 0.8, k), 0)
            self.add(t, li, cal, dur, ORIG_INTRA, -2, -2, -2, -2)

    def gen_collection(self, dist):
        rng = self.rng
        cards = list(self.coll_cards)
        act = self.A_ton
        n_ag = len(self.coll_agents)
        active_at = {li: self.subs[li]["activated"] for li in cards}
        spares = [c for c in cards]
        cur = [[None, None] for _ in range(n_ag)]
        life = {}
        debt = np.array(self.coll_debtors)
        w = 1.0 / np.arange(1, len(debt) + 1) ** 0.5
        w /= w.sum()
        # contacts of debtors ("address book" calls)
        src = np.array(self.E["src"])
        dst = np.array(self.E["dst"])
        order = np.argsort(src, kind="stable")
        s_sorted = src[order]
        self.coll_retired = []
        for d in range(DAYS):
            if d % 7 == 6:
                continue
            sat = d % 7 == 5
            # agents lend each other numbers (a card moves into a colleague's phone)
            for a in range(n_ag):
                if rng.random() < 0.05:
                    b = int(rng.integers(0, n_ag))
                    if b != a:
                        cur[a][0], cur[b][1] = cur[b][1], cur[a][0]
            for a in range(n_ag):
                if sat and rng.random() < 0.5:
                    continue
                for s in range(2):
                    c = cur[a][s]
                    if c is not None and life[c] <= 0:
                        self.coll_retired.append((c, d))
                        c = None
                    if c is None:
                        avail = [x for x in spares if active_at[x] <= d * DAY]
                        if not avail:
                            continue
                        c = avail[0]
                        spares.remove(c)
                        life[c] = int(rng.geometric(1 / 7))
                        self.put(c, d * DAY, self.coll_agents[a][s])
                    cur[a][s] = c
                    life[c] -= 1
                swap = rng.random() < 0.5
                for s in range(2):
                    c = cur[a][s]
                    if c is None:
                        continue
                    half = s ^ int(swap)
                    s0, s1 = [(9 * 3600, 12 * 3600), (13 * 3600 + 1800, 18 * 3600)][half]
                    if sat:
                        s1 = s0 + 2 * 3600
                    k = int(rng.integers(30, 60))
                    r = rng.random(k)
                    cal = debt[rng.choice(len(debt), k, p=w)]
                    for j in np.nonzero(r < 0.3)[0]:
                        lo, hi = np.searchsorted(s_sorted, [cal[j], cal[j] + 1])
                        if hi > lo:
                            cal[j] = dst[order[int(rng.integers(lo, hi))]]
                    dur = self.outcome(cal, 0.4, 0.02, eng=(300, 900), mid=(30, 240))
                    t = self.dialer(d * DAY + s0 + int(rng.integers(0, 1200)), d * DAY + s1, 75, dur)
                    n = len(t)
                    cell = np.where(rng.random(n) < 0.15, self.cell_nb[self.coll_cell], self.coll_cell)
                    self.add(
                        t,
                        c,
                        cal[:n],
                        dur[:n],
                        ORIG_INTRA,
                        self.coll_agents[a][s],
                        self.A_sim[c],
                        cell,
                        RIDX[LOCAL],
                    )

    # ------------------------------------------------------------------ service numbers, other-network businesses
    def gen_services(self):
        rng = self.rng
        own = np.array(
            [
                l
                for l in self.dist_own
                if self.n_pop[l] not in ("privacy_number", "elevator_iot", "child_watch")
            ]
        )
        T = DAYS * DAY

        def spread(k, prof="business"):
            d = rng.integers(0, DAYS, k)
            return self.times(d, np.full(k, PROF_ID[prof]))

        # 10086 outbound (operator's own call centre: intra, no handset)
        k = int(rng.poisson(150 * DAYS))
        self.add(
            spread(k),
            self.svc["10086"],
            own[rng.integers(0, len(own), k)],
            np.where(rng.random(k) < 0.6, self.lognorm(60, 0.8, k), 0),
            ORIG_INTRA,
            -1,
            -1,
            -1,
            -1,
        )
        for s, per_day in [
            ("95588", 30),
            ("95533", 22),
            ("95555", 15),
            ("95566", 10),
            ("95599", 12),
            ("12345", 14),
            ("95311", 25),
            ("95338", 12),
            ("95546", 8),
        ]:
            k = int(rng.poisson(per_day * DAYS))
            self.add(
                spread(k),
                self.svc[s],
                own[rng.integers(0, len(own), k)],
                np.where(rng.random(k) < 0.7, self.lognorm(70, 0.7, k), 0),
                ORIG_INTER,
                ctype=CT_MTC,
            )
        # 96110: anti-fraud centre education/warning calls, the elderly and new cards first
        pop = self.A_pop[own]
        w = np.where(pop == "elderly", 3.0, np.where(pop == "new_card_user", 2.0, 1.0))
        k = int(rng.poisson(18 * DAYS))
        self.add(
            spread(k),
            self.svc["96110"],
            own[rng.choice(len(own), k, p=w / w.sum())],
            np.where(rng.random(k) < 0.65, self.lognorm(70, 0.6, k), 0),
            ORIG_INTER,
            ctype=CT_MTC,
        )
        # hospital landlines: appointment reminders and results
        k = int(rng.poisson(45 * DAYS))
        tgt = np.concatenate([own, np.array(self.visitors)])
        self.add(
            spread(k),
            np.array(self.hosp_fixed)[rng.integers(0, len(self.hosp_fixed), k)],
            tgt[rng.integers(0, len(tgt), k)],
            np.where(rng.random(k) < 0.75, self.lognorm(55, 0.7, k), 0),
            ORIG_INTER,
            ctype=CT_MTC,
        )
        # local businesses' landlines (restaurants, schools, clinics) calling customers
        callers = np.array(self.biz_fixed[:420])
        k = int(rng.poisson(260 * DAYS))
        self.add(
            spread(k),
            callers[rng.integers(0, len(callers), k)],
            own[rng.integers(0, len(own), k)],
            np.where(rng.random(k) < 0.72, self.lognorm(50, 0.8, k), 0),
            ORIG_INTER,
            ctype=CT_MTC,
        )
        # other operators' couriers, shops and call centres: many distinct callees, short calls
        for j in range(self.rint(45, 70)):
            kind = self.choice(["courier", "shop", "callcentre"], p=[0.6, 0.25, 0.15])
            li = self.offnet_line("offnet_business", region=LOCAL, dist=False)
            for d in range(DAYS):
                lam = {
                    "courier": 22 * (1.8 if 11 <= d <= 13 else 1),
                    "shop": 5,
                    "callcentre": 35 if d % 7 < 5 else 0,
                }[kind]
                k = int(rng.poisson(lam))
                if k == 0:
                    continue
                t = np.sort(
                    self.times(
                        np.full(k, d), np.full(k, PROF_ID["courier" if kind == "courier" else "business"])
                    )
                )
                p_ans = {"courier": 0.8, "shop": 0.75, "callcentre": 0.3}[kind]
                med = {"courier": 28, "shop": 50, "callcentre": 35}[kind]
                self.add(
                    t,
                    li,
                    own[rng.integers(0, len(own), k)],
                    np.where(rng.random(k) < p_ans, self.lognorm(med, 0.7, k), 0),
                    ORIG_INTER,
                    ctype=CT_MTC,
                )
        self._extend_arrays()

    # ------------------------------------------------------------------ what victims and call recipients do next
    def gen_reactions(self):
        rng = self.rng
        for t_end, v, fl in self.engaged:
            if self.n_pop[v] not in PERSON_POPS:
                continue
            if v >= self.NL or not (self.A_own[v] and self.A_dist[v]):
                if (
                    v < self.NL
                    and self.n_kind[v] in ("cu", "ct", "omv")
                    and self.A_dist[v]
                    and fl < self.NL
                    and self.A_own[fl]
                    and rng.random() < 0.1
                ):
                    self.add(
                        [t_end + int(rng.integers(600, 6 * 3600))], v, [fl], [0], ORIG_INTER, ctype=CT_MTC
                    )
                continue
            if rng.random() < 0.3:
                t = t_end + int(rng.integers(600, 4 * 3600))
                self.add(
                    [t],
                    self.svc["96110"],
                    [v],
                    [int(self.lognorm(150, 0.6, 1)[0]) if rng.random() < 0.8 else 0],
                    ORIG_INTER,
                    ctype=CT_MTC,
                )
            if rng.random() < 0.1:
                self.add(
                    [t_end + int(rng.integers(300, 6 * 3600))],
                    v,
                    [self.svc["110"]],
                    [int(rng.integers(40, 400))],
                    ORIG_INTRA,
                    -2,
                    -2,
                    -2,
                    -2,
                )
            if rng.random() < 0.12:
                b = self.svc[self.choice(["95588", "95533", "95555", "95566"])]
                self.add(
                    [t_end + int(rng.integers(60, 3 * 3600))],
                    v,
                    [b],
                    [int(rng.integers(60, 600))],
                    ORIG_INTRA,
                    -2,
                    -2,
                    -2,
                    -2,
                )
            if rng.random() < 0.08:
                self.victim_calls.append(
                    (
                        t_end + int(rng.integers(1800, DAY)),
                        v,
                        fl,
                        int(rng.integers(30, 600)) if rng.random() < 0.5 else 0,
                    )
                )
        for t, v, fl, dur in self.victim_calls:
            if t >= DAYS * DAY or self.n_pop[v] not in PERSON_POPS:
                continue
            if v < self.NL and self.A_own[v] and self.A_dist[v]:
                self.add([t], v, [fl], [dur], ORIG_INTRA, -2, -2, -2, -2)
            elif v < self.NL and self.n_kind[v] in ("cu", "ct", "omv") and fl < self.NL and self.A_own[fl]:
                self.add([t], v, [fl], [dur], ORIG_INTER, ctype=CT_MTC)

    # ================================================================== post-processing
    def collect(self):
        keys = self.chunks[0].keys()
        C = {k: np.concatenate([c[k] for c in self.chunks]) for k in keys}
        self.chunks = []
        return C

    def append_rows(self, C, rows):
        if not rows:
            return C
        self.chunks = []
        for r in rows:
            self.add(**r)
        D = self.collect()
        return {k: np.concatenate([C[k], D[k]]) for k in C}

    def postprocess(self):
        rng = self.rng
        self._extend_arrays()
        NL = self.NL
        C = self.collect()
        # ---- call-backs to people who rang and were missed (or want to ring again)
        cbmap = {
            "courier": (0.10, 0.06, 0.85, 30),
            "telesales": (0.02, 0.005, 0.25, 20),
            "collection_agency": (0.03, 0.01, 0.3, 40),
            "estate_agent": (0.08, 0.04, 0.7, 45),
            "shop_staff": (0.05, 0.03, 0.8, 40),
            "repair_tech": (0.06, 0.03, 0.8, 35),
            "property_mgmt": (0.08, 0.03, 0.8, 45),
            "offnet_business": (0.04, 0.01, 0.6, 40),
            "hospital_staff": (0.15, 0.02, 0.9, 50),
            "fraud_goip_rotating": (0.03, 0.01, 0.0, 10),
            "fraud_goip_fixed_slow": (0.04, 0.02, 0.3, 40),
            "fraud_industry_card": (0.04, 0.02, 0.2, 30),
            "fraud_dealer_card": (0.04, 0.02, 0.4, 40),
            "fraud_box_to_phone": (0.04, 0.02, 0.3, 40),
            "fraud_loan_virtual": (0.03, 0.02, 0.3, 60),
            "fraud_fake_cs_offnet": (0.03, 0.02, 0.3, 50),
        }
        a, b, t, dur = C["a"], C["b"], C["t"], C["dur"]
        apop = np.array(self.n_pop, dtype=object)[a]
        b_ok = b < NL
        b_ok[b_ok] &= self.A_dist[b[b_ok]]
        b_ok &= np.isin(np.array(self.n_pop, dtype=object)[b], list(PERSON_POPS))
        pn = np.zeros(len(a))
        pa = np.zeros(len(a))
        pans = np.zeros(len(a))
        med = np.ones(len(a))
        for p, (p0, p1, q, m) in cbmap.items():
            mk = apop == p
            pn[mk] = p0
            pa[mk] = p1
            pans[mk] = q
            med[mk] = m
        sel = b_ok & (rng.random(len(a)) < np.where(dur == 0, pn, pa))
        idx = np.nonzero(sel)[0]
        k = len(idx)
        tb = t[idx] + rng.integers(120, 8 * 3600, k)
        cb_own = self.A_own[b[idx]]
        ans = rng.random(k) < pans[idx]
        dd = np.where(
            ans, np.maximum(1, np.round(med[idx] * np.exp(0.7 * rng.standard_normal(k)))), 0
        ).astype(np.int64)
        caller_own = self.A_own[np.minimum(a[idx], NL - 1)] & (a[idx] < NL)
        keep = (cb_own | caller_own) & (tb < DAYS * DAY)
        rows = []
        m1 = keep & cb_own
        rows.append(
            dict(
                t=tb[m1],
                a=b[idx][m1],
                b=a[idx][m1],
                dur=dd[m1],
                origin=ORIG_INTRA,
                dev=-2,
                sim=-2,
                cell=-2,
                reg=-2,
            )
        )
        m2 = keep & ~cb_own
        rows.append(dict(t=tb[m2], a=b[idx][m2], b=a[idx][m2], dur=dd[m2], origin=ORIG_INTER, ctype=CT_MTC))
        C = self.append_rows(C, rows)
        # ---- line life-times: nothing before activation / after a card is given up
        a, b, t = C["a"], C["b"], C["t"]
        ain = a < NL
        bad = np.zeros(len(a), bool)
        bad[ain] = (t[ain] < self.A_ton[a[ain]]) | (t[ain] >= self.A_toff[a[ain]])
        bin_ = b < NL
        dead = np.zeros(len(a), bool)
        dead[bin_] = (t[bin_] < self.A_ton[b[bin_]]) | (t[bin_] >= self.A_toff[b[bin_]])
        C["dur"][dead] = 0
        bad |= dead & (rng.random(len(a)) < 0.6)
        C = {k: v[~bad] for k, v in C.items()}
        # ---- one SIM, one call at a time (ordinary generated calls are pushed apart; riders' privacy-number
        #      legs are left alone because their forwarded leg is tied to them)
        riders = np.array(sorted(self.riders), dtype=np.int64)
        idx = np.nonzero((C["ctype"] == CT_MOC) & (C["dev"] == -2) & ~np.isin(C["a"], riders))[0]
        for _ in range(6):
            o = idx[np.lexsort((C["t"][idx], C["a"][idx]))]
            tt, aa, dd = C["t"][o], C["a"][o], C["dur"][o]
            pe = np.empty_like(tt)
            pe[0] = -NEVER
            pe[1:] = tt[:-1] + dd[:-1] + 8
            bump = np.concatenate([[False], aa[1:] == aa[:-1]]) & (tt < pe)
            if not bump.any():
                break
            C["t"][o[bump]] = pe[bump] + rng.integers(0, 40, int(bump.sum()))
        # ---- call forwarding
        rows = []
        fu = np.array(sorted(self.fwd_users), dtype=np.int64)
        tgt = np.array([self.fwd_users[x][0] for x in fu], dtype=np.int64)
        cfu = np.array([self.fwd_users[x][1] == "cfu" for x in fu])
        inb = np.isin(C["b"], fu) & (C["ctype"] != CT_FWD)
        ii = np.nonzero(inb)[0]
        pos = np.searchsorted(fu, C["b"][ii])
        is_cfu = cfu[pos]
        go = (is_cfu | ((C["dur"][ii] == 0) & (rng.random(len(ii)) < 0.85))) & (C["a"][ii] != tgt[pos])
        ii, pos, is_cfu = ii[go], pos[go], is_cfu[go]
        k = len(ii)
        fd = np.where(rng.random(k) < 0.78, self.lognorm(55, 0.9, k), 0)
        C["dur"][ii] = fd
        sentinel = np.where(is_cfu, -1, -2)
        rows.append(
            dict(
                t=C["t"][ii] + np.where(is_cfu, 1, 18),
                a=fu[pos],
                b=tgt[pos],
                dur=fd,
                origin=C["origin"][ii],
                dev=sentinel,
                sim=-2,
                cell=sentinel,
                reg=sentinel,
                ctype=CT_FWD,
            )
        )
        # people on unconditional forwarding barely use the line themselves
        own_use = np.isin(C["a"], fu[cfu]) & (C["ctype"] == CT_MOC) & (rng.random(len(C["a"])) < 0.85)
        C = {k: v[~own_use] for k, v in C.items()}
        C = self.append_rows(C, rows)
        # ---- residents abroad: their calls home come in through the international gateway as +86
        a, t = C["a"], C["t"]
        drop = np.zeros(len(a), bool)
        for li, (s, e) in self.abroad.items():
            m = (a == li) & (t >= s) & (t < e) & (C["dev"] == -2) & (C["ctype"] == CT_MOC)
            if not m.any():
                continue
            bo = C["b"][m]
            own_b = bo < NL
            own_b[own_b] = self.A_own[bo[own_b]]
            mi = np.nonzero(m)[0]
            conv = mi[own_b]
            drop[mi[~own_b]] = True
            C["origin"][conv] = ORIG_INTL
            C["ctype"][conv] = CT_MTC
            C["cform"][conv] = 1
            for k in ("dev", "sim", "cell", "reg"):
                C[k][conv] = -1
        C = {k: v[~drop] for k, v in C.items()}
        # ---- domestic trips
        a, t = C["a"], C["t"]
        for li, (s, e, reg) in self.trips.items():
            m = (a == li) & (t >= s) & (t < e) & (C["cell"] == -2)
            n = int(m.sum())
            if n:
                z = self.zone["reg_" + reg]
                C["cell"][m] = z[rng.integers(0, len(z), n)]
                C["reg"][m] = RIDX[reg]
        # ---- resolve handsets, SIMs, cells, regions
        S = np.array(self.sched, dtype=np.int64)
        order = np.lexsort((S[:, 1], S[:, 0]))
        S = S[order]
        OFF = 2 * NEVER
        skey = S[:, 0] * (4 * NEVER) + (S[:, 1] + OFF)
        m = C["dev"] == -2
        rk = C["a"][m] * (4 * NEVER) + (C["t"][m] + OFF)
        pos = np.searchsorted(skey, rk, side="right") - 1
        okp = (pos >= 0) & (S[np.maximum(pos, 0), 0] == C["a"][m])
        dv = np.where(okp, S[np.maximum(pos, 0), 2], -1)
        self.census["rows_without_handset"] = int((~okp).sum())
        C["dev"][m] = dv
        m = C["sim"] == -2
        C["sim"][m] = self.A_sim[C["a"][m]]
        for li, (tc, ns) in self.resim.items():
            m = (C["a"] == li) & (C["t"] >= tc) & (C["sim"] == self.A_sim[li])
            C["sim"][m] = ns
        m = C["cell"] == -2
        C["cell"][m] = self.locate(C["a"][m], C["t"][m])
        m = C["reg"] == -2
        C["reg"][m] = self.A_reg[C["a"][m]]
        inside = (C["t"] >= 0) & (C["t"] < DAYS * DAY)
        return {k: v[inside] for k, v in C.items()}

    # ================================================================== output
    def write(self, C, out):
        rng = self.rng
        os.makedirs(out, exist_ok=True)
        n = len(C["t"])
        # sort by time (ties in random but seeded order)
        tie = rng.permutation(n)
        order = np.lexsort((tie, C["t"]))
        C = {k: v[order] for k, v in C.items()}
        # duplicate deliveries of a few records (same call_id, identical content)
        dup = np.sort(rng.choice(n, max(1, n // 2500), replace=False))
        rowsel = np.sort(np.concatenate([np.arange(n), dup]))
        # strings for numbers
        ns = np.array(self.n_str, dtype=object)
        nk = np.array(self.n_kind, dtype=object)
        cform = np.array(self.n_cform, dtype=object)
        MOB = ("cm", "cmv", "cu", "ct", "omv", "iot")

        def f_plus(s, k):
            if s.startswith("+"):
                return s
            if k == "fixed" or (k == "ghost" and s.startswith("0")):
                return "+86" + s[1:]
            if k in MOB or (k == "ghost" and s.startswith("1")):
                return "+86" + s
            return s

        def f_zz(s, k):
            if s.startswith("+"):
                return "00" + s[1:]
            p = f_plus(s, k)
            return "00" + p[1:] if p.startswith("+") else s

        plus = np.array([f_plus(s, k) for s, k in zip(self.n_str, self.n_kind)], dtype=object)
        zz = np.array([f_zz(s, k) for s, k in zip(self.n_str, self.n_kind)], dtype=object)
        a, b = C["a"], C["b"]
        caller = np.where(C["cform"] == 1, plus[a], cform[a])
        # callee as dialled / signalled
        bk = nk[b]
        mobile = np.isin(bk, ["cm", "cmv", "cu", "ct", "omv", "ghost"]) & np.array(
            [len(x) == 11 for x in ns[b]]
        )
        r = rng.random(n)
        moc = C["ctype"] == CT_MOC
        bf = C["bform"].astype(np.int64)
        auto = bf < 0
        bf = np.where(auto & moc & mobile & (r < 0.05), 1, np.where(auto & moc & mobile & (r < 0.065), 2, 0))
        bf = np.where(auto & ~moc & mobile & (r < 0.03), 1, bf)
        bf = np.where(auto & moc & (bk == "fixed") & (r < 0.03), 1, bf)
        isintl = bk == "intl"
        bf = np.where(isintl & (r < 0.55), 2, np.where(isintl, 0, bf))
        callee = np.where(bf == 1, plus[b], np.where(bf == 2, zz[b], ns[b]))
        # IMEI: 16-digit IMEISV from VoLTE (IMS) records, 15-digit IMEI from circuit-switched records
        ndev = len(self.d_tac)
        i15 = np.empty(ndev + 1, dtype=object)
        i16 = np.empty(ndev + 1, dtype=object)
        for i in range(ndev):
            d14 = self.d_tac[i] + f"{self.d_snr[i]:06d}"
            i15[i] = d14 + luhn_digit(d14)
            i16[i] = d14 + self.d_svn[i]
        i15[ndev] = None
        i16[ndev] = None
        dev = C["dev"]
        volte = np.zeros(n, bool)
        hd = dev >= 0
        volte[hd] = np.array(self.d_volte, dtype=bool)[dev[hd]]
        use16 = volte & (rng.random(n) < 0.95)
        di = np.where(hd, dev, ndev)
        imei = np.where(use16, i16[di], i15[di])
        imsi_t = np.array(self.sim_imsi + [None], dtype=object)
        imsi = imsi_t[np.where(C["sim"] >= 0, C["sim"], len(self.sim_imsi))]
        cell_t = np.array(self.cell_str + [None], dtype=object)
        cell = cell_t[np.where(C["cell"] >= 0, C["cell"], len(self.cell_str))]
        reg_t = np.array(REGIONS + [None], dtype=object)
        reg = reg_t[np.where(C["reg"] >= 0, C["reg"], len(REGIONS))]
        origin = np.array(["intra", "inter", "international"], dtype=object)[C["origin"]]
        ctype = np.array(["moc", "mtc", "fwd"], dtype=object)[C["ctype"]]
        # record source node -> call id
        node = np.where(
            C["origin"] == ORIG_INTL,
            4,
            np.where(C["origin"] == ORIG_INTER, 3, np.where(use16, 2, np.where(hd, 1, 0))),
        )
        node = np.where((C["ctype"] == CT_FWD) & (C["origin"] == ORIG_INTRA), 1, node)
        names = np.array(["ZZSCP01", "ZZMSC01", "ZZIMS01", "ZZGMSC1", "ZZIGW01"], dtype=object)
        seq = np.zeros(n, dtype=np.int64)
        for k in range(5):
            m = node == k
            seq[m] = int(rng.integers(10**6, 10**8)) + np.arange(int(m.sum()))
        cid = np.char.add(np.char.add(names[node].astype(str), "-"), np.char.zfill(seq.astype(str), 10))
        ts = np.datetime_as_string(T0 + C["t"].astype("timedelta64[s]"), unit="s")
        df = pl.DataFrame(
            {
                "call_id": cid[rowsel],
                "caller": caller[rowsel].astype(str),
                "callee": callee[rowsel].astype(str),
                "start_time": ts[rowsel],
                "duration_s": C["dur"][rowsel],
                "origin": origin[rowsel].astype(str),
                "caller_imei": pl.Series(imei[rowsel].tolist(), dtype=pl.Utf8),
                "caller_imsi": pl.Series(imsi[rowsel].tolist(), dtype=pl.Utf8),
                "caller_cell": pl.Series(cell[rowsel].tolist(), dtype=pl.Utf8),
                "caller_region": pl.Series(reg[rowsel].tolist(), dtype=pl.Utf8),
                "call_type": ctype[rowsel].astype(str),
            }
        )
        df = df.with_columns((pl.col("start_time") + "+08:00").alias("start_time"))
        df.write_csv(os.path.join(out, "calls.csv"))
        # truth: every distinct caller string
        tr = (
            pl.DataFrame({"number": caller.astype(str), "li": a})
            .unique(subset=["number"], keep="first")
            .sort("number")
        )
        pops = [self.n_pop[i] for i in tr["li"].to_list()]
        frs = [int(self.n_fraud[i]) for i in tr["li"].to_list()]
        assert all(pops), "caller without population: " + str(
            [n for n, p in zip(tr["number"], pops) if not p][:5]
        )
        truth = pl.DataFrame({"number": tr["number"], "population": pops, "is_fraud": frs})
        truth.write_csv(os.path.join(out, "truth.csv"))
        # subscribers
        rows = []
        for li in sorted(self.subs, key=lambda x: self.n_str[x]):
            s = self.subs[li]
            idh = hmac.new(self.hkey, self.id_str[s["ident"]].encode(), hashlib.sha256).hexdigest()[:32]
            act = str(T0 + np.timedelta64(int(s["activated"]), "s")) + "+08:00"
            by = self.id_birth[s["ident"]]
            rows.append(
                (
                    self.n_str[li],
                    idh,
                    s["operator"],
                    s["card_type"],
                    act,
                    s["home_region"],
                    by,
                    s["guardians"] or None,
                )
            )
        sub = pl.DataFrame(
            rows,
            schema=[
                ("number", pl.Utf8),
                ("id_hash", pl.Utf8),
                ("operator", pl.Utf8),
                ("card_type", pl.Utf8),
                ("activated_at", pl.Utf8),
                ("home_region", pl.Utf8),
                ("birth_year", pl.Int64),
                ("guardians", pl.Utf8),
            ],
            orient="row",
        )
        sub.write_csv(os.path.join(out, "subscribers.csv"))
        self.census.update(
            rows=len(df),
            distinct_callers=truth.height,
            subscribers=sub.height,
            fraud_numbers=int(truth["is_fraud"].sum()),
        )
        return df, truth, sub


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    t0 = time.time()
    w = World(args.seed)
    w.build()
    w.generate()
    C = w.postprocess()
    df, truth, sub = w.write(C, args.out)
    if not args.quiet:
        print(
            f"seed {args.seed}: {w.census['rows']} call rows, {w.census['distinct_callers']} callers, "
            f"{w.census['subscribers']} subscribers, {w.census['fraud_numbers']} fraud numbers, "
            f"{time.time() - t0:.1f}s",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
