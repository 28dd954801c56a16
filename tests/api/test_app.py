from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from ringfence import __version__
from ringfence.api.app import create_app
from ringfence.bootstrap import build_platform
from ringfence.settings import Settings


def test_health(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="memory://", worker_interval_s=0)
    client = TestClient(create_app(build_platform(settings)))
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "version": __version__}
