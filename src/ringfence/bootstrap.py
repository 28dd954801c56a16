"""The one place that builds concrete adapters from settings (environment, then arguments).

The CLI, the API and the demo all go through here, so ``keys create`` and ``serve`` with the same
``RINGFENCE_*`` environment always mean the same database and the same secret (``Settings``, listed
in docs/configuration.md).

Screening settings (environment variables):

* ``RINGFENCE_SCREEN_SNAPSHOT``: snapshot file or directory; reloaded when it changes. Unset: the
  empty cold snapshot (numbering-plan rules only). Set but unreadable: the policy's fail mode.
* ``RINGFENCE_SCREEN_POLICY``: policy JSON file. Unset: the built-in policy.
* ``RINGFENCE_SCREEN_REFRESH_S``: how often to check the snapshot for changes (default 5 s).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ringfence.adapters.memory import MEMORY_URL, MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings

__all__ = [
    "Platform",
    "build_platform",
    "build_screening",
    "load_secret",
    "screening_from_env",
    "utc_now",
]


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
    store: SqlStore | MemoryStore
    secret: bytes
    clock: Callable[[], datetime] = utc_now

    def close(self) -> None:
        self.store.close()


def build_platform(settings: Settings | None = None, migrate: bool = True) -> Platform:
    settings = settings or Settings()
    if settings.url == MEMORY_URL:  # nothing to migrate, nothing kept: tests and throwaway instances
        return Platform(settings=settings, store=MemoryStore(), secret=load_secret(settings))
    store = SqlStore(make_engine(settings.url))
    if migrate:
        upgrade(store.engine)
    return Platform(settings=settings, store=store, secret=load_secret(settings))


def build_screening(
    snapshot: Path | None = None, policy: Path | None = None, refresh_every_s: float = 5.0
) -> ScreeningService:
    from ringfence.adapters.snapshot_files import FileSnapshotSource, load_policy
    from ringfence.screening.policy import Policy

    pol = load_policy(policy) if policy is not None else Policy()
    source = FileSnapshotSource(snapshot) if snapshot is not None else None
    return ScreeningService(pol, source=source, refresh_every_s=refresh_every_s)


def screening_from_env() -> ScreeningService:
    snapshot = os.environ.get("RINGFENCE_SCREEN_SNAPSHOT") or None
    policy = os.environ.get("RINGFENCE_SCREEN_POLICY") or None
    refresh = float(os.environ.get("RINGFENCE_SCREEN_REFRESH_S") or 5.0)
    return build_screening(
        Path(snapshot) if snapshot else None, Path(policy) if policy else None, refresh_every_s=refresh
    )
