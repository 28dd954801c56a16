"""The one place that turns settings into concrete adapters (store, secret, clock).

The CLI, the API and the demo all go through here, so ``keys create`` and ``serve`` with the same
``RINGFENCE_*`` environment always mean the same database and the same secret.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.settings import Settings

__all__ = ["Platform", "build_platform", "load_secret", "utc_now"]


def utc_now() -> datetime:
    return datetime.now(UTC)


def load_secret(settings: Settings) -> bytes:
    """``RINGFENCE_SECRET_KEY``, or a random secret generated once into the data dir (mode 600)."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    path = Path(settings.data_dir) / "secret.key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


@dataclass
class Platform:
    """What a running service needs: settings, the store, the secret and a clock."""

    settings: Settings
    store: SqlStore
    secret: bytes
    clock: Callable[[], datetime] = utc_now

    def close(self) -> None:
        self.store.close()


def build_platform(settings: Settings | None = None, migrate: bool = True) -> Platform:
    settings = settings or Settings()
    store = SqlStore(make_engine(settings.url))
    if migrate:
        upgrade(store.engine)
    return Platform(settings=settings, store=store, secret=load_secret(settings))
