"""Console sessions and CSRF tokens: signed cookies naming a session the store keeps.

The session cookie holds no secret: a random session id and an expiry, signed with the platform
secret. The store records the session (``open_session``) and logging out ends it there, so a cookie
copied before logout is refused afterwards, on every worker. Each request also re-reads the key
that logged in, so revoking the key ends its sessions.

Forms carry a token derived from the session cookie; the login form, which has no session yet,
carries one derived from a random pre-session cookie (double submit): a cross-site page can read
neither cookie, so it cannot forge a console POST, logging in included.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

__all__ = [
    "COOKIE",
    "LOGIN_COOKIE",
    "csrf_token",
    "login_csrf",
    "make_session",
    "new_login_nonce",
    "new_session_id",
    "read_session",
    "same",
]

COOKIE = "ringfence_session"
LOGIN_COOKIE = "ringfence_login"


def _sign(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def same(expected: str, presented: str) -> bool:
    """Constant-time comparison that takes any presented text (``compare_digest`` refuses non-ASCII)."""
    return hmac.compare_digest(expected.encode("utf-8"), presented.encode("utf-8", "replace"))


def new_session_id() -> str:
    return secrets.token_hex(16)


def make_session(session_id: str, expires_at: int, secret: bytes) -> str:
    payload = f"{session_id}.{expires_at}"
    return f"{payload}.{_sign(payload, secret)}"


def read_session(token: str | None, secret: bytes, now_ts: int) -> str | None:
    """The session id of a well-signed, unexpired session cookie, else ``None`` (the store decides
    whether that session is still open)."""
    if not token or token.count(".") != 2:
        return None
    session_id, expires_at, signature = token.split(".")
    if not same(_sign(f"{session_id}.{expires_at}", secret), signature):
        return None
    if not (session_id.isalnum() and expires_at.isdigit()) or int(expires_at) < now_ts:
        return None
    return session_id


def csrf_token(session: str, secret: bytes) -> str:
    """Forms carry this; a cross-site page cannot read it, so it cannot forge a console POST."""
    return _sign(f"csrf:{session}", secret)


def new_login_nonce() -> str:
    return secrets.token_hex(16)


def login_csrf(nonce: str, secret: bytes) -> str:
    """The login form's token, bound to the pre-session cookie ``LOGIN_COOKIE`` holding ``nonce``."""
    return _sign(f"login:{nonce}", secret)
