"""Sign in and sign out.

The login form has no session yet, so its CSRF token is a double-submit
cookie: a random value set with the form and sent back in it. A value already
set is reused, so two login tabs (or a stray request to /login) do not
invalidate each other.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from callqa.web.app import render
from callqa.web.auth import (
    LOGIN_CSRF_COOKIE,
    SESSION_COOKIE,
    SESSION_TTL,
    check_csrf,
    safe_next,
    sign_in,
    sign_out,
)
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.concurrency import run_in_threadpool

router = APIRouter(include_in_schema=False)


def _login_page(request: Request, next_url: str, error: str | None, status_code: int = 200):
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request, "login.html", status_code, csrf_token=token, next_url=next_url, error=error
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
        path="/login",
    )
    return response


@router.get("/login")
def login_form(request: Request, next: str = "/"):
    return _login_page(request, safe_next(next), None)


@router.post("/login")
async def login(
    request: Request,
    name: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
):
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return _login_page(request, safe_next(next), "The form expired; please try again.", 403)
    throttle = request.app.state.login_throttle
    wait_s = await run_in_threadpool(throttle.retry_after_s, name)
    if wait_s > 0:
        message = f"Too many failed sign-ins for this name; try again in {wait_s / 60:.0f} min."
        return _login_page(request, safe_next(next), message, 429)
    token = await run_in_threadpool(sign_in, request.app.state.engine, name, password)
    if token is None:
        await run_in_threadpool(throttle.failed, name)
        return _login_page(request, safe_next(next), "Wrong name or password.", 401)
    await run_in_threadpool(throttle.succeeded, name)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.app.state.secure_cookies,
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@router.post("/logout", dependencies=[Depends(check_csrf)])
def logout(request: Request):
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        sign_out(request.app.state.engine, token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
