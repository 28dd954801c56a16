"""Per-user behaviour profiles drawn from the real Sichuan subscribers.

Each synthetic ordinary or fraud subscriber copies the statistics of one real subscriber of its class
(call records, distinct contacts, outgoing share, handsets, durations, active hours and days, SMS), with
multiplicative jitter so no real user is reproduced exactly. The generator then realises those
statistics as records; ``calibration`` checks that the realised per-user statistics match the real
ones. Source: 2020 Digital Sichuan fraud-number competition data as released with GAT-COBO
(Apache-2.0); the table ships with the package (``data/sichuan_profiles.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
import numpy.typing as npt
import polars as pl

__all__ = ["OBSERVATION_DAYS", "Profiles", "real_profiles", "sample_profiles"]

#: Days covered by the Sichuan voice records (Aug 2019 - Mar 2020): the window in which the real
#: per-user statistics were counted, and the window of the calibration run.
OBSERVATION_DAYS = 244

F64 = npt.NDArray[np.float64]


@cache
def real_profiles() -> pl.DataFrame:
    """The shipped Sichuan per-user statistics (``label`` 1 = fraud)."""
    path = resources.files("ringfence.simulate") / "data" / "sichuan_profiles.csv"
    with resources.as_file(path) as p:
        return pl.read_csv(p)


@dataclass(frozen=True)
class Profiles:
    """Behaviour targets over the observation window, one entry per synthetic user."""

    records: F64  # answered voice records (both directions)
    contacts: F64  # distinct voice counterparts
    out_share: F64
    imeis: F64
    dur_mean: F64
    dur_median: F64
    hours: F64  # distinct hours of day
    days: F64  # distinct days of month
    cities: F64
    sms: F64
    sms_contacts: F64
    sms_in_share: F64

    def __len__(self) -> int:
        return len(self.records)


def sample_profiles(rng: np.random.Generator, n: int, fraud: bool, jitter: float = 0.08) -> Profiles:
    table = real_profiles().filter(pl.col("label") == int(fraud))
    rows = table[rng.integers(0, table.height, size=n).tolist()]

    def col(name: str) -> F64:
        return np.asarray(rows[name].to_numpy(), dtype=np.float64)

    def jit(values: F64) -> F64:
        return values * np.exp(rng.normal(0.0, jitter, size=n))

    records = np.maximum(1.0, np.round(jit(col("opposite_count"))))
    contacts = np.clip(np.round(jit(col("opposite_unique"))), 1.0, records)
    sms = np.round(jit(col("sms_count")))
    return Profiles(
        records=records,
        contacts=contacts,
        out_share=np.clip(col("voc_calltype1"), 0.0, 1.0),
        imeis=np.maximum(1.0, col("imeis")),
        dur_mean=np.maximum(1.0, jit(col("call_dur_mean"))),
        dur_median=np.maximum(1.0, jit(col("call_dur_median"))),
        hours=np.clip(col("voc_hour_nunique"), 1.0, 24.0),
        days=np.clip(col("voc_day_nunique"), 1.0, 31.0),
        cities=np.maximum(1.0, col("city_name_nunique")),
        sms=sms,
        sms_contacts=np.clip(np.round(jit(col("sms_nunique"))), np.minimum(sms, 1.0), np.maximum(sms, 1.0)),
        sms_in_share=np.clip(col("calltype_rate"), 0.0, 1.0),
    )
