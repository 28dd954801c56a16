"""No 500s anywhere: every route of the app, /v1 and /console, fed hostile values.

The routes are enumerated from the app itself (a new route is swept without editing this file), and
each one is called by an admin (key on /v1, a session with a valid CSRF token on /console, so the
handlers run all the way into the services) with odd path parameters, odd query values, missing,
invalid and wrongly typed bodies. The answer may be 4xx, never 5xx; console answers are pages (or
redirects, or the CSV export), never raw JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.bootstrap import build_platform
from ringfence.settings import Settings
from tests.support.console import console_client
from tests.support.world import A_NUMBERS, World, make_world

#: Values a careless or hostile client sends: empty, blanks, not a number, huge and negative numbers,
#: a float, unicode and emoji, control characters, a path traversal, markup, a very long string.
HOSTILE = [
    "",
    " ",
    "abc",
    "0",
    "-1",
    "99999999999999999999999999",
    "1e309",
    "1.5",
    "2026-13-45",
    "2026-02",
    "0001-01-01",
    "0001-01",
    "..%2F..%2Fetc",
    "电话😀",
    "\x00\x07",
    "<script>x</script>",
    "'; DROP TABLE calls; --",
    "9" * 5000,
]
#: JSON bodies of the wrong shape.
BODIES: list[Any] = [
    None,
    {},
    [],
    "text",
    123,
    {"x": 1},
    {"value": "x" * 100_000},
]


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    route: APIRoute
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    form_fields: tuple[str, ...]
    json_fields: tuple[str, ...] = field(default=())

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _routes(app: FastAPI) -> Iterator[APIRoute]:
    """Every APIRoute, also those of included routers (kept as include contexts by FastAPI)."""
    stack = list(app.routes)
    while stack:
        route = stack.pop(0)
        if isinstance(route, APIRoute):
            yield route
        original = getattr(route, "original_router", None)
        if original is not None:
            stack.extend(original.routes)


def _params(dependant: Any, kind: str) -> list[str]:
    names = [p.alias for p in getattr(dependant, kind)]
    for sub in dependant.dependencies:
        names.extend(_params(sub, kind))
    return names


def _endpoints() -> list[Endpoint]:
    out = []
    # The routes only: an app over a throwaway in-memory platform (nothing written, nothing started).
    settings = Settings(database_url="memory://", secret_key="routes", worker_interval_s=0)
    for route in _routes(create_app(build_platform(settings))):
        d = route.dependant
        body = _params(d, "body_params")
        form = body if route.path.startswith("/console") else []
        json_fields: list[str] = []
        if d.body_params and not form:
            annotation = d.body_params[0].field_info.annotation
            json_fields = list(getattr(annotation, "model_fields", {}))
        for method in sorted(route.methods):
            out.append(
                Endpoint(
                    method,
                    route.path,
                    route,
                    tuple(_params(d, "path_params")),
                    tuple(sorted(set(_params(d, "query_params")))),
                    tuple(form),
                    tuple(json_fields),
                )
            )
    return out


ENDPOINTS = _endpoints()


# The PostgreSQL sweep (a minute of the default run) is in the slow set CI runs: SQLite's is the default.
@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.slow)])
def swept(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[World, TestClient, TestClient, str]]:
    """One world per backend for the whole sweep (PostgreSQL refuses some values SQLite takes)."""
    url = ""
    if request.param == "postgres":
        server = request.getfixturevalue("pg_server")
        url = server.url_for(server.create())
    with make_world(Path(tmp_path_factory.mktemp("sweep")), url) as world:
        api = TestClient(create_app(world.platform), raise_server_exceptions=False)
        api.headers.update(world.as_("op-a/admin"))
        console, csrf = console_client(world, "op-a/admin", raise_server_exceptions=False)
        yield world, api, console, csrf


def _fill(path: str, names: tuple[str, ...], value: str) -> str:
    from urllib.parse import quote

    for name in names:
        path = path.replace("{" + name + "}", quote(value, safe="") or "%20")
    return path


def _good_path(path: str, names: tuple[str, ...]) -> str:
    good = {"number": A_NUMBERS[0], "granularity": "day", "prefix": "abcde"}
    for name in names:
        path = path.replace("{" + name + "}", good.get(name, "1"))
    return path


#: Valid values of every form and JSON field, so that a hostile value in one field reaches the
#: services and the store instead of stopping at the first invalid neighbour.
GOOD: dict[str, Any] = {
    "list_name": "tag",
    "kind": "number",
    "value": A_NUMBERS[1],
    "label": "dialer",
    "sharing": "private",
    "reason": "seen calling",
    "action": "label",
    "outcome": "confirmed",
    "title": "look into it",
    "note": "a note",
    "category": "impersonation",
    "back": "/console/alerts",
    "old": 'name = "a"',
    "new": 'name = "b"',
    "key": "rf_AAAAAAAA_" + "x" * 32,
    "text": "您的快递到了 http://bad.cn/x",
    "url": "http://bad.cn/x",
    "sender": "95588",
    "receiver": "13800000001",
    "origin": "intra",
    "caller": "+8613800000001",
    "callee": "13900000002",
    "call_id": "c1",
    "calls": [{"caller": "+8613800000001", "callee": "13900000002"}],
}


def _requests(e: Endpoint, csrf: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, httpx keyword arguments) pairs: hostile values one place at a time."""
    base = _good_path(e.path, e.path_params)
    form_defaults = {name: GOOD.get(name, "x") for name in e.form_fields} | {"csrf": csrf}
    json_defaults = {name: GOOD[name] for name in e.json_fields if name in GOOD}
    plain: dict[str, Any] = {"data": form_defaults} if e.form_fields else {}
    if e.json_fields:
        plain = {"json": json_defaults}
    yield base, plain
    for raw in ("%ff%fe", "%00", "%ed%a0%80"):  # not UTF-8, NUL, an encoded surrogate: as sent, unquoted
        if e.path_params:
            yield e.path.replace("{" + e.path_params[0] + "}", raw), plain
        for q in e.query_params:
            yield f"{base}?{q}={raw}", plain
    for f in e.json_fields:  # a lone surrogate only JSON can carry
        yield (
            base,
            {"content": f'{{"{f}": "\\ud800"}}'.encode(), "headers": {"content-type": "application/json"}},
        )
    for value in HOSTILE:
        if e.path_params:
            yield _fill(e.path, e.path_params, value), plain
        for q in e.query_params:
            yield base, {**plain, "params": {q: value}}
        for f in e.form_fields:
            if f != "csrf":
                yield base, {"data": {**form_defaults, f: value}}
        for f in e.json_fields:
            yield base, {"json": {**json_defaults, f: value}}
            yield base, {"json": {**json_defaults, f: [value]}}
    if e.method in {"POST", "PUT", "PATCH", "DELETE"}:
        for body in BODIES:
            yield base, {"content": b"" if body is None else json.dumps(body).encode()}
            yield (
                base,
                {
                    "content": b"" if body is None else json.dumps(body).encode(),
                    "headers": {"content-type": "application/json"},
                },
            )
        yield base, {"content": b"{not json", "headers": {"content-type": "application/json"}}
        yield base, {"content": b"\xff\xfe\x00", "headers": {"content-type": "text/plain"}}
        yield base, {"content": b"a=1&b=2", "headers": {"content-type": "application/x-www-form-urlencoded"}}
        yield base, {"content": b"--x\r\n", "headers": {"content-type": "multipart/form-data; boundary=x"}}
        if e.form_fields:
            yield base, {"data": {}}
            yield base, {"data": {"csrf": csrf}}
        for f in e.json_fields:
            yield base, {"json": {**json_defaults, f: 10**30}}
            yield base, {"json": {**json_defaults, f: None}}
            yield base, {"json": {**json_defaults, f: {"nested": [1, 2]}}}


