"""The editable keyword/pattern library: which scam scripts a message follows, in words an analyst reads.

The model scores; the patterns explain (and nudge). Each hit names its id, category and note, and adds its
weight (log-odds) to the score, so an operator can tune or extend the library without retraining, and a
verdict always comes with the wording that caused it. The default library ships as ``data/patterns.toml``.
"""

from __future__ import annotations

import importlib
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ringfence.errors import ConfigError

__all__ = ["BENIGN", "GENERIC", "Pattern", "PatternHit", "PatternLibrary", "default_library", "load_library"]

GENERIC = "generic"
BENIGN = "benign"


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    category: str
    weight: float
    regex: re.Pattern[str]
    note: str
    first: frozenset[str] | None = None  # every match starts with one of these characters (None: unknown)


@dataclass(frozen=True, slots=True)
class PatternHit:
    id: str
    category: str
    weight: float
    note: str
    matched: str


class PatternLibrary:
    """Compiled patterns. ``match`` expects normalised text (see ``ringfence.text.normalise``)."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        # A pattern can only match where one of its possible first characters occurs. An index from
        # character to patterns picks the few worth searching (each search costs ~0.5 us even when it
        # fails, and a library has dozens).
        self._always = frozenset(i for i, p in enumerate(patterns) if p.first is None)
        index: dict[str, set[int]] = {}
        for i, p in enumerate(patterns):
            for ch in p.first or ():
                index.setdefault(ch, set()).add(i)
        self._index = {ch: frozenset(ids) for ch, ids in index.items()}
        self._keys = frozenset(self._index)

    def match(self, text: str) -> list[PatternHit]:
        candidates = set(self._always)
        for ch in self._keys.intersection(text):
            candidates |= self._index[ch]
        hits = []
        for i in sorted(candidates):
            p = self.patterns[i]
            m = p.regex.search(text)
            if m is not None:
                hits.append(PatternHit(p.id, p.category, p.weight, p.note, m.group(0)))
        return hits

    @property
    def categories(self) -> set[str]:
        return {p.category for p in self.patterns}


_SRE: Any = importlib.import_module("re._parser")


def _first_chars(items: Any) -> frozenset[str] | None:
    """Characters a match of a parsed (sub)pattern must start with, or None when any could."""
    consts = _SRE
    for op, arg in items:
        if op is consts.AT:  # \b, ^, $: zero-width, look at what follows
            continue
        if op is consts.LITERAL:
            return frozenset(chr(arg))
        if op is consts.IN:
            chars = set()
            for sub_op, sub_arg in arg:
                if sub_op is consts.LITERAL:
                    chars.add(chr(sub_arg))
                elif sub_op is consts.RANGE and sub_arg[1] - sub_arg[0] < 256:
                    chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
                else:
                    return None
            return frozenset(chars)
        if op is consts.SUBPATTERN:
            return _first_chars(arg[-1])
        if op is consts.BRANCH:
            union: set[str] = set()
            for branch in arg[1]:
                sub = _first_chars(branch)
                if sub is None:
                    return None
                union |= sub
            return frozenset(union)
        if op in (consts.MAX_REPEAT, consts.MIN_REPEAT) and arg[0] >= 1:
            return _first_chars(arg[2])
        return None
    return None


def _first_of(regex: re.Pattern[str]) -> frozenset[str] | None:
    try:
        return _first_chars(_SRE.parse(regex.pattern, regex.flags))
    except Exception:  # the optimisation is optional; a pattern it cannot read is always searched
        return None


def _parse(doc: dict[str, object], origin: str) -> PatternLibrary:
    entries = doc.get("pattern")
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: expected [[pattern]] tables")
    patterns: list[Pattern] = []
    seen: set[str] = set()
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            raise ConfigError(f"{origin}: pattern #{i + 1} is not a table")
        try:
            pid = str(entry["id"])
            category = str(entry["category"])
            weight = float(entry["weight"])
            regex = re.compile(str(entry["regex"]))
        except KeyError as exc:
            raise ConfigError(f"{origin}: pattern #{i + 1} lacks {exc.args[0]!r}") from exc
        except (re.error, TypeError, ValueError) as exc:
            raise ConfigError(f"{origin}: pattern #{i + 1} ({entry.get('id')}): {exc}") from exc
        if pid in seen:
            raise ConfigError(f"{origin}: duplicate pattern id {pid!r}")
        seen.add(pid)
        patterns.append(Pattern(pid, category, weight, regex, str(entry.get("note", "")), _first_of(regex)))
    return PatternLibrary(patterns)


def load_library(path: Path) -> PatternLibrary:
    """A pattern library from a TOML file in the format of the shipped ``data/patterns.toml``."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read pattern library {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return _parse(doc, str(path))


@lru_cache(maxsize=1)
def default_library() -> PatternLibrary:
    text = resources.files("ringfence.text").joinpath("data/patterns.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text), "patterns.toml")
