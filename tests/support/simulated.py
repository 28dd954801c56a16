"""A small simulated operator loaded into a store as the demo loads it: SIM farms sharing handsets,
dialers, wangiri, SMS with scam links, an analyst's judgements. For browser tests that walk real
investigations (the world's three hand-made alerts have no records to pivot on)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ringfence.bootstrap import Platform, build_platform
from ringfence.services.publish_demo import DEMO_ORG, publish
from ringfence.settings import Settings

__all__ = ["SimulatedSite", "simulated_platform"]


@dataclass
class SimulatedSite:
    platform: Platform
    key: str  # an admin key of the demo organisation
    org: str


@contextmanager
def simulated_platform(root: Path, subscribers: int = 1500, days: int = 2) -> Iterator[SimulatedSite]:
    from ringfence.detect.exports import write_run
    from ringfence.detect.policy import load_policy
    from ringfence.detect.replay import run_detection
    from ringfence.ingest import read_frame
    from ringfence.simulate.scenario import SimConfig, simulate
    from ringfence.simulate.writer import write_simulation

    write_simulation(simulate(SimConfig(seed=7, subscribers=subscribers, days=days)), root)
    calls, _ = read_frame([root / "calls.csv"])
    messages, _ = read_frame([root / "messages.csv"])
    policy = load_policy()
    result, _ = run_detection([root / "calls.csv"], policy, subscribers=[root / "subscribers.csv"])
    write_run(result, root / "run", policy, {}, "Asia/Shanghai")
    settings = Settings(  # type: ignore[call-arg]
        data_dir=root / "platform", database_url="", secret_key="simulated", console_language="en"
    )
    shown = publish(
        root / "run", root, settings, truth_dir=root / "truth", start_server=False, frames=(calls, messages)
    )
    platform = build_platform(settings)
    # the subscriber feed too (the demo leaves it out): activation holders link SIM-farm cards
    from ringfence.ingest import RecordKind, RecordReader

    for frame in RecordReader([root / "subscribers.csv"], kind=RecordKind.SUBSCRIBERS):
        platform.store.add_subscribers(DEMO_ORG, frame, "test", platform.clock())
    try:
        yield SimulatedSite(platform, shown.key, DEMO_ORG)
    finally:
        platform.close()
