"""Rich tables of the persona form's figures: ``callqa report persona`` prints them alone,
``callqa report campaigns`` and ``callqa report reps`` under their own table.

Each fits 80 columns: the group and the reasons wrap inside their cells.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Console
from rich.table import Table

from callqa.qa.persona.report import TOTAL, GroupRow, RepRow

GROUP_NOTE = (
    "form: share of the form collected; fit/unfit: share of the reached leads; "
    "lost: lost leads that fit but whose loss is charged to poor handling"
)


def pct(share: float | None) -> str:
    return "-" if share is None else f"{share:.0%}"


def print_persona_groups(
    console: Console, groups: Iterable[GroupRow], by: str, *, title: str | None = None
) -> None:
    """Per group: leads reached, form collected, fit, top disqualifying reasons, lost."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column(by, overflow="fold", min_width=12, ratio=1)
    table.add_column("leads", justify="right", no_wrap=True)
    table.add_column("form", justify="right", no_wrap=True)
    table.add_column("fit", justify="right", no_wrap=True)
    table.add_column("unfit", justify="right", no_wrap=True)
    table.add_column("top disqualifying\nreasons", overflow="fold", ratio=2)
    table.add_column("lost: fit,\nbadly\nhandled", justify="right", no_wrap=True)
    for g in groups:
        table.add_row(
            f"[bold]{g.group}" if g.group == TOTAL else g.group,
            str(g.leads),
            pct(g.completeness),
            pct(g.fit_right),
            pct(g.fit_wrong),
            "\n".join(f"{pct(share)} {label}" for label, share in g.top_reasons),
            f"{pct(g.lost_right_poorly_handled)} of {g.lost_leads}",
        )
    console.print(table)
    console.print(GROUP_NOTE, style="dim", highlight=False)


def print_persona_reps(
    console: Console, reps: Iterable[RepRow], *, title: str | None = None, top: int = 4
) -> None:
    """Per rep: calls with a form, share collected, the fields most often not collected."""
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("rep", overflow="fold", min_width=12, ratio=1)
    table.add_column("calls", justify="right", no_wrap=True)
    table.add_column("form", justify="right", no_wrap=True)
    table.add_column("fields not collected (share of calls)", overflow="fold", ratio=2)
    for r in reps:
        table.add_row(
            r.rep,
            str(r.calls),
            pct(r.completeness),
            ", ".join(f"{name} {pct(share)}" for name, share in r.not_asked[:top]),
        )
    console.print(table)
