"""The call page, its audio, and the review forms on it."""

from __future__ import annotations

import mimetypes
from functools import lru_cache
from pathlib import Path
from typing import Annotated

from callqa.app import review
from callqa.app.checklists import allowed_verdicts
from callqa.app.listings import show_call
from callqa.app.persona import persona_panel
from callqa.app.queue import call_queue, next_in_queue
from callqa.models.db import session_scope
from callqa.models.reviews import QueueFilter
from callqa.models.tables import Recording
from callqa.qa.discovery import file_sha256
from callqa.web.app import render
from callqa.web.auth import REVIEWERS, Viewer, check_csrf, require
from callqa.web.i18n import gettext_for
from callqa.web.routes_views import QueueQuery
from callqa.web.timeline import timeline_markers
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import FileResponse, RedirectResponse
from sqlmodel import select

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_csrf)])
Reviewer = Annotated[Viewer, Depends(require(REVIEWERS))]


def call_page(
    request: Request,
    recording_id: int,
    error: str | None = None,
    status: int = 200,
    query: QueueQuery | None = None,
):
    settings = request.app.state.settings
    engine = request.app.state.engine
    view = show_call(settings, recording_id, engine=engine)
    if view is None:
        raise HTTPException(status_code=404, detail=f"no call {recording_id}")
    where = query.where if query else QueueFilter()
    with session_scope(engine) as session:
        following = next_in_queue(call_queue(session=session, where=where), recording_id)
    catalog = request.app.state.items
    return render(
        request,
        "call.html",
        status,
        call=view,
        verdicts={i.item_id: allowed_verdicts(catalog, i.item_id, i.automated) for i in view.items},
        markers=timeline_markers(view, settings.config.flags.long_dead_air_s),
        following=following,
        carried=query.query_string() if query else "",
        error=gettext_for(request)(error) if error else None,
        persona=persona_panel(engine, settings.config, recording_id),
    )


@router.get("/calls/{recording_id}")
def call(request: Request, recording_id: int, query: Annotated[QueueQuery, Depends()]):
    return call_page(request, recording_id, query=query)


@lru_cache(maxsize=1024)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    """The file's hash, computed once per (path, size, mtime): Range requests stay cheap."""
    return file_sha256(Path(path))


def recording_path(request: Request, recording_id: int) -> tuple[Path, str]:
    """The file of a processed call and its audio media type, else 404.

    Only a recording stored ``done`` (decoded as audio) is served, from its
    absolute stored path, and only while the file there still has the stored
    hash: a failed (non-audio) file, a relative path from an older database
    or a file replaced since is never streamed.
    """
    with session_scope(request.app.state.engine) as session:
        row = session.exec(
            select(Recording.path, Recording.sha256, Recording.status).where(
                Recording.id == recording_id
            )
        ).first()
    missing = HTTPException(status_code=404, detail=f"no audio for call {recording_id}")
    if row is None or row.status != "done" or not Path(row.path).is_absolute():
        raise missing
    path = Path(row.path)
    media_type = mimetypes.guess_type(path.name)[0] or ""
    try:
        stat = path.stat()
        if not path.is_file() or not media_type.startswith("audio/"):
            raise missing
        if _sha256(str(path), stat.st_size, stat.st_mtime_ns) != row.sha256:
            raise missing
    except OSError as exc:
        raise missing from exc
    return path, media_type


@router.get("/calls/{recording_id}/audio")
def audio(request: Request, recording_id: int):
    """The recording itself; Starlette's FileResponse answers Range requests with 206."""
    path, media_type = recording_path(request, recording_id)
    return FileResponse(path, media_type=media_type, headers={"Cache-Control": "private"})


def _done(request: Request, recording_id: int, action, anchor: str = "review"):
    """Run a review action; back to the call page, or the page with the error (400)."""
    try:
        action()
    except review.NotFoundError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except review.ReviewError as exc:
        return call_page(request, recording_id, error=str(exc), status=400)
    return RedirectResponse(f"/calls/{recording_id}#{anchor}", status_code=303)


@router.post("/calls/{recording_id}/items/{item_id}")
def override_item(
    request: Request,
    recording_id: int,
    item_id: str,
    viewer: Reviewer,
    verdict: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
):
    return _done(
        request,
        recording_id,
        lambda: review.override_item(
            request.app.state.engine,
            user_id=viewer.id,
            recording_id=recording_id,
            item_id=item_id,
            verdict=verdict,
            reason=reason,
            catalog=request.app.state.items,
        ),
    )


@router.post("/calls/{recording_id}/score")
def override_score(
    request: Request,
    recording_id: int,
    viewer: Reviewer,
    score: Annotated[float, Form()],
    reason: Annotated[str, Form()] = "",
):
    return _done(
        request,
        recording_id,
        lambda: review.override_score(
            request.app.state.engine,
            user_id=viewer.id,
            recording_id=recording_id,
            score_value=score,
            reason=reason,
        ),
    )


@router.post("/calls/{recording_id}/fit")
def correct_fit(
    request: Request,
    recording_id: int,
    viewer: Reviewer,
    fit: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
):
    """The reviewer's target fit, with a reason: the same record as the API's fit override."""
    return _done(
        request,
        recording_id,
        lambda: review.override_target_fit(
            request.app.state.engine,
            user_id=viewer.id,
            recording_id=recording_id,
            fit=fit,
            reason=reason,
        ),
        anchor="fit",
    )


@router.post("/calls/{recording_id}/flags/{flag_id}/review")
def review_flag(
    request: Request,
    recording_id: int,
    flag_id: int,
    viewer: Reviewer,
    reason: Annotated[str, Form()] = "",
):
    return _done(
        request,
        recording_id,
        lambda: review.mark_flag_reviewed(
            request.app.state.engine,
            user_id=viewer.id,
            flag_id=flag_id,
            reason=reason,
            recording_id=recording_id,
        ),
    )
