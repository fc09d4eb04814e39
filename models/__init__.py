"""Storage: SQLModel tables, the database session, Alembic migrations."""

from callqa.models.db import get_engine, migrate, session_scope

__all__ = ["get_engine", "migrate", "session_scope"]
