"""The language switch: remembers the viewer's choice in a cookie (works before sign-in too)."""

from __future__ import annotations

from callqa.web.auth import safe_next
from callqa.web.i18n import LANG_COOKIE, LANGUAGES
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import RedirectResponse

router = APIRouter(include_in_schema=False)
ONE_YEAR_S = 365 * 24 * 3600


@router.get("/lang/{lang}")
def switch_language(request: Request, lang: str, next: str = "/"):
    if lang not in LANGUAGES:
        raise HTTPException(status_code=404, detail=f"no language {lang!r}")
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        LANG_COOKIE,
        lang,
        max_age=ONE_YEAR_S,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
    )
    return response
