"""Settings from ``RINGFENCE_*`` environment variables, shared by ``serve``, ``keys`` and ``db``.

One class, read once per process by whoever starts it (the CLI or a test), and passed down: nothing
below ``bootstrap`` reads the environment. Every field is listed in ``docs/configuration.md``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ringfence.localtime import DEFAULT_TIMEZONE, check_zone

__all__ = ["Settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="RINGFENCE_", extra="ignore")

    data_dir: Path = Field(
        Path("ringfence-data"), description="Where the default SQLite file and generated secret live."
    )
    database_url: str = Field(
        "", description="SQLAlchemy URL; empty means an SQLite file `ringfence.db` in the data dir."
    )
    secret_key: str = Field(
        "",
        description="Key for hashing API keys and signing sessions; empty means generated once into "
        "`secret.key` in the data dir.",
    )
    host: str = Field("127.0.0.1", description="Address `ringfence serve` listens on.")
    port: int = Field(8000, description="Port `ringfence serve` listens on.")
    session_hours: float = Field(12.0, description="How long a console login lasts.")
    timezone: str = Field(
        DEFAULT_TIMEZONE,
        description="The operator's IANA time zone: night hours, the model's hour features, exported times "
        "and the days and months of reports follow it.",
    )
    console_language: Literal["zh_CN", "en"] = Field(
        "zh_CN",
        description="The console's language for a user who has not picked one in the top bar and whose "
        "browser asks for neither Chinese nor English (`Accept-Language`): `zh_CN` or `en`.",
    )
    max_upload_mb: int = Field(64, description="Largest record upload the ingest API accepts.")
    policy_dir: Path | None = Field(None, description="Extra directory of policy TOML files for the console.")
    auto_migrate: bool = Field(True, description="Upgrade the database schema when `serve` starts.")
    auth_cache_seconds: float = Field(
        5.0, description="How long a checked API key is trusted without re-reading the store (0: never)."
    )
    screen_fast_path: bool = Field(
        True,
        description="Answer `POST /v1/screen/call` from a cached key and a valid body without the "
        "framework's routing and dependency solving (same answer; see `ringfence.api.fast_screen`).",
    )
    ingest_workers: int = Field(
        2,
        ge=1,
        description="Record uploads processed at once (each in a worker thread, off the event loop); "
        "more wait their turn.",
    )
    cookie_secure: Literal["auto", "true", "false"] = Field(
        "auto",
        description="Mark the console cookies `Secure`: `auto` when the request came over TLS (https, or "
        "`X-Forwarded-Proto: https` from a trusted proxy).",
    )
    trusted_proxies: str = Field(
        "",
        description="Comma-separated addresses of reverse proxies whose `X-Forwarded-Proto` and "
        "`X-Forwarded-For` are believed (empty: none).",
    )
    auth_fail_limit: int = Field(
        10,
        ge=1,
        description="Failed API-key or console-login attempts allowed per client address, and per key "
        "prefix, within `auth_fail_window_s`; past that, 429 with Retry-After.",
    )
    auth_fail_window_s: float = Field(
        60.0, gt=0, description="The window (seconds) over which failed attempts are counted."
    )
    lookup_limit: int = Field(
        600,
        ge=1,
        description="Lookups (numbers, URLs, digest prefixes, holders) one API key may make within "
        "`lookup_window_s`; past that, 429 with Retry-After.",
    )
    lookup_window_s: float = Field(60.0, gt=0, description="The window (seconds) lookups are metered over.")

    # signed feeds between organisations (docs/intel.md) ------------------------------------------------
    feed_key_dir: Path | None = Field(
        None,
        description="Directory of the organisations' Ed25519 signing keys, `<org>.pem` (`ringfence feed "
        "keygen`), for `GET /v1/feeds/export`. Unset: the API exports nothing.",
    )
    feed_trust: str = Field(
        "",
        description="Issuers whose feeds may be imported, and their public keys: `ISSUER=KEY,ISSUER=KEY` "
        "(base64, as `ringfence feed keygen` prints them). A feed of any other issuer is refused.",
    )
    feed_hash_key: str = Field(
        "",
        description="The secret shared with partners for hashed feed lookups (`/v1/feeds/hashed/{prefix}`): "
        "entries are answered as HMAC-SHA256 of the value under it. Unset: hashed feed lookups are off.",
    )

    @property
    def proxies(self) -> frozenset[str]:
        """``trusted_proxies`` as a set of addresses."""
        return frozenset(p.strip() for p in self.trusted_proxies.split(",") if p.strip())

    # disposal: verification deadlines per risk grade, appeals, restore -------------------------------
    verification_high_hours: float = Field(
        24.0, gt=0, description="Verification deadline of a high-risk disposal (hours from the disposal)."
    )
    verification_medium_hours: float = Field(
        72.0, gt=0, description="Verification deadline of a medium-risk disposal (hours)."
    )
    verification_low_hours: float = Field(
        168.0, gt=0, description="Verification deadline of a low-risk disposal (hours)."
    )
    appeal_hours: float = Field(
        72.0, gt=0, description="Deadline for deciding an appeal (hours from filing)."
    )
    sla_due_soon_share: float = Field(
        0.25, ge=0, lt=1, description="A clock is `due_soon` once less than this share of it is left."
    )
    verification_auto_restore: bool = Field(
        True,
        description="Restore service as soon as a verification passes; false: a passed verification "
        "waits (still barred) for an analyst's `restore`.",
    )
    # outbox: provisioning hand-off and notifications ------------------------------------------------
    provisioning_webhook_url: str = Field(
        "", description="Where provisioning events are POSTed (JSON, `Idempotency-Key` header); empty: none."
    )
    provisioning_export_dir: Path | None = Field(
        None, description="Directory provisioning events are exported to as JSON-lines files; unset: none."
    )
    notification_webhook_url: str = Field(
        "", description="Where verification notices and escalations are POSTed; empty: none."
    )
    outbox_dry_run: bool = Field(
        False, description="Shadow operation: outbox messages are recorded as `dry_run`, never delivered."
    )
    webhook_timeout_s: float = Field(5.0, gt=0, description="Timeout of one webhook delivery attempt.")
    outbox_max_attempts: int = Field(8, ge=1, description="Delivery attempts before a message is failed.")
    outbox_backoff_s: float = Field(10.0, gt=0, description="Wait after the first failed attempt (doubles).")
    outbox_backoff_max_s: float = Field(3600.0, gt=0, description="Longest wait between attempts.")
    # warnings to people fraud reached ------------------------------------------------------------------
    kannel_sendsms_url: str = Field(
        "",
        description="Kannel smsbox `sendsms` URL (`http://127.0.0.1:13013/cgi-bin/sendsms`); empty: no SMS.",
    )
    kannel_username: str = Field("", description="Kannel `sendsms-user` name.")
    kannel_password: str = Field("", description="Kannel `sendsms-user` password.")
    kannel_sender: str = Field("12381", description="Sender shown on warning SMS.")
    warning_dlr_url: str = Field(
        "",
        description="This service's delivery-report URL as Kannel reaches it "
        "(`http://<host>:<port>/v1/warnings/dlr`); empty: derived from host and port.",
    )
    warn_subscribers: Path | None = Field(
        None,
        description="Subscriber file (birth_year, guardians) the platform's warnings read for age and "
        "guardians; unset: no guardian alerts from the platform.",
    )
    warn_lookback_days: float = Field(
        7.0, gt=0, description="How far back a flagged or disposed number's contacts are looked for."
    )
    worker_interval_s: float = Field(
        15.0,
        ge=0,
        description="`serve` runs the outbox dispatcher and the dispositions sweep every this many seconds "
        "in a background thread; 0: not at all (run `ringfence outbox dispatch` / `dispositions sweep`).",
    )

    # complaints and cases -------------------------------------------------------------------------------
    complaint_fast_path_reporters: int = Field(
        3,
        ge=0,
        description="Complaints from this many distinct reporters about a number that detection also "
        "flagged (see `complaint_fast_path_verdicts`) apply `complaint_fast_path_action` at once, "
        "pending review (actor `fast-path`); 0: no fast path.",
    )
    complaint_fast_path_verdicts: str = Field(
        "block,warn", description="Comma-separated detection verdicts that corroborate complaints."
    )
    complaint_fast_path_action: Literal["restrict", "suspend", "label"] = Field(
        "restrict", description="What the complaint fast path does to the number."
    )
    case_sla_hours: float = Field(72.0, gt=0, description="A case is due this many hours after opening.")
    dispatch_deadline_hours: float = Field(
        72.0, gt=0, description="Default deadline of a verification question dispatched to an organisation."
    )
    case_authoritative_orgs: str = Field(
        "",
        description="Comma-separated organisation ids (police, banks) whose `confirmed_fraud` answer to "
        "a dispatch decides a case at once; others' answers decide by majority once all are in.",
    )

    screen_snapshot: Path | None = Field(
        None,
        description="Screening risk snapshot file or directory, reloaded when it changes (offline lists). "
        "Unset: a server screens live from the store (`screen_source`). Set but unreadable: the screening "
        "policy's fail mode.",
    )
    screen_policy: Path | None = Field(
        None, description="Screening policy JSON file. Unset: the built-in one."
    )
    screen_org_policies: Path | None = Field(
        None,
        description="Directory of per-organisation screening policies, `<org id>.json` each (the same "
        "keys as `screen_policy`): an organisation with a file screens by it, e.g. labelling rather "
        "than blocking what other members share. Others use `screen_policy`.",
    )
    screen_refresh_s: float = Field(
        1.0,
        gt=0,
        description="How often the screening snapshot is refreshed: the store's change feed is polled "
        "(a change is in effect within about this long), or the snapshot file checked for changes.",
    )
    screen_source: Literal["auto", "store", "file", "none"] = Field(
        "auto",
        description="What a server screens calls with: `store` (live: each organisation's dispositions, "
        "lists, tags, reports and detection verdicts, plus other members' shared lists, refreshed from "
        "the change feed), `file` (`screen_snapshot`), `none` (numbering-plan rules only). `auto`: "
        "`file` when `screen_snapshot` is set, else `store`. Command line tools never read the store "
        "for screening.",
    )
    screen_publish: Path | None = Field(
        None,
        description="A server publishes the snapshot it screens with to this file on every refresh that "
        "changes it (memory-mapped by Kamailio's in-switch screening, `-A INSWITCH`; docs/screening.md). "
        "Unset: nothing is published.",
    )
    screen_publish_org: str | None = Field(
        None,
        description="Whose view `screen_publish` holds with a live store source: the operator the switch "
        "belongs to (its dispositions and lists, plus other members' shared ones). Unset: shared and "
        "platform-wide facts only.",
    )
    screen_report_threshold: int = Field(
        3, ge=1, description="Live screening: fraud reports (from anyone) that make a number tagged."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, zone: str) -> str:
        """A misspelt zone fails at start-up, not as wrong night hours later."""
        check_zone(zone)
        return zone

    @property
    def url(self) -> str:
        """The database URL in force (the SQLite file in the data dir unless one was given)."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'ringfence.db').as_posix()}"
