"""The review web app and its accounts, as the command line starts and manages them.

``web`` is imported lazily: only ``callqa serve`` and ``callqa users`` pay
for FastAPI, and the CLI imports nothing of ``web`` itself.
"""

from __future__ import annotations

from app.settings import Settings


def create_web_app(settings: Settings, *, secure_cookies: bool = False):
    from web.app import create_app

    return create_app(settings, secure_cookies=secure_cookies)


def add_user(settings: Settings, *, name: str, role: str, password: str) -> None:
    """Create a web app user; ``models.accounts.AccountError`` when refused."""
    from web.auth import add_user as add

    add(settings.engine(), name=name, role=role, password=password)
