from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ringfence.domain.pivots import Sighting
from ringfence.domain.ring import Link, LinkKind, build_ring, cell_links

T0 = datetime(2026, 11, 2, tzinfo=UTC)


def _graph(edges: Iterable[tuple[str, str, LinkKind, str]]) -> dict[str, list[Link]]:
    out: dict[str, list[Link]] = {}
    for a, b, kind, via in edges:
        out.setdefault(a, []).append(Link(b, kind, via))
        out.setdefault(b, []).append(Link(a, kind, via))
    return out


def test_a_farm_on_one_handset_and_a_holder_two_steps_away() -> None:
    g = _graph(
        [
            ("A", "B", LinkKind.HANDSET, "imei-1"),
            ("A", "C", LinkKind.HANDSET, "imei-1"),
            ("B", "C", LinkKind.HANDSET, "imei-1"),
            ("C", "D", LinkKind.HOLDER, "h1"),
            ("D", "E", LinkKind.URL, "x.cn"),
        ]
    )
    ring = build_ring("A", lambda n: g.get(n, []), max_depth=2)
    assert [(n.number, n.depth) for n in ring.nodes] == [("A", 0), ("B", 1), ("C", 1), ("D", 2)]
    assert {(e.a, e.b, e.kind) for e in ring.edges} == {
        ("A", "B", LinkKind.HANDSET),
        ("A", "C", LinkKind.HANDSET),
        ("B", "C", LinkKind.HANDSET),
        ("C", "D", LinkKind.HOLDER),
    }
    assert ring.kinds() == [LinkKind.HANDSET, LinkKind.HOLDER]
    assert not ring.truncated  # E is beyond the depth asked for, and D is not expanded


def test_a_giant_component_is_cut_and_says_so() -> None:
    calls: list[str] = []

    def star(n: str) -> list[Link]:
        calls.append(n)
        return [Link(f"{n}.{i}", LinkKind.CELL, "busy") for i in range(1000)]

    ring = build_ring("hub", star, max_nodes=10, max_depth=3, max_links=50)
    assert len(ring.nodes) == 10
    assert ring.truncated
    assert len(calls) <= 10  # each number read once at most


def test_bounds_must_make_sense() -> None:
    with pytest.raises(ValueError, match="max_nodes >= 1"):
        build_ring("A", lambda n: [], max_nodes=0)


_NAMES = st.sampled_from([f"n{i}" for i in range(12)])
_EDGES = st.lists(st.tuples(_NAMES, _NAMES, st.sampled_from(list(LinkKind)), st.sampled_from(["x", "y"])))


@settings(max_examples=200, deadline=None)
@given(_EDGES, _NAMES, st.integers(1, 8), st.integers(0, 3), st.integers(1, 5))
def test_a_ring_always_keeps_its_bounds(
    edges: list[tuple[str, str, LinkKind, str]], start: str, nodes: int, depth: int, links: int
) -> None:
    g = _graph(edges)
    ring = build_ring(start, lambda n: g.get(n, []), max_nodes=nodes, max_depth=depth, max_links=links)
    names = [n.number for n in ring.nodes]
    assert names[0] == start
    assert len(names) == len(set(names)) <= nodes
    assert all(n.depth <= depth for n in ring.nodes)
    depth_of = {n.number: n.depth for n in ring.nodes}
    for e in ring.edges:
        assert e.a in depth_of
        assert e.b in depth_of
        assert e.a < e.b
        assert e.b in {link.other for link in g.get(e.a, [])}  # only links that exist
        if not ring.truncated:  # a cut link list can hide a shorter path: depth is then the walk's
            assert abs(depth_of[e.a] - depth_of[e.b]) <= 1
    assert len({(e.a, e.b, e.kind, e.via) for e in ring.edges}) == len(ring.edges)
    for n in ring.nodes[1:]:  # everyone reached through a number one step nearer
        assert any(depth_of.get(link.other) == n.depth - 1 for link in g[n.number])


def test_cell_links_need_overlapping_time() -> None:
    mine = Sighting("A", 3, T0, T0 + timedelta(hours=1))
    others = [
        Sighting("A", 3, T0, T0 + timedelta(hours=1)),  # itself
        Sighting("B", 1, T0 + timedelta(hours=2, minutes=59), T0 + timedelta(hours=4)),  # within 2 h after
        Sighting("C", 1, T0 + timedelta(hours=3, minutes=1), T0 + timedelta(hours=5)),  # too late
        Sighting("D", 1, T0 - timedelta(days=1), T0 - timedelta(hours=3)),  # too early
        Sighting("E", 1, T0 - timedelta(days=1), T0 + timedelta(days=1)),  # spans it
    ]
    got = cell_links("CELL-1", mine, others, timedelta(hours=2))
    assert [(x.other, x.kind, x.via) for x in got] == [
        ("B", LinkKind.CELL, "CELL-1"),
        ("E", LinkKind.CELL, "CELL-1"),
    ]
