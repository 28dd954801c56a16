"""The one place that builds concrete adapters from settings (environment, then arguments).

The CLI, the API and the demo all go through here, so ``keys create`` and ``serve`` with the same
``RINGFENCE_*`` environment always mean the same database, the same secret and the same screening
(``Settings``, listed in docs/configuration.md). Edges never build an adapter or a service themselves:
they get a ``Platform`` and call services with what it holds.

``build_platform`` builds what every command needs (the store, the secret, call screening); ``serving``
adds what only a server needs and should not cost a command line tool (the SMS and URL screener's models,
the screening snapshot's full build from the store and its background refresh).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ringfence.adapters.memory import MEMORY_URL, MemoryStore
from ringfence.adapters.periodic import PeriodicThread
from ringfence.adapters.sql import SqlStore, make_engine, upgrade
from ringfence.domain.complaints import FastPathRule
from ringfence.domain.outbox import RetryPolicy, Topic
from ringfence.domain.sla import Sla
from ringfence.errors import ConfigError
from ringfence.ports.channels import Channel
from ringfence.services.activation import CardIndexService
from ringfence.services.cases import CaseworkPolicy
from ringfence.services.disposal import DisposalPolicy
from ringfence.services.outbox import Routing
from ringfence.services.screen_call import ScreeningService
from ringfence.settings import Settings

if TYPE_CHECKING:
    from ringfence.text.screen import SmsScreener

__all__ = [
    "Platform",
    "build_channels",
    "build_platform",
    "build_screening",
    "casework_policy",
    "disposal_policy",
    "load_secret",
    "retry_policy",
    "serving",
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
    """What a running service needs: settings, the store, the secret, a clock, the ports the services
    are built on (call screening; SMS/URL screening once ``serving``), how dispositions run (deadlines,
    restore, outbox routing), the outbox's channels, and (once ``serving``) the housekeeping thread."""

    settings: Settings
    store: SqlStore | MemoryStore
    secret: bytes
    screening: ScreeningService
    clock: Callable[[], datetime] = utc_now
    sms: SmsScreener | None = None
    disposal: DisposalPolicy = field(default_factory=DisposalPolicy)
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    channels: dict[str, Channel] = field(default_factory=dict)
    housekeeping: PeriodicThread | None = None
    casework: CaseworkPolicy = field(default_factory=CaseworkPolicy)
    cards: CardIndexService = field(default_factory=CardIndexService)
    cards_refresh: PeriodicThread | None = None

    def messages(self) -> SmsScreener:
        """The SMS (and URL) screener; built by ``serving``."""
        if self.sms is None:
            raise ConfigError("this platform was built without the SMS screener (bootstrap.serving)")
        return self.sms

    def close(self) -> None:
        if self.housekeeping is not None:
            self.housekeeping.stop()
        if self.cards_refresh is not None:
            self.cards_refresh.stop()
        for channel in self.channels.values():
            channel.close()
        self.screening.stop_refreshing()
        self.store.close()


#: Channel names, as stored with each outbox message.
PROVISIONING_WEBHOOK = "provisioning-webhook"
PROVISIONING_FILE = "provisioning-file"
NOTIFICATION_WEBHOOK = "notification-webhook"
KANNEL = "kannel"


