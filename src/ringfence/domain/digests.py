"""Digests that let partners look numbers up without telling us which number (PhoneBlock-style).

A partner hashes the canonical number with plain SHA-256 and sends only the first few hex digits; the
platform answers with every listed number whose digest starts with them, and the partner matches the
full digest locally. The platform learns a bucket, not a number. Plain (unkeyed) SHA-256 is needed so
partners can compute it; what protects the number is the prefix (k-anonymity), not the hash.
"""

from __future__ import annotations

import hashlib
import re

__all__ = ["MAX_PREFIX", "MIN_PREFIX", "digest", "prefix_range", "valid_prefix"]

MIN_PREFIX = 5  # 16^5 ≈ 1M buckets: a bucket of the 1.6 billion Chinese numbers holds ~1,500
MAX_PREFIX = 64
_HEX = re.compile(r"^[0-9a-f]+$")


def digest(canonical: str) -> str:
    """SHA-256 hex of a canonical number (E.164 ``+86…`` or a short code as digits) or URL."""
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def valid_prefix(prefix: str) -> bool:
    return MIN_PREFIX <= len(prefix) <= MAX_PREFIX and _HEX.match(prefix) is not None


def prefix_range(prefix: str) -> tuple[str, str]:
    """``[low, high)`` bounds of digests starting with ``prefix``, for an indexed range scan."""
    return prefix, prefix + "g"  # 'g' sorts after every hex digit
