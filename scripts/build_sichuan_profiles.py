"""Rebuild ``src/ringfence/simulate/data/sichuan_profiles.csv`` from the Sichuan per-user features.

The simulator draws each synthetic subscriber's behaviour from one real subscriber's statistics (with
jitter), so its output matches the real per-user distributions. Only the columns the simulator needs
are kept; ids are dropped. Source: GAT-COBO release of the 2020 Digital Sichuan fraud-number data
(Apache-2.0); see ../shared/data/sichuan/SOURCE-*.txt.

    python scripts/build_sichuan_profiles.py ../shared/data/sichuan/users_features.csv
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl

COLUMNS = [
    "label",
    "opposite_count",
    "opposite_unique",
    "voc_calltype1",
    "imeis",
    "call_dur_mean",
    "call_dur_median",
    "voc_hour_nunique",
    "voc_day_nunique",
    "city_name_nunique",
    "sms_count",
    "sms_nunique",
    "calltype_rate",
]


def main(src: str) -> None:
    frame = pl.read_csv(src).select(COLUMNS).drop_nulls(["opposite_count", "voc_calltype1", "imeis"])
    frame = frame.with_columns(
        pl.col("sms_count", "sms_nunique").fill_null(0), pl.col("calltype_rate").fill_null(1.0)
    )
    out = Path(__file__).resolve().parents[1] / "src/ringfence/simulate/data/sichuan_profiles.csv"
    frame.write_csv(out, float_precision=4)
    print(f"wrote {frame.height} profiles to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/sichuan/users_features.csv")
