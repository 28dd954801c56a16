"""JSON lines (one JSON object per line) as batches of text columns, like ``rawcsv`` gives for CSV.

A JSON string cannot hold a raw line break, so a line is always exactly one record. Each field becomes
text the way it is written: a string as is, a number as its JSON text (``95``, ``95.0``: never through a
float, so ``13812345678`` stays exact), null or an absent key as empty. A line that is not a JSON
object (invalid, nested too deeply to parse, an array, a bare value) or whose contract field is an
object, an array or a boolean is quarantined as ``bad_json`` with the reason; keys outside the contract
are ignored. The raw text kept is the line as read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import BinaryIO

from ringfence.errors import InputFileError
from ringfence.ingest import reasons
from ringfence.ingest.lines import Line, LineReader
from ringfence.ingest.rawcsv import RawReject
from ringfence.ingest.source import Input, InputReadError, name_of, open_input

__all__ = ["JsonBatch", "JsonLinesSource", "read_json_keys"]


@dataclass(slots=True)
class JsonBatch:
    columns: dict[str, list[str | None]]
    lines: list[int] = field(default_factory=list)
    raws: list[str] = field(default_factory=list)
    rejects: list[RawReject] = field(default_factory=list)
    blank_lines: int = 0

    def __len__(self) -> int:
        return len(self.lines)


_TYPE_NAMES = {dict: "an object", list: "an array", bool: "a boolean"}


def _parse(text: str) -> object:
    # Numbers keep their JSON text; NaN / Infinity (accepted by Python, not by JSON) likewise.
    return json.loads(text, parse_int=str, parse_float=str, parse_constant=str)


def _object(line: Line) -> dict[str, object] | str:
    """The line's object, or why it is not one."""
    try:
        value = _parse(line.text)
    except RecursionError:
        return f"{reasons.BAD_JSON}: line is nested too deeply to read"
    except ValueError as exc:
        return f"{reasons.BAD_JSON}: line is not valid JSON ({exc})"
    if not isinstance(value, dict):
        kind = _TYPE_NAMES.get(type(value), "a bare value")
        return f"{reasons.BAD_JSON}: line is {kind}, not a JSON object"
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _raw(line: Line) -> str:
    return line.raw.removesuffix("\n").removesuffix("\r")


def read_json_keys(source: Input, max_lines: int = 100) -> list[str]:
    """The keys of the first JSON object among the input's first lines (to tell its record kind)."""
    with open_input(source) as fh:
        lines = LineReader(fh, name_of(source))
        for _ in range(max_lines):
            line = lines.next_line()
            if line is None:
                break
            if line.problem or not line.text.strip():
                continue
            obj = _object(line)
            if isinstance(obj, dict):
                return list(obj)
    raise InputFileError(f"{name_of(source)}: no JSON object in its first {max_lines} lines")


class JsonLinesSource:
    def __init__(self, source: Input, columns: Sequence[str], batch_rows: int = 200_000) -> None:
        self.source = source
        self.name = name_of(source)
        self.columns = tuple(columns)
        self.batch_rows = batch_rows
        self._lines: LineReader | None = None

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read if self._lines is not None else 0

    def batches(self) -> Iterator[JsonBatch]:
        """Batches of records; on a read fault, the batch read so far and then the ``InputReadError``."""
        with open_input(self.source) as fh:
            yield from self._batches(fh)

    def _new_batch(self) -> JsonBatch:
        return JsonBatch({c: [] for c in self.columns})

    def _batches(self, fh: BinaryIO) -> Iterator[JsonBatch]:
        lines = self._lines = LineReader(fh, self.name)
        batch = self._new_batch()
        fault: InputReadError | None = None
        try:
            while (line := lines.next_line()) is not None:
                lines.take()
                self._line(batch, line)
                if len(batch) >= self.batch_rows:
                    yield batch
                    batch = self._new_batch()
        except InputReadError as exc:
            fault = exc
        yield batch
        if fault is not None:
            raise fault

    def _line(self, batch: JsonBatch, line: Line) -> None:
        if line.problem is None and not line.text.strip():
            batch.blank_lines += 1
            return
        obj = line.problem or _object(line)
        if isinstance(obj, str):
            batch.rejects.append(RawReject(line.number, obj, _raw(line)))
            return
        escapes = "\\u" in line.text  # only a \u escape can make an unpaired surrogate
        values: list[str | None] = []
        for name in self.columns:
            value = obj.get(name)
            reason = None
            if isinstance(value, str):
                if escapes and not _encodable(value):
                    reason = f"{reasons.BAD_JSON}: {name} holds an unpaired surrogate escape"
            elif value is not None:
                kind = _TYPE_NAMES.get(type(value), "not text")
                reason = f"{reasons.BAD_JSON}: {name} is {kind}, not text or a number"
            if reason is not None:
                batch.rejects.append(RawReject(line.number, reason, _raw(line)))
                return
            values.append(value)  # type: ignore[arg-type]
        for name, value in zip(self.columns, values, strict=True):
            batch.columns[name].append(value)
        batch.lines.append(line.number)
        batch.raws.append(_raw(line))
