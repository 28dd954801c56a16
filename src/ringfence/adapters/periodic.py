"""A function run every N seconds in a daemon thread, stopped cleanly: the server's housekeeping.

Kept off the event loop on purpose (it talks to the database and to webhooks). An exception in one
run is logged and the next run goes ahead; ``stop`` wakes the thread at once instead of waiting out
the interval.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

__all__ = ["PeriodicThread"]

log = logging.getLogger("ringfence.periodic")


class PeriodicThread:
    def __init__(
        self, interval_s: float, work: Callable[[], object], name: str = "ringfence-periodic"
    ) -> None:
        if interval_s <= 0:
            raise ValueError("interval must be positive")
        self.interval_s = interval_s
        self._work = work
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.runs = 0

    def start(self) -> PeriodicThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        # the first run after one interval: starting a server (or an app in a test) does no work at once
        while not self._stop.wait(self.interval_s):
            try:
                self._work()
            except Exception:
                log.exception("periodic work failed; trying again in %.0f s", self.interval_s)
            self.runs += 1

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()
