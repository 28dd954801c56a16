"""The reader never loses a row: every broken row is quarantined with its line and reason."""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import polars as pl
import pytest

from ringfence.errors import DataContractError, InputFileError
from ringfence.ingest import QuarantineFile, RecordKind, RecordReader, read_frame
from tests.ingest import broken


def _quarantine_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("ending", [b"\n", b"\r\n"])
def test_every_broken_row_is_quarantined_with_its_reason(tmp_path: Path, ending: bytes) -> None:
    src = broken.write(tmp_path / "calls.csv", ending)
    qpath = tmp_path / "q.csv"
    with QuarantineFile(qpath) as sink:
        frame, summary = read_frame([src], quarantine=sink)
    accepted, rejected = broken.expected()
    rows = _quarantine_rows(qpath)
    got = {int(r["line"]): r["reason"].split(":")[0] for r in rows}
    assert got == rejected
    assert frame.height == accepted == summary.accepted
    assert summary.balanced
    assert summary.rows == accepted + len(rejected)
    assert summary.duplicates == 2
    assert summary.blank_lines == 1
    assert len(broken.BROKEN_KINDS) >= 20
    assert all(r["raw"] for r in rows)  # the evidence is kept


def test_rows_after_a_stray_quote_are_recovered(tmp_path: Path) -> None:
    frame, _ = read_frame([broken.write(tmp_path / "calls.csv")])
    assert {"ok-022", "ok-023", "ok-024"} <= set(frame["call_id"])


def test_a_few_columns_are_the_same_rows_validated_the_same(tmp_path: Path) -> None:
    """``columns`` keeps only those of each batch (and ignores names the contract lacks): the rows and
    the quarantine are the full read's."""
    src = broken.write(tmp_path / "calls.csv")
    with QuarantineFile(tmp_path / "all.csv") as sink:
        full, summary = read_frame([src], quarantine=sink)
    with QuarantineFile(tmp_path / "few.csv") as sink:
        few, few_summary = read_frame([src], quarantine=sink, columns=("caller", "start_time", "nope"))
    assert few.columns == ["caller", "start_time"]
    assert few.equals(full.select("caller", "start_time"))
    assert few_summary == summary
    assert _quarantine_rows(tmp_path / "few.csv") == _quarantine_rows(tmp_path / "all.csv")
    ids, _ = read_frame([src], kind=RecordKind.CALLS, columns=("call_id",))
    assert ids["call_id"].to_list() == full["call_id"].to_list()


def test_accepted_rows_are_canonical(tmp_path: Path) -> None:
    frame, _ = read_frame([broken.write(tmp_path / "calls.csv")])
    row = frame.filter(pl.col("call_id") == "ok-024").row(0, named=True)
    assert row["start_time"].isoformat() == "2026-11-24T00:21:07+00:00"  # +08:00 by default
    assert row["caller"] == "+8613812345678"
    first = frame.filter(pl.col("call_id") == "ok-001").row(0, named=True)
    assert first["duration_s"] == 95  # the first delivery wins over the later one with 96
    intl = frame.filter(pl.col("call_id") == "ok-027").row(0, named=True)
    assert intl["origin"] == "international"
    assert intl["caller"] == "+8821234567"
    assert frame.filter(pl.col("call_id") == "ok-026")["duration_s"].item() == 95


def test_duplicates_are_found_across_files_and_batches(tmp_path: Path) -> None:
    lines = [broken.HEADER] + [broken.good(i) for i in range(50)]
    a = tmp_path / "a.csv"
    b = tmp_path / "b.csv.gz"
    a.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with gzip.open(b, "wt", encoding="utf-8") as fh:
        fh.write("\n".join([broken.HEADER] + [broken.good(i) for i in range(25, 75)]) + "\n")
    reader = RecordReader([a, b], batch_rows=7)
    total = sum(f.height for f in reader)
    assert total == 75
    assert reader.summary.duplicates == 25
    assert reader.summary.balanced


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    path = tmp_path / "calls.parquet"
    pl.DataFrame(
        {
            "call_id": ["a", "b", "c", "a"],
            "caller": ["13812345678"] * 4,
            "callee": ["13987654321"] * 4,
            "start_time": pl.Series(
                ["2026-11-24 08:00:00", "2026-11-24 09:00:00", "2026-11-24 10:00:00", "2026-11-24 08:00:00"]
            ).str.to_datetime(),
            "duration_s": [10, -1, 30, 10],
        }
    ).write_parquet(path)
    qpath = tmp_path / "q.csv"
    with QuarantineFile(qpath) as sink:
        frame, summary = read_frame([path], quarantine=sink)
    assert frame["call_id"].to_list() == ["a", "c"]
    assert frame["start_time"][0].isoformat() == "2026-11-24T00:00:00+00:00"  # naive = +08:00
    assert summary.reasons == {"negative_duration": 1, "duplicate_id": 1}
    assert [r["line"] for r in _quarantine_rows(qpath)] == ["2", "4"]


def test_messages_keep_multiline_texts_and_reject_bad_origin(tmp_path: Path) -> None:
    path = tmp_path / "m.csv"
    path.write_text(
        "sms_id,sender,receiver,send_time,text,origin,sender_cell\n"
        'm1,95588,13987654321,2026-11-24T09:00:00+08:00,"line one\nline two",intra,\n'
        "m2,95588,13987654321,2026-11-24T09:00:00+08:00,hi,fake,\n"
        "m3,1069000012345,13987654321,2026-11-24T09:00:00+08:00,,unknown,CD-1\n",
        encoding="utf-8",
    )
    frame, summary = read_frame([path])
    assert frame["sms_id"].to_list() == ["m1", "m3"]
    assert frame["text"][0] == "line one\nline two"
    assert summary.reasons == {"bad_value": 1}


def test_subscribers_refuse_plain_identity_numbers(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "number,id_hash,card_type,birth_year,guardians\n"
        "13987654321,a91f0c2e7d,mobile,1948,13811110000;+8613822220000\n"
        "13812345678,11010519491231002X,mobile,1990,\n"
        "17012340001,77e0d3b4c1,satellite,,\n"
        "13912345678,abcdef123456,mobile,1850,\n",
        encoding="utf-8",
    )
    frame, summary = read_frame([path], kind=RecordKind.SUBSCRIBERS)
    assert frame["number"].to_list() == ["+8613987654321"]
    assert frame["guardians"][0] == "+8613811110000;+8613822220000"
    assert summary.reasons == {"plain_identity_number": 1, "bad_value": 1, "bad_year": 1}


def test_file_level_problems_raise_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(InputFileError, match="empty file"):
        read_frame([empty], kind=RecordKind.CALLS)
    nocols = tmp_path / "nocols.csv"
    nocols.write_text("call_id,caller\nx,1\n", encoding="utf-8")
    with pytest.raises(DataContractError, match="callee, start_time, duration_s"):
        read_frame([nocols])
    with pytest.raises(InputFileError, match="no such file"):
        read_frame([tmp_path / "missing.csv"])
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(DataContractError, match="header"):
        read_frame([other])
