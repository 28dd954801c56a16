"""Protected brands and the ways phishers imitate their domains.

A lookalike is a registrable domain that is *not* one of the brand's own but whose main label is within a
small edit distance of a brand keyword (``icbcc``, ``paypa1`` after folding digits), is the keyword written
with homoglyphs or punycode, or contains the keyword next to lure words (``icbc-jf.top``: combosquatting).
Edit-distance candidates are found with a deletion index (symmetric delete), so checking a domain costs a
few dictionary look-ups instead of one distance computation per keyword.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ringfence.errors import ConfigError
from ringfence.lexical.normalise import normalise

__all__ = ["Brand", "BrandBook", "BrandMatch", "default_brandbook", "load_brandbook"]

# Digits and letter pairs read as letters: paypa1 -> paypal, rnicrosoft -> microsoft.
_SKELETON = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s", "4": "a", "7": "t", "$": "s", "@": "a"})
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"))
_TOKENS = re.compile(r"[-_.0-9]+")
_WORDS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class Brand:
    name: str
    category: str
    domains: tuple[str, ...]
    keywords: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BrandMatch:
    brand: Brand
    kind: str  # "official" | "lookalike" | "homoglyph" | "combo" | "subdomain" | "path"
    keyword: str


def _levenshtein(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _deletes(word: str) -> set[str]:
    """The word and every string one deletion away from it (the symmetric-delete index keys)."""
    return {word, *(word[:i] + word[i + 1 :] for i in range(len(word)))}


def _skeleton(label: str) -> str:
    s = (label.lower() if label.isascii() else normalise(label)).translate(_SKELETON)
    for a, b in _PAIRS:
        s = s.replace(a, b)
    return s


def _decode_punycode(label: str) -> str:
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except (UnicodeError, ValueError):
        return label


class BrandBook:
    def __init__(self, brands: list[Brand], shorteners: set[str], risky_tlds: set[str]) -> None:
        self.brands = brands
        self.shorteners = frozenset(shorteners)
        self.risky_tlds = frozenset(risky_tlds)
        self._official: dict[str, Brand] = {d: b for b in brands for d in b.domains}
        self._keywords: list[tuple[str, Brand]] = [(k, b) for b in brands for k in b.keywords]
        self._by_keyword = dict(self._keywords)
        # Ties go to the keyword listed first, whatever order a set of candidates comes out in (that
        # order follows the process's string hash seed, and a verdict's reasons must not).
        self._rank = {k: i for i, (k, _) in reversed(list(enumerate(self._keywords)))}
        self._long_keyword_set = frozenset(k for k, _ in self._keywords if len(k) >= 5)
        self._long_keywords = tuple(
            sorted((k for k, _ in self._keywords if len(k) >= 5), key=len, reverse=True)
        )
        self._alpha_keywords = frozenset(k for k, _ in self._keywords if not k.isdigit())
        self._numeric_keywords = tuple(k for k, _ in self._keywords if k.isdigit())
        self._short_keywords = tuple(k for k, _ in self._keywords if len(k) == 4 and k.isalpha())
        self._max_len = max((len(k) for k, _ in self._keywords), default=0)
        self._deletion: dict[str, list[tuple[str, Brand]]] = {}
        for k, b in self._keywords:
            if len(k) < 5 or not k.isalpha():
                continue  # short or numeric keywords only match exactly or as tokens
            for d in _deletes(k):
                self._deletion.setdefault(d, []).append((k, b))

    @property
    def path_keywords(self) -> frozenset[str]:
        """Keywords looked for as words of subdomains and paths."""
        return self._long_keyword_set

    def official(self, registrable: str, host: str = "") -> Brand | None:
        """The brand whose own domain this is (suffix domains such as gov.cn match any host under them)."""
        brand = self._official.get(registrable)
        if brand is None and host:
            parts = host.split(".")
            for i in range(1, len(parts) - 1):
                brand = self._official.get(".".join(parts[i:]))
                if brand is not None:
                    break
        return brand

    @lru_cache(maxsize=1 << 15)  # noqa: B019  (bounded; the book lives as long as the process)
    def match_domain(self, label: str) -> BrandMatch | None:
        """How the main label of a non-official registrable domain imitates a brand, if it does.

        Set and tuple operations (C loops) instead of a Python loop over keywords: this runs once per
        new host and must stay within a few microseconds.
        """
        if not label:
            return None
        decoded = _decode_punycode(label)
        skeleton = _skeleton(decoded)
        if label in self._by_keyword:
            return BrandMatch(self._by_keyword[label], "combo", label)  # the brand's name on another suffix
        if skeleton in self._by_keyword:
            return BrandMatch(self._by_keyword[skeleton], "homoglyph", skeleton)
        tokens = set(_TOKENS.split(label)) | set(_TOKENS.split(skeleton))
        common = tokens & self._alpha_keywords
        if common:
            k = self._longest(common)
            return BrandMatch(self._by_keyword[k], "combo", k)
        for k in self._numeric_keywords:
            if k in label:
                return BrandMatch(self._by_keyword[k], "combo", k)
        for k in self._long_keywords:
            if k in skeleton:
                return BrandMatch(self._by_keyword[k], "combo", k)
        if skeleton.startswith(self._short_keywords):
            k = next(k for k in self._short_keywords if skeleton.startswith(k))
            return BrandMatch(self._by_keyword[k], "combo", k)
        if len(skeleton) >= 4 and len(skeleton) - 1 <= self._max_len:
            rank = self._rank
            best: str | None = None
            for d in _deletes(skeleton):
                for k, _ in self._deletion.get(d, ()):
                    if (best is None or rank[k] < rank[best]) and _levenshtein(skeleton, k) <= 1:
                        best = k
            if best is not None:
                return BrandMatch(self._by_keyword[best], "lookalike", best)
        return None

    def _longest(self, keywords: set[str] | frozenset[str]) -> str:
        """The longest of some keywords; among equally long ones, the one listed first."""
        return min(keywords, key=lambda k: (-len(k), self._rank[k]))

    def match_text(self, text: str) -> BrandMatch | None:
        """A brand keyword as a word of a subdomain or path (``paypal.com.secure-login.xyz``).

        Words, not substrings: one regex split and a set intersection cost less than scanning for every
        keyword, and a keyword glued inside a longer word is left to the lexical model."""
        return self.match_words(_WORDS.findall(text))

    def match_words(self, words: list[str]) -> BrandMatch | None:
        """The longest brand keyword among already split words, if any."""
        common = self._long_keyword_set.intersection(words)
        if not common:
            return None
        k = self._longest(common)
        return BrandMatch(self._by_keyword[k], "subdomain", k)


def _parse(doc: dict[str, object], origin: str) -> BrandBook:
    entries = doc.get("brand")
    if not isinstance(entries, list):
        raise ConfigError(f"{origin}: expected [[brand]] tables")
    brands = []
    for i, e in enumerate(entries):
        try:
            brands.append(
                Brand(
                    str(e["name"]),
                    str(e.get("category", "")),
                    tuple(str(d).lower() for d in e.get("domains", [])),
                    tuple(str(k).lower() for k in e.get("keywords", [])),
                )
            )
        except (KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{origin}: brand #{i + 1} is invalid ({exc})") from exc
    lists = doc.get("lists", {})
    if not isinstance(lists, dict):
        raise ConfigError(f"{origin}: [lists] must be a table")
    return BrandBook(
        brands,
        {str(s).lower() for s in lists.get("shorteners", [])},
        {str(s).lower() for s in lists.get("risky_tlds", [])},
    )


def load_brandbook(path: Path) -> BrandBook:
    """A brand list in the format of the shipped ``data/brands.toml``."""
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read brand list {path}: {exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    return _parse(doc, str(path))


@lru_cache(maxsize=1)
def default_brandbook() -> BrandBook:
    text = resources.files("ringfence.urls").joinpath("data/brands.toml").read_text(encoding="utf-8")
    return _parse(tomllib.loads(text), "brands.toml")
