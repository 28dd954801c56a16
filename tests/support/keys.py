"""An app whose platform lives in a temp dir, and a client that presents a key of the given role."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient

from ringfence.bootstrap import build_platform
from ringfence.services.keys import create_key
from ringfence.settings import Settings

__all__ = ["keyed_client"]


def keyed_client(app: FastAPI, tmp_path: Path, role: str = "screen-only", org: str = "test-op") -> TestClient:
    platform = build_platform(Settings(data_dir=tmp_path / "platform", database_url="", secret_key="test"))
    made = create_key(platform.store, platform.secret, org, role, role, platform.clock())
    app.state.platform = platform
    return TestClient(app, headers={"Authorization": f"Bearer {made.key}"})
