"""``POST /v1/screen/call`` answered beside the framework, for the request a switch sends at every call
setup.

FastAPI spends more per request on routing through ~100 routes and solving dependencies (the app-wide
URL check, the router's permission check, the route's principal, the body) than the decision itself
takes: measured in process, the screening route was 2× a bare FastAPI endpoint, and over HTTP its p99
1.2–1.3× (the target is 1.2×). This middleware answers only the common case straight from the ASGI
messages: a JSON body that validates as ``CallIn``, no query string, from a key already in the
app's auth cache (``api.deps.principal``) whose role may screen. Everything else — a key's first use or
expired cache entry, a missing or refused key, another content type, a body that does not parse or
validate — goes to the app unchanged, with the body replayed, so every refusal and every error keeps
the one implementation the API documents. The body is parsed exactly as FastAPI parses it
(``json.loads``, then model validation in Python mode), and the answer is built by the route's own
``answer_one``: both paths give the same bytes (``tests/api/test_fast_screen.py``).

It sits inside ``SecurityHeaders`` (same response headers) and inside FastAPI's body-size limit and
error middleware (an unexpected error is logged and answered as everywhere else). Turned off with
``RINGFENCE_SCREEN_FAST_PATH=0``.
"""

from __future__ import annotations

import json
import time

from pydantic import ValidationError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ringfence.api.deps import key_of
from ringfence.api.v1.screen import CallIn, answer_one
from ringfence.domain.access import Permission, Principal, allowed

__all__ = ["PATH", "ScreenFastPath"]

PATH = "/v1/screen/call"
_READ = frozenset({b"content-type", b"authorization", b"x-api-key"})


def _headers(scope: Scope) -> tuple[str, str | None]:
    """The media type (lower case, no parameters) and the presented key, as ``presented_key`` reads it."""
    first: dict[bytes, str] = {}  # a repeated header: the first, as Starlette's ``headers.get`` reads it
    for name, value in scope["headers"]:
        if name in _READ and name not in first:
            first[name] = value.decode("latin-1")
    media = first.get(b"content-type", "").split(";", 1)[0].strip().lower()
    return media, key_of(first.get(b"authorization", ""), first.get(b"x-api-key"))


def _cached_screener(scope: Scope, key: str | None) -> Principal | None:
    """The principal behind ``key`` if the auth cache vouches for it now and it may screen."""
    app = scope.get("app")
    cache: dict[str, tuple[Principal, float]] | None = getattr(
        getattr(app, "state", None), "auth_cache", None
    )
    if not key or cache is None:
        return None
    hit = cache.get(key)
    if hit is None or hit[1] <= time.monotonic() or not allowed(hit[0].role, Permission.SCREEN):
        return None
    return hit[0]


def _call(body: bytes) -> CallIn | None:
    """The body as FastAPI would read it, or None (the app then says what is wrong with it)."""
    if not body:
        return None
    try:
        return CallIn.model_validate(json.loads(body))
    except (ValueError, ValidationError):  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
        return None


class ScreenFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["path"] != PATH
            or scope["method"] != "POST"
            or scope["query_string"]
        ):
            await self.app(scope, receive, send)
            return
        body, complete = await _read_body(receive)
        media, key = _headers(scope)
        who = _cached_screener(scope, key) if complete and media == "application/json" else None
        call = _call(body) if who is not None else None
        if who is None or call is None:
            await self.app(scope, _replay(body, complete, receive), send)
            return
        service = scope["app"].state.platform.screening
        answer = answer_one(call, service, who.org)
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-length", str(len(answer)).encode()),
                    (b"content-type", b"application/json"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": answer})


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body, and whether it arrived whole (False: the client went away first)."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    """A ``receive`` that gives the app the body already read, then whatever the client sends next."""
    pending: list[Message] = [{"type": "http.request", "body": body, "more_body": not complete}]
    if not complete:
        pending.append({"type": "http.disconnect"})

    async def replayed() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return replayed
