"""Row-level validation of a batch against its contract, vectorised.

Input: a batch as it was read (text columns from CSV, possibly typed columns from Parquet) with a
``_line`` column. Output: the accepted rows in canonical types (numbers canonicalised, times in UTC,
defaults applied) and the rejected rows with the first reason that applies, in column order, and their
fields re-serialised as a CSV line so the quarantine keeps everything.
"""

from __future__ import annotations

from collections.abc import Collection

import polars as pl

from ringfence.domain import handsets
from ringfence.ingest import fields
from ringfence.ingest.contract import Column, ColumnType, Contract

__all__ = ["LINE", "RAW", "REASON", "canonical_schema", "code_column", "csv_line", "validate_frame"]

LINE = "_line"
REASON = "_reason"
RAW = "_raw"


def canonical_schema(contract: Contract) -> dict[str, pl.DataType]:
    """Column types of accepted records."""
    types: dict[ColumnType, pl.DataType] = {
        ColumnType.TIMESTAMP: pl.Datetime("us", "UTC"),
        ColumnType.LENIENT_TIMESTAMP: pl.Datetime("us", "UTC"),
        ColumnType.DURATION: pl.Int64(),
        ColumnType.YEAR: pl.Int32(),
    }
    return {c.name: types.get(c.type, pl.String()) for c in contract.columns}


_TIMES = (ColumnType.TIMESTAMP, ColumnType.LENIENT_TIMESTAMP)


