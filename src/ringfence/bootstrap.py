"""The one place that builds concrete adapters from settings (environment, then arguments).

The CLI, the API and the demo all go through here, so ``keys create`` and ``serve`` with the same
``RINGFENCE_*`` environment always mean the same database, the same secret and the same screening
(``Settings``, listed in docs/configuration.md). Edges never build an adapter or a service themselves:
they get a ``Platform`` and call services with what it holds.

``build_platform`` builds what every command needs (the store, the secret, call screening); ``serving``
adds what only a server needs and should not cost a command line tool (the SMS and URL screener's models,
the screening snapshot's background refresh).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ringfence.adapters.memory import MEMORY_URL, MemoryStore
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.errors import ConfigError
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings

if TYPE_CHECKING:
    from ringfence.text.screen import SmsScreener

__all__ = ["Platform", "build_platform", "build_screening", "load_secret", "serving", "utc_now"]


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
    """What a running service needs: settings, the store, the secret, a clock, and the ports the
    services are built on (call screening; SMS/URL screening once ``serving``)."""

    settings: Settings
    store: SqlStore | MemoryStore
    secret: bytes
    screening: ScreeningService
    clock: Callable[[], datetime] = utc_now
    sms: SmsScreener | None = None

    def messages(self) -> SmsScreener:
        """The SMS (and URL) screener; built by ``serving``."""
        if self.sms is None:
            raise ConfigError("this platform was built without the SMS screener (bootstrap.serving)")
        return self.sms

    def close(self) -> None:
        self.screening.stop_refreshing()
        self.store.close()


def build_platform(settings: Settings | None = None, migrate: bool = True) -> Platform:
    settings = settings or Settings()
    screening = build_screening(settings.screen_snapshot, settings.screen_policy, settings.screen_refresh_s)
    if settings.url == MEMORY_URL:  # nothing to migrate, nothing kept: tests and throwaway instances
        return Platform(settings, MemoryStore(), load_secret(settings), screening)
    store = SqlStore(make_engine(settings.url))
    if migrate:
        upgrade(store.engine)
    return Platform(settings, store, load_secret(settings), screening)


def serving(platform: Platform) -> Platform:
    """``platform`` made ready to serve: the SMS and URL screener's models loaded before the first
    request, and the screening snapshot refreshed in a background thread (a file read or a rebuild
    never runs on the event loop that answers call setups)."""
    if platform.sms is None:
        from ringfence.text.screen import SmsScreener

        platform.sms = SmsScreener()
    platform.screening.start_refreshing()
    return platform


def build_screening(
    snapshot: Path | None = None, policy: Path | None = None, refresh_every_s: float = 5.0
) -> ScreeningService:
    from ringfence.adapters.snapshot_files import FileSnapshotSource, load_policy
    from ringfence.screening.policy import Policy

    pol = load_policy(policy) if policy is not None else Policy()
    source = FileSnapshotSource(snapshot) if snapshot is not None else None
    return ScreeningService(pol, source=source, refresh_every_s=refresh_every_s)
