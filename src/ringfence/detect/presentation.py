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

from collections.abc import Callable, Mapping, Sequence, Set

import polars as pl

from ringfence.ingest import RecordKind, RecordReader
from ringfence.ingest.fields import canonical_numbers, is_cn_mobile_e164

__all__ = ["PresentedForms"]

_MERGE_ROWS = 2_000_000

_COLUMNS = {RecordKind.CALLS: ("caller", "callee"), RecordKind.MESSAGES: ("sender", "receiver")}


class _Tally:
    """Counts by one key column (``len``), kept as parts and merged once the parts since the last
    merge outgrow it (and a floor): memory stays within a few times the distinct keys, and each row
    is merged a bounded number of times. (Merging every few batches instead re-grouped every
    distinct presentation so far each time — quadratic: 5 of 30 s of ``detect`` at 10M calls.)"""

    def __init__(self, key: str, clean: Callable[[pl.LazyFrame], pl.LazyFrame] | None = None) -> None:
        self.key = key
        self._clean = clean
        self.parts: list[pl.DataFrame] = []
        self._rows = 0
        self._merged_rows = 0

    def add(self, parts: Sequence[pl.DataFrame]) -> None:
        self.parts.extend(p for p in parts if p.height)
        self._rows += sum(p.height for p in parts)
        if self._rows > max(_MERGE_ROWS, self._merged_rows):
            self._merge()

    def compact(self) -> None:
        """Merge the parts into one (before a snapshot: unmerged parts repeat keys)."""
        if len(self.parts) > 1:
            self._merge()

    def _merge(self) -> None:
        self.parts = [self.merged()]
        self._merged_rows = self.parts[0].height
        self._rows = 0

    def merged(self) -> pl.DataFrame:
        rows = pl.concat(self.parts).lazy()
        if self._clean is not None:
            rows = self._clean(rows)
        return rows.group_by(self.key).agg(pl.col("len").sum()).collect()


def _as_number(column: str) -> pl.Expr:
    """A canonical mobile (``is_cn_mobile_e164``) as the integer after its ``+``; ``"+"`` and the
    integer as text give the presentation back."""
    return pl.col(column).str.slice(1).cast(pl.UInt64)


def _stripped(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Presentations stripped, blanks dropped."""
    raw = pl.col("raw").str.strip_chars()
    return rows.with_columns(raw).filter(pl.col("raw").is_not_null() & (pl.col("raw") != ""))


class PresentedForms:
    """How often each raw presentation of a number occurs in the records read.

    A presentation that is already a canonical Chinese mobile (``+8613812345678``, the bulk of an
    operator's records in E.164) is its own canonical form: those are counted by the number as an
    integer (``_mobiles``), a third of the work of grouping the text; every other presentation by its
    text (``_texts``), stripped when merged. ``forms`` adds the two up per presentation.
    """

    def __init__(self) -> None:
        self._texts = _Tally("raw", _stripped)
        self._mobiles = _Tally("n")

    def __getstate__(self) -> dict[str, object]:
        """Pickled merged (``watch`` snapshots and log entries): half the bytes of the parts."""
        self._texts.compact()
        self._mobiles.compact()
        return dict(self.__dict__)

    def __setstate__(self, state: dict[str, object]) -> None:
        """A watch snapshot written before mobiles were counted apart holds ``_counts`` (text)."""
        if "_counts" in state:
            PresentedForms.__init__(self)
            self._texts.add(state["_counts"])  # type: ignore[arg-type]
            return
        self.__dict__.update(state)

    def observe(self, reader: RecordReader) -> None:
        """Count the presentations in what ``reader`` reads."""
        columns = _COLUMNS.get(reader.kind, ())
        reader.raw_observers.append(lambda batch: self._count(batch, columns))

    @staticmethod
    def observe_each(reader: RecordReader, forms: Mapping[str, PresentedForms]) -> None:
        """Count the presentations of each input ``reader`` reads into ``forms[name]``."""
        columns = _COLUMNS.get(reader.kind, ())

        def count(batch: pl.DataFrame) -> None:
            assert reader.current is not None
            forms[reader.current]._count(batch, columns)

        reader.raw_observers.append(count)

    def _count(self, batch: pl.DataFrame, names: tuple[str, ...]) -> None:
        columns = [c for c in names if c in batch.columns]
        if not columns:
            return
        # One query for both columns, and one integer cast per value: it reads the ``+`` and the
        # digits of a canonical mobile, so it is both ``is_cn_mobile_e164``'s test and ``_as_number``
        # (half the time of concatenating the columns, testing, slicing and casting again).
        raw = pl.col("raw")
        number = pl.when((raw.str.len_bytes() == 14) & raw.str.starts_with("+861"))
        rows = (
            pl.concat([batch.lazy().select(pl.col(c).cast(pl.String).alias("raw")) for c in columns])
            .select("raw", number.then(raw.cast(pl.UInt64, strict=False)).alias("n"))
            .collect()
        )
        mobile = rows["n"].is_not_null()
        if mobile.any():
            mobiles = rows.lazy() if mobile.all() else rows.lazy().filter(mobile)
            self._mobiles.add([mobiles.select("n").group_by("n").len().collect()])
        if not mobile.all():
            # Counted as written, and stripped only once per distinct value (when merged).
            self._texts.add([rows.filter(~mobile).group_by("raw").len()])

    def merge(self, other: PresentedForms) -> None:
        """Add the presentations ``other`` counted (a file read apart, kept once it is accepted)."""
        self._texts.add(other._texts.parts)
        self._mobiles.add(other._mobiles.parts)

    def forms(self, canonical: Set[str]) -> dict[str, str]:
        """The most frequent presentation of each of the ``canonical`` numbers (ties: the smallest)."""
        if not canonical or not (self._texts.parts or self._mobiles.parts):
            return {}
        parts = [self._texts.merged()] if self._texts.parts else []
        if self._mobiles.parts:
            wanted = pl.DataFrame({"raw": list(canonical)}, schema={"raw": pl.String})
            numbers = wanted.filter(is_cn_mobile_e164(pl.col("raw"))).select(_as_number("raw"))
            mobiles = self._mobiles.merged().filter(pl.col("n").is_in(numbers["raw"].implode()))
            parts.append(mobiles.select((pl.lit("+") + pl.col("n").cast(pl.String)).alias("raw"), "len"))
        counts = pl.concat(parts).group_by("raw").agg(pl.col("len").sum())
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
