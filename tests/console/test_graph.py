from __future__ import annotations

from ringfence.console.graph import ring_svg
from ringfence.domain.ring import Edge, LinkKind, Node, Ring

NAMES = {"handset": "shared handset", "holder": "same holder", "cell": "same cell"}


def _ring() -> Ring:
    return Ring(
        "A",
        [Node("A", 0), Node("B", 1), Node("C", 1), Node("<D>", 2)],
        [
            Edge("A", "B", LinkKind.HANDSET, "imei"),
            Edge("B", "C", LinkKind.HOLDER, "h"),
            Edge("<D>", "C", LinkKind.CELL, "c"),
        ],
    )


def test_every_node_linked_named_and_the_legend_lists_the_kinds_present() -> None:
    svg = ring_svg(_ring(), {}, lambda n: f"/console/numbers/{n}/investigate", "Ring of A", NAMES)
    assert svg.count('class="node-link"') == 4
    assert svg.count("<line") == 3 + 3  # three links, three legend keys
    assert '<title id="ring-title">Ring of A</title>' in svg
    assert "4 numbers, 3 links: shared handset, same cell, same holder." in svg
    assert "&lt;D&gt;" in svg
    assert "<D>" not in svg
    assert 'stroke-dasharray="6 4"' in svg  # the cell's dashes: colour is not the only cue


def test_unlinked_nodes_for_masked_numbers_and_a_stable_layout() -> None:
    masked = {"A": "+86138****0001"}
    svg = ring_svg(_ring(), masked, lambda n: "", "Ring", NAMES)
    assert 'class="node-link"' not in svg
    assert "<title>+86138****0001</title>" in svg
    assert svg == ring_svg(_ring(), masked, lambda n: "", "Ring", NAMES)
