"""URL features and rule hits for a whole batch, computed with Polars string kernels.

``parse_url`` + ``rules.evaluate`` + ``features`` per URL cost ~25 us of interpreter time, which alone caps
throughput near 40,000 URLs/s. Here splitting, counting and the path rules run as vectorised Rust string
operations over the batch; host-level rules (public-suffix split, brand lookalikes) run once per distinct
host through the same cached ``rules._host_rules`` the scalar path uses. ``tests/urls/test_batch.py`` holds
the two paths to the same flags and numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import polars as pl

from ringfence.urls.brands import BrandBook
from ringfence.urls.features import NUMERIC_NAMES
from ringfence.urls.rules import _EXECUTABLE, _LURE, FLAG_NAMES, RuleHit, _host_rules

__all__ = ["prepare_batch"]

_SCHEME = r"^([A-Za-z]{1,9})://"
_LURE_RE = "|".join(_LURE)
_EXE_RE = _EXECUTABLE.pattern
_FLAG_INDEX = {name: i for i, name in enumerate(FLAG_NAMES)}


def _split(urls: Sequence[str]) -> pl.DataFrame:
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
        .collect()
    )


def prepare_batch(
    urls: Sequence[str], book: BrandBook
) -> tuple[list[str], npt.NDArray[np.float32], list[list[RuleHit]]]:
    """Hash texts, dense features (``NUMERIC_NAMES`` then ``FLAG_NAMES``) and rule hits per URL."""
    n_urls = len(urls)
    df = _split(urls)
    hosts = df["host"].to_list()
    host_info = {h: _host_rules(h, book) for h in set(hosts)}
    host_sizes = {h: (len(info[0].subdomain_labels), len(info[0].suffix)) for h, info in host_info.items()}
    subs = np.empty(n_urls, np.float32)
    tlds = np.empty(n_urls, np.float32)
    flags = np.zeros((n_urls, len(FLAG_NAMES)), np.float32)
    hits: list[list[RuleHit]] = []
    lure = df["lure"].to_list()
    exe = df["exe"].to_list()
    userinfo = df["userinfo"].to_list()
    port = df["port"].to_list()
    scheme = df["scheme"].to_list()
    http_in_path = df["http_in_path"].to_list()
    double_slash = df["double_slash"].to_list()
    words = df["words"].to_list()
    tails = df["tail"].to_list()
    fi = _FLAG_INDEX
    for i, host in enumerate(hosts):
        _, host_hits, host_flags, official = host_info[host]
        subs[i], tlds[i] = host_sizes[host]
        row = flags[i]
        for name in host_flags:
            row[fi[name]] = 1.0
        out = list(host_hits)
        if userinfo[i]:
            row[fi["at_sign"]] = 1.0
            out.append(RuleHit("at_sign", 0.0, "'@' in the address hides the real host"))
        if port[i] and port[i] not in ("80", "443"):
            row[fi["port"]] = 1.0
            out.append(RuleHit("port", 0.0, f"non-standard port {port[i]}"))
        if tails[i]:
            if lure[i] is not None and "lure_word" not in host_flags:
                row[fi["lure_word"]] = 1.0
                out.append(RuleHit("lure_word", 0.0, f"lure word '{lure[i]}'"))
            if exe[i] is not None:
                row[fi["executable"]] = 1.0
                out.append(
                    RuleHit("executable", 0.0, f"downloads an executable (.{exe[i]}): possible trojan")
                )
                out.append(
                    RuleHit("executable_download", 2.0, "links straight to an app/executable download")
                )
            if http_in_path[i]:
                row[fi["http_in_path"]] = 1.0
                out.append(RuleHit("http_in_path", 0.0, "another address inside the path (redirect)"))
            if double_slash[i]:
                row[fi["double_slash"]] = 1.0
                out.append(RuleHit("double_slash", 0.0, "'//' inside the path"))
            if not official and "brand_in_subdomain_or_path" not in host_flags and words[i]:
                m = book.match_words(words[i])
                if m is not None:
                    row[fi["brand_in_subdomain_or_path"]] = 1.0
                    out.append(
                        RuleHit("brand_elsewhere", 0.0, f"{m.brand.name} named in the path ('{m.keyword}')")
                    )
        if not scheme[i]:
            row[fi["no_scheme"]] = 1.0
        elif scheme[i] == "https":
            row[fi["https"]] = 1.0
        hits.append(out)

    n = df["n"].cast(pl.Float32).to_numpy()
    h = df["h"].cast(pl.Float32).to_numpy()
    p = df["p"].cast(pl.Float32).to_numpy()

    def col(name: str) -> npt.NDArray[np.float32]:
        values: npt.NDArray[np.float32] = df[name].cast(pl.Float32).to_numpy()
        return values

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
            subs,
            np.log1p(p),
            tlds,
            col("upper") / np.maximum(p, 1),
            col("path_dots"),
        ],
        axis=1,
    ).astype(np.float32)
    assert numeric.shape[1] == len(NUMERIC_NAMES)
    texts = [host + tail for host, tail in zip(hosts, tails, strict=True)]
    return texts, np.hstack([numeric, flags]), hits
