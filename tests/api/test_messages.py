from __future__ import annotations

from pathlib import Path

from tests.support.keys import keyed_client


def test_screen_message_returns_verdict_category_reasons_and_links(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    resp = client.post(
        "/v1/screen/message",
        json={
            "text": "【工商银行】您的账户已冻结，请登录 icbc-jf.top 解除冻结",
            "sender": "13812345678",
            "origin": "unknown",
        },
    )
    assert resp.status_code == 200
    body = resp.json()
    assert body["verdict"] == "fraud"
    assert body["is_fraud"] is True
    assert body["score"] > 0.9
    assert body["category"] == "account_freeze"
    assert body["fake_base_station_candidate"] is True
    assert any("personal number" in r for r in body["reasons"])
    assert body["urls"][0]["url"] == "icbc-jf.top"
    assert body["urls"][0]["is_malicious"] is True


def test_screen_normal_message_and_url_lookup(tmp_path: Path) -> None:
    client = keyed_client(tmp_path)
    resp = client.post(
        "/v1/screen/message", json={"text": "【顺丰】您的快递已到菜鸟驿站，取件码1234", "sender": "95338"}
    )
    assert resp.json()["is_fraud"] is False
    resp = client.post("/v1/lookup/url", json={"url": "http://paypa1.com/signin"})
    assert resp.json()["is_malicious"] is True
    assert client.post("/v1/screen/message", json={}).status_code == 422
