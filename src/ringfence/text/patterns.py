"""The editable keyword/pattern library: which scam scripts a message follows, in words an analyst reads.

The model scores; the patterns explain (and nudge). Each hit names its id, category and note, and adds its
weight (log-odds) to the score, so an operator can tune or extend the library without retraining, and a
verdict always comes with the wording that caused it. The default library ships as ``data/patterns.toml``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from ringfence.errors import ConfigError
from ringfence.text.model import URL_RE
from ringfence.text.prefilter import _SRE, candidates, rust_superset

__all__ = [
    "BENIGN",
    "GENERIC",
    "ILLEGAL_CAT",
    "MARKETING_CAT",
    "Pattern",
    "PatternHit",
    "PatternLibrary",
    "default_library",
    "load_library",
]

GENERIC = "generic"
BENIGN = "benign"
#: Promotion signals (negative weights: evidence against fraud) and illegal adverts (vote for "illegal").
MARKETING_CAT = "marketing"
ILLEGAL_CAT = "illegal"


@dataclass(frozen=True, slots=True)
class Pattern:
    id: str
    category: str
    weight: float
    regex: re.Pattern[str]
    note: str
    first: frozenset[str] | None = None  # every match contains one of these characters (None: unknown)


@dataclass(frozen=True, slots=True)
class PatternHit:
    id: str
    category: str
    weight: float
    note: str
    matched: str


class PatternLibrary:
    """Compiled patterns. ``match`` expects normalised text (see ``ringfence.lexical.normalise``)."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.patterns = patterns
        # A pattern can only match a text that contains one of its trigger characters (chosen among its
        # mandatory parts to be rare). An index from character to patterns picks the few worth searching
        # (each search costs ~0.5 us even when it fails, and a library has dozens).
        self._always = frozenset(i for i, p in enumerate(patterns) if p.first is None)
        index: dict[str, set[int]] = {}
        for i, p in enumerate(patterns):
            for ch in p.first or ():
                index.setdefault(ch, set()).add(i)
        self._index = {ch: frozenset(ids) for ch, ids in index.items()}
        self._keys = frozenset(self._index)
        self._prefilters: list[str | None] | None = None  # built on the first batch large enough

    def match_messages(self, texts: Sequence[str]) -> list[list[PatternHit]]:
        """``match_message`` of every normalised text. A batch of ``_COLUMNAR_FROM`` texts or more is
        first sifted by ``prefilter.candidates`` (one Polars pass per pattern over the whole batch) and
        ``re`` searches only where a pattern may match; a smaller one, whose Polars calls would cost
        more than they save, is matched text by text. Both give the same hits (tested)."""
        if len(texts) < _COLUMNAR_FROM:
            return [self.match_message(t) for t in texts]
        if self._prefilters is None:
            self._prefilters = [rust_superset(p.regex) for p in self.patterns]
        bare = [_without_links(t) for t in texts]
        try:
            sifted = candidates(bare, self._prefilters)
        except UnicodeEncodeError:  # a lone surrogate (Python strings may hold one, UTF-8 may not)
            return [self.match(t) for t in bare]
        hits: list[list[PatternHit]] = [[] for _ in bare]
        rows, cols = np.nonzero(sifted)  # row-major: pattern order per text
        patterns = self.patterns
        for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
            hit = _search(patterns[col], bare[row])
            if hit is not None:
                hits[row].append(hit)
        return hits

    def match_message(self, text: str) -> list[PatternHit]:
        """The hits in a normalised message, read without its links (as ``patterns.toml`` says): links
        are judged by the URL model, and a long one between a lure and its call to action must not push
        them out of a pattern's reach."""
        return self.match(_without_links(text))

    def match(self, text: str) -> list[PatternHit]:
        candidates = set(self._always)
        for ch in self._keys.intersection(text):
            candidates |= self._index[ch]
        found = (_search(self.patterns[i], text) for i in sorted(candidates))
        return [hit for hit in found if hit is not None]

    @property
    def categories(self) -> set[str]:
        return {p.category for p in self.patterns}


def _without_links(text: str) -> str:
    return URL_RE.sub("", text) if "." in text else text  # every link has a dot


def _search(p: Pattern, text: str) -> PatternHit | None:
    m = p.regex.search(text)
    return None if m is None else PatternHit(p.id, p.category, p.weight, p.note, m.group(0))


# Below this many texts a batch is matched text by text: the columnar pass's fixed cost (Polars compiles
# every pattern's regex on each call, ~15 ms) is about what ``re`` spends on this many messages (see
# docs/text.md, stop 39).
_COLUMNAR_FROM = 2048


# Very frequent characters in Chinese text (and in SMS). A pattern indexed on one of them would be searched
# for almost every message, so the index prefers a required element whose characters avoid them.
_COMMON = frozenset(
    "的一是不了人我在有他这中大来上个国到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多"
    "天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身"
    "些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门"
    "相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报"
    "立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边"
    "共风战干接它许八特觉望直服请您,.:!?/0123456789abcdefghijklmnopqrstuvwxyz 元号码账户银"
)


def _required(items: Any) -> list[frozenset[str]]:
    """Character sets of which a match must contain at least one character each (one set per mandatory
    element of the top-level sequence; a branch contributes the union of each branch's best set)."""
    consts = _SRE
    found: list[frozenset[str]] = []
    for op, arg in items:
        if op is consts.LITERAL:
            found.append(frozenset(chr(arg)))
        elif op is consts.IN:
            chars: set[str] = set()
            for sub_op, sub_arg in arg:
                if sub_op is consts.LITERAL:
                    chars.add(chr(sub_arg))
                elif sub_op is consts.RANGE and sub_arg[1] - sub_arg[0] < 256:
                    chars.update(chr(c) for c in range(sub_arg[0], sub_arg[1] + 1))
                else:
                    break
            else:
                found.append(frozenset(chars))
        elif op is consts.SUBPATTERN:
            best = _best(_required(arg[-1]))
            if best is not None:
                found.append(best)
        elif op is consts.BRANCH:
            union: set[str] = set()
            for branch in arg[1]:
                sub = _best(_required(branch))
                if sub is None:
                    break
                union |= sub
            else:
                found.append(frozenset(union))
        elif op in (consts.MAX_REPEAT, consts.MIN_REPEAT) and arg[0] >= 1:
            best = _best(_required(arg[2]))
            if best is not None:
                found.append(best)
    return found


def _best(sets: list[frozenset[str]]) -> frozenset[str] | None:
    """The set least likely to occur in an ordinary message: few characters, few common ones."""
    if not sets:
        return None
    return min(sets, key=lambda chars: (sum(9 if c in _COMMON else 1 for c in chars), len(chars)))


def _first_of(regex: re.Pattern[str]) -> frozenset[str] | None:
    """The trigger characters of a pattern: a text without any of them cannot match."""
    if regex.flags & re.IGNORECASE:
        return None
    try:
        return _best(_required(_SRE.parse(regex.pattern, regex.flags)))
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
