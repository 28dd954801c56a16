"""The streaming engine: the same features, updated record by record.

Records may arrive out of order by up to ``allowed_lateness`` seconds: they wait in a buffer until
the watermark (latest event time seen minus the lateness) has passed their second, and are then
processed in ``(t, seq)`` order, one second at a time — all events of a second are applied before any
is evaluated, which is the tie-inclusive semantics the batch engine implements. A record older than
the watermark is *late*: it is returned to the caller for quarantine, never merged.
"""

from __future__ import annotations

import copy
import heapq
from collections import defaultdict, deque
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from ringfence.detect.events import IN, OUT, Event
from ringfence.detect.features import (
    BASE_FEATURES,
    BRIDGE_MIN_S,
    BRIDGE_WINDOW_S,
    HANDSET_CELLS_CAP,
    MEASURES,
    NEW_CARD_DAYS,
    bridged,
    callback,
    derive,
    dialled_value,
    handset_use,
    key_attributes,
    sequential,
    shared_handset,
)

__all__ = ["Evaluated", "StreamingFeatures"]

#: The declared features as plain tuples (name, agg, window, measure, value): read at every event.
_BASE = tuple((f.name, f.agg, f.window, f.measure, f.value) for f in BASE_FEATURES)
_SIMPLE_MEASURES = tuple((name, m.fn) for name, m in MEASURES.items() if m.fn is not None)


@lru_cache(maxsize=1 << 16)
def _attributes(key: str) -> tuple[tuple[str, float], ...]:
    """``key_attributes`` of a number (the numbering plan, once per number while it is busy)."""
    return tuple(key_attributes(key).items())


@dataclass(frozen=True, slots=True)
class Evaluated:
    """An event with the feature values it saw."""

    event: Event
    features: dict[str, float]


@dataclass
class _KeyState:
    windows: dict[str, deque[tuple[int, float]]] = field(default_factory=dict)
    window_sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    sums: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    maxes: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    seen: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    first_out: dict[str, int] = field(default_factory=dict)
    called_back: set[str] = field(default_factory=set)
    last_callee: str | None = None
    last_t: int = 0  # event time of the key's latest event (idle keys expire by it)
    contacts: dict[str, int] = field(default_factory=dict)  # counterpart -> first call either way
    callers: set[str] = field(default_factory=set)  # numbers that have called this one
    imeis: dict[str, int] = field(default_factory=dict)  # handset -> first call placed from it
    # Answered calls received in the last ``BRIDGE_WINDOW_S`` s that a placed call could bridge:
    # (start, duration, from abroad, caller), oldest first.
    received: deque[tuple[int, int, bool, str]] = field(default_factory=deque)

    def __setstate__(self, state: dict[str, object]) -> None:
        """A state checkpointed before contacts (or received calls) were kept starts them empty."""
        self.__dict__.update({"contacts": {}, "callers": set(), "imeis": {}, "received": deque(), **state})

    def bridges(self, e: Event, upstream: set[str], own: bool = True) -> bool:
        """``features.bridged`` at a placed call (this number's, ``own``, or another's on a handset
        it used): whether it bridges one of this number's received calls; the callers of those from
        abroad are added to ``upstream``. At its own call, drops the received calls no call can bridge
        any more (events are processed in time order; another number's state is left as it is, which
        a fork shares)."""
        received = self.received
        while own and received and received[0][0] < e.t - BRIDGE_WINDOW_S:
            received.popleft()
        some = False
        for start, duration, intl, caller in received:
            if bridged(e.t, e.duration, start, duration):
                some = True
                if intl:
                    upstream.add(caller)
        return some

    def clone(self) -> _KeyState:
        """A copy sharing nothing mutable (``copy.deepcopy``'s result, several times faster)."""
        return _KeyState(
            {k: deque(v) for k, v in self.windows.items()},
            defaultdict(float, self.window_sums),
            defaultdict(float, self.sums),
            defaultdict(float, self.maxes),
            defaultdict(set, {k: set(v) for k, v in self.seen.items()}),
            dict(self.first_out),
            set(self.called_back),
            self.last_callee,
            self.last_t,
            dict(self.contacts),
            set(self.callers),
            dict(self.imeis),
            deque(self.received),
        )


