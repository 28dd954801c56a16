"""Lexical features of URLs, computed for a whole batch at once.

The n-gram model reads ``hash_text`` (host and path, lower-cased, without the scheme: links in SMS usually
come without one, so hashing it would tie the model to how a source wrote URLs; the scheme is a flag).
Numeric features are counted over (URLs x characters) code-point arrays with NumPy: per-URL Python
counting costs more than the whole model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["NUMERIC_NAMES", "hash_text", "numeric_matrix"]

NUMERIC_NAMES = (
    "log_len", "log_host_len", "host_dots", "host_digit_ratio", "url_digit_ratio", "slashes", "params",
    "specials", "hex_ratio", "subdomains", "log_path_len", "tld_len", "upper_ratio", "path_dots",
)  # fmt: skip


def hash_text(host: str, path: str) -> str:
    return host + path.lower()


def _codes(strings: Sequence[str], max_len: int = 512) -> npt.NDArray[np.uint32]:
    clipped = [s[:max_len] for s in strings]
    width = max(1, max(map(len, clipped), default=1))
    return np.array(clipped, dtype=f"<U{width}").view(np.uint32).reshape(len(clipped), width)


def _count(codes: npt.NDArray[np.uint32], chars: str) -> npt.NDArray[np.float32]:
    mask = np.isin(codes, np.array([ord(c) for c in chars], dtype=np.uint32))
    counts: npt.NDArray[np.float32] = mask.sum(axis=1).astype(np.float32)
    return counts


def _count_range(codes: npt.NDArray[np.uint32], lo: str, hi: str) -> npt.NDArray[np.float32]:
    counts: npt.NDArray[np.float32] = ((codes >= ord(lo)) & (codes <= ord(hi))).sum(axis=1).astype(np.float32)
    return counts


def numeric_matrix(
    raws: Sequence[str],
    hosts: Sequence[str],
    paths: Sequence[str],
    subdomains: Sequence[int],
    tld_lens: Sequence[int],
) -> npt.NDArray[np.float32]:
    """(n_urls, len(NUMERIC_NAMES)) features in ``NUMERIC_NAMES`` order."""
    n = len(raws)
    if n == 0:
        return np.zeros((0, len(NUMERIC_NAMES)), np.float32)
    r, h, p = _codes(raws), _codes(hosts), _codes(paths)
    len_r = np.fromiter(map(len, raws), np.float32, n)
    len_h = np.fromiter(map(len, hosts), np.float32, n)
    len_p = np.fromiter(map(len, paths), np.float32, n)
    cols = [
        np.log1p(len_r),
        np.log1p(len_h),
        _count(h, "."),
        _count_range(h, "0", "9") / np.maximum(len_h, 1),
        _count_range(r, "0", "9") / np.maximum(len_r, 1),
        _count(p, "/"),
        _count(p, "&?"),
        _count(p, "=-_~%;+!"),
        3 * _count(r, "%") / np.maximum(len_r, 1),
        np.asarray(subdomains, np.float32),
        np.log1p(len_p),
        np.asarray(tld_lens, np.float32),
        _count_range(p, "A", "Z") / np.maximum(len_p, 1),
        _count(p, "."),
    ]
    return np.stack(cols, axis=1).astype(np.float32)
