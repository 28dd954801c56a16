"""Charts as inline SVG drawn on the server: no JavaScript library, nothing fetched, works offline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
EMPTY = "No data yet."


def _plain(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _text_width(text: str) -> float:
    """Roughly how wide a legend label is drawn: CJK characters take about twice a Latin letter."""
    return sum(13.0 if ord(ch) > 0x2E80 else 7.5 for ch in text)


def colour(key: str) -> str:
    return PALETTE.get(key, _OTHER[sum(map(ord, key)) % len(_OTHER)])


def bar_list(
    items: Sequence[tuple[str, float]],
    width: int = 420,
    unit: str = "",
    name: Callable[[str], str] = str,
    fmt: Callable[[float], str] = _plain,
    empty: str = EMPTY,
) -> str:
    """Horizontal bars with labels and values, one per item, scaled to the largest.

    Keys pick the colours; ``name`` is what a reader sees for a key (its translation), ``fmt`` how a
    value is written, ``empty`` what is said when there is nothing to draw.
    """
    if not items:
        return f'<p class="empty">{escape(empty)}</p>'
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
        text = f"{fmt(value)}{unit}"
        shown = escape(name(label))
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{shown}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" rx="3" '
            f'fill="{colour(label)}">'
            f"<title>{shown}: {escape(text)}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{text}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def stacked_columns(
    series: dict[str, dict[str, int]],
    width: int = 640,
    height: int = 220,
    name: Callable[[str], str] = str,
    fmt: Callable[[float], str] = _plain,
    empty: str = EMPTY,
) -> str:
    """One column per day, stacked by key (typology), with a legend (``name``: a key as shown)."""
    if not series:
        return f'<p class="empty">{escape(empty)}</p>'
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
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{escape(fmt(round(top * frac)))}</text>'
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
                f"<title>{escape(day)} {escape(name(key))}: {escape(fmt(n))}</title></rect>"
            )
        parts.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - 10}" text-anchor="middle">{escape(day[5:])}</text>'
        )
    x = left
    for key in keys:
        parts.append(
            f'<rect x="{x}" y="{height + 6}" width="10" height="10" fill="{colour(key)}"/>'
            f'<text x="{x + 14}" y="{height + 15}">{escape(name(key))}</text>'
        )
        x += round(24 + _text_width(name(key)))
    parts.append("</svg>")
    return "".join(parts)
