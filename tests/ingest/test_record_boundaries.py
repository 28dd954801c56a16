"""Where a CSV record ends is decided by the quote state: the inside of a quoted field never becomes
records, while a stray quote still cannot swallow the good rows after it."""

from __future__ import annotations

import csv
import gzip
import io
from pathlib import Path
from typing import BinaryIO

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ringfence.ingest import QuarantineFile, RecordKind, RecordReader, read_frame
from ringfence.ingest.rawcsv import CsvSource
from tests.ingest import broken

MESSAGES_HEADER = "sms_id,sender,receiver,send_time,text,origin,sender_cell"
INNOCENT = "13900000099"


def _sms(sms_id: str, text: str, receiver: str = "13987654321", sender: str = "95588") -> list[str]:
    return [sms_id, sender, receiver, "2026-11-24T09:00:00+08:00", text, "intra", ""]


def _csv(rows: list[list[str]], header: str = MESSAGES_HEADER, ending: str = "\n") -> bytes:
    """As a correct writer writes them (a field holding any line-end character is quoted)."""
    out = io.StringIO()
    out.write(header + ending)
    csv.writer(out, lineterminator=ending, quoting=csv.QUOTE_MINIMAL).writerows(rows)
    return out.getvalue().encode("utf-8")


def _injected_text(lines: int) -> str:
    """A message body whose lines are records of their own: what an attacker would send by SMS."""
    fake = f"evil-{{i}},{INNOCENT},13987654321,2026-11-24T09:00:00+08:00,点击链接领取退款 http://x.cn,intra,"
    return "\n".join(["hello"] + [fake.format(i=i) for i in range(lines)])


def _read(
    tmp_path: Path, body: bytes, kind: RecordKind = RecordKind.MESSAGES
) -> tuple[pl.DataFrame, list[dict[str, str]], object]:
    path = tmp_path / "in.csv"
    path.write_bytes(body)
    qpath = tmp_path / "q.csv"
    qpath.unlink(missing_ok=True)
    with QuarantineFile(qpath) as sink:
        frame, summary = read_frame([path], kind, quarantine=sink)
    rows = list(csv.DictReader(qpath.open(encoding="utf-8", newline=""))) if qpath.exists() else []
    return frame, rows, summary


def test_a_long_message_text_never_becomes_records(tmp_path: Path) -> None:
    text = _injected_text(CsvSource.MAX_RECORD_LINES + 5)
    body = _csv([_sms("m1", "hi"), _sms("m2", text), _sms("m3", "bye")])
    frame, quarantined, summary = _read(tmp_path, body)
    assert frame["sms_id"].to_list() == ["m1", "m3"]
    assert INNOCENT not in " ".join(frame["sender"].to_list() + frame["receiver"].to_list())
    assert len(quarantined) == 1  # the whole record, as one row
    row = quarantined[0]
    assert row["line"] == "3"
    assert row["reason"].startswith("csv_syntax")
    assert "lines" in row["reason"]
    assert row["raw"] == body.decode().split("\n", 2)[2].rsplit("\nm3", 1)[0]  # every line of it, as read
    assert summary.balanced
    assert summary.rows == 3


def test_a_message_of_the_wrong_shape_is_quarantined_whole(tmp_path: Path) -> None:
    text = _injected_text(3)
    row = [*_sms("m2", text), "extra"]  # one field too many: the record is broken, its text still text
    body = _csv([_sms("m1", "hi"), row, _sms("m3", "bye")])
    frame, quarantined, summary = _read(tmp_path, body)
    assert frame["sms_id"].to_list() == ["m1", "m3"]
    assert [(r["line"], r["reason"].split(":")[0]) for r in quarantined] == [("3", "wrong_column_count")]
    assert quarantined[0]["raw"].count("\n") == 3
    assert summary.balanced


