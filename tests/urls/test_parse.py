from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.urls.parse import parse_url, registrable


@pytest.mark.parametrize(
    ("raw", "host", "registrable_domain", "is_ip"),
    [
        ("http://www.icbc.com.cn/login", "www.icbc.com.cn", "icbc.com.cn", False),
        ("icbc-jf.top/m", "icbc-jf.top", "icbc-jf.top", False),
        ("HTTPS://A.B.Example.CO.UK:8443/x?y=1", "a.b.example.co.uk", "example.co.uk", False),
        ("http://192.168.1.1:8080/login", "192.168.1.1", "192.168.1.1", True),
        ("http://paypal.com@evil.xyz/", "evil.xyz", "evil.xyz", False),
    ],
)
def test_parts(raw: str, host: str, registrable_domain: str, is_ip: bool) -> None:
    url = parse_url(raw)
    assert url.host == host
    assert url.registrable == registrable_domain
    assert url.is_ip is is_ip


def test_userinfo_port_and_subdomains() -> None:
    url = parse_url("http://paypal.com@a.b.c.evil.xyz:8080/p")
    assert url.userinfo == "paypal.com"
    assert url.port == "8080"
    assert url.subdomain_labels == ["a", "b", "c"]
    assert url.path == "/p"
    assert registrable("x.y.icbc.com.cn") == "icbc.com.cn"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_never_raises(raw: str) -> None:
    url = parse_url(raw)
    assert isinstance(url.registrable, str)
