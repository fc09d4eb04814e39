"""Slow down password guessing: a few failed sign-ins lock that name for a while.

The failures live in the database (``login_failure``), keyed by the normalised
name (``models.accounts.normalise_name``), so a lock holds across app
processes and restarts and no spelling of a name escapes it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from callqa.models import accounts
from callqa.models.db import session_scope
from sqlalchemy.engine import Engine

MAX_FAILURES = 5  # failed sign-ins for one name within WINDOW_S ...
WINDOW_S = 600.0  # ... lock that name until the oldest failure is this old


class LoginThrottle:
    """Failed attempts per account name, stored in the app's database."""

    def __init__(
        self, engine: Engine, max_failures: int = MAX_FAILURES, window_s: float = WINDOW_S
    ) -> None:
        self.engine = engine
        self.max_failures = max_failures
        self.window = timedelta(seconds=window_s)

    def retry_after_s(self, name: str) -> float:
        """Seconds until ``name`` may try again; 0 when it may now."""
        now = datetime.now(UTC)
        with session_scope(self.engine) as session:
            failures = accounts.login_failures_since(
                session=session, name=name, since=now - self.window
            )
        if len(failures) < self.max_failures:
            return 0.0
        oldest_counted = failures[-self.max_failures]
        return max(0.0, (self.window - (now - oldest_counted)).total_seconds())

    def failed(self, name: str) -> None:
        now = datetime.now(UTC)
        with session_scope(self.engine) as session:
            accounts.clear_login_failures(session=session, before=now - self.window)
            accounts.record_login_failure(session=session, name=name, at=now)

    def succeeded(self, name: str) -> None:
        with session_scope(self.engine) as session:
            accounts.clear_login_failures(session=session, name=name)
