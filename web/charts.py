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
LEGEND_LINE_PX = 16
LABEL_ROTATED_PX = 70  # extra room below the axis when group names are slanted
PALETTE = ("#2b6cb0", "#2f855a", "#c05621", "#6b46c1", "#b83280", "#4a5568")


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    links: Sequence[str | None] | None = None
    color: str | None = None  # else the palette, in order


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


def text_px(text: str) -> float:
    """About how wide ``text`` is at the charts' 11 px font."""
    return 6.2 * len(text)


def _legend(series: Sequence[Series], y: int) -> tuple[list[str], int]:
    """Legend entries, wrapped onto more lines rather than off the chart; and its height."""
    parts, x, line = [], MARGIN_LEFT_PX, 0
    for i, s in enumerate(series):
        color = s.color or PALETTE[i % len(PALETTE)]
        width = 24 + text_px(s.name)
        if x + width > WIDTH_PX and x > MARGIN_LEFT_PX:
            x, line = MARGIN_LEFT_PX, line + 1
        top = y + line * LEGEND_LINE_PX
        parts.append(
            f'<rect x="{x}" y="{top}" width="10" height="10" fill="{color}"/>'
            f'<text x="{x + 14}" y="{top + 9}" class="legend">{escape(s.name)}</text>'
        )
        x += width
    return parts, (line + 1) * LEGEND_LINE_PX if series else 0


def _bar(x: float, y: float, w: float, h: float, color: str, tip: str, link: str | None) -> str:
    rect = (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{color}">'
        f"<title>{escape(tip)}</title></rect>"
    )
    return f'<a href="{escape(link)}">{rect}</a>' if link else rect


def _labels_slanted(labels: Sequence[str], slot: float) -> bool:
    """Slant the group names when the widest would not fit its slot (no "ĐứcNguyễn")."""
    return any(text_px(_short(label)) > slot * 0.92 for label in labels)


def _finish(
    body: list[str], series: Sequence[Series], title: str, slanted: bool, legend: bool = True
) -> Markup:
    below = BAR_AREA_PX + MARGIN_BOTTOM_PX + (LABEL_ROTATED_PX if slanted else 0)
    parts, legend_h = _legend(series, below + 4) if legend else ([], 0)
    return _svg(below + legend_h + 8, body + parts, title)


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
    slanted = _labels_slanted(groups, slot)
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
        body.append(_label(x0 + slot * 0.4, group, slanted))
    return _finish(body, series, title, slanted, legend=len(series) > 1)


def stacked_bars(groups: Sequence[str], series: Sequence[Series], *, title: str) -> Markup:
    """One bar per group, its series stacked (counts)."""
    totals = [sum(s.values[g] or 0 for s in series) for g in range(len(groups))]
    top = nice_top(max(totals, default=0))
    slot = (WIDTH_PX - MARGIN_LEFT_PX) / max(len(groups), 1)
    slanted = _labels_slanted(groups, slot)
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
        body.append(_label(x0 + slot * 0.3, group, slanted))
    return _finish(body, series, title, slanted)


def line_chart(
    points: Sequence[tuple[str, float]],
    *,
    title: str,
    y_max: float = 100.0,
    unit: str = "",
    name: str = "",
    reference: Sequence[tuple[str, float]] = (),
    reference_name: str = "",
) -> Markup:
    """A line through (label, value) points, e.g. a rep's mean score by week.

    ``reference`` (e.g. the team's mean by week) is drawn dashed over the same
    x labels (the union of both series' labels, in order).
    """
    labels = sorted({label for label, _ in points} | {label for label, _ in reference})
    slot = (WIDTH_PX - MARGIN_LEFT_PX) / max(len(labels), 1)
    slanted = _labels_slanted(labels, slot)

    def xy(label: str, value: float) -> tuple[float, float]:
        x = MARGIN_LEFT_PX + slot * (labels.index(label) + 0.5)
        return x, BAR_AREA_PX + 10 - BAR_AREA_PX * min(value, y_max) / y_max

    body = _axis(y_max, unit)
    drawn = []
    for values, color, dash, series_name in (
        (reference, PALETTE[5], ' stroke-dasharray="6 4"', reference_name),
        (points, PALETTE[0], "", name),
    ):
        if not values:
            continue
        drawn.append(Series(series_name, [v for _, v in values], color=color))
        coords = [xy(label, v) for label, v in values]
        if len(coords) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" '
                f'stroke-width="2"{dash} class="{"team" if dash else "rep"}"/>'
            )
        for (label, value), (x, y) in zip(values, coords, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{3 if dash else 4}" fill="{color}">'
                f"<title>{escape(series_name)} {escape(label)}: {value:g}{escape(unit)}</title>"
                "</circle>"
            )
    for label in labels:
        body.append(_label(xy(label, 0)[0], label, slanted))
    legend = [d for d in drawn if d.name] if reference else []
    return _finish(body, legend, title, slanted, legend=bool(legend))


