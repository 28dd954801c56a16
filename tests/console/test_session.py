from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ringfence.console.session import csrf_token, make_session, read_session

SECRET = b"k" * 32


def test_sessions_expire_and_cannot_be_forged() -> None:
    token = make_session("a7", 1_000, SECRET)
    assert read_session(token, SECRET, 999) == "a7"
    assert read_session(token, SECRET, 1_001) is None
    assert read_session(token.replace("a7.", "a8.", 1), SECRET, 0) is None
    assert read_session(token, b"other", 0) is None
    assert read_session(None, SECRET, 0) is None
    assert csrf_token(token, SECRET) != csrf_token(make_session("a8", 1_000, SECRET), SECRET)


@given(st.text(max_size=80))
def test_garbage_never_opens_a_session(garbage: str) -> None:
    assert read_session(garbage, SECRET, 0) is None
