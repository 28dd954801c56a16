"""An app whose platform lives in a temp dir, and a client that presents a key of the given role."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.bootstrap import build_platform
from ringfence.services.keys import create_key
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings

__all__ = ["keyed_client"]


def keyed_client(
    tmp_path: Path,
    role: str = "screen-only",
    org: str = "test-op",
    screening: ScreeningService | None = None,
    settings: Settings | None = None,
) -> TestClient:
    """A client of an app over a platform in ``tmp_path`` (with ``screening`` as its call screening,
    when given, as bootstrap would build it from settings)."""
    settings = settings or Settings(data_dir=tmp_path / "platform", database_url="", secret_key="test")
    platform = build_platform(settings)
    if screening is not None:
        platform.screening = screening
    made = create_key(platform.store, platform.secret, org, role, role, platform.clock())
    return TestClient(create_app(platform), headers={"Authorization": f"Bearer {made.key}"})
