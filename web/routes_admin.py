"""User management for admins: list, add, switch off and on again."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from models import accounts
from models.db import session_scope
from web.app import render
from web.auth import ADMINS, Viewer, add_user, check_csrf, require

router = APIRouter(
    include_in_schema=False, dependencies=[Depends(check_csrf), Depends(require(ADMINS))]
)


def users_page(request: Request, error: str | None = None, status: int = 200):
    with session_scope(request.app.state.engine) as session:
        users = accounts.list_users(session=session)
    return render(request, "users.html", status, users=users, roles=accounts.ROLES, error=error)


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
    try:
        add_user(request.app.state.engine, name=name, role=role, password=password)
    except accounts.AccountError as exc:
        return users_page(request, str(exc), 400)
    return RedirectResponse("/admin/users", status_code=303)


@router.post("/admin/users/{user_id}/active")
def set_active(
    request: Request,
    user_id: int,
    viewer: Annotated[Viewer, Depends(require(ADMINS))],
    active: Annotated[bool, Form()] = False,
):
    if user_id == viewer.id and not active:
        return users_page(request, "you cannot switch yourself off", 400)
    try:
        with session_scope(request.app.state.engine) as session:
            accounts.set_active(session=session, user_id=user_id, active=active)
    except accounts.AccountError as exc:
        return users_page(request, str(exc), 400)
    return RedirectResponse("/admin/users", status_code=303)
