"""Risk snapshots from the store: built once in full, then kept current from the risk change feed.

``load`` reads the feed's version, then every fact (``risk_facts()``): whatever commits in between is
in the feed after that version and is applied again by the next ``poll``, which is harmless, since
applying a change means re-reading the facts of its number. ``poll`` reads the changes after the last
one applied, asks the store for the facts of just the numbers they name, and re-derives those numbers
in every organisation's view (``ringfence.screening.live``): the cost of a refresh is the changes since
the last one, never a rebuild.

Tags' confidences decay with time: every ``decay_every_s`` a poll also derives the numbers with tags
again (``LiveRisk.redecay``), so a tag fades out of screening without a change to it.

The snapshot of an organisation carries the version ``store:<seq>`` (the last change applied) and the
time of the last successful poll as ``built_at``: a store that stops answering makes the snapshot go
stale, and the screening policy's fail mode applies, exactly as for a file that stops being refreshed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from ringfence.ports.store import RiskFactSource
from ringfence.screening.live import REPORT_LABEL, REPORT_THRESHOLD, LiveRisk
from ringfence.screening.snapshot import RiskSnapshot

__all__ = ["StoreSnapshotSource"]

_BATCH = 2000  # changes read per round trip; a poll reads rounds until it has caught up


class StoreSnapshotSource:
    """Per-organisation snapshots over one store; ``poll`` from one thread (the refresher)."""

    def __init__(
        self,
        store: RiskFactSource,
        clock: Callable[[], float] = time.time,
        report_threshold: int = REPORT_THRESHOLD,
        report_label: str = REPORT_LABEL,
        decay_every_s: float = 3600.0,
    ) -> None:
        self.store = store
        self.clock = clock
        self.live = LiveRisk(
            report_threshold, report_label, lambda: datetime.fromtimestamp(self.clock(), UTC)
        )
        self.decay_every_s = decay_every_s
        self._decayed_at = clock()
        self.seq = 0
        self.loaded = False
        self.built_at: float | None = None
        self._cache: dict[str | None, RiskSnapshot] = {}

    def load(self) -> None:
        """The full build (at start, or to start over)."""
        version = self.store.risk_version()
        self._decayed_at = self.clock()
        self.live.load(self.store.risk_facts())
        self.seq = version
        self.loaded = True
        self._stamp()
        self.poll()

    def poll(self) -> int:
        """Apply every change since the last one applied; the number of changes applied (and of
        entries a decay pass changed)."""
        if not self.loaded:
            self.load()
            return 0
        applied = 0
        while True:
            changes = self.store.risk_changes(self.seq, _BATCH)
            if not changes:
                break
            numbers = sorted({c.number for c in changes})
            self.live.update(numbers, self.store.risk_facts(numbers))
            self.seq = changes[-1].seq
            applied += len(changes)
            if len(changes) < _BATCH:
                break
        if self.clock() - self._decayed_at >= self.decay_every_s:
            self._decayed_at = self.clock()
            applied += self.live.redecay()
        self._stamp()
        return applied

    def _stamp(self) -> None:
        self.built_at = self.clock()
        self._cache = {}

    def snapshot(self, org: str | None = None) -> RiskSnapshot:
        """What ``org`` screens with now (one small object per organisation and refresh)."""
        snap = self._cache.get(org)
        if snap is None:
            snap = RiskSnapshot(
                version=f"store:{self.seq}",
                built_at=self.built_at,
                callers=self.live.callers(org),
                do_not_call=self.live.do_not_call(org),
            )
            self._cache[org] = snap
        return snap

    def __str__(self) -> str:
        return "the store"
