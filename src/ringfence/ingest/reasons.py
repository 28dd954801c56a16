"""Quarantine reason codes: stable identifiers that summaries group by and documentation lists.

A reason is written as ``code: detail`` (``wrong_column_count: 9 fields, header has 11``); the code part
is one of the constants below, so a count by code is meaningful across files and versions.
"""

from __future__ import annotations

__all__ = ["code_of"]

INVALID_ENCODING = "invalid_encoding"
NUL_BYTE = "nul_byte"
WRONG_COLUMN_COUNT = "wrong_column_count"
CSV_SYNTAX = "csv_syntax"
MISSING_REQUIRED = "missing_required"
BAD_TIMESTAMP = "bad_timestamp"
TIMESTAMP_OUT_OF_RANGE = "timestamp_out_of_range"
BAD_DURATION = "bad_duration"
NEGATIVE_DURATION = "negative_duration"
DURATION_TOO_LONG = "duration_too_long"
BAD_VALUE = "bad_value"
BAD_IMEI = "bad_imei"
BAD_YEAR = "bad_year"
PLAIN_IDENTITY_NUMBER = "plain_identity_number"
DUPLICATE_ID = "duplicate_id"
LATE_RECORD = "late_record"
TWIN_RECORD = "twin_record"
LINE_TOO_LONG = "line_too_long"
BAD_JSON = "bad_json"

ALL = (
    INVALID_ENCODING,
    NUL_BYTE,
    WRONG_COLUMN_COUNT,
    CSV_SYNTAX,
    MISSING_REQUIRED,
    BAD_TIMESTAMP,
    TIMESTAMP_OUT_OF_RANGE,
    BAD_DURATION,
    NEGATIVE_DURATION,
    DURATION_TOO_LONG,
    BAD_VALUE,
    BAD_IMEI,
    BAD_YEAR,
    PLAIN_IDENTITY_NUMBER,
    DUPLICATE_ID,
    LATE_RECORD,
    TWIN_RECORD,
    LINE_TOO_LONG,
    BAD_JSON,
)


def code_of(reason: str) -> str:
    """The stable code of a ``code: detail`` reason."""
    return reason.split(":", 1)[0]
