"""A handset's identity: every written form of one phone's IMEI is the same handset, and no two
distinct 15-digit IMEIs are ever made one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.handsets import handset_id, luhn_digit

BODIES = st.text(alphabet="0123456789", min_size=14, max_size=14)


def _passes_luhn(value: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(value)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def test_the_check_digit_of_the_3gpp_example() -> None:
    # TS 23.003's example IMEI 49-015420-323751 has check digit 8.
    assert luhn_digit("49015420323751") == "8"
    assert handset_id("49015420323751") == "490154203237518"
    assert handset_id("4901542032375103") == "490154203237518"


@given(BODIES.filter(lambda b: len(set(b)) > 1), st.text(alphabet="0123456789", min_size=2, max_size=2))
def test_imei_imeisv_and_the_bare_body_are_one_handset(body: str, svn: str) -> None:
    imei = handset_id(body)
    assert len(imei) == 15
    assert imei.startswith(body)
    assert _passes_luhn(imei)
    assert handset_id(body + svn) == imei
    assert handset_id(imei) == imei


@given(BODIES.filter(lambda b: len(set(b)) > 1), st.sampled_from("0123456789"))
def test_a_fifteen_digit_value_is_kept_as_written(body: str, last: str) -> None:
    # A wrong check digit is a distinct id to keep, not an error to repair: sequential test ids and
    # vendors' non-standard ids stay distinct.
    assert handset_id(body + last) == body + last


@given(st.sampled_from("0123456789"), st.integers(14, 16), st.sampled_from("0123456789"))
def test_a_placeholder_is_no_handset(digit: str, size: int, last: str) -> None:
    value = (digit * 14 + last * 2)[:size]
    assert handset_id(value) is None


def test_values_that_are_not_an_imei_are_left_alone() -> None:
    for value in ["1234567890123", "12345678901234567", "٨٦١٢٣٤٥٦٧٨٩٠١٢٣٤", "35467112x00001"]:
        assert handset_id(value) == value
