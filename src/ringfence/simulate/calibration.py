"""Does the simulator look like the real thing? Per-user statistics of generated ordinary and fraud
subscribers against the real Sichuan subscribers, compared by the two-sample Kolmogorov-Smirnov
distance per statistic and class.

The real statistics were counted over the Sichuan observation window (``OBSERVATION_DAYS``), from
answered voice records of both directions and all SMS records of each user; the calibration run
simulates the same window and counts the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import polars as pl
from scipy.stats import ks_2samp

from ringfence.simulate.population import PopulationConfig
from ringfence.simulate.profiles import OBSERVATION_DAYS, real_profiles
from ringfence.simulate.scenario import SimConfig, Simulation, simulate

__all__ = ["KS_BOUND", "STATISTICS", "CalibrationResult", "calibration_report", "user_statistics"]

KS_BOUND = 0.15

#: Sichuan column -> what it measures.
STATISTICS: dict[str, str] = {
    "opposite_count": "voice records (answered, both directions)",
    "opposite_unique": "distinct voice counterparts",
    "voc_calltype1": "share of voice records that are outgoing",
    "call_dur_mean": "mean call duration (s)",
    "call_dur_median": "median call duration (s)",
    "voc_hour_nunique": "distinct hours of day with calls",
    "voc_day_nunique": "distinct days of month with calls",
    "imeis": "distinct handsets",
    "sms_count": "SMS records (both directions)",
    "sms_nunique": "distinct SMS counterparts",
}


@dataclass(frozen=True)
class CalibrationResult:
    table: pl.DataFrame  # statistic, class, ks, real_median, sim_median, n_real, n_sim
    simulated: pl.DataFrame  # per-user statistics of the simulated users

    @property
    def worst(self) -> float:
        return float(self.table["ks"].max())  # type: ignore[arg-type]

    @property
    def passed(self) -> bool:
        return self.worst <= KS_BOUND


def user_statistics(sim: Simulation, users: np.ndarray, label: int) -> pl.DataFrame:
    """The Sichuan statistics of the given subscribers, computed from the simulated records."""
    ids = pl.Series("user", users.astype(np.int64))
    calls = sim.calls.filter(pl.col("duration_s") > 0)
    local = pl.from_epoch(pl.col("_t"), time_unit="s").dt.offset_by("8h")
    out_side = calls.select(
        pl.col("_caller_id").alias("user"),
        pl.col("_callee_id").alias("other"),
        "duration_s",
        local.alias("t"),
        pl.lit(1).alias("outgoing"),
        pl.when(pl.col("_sub") == pl.col("_caller_id")).then(pl.col("caller_imei")).alias("imei"),
    )
    in_side = calls.select(
        pl.col("_callee_id").alias("user"),
        pl.col("_caller_id").alias("other"),
        "duration_s",
        local.alias("t"),
        pl.lit(0).alias("outgoing"),
        pl.lit(None, dtype=pl.String).alias("imei"),
    )
    voice = pl.concat([out_side, in_side]).filter(pl.col("user").is_in(ids.implode()))
    stats = voice.group_by("user").agg(
        pl.len().alias("opposite_count"),
        pl.col("other").n_unique().alias("opposite_unique"),
        pl.col("outgoing").mean().alias("voc_calltype1"),
        pl.col("duration_s").mean().alias("call_dur_mean"),
        pl.col("duration_s").median().alias("call_dur_median"),
        pl.col("t").dt.hour().n_unique().alias("voc_hour_nunique"),
        pl.col("t").dt.day().n_unique().alias("voc_day_nunique"),
        pl.col("imei").drop_nulls().n_unique().alias("imeis"),
    )
    frame = pl.DataFrame(ids).join(stats, on="user", how="left")
    if sim.messages is not None:
        m = sim.messages
        sms = pl.concat(
            [
                m.select(pl.col("_sender_id").alias("user"), pl.col("_receiver_id").alias("other")),
                m.select(pl.col("_receiver_id").alias("user"), pl.col("_sender_id").alias("other")),
            ]
        ).filter(pl.col("user").is_in(ids.implode()))
        sms_stats = sms.group_by("user").agg(
            pl.len().alias("sms_count"), pl.col("other").n_unique().alias("sms_nunique")
        )
        frame = frame.join(sms_stats, on="user", how="left").with_columns(
            pl.col("sms_count", "sms_nunique").fill_null(0)
        )
    return frame.with_columns(pl.lit(label).alias("label"))


def calibration_report(seed: int = 7, ordinary: int = 1500, fraud: int = 400) -> CalibrationResult:
    """Simulate the Sichuan observation window and compare per-user statistics with the real ones."""
    pop = PopulationConfig(
        subscribers=ordinary + fraud,
        dialer_share=fraud / (ordinary + fraud),
        sim_farms_per_10k=0.0,
        courier_share=0.0,
        call_centre_share=0.0,
        ride_hailing_share=0.0,
        school_share=0.0,
        roamer_share=0.0,
    )
    cfg = SimConfig(
        seed=seed,
        days=OBSERVATION_DAYS,
        start=datetime(2019, 8, 1, 16, tzinfo=UTC),
        population=pop,
        calibration=True,
        wangiri_per_10k=0.0,
        spoofed_per_1k_per_day=0.0,
    )
    sim = simulate(cfg)
    simulated = pl.concat(
        [
            user_statistics(sim, sim.population.of("ordinary"), 0),
            user_statistics(sim, sim.population.of("dialer"), 1),
        ],
        how="diagonal",
    )
    real = real_profiles()
    rows = []
    for stat in STATISTICS:
        if stat not in simulated.columns:
            continue
        for label in (0, 1):
            a = real.filter(pl.col("label") == label)[stat].drop_nulls().to_numpy()
            b = simulated.filter(pl.col("label") == label)[stat].drop_nulls().to_numpy()
            ks = float(ks_2samp(a, b).statistic) if len(b) else 1.0
            rows.append(
                {
                    "statistic": stat,
                    "class": "fraud" if label else "ordinary",
                    "ks": round(ks, 4),
                    "real_median": float(np.median(a)),
                    "sim_median": float(np.median(b)) if len(b) else float("nan"),
                    "n_real": len(a),
                    "n_sim": len(b),
                }
            )
    return CalibrationResult(pl.DataFrame(rows), simulated)
