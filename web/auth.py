"""Passwords, sign-in sessions, roles and CSRF for the review web app.

* Passwords are stored as argon2id hashes (argon2-cffi).
* Signing in sets an HttpOnly, SameSite=Lax cookie holding a random token; the
  database keeps only the token's sha256, with the user and a CSRF token.
* ``AuthMiddleware`` refuses every request without a live session except the
  login page and static assets: pages redirect to ``/login``, ``/api`` answers
  401. New routes are covered without doing anything.
* Every unsafe request must carry the session's CSRF token, as the form field
  ``csrf_token`` or the ``X-CSRF-Token`` header (``check_csrf``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from callqa.models import accounts
from callqa.models.db import session_scope
from fastapi import Depends, HTTPException, Request
from sqlalchemy.engine import Engine
from starlette.concurrency import run_in_threadpool
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.responses import JSONResponse, RedirectResponse

SESSION_COOKIE = "callqa_session"
LOGIN_CSRF_COOKIE = "callqa_login_csrf"
SESSION_TTL = timedelta(hours=12)
READERS = frozenset(accounts.ROLES)
REVIEWERS = frozenset({"qa_lead", "coach", "admin"})
ADMINS = frozenset({"admin"})
PUBLIC_PREFIXES = ("/login", "/static/", "/lang/")  # /lang/: the language switch
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024  # argon2 hashes anything; this bounds the work per request

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password")  # verified against when the name is unknown


@dataclass(frozen=True)
class Viewer:
    """The signed-in user of one request."""

    id: int
    name: str
    role: str
    csrf_token: str

    def can_review(self) -> bool:
        return self.role in REVIEWERS

    def can_admin(self) -> bool:
        return self.role in ADMINS


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def add_user(engine: Engine, *, name: str, role: str, password: str) -> None:
    """Create a user; ``accounts.AccountError`` for a short password, taken name or bad role."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise accounts.AccountError(f"a password needs {MIN_PASSWORD_CHARS} characters or more")
    if len(password) > MAX_PASSWORD_CHARS:
        raise accounts.AccountError(f"a password has at most {MAX_PASSWORD_CHARS} characters")
    if not password.strip():
        raise accounts.AccountError("a password cannot be only spaces")
    with session_scope(engine) as session:
        accounts.create_user(
            session=session, name=name, role=role, password_hash=hash_password(password)
        )


def reset_password(engine: Engine, *, user_id: int, password: str) -> None:
    """A new password (hashed); the user's open sessions are closed."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise accounts.AccountError(f"a password needs {MIN_PASSWORD_CHARS} characters or more")
    with session_scope(engine) as session:
        user = session.get(accounts.User, user_id)
        if user is None:
            raise accounts.AccountError(f"no user with id {user_id}")
        accounts.set_password(session=session, user=user, password_hash=hash_password(password))
        accounts.close_user_sessions(session=session, user_id=user_id)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_in(engine: Engine, name: str, password: str) -> str | None:
    """A new session token for the right name and password, else None.

    ``name`` is matched in its normal form (``accounts.normalise_name``), the
    same form the throttle counts failures under.
    """
    if len(password) > MAX_PASSWORD_CHARS:
        return None
    with session_scope(engine) as session:
        user = accounts.get_user(session=session, name=name)
        if user is None or not user.active:
            verify_password(_DUMMY_HASH, password)  # same time as a wrong password
            return None
        if not verify_password(user.password_hash, password):
            return None
        if _hasher.check_needs_rehash(user.password_hash):
            accounts.set_password(session=session, user=user, password_hash=hash_password(password))
        token = secrets.token_urlsafe(32)
        accounts.open_session(
            session=session,
            user=user,
            token_sha256=token_digest(token),
            csrf_token=secrets.token_urlsafe(32),
            expires_at=datetime.now(UTC) + SESSION_TTL,
        )
        return token


def sign_out(engine: Engine, token: str) -> None:
    with session_scope(engine) as session:
        accounts.close_session(session=session, token_sha256=token_digest(token))


def lookup(engine: Engine, token: str) -> Viewer | None:
    with session_scope(engine) as session:
        found = accounts.session_user(
            session=session, token_sha256=token_digest(token), now=datetime.now(UTC)
        )
        if found is None:
            return None
        user, web_session = found
        return Viewer(id=user.id, name=user.name, role=user.role, csrf_token=web_session.csrf_token)


def is_public(path: str) -> bool:
    return any(path == p or path.startswith(p) for p in PUBLIC_PREFIXES)


def is_api(path: str) -> bool:
    return path == "/api" or path.startswith("/api/")


class AuthMiddleware(BaseHTTPMiddleware):
    """Put the request's ``Viewer`` on ``request.state`` or refuse the request."""

    def __init__(self, app, *, engine: Engine) -> None:
        super().__init__(app)
        self.engine = engine

    async def dispatch(self, request: Request, call_next):
        path = request.url.path
        if is_public(path):
            return await call_next(request)
        token = request.cookies.get(SESSION_COOKIE)
        viewer = await run_in_threadpool(lookup, self.engine, token) if token else None
        if viewer is None:
            if is_api(path):
                return JSONResponse({"detail": "not signed in"}, status_code=401)
            target = path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        request.state.viewer = viewer
        return await call_next(request)


def current_viewer(request: Request) -> Viewer:
    viewer = getattr(request.state, "viewer", None)
    if viewer is None:  # a route the middleware let through must not need a user
        raise HTTPException(status_code=401, detail="not signed in")
    return viewer


def require(roles: frozenset[str]):
    """A dependency that lets only ``roles`` through (403 for everyone else)."""

    def check(viewer: Viewer = Depends(current_viewer)) -> Viewer:
        if viewer.role not in roles:
            raise HTTPException(status_code=403, detail=f"not allowed for role {viewer.role}")
        return viewer

    return check


async def check_csrf(request: Request) -> None:
    """Refuse an unsafe request without the session's CSRF token (403)."""
    if request.method in SAFE_METHODS:
        return
    viewer = current_viewer(request)
    sent = request.headers.get("x-csrf-token")
    if sent is None and "form" in request.headers.get("content-type", ""):
        sent = (await request.form()).get("csrf_token")
    if not isinstance(sent, str) or not hmac.compare_digest(sent, viewer.csrf_token):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token")


def safe_next(target: str | None) -> str:
    """Only a local path may be a redirect target after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"
