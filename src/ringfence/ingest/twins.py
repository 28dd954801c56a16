"""One call, two records: the originating switch's (``moc``) and the terminating switch's (``mtc``).

When a call between two of the operator's own subscribers is exported from both switches, the feed
holds it twice under two call ids. Read as two calls, the caller seems to call each callee twice, so a
dialer's callees look repeated rather than dispersed (a blind world's SIM-box cards stopped at
``watch``: no R-DISPERSION), and every count of the caller's doubles.

The second record of a pair, in reading order, is a *twin*: set aside as a duplicate, with its text
and a reason, never silently. Two records are a pair when one is ``moc`` and the other ``mtc`` (no
``call_type`` is ``moc``, the contract's default) and they agree on caller, callee, start second and
duration; a ``fwd`` leg is a call of its own. Reading order decides, not the switch: which record
comes first is fixed by the files and their order, never by how they are cut into batches, so
``detect`` and ``watch`` (whatever its batches, restarts and kills) keep the same one. (Keeping the
originating record always would need each ``mtc`` held until no ``moc`` could still come; keeping
either changed nothing in the world that has them, whose ``mtc`` records carry no handset.)

Only records within the allowed lateness need remembering: a twin has its pair's event time, so once
a second is older than the latest seen minus the lateness, any record of it still to come is late and
set aside as such. What is kept is the exact key of each on-time ``moc`` and ``mtc`` record of that
window; a 64-bit hash of it only finds the few candidates, which are then compared exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

__all__ = ["TwinRecords"]

#: The columns of a record's key, as ``split`` makes them.
_KEY = ("caller", "callee", "t", "duration")
_SEED = 0x7A1


def _keyed(batch: pl.DataFrame, time_col: str) -> pl.DataFrame:
    """The key, side (``mtc``) and row of each ``moc``/``mtc`` record of a batch, with its hash."""
    side = pl.col("call_type")
    frame = batch.with_row_index("row").select(
        "row",
        pl.col("caller"),
        pl.col("callee"),
        pl.col(time_col).dt.epoch("s").alias("t"),
        pl.col("duration_s").cast(pl.Int64).alias("duration"),
        (side == "mtc").fill_null(False).alias("mtc"),
        (side.is_null() | side.is_in(["moc", "mtc"])).alias("_pair"),
    )
    frame = frame.filter(pl.col("_pair")).drop("_pair")
    return frame.with_columns(pl.struct(*_KEY).hash(seed=_SEED).alias("h"))


@dataclass
class TwinRecords:
    """The keys of the on-time ``moc`` and ``mtc`` records an on-time twin can still come for."""

    lateness_s: int
    #: exact keys, side and hash (``h``: worked out again when a checkpoint is loaded)
    keys: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(
            schema={
                "caller": pl.String,
                "callee": pl.String,
                "t": pl.Int64,
                "duration": pl.Int64,
                "mtc": pl.Boolean,
                "h": pl.UInt64,
            }
        )
    )

    @staticmethod
    def applies(batch: pl.DataFrame) -> bool:
        """Whether a batch is of call records (a message has no twin)."""
        return all(c in batch.columns for c in ("call_type", "caller", "callee", "duration_s"))

    def find(self, batch: pl.DataFrame, time_col: str, seen: int | None) -> pl.Series:
        """Which rows of ``batch`` (on-time call records, in reading order) are twins of an earlier
        record; remembers the batch's keys, and forgets those older than ``seen`` (the latest event
        time read so far, this batch's included) minus the lateness."""
        keyed = _keyed(batch, time_col)
        twin = np.zeros(batch.height, dtype=bool)
        if keyed.height:
            both = pl.concat([self.keys.select("h", "mtc"), keyed.select("h", "mtc")])
            terminating = both["mtc"]
            if terminating.any() and not terminating.all():  # else every record is of one side
                # Candidates: a row whose hash the other side has (earlier, or in this batch).
                mtc_hashes = both.filter(terminating)["h"].implode()
                moc_hashes = both.filter(~terminating)["h"].implode()
                maybe = keyed.filter(
                    pl.when(pl.col("mtc"))
                    .then(pl.col("h").is_in(moc_hashes))
                    .otherwise(pl.col("h").is_in(mtc_hashes))
                )
                if maybe.height:
                    twin[self._exact(maybe, keyed)] = True
            self.keys = pl.concat([self.keys, keyed.drop("row")])
        if seen is not None and self.keys.height:
            self.keys = self.keys.filter(pl.col("t") >= seen - self.lateness_s)
        return pl.Series(twin)

    def _exact(self, maybe: pl.DataFrame, keyed: pl.DataFrame) -> np.ndarray:
        """The rows of ``maybe`` with an earlier record of the other side of the same exact key:
        from an earlier batch (``row`` -1) or earlier in this one."""
        hashes = maybe["h"].implode()
        earlier = pl.concat(
            [
                self.keys.filter(pl.col("h").is_in(hashes)).select(
                    pl.lit(-1, pl.Int64).alias("first"), *_KEY, "mtc"
                ),
                keyed.filter(pl.col("h").is_in(hashes)).select(
                    pl.col("row").cast(pl.Int64).alias("first"), *_KEY, "mtc"
                ),
            ]
        )
        firsts = earlier.group_by(*_KEY, "mtc").agg(pl.col("first").min())
        opposite = firsts.with_columns(~pl.col("mtc"))
        found = maybe.join(opposite, on=[*_KEY, "mtc"], how="inner")
        rows: np.ndarray = found.filter(pl.col("first") < pl.col("row").cast(pl.Int64))["row"].to_numpy()
        return rows

    def __getstate__(self) -> dict[str, object]:
        """The exact keys only: the hash is worked out again on load (another Polars may hash
        otherwise, and a checkpoint must not lie)."""
        return {"lateness_s": self.lateness_s, "keys": self.keys.drop("h")}

    def __setstate__(self, state: dict[str, object]) -> None:
        keys = state["keys"]
        assert isinstance(keys, pl.DataFrame)
        self.lateness_s = int(state["lateness_s"])  # type: ignore[call-overload]
        self.keys = keys.with_columns(pl.struct(*_KEY).hash(seed=_SEED).alias("h"))
