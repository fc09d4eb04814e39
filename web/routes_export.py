"""Every table of the review app as a CSV or XLSX download, with the page's own filters.

The marketing and reps tables are the rows ``callqa report campaigns|reps
--format csv`` writes (same functions, same columns); every text cell is
neutralised against spreadsheet formulas (qa.spreadsheet.safe_cell).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from callqa.app.call_list import ListChoice, choose
from callqa.app.coaching import coaching
from callqa.app.lead_list import lead_lines
from callqa.app.listings import list_calls
from callqa.app.queue import call_queue
from callqa.app.read_model import CallFilter
from callqa.app.reports import campaign_report
from callqa.app.reports_persona import campaign_persona, campaign_rows, rep_persona, rep_rows
from callqa.models.db import session_scope
from callqa.web.export import download
from callqa.web.params import Day
from callqa.web.routes_views import QueueQuery, coach_filter, day_window
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi import Path as PathParam

router = APIRouter(include_in_schema=False)
Fmt = Annotated[str, PathParam(pattern="^(csv|xlsx)$")]
By = Annotated[str, Query(pattern="^(campaign|source|month)$")]
From = Annotated[Day, Query(alias="from")]
To = Annotated[Day, Query(alias="to")]


def _local(request: Request, value: datetime | None) -> datetime | None:
    if value is None:
        return None
    zone = ZoneInfo(request.app.state.settings.config.timezone)
    return value.astimezone(zone).replace(tzinfo=None, microsecond=0)


@router.get("/export/queue.{fmt}")
def export_queue(request: Request, fmt: Fmt, query: Annotated[QueueQuery, Depends()]):
    with session_scope(request.app.state.engine) as session:
        calls = call_queue(session=session, where=query.where)
    rows = [
        {
            "recording_id": c.recording_id,
            "call": c.name,
            "severity": c.severity,
            "score": c.score,
            "flags": [f.kind for f in c.flags],
            "reasons": " | ".join(f.reason for f in c.flags),
            "rep": c.rep,
            "campaign": c.campaign,
            "call_time": _local(request, c.call_time),
        }
        for c in calls
    ]
    return download(rows, name="queue", fmt=fmt)


def _figure_leads(request: Request, by: str, group: str, figure: str, date_from, date_to):
    rows, _ = campaign_report(
        request.app.state.settings, by=by, date_from=date_from, date_to=date_to
    )
    row = next((r for r in rows if r.group == group), None)
    if row is None or figure not in row.lead_ids:
        raise HTTPException(status_code=404, detail=f"no figure {figure!r} for {by} {group!r}")
    return row.lead_ids[figure]


@router.get("/export/calls.{fmt}")
def export_calls(
    request: Request,
    fmt: Fmt,
    rep: str = "",
    by: By = "campaign",
    group: str = "",
    figure: str = "",
    date_from: From = None,
    date_to: To = None,
    campaign: str = "",
    sort: Annotated[str, Query(pattern="^(time|score|rep|campaign)$")] = "time",
    order: Annotated[str, Query(pattern="^(asc|desc)$")] = "desc",
):
    where = CallFilter(rep=rep or None)
    if figure:
        where = CallFilter(lead_ids=_figure_leads(request, by, group, figure, date_from, date_to))
    found = list_calls(request.app.state.settings, where, engine=request.app.state.engine)
    if not figure:  # the list's own filters and order, as on the page
        zone = ZoneInfo(request.app.state.settings.config.timezone)
        since, until = day_window(zone, date_from, date_to)
        found = choose(found, ListChoice(campaign or None, since, until, sort, order == "desc"))
    rows = [
        {
            "recording_id": r.recording_id,
            "call": r.name,
            "call_time": _local(request, r.call_time),
            "rep": r.rep,
            "campaign": r.campaign,
            "lead_id": r.lead_id,
            "lead_stage": r.lead_stage,
            "score": r.score,
            "effective_score": r.effective_score,
            "passed": r.passed,
            "effective_passed": r.effective_passed,
            "open_flags": r.open_flags,
        }
        for r in found
    ]
    return download(rows, name="calls", fmt=fmt)


@router.get("/export/leads.{fmt}")
def export_leads(
    request: Request,
    fmt: Fmt,
    by: By = "campaign",
    group: str = "",
    figure: str = "new",
    date_from: From = None,
    date_to: To = None,
):
    lead_ids = _figure_leads(request, by, group, figure, date_from, date_to)
    rows = [
        {
            "lead_id": line.lead_id,
            "campaign": line.campaign,
            "source": line.source,
            "owner": line.owner,
            "created_at": _local(request, line.created_at),
            "minutes_to_first_contact": line.minutes_to_contact,
            "within_sla": line.within_sla,
            "stage": line.stage,
            "lost_reason": line.lost_reason,
            "loss_cause": line.loss_cause,
            "calls": list(line.calls),
        }
        for line in lead_lines(
            request.app.state.settings, lead_ids, engine=request.app.state.engine
        )
    ]
    return download(rows, name="leads", fmt=fmt)


@router.get("/export/reps.{fmt}")
def export_reps(
    request: Request, fmt: Fmt, campaign: str = "", date_from: From = None, date_to: To = None
):
    where = coach_filter(request, date_from, date_to, campaign)
    view = coaching(request.app.state.settings, where)
    reports = sorted(view.ranked + view.unranked, key=lambda r: r.rep)  # the CLI's order
    persona = rep_persona(request.app.state.settings, where)
    return download(rep_rows(reports, persona, flat=True), name="reps", fmt=fmt)


@router.get("/export/marketing.{fmt}")
def export_marketing(
    request: Request, fmt: Fmt, by: By = "campaign", date_from: From = None, date_to: To = None
):
    settings = request.app.state.settings
    rows, _ = campaign_report(settings, by=by, date_from=date_from, date_to=date_to)
    persona = campaign_persona(settings, by=by, date_from=date_from, date_to=date_to)
    table = campaign_rows(rows, by, persona, flat=True)  # the CLI's --format csv rows
    return download(table, name=f"lead-quality-by-{by}", fmt=fmt)
