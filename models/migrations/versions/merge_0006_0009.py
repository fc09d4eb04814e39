"""merge: i12's item rules and i13's transcript quality, both on top of 0005

Both branches added a migration after 0005; this empty revision joins the two
heads so ``alembic upgrade head`` has one target. The lead re-chains the
branches' migrations into one line; then this file is deleted.

Revision ID: merge_0006_0009
Revises: 0006_item_rules, 0009_transcript_quality
Create Date: 2026-11-30 19:45:00
"""

revision = "merge_0006_0009"
down_revision = ("0006_item_rules", "0009_transcript_quality")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
