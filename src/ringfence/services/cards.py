"""``ringfence cards``: one-ID lookup over subscriber files (and call files for dormant cards).

Files go through the ingestion reader (contract checks, quarantine, dedupe of numbers across files:
a number listed by two feeds counts once), keeping only the columns the lookup reads, then one lazy
Polars plan (``ringfence.intel.cards``) computes every holder's row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from ringfence.ingest import QuarantineSink, RecordKind, RecordReader
from ringfence.ingest.contract import CONTRACTS, Column, ColumnType, Contract
from ringfence.ingest.fields import lenient_times
from ringfence.ingest.reader import frame_of
from ringfence.ingest.validate import canonical_schema
from ringfence.intel.cards import COLUMNS, CardRules, holder_report

__all__ = ["CardsResult", "lenient_times", "read_columns", "run_cards"]

Progress = Callable[[int, int], None]


@dataclass
class CardsResult:
    subscribers: int
    quarantined: int
    holders: int
    flagged: dict[str, int]


#: The subscriber columns the lookup needs, checked as the contract checks them, except that
#: ``activated_at`` is read leniently (``lenient_times``): a card whose activation time cannot be read
#: is still a card of its holder, and columns the lookup does not use (``card_type``, ``birth_year``,
#: ``guardians``) cannot cost a holder a card.
CARD_COLUMNS = Contract(
    RecordKind.SUBSCRIBERS,
    id_column="number",
    time_column=None,
    columns=(
        Column("number", ColumnType.NUMBER, required=True),
        Column("id_hash", ColumnType.ID_HASH),
        Column("operator", ColumnType.STRING),
        Column("channel", ColumnType.STRING),
        Column("activated_at", ColumnType.LENIENT_TIMESTAMP),
        Column("province", ColumnType.STRING),
        Column("home_region", ColumnType.STRING),
    ),
)


def read_columns(
    paths: Sequence[Path],
    kind: RecordKind,
    columns: Sequence[str],
    quarantine: QuarantineSink | None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, int]:
    """Validated records of ``paths`` reduced to ``columns`` (those the contract has), and how many
    rows were quarantined. Subscribers are checked against ``CARD_COLUMNS`` only (and ``card_type``,
    when asked for, as the full contract checks it)."""
    reader = RecordReader(list(paths), kind, quarantine, progress=progress)
    if kind is RecordKind.SUBSCRIBERS:
        extra = [c for c in CONTRACTS[kind].columns if c.name in columns and c.name not in CARD_COLUMNS.names]
        reader.contract = replace(CARD_COLUMNS, columns=(*CARD_COLUMNS.columns, *extra))
    frame = frame_of(reader, columns)
    schema = canonical_schema(reader.contract)
    return frame.cast({c: schema[c] for c in frame.columns}), reader.summary.quarantined


def run_cards(
    subscribers: Sequence[Path],
    out: Path,
    quarantine: QuarantineSink | None = None,
    calls: Sequence[Path] = (),
    rules: CardRules | None = None,
    flagged_only: bool = False,
    progress: Progress | None = None,
) -> CardsResult:
    subs, rejected = read_columns(subscribers, RecordKind.SUBSCRIBERS, COLUMNS, quarantine, progress)
    call_frame = None
    if calls:
        call_frame, bad_calls = read_columns(
            calls, RecordKind.CALLS, ("caller", "start_time", "call_type"), quarantine, progress
        )
        rejected += bad_calls
    report = holder_report(subs.lazy(), call_frame, rules, flagged_only=flagged_only).collect()
    out.parent.mkdir(parents=True, exist_ok=True)
    report.write_csv(out)
    flagged = {
        flag: int(n)
        for flag, n in report.select(pl.col("flags").str.split(";").explode().alias("f"))
        .filter(pl.col("f") != "")
        .group_by("f")
        .len()
        .iter_rows()
    }
    return CardsResult(subs.height, rejected, report.height, flagged)
