"""Persona pages: the marketer's view per campaign, the coach's per rep, the calls behind
each number, and the reviewer's correction of a call's form."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from callqa.app.persona import correct_persona
from callqa.app.reports_persona import POORLY, TOTAL, all_persona_calls, figure_calls, missing_calls
from callqa.app.review import NotFoundError, ReviewError
from callqa.qa.persona import report
from callqa.web import charts, persona_charts
from callqa.web.app import render
from callqa.web.auth import REVIEWERS, Viewer, check_csrf, require
from callqa.web.i18n import gettext_for
from callqa.web.labels import label
from callqa.web.params import Day
from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import RedirectResponse

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
Reviewer = Annotated[Viewer, Depends(require(REVIEWERS))]
GROUPINGS = ("campaign", "source", "month")


def _calls(request: Request) -> list[report.PersonaCall]:
    return all_persona_calls(request.app.state.settings)


def calls_link(by: str, group: str, fit: str = "") -> str:
    query = {"by": by, "group": group} | ({"fit": fit} if fit else {})
    return "/persona/calls?" + urlencode(query)


@router.get("/persona")
def persona_groups(
    request: Request, by: str = Query("campaign", pattern="^(campaign|source|month)$")
):
    _ = gettext_for(request)
    rows = report.by_group(_calls(request), by)
    names = [r.group for r in rows]
    fit_chart = persona_charts.fit_chart(_, rows, lambda group, fit: calls_link(by, group, fit))
    form_chart = charts.grouped_bars(
        names,
        [
            charts.Series(
                _("form collected"),
                [100 * r.completeness for r in rows],
                [calls_link(by, r.group) for r in rows],
            )
        ],
        title=_("Form completeness (%)"),
        y_max=100,
        unit="%",
    )
    return render(
        request,
        "persona.html",
        rows=rows,
        by=by,
        groupings=GROUPINGS,
        link=calls_link,
        charts=[
            (_("Fit of reached leads: right, wrong, unknown (%)"), fit_chart),
            (_("How much of the form Sales collected (%)"), form_chart),
        ],
    )


@router.get("/persona/reps")
def persona_reps(request: Request):
    _ = gettext_for(request)
    rows = report.by_rep(_calls(request))
    chart = charts.grouped_bars(
        [r.rep for r in rows],
        [
            charts.Series(
                _("form collected"),
                [100 * r.completeness for r in rows],
                [calls_link("rep", r.rep) for r in rows],
            )
        ],
        title=_("Form completeness per rep (%)"),
        y_max=100,
        unit="%",
    )
    return render(request, "persona_reps.html", rows=rows, link=calls_link, chart=chart)


@router.get("/persona/calls")
def persona_call_list(
    request: Request,
    by: str = Query("campaign", pattern="^(campaign|source|month|rep)$"),
    group: str = "",
    fit: str = Query("", pattern="^(|right|wrong|unknown)$"),
):
    calls = [
        c
        for c in _calls(request)
        if (getattr(c, by) or "(none)") == group and (not fit or c.fit == fit)
    ]
    return render(request, "persona_calls.html", calls=calls, by=by, group=group, fit=fit)


@router.get("/persona/figure")
def persona_figure_calls(
    request: Request,
    by: str = Query("campaign", pattern="^(campaign|source|month)$"),
    group: str = "",
    fit: str = Query("", pattern=f"^(|right|wrong|unknown|{POORLY})$"),
    date_from: Annotated[Day, Query(alias="from")] = None,
    date_to: Annotated[Day, Query(alias="to")] = None,
):
    """The calls behind a persona figure of the marketer's view (its leads and dates)."""
    _ = gettext_for(request)
    calls = figure_calls(
        request.app.state.settings,
        by=by,
        group=group,
        fit=fit,
        date_from=date_from,
        date_to=date_to,
    )
    shown = _("all leads") if group == TOTAL else group
    if fit == POORLY:
        title = _("%(group)s: lost leads that fit but were poorly handled") % {"group": shown}
    elif fit:
        title = _("%(group)s: leads with fit %(fit)s") % {
            "group": shown,
            "fit": label(_, "fit", fit),
        }
    else:
        title = _("%(group)s: calls with a filled persona form") % {"group": shown}
    query = {"by": by} | {k: v for k, v in (("from", date_from), ("to", date_to)) if v}
    back = "/marketing?" + urlencode(query)
    return render(request, "persona_calls.html", calls=calls, title=title, back=back)


@router.get("/persona/missing")
def persona_missing_calls(
    request: Request,
    rep: str,
    field: str = "",
    campaign: str = "",
    date_from: Annotated[Day, Query(alias="from")] = None,
    date_to: Annotated[Day, Query(alias="to")] = None,
):
    """A rep's calls where a form field was not collected (the coach view's links)."""
    from callqa.web.routes_views import coach_filter

    _ = gettext_for(request)
    where = coach_filter(request, date_from, date_to, campaign)
    calls = missing_calls(request.app.state.settings, where, rep=rep, field=field)
    if field:
        title = _("Calls by %(rep)s where “%(field)s” was not collected") % {
            "rep": rep,
            "field": label(_, "persona", field),
        }
    else:
        title = _("Calls by %(rep)s where part of the form was not collected") % {"rep": rep}
    query = {k: v for k, v in (("campaign", campaign), ("from", date_from), ("to", date_to)) if v}
    back = "/coach" + ("?" + urlencode(query) if query else "")
    return render(request, "persona_calls.html", calls=calls, title=title, back=back)


@router.get("/persona/mismatches")
def persona_mismatches(request: Request):
    """Leads whose CRM status disagrees with their calls' fit, either way."""
    found = report.mismatches(_calls(request))
    return render(request, "persona_mismatches.html", mismatches=found)


@router.post("/calls/{recording_id}/persona")
def correct(
    request: Request,
    recording_id: int,
    viewer: Reviewer,
    target: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
):
    from callqa.web.routes_calls import call_page

    try:
        correct_persona(
            request.app.state.engine,
            request.app.state.settings.config,
            user_id=viewer.id,
            recording_id=recording_id,
            target=target,
            value=value,
            reason=reason,
        )
    except NotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except ReviewError as exc:
        return call_page(request, recording_id, error=str(exc), status=400)
    return RedirectResponse(f"/calls/{recording_id}#persona", status_code=303)
