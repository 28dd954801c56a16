from __future__ import annotations

from fastapi.testclient import TestClient

from ringfence import __version__
from ringfence.api.app import create_app


def test_health() -> None:
    client = TestClient(create_app())
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}
