#!/usr/bin/env python3
"""harbour: a synthetic telecom world of Qingdao (青岛, area code 0532), seen by one operator.

Blind-test generator for a telecom fraud detector.  It simulates twelve days
(2026-11-07 .. 2026-11-18, +08:00) of voice traffic as one operator's mediation
system exports it, following the ``calls`` and ``subscribers`` record formats
of the project's DATA.md, and writes the ground truth beside it.

The world is social: households, workplaces, friends, classmates and far-away
relatives call each other and call back.  On top of that live the hard
legitimate populations of a harbour city (call-centre park, port and logistics,
a university district, service numbers, platform privacy numbers, machines) and
about a dozen fraud populations modelled on the Chinese source documents
(rented real-name student cards, GoIP SIM boxes, a phone-relay desk, VoIP
calls through the international gateway presenting +86 numbers, fake customer
service refunds, fake police, loan scams, pig-butchering handlers, wangiri).

Usage::

    python harbour.py --seed 1 --out out/seed1

Outputs in ``--out``: ``calls.csv``, ``subscribers.csv``, ``truth.csv`` and
``fraud_onset.csv``; with ``--stats`` also ``stats.json`` (counts per population).
Only numpy and polars are used; the same seed gives byte-identical files.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import polars as pl

# --------------------------------------------------------------------------------------
# calendar
# --------------------------------------------------------------------------------------
CST = timezone(timedelta(hours=8))
W0 = int(datetime(2026, 11, 7, tzinfo=CST).timestamp())  # Saturday 2026-11-07 00:00 +08:00
NDAYS = 12
DAY = 86400
HOUR = 3600
WEND = NDAYS * DAY
YEAR = 365 * DAY
DOW = np.array([(5 + d) % 7 for d in range(NDAYS)])  # 0 = Monday
WEEKEND = DOW >= 5
DOUBLE11 = 4  # day index of 2026-11-11

# --------------------------------------------------------------------------------------
# entity kinds, devices, origins, call types, switches
# --------------------------------------------------------------------------------------
K_OWN = 0  # own subscriber homed in Qingdao (in subscribers.csv)
K_ROAMDOM = 1  # same network, homed elsewhere, physically in Qingdao (on our radio)
K_SAMEREMOTE = 2  # same network, homed elsewhere, calling from elsewhere
K_OFFNET = 3  # other domestic operator (mobile or landline)
K_FOREIGN = 4  # foreign number reaching us through the international gateway
K_FROAM = 5  # foreign SIM roaming on our radio in Qingdao
K_SVC_OWN = 6  # operator's own service number (10086)
K_SVC_OFF = 7  # service numbers hosted elsewhere (95xxx, 400, 12345, 96110, 110 ...)
K_SPOOF = 8  # presented number arriving through the international gateway (VoIP)

SEEN_SRC = np.array([True, True, False, False, False, True, True, False, False])

D_NONE, D_SMART, D_FEATURE, D_GOIP, D_IOT = range(5)
O_INTRA, O_INTER, O_INTL = range(3)
C_MOC, C_MTC, C_FWD = range(3)
S_IMS, S_CS, S_LEG, S_IC, S_IGW = range(5)

# --------------------------------------------------------------------------------------
# geography
# --------------------------------------------------------------------------------------
CITIES = [
    ("青岛", "0532"),
    ("潍坊", "0536"),
    ("临沂", "0539"),
    ("日照", "0633"),
    ("烟台", "0535"),
    ("济南", "0531"),
    ("威海", "0631"),
    ("淄博", "0533"),
    ("北京", "010"),
    ("上海", "021"),
    ("广州", "020"),
    ("深圳", "0755"),
    ("沈阳", "024"),
    ("哈尔滨", "0451"),
    ("郑州", "0371"),
    ("成都", "028"),
    ("杭州", "0571"),
    ("福州", "0591"),
    ("南宁", "0771"),
    ("昆明", "0871"),
    ("石家庄", "0311"),
    ("徐州", "0516"),
    ("长沙", "0731"),
    ("武汉", "027"),
    ("西安", "029"),
    ("大连", "0411"),
    ("天津", "022"),
    ("南京", "025"),
    ("合肥", "0551"),
    ("重庆", "023"),
]
CITY_ZH = [c[0] for c in CITIES]
CITY_CODE = [c[1] for c in CITIES]
SHANDONG = [1, 2, 3, 4, 5, 6, 7]
CITY_W = np.array(
    [0, 9, 8, 5, 6, 7, 3, 4, 4, 3, 2, 2, 2, 1.5, 2.5, 1.5, 1.5, 1, 1, 1, 2, 2, 1, 1.5, 1, 2, 2, 1.5, 1.5, 1]
)
CITY_W = CITY_W / CITY_W.sum()
FAR_CITIES = list(range(8, len(CITIES)))

DISTRICTS = ["市南", "市北", "李沧", "崂山", "黄岛", "城阳", "即墨", "胶州", "平度", "莱西"]
DIST_W = np.array([0.10, 0.16, 0.10, 0.09, 0.20, 0.11, 0.10, 0.07, 0.04, 0.03])
D_SHINAN, D_SHIBEI, D_LICANG, D_LAOSHAN, D_HUANGDAO, D_CHENGYANG, D_JIMO, D_JIAOZHOU = range(8)

OWN_PREF = [
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
VIRT_PREF = ["1703", "1705", "1706", "1710", "1711", "1718"]
OFF_PREF = [
    "130",
    "131",
    "132",
    "155",
    "156",
    "166",
    "175",
    "176",
    "185",
    "186",
    "133",
    "149",
    "153",
    "173",
    "177",
    "180",
    "181",
    "189",
    "191",
    "199",
    "192",
]

# foreign numbering: country code -> (leading digits choices, number of further digits, MCC)
FOREIGN = {
    "63": (["917", "918", "927", "998"], 7, "515"),
    "62": (["812", "813", "852"], 8, "510"),
    "91": (["98", "99", "70", "81"], 8, "404"),
    "95": (["925", "979", "943"], 6, "414"),
    "380": (["67", "50", "93"], 7, "255"),
    "84": (["91", "98", "35"], 7, "452"),
    "7": (["915", "926", "903"], 7, "250"),
    "82": (["10"], 8, "450"),
    "81": (["90", "80"], 8, "440"),
    "1": (["415", "646", "617", "604", "416"], 7, "310"),
    "44": (["77", "79"], 8, "234"),
    "61": (["41", "43"], 7, "505"),
    "65": (["8", "9"], 7, "525"),
    "852": (["5", "6", "9"], 7, "454"),
    "49": (["151", "160"], 8, "262"),
    "64": (["21"], 7, "530"),
    "30": (["69"], 8, "202"),
    "855": (["11", "77", "96"], 6, "456"),
    "60": (["12", "16"], 7, "502"),
    "66": (["81", "89"], 7, "520"),
    "216": (["2", "5", "9"], 7, "605"),
    "222": (["2", "4"], 7, "609"),
    "373": (["6", "7"], 7, "259"),
    "882": (["16"], 6, "901"),
}

# --------------------------------------------------------------------------------------
# populations: name -> is_fraud
# --------------------------------------------------------------------------------------
POPULATIONS = [
    ("resident_ordinary", 0),
    ("resident_elderly", 0),
    ("student_new_campus_card", 0),
    ("student_existing_card", 0),
    ("student_union_volunteer", 0),
    ("student_campus_delivery", 0),
    ("number_changer_new_card", 0),
    ("number_changer_old_card", 0),
    ("business_traveller_abroad", 0),
    ("small_shop_owner", 0),
    ("small_shop_landline", 0),
    ("taxi_driver", 0),
    ("food_delivery_rider", 0),
    ("express_courier", 0),
    ("real_estate_agent", 0),
    ("recruiter", 0),
    ("clinic_hospital_line", 0),
    ("bpo_collections_agent", 0),
    ("bpo_insurance_renewal_agent", 0),
    ("bpo_ecommerce_aftersales_agent", 0),
    ("bpo_survey_interviewer", 0),
    ("port_truck_driver_local", 0),
    ("port_truck_driver_roaming", 0),
    ("logistics_dispatcher", 0),
    ("customs_broker", 0),
    ("shipping_agent", 0),
    ("seafarer_local_prepaid_sim", 0),
    ("seafarer_roaming_foreign_card", 0),
    ("platform_privacy_number", 0),
    ("iot_elevator_alarm", 0),
    ("elevator_maintenance_centre", 0),
    ("silent_card", 0),
    ("iot_telemetry_card", 0),
    ("service_operator_hotline", 0),
    ("service_bank_95xxx", 0),
    ("service_gov_hotline", 0),
    ("anti_fraud_centre_96110", 0),
    ("service_400_company", 0),
    ("service_emergency", 0),
    ("domestic_visitor_roaming", 0),
    ("samenet_othercity_contact", 0),
    ("offnet_qingdao_contact", 0),
    ("offnet_othercity_contact", 0),
    ("business_contact_line", 0),
    ("offnet_courier", 0),
    ("bpo_customer", 0),
    ("stranger_nationwide", 0),
    ("overseas_relative_intl", 0),
    ("foreign_business_contact_intl", 0),
    ("seafarer_family_abroad", 0),
    ("fraud_rented_student_card", 1),
    ("fraud_simbox_goip_card", 1),
    ("fraud_relay_desk_phone", 1),
    ("fraud_relay_upstream_voip", 1),
    ("fraud_voip_spoofed_mobile_cli", 1),
    ("fraud_voip_official_lookalike", 1),
    ("fraud_fake_ecommerce_refund", 1),
    ("fraud_fake_police_followup", 1),
    ("fraud_loan_credit_repair", 1),
    ("fraud_pig_butchering_handler", 1),
    ("fraud_wangiri_intl", 1),
]
POP_ID = {n: i for i, (n, _) in enumerate(POPULATIONS)}
POP_FRAUD = np.array([f for _, f in POPULATIONS], dtype=bool)


def hp(*w):
    a = np.array(w, dtype=float)
    return a / a.sum()


PROF = {
    "social_wd": hp(
        0.25,
        0.1,
        0.05,
        0.04,
        0.04,
        0.15,
        0.6,
        1.6,
        2.4,
        2.8,
        3,
        3.1,
        3.4,
        2.9,
        2.8,
        3,
        3.3,
        3.8,
        4.3,
        4.4,
        4,
        3,
        1.8,
        0.8,
    ),
    "social_we": hp(
        0.45,
        0.2,
        0.1,
        0.05,
        0.04,
        0.08,
        0.3,
        0.8,
        1.8,
        2.8,
        3.3,
        3.5,
        3.5,
        3.2,
        3.1,
        3.2,
        3.4,
        3.7,
        4.1,
        4.4,
        4.2,
        3.3,
        2.2,
        1.0,
    ),
    "elderly": hp(
        0.05,
        0.02,
        0.02,
        0.02,
        0.1,
        0.6,
        2,
        3.5,
        4,
        4,
        3.5,
        3,
        2.5,
        2,
        2.4,
        3,
        3.2,
        3,
        3.5,
        3.2,
        2.2,
        1,
        0.3,
        0.1,
    ),
    "student": hp(
        1.2,
        0.6,
        0.2,
        0.05,
        0.05,
        0.05,
        0.2,
        0.8,
        1.4,
        1.6,
        1.8,
        2.2,
        3.5,
        3,
        1.9,
        1.9,
        2.1,
        2.8,
        3.5,
        4.2,
        4.8,
        4.8,
        4,
        2.6,
    ),
    "office": hp(
        0, 0, 0, 0, 0, 0, 0.1, 0.6, 2.5, 4, 4.2, 3.5, 1.5, 2.5, 4, 4.2, 4, 3.2, 1.2, 0.5, 0.3, 0.1, 0, 0
    ),
    "port": hp(
        0.6,
        0.5,
        0.4,
        0.4,
        0.5,
        0.9,
        1.8,
        2.6,
        3,
        3,
        2.8,
        2.5,
        2,
        2.4,
        2.8,
        2.8,
        2.6,
        2.3,
        2,
        1.8,
        1.5,
        1.2,
        0.9,
        0.7,
    ),
    "evening": hp(
        0.3, 0.1, 0, 0, 0, 0, 0.1, 0.3, 0.4, 0.4, 0.5, 0.6, 0.8, 0.6, 0.6, 0.7, 1, 1.8, 3, 4, 4.5, 4.2, 3, 1.2
    ),
    "fraud_day": hp(0, 0, 0, 0, 0, 0, 0, 0.3, 2, 4, 4.5, 4, 1.5, 2.5, 4, 4.3, 4, 3.2, 1.5, 1, 0.6, 0.2, 0, 0),
    "night": hp(
        4, 3, 2, 1, 0.5, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3, 0.5, 1, 2, 3, 4, 5, 5
    ),
    "taxi_day": hp(
        0.2,
        0.1,
        0.1,
        0.1,
        0.2,
        0.6,
        2,
        3,
        3,
        2.5,
        2.5,
        2.5,
        2.5,
        2.5,
        2.5,
        2.5,
        3,
        3.5,
        3,
        2,
        1,
        0.5,
        0.3,
        0.2,
    ),
    "taxi_night": hp(
        3, 2.5, 2, 1.5, 1, 0.8, 0.5, 0.2, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 2, 3, 3.5, 3.5, 3.5, 3.5, 3.2
    ),
}


# --------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------
def lnint(rng, med, sig, n, lo=1, hi=10800):
    """Lognormal integers with the given median."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    return np.clip(np.round(med * np.exp(sig * rng.standard_normal(n))), lo, hi).astype(np.int64)


def sample_times(rng, n, prof_wd, prof_we=None, days=None, day_w=None):
    """Seconds since W0: a day (given or drawn), an hour from a profile, a second."""
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if days is None:
        p = None if day_w is None else np.asarray(day_w, float) / np.sum(day_w)
        days = rng.choice(NDAYS, n, p=p)
    days = np.asarray(days, dtype=np.int64)
    h = rng.choice(24, n, p=PROF[prof_wd])
    if prof_we is not None:
        h2 = rng.choice(24, n, p=PROF[prof_we])
        h = np.where(WEEKEND[days], h2, h)
    return days * DAY + h * HOUR + rng.integers(0, HOUR, n)


def daytime(rng, t):
    """Move times that fall between 23:00 and 07:00 to the following morning."""
    t = np.asarray(t, dtype=np.int64)
    h = (t % DAY) // HOUR
    day = t // DAY
    morning = lambda d: d * DAY + 7 * HOUR + rng.integers(0, 3 * HOUR, len(t))  # noqa: E731
    return np.where(h >= 23, morning(day + 1), np.where(h < 7, morning(day), t))


def in_ranges(rng, start, count, n=None):
    """Uniform pick in [start, start+count) element-wise."""
    start = np.asarray(start)
    count = np.asarray(count)
    return start + np.floor(rng.random(start.shape if n is None else n) * count).astype(np.int64)


def lay_out(rng, sess_start, k, dur, wrap_med, wrap_sig=0.6, sess_end=None):
    """Sequential dialling: calls of each session follow each other.

    Returns (session index per call, start time per call).  ``dur`` is per call
    (already ordered by session).  Calls that would start after ``sess_end`` are
    not made: their time is set far before the window so that they (and any
    callback derived from them) are dropped at export.
    """
    k = np.asarray(k, dtype=np.int64)
    n = int(k.sum())
    rep = np.repeat(np.arange(len(k)), k)
    if n == 0:
        return rep, np.zeros(0, dtype=np.int64)
    ring = rng.integers(6, 32, n)
    gap = ring + dur + lnint(rng, wrap_med, wrap_sig, n, lo=3, hi=3600)
    cs = np.cumsum(gap)
    excl = cs - gap
    first = np.cumsum(k) - k
    nz = k > 0
    base = np.zeros(len(k), dtype=np.int64)
    base[nz] = excl[first[nz]]
    offs = excl - np.repeat(base, k)
    t = np.asarray(sess_start, dtype=np.int64)[rep] + offs
    if sess_end is not None:
        t = np.where(t > np.asarray(sess_end, dtype=np.int64)[rep], -10 * DAY, t)
    return rep, t


def luhn(body14):
    """Luhn check digits for an (n, 14) digit array."""
    d = body14.copy()
    dbl = d[:, 1::2] * 2
    dbl = dbl // 10 + dbl % 10
    s = d[:, 0::2].sum(1) + dbl.sum(1)
    return (10 - s % 10) % 10


# --------------------------------------------------------------------------------------
# tables
# --------------------------------------------------------------------------------------
class Ents:
    """Columnar entity table (one row per number)."""

    SPEC = {
        "num": (object, ""),
        "kind": (np.int8, 0),
        "pop": (np.int16, -1),
        "subs": (np.bool_, False),
        "card": (object, ""),
        "oper": (object, ""),
        "pid": (np.int64, -1),
        "act": (np.int64, 0),
        "actfmt": (np.int8, 2),
        "city": (np.int16, 0),
        "birth": (np.int32, 0),
        "guard": (object, ""),
        "hs": (np.int32, -1),
        "dev": (np.int8, 0),
        "imsi": (object, ""),
        "hcell": (np.int32, -1),
        "wcell": (np.int32, -1),
        "dist": (np.int8, -1),
    }

    def __init__(self, cap=300000):
        self.n = 0
        self.cap = cap
        for k, (dt, dv) in self.SPEC.items():
            a = np.empty(cap, dtype=dt)
            a[:] = dv
            setattr(self, k, a)

    def _grow(self, need):
        cap = max(self.cap * 2, self.n + need + 1000)
        for k, (dt, dv) in self.SPEC.items():
            a = np.empty(cap, dtype=dt)
            a[:] = dv
            a[: self.n] = getattr(self, k)[: self.n]
            setattr(self, k, a)
        self.cap = cap

    def add(self, n, **kw):
        if self.n + n > self.cap:
            self._grow(n)
        idx = np.arange(self.n, self.n + n)
        for k, v in kw.items():
            getattr(self, k)[idx] = v
        self.n += n
        return idx


