"""The review web app and its accounts, as the command line starts and manages them.

``web`` is imported lazily: only ``callqa serve`` and ``callqa users`` pay
for FastAPI, and the CLI imports nothing of ``web`` itself.
"""

from __future__ import annotations

from callqa.app.settings import Settings


def create_web_app(settings: Settings, *, secure_cookies: bool = False):
    from callqa.web.app import create_app

    return create_app(settings, secure_cookies=secure_cookies)


def add_user(settings: Settings, *, name: str, role: str, password: str) -> None:
    """Create a web app user; ``models.accounts.AccountError`` when refused."""
    from callqa.web.auth import add_user as add

    add(settings.engine(), name=name, role=role, password=password)


def list_users(settings: Settings) -> list:
    """The web app's users (``models.tables.User`` rows), by name."""
    from callqa.models import accounts
    from callqa.models.db import session_scope

    with session_scope(settings.engine()) as session:
        return accounts.list_users(session=session)


def set_role(settings: Settings, *, name: str, role: str) -> None:
    """Change a user's role; ``models.accounts.AccountError`` when refused (the last admin)."""
    from callqa.models import accounts
    from callqa.models.db import session_scope

    with session_scope(settings.engine()) as session:
        user = accounts.find_user(session=session, name=name)
        accounts.set_role(session=session, user_id=user.id, role=role)


def set_active(settings: Settings, *, name: str, active: bool) -> None:
    """Switch a user off (signing them out) or on; never the last active admin."""
    from callqa.models import accounts
    from callqa.models.db import session_scope

    with session_scope(settings.engine()) as session:
        user = accounts.find_user(session=session, name=name)
        accounts.set_active(session=session, user_id=user.id, active=active)


def reset_password(settings: Settings, *, name: str, password: str) -> None:
    """A new password (stored hashed); the user's open sessions are closed."""
    from callqa.models import accounts
    from callqa.models.db import session_scope
    from callqa.web.auth import reset_password as reset

    engine = settings.engine()
    with session_scope(engine) as session:
        user_id = accounts.find_user(session=session, name=name).id
    reset(engine, user_id=user_id, password=password)
