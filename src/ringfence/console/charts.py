"""Charts as inline SVG drawn on the server: no JavaScript library, nothing fetched, works offline.

Every chart has an accessible name and a legend, and can link each bar (or column segment) to the
alert queue filtered to what it counts, so a chart is a way into the work, not only a picture.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

__all__ = ["PALETTE", "bar_list", "colour", "legend", "stacked_columns"]

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


def _open(width: int, height: int, label: str, linked: bool) -> str:
    """The ``<svg>`` tag: an image with a name, or a named group when it holds links (an image's
    children are hidden from assistive technology, links included)."""
    role = "group" if linked else "img"
    return (
        f'<svg class="chart" role="{role}" aria-label="{escape(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">'
    )


def _linked(inner: str, href: str) -> str:
    """A link around a bar; its name is the bar's own text and ``<title>`` (a separate label would
    not match what is seen)."""
    return f'<a href="{escape(href)}">{inner}</a>' if href else inner


def legend(keys: Sequence[str], caption: str = "", name: Callable[[str], str] = str) -> str:
    """The chart's legend as HTML: a swatch and the key (as ``name`` shows it), one per colour used."""
    items = "".join(
        f'<li><svg class="swatch" width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
        f'rx="2" fill="{colour(k)}"/></svg>{escape(name(k))}</li>'
        for k in dict.fromkeys(keys)
    )
    named = f' aria-label="{escape(caption)}"' if caption else ""
    return f'<ul class="legend"{named}>{items}</ul>'


def bar_list(
    items: Sequence[tuple[str, float]],
    width: int = 420,
    unit: str = "",
    label: str = "",
    href: Callable[[str], str] | None = None,
    legend_caption: str = "",
    empty: str = EMPTY,
    name: Callable[[str], str] = str,
    fmt: Callable[[float], str] = _plain,
) -> str:
    """Horizontal bars with labels and values, one per item, scaled to the largest; a bar links to
    ``href(label)`` when given. Keys pick colours and links; ``name`` is what a reader sees for a key
    (its translation), ``fmt`` how a value is written."""
    if not items:
        return f'<p class="empty">{escape(empty)}</p>'
    row, label_w, value_w = 24, 150, 60
    top = max(v for _, v in items) or 1.0
    bar_w = width - label_w - value_w
    parts = [_open(width, row * len(items), label or "chart", href is not None)]
    for i, (key, value) in enumerate(items):
        y = i * row
        w = max(1.0, bar_w * value / top)
        text = escape(f"{fmt(value)}{unit}")
        shown = escape(name(key))
        inner = (
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{shown}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" rx="3" '
            f'fill="{colour(key)}">'
            f"<title>{shown}: {text}</title></rect>"
            f'<text x="{label_w + w + 6:.1f}" y="{y + 16}">{text}</text>'
        )
        parts.append(_linked(inner, href(key) if href else ""))
    parts.append("</svg>")
    return "".join(parts) + legend([k for k, _ in items], legend_caption, name)


def stacked_columns(
    series: dict[str, dict[str, int]],
    width: int = 640,
    height: int = 220,
    label: str = "",
    href: Callable[[str, str], str] | None = None,
    empty: str = EMPTY,
    name: Callable[[str], str] = str,
    fmt: Callable[[float], str] = _plain,
) -> str:
    """One column per day, stacked by key (typology), with a legend (``name``: a key as shown); a
    segment links to ``href(day, key)`` when given."""
    if not series:
        return f'<p class="empty">{escape(empty)}</p>'
    keys = sorted({k for day in series.values() for k in day})
    days = list(series)
    left, bottom, top_pad = 40, 28, 10
    plot_h = height - bottom - top_pad
    slot = (width - left) / len(days)
    bar = min(48.0, slot * 0.7)
    top = max(sum(d.values()) for d in series.values()) or 1
    parts = [_open(width, height + 24, label or "chart", href is not None)]
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
            inner = (
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{colour(key)}">'
                f"<title>{escape(day)} {escape(name(key))}: {escape(fmt(n))}</title></rect>"
            )
            parts.append(_linked(inner, href(day, key) if href else ""))
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
