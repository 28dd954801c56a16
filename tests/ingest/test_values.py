"""Values that used to be accepted silently wrong: impossible UTC offsets, numbers in other digits or
with invisible characters; and the raw text of every quarantined row, exactly as read, whatever the
format and whatever the reason."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import polars as pl
import pytest

from ringfence.ingest import QuarantineFile, RecordKind, RecordReader, read_frame
from ringfence.ingest.contract import CALLS
from ringfence.ingest.validate import code_column, validate_frame
from tests.ingest import broken
from tests.ingest.frames import call_rows


def _quarantine(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("quote", ["", '"'])  # the fast path and the quote-aware one
@pytest.mark.parametrize(
    ("offset", "ok"),
    [
        ("+99:99", False),
        ("+24:00", False),
        ("+14:01", False),
        ("-12:30", False),
        ("+05:60", False),
        ("+14:00", True),
        ("-12:00", True),
        ("+05:45", True),
        ("+0530", True),
    ],
)
def test_utc_offsets_that_cannot_exist_are_quarantined(
    tmp_path: Path, offset: str, ok: bool, quote: str
) -> None:
    times = [f"2026-11-24T08:15:02{offset}", f"2026-11-24T08:15:02.250{offset}"]
    lines = [broken.HEADER] + [
        broken.good(i, start_time=t, caller_cell=f"{quote}CD-1{quote}") for i, t in enumerate(times)
    ]
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, summary = read_frame([path], RecordKind.CALLS)
    if ok:
        assert frame.height == 2
        assert frame["start_time"][0].isoformat()[:16] == frame["start_time"][1].isoformat()[:16]
    else:
        assert frame.height == 0
        assert summary.reasons == {"bad_timestamp": 2}


FULL_WIDTH = "１３８１２３４５６７８"
ARABIC = "١٣٨١٢٣٤٥٦٧٨"
ZERO_WIDTH = "138\u200b1234\u200d5678\ufeff"


def test_numbers_in_other_digits_canonicalise_like_ascii(tmp_path: Path) -> None:
    callers = [FULL_WIDTH, ARABIC, ZERO_WIDTH, "\u202a+8613812345678\u202c", "13812345678"]
    lines = [broken.HEADER] + [broken.good(i, caller=c) for i, c in enumerate(callers)]
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame, summary = read_frame([path], RecordKind.CALLS)
    assert frame["caller"].to_list() == ["+8613812345678"] * 5
    assert summary.accepted == 5
    jsonl = tmp_path / "calls.jsonl"
    jsonl.write_text(
        "\n".join(
            json.dumps(
                {
                    "call_id": f"j{i}",
                    "caller": c,
                    "callee": "13987654321",
                    "start_time": "2026-11-24T08:00:00+08:00",
                    "duration_s": 1,
                }
            )
            for i, c in enumerate(callers)
        ),
        encoding="utf-8",
    )
    frame, _ = read_frame([jsonl], RecordKind.CALLS)
    assert frame["caller"].to_list() == ["+8613812345678"] * 5


def test_a_number_of_nothing_but_invisible_characters_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(broken.HEADER + "\n" + broken.good(1, caller="\u200b\u2060") + "\n", encoding="utf-8")
    frame, summary = read_frame([path], RecordKind.CALLS)
    assert frame.height == 0
    assert summary.reasons == {"missing_required": 1}


def test_an_imei_in_other_digits_is_not_taken_as_another_imei(tmp_path: Path) -> None:
    path = tmp_path / "calls.csv"
    path.write_text(
        broken.HEADER + "\n" + broken.good(1, caller_imei="٨٦١٢٣٤٥٦٧٨٩٠١٢٣") + "\n", encoding="utf-8"
    )
    _, summary = read_frame([path], RecordKind.CALLS)
    assert summary.reasons == {"bad_imei": 1}


def _read_all(path: Path, tmp_path: Path) -> list[dict[str, str]]:
    qpath = tmp_path / f"q-{path.name}.csv"
    with QuarantineFile(qpath) as sink:
        reader = RecordReader([path], RecordKind.CALLS, sink, batch_rows=2)
        for _ in reader:
            pass
    assert reader.summary.balanced
    return _quarantine(qpath)


def test_raw_text_is_kept_as_read_in_every_format(tmp_path: Path) -> None:
    rows = [
        {
            "call_id": "a",
            "caller": " 138 1234 5678 ",
            "callee": "13987654321",
            "start_time": "2026-11-24T08:00:00+08:00",
            "duration_s": "1",
        },
        {
            "call_id": "b",
            "caller": "13812345678",
            "callee": "13987654321",
            "start_time": "2026-11-24T08:00:00+99:99",
            "duration_s": "1",
        },
        {
            "call_id": "a",
            "caller": "１３８１２３４５６７８",
            "callee": "13987654321",
            "start_time": "2026-11-24 08:00",
            "duration_s": "2",
        },
    ]
    # JSON lines: the line itself, for a duplicate too.
    lines = [json.dumps(r, ensure_ascii=False) for r in rows]
    lines[2] = lines[2].replace(", ", ",  ")  # spacing that re-serialising would lose
    jsonl = tmp_path / "calls.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = _read_all(jsonl, tmp_path)
    assert [(r["line"], r["raw"]) for r in got] == [("2", lines[1]), ("3", lines[2])]
    # CSV with extra columns, in another order, with a quoted field (the careful path).
    text = [
        "note,call_id,duration_s,start_time,callee,caller",
        *(
            f'"x, y",{r["call_id"]},{r["duration_s"]},{r["start_time"]},{r["callee"]},{r["caller"]}'
            for r in rows
        ),
    ]
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    got = _read_all(path, tmp_path)
    assert [(r["line"], r["raw"]) for r in got] == [("3", text[2]), ("4", text[3])]
    # The same without quotes (the fast path).
    fast = [t.replace('"x, y"', "x") for t in text]
    path.write_text("\n".join(fast) + "\n", encoding="utf-8")
    got = _read_all(path, tmp_path)
    assert [(r["line"], r["raw"]) for r in got] == [("3", fast[2]), ("4", fast[3])]
    # Parquet has no text: its fields as a CSV line, in the file's column order.
    parquet = tmp_path / "calls.parquet"
    pl.DataFrame(rows).select("duration_s", "call_id", "caller", "callee", "start_time").write_parquet(
        parquet
    )
    got = _read_all(parquet, tmp_path)
    assert [(r["line"], r["raw"]) for r in got] == [
        ("2", "1,b,13812345678,13987654321,2026-11-24T08:00:00+99:99"),
        ("3", "2,a,１３８１２３４５６７８,13987654321,2026-11-24 08:00"),
    ]


def test_keep_raw_carries_each_accepted_rows_text(tmp_path: Path) -> None:
    lines = [
        broken.HEADER,
        broken.good(1),
        broken.good(2, duration_s="-1"),
        broken.good(3, caller=" 138 1234 5678"),
    ]
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    frame = pl.concat(list(RecordReader([path], RecordKind.CALLS, keep_raw=True)))
    assert frame["_raw"].to_list() == [lines[1], lines[3]]
    assert "_raw" not in pl.concat(list(RecordReader([path], RecordKind.CALLS))).columns


def _shapes(lines: list[str], shape: str) -> list[str]:
    """The same rows as a plain file, with a column outside the contract, or with a quoted field."""
    if shape == "extra column":
        return [f"{line},x{i}" for i, line in enumerate(lines)]
    if shape == "quoted":
        return [lines[0], *(line.replace(",intra,", ',"intra",') for line in lines[1:])]
    return lines


@pytest.mark.parametrize("shape", ["plain", "extra column", "quoted"])
def test_keep_lines_gives_the_text_of_the_lines_asked(tmp_path: Path, shape: str) -> None:
    lines = _shapes(
        [
            broken.HEADER,
            broken.good(1),
            broken.good(2, duration_s="-1"),
            broken.good(3, caller=" 138 1234 5678"),
            broken.good(4),
        ],
        shape,
    )
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reader = RecordReader([path], RecordKind.CALLS, keep_lines=True)
    got = []
    for batch in reader:
        assert "_raw" not in batch.columns
        got += reader.raw_text(batch["_line"].gather([0, batch.height - 1]))
    assert got == [lines[1], lines[4]]
    kept = pl.concat(list(RecordReader([path], RecordKind.CALLS, keep_raw=True)))
    assert kept["_raw"].to_list() == [lines[1], lines[3], lines[4]]


@pytest.mark.parametrize("shape", ["plain", "extra column", "quoted"])
def test_late_records_keep_their_text_whichever_way_it_is_made(tmp_path: Path, shape: str) -> None:
    """Detection splits late records off as it reads (the text made for them alone); a caller holding
    the batches gets every row's text: the quarantine is the same."""
    from ringfence.detect.columnar import file_records
    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection

    lines = [broken.HEADER] + [
        broken.good(i, start_time=f"2026-11-24T{8 + i:02d}:00:00+08:00") for i in range(1, 6)
    ]
    lines.insert(3, broken.good(8, start_time="2026-11-24T02:00:00+08:00"))
    lines.append(broken.good(9, start_time="2026-11-24T01:00:00+08:00", caller=" +86 138-1234-5678 "))
    lines = _shapes(lines, shape)
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raws = []
    for split_as_read in (True, False):
        qpath = tmp_path / f"q-{split_as_read}.csv"
        with QuarantineFile(qpath) as sink:
            source = file_records([path], RecordKind.CALLS, sink, split_as_read=split_as_read)
            result, _ = run_detection(source, load_policy(), quarantine=sink, allowed_lateness_s=3600)
        assert result.late == 2
        raws.append([r["raw"] for r in _quarantine(qpath)])
    assert raws[0] == raws[1] == [lines[3], lines[-1]]


