"""login throttle in the database; user names normalised

Revision ID: 0008_login_throttle
Revises: 0005
Create Date: 2026-11-30 18:40:00
"""

import unicodedata

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008_login_throttle"
down_revision = "0007_persona"
branch_labels = None
depends_on = None


def _normalise(name: str) -> str:  # as models.accounts.normalise_name, frozen here
    return unicodedata.normalize("NFC", name.strip()).casefold()


def upgrade() -> None:
    op.create_table(
        "login_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("failed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failure_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failure_failed_at"), ["failed_at"], unique=False)
    # Existing names get the one spelling sign-in uses; a name whose normal form
    # another user already has keeps its old spelling (an admin renames it).
    connection = op.get_bind()
    users = connection.execute(sa.text("SELECT id, name FROM app_user")).all()
    taken = {name for _, name in users}
    for user_id, name in users:
        normal = _normalise(name)
        if normal != name and normal not in taken:
            connection.execute(
                sa.text("UPDATE app_user SET name = :name WHERE id = :id"),
                {"name": normal, "id": user_id},
            )
            taken.add(normal)


def downgrade() -> None:
    with op.batch_alter_table("login_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failure_failed_at"))
        batch_op.drop_index(batch_op.f("ix_login_failure_name"))
    op.drop_table("login_failure")