def test_a_line_break_in_a_quoted_call_id_does_not_split_the_record(tmp_path: Path) -> None:
    second_half = broken.good(7, call_id="x").split(",", 1)[1]
    body = (
        broken.HEADER
        + "\n"
        + broken.good(1)
        + "\n"
        + f'"ok-002\nevil-1,{INNOCENT}",'
        + second_half
        + "\n"
        + broken.good(3)
        + "\n"
    ).encode()
    frame, quarantined, summary = _read(tmp_path, body, RecordKind.CALLS)
    assert frame["call_id"].to_list() == ["ok-001", "ok-003"]
    assert [(r["line"], r["reason"].split(":")[0]) for r in quarantined] == [("3", "csv_syntax")]
    assert "call_id" in quarantined[0]["reason"]
    assert quarantined[0]["raw"].startswith('"ok-002\nevil-1')
    assert summary.balanced
    assert summary.rows == 3


def test_a_stray_quote_without_a_closing_quote_loses_only_its_line(tmp_path: Path) -> None:
    lines = [broken.HEADER] + [broken.good(i) for i in range(1, 60)]
    lines[10] = broken.good(10, caller_region='"成都')
    frame, quarantined, summary = _read(tmp_path, ("\n".join(lines) + "\n").encode(), RecordKind.CALLS)
    assert frame.height == 58
    assert [(r["line"], r["reason"].split(":")[0]) for r in quarantined] == [("11", "csv_syntax")]
    assert quarantined[0]["raw"] == lines[10]
    assert summary.balanced


def test_a_stray_quote_closed_by_a_later_quoted_field_loses_only_its_line(tmp_path: Path) -> None:
    rows = [_sms(f"m{i}", f"text {i}") for i in range(1, 40)]
    body = _csv(rows).decode().split("\n")
    body[5] = body[5].replace("text 5", '"text 5')  # a stray quote at a field start
    body[30] = body[30].replace("text 30", '"quoted, with a comma"')  # the next quote closes the stray one
    frame, quarantined, summary = _read(tmp_path, "\n".join(body).encode())
    assert [(r["line"], r["reason"].split(":")[0]) for r in quarantined] == [("6", "csv_syntax")]
    assert frame.height == 38
    assert frame.filter(pl.col("sms_id") == "m30")["text"].item() == "quoted, with a comma"
    assert summary.balanced


def test_a_stray_quote_before_a_long_message_does_not_release_its_text(tmp_path: Path) -> None:
    """The stray quote is found and the reading restarts on the next line, quote-aware: the long
    message after it is still one (quarantined) record."""
    rows = [_sms("m1", "hi"), _sms("m2", "x"), _sms("m3", _injected_text(30)), _sms("m4", "bye")]
    body = _csv(rows).decode().split("\n")
    body[2] = body[2].replace(",x,", ',"x,')  # stray quote on m2's line
    frame, quarantined, summary = _read(tmp_path, "\n".join(body).encode())
    assert frame["sms_id"].to_list() == ["m1", "m4"]
    assert INNOCENT not in frame["sender"].to_list()
    assert [r["line"] for r in quarantined] == ["3", "4"]
    assert summary.balanced


def test_short_multiline_texts_are_kept(tmp_path: Path) -> None:
    body = _csv([_sms("m1", "line one\nline two"), _sms("m2", 'he said "hi"\r\nbye')])
    frame, quarantined, _ = _read(tmp_path, body)
    assert frame["text"].to_list() == ["line one\nline two", 'he said "hi"\r\nbye']
    assert quarantined == []


def test_a_quoted_text_after_clean_blocks_is_read_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The input is read once: clean blocks take the fast path and, from the first block with a quote,
    the rest goes the quote-aware way, so injected lines never become records wherever they sit."""
    from ringfence.ingest import fastcsv

    rows = [_sms(f"a{i}", "plain text") for i in range(40)]
    rows.append(_sms("evil", _injected_text(30)))
    rows += [_sms(f"b{i}", "plain text") for i in range(10)]
    body = _csv(rows)
    monkeypatch.setattr(fastcsv, "BLOCK_BYTES", 256)  # many blocks: the switch happens mid-file
    frame, quarantined, _ = _read(tmp_path, body)
    assert frame["sms_id"].to_list() == [f"a{i}" for i in range(40)] + [f"b{i}" for i in range(10)]
    assert [q["line"] for q in quarantined] == ["42"]  # the whole record, at its first line
    monkeypatch.setattr(fastcsv, "BLOCK_BYTES", 1 << 25)  # one block: all of it the careful way
    again, quarantined_again, _ = _read(tmp_path, body)
    assert again.equals(frame)
    assert quarantined_again == quarantined


def test_each_input_is_opened_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reader opens each file once, whatever path it takes (header, fast blocks, careful rest)."""
    from ringfence.ingest import reader as reader_module
    from ringfence.ingest import source

    opened: list[str] = []
    real = source.open_raw

    def counting(src: source.Input) -> BinaryIO:
        opened.append(source.name_of(src))
        return real(src)

    for module in (source, reader_module):  # every binding of the one function that opens inputs
        monkeypatch.setattr(module, "open_raw", counting)
    clean = tmp_path / "clean.csv"
    clean.write_bytes(_csv([_sms(f"a{i}", "plain") for i in range(5)]))
    quoted = tmp_path / "quoted.csv.gz"
    quoted.write_bytes(gzip.compress(_csv([_sms("a", "plain"), _sms("b", 'say "hi"\nthere')])))
    reader = reader_module.RecordReader([clean, quoted], RecordKind.MESSAGES)
    assert sum(batch.height for batch in reader) == 7
    assert sorted(opened) == sorted([str(clean), str(quoted)])


