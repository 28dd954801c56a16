"""One-ring (wangiri, 响一声) bursts: an international number calling many different people at once.

A wangiri caller rings thousands of numbers briefly so that some call back at premium rates. At setup
time the tell is breadth: one international number reaching many distinct callees within minutes,
which no person abroad calling family does. The tracker counts distinct callees per caller over a
sliding window of event time; memory is bounded by evicting the least recently seen callers.
"""

from __future__ import annotations

from collections import OrderedDict, deque

__all__ = ["BurstTracker"]


class _Window:
    __slots__ = ("callees", "events")

    def __init__(self) -> None:
        self.events: deque[tuple[float, str]] = deque()
        self.callees: dict[str, int] = {}


class BurstTracker:
    """Distinct callees per caller within ``window_s`` seconds of event time.

    Fed only with the callers screening cares about (international numbers arriving from the
    international gateway), so its size follows international traffic, not all traffic. Not
    thread-safe: a service shares one tracker behind its event loop.
    """

    def __init__(self, window_s: float = 600.0, max_callers: int = 200_000) -> None:
        self.window_s = window_s
        self.max_callers = max_callers
        self._windows: OrderedDict[str, _Window] = OrderedDict()

    def observe(self, caller: str, callee: str, at: float) -> int:
        """Record a setup from ``caller`` to ``callee`` at ``at``; return the distinct callees in window."""
        win = self._windows.get(caller)
        if win is None:
            win = _Window()
            self._windows[caller] = win
            if len(self._windows) > self.max_callers:
                self._windows.popitem(last=False)
        else:
            self._windows.move_to_end(caller)
        horizon = at - self.window_s
        events, callees = win.events, win.callees
        while events and events[0][0] <= horizon:
            _, old = events.popleft()
            left = callees[old] - 1
            if left:
                callees[old] = left
            else:
                del callees[old]
        events.append((at, callee))
        callees[callee] = callees.get(callee, 0) + 1
        return len(callees)

    def distinct(self, caller: str) -> int:
        """Distinct callees currently in the caller's window (without recording anything)."""
        win = self._windows.get(caller)
        return 0 if win is None else len(win.callees)

    def __len__(self) -> int:
        return len(self._windows)
