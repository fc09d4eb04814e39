"""Reports and listings for Sales and Marketing: the read model through qa's report functions.

Every figure uses the effective values after people's reviews
(:mod:`app.read_model`); the CLI, the web pages and the JSON API all call
these functions.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from callqa.app.read_model import call_results, lead_facts, unreliable_transcripts
from callqa.app.settings import Settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Recording, Rep
from callqa.qa.funnel import GroupReport, LeadFacts, funnel_by, report_to_dict
from callqa.qa.reps import RepReport, ScoredCall, rep_reports
from callqa.qa.spreadsheet import safe_row
from sqlmodel import select

GROUPINGS = ("campaign", "source", "rep", "month")


def _window(settings: Settings, date_from: date | None, date_to: date | None):
    zone = ZoneInfo(settings.config.timezone)
    start = datetime.combine(date_from, time.min, zone) if date_from else None
    end = datetime.combine(date_to + timedelta(days=1), time.min, zone) if date_to else None
    return start, end


def report_leads(
    session, settings: Settings, date_from: date | None, date_to: date | None
) -> list[LeadFacts]:
    """The leads a campaign report counts: created in the window (local days)."""
    start, end = _window(settings, date_from, date_to)
    return [
        lead
        for lead in lead_facts(session)
        if (start is None or lead.created_at >= start) and (end is None or lead.created_at < end)
    ]


def group_key(settings: Settings, by: str) -> Callable[[LeadFacts], str | None]:
    """A lead's group in the campaign report: its campaign, source, owner or month created."""
    zone = ZoneInfo(settings.config.timezone)

    def key(lead: LeadFacts) -> str | None:
        if by == "month":
            return lead.created_at.astimezone(zone).strftime("%Y-%m")
        return {"campaign": lead.campaign, "source": lead.source, "rep": lead.owner}[by]

    return key


def campaign_report(
    settings: Settings,
    *,
    by: str = "campaign",
    date_from: date | None = None,
    date_to: date | None = None,
) -> tuple[list[GroupReport], int]:
    """Rows per group plus a TOTAL row, and the number of calls linked to no lead."""
    with session_scope(get_engine(settings.db_url)) as session:
        leads = report_leads(session, settings, date_from, date_to)
        unlinked = len(
            session.exec(
                select(Recording.id).where(Recording.status == "done", Recording.lead_pk.is_(None))
            ).all()
        )
    rows = funnel_by(leads, group_key(settings, by), sla_minutes=settings.config.leads.sla_minutes)
    return rows, unlinked


def campaign_rows_as_dicts(rows: list[GroupReport], by: str) -> list[dict[str, object]]:
    return [report_to_dict(row, by) for row in rows]


def to_csv(rows: list[dict[str, object]]) -> str:
    """CSV with a header row; the caller adds a BOM when writing a file for spreadsheets.

    Every cell goes through ``safe_cell``: CRM text cannot become a live formula.
    """
    buffer = io.StringIO()
    if rows:
        safe = [safe_row(row) for row in rows]
        writer = csv.DictWriter(buffer, fieldnames=list(safe[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(safe)
    return buffer.getvalue()


def reps_report(settings: Settings) -> list[RepReport]:
    with session_scope(get_engine(settings.db_url)) as session:
        results = call_results(session)
        reps = dict(session.exec(select(Rep.id, Rep.name)).all())
        done = session.exec(
            select(Recording.id, Recording.rep_id, Recording.call_time, Recording.processed_at)
            .where(Recording.status == "done")
            .order_by(Recording.id)
        ).all()
        calls = [
            ScoredCall(
                recording_id=rid,
                rep=reps.get(rep_id),
                call_time=call_time or processed_at,
                score=results[rid].effective.score,
                passed=results[rid].effective.passed,
                verdicts=results[rid].verdicts,
            )
            for rid, rep_id, call_time, processed_at in done
            if rid in results and not results[rid].unreliable  # issue 13: not judged
        ]
    return rep_reports(calls, zone=ZoneInfo(settings.config.timezone))


def unreliable_calls_by_rep(settings: Settings) -> dict[str, int]:
    """Calls per rep left out of the scorecards: transcript below the quality gate (issue 13)."""
    with session_scope(get_engine(settings.db_url)) as session:
        unreliable = unreliable_transcripts(session)
        reps = dict(session.exec(select(Rep.id, Rep.name)).all())
        done = session.exec(
            select(Recording.id, Recording.rep_id).where(Recording.status == "done")
        ).all()
        counts: dict[str, int] = {}
        for rid, rep_id in done:
            if rid in unreliable:
                rep = reps.get(rep_id) or "(unknown)"
                counts[rep] = counts.get(rep, 0) + 1
        return counts


def rep_rows_as_dicts(reports: list[RepReport]) -> list[dict[str, object]]:
    """Scorecard rows (calls whose transcript is unreliable are not in them: issue 13)."""
    return [
        {
            "rep": r.rep,
            "calls": r.calls,
            "mean_score": r.mean_score,
            "pass_rate": r.pass_rate,
            **{f"pass_rate_{item}": rate for item, rate in r.item_pass_rates.items()},
            "weekly": [{"week": w, "mean_score": m, "calls": n} for w, m, n in r.weekly],
            "weakest_calls": list(r.weakest),
        }
        for r in reports
    ]
