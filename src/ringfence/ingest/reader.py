"""Reads contract inputs (CSV, gzipped CSV, JSON lines, Parquet; files or streams) into validated,
deduplicated batches.

Memory is bounded by the batch size, not the input size; duplicates are found with ``SeenIds`` across
all inputs of one read; every rejected row goes to the quarantine with its reason and its raw text as
read (for Parquet, which has no text, its fields written as a CSV line). An input that cannot be read
to its end raises ``InputFileError`` after every row read before the fault has been accounted for
(accepted or quarantined); the message says how many that was.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, TypeVar, cast

import polars as pl

from ringfence.errors import DataContractError, InputFileError
from ringfence.ingest import reasons
from ringfence.ingest.contract import CONTRACTS, Contract, RecordKind, contract_for_header
from ringfence.ingest.fastcsv import FastBlocks
from ringfence.ingest.jsonl import JsonLinesSource, read_json_keys
from ringfence.ingest.lines import LineReader
from ringfence.ingest.quarantine import QuarantineSink
from ringfence.ingest.rawcsv import CsvSource, RawReject, header_of, read_csv_header
from ringfence.ingest.seen import SeenIds
from ringfence.ingest.source import (
    READ_ERRORS,
    Format,
    Input,
    InputReadError,
    StreamInput,
    format_of,
    name_of,
    open_input,
    open_raw,
    size_of,
)
from ringfence.ingest.summary import ReadSummary
from ringfence.ingest.validate import LINE, RAW, REASON, canonical_schema, csv_line, validate_frame

__all__ = ["RecordReader", "detect_kind", "frame_of", "read_frame"]

Progress = Callable[[int, int], None]
T = TypeVar("T")
_MULTILINE = frozenset({"text"})


def _parquet_schema(source: Input) -> pl.Schema:
    if isinstance(source, Path):
        # Polars reads the footer itself: importing pyarrow (and pandas with it) costs a second
        open_raw(source).close()  # a clear error for a missing file or a directory
        try:
            return pl.Schema(pl.read_parquet_schema(source))
        except Exception as exc:
            raise InputFileError(f"{name_of(source)}: not a readable Parquet file ({exc})") from exc
    import pyarrow.parquet as pq

    try:
        if isinstance(source, StreamInput):
            with source.open() as fh:
                arrow = pq.read_schema(fh)
        else:
            open_raw(source).close()  # a clear error for a missing file or a directory
            arrow = pq.read_schema(source)
    except InputFileError:
        raise
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise InputFileError(f"{name_of(source)}: not a readable Parquet file ({exc})") from exc
    try:
        return pl.Schema(pl.from_arrow(arrow.empty_table()).schema)  # type: ignore[union-attr]
    except Exception as exc:
        raise InputFileError(f"{name_of(source)}: Parquet schema not supported ({exc})") from exc


def _header(source: Input) -> list[str]:
    fmt = format_of(source)
    if fmt is Format.PARQUET:
        return list(_parquet_schema(source).names())
    if fmt is Format.JSONL:
        return read_json_keys(source)
    return list(read_csv_header(source))


def detect_kind(source: Input) -> RecordKind:
    """Which record kind an input holds, from its header (for JSON lines, the first object's keys)."""
    contract = contract_for_header(_header(source))
    if contract is None:
        raise DataContractError(
            f"{name_of(source)}: header has none of call_id / sms_id / number; "
            "not a calls, messages or subscribers file"
        )
    return contract.kind


def _check_columns(name: str, header: Sequence[str], contract: Contract) -> None:
    twice = sorted(c for c, n in Counter(header).items() if n > 1 and c in contract.names)
    if twice:
        raise DataContractError(f"{name}: column(s) {', '.join(twice)} appear more than once in the header")
    missing = [c for c in contract.required if c not in header]
    if missing:
        raise DataContractError(
            f"{name}: not a {contract.kind.value} file: required column(s) missing: {', '.join(missing)}"
        )


#: Parquet types a contract column can be read from (anything else is refused as a whole file).
def _scalar(dtype: pl.DataType) -> bool:
    return dtype.is_numeric() or isinstance(
        dtype, pl.String | pl.Boolean | pl.Datetime | pl.Date | pl.Categorical | pl.Enum | pl.Null
    )


class RecordReader:
    """Iterate over accepted record batches of one kind; ``summary`` holds the counts so far."""

    def __init__(
        self,
        paths: Sequence[Input],
        kind: RecordKind | None = None,
        quarantine: QuarantineSink | None = None,
        batch_rows: int = 200_000,
        dedupe: bool = True,
        progress: Progress | None = None,
        digit_codes: Collection[str] = (),
        keep_raw: bool = False,
        keep_lines: bool = False,
        merge_rows: int = 0,
    ) -> None:
        """``paths``: files, or ``StreamInput``s (bodies in memory or streams). ``digit_codes``: batches
        also carry the codes of these columns' digit strings found on the way (``validate_frame``),
        for detection. ``keep_raw``: batches also carry ``_raw``, each row's text as read, for callers
        that may quarantine accepted rows later (late records). ``keep_lines``: for callers that
        quarantine only a few: batches carry ``_line`` instead, and ``raw_text`` makes the text of just
        those lines (the text of every row, joined from its fields, cost a tenth of the read).
        ``merge_rows``: blocks of consecutive inputs are validated together up to this many rows
        (0: each block alone), for many small inputs read at once: validating a block costs some
        70 small frame operations whatever its size (20 ms for a file of 4,000 calls, against 1 ms
        of its share of a big block). Everything else stays per input: the batches handed on (each
        from one input, named by ``current``), the quarantine, and duplicates, which are then found
        within each input only (a caller that reads inputs apart finds those across them)."""
        if not paths:
            raise InputFileError("no input files given")
        self.inputs: list[Input] = [p if isinstance(p, StreamInput) else Path(p) for p in paths]
        self.kind = kind or detect_kind(self.inputs[0])
        self.contract: Contract = CONTRACTS[self.kind]
        self.quarantine = quarantine
        self.batch_rows = batch_rows
        self.seen = SeenIds() if dedupe else None
        self.progress = progress
        self.digit_codes = digit_codes
        self.keep_raw = keep_raw
        self.keep_lines = keep_lines
        self.merge_rows = merge_rows
        self._seen_by: dict[str, SeenIds] = {}  # per input, when merging
        #: The input of the batch last handed on (or being observed: ``raw_observers``).
        self.current: str | None = None
        self._last: _Raw | None = None  # the batch last handed on (``raw_text``)
        self.summary = ReadSummary(kind=self.kind.value, files=[name_of(p) for p in self.inputs])
        #: See every batch as read, before it is deduplicated (text as written; rows validation
        #: rejects too), in input order, in the reading thread while the helper validates it.
        self.raw_observers: list[Callable[[pl.DataFrame], None]] = []
        self.total_bytes = sum(size_of(p) for p in self.inputs)
        self._done_bytes = 0

    def __iter__(self) -> Iterator[pl.DataFrame]:
        # Each batch is validated in a helper thread while the one before is finished (deduplicated,
        # quarantined, handed on) here, so the caller's work on a batch overlaps the next batch's
        # checks. Everything visible happens in input order, as if one batch were read at a time.
        with ThreadPoolExecutor(max_workers=1) as pool:
            ahead: tuple[list[_Raw], Future[list[_Checked]] | None] | None = None
            groups = self._groups()
            while True:
                try:
                    group = next(groups)
                except StopIteration:
                    break
                except BaseException as exc:
                    if ahead is not None:  # what was read before the problem still counts
                        yield from self._complete_group(*ahead)
                    if isinstance(exc, InputReadError):
                        raise self._fault(exc) from exc
                    raise
                job = None
                if any(item.frame is not None for item in group):
                    job = pool.submit(self._validated_group, group)
                if ahead is not None:
                    yield from self._complete_group(*ahead)
                ahead = (group, job)
            if ahead is not None:
                yield from self._complete_group(*ahead)

    def _groups(self) -> Iterator[list[_Raw]]:
        """The blocks as read, one at a time, or (``merge_rows``) consecutive blocks of one shape
        taken together up to ``merge_rows`` rows; a problem reading comes after the blocks before it."""
        if self.merge_rows <= 0:
            for item in self._raw():
                yield [item]
            return
        group: list[_Raw] = []
        rows = 0
        try:
            for item in self._raw():
                if item.frame is not None and group and not _mergeable(group, item):
                    yield group
                    group, rows = [], 0
                group.append(item)
                rows += item.frame.height if item.frame is not None else 0
                if rows >= self.merge_rows:
                    yield group
                    group, rows = [], 0
        except BaseException:
            if group:
                yield group
            raise
        if group:
            yield group

    def _validated_group(self, group: list[_Raw]) -> list[_Checked]:
        """``_validated`` of each block of ``group`` that has rows (None for the others), the blocks
        validated as one frame: their lines are told apart by the block's place in the high bits."""
        framed = [(k, item) for k, item in enumerate(group) if item.frame is not None]
        out: list[_Checked] = [None] * len(group)
        if len(framed) == 1:
            k, item = framed[0]
            assert item.frame is not None
            out[k] = self._validated(item, item.frame)
            return out
        tagged = [
            item.frame.with_columns(pl.col(LINE) + (k << _LINE_BITS))
            for k, item in framed
            if item.frame is not None
        ]
        good, rejected = self._validated(framed[0][1], pl.concat(tagged))
        for k, _ in framed:
            out[k] = (_untagged(good, k), _untagged(rejected, k))
        return out

    def _complete_group(
        self, group: list[_Raw], job: Future[list[_Checked]] | None
    ) -> Iterator[pl.DataFrame]:
        checked = job.result() if job is not None else [None] * len(group)
        for item, one in zip(group, checked, strict=True):
            yield from self._complete(item, one)

    def _validated(self, item: _Raw, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The helper thread's work on a batch."""
        return validate_frame(
            frame,
            self.contract,
            item.original,
            self.digit_codes,
            with_raw=item.raw is None and item.joined is None,
        )

    def _fault(self, fault: InputReadError) -> InputFileError:
        s = self.summary
        return InputFileError(
            f"{fault}; {s.rows:,} record(s) read before it: {s.accepted:,} accepted, "
            f"{s.quarantined:,} quarantined"
        )

    def _raw(self) -> Iterator[_Raw]:
        for source in self.inputs:
            fmt = format_of(source)
            if fmt is Format.PARQUET:
                yield from self._parquet(source)
            elif fmt is Format.JSONL:
                yield from self._jsonl(source)
            else:
                yield from self._csv(source)

    def _tick(self, done: int) -> None:
        if self.progress is not None:
            self.progress(self._done_bytes + done, self.total_bytes)

    def _csv(self, source: Input) -> Iterator[_Raw]:
        """The input is opened and read once: the header, then clean blocks the fast way, then (from
        the first block that is not clean) the rest the careful way."""
        name = name_of(source)
        size = size_of(source)
        with open_input(source) as fh:
            lines = LineReader(fh, name)
            header = list(header_of(lines))
            _check_columns(name, header, self.contract)
            wanted = [c for c in self.contract.names if c in header]
            fast = FastBlocks(fh, header, wanted, lines.number + 1, lines.bytes_read)
            for block in _read_ahead(fast):
                frame = block.frame if block.frame.height else None
                yield _Raw(
                    name,
                    frame,
                    wanted,
                    block.rejects,
                    block.blank_lines,
                    min(block.bytes_read, size) if size else None,
                    raw=block.raw,
                    joined=list(header) if block.raw is None else None,
                )
            if fast.rest is not None:
                with fast.rest as rest:
                    at = (fast.next_line, fast.bytes_read, size)
                    yield from self._careful(name, rest, header, wanted, *at)
        yield _Raw(name, file_bytes=size)

    def _careful(
        self,
        name: str,
        fh: BinaryIO,
        header: list[str],
        wanted: list[str],
        first_line: int,
        done_before: int,
        size: int,
    ) -> Iterator[_Raw]:
        """Records of ``fh`` (the rest of input ``name`` from line ``first_line``) read the careful way."""
        csv_source = CsvSource(Path(name), self.batch_rows, _MULTILINE)
        # The first occurrence of each wanted column (repeated names outside the contract are ignored).
        positions = [header.index(c) for c in wanted]
        for raw in csv_source.batches_from(fh, tuple(header), first_line):
            frame = texts = None
            if raw.lines:
                data: dict[str, list[str] | list[int]] = {
                    c: raw.column(i) for c, i in zip(wanted, positions, strict=True)
                }
                data[LINE] = raw.lines
                frame = pl.DataFrame(data, schema={**dict.fromkeys(wanted, pl.String), LINE: pl.Int64})
                texts = _texts(raw.lines, raw.raws)
            done = min(done_before + csv_source.bytes_read, size) if size else None
            yield _Raw(name, frame, wanted, raw.rejects, raw.blank_lines, done, raw=texts)

    def _jsonl(self, source: Input) -> Iterator[_Raw]:
        name = name_of(source)
        size = size_of(source)
        names = list(self.contract.names)
        json_source = JsonLinesSource(source, names, self.batch_rows)
        for raw in json_source.batches():
            frame = texts = None
            if raw.lines:
                data: dict[str, list[str | None] | list[int]] = dict(raw.columns)
                data[LINE] = raw.lines
                frame = pl.DataFrame(data, schema={**dict.fromkeys(names, pl.String), LINE: pl.Int64})
                texts = _texts(raw.lines, raw.raws)
            done = min(json_source.bytes_read, size) if size else None
            yield _Raw(name, frame, names, raw.rejects, raw.blank_lines, done, raw=texts)
        yield _Raw(name, file_bytes=size)

    def _rejects(self, name: str, rejects: list[RawReject], blank_lines: int) -> None:
        self.summary.blank_lines += blank_lines
        for reject in rejects:
            self.summary.reject(reject.reason)
        if self.quarantine is not None and rejects:
            self.quarantine.write(name, self.kind.value, ((r.line, r.reason, r.raw) for r in rejects))

    def _parquet(self, source: Input) -> Iterator[_Raw]:
        name = name_of(source)
        schema = _parquet_schema(source)
        _check_columns(name, schema.names(), self.contract)
        nested = [c for c in self.contract.names if c in schema and not _scalar(schema[c])]
        if nested:
            found = ", ".join(f"{c} is {schema[c]}" for c in nested)
            raise DataContractError(
                f"{name}: column(s) of a type that cannot be read as text or numbers: {found}"
            )
        # Columns outside the contract are ignored, but kept in the raw text when they are plain values.
        keep = [c for c in schema.names() if _scalar(schema[c])]
        size = size_of(source)
        total_rows = self._rows(source)
        offset = 0
        try:
            for batch in self._parquet_batches(source, keep):
                n = batch.height
                if n == 0:
                    continue
                frame = batch.rechunk()  # batches come in pieces; every step after is faster on one
                frame = frame.with_columns(
                    pl.int_range(offset + 1, offset + n + 1, dtype=pl.Int64).alias(LINE)
                )
                offset += n
                yield _Raw(name, frame, keep, done_bytes=int(size * offset / total_rows))
        except (pl.exceptions.PolarsError, *READ_ERRORS) as exc:
            raise InputReadError(name, offset, f"unreadable Parquet data ({exc})") from exc
        except Exception as exc:  # pyarrow's errors for damaged pages
            if type(exc).__module__.startswith("pyarrow"):
                raise InputReadError(name, offset, f"unreadable Parquet data ({exc})") from exc
            raise
        yield _Raw(name, file_bytes=size)

    @staticmethod
    def _rows(source: Input) -> int:
        if isinstance(source, Path):
            try:  # from the footer alone
                return max(int(pl.scan_parquet(source).select(pl.len()).collect().item()), 1)
            except Exception as exc:
                raise InputFileError(f"{name_of(source)}: not a readable Parquet file ({exc})") from exc
        import pyarrow.parquet as pq

        try:
            if isinstance(source, StreamInput):
                with source.open() as fh:
                    rows = int(pq.ParquetFile(fh).metadata.num_rows)
            else:
                rows = int(pq.ParquetFile(source).metadata.num_rows)
        except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
            raise InputFileError(f"{name_of(source)}: not a readable Parquet file ({exc})") from exc
        return max(rows, 1)

    def _parquet_batches(self, source: Input, columns: list[str]) -> Iterator[pl.DataFrame]:
        if isinstance(source, Path):
            # Polars' own reader, in batches: several times faster than pyarrow's, less memory.
            yield from pl.scan_parquet(source).select(columns).collect_batches(chunk_size=self.batch_rows)
            return
        import pyarrow.parquet as pq

        with source.open() as fh:
            for batch in pq.ParquetFile(fh).iter_batches(batch_size=self.batch_rows, columns=columns):
                frame = pl.from_arrow(batch)
                assert isinstance(frame, pl.DataFrame)
                yield frame

    def _complete(self, item: _Raw, checked: _Checked) -> Iterator[pl.DataFrame]:
        self._rejects(item.name, item.rejects, item.blank_lines)
        if checked is not None:
            assert item.frame is not None
            # The raw observers see each batch here, in input order (with the group before it being
            # validated: validation is the longest stage of the read).
            self.current = item.name
            for observe in self.raw_observers:
                observe(item.frame)
            good, rejected = checked
            if item.raw is not None or item.joined is not None:
                rejected = rejected.join(_raw_of(item, rejected[LINE]), on=LINE, how="left")
            yield from self._finish(item, good, rejected)
        if item.done_bytes is not None:
            self._tick(item.done_bytes)
        self._done_bytes += item.file_bytes

    def _finish(self, item: _Raw, good: pl.DataFrame, rejected: pl.DataFrame) -> Iterator[pl.DataFrame]:
        """Accepted rows of a validated batch, deduplicated; every rejected row quarantined."""
        seen = self.seen
        if seen is not None and self.merge_rows > 0:
            seen = self._seen_by.setdefault(item.name, SeenIds())
        if seen is not None and good.height:
            keep = pl.Series(seen.first_occurrences(good[self.contract.id_column]))
            if not keep.all():
                duplicate = f"{reasons.DUPLICATE_ID}: {self.contract.id_column} seen before"
                lines = good.filter(~keep).select(LINE)
                dups = lines.join(_raw_of(item, lines[LINE]), on=LINE, how="left").select(
                    LINE, pl.lit(duplicate).alias(REASON), RAW
                )
                rejected = pl.concat([rejected, dups])
                good = good.filter(keep)
        for reason, n in rejected.group_by(REASON).len().iter_rows():
            self.summary.reject(reason, n)
        if self.quarantine is not None and rejected.height:
            self.quarantine.write(item.name, self.kind.value, rejected.sort(LINE).iter_rows())
        if good.height:
            tcol = self.contract.time_column
            first = good[tcol].min() if tcol else None
            last = good[tcol].max() if tcol else None
            self.summary.accept(good.height, first, last)  # type: ignore[arg-type]
            if self.keep_raw:
                good = good.with_columns(_raw_of(item, good[LINE])[RAW])  # both in input order
            self.current = item.name
            if self.keep_lines:
                self._last = item
                yield good
                self._last = None
            else:
                yield good.drop(LINE)

    def raw_text(self, lines: pl.Series) -> list[str]:
        """The text as read of ``lines`` (``_line`` values, ascending) of the batch this reader
        handed on last (``keep_lines``), asked before it reads on."""
        assert self._last is not None, "raw_text of a batch no longer held"
        return _raw_of(self._last, lines)[RAW].to_list()


_END = object()

#: A block's validated rows and rejects (None: a block without rows).
_Checked = tuple[pl.DataFrame, pl.DataFrame] | None
#: Lines of merged blocks carry the block's place above this bit (a file's lines stay below it).
_LINE_BITS = 40


def _mergeable(group: list[_Raw], item: _Raw) -> bool:
    """Whether ``item`` is validated the same way as the blocks of ``group`` with rows."""
    first = next((g for g in group if g.frame is not None), None)
    if first is None:
        return True
    assert first.frame is not None
    assert item.frame is not None
    return (
        first.frame.schema == item.frame.schema
        and first.original == item.original
        and (first.raw is None and first.joined is None) == (item.raw is None and item.joined is None)
    )


def _untagged(frame: pl.DataFrame, k: int) -> pl.DataFrame:
    """The rows of block ``k`` of a merged frame, with their own line numbers."""
    tag = pl.col(LINE) // (1 << _LINE_BITS)
    return frame.filter(tag == k).with_columns(pl.col(LINE) - (k << _LINE_BITS))


def _read_ahead(items: Iterable[T]) -> Iterator[T]:
    """The items of ``items``, each next one made in a helper thread while the caller works on the
    one before (reading and splitting a block of a CSV file overlaps validating the block before).
    The iterator is only ever advanced by one thread at a time, and not at all once this ends."""
    it = iter(items)
    with ThreadPoolExecutor(max_workers=1) as pool:
        ahead = pool.submit(next, it, _END)
        while True:
            item = ahead.result()
            if item is _END:
                return
            ahead = pool.submit(next, it, _END)
            yield cast(T, item)


def _texts(lines: list[int], raws: list[str]) -> pl.DataFrame:
    return pl.DataFrame({LINE: lines, RAW: raws}, schema={LINE: pl.Int64, RAW: pl.String})


def _raw_of(item: _Raw, lines: pl.Series) -> pl.DataFrame:
    """``_line`` and ``_raw`` of these ``lines`` of a batch (in its order): its text as read, or (from
    the fast path) its fields joined by commas, or (Parquet) its fields written as a CSV line."""
    assert item.frame is not None
    frame = item.raw if item.raw is not None else item.frame
    if not lines.len():  # most batches reject nothing: no pass over the batch to find no line
        return pl.DataFrame(schema={LINE: frame.schema[LINE], RAW: pl.String})
    if lines.len() != frame.height:
        frame = frame.filter(pl.col(LINE).is_in(lines.implode()))
    if item.raw is not None:
        return frame
    if item.joined is not None:
        return frame.select(LINE, pl.concat_str(item.joined, separator=",").alias(RAW))
    return frame.select(LINE, csv_line(item.original).alias(RAW))


@dataclass
class _Raw:
    """A batch as read (before validation), the rows its reading rejected, and progress."""

    name: str
    frame: pl.DataFrame | None = None
    original: list[str] = field(default_factory=list)
    rejects: list[RawReject] = field(default_factory=list)
    blank_lines: int = 0
    done_bytes: int | None = None  # of this input, after this batch
    file_bytes: int = 0  # set on the marker after an input's last batch
    raw: pl.DataFrame | None = None  # ``_line``, ``_raw``: the text of each row as read
    joined: list[str] | None = None  # or: these columns of ``frame`` joined by commas are that text


def read_frame(
    paths: Sequence[Input],
    kind: RecordKind | None = None,
    quarantine: QuarantineSink | None = None,
    progress: Progress | None = None,
    columns: Sequence[str] | None = None,
) -> tuple[pl.DataFrame, ReadSummary]:
    """Read whole inputs into one frame (for inputs that fit in memory) with their summary; with
    ``columns``, only those (``frame_of``)."""
    reader = RecordReader(paths, kind, quarantine, progress=progress)
    return frame_of(reader, columns), reader.summary


def frame_of(reader: RecordReader, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """Every batch of ``reader`` in one frame. With ``columns``, each batch keeps only those (of its
    contract's) as it is read: every row is validated as before, and a caller that needs a few columns
    of 10M rows does not hold the rest."""
    schema = canonical_schema(reader.contract)
    keep = list(schema) if columns is None else [c for c in columns if c in schema]
    frames = [batch.select(keep) if columns is not None else batch for batch in reader]
    return pl.concat(frames) if frames else pl.DataFrame(schema={c: schema[c] for c in keep})
