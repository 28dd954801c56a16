"""Vectorised parsing of contract fields (Polars expressions), shared by readers and the API.

Each parser turns a text column into its typed value plus, row by row, the reason it could not
(``None`` where the value is fine or absent). Timestamps without an offset are UTC+08:00, the
contract's default; everything is returned in UTC. A UTC offset must be one that exists: between
-12:00 and +14:00 with minutes under 60 (ISO 8601 allows any two digits, and ``+99:99`` would move the
time by four days without a word).
"""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from ringfence.domain import handsets
from ringfence.domain.numbers import CN_MOBILE_BARE, normalize
from ringfence.ingest import reasons

__all__ = [
    "DEFAULT_TZ",
    "canonical_numbers",
    "parse_timestamp",
]

DEFAULT_TZ = "Asia/Shanghai"  # UTC+08:00 all year (no DST since 1991)
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_DURATION_S = 48 * 3600

_AWARE_FORMATS = ("%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%d %H:%M%z")
_NAIVE_FORMATS = ("%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%d")  # a date alone: its midnight


def text(name: str) -> pl.Expr:
    """A column as stripped text, empty strings as null."""
    return pl.col(name).cast(pl.String).str.strip_chars().replace("", None)


def parse_timestamp(expr: pl.Expr) -> pl.Expr:
    """ISO-8601 text to Datetime(us, UTC); naive values are read as UTC+08:00."""
    t = expr.str.replace("T", " ", literal=True).str.replace(r"[Zz]$", "+00:00")
    aware = [t.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us") for f in _AWARE_FORMATS]
    naive = [
        t.str.to_datetime(f, strict=False, time_unit="us")
        .dt.replace_time_zone(DEFAULT_TZ, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        for f in _NAIVE_FORMATS
    ]
    return pl.coalesce([*aware, *naive])


_OFFSET = r"^[+-][0-9]{2}:?[0-9]{2}$"
_TRAILING_OFFSET = r"[+-][0-9]{2}:?[0-9]{2}$"
#: Real-world UTC offsets, in minutes: Baker Island (-12:00) to Line Islands (+14:00).
MIN_OFFSET_MIN, MAX_OFFSET_MIN = -12 * 60, 14 * 60


def _offset_minutes(offset: pl.Expr) -> pl.Expr:
    """Signed minutes of a ``+hh:mm`` / ``+hhmm`` offset; null when the minutes are 60 or more or the
    offset lies outside ``MIN_OFFSET_MIN``..``MAX_OFFSET_MIN``."""
    digits = offset.str.replace(":", "", literal=True)
    sign = pl.when(offset.str.starts_with("-")).then(-1).otherwise(1)
    hours = digits.str.slice(1, 2).cast(pl.Int64, strict=False)
    minutes = digits.str.slice(3, 2).cast(pl.Int64, strict=False)
    total = sign * (hours * 60 + minutes)
    return pl.when((minutes < 60) & total.is_between(MIN_OFFSET_MIN, MAX_OFFSET_MIN)).then(total)


def parse_timestamp_series(values: pl.Series) -> pl.Series:
    """ISO-8601 text to Datetime(us, UTC), fast for the contract's usual forms.

    The common shapes (``2026-11-24T08:15:02+08:00``, ``...Z``, no offset, space instead of ``T``)
    are parsed by slicing: the 19-character local part once, the offset by arithmetic. Only values of
    other shapes (fractions of a second, minutes-only) go through the general parser, so a file of
    millions of rows costs one pass.
    """
    st = values.cast(pl.String).str.strip_chars()
    frame = pl.DataFrame({"s": st, "rest": st.str.slice(19)})
    core = pl.col("s").str.slice(0, 19)
    if st.str.contains(" ", literal=True).any():  # a third of what the replacement costs when none has
        core = core.str.replace(" ", "T", literal=True)
    # A file has few distinct offsets: each is worked out once (and checked to exist), then looked up.
    distinct = frame["rest"].unique()
    rest = pl.col("rest")
    seconds = (
        pl.DataFrame({"rest": distinct})
        .select(
            pl.when(rest == "")
            .then(8 * 3600)
            .when(rest.is_in(["Z", "z"]))
            .then(0)
            .when(rest.str.contains(_OFFSET))
            .then(_offset_minutes(rest) * 60)
        )
        .to_series()
    )
    offset_s = rest.replace_strict(distinct, seconds, default=None, return_dtype=pl.Int64)
    naive = core.str.to_datetime("%Y-%m-%dT%H:%M:%S", strict=False, time_unit="us")
    fast = (naive.dt.replace_time_zone("UTC") - pl.duration(seconds=offset_s)).alias("fast")
    out = frame.select(fast)["fast"]
    missing = out.is_null() & st.is_not_null()
    if missing.any():
        s = pl.col("s")
        offset = s.str.extract(f"({_TRAILING_OFFSET})")
        real = offset.is_null() | _offset_minutes(offset).is_not_null()
        slow = frame.filter(missing).select(pl.when(real).then(parse_timestamp(s)).alias("slow"))["slow"]
        out = out.scatter(missing.arg_true(), slow)
    return out


_MORE_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d", "%Y%m%d%H%M%S", "%Y%m%d")


def lenient_times(values: pl.Series) -> pl.Series:
    """Times as the contract reads them, then a few other common shapes (``2024/01/31 10:00``,
    ``20240131``, epoch seconds) read as UTC+08:00 / UTC; null when none fits (``LENIENT_TIMESTAMP``)."""
    # fractions of a second do not matter here, and without them the parser takes its fast path
    text = values.cast(pl.String).str.strip_chars().str.replace(r"(:\d{2})\.\d+", "${1}")
    parsed = parse_timestamp_series(text)
    if parsed.null_count() == text.null_count():
        return parsed
    frame = pl.DataFrame({"s": text, "p": parsed})
    s = pl.col("s")
    others = [
        s.str.to_datetime(f, strict=False, time_unit="us")
        .dt.replace_time_zone(DEFAULT_TZ, ambiguous="earliest", non_existent="null")
        .dt.convert_time_zone("UTC")
        for f in _MORE_FORMATS
    ]
    epoch = pl.when(s.str.contains(r"^\d{9,10}$")).then(
        pl.from_epoch(s.cast(pl.Int64, strict=False), time_unit="s").dt.replace_time_zone("UTC")
    )
    return frame.select(pl.coalesce("p", *others, epoch).dt.cast_time_unit("us").alias("t"))["t"]


def timestamp_value(name: str, dtype: pl.DataType) -> pl.Expr:
    """The UTC timestamp of a column whether it arrived as text (CSV) or typed (Parquet)."""
    if isinstance(dtype, pl.Datetime):
        col = pl.col(name)
        if dtype.time_zone is None:
            col = col.dt.replace_time_zone(DEFAULT_TZ, ambiguous="earliest", non_existent="null")
        return col.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    if isinstance(dtype, pl.Date):
        return (
            pl.col(name).cast(pl.Datetime("us")).dt.replace_time_zone(DEFAULT_TZ).dt.convert_time_zone("UTC")
        )
    return pl.col(parsed_column(name))


def parsed_column(name: str) -> str:
    """Where ``validate_frame`` puts the parsed value of a text timestamp column."""
    return f"_parsed_{name}"


_FIRST_INSTANT = pl.lit(datetime(MIN_YEAR, 1, 1, tzinfo=UTC), dtype=pl.Datetime("us", "UTC"))
_PAST_LAST_INSTANT = pl.lit(datetime(MAX_YEAR + 1, 1, 1, tzinfo=UTC), dtype=pl.Datetime("us", "UTC"))


def timestamp_reason(name: str, raw: pl.Expr, value: pl.Expr) -> pl.Expr:
    """``value`` is a UTC timestamp (``timestamp_value``): its UTC year is outside the range exactly
    when it lies before the first instant of ``MIN_YEAR`` or at/after the first of ``MAX_YEAR + 1``
    (compared as instants, no calendar arithmetic per row)."""
    return (
        pl.when(raw.is_not_null() & value.is_null())
        .then(
            pl.lit(
                f"{reasons.BAD_TIMESTAMP}: {name} is not an ISO-8601 time "
                "with a real UTC offset (-12:00 to +14:00)"
            )
        )
        .when((value < _FIRST_INSTANT) | (value >= _PAST_LAST_INSTANT))
        .then(pl.lit(f"{reasons.TIMESTAMP_OUT_OF_RANGE}: {name} outside {MIN_YEAR}-{MAX_YEAR}"))
    )


def duration_value(name: str) -> pl.Expr:
    as_float = text(name).cast(pl.Float64, strict=False)
    return pl.when(as_float == as_float.round(0)).then(as_float.cast(pl.Int64, strict=False))


def duration_value_int(name: str) -> pl.Expr:
    """``duration_value`` of an integer column (typed Parquet): the value itself."""
    return pl.col(name).cast(pl.Int64, strict=False)


def duration_reason_int(name: str) -> pl.Expr:
    """``duration_reason`` of an integer column: only the range can be wrong (nulls are missing)."""
    value = pl.col(name)
    return (
        pl.when(value < 0)
        .then(pl.lit(f"{reasons.NEGATIVE_DURATION}: {name} < 0"))
        .when(value > MAX_DURATION_S)
        .then(pl.lit(f"{reasons.DURATION_TOO_LONG}: {name} over {MAX_DURATION_S} s"))
    )


def duration_reason(name: str) -> pl.Expr:
    raw = text(name)
    as_float = raw.cast(pl.Float64, strict=False)
    return (
        pl.when(raw.is_not_null() & (as_float.is_null() | as_float.is_nan()))
        .then(pl.lit(f"{reasons.BAD_DURATION}: {name} is not a number"))
        .when(as_float.is_not_null() & (as_float != as_float.round(0)))
        .then(pl.lit(f"{reasons.BAD_DURATION}: {name} is not a whole number of seconds"))
        .when(as_float < 0)
        .then(pl.lit(f"{reasons.NEGATIVE_DURATION}: {name} < 0"))
        .when(as_float > MAX_DURATION_S)
        .then(pl.lit(f"{reasons.DURATION_TOO_LONG}: {name} over {MAX_DURATION_S} s"))
    )


def choice_value(name: str, default: str | None) -> pl.Expr:
    value = text(name).str.to_lowercase()
    return value.fill_null(pl.lit(default)) if default is not None else value


def choice_reason(name: str, choices: tuple[str, ...]) -> pl.Expr:
    value = text(name).str.to_lowercase()
    allowed = ", ".join(choices)
    return pl.when(value.is_not_null() & ~value.is_in(list(choices))).then(
        pl.lit(f"{reasons.BAD_VALUE}: {name} must be one of {allowed}")
    )


def imei_reason(name: str) -> pl.Expr:
    value = text(name)
    # [0-9], not \d: Polars' \d is any script's digit, and an IMEI in other digits would be kept as
    # a different string from the same IMEI in ASCII.
    return pl.when(value.is_not_null() & ~value.str.contains(r"^[0-9]{14,16}$")).then(
        pl.lit(f"{reasons.BAD_IMEI}: {name} must be 14-16 digits")
    )


#: ``handsets.luhn_sum`` of every four digits (the last doubled): a 14-digit sum is four table reads.
_LUHN_CHUNKS = pl.Series("luhn", [handsets.luhn_sum(f"{c:04d}") for c in range(10_000)], dtype=pl.UInt32)


def luhn_check(body: pl.Expr, digits: int) -> pl.Expr:
    """``handsets.luhn_digit`` of an integer column whose values have at most ``digits`` digits (their
    written leading zeros add nothing to the sum), as an integer."""
    table = pl.lit(_LUHN_CHUNKS)
    total: pl.Expr | None = None
    for j in range((digits + 3) // 4):
        chunk = table.gather((body // 10 ** (4 * j)) % 10_000)
        total = chunk if total is None else total + chunk
    assert total is not None
    return (10 - total % 10) % 10


def imei_body(value: pl.Expr, size: pl.Expr) -> pl.Expr:
    """The first 14 digits of a 14- to 16-digit IMEI read as an integer (``value``, ``size`` digits)."""
    return (
        pl.when(size == handsets.IMEISV_DIGITS)
        .then(value // 100)
        .when(size == handsets.IMEI_DIGITS)
        .then(value // 10)
        .otherwise(value)
    )


def imei_value(name: str) -> pl.Expr:
    """The handset's identity (``handsets.handset_id``): a 14- or 16-digit value (IMEI without its
    check digit, IMEISV) as the 15-digit IMEI, a 15-digit one as written, a placeholder (one digit
    repeated) as null."""
    value = text(name)
    size = value.str.len_bytes()
    body = value.str.slice(0, handsets.IMEI_BODY)
    number = body.cast(pl.UInt64, strict=False)
    placeholder = (number % handsets.PLACEHOLDER_UNIT == 0) & (size >= handsets.IMEI_BODY)
    return (
        pl.when(placeholder)
        .then(pl.lit(None, pl.String))
        .when(size.is_in([handsets.IMEI_BODY, handsets.IMEISV_DIGITS]))
        .then(body + luhn_check(number, handsets.IMEI_BODY).cast(pl.String))
        .otherwise(value)
        .alias(name)
    )


def canonical_imei_number(value: pl.Expr, size: pl.Expr) -> pl.Expr:
    """``imei_value`` of a valid, non-placeholder IMEI given as what an integer cast reads (``value``)
    and its ``size`` in digits: the 15-digit IMEI as an integer (its text is it zero-filled to 15)."""
    body = imei_body(value, size)
    return (
        pl.when(size == handsets.IMEI_DIGITS)
        .then(value)
        .otherwise(body * 10 + luhn_check(body, handsets.IMEI_BODY))
    )


def year_value(name: str) -> pl.Expr:
    return text(name).cast(pl.Float64, strict=False).cast(pl.Int32, strict=False)


def year_reason(name: str) -> pl.Expr:
    raw = text(name)
    year = raw.cast(pl.Float64, strict=False)
    return pl.when(raw.is_not_null() & (year.is_null() | (year < 1900) | (year > 2100))).then(
        pl.lit(f"{reasons.BAD_YEAR}: {name} must be a year between 1900 and 2100")
    )


def id_hash_reason(name: str) -> pl.Expr:
    # A Chinese resident identity number (18 characters, or the old 15 digits) in the clear.
    value = text(name)
    return pl.when(value.is_not_null() & value.str.contains(r"^(\d{17}[\dXx]|\d{15})$")).then(
        pl.lit(f"{reasons.PLAIN_IDENTITY_NUMBER}: {name} holds a plain identity number, not a keyed hash")
    )


#: Exact 64-bit codes of short digit strings (see ``ringfence.detect.codes``): the value, the length in
#: bits 57-61 and a leading ``+`` in bit 62.
CODE_MAX_DIGITS = 17
CODE_LEN_UNIT = 1 << 57
CODE_PLUS = 1 << 62


def digit_parts(expr: pl.Expr, name: str) -> list[pl.Expr]:
    """What a digit string's code is made of, as columns ``{name}_value`` (what an integer cast reads:
    exactly an optional ``+`` and ASCII digits below 2^64), ``{name}_plus`` and ``{name}_bytes``.

    They are computed once each into columns and combined by ``digit_code`` in a second step: Polars
    does not share a subexpression between the branches of one expression, which made the code cost
    twice as much.
    """
    return [
        expr.cast(pl.UInt64, strict=False).alias(f"{name}_value"),
        expr.str.starts_with("+").cast(pl.UInt64).alias(f"{name}_plus"),
        expr.str.len_bytes().cast(pl.UInt64).alias(f"{name}_bytes"),
    ]


def digit_code(name: str) -> pl.Expr:
    """The exact code of a value from its ``digit_parts``: null unless it is an optional ``+`` and
    1 to ``CODE_MAX_DIGITS`` ASCII digits."""
    value, plus = pl.col(f"{name}_value"), pl.col(f"{name}_plus")
    length = pl.col(f"{name}_bytes") - plus
    return pl.when(value.is_not_null() & (length <= CODE_MAX_DIGITS)).then(
        value + length * CODE_LEN_UNIT + plus * CODE_PLUS
    )


def plain_digits(expr: pl.Expr) -> pl.Expr:
    """Values that are an optional ``+`` and ASCII digits (below 2^64), false for null.

    A cast to an integer reads exactly that, several times faster than a regular expression or a
    strip, so it proves cheaply that a value has nothing to strip and is not empty.
    """
    return expr.cast(pl.UInt64, strict=False).is_not_null()


def is_cn_mobile_e164(expr: pl.Expr) -> pl.Expr:
    """``expr.str.contains(CN_MOBILE_E164)`` (false for null), by length, prefix and a cast: 14
    bytes, ``+861`` and what an integer cast reads (``+`` and ASCII digits) are exactly the pattern."""
    return (expr.str.len_bytes() == 14).fill_null(False) & expr.str.starts_with("+861") & plain_digits(expr)


def canonical_numbers(series: pl.Series) -> pl.Series:
    """Canonicalise a column of presented numbers: ``normalize`` of every value.

    Chinese mobiles, the bulk of traffic, are recognised by pattern (``+86`` numbers are already
    canonical, bare ones gain ``+86``; see ``ringfence.domain.numbers``); every other distinct value
    is classified once. When every value is already a canonical mobile the column is returned as it is.
    """
    values = series.cast(pl.String).alias(series.name)
    rest = pl.DataFrame({"v": values}).select(~is_cn_mobile_e164(pl.col("v")) & pl.col("v").is_not_null())
    rest_mask = rest.to_series()
    if not rest_mask.any():
        return values
    others = values.filter(rest_mask)
    fast = (
        pl.DataFrame({"v": others})
        .select(
            pl.when(pl.col("v").str.contains(CN_MOBILE_BARE) & ~pl.col("v").str.starts_with("106")).then(
                pl.lit("+86") + pl.col("v")
            )
        )
        .to_series()
    )
    slow_mask = fast.is_null()
    if slow_mask.any():
        slow = others.filter(slow_mask)
        mapping = {u: normalize(u) for u in slow.unique().to_list()}
        fast = fast.scatter(
            slow_mask.arg_true(), slow.replace_strict(mapping, default=None, return_dtype=pl.String)
        )
    return values.scatter(rest_mask.arg_true(), fast)


def canonical_number_lists(series: pl.Series) -> pl.Series:
    """Canonicalise ``;``-separated number lists (guardians)."""

    def one(value: str | None) -> str | None:
        if value is None:
            return None
        parts = [normalize(p) for p in value.split(";") if p.strip()]
        return ";".join(parts) or None

    return pl.Series(series.name, [one(v) for v in series.to_list()], dtype=pl.String)
