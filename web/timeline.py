"""Markers on the call page's player timeline: evidence quotes and flags with a moment."""

from __future__ import annotations

import re
from dataclasses import dataclass

from callqa.app.read_model import CallView

_AT = re.compile(r" at (?P<at>[\d.]+) s$")


@dataclass(frozen=True)
class Marker:
    kind: str  # evidence | flag
    at_s: float
    code: str  # the item id, or the flag kind
    text: str  # the quote, or the flag's reason


def _longest_gap(view: CallView) -> tuple[float, float] | None:
    """(start, length) of the longest silence between two turns."""
    gaps = [(a.end, b.start - a.end) for a, b in zip(view.turns, view.turns[1:], strict=False)]
    return max(gaps, key=lambda g: g[1], default=None)


def timeline_markers(view: CallView, long_dead_air_s: float | None) -> list[Marker]:
    markers = [
        Marker("evidence", float(ev["start"]), item.item_id, str(ev.get("text", "")))
        for item in view.items
        for ev in item.evidence
        if "start" in ev
    ]
    for flag in view.flags:
        at = None
        if flag.kind == "prohibited_language":
            violated = [m for m in markers if m.code == "prohibited_language"]
            found = _AT.search(flag.reason)
            at = violated[0].at_s if violated else float(found["at"]) if found else None
        elif flag.kind == "long_dead_air":
            gap = _longest_gap(view)
            if gap and (long_dead_air_s is None or gap[1] >= long_dead_air_s / 2):
                at = gap[0]
        if at is not None:
            markers.append(Marker("flag", at, flag.kind, flag.reason))
    return sorted(markers, key=lambda m: m.at_s)
