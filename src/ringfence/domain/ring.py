"""A fraud ring as a small graph: the numbers linked to one number through shared handsets, shared
cells at the same time, the same activation holder, or the same SMS scripts and links.

Pure: the store is reached only through the ``neighbours`` function the caller passes in, and the walk
is bounded (nodes, depth, links followed per number) so a giant component (a busy cell in a city
centre) cannot hang a page; ``truncated`` says when a bound cut the walk short.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from enum import StrEnum

from ringfence.domain.pivots import Sighting

__all__ = ["Edge", "Link", "LinkKind", "Node", "Ring", "build_ring", "cell_links"]


class LinkKind(StrEnum):
    HANDSET = "handset"  # both used the same IMEI
    CELL = "cell"  # both active in the same cell within the time window
    HOLDER = "holder"  # activated under the same identity (id_hash)
    SCRIPT = "script"  # sent the same SMS script
    URL = "url"  # sent the same link


@dataclass(frozen=True, slots=True)
class Link:
    """One way ``number`` is linked to ``other``: the kind and what they share (an IMEI, a cell…)."""

    other: str
    kind: LinkKind
    via: str


@dataclass(frozen=True, slots=True)
class Node:
    number: str
    depth: int  # 0: the number the walk started from


@dataclass(frozen=True, slots=True)
class Edge:
    a: str
    b: str
    kind: LinkKind
    via: str


@dataclass
class Ring:
    start: str
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    truncated: bool = False

    def kinds(self) -> list[LinkKind]:
        """The kinds of link present, in the enum's order (the legend's)."""
        present = {e.kind for e in self.edges}
        return [k for k in LinkKind if k in present]


def cell_links(cell: str, mine: Sighting, others: Iterable[Sighting], window: timedelta) -> list[Link]:
    """Numbers active in ``cell`` while ``mine``'s number was, give or take ``window``: their spans of
    activity there (first to last record) overlap once each is widened by the window."""
    low, high = mine.first - window, mine.last + window
    return [
        Link(s.number, LinkKind.CELL, cell)
        for s in others
        if s.number != mine.number and s.first <= high and s.last >= low
    ]


def build_ring(
    start: str,
    neighbours: Callable[[str], Iterable[Link]],
    max_nodes: int = 40,
    max_depth: int = 2,
    max_links: int = 25,
) -> Ring:
    """Breadth first from ``start``: every number within ``max_depth`` links, at most ``max_nodes``
    numbers, following at most ``max_links`` links of each number (in the order ``neighbours`` gives
    them). Edges are kept between numbers in the ring only, one per pair, kind and shared value; the
    numbers at ``max_depth`` are not expanded (their links to each other are not drawn)."""
    if max_nodes < 1 or max_depth < 0 or max_links < 1:
        raise ValueError("a ring needs max_nodes >= 1, max_depth >= 0 and max_links >= 1")
    ring = Ring(start, [Node(start, 0)])
    depth = {start: 0}
    seen_edges: set[tuple[str, str, LinkKind, str]] = set()
    frontier = [start]
    while frontier:
        following: list[str] = []
        for number in frontier:
            d = depth[number]
            if d >= max_depth:  # not expanded: its links would only add edges, at a store read each
                continue
            links = list(neighbours(number))
            if len(links) > max_links:
                ring.truncated = True
                links = links[:max_links]
            for link in links:
                if link.other == number:
                    continue
                if link.other not in depth:
                    if len(ring.nodes) >= max_nodes:
                        ring.truncated = True
                        continue
                    depth[link.other] = d + 1
                    ring.nodes.append(Node(link.other, d + 1))
                    following.append(link.other)
                a, b = sorted((number, link.other))
                key = (a, b, link.kind, link.via)
                if key not in seen_edges:
                    seen_edges.add(key)
                    ring.edges.append(Edge(a, b, link.kind, link.via))
        frontier = following
    return ring
