"""The Sichuan feature contract: column names, their families, and which ones live records can give.

The names and meanings follow the public Sichuan table (see docs/model.md). Keeping them in one place
lets the trainer, the scorer and the record bridge agree on what a column means.
"""

from __future__ import annotations

from typing import Final

SICHUAN_ID: Final = "phone_no_m"
SICHUAN_LABEL: Final = "label"

VOICE_FEATURES: Final[tuple[str, ...]] = (
    "opposite_count",
    "opposite_unique",
    "voccalltype1",
    "imeis",
    "voc_calltype1",
    "city_name_call",
    "county_name_call",
    "phone2opposite_mean",
    "phone2opposite_median",
    "phone2opposite_max",
    "phone2oppo_sum_mean",
    "phone2oppo_sum_median",
    "phone2oppo_sum_max",
    "call_dur_mean",
    "call_dur_median",
    "call_dur_max",
    "call_dur_min",
    "city_name_nunique",
    "county_name_nunique",
    "calltype_id_unique",
    "voc_hour_mode",
    "voc_hour_mode_count",
    "voc_hour_nunique",
    "voc_day_mode",
    "voc_day_mode_count",
    "voc_day_nunique",
)

SMS_FEATURES: Final[tuple[str, ...]] = (
    "sms_count",
    "sms_nunique",
    "sms_rate",
    "calltype_2",
    "calltype_rate",
    "hour_mode",
    "hour_mode_count",
    "hour_nunique",
    "day_mode",
    "day_mode_count",
    "day_nunique",
)

APP_FEATURES: Final[tuple[str, ...]] = (
    "busi_count",
    "flow_mean",
    "flow_median",
    "flow_min",
    "flow_max",
    "flow_var",
    "flow_sum",
    "month_ids",
    "flow_month",
)

BILLING_FEATURES: Final[tuple[str, ...]] = (
    "arpu_mean",
    "arpu_var",
    "arpu_max",
    "arpu_min",
    "arpu_median",
    "arpu_sum",
    "arpu_skew",
    "arpu_sem",
    "arpu_quantile",
)

SICHUAN_FEATURES: Final[tuple[str, ...]] = VOICE_FEATURES + SMS_FEATURES + APP_FEATURES + BILLING_FEATURES

#: Features call and SMS records cannot give, with the reason (the bridge leaves them missing).
NOT_DERIVABLE: Final[dict[str, str]] = {
    "county_name_call": "county of each call is not in the call contract (only a cell id and a region)",
    "county_name_nunique": "county of each call is not in the call contract (only a cell id and a region)",
    **dict.fromkeys(APP_FEATURES, "app traffic (data sessions) is not in the record contract"),
    **dict.fromkeys(BILLING_FEATURES, "billing (monthly ARPU) is not in the record contract"),
}

#: Features the bridge derives from records; the live model variant is trained on exactly these.
LIVE_FEATURES: Final[tuple[str, ...]] = tuple(n for n in SICHUAN_FEATURES if n not in NOT_DERIVABLE)

#: Derivable, but only approximately: our call contract carries handset and region on outgoing rows only.
APPROXIMATE: Final[dict[str, str]] = {
    "imeis": "handsets are known on outgoing calls only (Sichuan saw them on every voice record)",
    "city_name_call": "cities come from caller_region on outgoing calls only",
    "city_name_nunique": "cities come from caller_region on outgoing calls only",
}
