"""The coach's view: scorecards for a date range and campaign, the team trend, missed items.

Built on the read model's effective values (:func:`app.read_model.call_results`),
as ``callqa report reps`` is, and qa.reps; with no filter the figures are the CLI's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from callqa.app.read_model import CallResult, call_results
from callqa.app.settings import Settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Campaign, ItemResult, Lead, Recording, Rep
from callqa.qa.reps import RepReport, ScoredCall, rep_reports
from sqlmodel import select

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


@dataclass(frozen=True)
class StoredCall:
    """A processed, scored call with its read-model result."""

    recording_id: int
    path: str
    rep: str | None
    campaign: str | None
    lead_pk: int | None
    call_time: datetime | None  # the call's time, else when it was processed
    result: CallResult

    @property
    def effective_score(self) -> float:
        return self.result.effective.score

    @property
    def effective_passed(self) -> bool:
        return self.result.effective.passed

    @property
    def effective_verdicts(self) -> dict[str, str]:
        return self.result.verdicts

    @property
    def items(self) -> tuple[ItemResult, ...]:
        return self.result.items


def stored_calls(session) -> list[StoredCall]:
    """Every processed call that has a score, in registration order."""
    results = call_results(session)
    reps = dict(session.exec(select(Rep.id, Rep.name)).all())
    campaigns = dict(session.exec(select(Campaign.id, Campaign.name)).all())
    done = session.exec(
        select(Recording).where(Recording.status == "done").order_by(Recording.id)
    ).all()
    return [
        StoredCall(
            recording_id=rec.id,
            path=rec.path,
            rep=reps.get(rec.rep_id),
            campaign=campaigns.get(rec.campaign_id),
            lead_pk=rec.lead_pk,
            call_time=rec.call_time or rec.processed_at,
            result=results[rec.id],
        )
        for rec in done
        if rec.id in results
    ]


def _all_campaigns(session) -> list[str]:
    return sorted(
        {
            name
            for name in session.exec(
                select(Campaign.name)
                .join(Recording, Recording.campaign_id == Campaign.id)
                .where(Recording.status == "done")
            ).all()
            if name
        }
    )


def _selected(calls: list[StoredCall], where: CoachFilter) -> list[StoredCall]:
    return [
        c
        for c in calls
        if (where.campaign is None or c.campaign == where.campaign)
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
        campaigns = _all_campaigns(session)
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
        campaigns=campaigns,
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
