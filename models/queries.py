"""Read-side queries that turn stored rows into qa's typed facts for reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from models.tables import CallMetrics, CallScore, Campaign, ItemResult, Lead, Recording, Rep
from qa.funnel import CallFacts, LeadFacts


@dataclass(frozen=True)
class StoredCall:
    """A processed call with its latest score, as reports and flags need it."""

    recording_id: int
    path: str
    rep: str | None
    campaign: str | None
    lead_pk: int | None
    call_time: datetime | None
    score: CallScore | None
    items: tuple[ItemResult, ...]
    metrics: CallMetrics | None


def latest_scores(session: Session) -> dict[int, CallScore]:
    """The newest score of each recording (re-scoring adds versions)."""
    latest: dict[int, CallScore] = {}
    for score in session.exec(select(CallScore).order_by(CallScore.scored_at, CallScore.id)):
        latest[score.recording_id] = score
    return latest


def stored_calls(session: Session) -> list[StoredCall]:
    scores = latest_scores(session)
    items: dict[int, list[ItemResult]] = defaultdict(list)
    for item in session.exec(
        select(ItemResult).where(ItemResult.call_score_id.in_([s.id for s in scores.values()]))
    ):
        items[item.call_score_id].append(item)
    metrics = {m.recording_id: m for m in session.exec(select(CallMetrics))}
    reps = {r.id: r.name for r in session.exec(select(Rep))}
    campaigns = {c.id: c.name for c in session.exec(select(Campaign))}
    calls = []
    for rec in session.exec(select(Recording).where(Recording.status == "done")):
        score = scores.get(rec.id)
        calls.append(
            StoredCall(
                recording_id=rec.id,
                path=rec.path,
                rep=reps.get(rec.rep_id),
                campaign=campaigns.get(rec.campaign_id),
                lead_pk=rec.lead_pk,
                call_time=rec.call_time or rec.processed_at,
                score=score,
                items=tuple(items.get(score.id, ())) if score else (),
                metrics=metrics.get(rec.id),
            )
        )
    return calls


def lead_facts(session: Session, calls: list[StoredCall] | None = None) -> list[LeadFacts]:
    """Every lead with its linked, processed calls."""
    calls = stored_calls(session) if calls is None else calls
    by_lead: dict[int, list[CallFacts]] = defaultdict(list)
    for call in calls:
        if call.lead_pk is None:
            continue
        by_lead[call.lead_pk].append(
            CallFacts(
                recording_id=call.recording_id,
                call_time=call.call_time,
                score=call.score.score if call.score else None,
                passed=call.score.passed if call.score else None,
                critical_failed=call.score.critical_failed if call.score else False,
                target_fit=call.score.target_fit if call.score else "unknown",
            )
        )
    campaigns = {c.id: c.name for c in session.exec(select(Campaign))}
    return [
        LeadFacts(
            lead_id=lead.lead_id,
            created_at=lead.created_at,
            stage=lead.stage,
            campaign=campaigns.get(lead.campaign_id),
            source=lead.source,
            owner=lead.owner,
            first_contact_at=lead.first_contact_at,
            calls=tuple(sorted(by_lead.get(lead.id, ()), key=lambda c: c.recording_id)),
        )
        for lead in session.exec(select(Lead).order_by(Lead.lead_id))
    ]
