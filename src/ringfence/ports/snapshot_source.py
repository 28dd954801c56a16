"""Where refreshed risk snapshots come from: files (one snapshot for everyone, reloaded whole when it
changes) or the store (one snapshot per organisation, kept current change by change)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from ringfence.screening.snapshot import RiskSnapshot

__all__ = ["LiveSnapshotSource", "SnapshotPublisher", "SnapshotSource"]


class SnapshotSource(Protocol):
    def token(self) -> object | None:
        """A cheap value that changes whenever a new snapshot is available (None: source is absent)."""
        ...

    def load(self) -> RiskSnapshot:
        """The current snapshot; raises ``RingfenceError`` when it cannot be read."""
        ...


class LiveSnapshotSource(Protocol):
    """Snapshots per organisation, refreshed incrementally (``adapters.snapshot_store``)."""

    loaded: bool

    def load(self) -> None:
        """Build everything from scratch."""
        ...

    def poll(self) -> int:
        """Apply what changed since the last poll (a full build first if never loaded); how many
        changes were applied."""
        ...

    def snapshot(self, org: str | None = None) -> RiskSnapshot:
        """What ``org`` screens with now (None: a caller with no organisation, shared lists only)."""
        ...


class SnapshotPublisher(Protocol):
    """Where a server hands the snapshot it screens with, for screening outside it (the switch)."""

    path: Path
    org: str | None  # whose view is published (None: the platform-wide one)
    published: str | None  # the version last published, None before the first

    def publish(self, snapshot: RiskSnapshot | None) -> bool:
        """Publish ``snapshot`` unless it is the version already published; True when written."""
        ...
