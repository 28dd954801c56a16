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
from ringfence.ingest.fields import parse_timestamp_series
from ringfence.ingest.validate import canonical_schema
from ringfence.intel.cards import COLUMNS, CardRules, holder_report

__all__ = ["CardsResult", "read_columns", "run_cards"]

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
        Column("activated_at", ColumnType.STRING),
        Column("province", ColumnType.STRING),
        Column("home_region", ColumnType.STRING),
    ),
)
_MORE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y%m%d%H%M%S", "%Y%m%d")


def lenient_times(values: pl.Series) -> pl.Series:
    """Activation times as the contract reads them, then a few other common shapes (``2024/01/31
    10:00``, ``20240131``, epoch seconds) read as UTC+08:00 / UTC; null when none fits."""
    # fractions of a second do not matter here, and without them typed times cast to text (Parquet)
    # take the parser's fast path
    text = values.cast(pl.String).str.strip_chars().str.replace(r"(:\d{2})\.\d+", "${1}")
    parsed = parse_timestamp_series(text)
    if parsed.null_count() == text.null_count():
        return parsed
    frame = pl.DataFrame({"s": text, "p": parsed})
    s = pl.col("s")
    others = [
        s.str.to_datetime(f, strict=False, time_unit="us")
        .dt.replace_time_zone("Asia/Shanghai", ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        for f in _MORE_FORMATS
    ]
    epoch = pl.when(s.str.contains(r"^\d{9,10}$")).then(
        pl.from_epoch(s.cast(pl.Int64, strict=False), time_unit="s").dt.replace_time_zone("UTC")
    )
    return frame.select(pl.coalesce("p", *others, epoch).dt.cast_time_unit("us").alias("activated_at"))[
        "activated_at"
    ]


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
    keep = [c for c in columns if c in reader.contract.names]
    frames = [batch.select(keep) for batch in reader]
    schema = canonical_schema(CONTRACTS[kind])
    frame = pl.concat(frames) if frames else pl.DataFrame(schema={c: pl.String() for c in keep})
    if kind is RecordKind.SUBSCRIBERS and "activated_at" in frame.columns:
        frame = frame.with_columns(lenient_times(frame["activated_at"]).alias("activated_at"))
    return frame.cast({c: schema[c] for c in keep}), reader.summary.quarantined


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
