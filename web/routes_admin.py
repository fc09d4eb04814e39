"""User management for admins: add, change a role, reset a password, deactivate and reactivate.

Nobody can deactivate themselves, and the last active admin can neither be
deactivated nor lose the admin role (models.accounts refuses it).
"""

from __future__ import annotations

from typing import Annotated

from callqa.models import accounts
from callqa.models.db import session_scope
from callqa.web.app import render
from callqa.web.auth import ADMINS, Viewer, add_user, check_csrf, require, reset_password
from callqa.web.i18n import gettext_for
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(check_csrf), Depends(require(ADMINS))]
)
Admin = Annotated[Viewer, Depends(require(ADMINS))]
SELF_OFF = "you cannot deactivate yourself"


def users_page(request: Request, error: str | None = None, status: int = 200):
    with session_scope(request.app.state.engine) as session:
        users = accounts.list_users(session=session)
    _ = gettext_for(request)
    notice = {"password": _("Password changed; that user's sessions were closed.")}.get(
        request.query_params.get("done", "")
    )
    return render(
        request,
        "users.html",
        status,
        users=users,
        roles=accounts.ROLES,
        error=_(error) if error else None,
        notice=notice,
    )


def _done(request: Request, action, done: str = ""):
    try:
        action()
    except accounts.AccountError as exc:
        return users_page(request, str(exc), 400)
    return RedirectResponse("/admin/users" + (f"?done={done}" if done else ""), status_code=303)


@router.get("/admin/users")
def users(request: Request):
    return users_page(request)


@router.post("/admin/users")
def create_user(
    request: Request,
    name: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
):
    engine = request.app.state.engine
    return _done(request, lambda: add_user(engine, name=name, role=role, password=password))


@router.post("/admin/users/{user_id}/active")
def set_active(
    request: Request, user_id: int, viewer: Admin, active: Annotated[bool, Form()] = False
):
    if user_id == viewer.id and not active:
        return users_page(request, SELF_OFF, 400)

    def change() -> None:
        with session_scope(request.app.state.engine) as session:
            accounts.set_active(session=session, user_id=user_id, active=active)

    return _done(request, change)


@router.post("/admin/users/{user_id}/role")
def set_role(request: Request, user_id: int, role: Annotated[str, Form()] = ""):
    def change() -> None:
        with session_scope(request.app.state.engine) as session:
            accounts.set_role(session=session, user_id=user_id, role=role)

    return _done(request, change)


@router.post("/admin/users/{user_id}/password")
def set_password(request: Request, user_id: int, password: Annotated[str, Form()] = ""):
    engine = request.app.state.engine
    return _done(
        request,
        lambda: reset_password(engine, user_id=user_id, password=password),
        done="password",
    )
