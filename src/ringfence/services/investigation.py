"""Investigation pivots from a number: its handsets and the other numbers on them, its cells and the
new cards that appeared there, its counterparts, and the ring it belongs to; and the pages a search
lands on (a handset, a cell, a link).

Reads go through the store port only, each pivot an indexed query (migration 0012); the ring's walk is
the pure ``domain.ring.build_ring`` over a ``neighbours`` function defined here, bounded so a busy
cell cannot make the page slow. Links through the activation holder (``id_hash``) are only followed
for roles allowed the one-ID lookup (``Permission.HOLDERS``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

from ringfence.domain.access import Permission, Principal, allowed, needs_mask, require
from ringfence.domain.handsets import handset_id
from ringfence.domain.numbers import normalize
from ringfence.domain.pivots import Counterpart, Sighting, counterparts, new_cards, script_key, url_hosts
from ringfence.domain.privacy import mask_number
from ringfence.domain.ring import Link, LinkKind, Ring, build_ring, cell_links
from ringfence.errors import ConfigError
from ringfence.ports.store import HolderStore, RecordStore

__all__ = [
    "CellView",
    "HandsetView",
    "Investigation",
    "Limits",
    "Shown",
    "UrlView",
    "cell_view",
    "handset_view",
    "investigate",
    "ring_of",
    "shower",
    "url_view",
]

MAX_VALUE = 64
MAX_URL = 300


class _Store(RecordStore, HolderStore, Protocol):
    pass


@dataclass(frozen=True, slots=True)
class Limits:
    """How far pivots reach: bounds that keep every page fast on a giant component."""

    records: int = 500  # the number's own records read
    per_pivot: int = 50  # numbers listed per handset or cell
    handsets: int = 5
    cells: int = 5
    ring_nodes: int = 30
    ring_depth: int = 2
    ring_links: int = 20  # links followed from each number of the ring
    cell_window: timedelta = timedelta(hours=2)  # "in the same cell at the same time"
    recent: timedelta = timedelta(days=3)  # a card first seen within this is new
    scripts: int = 2  # SMS scripts and link hosts of the number followed (each a scan of SMS texts)


@dataclass(frozen=True, slots=True)
class Shown:
    """A number as the viewer may see it, and where a link goes (empty: not linked)."""

    value: str
    target: str


@dataclass
class Pivot:
    value: str  # the IMEI or cell
    records: int  # the number's own records there
    numbers: list[tuple[Shown, Sighting]] = field(default_factory=list)  # the other numbers there
    new: list[tuple[Shown, Sighting]] = field(default_factory=list)  # new cards (cells only)


@dataclass
class Investigation:
    number: str
    shown: Shown
    handsets: list[Pivot]
    cells: list[Pivot]
    counterparts: list[tuple[Shown, Counterpart]]
    ring: Ring
    labels: dict[str, Shown]  # ring node -> as shown
    reference: datetime | None  # the time "new" was measured from


@dataclass
class HandsetView:
    imei: str
    numbers: list[tuple[Shown, Sighting]]


@dataclass
class CellView:
    cell: str
    numbers: list[tuple[Shown, Sighting]]
    new: list[tuple[Shown, Sighting]]
    reference: datetime | None


@dataclass
class UrlView:
    needle: str
    senders: list[tuple[Shown, int]]
    messages: list[dict[str, Any]]


def shower(principal: Principal) -> Any:
    """How ``principal`` sees a number: masked, and not linked, for roles that need not see it."""
    masked = needs_mask(principal, principal.org)

    def show(n: str) -> Shown:
        return Shown(mask_number(n), "") if masked else Shown(n, n)

    return show


def _checked(kind: str, value: str, most: int = MAX_VALUE) -> str:
    value = value.strip()
    if not value or len(value) > most:
        raise ConfigError(f"a {kind} has 1 to {most} characters")
    return value


def _reference(now: datetime, sightings: list[Sighting]) -> datetime:
    """Where "recent" is measured from: ``now``, or the place's last activity if that is earlier (a
    replayed or archived data set would otherwise have no new card at all)."""
    latest = max((s.last for s in sightings), default=now)
    return min(now, latest)


def handset_view(store: _Store, principal: Principal, imei: str, limits: Limits = Limits()) -> HandsetView:
    require(principal, Permission.VIEW)
    # Records hold the handset's 15-digit IMEI (``handsets.handset_id``): an IMEISV typed from a VoLTE
    # record finds the same phone.
    handset = handset_id(_checked("handset id (IMEI)", imei))
    if handset is None:
        raise ConfigError(f"{imei.strip()} is a placeholder written for an unknown handset, not a handset id")
    imei = handset
    show = shower(principal)
    found = store.sightings(principal.org, "imei", imei, limits.per_pivot)
    return HandsetView(imei, [(show(s.number), s) for s in found])


def _new_here(
    store: _Store, org: str, found: list[Sighting], now: datetime, limits: Limits
) -> tuple[list[Sighting], datetime | None]:
    if not found:
        return [], None
    reference = _reference(now, found)
    firsts = store.first_records(org, [s.number for s in found])
    return new_cards(found, firsts, reference, limits.recent), reference


def cell_view(
    store: _Store, principal: Principal, cell: str, now: datetime, limits: Limits = Limits()
) -> CellView:
    require(principal, Permission.VIEW)
    cell = _checked("cell id", cell)
    show = shower(principal)
    found = store.sightings(principal.org, "cell", cell, limits.per_pivot)
    new, reference = _new_here(store, principal.org, found, now, limits)
    return CellView(cell, [(show(s.number), s) for s in found], [(show(s.number), s) for s in new], reference)


def url_view(store: _Store, principal: Principal, needle: str, limit: int = 200) -> UrlView:
    """The SMS carrying a link (or a domain: any link on it) and the numbers that sent them."""
    require(principal, Permission.VIEW)
    needle = _checked("link or domain", needle, MAX_URL)
    for scheme in ("https://", "http://"):
        if needle.lower().startswith(scheme):
            needle = needle[len(scheme) :]
    show = shower(principal)
    messages = store.messages_containing(principal.org, needle, limit)
    counts: dict[str, int] = {}
    for m in messages:
        counts[m["sender"]] = counts.get(m["sender"], 0) + 1
    senders = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown_messages = [
        {**m, "sender_shown": show(m["sender"]), "receiver_shown": show(m["receiver"])} for m in messages
    ]
    return UrlView(needle, [(show(n), k) for n, k in senders], shown_messages)


class _Neighbours:
    """The links of a number, read from the store on demand, each handset and cell once per walk.

    The start number is followed through every kind of link; the numbers it leads to only through
    handsets and activation holders, which identify a farm's cards. A busy cell or a common script
    followed from every number would pull in half a city and cost a scan per number.
    """

    def __init__(self, store: _Store, principal: Principal, limits: Limits, start: str) -> None:
        self.store, self.org, self.limits, self.start = store, principal.org, limits, start
        self.holders = allowed(principal.role, Permission.HOLDERS)
        self._sightings: dict[tuple[str, str], list[Sighting]] = {}
        self._cards: dict[str, list[str]] = {}  # id_hash -> the organisation's numbers of the holder

    def sightings(self, kind: str, value: str) -> list[Sighting]:
        key = (kind, value)
        if key not in self._sightings:
            self._sightings[key] = self.store.sightings(self.org, kind, value, self.limits.per_pivot)
        return self._sightings[key]

    def cards(self, id_hash: str) -> list[str]:
        if id_hash not in self._cards:
            frame = self.store.holder_cards(id_hash)
            self._cards[id_hash] = [str(n) for n in frame.filter(frame["org"] == self.org)["number"]]
        return self._cards[id_hash]

    def __call__(self, number: str) -> Iterator[Link]:
        lim = self.limits
        # the start's records in depth; of the others, enough to know their handsets
        calls = self.store.calls_of(self.org, number, lim.records if number == self.start else 100)
        mine = [c for c in calls if c["caller"] == number]
        for imei in _most_common((c.get("caller_imei") for c in mine), lim.handsets):
            for s in self.sightings("imei", imei):
                if s.number != number:
                    yield Link(s.number, LinkKind.HANDSET, imei)
        if self.holders:
            id_hash = self.store.holder_of(self.org, number)
            if id_hash:
                for other in self.cards(id_hash):
                    if other != number:
                        yield Link(other, LinkKind.HOLDER, id_hash)
        if number != self.start:
            return
        yield from self._texts(number)
        spans = _spans(calls, number)
        for cell in _most_common((c.get("caller_cell") for c in mine), lim.cells):
            yield from cell_links(cell, spans[cell], self.sightings("cell", cell), lim.cell_window)

    def _texts(self, number: str) -> Iterator[Link]:
        """Senders of the same links (by host) and the same scripts as the number's own SMS."""
        lim = self.limits
        texts = [m for m in self.store.messages_of(self.org, number, lim.records) if m["sender"] == number]
        for host in _most_common((h for m in texts for h in url_hosts(m.get("text") or "")), lim.scripts):
            for m in self.store.messages_containing(self.org, host, lim.per_pivot):
                if m["sender"] != number:
                    yield Link(str(m["sender"]), LinkKind.URL, host)
        for text in _most_common((script_key(m.get("text") or "") for m in texts), lim.scripts):
            probe = _probe(text)
            if not probe:
                continue
            for m in self.store.messages_containing(self.org, probe, lim.per_pivot):
                if m["sender"] != number and script_key(m.get("text") or "") == text:
                    yield Link(str(m["sender"]), LinkKind.SCRIPT, text[:40])


