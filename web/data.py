"""What the call page and call lists show, read from the database in one place.

Effective values (a reviewer's latest change, else the automated result) are
worked out here with qa.review, so pages and the JSON API agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from models.db import session_scope
from models.persona import effective_fits
from models.reviews import actions_for
from models.tables import (
    CallMetrics,
    CallScore,
    Campaign,
    Flag,
    ItemResult,
    Lead,
    Recording,
    Rep,
    ReviewAction,
    TranscriptSegment,
)
from qa import review
from qa.funnel import CallFacts, LeadFacts, attribute_loss


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class ItemView:
    item_id: str
    label: str
    critical: bool
    weight: float
    automated: str
    effective: str
    reason: str
    evidence: list[dict[str, Any]]

    @property
    def overridden(self) -> bool:
        return self.automated != self.effective


@dataclass(frozen=True)
class CallView:
    recording: Recording
    rep: str | None
    campaign: str | None
    lead: Lead | None
    lead_loss_cause: str | None
    score: CallScore | None
    effective_score: float | None
    effective_passed: bool | None
    items: list[ItemView]
    turns: list[Turn]
    metrics: CallMetrics | None
    flags: list[Flag]
    history: list[ReviewAction]
    calibration: list[review.Agreement] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.recording.path).name

    @property
    def score_overridden(self) -> bool:
        return self.score is not None and self.effective_score != self.score.score


def as_actions(rows: Sequence[ReviewAction], score: CallScore | None) -> list[review.Action]:
    """Review rows that apply to ``score``'s checklist version, as qa.review reads them."""
    version = (score.checklist_name, score.checklist_version) if score else None
    return [
        review.Action(
            reviewer=r.reviewer, kind=r.kind, target=r.target, after=r.after, at=r.created_at
        )
        for r in rows
        if r.kind == "flag" or (r.checklist_name, r.checklist_version) == version
    ]


def speaker_turns(segments: Sequence[TranscriptSegment]) -> list[Turn]:
    """Consecutive segments by one speaker joined into a turn."""
    turns: list[Turn] = []
    for seg in segments:
        text = seg.text.strip()
        if turns and turns[-1].speaker == seg.speaker:
            last = turns[-1]
            turns[-1] = Turn(last.speaker, last.start, seg.end, f"{last.text} {text}".strip())
        else:
            turns.append(Turn(seg.speaker, seg.start, seg.end, text))
    return turns


def load_call(engine: Engine, recording_id: int, *, sla_minutes: float) -> CallView | None:
    with session_scope(engine) as session:
        recording = session.get(Recording, recording_id)
        if recording is None:
            return None
        score = latest_scores_for(session, [recording_id]).get(recording_id)
        item_rows = (
            list(
                session.exec(
                    select(ItemResult)
                    .where(ItemResult.call_score_id == score.id)
                    .order_by(ItemResult.id)
                )
            )
            if score
            else []
        )
        history = actions_for(session=session, recording_id=recording_id)
        actions = as_actions(history, score)
        automated = {i.item_id: i.verdict for i in item_rows}
        effective = review.effective_verdicts(automated, actions)
        eff_score = review.effective_score(score.score, actions) if score else None
        lead = session.get(Lead, recording.lead_pk) if recording.lead_pk else None
        return CallView(
            recording=recording,
            rep=_name(session, Rep, recording.rep_id),
            campaign=_name(session, Campaign, recording.campaign_id),
            lead=lead,
            lead_loss_cause=_loss_cause(session, lead, sla_minutes) if lead else None,
            score=score,
            effective_score=eff_score,
            effective_passed=(
                review.effective_passed(
                    automated_passed=score.passed,
                    score=eff_score,
                    pass_mark=score.pass_mark,
                    verdicts=effective,
                    critical={i.item_id: i.critical for i in item_rows},
                    overridden=effective != automated or eff_score != score.score,
                )
                if score
                else None
            ),
            items=[
                ItemView(
                    item_id=i.item_id,
                    label=i.label,
                    critical=i.critical,
                    weight=i.weight,
                    automated=i.verdict,
                    effective=effective[i.item_id],
                    reason=i.reason,
                    evidence=list(i.evidence),
                )
                for i in item_rows
            ],
            turns=speaker_turns(
                session.exec(
                    select(TranscriptSegment)
                    .where(TranscriptSegment.recording_id == recording_id)
                    .order_by(TranscriptSegment.idx)
                ).all()
            ),
            metrics=session.exec(
                select(CallMetrics).where(CallMetrics.recording_id == recording_id)
            ).first(),
            flags=list(
                session.exec(
                    select(Flag)
                    .where(Flag.recording_id == recording_id)
                    .order_by(Flag.severity.desc(), Flag.id)
                )
            ),
            history=history,
            calibration=review.calibration(automated, score.score, actions) if score else [],
        )


def latest_scores_for(session: Session, recording_ids: Sequence[int]) -> dict[int, CallScore]:
    latest: dict[int, CallScore] = {}
    for row in session.exec(
        select(CallScore)
        .where(CallScore.recording_id.in_(recording_ids))
        .order_by(CallScore.scored_at, CallScore.id)
    ):
        latest[row.recording_id] = row
    return latest


def _name(session: Session, table, row_id: int | None) -> str | None:
    row = session.get(table, row_id) if row_id else None
    return row.name if row else None


def _loss_cause(session: Session, lead: Lead, sla_minutes: float) -> str | None:
    recordings = session.exec(
        select(Recording).where(Recording.lead_pk == lead.id, Recording.status == "done")
    ).all()
    scores = latest_scores_for(session, [r.id for r in recordings])
    fits = effective_fits(session, [r.id for r in recordings])
    calls = tuple(
        CallFacts(
            recording_id=r.id,
            call_time=r.call_time or r.processed_at,
            score=scores[r.id].score if r.id in scores else None,
            passed=scores[r.id].passed if r.id in scores else None,
            critical_failed=scores[r.id].critical_failed if r.id in scores else False,
            target_fit=fits.get(r.id, scores[r.id].target_fit if r.id in scores else "unknown"),
        )
        for r in recordings
    )
    facts = LeadFacts(
        lead_id=lead.lead_id,
        created_at=lead.created_at,
        stage=lead.stage,
        first_contact_at=lead.first_contact_at,
        calls=calls,
    )
    return attribute_loss(facts, sla_minutes=sla_minutes)
