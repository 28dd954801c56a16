"""URL features and rule hits for a whole batch, computed with Polars string kernels.

``parse_url`` + ``rules.evaluate`` + ``features`` per URL cost ~25 us of interpreter time, which alone caps
throughput near 40,000 URLs/s. Here splitting, counting and the path rules run as vectorised Rust string
operations over the batch; host-level rules (public-suffix split, brand lookalikes) run once per distinct
host through the same cached ``rules._host_rules`` the scalar path uses. ``tests/urls/test_batch.py`` holds
the two paths to the same flags and numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.urls.brands import BrandBook
from ringfence.urls.features import NUMERIC_NAMES
from ringfence.urls.rows import split_rows
from ringfence.urls.rules import _EXECUTABLE, _LURE, FLAG_NAMES, RuleHit, _host_rules

__all__ = ["PreparedBatch", "prepare_batch"]

_SCHEME = r"^([A-Za-z]{1,9})://"
_LURE_RE = "|".join(_LURE)
_EXE_RE = _EXECUTABLE.pattern
_FLAG_INDEX = {name: i for i, name in enumerate(FLAG_NAMES)}
#: Below this many URLs the split runs row by row: the columnar query costs ~2 ms whatever its size and
#: 5 us a URL, the rows 14 us a URL (``prepare_batch`` with warm host caches: equal at ~190 URLs).
_ROWS_BELOW = 192
#: What ``prepare_batch`` reads of a split as text (lists), and as flags and counts (arrays).
_TEXTS = ("host", "tail", "port", "lure", "exe", "scheme")
_ARRAYS = (
    "has_userinfo", "port_flag", "http_in_path", "double_slash", "brand_word", "n", "h", "p", "host_dots",
    "host_digits", "raw_digits", "slashes", "params", "specials", "percents", "upper", "path_dots",
)  # fmt: skip


def _split(urls: Sequence[str], keywords: Sequence[str] = ()) -> dict[str, Any]:
    """What ``prepare_batch`` reads of each URL: its parts (lists), path flags and counts (arrays),
    and its path's words (``words[i]``). By Polars for a batch; row by row in Python for a few URLs
    (``rows.split_rows``: the same values, without the query's fixed cost)."""
    if len(urls) < _ROWS_BELOW:
        cols = split_rows(urls, _LURE_RE, _EXE_RE, keywords)
        return {name: cols[name] for name in (*_TEXTS, "words")} | {
            name: np.asarray(cols[name]) for name in _ARRAYS
        }
    frame = _split_columns(urls, keywords)
    return (
        {name: frame[name].to_list() for name in _TEXTS}
        | {name: frame[name].to_numpy() for name in _ARRAYS}
        | {"words": frame["words"]}  # read for the few rows that name a brand
    )


def _split_columns(urls: Sequence[str], keywords: Sequence[str] = ()) -> pl.DataFrame:
    raw = pl.col("raw")
    stripped = raw.str.strip_chars()
    scheme = stripped.str.extract(_SCHEME, 1).str.to_lowercase().fill_null("")
    rest = stripped.str.replace(_SCHEME, "")
    df = (
        pl.DataFrame({"raw": list(urls)}, schema={"raw": pl.Utf8})
        .lazy()
        .with_columns(scheme=scheme, rest=rest.fill_null(""))
    )
    authority = pl.col("rest").str.extract(r"^([^/?#\\]*)", 1).fill_null("")
    df = df.with_columns(authority=authority)
    df = df.with_columns(
        path=pl.col("rest").str.slice(pl.col("authority").str.len_chars()),
        userinfo=pl.col("authority").str.extract(r"^(.*)@", 1).fill_null(""),
        hostport=pl.col("authority").str.replace(r"^.*@", "").str.to_lowercase(),
    )
    is_v6 = pl.col("hostport").str.starts_with("[")
    df = df.with_columns(
        host=pl.when(is_v6)
        .then(pl.col("hostport").str.extract(r"^(\[[^\]]*\]?)", 1))
        .otherwise(pl.col("hostport").str.extract(r"^([^:]*)", 1).str.strip_chars("."))
        .fill_null(""),
        port=pl.when(is_v6)
        .then(pl.col("hostport").str.extract(r"^\[[^\]]*\]:(.*)$", 1))
        .otherwise(pl.col("hostport").str.extract(r"^[^:]*:(.*)$", 1))
        .fill_null(""),
    )
    tail = pl.col("path").str.to_lowercase()
    return (
        df.with_columns(tail=tail)
        .with_columns(
            lure=pl.col("tail").str.extract(f"({_LURE_RE})", 1),
            exe=pl.col("tail").str.extract(_EXE_RE, 1),
            http_in_path=pl.col("tail").str.slice(1).str.contains("http", literal=True)
            | pl.col("tail").str.contains("www.", literal=True),
            double_slash=pl.col("tail").str.contains("//", literal=True),
            words=pl.col("tail").str.extract_all(r"[a-z0-9]+"),
            has_userinfo=pl.col("userinfo") != "",
            port_flag=(pl.col("port") != "") & ~pl.col("port").is_in(["80", "443"]),
            n=pl.col("raw").str.len_chars(),
            h=pl.col("host").str.len_chars(),
            p=pl.col("path").str.len_chars(),
            host_dots=pl.col("host").str.count_matches(".", literal=True),
            host_digits=pl.col("host").str.count_matches(r"[0-9]"),
            raw_digits=pl.col("raw").str.count_matches(r"[0-9]"),
            slashes=pl.col("path").str.count_matches("/", literal=True),
            params=pl.col("path").str.count_matches(r"[&?]"),
            specials=pl.col("path").str.count_matches(r"[=\-_~%;+!]"),
            percents=pl.col("raw").str.count_matches("%", literal=True),
            upper=pl.col("path").str.count_matches(r"[A-Z]"),
            path_dots=pl.col("path").str.count_matches(".", literal=True),
        )
        .with_columns(
            brand_word=pl.col("words")
            .list.eval(pl.element().is_in(list(keywords)))
            .list.any()
            .fill_null(False)
        )
        .collect()
    )


@dataclass
class PreparedBatch:
    """Model inputs for a batch, with rule hits built on demand (most callers need only a few)."""

    texts: list[str]
    dense: npt.NDArray[np.float32]  # NUMERIC_NAMES then FLAG_NAMES
    extra: npt.NDArray[np.float64]  # fixed log-odds of the brand/executable rules, per URL
    _host_hits: list[tuple[RuleHit, ...]]
    _path: dict[str, Any]

    def hits(self, i: int) -> list[RuleHit]:
        out = list(self._host_hits[i])
        path = self._path
        if path["userinfo"][i]:
            out.append(RuleHit("at_sign", 0.0, "'@' in the address hides the real host"))
        if path["port_flag"][i]:
            out.append(RuleHit("port", 0.0, f"non-standard port {path['port'][i]}"))
        if path["lure_flag"][i]:
            out.append(RuleHit("lure_word", 0.0, f"lure word '{path['lure'][i]}'"))
        if path["exe"][i] is not None:
            out.append(
                RuleHit("executable", 0.0, f"downloads an executable (.{path['exe'][i]}): possible trojan")
            )
            out.append(RuleHit("executable_download", 2.0, "links straight to an app/executable download"))
        if path["http_in_path"][i]:
            out.append(RuleHit("http_in_path", 0.0, "another address inside the path (redirect)"))
        if path["double_slash"][i]:
            out.append(RuleHit("double_slash", 0.0, "'//' inside the path"))
        brand = path["brand"].get(i)
        if brand is not None:
            out.append(
                RuleHit("brand_elsewhere", 0.0, f"{brand.brand.name} named in the path ('{brand.keyword}')")
            )
        return out


def _present(value: object) -> bool:
    return value is not None


def prepare_batch(urls: Sequence[str], book: BrandBook) -> PreparedBatch:
    """Hash texts, dense features and rule weights for a batch; host rules run once per distinct host."""
    n_urls = len(urls)
    df = _split(urls, sorted(book.path_keywords))
    hosts: list[str] = df["host"]
    uniq = list(dict.fromkeys(hosts))
    position = {h: k for k, h in enumerate(uniq)}
    host_of = np.fromiter((position[h] for h in hosts), dtype=np.int64, count=n_urls)
    infos = [_host_rules(h, book) for h in uniq]
    host_flags = np.zeros((len(uniq), len(FLAG_NAMES)), np.float32)
    for k, (_, _, flag_names, _) in enumerate(infos):
        for name in flag_names:
            host_flags[k, _FLAG_INDEX[name]] = 1.0
    host_sizes = np.array(
        [(len(info[0].subdomain_labels), len(info[0].suffix)) for info in infos], dtype=np.float32
    ).reshape(len(uniq), 2)
    host_extra = np.array([sum(h.weight for h in info[1]) for info in infos], dtype=np.float64)
    host_official = np.array([info[3] for info in infos], dtype=bool)

    flags = host_flags[host_of]
    fi = _FLAG_INDEX

    def col_bool(name: str) -> npt.NDArray[np.bool_]:
        return np.asarray(df[name], dtype=bool).reshape(n_urls)

    def each(name: str, test: Callable[[Any], bool]) -> npt.NDArray[np.bool_]:
        return np.fromiter(map(test, df[name]), dtype=bool, count=n_urls)

    has_tail = each("tail", bool)
    userinfo = col_bool("has_userinfo")
    port_flag = col_bool("port_flag")
    host_lure = flags[:, fi["lure_word"]] > 0
    lure_flag = has_tail & each("lure", _present) & ~host_lure
    exe_flag = has_tail & each("exe", _present)
    http_flag = has_tail & col_bool("http_in_path")
    dslash_flag = has_tail & col_bool("double_slash")
    flags[:, fi["at_sign"]] = np.maximum(flags[:, fi["at_sign"]], userinfo)
    flags[:, fi["port"]] = np.maximum(flags[:, fi["port"]], port_flag)
    flags[lure_flag, fi["lure_word"]] = 1.0
    flags[exe_flag, fi["executable"]] = 1.0
    flags[http_flag, fi["http_in_path"]] = 1.0
    flags[dslash_flag, fi["double_slash"]] = 1.0
    flags[:, fi["no_scheme"]] = each("scheme", lambda s: s == "")
    flags[:, fi["https"]] = each("scheme", lambda s: s == "https")

    # Brand words in the path: only rows whose words include a keyword reach Python.
    brand_rows = np.flatnonzero(
        has_tail
        & col_bool("brand_word")
        & ~host_official[host_of]
        & (flags[:, fi["brand_in_subdomain_or_path"]] == 0)
    )
    words = df["words"]
    brands: dict[int, Any] = {}
    for i in brand_rows.tolist():
        listed = words[i]
        m = book.match_words(listed.to_list() if isinstance(listed, pl.Series) else listed)
        if m is not None:
            brands[i] = m
            flags[i, fi["brand_in_subdomain_or_path"]] = 1.0

    def col(name: str) -> npt.NDArray[np.float32]:
        return np.asarray(df[name], dtype=np.float32).reshape(n_urls)

    n, h, p = col("n"), col("h"), col("p")

    sizes = host_sizes[host_of]
    numeric = np.stack(
        [
            np.log1p(n),
            np.log1p(h),
            col("host_dots"),
            col("host_digits") / np.maximum(h, 1),
            col("raw_digits") / np.maximum(n, 1),
            col("slashes"),
            col("params"),
            col("specials"),
            3 * col("percents") / np.maximum(n, 1),
            sizes[:, 0],
            np.log1p(p),
            sizes[:, 1],
            col("upper") / np.maximum(p, 1),
            col("path_dots"),
        ],
        axis=1,
    ).astype(np.float32)
    assert numeric.shape[1] == len(NUMERIC_NAMES)
    tails: list[str] = df["tail"]
    texts = [host + tail for host, tail in zip(hosts, tails, strict=True)]
    extra = host_extra[host_of] + 2.0 * exe_flag
    path = {
        "userinfo": userinfo.tolist(),
        "port_flag": port_flag.tolist(),
        "port": df["port"],
        "lure_flag": lure_flag.tolist(),
        "lure": df["lure"],
        "exe": [e if f else None for e, f in zip(df["exe"], exe_flag.tolist(), strict=True)],
        "http_in_path": http_flag.tolist(),
        "double_slash": dslash_flag.tolist(),
        "brand": brands,
    }
    host_hits = [infos[k][1] for k in host_of.tolist()]
    return PreparedBatch(texts, np.hstack([numeric, flags]), extra, host_hits, path)
