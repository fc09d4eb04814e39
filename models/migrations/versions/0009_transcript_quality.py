"""transcript quality gate

Revision ID: 0009_transcript_quality
Revises: 0005
Create Date: 2026-11-30 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_transcript_quality"
down_revision = "0008_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.add_column(sa.Column("transcript_quality", sa.Float(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "transcript_unreliable", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(sa.Column("quality", sa.JSON(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_recording_transcript_unreliable"),
            ["transcript_unreliable"],
            unique=False,
        )


def downgrade() -> None:
    with op.batch_alter_table("recording", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recording_transcript_unreliable"))
        batch_op.drop_column("quality")
        batch_op.drop_column("transcript_unreliable")
        batch_op.drop_column("transcript_quality")