def log_bars(
    groups: Sequence[str],
    minutes: Sequence[float | None],
    *,
    title: str,
    sla_minutes: float,
    sla_label: str,
    ticks: Sequence[tuple[float, str]],
    value_labels: Sequence[str],
    links: Sequence[str | None] | None = None,
) -> Markup:
    """Horizontal bars on a log-scaled minutes axis with the SLA as a line.

    Group names sit left of their bar (never under each other), each bar ends
    with its value written out (``value_labels``, e.g. "3 h 25 min").
    """
    left, right, row_h = 150.0, WIDTH_PX - 110.0, 26
    low = min(t for t, _ in ticks)
    high = max([t for t, _ in ticks] + [m for m in minutes if m])
    span = math.log10(high) - math.log10(low)

    def x(value: float) -> float:
        value = max(value, low)
        return left + (right - left) * (math.log10(value) - math.log10(low)) / span

    top_y = 10
    height = top_y + row_h * max(len(groups), 1) + 40
    body = []
    for value, label in ticks:
        tx = x(value)
        body.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top_y}" y2="{height - 30}" class="grid"/>'
            f'<text x="{tx:.1f}" y="{height - 16}" text-anchor="middle" class="tick">'
            f"{escape(label)}</text>"
        )
    for g, group in enumerate(groups):
        y = top_y + g * row_h
        body.append(
            f'<text x="{left - 6}" y="{y + 16}" text-anchor="end" class="label">'
            f"{escape(_short(group, 22))}<title>{escape(group)}</title></text>"
        )
        value = minutes[g]
        if value is None:
            continue
        w = max(x(value) - left, 2)
        color = PALETTE[2] if value > sla_minutes else PALETTE[1]
        tip = f"{group}: {value_labels[g]}"
        body.append(_bar(left, y + 4, w, row_h - 8, color, tip, links[g] if links else None))
        body.append(
            f'<text x="{left + w + 4:.1f}" y="{y + 16}" class="value">'
            f"{escape(value_labels[g])}</text>"
        )
    sx = x(sla_minutes)
    body.append(
        f'<line x1="{sx:.1f}" x2="{sx:.1f}" y1="{top_y - 4}" y2="{height - 30}" '
        f'class="sla" stroke="{PALETTE[4]}" stroke-width="2" stroke-dasharray="4 3"/>'
        f'<text x="{sx + 4:.1f}" y="{height - 32}" class="sla-label" fill="{PALETTE[4]}">'
        f"{escape(sla_label)}</text>"
    )
    return _svg(height, body, title)


def _short(text: str, limit: int = 16) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(x: float, text: str, slanted: bool = False) -> str:
    y = BAR_AREA_PX + 26
    if slanted:  # slanted names start under their bar and run down-left
        return (
            f'<text x="{x:.1f}" y="{y - 6}" text-anchor="end" class="label" '
            f'transform="rotate(-35 {x:.1f} {y - 6})">'
            f"{escape(_short(text, 18))}<title>{escape(text)}</title></text>"
        )
    return (
        f'<text x="{x:.1f}" y="{y}" text-anchor="middle" class="label">'
        f"{escape(_short(text))}<title>{escape(text)}</title></text>"
    )
