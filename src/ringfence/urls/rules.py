"""Explainable URL rules. Each returns a reason a person can read; the model also sees them as features.

The *structural* rules (IP host, shortener, risky TLD, deep subdomains, ``@``, ports, executables) are
learned from data: their flags are features of the lexical model, so their weight is whatever the labelled
URLs say. The *brand* rules cannot be learned from public URL lists (which hold few lookalikes of Chinese
banks and operators), so they carry a fixed weight added to the model's log-odds, as does a URL on a
brand's own domain (negative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ringfence.urls.brands import BrandBook
from ringfence.urls.parse import _IPV4, _NUMERIC_HOST, ParsedUrl, _split_host

__all__ = ["FLAG_NAMES", "RuleHit", "evaluate"]

# Plain substring tests: a regex alternation of literals scans ~5x slower in CPython's engine.
_LURE = (
    "login", "logon", "signin", "sign-in", "verif", "secure", "account", "update", "confirm", "banking",
    "webscr", "password", "passwd", "wallet", "unlock", "suspend", "recover", "validate", "authenticat",
    "billing", "invoice", "payment", "refund", "bonus", "gift", "prize", "kefu", "apk",
)  # fmt: skip
_EXECUTABLE = re.compile(r"\.(apk|exe|scr|bat|msi|jar|vbs|ipa|dmg|js|hta|ps1|cmd)(?:$|[?#])")
_HEX = re.compile(r"%[0-9a-f]{2}", re.IGNORECASE)

#: Order of the 0/1 rule flags handed to the model as dense features.
FLAG_NAMES = (
    "ip_host", "shortener", "risky_tld", "deep_subdomain", "at_sign", "punycode", "non_ascii",
    "port", "many_hyphens", "long_host", "lure_word", "executable", "http_in_path", "double_slash",
    "no_scheme", "https", "brand_in_subdomain_or_path",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RuleHit:
    id: str
    weight: float  # log-odds added on top of the model (0 for learned rules)
    reason: str


_HOST_FLAGS = (
    "ip_host",
    "shortener",
    "risky_tld",
    "deep_subdomain",
    "punycode",
    "non_ascii",
    "many_hyphens",
    "long_host",
)


def _host_only(host: str) -> ParsedUrl:
    """A ParsedUrl of a bare host (what ``parse_url("http://" + host)`` gives, without re-parsing)."""
    if host.startswith("[") or _IPV4.match(host) or _NUMERIC_HOST.match(host):
        return ParsedUrl(host, "http", "", host, "", "", "", host, "", True)
    sub, domain, suffix = _split_host(host)
    return ParsedUrl(host, "http", "", host, "", "", sub, domain, suffix, False)


@lru_cache(maxsize=1 << 16)
def _host_rules(host: str, book: BrandBook) -> tuple[ParsedUrl, tuple[RuleHit, ...], frozenset[str], bool]:
    """Rules that depend on the host only, cached per host (links in traffic share few hosts)."""
    url = _host_only(host)
    hits: list[RuleHit] = []
    flags: set[str] = set()

    def flag(name: str, reason: str) -> None:
        flags.add(name)
        hits.append(RuleHit(name, 0.0, reason))

    registrable = url.registrable
    if url.is_ip:
        flag("ip_host", "host is a bare IP address")
    if registrable in book.shorteners:
        flag("shortener", f"link shortener {registrable} hides the destination")
    if url.suffix in book.risky_tlds or url.suffix.rpartition(".")[2] in book.risky_tlds:
        flag("risky_tld", f"cheap, abuse-prone TLD .{url.suffix}")
    levels = len(url.subdomain_labels) if url.subdomain else 0
    if levels >= 3:
        flag("deep_subdomain", f"{levels} subdomain levels")
    if "xn--" in host:
        flag("punycode", "punycode (internationalised) host name")
    if not host.isascii():
        flag("non_ascii", "non-ASCII characters in the host name")
    if host.count("-") >= 3:
        flag("many_hyphens", "many hyphens in the host name")
    if len(host) > 40:
        flag("long_host", "very long host name")
    if any(map(host.__contains__, _LURE)):  # C-level scan; find which word only on a hit
        flag("lure_word", f"lure word '{next(w for w in _LURE if w in host)}'")
    official = None if url.is_ip else book.official(registrable, host)
    if official is not None:
        hits.append(RuleHit("official_domain", -3.0, f"official domain of {official.name}"))
    elif not url.is_ip:
        m = book.match_domain(url.domain)
        if m is not None:
            kind = {
                "combo": "contains",
                "homoglyph": "imitates with lookalike characters",
                "lookalike": "imitates",
            }
            hits.append(
                RuleHit(
                    f"brand_{m.kind}",
                    3.0,
                    f"domain {registrable} {kind.get(m.kind, 'imitates')} {m.brand.name} ('{m.keyword}')",
                )
            )
        elif url.subdomain:
            m = book.match_text(url.subdomain)
            if m is not None:
                flags.add("brand_in_subdomain_or_path")
                hits.append(
                    RuleHit("brand_elsewhere", 0.0, f"{m.brand.name} named in a subdomain ('{m.keyword}')")
                )
    return url, tuple(hits), frozenset(flags), official is not None


def evaluate(url: ParsedUrl, book: BrandBook) -> tuple[list[RuleHit], list[float]]:
    """Rule hits with reasons, and the flag vector (``FLAG_NAMES`` order) for the model."""
    _, host_hits, host_flags, official = _host_rules(url.host, book)
    hits = list(host_hits)
    flags = set(host_flags)
    tail = url.path.lower()

    def flag(name: str, reason: str) -> None:
        flags.add(name)
        hits.append(RuleHit(name, 0.0, reason))

    if url.userinfo:
        flag("at_sign", "'@' in the address hides the real host")
    if url.port and url.port not in ("80", "443"):
        flag("port", f"non-standard port {url.port}")
    if tail:
        if "lure_word" not in flags:
            lure = next((w for w in _LURE if w in tail), None)
            if lure is not None:
                flag("lure_word", f"lure word '{lure}'")
        exe = _EXECUTABLE.search(tail)
        if exe:
            flag("executable", f"downloads an executable (.{exe.group(1)}): possible trojan")
            hits.append(RuleHit("executable_download", 2.0, "links straight to an app/executable download"))
        if "http" in tail[1:] or "www." in tail:
            flag("http_in_path", "another address inside the path (redirect)")
        if "//" in tail:
            flag("double_slash", "'//' inside the path")
        if not official and "brand_in_subdomain_or_path" not in flags:
            m = book.match_text(tail)
            if m is not None:
                flags.add("brand_in_subdomain_or_path")
                hits.append(
                    RuleHit("brand_elsewhere", 0.0, f"{m.brand.name} named in the path ('{m.keyword}')")
                )
    if not url.scheme:
        flags.add("no_scheme")
    if url.scheme == "https":
        flags.add("https")
    return hits, [1.0 if n in flags else 0.0 for n in FLAG_NAMES]


def hex_ratio(text: str) -> float:
    """Share of the URL written as %-escapes (obfuscation)."""
    return 3 * len(_HEX.findall(text)) / max(len(text), 1)
