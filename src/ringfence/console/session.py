"""Console sessions: a signed cookie naming the API key that logged in, and CSRF tokens for forms.

The cookie holds no secret (a key id and an expiry, signed with the platform secret), so revoking the
key ends every session opened with it: each request re-reads the key.
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["COOKIE", "csrf_token", "make_session", "read_session"]

COOKIE = "ringfence_session"


def _sign(payload: str, secret: bytes) -> str:
    return hmac.new(secret, payload.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def make_session(key_id: int, expires_at: int, secret: bytes) -> str:
    payload = f"{key_id}.{expires_at}"
    return f"{payload}.{_sign(payload, secret)}"


def read_session(token: str | None, secret: bytes, now_ts: int) -> int | None:
    """The key id of a valid, unexpired session token, else ``None``."""
    if not token or token.count(".") != 2:
        return None
    key_id, expires_at, signature = token.split(".")
    # Signatures are hex: anything else is forged (and ``compare_digest`` refuses non-ASCII text).
    if not signature.isascii() or not hmac.compare_digest(_sign(f"{key_id}.{expires_at}", secret), signature):
        return None
    if not (key_id.isdigit() and expires_at.isdigit()) or int(expires_at) < now_ts:
        return None
    return int(key_id)


def csrf_token(session: str, secret: bytes) -> str:
    """Forms carry this; a cross-site page cannot read it, so it cannot forge a console POST."""
    return _sign(f"csrf:{session}", secret)
