from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.domain.apikeys import format_key, hash_key, parse_key, verify_key

SECRET = b"s" * 32


def test_a_key_round_trips_and_only_its_hash_verifies() -> None:
    key = format_key("AbCd1234", "x" * 32)
    parsed = parse_key(f"  {key}\n")
    assert parsed is not None
    assert parsed.lookup == "AbCd1234"
    assert parsed.full == key
    stored = hash_key(key, SECRET)
    assert key not in stored
    assert len(stored) == 64
    assert verify_key(key, stored, SECRET)
    assert not verify_key(key + "y", stored, SECRET)
    assert not verify_key(key, stored, b"other secret")


def test_malformed_keys_are_rejected() -> None:
    for junk in ("", "rf_short_x", "Bearer rf_AbCd1234_" + "x" * 30, "rf_AbCd12345_" + "x" * 30):
        assert parse_key(junk) is None


@given(
    st.text(alphabet="ABCDEFGHJKabcdefgh0123456789", min_size=8, max_size=8), st.text(min_size=1, max_size=40)
)
def test_no_other_string_verifies(lookup: str, guess: str) -> None:
    key = format_key(lookup, "k" * 32)
    if guess != key:
        assert not verify_key(guess, hash_key(key, SECRET), SECRET)
