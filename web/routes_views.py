"""Reading pages: the flag queue, call lists, the coach and the marketer views."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse
from sqlmodel import select

from app.listings import leads_without_calls, list_calls
from app.read_model import CallFilter
from app.reports import campaign_report, reps_report
from models.db import session_scope
from models.reviews import QueueFilter, flag_queue, queue_choices
from models.tables import ItemResult
from qa.funnel import RATIO_KEYS
from web import charts
from web.app import render
from web.auth import Viewer, current_viewer

router = APIRouter(include_in_schema=False)
HOME = {"qa_lead": "/queue", "coach": "/coach", "marketer": "/marketing", "admin": "/queue"}
GROUPINGS = ("campaign", "source")


@router.get("/")
def home(viewer: Viewer = Depends(current_viewer)):
    return RedirectResponse(HOME.get(viewer.role, "/queue"), status_code=303)


def day_window(
    zone: ZoneInfo, date_from: date | None, date_to: date | None
) -> tuple[datetime | None, datetime | None]:
    """Local calendar days as a half-open window of aware datetimes."""
    since = datetime.combine(date_from, time.min, zone) if date_from else None
    until = datetime.combine(date_to + timedelta(days=1), time.min, zone) if date_to else None
    return since, until


class QueueQuery:
    """The flag queue's filter as query parameters: the page and the API take the same ones."""

    def __init__(
        self,
        request: Request,
        kind: str = "",
        rep: str = "",
        campaign: str = "",
        status: str = Query("open", pattern="^(open|reviewed|all)$"),
        date_from: date | None = Query(None, alias="from"),
        date_to: date | None = Query(None, alias="to"),
    ) -> None:
        zone = ZoneInfo(request.app.state.settings.config.timezone)
        since, until = day_window(zone, date_from, date_to)
        self.where = QueueFilter(
            kind=kind or None,
            rep=rep or None,
            campaign=campaign or None,
            status=None if status == "all" else status,
            since=since,
            until=until,
        )
        self.chosen = {"kind": kind, "rep": rep, "campaign": campaign, "status": status}
        self.chosen |= {"from": date_from or "", "to": date_to or ""}


@router.get("/queue")
def queue(request: Request, query: Annotated[QueueQuery, Depends()]):
    with session_scope(request.app.state.engine) as session:
        rows = flag_queue(session=session, where=query.where)
        choices = queue_choices(session=session)
    return render(request, "queue.html", rows=rows, choices=choices, chosen=query.chosen)


@router.get("/calls")
def calls(
    request: Request,
    rep: str = "",
    by: str = Query("campaign", pattern="^(campaign|source)$"),
    group: str = "",
    figure: str = "",
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
):
    engine = request.app.state.engine
    title, missing = "All calls", []
    where = CallFilter(rep=rep or None)
    if rep:
        title = f"Calls by {rep}"
    if figure:
        rows, _ = campaign_report(
            request.app.state.settings, by=by, date_from=date_from, date_to=date_to
        )
        row = next((r for r in rows if r.group == group), None)
        if row is None or figure not in row.lead_ids:
            raise HTTPException(status_code=404, detail=f"no figure {figure!r} for {by} {group!r}")
        lead_ids = row.lead_ids[figure]
        where = CallFilter(lead_ids=lead_ids)
        title = f"{by} {group}: {figure.replace('_', ' ')} ({len(lead_ids)} leads)"
        missing = leads_without_calls(request.app.state.settings, lead_ids, engine=engine)
    return render(
        request,
        "calls.html",
        title=title,
        rows=list_calls(request.app.state.settings, where, engine=engine),
        missing=missing,
    )


def item_labels(request: Request) -> dict[str, str]:
    with session_scope(request.app.state.engine) as session:
        return dict(session.exec(select(ItemResult.item_id, ItemResult.label).distinct()).all())


@router.get("/coach")
def coach(request: Request):
    reports = reps_report(request.app.state.settings)
    board = sorted(reports, key=lambda r: (-r.mean_score, -r.pass_rate, r.rep))
    trends = {
        r.rep: charts.line_chart(
            [(week, mean) for week, mean, _ in r.weekly], title=f"{r.rep}: mean score by week"
        )
        for r in reports
    }
    board_chart = charts.grouped_bars(
        [r.rep for r in board],
        [charts.Series("mean score", [r.mean_score for r in board])],
        title="Mean score by rep",
        y_max=100,
    )
    return render(
        request,
        "coach.html",
        reports=reports,
        board=board,
        trends=trends,
        board_chart=board_chart,
        labels=item_labels(request),
        item_rows={  # weakest item first; items that never applied last
            r.rep: sorted(r.item_pass_rates.items(), key=lambda kv: (kv[1] is None, kv[1] or 0))
            for r in reports
        },
    )


def figure_link(by: str, group: str, figure: str, date_from, date_to) -> str:
    query = {"by": by, "group": group, "figure": figure}
    query |= {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return "/calls?" + urlencode(query)


@router.get("/marketing")
def marketing(
    request: Request,
    by: str = Query("campaign", pattern="^(campaign|source)$"),
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
):
    rows, unlinked = campaign_report(
        request.app.state.settings, by=by, date_from=date_from, date_to=date_to
    )
    groups = [r for r in rows if r.group != "TOTAL"]
    sla = request.app.state.settings.config.leads.sla_minutes
    names = [r.group for r in groups]

    def link(group: str, figure: str) -> str:
        return figure_link(by, group, figure, date_from, date_to)

    ratio_chart = charts.grouped_bars(
        names,
        [
            charts.Series(
                name.replace("_", " "),
                [None if r.ratios[name] is None else 100 * r.ratios[name] for r in groups],
                [link(r.group, key) for r in groups],
            )
            for name, key in RATIO_KEYS.items()
        ],
        title="Lead-quality ratios (% of new leads)",
        y_max=100,
        unit="%",
    )
    speed_chart = charts.grouped_bars(
        names,
        [
            charts.Series(
                "median minutes to first contact", [r.speed_to_lead_median_min for r in groups]
            )
        ],
        title="Speed to lead (median minutes)",
    )
    loss_chart = charts.stacked_bars(
        names,
        [
            charts.Series(
                cause.replace("_", " "),
                [r.attribution[cause] for r in groups],
                [link(r.group, f"lost_{cause}") for r in groups],
            )
            for cause in groups[0].attribution
        ]
        if groups
        else [],
        title="Lost and wrong-target leads by cause",
    )
    return render(
        request,
        "marketing.html",
        rows=rows,
        by=by,
        unlinked=unlinked,
        ratio_keys=RATIO_KEYS,
        link=link,
        charts=[
            ("Lead-quality ratios: share of new leads", ratio_chart),
            (f"Speed to lead: median minutes to first contact (SLA {sla:g} min)", speed_chart),
            ("Lost and wrong-target leads by cause", loss_chart),
        ],
        chosen={"from": date_from or "", "to": date_to or ""},
        sla_minutes=sla,
    )
