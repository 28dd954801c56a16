#!/usr/bin/env python3
"""Blind test world for a telecom anti-fraud call detector.

Xi'an (西安) over the 2026 Mid-Autumn + National Day period, as seen by the
anti-fraud platform of one operator ("CMCC", Shaanxi).  10 days of history
(2026-09-21 .. 2026-09-30) and 3 measured Golden-Week days (2026-10-01 .. 03).

    python world.py --seed N --out DIR

writes DIR/calls.csv, DIR/subscribers.csv, DIR/truth.csv, DIR/truth_detail.csv.
Everything is drawn from one numpy.random.default_rng(seed); the same seed gives
byte-identical files.  See README.md for the world description.
"""

import argparse
import os
import sys
import time

import numpy as np

# --------------------------------------------------------------------------
# calendar
# --------------------------------------------------------------------------
T0 = np.datetime64("2026-09-21T00:00:00")  # local wall time, UTC+08:00
ND = 13
DAY = 86400
HOUR = 3600
END = ND * DAY
# 0 Mon 09-21 .. 3 Thu 09-24 work; 4 Fri 09-25 Mid-Autumn, 5-6 weekend (holiday);
# 7-9 Mon-Wed work (9 = eve of National Day); 10-12 Thu-Sat Golden Week (measured)
WORKDAY = np.array([1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0], bool)
MEASURED0 = 10


def prof(*w):
    a = np.array(w, float)
    assert len(a) == 24
    return a / a.sum()


P_SOCIAL = prof(
    0.3,
    0.15,
    0.08,
    0.05,
    0.05,
    0.12,
    0.4,
    1.0,
    1.7,
    2.0,
    2.2,
    2.1,
    2.0,
    1.7,
    1.8,
    1.9,
    2.0,
    2.2,
    2.5,
    2.7,
    2.5,
    1.9,
    1.2,
    0.6,
)
P_ELDER = prof(
    0.05,
    0.02,
    0.02,
    0.02,
    0.1,
    0.5,
    1.5,
    2.5,
    3,
    3,
    2.6,
    2.2,
    1.5,
    1.2,
    1.6,
    2,
    2.2,
    2.3,
    2.4,
    2.2,
    1.6,
    0.8,
    0.3,
    0.1,
)
P_WORK = prof(
    0.02,
    0.01,
    0.01,
    0.01,
    0.01,
    0.05,
    0.2,
    0.8,
    2.2,
    3,
    3.2,
    2.8,
    1.4,
    1.6,
    2.8,
    3,
    2.9,
    2.5,
    1.4,
    0.8,
    0.5,
    0.3,
    0.1,
    0.05,
)
P_NIGHT = prof(
    2,
    1.8,
    1.5,
    1.2,
    1,
    0.8,
    0.6,
    0.5,
    0.3,
    0.2,
    0.2,
    0.3,
    0.5,
    0.6,
    0.8,
    1,
    1.3,
    1.6,
    1.8,
    2,
    2.2,
    2.4,
    2.4,
    2.2,
)
P_STUDENT = prof(
    0.8,
    0.4,
    0.1,
    0.05,
    0.02,
    0.05,
    0.2,
    0.8,
    1.2,
    1.2,
    1.3,
    1.8,
    2.2,
    1.5,
    1.2,
    1.3,
    1.5,
    2,
    2.4,
    2.6,
    2.8,
    2.8,
    2.4,
    1.6,
)
P_TOURIST = prof(
    0.2,
    0.1,
    0.05,
    0.02,
    0.02,
    0.05,
    0.3,
    1.2,
    2,
    2.2,
    2.2,
    2.4,
    2.6,
    2,
    1.8,
    1.8,
    2,
    2.4,
    2.8,
    2.6,
    2.2,
    1.6,
    1,
    0.5,
)
P_DELIV = prof(
    0, 0, 0, 0, 0, 0, 0.1, 0.5, 2, 3, 3, 2.5, 2, 2.2, 2.8, 3, 3, 2.8, 2.4, 1.5, 0.8, 0.3, 0.05, 0.01
)
P_FOOD = prof(
    0.2,
    0.1,
    0.05,
    0.01,
    0.01,
    0.01,
    0.1,
    0.4,
    0.8,
    1,
    2.5,
    4,
    3.5,
    1.5,
    0.8,
    0.8,
    1,
    2.5,
    3.5,
    3,
    1.8,
    1,
    0.6,
    0.4,
)
P_RIDE = prof(
    0.6,
    0.4,
    0.3,
    0.2,
    0.2,
    0.4,
    1,
    2,
    2.5,
    2,
    1.6,
    1.6,
    1.7,
    1.6,
    1.6,
    1.8,
    2,
    2.4,
    2.6,
    2.2,
    1.8,
    1.6,
    1.3,
    1,
)
P_FRAUD_OFFICE = prof(
    0, 0, 0, 0, 0, 0, 0.02, 0.2, 1.5, 3, 3.2, 2.8, 0.8, 0.6, 2.4, 3, 3, 2.6, 1, 0.4, 0.2, 0.1, 0.02, 0
)
P_LOVE = prof(
    1.5,
    0.6,
    0.1,
    0.02,
    0.01,
    0.01,
    0.02,
    0.2,
    0.3,
    0.3,
    0.3,
    0.5,
    0.8,
    0.5,
    0.3,
    0.3,
    0.3,
    0.5,
    0.8,
    1.5,
    2.5,
    3.2,
    3.2,
    2.5,
)
P_ONE_RING = prof(
    0.1,
    0.02,
    0.01,
    0.01,
    0.01,
    0.02,
    0.1,
    0.5,
    1,
    1,
    1.2,
    2.5,
    3,
    2.5,
    1,
    1,
    1,
    1.5,
    2.5,
    3,
    3,
    2.5,
    1.2,
    0.5,
)
P_EVENING = prof(
    0.1, 0.02, 0, 0, 0, 0, 0.02, 0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.3, 0.4, 0.5, 0.8, 1.2, 2, 3, 3.5, 3, 1.5, 0.5
)
P_PICKUP = prof(
    0,
    0,
    0,
    0,
    0,
    0.3,
    2.5,
    4,
    2.5,
    0.8,
    0.2,
    0.1,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.05,
    0.02,
    0,
)
P_TOURDAY = prof(
    0, 0, 0, 0, 0, 0, 0.1, 0.4, 1, 1.5, 1.8, 2, 2.2, 2, 1.8, 1.6, 1.5, 1.4, 1, 0.5, 0.2, 0.1, 0, 0
)
P_HOTEL = prof(
    0.4,
    0.2,
    0.1,
    0.05,
    0.05,
    0.1,
    0.3,
    0.8,
    1.5,
    2,
    2,
    2,
    2,
    2.2,
    2.5,
    2.6,
    2.6,
    2.6,
    2.5,
    2.4,
    2.2,
    1.8,
    1.2,
    0.7,
)
P_LATE = prof(
    2.5,
    1.5,
    0.6,
    0.2,
    0.05,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.02,
    0.05,
    0.2,
    0.8,
    2,
    3,
    3,
)

# --------------------------------------------------------------------------
# geography and numbering
# --------------------------------------------------------------------------
CITIES = {
    "西安": "029",
    "咸阳": "029",
    "宝鸡": "0917",
    "渭南": "0913",
    "汉中": "0916",
    "榆林": "0912",
    "延安": "0911",
    "安康": "0915",
    "商洛": "0914",
    "铜川": "0919",
    "北京": "010",
    "上海": "021",
    "广州": "020",
    "深圳": "0755",
    "成都": "028",
    "重庆": "023",
    "郑州": "0371",
    "武汉": "027",
    "杭州": "0571",
    "南京": "025",
    "兰州": "0931",
    "太原": "0351",
    "长沙": "0731",
    "天津": "022",
    "沈阳": "024",
    "哈尔滨": "0451",
    "昆明": "0871",
    "海口": "0898",
    "东莞": "0769",
    "南宁": "0771",
    "石家庄": "0311",
    "济南": "0531",
    "合肥": "0551",
    "福州": "0591",
    "银川": "0951",
    "西宁": "0971",
    "乌鲁木齐": "0991",
    "苏州": "0512",
    "青岛": "0532",
    "洛阳": "0379",
    "天水": "0938",
    "运城": "0359",
    "南阳": "0377",
    "西双版纳": "0691",
    "厦门": "0592",
}
SHAANXI = ("西安", "咸阳", "宝鸡", "渭南", "汉中", "榆林", "延安", "安康", "商洛", "铜川")
TOURIST_SRC = {
    "北京": 8,
    "上海": 8,
    "广州": 6,
    "深圳": 6,
    "成都": 7,
    "重庆": 6,
    "郑州": 6,
    "武汉": 6,
    "杭州": 5,
    "南京": 5,
    "兰州": 4,
    "太原": 4,
    "长沙": 4,
    "天津": 4,
    "沈阳": 3,
    "哈尔滨": 2,
    "昆明": 2,
    "石家庄": 3,
    "济南": 3,
    "合肥": 3,
    "福州": 2,
    "银川": 2,
    "苏州": 3,
    "青岛": 3,
    "洛阳": 2,
    "厦门": 2,
    "海口": 2,
    "南宁": 2,
    "东莞": 1,
}
SHX_TOURIST_SRC = {
    "宝鸡": 3,
    "汉中": 3,
    "榆林": 3,
    "延安": 2,
    "渭南": 2,
    "安康": 2,
    "商洛": 1,
    "铜川": 1,
    "咸阳": 2,
}
MIGRANT_SRC = {
    "郑州": 2,
    "洛阳": 2,
    "南阳": 3,
    "运城": 3,
    "天水": 3,
    "兰州": 2,
    "成都": 2,
    "重庆": 2,
    "太原": 1,
    "银川": 1,
    "西宁": 1,
}
OUT_TRIP_DEST = {
    "北京": 4,
    "成都": 5,
    "重庆": 4,
    "上海": 3,
    "杭州": 2,
    "广州": 2,
    "昆明": 2,
    "兰州": 2,
    "青岛": 2,
    "厦门": 2,
    "洛阳": 2,
    "宝鸡": 2,
    "汉中": 3,
    "延安": 3,
    "西双版纳": 2,
    "海口": 1,
    "东莞": 1,
    "南宁": 1,
}