def _most_common(values: Any, limit: int) -> list[str]:
    counts: dict[str, int] = {}
    for v in values:
        if v:
            counts[str(v)] = counts.get(str(v), 0) + 1
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]]


def _probe(script: str) -> str:
    """The longest digit-free stretch of a script: what the store is asked for (texts that contain it
    are then compared script to script)."""
    parts = sorted((p.strip() for p in script.split("#")), key=len, reverse=True)
    return parts[0] if parts and len(parts[0]) >= 8 else ""


def _spans(calls: list[dict[str, Any]], number: str) -> dict[str, Sighting]:
    """The number's own span of activity per cell (first to last call placed there)."""
    out: dict[str, Sighting] = {}
    for c in calls:
        cell = c.get("caller_cell")
        if c["caller"] != number or not cell:
            continue
        at = c["start_time"]
        s = out.get(cell)
        out[cell] = (
            Sighting(number, 1, at, at)
            if s is None
            else Sighting(number, s.records + 1, min(s.first, at), max(s.last, at))
        )
    return out


def ring_of(
    store: _Store,
    principal: Principal,
    raw: str,
    limits: Limits = Limits(),
    _reads: _Neighbours | None = None,
) -> Ring:
    """The ring ``raw`` belongs to, walked breadth first within ``limits``."""
    require(principal, Permission.VIEW)
    number = normalize(raw)
    return build_ring(
        number,
        _reads or _Neighbours(store, principal, limits, number),
        max_nodes=limits.ring_nodes,
        max_depth=limits.ring_depth,
        max_links=limits.ring_links,
    )


