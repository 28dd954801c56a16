"""A delivery as messy as a real mediation feed, made from clean record files (the simulator's, or an
operator's own): every way the data contract lets a record be written, and the faults a feed has. The
tests and ``scripts/messy_parity.py`` check with it that ``watch`` (killed and restarted) and Spark
decide as ``detect`` does on data not written the simulator's way.

* numbers in every form the contract takes (E.164, national, ``0086``);
* times as UTC (``Z``), with their offset, or with none (read as UTC+08:00);
* records out of order within minutes, a few hours late, and some repeated in a later file;
* files split at arbitrary rows, some gzipped, one with Windows line ends, one with broken rows.

Everything is drawn from the caller's generator (seed it), so a failure can be replayed.
"""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl

#: (id column, time column, number columns) of the record kinds a delivery carries.
KINDS = {
    "calls": ("call_id", "start_time", ("caller", "callee")),
    "messages": ("sms_id", "send_time", ("sender", "receiver")),
}


def _forms(values: list[str | None], rng: np.random.Generator) -> list[str | None]:
    draw = rng.random(len(values))
    out: list[str | None] = []
    for v, r in zip(values, draw, strict=True):
        if v is not None and v.startswith("+86") and r < 0.15:
            v = "0086" + v[3:]
        elif v is not None and v.startswith("+86") and r < 0.3:
            v = v[3:]
        elif v is not None and v.startswith("1") and len(v) == 11 and r < 0.4:
            v = "+86" + v
        out.append(v)
    return out


def _times(values: list[str], rng: np.random.Generator) -> list[str]:
    draw = rng.random(len(values))
    out = []
    for v, r in zip(values, draw, strict=True):
        if r < 0.1:
            v = datetime.fromisoformat(v).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        elif r < 0.15 and v.endswith("+08:00"):
            v = v[:19]  # no offset: the contract reads it as UTC+08:00
        out.append(v)
    return out


def messy(frame: pl.DataFrame, kind: str, rng: np.random.Generator) -> pl.DataFrame:
    """The records of ``frame`` (all columns text, in time order) as a messy feed would carry them."""
    _, time_col, numbers = KINDS[kind]
    n = frame.height
    # Delivery order: event time, jittered by minutes; a few records hours after their neighbours.
    t = np.array([datetime.fromisoformat(v).timestamp() for v in frame[time_col].to_list()])
    order = t + rng.normal(0, 300, n)
    order[rng.random(n) < 0.003] += 3 * 3600
    frame = frame.with_columns(
        *(pl.Series(c, _forms(frame[c].to_list(), rng), dtype=pl.String) for c in numbers),
        pl.Series(time_col, _times(frame[time_col].to_list(), rng), dtype=pl.String),
    )
    keyed = frame.with_columns(pl.Series("_k", order))
    repeated = keyed.sample(fraction=0.015, seed=int(rng.integers(1 << 31))).with_columns(pl.col("_k") + 1800)
    return pl.concat([keyed, repeated]).sort("_k", maintain_order=True).drop("_k")


def deliver(frame: pl.DataFrame, kind: str, out: Path, parts: int, rng: np.random.Generator) -> list[Path]:
    """``frame`` written as ``parts`` files in ``out`` (named ``{kind}-NN``): file 1 with two broken
    rows, file 2 with CRLF line ends, every fourth gzipped."""
    out.mkdir(parents=True, exist_ok=True)
    cuts = np.sort(rng.choice(np.arange(1, frame.height), size=parts - 1, replace=False))
    paths = []
    for i, rows in enumerate(np.split(np.arange(frame.height), cuts)):
        text = frame[rows.tolist()].write_csv()
        if i == 1:
            lines = text.split("\n")
            lines.insert(3, "a,row,of,the,wrong,width")
            lines.insert(5, lines[4].replace("-", "-13-", 1))  # a time that does not parse
            text = "\n".join(lines)
        if i == 2:
            text = text.replace("\n", "\r\n")
        path = out / f"{kind}-{i:02d}.csv"
        if i % 4 == 3:
            path = path.with_suffix(".csv.gz")
            path.write_bytes(gzip.compress(text.encode()))
        else:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
