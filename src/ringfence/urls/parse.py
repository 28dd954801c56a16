"""Split a URL as fraud SMS write it (often without a scheme) into the parts the rules and model read.

Registrable domains come from ``tldextract`` with its bundled public-suffix snapshot only: the extractor is
built with no suffix-list URLs and no cache directory, so it never touches the network or the disk.
Parsing is hand-rolled (not ``urllib``) because it must never raise on the malformed URLs phishers use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import tldextract

__all__ = ["ParsedUrl", "parse_url", "registrable"]

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, fallback_to_snapshot=True)
_IPV4 = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_NUMERIC_HOST = re.compile(r"^(?:0x[0-9a-f]+|\d{8,10})$")  # dword / hex IP forms


@dataclass(frozen=True, slots=True)
class ParsedUrl:
    raw: str
    scheme: str  # "" when the URL came without one
    userinfo: str  # anything before '@' in the authority (a classic way to hide the real host)
    host: str
    port: str
    path: str  # path, query and fragment, as written
    subdomain: str
    domain: str  # the registrable label ("icbc" in "www.icbc.com.cn")
    suffix: str  # public suffix ("com.cn")
    is_ip: bool

    @property
    def registrable(self) -> str:
        return f"{self.domain}.{self.suffix}" if self.suffix else self.domain

    @property
    def subdomain_labels(self) -> list[str]:
        return [s for s in self.subdomain.split(".") if s and s != "www"]


@lru_cache(maxsize=1 << 16)
def _split_host(host: str) -> tuple[str, str, str]:
    ext = _EXTRACT(host)
    return ext.subdomain, ext.domain, ext.suffix


def registrable(host: str) -> str:
    """The registrable domain of a host name ("a.b.icbc.com.cn" -> "icbc.com.cn")."""
    _, domain, suffix = _split_host(host.lower().strip("."))
    return f"{domain}.{suffix}" if suffix else domain


def parse_url(raw: str) -> ParsedUrl:
    """Parse leniently; never raises. Host and scheme are lower-cased, the rest kept as written."""
    text = raw.strip()
    scheme = ""
    head = text[:12].lower()
    sep = head.find("://")
    if sep > 0 and head[:sep].isalpha():
        scheme, text = head[:sep], text[sep + 3 :]
    end = len(text)
    for ch in "/?#\\":
        i = text.find(ch)
        if 0 <= i < end:
            end = i
    authority, path = text[:end], text[end:]
    userinfo = ""
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    host, port = authority.lower(), ""
    if host.startswith("["):  # IPv6 literal
        close = host.find("]")
        if close < 0:
            port = ""
        else:
            rest = host[close + 1 :]
            host, port = host[: close + 1], rest[1:] if rest.startswith(":") else ""
        return ParsedUrl(raw, scheme, userinfo, host, port, path, "", host, "", True)
    if ":" in host:
        host, _, port = host.partition(":")
    host = host.strip(".")
    if _IPV4.match(host) or _NUMERIC_HOST.match(host):
        return ParsedUrl(raw, scheme, userinfo, host, port, path, "", host, "", True)
    sub, domain, suffix = _split_host(host)
    return ParsedUrl(raw, scheme, userinfo, host, port, path, sub, domain, suffix, False)
