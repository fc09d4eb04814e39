"""A count of the writes a batch's end depends on, kept by the database itself.

Ending a batch (relinking calls to leads, refreshing the review flags) reads
the recordings, scores and their items, audio metrics, reviewers' actions,
filled persona forms, leads and campaigns. Triggers on those tables
(``WATCHED``) add one to ``change_mark.changes`` on every insert, update or
delete, in the writer's own transaction, whoever writes: a run, the warm
worker, the web app, a lead import, a rescore, a person with ``psql``. A
batch's end stores the count it read (``ended_changes``) and a digest of what
else it depends on (``ended_inputs``: flag rules, SLA, code); the next batch
skips its end when neither changed.

The triggers are (re)installed after every migration (``install_triggers``),
so a migration that rebuilds a watched table (SQLite's batch mode drops the
table's triggers with it) gets them back.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Integer, String, Table, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

WATCHED = (
    "recording",
    "call_score",
    "item_result",
    "call_metrics",
    "review_action",
    "call_persona",
    "lead",
    "campaign",
)
MARK_ID = 1  # the table's one row
INPUTS_CHARS = 64

change_mark = Table(
    "change_mark",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("changes", BigInteger, nullable=False, server_default="0"),
    Column("ended_changes", BigInteger, nullable=True),  # the count the last batch's end read
    Column("ended_inputs", String(INPUTS_CHARS), nullable=True),  # and its other inputs' digest
)

_SQLITE_OPS = ("INSERT", "UPDATE", "DELETE")
_COUNT = f"UPDATE change_mark SET changes = changes + 1 WHERE id = {MARK_ID}"
_PG_FUNCTION = (
    "CREATE OR REPLACE FUNCTION callqa_count_change() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN {_COUNT}; RETURN NULL; END $$"
)


def install_triggers(connection: Connection) -> None:
    """Count every write to the ``WATCHED`` tables (idempotent; nothing when the table is absent).

    SQLite triggers are per row; PostgreSQL's are per statement (a bulk
    insert counts once). Only "something changed" matters, not how much.
    """
    tables = set(inspect(connection).get_table_names())
    if "change_mark" not in tables:  # a schema older than 0012_change_mark
        return
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(_PG_FUNCTION)
    for table in WATCHED:
        if table not in tables:
            continue
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS callqa_changed ON {table}")
            connection.exec_driver_sql(
                f"CREATE TRIGGER callqa_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION callqa_count_change()"
            )
        else:
            for op in _SQLITE_OPS:
                connection.exec_driver_sql(
                    f"CREATE TRIGGER IF NOT EXISTS callqa_changed_{table}_{op.lower()} "
                    f"AFTER {op} ON {table} BEGIN {_COUNT}; END"
                )


def drop_triggers(connection: Connection) -> None:
    """Remove what ``install_triggers`` made (before ``change_mark`` itself is dropped)."""
    for table in WATCHED:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS callqa_changed ON {table}")
        else:
            for op in _SQLITE_OPS:
                connection.exec_driver_sql(
                    f"DROP TRIGGER IF EXISTS callqa_changed_{table}_{op.lower()}"
                )
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS callqa_count_change()")


def changes(engine: Engine) -> int:
    """How many watched writes the database has seen (committed ones)."""
    with engine.connect() as connection:
        count = connection.execute(
            text("SELECT changes FROM change_mark WHERE id = :id"), {"id": MARK_ID}
        ).scalar()
    return count or 0


def ended_since_last_change(engine: Engine, inputs: str) -> bool:
    """Whether the last batch's end saw every watched write so far, with the same ``inputs``."""
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT changes, ended_changes, ended_inputs FROM change_mark WHERE id = :id"),
            {"id": MARK_ID},
        ).first()
    if row is None:  # the row was deleted by hand: end, and mark_ended puts it back
        return False
    return row.ended_changes == row.changes and row.ended_inputs == inputs


def mark_ended(engine: Engine, *, seen_changes: int, inputs: str) -> None:
    """Record that a batch's end took in every write up to ``seen_changes``, with ``inputs``."""
    values = {"seen": seen_changes, "inputs": inputs[:INPUTS_CHARS], "id": MARK_ID}
    with engine.begin() as connection:
        updated = connection.execute(
            text(
                "UPDATE change_mark SET ended_changes = :seen, ended_inputs = :inputs "
                "WHERE id = :id"
            ),
            values,
        ).rowcount
        if not updated:  # deleted by hand: counting starts again from what this end saw
            connection.execute(
                text(
                    "INSERT INTO change_mark (id, changes, ended_changes, ended_inputs) "
                    "VALUES (:id, :seen, :seen, :inputs)"
                ),
                values,
            )
