"""persona: the filled persona form of each call

Revision ID: 0007_persona
Revises: 0005
Create Date: 2026-11-30 18:45:00
"""

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007_persona"
down_revision = "0006_item_rules"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "call_persona",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recording_id", sa.Integer(), nullable=False),
        sa.Column("form_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("form_version", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("values", sa.JSON(), nullable=True),
        sa.Column("missing", sa.JSON(), nullable=True),
        sa.Column("completeness", sa.Float(), nullable=False),
        sa.Column("fit", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=True),
        sa.Column("violated", sa.JSON(), nullable=True),
        sa.Column("effective_fit", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("filled_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["recording_id"], ["recording.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("recording_id", "form_name", "form_version"),
    )
    with op.batch_alter_table("call_persona", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_call_persona_recording_id"), ["recording_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_call_persona_form_name"), ["form_name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("call_persona", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_call_persona_form_name"))
        batch_op.drop_index(batch_op.f("ix_call_persona_recording_id"))
    op.drop_table("call_persona")
