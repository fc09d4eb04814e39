"""Review actions shared by the forms and the JSON API: check, then record.

Each function stores one ``review_action`` row with the value before and after
and the reviewer's reason; the automated score is left as it was.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import select

from models.db import session_scope
from models.reviews import actions_for, add_action, review_flag
from models.tables import Flag, ItemResult, ReviewAction, User
from qa import review
from qa.errors import CallqaError
from web.data import as_actions, latest_scores_for


class ReviewError(CallqaError):
    """A review action was refused (bad value, no reason)."""


class NotFoundError(CallqaError):
    """The call, item or flag does not exist."""


MAX_REASON_CHARS = 2000


def _reason(reason: str, *, required: bool = True) -> str:
    reason = reason.strip()
    if required and not reason:
        raise ReviewError("a reason is required")
    if len(reason) > MAX_REASON_CHARS:
        raise ReviewError(f"a reason has at most {MAX_REASON_CHARS} characters")
    return reason


def override_item(
    engine: Engine, *, user_id: int, recording_id: int, item_id: str, verdict: str, reason: str
) -> ReviewAction:
    if verdict not in review.VERDICTS:
        raise ReviewError(
            f"unknown verdict {verdict!r}; choose one of {', '.join(review.VERDICTS)}"
        )
    reason = _reason(reason)
    with session_scope(engine) as session:
        score = latest_scores_for(session, [recording_id]).get(recording_id)
        if score is None:
            raise NotFoundError(f"call {recording_id} has no score")
        item = session.exec(
            select(ItemResult).where(
                ItemResult.call_score_id == score.id, ItemResult.item_id == item_id
            )
        ).first()
        if item is None:
            raise NotFoundError(f"call {recording_id} has no checklist item {item_id!r}")
        actions = as_actions(actions_for(session=session, recording_id=recording_id), score)
        before = review.effective_verdicts({item_id: item.verdict}, actions)[item_id]
        return add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind="item",
            target=item_id,
            before=before,
            after=verdict,
            reason=reason,
            score=score,
        )


def override_score(
    engine: Engine, *, user_id: int, recording_id: int, score_value: float, reason: str
) -> ReviewAction:
    if not 0 <= score_value <= 100:
        raise ReviewError("a score is between 0 and 100")
    reason = _reason(reason)
    with session_scope(engine) as session:
        score = latest_scores_for(session, [recording_id]).get(recording_id)
        if score is None:
            raise NotFoundError(f"call {recording_id} has no score")
        actions = as_actions(actions_for(session=session, recording_id=recording_id), score)
        before = review.effective_score(score.score, actions)
        return add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind="score",
            target=review.SCORE_TARGET,
            before=f"{before:g}",
            after=f"{round(score_value, 1):g}",
            reason=reason,
            score=score,
        )


def mark_flag_reviewed(
    engine: Engine, *, user_id: int, flag_id: int, reason: str, recording_id: int | None = None
) -> ReviewAction:
    """Mark a flag reviewed; with ``recording_id``, only a flag of that call."""
    reason = _reason(reason, required=False)
    with session_scope(engine) as session:
        flag = session.get(Flag, flag_id)
        if flag is None or (recording_id is not None and flag.recording_id != recording_id):
            where = f" on call {recording_id}" if recording_id is not None else ""
            raise NotFoundError(f"no flag {flag_id}{where}")
        return review_flag(
            session=session, flag=flag, user=session.get(User, user_id), reason=reason
        )
