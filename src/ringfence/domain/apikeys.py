"""API keys: how they look, how they are stored, how a presented key is checked.

A key is shown once, when it is made, and only its HMAC under the platform's secret is stored: a
stolen database does not yield working keys, and without the secret the hashes cannot be brute-forced
offline. The key carries a short public prefix so the store can find the one row to compare against
without scanning every hash.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

__all__ = ["KEY_PREFIX", "ParsedKey", "format_key", "hash_key", "parse_key", "verify_key"]

KEY_PREFIX = "rf"
_KEY = re.compile(r"^rf_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{20,})$")


@dataclass(frozen=True, slots=True)
class ParsedKey:
    lookup: str  # public part, stored in clear and indexed
    full: str


def format_key(lookup: str, secret_part: str) -> str:
    """Assemble a key from its public lookup id and its random part (both made by the caller)."""
    return f"{KEY_PREFIX}_{lookup}_{secret_part}"


def parse_key(presented: str) -> ParsedKey | None:
    """The key's lookup id, or ``None`` for anything that is not shaped like a ringfence key."""
    match = _KEY.match(presented.strip())
    if match is None:
        return None
    return ParsedKey(lookup=match.group(1), full=presented.strip())


def hash_key(key: str, secret: bytes) -> str:
    return hmac.new(secret, key.encode("utf-8"), hashlib.sha256).hexdigest()


def verify_key(key: str, stored_hash: str, secret: bytes) -> bool:
    """Constant-time comparison, so response times do not leak how much of a guess was right."""
    return hmac.compare_digest(hash_key(key, secret), stored_hash)
