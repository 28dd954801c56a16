"""Reads contract files (CSV, gzipped CSV, Parquet) into validated, deduplicated batches.

Memory is bounded by the batch size, not the file size; duplicates are found with ``SeenIds`` across
all files of one read; every rejected row goes to the quarantine with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from ringfence.errors import DataContractError, InputFileError
from ringfence.ingest import reasons
from ringfence.ingest.contract import CONTRACTS, Contract, RecordKind, contract_for_header
from ringfence.ingest.fastcsv import clean_for_fast_path, fast_blocks
from ringfence.ingest.quarantine import QuarantineFile
from ringfence.ingest.rawcsv import CsvSource, RawReject
from ringfence.ingest.seen import SeenIds
from ringfence.ingest.summary import ReadSummary
from ringfence.ingest.validate import LINE, RAW, REASON, canonical_schema, validate_frame

if TYPE_CHECKING:
    from ringfence.ports.records import QuarantineSink

__all__ = ["RecordReader", "detect_kind", "read_frame"]

Progress = Callable[[int, int], None]
_MULTILINE = frozenset({"text"})


def _is_parquet(path: Path) -> bool:
    return path.suffix.lower() in (".parquet", ".pq")


def _header(path: Path) -> list[str]:
    if not path.exists():
        raise InputFileError(f"{path}: no such file")
    if _is_parquet(path):
        import pyarrow.parquet as pq

        try:
            return list(pq.read_schema(path).names)
        except Exception as exc:
            raise InputFileError(f"{path}: not a readable Parquet file ({exc})") from exc
    source = CsvSource(path, batch_rows=1)
    batch = next(source.batches())
    return list(batch.header)


def detect_kind(path: Path) -> RecordKind:
    """Which record kind a file holds, from its header."""
    contract = contract_for_header(_header(path))
    if contract is None:
        raise DataContractError(
            f"{path}: header has none of call_id / sms_id / number; not a calls, messages or subscribers file"
        )
    return contract.kind


class RecordReader:
    """Iterate over accepted record batches of one kind; ``summary`` holds the counts so far."""

    def __init__(
        self,
        paths: Sequence[Path],
        kind: RecordKind | None = None,
        quarantine: QuarantineSink | None = None,
        batch_rows: int = 200_000,
        dedupe: bool = True,
        progress: Progress | None = None,
        digit_codes: Collection[str] = (),
    ) -> None:
        """``digit_codes``: batches also carry the codes of these columns' digit strings found on
        the way (``validate_frame``), for detection."""
        if not paths:
            raise InputFileError("no input files given")
        self.paths = [Path(p) for p in paths]
        self.kind = kind or detect_kind(self.paths[0])
        self.contract: Contract = CONTRACTS[self.kind]
        self.quarantine = quarantine
        self.batch_rows = batch_rows
        self.seen = SeenIds() if dedupe else None
        self.progress = progress
        self.digit_codes = digit_codes
        self.summary = ReadSummary(kind=self.kind.value, files=[str(p) for p in self.paths])
        #: See every batch as read, before validation (text as written; rows later rejected too).
        self.raw_observers: list[Callable[[pl.DataFrame], None]] = []
        self.total_bytes = sum(p.stat().st_size for p in self.paths if p.exists())
        self._done_bytes = 0

    def __iter__(self) -> Iterator[pl.DataFrame]:
        # Each batch is validated in a helper thread while the one before is finished (deduplicated,
        # quarantined, handed on) here, so the caller's work on a batch overlaps the next batch's
        # checks. Everything visible happens in input order, as if one batch were read at a time.
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead: tuple[_Raw, Future[tuple[pl.DataFrame, pl.DataFrame]] | None] | None = None
            batches = self._raw()
            while True:
                try:
                    item = next(batches)
                except StopIteration:
                    break
                except BaseException:
                    if ahead is not None:  # what was read before the problem still counts
                        yield from self._complete(*ahead)
                    raise
                job = None
                if item.frame is not None:
                    for observe in self.raw_observers:
                        observe(item.frame)
                    job = pool.submit(
                        validate_frame, item.frame, self.contract, item.original, self.digit_codes
                    )
                if ahead is not None:
                    yield from self._complete(*ahead)
                ahead = (item, job)
            if ahead is not None:
                yield from self._complete(*ahead)

    def _raw(self) -> Iterator[_Raw]:
        for path in self.paths:
            header = _header(path)
            missing = [c for c in self.contract.required if c not in header]
            if missing:
                raise DataContractError(
                    f"{path}: not a {self.kind.value} file: required column(s) missing: {', '.join(missing)}"
                )
            if _is_parquet(path):
                yield from self._parquet(path)
            else:
                yield from self._csv(path)

    def _tick(self, done: int) -> None:
        if self.progress is not None:
            self.progress(self._done_bytes + done, self.total_bytes)

    def _csv(self, path: Path) -> Iterator[_Raw]:
        header = tuple(_header(path))
        if clean_for_fast_path(path):
            size = path.stat().st_size
            for block in fast_blocks(path, header):
                frame = block.frame if block.frame.height else None
                yield _Raw(path, frame, list(header), block.rejects, block.blank_lines, block.bytes_read)
            yield _Raw(path, file_bytes=size)
            return
        source = CsvSource(path, self.batch_rows, _MULTILINE)
        for raw in source.batches():
            frame = None
            if raw.lines:
                data: dict[str, list[str] | list[int]] = dict(zip(raw.header, raw.columns, strict=True))
                data[LINE] = raw.lines
                frame = pl.DataFrame(data, schema={**dict.fromkeys(raw.header, pl.String), LINE: pl.Int64})
            yield _Raw(path, frame, list(raw.header), raw.rejects, raw.blank_lines, source.bytes_read)
        yield _Raw(path, file_bytes=source.total_bytes)

    def _rejects(self, path: Path, rejects: list[RawReject], blank_lines: int) -> None:
        self.summary.blank_lines += blank_lines
        for reject in rejects:
            self.summary.reject(reject.reason)
        if self.quarantine is not None and rejects:
            self.quarantine.write(str(path), self.kind.value, ((r.line, r.reason, r.raw) for r in rejects))

    def _parquet(self, path: Path) -> Iterator[_Raw]:
        import pyarrow.parquet as pq

        total_rows = max(pq.ParquetFile(path).metadata.num_rows, 1)
        size = path.stat().st_size
        offset = 0
        # Polars' own reader, in batches: several times faster than pyarrow's batches, less memory.
        for batch in pl.scan_parquet(path).collect_batches(chunk_size=self.batch_rows):
            n = batch.height
            if n == 0:
                continue
            frame = batch.rechunk()  # batches come in pieces; every step after is faster on one
            frame = frame.with_columns(pl.int_range(offset + 1, offset + n + 1, dtype=pl.Int64).alias(LINE))
            offset += n
            original = [c for c in frame.columns if c != LINE]
            yield _Raw(path, frame, original, done_bytes=int(size * offset / total_rows))
        yield _Raw(path, file_bytes=size)

    def _complete(
        self, item: _Raw, job: Future[tuple[pl.DataFrame, pl.DataFrame]] | None
    ) -> Iterator[pl.DataFrame]:
        self._rejects(item.path, item.rejects, item.blank_lines)
        if job is not None:
            yield from self._finish(item.path, *job.result())
        if item.done_bytes is not None:
            self._tick(item.done_bytes)
        self._done_bytes += item.file_bytes

    def _finish(self, path: Path, good: pl.DataFrame, rejected: pl.DataFrame) -> Iterator[pl.DataFrame]:
        """Accepted rows of a validated batch, deduplicated; every rejected row quarantined."""
        if self.seen is not None and good.height:
            keep = pl.Series(self.seen.first_occurrences(good[self.contract.id_column]))
            if not keep.all():
                duplicate = f"{reasons.DUPLICATE_ID}: {self.contract.id_column} seen before"
                raw = pl.concat_str(
                    [pl.col(c).cast(pl.String).fill_null("") for c in self.contract.names], separator=","
                )
                dups = good.filter(~keep).select(LINE, pl.lit(duplicate).alias(REASON), raw.alias(RAW))
                rejected = pl.concat([rejected, dups])
                good = good.filter(keep)
        for reason, n in rejected.group_by(REASON).len().iter_rows():
            self.summary.reject(reason, n)
        if self.quarantine is not None and rejected.height:
            self.quarantine.write(str(path), self.kind.value, rejected.sort(LINE).iter_rows())
        if good.height:
            tcol = self.contract.time_column
            first = good[tcol].min() if tcol else None
            last = good[tcol].max() if tcol else None
            self.summary.accept(good.height, first, last)  # type: ignore[arg-type]
            yield good.drop(LINE)


@dataclass
class _Raw:
    """A batch as read (before validation), the rows its reading rejected, and progress."""

    path: Path
    frame: pl.DataFrame | None = None
    original: list[str] = field(default_factory=list)
    rejects: list[RawReject] = field(default_factory=list)
    blank_lines: int = 0
    done_bytes: int | None = None  # of this file, after this batch
    file_bytes: int = 0  # set on the marker after a file's last batch


def read_frame(
    paths: Sequence[Path],
    kind: RecordKind | None = None,
    quarantine: QuarantineFile | None = None,
    progress: Progress | None = None,
) -> tuple[pl.DataFrame, ReadSummary]:
    """Read whole files into one frame (for inputs that fit in memory) with their summary."""
    reader = RecordReader(paths, kind, quarantine, progress=progress)
    frames = list(reader)
    empty = pl.DataFrame(schema=canonical_schema(reader.contract))
    return (pl.concat(frames) if frames else empty), reader.summary
