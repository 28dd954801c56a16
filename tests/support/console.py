"""A console client logged in as one of the world's keys, the way a browser does it.

The login form carries a pre-session CSRF token (double-submit cookie): the page is fetched first,
then posted with its token, then a page is read for the session's own form token.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from tests.support.world import World

__all__ = ["console_client", "form_token", "login"]


def form_token(html: str) -> str:
    """The CSRF token of the first form on a page."""
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    assert match is not None, html[:500]
    return match.group(1)


def login(client: TestClient, key: str) -> Any:
    """Post the login form with the token of a freshly fetched login page; the response, unfollowed."""
    page = client.get("/console/login")
    match = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text)
    data = {"key": key, **({"csrf": match.group(1)} if match else {})}
    return client.post("/console/login", data=data, follow_redirects=False)


def console_client(world: World, who: str, **kwargs: Any) -> tuple[TestClient, str]:
    """A client holding a session of ``who``'s key, and the session's form token."""
    client = TestClient(create_app(world.platform), **kwargs)
    response = login(client, world.keys[who])
    assert response.status_code == 303, response.text[:500]
    return client, form_token(client.get("/console/lists").text)