class Numbers:
    """Unique number factory (canonical national / short / E.164 forms)."""

    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.qd_blocks = np.array(
            sorted({p + f"{x:04d}" for p, x in zip(rng.choice(OWN_PREF, 400), rng.integers(0, 10000, 400))})
        )
        self.other_blocks = np.array(
            sorted(
                {p + f"{x:04d}" for p, x in zip(rng.choice(OWN_PREF, 1500), rng.integers(0, 10000, 1500))}
                - set(self.qd_blocks)
            )
        )

    def _take(self, gen, n):
        out = []
        while len(out) < n:
            for c in gen(max(16, int((n - len(out)) * 1.15))):
                if c not in self.used:
                    self.used.add(c)
                    out.append(c)
                    if len(out) == n:
                        break
        return out

    def register(self, nums):
        for c in nums:
            if c in self.used:
                raise ValueError(f"duplicate number {c}")
            self.used.add(c)
        return list(nums)

    def own_qd(self, n):
        r = self.rng
        return self._take(
            lambda m: [f"{b}{s:04d}" for b, s in zip(r.choice(self.qd_blocks, m), r.integers(0, 10000, m))], n
        )

    def own_other(self, n):
        r = self.rng
        return self._take(
            lambda m: [
                f"{b}{s:04d}" for b, s in zip(r.choice(self.other_blocks, m), r.integers(0, 10000, m))
            ],
            n,
        )

    def virtual(self, n):
        r = self.rng
        return self._take(
            lambda m: [f"{p}{s:07d}" for p, s in zip(r.choice(VIRT_PREF, m), r.integers(0, 10**7, m))], n
        )

    def offnet(self, n):
        r = self.rng
        return self._take(
            lambda m: [f"{p}{s:08d}" for p, s in zip(r.choice(OFF_PREF, m), r.integers(0, 10**8, m))], n
        )

    def landline(self, n, city, lead="8"):
        r = self.rng
        code = CITY_CODE[city]
        return self._take(
            lambda m: [f"{code}{r.choice(list(lead))}{s:07d}" for s in r.integers(0, 10**7, m)], n
        )

    def iot(self, n):
        r = self.rng
        return self._take(lambda m: [f"1440532{s:06d}" for s in r.integers(0, 10**6, m)], n)

    def foreign(self, n, cc):
        r = self.rng
        leads, nd, _ = FOREIGN[cc]
        return self._take(
            lambda m: [f"+{cc}{r.choice(leads)}{s:0{nd}d}" for s in r.integers(0, 10**nd, m)], n
        )


class Handsets:
    """IMEI table; bodies are 14 digits (TAC + serial), check digit added at export."""

    def __init__(self, rng):
        self.rng = rng
        self.body = []
        self.used = set()
        self.smart_tacs = [
            f"{p}{x:06d}"
            for p, x in zip(rng.choice(["86", "35", "86", "86"], 70), rng.integers(0, 10**6, 70))
        ]
        self.smart_w = np.sort(rng.pareto(1.2, 70) + 0.05)[::-1]
        self.smart_w /= self.smart_w.sum()
        self.feature_tacs = [f"86{x:06d}" for x in rng.integers(0, 10**6, 8)]
        self.goip_tacs = [f"86{x:06d}" for x in rng.integers(0, 10**6, 3)]
        self.iot_tacs = [f"86{x:06d}" for x in rng.integers(0, 10**6, 3)]

    def add(self, tacs):
        r = self.rng
        start = len(self.body)
        for t in tacs:
            while True:
                b = f"{t}{r.integers(0, 10**6):06d}"
                if b not in self.used:
                    break
            self.used.add(b)
            self.body.append(b)
        return np.arange(start, len(self.body), dtype=np.int32)

    def add_seq(self, tac, n):
        r = self.rng
        s0 = int(r.integers(0, 10**6 - n - 10))
        start = len(self.body)
        for i in range(n):
            b = f"{tac}{s0 + i:06d}"
            if b in self.used:
                b = f"{tac}{r.integers(0, 10**6):06d}"
            self.used.add(b)
            self.body.append(b)
        return np.arange(start, len(self.body), dtype=np.int32)

    def smart(self, n):
        return self.add(self.rng.choice(self.smart_tacs, n, p=self.smart_w))

    def feature(self, n):
        return self.add(self.rng.choice(self.feature_tacs, n))

    def imei15(self):
        if not self.body:
            return np.zeros(0, dtype=object)
        digs = np.frombuffer("".join(self.body).encode(), dtype=np.uint8).reshape(-1, 14) - 48
        chk = luhn(digs.astype(np.int64))
        return np.array([b + str(c) for b, c in zip(self.body, chk)], dtype=object)


class Cells:
    """Serving cells: 4G/5G ("E"/"N") and 2G ("G") in Qingdao districts and other cities."""

    def __init__(self, rng):
        names, city, dist, tech = [], [], [], []
        used = set()

        def uid(lo, hi):
            while True:
                x = int(rng.integers(lo, hi))
                if x not in used:
                    used.add(x)
                    return x

        self.groups = {}
        for d, w in enumerate(DIST_W):
            for t, n in ((0, int(1400 * w) + 20), (1, int(380 * w) + 8)):
                s = len(names)
                for _ in range(n):
                    if t == 0:
                        site = uid(100000, 999999)
                        pre = "N" if rng.random() < 0.25 else "E"
                        names.append(f"{pre}{site}-{int(rng.integers(1, 4))}")
                    else:
                        names.append(f"G{int(rng.integers(20000, 29999))}-{uid(10000, 65000)}")
                    city.append(0)
                    dist.append(d)
                    tech.append(t)
                self.groups[(0, d, t)] = (s, n)
        for c in range(1, len(CITIES)):
            s = len(names)
            for _ in range(25):
                names.append(f"E{uid(100000, 999999)}-{int(rng.integers(1, 4))}")
                city.append(c)
                dist.append(-1)
                tech.append(0)
            self.groups[(c, -1, 0)] = (s, 25)
        self.names = np.array(names, dtype=object)
        self.city = np.array(city, dtype=np.int16)
        self.dist = np.array(dist, dtype=np.int16)
        self.tech = np.array(tech, dtype=np.int8)
        n = len(names)
        self.gstart = np.zeros(n, dtype=np.int64)
        self.gcount = np.zeros(n, dtype=np.int64)
        for (_, _, _), (s, k) in self.groups.items():
            self.gstart[s : s + k] = s
            self.gcount[s : s + k] = k

    def pick(self, rng, dists, tech=0):
        dists = np.asarray(dists)
        st = np.array([self.groups[(0, d, tech)][0] for d in range(len(DISTRICTS))])
        ct = np.array([self.groups[(0, d, tech)][1] for d in range(len(DISTRICTS))])
        return in_ranges(rng, st[dists], ct[dists]).astype(np.int32)

    def pick_city(self, rng, cities):
        cities = np.asarray(cities)
        st = np.array([self.groups[(c, -1, 0)][0] if c > 0 else 0 for c in range(len(CITIES))])
        ct = np.array([self.groups[(c, -1, 0)][1] if c > 0 else 1 for c in range(len(CITIES))])
        return in_ranges(rng, st[cities], ct[cities]).astype(np.int32)


# --------------------------------------------------------------------------------------
# the world
# --------------------------------------------------------------------------------------
class World:
    def __init__(self, seed: int):
        self.seed = seed
        self.E = Ents()
        self.N = Numbers(self.sub("numbers"))
        self.H = Handsets(self.sub("handsets"))
        self.C = Cells(self.sub("cells"))
        self.chunks = []
        self.next_pid = 1000
        self.tags = []

    # ---- infrastructure -------------------------------------------------------------
    def sub(self, name):
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def jit(self, rng, base):
        return int(round(base * rng.uniform(0.92, 1.08)))

    def pids(self, n):
        p = np.arange(self.next_pid, self.next_pid + n)
        self.next_pid += n
        return p

    def tag(self, name):
        if name not in self.tags:
            self.tags.append(name)
        return self.tags.index(name)

    def emit(self, tag, t, a, b, d, org=None, ct=None, hs=None, cell=None, reg=None, vic=None):
        n = len(t)
        if n == 0:
            return
        t = np.asarray(t, dtype=np.int64)

        def full(v, dv, dt):
            if v is None:
                return np.full(n, dv, dtype=dt)
            v = np.asarray(v)
            return np.broadcast_to(v, (n,)).astype(dt)

        self.chunks.append(
            dict(
                t=t,
                a=full(a, 0, np.int64),
                b=full(b, 0, np.int64),
                d=full(d, 0, np.int64),
                org=full(org, -1, np.int8),
                ct=full(ct, -1, np.int8),
                hs=full(hs, -2, np.int32),
                cell=full(cell, -2, np.int32),
                reg=full(reg, -2, np.int16),
                vic=full(vic, False, np.bool_),
                tag=np.full(n, self.tag(tag), dtype=np.int16),
            )
        )

    def act_sample(self, rng, n, med_years=4.0, sig=0.8, lo=0.05, hi=22):
        age = np.clip(med_years * np.exp(sig * rng.standard_normal(n)), lo, hi)
        act = W0 - (age * YEAR).astype(np.int64) // DAY * DAY + rng.integers(9 * HOUR, 21 * HOUR, n)
        yr = 2026 - age
        fmt = np.where((yr < 2019) & (rng.random(n) < 0.85), 1, 0)
        fmt = np.where(rng.random(n) < 0.02, 2, fmt)
        return act, fmt

    def own(
        self,
        rng,
        pop,
        n,
        *,
        dev=D_SMART,
        dist=None,
        birth=None,
        act=None,
        actfmt=None,
        card="mobile",
        pid=None,
        nums=None,
        work=True,
        wdist=None,
        oper="CMCC",
    ):
        """Add own Qingdao subscribers."""
        E = self.E
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if dist is None:
            dist = rng.choice(len(DISTRICTS), n, p=DIST_W)
        dist = np.broadcast_to(np.asarray(dist), (n,)).copy()
        if nums is None:
            if card == "mobile":
                nums = self.N.own_qd(n)
            elif card == "virtual":
                nums = self.N.virtual(n)
            elif card == "fixed":
                nums = self.N.landline(n, 0, "568")
            elif card == "iot":
                nums = self.N.iot(n)
        if act is None:
            act, actfmt = self.act_sample(rng, n)
        if actfmt is None:
            actfmt = 0
        act = np.broadcast_to(np.asarray(act, dtype=np.int64), (n,))
        act = np.where((act - W0) % DAY == 0, act + rng.integers(9 * HOUR, 20 * HOUR, n), act)
        if pid is None:
            pid = self.pids(n)
        if birth is None:
            by = 0
        elif isinstance(birth, tuple):
            by = rng.integers(birth[0], birth[1] + 1, n)
        else:
            by = birth
        if dev == D_SMART:
            hs = self.H.smart(n)
        elif dev == D_FEATURE:
            hs = self.H.feature(n)
        elif dev == D_IOT:
            hs = self.H.add(rng.choice(self.H.iot_tacs, n))
        else:
            hs = -1
        tech = 1 if dev in (D_FEATURE, D_IOT, D_GOIP) else 0
        hcell = self.C.pick(rng, dist, tech) if dev != D_NONE else -1
        wcell = -1
        if work and dev in (D_SMART, D_FEATURE):
            if wdist is None:
                wdist = rng.choice(len(DISTRICTS), n, p=DIST_W)
            wcell = self.C.pick(rng, np.broadcast_to(np.asarray(wdist), (n,)), tech)
        imsi = ""
        if card in ("mobile", "virtual", "iot"):
            mnc = "07" if card == "virtual" else "00"
            imsi = np.array(
                [
                    f"460{m}{x:010d}"
                    for m, x in zip(rng.choice([mnc, mnc, "02"], n), rng.integers(0, 10**10, n))
                ],
                dtype=object,
            )
        if card == "virtual":
            oper = np.array(rng.choice(["MVNO-Haixin", "MVNO-Lanbo"], n), dtype=object)
        return E.add(
            n,
            num=np.array(nums, dtype=object),
            kind=K_OWN,
            pop=POP_ID[pop],
            subs=True,
            card=card,
            oper=oper,
            pid=pid,
            act=act,
            actfmt=actfmt,
            city=0,
            birth=by,
            hs=hs,
            dev=dev,
            imsi=imsi,
            hcell=hcell,
            wcell=wcell,
            dist=dist,
        )

    def other(self, rng, pop, n, *, city=None, landline=False, kind=None, samenet_p=0.35):
        """Add numbers of people/lines that are not own Qingdao subscribers."""
        E = self.E
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        if city is None:
            city = rng.choice(len(CITIES), n, p=CITY_W)
        city = np.broadcast_to(np.asarray(city), (n,)).copy()
        nums = np.empty(n, dtype=object)
        kinds = np.full(n, K_OFFNET, dtype=np.int8)
        if landline:
            for c in np.unique(city):
                m = city == c
                nums[m] = self.N.landline(int(m.sum()), int(c), "568" if c == 0 else "2345678")
        else:
            same = (rng.random(n) < samenet_p) & (city != 0)
            k = int(same.sum())
            nums[same] = self.N.own_other(k)
            kinds[same] = K_SAMEREMOTE
            nums[~same] = self.N.offnet(n - k)
        if kind is not None:
            kinds[:] = kind
        return E.add(n, num=nums, kind=kinds, pop=POP_ID[pop], city=city, dist=-1)

    def foreign(self, pop, ccs, kind=K_FOREIGN):
        ccs = list(ccs)
        nums = []
        for cc in ccs:
            nums += self.N.foreign(1, cc)
        return self.E.add(len(ccs), num=np.array(nums, dtype=object), kind=kind, pop=POP_ID[pop], city=-1)

    def service(self, pop, nums, kind=K_SVC_OFF):
        nums = self.N.register(nums)
        return self.E.add(len(nums), num=np.array(nums, dtype=object), kind=kind, pop=POP_ID[pop], city=0)

    def idx_pop(self, *names):
        ids = [POP_ID[n] for n in names]
        return np.flatnonzero(np.isin(self.E.pop[: self.E.n], ids))

    # ---- answering & callbacks ------------------------------------------------------
    def answer(self, rng, n, p, med, sig, lo=1, hi=10800):
        ans = rng.random(n) < p
        return np.where(ans, lnint(rng, med, sig, n, lo, hi), 0)

    def callbacks(self, rng, tag, t, a, b, d, p, delay_med, ans_p, med, sig, only=None):
        """Unanswered calls: the called party calls back with probability p."""
        sel = (d == 0) & (rng.random(len(t)) < p)
        if only is not None:
            sel &= only
        k = int(sel.sum())
        if k == 0:
            return
        t2 = daytime(rng, t[sel] + lnint(rng, delay_med, 1.0, k, lo=20, hi=2 * DAY))
        d2 = self.answer(rng, k, ans_p, med, sig)
        m = t2 < WEND
        self.emit(tag, t2[m], b[sel][m], a[sel][m], d2[m])


# --------------------------------------------------------------------------------------
# population builders
# --------------------------------------------------------------------------------------
def build_own_base(W: World):
    """Own Qingdao subscribers of the ordinary and working populations."""
    rng = W.sub("base")
    E = W.E
    jit = lambda b: W.jit(rng, b)  # noqa: E731
    W.ordinary = W.own(rng, "resident_ordinary", jit(25500), birth=(1962, 2003))
    W.elderly = W.own(rng, "resident_elderly", jit(4300), birth=(1936, 1960), work=False, dev=D_FEATURE)
    smart_e = W.elderly[rng.random(len(W.elderly)) < 0.18]
    E.dev[smart_e] = D_SMART
    E.hs[smart_e] = W.H.smart(len(smart_e))
    E.hcell[smart_e] = W.C.pick(rng, E.dist[smart_e], 0)
    # students: three campuses (two in 黄岛, one in 崂山)
    camp_d = np.array([D_HUANGDAO, D_HUANGDAO, D_LAOSHAN])
    W.campus_cells = [W.C.pick(rng, np.full(6, d)) for d in camp_d]

    def students(pop, n, new):
        camp = rng.choice(3, n, p=[0.4, 0.3, 0.3])
        if new:
            day = rng.choice(3, n, p=[0.42, 0.36, 0.22])
            act = W0 + day * DAY + rng.integers(10 * HOUR, 20 * HOUR, n)
            fmt = 0
        else:
            act, fmt = W.act_sample(rng, n, 1.6, 0.5, 0.2, 4.5)
        idx = W.own(
            rng,
            pop,
            n,
            dist=camp_d[camp],
            birth=(2004, 2008) if new else (2001, 2007),
            act=act,
            actfmt=fmt,
            work=False,
        )
        cells = np.stack(W.campus_cells)
        E.hcell[idx] = cells[camp, rng.integers(0, 3, n)]
        E.wcell[idx] = cells[camp, rng.integers(3, 6, n)]
        return idx

    W.stu_new = students("student_new_campus_card", jit(2800), True)
    W.stu_old = students("student_existing_card", jit(2600), False)
    W.volunteers = students("student_union_volunteer", jit(40), False)
    W.campus_delivery = students("student_campus_delivery", jit(60), False)
    W.students = np.concatenate([W.stu_new, W.stu_old, W.volunteers, W.campus_delivery])

    W.shops = W.own(rng, "small_shop_owner", jit(800), birth=(1960, 1995))
    W.taxi = W.own(rng, "taxi_driver", jit(480), birth=(1962, 1992))
    W.riders = W.own(rng, "food_delivery_rider", jit(520), birth=(1980, 2004))
    W.couriers = W.own(rng, "express_courier", jit(280), birth=(1975, 2002))
    W.estate = W.own(rng, "real_estate_agent", jit(220), birth=(1985, 2002))
    W.recruiters = W.own(rng, "recruiter", jit(110), birth=(1985, 2001))
    W.drivers_local = W.own(rng, "port_truck_driver_local", jit(420), birth=(1965, 1995))
    W.dispatchers = W.own(rng, "logistics_dispatcher", jit(110), birth=(1970, 1998), wdist=D_HUANGDAO)
    W.brokers = W.own(rng, "customs_broker", jit(80), birth=(1968, 1996), wdist=D_SHIBEI)
    W.ship_agents = W.own(rng, "shipping_agent", jit(60), birth=(1970, 1996), wdist=D_HUANGDAO)
    # never-calling cards (data-only, spare, watches, telemetry)
    W.silent = W.own(rng, "silent_card", jit(5200), birth=(1950, 2012))
    nt = jit(2600)
    W.telemetry = W.own(
        rng, "iot_telemetry_card", nt, card="iot", dev=D_IOT, work=False, pid=rng.choice(W.pids(40), nt)
    )
    E.birth[W.telemetry] = 0


