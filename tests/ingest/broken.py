"""A calls file with every kind of broken row we know of, and what the reader must say about each.

Used by the reader tests and written to ``tests/data/broken_calls.csv`` for people to try
``ringfence validate`` on.
"""

from __future__ import annotations

from pathlib import Path

HEADER = (
    "call_id,caller,callee,start_time,duration_s,origin,"
    "caller_imei,caller_imsi,caller_cell,caller_region,call_type"
)


def good(i: int, **over: str) -> str:
    fields = {
        "call_id": f"ok-{i:03d}",
        "caller": "13812345678",
        "callee": "13987654321",
        "start_time": "2026-11-24T08:15:02+08:00",
        "duration_s": "95",
        "origin": "intra",
        "caller_imei": "861234567890123",
        "caller_imsi": "460001234567890",
        "caller_cell": "CD-0231",
        "caller_region": "成都",
        "call_type": "moc",
    }
    fields.update(over)
    return ",".join(fields.values())


# (kind of row, line bytes, expected reason code or None when accepted).
# Order matters: line numbers follow it.
CASES: list[tuple[str, bytes, str | None]] = [
    ("good row", good(1).encode(), None),
    ("missing call_id", good(2, call_id="").encode(), "missing_required"),
    ("missing caller", good(3, caller="").encode(), "missing_required"),
    ("blank-only callee", good(4, callee="   ").encode(), "missing_required"),
    ("missing start_time", good(5, start_time="").encode(), "missing_required"),
    ("missing duration", good(6, duration_s="").encode(), "missing_required"),
    ("unparseable time", good(7, start_time="yesterday afternoon").encode(), "bad_timestamp"),
    ("impossible date", good(8, start_time="2026-13-40T08:00:00+08:00").encode(), "bad_timestamp"),
    ("time before 2000", good(9, start_time="1970-01-01T00:00:00+08:00").encode(), "timestamp_out_of_range"),
    ("negative duration", good(10, duration_s="-5").encode(), "negative_duration"),
    ("non-numeric duration", good(11, duration_s="abc").encode(), "bad_duration"),
    ("fractional duration", good(12, duration_s="9.5").encode(), "bad_duration"),
    ("duration over 48 h", good(13, duration_s="999999").encode(), "duration_too_long"),
    ("unknown origin", good(14, origin="mars").encode(), "bad_value"),
    ("unknown call_type", good(15, call_type="xyz").encode(), "bad_value"),
    ("malformed IMEI", good(16, caller_imei="12AB").encode(), "bad_imei"),
    ("too few columns", b"short-017,13812345678,13987654321", "wrong_column_count"),
    ("too many columns", (good(18) + ",extra,fields").encode(), "wrong_column_count"),
    (
        "invalid UTF-8",
        good(19, caller_region="\u6210\u90fd")
        .encode("utf-8")
        .replace("\xe6\x88\x90".encode("latin-1"), b"\xff\xfe"),
        "invalid_encoding",
    ),
    ("NUL byte", good(20, caller_cell="CD\x000231").encode(), "nul_byte"),
    (
        "stray quote",
        good(21, caller_region='"成都').encode(),
        "csv_syntax",
    ),  # stray quote: must not swallow below
    ("good row after stray quote", good(22).encode(), None),
    ("good row", good(23).encode(), None),
    ("exact duplicate", good(1).encode(), "duplicate_id"),  # delivered twice
    (
        "same id, other content",
        good(1, duration_s="96").encode(),
        "duplicate_id",
    ),  # same id, other content: first one wins
    ("blank line", b"", None),  # blank line: not a record
    (
        "time without offset",
        good(24, start_time="2026-11-24 08:21:07").encode(),
        None,
    ),  # no offset: read as +08:00
    ("UTC 'Z' time, unanswered", good(25, start_time="2026-11-24T02:03:04Z", duration_s="0").encode(), None),
    ("E.164 caller, '95.0' duration", good(26, caller="+8613812345678", duration_s="95.0").encode(), None),
    (
        "irregular international caller",
        good(27, caller="008821234567", origin="International").encode(),
        None,
    ),  # irregular kept
    ("slash-separated date", good(28, start_time="2026/11/24 08:00").encode(), "bad_timestamp"),
    ("NaN duration", good(29, duration_s="NaN").encode(), "bad_duration"),
    (
        "UTC offset that cannot exist",
        good(30, start_time="2026-11-24T08:15:02+99:99").encode(),
        "bad_timestamp",
    ),
    (
        "full-width digits and a zero-width space",
        good(31, caller="１３８\u200b１２３４５６７８").encode(),
        None,
    ),
    # Last, as it spans two lines: the second half of a quoted id must not become a record.
    (
        "line break inside a quoted call_id",
        ('"ok-032\nevil-1,13900000099",' + good(32).split(",", 1)[1]).encode(),
        "csv_syntax",
    ),
]

BROKEN_KINDS = sorted({name for name, _, code in CASES if code is not None})


def write(path: Path, line_ending: bytes = b"\n") -> Path:
    body = line_ending.join([HEADER.encode(), *(line for _, line, _ in CASES)]) + line_ending
    path.write_bytes(body)
    return path


def expected() -> tuple[int, dict[int, str]]:
    """(accepted rows, {line number: reason code}) for the file ``write`` produces."""
    accepted = sum(1 for _, line, code in CASES if code is None and line)
    rejected = {i + 2: code for i, (_, _, code) in enumerate(CASES) if code is not None}
    return accepted, rejected
