"""Two organisations with a key per role and a loaded run each: the world API and console tests act in."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from ringfence.api.app import create_app
from ringfence.bootstrap import Platform, build_platform
from ringfence.services.keys import create_key
from ringfence.services.load_run import load_run
from ringfence.settings import Settings
from tests.support.runs import FlagRow, write_run

A_NUMBERS = ["+8613800000001", "+8617000000002", "+8613900000003"]
B_NUMBERS = ["+8615000000009"]


@dataclass
class World:
    client: TestClient
    platform: Platform
    keys: dict[str, str]  # "<org>/<role>" -> key

    def as_(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}


@contextmanager
def make_world(tmp_path: Path, database_url: str = "", **overrides: Any) -> Iterator[World]:
    # The shared world's console speaks English unless a test asks otherwise (tests of the Chinese
    # console pass console_language or the language cookie / Accept-Language header).
    overrides.setdefault("console_language", "en")
    overrides.setdefault("auth_cache_seconds", 0)  # revocation tests need every request to re-read the key
    settings = Settings(  # type: ignore[call-arg]  # overrides are Settings fields
        **overrides,
        data_dir=tmp_path / "data",
        database_url=database_url,
        secret_key="test-secret",
        max_upload_mb=1,
    )
    platform = build_platform(settings)
    at = platform.clock()
    keys = {}
    for org in ("op-a", "op-b"):
        for role in ("admin", "analyst", "member-operator", "partner", "screen-only"):
            keys[f"{org}/{role}"] = create_key(platform.store, platform.secret, org, role, role, at).key
    rows_a = [
        FlagRow(n, score=0.9 - i / 10, typology=t)
        for i, (n, t) in enumerate(zip(A_NUMBERS, ["dialer", "sim_farm", "wangiri"], strict=True))
    ]
    load_run(platform.store, "op-a", write_run(tmp_path / "run-a", rows_a), "test", at)
    load_run(platform.store, "op-b", write_run(tmp_path / "run-b", [FlagRow(B_NUMBERS[0])]), "test", at)
    client = TestClient(create_app(platform))
    yield World(client, platform, keys)
    platform.close()