def test_quarantine_keeps_raw_text_exactly_as_read(tmp_path: Path) -> None:
    line = 'ok-009, 13812345678 ,13987654321,2026-11-24T08:15:02+08:00,-5,intra,,,"CD-1",成都,moc'
    dup = broken.good(1).replace(",intra,", ", intra ,")
    body = "\n".join([broken.HEADER, broken.good(1), line, dup]) + "\n"
    for name, data in (("slow.csv", body), ("fast.csv", body.replace('"CD-1"', "CD-1"))):
        path = tmp_path / name
        path.write_text(data, encoding="utf-8")
        qpath = tmp_path / f"q-{name}"
        with QuarantineFile(qpath) as sink:
            list(RecordReader([path], RecordKind.CALLS, sink))
        rows = list(csv.DictReader(qpath.open(encoding="utf-8", newline="")))
        expected_bad = line if name == "slow.csv" else line.replace('"CD-1"', "CD-1")
        assert [r["raw"] for r in rows] == [expected_bad, dup], name


_line = st.one_of(
    st.text(alphabet=st.sampled_from('ab ,"\r中'), max_size=8),
    st.builds(
        lambda i: f"evil-{i},{INNOCENT},13987654321,2026-11-24T09:00:00+08:00,x,intra,", st.integers(0, 9)
    ),
)
#: Texts of 1 to a few more lines than a record may have, each length about as likely.
_text = st.integers(1, CsvSource.MAX_RECORD_LINES + 4).flatmap(
    lambda n: st.lists(_line, min_size=n, max_size=n).map("\n".join)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(_text, min_size=1, max_size=6))
def test_whatever_the_texts_hold_records_are_exactly_the_messages(tmp_path: Path, texts: list[str]) -> None:
    body = _csv([_sms(f"m{i}", t) for i, t in enumerate(texts)], ending="\r\n")
    frame, quarantined, summary = _read(tmp_path, body)
    fits = [i for i, t in enumerate(texts) if t.count("\n") < CsvSource.MAX_RECORD_LINES]
    assert frame["sms_id"].to_list() == [f"m{i}" for i in fits]
    assert frame["text"].to_list() == [texts[i].strip() or None for i in fits]  # text is stripped
    assert INNOCENT not in frame["sender"].to_list()
    assert summary.rows == len(texts)
    assert len(quarantined) == len(texts) - len(fits)


def test_a_json_text_never_becomes_records(tmp_path: Path) -> None:
    """A JSON string cannot hold a raw line break: a text of record-like lines (CSV or JSON) stays text."""
    import json

    inner = json.dumps(dict(zip(MESSAGES_HEADER.split(","), _sms("evil", "x", sender=INNOCENT), strict=True)))
    text = _injected_text(30) + "\n" + inner
    rows = [
        dict(zip(MESSAGES_HEADER.split(","), _sms(f"m{i}", t), strict=True))
        for i, t in enumerate(["hi", text])
    ]
    path = tmp_path / "m.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    frame, summary = read_frame([path], RecordKind.MESSAGES)
    assert frame["sms_id"].to_list() == ["m0", "m1"]
    assert frame["text"][1] == text
    assert summary.rows == 2
