"""The vectorised IMEI canonicalisation is ``handsets.handset_id`` on every valid value."""

from __future__ import annotations

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.handsets import handset_id, luhn_digit
from ringfence.ingest import fields

IMEIS = st.integers(14, 16).flatmap(lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n))
PLACEHOLDERS = st.builds(
    lambda d, n, x: (d * 14 + x)[:n],
    st.sampled_from("0123456789"),
    st.integers(14, 16),
    st.text("0123456789", min_size=2, max_size=2),
)


@given(st.lists(IMEIS | PLACEHOLDERS | st.none(), min_size=1, max_size=50))
def test_imei_value_is_the_handset_id(values: list[str | None]) -> None:
    got = pl.DataFrame({"imei": values}, schema={"imei": pl.String}).select(fields.imei_value("imei"))
    assert got["imei"].to_list() == [None if v is None else handset_id(v) for v in values]


@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_luhn_digit_is_the_scalar_one(body: str) -> None:
    check = fields.luhn_check(pl.col("b").cast(pl.UInt64), len(body)).cast(pl.String)
    got = pl.DataFrame({"b": [body]}).select(check)
    assert got.item() == luhn_digit(body)
