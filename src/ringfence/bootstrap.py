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
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ringfence.adapters.periodic import PeriodicThread
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.outbox import RetryPolicy, Topic
from ringfence.domain.sla import Sla
from ringfence.ports.channels import Channel
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings

__all__ = [
    "Platform",
    "build_channels",
    "build_platform",
    "build_screening",
    "disposal_policy",
    "load_secret",
    "retry_policy",
    "screening_from_env",
    "start_housekeeping",
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
    """What a running service needs: settings, the store, the secret, a clock, how dispositions run
    (deadlines, restore, outbox routing) and the outbox's channels."""

    settings: Settings
    store: SqlStore
    secret: bytes
    clock: Callable[[], datetime] = utc_now
    disposal: DisposalPolicy = field(default_factory=DisposalPolicy)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    channels: dict[str, Channel] = field(default_factory=dict)

    def close(self) -> None:
        for channel in self.channels.values():
            channel.close()
        self.store.close()


#: Channel names, as stored with each outbox message.
PROVISIONING_WEBHOOK = "provisioning-webhook"
PROVISIONING_FILE = "provisioning-file"
NOTIFICATION_WEBHOOK = "notification-webhook"


def build_channels(settings: Settings) -> dict[str, Channel]:
    """The outbox channels the settings configure (none by default)."""
    from ringfence.adapters.channels import FileExportChannel, WebhookChannel

    channels: dict[str, Channel] = {}
    if settings.provisioning_webhook_url:
        channels[PROVISIONING_WEBHOOK] = WebhookChannel(
            PROVISIONING_WEBHOOK, settings.provisioning_webhook_url, settings.webhook_timeout_s
        )
    if settings.provisioning_export_dir is not None:
        channels[PROVISIONING_FILE] = FileExportChannel(PROVISIONING_FILE, settings.provisioning_export_dir)
    if settings.notification_webhook_url:
        channels[NOTIFICATION_WEBHOOK] = WebhookChannel(
            NOTIFICATION_WEBHOOK, settings.notification_webhook_url, settings.webhook_timeout_s
        )
    return channels


def disposal_policy(settings: Settings) -> DisposalPolicy:
    routes: dict[Topic, tuple[str, ...]] = {
        Topic.PROVISIONING: tuple(
            name
            for name, on in (
                (PROVISIONING_WEBHOOK, bool(settings.provisioning_webhook_url)),
                (PROVISIONING_FILE, settings.provisioning_export_dir is not None),
            )
            if on
        ),
        Topic.NOTIFICATION: (NOTIFICATION_WEBHOOK,) if settings.notification_webhook_url else (),
    }
    sla = Sla(
        high_hours=settings.verification_high_hours,
        medium_hours=settings.verification_medium_hours,
        low_hours=settings.verification_low_hours,
        appeal_hours=settings.appeal_hours,
        due_soon_share=settings.sla_due_soon_share,
    )
    return DisposalPolicy(sla, settings.verification_auto_restore, Routing(routes, settings.outbox_dry_run))


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        settings.outbox_max_attempts,
        timedelta(seconds=settings.outbox_backoff_s),
        timedelta(seconds=max(settings.outbox_backoff_max_s, settings.outbox_backoff_s)),
    )


def build_platform(settings: Settings | None = None, migrate: bool = True) -> Platform:
    settings = settings or Settings()
    store = SqlStore(make_engine(settings.url))
    if migrate:
        upgrade(store.engine)
    return Platform(
        settings=settings,
        store=store,
        secret=load_secret(settings),
        disposal=disposal_policy(settings),
        retry=retry_policy(settings),
        channels=build_channels(settings),
    )


def start_housekeeping(platform: Platform) -> PeriodicThread | None:
    """Escalation sweep and outbox dispatch every ``worker_interval_s`` in a background thread (none
    when it is 0)."""
    from ringfence.services.housekeeping import tick

    interval = platform.settings.worker_interval_s
    if interval <= 0:
        return None

    def work() -> None:
        tick(platform.store, platform.disposal, platform.channels, platform.retry, platform.clock())

    return PeriodicThread(interval, work, "ringfence-housekeeping").start()


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
