from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.privacy import keyed_hash, mask_number


def test_keyed_hash_links_the_same_id_and_depends_on_the_key() -> None:
    a = keyed_hash("11010519491231002X", b"operator-key")
    assert a == keyed_hash("11010519491231002x ", b"operator-key")  # case and spaces do not matter
    assert a != keyed_hash("11010519491231002X", b"other-key")
    assert len(a) == 16
    assert "1949" not in a


def test_mask_number() -> None:
    assert mask_number("+8613812345678") == "+86138****5678"
    assert mask_number("95588") == "9****"
    assert mask_number("+85291234567") == "+852912*4567"


@given(st.from_regex(r"\+861[3-9][0-9]{9}", fullmatch=True))
def test_masked_mobiles_hide_the_middle_four(number: str) -> None:
    masked = mask_number(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:10] == "****"
