"""Call lists: every call, one rep's calls, or the calls behind a report figure."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import func, select

from models.db import session_scope
from models.tables import Campaign, Flag, Lead, Recording, Rep, ReviewAction
from qa import review
from web.data import as_actions, latest_scores_for


@dataclass(frozen=True)
class CallRow:
    recording_id: int
    name: str
    call_time: datetime | None
    rep: str | None
    campaign: str | None
    lead_id: str | None
    lead_stage: str | None
    score: float | None
    effective_score: float | None
    passed: bool | None
    open_flags: int
    unreliable: bool = False  # issue 13: transcript below the quality gate, not judged


@dataclass(frozen=True)
class CallFilter:
    rep: str | None = None
    recording_ids: Sequence[int] | None = None
    lead_ids: Sequence[str] | None = None  # the CRM's lead ids


def call_rows(engine: Engine, where: CallFilter) -> list[CallRow]:
    """Processed calls matching the filter, newest first."""
    with session_scope(engine) as session:
        query = (
            select(Recording, Rep.name, Campaign.name, Lead.lead_id, Lead.stage)
            .join(Rep, Rep.id == Recording.rep_id, isouter=True)
            .join(Campaign, Campaign.id == Recording.campaign_id, isouter=True)
            .join(Lead, Lead.id == Recording.lead_pk, isouter=True)
            .where(Recording.status == "done")
        )
        if where.rep:
            query = query.where(Rep.name == where.rep)
        if where.recording_ids is not None:
            query = query.where(Recording.id.in_(list(where.recording_ids)))
        if where.lead_ids is not None:
            query = query.where(Lead.lead_id.in_(list(where.lead_ids)))
        found = session.exec(query.order_by(Recording.call_time.desc(), Recording.id)).all()
        ids = [rec.id for rec, *_ in found]
        scores = latest_scores_for(session, ids)
        history: dict[int, list[ReviewAction]] = defaultdict(list)
        for row in session.exec(
            select(ReviewAction)
            .where(ReviewAction.recording_id.in_(ids), ReviewAction.kind == "score")
            .order_by(ReviewAction.created_at, ReviewAction.id)
        ):
            history[row.recording_id].append(row)
        flags = dict(
            session.exec(
                select(Flag.recording_id, func.count())
                .where(Flag.recording_id.in_(ids), Flag.status == "open")
                .group_by(Flag.recording_id)
            ).all()
        )
        rows = []
        for rec, rep, campaign, lead_id, stage in found:
            score = scores.get(rec.id)
            actions = as_actions(history[rec.id], score)
            rows.append(
                CallRow(
                    recording_id=rec.id,
                    name=Path(rec.path).name,
                    call_time=rec.call_time,
                    rep=rep,
                    campaign=campaign,
                    lead_id=lead_id,
                    lead_stage=stage,
                    score=score.score if score else None,
                    effective_score=review.effective_score(score.score, actions) if score else None,
                    passed=score.passed if score else None,
                    open_flags=flags.get(rec.id, 0),
                    unreliable=rec.transcript_unreliable,
                )
            )
        return rows


def leads_without_calls(engine: Engine, lead_ids: Sequence[str]) -> list[str]:
    """Those of ``lead_ids`` with no processed call linked to them."""
    with session_scope(engine) as session:
        called = set(
            session.exec(
                select(Lead.lead_id)
                .join(Recording, Recording.lead_pk == Lead.id)
                .where(Lead.lead_id.in_(list(lead_ids)), Recording.status == "done")
            ).all()
        )
    return [lead for lead in lead_ids if lead not in called]
