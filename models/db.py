"""Engines, sessions and schema migrations for any SQLAlchemy URL.

``get_engine`` brings the schema to the newest migration the first time it
sees a URL, so every command works on a fresh database; ``callqa db upgrade``
does the same on demand.
"""

from __future__ import annotations

import fcntl
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30


@cache
def get_engine(url: str, *, upgrade: bool = True) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S}
        if parsed.get_backend_name() == "sqlite"
        else {},
    )
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    if upgrade and not at_head(engine):
        migrate(engine)
    return engine


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(.+)$", re.MULTILINE)
_NAME = re.compile(r'["\']([^"\']+)["\']')


@cache
def head_revision() -> str | None:
    """The newest migration, read from the migration files without importing Alembic.

    None when the files do not form one straight line (then Alembic decides).
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = {
            k: _NAME.findall(v) for k, v in _REVISION.findall(path.read_text(encoding="utf-8"))
        }
        if found.get("revision"):
            revisions.update(found["revision"])
            parents.update(found.get("down_revision", ()))  # a merge revision names several
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None


def at_head(engine: Engine) -> bool:
    """Whether the schema is already at the newest migration (a cheap check, about 1 ms)."""
    head = head_revision()
    if head is None:
        return False
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:  # a new database
        return False
    return [row[0] for row in current] == [head]


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def alembic_config(engine: Engine):
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (idempotent; safe when processes race).

    Two runs started at once on a new database would both try to create the
    tables: PostgreSQL serialises them with an advisory lock (in the Alembic
    environment), SQLite with a lock file beside the database.
    """
    from alembic import command

    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        command.upgrade(alembic_config(engine), revision)
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            command.upgrade(alembic_config(engine), revision)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on error."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
