"""The end of ``ringfence demo``: put the simulated run into a store and leave the console running.

Creates a demo organisation with an admin key, loads the records (for number timelines) and the
detection run, plays an analyst who has judged part of the queue (from the simulation's truth, so the
dashboard's precision means something), and starts the server detached so ``make demo`` can exit
while the console stays up at the URL it prints.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ringfence.adapters.server import free_port, start_detached, stop
from ringfence.bootstrap import Platform, build_platform
from ringfence.domain.access import Principal, Role
from ringfence.domain.decisions import DetectionRun
from ringfence.domain.disposition import Evidence, State
from ringfence.services import casework, disposal
from ringfence.services.keys import create_key
from ringfence.services.load_run import load_records, load_run, store_run
from ringfence.settings import Settings

__all__ = ["DEMO_ORG", "PEER_ORG", "DemoConsole", "publish", "seed_casework"]

DEMO_ORG = "demo-operator"
PEER_ORG = "peer-operator"


@dataclass(frozen=True, slots=True)
class DemoConsole:
    url: str
    key: str
    pid: int | None
    data_dir: Path
    alerts: int
    calls: int
    messages: int


def _fraud_numbers(truth_dir: Path) -> set[str]:
    """Numbers the simulation made fraudulent: fraud callers and senders of fraud SMS."""
    fraud: set[str] = set()
    numbers = truth_dir / "numbers.csv"
    if numbers.exists():
        with numbers.open(encoding="utf-8") as fh:
            fraud |= {r["number"] for r in csv.DictReader(fh) if r.get("is_fraud") == "true"}
    return fraud


def _fraud_senders(truth_dir: Path, messages: Path) -> set[str]:
    truth = truth_dir / "messages.csv"
    if not truth.exists() or not messages.exists():
        return set()
    from ringfence.domain.numbers import normalize

    with truth.open(encoding="utf-8") as fh:
        fraud_ids = {r["sms_id"] for r in csv.DictReader(fh) if r.get("is_fraud") == "true"}
    with messages.open(encoding="utf-8") as fh:
        return {normalize(r["sender"]) for r in csv.DictReader(fh) if r["sms_id"] in fraud_ids}


def seed_casework(platform: Platform, analyst: Principal, fraud: set[str], share: float = 0.6) -> int:
    """Judge a deterministic share of alerts by truth, and take the actions an analyst would."""
    store, at = platform.store, platform.clock()
    judged = 0
    for d in store.decisions(analyst.org):
        if (d.id * 7919) % 100 >= share * 100:
            continue
        outcome = "confirmed" if d.number in fraud else "dismissed"
        casework.set_outcome(store, analyst, d.id, outcome, at)
        judged += 1
        if outcome == "confirmed" and d.verdict == "block":
            casework.add_to_list(
                store,
                analyst,
                "blacklist",
                "number",
                d.number,
                at,
                sharing="shared",
                reason=f"confirmed {d.typology}",
            )
            if disposal.current(store, analyst.org, d.number).state is State.ACTIVE:
                reason, evidence = f"confirmed {d.typology}", Evidence(alerts=(d.id,), rules=d.rules)
                disposal.act(store, platform.disposal, analyst, d.number, "suspend", at, reason, evidence)
        elif outcome == "confirmed":
            casework.add_to_list(store, analyst, "tag", "number", d.number, at, label=d.typology)
        elif outcome == "dismissed":
            casework.add_to_list(
                store,
                analyst,
                "whitelist",
                "number",
                d.number,
                at,
                reason="false positive: legitimate heavy caller",
            )
    confirmed = store.decisions(analyst.org, outcome="confirmed", limit=1)
    if confirmed:
        casework.open_case(store, analyst, confirmed[0].number, "Demo case: trace the cohort", "", at)
    return judged


def _seed_peer(platform: Platform, fraud: list[str]) -> None:
    """A second operator that shares part of its blacklist, to show sharing and masking."""
    at = platform.clock()
    platform.store.ensure_org(PEER_ORG, "Peer operator", at)
    peer = Principal(PEER_ORG, Role.ANALYST, 0, "peer-analyst")
    for number in fraud[:3]:
        casework.add_to_list(
            platform.store,
            peer,
            "blacklist",
            "number",
            number,
            at,
            sharing="shared",
            reason="reported by peer operator",
        )


def publish(
    run_dir: Path,
    records_dir: Path,
    settings: Settings,
    truth_dir: Path | None = None,
    start_server: bool = True,
    fresh: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    frames: tuple[pl.DataFrame, pl.DataFrame] | None = None,
    run: DetectionRun | None = None,
) -> DemoConsole:
    """Load the demo into ``settings``' store and start the console; returns its URL and a login key.

    ``frames`` are the accepted calls and messages when the caller has already read ``records_dir``
    (the demo has, for detection), which saves reading and validating the files a second time;
    ``run`` is the detection's typed result (else the run folder ``run_dir`` is read).
    ``fresh`` deletes the SQLite file in ``settings.data_dir`` first (the demo's own directory; never
    pass it for a store that holds anything else).
    """
    data_dir = Path(settings.data_dir)
    stop(data_dir)
    if fresh and not settings.database_url and data_dir.exists():
        for name in ("ringfence.db", "ringfence.db-wal", "ringfence.db-shm"):
            (data_dir / name).unlink(missing_ok=True)
    platform = build_platform(settings)
    try:
        at = platform.clock()
        platform.store.ensure_org(DEMO_ORG, "Demo operator", at)
        made = create_key(platform.store, platform.secret, DEMO_ORG, "demo-admin", "admin", at)
        if frames is not None:
            calls = platform.store.add_calls(DEMO_ORG, frames[0])[0]
            messages = platform.store.add_messages(DEMO_ORG, frames[1])[0]
        else:
            calls, messages, _ = load_records(
                platform.store, DEMO_ORG, records_dir, data_dir / "quarantine-demo.csv", progress
            )
        if run is not None:
            loaded = store_run(platform.store, DEMO_ORG, run, str(run_dir), "demo", at)
        else:
            loaded = load_run(platform.store, DEMO_ORG, run_dir, "demo", at)
        if truth_dir is not None and truth_dir.exists():
            fraud = _fraud_numbers(truth_dir) | _fraud_senders(truth_dir, records_dir / "messages.csv")
            analyst = Principal(DEMO_ORG, Role.ANALYST, made.id, "demo-analyst")
            seed_casework(platform, analyst, fraud)
            _seed_peer(platform, sorted(fraud))
    finally:
        platform.close()
    if not start_server:
        return DemoConsole("", made.key, None, data_dir, loaded.decisions, calls, messages)
    port = free_port(settings.host, settings.port)
    env = {  # exactly the settings the data was loaded with, whatever the caller's environment says
        "RINGFENCE_DATA_DIR": str(data_dir.resolve()),
        "RINGFENCE_DATABASE_URL": settings.database_url,
        "RINGFENCE_SECRET_KEY": settings.secret_key,
        "RINGFENCE_TIMEZONE": settings.timezone,
    }
    handle = start_detached(data_dir, settings.host, port, env)
    return DemoConsole(handle.url, made.key, handle.pid, data_dir, loaded.decisions, calls, messages)
