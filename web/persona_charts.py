"""The persona form's charts shared by the persona page and the marketer view."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from callqa.qa.persona.report import GroupRow
from callqa.web import charts
from callqa.web.labels import label
from markupsafe import Markup

FITS = ("right", "wrong", "unknown")


def fit_chart(_, rows: Sequence[GroupRow], link: Callable[[str, str], str]) -> Markup:
    """Right / wrong / unknown shares of reached leads per group; ``link(group, fit)``."""
    return charts.stacked_bars(
        [r.group for r in rows],
        [
            charts.Series(
                label(_, "fit", fit),
                [round(100 * getattr(r, f"fit_{fit}")) for r in rows],
                [link(r.group, fit) for r in rows],
            )
            for fit in FITS
        ],
        title=_("Fit of reached leads (%)"),
    )