def _prepare(frame: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """Add absent optional columns; cast everything but typed timestamps to text."""
    exprs: list[pl.Expr] = []
    for col in contract.columns:
        if col.name not in frame.columns:
            exprs.append(pl.lit(None, dtype=pl.String).alias(col.name))
            continue
        dtype = frame.schema[col.name]
        if col.type in _TIMES and isinstance(dtype, pl.Datetime | pl.Date):
            continue
        if _typed_int(col, dtype):
            continue
        if dtype != pl.String:
            exprs.append(pl.col(col.name).cast(pl.String))
    return frame.with_columns(exprs) if exprs else frame


def _typed_int(col: Column, dtype: pl.DataType) -> bool:
    """An integer column where the contract wants whole seconds (typed Parquet): checked as is."""
    return col.type is ColumnType.DURATION and dtype.is_integer()


def _typed(name: str, schema: pl.Schema) -> bool:
    return isinstance(schema[name], pl.Datetime | pl.Date) or schema[name].is_integer()


def _missing(col: Column, schema: pl.Schema) -> pl.Expr:
    """Empty: null, or (text) blank. A typed value is never blank. A number that is nothing but
    invisible format characters is blank too (``normalize`` drops them)."""
    if _typed(col.name, schema):
        return pl.col(col.name).is_null()
    value = fields.text(col.name)
    if col.type is ColumnType.NUMBER:
        return value.is_null() | value.str.contains(r"^[\p{Cf}\s]+$")
    return value.is_null()


def _reason(col: Column, schema: pl.Schema) -> pl.Expr | None:
    name = col.name
    t = col.type
    if _typed_int(col, schema[name]):
        return fields.duration_reason_int(name)
    if t is ColumnType.LENIENT_TIMESTAMP:
        return None
    if t is ColumnType.TIMESTAMP:
        dtype = schema[name]
        raw = pl.col(name) if isinstance(dtype, pl.Datetime | pl.Date) else fields.text(name)
        return fields.timestamp_reason(name, raw, fields.timestamp_value(name, dtype))
    if t is ColumnType.DURATION:
        return fields.duration_reason(name)
    if t is ColumnType.IMEI:
        return fields.imei_reason(name)
    if t is ColumnType.YEAR:
        return fields.year_reason(name)
    if t is ColumnType.ID_HASH:
        return fields.id_hash_reason(name)
    if col.choices:
        return fields.choice_reason(name, col.choices)
    return None


def _value(col: Column, schema: pl.Schema) -> pl.Expr:
    name = col.name
    t = col.type
    if t in _TIMES:
        return fields.timestamp_value(name, schema[name]).alias(name)
    if _typed_int(col, schema[name]):
        return fields.duration_value_int(name).alias(name)
    if t is ColumnType.DURATION:
        return fields.duration_value(name).alias(name)
    if t is ColumnType.YEAR:
        return fields.year_value(name).alias(name)
    if t is ColumnType.IMEI:
        return fields.imei_value(name).alias(name)
    if col.choices:
        return fields.choice_value(name, col.default).alias(name)
    return fields.text(name).alias(name)


def _checked(name: str) -> str:
    return f"_reason_{name}"


def _normalised(name: str) -> str:
    return f"_value_{name}"


def _column_checks(col: Column, schema: pl.Schema) -> list[pl.Expr]:
    """A column's reasons to reject a row, in the order they are reported: required, then its own."""
    checks: list[pl.Expr] = []
    if col.required:
        checks.append(pl.when(_missing(col, schema)).then(pl.lit(f"missing_required: {col.name} is empty")))
    check = _reason(col, schema)
    if check is not None:
        checks.append(check)
    return checks


def _column_reason(col: Column, schema: pl.Schema) -> pl.Expr:
    """The first of ``_column_checks`` that holds (null when none does)."""
    checks = _column_checks(col, schema)
    return pl.coalesce(checks) if checks else pl.lit(None, pl.String)


def _per_distinct_value(frame: pl.DataFrame, col: Column, schema: pl.Schema) -> pl.DataFrame:
    """Adds the reason (required, then the column's own check) and the value of an enumeration
    column, computed for each distinct value and joined back."""
    reason = _column_reason(col, schema)
    values = frame[col.name]
    # A few comparisons cost a third of ``is_in`` (short strings are compared inline).
    as_written = pl.select(pl.any_horizontal(pl.lit(values) == c for c in col.choices)).to_series()
    as_written = as_written.fill_null(False)
    if (as_written | (values.is_null() & (not col.required))).all():
        # Every value is already one of the choices as written (or absent): nothing to check.
        value = pl.col(col.name)
        if col.default is not None:
            value = value.fill_null(pl.lit(col.default))
        return frame.with_columns(
            pl.lit(None, pl.String).alias(_checked(col.name)), value.alias(_normalised(col.name))
        )
    table = frame.select(pl.col(col.name).unique()).with_columns(
        reason.alias(_checked(col.name)), _value(col, schema).alias(_normalised(col.name))
    )
    return frame.join(table, on=col.name, how="left", nulls_equal=True, maintain_order="left")


def _csv_field(name: str) -> pl.Expr:
    value = pl.col(name).cast(pl.String).fill_null("")
    needs_quotes = value.str.contains(r"[,\"\r\n]")
    quoted = pl.lit('"') + value.str.replace_all('"', '""', literal=True) + pl.lit('"')
    return pl.when(needs_quotes).then(quoted).otherwise(value)


def csv_line(columns: list[str]) -> pl.Expr:
    """The fields of each row written as a CSV line: the raw text of a row that has none (Parquet)."""
    return pl.concat_str([_csv_field(c) for c in columns], separator=",")


#: Whether validation may take the shortcuts of ``_already_valid`` (the tests switch them off to hold
#: them to the full checks).
FAST_PATHS = True

#: Rows looked at first to see whether a column's shortcut can apply at all.
_SAMPLE_ROWS = 256


def _already_valid(col: Column, name: str) -> pl.Expr | None:
    """A cheap test, on a text column's ``fields.digit_parts`` (named ``name``), under which
    validation would accept its raw value (nothing to strip, not empty, passes the column's check), or
    None. The value kept is the raw one, already canonical, except for an IMEI: ``_fast_value``.

    Stripping and pattern checks cost several times what an integer cast costs, and operator data is
    mostly digit strings (ids, canonical numbers, IMEIs, cells): rows that pass take their value as is,
    only the others go through the full checks. What the cast reads (an optional ``+`` and ASCII
    digits) has nothing to strip and is not empty.
    """
    if col.choices:
        return None
    value, plus, size = pl.col(f"{name}_value"), pl.col(f"{name}_plus"), pl.col(f"{name}_bytes")
    if col.type is ColumnType.NUMBER:
        # CN_MOBILE_E164: "+861" and 10 digits, i.e. "+" and 13 digits whose value starts with 861.
        return (
            value.is_not_null()
            & (plus == 1)
            & (size == 14)
            & value.is_between(861 * 10**10, 862 * 10**10 - 1)
        )
    if col.type is ColumnType.IMEI:
        # 14 to 16 digits, not a placeholder (its 14 digits one digit repeated: no handset).
        body = fields.imei_body(value, size)
        return (
            value.is_not_null()
            & (plus == 0)
            & size.is_between(handsets.IMEI_BODY, handsets.IMEISV_DIGITS)
            & (body % handsets.PLACEHOLDER_UNIT != 0)
        )
    if col.type is ColumnType.STRING:
        return value.is_not_null()
    return None


def _fast_value(col: Column, name: str) -> pl.Expr | None:
    """For a column whose valid values are not kept as written, the integer value they are kept as,
    from its ``fields.digit_parts`` (its text is that number zero-filled to ``_FAST_DIGITS``): an
    IMEI's 15-digit form (``fields.imei_value``). None for the other columns (kept as written)."""
    if col.type is ColumnType.IMEI:
        return fields.canonical_imei_number(pl.col(f"{name}_value"), pl.col(f"{name}_bytes"))
    return None


_FAST_DIGITS = handsets.IMEI_DIGITS


def _rewritten(name: str) -> str:
    return f"_fast_{name}"


def code_column(name: str) -> str:
    """Where ``validate_frame(digit_codes=...)`` puts the codes of a column's digit strings."""
    return f"_code_{name}"


def _shortcuts(frame: pl.DataFrame, contract: Contract, digit_codes: Collection[str]) -> pl.DataFrame:
    """For each text column with a shortcut that some rows pass: which rows pass (a column named like
    the column) and, for the columns in ``digit_codes``, their codes (``code_column``; null for the
    other rows)."""
    if not FAST_PATHS or not frame.height:
        return pl.DataFrame()
    names = [
        c.name
        for c in contract.columns
        if frame.schema[c.name] == pl.String and _already_valid(c, c.name) is not None
    ]
    if not names:
        return pl.DataFrame()

    def tests(rows: pl.DataFrame, names: list[str]) -> pl.DataFrame:
        parts = []
        for n in names:
            value, plus, size = fields.digit_parts(pl.col(n), n)
            # A plain text column needs only the cast, unless its codes are wanted.
            plain = contract.column(n).type is ColumnType.STRING and n not in digit_codes
            parts += [value] if plain else [value, plus, size]
        digits = rows.select(parts)
        oks = {n: ok for n in names if (ok := _already_valid(contract.column(n), n)) is not None}
        flags = digits.select(ok.alias(n) for n, ok in oks.items())
        rewrites = {
            n: v
            for n in oks
            if (v := _fast_value(contract.column(n), n)) is not None
            # Only where some value is not written as it is kept (IMEIs mostly are).
            and (flags[n] & (digits[f"{n}_bytes"] != _FAST_DIGITS)).any()
        }
        if rewrites:
            # The kept value replaces the written one, for its text and its code.
            digits = digits.with_columns(
                *(pl.when(flags[n]).then(v).alias(f"{n}_value") for n, v in rewrites.items()),
                *(pl.lit(_FAST_DIGITS, pl.UInt64).alias(f"{n}_bytes") for n in rewrites),
            )
            texts = digits.select(
                pl.col(f"{n}_value").cast(pl.String).str.zfill(_FAST_DIGITS).alias(_rewritten(n))
                for n in rewrites
            )
            flags = flags.hstack(texts)
        codes = digits.select(
            pl.when(flags[n]).then(fields.digit_code(n)).alias(code_column(n))
            for n in oks
            if n in digit_codes
        )
        return flags.hstack(codes)

    # A column whose first rows all fail (text cells, regions, bare numbers) is not tested in full.
    sample = tests(frame.head(_SAMPLE_ROWS), names)
    promising = [n for n in names if sample[n].any()]
    return tests(frame, promising) if promising else pl.DataFrame()


def _partly_valid(
    frame: pl.DataFrame, col: Column, schema: pl.Schema, ok: pl.Series, fast: pl.Series | None = None
) -> pl.DataFrame:
    """Adds the reason and value of a column whose shortcut some rows failed: the full checks on
    those rows only, the raw value (or ``fast``, the ``_fast_value``) on the others."""
    name = col.name
    rows = (~ok).arg_true()
    reason = _column_reason(col, schema)
    sub = frame.select(pl.col(name).gather(rows)).select(
        reason.alias(_checked(name)), _value(col, schema).alias(_normalised(name))
    )
    reasons = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias(_checked(name))
    values = (frame[name] if fast is None else fast).alias(_normalised(name))
    return frame.with_columns(
        reasons.scatter(rows, sub[_checked(name)]), values.scatter(rows, sub[_normalised(name)])
    )


def _whole_seconds(frame: pl.DataFrame, col: Column, schema: pl.Schema) -> pl.DataFrame | None:
    """Adds the reason and value of a text duration column when some of its values are what an
    integer cast reads (an optional sign and ASCII digits) within ``0..MAX_DURATION_S``: those are
    valid and that integer is their value (the full checks read them as the same float), and only
    the other rows go through the full checks (a cast to a float, rounding, the range). None when
    no row is such an integer, or without ``FAST_PATHS``."""
    if not FAST_PATHS or not frame.height:
        return None
    name = col.name
    whole = frame[name].cast(pl.Int64, strict=False)
    ok = whole.is_between(0, fields.MAX_DURATION_S).fill_null(False)
    if not ok.any():
        return None
    reasons = pl.repeat(None, frame.height, dtype=pl.String, eager=True).alias(_checked(name))
    values = whole.alias(_normalised(name))
    rows = (~ok).arg_true()
    if rows.len():
        sub = frame.select(pl.col(name).gather(rows)).select(
            _column_reason(col, schema).alias(_checked(name)), _value(col, schema).alias(_normalised(name))
        )
        reasons = reasons.scatter(rows, sub[_checked(name)])
        values = values.scatter(rows, sub[_normalised(name)])
    return frame.with_columns(reasons, values)


def validate_frame(
    frame: pl.DataFrame,
    contract: Contract,
    original_columns: list[str] | None = None,
    digit_codes: Collection[str] = (),
    with_raw: bool = True,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Split a batch into accepted canonical records and rejected rows.

    Both keep ``_line``; rejected rows also carry ``_reason`` and (``with_raw``) ``_raw``, the
    ``original_columns`` written as a CSV line: for input that has no raw text of its own (Parquet);
    readers of text attach the text as read instead (``RecordReader``).
    For columns named in ``digit_codes``, accepted rows may also carry ``code_column(name)``: the exact
    code (``ringfence.detect.codes``) of each value that was found to be a canonical digit string on
    the way, null where not known, so that detection need not parse those strings again.
    """
    original = original_columns or [c for c in frame.columns if c != LINE]
    frame = _prepare(frame, contract)
    parsers = {
        ColumnType.TIMESTAMP: fields.parse_timestamp_series,
        ColumnType.LENIENT_TIMESTAMP: fields.lenient_times,
    }
    frame = frame.with_columns(
        parsers[c.type](frame[c.name]).alias(fields.parsed_column(c.name))
        for c in contract.columns
        if c.type in _TIMES and frame.schema[c.name] == pl.String
    )
    schema = frame.schema
    # Enumerations (few distinct values) are checked and normalised once per distinct value.
    by_value = [c for c in contract.columns if c.choices and schema[c.name] == pl.String]
    for col in by_value:
        frame = _per_distinct_value(frame, col, schema)
    precomputed = {c.name for c in by_value}
    as_is: set[str] = set()
    shortcuts = _shortcuts(frame, contract, digit_codes)
    known = [c for c in shortcuts.columns if c.startswith("_code_")]
    if known:
        frame = frame.with_columns(shortcuts[c] for c in known)
    for name in shortcuts.columns:
        if name in known or name.startswith("_fast_"):
            continue
        ok = shortcuts[name]
        fast = shortcuts[_rewritten(name)] if _rewritten(name) in shortcuts.columns else None
        if ok.all() and fast is None:
            as_is.add(name)
        elif ok.all():
            assert fast is not None
            nothing = pl.repeat(None, frame.height, dtype=pl.String, eager=True)
            frame = frame.with_columns(nothing.alias(_checked(name)), fast.alias(_normalised(name)))
            precomputed.add(name)
        else:
            frame = _partly_valid(frame, contract.column(name), schema, ok, fast)
            precomputed.add(name)
    for col in contract.columns:
        if col.type is ColumnType.DURATION and col.name not in precomputed and schema[col.name] == pl.String:
            whole = _whole_seconds(frame, col, schema)
            if whole is not None:
                frame = whole
                precomputed.add(col.name)
    checks: list[pl.Expr] = []
    for col in contract.columns:
        if col.name in as_is:
            continue
        if col.name in precomputed:
            checks.append(pl.col(_checked(col.name)))
            continue
        checks += _column_checks(col, schema)
    values = [
        pl.col(c.name)
        if c.name in as_is
        else pl.col(_normalised(c.name)).alias(c.name)
        if c.name in precomputed
        else _value(c, schema)
        for c in contract.columns
    ]
    reason = pl.coalesce(checks) if checks else pl.lit(None, pl.String)
    # One pass for reasons and values, so that each column is stripped once (common subexpressions).
    checked = frame.lazy().select(LINE, reason.alias(REASON), *values, *known).collect()
    bad_mask = checked[REASON].is_not_null()
    rejected = frame.filter(bad_mask).select(
        LINE,
        pl.lit(checked[REASON].filter(bad_mask)).alias(REASON),
        *([csv_line(original).alias(RAW)] if with_raw else []),
    )
    good = (checked.filter(~bad_mask) if rejected.height else checked).drop(REASON)
    good = good.with_columns(
        [
            fields.canonical_numbers(good[c.name])
            if c.type is ColumnType.NUMBER
            else fields.canonical_number_lists(good[c.name])
            for c in contract.columns
            if c.type in (ColumnType.NUMBER, ColumnType.NUMBER_LIST) and c.name not in as_is
        ]
    )
    good = _without_served_handsets(good, contract)
    target: dict[str, pl.DataType] = {LINE: pl.Int64(), **canonical_schema(contract)}
    return good.cast(target), rejected  # type: ignore[arg-type]


#: A call's fields that describe the calling handset (``caller_imei``, ``caller_imsi``, ``caller_cell``).
_CALLING_HANDSET = ("caller_imei", "caller_imsi", "caller_cell")


def _without_served_handsets(good: pl.DataFrame, contract: Contract) -> pl.DataFrame:
    """Empties the calling handset's fields of incoming (``mtc``) records.

    An ``mtc`` record is written by the switch the call terminates on, which never sees the calling
    handset: what it has is its own served subscriber's, the called one's, and mediation that maps the
    "served IMEI" into ``caller_imei`` puts the callee's phone there. Read as the caller's, every
    number that called a subscriber would "use" the subscriber's phone: one handset for all of the
    subscriber's callers (a SIM box's mark), a handset per callee for a dialer. The call itself is
    kept, the terminating switch's handset fields are not (as an unknown handset).
    """
    if "call_type" not in contract.names or not all(c in contract.names for c in _CALLING_HANDSET):
        return good
    incoming = pl.col("call_type") == "mtc"
    if not good["call_type"].eq("mtc").any():
        return good
    names = list(_CALLING_HANDSET) + [
        code_column(c) for c in _CALLING_HANDSET if code_column(c) in good.columns
    ]
    return good.with_columns(pl.when(incoming).then(None).otherwise(pl.col(n)).alias(n) for n in names)
