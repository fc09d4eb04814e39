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

from callqa.qa.errors import CallqaError
from sqlalchemy import event, exc, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, create_engine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 30
DATA_DIR_MODE = 0o700  # recordings' transcripts are personal data: owner only


class DatabaseError(CallqaError):
    """The database URL is wrong, or the database cannot be reached or is not one."""


def shown_url(url: URL | str) -> str:
    """The URL as it may be printed: the password masked."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except exc.ArgumentError:
        return "the database URL"


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (owner-only) when its parent exists; refuse to invent a whole path."""
    if folder.is_dir():
        return
    if not folder.parent.is_dir():
        raise DatabaseError(
            f"folder {folder} does not exist; create it first "
            "(callqa creates a database folder only inside an existing one)"
        )
    folder.mkdir(mode=DATA_DIR_MODE, exist_ok=True)


@cache
def get_engine(url: str, *, upgrade: bool = True) -> Engine:
    """An engine on ``url`` with the newest schema; ``DatabaseError`` says what is wrong."""
    try:
        parsed = make_url(url)
    except exc.ArgumentError as error:
        raise DatabaseError(
            f"{url!r} is not a database URL; use sqlite:///path/to/callqa.db "
            "or postgresql+psycopg://user@host/dbname"
        ) from error
    shown = shown_url(parsed)
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite and parsed.database not in (None, "", ":memory:"):
        ensure_folder(Path(parsed.database).parent)
    try:
        engine = create_engine(
            url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S} if sqlite else {}
        )
    except (exc.NoSuchModuleError, exc.ArgumentError, ImportError) as error:
        raise DatabaseError(f"{shown}: unknown database kind {parsed.drivername!r}") from error
    if sqlite:
        event.listen(engine, "connect", _sqlite_pragmas)
    if upgrade:
        try:
            if not at_head(engine):
                migrate(engine)
        except exc.DBAPIError as error:
            engine.dispose()
            raise DatabaseError(f"{shown}: {_reason(error)}") from error
    return engine


def _reason(error: exc.DBAPIError) -> str:
    first = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
    if isinstance(error, exc.OperationalError) and "not a database" not in first:
        return f"cannot open the database: {first}"
    return f"not a callqa database: {first}"


_REVISION = re.compile(r"^(down_revision|revision)\s*=\s*(.+)$", re.MULTILINE)
_NAME = re.compile(r'["\']([^"\']+)["\']')


@cache
def head_revisions() -> frozenset[str]:
    """The newest migration(s), read from the migration files without importing Alembic.

    Usually one; more while parallel branches' migrations are not yet chained
    (``migrate`` then applies every branch).
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = {
            k: _NAME.findall(v) for k, v in _REVISION.findall(path.read_text(encoding="utf-8"))
        }
        if found.get("revision"):
            revisions.update(found["revision"])
            parents.update(found.get("down_revision", ()))  # a merge revision names several
    return frozenset(revisions - parents)


def at_head(engine: Engine) -> bool:
    """Whether the schema is already at the newest migration(s) (a cheap check, about 1 ms)."""
    heads = head_revisions()
    if not heads:
        return False
    try:
        with engine.connect() as connection:
            current = connection.execute(text("SELECT version_num FROM alembic_version")).all()
    except SQLAlchemyError:  # a new database
        return False
    return {row[0] for row in current} == heads and len(current) == len(heads)


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


def migrate(engine: Engine, revision: str = "heads") -> None:
    """Apply migrations up to ``revision`` (idempotent; safe when processes race).

    Two runs started at once on a new database would both try to create the
    tables: PostgreSQL serialises them with an advisory lock (in the Alembic
    environment), SQLite with a lock file beside the database.
    """
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        _upgrade(engine, revision)
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            _upgrade(engine, revision)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _upgrade(engine: Engine, revision: str) -> None:
    from alembic import command
    from alembic.util.exc import CommandError

    try:
        command.upgrade(alembic_config(engine), revision)
    except CommandError as error:
        # e.g. a database written by a newer callqa, at a revision this one does not have
        raise DatabaseError(
            f"{shown_url(engine.url)}: cannot bring the schema to this callqa's version "
            f"({error}); was it written by a newer callqa?"
        ) from error


def current_revision(engine: Engine) -> str | None:
    """The schema's revision; several, comma-separated, while migration branches are unmerged."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        heads = MigrationContext.configure(connection).get_current_heads()
    return ", ".join(sorted(heads)) or None


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
