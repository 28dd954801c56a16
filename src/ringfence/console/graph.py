"""A ring drawn as a small SVG on the server: no script, nothing fetched, every node a link.

Layout is deterministic (the start in the centre, each depth on its own circle, numbers in the ring's
order), so the same ring always draws the same picture. Links are told apart by colour *and* dash
pattern (colour is never the only cue); the SVG has a ``<title>`` and ``<desc>``, each node an
accessible name, and the page lists the same nodes and edges in a table for those who cannot see it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from html import escape

from ringfence.domain.ring import LinkKind, Ring

__all__ = ["EDGE_STYLE", "ring_svg"]

#: colour (contrast >= 3:1 on white, for graphics) and dash pattern of each kind of link
EDGE_STYLE: dict[LinkKind, tuple[str, str]] = {
    LinkKind.HANDSET: ("#c92a2a", ""),
    LinkKind.CELL: ("#1864ab", "6 4"),
    LinkKind.HOLDER: ("#5f3dc4", "2 3"),
    LinkKind.SCRIPT: ("#2b8a3e", "10 3 2 3"),
    LinkKind.URL: ("#a33f00", "1 2"),
}


def _short(label: str) -> str:
    return label if len(label) <= 8 else "…" + label[-6:]


def ring_svg(
    ring: Ring,
    labels: Mapping[str, str],
    href: Callable[[str], str],
    title: str,
    kind_names: Mapping[str, str],
    size: int = 520,
    describe: str = "%(nodes)s numbers, %(links)s links: %(kinds)s. The table below lists the same numbers "
    "and links.",
) -> str:
    """The ring as SVG; ``labels``: node -> as shown, ``href``: node -> link ("" for none),
    ``kind_names``: link kind -> its name in the legend, ``describe``: the description read out
    (both translated by the caller)."""
    by_depth: dict[int, list[str]] = {}
    for node in ring.nodes:
        by_depth.setdefault(node.depth, []).append(node.number)
    centre = size / 2
    deepest = max(by_depth) if by_depth else 0
    step = (centre - 40) / max(1, deepest)
    pos: dict[str, tuple[float, float]] = {}
    for depth, numbers in by_depth.items():
        for i, n in enumerate(numbers):
            if depth == 0:
                pos[n] = (centre, centre)
                continue
            angle = 2 * math.pi * i / len(numbers) - math.pi / 2 + (depth - 1) * 0.35
            pos[n] = (centre + depth * step * math.cos(angle), centre + depth * step * math.sin(angle))
    kinds = ring.kinds()
    legend_h = 22 * max(1, len(kinds)) + 8
    desc = describe % {
        "nodes": len(ring.nodes),
        "links": len(ring.edges),
        "kinds": ", ".join(f"{kind_names.get(k.value, k.value)}" for k in kinds),
    }
    parts = [
        f'<svg class="ring" viewBox="0 0 {size} {size + legend_h}" width="{size}" height="{size + legend_h}" '
        f'role="group" aria-labelledby="ring-title ring-desc">'
        f'<title id="ring-title">{escape(title)}</title><desc id="ring-desc">{escape(desc)}</desc>'
    ]
    for e in ring.edges:
        (x1, y1), (x2, y2) = pos[e.a], pos[e.b]
        colour, dash = EDGE_STYLE[e.kind]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
            f'stroke-width="2"{dashed} class="edge e-{e.kind.value}" aria-hidden="true"/>'
        )
    for node in ring.nodes:
        x, y = pos[node.number]
        shown = labels.get(node.number, node.number)
        r = 14 if node.depth == 0 else 9
        circle = (
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" class="node d{min(node.depth, 2)}"/>'
            f'<text x="{x:.1f}" y="{y + r + 13:.1f}" text-anchor="middle">{escape(_short(shown))}</text>'
        )
        target = href(node.number)
        if target:
            # named by its <title> (the whole number); the label drawn is its end
            parts.append(
                f'<a href="{escape(target)}" class="node-link"><title>{escape(shown)}</title>{circle}</a>'
            )
        else:
            parts.append(f'<g role="img"><title>{escape(shown)}</title>{circle}</g>')
    y = size + 8
    parts.append('<g class="legend" aria-hidden="true">')
    for k in kinds:
        colour, dash = EDGE_STYLE[k]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="12" y1="{y + 7}" x2="52" y2="{y + 7}" stroke="{colour}" stroke-width="3"{dashed}/>'
            f'<text x="60" y="{y + 11}">{escape(kind_names.get(k.value, k.value))}</text>'
        )
        y += 22
    parts.append("</g></svg>")
    return "".join(parts)
