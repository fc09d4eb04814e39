"""persona: the form each filled form was decided against

Revision ID: 0011_persona_form
Revises: 0010_fit_corrections
Create Date: 2026-11-30 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_persona_form"
down_revision = "0010_fit_corrections"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("call_persona", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("call_persona", schema=None) as batch_op:
        batch_op.drop_column("form")