def _sequential(previous: str | None, callee: str) -> bool:
    """``features.sequential`` of a placed call to ``callee`` after one to ``previous``."""
    if previous is None:
        return False
    value, before = dialled_value(callee), dialled_value(previous)
    return value is not None and before is not None and sequential(value, len(callee), before, len(previous))


class StreamingFeatures:
    """Every declared feature at every event, from events pushed in arrival order."""

    def __init__(self, allowed_lateness: int = 3600, roles: Collection[str] | None = None) -> None:
        """``roles``: the events whose feature values are wanted (None: every event); the others
        still update the state, but are not evaluated (rules read only where a number acts)."""
        self.lateness = allowed_lateness
        self.roles = None if roles is None else frozenset(roles)
        self._keys: dict[str, _KeyState] = defaultdict(_KeyState)
        self._handsets: dict[str, dict[str, int]] = defaultdict(dict)  # handset -> number -> first use
        self._repeats: dict[str, set[str]] = defaultdict(set)  # handset -> numbers that used it twice
        self._cells: dict[str, set[str]] = defaultdict(set)
        self._places: dict[str, set[str]] = defaultdict(set)  # handset -> cells it was used in
        self._owners: dict[str, set[str]] = defaultdict(set)  # handset -> holders of its numbers
        # caller -> people relays put its calls from abroad through to -> the second from which it counts
        self._reach: dict[str, dict[str, int]] = {}
        self._last_use: dict[tuple[bool, str], int] = {}  # (is a cell, handset or cell) -> its last event
        self._buffer: list[tuple[int, str, int, Event]] = []
        self._counter = 0
        self._max_t: int | None = None
        self._released: int | None = None  # every second before this one has been processed
        self.previous: dict[str, tuple[str, ...]] = {}  # number -> the holder's earlier numbers (by id)

    def __setstate__(self, state: dict[str, object]) -> None:
        """A state checkpointed before handsets kept first uses: each number on a handset then is
        taken to have used it from the start of time (it did use it before anything to come)."""
        handsets = state.get("_handsets")
        if isinstance(handsets, dict) and any(isinstance(v, set) for v in handsets.values()):
            state["_handsets"] = defaultdict(
                dict, {h: dict.fromkeys(v, 0) if isinstance(v, set) else v for h, v in handsets.items()}
            )
        # A state from before second uses, the cells of handsets or their holders were kept counts them
        # from the restart.
        fresh: dict[str, object] = {
            "previous": {},
            "_repeats": defaultdict(set),
            "_places": defaultdict(set),
            "_owners": defaultdict(set),
            "_reach": {},
        }
        self.__dict__.update({**fresh, **state})

    def set_previous(self, pairs: Iterable[tuple[str, str]]) -> None:
        """The holder's earlier numbers by identity (``acquaintance.previous_by_identity``): subscriber
        facts, given again at every start."""
        previous: dict[str, list[str]] = defaultdict(list)
        for key, earlier in pairs:
            previous[key].append(earlier)
        self.previous = {k: tuple(v) for k, v in previous.items()}

    @property
    def watermark(self) -> int | None:
        return None if self._max_t is None else self._max_t - self.lateness

    def push(self, events: Iterable[Event]) -> tuple[list[Evaluated], list[Event]]:
        """Accept events in arrival order. Returns (evaluated events now final, late events)."""
        late: list[Event] = []
        for e in events:
            mark = self.watermark
            if mark is not None and e.t < mark:
                late.append(e)
                continue
            self._counter += 1
            heapq.heappush(self._buffer, (e.t, e.seq, self._counter, e))
            self._max_t = e.t if self._max_t is None else max(self._max_t, e.t)
        mark = self.watermark
        return list(self._release(lambda t: mark is not None and t < mark)), late

    def flush(self) -> list[Evaluated]:
        """End of input: process everything still buffered."""
        return list(self._release(lambda t: True))

    # -- driven by a caller that decides lateness itself (``ringfence.detect.incremental``) ----------
    def add(self, events: Iterable[Event]) -> list[Event]:
        """Buffer events the caller found on time; returns those older than a second already
        processed (they can no longer be merged in event order)."""
        behind: list[Event] = []
        for e in events:
            if self._released is not None and e.t < self._released:
                behind.append(e)
                continue
            self._counter += 1
            heapq.heappush(self._buffer, (e.t, e.seq, self._counter, e))
            self._max_t = e.t if self._max_t is None else max(self._max_t, e.t)
        return behind

    def release(self, before: int | None) -> list[Evaluated]:
        """Process every buffered second before ``before`` (None: all of them)."""
        out = list(self._release(lambda t: before is None or t < before))
        if before is not None:
            self._released = before if self._released is None else max(self._released, before)
        elif self._max_t is not None:
            self._released = self._max_t + 1
        return out

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    @property
    def active_keys(self) -> int:
        return len(self._keys)

    def fork(self) -> StreamingFeatures:
        """A copy to flush without touching this engine (a provisional result): only what the
        buffered events can change is copied (their keys, handsets and cells), the rest shared."""
        other = copy.copy(self)
        buffered = [entry[3] for entry in self._buffer]
        other._buffer = list(self._buffer)
        other._keys = copy.copy(self._keys)
        for k in {e.key for e in buffered}:
            if k in self._keys:
                other._keys[k] = self._keys[k].clone()
        other._handsets = copy.copy(self._handsets)
        other._repeats = copy.copy(self._repeats)
        other._places = copy.copy(self._places)
        other._owners = copy.copy(self._owners)
        for i in {e.imei for e in buffered if e.imei is not None}:
            if i in self._handsets:
                other._handsets[i] = dict(self._handsets[i])
            if i in self._repeats:
                other._repeats[i] = set(self._repeats[i])
            if i in self._places:
                other._places[i] = set(self._places[i])
            if i in self._owners:
                other._owners[i] = set(self._owners[i])
        other._last_use = dict(self.__dict__.get("_last_use", {}))
        other._reach = {caller: dict(reach) for caller, reach in self._reach.items()}
        other._cells = copy.copy(self._cells)
        for c in {e.cell for e in buffered if e.cell is not None}:
            if c in self._cells:
                other._cells[c] = set(self._cells[c])
        return other

    def buffered_keys(self) -> set[str]:
        return {entry[3].key for entry in self._buffer}

    def expire(self, before: int) -> int:
        """Forget the state of keys with no event at or after ``before`` (event time), and handsets and
        cells not used since: bounds memory by what was active recently. A key that comes back starts
        afresh (as if first seen); a handset or cell, with no numbers counted on it."""
        idle = [k for k, st in self._keys.items() if st.last_t < before]
        for k in idle:
            del self._keys[k]
            self._reach.pop(k, None)  # a caller forgotten starts afresh
        last_use = self.__dict__.setdefault("_last_use", {})  # absent from checkpoints before it
        unused = [k for k, t in last_use.items() if t < before]
        for is_cell, name in unused:
            del last_use[(is_cell, name)]
            (self._cells if is_cell else self._handsets).pop(name, None)
            if not is_cell:
                self._repeats.pop(name, None)
                self._places.pop(name, None)
                self._owners.pop(name, None)
        return len(idle)

    def _release(self, ready: object) -> Iterator[Evaluated]:
        assert callable(ready)
        while self._buffer and ready(self._buffer[0][0]):
            t = self._buffer[0][0]
            group: list[Event] = []
            while self._buffer and self._buffer[0][0] == t:
                group.append(heapq.heappop(self._buffer)[3])
            yield from self._process_second(t, group)

    # -- one second of events ---------------------------------------------------------------------
    def _process_second(self, t: int, group: list[Event]) -> list[Evaluated]:
        for e in group:  # handsets in use by the end of the second (tie-inclusive)
            if e.role == OUT and e.imei is not None and handset_use(e.other):
                users = self._handsets[e.imei]
                if e.key in users:  # its second use (or a later one), this second or before
                    self._repeats[e.imei].add(e.key)
                else:
                    users[e.key] = t
                self._owners[e.imei].add(e.key if e.holder is None else e.holder)
                cells_used = self._places[e.imei]
                if e.cell is not None and len(cells_used) < HANDSET_CELLS_CAP:
                    cells_used.add(e.cell)
                self._keys[e.key].imeis.setdefault(e.imei, t)
        # Numbers per handset and those that used it twice, at each placed call that uses one: final
        # for the second once its uses are in.
        at_handset = [self._handset_counts(e) for e in group]
        measures: list[dict[str, float]] = []
        last_use = self.__dict__.setdefault("_last_use", {})
        for e, (handset, *_) in zip(group, at_handset, strict=True):
            st = self._keys[e.key]
            st.last_t = t
            values = {name: fn(e) for name, fn in _SIMPLE_MEASURES}
            values["sequential"] = 0.0
            values["callback"] = 0.0
            values["known"] = values["tied"] = 0.0
            values["bridged"] = values["bridged_intl"] = 0.0
            values["shared_handset"] = float(e.role == OUT and shared_handset(int(handset)))
            if e.role == OUT:
                if e.card_age_days is not None and e.card_age_days < NEW_CARD_DAYS and e.other != e.key:
                    values["known"] = float(self._known(st, e))
                    values["tied"] = float(self._tied(st, e))
                values["sequential"] = float(_sequential(st.last_callee, e.other))
                if e.duration >= BRIDGE_MIN_S:
                    some, abroad = self._bridges(st, e, t)
                    values["bridged"], values["bridged_intl"] = float(some), float(abroad)
                st.last_callee = e.other
                st.first_out.setdefault(e.other, e.t)
                if e.imei is not None:
                    last_use[(False, e.imei)] = t
                if e.cell is not None and e.card_age_days is not None and e.card_age_days < NEW_CARD_DAYS:
                    self._cells[e.cell].add(e.key)
                    last_use[(True, e.cell)] = t
            elif e.role == IN:
                if e.duration >= BRIDGE_MIN_S:  # kept a minute: dropped here or at the next call placed
                    while st.received and st.received[0][0] < e.t - BRIDGE_WINDOW_S:
                        st.received.popleft()
                    st.received.append((e.t, e.duration, e.origin == "international", e.other))
                first = st.first_out.get(e.other)
                if first is not None and callback(e.t, first) and e.other not in st.called_back:
                    st.called_back.add(e.other)
                    values["callback"] = 1.0
            self._apply(st, e, values)
            measures.append(values)
        for e in group:  # contacts count from the next second on (strictly before a call)
            if e.role in (OUT, IN) and e.other != e.key:
                st = self._keys[e.key]
                st.contacts.setdefault(e.other, t)
                if e.role == IN:
                    st.callers.add(e.other)
        cross: list[tuple[float, float, float, float, float]] = []
        for e, (handset, repeat, places, owners) in zip(group, at_handset, strict=True):
            st = self._keys[e.key]
            new_in_cell = 0.0
            if (
                e.role == OUT
                and e.cell is not None
                and e.card_age_days is not None
                and e.card_age_days < NEW_CARD_DAYS
            ):
                new_in_cell = float(len(self._cells[e.cell]))
            st.maxes["handset.numbers"] = max(st.maxes["handset.numbers"], handset)
            st.maxes["cell.new_cards"] = max(st.maxes["cell.new_cards"], new_in_cell)
            st.maxes["handset.repeat_numbers"] = max(st.maxes["handset.repeat_numbers"], repeat)
            st.maxes["handset.cells"] = max(st.maxes["handset.cells"], places)
            st.maxes["handset.holders"] = max(st.maxes["handset.holders"], owners)
            cross.append((handset, new_in_cell, repeat, places, owners))
        reached = [self._reach_of(e, t) for e in group]
        for e, reach in zip(group, reached, strict=True):
            st = self._keys[e.key]
            st.maxes["relayed.reach"] = max(st.maxes["relayed.reach"], reach)
        out: list[Evaluated] = []
        for e, (handset, new_in_cell, repeat, places, owners), reach in zip(
            group, cross, reached, strict=True
        ):
            if self.roles is not None and e.role not in self.roles:
                continue
            st = self._keys[e.key]
            values = self._values(st, t)
            values["handset.numbers"] = handset
            values["cell.new_cards"] = new_in_cell
            values["number.max(handset.numbers)@all"] = st.maxes["handset.numbers"]
            values["number.max(cell.new_cards)@all"] = st.maxes["cell.new_cards"]
            values["handset.repeat_numbers"] = repeat
            values["number.max(handset.repeat_numbers)@all"] = st.maxes["handset.repeat_numbers"]
            values["handset.cells"] = places
            values["number.max(handset.cells)@all"] = st.maxes["handset.cells"]
            values["handset.holders"] = owners
            values["number.max(handset.holders)@all"] = st.maxes["handset.holders"]
            values["relayed.reach"] = reach
            values["number.max(relayed.reach)@all"] = st.maxes["relayed.reach"]
            if e.card_age_days is not None:
                values["number.card_age_days"] = e.card_age_days
            if e.holder_cards is not None:
                values["number.holder_cards"] = float(e.holder_cards)
            values.update(_attributes(e.key))
            out.append(Evaluated(e, derive(values)))
        return out

    def _bridges(self, st: _KeyState, e: Event, t: int) -> tuple[bool, bool]:
        """``features.bridged`` at a placed call: against the number's own received calls, then
        those of the numbers that had placed calls from the call's handset before this second. The
        callers of the calls from abroad it bridged reach its callee from the next second on
        (``relayed.reach``)."""
        upstream: set[str] = set()
        some = st.bridges(e, upstream) if st.received else False
        users = self._handsets.get(e.imei) if e.imei is not None else None
        for number, first in (users or {}).items():
            linked = self._keys.get(number) if number != e.key and first < t else None
            if linked is not None and linked.received:
                some = linked.bridges(e, upstream, own=False) or some
        for caller in upstream:  # in time order: the first is the earliest
            self._reach.setdefault(caller, {}).setdefault(e.other, t + 1)
        return some, bool(upstream)

    def _reach_of(self, e: Event, t: int) -> float:
        """``relayed.reach`` at an event: at a placed call, the people relays had put its number's
        calls from abroad through to by this second (0 elsewhere)."""
        if e.role != OUT:
            return 0.0
        reach = self._reach.get(e.key)
        return float(sum(1 for first in reach.values() if first <= t)) if reach else 0.0

    def _handset_counts(self, e: Event) -> tuple[float, float, float, float]:
        """``handset.numbers``, ``handset.repeat_numbers``, ``handset.cells`` and ``handset.holders``
        at an event (0 unless it is a placed call that uses a known handset: ``features.handset_use``)."""
        if e.role != OUT or e.imei is None or not handset_use(e.other):
            return 0.0, 0.0, 0.0, 0.0
        return (
            float(len(self._handsets[e.imei])),
            float(len(self._repeats.get(e.imei, ()))),
            float(len(self._places.get(e.imei, ()))),
            float(len(self._owners.get(e.imei, ()))),
        )

    def _known(self, st: _KeyState, e: Event) -> bool:
        """``acquaintance``'s ``known``: the callee had called a previous number of the caller (by
        identity, or by a handset it used before the caller first did) before this second."""
        earlier = list(self.previous.get(e.key, ()))
        for imei, since in st.imeis.items():
            earlier += [p for p, first in self._handsets[imei].items() if first < since and p != e.key]
        for p in earlier:
            state = self._keys.get(p)
            if state is not None and e.other in state.callers:
                return True
        return False

    def _tied(self, st: _KeyState, e: Event) -> bool:
        """``acquaintance``'s ``tied``: another callee (called before this second) had been in contact
        with this callee before this second (contacts are only ever of earlier seconds)."""
        callee = self._keys.get(e.other)
        if callee is None:
            return False
        t, key, y = e.t, e.key, e.other
        if len(callee.contacts) <= len(st.first_out):
            return any(z != key and st.first_out.get(z, t) < t for z in callee.contacts)
        return any(z not in (key, y) and z in callee.contacts for z, a in st.first_out.items() if a < t)

    def _apply(self, st: _KeyState, e: Event, values: dict[str, float]) -> None:
        for name, agg, window, measure, value in _BASE:
            v = values[measure]
            if agg == "sum":
                if window is None:
                    st.sums[name] += v
                elif v:
                    st.windows.setdefault(name, deque()).append((e.t, v))
                    st.window_sums[name] += v
            elif agg == "max":
                st.maxes[name] = max(st.maxes[name], v)
            elif agg == "distinct" and v > 0:
                assert value is not None
                item = getattr(e, value)
                if item is not None:
                    st.seen[name].add(item)

    def _values(self, st: _KeyState, now: int) -> dict[str, float]:
        values: dict[str, float] = {}
        for name, agg, window, _, _ in _BASE:
            if agg == "sum" and window is not None:
                deq = st.windows.get(name)
                if deq:
                    while deq and deq[0][0] <= now - window:
                        st.window_sums[name] -= deq.popleft()[1]
                    if not deq:
                        st.window_sums[name] = 0.0  # no drift once the window empties
                values[name] = st.window_sums[name] if deq else 0.0
            elif agg == "sum":
                values[name] = st.sums[name]
            elif agg == "max":
                values[name] = st.maxes[name]
            else:
                values[name] = float(len(st.seen[name]))
        return values
