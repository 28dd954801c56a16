"""Charts as inline SVG drawn on the server: no JavaScript library, nothing fetched, works offline."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

__all__ = ["PALETTE", "bar_list", "stacked_columns"]

PALETTE = {
    "dialer": "#d9480f",
    "sim_farm": "#5f3dc4",
    "wangiri": "#1971c2",
    "spoofing": "#c2255c",
    "sms_fraud": "#2b8a3e",
    "unknown": "#868e96",
}
_OTHER = ("#e67700", "#0c8599", "#9c36b5", "#5c940d")


def colour(key: str) -> str:
    return PALETTE.get(key, _OTHER[sum(map(ord, key)) % len(_OTHER)])


def bar_list(items: Sequence[tuple[str, float]], width: int = 420, unit: str = "") -> str:
    """Horizontal bars with labels and values, one per item, scaled to the largest."""
    if not items:
        return '<p class="empty">No data yet.</p>'
    row, label_w, value_w = 24, 150, 60
    top = max(v for _, v in items) or 1.0
    bar_w = width - label_w - value_w
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {row * len(items)}" '
        f'width="{width}" height="{row * len(items)}">'
    ]
    for i, (label, value) in enumerate(items):
        y = i * row
        w = max(1.0, bar_w * value / top)
        text = f"{value:,.0f}{unit}" if float(value).is_integer() else f"{value:,.2f}{unit}"
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" rx="3" '
            f'fill="{colour(label)}">'
            f"<title>{escape(label)}: {text}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(series: dict[str, dict[str, int]], width: int = 640, height: int = 220) -> str:
    """One column per day, stacked by key (typology), with a legend."""
    if not series:
        return '<p class="empty">No data yet.</p>'
    keys = sorted({k for day in series.values() for k in day})
    days = list(series)
    left, bottom, top_pad = 40, 28, 10
    plot_h = height - bottom - top_pad
    slot = (width - left) / len(days)
    bar = min(48.0, slot * 0.7)
    top = max(sum(d.values()) for d in series.values()) or 1
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height + 24}" '
        f'width="{width}" height="{height + 24}">'
    ]
    for frac in (0.0, 0.5, 1.0):
        y = top_pad + plot_h * (1 - frac)
        parts.append(
            f'<line x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{round(top * frac):,}</text>'
        )
    for i, day in enumerate(days):
        x = left + i * slot + (slot - bar) / 2
        y = top_pad + plot_h
        for key in keys:
            n = series[day].get(key, 0)
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour(key)}">'
                f"<title>{escape(day)} {escape(key)}: {n:,}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle">{escape(day[5:])}</text>'
        )
    x = left
    for key in keys:
        parts.append(
            f'<rect x="{x}" y="{height + 6}" width="10" height="10" fill="{colour(key)}"/>'
            f'<text x="{x + 14}" y="{height + 15}">{escape(key)}</text>'
        )
        x += 24 + 8 * len(key)
    parts.append("</svg>")
    return "".join(parts)
