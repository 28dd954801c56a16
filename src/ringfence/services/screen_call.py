"""Use case: screen a call at setup (one call live, or a batch of records replayed in time order).

Ties the pure decision to what the domain may not touch: the clock (snapshot age), the snapshot
source (refresh and atomic swap), the burst tracker's state and logging of degraded screening.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from ringfence.domain.numbers import NumberKind, classify
from ringfence.errors import RingfenceError
from ringfence.ports.snapshot_source import LiveSnapshotSource, SnapshotSource
from ringfence.ports.snapshot_source import SnapshotPublisher as Publisher
from ringfence.screening.burst import BurstTracker
from ringfence.screening.call import CallSetup, Origin
from ringfence.screening.policy import Policy
from ringfence.screening.rules import RuleBook
from ringfence.screening.screen import screen
from ringfence.screening.snapshot import RiskSnapshot, SnapshotHolder
from ringfence.screening.verdict import Verdict

__all__ = ["ScreeningService", "screen_call"]

log = logging.getLogger("ringfence.screening")


class ScreeningService:
    """Screens calls against the current snapshot, refreshing it from ``source`` when it changes.

    With no source the snapshot is fixed (the empty cold snapshot by default). A configured source
    that fails to load leaves the previous snapshot in place until it goes stale; with none to fall
    back on, calls are screened by the numbering-plan rules and the policy's fail mode.

    A ``live`` source (the store) gives each organisation its own snapshot and is refreshed change by
    change; it is built on the first refresh (``start_refreshing``, or the first call screened), not
    here, so a command line tool that never screens never reads the store for it.
    """

    def __init__(
        self,
        policy: Policy | None = None,
        snapshot: RiskSnapshot | None = None,
        *,
        source: SnapshotSource | None = None,
        live: LiveSnapshotSource | None = None,
        org_policies: Mapping[str, Policy] | None = None,
        refresh_every_s: float = 5.0,
        clock: Callable[[], float] = time.time,
        track_bursts: bool = True,
        publisher: Publisher | None = None,
    ) -> None:
        self.policy = policy or Policy()
        self.rules = RuleBook.compile(self.policy)
        # an organisation with a policy of its own screens by it (what a shared entry means to it, say);
        # the others by ``policy``. Burst window and snapshot age are the service's (``policy``).
        self.org_rules = {org: RuleBook.compile(p) for org, p in (org_policies or {}).items()}
        self.clock = clock
        if source is not None and live is not None:
            raise ValueError("screening reads one snapshot source: a file source or a live one")
        self.source = source
        self.live = live
        self.refresh_every_s = refresh_every_s
        self.tracker = BurstTracker(self.policy.wangiri_window_s) if track_bursts else None
        self.holder = SnapshotHolder(snapshot if source is None and snapshot is not None else None)
        if source is None and live is None and snapshot is None:
            self.holder.swap(RiskSnapshot.empty())
        self._token: object | None = None
        self._next_check = 0.0
        self._degraded: str | None = None
        self._refresher: threading.Thread | None = None
        self._stop = threading.Event()
        self.publisher = publisher
        if source is not None:
            self.refresh(force=True)

    def start_refreshing(self) -> None:
        """Check the source every ``refresh_every_s`` in a background thread from now on, so that
        ``snapshot()`` never loads (no file read or rebuild on the thread answering a call setup).
        A live source is built in full here first, before the first call is answered."""
        if (self.source is None and self.live is None) or self._refresher is not None:
            return
        if self.live is not None and not self.live.loaded:
            self.refresh()
        self._stop.clear()
        self._refresher = threading.Thread(target=self._refresh_loop, name="screening-refresh", daemon=True)
        self._refresher.start()

    def stop_refreshing(self) -> None:
        if self._refresher is not None:
            self._stop.set()
            self._refresher.join(timeout=self.refresh_every_s + 5)
            self._refresher = None

    def _refresh_loop(self) -> None:
        while not self._stop.wait(self.refresh_every_s):
            try:
                self.refresh()
            except Exception:  # a refresh must never kill the thread: the next one tries again
                log.exception("screening snapshot refresh failed")

    # --- snapshot lifecycle ---------------------------------------------------------------------

    def refresh(self, force: bool = False) -> bool:
        """Reload from the source if it changed; True when a new snapshot was swapped in (for a live
        source: when changes were applied). A changed snapshot is also handed to the publisher (the
        file in-switch screening maps), on this refreshing thread, never on a call's."""
        changed = self._reload(force)
        if self.publisher is not None and (changed or self.publisher.published is None):
            org = self.publisher.org
            current = (
                self.live.snapshot(org) if self.live is not None and self.live.loaded else self.holder.current
            )
            try:
                self.publisher.publish(current)
            except OSError as exc:
                log.warning("could not publish the screening snapshot to %s: %s", self.publisher.path, exc)
        return changed

    def _reload(self, force: bool) -> bool:
        if self.live is not None:
            return self._poll_live(force)
        if self.source is None:
            return False
        token = self.source.token()
        if token is None:
            self._degrade(f"snapshot source {self.source} is missing")
            return False
        if not force and token == self._token:
            return False
        try:
            snapshot = self.source.load()
        except RingfenceError as exc:
            self._degrade(f"snapshot reload failed, keeping the previous one: {exc}")
            return False
        self._token = token
        self.holder.swap(snapshot)
        log.info("screening snapshot %s loaded (%d entries)", snapshot.version, snapshot.size)
        return True

    def _poll_live(self, force: bool) -> bool:
        assert self.live is not None
        try:
            if force:
                self.live.load()
                return True
            applied = self.live.poll()
        except Exception as exc:  # a store that does not answer: keep the last state until stale
            self._degrade(f"snapshot refresh from the store failed, keeping the previous one: {exc}")
            return False
        if applied:
            log.debug("screening snapshot: %d changes from the store applied", applied)
        return applied > 0

    def snapshot(self, now: float | None = None, org: str | None = None) -> RiskSnapshot | None:
        """The snapshot to screen with now (``org``'s own, for a live source), or None when it is
        missing or stale (fail mode applies)."""
        now = self.clock() if now is None else now
        if (
            (self.source is not None or self.live is not None)
            and self._refresher is None
            and now >= self._next_check
        ):
            self._next_check = now + self.refresh_every_s
            self.refresh()
        if self.live is not None:
            snap = self.live.snapshot(org) if self.live.loaded else None
        else:
            snap = self.holder.current
        if snap is None:
            if self._degraded is None:
                self._degrade("no screening snapshot loaded")
            return None
        if snap.is_stale(now, self.policy.max_snapshot_age_s):
            self._degrade(f"screening snapshot {snap.version} is stale")
            return None
        if self._degraded is not None:
            log.warning("screening snapshot %s available again; full screening resumed", snap.version)
            self._degraded = None
        return snap

    def _degrade(self, why: str) -> None:
        """Log once per change of state, not once per call: a stale snapshot must not flood the log."""
        if self._degraded != why:
            self._degraded = why
            log.warning("%s; screening fails %s", why, self.policy.fail_mode.value)

    @property
    def degraded(self) -> str | None:
        return self._degraded

    # --- decisions --------------------------------------------------------------------------------

    def rules_for(self, org: str | None) -> RuleBook:
        """The compiled policy ``org`` screens by."""
        if org is None or not self.org_rules:
            return self.rules
        return self.org_rules.get(org, self.rules)

    def burst_count(self, call: CallSetup) -> int:
        """Feed the burst tracker with this setup; the caller's distinct callees in the window."""
        if self.tracker is None or call.origin is not Origin.INTERNATIONAL:
            return 0
        caller = classify(call.caller)
        if caller.kind is not NumberKind.INTERNATIONAL:
            return 0
        return self.tracker.observe(caller.normalized, classify(call.callee).normalized, call.at)

    def screen(self, call: CallSetup, now: float | None = None, org: str | None = None) -> Verdict:
        """One live call, for ``org`` (whose own snapshot a live source screens with); the verdict
        carries the snapshot version."""
        snap = self.snapshot(now, org)
        verdict = screen(call, snap, self.rules_for(org), self.burst_count(call))
        return replace(verdict, snapshot_version=snap.version if snap is not None else None)

    def screen_many(
        self, calls: Sequence[CallSetup], now: float | None = None, org: str | None = None
    ) -> list[Verdict]:
        """A batch, answered in input order but fed to the burst tracker in event-time order.

        Replayed records must see the same bursts they would have seen live, whatever order the file
        lists them in; the snapshot is taken once for the whole batch.
        """
        snap = self.snapshot(now, org)
        version = snap.version if snap is not None else None
        order = sorted(range(len(calls)), key=lambda i: calls[i].at)
        out: list[Verdict | None] = [None] * len(calls)
        rules = self.rules_for(org)
        for i in order:
            call = calls[i]
            out[i] = replace(screen(call, snap, rules, self.burst_count(call)), snapshot_version=version)
        return out  # type: ignore[return-value]


def screen_call(service: ScreeningService, call: CallSetup) -> Verdict:
    """The use case as a function, for callers that hold a service."""
    return service.screen(call)
