"""Lexical features of URLs, computed for a whole batch at once.

The n-gram model reads ``hash_text`` (host and path, lower-cased, without the scheme: links in SMS usually
come without one, so hashing it would tie the model to how a source wrote URLs; the scheme is a flag).
Numeric features are plain counts and ratios.
"""

from __future__ import annotations

import math
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


_NO_DIGITS = str.maketrans("", "", "0123456789")
_NO_UPPER = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_NO_SPECIALS = str.maketrans("", "", "=-_~%;+!")


def numeric_matrix(
    raws: Sequence[str],
    hosts: Sequence[str],
    paths: Sequence[str],
    subdomains: Sequence[int],
    tld_lens: Sequence[int],
) -> npt.NDArray[np.float32]:
    """(n_urls, len(NUMERIC_NAMES)) features in ``NUMERIC_NAMES`` order.

    Counted with ``str.count``/``str.translate`` (C loops over each string): a padded NumPy character
    matrix costs more here, because one long URL widens the whole batch.
    """
    rows = []
    for raw, host, path, sub, tld in zip(raws, hosts, paths, subdomains, tld_lens, strict=True):
        n, h, p = len(raw), len(host), len(path)
        rows.append(
            (
                math.log1p(n),
                math.log1p(h),
                host.count("."),
                (h - len(host.translate(_NO_DIGITS))) / (h or 1),
                (n - len(raw.translate(_NO_DIGITS))) / (n or 1),
                path.count("/"),
                path.count("&") + path.count("?"),
                p - len(path.translate(_NO_SPECIALS)),
                3 * raw.count("%") / (n or 1),
                sub,
                math.log1p(p),
                tld,
                (p - len(path.translate(_NO_UPPER))) / (p or 1),
                path.count("."),
            )
        )
    return np.asarray(rows, dtype=np.float32).reshape(len(rows), len(NUMERIC_NAMES))
