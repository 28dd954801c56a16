"""``batch._split``'s frame for a few URLs, computed row by row in Python.

The columnar split is one Polars query of some thirty expressions and a dozen regexes, compiled on every
call: about 1.5 ms whatever the batch holds. A message screened on its own (the HTTP routes, a stream of
single messages) paid that for its one link, ten times the rest of its screening. Here each column is
the same operation in Python, with the Rust regex dialect's meaning kept where Python's differs (``$`` is
the end of the text, whitespace is Unicode White_Space), so the columns, and every score made from them,
are the columnar ones (``tests/urls/test_rows.py`` holds the two equal on random URLs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

__all__ = ["split_rows"]

# What Rust's ``str::trim`` (Polars' ``strip_chars()``) strips: Unicode White_Space. Python's ``strip()``
# also strips \x1c-\x1f, which are not.
_WHITE_SPACE = (
    "\t\n\x0b\x0c\r \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_SCHEME = re.compile(r"([A-Za-z]{1,9})://")
_AUTHORITY = re.compile(r"[^/?#\\]*")
_USERINFO = re.compile(r"(.*)@")
_V6_HOST = re.compile(r"\[[^\]]*\]?")
_PLAIN_HOST = re.compile(r"[^:]*")
_V6_PORT = re.compile(r"\[[^\]]*\]:(.*)\Z")  # ``$`` in the Rust dialect is the end of the text
_PLAIN_PORT = re.compile(r"[^:]*:(.*)\Z")
_WORDS = re.compile(r"[a-z0-9]+")
_DIGITS = re.compile(r"[0-9]")
_PARAMS = re.compile(r"[&?]")
_SPECIALS = re.compile(r"[=\-_~%;+!]")
_UPPER = re.compile(r"[A-Z]")


def _rust(pattern: str) -> re.Pattern[str]:
    """A pattern the columnar split hands to Polars (a lure alternation of words, the executable
    suffix), read by ``re`` as the Rust dialect reads it: the one construct of theirs the dialects read
    differently is ``$``, the end of the text in Rust."""
    return re.compile(pattern.replace("$", r"\Z"))


def split_rows(
    urls: Sequence[str], lure: str, executable: str, keywords: Sequence[str]
) -> dict[str, list[Any]]:
    """The columns of ``batch._split_columns`` for ``urls``, a list each (``to_list`` of its frame);
    ``lure`` and ``executable`` are the patterns the columnar split extracts with."""
    lure_re, exe_re, wanted = _rust(f"({lure})"), _rust(executable), frozenset(keywords)
    cols: dict[str, list[Any]] = {}
    for raw in urls:
        stripped = raw.strip(_WHITE_SPACE)
        m = _SCHEME.match(stripped)
        scheme, rest = (m.group(1).lower(), stripped[m.end() :]) if m else ("", stripped)
        authority = _AUTHORITY.match(rest).group(0)  # type: ignore[union-attr]  # matches "" at least
        path = rest[len(authority) :]
        user = _USERINFO.match(authority)
        hostport = (authority[user.end() :] if user else authority).lower()
        if hostport.startswith("["):
            host = _V6_HOST.match(hostport).group(0)  # type: ignore[union-attr]
            port_m = _V6_PORT.match(hostport)
        else:
            host = _PLAIN_HOST.match(hostport).group(0).strip(".")  # type: ignore[union-attr]
            port_m = _PLAIN_PORT.match(hostport)
        port = port_m.group(1) if port_m else ""
        tail = path.lower()
        lure_m, exe_m = lure_re.search(tail), exe_re.search(tail)
        words = _WORDS.findall(tail)
        row: dict[str, Any] = {
            "raw": raw,
            "scheme": scheme,
            "rest": rest,
            "authority": authority,
            "path": path,
            "userinfo": user.group(1) if user else "",
            "hostport": hostport,
            "host": host,
            "port": port,
            "tail": tail,
            "lure": lure_m.group(1) if lure_m else None,
            "exe": exe_m.group(1) if exe_m else None,
            "http_in_path": "http" in tail[1:] or "www." in tail,
            "double_slash": "//" in tail,
            "words": words,
            "has_userinfo": bool(user and user.group(1)),
            "port_flag": port != "" and port not in ("80", "443"),
            "n": len(raw),
            "h": len(host),
            "p": len(path),
            "host_dots": host.count("."),
            "host_digits": len(_DIGITS.findall(host)),
            "raw_digits": len(_DIGITS.findall(raw)),
            "slashes": path.count("/"),
            "params": len(_PARAMS.findall(path)),
            "specials": len(_SPECIALS.findall(path)),
            "percents": raw.count("%"),
            "upper": len(_UPPER.findall(path)),
            "path_dots": path.count("."),
            "brand_word": any(w in wanted for w in words),
        }
        for name, value in row.items():
            cols.setdefault(name, []).append(value)
    return cols