def build_social(W: World):
    """Households, workplaces, friends, classmates and relatives; then the social calls."""
    rng = W.sub("social")
    E = W.E
    adults_own = np.concatenate(
        [
            W.ordinary,
            W.shops,
            W.taxi,
            W.riders,
            W.couriers,
            W.estate,
            W.recruiters,
            W.drivers_local,
            W.dispatchers,
            W.brokers,
            W.ship_agents,
        ]
    )
    n_off = int(len(adults_own) * 0.78)
    adults_off = W.other(rng, "offnet_qingdao_contact", n_off, city=0)
    E.dist[adults_off] = rng.choice(len(DISTRICTS), n_off, p=DIST_W)
    W.qd_off = adults_off
    allq = np.concatenate([adults_own, adults_off])
    W.qd_adults = allq
    src, dst, wt, ty = [], [], [], []

    def edges(u, v, w, t):
        u = np.asarray(u)
        v = np.asarray(v)
        m = u != v
        src.append(u[m])
        dst.append(v[m])
        wt.append(
            np.broadcast_to(np.asarray(w, float), u.shape)[m] if np.ndim(w) else np.full(int(m.sum()), w)
        )
        ty.append(np.full(int(m.sum()), t, dtype=np.int8))

    # households (0 = family)
    perm = rng.permutation(allq)
    sizes = rng.choice([1, 2, 3, 4, 5], len(perm), p=[0.18, 0.32, 0.28, 0.16, 0.06])
    ends = np.cumsum(sizes)
    sizes = sizes[ends <= len(perm)]
    hid = np.repeat(np.arange(len(sizes)), sizes)
    memb = perm[: len(hid)]
    start = np.cumsum(sizes) - sizes
    for s in range(2, 6):
        hh = np.flatnonzero(sizes == s)
        if len(hh) == 0:
            continue
        M = memb[start[hh][:, None] + np.arange(s)[None, :]]
        for i in range(s):
            for j in range(i + 1, s):
                edges(M[:, i], M[:, j], 9.0 if (i, j) == (0, 1) else 6.0, 0)
    # workplaces (2 = colleague)
    work = allq[rng.random(len(allq)) < 0.8]
    work = rng.permutation(work)
    ws = np.clip(lnint(rng, 9, 1.0, len(work)), 2, 250)
    wend = np.cumsum(ws)
    ws = ws[wend <= len(work)]
    wst = np.cumsum(ws) - ws
    wn = int(ws.sum())
    wrep = np.repeat(np.arange(len(ws)), ws)
    pos = np.arange(wn) - wst[wrep]
    for _ in range(4):
        off = 1 + np.floor(rng.random(wn) * (ws[wrep] - 1)).astype(np.int64)
        j = wst[wrep] + (pos + off) % ws[wrep]
        edges(work[:wn], work[j], 1.4, 2)
    # friends (1 = friend), 70 % same district
    d_all = E.dist[allq]
    order = np.argsort(d_all, kind="stable")
    sq = allq[order]
    sd = d_all[order]
    dst_ = np.searchsorted(sd, np.arange(len(DISTRICTS)))
    dct = np.bincount(sd, minlength=len(DISTRICTS))
    for _ in range(4):
        same = rng.random(len(allq)) < 0.7
        j = np.where(same, in_ranges(rng, dst_[d_all], dct[d_all]), rng.integers(0, len(sq), len(allq)))
        edges(allq, sq[j], 2.0, 1)
    # out-of-town relatives and friends of own adults (3 = relative elsewhere)
    k = rng.poisson(0.6, len(adults_own))
    rel_src = np.repeat(adults_own, k)
    rel = W.other(
        rng, "offnet_othercity_contact", len(rel_src), city=rng.choice(len(CITIES), len(rel_src), p=CITY_W)
    )
    sr = E.kind[rel] == K_SAMEREMOTE
    E.pop[rel[sr]] = POP_ID["samenet_othercity_contact"]
    edges(rel_src, rel, 4.0, 3)
    W.othercity_rel = rel

    # elderly: couples, children, old friends (4 = elderly-child)
    eld = rng.permutation(W.elderly)
    ne = len(eld)
    npair = int(ne * 0.12)
    edges(eld[:npair], eld[npair : 2 * npair], 12.0, 0)
    nsp = int(ne * 0.33)
    sp = W.other(rng, "offnet_qingdao_contact", nsp, city=0)
    E.dist[sp] = E.dist[eld[2 * npair : 2 * npair + nsp]]
    edges(eld[2 * npair : 2 * npair + nsp], sp, 12.0, 0)
    nch = rng.choice([1, 2, 3], ne, p=[0.35, 0.45, 0.2])
    par = np.repeat(eld, nch)
    ch = allq[rng.integers(0, len(allq), len(par))]
    edges(par, ch, 9.0, 4)
    W.elderly_children = (par, ch)
    ed = E.dist[eld]
    eo = np.argsort(ed, kind="stable")
    es, edd = eld[eo], ed[eo]
    est = np.searchsorted(edd, np.arange(len(DISTRICTS)))
    ect = np.bincount(edd, minlength=len(DISTRICTS))
    for _ in range(2):
        j = in_ranges(rng, est[ed], np.maximum(ect[ed], 1))
        edges(eld, es[j], 1.5, 1)
    # guardians (35 % of own elderly with children registered)
    gsel = rng.random(len(par)) < 0.42
    guard = {}
    for p_, c_ in zip(par[gsel], ch[gsel]):
        guard.setdefault(int(p_), []).append(E.num[c_])
    for p_, lst in guard.items():
        if rng.random() < 0.8:
            E.guard[p_] = ";".join(lst[:2])

    # students: classes, dorm rooms, parents, home-town friends (5 = classmate, 6 = parent)
    st = rng.permutation(W.students)
    ns = len(st)
    room = np.arange(ns) // 4
    rs = np.arange(ns)
    for off in (1, 2, 3):
        j = room * 4 + (rs % 4 + off) % 4
        ok = j < ns
        edges(st[ok], st[j[ok]], 3.0, 5)
    cls = np.arange(ns) // 32
    for _ in range(5):
        j = np.minimum(cls * 32 + rng.integers(0, 32, ns), ns - 1)
        edges(st, st[j], 1.0, 5)
    for _ in range(2):
        edges(st, st[rng.integers(0, ns, ns)], 0.8, 1)
    home_city = rng.choice(len(CITIES), ns, p=CITY_W)
    home_city = np.where(rng.random(ns) < 0.25, rng.choice(SHANDONG, ns), home_city)
    mum = W.other(rng, "offnet_othercity_contact", ns, city=home_city, samenet_p=0.45)
    dad = W.other(rng, "offnet_othercity_contact", ns, city=home_city, samenet_p=0.45)
    edges(st, mum, 11.0, 6)
    edges(st, dad, 5.0, 6)
    nf = rng.poisson(1.5, ns)
    fs = np.repeat(st, nf)
    hf = W.other(rng, "offnet_othercity_contact", len(fs), city=np.repeat(home_city, nf))
    edges(fs, hf, 1.5, 1)
    for grp in (mum, dad, hf):
        E.pop[grp[E.kind[grp] == K_SAMEREMOTE]] = POP_ID["samenet_othercity_contact"]
    W.student_parents = (st, mum, dad)

    # directed edges with personal affinities
    u = np.concatenate(src)
    v = np.concatenate(dst)
    w = np.concatenate(wt)
    t = np.concatenate(ty)
    # dedupe undirected pairs
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    key = lo * (E.n + 1) + hi
    _, first = np.unique(key, return_index=True)
    lo, hi, w, t = lo[first], hi[first], w[first], t[first]
    w = w * np.exp(0.7 * rng.standard_normal(len(w)))
    S = np.concatenate([lo, hi])
    D = np.concatenate([hi, lo])
    Wt = np.concatenate([w, w])
    T = np.concatenate([t, t])
    W.graph = (S, D, Wt, T)
    social_calls(W, rng)


def social_calls(W: World, rng):
    E = W.E
    S, D, Wt, T = W.graph
    n = E.n
    seen = SEEN_SRC[E.kind[:n]] & (E.subs[:n] | (E.kind[:n] != K_OWN))
    own_sub = E.subs[:n]
    # activity (calls per day) by population
    lam = np.zeros(n)
    pops = E.pop[:n]
    for name, m in {
        "offnet_qingdao_contact": 0.5,
        "offnet_othercity_contact": 0.38,
        "samenet_othercity_contact": 0.38,
    }.items():
        lam[pops == POP_ID[name]] = m
    lam[W.ordinary] = 0.52
    lam[W.elderly] = 0.38
    lam[W.students] = 0.55
    for grp in (
        W.shops,
        W.taxi,
        W.riders,
        W.couriers,
        W.estate,
        W.recruiters,
        W.drivers_local,
        W.dispatchers,
        W.brokers,
        W.ship_agents,
    ):
        lam[grp] = 0.4
    lam[W.rented] *= 2.5  # rented cards were chosen among students who did use their card
    lam = lam * 0.46 * np.exp(0.75 * rng.standard_normal(n) - 0.28)
    tot = np.bincount(S, weights=Wt, minlength=n)
    keep_e = seen[S] | own_sub[D]
    S2, D2, W2, T2 = S[keep_e], D[keep_e], Wt[keep_e], T[keep_e]
    tot2 = np.bincount(S2, weights=W2, minlength=n)
    share = np.divide(tot2, tot, out=np.zeros(n), where=tot > 0)
    ncall = rng.poisson(lam * NDAYS * share)
    order = np.argsort(S2, kind="stable")
    S2, D2, W2, T2 = S2[order], D2[order], W2[order], T2[order]
    cw = np.cumsum(W2)
    st = np.searchsorted(S2, np.arange(n), "left")
    en = np.searchsorted(S2, np.arange(n), "right")
    base = np.where(st > 0, cw[np.maximum(st - 1, 0)], 0.0)
    base[st == 0] = 0.0
    totw = np.where(en > st, cw[np.maximum(en - 1, 0)] - base, 0.0)
    ncall[en == st] = 0
    a = np.repeat(np.arange(n), ncall)
    u = base[a] + rng.random(len(a)) * totw[a]
    e = np.minimum(np.searchsorted(cw, u, "right"), len(cw) - 1)
    e = np.clip(e, st[a], en[a] - 1)
    b = D2[e]
    ty = T2[e]
    m = len(a)
    # times by caller profile
    t = sample_times(rng, m, "social_wd", "social_we")
    el = np.isin(a, W.elderly)
    t[el] = sample_times(rng, int(el.sum()), "elderly")
    stu = np.isin(a, W.students)
    t[stu] = sample_times(rng, int(stu.sum()), "student")
    # durations by tie type
    dmed = np.array([120, 75, 50, 150, 200, 45, 260], dtype=float)[ty]
    ansp = np.array([0.84, 0.76, 0.72, 0.8, 0.88, 0.74, 0.86])[ty]
    ans = rng.random(m) < ansp
    d = np.where(ans, np.clip(np.round(dmed * np.exp(0.95 * rng.standard_normal(m))), 2, 7200), 0).astype(
        np.int64
    )
    # misdials from own callers
    mis = own_sub[a] & (rng.random(m) < 0.004)
    k = int(mis.sum())
    if k:
        strangers = W.other(
            rng,
            "stranger_nationwide",
            k,
            city=np.where(rng.random(k) < 0.6, 0, rng.choice(len(CITIES), k, p=CITY_W)),
        )
        b[mis] = strangers
        d[mis] = np.where(rng.random(k) < 0.45, lnint(rng, 8, 0.5, k), 0)
    W.social = dict(t=t, a=a, b=b, d=d, ty=ty)


