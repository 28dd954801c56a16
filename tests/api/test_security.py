"""Security on /v1: headers on every answer, rate-limited key guessing, clear 422s instead of 500s."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.api.throttle import FailureLimiter, TooManyAttemptsError, attempt_keys
from tests.support.world import World

WRONG = "rf_AAAAAAAA_" + "x" * 32


def test_v1_answers_carry_security_headers(world: World) -> None:
    for response in (
        world.client.get("/v1/alerts", headers=world.as_("op-a/analyst")),
        world.client.get("/v1/alerts"),  # 401
        world.client.post("/v1/screen/call", json={}, headers=world.as_("op-a/screen-only")),  # 422
    ):
        h = response.headers
        assert h["x-content-type-options"] == "nosniff"
        assert h["cache-control"] == "no-store"
        assert h["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in h["content-security-policy"]
        assert h["referrer-policy"] == "no-referrer"
        assert "strict-transport-security" not in h  # plain http


def test_hsts_only_over_tls(world: World) -> None:
    tls = TestClient(create_app(world.platform), base_url="https://testserver")
    assert tls.get("/healthz").headers["strict-transport-security"] == "max-age=31536000"
    assert "strict-transport-security" not in world.client.get("/healthz").headers


def test_console_pages_are_not_cached_but_static_files_may_be(world: World) -> None:
    assert world.client.get("/console/login").headers["cache-control"] == "no-store"
    assert "cache-control" not in world.client.get("/console/static/console.css").headers


def test_key_guessing_is_answered_429_with_retry_after(world: World) -> None:
    limit = world.platform.settings.auth_fail_limit
    for _ in range(limit):
        assert world.client.get("/v1/alerts", headers={"X-API-Key": WRONG}).status_code == 401
    blocked = world.client.get("/v1/alerts", headers={"X-API-Key": WRONG})
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "too many failed attempts" in blocked.json()["detail"]
    # a request without a key is not an attempt: still a plain 401
    assert world.client.get("/v1/alerts").status_code == 401


def test_guessing_one_key_from_many_addresses_is_limited_by_its_prefix(world: World) -> None:
    world.platform.settings = world.platform.settings.model_copy(update={"trusted_proxies": "testclient"})
    client = TestClient(create_app(world.platform))
    limit = world.platform.settings.auth_fail_limit
    for i in range(limit):
        headers = {"X-API-Key": WRONG, "X-Forwarded-For": f"10.0.0.{i}"}
        assert client.get("/v1/alerts", headers=headers).status_code == 401
    fresh_address = {"X-API-Key": WRONG, "X-Forwarded-For": "10.0.1.1"}
    assert client.get("/v1/alerts", headers=fresh_address).status_code == 429
    other_key = {**world.as_("op-a/analyst"), "X-Forwarded-For": "10.0.1.1"}
    assert client.get("/v1/alerts", headers=other_key).status_code == 200


def test_forwarded_for_from_an_untrusted_peer_is_ignored(world: World) -> None:
    limit = world.platform.settings.auth_fail_limit
    for i in range(limit):
        spoofed = {"X-API-Key": f"rf_BBBBBBB{i}_" + "y" * 32, "X-Forwarded-For": f"10.0.0.{i}"}
        assert world.client.get("/v1/alerts", headers=spoofed).status_code == 401
    assert world.client.get("/v1/alerts", headers={"X-API-Key": WRONG}).status_code == 429


def test_the_limiter_window_slides() -> None:
    now = [1000.0]
    limiter = FailureLimiter(limit=3, window_s=60, clock=lambda: now[0])
    keys = attempt_keys("1.2.3.4", WRONG)
    assert keys == ["addr:1.2.3.4", "key:AAAAAAAA"]
    assert attempt_keys("1.2.3.4", "garbage") == ["addr:1.2.3.4"]
    for step in range(3):
        limiter.check(keys)
        limiter.fail(keys)
        now[0] += 10 * (step + 1)  # failures at 1000, 1010, 1030
    now[0] = 1050.0
    with pytest.raises(TooManyAttemptsError) as blocked:
        limiter.check(keys)  # all three failures are in the window; the first leaves it at 1060
    assert blocked.value.retry_after == 10
    now[0] = 1060.5
    limiter.check(keys)  # the first failure left the window
    limiter.check(["addr:5.6.7.8"])


@pytest.mark.parametrize("granularity", ["day", "month"])
@pytest.mark.parametrize(
    "period", ["not-a-date", "2026-13-01", "2026-11-31", "0001-01-01", "2026-1", "20261102"]
)
def test_a_bad_report_period_is_a_422_with_a_reason(world: World, granularity: str, period: str) -> None:
    response = world.client.get(
        f"/v1/stats/{granularity}", params={"period": period}, headers=world.as_("op-a/analyst")
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith(f"period {period!r} is not a ")


def test_a_good_report_period_still_works(world: World) -> None:
    h = world.as_("op-a/analyst")
    assert world.client.get("/v1/stats/day", params={"period": "2026-11-02"}, headers=h).status_code == 200
    month = world.client.get("/v1/stats/month", params={"period": "2026-11"}, headers=h).json()
    assert month["period"] == "2026-11"


def test_validation_errors_do_not_echo_the_input(world: World) -> None:
    response = world.client.post(
        "/v1/screen/call",
        content=b"\xff\xfe not utf-8",
        headers={**world.as_("op-a/screen-only"), "content-type": "text/plain"},
    )
    assert response.status_code == 422
    body = response.json()
    assert "input" not in body["detail"][0]
    assert body["message"]


def test_ids_past_the_store_range_are_422_not_500(world: World) -> None:
    h = world.as_("op-a/admin")
    assert world.client.get(f"/v1/alerts/{2**63}", headers=h).status_code == 422
    assert world.client.get("/v1/alerts", params={"offset": 2**63}, headers=h).status_code == 422
    assert world.client.delete(f"/v1/lists/{10**30}", headers=h).status_code == 422
    assert world.client.get(f"/v1/numbers/{'9' * 500}", headers=h).status_code == 422


def test_nul_characters_are_refused_at_the_edge(world: World) -> None:
    h = world.as_("op-a/admin")
    assert world.client.get("/v1/numbers/%00", headers=h).status_code == 422
    assert world.client.get("/v1/lists", params={"kind": "a\x00"}, headers=h).status_code == 422
    report = world.client.post("/v1/reports", json={"value": "+8613800000001\x00"}, headers=h)
    assert report.status_code == 422
    surrogate = world.client.post(
        "/v1/reports", content=b'{"value": "\\ud800"}', headers={**h, "content-type": "application/json"}
    )
    assert surrogate.status_code == 422
