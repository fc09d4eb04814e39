"""Reviewers' actions, for the web forms, the JSON API and ``callqa flags review``.

Each function checks its input, then stores one ``review_action`` row with the
value before and after and the reviewer's reason; the automated score is left
as it was. The effective values that follow are the read model's
(:mod:`app.read_model`).
"""

from __future__ import annotations

from callqa.app.checklists import ItemInfo, allowed_verdicts, item_catalog
from callqa.app.read_model import call_results
from callqa.models.accounts import get_user
from callqa.models.db import session_scope
from callqa.models.reviews import add_action, review_flag
from callqa.models.tables import Flag, ReviewAction, User
from callqa.qa import review
from callqa.qa.config import Config
from callqa.qa.errors import CallqaError
from sqlalchemy.engine import Engine


class ReviewError(CallqaError):
    """A review action was refused (bad value, no reason)."""


class NotFoundError(CallqaError):
    """The call, item, flag or reviewer does not exist."""


MAX_REASON_CHARS = 2000


def _reason(reason: str, *, required: bool = True) -> str:
    reason = reason.strip()
    if required and not reason:
        raise ReviewError("a reason is required")
    if len(reason) > MAX_REASON_CHARS:
        raise ReviewError(f"a reason has at most {MAX_REASON_CHARS} characters")
    return reason


def _result(session, recording_id: int):
    result = call_results(session, [recording_id]).get(recording_id)
    if result is None:
        raise NotFoundError(f"call {recording_id} has no score")
    return result


def override_item(
    engine: Engine,
    *,
    user_id: int,
    recording_id: int,
    item_id: str,
    verdict: str,
    reason: str,
    catalog: dict[str, ItemInfo] | None = None,
) -> ReviewAction:
    """Set an item's verdict; only the verdicts its type allows (a greeting is never violated).

    The call's effective total is re-computed from it. ``catalog`` describes the
    items (:func:`app.checklists.item_catalog`); the packaged checklists when not given.
    """
    if verdict not in review.VERDICTS:
        raise ReviewError(
            f"unknown verdict {verdict!r}; choose one of {', '.join(review.VERDICTS)}"
        )
    reason = _reason(reason)
    catalog = item_catalog(Config()) if catalog is None else catalog
    with session_scope(engine) as session:
        result = _result(session, recording_id)
        if item_id not in result.verdicts:
            raise NotFoundError(f"call {recording_id} has no checklist item {item_id!r}")
        allowed = allowed_verdicts(catalog, item_id, result.automated_verdicts[item_id])
        if verdict not in allowed:
            raise ReviewError(
                f"{item_id} cannot be {verdict!r}; choose one of {', '.join(allowed)}"
            )
        return add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind="item",
            target=item_id,
            before=result.verdicts[item_id],
            after=verdict,
            reason=reason,
            score=result.score,
        )


def override_score(
    engine: Engine, *, user_id: int, recording_id: int, score_value: float, reason: str
) -> ReviewAction:
    """Set the call's total explicitly (it holds until a later item override)."""
    if not 0 <= score_value <= 100:
        raise ReviewError("a score is between 0 and 100")
    reason = _reason(reason)
    with session_scope(engine) as session:
        result = _result(session, recording_id)
        return add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind="score",
            target=review.SCORE_TARGET,
            before=f"{result.effective.score:g}",
            after=f"{round(score_value, 1):g}",
            reason=reason,
            score=result.score,
        )


def override_target_fit(
    engine: Engine, *, user_id: int, recording_id: int, fit: str, reason: str
) -> ReviewAction:
    """Set whether the call's lead was the right target, over the form's and the scorer's
    fit; it feeds loss attribution. The one fit correction: the call page's fit form,
    the persona panel and ``POST /api/calls/{id}/fit/override`` all store it here, and
    it holds across re-scoring (:mod:`app.read_model`)."""
    if fit not in review.TARGET_FITS:
        raise ReviewError(
            f"unknown target fit {fit!r}; choose one of {', '.join(review.TARGET_FITS)}"
        )
    reason = _reason(reason)
    with session_scope(engine) as session:
        result = _result(session, recording_id)
        return add_action(
            session=session,
            recording_id=recording_id,
            user=session.get(User, user_id),
            kind="fit",
            target=review.FIT_TARGET,
            before=result.target_fit,
            after=fit,
            reason=reason,
            score=result.score,
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


REVIEWER_ROLES = frozenset({"qa_lead", "coach", "admin"})


def reviewer_id(engine: Engine, name: str) -> int:
    """The id of the reviewer called ``name`` (reviews from the command line name their author)."""
    with session_scope(engine) as session:
        user = get_user(session=session, name=name)
        if user is None or not user.active:
            raise NotFoundError(
                f"no user {name!r}; add one with `callqa users add {name} --role qa_lead`"
            )
        if user.role not in REVIEWER_ROLES:
            raise ReviewError(f"{name} is a {user.role}: only qa_lead, coach and admin review")
        return user.id
