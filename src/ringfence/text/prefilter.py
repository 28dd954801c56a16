"""Which patterns can match which messages of a batch, found by Polars' regex engine in one columnar pass.

Python's ``re`` costs about a microsecond per pattern search even when it fails, and a message is a
candidate for a dozen of the library's patterns: searching was a third of the SMS screener's time. The
Rust regex engine behind ``polars.Expr.str.contains`` scans a column with literal prefilters and a lazy
DFA, several patterns' worth of messages in the time ``re`` takes for one. It does not speak Python's
dialect, and its answers only decide *where* ``re`` searches: each pattern is rewritten into a Rust regex
that matches wherever the Python one does (a superset: assertions are dropped, ``\\s`` widened), so a
message the prefilter passes over cannot be a hit, and every hit is still found and quoted by ``re``.
A construct with no safe rewrite leaves that pattern without a prefilter (searched as before).
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import polars as pl

__all__ = ["candidates", "rust_superset"]

_SRE: Any = importlib.import_module("re._parser")
_MAXREPEAT: int = _SRE.MAXREPEAT
# Rust's \s is Unicode White_Space; Python's str \s is str.isspace(), which also holds \x1c-\x1f.
_SPACE_IN_CLASS = r"\s\x{1c}-\x{1f}"


class _NoRewriteError(Exception):
    """The pattern holds a construct whose Rust counterpart could match less than Python's."""


def _char(code: int) -> str:
    return f"\\x{{{code:x}}}"


def _category(cat: Any, negated_class: bool) -> str:
    """A class item. In a negated class the Rust set must be no larger than Python's (a smaller
    exclusion matches more), in a positive one no smaller."""
    c = _SRE
    if cat is c.CATEGORY_DIGIT:
        return "0-9" if negated_class else r"\d"  # Python's \d is Unicode Nd: 0-9 is inside it
    if cat is c.CATEGORY_SPACE:
        return r"\s" if negated_class else _SPACE_IN_CLASS
    if cat is c.CATEGORY_NOT_DIGIT:  # Rust nests classes
        return r"\D" if negated_class else "[^0-9]"
    if cat is c.CATEGORY_NOT_SPACE:
        return f"[^{_SPACE_IN_CLASS}]" if negated_class else r"\S"
    raise _NoRewriteError(str(cat))


def _class(items: Any) -> str:
    c = _SRE
    negated = bool(items) and items[0][0] is c.NEGATE
    parts = []
    for op, arg in items[1:] if negated else items:
        if op is c.LITERAL:
            parts.append(_char(arg))
        elif op is c.RANGE:
            parts.append(f"{_char(arg[0])}-{_char(arg[1])}")
        elif op is c.CATEGORY:
            parts.append(_category(arg, negated))
        else:
            raise _NoRewriteError(str(op))
    return ("[^" if negated else "[") + "".join(parts) + "]"


def _emit(items: Any) -> str:
    c = _SRE
    out: list[str] = []
    for op, arg in items:
        if op is c.LITERAL:
            out.append(_char(arg))
        elif op is c.NOT_LITERAL:
            out.append(f"[^{_char(arg)}]")
        elif op is c.ANY:
            out.append(".")  # neither dialect's dot takes \n without DOTALL (refused below)
        elif op is c.IN:
            out.append(_class(arg))
        elif op is c.BRANCH:
            out.append("(?:" + "|".join(_emit(branch) for branch in arg[1]) + ")")
        elif op is c.SUBPATTERN:
            if arg[1] or arg[2]:  # inline flags inside a group
                raise _NoRewriteError("scoped flags")
            out.append("(?:" + _emit(arg[-1]) + ")")
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):  # laziness cannot change whether a text matches
            low, high, sub = arg
            bound = f"{{{low},}}" if high == _MAXREPEAT else f"{{{low},{high}}}"
            out.append("(?:" + _emit(sub) + ")" + bound)
        elif op in (c.ASSERT, c.ASSERT_NOT, c.AT):
            continue  # dropping an assertion only widens the pattern
        else:
            raise _NoRewriteError(str(op))
    return "".join(out)


def rust_superset(regex: re.Pattern[str]) -> str | None:
    """A Rust-dialect regex matching every text ``regex`` finds a match in (None: no safe rewrite)."""
    flags = regex.flags & ~re.UNICODE
    if flags & ~re.IGNORECASE:
        return None
    try:
        body = _emit(_SRE.parse(regex.pattern, regex.flags))
    except Exception:  # _NoRewriteError, or a pattern sre parses differently from re.compile: left to re
        return None
    rust = ("(?i)" if flags & re.IGNORECASE else "") + body
    try:
        pl.Series("t", [""], dtype=pl.String).str.contains(rust)
    except Exception:  # beyond the engine's size limits, for one
        return None
    return rust


def candidates(texts: Sequence[str], prefilters: Sequence[str | None]) -> np.ndarray:
    """Boolean matrix (text x pattern): False where the pattern cannot match the text. A pattern
    without a prefilter is a candidate everywhere."""
    frame = pl.DataFrame({"t": pl.Series(list(texts), dtype=pl.String)})
    exprs = [
        (pl.col("t").str.contains(p) if p is not None else pl.col("t").is_not_null()).alias(str(k))
        for k, p in enumerate(prefilters)
    ]
    if not exprs:
        return np.zeros((len(texts), 0), dtype=bool)
    return frame.select(exprs).to_numpy().astype(bool, copy=False).reshape(len(texts), len(exprs))