def test_a_late_record_is_quarantined_with_its_text_as_read(tmp_path: Path) -> None:
    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection

    lines = [broken.HEADER] + [
        broken.good(i, start_time=f"2026-11-24T{8 + i:02d}:00:00+08:00") for i in range(1, 6)
    ]
    late = broken.good(9, start_time="2026-11-24T01:00:00+08:00", caller=" +86 138-1234-5678 ")
    path = tmp_path / "calls.csv"
    path.write_text("\n".join([*lines, late]) + "\n", encoding="utf-8")
    qpath = tmp_path / "q.csv"
    with QuarantineFile(qpath) as sink:
        result, _ = run_detection([path], load_policy(), quarantine=sink, allowed_lateness_s=3600)
    assert result.late == 1
    assert [r["raw"] for r in _quarantine(qpath)] == [late]


def test_a_phones_imei_and_imeisv_are_one_handset(tmp_path: Path) -> None:
    """A switch writes the IMEI on circuit-switched calls and the IMEISV on VoLTE ones: both are read
    as the 15-digit IMEI (``handsets.handset_id``), a bare 14-digit body too; a placeholder is no
    handset (the call is kept, its handset unknown)."""
    path = tmp_path / "calls.csv"
    rows = [
        broken.good(1, caller_imei="490154203237518"),
        broken.good(2, caller_imei="4901542032375103"),
        broken.good(3, caller_imei="4901542032375117"),
        broken.good(4, caller_imei="49015420323751"),
        broken.good(5, caller_imei="490154203237519"),  # a wrong check digit: another id, as written
        broken.good(6, caller_imei="000000000000000"),  # what a switch writes for an unknown handset
        broken.good(7, caller_imei="0000000000000000"),
    ]
    path.write_text(broken.HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    frame, summary = read_frame([path], RecordKind.CALLS)
    assert summary.quarantined == 0
    assert frame["caller_imei"].to_list() == ["490154203237518"] * 4 + ["490154203237519", None, None]


@pytest.mark.parametrize("coded", [False, True])
def test_an_incoming_records_handset_fields_are_not_the_callers(coded: bool) -> None:
    """The switch a call terminates on writes its served (called) handset, never the caller's: an
    ``mtc`` record keeps the call and loses ``caller_imei``, ``caller_imsi`` and ``caller_cell`` (and
    their codes); ``moc`` and ``fwd`` records keep theirs."""
    types = ["moc", "mtc", "fwd", "mtc", ""]
    n = len(types)
    frame = call_rows(
        n,
        caller_imei=["490154203237518"] * n,
        caller_imsi=["460001234567890"] * n,
        caller_cell=["4601"] * n,
        call_type=types,
    )
    codes = ("caller_imei", "caller_imsi", "caller_cell") if coded else ()
    good, bad = validate_frame(frame, CALLS, digit_codes=codes)
    assert bad.height == 0
    assert good["call_type"].to_list() == ["moc", "mtc", "fwd", "mtc", "moc"]
    incoming = [t == "mtc" for t in types]
    for column in ("caller_imei", "caller_imsi", "caller_cell", *(code_column(c) for c in codes)):
        assert [v is None for v in good[column]] == incoming, column
