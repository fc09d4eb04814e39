"""one fit correction: the persona panel's fit corrections become fit review actions

A reviewer's correction of a call's target fit was stored two ways: ``kind='fit'``
(the JSON API) and ``kind='persona', target='fit'`` (the call page's persona
panel, with the form's name and version in the checklist columns). Both are now
one ``fit`` action (target ``target_fit``), written alike by the call page, the
persona panel and the API; the rows of the second kind are moved over, with the
checklist of the call's newest score. Data only: no column changes.

Revision ID: 0010_fit_corrections
Revises: 0009_transcript_quality
Create Date: 2026-11-30 22:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_fit_corrections"
down_revision = "0009_transcript_quality"
branch_labels = None
depends_on = None

_NEWEST_SCORE = (
    "SELECT call_score.{column} FROM call_score"
    " WHERE call_score.recording_id = review_action.recording_id"
    " ORDER BY call_score.scored_at DESC, call_score.id DESC LIMIT 1"
)


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE review_action SET kind = 'fit', target = 'target_fit',"
            f" checklist_name = ({_NEWEST_SCORE.format(column='checklist_name')}),"
            f" checklist_version = ({_NEWEST_SCORE.format(column='checklist_version')})"
            " WHERE kind = 'persona' AND target = 'fit'"
        )
    )


def downgrade() -> None:
    """Nothing to undo: the code before this revision reads ``fit`` actions too (as the
    API's fit overrides); which of them came from the persona panel is not kept."""
