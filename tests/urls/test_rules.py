from __future__ import annotations

from ringfence.urls.brands import default_brandbook
from ringfence.urls.parse import parse_url
from ringfence.urls.rules import FLAG_NAMES, evaluate


def _ids(raw: str) -> set[str]:
    hits, flags = evaluate(parse_url(raw), default_brandbook())
    assert len(flags) == len(FLAG_NAMES)
    return {h.id for h in hits}


def test_structural_rules() -> None:
    assert "ip_host" in _ids("http://1.2.3.4/x")
    assert "shortener" in _ids("http://t.cn/AbCd")
    assert "risky_tld" in _ids("http://abc.top/")
    assert "deep_subdomain" in _ids("http://a.b.c.d.example.com/")
    assert "at_sign" in _ids("http://user@example.com/")
    assert "port" in _ids("http://example.com:8080/")
    assert {"executable", "executable_download"} <= _ids("http://example.com/pay.apk")
    assert "http_in_path" in _ids("http://example.com/redirect?u=http://evil.xyz")


def test_brand_rules_carry_weight_and_official_domain_is_negative() -> None:
    hits, _ = evaluate(parse_url("http://icbc-jf.top/m"), default_brandbook())
    brand = [h for h in hits if h.id.startswith("brand_")]
    assert brand
    assert brand[0].weight > 0
    assert "ICBC" in brand[0].reason
    hits, _ = evaluate(parse_url("https://www.icbc.com.cn/"), default_brandbook())
    assert [h.weight for h in hits if h.id == "official_domain"] == [-3.0]
    hits, _ = evaluate(parse_url("http://paypal.com.secure-update.xyz/"), default_brandbook())
    assert any("PayPal" in h.reason for h in hits)
