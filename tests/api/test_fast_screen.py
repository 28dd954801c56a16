"""The screening fast path answers exactly as the route does, and hands everything else to the app."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from starlette.types import Message

from ringfence.api import fast_screen
from ringfence.api.fast_screen import _read_body, _replay
from tests.support.world import World, make_world

KEY = "op-a/screen-only"
PATH = "/v1/screen/call"
FRAMEWORK = PATH + "?via=framework"  # any query string sends the request through FastAPI


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with make_world(tmp_path_factory.mktemp("fast"), auth_cache_seconds=600) as w:
        yield w


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The org of every answer the fast path gave."""
    seen: list[str] = []
    real = fast_screen.answer_one

    def spy(call: Any, service: Any, org: str | None) -> bytes:
        seen.append(str(org))
        return real(call, service, org)

    monkeypatch.setattr(fast_screen, "answer_one", spy)
    return seen


def _headers(world: World, who: str = KEY, media: str = "application/json") -> dict[str, str]:
    return {**world.as_(who), "content-type": media}


def _both(world: World, body: bytes, headers: dict[str, str]) -> tuple[Any, Any]:
    fast = world.client.post(PATH, content=body, headers=headers)
    slow = world.client.post(FRAMEWORK, content=body, headers=headers)
    return fast, slow


def _same(fast: Any, slow: Any) -> None:
    assert fast.status_code == slow.status_code
    assert fast.content == slow.content
    drop = {"date", "server"}
    assert {k: v for k, v in fast.headers.items() if k not in drop} == {
        k: v for k, v in slow.headers.items() if k not in drop
    }


def test_a_cached_screener_is_answered_by_the_fast_path(world: World, taken: list[str]) -> None:
    body = json.dumps({"call_id": "c1", "caller": "+8613800000001", "callee": "+8613912345678"}).encode()
    world.client.post(FRAMEWORK, content=body, headers=_headers(world))  # the key's first use fills the cache
    fast, slow = _both(world, body, _headers(world))
    assert taken == ["op-a"]
    assert fast.status_code == 200
    assert fast.json()["call_id"] == "c1"
    assert fast.json()["verdict"] in {"allow", "label", "block"}
    assert fast.headers["cache-control"] == "no-store"  # SecurityHeaders wraps the fast path too
    _same(fast, slow)


@pytest.mark.parametrize(
    ("who", "media", "body", "status"),
    [
        (KEY, "text/plain", b'{"caller": "+8613800000001", "callee": "+8613912345678"}', 422),
        (KEY, "application/merge+json", b'{"caller": "+8613800000001", "callee": "+8613912345678"}', 200),
        (KEY, "application/json", b'{"caller": "+8613800000001"}', 422),
        (KEY, "application/json", b"{not json", 422),
        (KEY, "application/json", b"", 422),
        ("op-a/partner", "application/json", b'{"caller": "1", "callee": "2"}', 403),
    ],
)
def test_anything_uncommon_goes_to_the_app(
    world: World, taken: list[str], who: str, media: str, body: bytes, status: int
) -> None:
    world.client.post(FRAMEWORK, content=b"{}", headers=_headers(world, who))  # cache the key if it can be
    fast, slow = _both(world, body, _headers(world, who, media))
    assert taken == []
    assert fast.status_code == status
    _same(fast, slow)


def test_an_unknown_key_is_refused_by_the_app(world: World, taken: list[str]) -> None:
    body = b'{"caller": "+8613800000001", "callee": "+8613912345678"}'
    r = world.client.post(
        PATH, content=body, headers={"authorization": "Bearer nope", "content-type": "application/json"}
    )
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert taken == []


def test_turned_off_by_the_setting(tmp_path: Path, taken: list[str]) -> None:
    with make_world(tmp_path, auth_cache_seconds=600, screen_fast_path=False) as w:
        body = b'{"caller": "+8613800000001", "callee": "+8613912345678"}'
        for _ in range(2):
            assert w.client.post(PATH, content=body, headers=_headers(w)).status_code == 200
    assert taken == []


_NUMBER = st.one_of(
    st.sampled_from(["+8613800000001", "+8617000000002", "008613912345678", "95588", "110", "+16175550123"]),
    st.text(max_size=12),
    st.integers(),
    st.none(),
)
_CALL = st.dictionaries(
    st.sampled_from(["call_id", "caller", "callee", "origin", "time", "trunk", "attestation", "extra"]),
    st.one_of(
        _NUMBER,
        st.sampled_from(
            ["intra", "inter", "international", "A", "C", "2026-12-03T10:00:00+08:00", "0001-01-01"]
        ),
    ),
)


@settings(max_examples=60)
@given(_CALL, st.booleans())
def test_both_paths_give_the_same_answer(world: World, call: dict[str, Any], as_list: bool) -> None:
    """For any body — valid or not, with numbers in any form — the same status, bytes and headers."""
    world.client.post(FRAMEWORK, content=b"{}", headers=_headers(world))  # keep the key cached
    body = json.dumps([call] if as_list else call).encode()
    _same(*_both(world, body, _headers(world)))


def _receive(messages: list[Message]) -> Any:
    async def receive() -> Message:
        return messages.pop(0)

    return receive


def test_a_body_in_chunks_is_read_whole_and_replayed() -> None:
    async def go() -> tuple[bytes, bool, list[Message]]:
        body, whole = await _read_body(
            _receive(
                [
                    {"type": "http.request", "body": b"ab", "more_body": True},
                    {"type": "http.request", "body": b"cd", "more_body": False},
                ]
            )
        )
        again = _replay(body, whole, _receive([{"type": "http.disconnect"}]))
        return body, whole, [await again(), await again()]

    body, whole, replayed = asyncio.run(go())
    assert (body, whole) == (b"abcd", True)
    assert replayed == [
        {"type": "http.request", "body": b"abcd", "more_body": False},
        {"type": "http.disconnect"},
    ]


def test_a_client_gone_mid_body_is_replayed_as_gone() -> None:
    async def go() -> tuple[bytes, bool, list[Message]]:
        body, whole = await _read_body(
            _receive(
                [{"type": "http.request", "body": b"ab", "more_body": True}, {"type": "http.disconnect"}]
            )
        )
        again = _replay(body, whole, _receive([]))
        return body, whole, [await again(), await again()]

    body, whole, replayed = asyncio.run(go())
    assert (body, whole) == (b"ab", False)
    assert replayed == [
        {"type": "http.request", "body": b"ab", "more_body": True},
        {"type": "http.disconnect"},
    ]


def test_a_repeated_authorization_header_is_read_as_the_app_reads_it(world: World, taken: list[str]) -> None:
    """The first of two keys decides on both paths: a cached screener's key second changes nothing."""
    body = b'{"caller": "+8613800000001", "callee": "+8613912345678"}'
    world.client.post(FRAMEWORK, content=body, headers=_headers(world))  # the screener's key is cached
    headers = [
        ("authorization", "Bearer nope"),
        ("authorization", f"Bearer {world.keys[KEY]}"),
        ("content-type", "application/json"),
    ]
    r = world.client.post(PATH, content=body, headers=headers)
    assert r.status_code == 401
    assert taken == []
