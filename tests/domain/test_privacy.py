from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.privacy import _country_code, keyed_hash, mask_number


def test_keyed_hash_links_the_same_id_and_depends_on_the_key() -> None:
    a = keyed_hash("11010519491231002X", b"operator-key")
    assert a == keyed_hash("11010519491231002x ", b"operator-key")  # case and spaces do not matter
    assert a != keyed_hash("11010519491231002X", b"other-key")
    assert len(a) == 16
    assert "1949" not in a


def test_mask_number() -> None:
    assert mask_number("+8613812345678") == "+86138****5678"
    assert mask_number("95588") == "9****"
    assert mask_number("+85291234567") == "+85291***567"
    assert mask_number("+12025550123") == "+1202****123"  # once "+120255*0123": one digit hidden
    assert mask_number("13812345678") == "138****5678"


@given(st.from_regex(r"\+861[3-9][0-9]{9}", fullmatch=True))
def test_masked_mobiles_hide_the_middle_four(number: str) -> None:
    masked = mask_number(number)
    assert len(masked) == len(number)
    assert masked[:6] == number[:6]
    assert masked[-4:] == number[-4:]
    assert masked[6:10] == "****"


numbers = st.one_of(
    st.from_regex(r"\+[0-9]{7,20}", fullmatch=True),  # any country code (1-3 digits), any length
    st.from_regex(r"[0-9]{4,20}", fullmatch=True),  # national, short codes
    st.from_regex(r"\+86[0-9]{4,14}", fullmatch=True),
)


@given(numbers)
def test_at_least_about_half_of_every_number_is_hidden(number: str) -> None:
    """Whatever its length: the country code stays, at least ``n // 2 - 1`` of the ``n`` characters
    after it are hidden (11-digit Chinese mobiles hide 4, as convention has it), and what shows is
    the number's own characters in place."""
    masked = mask_number(number)
    head = _country_code(number)
    n = len(number) - len(head)
    hidden = masked.count("*")
    assert len(masked) == len(number)
    assert masked.startswith(head)
    assert hidden >= max(1, n // 2 - 1)
    assert all(m in ("*", c) for m, c in zip(masked, number, strict=True))
    assert masked[len(head)] != "*"  # the first digit after the country code shows (it tells the range)
