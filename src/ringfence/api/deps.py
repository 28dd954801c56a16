"""FastAPI dependencies shared by the public API and the console: the platform and the caller.

Authentication lives here and only here: routers declare ``Depends(principal)`` (or
``Depends(requires(Permission.X))``) and get a ``Principal`` or never run (401). Plug-in routers of
other capabilities (screening, SMS) use the same two dependencies.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from ringfence.api.throttle import guarded_authenticate, metered
from ringfence.bootstrap import Platform
from ringfence.domain.access import Permission, Principal, allowed, require

__all__ = ["get_platform", "key_of", "now", "presented_key", "principal", "requires", "requires_any"]

_CACHE_MAX = 10_000


def get_platform(request: Request) -> Platform:
    """The app's platform (``create_app`` gets or builds it once, before serving)."""
    platform = request.app.state.platform
    assert isinstance(platform, Platform)
    return platform


def now(platform: Platform = Depends(get_platform)) -> datetime:
    return platform.clock()


def key_of(authorization: str, api_key: str | None) -> str | None:
    """The key an ``Authorization: Bearer …`` header carries, else the ``X-API-Key`` header's."""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return api_key


def presented_key(request: Request) -> str | None:
    """The key from ``Authorization: Bearer …`` or ``X-API-Key``; cookies are not accepted on /v1."""
    return key_of(request.headers.get("authorization", ""), request.headers.get("x-api-key"))


async def principal(request: Request) -> Principal:
    """The caller behind the presented key (401 otherwise).

    A key that checked out is trusted for ``auth_cache_seconds`` without another store read and HMAC:
    screening answers in microseconds and must not pay a database round trip per call. Revoking a key
    therefore takes effect within that many seconds on the API (at once in the console). Failed
    attempts are rate-limited (``api.throttle``).

    ``async`` so that a cached key is answered on the event loop: as a ``def`` dependency every request
    (every screened call) took a trip through the worker-thread pool, queueing behind whatever else
    holds those threads. Only a miss — a store read and an HMAC — goes to a thread. No
    sub-dependencies either: FastAPI pays for each one it solves, on every request.
    """
    platform = get_platform(request)
    key = presented_key(request)
    ttl = platform.settings.auth_cache_seconds
    if ttl <= 0 or not key:
        return await run_in_threadpool(guarded_authenticate, request, platform, key)
    cache: dict[str, tuple[Principal, float]] = request.app.state.auth_cache
    hit = cache.get(key)
    if hit is not None and hit[1] > time.monotonic():
        return hit[0]
    who = await run_in_threadpool(guarded_authenticate, request, platform, key)
    if len(cache) >= _CACHE_MAX:
        cache.clear()
    cache[key] = (who, time.monotonic() + ttl)
    return who


def requires(permission: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that authenticates and then checks one permission (401, then 403)."""

    async def dependency(request: Request) -> Principal:
        who = await principal(request)
        require(who, permission)
        return who

    return dependency


def requires_any(*permissions: Permission) -> Callable[[Request], Awaitable[Principal]]:
    """Authenticate, then accept a principal holding at least one of ``permissions``."""

    async def dependency(request: Request) -> Principal:
        who = await principal(request)
        if not any(allowed(who.role, p) for p in permissions):
            require(who, permissions[0])  # raises with the first permission's name
        return who

    return dependency


def metered_principal(request: Request, who: Principal = Depends(principal)) -> Principal:
    """``principal`` for lookup routes: each request counts against the key's lookup limit."""
    return metered(request, who)
