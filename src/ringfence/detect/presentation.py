"""Report numbers the way the input wrote them.

Detection works on canonical numbers (``+8613812345678``), but an operator's files — and the truth
lists people compare a run with — usually write each number one way (``13812345678``). The flagged
list therefore names each number in its most frequent presentation in the records detection read,
with the canonical form beside it in ``number_e164`` (``ringfence.detect.exports.flagged_table``).

``PresentedForms`` counts presentations as an observer of the file reader's one read
(``RecordReader.raw_observers``: the text as written, before validation canonicalises it). Records
from the store or from memory are canonical already and are named canonically.
"""

from __future__ import annotations

from collections.abc import Set

import polars as pl

from ringfence.ingest import RecordKind, RecordReader
from ringfence.ingest.fields import canonical_numbers

__all__ = ["PresentedForms"]

_MERGE_PARTS = 8

_COLUMNS = {RecordKind.CALLS: ("caller", "callee"), RecordKind.MESSAGES: ("sender", "receiver")}


class PresentedForms:
    """How often each raw presentation of a number occurs in the records read."""

    def __init__(self) -> None:
        self._counts: list[pl.DataFrame] = []

    def observe(self, reader: RecordReader) -> None:
        """Count the presentations in what ``reader`` reads."""
        columns = _COLUMNS.get(reader.kind, ())
        reader.raw_observers.append(lambda batch: self._count(batch, columns))

    def _count(self, batch: pl.DataFrame, names: tuple[str, ...]) -> None:
        columns = [c for c in names if c in batch.columns]
        if not columns:
            return
        # Counted as written, and stripped only once per distinct value (``_merged``).
        raw = pl.concat([batch.select(pl.col(c).cast(pl.String).alias("raw")) for c in columns])
        self._counts.append(raw.group_by("raw").len())
        if len(self._counts) >= _MERGE_PARTS:  # bounded: distinct presentations, not batches of them
            self._counts = [self._merged()]

    def merge(self, other: PresentedForms) -> None:
        """Add the presentations ``other`` counted (a file read apart, kept once it is accepted)."""
        self._counts.extend(other._counts)
        if len(self._counts) >= _MERGE_PARTS:
            self._counts = [self._merged()]

    def _merged(self) -> pl.DataFrame:
        """The counts so far by presentation: stripped, blanks dropped."""
        return (
            pl.concat(self._counts)
            .with_columns(pl.col("raw").str.strip_chars())
            .filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))
            .group_by("raw")
            .agg(pl.col("len").sum())
        )

    def forms(self, canonical: Set[str]) -> dict[str, str]:
        """The most frequent presentation of each of the ``canonical`` numbers (ties: the smallest)."""
        if not self._counts or not canonical:
            return {}
        counts = self._merged()
        # ``normalize`` of every presentation, mobiles by pattern: one ``normalize`` call per distinct
        # presentation was a fifth of ``detect``'s time on a million calls to random numbers.
        counts = counts.with_columns(canonical_numbers(counts["raw"]).alias("canon"))
        best = (
            counts.filter(pl.col("canon").is_in(list(canonical)))
            .sort(["canon", "len", "raw"], descending=[False, True, False])
            .group_by("canon", maintain_order=True)
            .first()
        )
        return dict(zip(best["canon"].to_list(), best["raw"].to_list(), strict=True))
