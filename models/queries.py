"""Read-side queries shared by every reader: which score of a call is current.

Re-scoring adds a score per checklist version; the current one is the newest.
What a call's values are after people's reviews is the application layer's
read model (``app/read_model.py``), built on these rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from callqa.models.tables import CallScore, ItemResult, ReviewAction
from sqlmodel import Session, select


def latest_scores(
    session: Session, recording_ids: Sequence[int] | None = None
) -> dict[int, CallScore]:
    """The newest score of each recording (of ``recording_ids``, else of all)."""
    query = select(CallScore).order_by(CallScore.scored_at, CallScore.id)
    if recording_ids is not None:
        query = query.where(CallScore.recording_id.in_(list(recording_ids)))
    latest: dict[int, CallScore] = {}
    for score in session.exec(query):
        latest[score.recording_id] = score
    return latest


def items_of(session: Session, scores: Sequence[CallScore]) -> dict[int, list[ItemResult]]:
    """Score id -> its item verdicts, in checklist order."""
    out: dict[int, list[ItemResult]] = defaultdict(list)
    ids = [s.id for s in scores]
    if not ids:
        return out
    query = select(ItemResult).where(ItemResult.call_score_id.in_(ids)).order_by(ItemResult.id)
    for item in session.exec(query):
        out[item.call_score_id].append(item)
    return out


def review_rows(session: Session, recording_ids: Sequence[int]) -> dict[int, list[ReviewAction]]:
    """Recording id -> every review action on it, oldest first."""
    out: dict[int, list[ReviewAction]] = defaultdict(list)
    if not recording_ids:
        return out
    query = (
        select(ReviewAction)
        .where(ReviewAction.recording_id.in_(list(recording_ids)))
        .order_by(ReviewAction.created_at, ReviewAction.id)
    )
    for row in session.exec(query):
        out[row.recording_id].append(row)
    return out