#: Routes that never touch the store behave the same on both backends: swept on SQLite only.
STORELESS = ("/v1/screen/", "/v1/lookup/url", "/console/policies/diff", "/healthz")


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.id for e in ENDPOINTS])
def test_no_route_answers_500(swept: tuple[World, TestClient, TestClient, str], endpoint: Endpoint) -> None:
    world, api, console, csrf = swept
    if world.platform.store.backend == "postgresql" and endpoint.path.startswith(STORELESS):
        pytest.skip("does not touch the store; swept on SQLite")
    client = console if endpoint.path.startswith("/console") else api
    if endpoint.path == "/console/logout":  # ends its session: not the one the other routes share
        client, csrf = console_client(world, "op-a/admin", raise_server_exceptions=False)
    failures = []
    for path, kwargs in _requests(endpoint, csrf):
        response = client.request(endpoint.method, path, follow_redirects=False, **kwargs)
        ctype = response.headers.get("content-type", "")
        if response.status_code >= 500:
            failures.append((path[:80], str(kwargs)[:120], response.status_code, response.text[:200]))
        elif (
            endpoint.path.startswith("/console") and response.status_code >= 400 and "text/html" not in ctype
        ):
            failures.append((path[:80], str(kwargs)[:120], response.status_code, f"not a page: {ctype}"))
        assert "Traceback" not in response.text
    assert failures == []
    if client is console:  # the sweep ran logged in, so the handlers ran past authentication
        assert console.get("/console/", follow_redirects=False).status_code == 200


def test_the_sweep_covers_every_router() -> None:
    paths = {e.path for e in ENDPOINTS}
    for expected in (
        "/v1/stats/{granularity}",
        "/v1/records/calls",
        "/v1/screen/call",
        "/v1/hashed/{prefix}",
        "/console/reports",
        "/console/lists/{entry_id}/remove",
        "/console/login",
        "/console/logout",
    ):
        assert expected in paths
    assert len(ENDPOINTS) >= 35


@pytest.mark.parametrize(
    "path",
    [
        "/console/static/%00",
        "/console/static/%ff%fe",
        "/console/static/..%2f..%2fsettings.py",
        "/console/static/" + "a" * 5000,
        "/console/nowhere/%00",
        "/v1/nowhere",
        "/docs%00",
        "/openapi.json",
    ],
)
def test_static_files_docs_and_unknown_paths_never_500(
    swept: tuple[World, TestClient, TestClient, str], path: str
) -> None:
    _world, api, console, _csrf = swept
    response = (console if path.startswith("/console") else api).get(path)
    assert response.status_code < 500
    if path.startswith("/console"):
        assert response.headers["content-type"].startswith("text/html")
