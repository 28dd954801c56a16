"""Privacy primitives: keyed hashes for identity numbers, masking for phone numbers.

Identity document numbers never enter ringfence in the clear: operators hash them with a key they hold
(HMAC-SHA256), so two cards registered to one person still link ("one ID, many cards") while the number
itself cannot be recovered by hashing every possible ID (there are only ~10^10 plausible ones, which an
unkeyed hash would give away in minutes).
"""

from __future__ import annotations

import hashlib
import hmac

from phonenumbers import COUNTRY_CODE_TO_REGION_CODE

__all__ = ["keyed_hash", "mask_number"]


def keyed_hash(value: str, key: bytes, length: int = 16) -> str:
    """HMAC-SHA256 of ``value`` under ``key``, hex, truncated to ``length`` characters."""
    return hmac.new(key, value.strip().upper().encode("utf-8"), hashlib.sha256).hexdigest()[:length]


def _country_code(number: str) -> str:
    """``+`` and the ITU country code that starts ``number`` (the longest of 1–3 digits that is one),
    or just ``+`` when none is; empty for a number without ``+``."""
    if not number.startswith("+"):
        return ""
    for size in (3, 2, 1):
        code = number[1 : 1 + size]
        if code.isdigit() and len(code) == size and int(code) in COUNTRY_CODE_TO_REGION_CODE:
            return "+" + code
    return "+"


def mask_number(number: str, keep_head: int = 3, keep_tail: int = 4) -> str:
    """Mask the middle of a number for roles that need not see it: ``+86138****5678``.

    The country code is kept whole so a masked number still tells where it is from. Of the rest
    (``n`` characters), at least about half is hidden whatever the length — ``(n - 2) // 2`` and never
    fewer than ``n - keep_head - keep_tail`` — so the Chinese convention for 11-digit mobiles
    (``138****5678``) holds and a long international number cannot show all but one digit. Numbers of
    up to 7 characters (short codes, service numbers) show only their first third.
    """
    head = _country_code(number)
    rest = number[len(head) :]
    n = len(rest)
    if n == 0:
        return head
    if n <= keep_head + keep_tail:
        shown = max(1, n // 3)
        return head + rest[:shown] + "*" * (n - shown)
    hidden = max(n - keep_head - keep_tail, (n - 2) // 2)
    visible = n - hidden
    tail = min(keep_tail, (visible + 1) // 2)
    front = visible - tail
    return head + rest[:front] + "*" * hidden + rest[n - tail :]
