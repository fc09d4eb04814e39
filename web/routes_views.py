"""Reading pages: the flag queue, call lists, the coach and the marketer views."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from callqa.app.call_list import ListChoice, choose
from callqa.app.checklists import label_for
from callqa.app.coaching import TEAM, CoachFilter, coaching, missed_calls
from callqa.app.lead_list import lead_lines, previous_period
from callqa.app.listings import leads_without_calls, list_calls
from callqa.app.queue import call_queue
from callqa.app.read_model import CallFilter
from callqa.app.reports import campaign_report
from callqa.app.reports_persona import POORLY, campaign_persona, rep_persona
from callqa.models.db import session_scope
from callqa.models.reviews import QueueFilter, queue_choices
from callqa.qa.funnel import ATTRIBUTIONS, RATIO_KEYS
from callqa.web import charts
from callqa.web.app import render
from callqa.web.auth import Viewer, current_viewer
from callqa.web.i18n import Formats, gettext_for, request_language
from callqa.web.labels import LABELS, label
from callqa.web.params import Day
from callqa.web.persona_charts import fit_chart as persona_fit_chart
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

router = APIRouter(include_in_schema=False)
HOME = {"qa_lead": "/queue", "coach": "/coach", "marketer": "/marketing", "admin": "/queue"}
GROUPINGS = ("campaign", "source", "month")


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
        date_from: Annotated[Day, Query(alias="from")] = None,
        date_to: Annotated[Day, Query(alias="to")] = None,
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

    def query_string(self) -> str:
        """The filter as a query string, to carry it from the queue to a call and back."""
        return urlencode({k: v for k, v in self.chosen.items() if v and v != "open"})


@router.get("/queue")
def queue(request: Request, query: Annotated[QueueQuery, Depends()]):
    with session_scope(request.app.state.engine) as session:
        calls = call_queue(session=session, where=query.where)
        choices = queue_choices(session=session)
    return render(
        request,
        "queue.html",
        calls=calls,
        choices=choices,
        chosen=query.chosen,
        carried=query.query_string(),
    )


def missed_title(_, rep: str, item: str, label: str) -> str:
    return _("Calls by %(rep)s where “%(item)s” was missed") % {"rep": rep, "item": label}


@router.get("/calls")
def calls(
    request: Request,
    rep: str = "",
    item: str = "",
    campaign: str = "",
    by: str = Query("campaign", pattern="^(campaign|source|month)$"),
    group: str = "",
    figure: str = "",
    date_from: Annotated[Day, Query(alias="from")] = None,
    date_to: Annotated[Day, Query(alias="to")] = None,
    sort: str = Query("time", pattern="^(time|score|rep|campaign)$"),
    order: str = Query("desc", pattern="^(asc|desc)$"),
):
    """All calls, one rep's calls, a rep's calls that missed an item, or a figure's leads.

    Without a figure the list is filtered by rep, campaign and call dates and
    sorted by any of time, score, rep and campaign.
    """
    _ = gettext_for(request)
    engine = request.app.state.engine
    settings = request.app.state.settings
    lang = request_language(request)
    if rep and item:
        since, until = day_window(ZoneInfo(settings.config.timezone), date_from, date_to)
        where = CoachFilter(since=since, until=until, campaign=campaign or None)
        label = label_for(request.app.state.items, item, lang)
        return render(
            request,
            "missed.html",
            title=missed_title(_, rep, item, label),
            lines=missed_calls(settings, where, rep=rep, item=item),
            item=item,
        )
    title, missing, leads = _("All calls"), [], []
    where = CallFilter(rep=rep or None)
    if rep:
        title = _("Calls by %(rep)s") % {"rep": rep}
    if figure:
        rows, _unlinked = campaign_report(settings, by=by, date_from=date_from, date_to=date_to)
        row = next((r for r in rows if r.group == group), None)
        if row is None or figure not in row.lead_ids:
            raise HTTPException(status_code=404, detail=f"no figure {figure!r} for {by} {group!r}")
        lead_ids = row.lead_ids[figure]
        where = CallFilter(lead_ids=lead_ids)
        title = _("%(group)s: %(figure)s (%(count)s leads)") % {
            "group": group if group != "TOTAL" else _("all leads"),
            "figure": figure_name(_, figure),
            "count": len(lead_ids),
        }
        missing = leads_without_calls(settings, lead_ids, engine=engine)
        leads = lead_lines(settings, lead_ids, engine=engine)
    rows = list_calls(settings, where, engine=engine)
    chosen = {"rep": rep, "campaign": campaign, "from": date_from or "", "to": date_to or ""}
    choices = {}
    if not figure:
        since, until = day_window(ZoneInfo(settings.config.timezone), date_from, date_to)
        choice = ListChoice(campaign or None, since, until, sort, order == "desc")
        rows = choose(rows, choice)
        with session_scope(engine) as session:
            choices = queue_choices(session=session)
    return render(
        request,
        "calls.html",
        title=title,
        rows=rows,
        choices=choices,
        chosen=chosen,
        sort=sort,
        order=order,
        filter_query=urlencode({k: v for k, v in chosen.items() if v}),
        missing=missing,
        leads=leads,
        sla_minutes=settings.config.leads.sla_minutes,
        export_query=request.url.query,
    )


def figure_name(_, figure: str) -> str:
    if figure.startswith("lost_"):
        return _("lost: %(cause)s") % {"cause": label(_, "cause", figure[5:])}
    if figure in LABELS["ratio"]:
        return label(_, "ratio", figure)
    return label(_, "stage", figure)


def coach_filter(request: Request, date_from, date_to, campaign: str) -> CoachFilter:
    zone = ZoneInfo(request.app.state.settings.config.timezone)
    since, until = day_window(zone, date_from, date_to)
    return CoachFilter(since=since, until=until, campaign=campaign or None)


@router.get("/coach")
def coach(
    request: Request,
    campaign: str = "",
    date_from: Annotated[Day, Query(alias="from")] = None,
    date_to: Annotated[Day, Query(alias="to")] = None,
):
    _ = gettext_for(request)
    lang = request_language(request)
    where = coach_filter(request, date_from, date_to, campaign)
    view = coaching(request.app.state.settings, where)
    reports = view.ranked + view.unranked
    persona = rep_persona(request.app.state.settings, where)
    team = [(week, mean) for week, mean, _n in view.team_weekly]
    trends = {
        r.rep: charts.line_chart(
            [(week, mean) for week, mean, _n in r.weekly],
            title=_("%(rep)s: mean score by week") % {"rep": r.rep},
            name=r.rep,
            reference=team,
            reference_name=_("team"),
        )
        for r in reports
    }
    board_chart = charts.grouped_bars(
        [r.rep for r in view.ranked],
        [charts.Series(_("mean score"), [r.mean_score for r in view.ranked])],
        title=_("Mean score by rep"),
        y_max=100,
    )
    catalog = request.app.state.items
    chosen = {"campaign": campaign, "from": date_from or "", "to": date_to or ""}
    carried = urlencode({k: v for k, v in chosen.items() if v})

    def missing_link(rep: str, field: str = "") -> str:
        query = {"rep": rep} | ({"field": field} if field else {})
        return "/persona/missing?" + urlencode(query) + ("&" + carried if carried else "")

    persona_rows = sorted(persona.values(), key=lambda r: r.completeness)  # weakest first
    persona_chart = charts.grouped_bars(
        [r.rep for r in persona_rows],
        [
            charts.Series(
                _("form collected"),
                [100 * r.completeness for r in persona_rows],
                [missing_link(r.rep) for r in persona_rows],
            )
        ],
        title=_("Persona form collected per rep (%)"),
        y_max=100,
        unit="%",
    )
    return render(
        request,
        "coach.html",
        view=view,
        reports=reports,
        trends=trends,
        board_chart=board_chart,
        labels={i: label_for(catalog, i, lang) for r in reports for i in r.item_pass_rates},
        item_rows={  # weakest item first; items that never applied last
            r.rep: sorted(r.item_pass_rates.items(), key=lambda kv: (kv[1] is None, kv[1] or 0))
            for r in reports
        },
        chosen=chosen,
        carried=carried,
        team=TEAM,
        persona_rows=persona_rows,
        persona_chart=persona_chart if persona_rows else None,
        missing_link=missing_link,
    )


def figure_link(by: str, group: str, figure: str, date_from, date_to) -> str:
    query = {"by": by, "group": group, "figure": figure}
    query |= {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return "/calls?" + urlencode(query)


def speed_ticks(_, fmt: Formats) -> list[tuple[float, str]]:
    return [
        (1, fmt.duration_min(1)),
        (10, fmt.duration_min(10)),
        (60, fmt.duration_min(60)),
        (6 * 60, fmt.duration_min(6 * 60)),
        (24 * 60, fmt.duration_min(24 * 60)),
        (7 * 24 * 60, fmt.duration_min(7 * 24 * 60)),
    ]


def persona_link(by: str, group: str, fit: str, date_from, date_to) -> str:
    """The calls behind a persona figure of the marketer's view."""
    query = {"by": by, "group": group} | ({"fit": fit} if fit else {})
    query |= {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    return "/persona/figure?" + urlencode(query)


def _share(value: float | None) -> float | None:
    return None if value is None else 100 * value


def persona_charts(_, groups, by: str, link) -> list[tuple[str, str]]:
    """The persona form's charts per group: fit of the reached leads, form collected."""
    if not groups:
        return []
    names = [r.group for r in groups]
    fit_chart = persona_fit_chart(_, groups, link)
    form_chart = charts.grouped_bars(
        names,
        [
            charts.Series(
                _("form collected"),
                [100 * r.completeness for r in groups],
                [link(r.group, "") for r in groups],
            ),
            charts.Series(
                _("lost: right target, poorly handled"),
                [_share(r.lost_right_poorly_handled) for r in groups],
                [link(r.group, POORLY) for r in groups],
            ),
        ],
        title=_("Form completeness and lost leads that fit (%)"),
        y_max=100,
        unit="%",
    )
    return [
        (_("Fit of reached leads: right, wrong, unknown (%)"), fit_chart),
        (_("Form collected, and lost leads that fit but were poorly handled (%)"), form_chart),
    ]


@router.get("/marketing")
def marketing(
    request: Request,
    by: str = Query("campaign", pattern="^(campaign|source|month)$"),
    date_from: Annotated[Day, Query(alias="from")] = None,
    date_to: Annotated[Day, Query(alias="to")] = None,
):
    _ = gettext_for(request)
    settings = request.app.state.settings
    fmt = Formats(lang=request_language(request), zone=ZoneInfo(settings.config.timezone))
    rows, unlinked = campaign_report(settings, by=by, date_from=date_from, date_to=date_to)
    persona = campaign_persona(settings, by=by, date_from=date_from, date_to=date_to)
    groups = [r for r in rows if r.group != "TOTAL"]
    total = next((r for r in rows if r.group == "TOTAL"), None)
    empty = total is None or total.counts["new"] == 0
    sla = settings.config.leads.sla_minutes
    names = [r.group for r in groups]

    def link(group: str, figure: str) -> str:
        return figure_link(by, group, figure, date_from, date_to)

    def name(kind: str, code: str) -> str:
        return label(_, kind, code)

    shown = []
    if not empty:
        ratio_chart = charts.grouped_bars(
            names,
            [
                charts.Series(
                    name("ratio", ratio),
                    [None if r.ratios[ratio] is None else 100 * r.ratios[ratio] for r in groups],
                    [link(r.group, key) for r in groups],
                )
                for ratio, key in RATIO_KEYS.items()
            ],
            title=_("Lead-quality ratios (% of new leads)"),
            y_max=100,
            unit="%",
        )
        speeds = [r.speed_to_lead_median_min for r in groups]
        speed_chart = charts.log_bars(
            names,
            speeds,
            title=_("Speed to lead (median time to first contact)"),
            sla_minutes=sla,
            sla_label=_("SLA %(time)s") % {"time": fmt.duration_min(sla)},
            ticks=speed_ticks(_, fmt),
            value_labels=[fmt.duration_min(m) for m in speeds],
            links=[link(r.group, "new") for r in groups],
        )
        loss_chart = charts.stacked_bars(
            names,
            [
                charts.Series(
                    name("cause", cause),
                    [r.attribution[cause] for r in groups],
                    [link(r.group, f"lost_{cause}") for r in groups],
                )
                for cause in ATTRIBUTIONS
            ],
            title=_("Lost and wrong-target leads by cause"),
        )
        shown = [
            (_("Lead-quality ratios: share of new leads"), ratio_chart),
            (
                _("Speed to lead: median time to first contact (log scale, SLA %(time)s)")
                % {"time": fmt.duration_min(sla)},
                speed_chart,
            ),
            (_("Lost and wrong-target leads by cause"), loss_chart),
        ]

    def persona_figure(group: str, fit: str) -> str:
        return persona_link(by, group, fit, date_from, date_to)

    persona_rows = [persona[r.group] for r in rows if r.group in persona]
    if not empty:
        persona_groups = [r for r in persona_rows if r.group != "TOTAL"]
        shown += persona_charts(_, persona_groups, by, persona_figure)
    previous = previous_period(date_from, date_to)
    compare = []
    if previous and not empty:
        before, _unlinked = campaign_report(
            settings, by=by, date_from=previous[0], date_to=previous[1]
        )
        earlier = {r.group: r for r in before}
        compare = [(r, earlier.get(r.group)) for r in rows]
    chosen = {"by": by, "from": date_from or "", "to": date_to or ""}
    return render(
        request,
        "marketing.html",
        rows=rows,
        by=by,
        unlinked=unlinked,
        ratio_keys=RATIO_KEYS,
        causes=ATTRIBUTIONS,
        link=link,
        charts=shown,
        empty=empty,
        previous=previous,
        compare=compare,
        chosen=chosen,
        export_query=urlencode({k: v for k, v in chosen.items() if v}),
        sla_minutes=sla,
        persona_rows=persona_rows,
        persona_link=persona_figure,
        groupings=GROUPINGS,
    )
