"""Console sessions end at logout for good, login and logout need CSRF tokens, cookies are Secure over
TLS, failed logins are rate-limited, and every error is a styled page."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.console.session import COOKIE, LOGIN_COOKIE
from tests.support.console import console_client, form_token, login
from tests.support.world import World


def test_a_logged_out_session_cannot_be_replayed(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    cookie = client.cookies[COOKIE]
    out = client.post("/console/logout", data={"csrf": csrf}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/console/login")
    assert client.get("/console/", follow_redirects=False).status_code == 303
    replay = TestClient(create_app(world.platform), cookies={COOKIE: cookie})  # a copy taken before
    response = replay.get("/console/", follow_redirects=False)
    assert (response.status_code, response.headers["location"]) == (303, "/console/login")
    assert world.platform.store.audit_entries("op-a")[0].action == "console.logout"


def test_logout_needs_post_and_the_form_token(world: World) -> None:
    client, _csrf = console_client(world, "op-a/analyst")
    assert client.get("/console/logout").status_code == 405
    forged = client.post("/console/logout", data={"csrf": "0" * 32}, follow_redirects=False)
    assert forged.status_code == 403
    assert "text/html" in forged.headers["content-type"]
    assert client.get("/console/", follow_redirects=False).status_code == 200  # still logged in


def test_every_page_offers_a_working_logout(world: World) -> None:
    client, _csrf = console_client(world, "op-a/analyst")
    page = client.get("/console/alerts").text
    assert 'action="/console/logout"' in page
    out = client.post("/console/logout", data={"csrf": form_token(page)}, follow_redirects=False)
    assert out.status_code == 303
    assert client.get("/console/", follow_redirects=False).status_code == 303


def test_login_needs_the_token_of_the_login_page(world: World) -> None:
    client = TestClient(create_app(world.platform))
    bare = client.post("/console/login", data={"key": world.keys["op-a/analyst"]}, follow_redirects=False)
    assert bare.status_code == 403
    assert "login form expired" in bare.text
    assert COOKIE not in bare.cookies
    page = client.get("/console/login")
    assert LOGIN_COOKIE in client.cookies
    other = TestClient(create_app(world.platform))  # a token from another browser's page is refused
    other.get("/console/login")
    stolen = other.post(
        "/console/login",
        data={"key": world.keys["op-a/analyst"], "csrf": form_token(page.text)},
        follow_redirects=False,
    )
    assert stolen.status_code == 403
    ok = client.post(
        "/console/login",
        data={"key": world.keys["op-a/analyst"], "csrf": form_token(page.text)},
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_cookies_are_secure_over_tls_only(world: World) -> None:
    plain = TestClient(create_app(world.platform))
    assert "secure" not in login(plain, world.keys["op-a/analyst"]).headers["set-cookie"].lower()
    tls = TestClient(create_app(world.platform), base_url="https://testserver")
    cookies = login(tls, world.keys["op-a/analyst"]).headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith(COOKIE))
    assert "; secure" in session.lower()
    assert "httponly" in session.lower()
    assert "samesite=strict" in session.lower()


def test_forwarded_proto_counts_only_from_a_trusted_proxy(world: World) -> None:
    https = {"x-forwarded-proto": "https"}
    untrusted = TestClient(create_app(world.platform), headers=https)
    assert "secure" not in login(untrusted, world.keys["op-a/analyst"]).headers["set-cookie"].lower()
    world.platform.settings = world.platform.settings.model_copy(update={"trusted_proxies": "testclient"})
    trusted = TestClient(create_app(world.platform), headers=https)
    response = login(trusted, world.keys["op-a/analyst"])
    assert "; secure" in response.headers["set-cookie"].lower()
    assert response.headers["strict-transport-security"].startswith("max-age=")


@pytest.mark.parametrize(("mode", "secure"), [("true", True), ("false", False)])
def test_the_cookie_secure_setting_overrides_auto(world: World, mode: str, secure: bool) -> None:
    world.platform.settings = world.platform.settings.model_copy(update={"cookie_secure": mode})
    client = TestClient(create_app(world.platform), base_url="https://testserver")
    cookie = login(client, world.keys["op-a/analyst"]).headers["set-cookie"].lower()
    assert ("; secure" in cookie) is secure


def test_failed_logins_are_rate_limited(world: World) -> None:
    client = TestClient(create_app(world.platform))
    limit = world.platform.settings.auth_fail_limit
    for _ in range(limit):
        assert login(client, "rf_AAAAAAAA_" + "x" * 32).status_code == 401
    blocked = login(client, world.keys["op-a/analyst"])  # even the right key, from this address, now
    assert blocked.status_code == 429
    assert int(blocked.headers["retry-after"]) >= 1
    assert "too many failed attempts" in blocked.text
    assert "text/html" in blocked.headers["content-type"]


def test_console_errors_are_styled_pages(world: World) -> None:
    client, csrf = console_client(world, "op-a/analyst")
    for method, path, data in [
        ("get", "/console/reports?period=not-a-date", None),
        ("get", "/console/reports?granularity=week", None),
        ("get", "/console/alerts?page=abc", None),
        ("get", "/console/nowhere", None),
        ("post", "/console/alerts/abc/outcome", {"csrf": csrf, "outcome": "confirmed"}),
        ("post", "/console/lists", {"csrf": csrf}),
    ]:
        response = client.request(method, path, data=data)
        assert 400 <= response.status_code < 500, path
        assert response.headers["content-type"].startswith("text/html"), path
        assert '<p class="error">' in response.text, path
        assert not response.text.lstrip().startswith("{"), path
    report = client.get("/console/reports?period=not-a-date")
    assert report.status_code == 422
    assert "is not a day, YYYY-MM-DD" in report.text


def test_an_unexpected_error_is_logged_and_shows_no_traceback(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from ringfence.services import dashboard

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /srv/ringfence/db.py line 42")

    monkeypatch.setattr(dashboard, "dashboard", broken)
    client, _ = console_client(world, "op-a/analyst", raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="ringfence.api"):
        response = client.get("/console/")
    assert response.status_code == 500
    assert "text/html" in response.headers["content-type"]
    assert "internal error" in response.text
    assert "secret internals" not in response.text
    assert "Traceback" not in response.text
    assert any("secret internals" in str(r.exc_info[1]) for r in caplog.records if r.exc_info)
