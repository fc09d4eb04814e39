"""The JSON API under /api: the same data and review actions as the pages.

Writes need the ``X-CSRF-Token`` header with the session's token (from
``GET /api/me``). Errors: 401 not signed in, 403 wrong role or CSRF token,
404 unknown call/item/flag, 422 bad input.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from callqa.app import review
from callqa.app.api_shapes import (
    ActionOut,
    CallDetailOut,
    CallRowOut,
    CampaignReportOut,
    CampaignRowOut,
    MeOut,
    QueueFlagOut,
    RepRowOut,
    call_detail,
)
from callqa.app.listings import list_calls, show_call
from callqa.app.read_model import CallFilter
from callqa.app.reports import campaign_report, reps_report
from callqa.app.reports_persona import campaign_persona, campaign_rows, rep_persona, rep_rows
from callqa.models.db import session_scope
from callqa.models.reviews import flag_queue
from callqa.models.tables import ReviewAction
from callqa.web.auth import REVIEWERS, Viewer, check_csrf, current_viewer, require
from callqa.web.routes_views import QueueQuery
from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

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


def _action(row: ReviewAction) -> ActionOut:
    return ActionOut.model_validate(row)


def _run(action) -> ActionOut:
    try:
        return _action(action())
    except review.NotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except review.ReviewError as exc:
        raise HTTPException(status_code=422, detail=str(exc)) from exc


@router.get("/me", response_model=MeOut)
def me(viewer: Viewer = Depends(current_viewer)) -> MeOut:
    """The signed-in user, and the CSRF token API writes must send."""
    return MeOut(name=viewer.name, role=viewer.role, csrf_token=viewer.csrf_token)


@router.get("/flags", response_model=list[QueueFlagOut])
def flags(request: Request, query: Annotated[QueueQuery, Depends()]) -> list[QueueFlagOut]:
    """The flag queue, most severe first, then the newest call."""
    with session_scope(request.app.state.engine) as session:
        rows = flag_queue(session=session, where=query.where)
        return [
            QueueFlagOut(
                **r.flag.model_dump(), rep=r.rep, campaign=r.campaign, call_time=r.call_time
            )
            for r in rows
        ]


@router.post("/flags/{flag_id}/review", response_model=ActionOut)
def review_flag(
    request: Request, flag_id: int, body: FlagReview, viewer: Viewer = Depends(require(REVIEWERS))
) -> ActionOut:
    """Mark a flag reviewed; returns the stored review action."""
    engine = request.app.state.engine
    return _run(
        lambda: review.mark_flag_reviewed(
            engine, user_id=viewer.id, flag_id=flag_id, reason=body.reason
        )
    )


@router.get("/calls", response_model=list[CallRowOut])
def calls(request: Request, rep: str = "") -> list[CallRowOut]:
    """Processed calls (optionally one rep's), newest first, with effective scores."""
    rows = list_calls(
        request.app.state.settings, CallFilter(rep=rep or None), engine=request.app.state.engine
    )
    return [CallRowOut.model_validate(row) for row in rows]


@router.get("/calls/{recording_id}", response_model=CallDetailOut)
def call(
    request: Request, recording_id: int, viewer: Viewer = Depends(current_viewer)
) -> CallDetailOut:
    """A call with transcript turns, automated and effective verdicts, history, calibration."""
    view = show_call(request.app.state.settings, recording_id, engine=request.app.state.engine)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no call {recording_id}")
    return call_detail(view, viewer.role)


@router.post("/calls/{recording_id}/items/{item_id}/override", response_model=ActionOut)
def override_item(
    request: Request,
    recording_id: int,
    item_id: str,
    body: ItemOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> ActionOut:
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


@router.post("/calls/{recording_id}/score/override", response_model=ActionOut)
def override_score(
    request: Request,
    recording_id: int,
    body: ScoreOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> ActionOut:
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


@router.post("/calls/{recording_id}/fit/override", response_model=ActionOut)
def override_fit(
    request: Request,
    recording_id: int,
    body: FitOverride,
    viewer: Viewer = Depends(require(REVIEWERS)),
) -> ActionOut:
    """Correct whether the call's lead was the right target; loss attribution follows it.

    The call's one fit correction, the same record the call page's fit form stores."""
    engine = request.app.state.engine
    return _run(
        lambda: review.override_target_fit(
            engine, user_id=viewer.id, recording_id=recording_id, fit=body.fit, reason=body.reason
        )
    )


@router.get("/reports/reps", response_model=list[RepRowOut])
def reps(request: Request) -> list[RepRowOut]:
    """Per-rep call counts, mean score, per-item pass rates, weekly trend, weakest calls,
    and the persona form fields each rep fails to collect (``callqa report reps``)."""
    settings = request.app.state.settings
    rows = rep_rows(reps_report(settings), rep_persona(settings), flat=False)
    return [RepRowOut.model_validate(row) for row in rows]


@router.get("/reports/campaigns", response_model=CampaignReportOut)
def campaigns(
    request: Request,
    by: Literal["campaign", "source", "rep", "month"] = "campaign",
    date_from: date | None = Query(None, alias="from"),
    date_to: date | None = Query(None, alias="to"),
) -> CampaignReportOut:
    """Lead-quality ratios, speed to lead, loss attribution and the persona form
    (completeness, fit, disqualifying reasons) per group (``callqa report campaigns``),
    with the lead ids behind each figure."""
    settings = request.app.state.settings
    window = {"date_from": date_from, "date_to": date_to}
    rows, unlinked = campaign_report(settings, by=by, **window)
    persona = campaign_persona(settings, by=by, **window)
    return CampaignReportOut(
        rows=[
            CampaignRowOut.model_validate(
                {**d, "lead_ids": {k: list(v) for k, v in r.lead_ids.items()}}
            )
            for r, d in zip(rows, campaign_rows(rows, by, persona, flat=False), strict=True)
        ],
        unlinked_calls=unlinked,
    )
