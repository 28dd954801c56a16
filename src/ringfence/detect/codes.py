"""Exact 64-bit codes for the strings detection groups by (numbers, handsets, cells, regions).

Sorting, joining and counting distinct values is many times faster on integers than on strings, so
the batch engine works on codes and turns them back into strings only for what it outputs. A code is
*exact* (two strings share a code only if they are equal), not a hash:

* digit strings, optionally ``+``-prefixed, of up to 17 digits (canonical numbers, IMEIs, numeric
  cell ids) encode their value, their length (leading zeros) and the ``+`` in the code itself;
* anything else gets a serial number from a dictionary (few distinct values in practice).
"""

from __future__ import annotations

import polars as pl

from ringfence.detect.features import dialled_value_expr
from ringfence.ingest import fields

__all__ = ["Codes"]

_DIGITS = r"^\+?[0-9]{1,17}$"
_LEN_UNIT = fields.CODE_LEN_UNIT  # length 1..17 in bits 57-61
_PLUS = fields.CODE_PLUS
_DICT = 1 << 63  # dictionary codes: serial number + 2^63
_VALUE_MOD = _LEN_UNIT  # values < 10^17 < 2^57
_SAMPLE_ROWS = 1024
_FEW_VALUES = 64


class Codes:
    """One code space (all columns coded by one instance can be compared with each other)."""

    def __init__(self) -> None:
        self._serial: dict[str, int] = {}
        self._strings: list[str] = []

    def __len__(self) -> int:
        return len(self._strings)

    def encode(self, values: pl.Series, known: pl.Series | None = None) -> pl.Series:
        """UInt64 codes of a string column (nulls stay null), named like ``values``.

        ``known``: the codes of some values already (``validate_frame(digit_codes=True)`` computes
        them while it checks digit strings), null where not known; only the others are encoded here.
        """
        if known is not None:
            unknown = known.is_null() & values.is_not_null()
            if not unknown.any():
                return known.alias(values.name)
            rows = unknown.arg_true()
            return known.scatter(rows, self.encode(values.gather(rows))).alias(values.name)
        text = values.cast(pl.String)
        # Columns of a few distinct values (regions) are coded once per value: finding the distinct
        # values and mapping back costs less than looking at every string.
        if len(text) > _SAMPLE_ROWS and text.head(_SAMPLE_ROWS).n_unique() <= _FEW_VALUES:
            distinct = text.unique()
            if len(distinct) <= _FEW_VALUES:
                coded = self._encode(distinct)
                return text.replace_strict(distinct, coded, return_dtype=pl.UInt64).alias(values.name)
        return self._encode(text).alias(values.name)

    def _encode(self, text: pl.Series) -> pl.Series:
        # The cast in digit_parts reads exactly an optional "+" and ASCII digits (what _DIGITS
        # matches, any length).
        parts = pl.DataFrame({"s": text}).select(fields.digit_parts(pl.col("s"), "s"))
        out = parts.select(fields.digit_code("s").alias(text.name)).to_series()
        rest = out.is_null() & text.is_not_null()
        if not rest.any():
            return out
        everything = rest.all()  # e.g. a column of region names: no filtering and scattering back
        others = text if everything else text.filter(rest)
        present = others.unique()
        for value in present.to_list():
            if value not in self._serial:
                self._serial[value] = len(self._strings)
                self._strings.append(value)
        mapping = pl.Series([self._serial[v] + _DICT for v in present.to_list()], dtype=pl.UInt64)
        coded = others.replace_strict(present, mapping, return_dtype=pl.UInt64)
        if everything:
            return coded.alias(text.name)
        return out.scatter(rest.arg_true(), coded)

    def decode(self, codes: pl.Series) -> pl.Series:
        """The strings behind codes (nulls stay null), named like ``codes``."""
        c = pl.col("c")
        in_dict = c >= _DICT
        digits = (c % _VALUE_MOD).cast(pl.String).str.zfill(((c // _LEN_UNIT) % 32).cast(pl.Int64))
        number = pl.when(in_dict).then(None).when((c // _PLUS) % 2 == 1).then(pl.lit("+") + digits)
        frame = pl.DataFrame({"c": codes.cast(pl.UInt64)})
        out = frame.select(number.otherwise(digits).alias(codes.name)).to_series()
        if not self._strings:
            return out
        dict_rows = (codes >= _DICT).fill_null(False)
        if not dict_rows.any():
            return out
        table = pl.Series(self._strings, dtype=pl.String)
        serial = (codes.filter(dict_rows) - _DICT).cast(pl.Int64)
        return out.scatter(dict_rows.arg_true(), table.gather(serial))

    def plus(self, codes: pl.Series) -> pl.Series:
        """Whether the string behind each code starts with ``+`` (a number with its country code,
        as canonical numbers are written; service and short codes are not): read off the codes, only
        dictionary codes are decoded. Nulls are False."""
        c = pl.col("c")
        frame = pl.DataFrame({"c": codes.cast(pl.UInt64)})
        plus = (c < _DICT) & ((c // _PLUS) % 2 == 1)
        out = frame.select(plus.fill_null(False).alias(codes.name)).to_series()
        dict_rows = (codes >= _DICT).fill_null(False)
        if not dict_rows.any():
            return out
        starts = self.decode(codes.filter(dict_rows)).str.starts_with("+").fill_null(False)
        return out.scatter(dict_rows.arg_true(), starts)

    def digits(self, codes: pl.Series) -> pl.DataFrame:
        """For sequential dialling: the number behind each code as ``features.dialled_value`` reads
        it and its length in characters, read off the codes (only dictionary codes are decoded)."""
        c = pl.col("c")
        frame = pl.DataFrame({"c": codes.cast(pl.UInt64)}).select(
            pl.when(c < _DICT).then((c % _VALUE_MOD).cast(pl.Int64)).alias("other_val"),
            pl.when(c < _DICT)
            .then(((c // _LEN_UNIT) % 32 + (c // _PLUS) % 2).cast(pl.UInt32))
            .alias("other_len"),
        )
        in_dict = (codes >= _DICT).fill_null(False)
        if not in_dict.any():
            return frame
        text = self.decode(codes.filter(in_dict))
        exact = pl.DataFrame({"s": text}).select(
            dialled_value_expr(pl.col("s")).alias("other_val"),
            pl.col("s").str.len_chars().alias("other_len"),
        )
        rows = in_dict.arg_true()
        return frame.with_columns(
            frame["other_val"].scatter(rows, exact["other_val"]),
            frame["other_len"].scatter(rows, exact["other_len"]),
        )
