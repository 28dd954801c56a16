"""The risk snapshot screening reads, and the holder that swaps it atomically on refresh.

A snapshot is immutable and indexed for the decision path: everything known about a calling number
(blacklist reason, tag, score, trusted trunks, inbound-only, marketing) sits in one ``CallerEntry``
behind one dict lookup of its canonical number, so a call from an unknown number, the vast majority,
costs a single miss. Refreshing builds a whole new snapshot and swaps one reference: a call in flight
sees either the old or the new snapshot, never a mix.

Live snapshots from the store (``ringfence.screening.live``) are the one exception: their ``callers``
is a read-only view of a dict the refresher updates entry by entry (each entry replaced whole), so a
change costs one entry, not a copy of millions; a call sees every entry as of at least its version.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ringfence.domain.numbers import NumberKind, classify

__all__ = ["CallerEntry", "RiskSnapshot", "SnapshotBuilder", "SnapshotHolder", "canonical"]


@dataclass(frozen=True, slots=True)
class CallerEntry:
    """What the snapshot knows about one calling number."""

    blacklist: str | None = None  # reason it is blacklisted
    tag: str | None = None  # label text shared by tagging partners (骚扰电话, 诈骗电话, ...)
    score: float | None = None  # detection / model risk score in [0, 1]
    trusted_trunks: frozenset[str] | None = None  # enterprise number: the only trunks it may come from
    inbound_only: bool = False  # never places calls (hotlines that only receive)
    marketing: bool = False  # a known marketing caller (for the do-not-call register)
    evidence: str = ""  # rules and models behind the score, for the verdict's explanation
    # live screening from the store (``ringfence.screening.live``); file snapshots leave these unset
    disposition: str | None = None  # the organisation's disposition state with a screening effect
    disposed_block: bool = False  # that state bars the number (restricted, suspended, ...); else a label
    shared_blacklist: str | None = None  # on another organisation's shared blacklist (why, and whose)
    restricted_holder: str | None = None  # its holder is restricted for fraud (涉诈失信): by whom, why
    display_name: str | None = None  # trusted enterprise number: the name to show on its own trunks
    # a tag of the global view (``ringfence.intel.tags``): its confidence in the organisation's view,
    # which the organisation's policy compares with its threshold; None for a plain tag (always shown)
    tag_confidence: float | None = None


_EMPTY_CALLERS: Mapping[str, CallerEntry] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class RiskSnapshot:
    """Everything screening knows beyond the numbering plan, keyed by canonical number.

    ``roaming`` is None when no roaming list was supplied (then +86 mobiles from abroad cannot be told
    from forgeries); ``built_at`` (Unix seconds) is None for a snapshot that cannot go stale (the empty
    cold snapshot).
    """

    version: str = "empty"
    built_at: float | None = None
    callers: Mapping[str, CallerEntry] = field(default_factory=lambda: _EMPTY_CALLERS)
    # Sets of callees: frozensets when built here, mapped sets when read from a published file
    # (``adapters.snapshot_mmap``); screening only asks membership.
    protected: AbstractSet[str] = frozenset()  # callees with stricter thresholds (the elderly)
    do_not_call: AbstractSet[str] = frozenset()  # callees registered against marketing calls
    roaming: AbstractSet[str] | None = None  # +86 mobiles known to be abroad right now

    @classmethod
    def empty(cls) -> RiskSnapshot:
        """The cold snapshot: no lists, never stale. Numbering-plan rules still apply."""
        return _EMPTY

    def is_stale(self, now: float, max_age_s: float | None) -> bool:
        return max_age_s is not None and self.built_at is not None and now - self.built_at > max_age_s

    @property
    def size(self) -> int:
        return len(self.callers) + len(self.protected) + len(self.do_not_call) + len(self.roaming or ())


_EMPTY = RiskSnapshot()


def canonical(raw: str) -> str | None:
    """The key a number is stored under, or None for a number no call could present validly."""
    info = classify(raw)
    if info.kind is NumberKind.IRREGULAR:
        return None
    return info.normalized


class SnapshotBuilder:
    """Accumulates lists from any source into one snapshot; numbers are canonicalised on the way in.

    Irregular numbers are counted in ``skipped`` rather than stored: no presented number can ever look
    them up, since a presented irregular number is caught by the numbering-plan rule first.
    """

    def __init__(self, version: str = "unversioned", built_at: float | None = None) -> None:
        self.version = version
        self.built_at = built_at
        self._callers: dict[str, CallerEntry] = {}
        self._protected: set[str] = set()
        self._dnc: set[str] = set()
        self._roaming: set[str] | None = None
        self.skipped = 0

    def _update(self, raw: str, **changes: object) -> None:
        key = canonical(raw)
        if key is None:
            self.skipped += 1
            return
        entry = self._callers.get(key, _NO_ENTRY)
        self._callers[key] = replace(entry, **changes)  # type: ignore[arg-type]

    def blacklist(self, number: str, reason: str = "blacklisted") -> None:
        self._update(number, blacklist=reason or "blacklisted")

    def tag(self, number: str, tag: str, confidence: float | None = None) -> None:
        self._update(number, tag=tag, tag_confidence=confidence)

    def score(self, number: str, score: float, evidence: str = "") -> None:
        """Keep the highest score seen for a number (detection and model may both score it)."""
        key = canonical(number)
        if key is None:
            self.skipped += 1
            return
        value = min(max(float(score), 0.0), 1.0)
        entry = self._callers.get(key, _NO_ENTRY)
        if entry.score is None or value > entry.score:
            self._callers[key] = replace(entry, score=value, evidence=evidence or entry.evidence)

    def disposed(self, number: str, state: str, block: bool) -> None:
        """The organisation's disposition of the number (exported from the store for offline use)."""
        self._update(number, disposition=state, disposed_block=block)

    def shared_blacklist(self, number: str, reason: str) -> None:
        self._update(number, shared_blacklist=reason or "blacklisted")

    def restricted_holder(self, number: str, reason: str) -> None:
        self._update(number, restricted_holder=reason or "holder restricted for fraud")

    def include(self, callers: Mapping[str, CallerEntry]) -> None:
        """Start from entries someone else derived (a live snapshot), keyed canonically already;
        whatever is added afterwards changes them field by field."""
        for key, entry in callers.items():
            self._callers[key] = entry

    def trusted(self, number: str, trunks: Iterable[str], display_name: str | None = None) -> None:
        key = canonical(number)
        if key is None:
            self.skipped += 1
            return
        entry = self._callers.get(key, _NO_ENTRY)
        merged = frozenset(t.strip() for t in trunks if t.strip()) | (entry.trusted_trunks or frozenset())
        self._callers[key] = replace(
            entry, trusted_trunks=merged, display_name=display_name or entry.display_name
        )

    def inbound_only(self, number: str) -> None:
        self._update(number, inbound_only=True)

    def marketing(self, number: str) -> None:
        self._update(number, marketing=True)

    def _callee(self, target: set[str], number: str) -> None:
        key = canonical(number)
        if key is None:
            self.skipped += 1
        else:
            target.add(key)

    def protect(self, number: str) -> None:
        self._callee(self._protected, number)

    def do_not_call(self, number: str) -> None:
        self._callee(self._dnc, number)

    def roaming(self, number: str) -> None:
        if self._roaming is None:
            self._roaming = set()
        self._callee(self._roaming, number)

    def supply_roaming_list(self) -> None:
        """Mark the roaming list as supplied even if it is empty (nobody abroad)."""
        if self._roaming is None:
            self._roaming = set()

    def build(self) -> RiskSnapshot:
        return RiskSnapshot(
            version=self.version,
            built_at=self.built_at,
            callers=MappingProxyType(dict(self._callers)),
            protected=frozenset(self._protected),
            do_not_call=frozenset(self._dnc),
            roaming=None if self._roaming is None else frozenset(self._roaming),
        )


_NO_ENTRY = CallerEntry()


class SnapshotHolder:
    """The one mutable cell of the hot path: a reference to the current snapshot.

    Readers take ``current`` without a lock (a reference read is atomic in CPython and the snapshot is
    immutable); writers serialise on a lock so that concurrent refreshes cannot interleave. ``None``
    means a snapshot was configured but could not be loaded: screening then applies the policy's fail
    mode.
    """

    __slots__ = ("_lock", "_snapshot")

    def __init__(self, snapshot: RiskSnapshot | None = None) -> None:
        self._snapshot = snapshot
        self._lock = threading.Lock()

    @property
    def current(self) -> RiskSnapshot | None:
        return self._snapshot

    def swap(self, snapshot: RiskSnapshot | None) -> RiskSnapshot | None:
        """Install ``snapshot`` and return the one it replaced."""
        with self._lock:
            old, self._snapshot = self._snapshot, snapshot
        return old
