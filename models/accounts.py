"""Keyword-only reads and writes of web app users and their sign-in sessions.

Passwords arrive here already hashed and session tokens as their sha256: this
module never sees a secret.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime

from callqa.models.tables import LoginFailure, User, WebSession
from callqa.qa.errors import CallqaError
from sqlmodel import Session, col, delete, select

ROLES = ("qa_lead", "coach", "marketer", "admin")
MAX_NAME_CHARS = 64


class AccountError(CallqaError):
    """A user cannot be created or changed as asked."""


def normalise_name(name: str) -> str:
    """The one spelling of a sign-in name: NFC, trimmed, case-folded.

    Storage, sign-in and the sign-in throttle all key on this form, so
    ``" Lan\t"`` and ``"LAN"`` are the user ``lan`` everywhere.
    """
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", name).strip().casefold())


def check_name(name: str) -> str:
    """``name`` normalised, or ``AccountError`` saying why it cannot be a user name."""
    normal = normalise_name(name)
    if not normal:
        raise AccountError("a user needs a name")
    if len(normal) > MAX_NAME_CHARS:
        raise AccountError(f"a user name has at most {MAX_NAME_CHARS} characters")
    if any(unicodedata.category(c)[0] in "CZ" and c != " " for c in normal):
        raise AccountError("a user name cannot hold control characters, tabs or line breaks")
    return normal


def create_user(*, session: Session, name: str, role: str, password_hash: str) -> User:
    name = check_name(name)
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if get_user(session=session, name=name) is not None:
        raise AccountError(f"user {name!r} already exists")
    user = User(name=name, role=role, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


def get_user(*, session: Session, name: str) -> User | None:
    """The user signing in as ``name`` (any spacing, case or Unicode form of it)."""
    return session.exec(select(User).where(User.name == normalise_name(name))).first()


def list_users(*, session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.name)))


def set_password(*, session: Session, user: User, password_hash: str) -> None:
    user.password_hash = password_hash
    session.add(user)


LAST_ADMIN = "the last active admin cannot be deactivated or lose the admin role"


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise AccountError(f"no user with id {user_id}")
    return user


def find_user(*, session: Session, name: str) -> User:
    """The user called ``name`` (compared in NFC); AccountError when there is none."""
    user = get_user(session=session, name=normalise_name(name))
    if user is None:
        raise AccountError(f"no user {name!r}")
    return user


def _keep_an_admin(session: Session, user: User, *, role: str, active: bool) -> None:
    if user.role != "admin" or not user.active or (role == "admin" and active):
        return
    others = session.exec(
        select(User.id).where(User.role == "admin", User.active, User.id != user.id)
    ).all()
    if not others:
        raise AccountError(LAST_ADMIN)


def set_role(*, session: Session, user_id: int, role: str) -> User:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    user = _user(session, user_id)
    _keep_an_admin(session, user, role=role, active=user.active)
    user.role = role
    session.add(user)
    return user


def close_user_sessions(*, session: Session, user_id: int) -> None:
    session.exec(delete(WebSession).where(WebSession.user_id == user_id))


def set_active(*, session: Session, user_id: int, active: bool) -> User:
    user = _user(session, user_id)
    _keep_an_admin(session, user, role=user.role, active=active)
    user.active = active
    session.add(user)
    if not active:
        session.exec(delete(WebSession).where(WebSession.user_id == user_id))
    return user


def open_session(
    *, session: Session, user: User, token_sha256: str, csrf_token: str, expires_at: datetime
) -> WebSession:
    row = WebSession(
        token_sha256=token_sha256, user_id=user.id, csrf_token=csrf_token, expires_at=expires_at
    )
    session.add(row)
    session.flush()
    return row


def session_user(
    *, session: Session, token_sha256: str, now: datetime
) -> tuple[User, WebSession] | None:
    """The active user behind a session token; an expired session is removed."""
    found = session.exec(
        select(User, WebSession)
        .join(WebSession, WebSession.user_id == User.id)
        .where(WebSession.token_sha256 == token_sha256)
    ).first()
    if found is None:
        return None
    user, web_session = found
    if web_session.expires_at <= now or not user.active:
        session.delete(web_session)
        return None
    return user, web_session


def close_session(*, session: Session, token_sha256: str) -> None:
    session.exec(delete(WebSession).where(WebSession.token_sha256 == token_sha256))


def record_login_failure(*, session: Session, name: str, at: datetime) -> None:
    session.add(LoginFailure(name=normalise_name(name)[:MAX_NAME_CHARS], failed_at=at))


def login_failures_since(*, session: Session, name: str, since: datetime) -> list[datetime]:
    """The times of ``name``'s failed sign-ins after ``since``, oldest first."""
    key = normalise_name(name)[:MAX_NAME_CHARS]
    rows = session.exec(
        select(LoginFailure.failed_at)
        .where(LoginFailure.name == key, LoginFailure.failed_at > since)
        .order_by(col(LoginFailure.failed_at))
    )
    return list(rows)


def clear_login_failures(
    *, session: Session, name: str | None = None, before: datetime | None = None
) -> None:
    """Forget ``name``'s failures (after a good sign-in), or every failure older than ``before``."""
    query = delete(LoginFailure)
    if name is not None:
        query = query.where(LoginFailure.name == normalise_name(name)[:MAX_NAME_CHARS])
    if before is not None:
        query = query.where(col(LoginFailure.failed_at) < before)
    session.exec(query)
