"""Reading many small inputs with their blocks validated together (``merge_rows``) gives each input
exactly what reading it alone gives: the same batches, the same quarantined rows with their own line
numbers, the same duplicates (found within each input only)."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.errors import DataContractError
from ringfence.ingest import RecordKind, RecordReader
from ringfence.ingest.source import Format, StreamInput
from tests.ingest import broken


class _ByFile:
    def __init__(self) -> None:
        self.rows: dict[str, list[tuple[int, str, str]]] = defaultdict(list)

    def write(self, file: str, kind: str, rows: Iterable[tuple[int, str, str]]) -> None:
        self.rows[file].extend(rows)


def _inputs(bodies: list[bytes]) -> list[StreamInput]:
    return [StreamInput.of_bytes(f"calls-{i:03d}.csv", body, Format.CSV) for i, body in enumerate(bodies)]


def _alone(bodies: list[bytes]) -> tuple[dict[str, pl.DataFrame], dict[str, list[tuple[int, str, str]]]]:
    frames, rejects = {}, {}
    for source in _inputs(bodies):
        sink = _ByFile()
        got = list(RecordReader([source], RecordKind.CALLS, sink, keep_raw=True))
        frames[source.name] = pl.concat(got) if got else pl.DataFrame()
        rejects[source.name] = sink.rows.get(source.name, [])
    return frames, rejects


def _merged(
    bodies: list[bytes], merge_rows: int
) -> tuple[dict[str, pl.DataFrame], dict[str, list[tuple[int, str, str]]], RecordReader]:
    sink = _ByFile()
    reader = RecordReader(_inputs(bodies), RecordKind.CALLS, sink, keep_raw=True, merge_rows=merge_rows)
    by_name: dict[str, list[pl.DataFrame]] = defaultdict(list)
    for frame in reader:
        assert reader.current is not None
        by_name[reader.current].append(frame)
    frames = {name: pl.concat(parts) for name, parts in by_name.items()}
    return frames, dict(sink.rows), reader


def _body(rng: random.Random, n: int, ids: list[str]) -> bytes:
    """A file of good rows and broken ones, ids drawn from ``ids`` (repeats within and across)."""
    lines = [broken.HEADER.encode()]
    for _ in range(n):
        if rng.random() < 0.3:
            lines.append(rng.choice(broken.CASES)[1])
        else:
            lines.append(broken.good(0, call_id=rng.choice(ids)).encode())
    return b"\n".join(lines) + b"\n"


def _same(bodies: list[bytes], merge_rows: int) -> None:
    frames, rejects = _alone(bodies)
    merged, merged_rejects, reader = _merged(bodies, merge_rows)
    for source in _inputs(bodies):
        name = source.name
        alone = frames[name]
        if alone.height:
            assert merged[name].equals(alone), name
        else:
            assert name not in merged
        assert merged_rejects.get(name, []) == rejects[name], name
    assert reader.summary.rows == sum(f.height for f in frames.values()) + sum(
        len(r) for r in rejects.values()
    )


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(0, 40), min_size=1, max_size=6),
    st.sampled_from([1, 7, 50, 10_000]),
    st.integers(0, 2**32 - 1),
)
def test_merged_inputs_read_as_each_alone(sizes: list[int], merge_rows: int, seed: int) -> None:
    rng = random.Random(seed)
    ids = [f"id-{i}" for i in range(30)]
    _same([_body(rng, n, ids) for n in sizes], merge_rows)


def test_the_broken_corpus_split_into_files() -> None:
    lines = [row for _, row, _ in broken.CASES]
    bodies = [
        b"\n".join([broken.HEADER.encode(), *lines[i : i + 9]]) + b"\n" for i in range(0, len(lines), 9)
    ]
    _same(bodies, merge_rows=10_000)


def test_blocks_of_another_shape_are_not_merged() -> None:
    a = b"\n".join([broken.HEADER.encode(), broken.good(1).encode()]) + b"\n"
    header = broken.HEADER.replace(",call_type", "")  # one optional column fewer
    row = broken.good(2).rsplit(",", 1)[0]
    b = f"{header}\n{row}\n".encode()
    _same([a, b, a], merge_rows=10_000)


def test_a_file_that_cannot_be_read_stops_the_read_after_the_ones_before() -> None:
    good = b"\n".join([broken.HEADER.encode(), broken.good(1).encode()]) + b"\n"
    bad = b"call_id,callee\nx,13800000000\n"  # required columns missing
    reader = RecordReader(_inputs([good, bad]), RecordKind.CALLS, merge_rows=10_000)
    seen: list[tuple[str | None, int]] = []

    def read_all() -> None:
        for frame in reader:
            seen.append((reader.current, frame.height))

    with pytest.raises(DataContractError, match="required column"):
        read_all()
    assert seen == [("calls-000.csv", 1)]
