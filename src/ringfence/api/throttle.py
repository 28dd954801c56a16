"""Slow down key guessing: failed API-key and console-login attempts are counted and capped.

Failures are counted per client address and per key prefix (the public lookup id of a ringfence key,
``rf_<prefix>_…``) over a sliding window; once either has ``auth_fail_limit`` failures in
``auth_fail_window_s`` seconds, further attempts from that address or for that prefix get 429 with
``Retry-After`` until the oldest failure leaves the window. Callers whose key is already in the API's
auth cache are not affected.

The counts live in process memory: each worker counts for itself (a deployment with N workers allows
up to N times the limit), and a restart forgets them. That is enough to turn an online guess of a
key's random part (144 bits) from hopeless into more hopeless, and to stop a script hammering the
login form; it is not an account lockout.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

from starlette.requests import Request

from ringfence.api.security import client_address
from ringfence.bootstrap import Platform
from ringfence.domain.access import Principal, UnauthenticatedError
from ringfence.domain.apikeys import parse_key
from ringfence.errors import RingfenceError
from ringfence.services.keys import authenticate

__all__ = [
    "FailureLimiter",
    "LookupsExceededError",
    "TooManyAttemptsError",
    "attempt_keys",
    "guarded_authenticate",
    "limiter_of",
]

_MAX_TRACKED = 100_000


class TooManyAttemptsError(RingfenceError):
    """Too many failed attempts from this address or for this key; try again after ``retry_after`` s."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; try again in {retry_after} s")
        self.retry_after = retry_after


class LookupsExceededError(TooManyAttemptsError):
    """A key used up its lookups for the window (partner lookups are metered per key)."""

    def __init__(self, retry_after: int) -> None:
        RingfenceError.__init__(self, f"too many lookups with this key; try again in {retry_after} s")
        self.retry_after = retry_after


def attempt_keys(address: str, presented: str | None) -> list[str]:
    """What a failed attempt counts against: the client address and, if key-shaped, the key's prefix."""
    keys = [f"addr:{address}"]
    parsed = parse_key(presented) if presented else None
    if parsed is not None:
        keys.append(f"key:{parsed.lookup}")
    return keys


class FailureLimiter:
    """Sliding-window failure counts, safe to share between the worker threads of one process."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, keys: Iterable[str]) -> None:
        """Raise ``TooManyAttemptsError`` when any of ``keys`` is at the limit."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in keys:
                times = self._failures.get(key)
                if times is None:
                    continue
                self._expire(times, now)
                if len(times) >= self.limit:
                    wait = max(wait, times[0] + self.window_s - now)
        if wait > 0:
            raise TooManyAttemptsError(max(1, math.ceil(wait)))

    def fail(self, keys: Iterable[str]) -> None:
        """Count one failed attempt against each of ``keys``."""
        now = self.clock()
        with self._lock:
            if len(self._failures) >= _MAX_TRACKED:
                self._prune(now)
            for key in keys:
                times = self._failures.setdefault(key, deque(maxlen=self.limit))
                self._expire(times, now)
                times.append(now)

    def take(self, key: str) -> None:
        """Count one use of ``key``, refused (``LookupsExceededError``) when it is at the limit: the
        same sliding window, metering every request instead of failures."""
        now = self.clock()
        with self._lock:
            if len(self._failures) >= _MAX_TRACKED:
                self._prune(now)
            times = self._failures.setdefault(key, deque(maxlen=self.limit))
            self._expire(times, now)
            if len(times) >= self.limit:
                raise LookupsExceededError(max(1, math.ceil(times[0] + self.window_s - now)))
            times.append(now)

    def _expire(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window_s:
            times.popleft()

    def _prune(self, now: float) -> None:
        """Forget keys with no failure in the window; if that is not enough, forget everything."""
        for key in [
            k for k, times in self._failures.items() if not times or times[-1] <= now - self.window_s
        ]:
            del self._failures[key]
        if len(self._failures) >= _MAX_TRACKED:
            self._failures.clear()


def limiter_of(request: Request) -> FailureLimiter:
    """The app's limiter (one per app, made by ``create_app`` from the platform's settings)."""
    limiter: FailureLimiter = request.app.state.auth_failures
    return limiter


def guarded_authenticate(request: Request, platform: Platform, presented: str | None) -> Principal:
    """``authenticate``, refused with 429 while the address or key prefix is over its failure limit.

    A request with no key at all is not an attempt (it is answered 401 and not counted).
    """
    if not presented:
        return authenticate(platform.store, platform.secret, presented)
    limiter = limiter_of(request)
    keys = attempt_keys(client_address(request, platform.settings), presented)
    limiter.check(keys)
    try:
        return authenticate(platform.store, platform.secret, presented)
    except UnauthenticatedError:
        limiter.fail(keys)
        raise


def metered(request: Request, who: Principal) -> Principal:
    """Count a lookup against the caller's key (``lookup_limit`` per ``lookup_window_s``): a partner
    key cannot enumerate the shared lists by brute force, and one key's burst does not starve others."""
    limiter: FailureLimiter = request.app.state.lookups
    limiter.take(f"key:{who.key_id}")
    return who