def investigate(
    store: _Store, principal: Principal, raw: str, now: datetime, limits: Limits = Limits()
) -> Investigation:
    """Every pivot of a number for one page; "new" cards are measured back from ``now`` (or from the
    cell's last activity when that is earlier)."""
    require(principal, Permission.VIEW)
    number = normalize(raw)
    org = principal.org
    show = shower(principal)
    reads = _Neighbours(store, principal, limits, number)
    calls = store.calls_of(org, number, limits.records)
    mine = [c for c in calls if c["caller"] == number]
    handsets: list[Pivot] = []
    for imei in _most_common((c.get("caller_imei") for c in mine), limits.handsets):
        found = reads.sightings("imei", imei)
        own = next((s.records for s in found if s.number == number), 0)
        others = [(show(s.number), s) for s in found if s.number != number]
        handsets.append(Pivot(imei, own, others))
    cells: list[Pivot] = []
    reference: datetime | None = None
    spans = _spans(calls, number)
    for cell in _most_common((c.get("caller_cell") for c in mine), limits.cells):
        found = reads.sightings("cell", cell)
        new, ref = _new_here(store, org, found, now, limits)
        reference = ref if reference is None or (ref is not None and ref > reference) else reference
        others = [(show(s.number), s) for s in found if s.number != number]
        cells.append(
            Pivot(cell, spans[cell].records, others, [(show(s.number), s) for s in new if s.number != number])
        )
    ring = ring_of(store, principal, number, limits, reads)
    return Investigation(
        number=number,
        shown=show(number),
        handsets=handsets,
        cells=cells,
        counterparts=[(show(p.number), p) for p in counterparts(number, calls)],
        ring=ring,
        labels={n.number: show(n.number) for n in ring.nodes},
        reference=reference,
    )
