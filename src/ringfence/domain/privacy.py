"""Privacy primitives: keyed hashes for identity numbers, masking for phone numbers.

Identity document numbers never enter ringfence in the clear: operators hash them with a key they hold
(HMAC-SHA256), so two cards registered to one person still link ("one ID, many cards") while the number
itself cannot be recovered by hashing every possible ID (there are only ~10^10 plausible ones, which an
unkeyed hash would give away in minutes).
"""

from __future__ import annotations

import hashlib
import hmac

__all__ = ["keyed_hash", "mask_number"]


def keyed_hash(value: str, key: bytes, length: int = 16) -> str:
    """HMAC-SHA256 of ``value`` under ``key``, hex, truncated to ``length`` characters."""
    return hmac.new(key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()[:length]


def mask_number(number: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    """Mask the middle of a number for roles that need not see it: ``+86138****5678``.

    The country code is kept whole so a masked number still tells where it is from.
    """
    head = ""
    rest = number
    if number.startswith("+86"):
        head, rest = "+86", number[3:]
    elif number.startswith("+"):
        head, rest = number[:4], number[4:]
    if len(rest) <= keep_head + keep_tail:
        return head + rest[: max(1, len(rest) // 3)] + "*" * (len(rest) - max(1, len(rest) // 3))
    return head + rest[:keep_head] + "*" * (len(rest) - keep_head - keep_tail) + rest[-keep_tail:]
