"""Validation of call records by the form their IMEIs are written in.

Since stop 46 ingest keeps one handset identity whichever form a record carries (``domain.handsets``):
the 15-digit IMEI as written, an IMEISV (16 digits) or a bare 14-digit body rewritten to the IMEI. A VoLTE
feed writes IMEISVs on every record, so its rewrite must stay cheap. Baseline, in the same process: the
same records with 15-digit IMEIs (kept as written by the shortcut). Reported: seconds and the ratio to
the baseline for all-IMEISV records and for half and half.
"""

from __future__ import annotations

import os
import time

import numpy as np
import polars as pl
from tests.ingest.frames import call_rows

from ringfence.ingest.contract import CALLS
from ringfence.ingest.validate import validate_frame

ROWS = int(os.environ.get("RINGFENCE_BENCH_IMEI_ROWS", "1000000"))
REPEATS = 5


def _best(frame: pl.DataFrame) -> float:
    times = []
    for _ in range(REPEATS):
        t = time.perf_counter()
        validate_frame(frame, CALLS, digit_codes=("caller", "callee", "caller_imei"))
        times.append(time.perf_counter() - t)
    return min(times)


def run() -> list[dict[str, object]]:
    rng = np.random.default_rng(1)
    bodies = pl.Series(rng.integers(10**13, 10**14 - 1, ROWS // 1000).astype(str)).gather(
        rng.integers(0, ROWS // 1000, ROWS)
    )
    forms = {
        "imei (baseline)": bodies + "7",
        "imeisv": bodies + "03",
        "half and half": pl.select(
            pl.when(pl.int_range(ROWS) % 2 == 0).then(pl.lit(bodies + "7")).otherwise(pl.lit(bodies + "03"))
        ).to_series(),
    }
    base = None
    results: list[dict[str, object]] = []
    for name, imeis in forms.items():
        seconds = _best(call_rows(ROWS, caller_imei=imeis))
        base = base or seconds
        ratio = round(seconds / base, 2)
        row = {"imeis": name, "rows": ROWS, "seconds": round(seconds, 3), "x_baseline": ratio}
        print(row, flush=True)
        results.append(row)
    return results


if __name__ == "__main__":
    run()
