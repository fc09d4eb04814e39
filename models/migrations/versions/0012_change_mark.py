"""change mark: a count of the writes a batch's end depends on (it skips when none)

Revision ID: 0012_change_mark
Revises: 0011_persona_form
Create Date: 2026-12-01 00:45:00
"""

import sqlalchemy as sa
from alembic import op
from callqa.models.changes import drop_triggers

revision = "0012_change_mark"
down_revision = "0011_persona_form"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_mark",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("changes", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("ended_changes", sa.BigInteger(), nullable=True),
        sa.Column("ended_inputs", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.execute("INSERT INTO change_mark (id, changes) VALUES (1, 0)")
    # The triggers come after every migration, from the Alembic environment (install_triggers).


def downgrade() -> None:
    drop_triggers(op.get_bind())
    op.drop_table("change_mark")