OWN_PFX = [
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
OWN_V_PFX = ["1703", "1705", "1706", "165"]
OTH_PFX = [
    "130",
    "131",
    "132",
    "145",
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
OTH_V_PFX = ["1700", "1701", "1702", "1704", "1707", "1708", "1709", "171", "162", "167"]

TACS_CN = [
    "86012304",
    "86075803",
    "86115104",
    "86176705",
    "86240106",
    "86327604",
    "86459205",
    "86523106",
    "86617405",
    "86698704",
    "86775005",
    "86802306",
    "86903104",
    "86944705",
    "86071103",
    "86288104",
    "86391506",
    "86497703",
    "86612206",
    "86735805",
]
TACS_INTL = [
    "35332811",
    "35391211",
    "35467112",
    "35290611",
    "35853611",
    "35604212",
    "35725411",
    "35153511",
    "35408512",
    "35846911",
]
TACS_FEATURE = ["86881303", "86642802", "86399101"]  # cheap 老人机 feature phones


def luhn(s14):
    tot = 0
    for i, ch in enumerate(s14):
        v = ord(ch) - 48
        if i % 2 == 1:
            v *= 2
            if v > 9:
                v -= 9
        tot += v
    return str((10 - tot % 10) % 10)


# --------------------------------------------------------------------------
# call categories: answer probability, talk-time lognormal (median, sigma),
# retries of unanswered calls, callbacks by the called party, privacy relay,
# and fraud parameters.
# --------------------------------------------------------------------------
def C(p, med, sig, retry=(0, 0, 60, 600), cb=(0, 0, 1800, None), via=None, fraud=None, maxd=5400):
    return dict(p=p, med=med, sig=sig, retry=retry, cb=cb, via=via, fraud=fraud, maxd=maxd)


CATS = {
    # social
    "fam": C(0.86, 170, 1.0, retry=(0.3, 1, 120, 1800), cb=(0.35, 0.02, 1800, "fam_cb")),
    "fam_cb": C(0.9, 140, 1.0),
    "fri": C(0.8, 70, 1.0, retry=(0.15, 1, 120, 1800), cb=(0.3, 0.02, 1800, "fri_cb")),
    "fri_cb": C(0.88, 60, 1.0),
    "eld": C(0.85, 230, 0.9, retry=(0.35, 2, 120, 900), cb=(0.3, 0, 1200, "fam_cb")),
    "biz": C(0.85, 50, 0.8, retry=(0.1, 1, 60, 600)),
    "kid": C(0.9, 25, 0.7, retry=(0.4, 2, 30, 180)),
    "svc": C(0.9, 110, 0.8, maxd=1800),  # calls to service hotlines (wait time incl.)
    "test": C(1.0, 9, 0.4, maxd=60),  # activation test call
    "iot_test": C(1.0, 5, 0.3, maxd=30),
    "iot_sos": C(1.0, 120, 0.6),
    # tourism / work
    "hotel_out": C(0.7, 55, 0.7, retry=(0.5, 2, 300, 1800), cb=(0.15, 0.02, 1200, "hotel_cb")),
    "hotel_cb": C(0.92, 60, 0.7),
    "to_hotel": C(0.9, 70, 0.7, retry=(0.3, 1, 60, 600)),
    "bnb_out": C(0.72, 45, 0.8, retry=(0.6, 2, 120, 900), cb=(0.3, 0.03, 900, "bnb_cb")),
    "bnb_cb": C(0.9, 50, 0.8),
    "to_bnb": C(0.85, 50, 0.8, retry=(0.5, 2, 60, 600)),
    "guide_eve": C(0.78, 45, 0.7, retry=(0.6, 2, 300, 1500), cb=(0.3, 0.02, 900, "to_guide")),
    "guide_pick": C(0.72, 22, 0.6, retry=(0.7, 3, 60, 300), cb=(0.25, 0, 300, "to_guide")),
    "guide_day": C(0.7, 30, 0.7, retry=(0.6, 2, 60, 400), cb=(0.2, 0, 600, "to_guide")),
    "to_guide": C(0.88, 35, 0.7, retry=(0.5, 2, 60, 300)),
    "guide_biz": C(0.85, 40, 0.7, retry=(0.3, 1, 60, 600)),
    "agency_conf": C(0.68, 70, 0.7, retry=(0.4, 2, 600, 3600), cb=(0.18, 0.03, 3600, "to_agency")),
    "agency_sales": C(0.5, 60, 0.9, retry=(0.2, 1, 1800, 7200), cb=(0.04, 0.05, 7200, "to_agency")),
    "to_agency": C(0.85, 90, 0.8),
    "drv": C(0.82, 28, 0.7, retry=(0.5, 2, 30, 180), cb=(0.35, 0, 120, "drv_cb")),
    "drv_cb": C(0.85, 25, 0.7),
    "ride_x": C(0.8, 28, 0.7, retry=(0.4, 1, 30, 120), cb=(0.3, 0, 120, "ride_x_cb"), via="x1"),
    "ride_x_cb": C(0.85, 25, 0.7, via="x1"),
    "food_x": C(0.75, 22, 0.6, retry=(0.5, 2, 30, 180), cb=(0.2, 0, 180, "food_x_cb"), via="x2"),
    "food_x_cb": C(0.85, 20, 0.6, via="x2"),
    "courier": C(0.68, 22, 0.7, retry=(0.35, 1, 120, 1200), cb=(0.18, 0.02, 1500, "courier_cb")),
    "courier_cb": C(0.8, 30, 0.7),
    "tout": C(0.5, 20, 0.8, cb=(0.03, 0.05, 1800, "to_tout")),
    "to_tout": C(0.8, 45, 0.8, retry=(0.4, 2, 60, 300)),
    "scalp": C(0.65, 35, 0.8, retry=(0.3, 1, 120, 900), cb=(0.1, 0.05, 1800, "to_tout")),
    "resto": C(0.85, 40, 0.7, retry=(0.2, 1, 60, 300)),
    "event": C(0.85, 35, 0.8, retry=(0.5, 2, 60, 300)),
    "event_notify": C(0.55, 25, 0.6, retry=(0.3, 1, 1800, 5400), cb=(0.06, 0.02, 3600, "fri_cb")),
    "tele": C(0.3, 18, 0.9, cb=(0.01, 0.005, 3600, "tele_cb"), maxd=900),
    "tele_cb": C(0.7, 30, 0.8),
    "sales": C(0.6, 65, 0.9, retry=(0.2, 1, 1800, 7200), cb=(0.15, 0.08, 3600, "sales_cb")),
    "sales_cb": C(0.85, 90, 0.8),
    "community": C(0.78, 70, 0.8, retry=(0.5, 2, 1800, 7200), cb=(0.25, 0.02, 1800, "fri_cb")),
    "shop_cust": C(0.82, 40, 0.7, retry=(0.3, 1, 60, 600)),
    "shop_supp": C(0.85, 55, 0.8, retry=(0.2, 1, 120, 900)),
    "bt": C(0.8, 80, 0.9, retry=(0.3, 1, 300, 1800), cb=(0.3, 0.03, 1800, "fri_cb")),
    "intl_home": C(0.75, 360, 0.9, retry=(0.3, 1, 600, 3600), cb=(0.3, 0, 1800, "intl_cb")),
    "intl_cb": C(0.85, 300, 0.9),
    "short_out": C(0.55, 70, 0.8),
    "notify_ivr": C(
        0.45, 22, 0.5, retry=(0.3, 1, 1800, 5400), cb=(0.04, 0.03, 3600, "svc"), maxd=120
    ),  # 10086 / bank outbound
    "airline": C(0.7, 65, 0.6, retry=(0.4, 1, 600, 1800), cb=(0.25, 0.05, 1200, "svc")),
    "warn_96110": C(0.65, 150, 0.7, retry=(0.5, 2, 600, 3600)),
    "bank_call": C(0.95, 300, 0.7),
    "victim_cb": C(0.92, 700, 0.9),
    "fraud_cb": C(0.85, 45, 0.8),  # someone calling a fraud number back
    "onering_cb": C(0.92, 40, 0.6, maxd=300),
    # fraud: p_long = share of answered calls that become long (victim) calls
    "f_flight": C(
        0.33,
        35,
        0.9,
        cb=(0.05, 0.12, 3600, "fraud_cb"),
        fraud=dict(p_long=0.036, med=1300, sig=0.6, repeat=0.3, scheme="fake flight cancellation refund"),
    ),
    "f_travel": C(
        0.35,
        30,
        0.9,
        cb=(0.04, 0.10, 3600, "fraud_cb"),
        fraud=dict(p_long=0.030, med=1100, sig=0.6, repeat=0.25, scheme="fake travel agency / ticket refund"),
    ),
    "f_police": C(
        0.42,
        40,
        0.9,
        cb=(0.03, 0.08, 3600, "fraud_cb"),
        fraud=dict(p_long=0.042, med=2600, sig=0.5, repeat=0.7, scheme="police / prosecutor impersonation"),
    ),
    "f_cs": C(
        0.42,
        35,
        0.9,
        cb=(0.07, 0.16, 3600, "fraud_cb"),
        fraud=dict(
            p_long=0.036, med=1200, sig=0.6, repeat=0.3, scheme="fake e-commerce / courier customer service"
        ),
    ),
    "f_loan": C(
        0.2,
        14,
        0.9,
        cb=(0.01, 0.05, 3600, "fraud_cb"),
        fraud=dict(p_long=0.009, med=900, sig=0.6, repeat=0.3, scheme="loan / credit-limit scam"),
    ),
    "f_goip": C(
        0.3,
        12,
        0.9,
        cb=(0.02, 0.06, 3600, "fraud_cb"),
        fraud=dict(
            p_long=0.015,
            med=1200,
            sig=0.7,
            repeat=0.3,
            scheme="SIM-box (GoIP) robocalls, impersonation scripts",
        ),
    ),
    "f_rent": C(
        0.35,
        25,
        0.9,
        cb=(0.03, 0.08, 3600, "fraud_cb"),
        fraud=dict(p_long=0.024, med=1300, sig=0.6, repeat=0.3, scheme="rented card used by a scam crew"),
    ),
    "f_trunk": C(
        0.22,
        8,
        0.7,
        cb=(0.005, 0.02, 3600, "fraud_cb"),
        fraud=dict(
            p_long=0.005, med=900, sig=0.6, repeat=0.1, scheme="voice-line robocall, investment/loan IVR"
        ),
    ),
    "f_love": C(
        0.9,
        1500,
        0.6,
        fraud=dict(p_long=0.000, med=1500, sig=0.6, repeat=0.0, scheme="pig-butchering romance/investment"),
    ),
    "f_love_open": C(
        0.4,
        60,
        0.9,
        cb=(0.02, 0.2, 7200, "fraud_cb"),
        fraud=dict(p_long=0.030, med=1000, sig=0.6, repeat=0.2, scheme="pig-butchering opener"),
    ),
    "f_pal": C(0.9, 90, 0.8),  # paced fraud card phoning its own handlers
}
CAT_ID = {k: i for i, k in enumerate(CATS)}
CAT_NAMES = list(CATS)
SOCIAL_CATS = {CAT_ID[k] for k in ("fam", "fam_cb", "fri", "fri_cb", "eld", "biz", "kid", "svc")}

FIELDS = [
    "num",
    "kind",
    "pop",
    "fraud",
    "home",
    "ctype",
    "act",
    "idh",
    "birth",
    "shx",
    "p1s",
    "p1e",
    "p2s",
    "p2e",
    "hcell",
    "wcell",
    "mob",
    "imei",
    "trunk",
    "origin",
]
# mobility classes
MOB_RES, MOB_TOUR, MOB_MOVE, MOB_FIXED, MOB_STUDENT, MOB_GUIDE = range(6)
NEG = -(10**9)
POS = 10**9


class World:
    def __init__(self, seed):
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.R = {f: [] for f in FIELDS}
        self.lookup = {}
        self.used = set()  # membership only, never iterated
        self.pops = {}
        self.notes = {}  # idx -> list of str (insertion ordered dict)
        self.guardians = {}
        self.pending = []  # intents to resolve
        self.rows = []  # resolved rows
        self.imei_sched = []  # (idx, t_from, imei)
        self.imsi_sched = []  # (idx, t_from, imsi)
        self.multi_phone = []  # (idx, imei2, p)
        self.suppress = []  # (idx, t_from): owner stops placing social calls
        self.trips = []  # (idx, t_start, t_end, pool)
        self.imei_str = []
        self.deliveries = []  # (recipient idx array, t array)
        self.flyers = []
        self.taken = set()  # persons already given a special (fraud) role
        self.next_link = 1
        self.init_cells()
        self.init_blocks()
        self.init_short()

    # ---------------------------------------------------------------- basics
    def note(self, idx, text):
        self.notes.setdefault(int(idx), []).append(text)

    def add(self, nums, pop, kind, **kw):
        n = len(nums)
        start = len(self.R["num"])
        defaults = dict(
            fraud=0,
            home="",
            ctype="",
            act=NEG,
            idh="",
            birth=0,
            shx=False,
            p1s=0,
            p1e=0,
            p2s=0,
            p2e=0,
            hcell=-1,
            wcell=-1,
            mob=MOB_RES,
            imei=-1,
            trunk=False,
            origin="",
        )
        for f in FIELDS:
            if f == "num":
                self.R["num"].extend(nums)
                continue
            if f == "kind":
                v = kind
            elif f == "pop":
                v = pop
            else:
                v = kw.get(f, defaults[f])
            if isinstance(v, (list, np.ndarray)):
                assert len(v) == n, (f, len(v), n)
                self.R[f].extend(v.tolist() if isinstance(v, np.ndarray) else v)
            else:
                self.R[f].extend([v] * n)
        for i, s in enumerate(nums):
            self.lookup[s] = start + i
        idx = np.arange(start, start + n)
        if pop:
            self.pops.setdefault(pop, []).append(idx)
        return idx

    def popidx(self, pop):
        lst = self.pops.get(pop, [])
        return np.concatenate(lst) if lst else np.zeros(0, np.int64)

    def set_attr(self, f, idx, vals):
        arr = self.R[f]
        if np.isscalar(vals) or isinstance(vals, str):
            for i in np.atleast_1d(idx):
                arr[int(i)] = vals
        else:
            for i, v in zip(np.atleast_1d(idx), vals):
                arr[int(i)] = v.item() if hasattr(v, "item") else v

    def attr(self, f, idx):
        arr = self.R[f]
        return np.array([arr[int(i)] for i in np.atleast_1d(idx)])

    def hexid(self, n):
        v = self.rng.integers(0, 2**63, size=(n, 2), dtype=np.int64)
        return ["%016x%016x" % (a, b) for a, b in v]

    def new_imeis(self, n, tacs=TACS_CN):
        tac = self.rng.choice(tacs, n)
        ser = self.rng.integers(0, 1000000, n)
        out = []
        start = len(self.imei_str)
        for t, s in zip(tac, ser):
            s14 = "%s%06d" % (t, s)
            self.imei_str.append(s14 + luhn(s14))
        return np.arange(start, start + n)

    def act_time(self, lo_day, hi_day, n, prof_=P_WORK):
        d = self.rng.uniform(lo_day, hi_day, n).astype(np.int64)
        return d * DAY + self.rng.choice(24, n, p=prof_) * HOUR + self.rng.integers(0, 3600, n)

    # ---------------------------------------------------------------- cells
    def init_cells(self):
        self.cell_id, self.cell_reg = [], []
        self.pools = {}
        used_enb = set()

        def mk(name, n, region):
            out = []
            for _ in range(n):
                while True:
                    enb = int(self.rng.integers(100000, 999999))
                    if enb not in used_enb:
                        used_enb.add(enb)
                        break
                for _c in range(int(self.rng.integers(1, 4))):
                    out.append(len(self.cell_id))
                    self.cell_id.append("46000-%d-%d" % (enb, _c + 1))
                    self.cell_reg.append(region)
            self.pools[name] = np.array(out)

        mk("xa_res", 700, "西安")
        mk("xa_work", 220, "西安")
        mk("univ", 50, "西安")
        mk("bmy", 10, "西安")  # 兵马俑 / 华清宫 (临潼)
        mk("dyt", 12, "西安")  # 大雁塔 / 大唐不夜城
        mk("zl", 15, "西安")  # 钟楼 / 回民街 / 城墙
        mk("hs", 6, "渭南")  # 华山
        mk("airport", 6, "咸阳")  # 咸阳国际机场
        mk("xabei", 6, "西安")  # 西安北站
        mk("xazhan", 4, "西安")  # 西安站
        mk("expo", 4, "西安")  # exhibition centre
        for c in CITIES:
            if c != "西安":
                mk("c:" + c, 12, c)
        self.pools["scenic"] = np.concatenate([self.pools[k] for k in ("bmy", "dyt", "zl", "dyt", "zl")])
        self.pools["city"] = np.concatenate(
            [self.pools["xa_res"], self.pools["xa_work"], self.pools["scenic"]]
        )
        self.cell_reg_arr = np.array(self.cell_reg)

    def city_pool(self, region):
        return self.pools["xa_res"] if region == "西安" else self.pools["c:" + region]

    def pick_cell(self, pool, n=None):
        return self.rng.choice(self.pools[pool] if isinstance(pool, str) else pool, n)

    # ---------------------------------------------------------------- numbering
    def init_blocks(self):
        self.blocks = {}
        self.block_owner = {}
        taken = set()

        def mk(net, region, pfxs, n):
            out = []
            while len(out) < n:
                p = pfxs[int(self.rng.integers(len(pfxs)))]
                blk = p + "".join(str(x) for x in self.rng.integers(0, 10, 7 - len(p)))
                if blk in taken:
                    continue
                taken.add(blk)
                out.append(blk)
                self.block_owner[blk] = (net, region)
            self.blocks[(net, region)] = out

        for c in CITIES:
            big = c == "西安"
            shx = c in SHAANXI
            mk("own", c, OWN_PFX, 90 if big else (10 if shx else 6))
            mk("oth", c, OTH_PFX, 70 if big else 6)
            mk("own_v", c, OWN_V_PFX, 5 if big else 1)
            mk("oth_v", c, OTH_V_PFX, 6 if big else 2)

    def gen_mobile(self, net, region, n, block=None):
        blks = [block] if block else self.blocks[(net, region)]
        out = []
        while len(out) < n:
            m = max(8, int((n - len(out)) * 1.3))
            bi = self.rng.integers(0, len(blks), m)
            sf = self.rng.integers(0, 10000, m)
            for b, s in zip(bi, sf):
                num = "%s%04d" % (blks[b], s)
                if num in self.used:
                    continue
                self.used.add(num)
                out.append(num)
                if len(out) == n:
                    break
        return out

    def seq_numbers(self, block, n, gap_at=None):
        """n consecutive free numbers in a block (corporate bulk allocation)"""
        while True:
            st = int(self.rng.integers(0, 10000 - n))
            nums = ["%s%04d" % (block, st + i) for i in range(n)]
            if not any(x in self.used for x in nums):
                for x in nums:
                    self.used.add(x)
                return nums

    def gen_landline(self, region, n, own=False):
        ac = CITIES[region]
        first = "6" if own else ("8" if self.rng.random() < 0.5 else "3")
        ln = 8 if len(ac) == 3 or self.rng.random() < 0.6 else 7
        out = []
        while len(out) < n:
            f = "6" if own else "835"[int(self.rng.integers(0, 3))]
            num = ac + f + "".join(str(x) for x in self.rng.integers(0, 10, ln - 1))
            if num in self.used:
                continue
            self.used.add(num)
            out.append(num)
        return out

    def gen_iot(self, n):
        out = []
        while len(out) < n:
            num = "1440" + "".join(str(x) for x in self.rng.integers(0, 10, 9))
            if num not in self.used:
                self.used.add(num)
                out.append(num)
        return out

    INTL_LEN = {
        "1": 10,
        "44": 10,
        "61": 9,
        "81": 10,
        "65": 8,
        "852": 8,
        "853": 8,
        "886": 9,
        "49": 10,
        "855": 9,
        "95": 9,
        "63": 10,
        "232": 8,
        "82": 10,
        "33": 9,
        "234": 10,
    }

    def gen_intl(self, cc, n, ln=None):
        ln = ln or self.INTL_LEN.get(cc, 9)
        out = []
        while len(out) < n:
            num = (
                "+"
                + cc
                + str(int(self.rng.integers(1, 10)))
                + "".join(str(x) for x in self.rng.integers(0, 10, ln - 1))
            )
            if num not in self.used:
                self.used.add(num)
                out.append(num)
        return out

    def init_short(self):
        self.short = {}
        for code, org in [
            ("10086", "intra"),
            ("12306", "inter"),
            ("95588", "inter"),
            ("95533", "inter"),
            ("95599", "inter"),
            ("95555", "inter"),
            ("95566", "inter"),
            ("95528", "inter"),
            ("95539", "inter"),
            ("95583", "inter"),
            ("95530", "inter"),
            ("95557", "inter"),
            ("110", "inter"),
            ("120", "inter"),
            ("12345", "inter"),
            ("12315", "inter"),
            ("12301", "inter"),
            ("96110", "inter"),
            ("114", "inter"),
            ("95013", "inter"),
            ("95017", "inter"),
            ("95188", "inter"),
        ]:
            self.short[code] = self.add([code], "service_short_code", "short", origin=org, trunk=True)[0]
            self.used.add(code)

    # own person helper ------------------------------------------------------
    def add_own(
        self,
        n,
        pop,
        region="西安",
        act_days=(-3650, -200),
        birth=(1965, 2000),
        mob=MOB_RES,
        virtual=False,
        shx=None,
        hpool=None,
        wpool="xa_work",
        idh=None,
        ctype="mobile",
        **kw,
    ):
        nums = self.gen_mobile("own_v" if virtual else "own", region, n)
        if shx is None:
            shx = region in SHAANXI
        act = kw.pop("act", None)
        if act is None:
            act = self.act_time(act_days[0], act_days[1], n)
        if idh is None:
            idh = self.hexid(n)
        by = kw.pop("birth_arr", None)
        if by is None:
            by = self.rng.integers(birth[0], birth[1] + 1, n) if birth else np.zeros(n, int)
        hp = hpool if hpool is not None else ("xa_res" if region == "西安" else "c:" + region)
        hc = self.pick_cell(hp, n)
        wc = self.pick_cell(wpool, n) if wpool else hc
        return self.add(
            nums,
            pop,
            "own",
            home=region,
            ctype="virtual" if virtual else ctype,
            act=act,
            idh=idh,
            birth=by,
            shx=shx,
            hcell=hc,
            wcell=wc,
            mob=mob,
            **kw,
        )

    def add_other(self, n, pop, region="西安", virtual=None, vshare=0.06, **kw):
        """other-operator mobiles; by default ~6% are on MVNO (170/171/162/167) ranges"""
        if virtual is None:
            isv = self.rng.random(n) < vshare
            nums = self.gen_mobile("oth", region, n)
            nv = int(isv.sum())
            if nv:
                vn = self.gen_mobile("oth_v", region, nv)
                nums = [vn.pop() if v else x for x, v in zip(nums, isv)]
        else:
            nums = self.gen_mobile("oth_v" if virtual else "oth", region, n)
        return self.add(nums, pop, "other", origin="inter", **kw)

    # ---------------------------------------------------------------- intents
    def intent(self, a, b, t, cat, cell=None, imei=None):
        a = np.asarray(a, np.int64)
        n = len(a)
        if n == 0:
            return
        b = np.broadcast_to(np.asarray(b, np.int64), (n,)).copy()
        t = np.broadcast_to(np.asarray(t, np.int64), (n,)).copy()
        # times built as day + hour: spread over the hour
        onh = t % HOUR == 0
        if onh.any():
            t[onh] += self.rng.integers(0, HOUR, int(onh.sum()))
        cell = (
            np.full(n, -1, np.int64)
            if cell is None
            else np.broadcast_to(np.asarray(cell, np.int64), (n,)).copy()
        )
        imei = (
            np.full(n, -1, np.int64)
            if imei is None
            else np.broadcast_to(np.asarray(imei, np.int64), (n,)).copy()
        )
        self.pending.append((a, b, t, np.full(n, CAT_ID[cat], np.int16), cell, imei))

    def links(self, n):
        g = np.arange(self.next_link, self.next_link + n, dtype=np.int64)
        self.next_link += n
        return g

    def emit(self, a, b, t, d, cat, fwd=False, cell=None, imei=None, link=None):
        a = np.asarray(a, np.int64)
        n = len(a)
        if n == 0:
            return
        bc = lambda v, dt=np.int64: np.broadcast_to(np.asarray(v, dt), (n,)).copy()
        self.rows.append(
            dict(
                a=a,
                b=bc(b),
                t=bc(t),
                d=bc(d),
                k=np.full(n, CAT_ID[cat], np.int16),
                f=np.full(n, bool(fwd)),
                c=np.full(n, -1, np.int64) if cell is None else bc(cell),
                i=np.full(n, -1, np.int64) if imei is None else bc(imei),
                g=np.full(n, -1, np.int64) if link is None else bc(link),
            )
        )

    def durations(self, n, p, med, sig, maxd=5400):
        ans = self.rng.random(n) < p
        d = np.exp(np.log(med) + sig * self.rng.standard_normal(n))
        d = np.clip(np.round(d), 1, maxd).astype(np.int64)
        return np.where(ans, d, 0)

    def times(self, days, prf):
        days = np.asarray(days, np.int64)
        n = len(days)
        return days * DAY + self.rng.choice(24, n, p=prf) * HOUR + self.rng.integers(0, 3600, n)

    def daily(self, idx, lam):
        """Poisson call counts per (number, day). lam: (n, ND). returns caller idx, day arrays."""
        c = self.rng.poisson(np.maximum(lam, 0))
        i, d = np.nonzero(c)
        rep = c[i, d]
        return np.repeat(np.asarray(idx)[i], rep), np.repeat(d, rep)

    def delay(self, n, med, sig=1.0, lo=20):
        return np.maximum(lo, np.exp(np.log(med) + sig * self.rng.standard_normal(n))).astype(np.int64)

    def resolve(self):
        xpools = {"x1": self.xpool1, "x2": self.xpool2}
        while self.pending:
            batch = self.pending
            self.pending = []
            A = np.concatenate([x[0] for x in batch])
            B = np.concatenate([x[1] for x in batch])
            T = np.concatenate([x[2] for x in batch])
            K = np.concatenate([x[3] for x in batch])
            CL = np.concatenate([x[4] for x in batch])
            IM = np.concatenate([x[5] for x in batch])
            order = np.argsort(K, kind="stable")
            A, B, T, K, CL, IM = A[order], B[order], T[order], K[order], CL[order], IM[order]
            bounds = np.flatnonzero(np.diff(K)) + 1
            for s, e in zip(np.r_[0, bounds], np.r_[bounds, len(K)]):
                self._resolve_cat(CAT_NAMES[K[s]], A[s:e], B[s:e], T[s:e], CL[s:e], IM[s:e], xpools)

    def _resolve_cat(self, name, a, b, t, cl, im, xpools):
        P = CATS[name]
        n = len(a)
        d = self.durations(n, P["p"], P["med"], P["sig"], P["maxd"])
        fr = P["fraud"]
        if fr and fr["p_long"] > 0:
            lng = (d > 0) & (self.rng.random(n) < fr["p_long"])
            nl = int(lng.sum())
            if nl:
                d[lng] = np.clip(
                    np.exp(np.log(fr["med"]) + fr["sig"] * self.rng.standard_normal(nl)), 300, 7200
                ).astype(np.int64)
                self.victim_followups(a[lng], b[lng], t[lng] + d[lng], name)
        self._out(name, a, b, t, d, cl, im, xpools)
        # retries of unanswered calls
        pr, mx, glo, ghi = P["retry"]
        cur_un = d == 0
        ca, cb_, ct, ccl, cim, cd = a, b, t, cl, im, d
        for _ in range(mx):
            sel = cur_un & (self.rng.random(len(ca)) < pr)
            if not sel.any():
                break
            ra, rb = ca[sel], cb_[sel]
            rt = ct[sel] + self.rng.integers(glo, ghi + 1, int(sel.sum()))
            rd = self.durations(len(ra), P["p"], P["med"], P["sig"], P["maxd"])
            if fr and fr["p_long"] > 0:
                lng = (rd > 0) & (self.rng.random(len(ra)) < fr["p_long"])
                if lng.any():
                    rd[lng] = np.clip(
                        np.exp(np.log(fr["med"]) + fr["sig"] * self.rng.standard_normal(int(lng.sum()))),
                        300,
                        7200,
                    ).astype(np.int64)
                    self.victim_followups(ra[lng], rb[lng], rt[lng] + rd[lng], name)
            self._out(name, ra, rb, rt, rd, ccl[sel], cim[sel], xpools)
            ca, cb_, ct, ccl, cim, cd = ra, rb, rt, ccl[sel], cim[sel], rd
            cur_un = rd == 0
            # attempts not retried keep their status for callbacks below (approximation)
        # callbacks by the called party
        pu, pa, dm, cbcat = P["cb"]
        if cbcat:
            p = np.where(d == 0, pu, pa)
            sel = self.rng.random(n) < p
            if sel.any():
                ns = int(sel.sum())
                self.intent(b[sel], a[sel], t[sel] + d[sel] + self.delay(ns, dm), cbcat)

    def _out(self, name, a, b, t, d, cl, im, xpools):
        P = CATS[name]
        if P["via"]:
            pool = xpools[P["via"]]
            x = pool[self.rng.integers(0, len(pool), len(a))]
            g = self.links(len(a))
            self.emit(a, x, t, d, name, cell=cl, imei=im, link=g)
            self.emit(x, b, t + self.rng.integers(1, 4, len(a)), d, name, fwd=True, link=g)
        else:
            self.emit(a, b, t, d, name, cell=cl, imei=im)

    def victim_followups(self, f, v, tend, name):
        """after a long call with a fraud number: victim calls back, calls the bank,
        gets a warning call from 96110, fraud calls again the next day."""
        n = len(f)
        r = self.rng.random((n, 4))
        rep = CATS[name]["fraud"]["repeat"] if CATS[name]["fraud"] else 0
        s = r[:, 0] < 0.4
        self.intent(v[s], f[s], tend[s] + self.delay(int(s.sum()), 2400), "victim_cb")
        s = r[:, 1] < 0.45
        banks = np.array([self.short[c] for c in ("95588", "95533", "95599", "95555", "95566")])
        self.intent(
            v[s],
            banks[self.rng.integers(0, 5, int(s.sum()))],
            tend[s] + self.delay(int(s.sum()), 900),
            "bank_call",
        )
        s = r[:, 2] < 0.3
        self.intent(
            np.full(int(s.sum()), self.short["96110"]),
            v[s],
            tend[s] + self.delay(int(s.sum()), 4 * HOUR),
            "warn_96110",
        )
        s = r[:, 3] < rep
        if s.any():
            ns = int(s.sum())
            tt = tend[s] + DAY - 3 * HOUR + self.rng.integers(0, 6 * HOUR, ns)
            cell = -1
            self.pending.append(
                (
                    f[s],
                    v[s],
                    tt,
                    np.full(ns, CAT_ID["f_pal"] if name == "f_love" else CAT_ID[name], np.int16),
                    np.full(ns, -1, np.int64),
                    np.full(ns, -1, np.int64),
                )
            )

    # =========================================================================
    # the world
    # =========================================================================
    def build(self):
        self.build_fixed_infrastructure()
        self.build_residents()
        self.build_tourists()
        self.build_workers()
        self.build_social_graph()
        self.gen_social()
        self.gen_tourism()
        self.gen_work()
        self.gen_services()
        self.build_fraud()
        self.resolve()

    # ---------------------------------------------------------------- infra
    def build_fixed_infrastructure(self):
        rng = self.rng
        # privacy-number (AXB) relay pools: consecutive numbers, one corporate registration
        blk = self.blocks[("own", "西安")][3]
        corp = self.hexid(2)
        nums1 = self.seq_numbers(blk, 36)
        nums2 = self.seq_numbers(blk, 20)
        act = -int(rng.integers(300, 700)) * DAY
        self.xpool1 = self.add(
            nums1,
            "privacy_relay_rideh",
            "own",
            home="西安",
            ctype="mobile",
            act=act,
            idh=corp[0],
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("xa_work"),
            trunk=True,
        )
        self.xpool2 = self.add(
            nums2,
            "privacy_relay_food",
            "own",
            home="西安",
            ctype="mobile",
            act=act + 40 * DAY,
            idh=corp[1],
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("xa_work"),
            trunk=True,
        )
        # business landlines of other operators (restaurants, clinics, shops, ...)
        self.biz_lines = self.add(
            self.gen_landline("西安", 520), "local_business_landline", "other", origin="inter", trunk=True
        )
        self.scenic_lines = self.add(
            self.gen_landline("西安", 24), "scenic_spot_hotline", "other", origin="inter", trunk=True
        )
        self.hotline400 = self.add(
            ["400" + "".join(str(x) for x in rng.integers(0, 10, 7)) for _ in range(10)],
            "hotline_400",
            "other",
            origin="inter",
            trunk=True,
        )
        # hotels: own fixed lines + other-operator landlines; sales managers' mobiles
        corp_h = self.hexid(40)
        self.hotel_own = self.add(
            self.gen_landline("西安", 40, own=True),
            "hotel_frontdesk",
            "own",
            home="西安",
            ctype="fixed",
            act=self.act_time(-3000, -100, 40),
            idh=corp_h,
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("city", 40),
            trunk=True,
        )
        self.hotel_oth = self.add(
            self.gen_landline("西安", 60), "hotel_frontdesk_other_op", "other", origin="inter", trunk=True
        )
        self.hotel_sales = self.add_own(18, "hotel_sales_manager", birth=(1980, 1996), idh=None)
        self.hotels = np.concatenate([self.hotel_own, self.hotel_oth])
        self.hotel_mobile_of = {int(self.hotel_own[i]): int(self.hotel_sales[i]) for i in range(18)}
        # travel agencies
        corp_a = self.hexid(18)
        self.agency_fixed = self.add(
            self.gen_landline("西安", 18, own=True),
            "travel_agency",
            "own",
            home="西安",
            ctype="fixed",
            act=self.act_time(-3000, -100, 18),
            idh=corp_a,
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("xa_work", 18),
            trunk=True,
        )
        self.agency_mob = self.add_own(30, "travel_agency", birth=(1975, 2000))
        self.agency_oth = self.add(
            self.gen_landline("西安", 25), "travel_agency_other_op", "other", origin="inter", trunk=True
        )
        self.agencies = np.concatenate([self.agency_fixed, self.agency_mob, self.agency_oth])
        # maintenance centre for lift phones, other-op line
        self.scenic_notify = self.add(
            self.gen_landline("西安", 2, own=True),
            "scenic_reservation_notice_line",
            "own",
            home="西安",
            ctype="fixed",
            act=self.act_time(-2000, -300, 2),
            idh=self.hexid(1)[0],
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("bmy", 2),
            trunk=True,
        )
        self.lift_centre = self.add(
            self.gen_landline("西安", 2), "lift_maintenance_centre", "other", origin="inter", trunk=True
        )
        # operator shop test handsets (airport, north station, downtown, campus)
        self.shop_imeis = self.new_imeis(6)
        self.shop_cells = np.array(
            [
                self.pick_cell("airport"),
                self.pick_cell("xabei"),
                self.pick_cell("zl"),
                self.pick_cell("xa_work"),
                self.pick_cell("univ"),
                self.pick_cell("xa_res"),
            ]
        )

    # ---------------------------------------------------------------- residents
    def build_residents(self):
        rng = self.rng
        self.res = self.add_own(4250, "resident", birth=(1962, 2004))
        # 6% of residents are on MVNO (virtual) ranges
        self.res_v = self.add_own(
            260, "resident_mvno", virtual=True, birth=(1970, 2003), act_days=(-2500, -30)
        )
        self.elderly = self.add_own(950, "resident_elderly", birth=(1936, 1961), act_days=(-6000, -300))
        # cheap feature phones sold with cloned IMEIs (one IMEI value in many handsets)
        clones = self.new_imeis(3, TACS_FEATURE)
        sel = rng.choice(self.elderly, 45, replace=False)
        self.set_attr("imei", sel, clones[rng.integers(0, 3, 45)])
        for i in sel:
            self.note(i, "cheap feature phone with a cloned IMEI shared by other handsets")
        self.night = self.add_own(170, "night_shift_worker", birth=(1968, 2002))
        self.migr = np.concatenate(
            [
                self.add_own(
                    int(n),
                    "migrant_worker_roaming",
                    region=c,
                    birth=(1966, 2002),
                    act_days=(-4000, -200),
                    shx=False,
                    p1s=NEG,
                    p1e=POS,
                )
                for c, n in zip(MIGRANT_SRC, self.split(620, MIGRANT_SRC))
            ]
        )
        # migrants live in Xi'an: home cell in Xi'an, away from card home region
        self.set_attr("hcell", self.migr, self.pick_cell("xa_res", len(self.migr)))
        self.set_attr("wcell", self.migr, self.pick_cell("xa_work", len(self.migr)))
        # new-card university freshmen (cards sold on campus early September)
        nst = 330
        home = rng.choice(list(TOURIST_SRC) + list(SHX_TOURIST_SRC), nst)
        self.students = self.add_own(
            nst,
            "student_new_card",
            birth=(2005, 2008),
            mob=MOB_STUDENT,
            act=self.act_time(-20, 4, nst),
            hpool="univ",
            wpool="univ",
        )
        self.student_home = {int(i): h for i, h in zip(self.students, home)}
        for i in self.students:
            if self.R["act"][int(i)] > 0:
                self.note(i, "card activated inside the window on campus")
        self.new_res = self.add_own(
            40, "resident_new_card", birth=(1975, 2004), act=self.act_time(0, 12.5, 40)
        )
        self.kids = self.add_own(130, "kids_smartwatch", birth=None, act_days=(-900, -20))
        self.biz = self.add_own(300, "small_business_owner", birth=(1965, 1996), wpool="scenic")
        # owner with a second card in the same dual-SIM phone
        two = rng.choice(self.biz, 60, replace=False)
        sec = self.add_own(
            60, "small_business_owner", birth_arr=self.attr("birth", two), idh=list(self.attr("idh", two))
        )
        self.biz = np.concatenate([self.biz, sec])
        self.set_attr("hcell", sec, self.attr("hcell", two))
        self.set_attr("wcell", sec, self.attr("wcell", two))
        # lift emergency phones: IoT cards with voice, one corporate registration
        corp = self.hexid(1)[0]
        self.lifts = self.add(
            self.gen_iot(30),
            "lift_emergency_phone_iot",
            "own",
            home="西安",
            ctype="iot",
            act=self.act_time(-1500, -200, 30),
            idh=corp,
            shx=True,
            mob=MOB_FIXED,
            hcell=self.pick_cell("city", 30),
            trunk=False,
        )
        self.local_people_own = np.concatenate(
            [self.res, self.res_v, self.elderly, self.night, self.migr, self.students, self.new_res, self.biz]
        )

    def split(self, total, weights):
        w = np.array(list(weights.values()), float)
        return self.rng.multinomial(total, w / w.sum())

    # ---------------------------------------------------------------- tourists
    def build_tourists(self):
        rng = self.rng
        arrivals = [30, 30, 32, 40, 140, 110, 45, 32, 38, 230, 300, 150, 70]
        parties = []
        src_c = list(TOURIST_SRC)
        src_w = np.array(list(TOURIST_SRC.values()), float)
        src_w /= src_w.sum()
        shx_c = list(SHX_TOURIST_SRC)
        shx_w = np.array(list(SHX_TOURIST_SRC.values()), float)
        shx_w /= shx_w.sum()
        arr_prof = prof(
            0, 0, 0, 0, 0, 0, 0.2, 0.8, 1.5, 2, 2.2, 2.2, 2, 2, 2, 2, 2, 2, 2, 2, 1.8, 1.5, 1, 0.5
        )
        for day, npart in enumerate(arrivals):
            npart = int(rng.poisson(npart))
            for _ in range(npart):
                shx = rng.random() < 0.13
                region = (
                    shx_c[rng.choice(len(shx_c), p=shx_w)] if shx else src_c[rng.choice(len(src_c), p=src_w)]
                )
                size = int(min(6, 1 + rng.poisson(1.4)))
                mode = (
                    "car"
                    if shx
                    else ("plane" if rng.random() < 0.45 else ("train" if rng.random() < 0.9 else "car"))
                )
                # pre-holiday arrivals are shifted to evenings
                t_arr = day * DAY + int(rng.choice(24, p=arr_prof)) * HOUR + int(rng.integers(0, 3600))
                if day in (4, 5, 9, 10):
                    stay = int(rng.choice([1, 2, 3, 4, 5], p=[0.1, 0.3, 0.3, 0.2, 0.1]))
                else:
                    stay = int(rng.choice([1, 2, 3], p=[0.35, 0.45, 0.2]))
                t_dep = (day + stay) * DAY + int(rng.integers(9, 19)) * HOUR + int(rng.integers(0, 3600))
                lodge = rng.choice(["hotel", "bnb", "family"], p=[0.6, 0.33, 0.07])
                parties.append(
                    dict(
                        region=region,
                        size=size,
                        mode=mode,
                        arr=t_arr,
                        dep=t_dep,
                        lodge=lodge,
                        shx=shx,
                        day=day,
                    )
                )
        # escorted long-haul groups (全陪): 26 escorts, each with ~8-12 parties from its city
        self.escort_groups = []
        for g in range(26):
            region = src_c[rng.choice(len(src_c), p=src_w)]
            day = int(rng.choice([4, 9, 10, 11], p=[0.2, 0.35, 0.35, 0.1]))
            t_arr = day * DAY + int(rng.integers(7, 16)) * HOUR + int(rng.integers(0, 3600))
            stay = int(rng.choice([2, 3, 4]))
            t_dep = (day + stay) * DAY + int(rng.integers(8, 14)) * HOUR
            mode = "plane" if rng.random() < 0.5 else "train"
            first = len(parties)
            for _ in range(int(rng.integers(8, 13))):
                parties.append(
                    dict(
                        region=region,
                        size=int(min(4, 1 + rng.poisson(1.0))),
                        mode=mode,
                        arr=t_arr,
                        dep=t_dep,
                        lodge="hotel",
                        shx=False,
                        day=day,
                        escort=g,
                    )
                )
            self.escort_groups.append(
                dict(
                    region=region,
                    arr=t_arr,
                    dep=t_dep,
                    parties=list(range(first, len(parties))),
                    day=day,
                    stay=stay,
                )
            )
        # materialise party members
        own_share = 0.56
        members_all = []
        for pi, p in enumerate(parties):
            own = rng.random(p["size"]) < own_share
            mem = []
            n_own = int(own.sum())
            if n_own:
                if p["shx"]:
                    ids = self.add_own(
                        n_own,
                        "tourist_roaming_in",
                        region=p["region"],
                        birth=(1955, 2008),
                        mob=MOB_TOUR,
                        shx=True,
                    )
                    for i in ids:
                        self.trips.append((int(i), p["arr"], p["dep"], "xian_tour"))
                else:
                    ids = self.add_own(
                        n_own,
                        "tourist_roaming_in",
                        region=p["region"],
                        birth=(1955, 2008),
                        mob=MOB_TOUR,
                        shx=False,
                        p1s=p["arr"],
                        p1e=p["dep"],
                    )
                mem += list(ids)
            n_oth = p["size"] - n_own
            if n_oth:
                mem += list(self.add_other(n_oth, "other_op_tourist", region=p["region"], home=p["region"]))
            rng.shuffle(mem)
            p["members"] = np.array(mem)
            p["leader"] = int(mem[0])
            members_all.append(p["members"])
        self.parties = parties
        # lodging cell for tourists = hotel cell
        self.tour_own = self.popidx("tourist_roaming_in")
        self.tour_oth = self.popidx("other_op_tourist")
        self.set_attr("hcell", self.tour_own, self.pick_cell("city", len(self.tour_own)))
        # foreign / HK / TW visitors on freshly bought local prepaid cards
        n = 110
        arr_day = rng.choice(ND, n, p=np.array(arrivals, float) / sum(arrivals))
        t_arr = arr_day * DAY + rng.integers(9, 21, n) * HOUR + rng.integers(0, 3600, n)
        self.loc_card = self.add_own(
            n, "tourist_local_prepaid_card", birth=(1950, 2004), act=t_arr + 1200, mob=MOB_TOUR
        )
        self.loc_card_arr = {int(i): int(t) for i, t in zip(self.loc_card, t_arr)}
        self.loc_card_cc = {}
        ccs = ["852", "853", "886", "1", "44", "81", "82", "65", "61", "49", "33"]
        for i in self.loc_card:
            self.loc_card_cc[int(i)] = ccs[int(rng.integers(0, len(ccs)))]
        # business travellers (own cards, other provinces)
        nbt = 210
        regs = rng.choice(src_c, nbt, p=src_w)
        bt = []
        for r in np.unique(regs):
            k = int((regs == r).sum())
            d0 = rng.choice(
                [0, 1, 2, 3, 7, 8, 9, 4, 10], k, p=[0.14, 0.15, 0.15, 0.12, 0.14, 0.13, 0.07, 0.05, 0.05]
            )
            s = d0 * DAY + rng.integers(7, 20, k) * HOUR
            e = s + rng.integers(1, 5, k) * DAY
            bt.append(
                self.add_own(
                    k,
                    "business_traveller_roaming_in",
                    region=str(r),
                    birth=(1965, 1998),
                    shx=False,
                    p1s=s,
                    p1e=e,
                    hpool="xa_work",
                    wpool="xa_work",
                )
            )
        self.btrav = np.concatenate(bt)

    # ---------------------------------------------------------------- workers
    def build_workers(self):
        rng = self.rng
        self.guides = self.add_own(
            52, "tour_guide", birth=(1975, 2001), mob=MOB_GUIDE, hpool="xa_res", wpool="scenic"
        )
        self.guide_w = np.where(np.arange(52) < 38, 1.0, 0.25)  # 38 full-time, 14 part-time guides
        for i in self.guides[38:]:
            self.note(i, "part-time guide")
        self.guides_oth = self.add_other(18, "tour_guide_other_op")
        # guides carrying a backup phone
        for i in rng.choice(self.guides, 12, replace=False):
            self.multi_phone.append((int(i), int(self.new_imeis(1)[0]), 0.3))
        # escorts: own cards of the groups' home city, present with the group
        self.escorts = []
        for g in self.escort_groups:
            e = self.add_own(
                1,
                "tour_escort_roaming_in",
                region=g["region"],
                birth=(1975, 1998),
                mob=MOB_GUIDE,
                shx=False,
                p1s=g["arr"] - 3600,
                p1e=g["dep"] + 3600,
                wpool="scenic",
            )[0]
            g["escort"] = int(e)
            self.escorts.append(e)
        self.escorts = np.array(self.escorts)
        self.bnb = self.add_own(60, "homestay_host", birth=(1970, 1998))
        self.bnb_oth = self.add_other(28, "homestay_host_other_op")
        # hosts with a second, recently bought card for bookings
        two = rng.choice(self.bnb, 15, replace=False)
        sec = self.add_own(
            15,
            "homestay_host",
            birth_arr=self.attr("birth", two),
            idh=list(self.attr("idh", two)),
            act=self.act_time(-40, 8, 15),
        )
        self.set_attr("hcell", sec, self.attr("hcell", two))
        self.bnb_sec = dict(zip(two.tolist(), sec.tolist()))
        self.drivers = self.add_own(300, "ride_hailing_driver", birth=(1968, 1998), mob=MOB_MOVE)
        self.charter = self.add_own(140, "taxi_charter_driver", birth=(1965, 1995), mob=MOB_MOVE)
        self.charter_oth = self.add_other(60, "taxi_charter_driver_other_op")
        self.couriers = self.add_own(180, "courier", birth=(1975, 2003), mob=MOB_MOVE)
        self.couriers_oth = self.add_other(90, "courier_other_op", vshare=0.4)
        # temporary couriers hired for the holiday backlog, on freshly bought cards
        self.couriers_tmp = self.add_own(
            30, "courier_temp_new_card", birth=(1985, 2006), mob=MOB_MOVE, act=self.act_time(5, 9.9, 30)
        )
        self.riders = self.add_own(150, "food_delivery_rider", birth=(1978, 2005), mob=MOB_MOVE)
        self.touts = self.add_own(
            20, "restaurant_tour_tout", birth=(1970, 2000), mob=MOB_MOVE, wpool="scenic", act_days=(-400, -5)
        )
        # ticket scalpers: 3 people each swapping 3 cards in one phone, others single
        self.scalp = self.add_own(
            30, "ticket_scalper", birth=(1975, 2002), mob=MOB_MOVE, wpool="scenic", act_days=(-300, 5)
        )
        self.scalp_groups = []
        for g in range(3):
            cards = self.scalp[g * 3 : (g + 1) * 3]
            im = self.new_imeis(1)[0]
            self.set_attr("imei", cards, im)
            self.set_attr("idh", cards, self.hexid(1)[0])
            self.scalp_groups.append(cards)
            for c in cards:
                self.note(c, "one of 3 cards swapped day by day in the same handset")
        # event / exhibition staff: consecutive numbers, one corporate account, activated 09-25 in a shop
        nums = self.seq_numbers(self.blocks[("own", "西安")][7], 60)
        corp = self.hexid(1)[0]
        act = 4 * DAY + 10 * HOUR + np.sort(rng.integers(0, 5 * HOUR, 60))
        self.staff = self.add(
            nums,
            "event_staff_bulk_cards",
            "own",
            home="西安",
            ctype="mobile",
            act=act,
            idh=corp,
            shx=True,
            hcell=self.pick_cell("xa_res", 60),
            wcell=self.pick_cell("expo", 60),
            mob=MOB_RES,
        )
        self.vendors = self.add_other(80, "other_op_mobile")
        self.tele = self.add_own(
            15, "telemarketer", birth=None, idh=self.hexid(1)[0], act_days=(-600, -60), hpool="xa_work"
        )
        self.set_attr("mob", self.tele, MOB_FIXED)
        self.tele_oth = self.add_other(20, "telemarketer_other_op", vshare=0.6)
        self.sales = self.add_own(80, "sales_agent", birth=(1980, 2000))
        self.community = self.add_own(25, "community_worker", birth=(1970, 1998))
        # local contacts that are other-operator residents (passengers, recipients, ...)
        self.local_oth = self.add_other(5200, "other_op_contact")
        self.intl_rel = np.concatenate(
            [
                self.add(self.gen_intl(cc, k), "international_contact", "intl", origin="international")
                for cc, k in [
                    ("1", 8),
                    ("44", 3),
                    ("61", 4),
                    ("81", 3),
                    ("65", 3),
                    ("852", 4),
                    ("886", 2),
                    ("49", 2),
                    ("855", 2),
                    ("95", 1),
                    ("63", 2),
                    ("66", 3),
                    ("60", 3),
                    ("84", 2),
                    ("234", 1),
                    ("251", 1),
                ]
            ]
        )

    # ---------------------------------------------------------------- social graph
    def build_social_graph(self):
        rng = self.rng
        L = self.local_people_own
        # parameters per population: (lambda/day, k_local, k_other, k_remote, k_biz, profile)
        spec = {
            "resident": (1.8, 9, 6, 0.7, 2.0, 0),
            "resident_mvno": (1.6, 7, 5, 0.6, 1.5, 0),
            "resident_elderly": (1.2, 4, 2, 0.6, 1.0, 1),
            "night_shift_worker": (2.2, 7, 5, 1.0, 1.5, 2),
            "migrant_worker_roaming": (1.9, 5, 4, 3.0, 1.0, 0),
            "student_new_card": (2.1, 9, 2, 2.5, 0.5, 3),
            "resident_new_card": (1.8, 5, 3, 0.8, 1.0, 0),
            "small_business_owner": (1.4, 6, 4, 0.8, 1.0, 0),
        }
        srcs, dsts, ws, typ = [], [], [], []
        lam = np.zeros(len(self.R["num"]) + 40000)
        prf = {}
        pos_of = np.argsort(self.attr("hcell", L), kind="stable")
        Ls = L[pos_of]  # sorted by home cell: neighbours are near
        nL = len(Ls)
        rank = np.empty(nL, np.int64)
        rank[pos_of] = np.arange(nL)
        pops_L = self.attr("pop", L)
        for pname, (lm, kl, ko, kr, kb, pf) in spec.items():
            m = pops_L == pname
            P = L[m]
            if not len(P):
                continue
            n = len(P)
            act = np.exp(0.75 * rng.standard_normal(n)) / np.exp(0.75**2 / 2)
            lam[P] = lm * act
            for i in P:
                prf[int(i)] = pf
            # local own contacts
            kL = rng.poisson(kl, n)
            src = np.repeat(P, kL)
            rk = np.repeat(rank[m], kL)
            near = rng.random(len(src)) < 0.7
            off = rng.integers(1, 150, len(src)) * rng.choice([-1, 1], len(src))
            tgt = np.where(near, (rk + off) % nL, rng.integers(0, nL, len(src)))
            dst = Ls[tgt]
            ok = dst != src
            srcs.append(src[ok])
            dsts.append(dst[ok])
            typ.append(np.full(int(ok.sum()), 1))
            # other-operator local contacts (shared pool)
            kO = rng.poisson(ko, n)
            src = np.repeat(P, kO)
            dst = self.local_oth[rng.integers(0, len(self.local_oth), len(src))]
            srcs.append(src)
            dsts.append(dst)
            typ.append(np.full(len(src), 2))
            # business lines
            kB = rng.poisson(kb, n)
            src = np.repeat(P, kB)
            pool = np.concatenate([self.biz_lines, self.biz])
            dst = pool[rng.integers(0, len(pool), len(src))]
            srcs.append(src)
            dsts.append(dst)
            typ.append(np.full(len(src), 3))
            # remote family
            kR = rng.poisson(kr, n)
            kR = np.where(
                np.isin(pname, ["migrant_worker_roaming", "student_new_card"]), np.maximum(kR, 2), kR
            )
            for i, k in zip(P, kR):
                if k == 0:
                    continue
                i = int(i)
                if pname == "migrant_worker_roaming":
                    reg = self.R["home"][i]
                elif pname == "student_new_card":
                    reg = self.student_home[i]
                else:
                    reg = str(rng.choice(list(OUT_TRIP_DEST) + ["咸阳", "渭南", "宝鸡"]))
                fam = self.family_numbers(reg, int(k))
                srcs.append(np.full(len(fam), i))
                dsts.append(fam)
                typ.append(np.full(len(fam), 4))
        # elderly: children (guardians) among residents or other-operator numbers
        for i in self.elderly:
            k = int(rng.integers(1, 4))
            kids = []
            for _ in range(k):
                if rng.random() < 0.5:
                    kids.append(int(self.res[rng.integers(0, len(self.res))]))
                else:
                    kids.append(int(self.add_other(1, "other_op_contact")[0]))
            srcs.append(np.full(k, i))
            dsts.append(np.array(kids))
            typ.append(np.full(k, 5))
            if rng.random() < 0.38:
                self.guardians[int(i)] = kids[:2]
        # tourists: family at home + travel companions
        for p in self.parties:
            mem = p["members"]
            for i in mem:
                i = int(i)
                if self.R["kind"][i] != "own":
                    continue
                fam = self.family_numbers(p["region"], int(rng.integers(1, 3)))
                srcs.append(np.full(len(fam), i))
                dsts.append(fam)
                typ.append(np.full(len(fam), 4))
                lam[i] = 1.6 * np.exp(0.6 * rng.standard_normal())
                prf[i] = 4
                comp = mem[mem != i]
                if len(comp):
                    srcs.append(np.full(len(comp), i))
                    dsts.append(comp)
                    typ.append(np.full(len(comp), 6))
        for i in self.btrav:
            i = int(i)
            fam = self.family_numbers(self.R["home"][i], int(rng.integers(2, 6)))
            srcs.append(np.full(len(fam), i))
            dsts.append(fam)
            typ.append(np.full(len(fam), 4))
            lam[i] = 1.5
            prf[i] = 0
        # workers have ordinary private lives too
        workers = np.concatenate(
            [
                self.guides,
                self.bnb,
                self.drivers,
                self.charter,
                self.couriers,
                self.riders,
                self.couriers_tmp,
                self.touts,
                self.scalp,
                self.sales,
                self.community,
                self.agency_mob,
                self.hotel_sales,
                self.staff,
            ]
        )
        n = len(workers)
        lam[workers] = 1.3 * np.exp(0.5 * rng.standard_normal(n))
        for i in workers:
            prf[int(i)] = 0
        kL = rng.poisson(6, n)
        src = np.repeat(workers, kL)
        dst = L[rng.integers(0, len(L), len(src))]
        srcs.append(src)
        dsts.append(dst)
        typ.append(np.full(len(src), 1))
        kO = rng.poisson(4, n)
        src = np.repeat(workers, kO)
        srcs.append(src)
        dsts.append(self.local_oth[rng.integers(0, len(self.local_oth), len(src))])
        typ.append(np.full(len(src), 2))
        for i in self.escorts:
            i = int(i)
            fam = self.family_numbers(self.R["home"][i], 3)
            srcs.append(np.full(3, i))
            dsts.append(fam)
            typ.append(np.full(3, 4))
            lam[i] = 1.2
            prf[i] = 0
        src = np.concatenate(srcs)
        dst = np.concatenate(dsts)
        ty = np.concatenate(typ)
        w = (
            (rng.pareto(1.5, len(src)) + 0.3)
            * np.where(np.isin(ty, [4, 5]), 3.0, 1.0)
            * np.where(ty == 6, 2.0, 1.0)
        )
        w = np.where(ty == 3, w * 0.4, w)
        self.edges = (src, dst, ty, w)
        self.lam = lam
        self.prf = prf

    def family_numbers(self, region, k):
        rng = self.rng
        out = []
        n_own = int((rng.random(k) < 0.55).sum())
        if n_own:
            ids = self.add_own(n_own, "own_remote_contact", region=region, birth=(1945, 2005), wpool=None)
            out += list(ids)
        if k - n_own:
            out += list(self.add_other(k - n_own, "other_op_contact", region=region))
        return np.array(out, np.int64)

    def gen_social(self):
        rng = self.rng
        src, dst, ty, w = self.edges
        nreg = len(self.R["num"])
        kind = np.array(self.R["kind"])
        own_person = np.zeros(nreg, bool)
        for i in self.prf:
            own_person[i] = True
        # forward direction (persons): rate = lambda * w / sum(w)
        fwd_mask = own_person[src]
        # both directions for own-own local edges
        both = fwd_mask & own_person[dst] & ((ty == 1) | (ty == 5))
        S = np.concatenate([src[fwd_mask], dst[both]])
        D = np.concatenate([dst[fwd_mask], src[both]])
        TY = np.concatenate([ty[fwd_mask], ty[both]])
        W = np.concatenate([w[fwd_mask], w[both]])
        tot = np.bincount(S, weights=W, minlength=nreg)
        rate = self.lam[S] * W / np.maximum(tot[S], 1e-9)
        # reverse rates for non-person contacts (other-operator, remote own, business lines)
        rev = fwd_mask & ~own_person[dst]
        rS, rD, rTY = dst[rev], src[rev], ty[rev]
        rr = self.lam[src[rev]] * w[rev] / np.maximum(tot[src[rev]], 1e-9)
        recip = np.select(
            [rTY == 4, rTY == 5, rTY == 2, rTY == 3, rTY == 6], [0.75, 1.1, 0.7, 0.05, 0.8], 0.5
        )
        rrate = rr * recip
        allS = np.concatenate([S, rS])
        allD = np.concatenate([D, rD])
        allT = np.concatenate([TY, rTY])
        allR = np.concatenate([rate, rrate])
        # day factors
        df_soc = np.array([1, 1, 1, 1.05, 1.45, 1.1, 1.05, 1, 1, 1.15, 1.3, 1.1, 1.05])
        df_fam = np.array([1, 1, 1, 1.1, 2.0, 1.2, 1.1, 1, 1, 1.2, 1.5, 1.15, 1.1])
        lamE = allR[:, None] * np.where(np.isin(allT, [4, 5])[:, None], df_fam[None, :], df_soc[None, :])
        c = rng.poisson(lamE)
        e, d = np.nonzero(c)
        rep = c[e, d]
        e = np.repeat(e, rep)
        d = np.repeat(d, rep)
        a, b, ty_ = allS[e], allD[e], allT[e]
        # hour profile by caller
        pf = self._prof_ids(a)
        t = np.zeros(len(a), np.int64)
        for k, P in enumerate([P_SOCIAL, P_ELDER, P_NIGHT, P_STUDENT, P_TOURIST]):
            m = pf == k
            t[m] = self.times(d[m], P)
        cats = np.select(
            [ty_ == 4, ty_ == 5, ty_ == 3], [CAT_ID["fam"], CAT_ID["eld"], CAT_ID["biz"]], CAT_ID["fri"]
        )
        # elderly calls are long too
        eld_src = pf == 1
        cats = np.where(eld_src & (cats == CAT_ID["fri"]), CAT_ID["eld"], cats)
        for cid in np.unique(cats):
            m = cats == cid
            self.intent(a[m], b[m], t[m], CAT_NAMES[cid])
        self.n_social = len(a)

    def _prof_ids(self, a):
        lut = np.zeros(len(self.R["num"]), np.int8)
        for i, v in self.prf.items():
            lut[i] = v
        return lut[a]

    # ---------------------------------------------------------------- tourism
    def gen_tourism(self):
        rng = self.rng
        I = dict(a=[], b=[], t=[], k=[])

        def add(a, b, t, k):
            I["a"].append(a)
            I["b"].append(b)
            I["t"].append(t)
            I["k"].append(k)

        bnb_load = {}
        guide_pool_own = self.guides
        tours_by_day = [[] for _ in range(ND)]
        charter_by_party = {}
        scenic_targets = np.concatenate([self.scenic_lines, self.hotline400])
        short_travel = np.array(
            [self.short[c] for c in ("12306", "95539", "95583", "95530", "95557", "12301")]
        )
        resto = np.concatenate([self.biz_lines, self.biz])
        for pi, p in enumerate(self.parties):
            L = p["leader"]
            mem = p["members"]
            arr, dep = p["arr"], p["dep"]
            if p["lodge"] == "hotel":
                h = int(self.hotels[rng.integers(0, len(self.hotels))])
                p["hotel"] = h
                caller = self.hotel_mobile_of.get(h, h) if rng.random() < 0.3 else h
                if rng.random() < 0.45:
                    add(
                        caller,
                        L,
                        arr
                        - int(rng.integers(1, 4)) * DAY
                        + int(rng.integers(10, 20)) * HOUR
                        + int(rng.integers(0, 3600)),
                        "hotel_out",
                    )
                if rng.random() < 0.35:
                    add(h, L, arr - int(rng.integers(600, 4 * HOUR)), "hotel_out")
                if arr % DAY > 21 * HOUR and rng.random() < 0.5:
                    add(h, L, arr - int(rng.integers(300, 3600)), "hotel_out")
                if rng.random() < 0.55:
                    add(L, h, arr - int(rng.integers(300, 6 * HOUR)), "to_hotel")
                for day in range(arr // DAY, min(dep // DAY + 1, ND)):
                    if rng.random() < 0.3:
                        add(int(rng.choice(mem)), h, day * DAY + int(rng.integers(8, 23)) * HOUR, "to_hotel")
            elif p["lodge"] == "bnb":
                pool = np.concatenate([self.bnb, self.bnb_oth])
                o = int(pool[rng.integers(0, len(pool))])
                o2 = self.bnb_sec.get(o, o) if rng.random() < 0.6 else o
                p["bnb"] = o
                if rng.random() < 0.6:
                    add(o2, L, arr - DAY + int(rng.integers(14, 22)) * HOUR, "bnb_out")
                for _ in range(int(rng.integers(1, 4))):
                    add(o2, L, arr + int(rng.integers(-2 * HOUR, 1800)), "bnb_out")
                if arr % DAY > 20 * HOUR:
                    add(o2, L, arr + int(rng.integers(0, 3 * HOUR)), "bnb_out")
                for _ in range(int(rng.poisson(1.2))):
                    add(L, o, arr + int(rng.integers(-DAY, 2 * HOUR)), "to_bnb")
                for day in range(arr // DAY + 1, min(dep // DAY + 1, ND)):
                    if rng.random() < 0.4:
                        add(int(rng.choice(mem)), o, day * DAY + int(rng.integers(8, 24)) * HOUR, "to_bnb")
                if rng.random() < 0.3:
                    add(o2, L, dep - int(rng.integers(1800, 4 * HOUR)), "bnb_out")
            # guided day tours
            if "escort" in p:
                for day in range(arr // DAY + (1 if arr % DAY > 12 * HOUR else 0), min(dep // DAY, ND)):
                    tours_by_day[day].append(pi)
            elif rng.random() < 0.6:
                d0 = arr // DAY + (1 if arr % DAY > 11 * HOUR else 0)
                d1 = dep // DAY
                if d0 < min(d1 + 1, ND):
                    day = int(rng.integers(d0, min(d1, ND - 1) + 1))
                    tours_by_day[day].append(pi)
                    if rng.random() < 0.4 and day + 1 < min(d1, ND):
                        tours_by_day[day + 1].append(pi)
            # charter driver
            if rng.random() < 0.09:
                pool = np.concatenate([self.charter, self.charter_oth])
                drv = int(pool[rng.integers(0, len(pool))])
                for day in range(arr // DAY, min(dep // DAY + 1, ND)):
                    if rng.random() < 0.6:
                        add(drv, L, day * DAY + int(rng.integers(7, 10)) * HOUR, "drv")
                        add(drv, L, day * DAY + int(rng.integers(11, 19)) * HOUR, "drv")
                        add(L, drv, day * DAY + int(rng.integers(9, 20)) * HOUR, "drv_cb")
                if rng.random() < 0.5:
                    add(L, drv, arr - int(rng.integers(1, 2 * DAY)), "drv_cb")
            # member service calls while present: restaurants, scenic hotlines, rail/airline, 12301
            for i in mem:
                i = int(i)
                for day in range(arr // DAY, min(dep // DAY + 1, ND)):
                    k = int(rng.poisson(1.0))
                    for _ in range(k):
                        r = rng.random()
                        t = day * DAY + int(rng.choice(24, p=P_TOURIST)) * HOUR + int(rng.integers(0, 3600))
                        if t < arr or t > dep:
                            continue
                        if r < 0.5:
                            add(i, int(resto[rng.integers(0, len(resto))]), t, "resto")
                        elif r < 0.78:
                            add(i, int(scenic_targets[rng.integers(0, len(scenic_targets))]), t, "svc")
                        else:
                            add(i, int(short_travel[rng.integers(0, len(short_travel))]), t, "svc")
            # pre-trip calls to the hotel (visible when the hotel is ours)
            if p["lodge"] == "hotel" and rng.random() < 0.25:
                add(
                    L,
                    p["hotel"],
                    arr - int(rng.integers(1, 6)) * DAY + int(rng.integers(9, 22)) * HOUR,
                    "to_hotel",
                )
        # --- guide groups and agencies
        self.tour_groups = []
        for day in range(ND):
            plist = np.array(tours_by_day[day], np.int64)
            if not len(plist):
                continue
            rng.shuffle(plist)
            esc = [pi for pi in plist if "escort" in self.parties[pi]]
            rest = [pi for pi in plist if "escort" not in self.parties[pi]]
            groups = []
            byesc = {}
            for pi in esc:
                byesc.setdefault(self.parties[pi]["escort"], []).append(pi)
            for g, lst in byesc.items():
                groups.append((lst, g))
            i = 0
            while i < len(rest):
                k = int(rng.integers(7, 16))
                groups.append((rest[i : i + k], None))
                i += k
            busy = set()
            gpool = np.concatenate([guide_pool_own, self.guides_oth])
            gw = np.concatenate([self.guide_w, np.full(len(self.guides_oth), 0.6)])
            gw = gw / gw.sum()
            for lst, esc_g in groups:
                for _try in range(50):
                    gd = int(gpool[rng.choice(len(gpool), p=gw)])
                    if gd not in busy:
                        break
                busy.add(gd)
                ag = int(self.agencies[rng.integers(0, len(self.agencies))])
                bus = int(
                    np.concatenate([self.charter, self.charter_oth, self.local_oth[:300]])[
                        rng.integers(0, 500)
                    ]
                )
                self.tour_groups.append((day, gd, lst))
                for pi in lst:
                    p = self.parties[pi]
                    L = p["leader"]
                    if rng.random() < 0.9:
                        add(
                            gd,
                            L,
                            (day - 1) * DAY
                            + int(rng.choice(24, p=P_EVENING)) * HOUR
                            + int(rng.integers(0, 3600)),
                            "guide_eve",
                        )
                    if rng.random() < 0.65:
                        add(
                            gd,
                            L,
                            day * DAY + int(rng.choice(24, p=P_PICKUP)) * HOUR + int(rng.integers(0, 3600)),
                            "guide_pick",
                        )
                    for o in p["members"][1:]:
                        if rng.random() < 0.3:
                            add(
                                gd,
                                int(o),
                                day * DAY
                                + int(rng.choice(24, p=P_TOURDAY)) * HOUR
                                + int(rng.integers(0, 3600)),
                                "guide_day",
                            )
                    for _ in range(int(rng.poisson(0.35))):
                        add(
                            gd,
                            L,
                            day * DAY + int(rng.choice(24, p=P_TOURDAY)) * HOUR + int(rng.integers(0, 3600)),
                            "guide_day",
                        )
                    for _ in range(int(rng.poisson(0.5))):
                        add(
                            int(rng.choice(p["members"])),
                            gd,
                            day * DAY + int(rng.choice(24, p=P_TOURDAY)) * HOUR + int(rng.integers(0, 3600)),
                            "to_guide",
                        )
                    if esc_g is None and rng.random() < 0.6:
                        add(
                            ag,
                            L,
                            (day - int(rng.integers(1, 4))) * DAY
                            + int(rng.choice(24, p=P_WORK)) * HOUR
                            + int(rng.integers(0, 3600)),
                            "agency_conf",
                        )
                for _ in range(int(rng.integers(2, 5))):
                    add(
                        gd,
                        bus,
                        day * DAY + int(rng.choice(24, p=P_TOURDAY)) * HOUR + int(rng.integers(0, 3600)),
                        "guide_biz",
                    )
                add(gd, ag, (day - 1) * DAY + int(rng.integers(16, 21)) * HOUR, "guide_biz")
                add(ag, gd, (day - 1) * DAY + int(rng.integers(10, 18)) * HOUR, "guide_biz")
                add(
                    gd,
                    int(resto[rng.integers(0, len(resto))]),
                    day * DAY + int(rng.integers(9, 12)) * HOUR,
                    "guide_biz",
                )
                add(
                    gd,
                    int(self.scenic_lines[rng.integers(0, len(self.scenic_lines))]),
                    day * DAY + int(rng.integers(8, 11)) * HOUR,
                    "guide_biz",
                )
                if esc_g is not None:
                    e = self.escort_groups[esc_g]["escort"]
                    add(e, gd, (day - 1) * DAY + int(rng.integers(19, 22)) * HOUR, "guide_biz")
                    add(gd, e, day * DAY + int(rng.integers(7, 9)) * HOUR, "guide_biz")
        # escorts: call their parties' leaders several times a day, hotels, restaurants
        for g in self.escort_groups:
            e = g["escort"]
            leaders = [self.parties[pi]["leader"] for pi in g["parties"]]
            for day in range(g["arr"] // DAY, min(g["dep"] // DAY + 1, ND)):
                for L in leaders:
                    for _ in range(int(rng.poisson(1.3))):
                        t = day * DAY + int(rng.choice(24, p=P_TOURIST)) * HOUR + int(rng.integers(0, 3600))
                        if g["arr"] - 3600 < t < g["dep"]:
                            add(e, L, t, "guide_pick")
                    if rng.random() < 0.3:
                        add(L, e, day * DAY + int(rng.choice(24, p=P_TOURIST)) * HOUR, "to_guide")
                h = self.parties[g["parties"][0]].get("hotel")
                if h is not None:
                    add(e, h, day * DAY + int(rng.integers(9, 21)) * HOUR, "to_hotel")
                add(
                    e,
                    int(resto[rng.integers(0, len(resto))]),
                    day * DAY + int(rng.integers(10, 18)) * HOUR,
                    "resto",
                )
        # agencies' pre-holiday sales / confirmation calls to customers at home (lists)
        for ag in np.concatenate([self.agency_fixed, self.agency_mob]):
            for day in range(ND):
                lamd = {True: 9, False: 3}[bool(WORKDAY[day])] * (2.2 if day in (7, 8, 9) else 1.0)
                k = int(rng.poisson(lamd))
                if not k:
                    continue
                regs = rng.choice(list(TOURIST_SRC), k)
                tg = []
                for r in regs:
                    if rng.random() < 0.35:
                        tg.append(
                            int(
                                self.add_own(
                                    1, "own_remote_contact", region=str(r), birth=(1955, 2000), wpool=None
                                )[0]
                            )
                        )
                    else:
                        tg.append(int(self.add_other(1, "other_op_mobile", region=str(r))[0]))
                tt = self.times(np.full(k, day), P_WORK)
                add(np.full(k, int(ag)), np.array(tg), tt, "agency_sales")
        # homestay hosts answer booking inquiries: they phone back people in other cities (OTA / WeChat leads)
        for h in self.bnb:
            for day in range(ND):
                lamd = {4: 4, 5: 3, 7: 4, 8: 6, 9: 7, 10: 5, 11: 4, 12: 3}.get(day, 1.5)
                k = int(rng.poisson(lamd))
                if not k:
                    continue
                tg = []
                for r in rng.choice(list(TOURIST_SRC), k):
                    if rng.random() < 0.45:
                        tg.append(
                            int(
                                self.add_own(
                                    1, "own_remote_contact", region=str(r), birth=(1960, 2004), wpool=None
                                )[0]
                            )
                        )
                    else:
                        tg.append(int(self.add_other(1, "other_op_mobile", region=str(r))[0]))
                tt = self.times(np.full(k, day), P_HOTEL)
                add(np.full(k, int(h)), np.array(tg), tt, "bnb_out")
                # some of those leads phone the host (visible: the host is in scope)
                m = rng.random(k) < 0.35
                if m.any():
                    add(
                        np.array(tg)[m],
                        np.full(int(m.sum()), int(h)),
                        tt[m] - self.delay(int(m.sum()), 3 * HOUR),
                        "to_bnb",
                    )
        # local prepaid cards:
        for i, tarr in self.loc_card_arr.items():
            # activation test call on a shop handset
            if rng.random() < 0.6:
                si = int(rng.integers(0, 3))
                self.emit(
                    [i],
                    [self.short["10086"] if rng.random() < 0.6 else int(rng.choice(self.res))],
                    [tarr + 1260 + int(rng.integers(0, 600))],
                    [int(rng.integers(5, 25))],
                    "test",
                    cell=[int(self.shop_cells[si])],
                    imei=[int(self.shop_imeis[si])],
                )
            stay = int(rng.integers(2, 8))
            comp = [j for j in self.loc_card_arr if abs(self.loc_card_arr[j] - tarr) < 3600 and j != i][:3]
            cc = self.loc_card_cc[i]
            home_nums = self.add(
                self.gen_intl(cc, 2), "international_contact", "intl", origin="international"
            )
            h = int(self.hotels[rng.integers(0, len(self.hotels))])
            for day in range(tarr // DAY, min(tarr // DAY + stay, ND)):
                for _ in range(int(rng.poisson(1.6))):
                    t = day * DAY + int(rng.choice(24, p=P_TOURIST)) * HOUR + int(rng.integers(0, 3600))
                    if t < tarr + 1800:
                        continue
                    r = rng.random()
                    if r < 0.35:
                        add(i, int(resto[rng.integers(0, len(resto))]), t, "resto")
                    elif r < 0.55:
                        add(i, h, t, "to_hotel")
                    elif r < 0.75 and comp:
                        add(i, int(comp[int(rng.integers(0, len(comp)))]), t, "fri")
                    else:
                        add(i, int(scenic_targets[rng.integers(0, len(scenic_targets))]), t, "svc")
                if rng.random() < 0.6:
                    add(
                        i,
                        int(home_nums[int(rng.integers(0, 2))]),
                        day * DAY + int(rng.choice(24, p=P_EVENING)) * HOUR,
                        "intl_home",
                    )
                if rng.random() < 0.25:
                    add(
                        int(self.guides[rng.integers(0, len(self.guides))]),
                        i,
                        day * DAY + int(rng.integers(7, 19)) * HOUR,
                        "guide_day",
                    )
            self.note(i, "visitor from +%s on a local prepaid card" % cc)
        for k in ("a", "b", "t"):
            I[k] = [np.atleast_1d(np.asarray(x, np.int64)) for x in I[k]]
        A = np.concatenate(I["a"])
        B = np.concatenate(I["b"])
        T = np.concatenate(I["t"])
        K = np.concatenate(
            [np.full(len(np.atleast_1d(a)), CAT_ID[k], np.int16) for a, k in zip(I["a"], I["k"])]
        )
        for cid in np.unique(K):
            m = K == cid
            self.intent(A[m], B[m], T[m], CAT_NAMES[cid])
        # present tourists by day (for drivers, riders, touts)
        pres = [[] for _ in range(ND)]
        for p in self.parties:
            for day in range(max(0, p["arr"] // DAY), min(p["dep"] // DAY + 1, ND)):
                pres[day].extend(p["members"].tolist())
        self.tour_present = [np.array(x, np.int64) for x in pres]

    # ---------------------------------------------------------------- work
    def gen_work(self):
        rng = self.rng
        days = np.arange(ND)
        resid_pool = np.concatenate(
            [self.res, self.res_v, self.elderly, self.night, self.migr, self.students, self.local_oth]
        )

        def per_day(idx, base, dayfac):
            n = len(idx)
            act = np.exp(0.45 * rng.standard_normal(n))
            return self.daily(idx, base * act[:, None] * np.asarray(dayfac)[None, :])

        # ride hailing via privacy relay numbers
        df = np.array([1, 1, 1, 1.05, 1.3, 1.35, 1.2, 1, 1, 1.3, 1.7, 1.6, 1.5])
        a, d = per_day(self.drivers, 4.0, df)
        t = self.times(d, P_RIDE)
        pas = self.pick_people(
            d, tour_share=np.where(d >= 9, 0.45, np.where((d >= 4) & (d <= 6), 0.35, 0.15)), pool=resid_pool
        )
        back = rng.random(len(a)) < 0.3
        self.intent(a[~back], pas[~back], t[~back], "ride_x")
        self.intent(pas[back], a[back], t[back], "ride_x_cb")
        # food delivery via relay
        df = np.array([1, 1, 1, 1, 1.2, 1.2, 1.1, 1, 1, 1.1, 1.3, 1.3, 1.25])
        a, d = per_day(self.riders, 7.5, df)
        t = self.times(d, P_FOOD)
        rcp = self.pick_people(d, tour_share=np.where(d >= 9, 0.25, 0.08), pool=resid_pool)
        self.intent(a, rcp, t, "food_x")
        # couriers: territory = chunk of recipients, holiday backlog
        df = np.array([1, 1, 1, 1.1, 0.45, 0.5, 0.6, 1.35, 1.5, 1.6, 1.0, 1.05, 1.1])
        a, d = per_day(self.couriers, 15, df)
        t = self.times(d, P_DELIV)
        ci = np.searchsorted(self.couriers, a)
        terr = len(resid_pool) // len(self.couriers)
        rcp = resid_pool[(ci * terr + rng.integers(0, terr * 2, len(a))) % len(resid_pool)]
        self.intent(a, rcp, t, "courier")
        self.deliveries.append((rcp, t))
        lam = np.zeros((len(self.couriers_tmp), ND))
        for j, c in enumerate(self.couriers_tmp):
            d0 = int(self.R["act"][int(c)] // DAY) + 1
            lam[j, d0:] = 26
            if rng.random() < 0.5:
                self.emit(
                    [int(c)],
                    [self.short["10086"]],
                    [self.R["act"][int(c)] + int(rng.integers(60, 900))],
                    [int(rng.integers(5, 20))],
                    "test",
                    cell=[int(self.shop_cells[2])],
                    imei=[int(self.shop_imeis[2])],
                )
        a, d = self.daily(self.couriers_tmp, lam * np.exp(0.3 * rng.standard_normal((len(lam), 1))))
        t = self.times(d, P_DELIV)
        rcp = resid_pool[rng.integers(0, len(resid_pool), len(a))]
        self.intent(a, rcp, t, "courier")
        self.deliveries.append((rcp, t))
        a, d = per_day(self.couriers_oth, 9, df)  # visible part only (to own numbers)
        t = self.times(d, P_DELIV)
        rcp = self.local_people_own[rng.integers(0, len(self.local_people_own), len(a))]
        self.intent(a, rcp, t, "courier")
        self.deliveries.append((rcp, t))
        # other-operator telemarketers (visible part)
        a, d = per_day(self.tele_oth, 25, np.where(WORKDAY, 1, 0.2))
        t = self.times(d, P_WORK)
        self.intent(a, self.local_people_own[rng.integers(0, len(self.local_people_own), len(a))], t, "tele")
        # touts: cold calls to tourists present
        df = np.array([0.5, 0.5, 0.5, 0.6, 2.2, 2, 1.2, 0.5, 0.6, 2, 3, 3, 2.6])
        a, d = per_day(self.touts, 9, df)
        t = self.times(d, P_TOURIST)
        self.intent(a, self.pick_tourists(d), t, "tout")
        # scalpers: outgoing to tourists, incoming from tourists (ads)
        df = np.array([0.4, 0.4, 0.4, 0.5, 2.0, 1.8, 1, 0.5, 0.7, 2.2, 3, 3, 2.5])
        sc_active = self.scalp.copy()
        a, d = per_day(sc_active, 8, df)
        keep = self.scalp_active(a, d)
        a, d = a[keep], d[keep]
        t = self.times(d, P_TOURIST)
        self.intent(a, self.pick_tourists(d), t, "scalp")
        a, d = per_day(sc_active, 4, df)
        keep = self.scalp_active(a, d)
        a, d = a[keep], d[keep]
        t = self.times(d, P_TOURIST)
        self.intent(self.pick_tourists(d), a, t, "to_tout")
        # small businesses: customers call in (residents + tourists), owners call suppliers
        df = np.array([1, 1, 1, 1.1, 1.6, 1.6, 1.3, 1, 1, 1.3, 1.9, 1.9, 1.7])
        a, d = per_day(self.biz, 2.2, df)
        t = self.times(d, P_TOURIST)
        cust = self.pick_people(d, tour_share=np.where(d >= 9, 0.5, 0.2), pool=resid_pool)
        self.intent(cust, a, t, "shop_cust")
        a, d = per_day(self.biz, 2.4, np.where(WORKDAY, 1, 0.7))
        t = self.times(d, P_WORK)
        self.intent(a, self.vendors[rng.integers(0, len(self.vendors), len(a))], t, "shop_supp")
        a, d = per_day(self.biz, 0.8, df)
        t = self.times(d, P_WORK)
        self.intent(
            a, self.pick_people(d, tour_share=np.where(d >= 9, 0.5, 0.2), pool=resid_pool), t, "shop_cust"
        )
        # hotels' own lines also phone suppliers and staff
        a, d = per_day(self.hotel_own, 3, np.ones(ND))
        t = self.times(d, P_WORK)
        self.intent(a, self.vendors[rng.integers(0, len(self.vendors), len(a))], t, "shop_supp")
        # homestay hosts: cleaners, suppliers
        a, d = per_day(self.bnb, 1.5, np.ones(ND))
        t = self.times(d, P_WORK)
        self.intent(a, self.vendors[rng.integers(0, len(self.vendors), len(a))], t, "shop_supp")
        # charter/taxi drivers: regular customers (elderly, residents)
        a, d = per_day(self.charter, 2.5, np.ones(ND))
        t = self.times(d, P_RIDE)
        cust = self.pick_people(d, tour_share=np.where(d >= 9, 0.4, 0.1), pool=resid_pool)
        back = rng.random(len(a)) < 0.5
        self.intent(a[~back], cust[~back], t[~back], "drv")
        self.intent(cust[back], a[back], t[back], "drv_cb")
        # telemarketers: 5 dial number blocks in ascending order, 10 work CRM lists
        for j, tm in enumerate(self.tele):
            for day in range(ND):
                if WORKDAY[day]:
                    k = int(rng.poisson(rng.uniform(110, 170)))
                elif rng.random() < 0.25:
                    k = int(rng.poisson(60))
                else:
                    k = 0
                if not k:
                    continue
                if j < 5:
                    tg = self.block_dial(k, mix_own=0.6, step=(1, 4))
                else:
                    tg = self.list_targets(k)
                tt = np.sort(self.times(np.full(k, day), P_WORK))
                self.intent(np.full(k, tm), tg, tt, "tele")
            if j < 5:
                self.note(tm, "auto-dials purchased number ranges in ascending order")
        # sales agents: client book + leads
        for sa in self.sales:
            book = self.list_targets(160, fresh=0.3)
            for day in range(ND):
                lamd = 18 if WORKDAY[day] else (13 if day >= 10 else 7)
                k = int(rng.poisson(lamd))
                if not k:
                    continue
                tg = book[rng.integers(0, len(book), k)]
                self.intent(np.full(k, sa), tg, self.times(np.full(k, day), P_WORK), "sales")
        # community workers: elderly and residents of their area
        for cw in self.community:
            area = np.concatenate(
                [
                    self.elderly[rng.integers(0, len(self.elderly), 90)],
                    self.res[rng.integers(0, len(self.res), 40)],
                    self.local_oth[rng.integers(0, len(self.local_oth), 40)],
                ]
            )
            for day in range(ND):
                lamd = 14 if WORKDAY[day] else (10 if day in (10, 11) else 2)
                k = int(rng.poisson(lamd))
                if k:
                    self.intent(
                        np.full(k, cw),
                        area[rng.integers(0, len(area), k)],
                        self.times(np.full(k, day), P_WORK),
                        "community",
                    )
        # event staff: from 09-26; intra-team, vendors, volunteers, ticket-holder notifications
        staff = self.staff
        for i, s in enumerate(staff):
            s = int(s)
            if rng.random() < 0.5:
                si = 3
                self.emit(
                    [s],
                    [self.short["10086"]],
                    [self.R["act"][s] + int(rng.integers(60, 900))],
                    [int(rng.integers(5, 20))],
                    "test",
                    cell=[int(self.shop_cells[si])],
                    imei=[int(self.shop_imeis[si])],
                )
            for day in range(5, ND):
                k = int(rng.poisson(7))
                self.intent(
                    np.full(k, s),
                    staff[rng.integers(0, len(staff), k)],
                    self.times(np.full(k, day), P_WORK),
                    "event",
                )
                k = int(rng.poisson(3))
                self.intent(
                    np.full(k, s),
                    self.vendors[rng.integers(0, len(self.vendors), k)],
                    self.times(np.full(k, day), P_WORK),
                    "event",
                )
                k = int(rng.poisson(1.5))
                self.intent(
                    np.full(k, s),
                    self.students[rng.integers(0, len(self.students), k)],
                    self.times(np.full(k, day), P_WORK),
                    "event",
                )
                if i < 6 and day >= 9:
                    k = int(rng.poisson(55))
                    tg = self.pick_people(np.full(k, day), tour_share=np.full(k, 0.4), pool=resid_pool)
                    self.intent(np.full(k, s), tg, self.times(np.full(k, day), P_WORK), "event_notify")
        # business travellers: local business contacts
        pool = np.concatenate([self.sales, self.biz, self.biz_lines, self.vendors, self.agency_fixed])
        for bt in self.btrav:
            bt = int(bt)
            s, e = self.R["p1s"][bt], self.R["p1e"][bt]
            for day in range(max(0, s // DAY), min(e // DAY + 1, ND)):
                k = int(rng.poisson(5))
                t = self.times(np.full(k, day), P_WORK)
                t = t[(t > s) & (t < e)]
                self.intent(np.full(len(t), bt), pool[rng.integers(0, len(pool), len(t))], t, "bt")
        # kids' watches: parents only
        for kd in self.kids:
            kd = int(kd)
            parents = self.res[rng.integers(0, len(self.res), int(rng.integers(1, 3)))]
            self.R["idh"][kd] = self.R["idh"][int(parents[0])]
            self.R["birth"][kd] = self.R["birth"][int(parents[0])]
            for day in range(ND):
                k = int(rng.poisson(2.2 if WORKDAY[day] else 1.2))
                self.intent(
                    np.full(k, kd),
                    parents[rng.integers(0, len(parents), k)],
                    self.times(np.full(k, day), P_WORK),
                    "kid",
                )
                k = int(rng.poisson(1.0))
                self.intent(
                    parents[rng.integers(0, len(parents), k)],
                    np.full(k, kd),
                    self.times(np.full(k, day), P_WORK),
                    "kid",
                )
        # lift phones: nightly self-test call to the maintenance centre, rare emergencies
        for lf in self.lifts:
            lf = int(lf)
            hh = int(rng.integers(1, 5)) * HOUR + int(rng.integers(0, 3600))
            ctr = int(self.lift_centre[rng.integers(0, 2)])
            self.emit(
                np.full(ND, lf),
                ctr,
                np.arange(ND) * DAY + hh + rng.integers(0, 90, ND),
                rng.integers(3, 9, ND),
                "iot_test",
            )
            for day in range(ND):
                if rng.random() < 0.03:
                    self.intent([lf], [ctr], [day * DAY + int(rng.integers(8, 22)) * HOUR], "iot_sos")
        # other-operator guides / homestay hosts / hotels calls to own tourists are in gen_tourism
        # other-operator drivers
        a, d = per_day(self.charter_oth, 2, np.ones(ND))
        t = self.times(d, P_RIDE)
        self.intent(
            a,
            self.pick_people(d, tour_share=np.where(d >= 9, 0.5, 0.15), pool=self.local_people_own),
            t,
            "drv",
        )

    def scalp_active(self, a, d):
        """cards swapped in one handset: only one card of a group is in use on a given day"""
        keep = np.ones(len(a), bool)
        for g, cards in enumerate(self.scalp_groups):
            for j, c in enumerate(cards):
                m = a == c
                keep[m] = (d[m] + g) % 3 == j
        return keep

    def pick_tourists(self, days):
        out = np.empty(len(days), np.int64)
        for day in np.unique(days):
            m = days == day
            pool = self.tour_present[day]
            if not len(pool):
                pool = self.local_oth
            out[m] = pool[self.rng.integers(0, len(pool), int(m.sum()))]
        return out

    def pick_people(self, days, tour_share, pool):
        rng = self.rng
        tour = rng.random(len(days)) < tour_share
        out = pool[rng.integers(0, len(pool), len(days))]
        if tour.any():
            out[tour] = self.pick_tourists(days[tour])
        return out

    def list_targets(self, k, fresh=0.5):
        """a calling list: known numbers of the city plus fresh numbers"""
        rng = self.rng
        out = self.local_people_own[rng.integers(0, len(self.local_people_own), k)]
        out2 = self.local_oth[rng.integers(0, len(self.local_oth), k)]
        r = rng.random(k)
        out = np.where(r < 0.35, out, out2)
        nf = int((r > 1 - fresh).sum())
        if nf:
            out[r > 1 - fresh] = self.fresh_numbers(nf)
        return out

    def fresh_numbers(self, n, own_share=0.55):
        """numbers of the city that never call in this sample (light users / other-op)"""
        no = int((self.rng.random(n) < own_share).sum())
        ids = []
        if no:
            ids.append(self.add_own(no, "resident_light_user", birth=(1950, 2006)))
        if n - no:
            ids.append(self.add_other(n - no, "other_op_mobile"))
        out = np.concatenate(ids)
        self.rng.shuffle(out)
        return out

    def block_dial(self, k, mix_own=0.5, step=(1, 2), vacant=0.25):
        """ascending dialing through 7-digit number blocks of the city"""
        rng = self.rng
        out = []
        while len(out) < k:
            net = "own" if rng.random() < mix_own else "oth"
            blk = self.blocks[(net, "西安")][int(rng.integers(0, len(self.blocks[(net, "西安")])))]
            s = int(rng.integers(0, 9000))
            run = int(min(k - len(out), rng.integers(40, 400)))
            sfx = s + np.cumsum(rng.integers(step[0], step[1] + 1, run))
            sfx = sfx[sfx < 10000]
            for x in sfx:
                out.append(self.number_at("%s%04d" % (blk, x), net, vacant))
        return np.array(out[:k], np.int64)

    def number_at(self, num, net, vacant):
        i = self.lookup.get(num)
        if i is not None:
            return i
        self.used.add(num)
        if self.rng.random() < vacant:
            return self.add([num], "", "vacant", origin="intra" if net == "own" else "inter")[0]
        if net == "own":
            return self.add(
                [num],
                "resident_light_user",
                "own",
                home="西安",
                ctype="mobile",
                act=int(self.act_time(-4000, -30, 1)[0]),
                idh=self.hexid(1)[0],
                birth=int(self.rng.integers(1950, 2006)),
                shx=True,
                hcell=self.pick_cell("xa_res"),
                wcell=self.pick_cell("xa_work"),
            )[0]
        return self.add([num], "other_op_mobile", "other", origin="inter")[0]

    # ---------------------------------------------------------------- services
    def gen_services(self):
        rng = self.rng
        own_res = np.concatenate([self.res, self.res_v, self.elderly, self.migr, self.students, self.biz])
        for code, lamd in [
            ("10086", 38),
            ("95588", 6),
            ("95533", 5),
            ("95555", 4),
            ("12345", 4),
            ("95599", 3),
        ]:
            c = self.short[code]
            for day in range(ND):
                k = int(rng.poisson(lamd if WORKDAY[day] else lamd * 0.4))
                self.intent(
                    np.full(k, c),
                    own_res[rng.integers(0, len(own_res), k)],
                    self.times(np.full(k, day), P_WORK),
                    "short_out",
                )
        # airlines: schedule change notices around the holiday (to travellers)
        for code in ("95539", "95583", "95530"):
            c = self.short[code]
            for day in range(ND):
                lamd = 14 if day >= 8 else (8 if day in (3, 4) else 3)
                k = int(rng.poisson(lamd))
                tg = self.pick_people(np.full(k, day), tour_share=np.full(k, 0.6), pool=own_res)
                self.intent(np.full(k, c), tg, self.times(np.full(k, day), P_WORK), "airline")
        # scenic-area reservation centre: automated notices (crowd limits, 10-02 rain closure of 华山)
        for ln in self.scenic_notify:
            for day in range(ND):
                lamd = {4: 60, 5: 80, 9: 120, 10: 260, 11: 420, 12: 200}.get(day, 8)
                k = int(rng.poisson(lamd))
                if not k:
                    continue
                tg = np.concatenate([self.pick_tourists(np.full(k, min(day + 1, ND - 1)))])
                tg = np.where(rng.random(k) < 0.3, self.fresh_numbers(k, 0.4), tg)
                self.intent(
                    np.full(k, int(ln)), tg, np.sort(self.times(np.full(k, day), P_TOURDAY)), "notify_ivr"
                )
        # 96110 routine warnings to elderly
        for day in range(ND):
            k = int(rng.poisson(5))
            self.intent(
                np.full(k, self.short["96110"]),
                self.elderly[rng.integers(0, len(self.elderly), k)],
                self.times(np.full(k, day), P_WORK),
                "warn_96110",
            )
        # relatives abroad
        tg = np.concatenate([self.res, self.students, self.elderly])
        for ir in self.intl_rel:
            who = tg[rng.integers(0, len(tg), 2)]
            for day in range(ND):
                if rng.random() < 0.25:
                    self.intent(
                        [ir],
                        [int(who[int(rng.integers(0, 2))])],
                        [day * DAY + int(rng.choice(24, p=P_NIGHT)) * HOUR],
                        "intl_home",
                    )
            if rng.random() < 0.5:
                self.intent(
                    [int(who[0])],
                    [ir],
                    [int(rng.integers(0, ND)) * DAY + int(rng.integers(7, 11)) * HOUR],
                    "intl_home",
                )
        # residents travelling out for the Golden Week (still in scope: Shaanxi cards) and day trips to 华山
        trav = rng.choice(np.concatenate([self.res, self.res_v, self.students]), 620, replace=False)
        dest = rng.choice(
            list(OUT_TRIP_DEST),
            len(trav),
            p=np.array(list(OUT_TRIP_DEST.values()), float) / sum(OUT_TRIP_DEST.values()),
        )
        for i, dd in zip(trav, dest):
            s = int(rng.choice([9, 10, 4], p=[0.55, 0.35, 0.1])) * DAY + int(rng.integers(7, 20)) * HOUR
            e = s + int(rng.integers(2, 8)) * DAY
            self.trips.append((int(i), s, e, "c:" + str(dd)))
            # they book hotels/sights at the destination (other-op landlines there)
            for _ in range(int(rng.poisson(2))):
                ln = self.add(
                    self.gen_landline(str(dd), 1), "out_of_town_business_landline", "other", origin="inter"
                )[0]
                self.intent([int(i)], [int(ln)], [s + int(rng.integers(-2 * DAY, 3 * DAY))], "to_hotel")
            if rng.random() < 0.35:  # flying: relevant to the flight-refund lists
                self.flyers.append(int(i))
        day_trip = rng.choice(self.res, 160, replace=False)
        for i in day_trip:
            dd = int(rng.choice([5, 6, 10, 11, 12]))
            self.trips.append((int(i), dd * DAY + 7 * HOUR, dd * DAY + 19 * HOUR, "hs"))
        # students going home for the holiday
        for i in self.students:
            if rng.random() < 0.4:
                s = 9 * DAY + int(rng.integers(12, 22)) * HOUR
                self.trips.append(
                    (
                        int(i),
                        s + 6 * HOUR,
                        s + 9 * DAY,
                        "c:" + self.student_home[int(i)] if self.student_home[int(i)] != "西安" else "xa_res",
                    )
                )
        # migrant workers going home: they leave the Shaanxi network (out of scope)
        for i in self.migr:
            if rng.random() < 0.45:
                s = int(rng.choice([9, 10])) * DAY + int(rng.integers(6, 22)) * HOUR
                self.R["p1e"][int(i)] = s
                self.R["p2s"][int(i)] = s + int(rng.integers(6, 12)) * DAY
                self.R["p2e"][int(i)] = POS

    # =========================================================================
    # fraud
    # =========================================================================
    def students_in_window_ok(self):
        act = np.array(self.R["act"], np.int64)[self.students]
        return act < -3 * DAY

    def fraud_card(
        self,
        n,
        pop,
        region="西安",
        act_days=(-40, -5),
        birth=(1950, 2006),
        shx=None,
        virtual=False,
        hpool=None,
        idh=None,
        **kw,
    ):
        ids = self.add_own(
            n,
            pop,
            region=region,
            act_days=act_days,
            birth=birth,
            shx=shx,
            virtual=virtual,
            hpool=hpool,
            idh=idh,
            **kw,
        )
        self.set_attr("fraud", ids, 1)
        return ids

    def fraud_other(self, n, pop, region="西安", virtual=True, intl=None):
        if intl:
            ids = self.add(self.gen_intl(intl, n), pop, "intl", origin="international", fraud=1, trunk=True)
        else:
            ids = self.add_other(n, pop, region=region, virtual=virtual, fraud=1, trunk=True)
        return ids

    def targets(self, kind, k, day):
        rng = self.rng
        if k <= 0:
            return np.zeros(0, np.int64)
        if kind == "travel":
            pool = np.concatenate([self.travel_list, self.tour_present[min(day + 1, ND - 1)]])
            own = pool[rng.integers(0, len(pool), k)]
            return np.where(rng.random(k) < 0.5, own, self.fresh_numbers(k, 0.35))
        if kind == "elderly":
            own = self.elderly[rng.integers(0, len(self.elderly), k)]
            st = self.students[rng.integers(0, len(self.students), k)]
            r = rng.random(k)
            return np.where(r < 0.45, own, np.where(r < 0.6, st, self.fresh_numbers(k, 0.45)))
        if kind == "delivery":
            rc, tt = self.deliv_rc, self.deliv_t
            m = (tt < (day + 1) * DAY) & (tt > (day - 3) * DAY)
            pool = rc[m] if m.any() else rc
            own = pool[rng.integers(0, len(pool), k)]
            return np.where(rng.random(k) < 0.6, own, self.fresh_numbers(k, 0.45))
        if kind == "young":
            pool = self.young
            own = pool[rng.integers(0, len(pool), k)]
            return np.where(rng.random(k) < 0.4, own, self.fresh_numbers(k, 0.5))
        if kind == "random":
            own = self.local_people_own[rng.integers(0, len(self.local_people_own), k)]
            return np.where(rng.random(k) < 0.35, own, self.fresh_numbers(k, 0.5))
        raise ValueError(kind)

    def fraud_schedule(
        self,
        f,
        cat,
        days,
        lam,
        tkind,
        prf=P_FRAUD_OFFICE,
        cell=None,
        imei=None,
        sorted_seq=False,
        block=False,
        mix_own=0.5,
        t_from=None,
    ):
        rng = self.rng
        for day in days:
            k = int(rng.poisson(lam))
            if not k:
                continue
            if block:
                tg = self.block_dial(k, mix_own=mix_own, step=(1, 3))
            elif isinstance(tkind, (list, tuple)):
                parts = rng.choice(len(tkind), k)
                tg = np.concatenate(
                    [self.targets(tkind[j], int((parts == j).sum()), day) for j in range(len(tkind))]
                )
                rng.shuffle(tg)
            else:
                tg = self.targets(tkind, k, day)
            tt = self.times(np.full(k, day), prf)
            if block:
                tt = np.sort(tt)
            if t_from is not None:
                keep = tt >= t_from
                tg, tt = tg[keep], tt[keep]
            self.intent(np.full(len(tg), f), tg, tt, cat, cell=cell, imei=imei)

    def build_fraud(self):
        rng = self.rng
        self.fraud_meta = {}
        rc = np.concatenate([x[0] for x in self.deliveries])
        tt = np.concatenate([x[1] for x in self.deliveries])
        self.deliv_rc, self.deliv_t = rc, tt
        fl = [p["members"] for p in self.parties if p["mode"] == "plane"]
        self.travel_list = np.concatenate(fl + [np.array(self.flyers, np.int64)])
        by = np.array(self.R["birth"])
        cand = np.concatenate([self.res, self.res_v, self.students, self.night])
        self.young = cand[by[cand] >= 1990]
        dealer_imei = self.new_imeis(1)[0]  # card dealer's test handset (养卡)
        dealer_cell = self.pick_cell("xa_res")

        def dealer_test(cards):
            for c in cards:
                c = int(c)
                self.emit(
                    [c],
                    [self.short["10086"] if rng.random() < 0.5 else int(rng.choice(self.res))],
                    [self.R["act"][c] + int(rng.integers(300, 3600))],
                    [int(rng.integers(4, 20))],
                    "test",
                    cell=[dealer_cell],
                    imei=[dealer_imei],
                )

        def meta(ids, text):
            for i in np.atleast_1d(ids):
                self.note(i, text)

        D = np.arange(ND)
        # --- F1 fake flight cancellation refund --------------------------------
        hk = self.fraud_card(
            3, "fraud_flight_refund", region="海口", act_days=(-60, -10), shx=False, birth=(1985, 2003)
        )
        for f in hk:
            self.fraud_schedule(int(f), "f_flight", range(5, ND), rng.uniform(90, 130), "travel")
        meta(
            hk,
            "Hainan card operated from Hainan (not in Shaanxi): only its calls to numbers in scope are visible (mtc)",
        )
        xa = self.fraud_card(3, "fraud_flight_refund", act_days=(-25, -8), birth=(1998, 2005))
        dealer_test(xa)
        # aggressive one roams in Dongguan, two paced ones sit in Xi'an and keep a few "friends"
        self.trips.append((int(xa[0]), 0, END, "c:东莞"))
        self.fraud_schedule(int(xa[0]), "f_flight", range(5, ND), 95, "travel")
        meta(xa[0], "Xi'an card bought from a dealer, used in Dongguan (roaming away)")
        pals = self.add_other(4, "other_op_mobile")
        for j, f in enumerate(xa[1:]):
            f = int(f)
            self.fraud_schedule(f, "f_flight", range(6, ND), rng.uniform(14, 20), "travel")
            mine = pals[2 * j : 2 * j + 2]
            for day in range(6, ND):
                k = int(rng.poisson(3))
                self.intent(
                    np.full(k, f), mine[rng.integers(0, 2, k)], self.times(np.full(k, day), P_SOCIAL), "f_pal"
                )
                k = int(rng.poisson(1.5))
                self.intent(
                    mine[rng.integers(0, 2, k)], np.full(k, f), self.times(np.full(k, day), P_SOCIAL), "f_pal"
                )
            meta(
                f,
                "PACED: ~17 scam calls/day in office hours plus daily calls with two handlers to look ordinary",
            )
        # --- F2 fake travel agency / ticket refund -----------------------------
        v = self.fraud_other(2, "fraud_travel_refund", virtual=True)
        for f in v:
            self.fraud_schedule(int(f), "f_travel", range(4, ND), rng.uniform(25, 40), "travel")
        meta(v, "other-operator virtual (170/171) number: only calls into the network are visible")
        xa = self.fraud_card(3, "fraud_travel_refund", act_days=(-22, -3), birth=(1948, 1960))
        dealer_test(xa)
        for j, f in enumerate(xa):
            lam = 16 if j == 2 else rng.uniform(45, 65)
            self.fraud_schedule(
                int(f), "f_travel", range(max(4, int(self.R["act"][int(f)] // DAY) + 1), ND), lam, "travel"
            )
            self.set_attr("hcell", [f], self.pick_cell("scenic"))
            self.set_attr("wcell", [f], self.pick_cell("scenic"))
        meta(xa, "new card registered to a rural elderly person's identity, used near scenic spots")
        meta(xa[2], "PACED: ~16 calls/day")
        # --- F3 police / prosecutor impersonation ------------------------------
        i1 = self.fraud_other(1, "fraud_police_impersonation", intl="855")
        i2 = self.fraud_other(1, "fraud_police_impersonation", intl="95")
        v1 = self.fraud_other(1, "fraud_police_impersonation", virtual=True)
        for f in np.concatenate([i1, i2, v1]):
            self.fraud_schedule(int(f), "f_police", D, rng.uniform(18, 30), "elderly")
        own = self.fraud_card(2, "fraud_police_impersonation", act_days=(-30, -12), birth=(1999, 2004))
        dealer_test(own)
        for f in own:
            self.fraud_schedule(int(f), "f_police", range(2, ND), rng.uniform(30, 45), "elderly")
        meta(np.concatenate([i1, i2]), "international gateway call from a Southeast-Asian scam compound")
        # --- F4 fake customer service ------------------------------------------
        v = self.fraud_other(3, "fraud_fake_customer_service", virtual=True)
        for f in v:
            self.fraud_schedule(int(f), "f_cs", D, rng.uniform(20, 35), "delivery")
        own = self.fraud_card(2, "fraud_fake_customer_service", act_days=(-15, -2), birth=(2000, 2006))
        dealer_test(own)
        for f in own:
            self.fraud_schedule(
                int(f),
                "f_cs",
                range(int(self.R["act"][int(f)] // DAY) + 1, ND),
                rng.uniform(40, 60),
                "delivery",
            )
        meta(
            np.concatenate([v, own]),
            "targets recent parcel recipients (leaked logistics data); asks victims to call back",
        )
        # --- F5 loan scam, ascending block dialing -------------------------------
        own = np.concatenate(
            [
                self.fraud_card(4, "fraud_loan", act_days=(-20, -6), birth=(2000, 2006)),
                self.fraud_card(1, "fraud_loan", act_days=(-20, -6), birth=(2000, 2006), virtual=True),
            ]
        )
        self.set_attr("act", own[3:], self.act_time(7, 8.5, 2))
        self.set_attr("idh", own[1:3], self.hexid(1)[0])
        dealer_test(own)
        for j, f in enumerate(own):
            f = int(f)
            d0 = 3 if j < 3 else int(self.R["act"][f] // DAY) + 1
            self.fraud_schedule(
                f, "f_loan", range(d0, ND), rng.uniform(170, 280), None, block=True, mix_own=0.55
            )
        meta(own, "dials Xi'an number blocks in ascending order")
        meta(own[3:], "new card: heavy dialing from the day after activation")
        # --- F6 SIM box (GoIP) --------------------------------------------------
        ids_ = self.hexid(6)
        gcards = self.fraud_card(
            10,
            "fraud_simbox_goip",
            act_days=(-20, 6),
            birth=(1950, 2006),
            idh=[ids_[k] for k in rng.integers(0, 6, 10)],
        )
        giot = self.add(
            self.gen_iot(2),
            "fraud_simbox_goip",
            "own",
            home="西安",
            ctype="iot",
            fraud=1,
            act=self.act_time(-30, -5, 2),
            idh=self.hexid(1)[0],
            shx=True,
            mob=MOB_FIXED,
        )
        gall = np.concatenate([gcards, giot])
        gcell = int(self.pick_cell("xa_res"))
        chanA = self.new_imeis(8)
        chanB = self.new_imeis(8)
        self.set_attr("hcell", gall, gcell)
        self.set_attr("mob", gall, MOB_FIXED)
        # three batches of cards: days 2-6, 6-10, 9-12 (each card burned after a few days)
        wins = [(2, 7), (6, 11), (9, ND)]
        for j, c in enumerate(gall):
            c = int(c)
            d0, d1 = wins[j % 3]
            d0 += int(rng.integers(0, 2))
            self.R["act"][c] = int((d0 - rng.uniform(1, 9)) * DAY)
            ch = int(rng.integers(0, 8))
            for day in range(d0, d1):
                im = chanA[ch] if day < 9 else chanB[ch]
                self.fraud_schedule(
                    c,
                    "f_goip",
                    [day],
                    rng.uniform(45, 80),
                    ["elderly", "delivery", "random"],
                    cell=gcell,
                    imei=im,
                )
            self.R["imei"][c] = int(chanA[ch] if d0 < 9 else chanB[ch])
            self.note(c, "SIM-box card, active days %d-%d, device channel %d" % (d0, d1 - 1, ch))
        dealer_test(gcards)
        meta(giot, "IoT card with voice misused in the SIM box")
        meta(gall, "all cards in one 8-channel device at one cell; channel IMEIs re-written on 09-30")
        # --- F7 rented / sold cards (两卡) with the owner's ordinary history ------
        st = self.students[self.students_in_window_ok()]
        yg = self.young[np.isin(self.attr("pop", self.young), ["resident", "resident_mvno"])]
        owners = np.concatenate(
            [rng.choice(st, 3, replace=False), rng.choice(np.setdiff1d(yg, st), 3, replace=False)]
        )
        for o in owners:
            self.taken.add(int(o))
        sw_days = [5, 6, 7, 8, 9, 10]
        ctrl = self.fraud_other(2, "fraud_voip_controller", intl="63")
        for j, o in enumerate(owners):
            o = int(o)
            orig = self.R["pop"][o]
            self.R["pop"][o] = "fraud_rented_card"
            self.R["fraud"][o] = 1
            self.pops.setdefault("fraud_rented_card", []).append(np.array([o]))
            ts = sw_days[j] * DAY + int(rng.integers(8, 14)) * HOUR
            im = self.new_imeis(1)[0]
            self.imei_sched.append((o, ts, im))
            self.suppress.append((o, ts))
            if j < 2:
                dest = ["c:西双版纳", "c:东莞"][j]
                self.trips.append((o, ts + 2 * HOUR, END, dest))
            else:
                self.trips.append((o, ts, END, "xa_res"))
            self.note(
                o,
                "owner (%s) sold/rented the card on %s; ordinary history before, new handset after"
                % (orig, str(T0 + np.timedelta64(int(ts), "s"))[:16]),
            )
            if j >= 4:
                continue  # j==4/5 are the "二次拨号" pair, below
            tk = ["delivery", "young", "random"]
            self.fraud_schedule(o, "f_rent", range(sw_days[j], ND), rng.uniform(35, 60), tk, t_from=ts + 3600)
        # "二次拨号": owners[4] dials victims, owners[5] receives the controller's VoIP call at the same time
        dial, recv = int(owners[4]), int(owners[5])
        self.pair_dial = (dial, recv, ctrl)
        self.note(
            dial,
            "手机口/二次拨号 pair with %s: dials victims while the partner handset holds a VoIP call "
            "from a foreign controller" % self.R["num"][recv],
        )
        self.note(
            recv,
            "receives long international controller calls bridged to victims dialled by %s"
            % self.R["num"][dial],
        )
        # --- F8 call forwarding (呼转) ------------------------------------------
        cand = self.res[by[self.res] >= 1985]
        cand = cand[~np.isin(cand, np.array(sorted(self.taken), np.int64))]
        fw_own = rng.choice(cand, 3, replace=False)
        for o in fw_own:
            self.taken.add(int(o))
        fctl = self.fraud_other(2, "fraud_forward_controller", virtual=True)
        self.fwd_cards = []
        for j, o in enumerate(fw_own):
            o = int(o)
            orig = self.R["pop"][o]
            self.R["pop"][o] = "fraud_call_forwarding"
            self.R["fraud"][o] = 1
            self.pops.setdefault("fraud_call_forwarding", []).append(np.array([o]))
            ts = int(rng.choice([6, 8, 9])) * DAY + int(rng.integers(9, 20)) * HOUR
            self.fwd_cards.append((o, ts))
            self.note(
                o,
                "owner (%s) paid to set unconditional forwarding from %s; keeps using the phone normally"
                % (orig, str(T0 + np.timedelta64(int(ts), "s"))[:16]),
            )
        self.fwd_ctrl = fctl
        # --- F9 one-ring (响一声) -------------------------------------------------
        own = self.fraud_card(2, "fraud_one_ring", act_days=(5.5, 6.5), birth=(1996, 2004))
        dealer_test(own)
        self.onering = own
        intl1 = self.fraud_other(1, "fraud_one_ring", intl="232")
        self.onering_intl = intl1
        # --- F10 pig butchering (杀猪盘) ------------------------------------------
        pb1 = self.fraud_card(
            1, "fraud_pig_butchering", region="福州", act_days=(-150, -60), birth=(1988, 1995), shx=False
        )
        pb2 = self.fraud_card(
            1, "fraud_pig_butchering", region="南宁", act_days=(-120, -40), birth=(1986, 1994), shx=False
        )
        pb3 = self.fraud_other(1, "fraud_pig_butchering", virtual=False)
        self.pig = np.concatenate([pb1, pb2, pb3])
        meta(
            self.pig,
            "slow romance/investment scam: a few evening calls a day with 2-3 victims, started before the window",
        )
        # --- F11 voice private line robocaller -----------------------------------
        corp = self.hexid(1)[0]
        vt = self.add(
            self.gen_landline("西安", 2, own=True),
            "fraud_voice_line_robocall",
            "own",
            home="西安",
            ctype="fixed",
            act=self.act_time(-12, -9, 2),
            idh=corp,
            shx=True,
            mob=MOB_FIXED,
            fraud=1,
            hcell=self.pick_cell("xa_work"),
            trunk=True,
        )
        for f in vt:
            self.fraud_schedule(int(f), "f_trunk", range(2, ND), rng.uniform(300, 420), "random")
        meta(vt, "leased voice line (语音专线) of a shell company; robocalls with press-1 IVR")
        self.gen_fraud_special()

    def gen_fraud_special(self):
        rng = self.rng
        # rented-card "二次拨号": dialer's answered calls are bridged to a controller call on the receiver
        dial, recv, ctrl = self.pair_dial
        sw = [t for (o, t) in self.suppress if o == dial][0]
        for day in range(int(sw // DAY), ND):
            k = int(rng.poisson(45))
            tg = np.concatenate(
                [self.targets("young", k // 2, day), self.targets("elderly", k - k // 2, day)]
            )
            tt = np.sort(self.times(np.full(k, day), P_FRAUD_OFFICE))
            keep = tt > sw + 3600
            tg, tt = tg[keep], tt[keep]
            d = self.durations(len(tg), 0.35, 30, 0.9)
            lng = (d > 0) & (rng.random(len(d)) < 0.03)
            d[lng] = np.clip(
                np.exp(np.log(1500) + 0.6 * rng.standard_normal(int(lng.sum()))), 300, 7200
            ).astype(np.int64)
            g = self.links(len(tg))
            self.emit(np.full(len(tg), dial), tg, tt, d, "f_rent", link=g)
            ans = d > 0
            c = ctrl[rng.integers(0, len(ctrl), int(ans.sum()))]
            self.emit(
                c,
                np.full(int(ans.sum()), recv),
                tt[ans] - rng.integers(15, 40, int(ans.sum())),
                d[ans] + rng.integers(20, 60, int(ans.sum())),
                "f_rent",
                link=g[ans],
            )
            if lng.any():
                self.victim_followups(np.full(int(lng.sum()), dial), tg[lng], tt[lng] + d[lng], "f_rent")
            # unanswered -> a few call back
            cb = (d == 0) & (rng.random(len(d)) < 0.04)
            self.intent(
                tg[cb], np.full(int(cb.sum()), dial), tt[cb] + self.delay(int(cb.sum()), 3600), "fraud_cb"
            )
        # call forwarding: controller calls the card, card forwards the call to the victim
        for o, ts in self.fwd_cards:
            for day in range(int(ts // DAY), ND):
                k = int(rng.poisson(rng.uniform(28, 45)))
                tg = np.concatenate(
                    [self.targets("elderly", k // 2, day), self.targets("delivery", k - k // 2, day)]
                )
                tt = self.times(np.full(k, day), P_FRAUD_OFFICE)
                keep = tt > ts + 1800
                tg, tt = tg[keep], tt[keep]
                n = len(tg)
                d = self.durations(n, 0.38, 35, 0.9)
                lng = (d > 0) & (rng.random(n) < 0.03)
                d[lng] = np.clip(
                    np.exp(np.log(1400) + 0.6 * rng.standard_normal(int(lng.sum()))), 300, 7200
                ).astype(np.int64)
                c = self.fwd_ctrl[rng.integers(0, 2, n)]
                g = self.links(n)
                self.emit(c, np.full(n, o), tt, d, "f_rent", link=g)  # leg A: controller -> card
                self.emit(
                    np.full(n, o), tg, tt + rng.integers(1, 4, n), d, "f_rent", fwd=True, link=g
                )  # leg B
                if lng.any():
                    self.victim_followups(np.full(int(lng.sum()), o), tg[lng], tt[lng] + d[lng], "f_rent")
                cb = (d == 0) & (rng.random(n) < 0.05)
                self.intent(
                    tg[cb], np.full(int(cb.sum()), o), tt[cb] + self.delay(int(cb.sum()), 3600), "fraud_cb"
                )
        # one-ring: ascending block dialing, hang up after one ring, callbacks are the business
        for f in self.onering:
            f = int(f)
            d0 = int(self.R["act"][f] // DAY) + 1
            for day in range(d0, ND):
                k = int(rng.poisson(rng.uniform(280, 420)))
                tg = self.block_dial(k, mix_own=0.6, step=(1, 2), vacant=0.2)
                tt = np.sort(self.times(np.full(k, day), P_ONE_RING))
                self.emit(np.full(k, f), tg, tt, np.zeros(k, np.int64), "f_loan")
                cb = rng.random(k) < 0.03
                self.intent(
                    tg[cb],
                    np.full(int(cb.sum()), f),
                    tt[cb] + self.delay(int(cb.sum()), 1500, 1.2),
                    "onering_cb",
                )
            self.note(
                f,
                "one-ring lure: zero-duration calls through ascending number blocks; callbacks are answered",
            )
        for f in self.onering_intl:
            f = int(f)
            for day in range(8, ND):
                k = int(rng.poisson(110))
                tg = self.local_people_own[rng.integers(0, len(self.local_people_own), k)]
                tt = self.times(np.full(k, day), P_NIGHT)
                self.emit(np.full(k, f), tg, tt, np.zeros(k, np.int64), "f_loan")
                cb = rng.random(k) < 0.025
                self.intent(
                    tg[cb],
                    np.full(int(cb.sum()), f),
                    tt[cb] + self.delay(int(cb.sum()), 2400, 1.2),
                    "onering_cb",
                )
            self.note(f, "international one-ring (Wangiri) from a premium-rate range")
        # pig butchering: steady evening calls with 2-3 chosen victims, both directions
        cand = np.concatenate([self.res, self.res_v])
        by = np.array(self.R["birth"])
        cand = cand[(by[cand] >= 1972) & (by[cand] <= 1996)]
        cand = cand[~np.isin(cand, np.array(sorted(self.taken), np.int64))]
        for f in self.pig:
            f = int(f)
            vics = rng.choice(cand, int(rng.integers(2, 4)), replace=False)
            for v in vics:
                v = int(v)
                for day in range(ND):
                    if rng.random() < 0.7:
                        t = day * DAY + int(rng.choice(24, p=P_LOVE)) * HOUR + int(rng.integers(0, 3600))
                        self.intent([f], [v], [t], "f_love")
                    if rng.random() < 0.5:
                        t = day * DAY + int(rng.choice(24, p=P_LOVE)) * HOUR + int(rng.integers(0, 3600))
                        self.intent([v], [f], [t], "f_love")
                    if day >= 8 and rng.random() < 0.25:
                        self.intent(
                            [v],
                            [self.short["95588"]],
                            [day * DAY + int(rng.integers(9, 17)) * HOUR],
                            "bank_call",
                        )
                self.note(v, "pig-butchering target of %s since before the window" % self.R["num"][f])
            for day in range(ND):
                k = int(rng.poisson(2))
                self.intent(
                    np.full(k, f),
                    self.targets("young", k, day),
                    self.times(np.full(k, day), P_EVENING),
                    "f_love_open",
                )

    # =========================================================================
    # assembling the feed
    # =========================================================================
    def finalize(self):
        rng = self.rng
        R = self.R
        N = len(R["num"])
        rows = self.rows
        A = np.concatenate([r["a"] for r in rows])
        B = np.concatenate([r["b"] for r in rows])
        T = np.concatenate([r["t"] for r in rows]).astype(np.int64)
        Dd = np.concatenate([r["d"] for r in rows]).astype(np.int64)
        K = np.concatenate([r["k"] for r in rows])
        F = np.concatenate([r["f"] for r in rows])
        CL = np.concatenate([r["c"] for r in rows])
        IM = np.concatenate([r["i"] for r in rows])
        G = np.concatenate([r["g"] for r in rows])
        kind = np.array(R["kind"])
        own = kind == "own"
        shx = np.array(R["shx"], bool)
        p1s = np.array(R["p1s"], np.int64)
        p1e = np.array(R["p1e"], np.int64)
        p2s = np.array(R["p2s"], np.int64)
        p2e = np.array(R["p2e"], np.int64)

        def in_scope(i, t):
            return own[i] & (shx[i] | ((p1s[i] <= t) & (t < p1e[i])) | ((p2s[i] <= t) & (t < p2e[i])))

        # owners who handed over their card stop making social calls
        vac = kind == "vacant"
        Dd = np.where(vac[B], 0, Dd)  # vacant numbers never answer ...
        keep = (T >= 0) & (T < END) & (A != B) & ~vac[A]  # ... and never call
        # a card does not exist before its activation
        actv = np.array(R["act"], np.int64)
        keep &= ~(own[A] & (T < actv[A])) & ~(own[B] & (T < actv[B]))
        for o, ts in self.suppress:
            m = (A == o) & (T >= ts) & np.isin(K, list(SOCIAL_CATS))
            keep &= ~m
        # social calls to a sold card after the switch: mostly not answered any more
        for o, ts in self.suppress:
            m = (B == o) & (T >= ts) & np.isin(K, list(SOCIAL_CATS))
            Dd[m & (rng.random(len(m)) < 0.75)] = 0
        A, B, T, Dd, K, F, CL, IM, G = [x[keep] for x in (A, B, T, Dd, K, F, CL, IM, G)]
        sa = in_scope(A, T)
        sb = in_scope(B, T)
        moc = sa & ~F
        mtc = ~sa & sb & ~F
        fwd = F & sa
        keep = moc | mtc | fwd
        A, B, T, Dd, K, F, CL, IM, G, moc, mtc, fwd = [
            x[keep] for x in (A, B, T, Dd, K, F, CL, IM, G, moc, mtc, fwd)
        ]
        n = len(A)
        # ---- overlap: a person cannot hold two calls at once (moc only, not trunks)
        trunk = np.array(R["trunk"], bool)
        m = moc & ~trunk[A]
        idx = np.flatnonzero(m)
        order = idx[np.lexsort((T[idx], A[idx]))]
        ring = np.where(Dd == 0, 18 + (np.arange(n) * 7919) % 25, 6 + (np.arange(n) * 104729) % 10)
        Tn = T.copy()
        oa = A[order].tolist()
        ot = T[order].tolist()
        od = (Dd[order] + ring[order]).tolist()
        newt = [0] * len(order)
        prev_a, prev_end = -1, -1
        for j in range(len(order)):
            a_, t_ = oa[j], ot[j]
            if a_ == prev_a and t_ < prev_end:
                t_ = prev_end + 3 + (j * 31) % 40
            newt[j] = t_
            prev_a, prev_end = a_, t_ + od[j]
        Tn[order] = np.array(newt, np.int64)
        shift = Tn - T
        # linked legs (relay / forwarding / bridged calls) move together with the shifted leg
        lk = np.flatnonzero(G >= 0)
        if len(lk):
            gs = G[lk]
            o = np.lexsort((-shift[lk], gs))
            gsorted = gs[o]
            first = np.r_[True, gsorted[1:] != gsorted[:-1]]
            grp_shift = np.repeat(shift[lk][o][first], np.diff(np.r_[np.flatnonzero(first), len(o)]))
            sh = np.empty(len(lk), np.int64)
            sh[o] = grp_shift
            Tn[lk] = T[lk] + sh
        T = Tn
        keep = T < END
        A, B, T, Dd, K, F, CL, IM, moc, mtc, fwd = [
            x[keep] for x in (A, B, T, Dd, K, F, CL, IM, moc, mtc, fwd)
        ]
        n = len(A)
        # rows of a number: sorted view
        byA = np.argsort(A, kind="stable")
        Asorted = A[byA]

        def rows_of(i):
            lo, hi = np.searchsorted(Asorted, [i, i + 1])
            return byA[lo:hi]

        # ---- cells and regions for moc / fwd rows
        hcell = np.array(R["hcell"], np.int64)
        wcell = np.array(R["wcell"], np.int64)
        mob = np.array(R["mob"], np.int64)
        hour = (T % DAY) // HOUR
        day = T // DAY
        need = (moc | fwd) & (CL < 0)
        u = rng.random(n)
        pools = self.pools
        rand_city = pools["city"][rng.integers(0, len(pools["city"]), n)]
        rand_scen = pools["scenic"][rng.integers(0, len(pools["scenic"]), n)]
        rand_res = pools["xa_res"][rng.integers(0, len(pools["xa_res"]), n)]
        work_hours = (hour >= 9) & (hour < 18) & WORKDAY[np.minimum(day, ND - 1)]
        hc, wc, mb = hcell[A], wcell[A], mob[A]
        hc = np.where(hc < 0, rand_res, hc)
        wc = np.where(wc < 0, hc, wc)
        cell = np.where(work_hours & (u < 0.7), wc, np.where(u < 0.85, hc, rand_city))
        daytime = (hour >= 8) & (hour < 20)
        cell = np.where(
            mb == MOB_TOUR, np.where(daytime & (u < 0.7), rand_scen, np.where(u < 0.9, hc, rand_city)), cell
        )
        cell = np.where(mb == MOB_MOVE, np.where(u < 0.2, hc, np.where(u < 0.4, rand_scen, rand_city)), cell)
        cell = np.where(
            mb == MOB_GUIDE,
            np.where(daytime & (u < 0.65), rand_scen, np.where(u < 0.85, hc, rand_city)),
            cell,
        )
        cell = np.where(mb == MOB_FIXED, hc, cell)
        univ = pools["univ"][rng.integers(0, len(pools["univ"]), n)]
        cell = np.where(mb == MOB_STUDENT, np.where(u < 0.75, univ, rand_city), cell)
        # trips: cells from the trip pool
        for i, s, e, pool in self.trips:
            if pool == "xian_tour":
                continue
            r = rows_of(i)
            mm = r[(T[r] >= s) & (T[r] < e)]
            if len(mm):
                pp = pools[pool]
                cell[mm] = pp[rng.integers(0, len(pp), len(mm))]
        # visitors: when away from Xi'an (own Shaanxi tourists before/after visit) -> home city cells
        for i, s, e, pool in self.trips:
            if pool != "xian_tour":
                continue
            r = rows_of(i)
            mm = r[(T[r] < s) | (T[r] >= e)]
            if len(mm):
                pp = pools["c:" + R["home"][i]] if R["home"][i] != "西安" else pools["xa_res"]
                cell[mm] = pp[rng.integers(0, len(pp), len(mm))]
        # arrivals: first two hours at the airport / station
        for p in self.parties:
            if p["mode"] == "car":
                continue
            pp = pools["airport"] if p["mode"] == "plane" else pools["xabei"]
            for i in p["members"]:
                r = rows_of(i)
                if not len(r):
                    continue
                mm = r[
                    ((T[r] >= p["arr"]) & (T[r] < p["arr"] + 5400))
                    | ((T[r] >= p["dep"] - 7200) & (T[r] < p["dep"]))
                ]
                if len(mm):
                    cell[mm] = pp[rng.integers(0, len(pp), len(mm))]
        CL = np.where(need, cell, CL)
        CL = np.where(moc | fwd, CL, -1)
        # ---- handsets
        imei = np.array(R["imei"], np.int64)
        noimei = np.flatnonzero(own & (imei < 0))
        imei[noimei] = self.new_imeis(len(noimei), TACS_CN + TACS_INTL)
        loc = np.array([i for i in self.loc_card_arr], np.int64)
        imei[loc] = self.new_imeis(len(loc), TACS_INTL)
        hs = imei[A]
        for i, p2_ims, p in self.multi_phone:
            r = rows_of(i)
            hs[r[rng.random(len(r)) < p]] = p2_ims
        for i, ts, im in self.imei_sched:
            r = rows_of(i)
            hs[r[T[r] >= ts]] = im
        IM = np.where(IM >= 0, IM, hs)
        IM = np.where(moc, IM, -1)  # mtc: unknown; fwd: network-generated leg, no handset
        CL = np.where(fwd, -1, CL)
        # a small share of records arrive without IMEI / cell (VoLTE, interworking)
        drop = (rng.random(n) < 0.004) & (moc | fwd)
        IM[drop] = -1
        drop = (rng.random(n) < 0.002) & (moc | fwd)
        CL[drop] = -1
        # ---- IMSI
        imsi = [""] * N
        own_idx = np.flatnonzero(own)
        mnc = rng.choice(["46000", "46002", "46007"], len(own_idx), p=[0.7, 0.2, 0.1])
        body = rng.integers(0, 10**10, len(own_idx))
        for j, i in enumerate(own_idx):
            m_ = "46004" if R["ctype"][i] == "iot" else mnc[j]
            imsi[i] = "%s%010d" % (m_, body[j])
        # SIM replacement (补卡) for a few residents and tourists who lost a phone
        repl = rng.choice(np.concatenate([self.res, self.tour_own]), 14, replace=False)
        imsi_rows = np.array([imsi[i] for i in A], dtype=object)
        for i in repl:
            i = int(i)
            ts = int(rng.integers(2 * DAY, END - DAY))
            new = "46000%010d" % int(rng.integers(0, 10**10))
            r = rows_of(i)
            mm = r[T[r] >= ts]
            imsi_rows[mm] = new
            hs2 = self.new_imeis(1)[0]
            IM[mm[IM[mm] >= 0]] = hs2
            self.note(
                i,
                "SIM replaced (lost phone) on %s: new IMSI and new handset"
                % str(T0 + np.timedelta64(ts, "s"))[:10],
            )
        imsi_rows = np.where(moc | fwd, imsi_rows, "")
        # ---- origin / call_type
        korig = np.array(R["origin"], dtype=object)
        korig = np.where(kind == "own", "intra", korig)
        origin = np.where(mtc, korig[A], "intra")
        ctype = np.where(fwd, "fwd", np.where(mtc, "mtc", "moc"))
        self.F = dict(
            A=A,
            B=B,
            T=T,
            D=Dd,
            K=K,
            origin=origin,
            ctype=ctype,
            cell=CL,
            imei=IM,
            imsi=imsi_rows,
            moc=moc,
            mtc=mtc,
            fwd=fwd,
        )

    # ---------------------------------------------------------------- output
    def write(self, out):
        import polars as pl

        rng = self.rng
        R = self.R
        F = self.F
        n = len(F["A"])
        num = np.array(R["num"], dtype=object)
        kind = np.array(R["kind"])
        home = np.array(R["home"], dtype=object)
        creg = np.array(self.cell_reg + [""], dtype=object)
        cid = np.array(self.cell_id + [""], dtype=object)
        region = creg[np.where(F["cell"] >= 0, F["cell"], len(self.cell_reg))]
        cellstr = cid[np.where(F["cell"] >= 0, F["cell"], len(self.cell_id))]
        imei_s = np.array(self.imei_str + [""], dtype=object)[
            np.where(F["imei"] >= 0, F["imei"], len(self.imei_str))
        ]
        moc_fwd = F["moc"] | F["fwd"]
        roaming = moc_fwd & (region != home[F["A"]]) & (region != "")
        # number presentation: national / +86 / 0086 for Chinese numbers, 00cc / +cc for foreign ones
        p86 = np.where(roaming, 0.08, 0.025)
        p86 = np.where(F["origin"] == "international", 0.0, p86)
        u_a, u_a2 = rng.random(n), rng.random(n)
        u_b, u_b2 = rng.random(n), rng.random(n)
        dom = (kind == "own") | (kind == "other") | (kind == "vacant")
        intl = kind == "intl"

        def form_code(idx, u, u2, p86_, p0086):
            f = np.zeros(len(idx), np.int8)  # 0 national
            d = dom[idx]
            f[d & (u < p86_)] = 1  # +86
            f[d & (u >= p86_) & (u < p86_ + p0086)] = 2  # 0086
            f[intl[idx] & (u2 < 0.7)] = 3  # 00cc (foreign)
            return f

        fa = form_code(F["A"], u_a, u_a2, p86, 0.01)
        fb = form_code(F["B"], u_b, u_b2, 0.02, 0.008)
        tend = F["T"] + F["D"] + rng.integers(0, 300, n)
        order = np.lexsort((np.arange(n), tend))
        sw = np.where(F["origin"] == "international", "GW1", np.where(F["origin"] == "inter", "IG2", ""))
        base_sw = np.where(F["cell"] >= 0, np.char.add("XA0", (F["cell"] % 7 + 1).astype(str)), "XA00")
        rsw = np.where((region != "西安") & (region != ""), "RM9", base_sw)
        sw = np.where(sw == "", np.where(F["mtc"], "XA08", rsw), sw)
        # duplicates: ~0.1% of rows delivered again a little later
        pos = np.empty(n, np.float64)
        pos[order] = np.arange(n, dtype=np.float64)
        ndup = int(round(n * 0.001))
        dsel = rng.choice(n, ndup, replace=False)
        dpos = pos[dsel] + rng.integers(1, 3000, ndup) + 0.5
        allidx = np.concatenate([np.arange(n), dsel])
        allpos = np.concatenate([pos, dpos])
        fin = allidx[np.argsort(allpos, kind="stable")]
        df = pl.DataFrame(
            {
                "ord": pos,
                "a": num[F["A"]].astype(str),
                "b": num[F["B"]].astype(str),
                "fa": fa,
                "fb": fb,
                "t": F["T"],
                "duration_s": F["D"].astype(np.int64),
                "origin": F["origin"].astype(str),
                "caller_imei": imei_s.astype(str),
                "caller_imsi": F["imsi"].astype(str),
                "caller_cell": cellstr.astype(str),
                "caller_region": np.where(moc_fwd, region, "").astype(str),
                "call_type": F["ctype"].astype(str),
                "sw": sw.astype(str),
            }
        )

        def present(c, f):
            col, fc = pl.col(c), pl.col(f)
            fixed = col.str.starts_with("0")
            body = pl.when(fixed).then(col.str.slice(1)).otherwise(col)
            return (
                pl.when(fc == 1)
                .then(pl.lit("+86") + body)
                .when(fc == 2)
                .then(pl.lit("0086") + body)
                .when(fc == 3)
                .then(pl.lit("00") + col.str.slice(1))
                .otherwise(col)
            )

        ts = pl.datetime(2026, 9, 21) + pl.duration(seconds=pl.col("t"))
        df = df.with_columns(
            present("a", "fa").alias("caller"),
            present("b", "fb").alias("callee"),
            (ts.dt.strftime("%Y-%m-%dT%H:%M:%S") + pl.lit("+08:00")).alias("start_time"),
            ts.dt.strftime("%Y%m%d").alias("date8"),
        )
        # call ids: per (switch, date) sequence in delivery order
        df = df.with_columns(pl.int_range(pl.len()).alias("row"))
        seq = (
            df.sort("ord")
            .with_columns((pl.int_range(pl.len()).over(["sw", "date8"]) + 1).alias("seq"))
            .sort("row")["seq"]
            .to_numpy()
        )
        df = df.with_columns(pl.Series("seq", seq))
        df = df.with_columns(
            (pl.col("sw") + "-" + pl.col("date8") + "-" + pl.col("seq").cast(pl.Utf8).str.zfill(7)).alias(
                "call_id"
            )
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
        os.makedirs(out, exist_ok=True)
        out_df = df.select(cols)[fin].with_columns(
            [
                pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
                for c in cols
                if c != "duration_s"
            ]
        )
        out_df.write_csv(os.path.join(out, "calls.csv"), line_terminator="\n", null_value="")
        self.n_rows = len(fin)
        self.n_dup = ndup
        # ---------------- subscribers
        appear = np.zeros(len(num), bool)
        appear[F["A"]] = True
        appear[F["B"]] = True
        subs = np.flatnonzero(appear & (kind == "own"))
        subs = subs[np.argsort(num[subs].astype(str), kind="stable")]
        act = np.array(R["act"], np.int64)[subs]
        act_s = np.array(
            [x + "+08:00" for x in np.datetime_as_string(T0 + act.astype("timedelta64[s]"), unit="s")],
            dtype=object,
        )
        by = np.array(R["birth"], np.int64)[subs]
        by_s = np.where(by > 0, by.astype(str), "").astype(object)
        guard = np.array(
            [";".join(num[g] for g in self.guardians.get(int(i), [])) for i in subs], dtype=object
        )
        cols = dict(
            number=num[subs],
            id_hash=np.array(R["idh"], dtype=object)[subs],
            operator=np.full(len(subs), "CMCC", dtype=object),
            card_type=np.array(R["ctype"], dtype=object)[subs],
            activated_at=act_s,
            home_region=home[subs],
            birth_year=by_s,
            guardians=guard,
        )
        self.write_csv(os.path.join(out, "subscribers.csv"), cols, np.arange(len(subs)))
        self.n_subs = len(subs)
        # ---------------- truth
        callers = np.unique(F["A"])
        callers = callers[np.argsort(num[callers].astype(str), kind="stable")]
        pops = np.array(R["pop"], dtype=object)
        fr = np.array(R["fraud"], np.int64)
        cols = dict(number=num[callers], population=pops[callers], is_fraud=fr[callers])
        self.write_csv(os.path.join(out, "truth.csv"), cols, np.arange(len(callers)))
        notes = self.build_notes(callers, num, pops, fr)
        cols["note"] = notes
        self.write_csv(os.path.join(out, "truth_detail.csv"), cols, np.arange(len(callers)))
        self.callers = callers

    def build_notes(self, callers, num, pops, fr):
        F = self.F
        A, B, D = F["A"], F["B"], F["D"]
        isf = fr.astype(bool)
        # victims: legit party of an answered call >= 300 s with a fraud number
        m = (D >= 300) & (isf[A] ^ isf[B])
        vict = {}
        for a, b, d in zip(A[m].tolist(), B[m].tolist(), D[m].tolist()):
            v, f = (b, a) if isf[a] else (a, b)
            cur = vict.get(v)
            if cur is None or d > cur[1]:
                vict[v] = (f, d)
        # callbacks: legit callers calling fraud numbers
        m = isf[B] & ~isf[A]
        cbk = {}
        for a, b in zip(A[m].tolist(), B[m].tolist()):
            cbk.setdefault(a, set()).add(b)
        recv = np.bincount(B[isf[A]], minlength=len(num))
        base = {
            "resident": "Xi'an resident",
            "resident_mvno": "Xi'an resident on an MVNO (170x/165) card",
            "resident_elderly": "elderly Xi'an resident, long calls with family",
            "night_shift_worker": "night shift worker (calls at night)",
            "migrant_worker_roaming": "migrant worker living in Xi'an on a home-province card (permanently roaming)",
            "student_new_card": "university freshman, card bought on campus in September",
            "resident_new_card": "resident with a newly activated card",
            "kids_smartwatch": "child smartwatch card, registered to a parent",
            "small_business_owner": "restaurant/shop owner: customers and suppliers",
            "lift_emergency_phone_iot": "lift emergency phone (IoT voice card), nightly self-test calls",
            "tourist_roaming_in": "domestic tourist on own-operator card from another city",
            "tourist_local_prepaid_card": "foreign/HK/Macau/TW visitor on a fresh local prepaid card",
            "business_traveller_roaming_in": "business traveller roaming in",
            "tour_guide": "local tour guide: calls every party of the day's group",
            "tour_escort_roaming_in": "escort guide (全陪) travelling with a group from its home city",
            "travel_agency": "travel agency line/staff: confirmations and sales",
            "hotel_frontdesk": "hotel front desk fixed line",
            "hotel_sales_manager": "hotel sales manager mobile",
            "homestay_host": "民宿 host: guests' directions and door codes, late arrivals",
            "ride_hailing_driver": "ride-hailing driver (calls through privacy relay numbers)",
            "privacy_relay_rideh": "AXB privacy relay number of a ride-hailing platform (forwards calls)",
            "privacy_relay_food": "AXB privacy relay number of a food-delivery platform (forwards calls)",
            "taxi_charter_driver": "taxi / charter driver",
            "courier": "parcel courier, holiday backlog",
            "courier_temp_new_card": "temporary holiday courier on a freshly bought card",
            "food_delivery_rider": "food delivery rider (via relay numbers)",
            "restaurant_tour_tout": "restaurant / tour tout cold-calling tourists",
            "ticket_scalper": "ticket scalper (黄牛), nuisance but not fraud",
            "event_staff_bulk_cards": "exhibition staff, bulk corporate cards with consecutive numbers",
            "telemarketer": "registered telemarketing company (property), nuisance not fraud",
            "sales_agent": "property / insurance / car sales agent",
            "community_worker": "community (网格) worker phoning elderly residents",
            "resident_light_user": "city subscriber that rarely calls",
            "own_remote_contact": "own-operator subscriber in another city/province (relative, colleague, customer)",
            "other_op_contact": "other-operator subscriber (friend, relative, customer)",
            "other_op_tourist": "tourist on another operator's card",
            "other_op_mobile": "other-operator mobile",
            "service_short_code": "bank / operator / airline / public service number",
            "scenic_reservation_notice_line": "scenic-area reservation centre: automated notices to booked visitors",
            "international_contact": "relative or friend abroad",
        }
        out = []
        for i in callers.tolist():
            p = pops[i]
            parts = [base.get(p, p.replace("_", " "))]
            if fr[i]:
                parts = ["FRAUD " + p[6:].replace("_", " ")]
            parts += self.notes.get(i, [])
            if i in vict:
                f, d = vict[i]
                parts.append("VICTIM: answered %ds call with fraud number %s (%s)" % (d, num[f], pops[f]))
            if i in cbk and not fr[i]:
                parts.append("called fraud number(s) back: " + ",".join(num[j] for j in sorted(cbk[i])))
            if not fr[i] and recv[i]:
                parts.append("received %d call(s) from fraud numbers" % recv[i])
            out.append("; ".join(parts))
        return np.array(out, dtype=object)

    @staticmethod
    def write_csv(path, cols, order):
        names = list(cols)
        arrs = []
        for k in names:
            v = np.asarray(cols[k])[order]
            if v.dtype.kind in "iu":
                v = v.astype(str)
            arrs.append(v.astype(object))

        def q(s):
            if any(ch in s for ch in ',"\n'):
                return '"' + s.replace('"', '""') + '"'
            return s

        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(names) + "\n")
            lines = []
            for j in range(len(order)):
                lines.append(",".join(q(str(a[j])) for a in arrs))
                if len(lines) >= 50000:
                    fh.write("\n".join(lines) + "\n")
                    lines = []
            if lines:
                fh.write("\n".join(lines) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--stats", action="store_true", help="print per-population counts")
    a = ap.parse_args(argv)
    t0 = time.time()
    w = World(a.seed)
    w.build()
    w.finalize()
    w.write(a.out)
    dt = time.time() - t0
    print(
        "seed %d: %d call rows (%d duplicates), %d subscribers, %d callers in truth (%d fraud), %.1fs"
        % (
            a.seed,
            w.n_rows,
            w.n_dup,
            w.n_subs,
            len(w.callers),
            int(np.array(w.R["fraud"])[w.callers].sum()),
            dt,
        )
    )
    if a.stats:
        pops = np.array(w.R["pop"], dtype=object)
        cnt = np.bincount(w.F["A"], minlength=len(pops))
        own = np.array(w.R["kind"]) == "own"
        rows = []
        for p in sorted(set(pops[w.callers].tolist())):
            m = pops[w.callers] == p
            ids = w.callers[m]
            rows.append((p, len(ids), int(cnt[ids].sum()), int(own[ids].sum())))
        rows.sort(key=lambda r: (not r[0].startswith("fraud_"), -r[2]))
        print("%-34s %7s %8s %6s" % ("population", "numbers", "calls", "own"))
        for r in rows:
            print("%-34s %7d %8d %6d" % r)


if __name__ == "__main__":
    main()
