"""The coach's view: scorecards for a date range and campaign, the team trend, missed items.

Built on the same stored calls as ``callqa report reps`` (models.queries.stored_calls,
effective values after reviews) and qa.reps; with no filter the figures are the CLI's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlmodel import select

from callqa.settings import Settings
from models.db import get_engine, session_scope
from models.queries import StoredCall, stored_calls
from models.tables import Lead
from qa.reps import RepReport, ScoredCall, rep_reports

TEAM = "__team__"


@dataclass(frozen=True)
class CoachFilter:
    since: datetime | None = None  # calls made at or after
    until: datetime | None = None  # ...and before
    campaign: str | None = None


@dataclass(frozen=True)
class CallLine:
    """A call as a coach reads it in a list."""

    recording_id: int
    name: str
    call_time: datetime | None
    score: float | None
    lead_id: str | None
    at_s: float = 0.0  # where to start listening (the evidence)
    verdict: str | None = None


@dataclass(frozen=True)
class Coaching:
    ranked: list[RepReport]  # at least min_calls calls, best first
    unranked: list[RepReport]  # too few calls to rank
    team_weekly: tuple[tuple[str, float, int], ...]
    weakest: dict[str, list[CallLine]]  # rep -> weakest calls
    campaigns: list[str]
    min_calls: int


def _selected(calls: list[StoredCall], where: CoachFilter) -> list[StoredCall]:
    return [
        c
        for c in calls
        if c.score is not None
        and (where.campaign is None or c.campaign == where.campaign)
        and (where.since is None or (c.call_time is not None and c.call_time >= where.since))
        and (where.until is None or (c.call_time is not None and c.call_time < where.until))
    ]


def _scored(call: StoredCall) -> ScoredCall:
    return ScoredCall(
        recording_id=call.recording_id,
        rep=call.rep,
        call_time=call.call_time,
        score=call.effective_score,
        passed=call.effective_passed,
        verdicts=call.effective_verdicts,
    )


def _lead_ids(session) -> dict[int, str]:
    return dict(session.exec(select(Lead.id, Lead.lead_id)).all())


def _line(call: StoredCall, leads: dict[int, str], **extra) -> CallLine:
    return CallLine(
        recording_id=call.recording_id,
        name=Path(call.path).name,
        call_time=call.call_time,
        score=call.effective_score,
        lead_id=leads.get(call.lead_pk) if call.lead_pk else None,
        **extra,
    )


def coaching(settings: Settings, where: CoachFilter) -> Coaching:
    zone = ZoneInfo(settings.config.timezone)
    with session_scope(get_engine(settings.db_url)) as session:
        every = stored_calls(session)
        leads = _lead_ids(session)
    calls = _selected(every, where)
    reports = rep_reports([_scored(c) for c in calls], zone=zone)
    team = rep_reports([dataclasses.replace(_scored(c), rep=TEAM) for c in calls], zone=zone)
    min_calls = settings.config.ui.min_calls_to_rank
    by_id = {c.recording_id: c for c in calls}
    order = sorted(reports, key=lambda r: (-r.mean_score, -r.pass_rate, r.rep))
    return Coaching(
        ranked=[r for r in order if r.calls >= min_calls],
        unranked=[r for r in order if r.calls < min_calls],
        team_weekly=team[0].weekly if team else (),
        weakest={r.rep: [_line(by_id[i], leads) for i in r.weakest] for r in reports},
        campaigns=sorted({c.campaign for c in every if c.campaign}),
        min_calls=min_calls,
    )


def missed_calls(settings: Settings, where: CoachFilter, *, rep: str, item: str) -> list[CallLine]:
    """A rep's calls where ``item`` was missed or violated (effective verdicts), worst first.

    Each starts at the item's first evidence when it has any (a partial match,
    a forbidden phrase), else at the start of the call.
    """
    with session_scope(get_engine(settings.db_url)) as session:
        calls = _selected(stored_calls(session), where)
        leads = _lead_ids(session)
    found = []
    for call in calls:
        verdict = call.effective_verdicts.get(item)
        if (call.rep or "(unknown)") != rep or verdict not in ("missed", "violated"):
            continue
        row = next((i for i in call.items if i.item_id == item), None)
        starts = [float(e["start"]) for e in (row.evidence if row else []) if "start" in e]
        found.append(_line(call, leads, at_s=min(starts, default=0.0), verdict=verdict))
    return sorted(found, key=lambda c: (c.score if c.score is not None else 0, c.recording_id))
