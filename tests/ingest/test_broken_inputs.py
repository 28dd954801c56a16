"""Whatever a hostile or careless user feeds ``ringfence validate``: a one-line reason and exit 2, or
rows read and quarantined as they should be; never a traceback. Rows read before a fault count."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from ringfence.cli.main import get_app
from ringfence.errors import InputFileError
from ringfence.ingest import QuarantineFile, RecordKind, RecordReader
from ringfence.ingest.lines import MAX_LINE_BYTES
from tests.ingest import broken


def _good_csv(n: int, start: int = 0) -> str:
    return "\n".join([broken.HEADER] + [broken.good(i) for i in range(start, start + n)]) + "\n"


def _validate(tmp_path: Path, *args: str) -> tuple[int, str, list[dict[str, object]] | None]:
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(get_app(), ["validate", *args, "-q", str(out), "--json"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    summary = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, result.output, summary


def _error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    assert len(lines) == 1, output
    assert lines[0].startswith("error:")
    return lines[0]


def test_truncated_gzip_is_an_error_after_the_rows_before_it(tmp_path: Path) -> None:
    data = gzip.compress(_good_csv(3000).encode())
    path = tmp_path / "calls.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    code, output, _ = _validate(tmp_path, str(path))
    assert code == 2
    line = _error_line(output)
    assert "truncated" in line
    assert "read before it" in line
    qpath = tmp_path / "q2.csv"
    with QuarantineFile(qpath) as sink:
        reader = RecordReader([path], RecordKind.CALLS, sink)
        frames: list[pl.DataFrame] = []
        with pytest.raises(InputFileError, match=r"truncated.*record\(s\) read before it") as err:
            frames.extend(reader)
        accepted = sum(f.height for f in frames)
    assert 0 < reader.summary.rows < 3000
    assert reader.summary.accepted == accepted
    assert reader.summary.balanced
    assert f"{reader.summary.rows:,} record(s)" in str(err.value)


def test_plain_file_named_gz(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv.gz"
    path.write_text(_good_csv(5), encoding="utf-8")
    code, output, _ = _validate(tmp_path, str(path))
    assert code == 2
    assert "not a gzip file" in _error_line(output)


def test_parquet_with_nested_columns(tmp_path: Path) -> None:
    base = {
        "call_id": ["a", "b"],
        "callee": ["13987654321"] * 2,
        "start_time": ["2026-11-24T08:00:00+08:00"] * 2,
        "duration_s": [10, 20],
    }
    nested = tmp_path / "nested.parquet"
    pl.DataFrame({**base, "caller": [["13812345678"], ["1"]]}).write_parquet(nested)
    code, output, _ = _validate(tmp_path, str(nested))
    assert code == 2
    assert "caller is List" in _error_line(output)
    extra = tmp_path / "extra.parquet"
    pl.DataFrame({**base, "caller": ["13812345678"] * 2, "meta": [{"x": 1}, {"x": 2}]}).write_parquet(extra)
    code, output, summary = _validate(tmp_path, str(extra))
    assert code == 0, output
    assert summary is not None
    assert summary[0]["accepted"] == 2


def test_duplicated_column_name(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(broken.HEADER + ",caller\n" + broken.good(1) + ",13800000000\n", encoding="utf-8")
    code, output, _ = _validate(tmp_path, str(path))
    assert code == 2
    assert "caller appear" in _error_line(output)
    ok = tmp_path / "extra.csv"  # a repeated name outside the contract is only ignored
    ok.write_text(broken.HEADER + ",note,note\n" + broken.good(1) + ",a,b\n", encoding="utf-8")
    code, output, summary = _validate(tmp_path, str(ok))
    assert code == 0, output
    assert summary is not None
    assert summary[0]["accepted"] == 1


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.csv", b"", "empty file"),
        ("garbage.csv", bytes(range(256)) * 40, "not valid UTF-8"),
        ("garbage2.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(7, 250)) * 3, "not valid UTF-8"),
        ("text.csv", b"hello world\nthis is not a record file\n", "call_id"),
        ("truncated.parquet", None, "not a readable Parquet file"),
        ("nothing.jsonl", b"\n\n", "no JSON object"),
    ],
)
def test_unreadable_inputs_are_one_line_errors(
    tmp_path: Path, name: str, content: bytes | None, expected: str
) -> None:
    path = tmp_path / name
    if content is None:
        whole = tmp_path / "whole.parquet"
        pl.read_csv(_good_csv(50).encode(), infer_schema=False).write_parquet(whole)
        data = whole.read_bytes()
        content = data[: len(data) // 2]
    path.write_bytes(content)
    code, output, _ = _validate(tmp_path, str(path))
    assert code == 2
    assert expected in _error_line(output)


def test_directory_and_missing_file(tmp_path: Path) -> None:
    (tmp_path / "dir.csv").mkdir()
    code, output, _ = _validate(tmp_path, str(tmp_path / "dir.csv"))
    assert code == 2
    assert "directory" in _error_line(output)
    code, output, _ = _validate(tmp_path, str(tmp_path / "nope.csv"), "--kind", "calls")
    assert code == 2
    assert "no such file" in _error_line(output)


def test_header_only(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(broken.HEADER + "\n", encoding="utf-8")
    code, _, summary = _validate(tmp_path, str(path))
    assert code == 0
    assert summary is not None
    assert summary[0]["rows"] == 0


@pytest.mark.parametrize("quoted", [False, True])
def test_an_extremely_long_line_is_quarantined_not_held(tmp_path: Path, quoted: bool) -> None:
    long_line = broken.good(2, caller_region="x" * (MAX_LINE_BYTES + 10))
    lines = [broken.HEADER, broken.good(1), long_line, broken.good(3)]
    if quoted:
        lines.append(broken.good(4, caller_region='"成都, 中国"'))
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, output, summary = _validate(tmp_path, str(path))
    assert code == 0, output
    assert summary is not None
    assert summary[0]["accepted"] == (3 if quoted else 2)
    assert summary[0]["reasons"] == {"line_too_long": 1}
    rows = list(csv.DictReader((tmp_path / "q.csv").open(encoding="utf-8", newline="")))
    assert rows[0]["line"] == "3"
    assert len(rows[0]["raw"]) < 10_000


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_crlf_and_cr_only_line_ends(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(_good_csv(20).replace("\n", ending).encode())
    code, output, summary = _validate(tmp_path, str(path))
    assert code == 0, output
    assert summary is not None
    assert summary[0]["accepted"] == 20
    assert summary[0]["quarantined"] == 0


def test_bom_in_the_middle_of_concatenated_files(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_bytes(
        b"\xef\xbb\xbf" + _good_csv(5).encode() + b"\xef\xbb\xbf" + _good_csv(5, start=5).encode()
    )
    code, output, summary = _validate(tmp_path, str(path))
    assert code == 0, output
    assert summary is not None
    assert summary[0]["accepted"] == 10
    assert summary[0]["quarantined"] == 1  # the second header, as a row
    rows = list(csv.DictReader((tmp_path / "q.csv").open(encoding="utf-8", newline="")))
    assert rows[0]["line"] == "7"


def test_detect_reports_a_broken_input_in_one_line(tmp_path: Path) -> None:
    data = gzip.compress(_good_csv(3000).encode())
    path = tmp_path / "calls.csv.gz"
    path.write_bytes(data[: len(data) // 2])
    result = CliRunner().invoke(get_app(), ["detect", "--calls", str(path), "--out", str(tmp_path / "f.csv")])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "truncated" in _error_line(result.output)


def test_corrupt_gzip_and_parquet_data(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(_good_csv(3000).encode()))
    data[len(data) // 2 : len(data) // 2 + 64] = bytes(64)
    gz = tmp_path / "calls.csv.gz"
    gz.write_bytes(bytes(data))
    code, output, _ = _validate(tmp_path, str(gz))
    assert code == 2
    assert "gzip" in _error_line(output)
    whole = tmp_path / "whole.parquet"
    frame = pl.read_csv(_good_csv(20000).encode(), infer_schema=False)
    frame.write_parquet(whole, compression="uncompressed", row_group_size=5000)
    pq = bytearray(whole.read_bytes())
    middle = len(pq) // 2
    pq[middle : middle + 4096] = b"\xff" * 4096
    bad = tmp_path / "calls.parquet"
    bad.write_bytes(bytes(pq))
    code, output, summary = _validate(tmp_path, str(bad))
    # Damaged values inside a page may still decode (then they are validated like any other value);
    # damaged structure must be a one-line error.
    if code != 0:
        assert code == 2
        assert "Parquet" in _error_line(output)
    else:
        assert summary is not None
        assert summary[0]["rows"] == 20000


def test_validate_never_prints_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a bug on the way is one line and exit 2."""
    from ringfence.ingest import reader

    def broken_check(*_: object, **__: object) -> None:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(reader, "validate_frame", broken_check)
    path = tmp_path / "calls.csv"
    path.write_text(_good_csv(3), encoding="utf-8")
    code, output, _ = _validate(tmp_path, str(path))
    assert code == 2
    assert "ZeroDivisionError: a bug" in _error_line(output)
