"""Small inline SVG charts drawn on the server: no JavaScript, nothing fetched.

Each function returns ``Markup`` ready to drop into a template; every label is
escaped. A bar may carry a link (the calls behind the figure).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH_PX = 640
BAR_AREA_PX = 180  # height of the plotting area
MARGIN_LEFT_PX = 56
MARGIN_BOTTOM_PX = 48
PALETTE = ("#2b6cb0", "#2f855a", "#c05621", "#6b46c1", "#b83280", "#4a5568")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    links: Sequence[str | None] | None = None


def _svg(height: int, body: list[str], title: str) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH_PX} {height}" '
        f'width="{WIDTH_PX}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def nice_top(value: float) -> float:
    """The axis top: ``value`` rounded up to 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if value <= m * power * (1 + 1e-9))


def _axis(y_max: float, unit: str) -> list[str]:
    parts = []
    for tick in range(5):
        value = y_max * tick / 4
        y = BAR_AREA_PX - BAR_AREA_PX * tick / 4 + 10
        label = f"{value:,.0f}" if y_max >= 20 else f"{value:g}"
        parts.append(
            f'<line x1="{MARGIN_LEFT_PX}" x2="{WIDTH_PX}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{MARGIN_LEFT_PX - 4}" y="{y + 4:.1f}" text-anchor="end" class="tick">'
            f"{label}{escape(unit)}</text>"
        )
    return parts


def _legend(series: Sequence[Series], y: int) -> list[str]:
    parts, x = [], MARGIN_LEFT_PX
    for i, s in enumerate(series):
        color = PALETTE[i % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{y + 9}" class="legend">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    return parts


def _bar(x: float, y: float, w: float, h: float, color: str, tip: str, link: str | None) -> str:
    rect = (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}">'
        f"<title>{escape(tip)}</title></rect>"
    )
    return f'<a href="{escape(link)}">{rect}</a>' if link else rect


def grouped_bars(
    groups: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    y_max: float | None = None,
    unit: str = "",
) -> Markup:
    """Side-by-side bars: one cluster per group, one bar per series."""
    values = [v for s in series for v in s.values if v is not None]
    top = y_max or nice_top(max(values, default=0))
    slot = (WIDTH_PX - MARGIN_LEFT_PX) / max(len(groups), 1)
    bar_w = slot * 0.8 / max(len(series), 1)
    body = _axis(top, unit)
    for g, group in enumerate(groups):
        x0 = MARGIN_LEFT_PX + g * slot + slot * 0.1
        for i, s in enumerate(series):
            value = s.values[g]
            if value is None:
                continue
            h = BAR_AREA_PX * min(value, top) / top
            link = s.links[g] if s.links else None
            tip = f"{group} — {s.name}: {value:.3g}{unit}"
            body.append(
                _bar(x0 + i * bar_w, BAR_AREA_PX + 10 - h, bar_w, h, PALETTE[i % 6], tip, link)
            )
        body.append(_label(x0 + slot * 0.4, group))
    height = BAR_AREA_PX + MARGIN_BOTTOM_PX + 20
    return _svg(height, body + _legend(series, BAR_AREA_PX + MARGIN_BOTTOM_PX + 4), title)


def stacked_bars(groups: Sequence[str], series: Sequence[Series], *, title: str) -> Markup:
    """One bar per group, its series stacked (counts)."""
    totals = [sum(s.values[g] or 0 for s in series) for g in range(len(groups))]
    top = nice_top(max(totals, default=0))
    slot = (WIDTH_PX - MARGIN_LEFT_PX) / max(len(groups), 1)
    body = _axis(top, "")
    for g, group in enumerate(groups):
        x0, base = MARGIN_LEFT_PX + g * slot + slot * 0.2, BAR_AREA_PX + 10.0
        for i, s in enumerate(series):
            value = s.values[g] or 0
            if not value:
                continue
            h = BAR_AREA_PX * value / top
            base -= h
            link = s.links[g] if s.links else None
            tip = f"{group} — {s.name}: {value:g}"
            body.append(_bar(x0, base, slot * 0.6, h, PALETTE[i % 6], tip, link))
        body.append(_label(x0 + slot * 0.3, group))
    height = BAR_AREA_PX + MARGIN_BOTTOM_PX + 20
    return _svg(height, body + _legend(series, BAR_AREA_PX + MARGIN_BOTTOM_PX + 4), title)


def line_chart(
    points: Sequence[tuple[str, float]], *, title: str, y_max: float = 100.0, unit: str = ""
) -> Markup:
    """A line through (label, value) points, e.g. a rep's mean score by week."""
    slot = (WIDTH_PX - MARGIN_LEFT_PX) / max(len(points), 1)
    coords = [
        (MARGIN_LEFT_PX + slot * (i + 0.5), BAR_AREA_PX + 10 - BAR_AREA_PX * min(v, y_max) / y_max)
        for i, (_, v) in enumerate(points)
    ]
    body = _axis(y_max, unit)
    if len(coords) > 1:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(
            f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>'
        )
    for (label, value), (x, y) in zip(points, coords, strict=True):
        body.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></circle>"
        )
        body.append(_label(x, label))
    return _svg(BAR_AREA_PX + MARGIN_BOTTOM_PX, body, title)


def _label(x: float, text: str) -> str:
    short = text if len(text) <= 16 else text[:15] + "…"
    return (
        f'<text x="{x:.1f}" y="{BAR_AREA_PX + 26}" text-anchor="middle" class="label">'
        f"{escape(short)}<title>{escape(text)}</title></text>"
    )
