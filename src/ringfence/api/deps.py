"""FastAPI dependencies shared by the public API and the console: the platform and the caller.

Authentication lives here and only here: routers declare ``Depends(principal)`` (or
``Depends(requires(Permission.X))``) and get a ``Principal`` or never run (401). Plug-in routers of
other capabilities (screening, SMS) use the same two dependencies.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import Depends, Request

from ringfence.bootstrap import Platform, build_platform
from ringfence.domain.access import Permission, Principal, require
from ringfence.services.keys import authenticate

__all__ = ["get_platform", "now", "presented_key", "principal", "requires"]


def get_platform(request: Request) -> Platform:
    """The app's platform, built from ``RINGFENCE_*`` settings on first use when none was given."""
    state = request.app.state
    if getattr(state, "platform", None) is None:
        state.platform = build_platform()
    platform = state.platform
    assert isinstance(platform, Platform)
    return platform


def now(platform: Platform = Depends(get_platform)) -> datetime:
    return platform.clock()


def presented_key(request: Request) -> str | None:
    """The key from ``Authorization: Bearer …`` or ``X-API-Key``; cookies are not accepted on /v1."""
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return request.headers.get("x-api-key")


def principal(request: Request, platform: Platform = Depends(get_platform)) -> Principal:
    return authenticate(platform.store, platform.secret, presented_key(request))


def requires(permission: Permission) -> Callable[..., Principal]:
    """A dependency that authenticates and then checks one permission (401, then 403)."""

    def dependency(who: Principal = Depends(principal)) -> Principal:
        require(who, permission)
        return who

    return dependency
