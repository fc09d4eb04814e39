"""Persona figures in the reports people already use: ``callqa report campaigns`` and
the marketer's view per campaign (source, month, owner), ``callqa report reps`` and
the coach's view per rep.

One definition: the calls come from :func:`app.persona.persona_calls` (the read
model's corrected values, fit and loss cause), the figures from
:mod:`qa.persona.report`. Here a call counts under its lead's group, the way the
campaign report groups leads (the lead's campaign, source, owner, or the month it
was created, within the report's dates); calls linked to no lead are left out, as
they are from the funnel. ``callqa report persona`` shows the same figures per
call's own campaign, calls without a lead included.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from callqa.app.coaching import CoachFilter
from callqa.app.persona import persona_calls
from callqa.app.reports import campaign_rows_as_dicts, group_key, rep_rows_as_dicts, report_leads
from callqa.app.settings import Settings
from callqa.models.db import get_engine, session_scope
from callqa.qa.funnel import GroupReport
from callqa.qa.persona.catalog import reason_label
from callqa.qa.persona.configured import load_forms
from callqa.qa.persona.report import (
    LOST_STAGES,
    POOR_HANDLING,
    TOTAL,
    GroupRow,
    PersonaCall,
    RepRow,
    by_key,
    by_rep,
    lead_fit,
)
from callqa.qa.reps import RepReport

POORLY = "lost_right_poorly_handled"  # the figure's name in links to its calls
PERSONA_KEYS = (
    "form_completeness",
    "persona_leads",
    "fit_right_rate",
    "fit_wrong_rate",
    "fit_unknown_rate",
    "top_disqualifying_reasons",
    "persona_lost_leads",
    "lost_right_target_poorly_handled_rate",
)


def labeller(settings: Settings) -> Callable[[str, str], str]:
    """Names a violated criterion ("province:in") in the marketer's words."""
    catalog = load_forms(settings.config)
    return lambda form, key: reason_label(catalog, form, key)


def _all_calls(settings: Settings, session) -> list[PersonaCall]:
    return persona_calls(session, labeller(settings), sla_minutes=settings.config.leads.sla_minutes)


def all_persona_calls(settings: Settings) -> list[PersonaCall]:
    """Every processed call with a filled form, for ``callqa report persona|mismatches``
    and the persona pages (a bad configured form raises PersonaFormError)."""
    with session_scope(get_engine(settings.db_url)) as session:
        return _all_calls(settings, session)


