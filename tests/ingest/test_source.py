"""Readers read streams as they read files: same rows, same quarantine, any of the four formats."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import polars as pl
import pytest

from ringfence.ingest import Format, QuarantineList, RecordKind, RecordReader, StreamInput, detect_kind
from tests.ingest import broken


def _bodies() -> dict[Format, bytes]:
    lines = (
        [broken.HEADER]
        + [broken.good(i) for i in range(5)]
        + [broken.good(9, duration_s="-1"), broken.good(1)]
    )
    csv_body = ("\n".join(lines) + "\n").encode()
    frame = pl.read_csv(csv_body, infer_schema=False)
    parquet = io.BytesIO()
    frame.write_parquet(parquet)
    jsonl = "\n".join(json.dumps(r, ensure_ascii=False) for r in frame.to_dicts()) + "\n"
    return {
        Format.CSV: csv_body,
        Format.CSV_GZ: gzip.compress(csv_body),
        Format.JSONL: jsonl.encode(),
        Format.PARQUET: parquet.getvalue(),
    }


@pytest.mark.parametrize("fmt", list(Format))
def test_a_stream_reads_like_the_file(tmp_path: Path, fmt: Format) -> None:
    body = _bodies()[fmt]
    suffix = {
        Format.CSV: ".csv",
        Format.CSV_GZ: ".csv.gz",
        Format.JSONL: ".jsonl",
        Format.PARQUET: ".parquet",
    }
    path = tmp_path / f"calls{suffix[fmt]}"
    path.write_bytes(body)
    stream = StreamInput.of_bytes("upload", body, fmt)
    assert detect_kind(stream) is RecordKind.CALLS
    results = []
    for source in (path, stream):
        sink = QuarantineList()
        reader = RecordReader([source], quarantine=sink)
        frame = pl.concat(list(reader))
        results.append((frame, [(line, reason.split(":")[0]) for line, reason, _ in sink.rows]))
        assert reader.summary.balanced
    (file_frame, file_rejects), (stream_frame, stream_rejects) = results
    assert file_frame.equals(stream_frame)
    assert file_frame.height == 5
    first = 7 if fmt in (Format.CSV, Format.CSV_GZ) else 6  # CSV lines count the header
    assert file_rejects == stream_rejects == [(first, "negative_duration"), (first + 1, "duplicate_id")]


def test_a_stream_that_breaks_is_an_error_after_its_rows(tmp_path: Path) -> None:
    body = gzip.compress(("\n".join([broken.HEADER] + [broken.good(i) for i in range(2000)]) + "\n").encode())
    stream = StreamInput.of_bytes("upload", body[: len(body) // 2], Format.CSV_GZ)
    reader = RecordReader([stream], RecordKind.CALLS)
    frames: list[pl.DataFrame] = []
    with pytest.raises(Exception, match="upload: the gzip stream is truncated") as err:
        frames.extend(reader)
    assert type(err.value).__name__ == "InputFileError"
    assert sum(f.height for f in frames) == reader.summary.accepted > 0
