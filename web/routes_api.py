"""The JSON API under /api: the same data and review actions as the pages.

Writes need the ``X-CSRF-Token`` header with the session's token (from
``GET /api/me``). Errors: 401 not signed in, 403 wrong role or CSRF token,
404 unknown call/item/flag, 422 bad input.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from app import review
from app.listings import list_calls, show_call
from app.read_model import CallFilter
from app.reports import campaign_report, campaign_rows_as_dicts, rep_rows_as_dicts, reps_report
from app.shapes import lead_out
from models.db import session_scope
from models.reviews import flag_queue
from models.tables import ReviewAction
from web.auth import REVIEWERS, Viewer, check_csrf, current_viewer, require
from web.routes_views import QueueQuery

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(check_csrf)])


class ItemOverride(BaseModel):
    verdict: Literal["met", "missed", "na", "violated"]
    reason: str = Field(min_length=1, description="Why the automated verdict is wrong.")


class ScoreOverride(BaseModel):
    score: float = Field(ge=0, le=100)
    reason: str = Field(min_length=1)


class FitOverride(BaseModel):
    fit: Literal["right", "wrong", "unknown"]
    reason: str = Field(min_length=1, description="Why the scorer's target fit is wrong.")


class FlagReview(BaseModel):
    reason: str = ""


def _action(row: ReviewAction) -> dict[str, Any]:
    return row.model_dump(exclude={"user_id"})


def _run(action) -> dict[str, Any]:
    try:
        return _action(action())
    except review.NotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except review.ReviewError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/me")
def me(viewer: Viewer = Depends(current_viewer)) -> dict[str, str]:
    """The signed-in user, and the CSRF token API writes must send."""
    return {"name": viewer.name, "role": viewer.role, "csrf_token": viewer.csrf_token}


@router.get("/flags")
def flags(request: Request, query: Annotated[QueueQuery, Depends()]) -> list[dict[str, Any]]:
    """The flag queue, most severe first, then the newest call."""
    with session_scope(request.app.state.engine) as session:
        rows = flag_queue(session=session, where=query.where)
    return [
        {**r.flag.model_dump(), "rep": r.rep, "campaign": r.campaign, "call_time": r.call_time}
        for r in rows
    ]


@router.post("/flags/{flag_id}/review")
def review_flag(
    request: Request, flag_id: int, body: FlagReview, viewer: Viewer = Depends(require(REVIEWERS))
) -> dict[str, Any]:
    """Mark a flag reviewed; returns the stored review action."""
    engine = request.app.state.engine
    return _run(
        lambda: review.mark_flag_reviewed(
            engine, user_id=viewer.id, flag_id=flag_id, reason=body.reason
        )
    )


@router.get("/calls")
def calls(request: Request, rep: str = "") -> list[dict[str, Any]]:
    """Processed calls (optionally one rep's), newest first, with effective scores."""
    rows = list_calls(
        request.app.state.settings, CallFilter(rep=rep or None), engine=request.app.state.engine
    )
    return [asdict(row) for row in rows]


@router.get("/calls/{recording_id}")
def call(
    request: Request, recording_id: int, viewer: Viewer = Depends(current_viewer)
) -> dict[str, Any]:
    """A call with transcript turns, automated and effective verdicts, history, calibration."""
    settings = request.app.state.settings
    view = show_call(settings, recording_id, engine=request.app.state.engine)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no call {recording_id}")
    score = view.score
    return {
        "recording_id": recording_id,
        "file": view.name,
        "rep": view.rep,
        "campaign": view.campaign,
        "call_time": view.recording.call_time,
        "language": view.recording.language,
        "duration_s": view.recording.duration_s,
        "lead": lead_out(view.lead, viewer.role).model_dump(mode="json") if view.lead else None,
        "lead_loss_cause": view.lead_loss_cause,
        "score": score.model_dump() if score else None,
        "effective_score": view.effective_score,
        "effective_passed": view.effective_passed,
        "target_fit": view.target_fit,
        "items": [{**asdict(item), "overridden": item.overridden} for item in view.items],
        "turns": [asdict(turn) for turn in view.turns],
        "metrics": view.metrics.model_dump() if view.metrics else None,
        "flags": [flag.model_dump() for flag in view.flags],
        "history": [_action(row) for row in view.history],
        "calibration": [{**asdict(a), "share": a.share} for a in view.calibration],
    }


@router.post("/calls/{recording_id}/items/{item_id}/override")
def override_item(
    request: Request,
    recording_id: int,
    item_id: str,
    body: ItemOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> dict[str, Any]:
    """Set an item's verdict with a reason; the automated verdict is kept."""
    engine = request.app.state.engine
    return _run(
        lambda: review.override_item(
            engine,
            user_id=viewer.id,
            recording_id=recording_id,
            item_id=item_id,
            verdict=body.verdict,
            reason=body.reason,
        )
    )


@router.post("/calls/{recording_id}/score/override")
def override_score(
    request: Request,
    recording_id: int,
    body: ScoreOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> dict[str, Any]:
    """Set the call's total score with a reason; the automated score is kept."""
    engine = request.app.state.engine
    return _run(
        lambda: review.override_score(
            engine,
            user_id=viewer.id,
            recording_id=recording_id,
            score_value=body.score,
            reason=body.reason,
        )
    )


@router.post("/calls/{recording_id}/fit/override")
def override_fit(
    request: Request,
    recording_id: int,
    body: FitOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> dict[str, Any]:
    """Set whether the call's lead was the right target; loss attribution follows it."""
    engine = request.app.state.engine
    return _run(
        lambda: review.override_target_fit(
            engine, user_id=viewer.id, recording_id=recording_id, fit=body.fit, reason=body.reason
        )
    )


@router.get("/reports/reps")
def reps(request: Request) -> list[dict[str, Any]]:
    """Per-rep call counts, mean score, per-item pass rates, weekly trend, weakest calls."""
    return rep_rows_as_dicts(reps_report(request.app.state.settings))


@router.get("/reports/campaigns")
def campaigns(
    request: Request,
    by: Literal["campaign", "source", "rep", "month"] = "campaign",
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
) -> dict[str, Any]:
    """Lead-quality ratios, speed to lead and loss attribution per group, with lead ids."""
    rows, unlinked = campaign_report(
        request.app.state.settings, by=by, date_from=date_from, date_to=date_to
    )
    return {
        "rows": [
            {**d, "lead_ids": {k: list(v) for k, v in r.lead_ids.items()}}
            for r, d in zip(rows, campaign_rows_as_dicts(rows, by), strict=True)
        ],
        "unlinked_calls": unlinked,
    }
