"""Security headers for every response, and what the app may believe about where a request came from.

One pure-ASGI middleware (no per-request task or body copy, so screening pays next to nothing) adds:

* everywhere: ``X-Content-Type-Options: nosniff`` and ``X-Frame-Options: DENY``; HSTS when the request
  came over TLS;
* on ``/console``: the Content-Security-Policy that keeps the console offline, ``Referrer-Policy:
  same-origin`` and, on pages (not static files), ``Cache-Control: no-store``;
* on ``/v1``: ``Content-Security-Policy: default-src 'none'; frame-ancestors 'none'``, ``Referrer-Policy:
  no-referrer`` and ``Cache-Control: no-store`` (every ``/v1`` answer is for one authenticated caller).

``X-Forwarded-Proto`` and ``X-Forwarded-For`` are believed only from the addresses listed in
``RINGFENCE_TRUSTED_PROXIES``; anyone else could send them to pose as a TLS or a different client.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ringfence.settings import Settings

__all__ = ["CONSOLE_CSP", "SecurityHeaders", "client_address", "is_tls"]

#: The console loads nothing from anywhere else: a browser enforcing this proves it works offline, and
#: an injected script or form could not send data away.
CONSOLE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HSTS = "max-age=31536000"

_ALL = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY")]
_CONSOLE = [(b"content-security-policy", CONSOLE_CSP.encode()), (b"referrer-policy", b"same-origin")]
_API = [
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
]
_NO_STORE = [(b"cache-control", b"no-store")]


def _settings(scope: Scope) -> Settings | None:
    app = scope.get("app")
    platform = getattr(getattr(app, "state", None), "platform", None)
    settings = getattr(platform, "settings", None)
    return settings if isinstance(settings, Settings) else None


def _from_proxy(scope: Scope, settings: Settings | None) -> bool:
    client = scope.get("client")
    return bool(settings is not None and client and client[0] in settings.proxies)


def is_tls(scope: Scope, settings: Settings | None) -> bool:
    """Whether the client reached us over TLS: directly, or through a trusted proxy that says so."""
    if scope.get("scheme") in ("https", "wss"):
        return True
    if not _from_proxy(scope, settings):
        return False
    proto = Headers(scope=scope).get("x-forwarded-proto", "")
    return proto.split(",")[0].strip().lower() == "https"


def client_address(conn: HTTPConnection, settings: Settings | None) -> str:
    """The client's address: the peer, or behind a trusted proxy the last address it did not add."""
    peer = conn.client.host if conn.client else "unknown"
    if settings is None or not _from_proxy(conn.scope, settings):
        return peer
    forwarded = [a.strip() for a in conn.headers.get("x-forwarded-for", "").split(",") if a.strip()]
    for address in reversed(forwarded):
        if address not in settings.proxies:
            return address
    return peer


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        extra = list(_ALL)
        if path.startswith("/console"):
            extra += _CONSOLE
            if not path.startswith("/console/static/"):
                extra += _NO_STORE
        elif path.startswith("/v1"):
            extra += _API

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in extra if k not in present]
                if is_tls(scope, _settings(scope)):
                    headers.append((b"strict-transport-security", HSTS.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
