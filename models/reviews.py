"""Keyword-only reads and writes of people's reviews and the flag queue.

A review never changes ``call_score`` or ``item_result``: each action is a new
``review_action`` row. Marking a flag reviewed also sets the flag's own status
(as the CLI's ``callqa flags`` shows it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from callqa.models.tables import (
    CallScore,
    Campaign,
    Flag,
    Recording,
    Rep,
    ReviewAction,
    User,
    utcnow,
)
from sqlmodel import Session, select


@dataclass(frozen=True)
class QueueFilter:
    kind: str | None = None
    rep: str | None = None
    campaign: str | None = None
    status: str | None = "open"  # open | reviewed | None for both
    since: datetime | None = None  # calls made at or after
    until: datetime | None = None  # ...and before


@dataclass(frozen=True)
class QueueRow:
    flag: Flag
    recording_id: int
    path: str
    rep: str | None
    campaign: str | None
    call_time: datetime | None


def add_action(
    *,
    session: Session,
    recording_id: int,
    user: User,
    kind: str,
    target: str,
    before: str | None,
    after: str,
    reason: str,
    score: CallScore | None = None,
) -> ReviewAction:
    action = ReviewAction(
        recording_id=recording_id,
        user_id=user.id,
        reviewer=user.name,
        kind=kind,
        target=target,
        checklist_name=score.checklist_name if score else None,
        checklist_version=score.checklist_version if score else None,
        before=before,
        after=after,
        reason=reason,
    )
    session.add(action)
    session.flush()
    return action


def actions_for(*, session: Session, recording_id: int) -> list[ReviewAction]:
    return list(
        session.exec(
            select(ReviewAction)
            .where(ReviewAction.recording_id == recording_id)
            .order_by(ReviewAction.created_at, ReviewAction.id)
        )
    )


def review_flag(*, session: Session, flag: Flag, user: User, reason: str) -> ReviewAction:
    """Mark a flag reviewed and record who did it (an already reviewed flag stays so)."""
    before = flag.status
    flag.status, flag.reviewed_by, flag.reviewed_at = "reviewed", user.name, utcnow()
    flag.updated_at = flag.reviewed_at
    session.add(flag)
    return add_action(
        session=session,
        recording_id=flag.recording_id,
        user=user,
        kind="flag",
        target=flag.kind,
        before=before,
        after="reviewed",
        reason=reason,
    )


def flag_queue(*, session: Session, where: QueueFilter) -> list[QueueRow]:
    """Flags matching the filter, most severe first, then the newest call."""
    query = (
        select(Flag, Recording, Rep.name, Campaign.name)
        .join(Recording, Recording.id == Flag.recording_id)
        .join(Rep, Rep.id == Recording.rep_id, isouter=True)
        .join(Campaign, Campaign.id == Recording.campaign_id, isouter=True)
    )
    if where.kind:
        query = query.where(Flag.kind == where.kind)
    if where.rep:
        query = query.where(Rep.name == where.rep)
    if where.campaign:
        query = query.where(Campaign.name == where.campaign)
    if where.status:
        query = query.where(Flag.status == where.status)
    if where.since:
        query = query.where(Recording.call_time >= where.since)
    if where.until:
        query = query.where(Recording.call_time < where.until)
    query = query.order_by(Flag.severity.desc(), Recording.call_time.desc().nulls_last(), Flag.id)
    return [
        QueueRow(
            flag=flag,
            recording_id=rec.id,
            path=rec.path,
            rep=rep,
            campaign=campaign,
            call_time=rec.call_time,
        )
        for flag, rec, rep, campaign in session.exec(query).all()
    ]


def queue_choices(*, session: Session) -> dict[str, list[str]]:
    """The values each queue filter can take (for the filter form)."""
    return {
        "kind": sorted(set(session.exec(select(Flag.kind)).all())),
        "rep": list(session.exec(select(Rep.name).order_by(Rep.name)).all()),
        "campaign": list(session.exec(select(Campaign.name).order_by(Campaign.name)).all()),
    }
