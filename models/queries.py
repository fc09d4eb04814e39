"""Read-side queries that turn stored rows into qa's typed facts for reports."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, select

from models.tables import (
    CallMetrics,
    CallScore,
    Campaign,
    ItemResult,
    Lead,
    Recording,
    Rep,
    ReviewAction,
)
from qa import review
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
    # After people's reviews (the automated values when nobody changed anything):
    effective_score: float | None = None
    effective_passed: bool | None = None
    effective_verdicts: dict[str, str] = field(default_factory=dict)
    # issue 13: below the transcript-quality gate; reports and flags leave it unjudged
    unreliable: bool = False
    quality_reasons: tuple[str, ...] = ()


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
    actions = _review_actions(session, scores)
    for rec in session.exec(select(Recording).where(Recording.status == "done")):
        score = scores.get(rec.id)
        call_items = tuple(items.get(score.id, ())) if score else ()
        effective = _effective(score, call_items, actions.get(rec.id, []))
        calls.append(
            StoredCall(
                recording_id=rec.id,
                path=rec.path,
                rep=reps.get(rec.rep_id),
                campaign=campaigns.get(rec.campaign_id),
                lead_pk=rec.lead_pk,
                call_time=rec.call_time or rec.processed_at,
                score=score,
                items=call_items,
                metrics=metrics.get(rec.id),
                unreliable=rec.transcript_unreliable,  # issue 13
                quality_reasons=tuple((rec.quality or {}).get("reasons", ())),
                **effective,
            )
        )
    return calls


def _review_actions(
    session: Session, scores: dict[int, CallScore]
) -> dict[int, list[review.Action]]:
    """Reviewers' item and score changes that apply to each call's current score."""
    out: dict[int, list[review.Action]] = defaultdict(list)
    query = select(ReviewAction).where(ReviewAction.kind.in_(("item", "score")))
    for action in session.exec(query):
        score = scores.get(action.recording_id)
        if score is None or (action.checklist_name, action.checklist_version) != (
            score.checklist_name,
            score.checklist_version,
        ):
            continue  # made against another checklist version
        out[action.recording_id].append(
            review.Action(
                action.reviewer, action.kind, action.target, action.after, action.created_at
            )
        )
    return out


def _effective(
    score: CallScore | None, items: tuple[ItemResult, ...], actions: list[review.Action]
) -> dict[str, object]:
    if score is None:
        return {}
    automated = {i.item_id: i.verdict for i in items}
    verdicts = review.effective_verdicts(automated, actions)
    value = review.effective_score(score.score, actions)
    return {
        "effective_score": value,
        "effective_verdicts": verdicts,
        "effective_passed": review.effective_passed(
            automated_passed=score.passed,
            score=value,
            pass_mark=score.pass_mark,
            verdicts=verdicts,
            critical={i.item_id: i.critical for i in items},
            overridden=bool(actions),
        ),
    }


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
                score=call.effective_score,
                passed=call.effective_passed,
                critical_failed=call.score.critical_failed and call.effective_passed is False
                if call.score
                else False,
                target_fit=call.score.target_fit if call.score else "unknown",
                unreliable=call.unreliable,  # issue 13: not judged, attributed apart
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
