"""Alembic environment: the engine is handed in by models.db, never read from a file."""

import callqa.models.persona  # noqa: F401  (the persona table)
import callqa.models.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from alembic import context
from callqa.models.changes import install_triggers
from sqlmodel import SQLModel

target_metadata = SQLModel.metadata
MIGRATION_LOCK_ID = 0x63616C6C7161  # "callqa"


def run_migrations() -> None:
    engine = context.config.attributes["engine"]
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # one migrating process at a time
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()
        # after any migration: one that rebuilt a watched table (SQLite) dropped its triggers
        install_triggers(connection)


run_migrations()