def finish_social(W: World):
    """Apply life events (new cards, number changes, travel, rented cards) and emit."""
    rng = W.sub("social_fix")
    E = W.E
    s = W.social
    t, a, b, d = s["t"].copy(), s["a"].copy(), s["b"].copy(), s["d"].copy()
    m = len(t)
    keep = np.ones(m, dtype=bool)
    org = np.full(m, -1, dtype=np.int8)
    ct = np.full(m, -1, dtype=np.int8)
    # activation inside the window: calls before it are moved after it
    act_rel = np.full(E.n, -1, dtype=np.int64)
    actv = E.act[: E.n] - W0
    inwin = E.subs[: E.n] & (actv > 0) & (actv < WEND)
    act_rel[inwin] = actv[inwin]
    for side in (a, b):
        ar = act_rel[side]
        mv = (ar >= 0) & (t < ar)
        t[mv] = ar[mv] + ((t[mv] / WEND) * (WEND - ar[mv])).astype(np.int64)
    # number changers: after the change, the new card carries the person's calls
    ch_old, ch_new, ch_t = W.changers
    newof = np.full(E.n, -1, dtype=np.int64)
    newof[ch_old] = ch_new
    chg = np.full(E.n, WEND + 1, dtype=np.int64)
    chg[ch_old] = ch_t
    mo = (newof[a] >= 0) & (t >= chg[a])
    a[mo] = newof[a[mo]]
    mi = (newof[b] >= 0) & (t >= chg[b])
    sw = mi & (rng.random(m) < 0.72)
    b[sw] = newof[b[sw]]
    dead = mi & ~sw & (rng.random(m) < 0.75)
    d[dead] = 0
    # rented student cards: after the rent, the student no longer uses the card
    ren = np.full(E.n, WEND + 1, dtype=np.int64)
    ren[W.rented] = W.rented_onset
    keep &= ~(t >= ren[a])
    rin = t >= ren[b]
    d[rin & (rng.random(m) < 0.9)] = 0
    # business travellers abroad: calls home come through the international gateway
    tr0 = np.full(E.n, WEND + 1, dtype=np.int64)
    tr1 = np.full(E.n, -1, dtype=np.int64)
    tr0[W.travellers] = W.trip[0]
    tr1[W.travellers] = W.trip[1]
    away = (t >= tr0[a]) & (t < tr1[a])
    to_own = E.subs[b]
    keep &= ~(away & ~to_own)
    org[away & to_own] = O_INTL
    ct[away & to_own] = C_MTC
    # keep only what this operator records
    seen = SEEN_SRC[E.kind[a]] | E.subs[b]
    keep &= seen & (t < WEND) & (t >= 0)
    W.emit("social", t[keep], a[keep], b[keep], d[keep], org=org[keep], ct=ct[keep])
    # callbacks of missed social calls
    tk, ak, bk, dk = t[keep], a[keep], b[keep], d[keep]
    away_b = (tk >= tr0[bk]) & (tk < tr1[bk])
    ok = ~away_b & ~(tk >= ren[bk])
    sel = (dk == 0) & ok & (rng.random(len(tk)) < 0.55)
    k = int(sel.sum())
    t2 = daytime(rng, tk[sel] + lnint(rng, 900, 1.1, k, lo=30, hi=DAY))
    a2, b2 = bk[sel], ak[sel]
    d2 = W.answer(rng, k, 0.88, 110, 0.9)
    okk = (SEEN_SRC[E.kind[a2]] | E.subs[b2]) & (t2 < WEND)
    W.emit("social_callback", t2[okk], a2[okk], b2[okk], d2[okk])
    # new-card notification bursts: tell contacts the new number
    S, D, _, _ = W.graph
    burst_src = np.concatenate([W.stu_new, ch_old])
    burst_new = np.concatenate([W.stu_new, ch_new])
    burst_t = np.concatenate([act_rel[W.stu_new], ch_t])
    order = np.argsort(S, kind="stable")
    Ss, Ds = S[order], D[order]
    st = np.searchsorted(Ss, burst_src, "left")
    en = np.searchsorted(Ss, burst_src, "right")
    deg = en - st
    frac = rng.uniform(0.2, 0.5, len(burst_src))
    kk = np.floor(deg * frac).astype(np.int64)
    rep = np.repeat(np.arange(len(burst_src)), kk)
    within = (
        np.concatenate([rng.permutation(x)[:y] for x, y in zip(deg, kk)]) if len(rep) else np.zeros(0, int)
    )
    callee = Ds[st[rep] + within]
    callee = np.where(newof[callee] >= 0, newof[callee], callee)
    tb = burst_t[rep] + lnint(rng, 3 * HOUR, 1.0, len(rep), lo=60, hi=2 * DAY)
    tb = np.maximum(tb, act_rel[callee] + 600)
    hr = (tb // HOUR) % 24
    tb = np.where(hr < 7, tb + 8 * HOUR, tb)
    db = W.answer(rng, len(rep), 0.78, 95, 0.8)
    ok = tb < WEND
    W.emit("new_number_notify", tb[ok], burst_new[rep][ok], callee[ok], db[ok])
    cb = ok & (db == 0)
    k = int(cb.sum())
    W.emit(
        "new_number_notify",
        tb[cb] + lnint(rng, 1200, 1, k, 60, DAY),
        callee[cb],
        burst_new[rep][cb],
        W.answer(rng, k, 0.9, 120, 0.8),
    )


def build_life_events(W: World):
    """Number changers, business travellers, students' rented cards (selection only)."""
    rng = W.sub("life")
    E = W.E
    # number changers: old card keeps the social node, new card takes over
    n = W.jit(rng, 350)
    old = rng.choice(W.ordinary, n, replace=False)
    E.pop[old] = POP_ID["number_changer_old_card"]
    typ = rng.choice(
        3, n, p=[0.5, 0.25, 0.25]
    )  # 0 same id+handset, 1 same id new handset, 2 other id same handset
    day = rng.integers(0, 10, n)
    cht = day * DAY + rng.integers(9 * HOUR, 20 * HOUR, n)
    new = W.own(rng, "number_changer_new_card", n, dist=E.dist[old], act=W0 + cht, actfmt=0)
    E.pid[new] = np.where(typ == 2, W.pids(n), E.pid[old])
    E.birth[new] = np.where(typ == 2, E.birth[old] + rng.integers(-4, 5, n), E.birth[old])
    E.hs[new] = np.where(typ == 1, E.hs[new], E.hs[old])
    E.hcell[new] = E.hcell[old]
    E.wcell[new] = E.wcell[old]
    W.changers = (old, new, cht)
    # travellers
    n = W.jit(rng, 60)
    trav = rng.choice(np.setdiff1d(W.ordinary, old), n, replace=False)
    E.pop[trav] = POP_ID["business_traveller_abroad"]
    s = rng.integers(1, 8, n) * DAY + rng.integers(6 * HOUR, 22 * HOUR, n)
    W.travellers = trav
    W.trip = (s, s + rng.integers(3, 7, n) * DAY)
    # rented student cards (fraud): chosen among existing-card students
    n = W.jit(rng, 46)
    W.rented = rng.choice(W.stu_old, n, replace=False)
    E.pop[W.rented] = POP_ID["fraud_rented_student_card"]
    ring = np.sort(rng.integers(0, 5, n))
    W.rented_ring = ring
    W.rented_onset = (1 + ring + rng.integers(0, 6, n)) * DAY + rng.integers(8 * HOUR, 12 * HOUR, n)


# --------------------------------------------------------------------------------------
# business populations
# --------------------------------------------------------------------------------------
def workday_sessions(rng, owners, days_mask, windows, per_hour):
    """Sessions (owner, start, k, end) for each owner-day-window where days_mask[owner_i, day]."""
    oi, dd = np.nonzero(days_mask)
    own_, st_, k_, en_ = [], [], [], []
    for h0, h1, wkd_only in windows:
        sel = ~WEEKEND[dd] if wkd_only else np.ones(len(dd), bool)
        o, dy = oi[sel], dd[sel]
        s = dy * DAY + int(h0 * HOUR) + rng.integers(0, 900, len(o))
        mean = per_hour[o] * (h1 - h0) if np.ndim(per_hour) else np.full(len(o), per_hour * (h1 - h0))
        own_.append(owners[o])
        st_.append(s)
        k_.append(rng.poisson(mean))
        en_.append(dy * DAY + int(h1 * HOUR) + 900)
    return np.concatenate(own_), np.concatenate(st_), np.concatenate(k_), np.concatenate(en_)


def build_bpo(W: World):
    """Outsourced call-centre park: collections, insurance renewal, e-commerce after-sales, survey."""
    rng = W.sub("bpo")
    E = W.E
    park = D_LAOSHAN
    park_cells = W.C.pick(rng, np.full(3, park))
    firms = [
        ("bpo_collections_agent", "collect_a", 80, 6.5, 0.22, 55, 2.6, 0.05),
        ("bpo_collections_agent", "collect_b", 50, 6.0, 0.22, 55, 2.6, 0.05),
        ("bpo_insurance_renewal_agent", "insure", 80, 4.5, 0.40, 140, 2.0, 0.08),
        ("bpo_ecommerce_aftersales_agent", "ecom", 100, 5.5, 0.50, 70, 1.7, 0.10),
        ("bpo_survey_interviewer", "survey", 50, 8.0, 0.14, 0, 1.1, 0.01),
    ]
    W.ecom_customers = []
    W.bpo_lines = []
    for pop, firm, nbase, rate, ansp, dmed, kmean, cbp in firms:
        n = W.jit(rng, nbase)
        pid = int(W.pids(1)[0])
        kind = rng.choice(3, n, p=[0.55, 0.27, 0.18])  # mobile, virtual, desk phone
        batch = W0 - rng.choice([400, 210, 95, 33], n) * DAY
        act = batch + rng.integers(9 * HOUR, 11 * HOUR, n)
        lines = []
        for kk, card, dev in ((0, "mobile", D_NONE), (1, "virtual", D_NONE), (2, "fixed", D_NONE)):
            m = int((kind == kk).sum())
            if m == 0:
                continue
            idx = W.own(
                rng, pop, m, dev=dev, dist=park, act=act[kind == kk], actfmt=0, card=card, pid=pid, work=False
            )
            if card != "fixed":
                E.dev[idx] = D_SMART
                E.hs[idx] = W.H.add_seq(rng.choice(W.H.smart_tacs[:5]), m)
            if card != "fixed":
                E.hcell[idx] = park_cells[rng.integers(0, 3, m)]
            E.birth[idx] = 0
            lines.append(idx)
        lines = np.concatenate(lines)
        W.bpo_lines.append(lines)
        n = len(lines)
        # rota: day shift / evening shift; Saturday mornings for some
        shift = rng.choice(2, n, p=[0.68, 0.32])
        days = np.zeros((n, NDAYS), bool)
        for i in range(n):
            wd = np.flatnonzero(~WEEKEND)
            days[i, rng.choice(wd, rng.integers(5, 8), replace=False)] = True
            for sat in np.flatnonzero(DOW == 5):
                days[i, sat] = rng.random() < 0.35
        if firm == "ecom":  # after 双十一 the after-sales desk works every day
            days[:, DOUBLE11 + 1 :] |= rng.random((n, NDAYS - DOUBLE11 - 1)) < 0.5
        sess = []
        for sh, wins in ((0, [(9, 12, False), (13.5, 18, True)]), (1, [(13, 17, True), (18, 21, True)])):
            m = shift == sh
            if m.any():
                dm = days[m].copy()
                if sh == 1:
                    dm[:, DOW == 5] = False
                sess.append(
                    workday_sessions(
                        rng,
                        lines[m],
                        dm,
                        wins,
                        rate * (1.6 if firm == "ecom" else 1.0) * (1 if sh == 0 else 0.9),
                    )
                )
        own_, st_, k_, en_ = (np.concatenate(x) for x in zip(*sess))
        # saturday sessions are mornings only: sessions starting past 12h on Saturdays removed
        dayi = st_ // DAY
        sat_pm = (DOW[np.minimum(dayi, NDAYS - 1)] == 5) & ((st_ % DAY) > 12 * HOUR)
        own_, st_, k_, en_ = own_[~sat_pm], st_[~sat_pm], k_[~sat_pm], en_[~sat_pm]
        if firm == "ecom":
            boost = np.where(dayi[~sat_pm] > DOUBLE11, 1.0, 0.45)
            k_ = rng.binomial(k_, boost)
        order = np.lexsort((st_, own_))
        own_, st_, k_, en_ = own_[order], st_[order], k_[order], en_[order]
        ncall = int(k_.sum())
        # customers and repeated attempts
        per_line = np.bincount(np.searchsorted(lines, own_), weights=k_, minlength=n).astype(int)
        callee = np.zeros(ncall, dtype=np.int64)
        own_calls = np.repeat(own_, k_)
        line_calls = np.searchsorted(lines, own_calls)
        portfolio_all = []
        for i in range(n):
            c = per_line[i]
            if c == 0:
                continue
            if firm == "survey":
                att = np.where(rng.random(c) < 0.12, 2, 1)
            else:
                att = 1 + rng.geometric(1 / kmean, c) - 1
                att = np.clip(att, 1, 7)
            cum = np.cumsum(att)
            m = int(np.searchsorted(cum, c) + 1)
            att = att[:m]
            reps = np.repeat(np.arange(m), att)[:c]
            ai = np.concatenate([np.arange(x) for x in att])[:c]
            firstk = rng.random(m) * c * 0.85
            stepk = rng.uniform(0.08, 0.3, m) * c
            key = firstk[reps] + ai * stepk[reps] + rng.random(c) * 3
            seq = reps[np.argsort(key, kind="stable")]
            portfolio_all.append((i, m, seq))
        # create customer entities
        total_cust = sum(m for _, m, _ in portfolio_all)
        if firm == "collect_a" or firm == "collect_b":
            own_share, cityp = 0.16, None
        elif firm == "insure":
            own_share, cityp = 0.45, "shandong"
        elif firm == "ecom":
            own_share, cityp = 0.3, None
        else:
            own_share, cityp = 0.25, None
        is_own = rng.random(total_cust) < own_share
        cust = np.zeros(total_cust, dtype=np.int64)
        pool_own = np.concatenate([W.ordinary, W.elderly, W.shops, W.taxi, W.riders, W.stu_old, W.stu_new])
        cust[is_own] = rng.choice(pool_own, int(is_own.sum()))
        k = int((~is_own).sum())
        if cityp == "shandong":
            cities = np.where(rng.random(k) < 0.6, 0, rng.choice(SHANDONG, k))
        else:
            cities = np.where(rng.random(k) < 0.2, 0, rng.choice(len(CITIES), k, p=CITY_W))
        popn = "stranger_nationwide" if firm == "survey" else "bpo_customer"
        cust[~is_own] = W.other(rng, popn, k, city=cities)
        unassigned = np.zeros(total_cust, bool)
        if firm == "survey":
            unassigned = rng.random(total_cust) < 0.22
        off = 0
        line_of_cust = np.zeros(total_cust, dtype=np.int64)
        for i, m, seq in portfolio_all:
            sl = line_calls == i
            callee[sl] = cust[off + seq]
            line_of_cust[off : off + m] = i
            off += m
        unas_call = np.isin(callee, cust[unassigned]) if unassigned.any() else np.zeros(ncall, bool)
        if firm == "survey":
            d = np.where(rng.random(ncall) < 0.45, lnint(rng, 14, 0.6, ncall), lnint(rng, 480, 0.45, ncall))
        else:
            d = lnint(rng, dmed, 0.9, ncall, lo=4)
        ans = (rng.random(ncall) < ansp) & ~unas_call
        d = np.where(ans, d, 0)
        eff = rate * (1.6 if firm == "ecom" else 1.0)
        busy = 19 + ansp * (dmed if firm != "survey" else 270)
        rep, tt = lay_out(rng, st_, k_, d, max(0.85 * (3600 / eff - busy), 20), sess_end=en_)
        own_calls = own_[rep]
        W.emit(pop, tt, own_calls, callee, d)
        if firm == "ecom":
            W.ecom_customers.append(np.unique(callee))
        # customers calling back the number that called them
        cb = (d == 0) & ~unas_call & (rng.random(ncall) < cbp)
        k = int(cb.sum())
        t2 = daytime(rng, tt[cb] + lnint(rng, 2400, 1.1, k, 60, 2 * DAY))
        h2 = (t2 % DAY) // HOUR
        office = (h2 >= 9) & (h2 < 21) & (DOW[np.clip(t2 // DAY, 0, NDAYS - 1)] != 6)
        d2 = np.where(office, W.answer(rng, k, 0.7, 95, 0.8), 0)
        ok = (t2 < WEND) & (tt[cb] >= 0)
        W.emit(pop + "_callback", t2[ok], callee[cb][ok], own_calls[cb][ok], d2[ok])
    W.ecom_customers = np.unique(np.concatenate(W.ecom_customers))
    W.bpo_lines = np.concatenate(W.bpo_lines)


def build_platform_numbers(W: World):
    """Platform privacy numbers (AXB 中间号) bridging riders, drivers, couriers and customers."""
    rng = W.sub("axb")
    n = W.jit(rng, 150)
    pid = int(W.pids(1)[0])
    nv = n * 3 // 5
    a1 = W.own(
        rng,
        "platform_privacy_number",
        nv,
        dev=D_NONE,
        card="virtual",
        pid=pid,
        work=False,
        act=W0 - rng.integers(60, 700, nv) * DAY,
        actfmt=0,
    )
    a2 = W.own(
        rng,
        "platform_privacy_number",
        n - nv,
        dev=D_NONE,
        card="mobile",
        pid=pid,
        work=False,
        act=W0 - rng.integers(60, 700, n - nv) * DAY,
        actfmt=0,
    )
    W.axb = np.concatenate([a1, a2])
    W.E.birth[W.axb] = 0
    W.E.hcell[W.axb] = -1


def via_axb(W: World, rng, tag, t, a, cust, d):
    """A calls a platform number X which bridges to the customer."""
    x = rng.choice(W.axb, len(t))
    W.emit(tag, t, a, x, d)
    W.emit("platform_bridge", t + rng.integers(1, 4, len(t)), x, cust, np.maximum(d - 2, 0) * (d > 0))


def build_gig_workers(W: World):
    """Couriers, riders, taxi drivers, campus delivery, student volunteers."""
    rng = W.sub("gig")
    E = W.E
    qd_people = np.concatenate([W.qd_adults, W.elderly])
    qd_d = E.dist[qd_people]
    qo = np.argsort(qd_d, kind="stable")
    qs = qd_people[qo]
    qst = np.searchsorted(qd_d[qo], np.arange(len(DISTRICTS)))
    qct = np.bincount(qd_d[qo], minlength=len(DISTRICTS))

    def local(n, dists):
        return qs[in_ranges(rng, qst[dists], qct[dists], n)]

    # express couriers (own)
    c = W.couriers
    days = rng.random((len(c), NDAYS)) < 0.9
    own_, st_, k_, en_ = workday_sessions(rng, c, days, [(8.5, 12, False), (13.5, 18.5, False)], 2.1)
    n = int(k_.sum())
    rep = np.repeat(np.arange(len(own_)), k_)
    recip = local(n, E.dist[own_[rep]])
    d = W.answer(rng, n, 0.66, 22, 0.6)
    rep, t = lay_out(rng, st_, k_, d, 240, sess_end=en_)
    a = own_[rep]
    via = rng.random(n) < 0.2
    W.emit("courier", t[~via], a[~via], recip[~via], d[~via])
    via_axb(W, rng, "courier", t[via], a[via], recip[via], d[via])
    W.callbacks(rng, "courier_callback", t[~via], a[~via], recip[~via], d[~via], 0.33, 1500, 0.9, 25, 0.6)
    # other-operator couriers calling our subscribers
    oc = W.other(rng, "offnet_courier", W.jit(rng, 230), city=0)
    E.dist[oc] = rng.choice(len(DISTRICTS), len(oc), p=DIST_W)
    days = rng.random((len(oc), NDAYS)) < 0.88
    own_, st_, k_, en_ = workday_sessions(rng, oc, days, [(8.5, 12, False), (13.5, 18.5, False)], 0.8)
    n = int(k_.sum())
    rep = np.repeat(np.arange(len(own_)), k_)
    od = E.dist[own_[rep]]
    recip = local(n, od)
    recip = np.where(E.subs[recip], recip, rng.choice(W.ordinary, n))
    d = W.answer(rng, n, 0.66, 22, 0.6)
    rep, t = lay_out(rng, st_, k_, d, 700, sess_end=en_)
    W.emit("offnet_courier", t, own_[rep], recip, d)
    W.callbacks(rng, "courier_callback", t, own_[rep], recip, d, 0.3, 1500, 0.9, 25, 0.6)
    # food-delivery riders
    r = W.riders
    days = rng.random((len(r), NDAYS)) < 0.78
    own_, st_, k_, en_ = workday_sessions(rng, r, days, [(10.8, 13.4, False), (16.8, 20.5, False)], 1.4)
    n = int(k_.sum())
    rep = np.repeat(np.arange(len(own_)), k_)
    cust = local(n, E.dist[own_[rep]])
    stud = rng.random(n) < 0.12
    cust[stud] = rng.choice(W.students, int(stud.sum()))
    d = W.answer(rng, n, 0.8, 18, 0.6)
    rep, t = lay_out(rng, st_, k_, d, 420, sess_end=en_)
    a = own_[rep]
    via = rng.random(n) < 0.45
    W.emit("rider", t[~via], a[~via], cust[~via], d[~via])
    via_axb(W, rng, "rider", t[via], a[via], cust[via], d[via])
    # customers calling riders through the platform
    k = n // 9
    sel = rng.choice(n, k, replace=False)
    t2 = t[sel] + rng.integers(120, 1500, k)
    cst = cust[sel]
    x = rng.choice(W.axb, k)
    d2 = W.answer(rng, k, 0.85, 25, 0.6)
    W.emit("rider", t2, cst, x, d2)
    W.emit("platform_bridge", t2 + 2, x, a[sel], np.maximum(d2 - 2, 0) * (d2 > 0))
    # taxi drivers: passengers (often through platform numbers), dispatch, their driver group
    tx = W.taxi
    night = rng.random(len(tx)) < 0.3
    perm = rng.permutation(len(tx))
    gpos = np.empty(len(tx), dtype=np.int64)
    gpos[perm] = np.arange(len(tx))
    n_per = rng.poisson(4.5, (len(tx), NDAYS)) * (rng.random((len(tx), NDAYS)) < 0.85)
    ti = np.repeat(np.repeat(np.arange(len(tx)), NDAYS), n_per.ravel())
    dd = np.repeat(np.tile(np.arange(NDAYS), len(tx)), n_per.ravel())
    a = tx[ti]
    n = len(a)
    isn = night[ti]
    t = sample_times(rng, n, "taxi_day", days=dd)
    t[isn] = sample_times(rng, int(isn.sum()), "taxi_night", days=dd[isn])
    kind = rng.choice(4, n, p=[0.35, 0.25, 0.1, 0.3])
    dispatch = W.other(rng, "business_contact_line", 2, city=0, landline=True)
    W.taxi_dispatch = dispatch
    cust = rng.choice(qd_people, n)
    gp = gpos[ti]
    pj = np.minimum((gp // 15) * 15 + rng.integers(0, 15, n), len(tx) - 1)
    peer = tx[perm[pj]]
    b = np.where(kind == 1, cust, np.where(kind == 2, rng.choice(dispatch, n), peer))
    d = W.answer(rng, n, 0.8, 35, 0.8)
    m0 = kind == 0
    via_axb(W, rng, "taxi", t[m0], a[m0], cust[m0], d[m0])
    W.emit("taxi", t[~m0], a[~m0], b[~m0], d[~m0])
    W.callbacks(rng, "taxi", t[~m0], a[~m0], b[~m0], d[~m0], 0.5, 600, 0.85, 40, 0.7)
    # student-union volunteers phoning freshmen
    v = W.volunteers
    days = np.zeros((len(v), NDAYS), bool)
    days[:, 2:8] = rng.random((len(v), 6)) < 0.7
    own_, st_, k_, en_ = workday_sessions(rng, v, days, [(18.5, 21.5, False)], 9.0)
    n = int(k_.sum())
    tgt = np.where(rng.random(n) < 0.82, rng.choice(W.stu_new, n), rng.choice(W.stu_old, n))
    d = W.answer(rng, n, 0.72, 55, 0.6)
    rep, t = lay_out(rng, st_, k_, d, 90, sess_end=en_)
    W.emit("student_volunteer", t, own_[rep], tgt, d)
    W.callbacks(rng, "student_volunteer", t, own_[rep], tgt, d, 0.35, 1800, 0.8, 50, 0.6)
    # campus part-time delivery
    cd = W.campus_delivery
    days = rng.random((len(cd), NDAYS)) < 0.65
    own_, st_, k_, en_ = workday_sessions(rng, cd, days, [(11.3, 12.8, False), (17.3, 19.0, False)], 7.0)
    n = int(k_.sum())
    tgt = rng.choice(W.students, n)
    d = W.answer(rng, n, 0.8, 15, 0.5)
    rep, t = lay_out(rng, st_, k_, d, 150, sess_end=en_)
    W.emit("campus_delivery", t, own_[rep], tgt, d)


def build_trades(W: World):
    """Real-estate agents, recruiters, clinics, small shops."""
    rng = W.sub("trades")
    E = W.E
    qd_people = np.concatenate([W.qd_adults, W.elderly])
    # real-estate agents: prospect lists, low answer, prospects call back
    ea = W.estate
    days = rng.random((len(ea), NDAYS)) < 0.8
    own_, st_, k_, en_ = workday_sessions(rng, ea, days, [(9.5, 12, False), (14, 19.5, False)], 1.4)
    n = int(k_.sum())
    rep = np.repeat(np.arange(len(own_)), k_)
    lists = rng.choice(qd_people, (len(ea), 260))
    li = np.searchsorted(ea, own_[rep])
    pick = np.minimum(rng.geometric(1 / 90, n), 259)
    b = lists[li, pick]
    d = np.where(
        rng.random(n) < 0.38,
        np.where(rng.random(n) < 0.55, lnint(rng, 15, 0.6, n), lnint(rng, 150, 0.8, n)),
        0,
    )
    rep, t = lay_out(rng, st_, k_, d, 420, sess_end=en_)
    W.emit("real_estate", t, own_[rep], b, d)
    W.callbacks(rng, "real_estate", t, own_[rep], b, d, 0.07, 3 * HOUR, 0.8, 180, 0.8)
    k = int(len(ea) * NDAYS * 1.2)
    t2 = sample_times(rng, k, "social_wd", "social_we")
    W.emit(
        "real_estate_inbound",
        t2,
        rng.choice(qd_people, k),
        rng.choice(ea, k),
        W.answer(rng, k, 0.85, 160, 0.9),
    )
    # recruiters
    rc = W.recruiters
    days = rng.random((len(rc), NDAYS)) < np.where(WEEKEND, 0.15, 0.9)
    own_, st_, k_, en_ = workday_sessions(rng, rc, days, [(9, 12, False), (14, 18, True)], 2.2)
    n = int(k_.sum())
    cand = np.where(rng.random(n) < 0.35, rng.choice(W.stu_old, n), rng.choice(W.qd_off, n))
    far = rng.random(n) < 0.25
    cand[far] = W.other(rng, "stranger_nationwide", int(far.sum()))
    d = W.answer(rng, n, 0.5, 150, 0.8)
    rep, t = lay_out(rng, st_, k_, d, 420, sess_end=en_)
    W.emit("recruiter", t, own_[rep], cand, d)
    W.callbacks(rng, "recruiter", t, own_[rep], cand, d, 0.12, 2 * HOUR, 0.8, 200, 0.8)
    # clinics and hospitals: desk lines and follow-up mobiles
    nf = W.jit(rng, 30)
    fixed = W.own(rng, "clinic_hospital_line", nf, dev=D_NONE, card="fixed", work=False)
    pidh = W.pids(8)
    E.pid[fixed] = rng.choice(pidh, nf)
    mob = W.own(rng, "clinic_hospital_line", W.jit(rng, 20), work=False)
    E.pid[mob] = rng.choice(pidh, len(mob))
    E.birth[fixed] = 0
    E.birth[mob] = 0
    lines = np.concatenate([fixed, mob])
    W.clinics = lines
    rate = np.where(np.isin(lines, fixed), 4.0, 1.6)
    days = np.tile(~WEEKEND | (DOW == 5), (len(lines), 1))
    own_, st_, k_, en_ = workday_sessions(
        rng, lines, days, [(8.5, 11.5, False), (14, 17, True)], rate[np.arange(len(lines))].mean()
    )
    n = int(k_.sum())
    pat = np.where(rng.random(n) < 0.5, rng.choice(W.elderly, n), rng.choice(qd_people, n))
    d = W.answer(rng, n, 0.72, 100, 0.7)
    rep, t = lay_out(rng, st_, k_, d, 300, sess_end=en_)
    W.emit("clinic", t, own_[rep], pat, d)
    W.callbacks(rng, "clinic_callback", t, own_[rep], pat, d, 0.3, 2 * HOUR, 0.9, 90, 0.7)
    # small shops: owners call suppliers and regulars; shop landlines forward to the owner
    sh = W.shops
    nl = W.jit(rng, 200)
    owners = rng.choice(sh, nl, replace=False)
    land = W.own(
        rng,
        "small_shop_landline",
        nl,
        dev=D_NONE,
        card="fixed",
        pid=E.pid[owners],
        dist=E.dist[owners],
        work=False,
    )
    E.birth[land] = 0
    suppliers = np.concatenate(
        [
            W.other(rng, "business_contact_line", 260, city=0, landline=True),
            W.other(rng, "business_contact_line", 260, city=0),
            W.other(rng, "business_contact_line", 120, city=rng.choice(SHANDONG, 120), landline=True),
        ]
    )
    W.suppliers = suppliers
    sup_of = rng.choice(suppliers, (len(sh), 5))
    reg_of = rng.choice(qd_people, (len(sh), 20))
    k = rng.poisson(1.6 * NDAYS, len(sh))
    a = np.repeat(sh, k)
    i = np.repeat(np.arange(len(sh)), k)
    n = len(a)
    b = np.where(rng.random(n) < 0.55, sup_of[i, rng.integers(0, 5, n)], reg_of[i, rng.integers(0, 20, n)])
    t = sample_times(rng, n, "office", "social_we")
    d = W.answer(rng, n, 0.82, 60, 0.8)
    W.emit("shop", t, a, b, d)
    k = rng.poisson(1.0 * NDAYS, len(sh))
    i = np.repeat(np.arange(len(sh)), k)
    n = len(i)
    t = sample_times(rng, n, "office", "social_we")
    W.emit("shop_supplier", t, sup_of[i, rng.integers(0, 5, n)], sh[i], W.answer(rng, n, 0.85, 70, 0.8))
    # customers ring the shop landline; some calls are forwarded to the owner's mobile
    k = rng.poisson(2.5 * NDAYS, nl)
    i = np.repeat(np.arange(nl), k)
    n = len(i)
    cust = np.where(
        rng.random(n) < 0.5,
        reg_of[np.searchsorted(sh, owners[i]), rng.integers(0, 20, n)],
        rng.choice(qd_people, n),
    )
    t = sample_times(rng, n, "office", "social_we")
    fw = rng.random(n) < 0.22
    d = W.answer(rng, n, 0.8, 70, 0.8)
    W.emit("shop_landline", t[~fw], cust[~fw], land[i][~fw], d[~fw])
    fwo = owners[i][fw]
    W.emit("shop_forward", t[fw] + 12, cust[fw], fwo, d[fw], ct=C_FWD)
    # the shop line also rings suppliers now and then
    k = rng.poisson(0.7 * NDAYS, nl)
    i = np.repeat(np.arange(nl), k)
    n = len(i)
    oi = np.searchsorted(sh, owners[i])
    t = sample_times(rng, n, "office", "social_we")
    W.emit(
        "shop_landline_out", t, land[i], sup_of[oi, rng.integers(0, 5, n)], W.answer(rng, n, 0.85, 75, 0.8)
    )


def build_port(W: World):
    """Truck drivers, dispatchers, customs brokers, shipping agents, seafarers."""
    rng = W.sub("port")
    E = W.E
    port_cells = W.C.pick(rng, np.full(14, D_HUANGDAO))
    W.port_cells = port_cells
    # roaming drivers (same network, homed in other Shandong cities)
    nr = W.jit(rng, 280)
    cities = rng.choice(SHANDONG, nr)
    rd = W.E.add(
        nr,
        num=np.array(W.N.own_other(nr), dtype=object),
        kind=K_ROAMDOM,
        pop=POP_ID["port_truck_driver_roaming"],
        city=cities,
        dev=D_SMART,
        hs=W.H.smart(nr),
        imsi=np.array([f"46000{x:010d}" for x in rng.integers(0, 10**10, nr)], dtype=object),
        hcell=rng.choice(port_cells, nr),
        dist=D_HUANGDAO,
    )
    fam = W.other(rng, "offnet_othercity_contact", nr * 2, city=np.repeat(cities, 2))
    E.pop[fam[E.kind[fam] == K_SAMEREMOTE]] = POP_ID["samenet_othercity_contact"]
    drivers = np.concatenate([W.drivers_local, rd])
    nd = len(drivers)
    n_offd = W.jit(rng, 300)
    offd = W.other(rng, "business_contact_line", n_offd, city=rng.choice([0] + SHANDONG, n_offd))
    cargo = np.concatenate(
        [
            W.other(rng, "business_contact_line", 200, city=0),
            W.other(rng, "business_contact_line", 100, city=rng.choice(SHANDONG, 100)),
        ]
    )
    W.cargo = cargo
    disp = W.dispatchers
    my_disp = rng.choice(disp, (nd, 3))
    my_cargo = rng.choice(cargo, (nd, 4))
    peers = rng.choice(drivers, (nd, 10))
    k = rng.poisson(5 * NDAYS * 0.8, nd)
    i = np.repeat(np.arange(nd), k)
    n = len(i)
    t = sample_times(rng, n, "port")
    kind = rng.choice(4, n, p=[0.36, 0.2, 0.26, 0.18])
    fam_pick = np.where(
        i >= len(W.drivers_local),
        fam[np.minimum(2 * np.maximum(i - len(W.drivers_local), 0) + rng.integers(0, 2, n), len(fam) - 1)],
        rng.choice(W.qd_adults, n),
    )
    b = np.select(
        [kind == 0, kind == 1, kind == 2],
        [
            my_disp[i, rng.integers(0, 3, n)],
            my_cargo[i, rng.integers(0, 4, n)],
            peers[i, rng.integers(0, 10, n)],
        ],
        fam_pick,
    )
    d = W.answer(rng, n, 0.82, 45, 0.8)
    a = drivers[i]
    # where the driver is: Qingdao mostly, other Shandong cities sometimes
    away = rng.random(n) < 0.22
    rd_mask = i >= len(W.drivers_local)
    region = np.where(away, rng.choice(SHANDONG, n), 0).astype(np.int16)
    cell = np.where(
        away,
        W.C.pick_city(rng, np.maximum(region, 1)),
        np.where(
            rng.random(n) < 0.55,
            rng.choice(port_cells, n),
            W.C.pick(rng, rng.choice(len(DISTRICTS), n, p=DIST_W)),
        ),
    )
    keep = ~(rd_mask & away)  # roaming drivers away from Qingdao are not on our network
    W.emit("truck_driver", t[keep], a[keep], b[keep], d[keep], cell=cell[keep], reg=region[keep])
    W.callbacks(rng, "truck_driver", t[keep], a[keep], b[keep], d[keep], 0.45, 600, 0.85, 40, 0.7)
    # dispatchers ring drivers all day
    days = rng.random((len(disp), NDAYS)) < 0.85
    own_, st_, k_, en_ = workday_sessions(
        rng, disp, days, [(7, 12, False), (13, 18, False), (18.5, 21, False)], 1.8
    )
    n = int(k_.sum())
    tgt = np.where(rng.random(n) < 0.7, rng.choice(drivers, n), rng.choice(offd, n))
    d = W.answer(rng, n, 0.78, 35, 0.7)
    rep, t = lay_out(rng, st_, k_, d, 420, sess_end=en_)
    W.emit("dispatcher", t, own_[rep], tgt, d)
    k = len(disp) * NDAYS * 4
    t2 = sample_times(rng, k, "port")
    W.emit(
        "dispatcher_inbound", t2, rng.choice(offd, k), rng.choice(disp, k), W.answer(rng, k, 0.85, 40, 0.7)
    )
    # customs brokers
    br = W.brokers
    customs = W.other(rng, "business_contact_line", 6, city=0, landline=True)
    clients = np.concatenate(
        [
            W.other(rng, "business_contact_line", 500, city=0, landline=True),
            W.other(rng, "business_contact_line", 300, city=rng.choice(len(CITIES), 300, p=CITY_W)),
        ]
    )
    my_cl = rng.choice(clients, (len(br), 30))
    days = np.tile(~WEEKEND, (len(br), 1)) & (rng.random((len(br), NDAYS)) < 0.95)
    own_, st_, k_, en_ = workday_sessions(rng, br, days, [(8.5, 12, True), (13.5, 17.5, True)], 2.2)
    n = int(k_.sum())
    rep = np.repeat(np.arange(len(own_)), k_)
    ci = np.searchsorted(br, own_[rep])
    kind = rng.choice(4, n, p=[0.6, 0.15, 0.15, 0.1])
    b = np.select(
        [kind == 0, kind == 1, kind == 2],
        [my_cl[ci, rng.integers(0, 30, n)], rng.choice(customs, n), rng.choice(W.ship_agents, n)],
        rng.choice(W.cargo, n),
    )
    d = W.answer(rng, n, 0.86, 100, 0.8)
    rep, t = lay_out(rng, st_, k_, d, 700, sess_end=en_)
    W.emit("customs_broker", t, own_[rep], b, d)
    k = len(br) * 8 * 5
    t2 = sample_times(rng, k, "office", days=rng.choice(np.flatnonzero(~WEEKEND), k))
    W.emit(
        "customs_broker_inbound",
        t2,
        my_cl[rng.integers(0, len(br), k), rng.integers(0, 30, k)],
        rng.choice(br, k),
        W.answer(rng, k, 0.85, 110, 0.8),
    )
    # seafarers: ships calling at the port
    nships = W.jit(rng, 16)
    nat = rng.choice(
        ["63", "62", "91", "95", "380", "84", "7", "82"],
        nships,
        p=[0.3, 0.12, 0.14, 0.1, 0.08, 0.12, 0.08, 0.06],
    )
    arr = rng.integers(0, NDAYS - 1, nships) * DAY + rng.integers(0, DAY, nships)
    stay = rng.integers(1, 4, nships) * DAY + rng.integers(0, 12 * HOUR, nships)
    crew_n = rng.integers(10, 24, nships)
    W.seafarers = []
    W.seafarer_ship = []
    local_sims = []
    for s in range(nships):
        cc = nat[s]
        m = int(crew_n[s])
        roam = W.foreign("seafarer_roaming_foreign_card", [cc] * m, kind=K_FROAM)
        E.dev[roam] = D_SMART
        E.hs[roam] = W.H.smart(m)
        mcc = FOREIGN[cc][2]
        E.imsi[roam] = np.array([f"{mcc}0{x:010d}" for x in rng.integers(0, 10**10, m)], dtype=object)
        E.hcell[roam] = rng.choice(port_cells, m)
        E.dist[roam] = D_HUANGDAO
        W.seafarers.append(roam)
        W.seafarer_ship.append(np.full(m, s))
        ashore = roam[rng.random(m) < 0.8]
        # local prepaid SIMs bought on arrival by a few
        nl = int(rng.binomial(m, 0.28))
        if nl:
            t_act = arr[s] + rng.integers(2 * HOUR, 8 * HOUR, nl)
            ls = W.own(
                rng,
                "seafarer_local_prepaid_sim",
                nl,
                dist=D_HUANGDAO,
                birth=(1972, 2002),
                act=W0 + t_act,
                actfmt=0,
                work=False,
            )
            E.hcell[ls] = rng.choice(port_cells, nl)
            local_sims.append((ls, t_act, arr[s] + stay[s], cc))
        for who, t0, t1, lam in [(ashore, arr[s], arr[s] + stay[s], 4.0)]:
            days_in = (t1 - t0) / DAY
            k = rng.poisson(lam * days_in, len(who))
            a = np.repeat(who, k)
            nn = len(a)
            if nn == 0:
                continue
            t = t0 + (rng.random(nn) * (t1 - t0)).astype(np.int64)
            home = W.foreign("seafarer_family_abroad", [cc] * len(who))
            hm = home[np.searchsorted(who, a)] if np.all(np.diff(who) > 0) else rng.choice(home, nn)
            kind = rng.choice(4, nn, p=[0.66, 0.14, 0.1, 0.1])
            b = np.select(
                [kind == 0, kind == 1, kind == 2],
                [hm, rng.choice(W.ship_agents, nn), rng.choice(who, nn)],
                rng.choice(W.taxi, nn),
            )
            d = np.where(kind == 0, W.answer(rng, nn, 0.85, 900, 0.7), W.answer(rng, nn, 0.8, 60, 0.7))
            ok = t < WEND
            W.emit("seafarer_roaming", t[ok], a[ok], b[ok], d[ok])
    W.seafarers = np.concatenate(W.seafarers)
    for ls, t0, t1, cc in local_sims:
        k = rng.poisson(5.0 * np.maximum(t1 - t0, 0) / DAY)
        a = np.repeat(ls, k)
        nn = len(a)
        if nn == 0:
            continue
        t0r = np.repeat(t0, k)
        t = t0r + (rng.random(nn) * (t1 - t0r)).astype(np.int64)
        home = W.foreign("seafarer_family_abroad", [cc] * max(3, len(ls) * 2))
        kind = rng.choice(3, nn, p=[0.72, 0.18, 0.1])
        b = np.select(
            [kind == 0, kind == 1],
            [rng.choice(home, nn), rng.choice(W.seafarers, nn)],
            rng.choice(W.ship_agents, nn),
        )
        d = np.where(kind == 0, W.answer(rng, nn, 0.88, 1100, 0.7), W.answer(rng, nn, 0.8, 60, 0.7))
        ok = t < WEND
        W.emit("seafarer_local_sim", t[ok], a[ok], b[ok], d[ok])
    # shipping agents
    sa = W.ship_agents
    principals = W.foreign(
        "foreign_business_contact_intl", rng.choice(["65", "852", "82", "30", "49", "81"], 90)
    )
    W.principals = principals
    terminals = W.other(rng, "business_contact_line", 12, city=0, landline=True)
    days = rng.random((len(sa), NDAYS)) < 0.9
    own_, st_, k_, en_ = workday_sessions(
        rng, sa, days, [(8, 12, False), (13, 18, False), (19, 21, False)], 1.2
    )
    n = int(k_.sum())
    kind = rng.choice(6, n, p=[0.25, 0.2, 0.15, 0.1, 0.1, 0.2])
    b = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3, kind == 4],
        [
            rng.choice(W.seafarers, n),
            rng.choice(terminals, n),
            rng.choice(W.brokers, n),
            rng.choice(principals, n),
            rng.choice(W.dispatchers, n),
        ],
        rng.choice(W.cargo, n),
    )
    d = W.answer(rng, n, 0.8, 80, 0.8)
    rep, t = lay_out(rng, st_, k_, d, 900, sess_end=en_)
    W.emit("shipping_agent", t, own_[rep], b, d)
    # foreign business contacts calling brokers, agents and shops
    fb = np.concatenate(
        [
            principals,
            W.foreign("foreign_business_contact_intl", rng.choice(["82", "82", "81", "1", "65", "49"], 70)),
        ]
    )
    k = rng.poisson(9, len(fb))
    a = np.repeat(fb, k)
    n = len(a)
    b = np.select(
        [rng.random(n) < 0.4, rng.random(n) < 0.5],
        [rng.choice(sa, n), rng.choice(W.brokers, n)],
        rng.choice(W.shops, n),
    )
    t = sample_times(rng, n, "office", days=rng.choice(np.flatnonzero(~WEEKEND), n))
    W.emit("foreign_business", t, a, b, W.answer(rng, n, 0.75, 200, 0.8))


def build_visitors_and_abroad(W: World):
    """Domestic visitors roaming in Qingdao; relatives abroad; travellers calling home."""
    rng = W.sub("visitors")
    E = W.E
    n = W.jit(rng, 320)
    cities = rng.choice(FAR_CITIES, n)
    vis = E.add(
        n,
        num=np.array(W.N.own_other(n), dtype=object),
        kind=K_ROAMDOM,
        pop=POP_ID["domestic_visitor_roaming"],
        city=cities,
        dev=D_SMART,
        hs=W.H.smart(n),
        imsi=np.array([f"46000{x:010d}" for x in rng.integers(0, 10**10, n)], dtype=object),
        hcell=W.C.pick(rng, rng.choice([D_SHINAN, D_SHINAN, D_SHIBEI, D_LAOSHAN, D_HUANGDAO], n)),
        dist=D_SHINAN,
    )
    E.dist[vis] = W.C.dist[E.hcell[vis]]
    home = W.other(rng, "offnet_othercity_contact", n * 3, city=np.repeat(cities, 3))
    E.pop[home[E.kind[home] == K_SAMEREMOTE]] = POP_ID["samenet_othercity_contact"]
    hotels = W.other(rng, "business_contact_line", 40, city=0, landline=True)
    a0 = rng.integers(0, NDAYS - 1, n) * DAY + rng.integers(8 * HOUR, 20 * HOUR, n)
    a1 = np.minimum(a0 + rng.integers(2, 6, n) * DAY, WEND)
    k = rng.poisson(4.5 * (a1 - a0) / DAY)
    i = np.repeat(np.arange(n), k)
    m = len(i)
    t = a0[i] + (rng.random(m) * (a1 - a0)[i]).astype(np.int64)
    kind = rng.choice(4, m, p=[0.6, 0.15, 0.1, 0.15])
    b = np.select(
        [kind == 0, kind == 1, kind == 2],
        [home[3 * i + rng.integers(0, 3, m)], rng.choice(hotels, m), rng.choice(W.axb, m)],
        rng.choice(W.qd_adults, m),
    )
    d = W.answer(rng, m, 0.82, 110, 0.9)
    W.emit("domestic_visitor", t, vis[i], b, d)
    # relatives abroad (legitimate international callers)
    n = W.jit(rng, 260)
    ccs = rng.choice(
        ["1", "44", "61", "81", "82", "65", "49", "64", "852"],
        n,
        p=[0.25, 0.15, 0.15, 0.1, 0.1, 0.08, 0.07, 0.05, 0.05],
    )
    rel = W.foreign("overseas_relative_intl", ccs)
    fam = rng.choice(np.concatenate([W.ordinary, W.elderly]), (n, 2))
    k = rng.poisson(4.5, n)
    i = np.repeat(np.arange(n), k)
    m = len(i)
    t = sample_times(rng, m, "evening", "social_we")
    b = fam[i, rng.integers(0, 2, m)]
    d = W.answer(rng, m, 0.86, 900, 0.8)
    W.emit("overseas_relative", t, rel[i], b, d)
    k = rng.poisson(2.5, n)
    i = np.repeat(np.arange(n), k)
    m = len(i)
    t = sample_times(rng, m, "evening", "social_we")
    W.emit("overseas_relative", t, fam[i, rng.integers(0, 2, m)], rel[i], W.answer(rng, m, 0.8, 700, 0.8))


def build_machines_and_services(W: World):
    """Elevator alarm IoT cards, service numbers calling in and out."""
    rng = W.sub("services")
    E = W.E
    ne = W.jit(rng, 220)
    centre = W.own(rng, "elevator_maintenance_centre", 2, dev=D_NONE, card="fixed", work=False)
    E.birth[centre] = 0
    el = W.own(rng, "iot_elevator_alarm", ne, dev=D_IOT, card="iot", pid=E.pid[centre[0]], work=False)
    E.birth[el] = 0
    E.pid[centre] = E.pid[centre[0]]
    test_t = rng.integers(1 * HOUR, 5 * HOUR, ne)
    dd = np.repeat(np.arange(NDAYS), ne)
    a = np.tile(el, NDAYS)
    t = dd * DAY + np.tile(test_t, NDAYS) + rng.integers(-20, 21, len(a))
    ok = rng.random(len(a)) < 0.985
    W.emit(
        "elevator_selftest",
        t[ok],
        a[ok],
        rng.choice(centre, int(ok.sum())),
        lnint(rng, 9, 0.2, int(ok.sum()), 5, 20),
    )
    k = rng.poisson(0.012 * NDAYS * ne)
    a = rng.choice(el, k)
    t = sample_times(rng, k, "office", "social_we")
    d = lnint(rng, 150, 0.8, k, 20, 1200)
    W.emit("elevator_emergency", t, a, rng.choice(centre, k), d)
    W.emit(
        "elevator_emergency",
        t + d + rng.integers(120, 900, k),
        rng.choice(centre, k),
        a,
        lnint(rng, 40, 0.5, k),
    )
    # services
    own_people = np.concatenate(
        [W.ordinary, W.elderly, W.shops, W.taxi, W.riders, W.couriers, W.students, W.estate, W.drivers_local]
    )
    op = W.service("service_operator_hotline", ["10086"], kind=K_SVC_OWN)
    banks = W.service(
        "service_bank_95xxx", ["95588", "95533", "95599", "95566", "95555", "95559", "95528", "95561"]
    )
    gov = W.service("service_gov_hotline", ["12345"])
    afc = W.service("anti_fraud_centre_96110", ["96110"])
    c400 = W.service(
        "service_400_company",
        ["4008111111", "4006789888", "4008205555", "4000100100", "4006095566", "4009200520"],
    )
    emerg = W.service("service_emergency", ["110", "120", "114", "12315"])
    W.svc = dict(op=op, banks=banks, gov=gov, afc=afc, c400=c400, emerg=emerg)
    # outbound from services
    for src, rate, ans, med, tag in (
        (op, 260, 0.5, 60, "svc_10086_out"),
        (banks, 42, 0.6, 70, "svc_bank_out"),
        (gov, 28, 0.75, 150, "svc_12345_out"),
        (c400, 22, 0.5, 50, "svc_400_out"),
    ):
        k = rng.poisson(rate * NDAYS * len(src))
        t = sample_times(rng, k, "office", "social_we", day_w=np.where(WEEKEND, 0.35, 1.0))
        b = rng.choice(own_people, k)
        W.emit(tag, t, rng.choice(src, k), b, W.answer(rng, k, ans, med, 0.8))
    k = rng.poisson(14 * NDAYS)
    t = sample_times(rng, k, "office")
    W.emit(
        "svc_96110_prevention",
        t,
        np.full(k, afc[0]),
        rng.choice(W.elderly, k),
        W.answer(rng, k, 0.7, 100, 0.6),
    )
    # inbound to services and clinics
    k = int(len(own_people) * 0.045 * NDAYS)
    a = rng.choice(own_people, k)
    kind = rng.choice(6, k, p=[0.34, 0.28, 0.15, 0.05, 0.12, 0.06])
    b = np.select(
        [kind == 0, kind == 1, kind == 2, kind == 3, kind == 4],
        [
            np.full(k, op[0]),
            rng.choice(banks, k),
            rng.choice(c400, k),
            np.full(k, gov[0]),
            rng.choice(W.clinics, k),
        ],
        rng.choice(emerg, k),
    )
    t = sample_times(rng, k, "office", "social_we")
    W.emit("call_to_service", t, a, b, W.answer(rng, k, 0.97, 200, 0.8))


# --------------------------------------------------------------------------------------
# fraud
# --------------------------------------------------------------------------------------
def victims_mix(W: World, rng, n, own_share, own_pool):
    """Victim numbers: own subscribers from a pool and strangers elsewhere."""
    own = rng.random(n) < own_share
    v = np.zeros(n, dtype=np.int64)
    v[own] = rng.choice(own_pool, int(own.sum()))
    k = int((~own).sum())
    v[~own] = W.other(rng, "stranger_nationwide", k)
    return v


def fraud_outcome(rng, n, ansp, long_p, long_med=900, short_med=25):
    ans = rng.random(n) < ansp
    lng = rng.random(n) < long_p
    d = np.where(lng, lnint(rng, long_med, 0.8, n, 120, 9000), lnint(rng, short_med, 0.8, n, 2, 300))
    return np.where(ans, d, 0)


def victim_callbacks(W, rng, tag, t, a, b, d, p_ans_cb, p_cb_any=0.02):
    """Victims call the fraud number back (after a hook, or out of curiosity)."""
    E = W.E
    p = np.where(d > 180, p_ans_cb, p_cb_any)
    sel = rng.random(len(t)) < p
    k = int(sel.sum())
    if not k:
        return
    t2 = daytime(rng, t[sel] + lnint(rng, 3 * HOUR, 1.2, k, 120, 3 * DAY))
    a2, b2 = b[sel], a[sel]
    ok = (t2 < WEND) & (SEEN_SRC[E.kind[a2]] | E.subs[b2])
    W.emit(tag, t2[ok], a2[ok], b2[ok], W.answer(rng, int(ok.sum()), 0.75, 400, 1.0))


def build_fraud(W: World):
    rng = W.sub("fraud")
    E = W.E
    elderly = W.elderly
    young = np.concatenate([W.stu_new, W.stu_old, W.riders])
    adults = np.concatenate([W.ordinary, W.shops, W.taxi, W.couriers])
    all_own = np.concatenate([adults, elderly, young])
    W.fraud_hooks = []  # (t, victim, dur) of long answered fraud calls

    def fcalls(tag, t, a, b, d, **kw):
        W.emit(tag, t, a, b, d, vic=True, **kw)
        W.fraud_hooks.append((t, b, d))

    # ---- F1 rented student cards: five rings with different habits ------------------
    styles = ["pace", "long", "warmup", "reuse", "plain"]
    ring_loc = [(0, D_CHENGYANG), (1, -1), (0, D_JIMO), (5, -1), (0, D_LICANG)]  # (city, district)
    for r in range(5):
        cards = W.rented[W.rented_ring == r]
        if len(cards) == 0:
            continue
        onset = W.rented_onset[W.rented_ring == r]
        city, dist = ring_loc[r]
        cells = W.C.pick(rng, np.full(2, dist)) if city == 0 else W.C.pick_city(rng, np.full(2, city))
        dev = W.H.smart(3)
        style = styles[r]
        victim_list = (
            victims_mix(W, rng, 900, 0.3, np.concatenate([elderly, adults])) if style == "reuse" else None
        )
        vl_pos = 0
        for j, (c, on) in enumerate(zip(cards, onset)):
            life = rng.integers(2, 6) * DAY
            days = np.arange(on // DAY, min(NDAYS, (on + life) // DAY + 1))
            hs = dev[j % 3]
            for dy in days:
                per = int(rng.integers(11, 18) if style == "pace" else rng.integers(35, 80))
                if style == "reuse":
                    b = victim_list[(vl_pos + np.arange(per)) % len(victim_list)]
                    vl_pos += per // 2  # overlapping windows: victims called by several cards
                else:
                    b = victims_mix(
                        W,
                        rng,
                        per,
                        0.3 if style != "long" else 0.45,
                        np.concatenate([elderly, adults, young]),
                    )
                if style == "long":
                    d = fraud_outcome(rng, per, 0.32, 0.45, 1100, 60)
                else:
                    d = fraud_outcome(rng, per, 0.28, 0.08)
                if style == "pace":
                    t = dy * DAY + np.sort(rng.integers(9 * HOUR, 21 * HOUR, per))
                else:
                    s0 = dy * DAY + 9 * HOUR + int(rng.integers(0, 3600))
                    _, t = lay_out(rng, np.array([s0]), np.array([per]), d, 240)
                ok = (t >= on) & (t < WEND)
                k = int(ok.sum())
                fcalls(
                    "fraud_rented",
                    t[ok],
                    np.full(k, c),
                    b[ok],
                    d[ok],
                    hs=hs,
                    cell=rng.choice(cells, k),
                    reg=city,
                )
                victim_callbacks(W, rng, "fraud_rented_cb", t[ok], np.full(k, c), b[ok], d[ok], 0.12)
            if style == "long":  # padding: long talks with other ring cards
                k = int(rng.integers(3, 8))
                t = on + rng.integers(0, 3 * DAY, k)
                W.emit(
                    "fraud_rented_pad",
                    t,
                    np.full(k, c),
                    rng.choice(cards, k),
                    lnint(rng, 1200, 0.5, k),
                    hs=hs,
                    cell=cells[0],
                    reg=city,
                )
            if style == "warmup":  # 1-3 days of calls among ring cards before victims
                k = int(rng.integers(6, 14))
                t = daytime(rng, on - rng.integers(3 * HOUR, 3 * DAY, k))
                t = t[t >= 0]
                k = len(t)
                W.emit(
                    "fraud_rented_warmup",
                    t,
                    np.full(k, c),
                    rng.choice(cards, k),
                    W.answer(rng, k, 0.85, 90, 0.8),
                    hs=hs,
                    cell=cells[0],
                    reg=city,
                )

    # ---- F2 GoIP SIM boxes: rotating batches of cards -------------------------------
    W.goip_cards = []
    for g, (dist, ports, pace, imei_mode) in enumerate(
        [(D_JIMO, 16, False, "fixed"), (D_JIAOZHOU, 24, False, "rotate"), (D_CHENGYANG, 16, True, "fixed")]
    ):
        cell = W.C.pick(rng, np.array([dist]), 1)[0]
        tac = W.H.goip_tacs[g]
        port_hs = W.H.add_seq(tac, ports)
        start_day = int(rng.integers(0, 5))
        batches = list(range(start_day, NDAYS, int(rng.integers(1, 3))))
        idholders = W.pids(ports // 2)
        for bi, dy in enumerate(batches):
            nports = int(rng.integers(ports * 2 // 3, ports + 1))
            act_t = W0 - int(rng.integers(3, 40)) * DAY + int(rng.integers(9 * HOUR, 17 * HOUR))
            cards = W.own(
                rng,
                "fraud_simbox_goip_card",
                nports,
                dev=D_GOIP,
                dist=dist,
                act=act_t + rng.integers(0, 900, nports),
                actfmt=0,
                work=False,
                pid=rng.choice(idholders, nports),
                birth=(1958, 2003),
            )
            E.hcell[cards] = cell
            E.hs[cards] = port_hs[:nports] if imei_mode == "fixed" else W.H.add(np.full(nports, tac))
            W.goip_cards.append(cards)
            if pace:  # 养卡: the batch calls itself for two days before it is used
                k = nports * 4
                tw = dy * DAY - rng.integers(2 * HOUR, 2 * DAY, k)
                tw = (tw // DAY) * DAY + np.clip(tw % DAY, 10 * HOUR, 20 * HOUR)
                okw = tw >= 0
                W.emit(
                    "fraud_goip_warmup",
                    tw[okw],
                    rng.choice(cards, k)[okw],
                    rng.choice(cards, k)[okw],
                    W.answer(rng, k, 0.9, 70, 0.8)[okw],
                )
            life = int(rng.integers(1, 3))
            for dd in range(dy, min(NDAYS, dy + life)):
                per = rng.integers(10, 16, nports) if pace else rng.integers(25, 60, nports)
                # number scanning: consecutive numbers of a block, mixed with leaked lists
                tot = int(per.sum())
                base_blocks = rng.choice(OFF_PREF + OWN_PREF, max(1, tot // 300 + 1))
                seqn = []
                for bb in base_blocks:
                    s0 = int(rng.integers(0, 10**8 - 400))
                    seqn += [f"{bb}{x:08d}" for x in range(s0, s0 + 300)]
                seqn = [s for s in dict.fromkeys(seqn[:tot]) if s not in W.N.used]
                k_scan = len(seqn)
                W.N.register(seqn)
                scan = E.add(
                    k_scan,
                    num=np.array(seqn, dtype=object),
                    kind=K_OFFNET,
                    pop=POP_ID["stranger_nationwide"],
                    city=-1,
                )
                own_in = np.array([s[:3] in OWN_PREF for s in seqn], dtype=bool)
                E.kind[scan[own_in]] = K_SAMEREMOTE
                b = np.concatenate([scan, rng.choice(all_own, tot - k_scan)])
                keys = np.concatenate([np.arange(k_scan), rng.random(tot - k_scan) * max(k_scan, 1)])
                b = b[np.argsort(keys, kind="stable")]
                d = fraud_outcome(rng, tot, 0.13 if not pace else 0.22, 0.06, 700, 20)
                unas = rng.random(tot) < 0.35
                d[unas & np.isin(b, scan)] = 0
                if pace:
                    t = dd * DAY + rng.integers(9 * HOUR, 20 * HOUR, tot)
                    a = np.repeat(cards, per)
                else:
                    s0 = dd * DAY + 9 * HOUR + rng.integers(0, 1200, nports)
                    rep, t = lay_out(rng, s0, per, d, 30, 0.3)
                    a = cards[rep]
                    lunch = (t % DAY) > 12 * HOUR
                    t = t + lunch * (90 * 60)
                ok = t < WEND
                fcalls("fraud_goip", t[ok], a[ok], b[ok], d[ok])
                victim_callbacks(W, rng, "fraud_goip_cb", t[ok], a[ok], b[ok], d[ok], 0.1, 0.01)
    W.goip_cards = np.concatenate(W.goip_cards)

    # ---- F3 phone-relay desks: upstream VoIP legs bridged to victims ---------------
    W.relay = []
    for r, dist in enumerate([D_LICANG, D_CHENGYANG]):
        nph = 5
        cell = W.C.pick(rng, np.array([dist]))[0]
        # bought real-name cards (两卡): old cards of young holders, now on the desk
        act, fmt = W.act_sample(rng, nph, 1.5, 0.4, 0.5, 4)
        phones = W.own(
            rng, "fraud_relay_desk_phone", nph, dist=dist, work=False, birth=(1999, 2005), act=act, actfmt=fmt
        )
        E.hcell[phones] = cell
        hs = W.H.smart(nph)
        up = W.foreign("fraud_relay_upstream_voip", rng.choice(["855", "95", "63", "60", "66"], 15))
        W.relay.append(phones)
        d0 = int(rng.integers(0, 4))
        for dy in range(d0, NDAYS):
            if rng.random() < 0.15:
                continue
            ns = int(rng.integers(18, 40))
            t = dy * DAY + np.sort(rng.integers(9 * HOUR, 21 * HOUR, ns))
            pin = rng.integers(0, nph, ns)
            pout = (pin + rng.integers(1, nph, ns)) % nph
            v = victims_mix(W, rng, ns, 0.35, np.concatenate([elderly, adults]))
            dv = fraud_outcome(rng, ns, 0.4, 0.45, 700, 40)
            dup = np.where(dv > 0, dv + rng.integers(10, 40, ns), lnint(rng, 35, 0.4, ns))
            u = rng.choice(up, ns)
            W.emit("fraud_relay_upstream", t, u, phones[pin], dup, vic=True)
            hsx = hs[(pout + dy) % nph]  # handsets and cards get swapped between days
            fcalls("fraud_relay_desk", t + rng.integers(4, 20, ns), phones[pout], v, dv, hs=hsx, cell=cell)
            victim_callbacks(W, rng, "fraud_relay_cb", t, phones[pout], v, dv, 0.08, 0.01)
    W.relay = np.concatenate(W.relay)

    # ---- F4 VoIP via the international gateway presenting +86 / official-looking ---
    n_sp = W.jit(rng, 800)
    nums = []
    while len(nums) < n_sp:
        p = rng.choice(OWN_PREF + OFF_PREF)
        s = f"{p}{int(rng.integers(0, 10**8)):08d}"
        if s not in W.N.used and s not in nums:
            nums.append(s)
    W.N.register(nums)
    spoof = E.add(
        n_sp,
        num=np.array(nums, dtype=object),
        kind=K_SPOOF,
        pop=POP_ID["fraud_voip_spoofed_mobile_cli"],
        city=-1,
    )
    uses = np.clip(rng.geometric(0.45, n_sp), 1, 12)
    a = np.repeat(spoof, uses)
    n = len(a)
    start_day = rng.integers(0, NDAYS, n_sp)
    dd = np.minimum(np.repeat(start_day, uses) + rng.integers(0, 2, n), NDAYS - 1)
    t = sample_times(rng, n, "fraud_day", days=dd)
    b = np.where(rng.random(n) < 0.42, rng.choice(elderly, n), rng.choice(all_own, n))
    d = fraud_outcome(rng, n, 0.33, 0.12, 1500, 30)
    fcalls("fraud_voip_spoof", t, a, b, d, org=O_INTL, ct=C_MTC)
    # official-looking numbers
    look = []
    for _ in range(W.jit(rng, 40)):
        kind = rng.integers(0, 4)
        if kind == 0:
            s = f"0532{int(rng.integers(6000, 8999)):04d}{rng.choice(['0110', '1110', '2110', '9110'])}"
        elif kind == 1:
            s = f"010{int(rng.integers(5000, 8999)):04d}{rng.choice(['0110', '1110', '2389', '3110'])}"
        elif kind == 2:
            s = f"{rng.choice(['95588', '95533', '95555', '95599'])}{int(rng.integers(0, 99)):02d}"
        else:
            s = f"0531{int(rng.integers(8000, 8999)):04d}{rng.choice(['0110', '1110', '2110'])}"
        if s not in W.N.used and s not in look:
            look.append(s)
    W.N.register(look)
    look = E.add(
        len(look),
        num=np.array(look, dtype=object),
        kind=K_SPOOF,
        pop=POP_ID["fraud_voip_official_lookalike"],
        city=-1,
    )
    uses = rng.integers(4, 18, len(look))
    a = np.repeat(look, uses)
    n = len(a)
    t = sample_times(rng, n, "fraud_day")
    b = np.where(rng.random(n) < 0.6, rng.choice(elderly, n), rng.choice(adults, n))
    d = fraud_outcome(rng, n, 0.45, 0.3, 2400, 40)
    fcalls("fraud_voip_lookalike", t, a, b, d, org=O_INTL, ct=C_MTC)
    # a hooked victim gets called again (the "case officer" keeps the victim on the line)
    hooked = d > 900
    k = int(hooked.sum())
    for rep in range(2):
        t2 = t[hooked] + rng.integers(2 * HOUR, 2 * DAY, k)
        ok = t2 < WEND
        fcalls(
            "fraud_voip_lookalike",
            t2[ok],
            a[hooked][ok],
            b[hooked][ok],
            lnint(rng, 2400, 0.6, int(ok.sum()), 300, 9000),
            org=O_INTL,
            ct=C_MTC,
        )
    # ---- F6 fake police follow-up cards (domestic) ----------------------------------
    npol = W.jit(rng, 16)
    pol = np.concatenate(
        [
            W.other(rng, "fraud_fake_police_followup", npol - 4, city=rng.choice(FAR_CITIES, npol - 4)),
            W.own(
                rng,
                "fraud_fake_police_followup",
                4,
                birth=(1975, 2000),
                work=False,
                act=W0 - rng.integers(2, 30, 4) * DAY,
                actfmt=0,
            ),
        ]
    )
    E.pop[pol] = POP_ID["fraud_fake_police_followup"]
    hv = b[hooked]
    for j in range(len(pol)):
        vv = rng.choice(np.concatenate([hv, rng.choice(elderly, 3)]), int(rng.integers(2, 5)))
        on = int(rng.integers(0, 6 * DAY))
        for v in vv:
            k = int(rng.integers(3, 9))
            t = on + np.sort(rng.integers(0, 5 * DAY, k))
            t = (t // DAY) * DAY + np.clip(t % DAY, 9 * HOUR, 22 * HOUR)
            ok = t < WEND
            dd = lnint(rng, 2700, 0.6, k, 300, 10800)
            fcalls(
                "fraud_fake_police", t[ok], np.full(int(ok.sum()), pol[j]), np.full(int(ok.sum()), v), dd[ok]
            )
            victim_callbacks(
                W,
                rng,
                "fraud_fake_police_cb",
                t[ok],
                np.full(int(ok.sum()), pol[j]),
                np.full(int(ok.sum()), v),
                dd[ok],
                0.5,
            )
    # ---- F5 fake e-commerce customer service (after 双十一) ----------------------------
    nr = W.jit(rng, 30)
    nv = nr // 2
    ref_own = W.own(
        rng,
        "fraud_fake_ecommerce_refund",
        nv,
        card="virtual",
        dist=D_HUANGDAO,
        work=False,
        act=W0 + DOUBLE11 * DAY - rng.integers(1, 20, nv) * DAY,
        actfmt=0,
        pid=rng.choice(W.pids(5), nv),
        birth=(1980, 2003),
    )
    hs2 = W.H.smart(2)
    E.hs[ref_own] = rng.choice(hs2, nv)
    cell = W.C.pick(rng, np.array([D_HUANGDAO]))[0]
    E.hcell[ref_own] = cell
    ref_off = W.other(rng, "fraud_fake_ecommerce_refund", nr - nv, city=rng.choice(FAR_CITIES, nr - nv))
    refs = np.concatenate([ref_own, ref_off])
    leak = W.ecom_customers[E.subs[W.ecom_customers]]
    for j, c in enumerate(refs):
        d0 = int(rng.integers(DOUBLE11 + 1, NDAYS - 1))
        for dy in range(d0, min(NDAYS, d0 + int(rng.integers(2, 6)))):
            per = int(rng.integers(18, 50))
            own_side = E.subs[c]
            if own_side:
                b = np.where(
                    rng.random(per) < 0.5,
                    rng.choice(leak, per),
                    victims_mix(W, rng, per, 0.3, np.concatenate([young, adults])),
                )
            else:
                b = np.where(
                    rng.random(per) < 0.6,
                    rng.choice(leak, per),
                    rng.choice(np.concatenate([young, adults]), per),
                )
            d = fraud_outcome(rng, per, 0.42, 0.5, 600, 40)
            s0 = dy * DAY + 9 * HOUR + int(rng.integers(0, 7200))
            _, t = lay_out(rng, np.array([s0]), np.array([per]), d, 300)
            ok = t < WEND
            fcalls("fraud_refund", t[ok], np.full(int(ok.sum()), c), b[ok], d[ok])
            victim_callbacks(
                W, rng, "fraud_refund_cb", t[ok], np.full(int(ok.sum()), c), b[ok], d[ok], 0.2, 0.02
            )
    # ---- F7 loan / credit-repair --------------------------------------------------
    nl = W.jit(rng, 40)
    virt = rng.random(nl) < 0.6
    loan = np.concatenate(
        [
            W.own(
                rng,
                "fraud_loan_credit_repair",
                int(virt.sum()),
                card="virtual",
                work=False,
                dist=D_SHIBEI,
                act=W0 - rng.integers(-6, 25, int(virt.sum())) * DAY,
                actfmt=0,
                birth=(1975, 2004),
            ),
            W.own(
                rng,
                "fraud_loan_credit_repair",
                int((~virt).sum()),
                work=False,
                dist=D_SHIBEI,
                act=W0 - rng.integers(3, 300, int((~virt).sum())) * DAY,
                actfmt=0,
                birth=(1975, 2004),
            ),
        ]
    )
    lcells = W.C.pick(rng, np.full(3, D_SHIBEI))
    E.hcell[loan] = rng.choice(lcells, len(loan))
    lhs = W.H.smart(10)
    E.hs[loan] = rng.choice(lhs, len(loan))
    for c in loan:
        d0 = max(0, int((E.act[c] - W0) // DAY) + 1) if E.act[c] > W0 else int(rng.integers(0, 7))
        paced = rng.random() < 0.5
        if rng.random() < 0.5:  # warm-up: a few days of ordinary-looking calls among the ring
            d0 = min(d0 + int(rng.integers(2, 4)), NDAYS - 2)
            k = int(rng.integers(8, 16))
            lo = max(0, int(E.act[c] - W0) + 3600)
            tw = d0 * DAY - rng.integers(3 * HOUR, 3 * DAY, k)
            tw = np.where(tw < lo, lo + rng.integers(HOUR, 6 * HOUR, k), tw)
            tw = daytime(rng, tw)
            tw = np.where(tw < d0 * DAY, tw, d0 * DAY - rng.integers(2 * HOUR, 8 * HOUR, k))
            b = np.where(rng.random(k) < 0.75, rng.choice(loan, k), W.svc["op"][0])
            W.emit("fraud_loan_warmup", tw, np.full(k, c), b, W.answer(rng, k, 0.85, 110, 0.8))
        for dy in range(d0, min(NDAYS, d0 + int(rng.integers(3, 7)))):
            if WEEKEND[dy] and rng.random() < 0.6:
                continue
            per = int(rng.integers(12, 20)) if paced else int(rng.integers(30, 70))
            b = victims_mix(W, rng, per, 0.35, young)
            d = fraud_outcome(rng, per, 0.35, 0.2, 300, 50)
            if paced:
                t = dy * DAY + np.sort(rng.integers(9 * HOUR, 19 * HOUR, per))
            else:
                _, t = lay_out(rng, np.array([dy * DAY + 9 * HOUR]), np.array([per]), d, 280)
            ok = t < WEND
            fcalls("fraud_loan", t[ok], np.full(int(ok.sum()), c), b[ok], d[ok])
            victim_callbacks(
                W, rng, "fraud_loan_cb", t[ok], np.full(int(ok.sum()), c), b[ok], d[ok], 0.1, 0.02
            )
    # ---- F8 pig-butchering handlers: few victims, long evening talks -----------------
    nh = W.jit(rng, 12)
    hown = W.own(
        rng,
        "fraud_pig_butchering_handler",
        nh // 2,
        work=False,
        birth=(1985, 2000),
        act=W0 - rng.integers(60, 900, nh // 2) * DAY,
        actfmt=0,
    )
    hoff = W.other(
        rng, "fraud_pig_butchering_handler", nh - nh // 2, city=rng.choice(FAR_CITIES, nh - nh // 2)
    )
    handlers = np.concatenate([hown, hoff])
    mid = W.ordinary[(E.birth[W.ordinary] < 1992) & (E.birth[W.ordinary] > 1966)]
    for h in handlers:
        vics = rng.choice(mid, int(rng.integers(2, 5)), replace=False)
        for v in vics:
            k = int(rng.integers(4, 12))
            t = sample_times(rng, k, "evening")
            dd = W.answer(rng, k, 0.9, 2100, 0.6, 120, 9000)
            fcalls("fraud_pig_butchering", t, np.full(k, h), np.full(k, v), dd)
            k2 = int(rng.integers(3, 10))
            t2 = sample_times(rng, k2, "evening")
            first = t.min()
            t2 = np.maximum(t2, first + 600)
            ok = t2 < WEND
            W.emit(
                "fraud_pig_butchering_cb",
                t2[ok],
                np.full(int(ok.sum()), v),
                np.full(int(ok.sum()), h),
                W.answer(rng, int(ok.sum()), 0.95, 1800, 0.6, 120, 9000),
            )
    # ---- F9 wangiri from abroad ---------------------------------------------------
    cc = rng.choice(["216", "222", "373", "882"])
    nw = W.jit(rng, 40)
    wang = W.foreign("fraud_wangiri_intl", [cc] * nw)
    for w in wang:
        d0 = int(rng.integers(0, NDAYS - 2))
        k = int(rng.integers(90, 250))
        t = sample_times(rng, k, "night", days=np.minimum(d0 + rng.integers(0, 3, k), NDAYS - 1))
        b = rng.choice(all_own, k)
        fcalls("fraud_wangiri", t, np.full(k, w), b, np.zeros(k, dtype=np.int64), org=O_INTL, ct=C_MTC)
        cb = rng.random(k) < 0.035
        m = int(cb.sum())
        t2 = t[cb] + lnint(rng, 1800, 1.2, m, 20, DAY)
        ok = t2 < WEND
        W.emit(
            "fraud_wangiri_cb",
            t2[ok],
            b[cb][ok],
            np.full(int(ok.sum()), w),
            lnint(rng, 50, 0.8, int(ok.sum()), 5, 600),
        )
    # ---- aftermath: 96110 warning calls, victims calling 110, banks checking ----------
    T = np.concatenate([x[0] for x in W.fraud_hooks])
    V = np.concatenate([x[1] for x in W.fraud_hooks])
    D = np.concatenate([x[2] for x in W.fraud_hooks])
    hook = (D > 300) & E.subs[V]
    T, V = T[hook], V[hook]
    s96 = rng.random(len(T)) < 0.3
    k = int(s96.sum())
    t2 = T[s96] + lnint(rng, 5 * HOUR, 1.0, k, 600, 2 * DAY)
    ok = t2 < WEND
    W.emit(
        "svc_96110_warning",
        t2[ok],
        np.full(int(ok.sum()), W.svc["afc"][0]),
        V[s96][ok],
        W.answer(rng, int(ok.sum()), 0.75, 180, 0.7),
    )
    s110 = rng.random(len(T)) < 0.08
    k = int(s110.sum())
    t2 = T[s110] + lnint(rng, 8 * HOUR, 1.0, k, 600, 3 * DAY)
    ok = t2 < WEND
    W.emit(
        "victim_reports",
        t2[ok],
        V[s110][ok],
        np.where(rng.random(int(ok.sum())) < 0.6, W.svc["emerg"][0], W.svc["afc"][0]),
        W.answer(rng, int(ok.sum()), 0.98, 300, 0.6),
    )
    sb = rng.random(len(T)) < 0.06
    k = int(sb.sum())
    t2 = T[sb] + lnint(rng, 3 * HOUR, 1.0, k, 300, 2 * DAY)
    ok = t2 < WEND
    W.emit(
        "svc_bank_riskcheck",
        t2[ok],
        rng.choice(W.svc["banks"], int(ok.sum())),
        V[sb][ok],
        W.answer(rng, int(ok.sum()), 0.7, 120, 0.6),
    )


# --------------------------------------------------------------------------------------
# export
# --------------------------------------------------------------------------------------
def e164(nums):
    """Canonical national / short / +cc -> E.164 digits without the plus (or None for short codes)."""
    out = np.empty(len(nums), dtype=object)
    for i, s in enumerate(nums):
        if s.startswith("+"):
            out[i] = s[1:]
        elif s.startswith("0"):
            out[i] = "86" + s[1:]
        elif len(s) >= 11:
            out[i] = "86" + s
        else:
            out[i] = None
    return out


def finalize(W: World, outdir: Path):
    rng = W.sub("export")
    E = W.E
    n_e = E.n
    C = {k: np.concatenate([c[k] for c in W.chunks]) for k in W.chunks[0]}
    t, a, b, d = C["t"], C["a"], C["b"], C["d"]
    # only calls in the window and recorded by this operator; no self calls
    kind = E.kind[:n_e]
    subs = E.subs[:n_e]
    keep = (t >= 0) & (t < WEND) & (a != b) & (SEEN_SRC[kind[a]] | subs[b])
    # a card activated inside the window neither places nor receives calls before its activation
    actv = np.where(subs, E.act[:n_e] - W0, -1)
    keep &= (actv[a] <= t) & (actv[b] <= t)
    C = {k: v[keep] for k, v in C.items()}
    t, a, b, d = C["t"], C["a"], C["b"], C["d"]
    n = len(t)
    # origin / call type
    ka = kind[a]
    org_def = np.select(
        [np.isin(ka, [K_OFFNET, K_SVC_OFF]), np.isin(ka, [K_FOREIGN, K_SPOOF])], [O_INTER, O_INTL], O_INTRA
    )
    ct_def = np.where(np.isin(ka, [K_OWN, K_ROAMDOM, K_FROAM, K_SVC_OWN]), C_MOC, C_MTC)
    org = np.where(C["org"] >= 0, C["org"], org_def).astype(np.int8)
    ct = np.where(C["ct"] >= 0, C["ct"], ct_def).astype(np.int8)
    moc = (org == O_INTRA) & (ct == C_MOC)
    # device fields
    hs = np.where(C["hs"] == -2, E.hs[a], C["hs"])
    hs = np.where(moc, hs, -1)
    # default cell: work cell on weekday office hours, else home; sometimes a neighbour cell
    hour = (t % DAY) // HOUR
    wk = ~WEEKEND[np.minimum(t // DAY, NDAYS - 1)] & (hour >= 9) & (hour < 18)
    hc = E.hcell[a]
    wc = E.wcell[a]
    cell = np.where(wk & (wc >= 0), wc, hc)
    has = cell >= 0
    cs = np.maximum(cell, 0)
    gs, gc = W.C.gstart[cs], W.C.gcount[cs]
    # neighbouring cells (adjacent ids stand for adjacent sites); mobile workers roam their district
    nb = has & (rng.random(n) < 0.12)
    off = rng.choice([-2, -1, 1, 2], n)
    cell = np.where(nb, gs + (cs - gs + off) % gc, cell)
    mover = np.zeros(n_e, dtype=bool)
    mover[W.mobile_workers] = True
    mv = has & mover[a] & (rng.random(n) < 0.75)
    cell = np.where(mv, gs + np.floor(rng.random(n) * gc).astype(np.int64), cell)
    cell = np.where(C["cell"] == -2, cell, C["cell"])
    cell = np.where(moc, cell, -1)
    reg = np.where(C["reg"] == -2, 0, C["reg"])
    reg = np.where(moc | (org == O_INTRA) & (ct == C_MOC), reg, -1)
    # switch
    dev = E.dev[a]
    sw = np.select([org == O_INTER, org == O_INTL], [S_IC, S_IGW], S_CS)
    sm = moc & (dev == D_SMART) & np.isin(ka, [K_OWN, K_ROAMDOM])
    sw = np.where(sm & (rng.random(n) < 0.62), S_IMS, sw)
    sw = np.where(moc & np.isin(dev, [D_FEATURE, D_GOIP, D_IOT]), S_LEG, sw)
    sw = np.where(moc & (dev == D_FEATURE) & (rng.random(n) < 0.25), S_CS, sw)
    # 2G devices: map their cells to 2G cells if a 4G cell was assigned by an override
    # duplicates and delivery order
    dup = rng.random(n) < 0.007
    late = rng.random(n) < 0.015
    lag = np.select(
        [sw == S_IGW, sw == S_LEG],
        [rng.integers(60, 1800, n), rng.integers(300, 3600, n)],
        rng.integers(20, 900, n),
    )
    deliver = t + d + lag + np.where(late, lnint(rng, 8 * HOUR, 0.9, n, HOUR, 3 * DAY), 0)
    base_idx = np.arange(n)
    di = np.flatnonzero(dup)
    redeliver = deliver[di] + np.where(
        rng.random(len(di)) < 0.6, rng.integers(1, 120, len(di)), rng.integers(DAY // 2, 3 * DAY, len(di))
    )
    rows = np.concatenate([base_idx, di])
    dtime = np.concatenate([deliver, redeliver])
    order = np.lexsort((rows, dtime))
    rows = rows[order]
    # call ids (assigned per attempt, in delivery order of the first copy)
    first_order = np.argsort(deliver, kind="stable")
    seqno = np.empty(n, dtype=np.int64)
    seqno[first_order] = np.arange(n)
    hexid = rng.integers(0, 2**62, n).tolist()
    hexid2 = rng.integers(0, 2**62, n).tolist()
    loc = t + 8 * HOUR + W0
    ymd = pl.from_epoch(pl.Series(loc), time_unit="s").dt.strftime("%Y%m%d%H%M%S").to_list()
    msc = rng.integers(1, 5, n).tolist()
    swl = sw.tolist()
    seql = seqno.tolist()
    cid = []
    for i in range(n):
        s = swl[i]
        if s == S_IMS:
            cid.append(f"ims-{hexid[i]:016x}")
        elif s == S_CS:
            cid.append(f"QDMSC{msc[i]:02d}{ymd[i]}{seql[i]:07d}")
        elif s == S_LEG:
            cid.append(str(700000000000000000 + seql[i] * 37 + msc[i]))
        elif s == S_IC:
            cid.append(f"IC-{ymd[i][:8]}-{seql[i]:08d}")
        else:
            h = f"{hexid[i]:016x}{hexid2[i]:016x}"
            cid.append(f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}")
    cid = np.array(cid, dtype=object)
    # number presentation
    num = E.num[:n_e]
    intl_digits = e164(num)
    r1 = rng.random(n)
    r2 = rng.random(n)

    def present(ent, mode_rand, role):
        s = num[ent]
        dg = intl_digits[ent]
        k = kind[ent]
        out = s.copy()
        short = np.array([x is None for x in dg])
        foreign = np.isin(k, [K_FOREIGN, K_FROAM])
        dom = ~short & ~foreign
        if role == "caller":
            e164m = dom & (
                (sw == S_IMS) | ((sw == S_IC) & (mode_rand < 0.12)) | ((sw == S_IGW) & (mode_rand < 0.75))
            )
            plain86 = dom & (sw == S_IC) & (mode_rand >= 0.12) & (mode_rand < 0.17)
            zz86 = dom & (
                ((sw == S_IC) & (mode_rand >= 0.17) & (mode_rand < 0.25))
                | ((sw == S_IGW) & (mode_rand >= 0.75))
            )
            fplus = foreign & ~((sw == S_IGW) & (mode_rand >= 0.7)) & ~((sw == S_CS) & (mode_rand < 0.4))
            fzz = foreign & ~fplus
        else:
            e164m = dom & (
                ((sw == S_IMS) & (mode_rand < 0.85)) | (np.isin(sw, [S_IC, S_IGW]) & (mode_rand < 0.15))
            )
            plain86 = np.zeros(n, bool)
            zz86 = dom & np.isin(sw, [S_CS, S_LEG]) & (mode_rand < 0.01)
            fplus = foreign & ((sw == S_IMS) | (mode_rand < 0.2))
            fzz = foreign & ~fplus
        out = np.where(e164m, "+" + dg.astype(str), out)
        out = np.where(plain86, dg.astype(str), out)
        out = np.where(zz86, "00" + dg.astype(str), out)
        out = np.where(fzz, "00" + dg.astype(str), out)
        return out

    caller_s = present(a, r1, "caller")
    callee_s = present(b, r2, "callee")
    # timestamps
    ts_local = (
        pl.from_epoch(pl.Series(loc), time_unit="s")
        .dt.strftime("%Y-%m-%dT%H:%M:%S")
        .to_numpy()
        .astype(object)
    )
    ms = rng.integers(0, 1000, n)
    ts_utc = (
        pl.from_epoch(pl.Series((t + W0) * 1000 + ms), time_unit="ms")
        .dt.strftime("%Y-%m-%dT%H:%M:%S%.3f")
        .to_numpy()
        .astype(object)
    )
    start = np.where(sw == S_IGW, ts_utc + "+00:00", np.where(sw == S_LEG, ts_local, ts_local + "+08:00"))
    # IMEI forms: IMS 16-digit IMEISV, CS 15-digit IMEI, legacy 14-digit (no check digit)
    imei15 = W.H.imei15()
    sv = rng.choice(["01", "02", "10", "21", "33", "47"], len(imei15))
    hsv = np.maximum(hs, 0)
    imei_s = np.where(hs >= 0, imei15[hsv] if len(imei15) else "", "")
    imei_s = np.where(
        (sw == S_IMS) & (hs >= 0), np.array([x[:14] for x in imei_s], dtype=object) + sv[hsv], imei_s
    )
    imei_s = np.where((sw == S_LEG) & (hs >= 0), np.array([x[:14] for x in imei_s], dtype=object), imei_s)
    imei_s = np.where(rng.random(n) < 0.03, "", imei_s)
    imsi_s = np.where(moc, E.imsi[a], "")
    imsi_s = np.where(rng.random(n) < 0.015, "", imsi_s)
    cell_s = np.where(cell >= 0, W.C.names[np.maximum(cell, 0)], "")
    cell_s = np.where(rng.random(n) < 0.02, "", cell_s)
    zh = np.array(CITY_ZH, dtype=object)
    code = np.array(CITY_CODE, dtype=object)
    regi = np.maximum(reg, 0)
    reg_s = np.where(reg >= 0, np.where(sw == S_CS, code[regi], zh[regi]), "")
    reg_s = np.where(rng.random(n) < 0.05, "", reg_s)
    org_s = np.array(["intra", "inter", "international"], dtype=object)[org]
    org_s = np.where((org == O_INTRA) & (rng.random(n) < 0.07), "", org_s)
    ct_s = np.array(["moc", "mtc", "fwd"], dtype=object)[ct]
    ct_s = np.where((ct == C_MOC) & (rng.random(n) < 0.07), "", ct_s)
    calls = pl.DataFrame(
        {
            "call_id": cid[rows],
            "caller": caller_s[rows],
            "callee": callee_s[rows],
            "start_time": start[rows],
            "duration_s": d[rows],
            "origin": org_s[rows],
            "caller_imei": imei_s[rows],
            "caller_imsi": imsi_s[rows],
            "caller_cell": cell_s[rows],
            "caller_region": reg_s[rows],
            "call_type": ct_s[rows],
        },
        schema={
            "call_id": pl.String,
            "caller": pl.String,
            "callee": pl.String,
            "start_time": pl.String,
            "duration_s": pl.Int64,
            "origin": pl.String,
            "caller_imei": pl.String,
            "caller_imsi": pl.String,
            "caller_cell": pl.String,
            "caller_region": pl.String,
            "call_type": pl.String,
        },
    )
    calls = calls.with_columns(pl.col(pl.String).replace("", None))
    calls.write_csv(outdir / "calls.csv")

    # subscribers
    si = np.flatnonzero(subs)
    key = b"harbour-id-key"
    idh = np.array(
        [
            hashlib.blake2b(str(int(p)).encode(), key=key, digest_size=16).hexdigest() if p >= 0 else ""
            for p in E.pid[si]
        ],
        dtype=object,
    )
    act = E.act[si]
    fmt = E.actfmt[si]
    act_loc = pl.from_epoch(pl.Series(act + 8 * HOUR), time_unit="s")
    a_off = act_loc.dt.strftime("%Y-%m-%dT%H:%M:%S").to_numpy().astype(object) + "+08:00"
    a_leg = act_loc.dt.strftime("%Y-%m-%dT00:00:00").to_numpy().astype(object)
    act_s = np.where(fmt == 0, a_off, np.where(fmt == 1, a_leg, ""))
    home = np.where(rng.random(len(si)) < 0.8, "青岛", "0532")
    by = E.birth[si]
    subs_df = pl.DataFrame(
        {
            "number": E.num[si],
            "id_hash": idh,
            "operator": E.oper[si],
            "card_type": E.card[si],
            "activated_at": act_s,
            "home_region": home,
            "birth_year": [int(x) if x > 0 else None for x in by],
            "guardians": E.guard[si],
        },
        schema_overrides={
            "number": pl.String,
            "id_hash": pl.String,
            "operator": pl.String,
            "card_type": pl.String,
            "activated_at": pl.String,
            "home_region": pl.String,
            "guardians": pl.String,
        },
    )
    subs_df = subs_df.sort("number").with_columns(pl.col(pl.String).replace("", None))
    subs_df.write_csv(outdir / "subscribers.csv")

    # truth
    callers = np.unique(a)
    pops = np.array([p for p, _ in POPULATIONS], dtype=object)
    truth = pl.DataFrame(
        {
            "number": num[callers],
            "population": pops[E.pop[callers]],
            "is_fraud": POP_FRAUD[E.pop[callers]].astype(np.int8),
        },
        schema={"number": pl.String, "population": pl.String, "is_fraud": pl.Int8},
    ).sort("number")
    truth.write_csv(outdir / "truth.csv")
    # fraud onset
    fr = np.flatnonzero(POP_FRAUD[np.maximum(E.pop[:n_e], 0)] & (E.pop[:n_e] >= 0))
    big = np.iinfo(np.int64).max
    first = np.full(n_e, big, dtype=np.int64)
    np.minimum.at(first, a, t)
    np.minimum.at(first, b, t)
    onset = np.full(n_e, big, dtype=np.int64)
    vic = C["vic"]
    np.minimum.at(onset, a[vic], t[vic])
    fr = fr[first[fr] < big]

    def iso(x):
        return (
            pl.from_epoch(pl.Series(x + W0 + 8 * HOUR), time_unit="s")
            .dt.strftime("%Y-%m-%dT%H:%M:%S")
            .to_numpy()
            .astype(object)
            + "+08:00"
        )

    on = onset[fr]
    on_s = np.where(on < big, iso(np.where(on < big, on, 0)), "")
    fo = pl.DataFrame(
        {"number": num[fr], "population": pops[E.pop[fr]], "first_seen": iso(first[fr]), "fraud_onset": on_s},
        schema={
            "number": pl.String,
            "population": pl.String,
            "first_seen": pl.String,
            "fraud_onset": pl.String,
        },
    ).sort("number")
    fo = fo.with_columns(pl.col(pl.String).replace("", None))
    fo.write_csv(outdir / "fraud_onset.csv")

    # stats for harbour.md
    callers_pop = E.pop[callers]
    stats = {
        "seed": W.seed,
        "calls_rows": len(rows),
        "call_attempts": int(n),
        "duplicate_rows": int(dup.sum()),
        "late_records": int(late.sum()),
        "subscribers": len(si),
        "own_callers": int(subs[callers].sum()),
        "callers": len(callers),
        "fraud_callers": int(POP_FRAUD[callers_pop].sum()),
        "callers_by_population": {
            pops[p]: int(c) for p, c in zip(*np.unique(callers_pop, return_counts=True))
        },
        "subscribers_by_population": {
            pops[p]: int(c) for p, c in zip(*np.unique(E.pop[si], return_counts=True))
        },
        "attempts_by_generator": {
            W.tags[g]: int(c) for g, c in zip(*np.unique(C["tag"], return_counts=True))
        },
        "attempts_by_switch": {
            nm: int((sw == i).sum())
            for i, nm in enumerate(["ims", "cs", "legacy2g", "interconnect", "intl_gateway"])
        },
    }
    return stats


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--stats", action="store_true", help="also write stats.json (counts per population)")
    args = ap.parse_args(argv)
    t0 = time.time()
    args.out.mkdir(parents=True, exist_ok=True)
    W = World(args.seed)
    build_own_base(W)
    build_life_events(W)
    build_social(W)
    build_platform_numbers(W)
    build_bpo(W)
    build_gig_workers(W)
    W.mobile_workers = np.concatenate([W.couriers, W.riders, W.taxi, W.estate])
    build_trades(W)
    build_port(W)
    build_visitors_and_abroad(W)
    build_machines_and_services(W)
    finish_social(W)
    build_fraud(W)
    stats = finalize(W, args.out)
    if args.stats:
        (args.out / "stats.json").write_text(json.dumps(stats, ensure_ascii=False, indent=1))
    print(
        f"seed {args.seed}: {stats['calls_rows']} call rows, {stats['subscribers']} subscribers, "
        f"{stats['callers']} callers ({stats['own_callers']} own, {stats['fraud_callers']} fraud) "
        f"in {time.time() - t0:.1f}s",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