def build_channels(settings: Settings, secret: bytes = b"") -> dict[str, Channel]:
    """The outbox channels the settings configure (none by default)."""
    from ringfence.adapters.channels import FileExportChannel, KannelChannel, WebhookChannel

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
    if settings.kannel_sendsms_url:
        dlr = settings.warning_dlr_url or f"http://{settings.host}:{settings.port}/v1/warnings/dlr"
        channels[KANNEL] = KannelChannel(
            KANNEL,
            settings.kannel_sendsms_url,
            settings.kannel_username,
            settings.kannel_password,
            dlr,
            secret,
            settings.kannel_sender,
            settings.webhook_timeout_s,
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


def casework_policy(settings: Settings) -> CaseworkPolicy:
    """Complaints' fast path, case SLA, dispatch deadlines and authoritative organisations."""
    verdicts = frozenset(v.strip() for v in settings.complaint_fast_path_verdicts.split(",") if v.strip())
    return CaseworkPolicy(
        FastPathRule(settings.complaint_fast_path_reporters, verdicts, settings.complaint_fast_path_action),
        timedelta(hours=settings.case_sla_hours),
        timedelta(hours=settings.dispatch_deadline_hours),
        frozenset(o.strip() for o in settings.case_authoritative_orgs.split(",") if o.strip()),
        settings.sla_due_soon_share,
    )


def retry_policy(settings: Settings) -> RetryPolicy:
    return RetryPolicy(
        settings.outbox_max_attempts,
        timedelta(seconds=settings.outbox_backoff_s),
        timedelta(seconds=max(settings.outbox_backoff_max_s, settings.outbox_backoff_s)),
    )


def build_platform(settings: Settings | None = None, migrate: bool = True) -> Platform:
    settings = settings or Settings()
    store: SqlStore | MemoryStore
    if settings.url == MEMORY_URL:  # nothing to migrate, nothing kept: tests and throwaway instances
        store = MemoryStore()
    else:
        store = SqlStore(make_engine(settings.url))
        if migrate:
            upgrade(store.engine)
    screening = build_screening(
        settings.screen_snapshot,
        settings.screen_policy,
        settings.screen_refresh_s,
        store=store,
        source=settings.screen_source,
        report_threshold=settings.screen_report_threshold,
        org_policies=settings.screen_org_policies,
        publish=settings.screen_publish,
        publish_org=settings.screen_publish_org,
    )
    secret = load_secret(settings)
    return Platform(settings, store, secret, screening, **_disposal_parts(settings, secret))


def _disposal_parts(settings: Settings, secret: bytes) -> dict[str, Any]:
    return {
        "disposal": disposal_policy(settings),
        "retry": retry_policy(settings),
        "channels": build_channels(settings, secret),
        "casework": casework_policy(settings),
    }


def serving(platform: Platform) -> Platform:
    """``platform`` made ready to serve: the SMS and URL screener's models loaded before the first
    request, the screening snapshot refreshed in a background thread (a file read or a rebuild never
    runs on the event loop that answers call setups), and the housekeeping (escalation sweep, outbox
    dispatch) started in another. ``Platform.close`` stops both."""
    if platform.sms is None:
        from ringfence.text.screen import SmsScreener

        platform.sms = SmsScreener()
    platform.screening.start_refreshing()
    if platform.housekeeping is None:
        platform.housekeeping = start_housekeeping(platform)
    if platform.cards_refresh is None and platform.settings.screen_refresh_s > 0:
        # The card-opening index follows the store (writes through this server mark it stale at once;
        # this catches those of other servers). A rebuild reads every feed: not more than twice a minute.
        platform.cards_refresh = PeriodicThread(
            max(platform.settings.screen_refresh_s, 30.0),
            lambda: platform.cards.refresh(platform.store, platform.clock()),
            "ringfence-card-index",
        ).start()
    return platform


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
    snapshot: Path | None = None,
    policy: Path | None = None,
    refresh_every_s: float = 5.0,
    *,
    store: SqlStore | MemoryStore | None = None,
    source: str = "auto",
    report_threshold: int = 3,
    org_policies: Path | None = None,
    publish: Path | None = None,
    publish_org: str | None = None,
) -> ScreeningService:
    """Call screening as ``Settings.screen_source`` says: live from ``store`` (the default with a store
    and no snapshot file), from the ``snapshot`` file, or numbering-plan rules only. The live source is
    built on the first refresh (``serving`` starts it), never here. With ``publish``, every refreshed
    snapshot (``publish_org``'s view) is also written there for in-switch screening."""
    from ringfence.adapters.snapshot_files import FileSnapshotSource, load_policy
    from ringfence.adapters.snapshot_mmap import SnapshotPublisher
    from ringfence.adapters.snapshot_store import StoreSnapshotSource
    from ringfence.screening.policy import Policy

    pol = load_policy(policy) if policy is not None else Policy()
    publisher = SnapshotPublisher(publish, publish_org) if publish is not None else None
    per_org: dict[str, Policy] = {}
    if org_policies is not None:
        if not org_policies.is_dir():
            raise ConfigError(f"{org_policies}: screen_org_policies must be a directory of <org>.json files")
        per_org = {f.stem: load_policy(f) for f in sorted(org_policies.glob("*.json"))}
    if source == "auto":
        source = "file" if snapshot is not None else ("store" if store is not None else "none")
    if source == "store":
        if store is None:
            raise ConfigError("screen_source = store needs a store")
        live = StoreSnapshotSource(store, report_threshold=report_threshold)
        return ScreeningService(
            pol, live=live, org_policies=per_org, refresh_every_s=refresh_every_s, publisher=publisher
        )
    if source == "file":
        if snapshot is None:
            raise ConfigError("screen_source = file needs screen_snapshot (a snapshot file or directory)")
        return ScreeningService(
            pol,
            source=FileSnapshotSource(snapshot),
            org_policies=per_org,
            refresh_every_s=refresh_every_s,
            publisher=publisher,
        )
    return ScreeningService(pol, org_policies=per_org, refresh_every_s=refresh_every_s, publisher=publisher)
