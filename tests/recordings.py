"""The recordings a `callqa run` or `callqa watch` subprocess has stored so far,
read while it works (the database and its schema may not exist yet)."""

from __future__ import annotations

from pathlib import Path

from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Recording
from sqlmodel import select


def stored_recordings(db_url: str) -> list[Recording]:
    if not Path(db_url.removeprefix("sqlite:///")).exists():
        return []
    with session_scope(get_engine(db_url, upgrade=False)) as session:
        try:
            return list(session.exec(select(Recording)).all())
        except Exception:  # schema not created yet
            return []
