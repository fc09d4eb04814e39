"""item rules: forbidden and on_violation stored with every item verdict

A reviewer's item override re-scores the call with the checklist's rules, so
each stored verdict keeps the rule it was scored under. Rows stored before
this revision get them from what is known: a ``violated`` verdict and the
bundled checklists' ``prohibited_language`` item are forbidden, the latter
failing the call (as in the bundled checklists); a re-score rewrites them from
the checklist itself.

Revision ID: 0006_item_rules
Revises: 0005
Create Date: 2026-11-30 18:50:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_item_rules"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("item_result", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("forbidden", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("on_violation", sa.String(), nullable=False, server_default="subtract")
        )
    op.execute(
        "UPDATE item_result SET forbidden = TRUE "
        "WHERE verdict = 'violated' OR item_id = 'prohibited_language'"
    )
    op.execute("UPDATE item_result SET on_violation = 'fail' WHERE item_id = 'prohibited_language'")


def downgrade() -> None:
    with op.batch_alter_table("item_result", schema=None) as batch_op:
        batch_op.drop_column("on_violation")
        batch_op.drop_column("forbidden")
