"""Report numbers the way the input wrote them.

Detection works on canonical numbers (``+8613812345678``), but an operator's files — and the truth
lists people compare a run with — usually write each number one way (``13812345678``). The flagged
list therefore names each number in its most frequent presentation in the input, with the canonical
form beside it in ``number_e164``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from ringfence.domain.numbers import normalize

__all__ = ["presented_forms", "with_presented_numbers"]


def _scan(path: Path, columns: tuple[str, ...]) -> pl.LazyFrame | None:
    suffix = path.suffix.lower()
    if suffix in (".parquet", ".pq"):
        lf = pl.scan_parquet(path)
    else:
        lf = pl.scan_csv(
            path,
            infer_schema=False,
            truncate_ragged_lines=True,
            ignore_errors=True,
            encoding="utf8-lossy",
            quote_char='"',
        )
    names = lf.collect_schema().names()
    present = [c for c in columns if c in names]
    if not present:
        return None
    return pl.concat([lf.select(pl.col(c).cast(pl.String).str.strip_chars().alias("raw")) for c in present])


def presented_forms(
    paths: Sequence[Path],
    canonical: set[str],
    columns: tuple[str, ...] = ("caller", "callee", "sender", "receiver"),
) -> dict[str, str]:
    """The most frequent raw presentation of each canonical number, over the given record files."""
    frames = [f for f in (_scan(p, columns) for p in paths if p.exists()) if f is not None]
    if not frames or not canonical:
        return {}
    counts = pl.concat(frames).drop_nulls().group_by("raw").len().collect()
    mapping = {raw: normalize(raw) for raw in counts["raw"].to_list()}
    counts = counts.with_columns(pl.col("raw").replace_strict(mapping, return_dtype=pl.String).alias("canon"))
    best = (
        counts.filter(pl.col("canon").is_in(list(canonical)))
        .sort(["canon", "len", "raw"], descending=[False, True, False])
        .group_by("canon", maintain_order=True)
        .first()
    )
    return dict(zip(best["canon"].to_list(), best["raw"].to_list(), strict=True))


def with_presented_numbers(flagged: pl.DataFrame, paths: Sequence[Path]) -> pl.DataFrame:
    """``flagged`` with ``number`` as presented in the input and ``number_e164`` canonical."""
    forms = presented_forms(paths, set(flagged["number"].to_list()))
    return flagged.with_columns(
        pl.col("number").replace(forms).alias("number"), pl.col("number").alias("number_e164")
    ).select("number", *[c for c in flagged.columns if c != "number"], "number_e164")
