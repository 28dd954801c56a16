"""Where refreshed risk snapshots come from (files today; a list store or broker later)."""

from __future__ import annotations

from typing import Protocol

from ringfence.screening.snapshot import RiskSnapshot

__all__ = ["SnapshotSource"]


class SnapshotSource(Protocol):
    def token(self) -> object | None:
        """A cheap value that changes whenever a new snapshot is available (None: source is absent)."""
        ...

    def load(self) -> RiskSnapshot:
        """The current snapshot; raises ``RingfenceError`` when it cannot be read."""
        ...