def campaign_persona_calls(
    settings: Settings,
    *,
    by: str = "campaign",
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[tuple[str, PersonaCall]]:
    """(group, call) for every call with a filled form whose lead the report counts."""
    with session_scope(get_engine(settings.db_url)) as session:
        leads = report_leads(session, settings, date_from, date_to)
        calls = _all_calls(settings, session)
    key = group_key(settings, by)
    groups = {lead.lead_id: key(lead) or "(none)" for lead in leads}
    return [(groups[c.lead_id], c) for c in calls if c.lead_id in groups]


def campaign_persona(
    settings: Settings,
    *,
    by: str = "campaign",
    date_from: date | None = None,
    date_to: date | None = None,
) -> dict[str, GroupRow]:
    """Group -> its persona figures, with a TOTAL: form completeness, fit of the reached
    leads, top disqualifying reasons, lost leads that fit but were poorly handled."""
    pairs = campaign_persona_calls(settings, by=by, date_from=date_from, date_to=date_to)
    group = {c.recording_id: g for g, c in pairs}
    rows = by_key([c for _, c in pairs], lambda c: group[c.recording_id], total=True)
    return {row.group: row for row in rows}


def figure_calls(
    settings: Settings,
    *,
    by: str,
    group: str,
    fit: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[PersonaCall]:
    """The calls behind a group's persona figures (all of them for TOTAL); with ``fit``,
    those of the leads whose fit (over their calls) is that; with ``POORLY``, those of
    the lost leads that fit but whose loss is charged to poor handling."""
    pairs = campaign_persona_calls(settings, by=by, date_from=date_from, date_to=date_to)
    calls = [c for g, c in pairs if group in (g, TOTAL)]
    if not fit:
        return calls
    fits: dict[str, list[str]] = {}
    for c in calls:
        fits.setdefault(c.lead_id, []).append(c.fit)
    if fit == POORLY:
        return [
            c
            for c in calls
            if lead_fit(fits[c.lead_id]) == "right"
            and c.lead_stage in LOST_STAGES
            and c.loss_cause == POOR_HANDLING
        ]
    return [c for c in calls if lead_fit(fits[c.lead_id]) == fit]


def persona_columns(row: GroupRow | None, *, flat: bool) -> dict[str, object]:
    """A group's persona figures as report columns (None when no call filled a form).

    ``flat`` (CSV): the top reasons as one "34% outside the service area; ..." cell.
    """
    if row is None:
        return dict.fromkeys(PERSONA_KEYS)
    reasons: object = [{"reason": label, "share": share} for label, share in row.top_reasons]
    if flat:
        reasons = "; ".join(f"{share:.0%} {label}" for label, share in row.top_reasons)
    return {
        "form_completeness": row.completeness,
        "persona_leads": row.leads,
        "fit_right_rate": row.fit_right,
        "fit_wrong_rate": row.fit_wrong,
        "fit_unknown_rate": row.fit_unknown,
        "top_disqualifying_reasons": reasons,
        "persona_lost_leads": row.lost_leads,
        "lost_right_target_poorly_handled_rate": row.lost_right_poorly_handled,
    }


# --- per rep ----------------------------------------------------------------------------------


def _chosen(call: PersonaCall, where: CoachFilter | None) -> bool:
    if where is None:
        return True
    when = call.call_time
    return (
        (where.campaign is None or call.campaign == where.campaign)
        and (where.since is None or (when is not None and when >= where.since))
        and (where.until is None or (when is not None and when < where.until))
    )


def rep_persona_calls(settings: Settings, where: CoachFilter | None = None) -> list[PersonaCall]:
    """The calls with a filled form in the coach's filter (every call without one)."""
    with session_scope(get_engine(settings.db_url)) as session:
        calls = _all_calls(settings, session)
    return [c for c in calls if _chosen(c, where)]


def rep_persona(settings: Settings, where: CoachFilter | None = None) -> dict[str, RepRow]:
    """Rep -> how much of the form they collect and the fields they leave out most
    (calls with an unreliable transcript left out, as from the scorecards)."""
    return {row.rep: row for row in by_rep(rep_persona_calls(settings, where))}


def missing_calls(
    settings: Settings, where: CoachFilter | None, *, rep: str, field: str = ""
) -> list[PersonaCall]:
    """A rep's judged calls (in the filter) where ``field`` was not collected (any field
    when empty): the calls behind a "not collected" figure."""
    return [
        c
        for c in rep_persona_calls(settings, where)
        if not c.unreliable
        and (c.rep or "(unknown)") == rep
        and (field in c.missing if field else bool(c.missing))
    ]


def rep_columns(row: RepRow | None, *, flat: bool) -> dict[str, object]:
    """A rep's persona figures as report columns (None when no call filled a form)."""
    if row is None:
        return {"form_calls": None, "form_completeness": None, "not_collected": None}
    missing: object = {name: share for name, share in row.not_asked}
    if flat:
        missing = "; ".join(f"{name} {share:.0%}" for name, share in row.not_asked)
    return {
        "form_calls": row.calls,
        "form_completeness": row.completeness,
        "not_collected": missing,
    }


# --- the rows ``callqa report campaigns|reps`` and the web exports write ----------------------


def campaign_rows(
    rows: list[GroupReport], by: str, persona: dict[str, GroupRow], *, flat: bool
) -> list[dict[str, object]]:
    """The campaign report's rows: the funnel's columns, then the persona form's."""
    out = []
    for row, funnel in zip(rows, campaign_rows_as_dicts(rows, by), strict=True):
        figures = persona.get(row.group)
        funnel.update(persona_columns(figures, flat=flat))
        if not flat:
            funnel["persona_recording_ids"] = list(figures.recording_ids) if figures else []
        out.append(funnel)
    return out


def rep_rows(
    reports: list[RepReport], persona: dict[str, RepRow], *, flat: bool
) -> list[dict[str, object]]:
    """The rep report's rows: the scorecard's columns, then the persona form's (CSV: no
    weekly trend or weakest calls)."""
    out = []
    for row in rep_rows_as_dicts(reports):
        figures = persona.get(str(row["rep"]))
        if flat:
            row = {k: v for k, v in row.items() if k not in ("weekly", "weakest_calls")}
        row.update(rep_columns(figures, flat=flat))
        if not flat:
            row["form_recording_ids"] = list(figures.recording_ids) if figures else []
        out.append(row)
    return out
