"""The QA lead's queue: flagged calls (not flags), worst first.

One row per call with all its matching flags; ordered by the most severe flag,
then the lowest effective score (the read model's; a 0 above a 29), then the newest call.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from callqa.app.read_model import call_results
from callqa.models.reviews import QueueFilter, flag_queue
from callqa.models.tables import Flag
from sqlmodel import Session


@dataclass(frozen=True)
class QueuedCall:
    recording_id: int
    name: str
    rep: str | None
    campaign: str | None
    call_time: datetime | None
    severity: int  # of its most severe flag
    score: float | None  # effective: a reviewer's override wins
    pass_mark: float | None
    flags: tuple[Flag, ...]  # most severe first


def _order(call: QueuedCall) -> tuple[float, float, float]:
    score = math.inf if call.score is None else call.score
    when = -call.call_time.timestamp() if call.call_time else math.inf
    return (-call.severity, score, when)


def call_queue(*, session: Session, where: QueueFilter) -> list[QueuedCall]:
    grouped: dict[int, list] = {}
    for row in flag_queue(session=session, where=where):
        grouped.setdefault(row.recording_id, []).append(row)
    results = call_results(session, list(grouped))
    calls = []
    for recording_id, rows in grouped.items():
        first = rows[0]
        result = results.get(recording_id)
        flags = tuple(sorted((r.flag for r in rows), key=lambda f: (-f.severity, f.id)))
        calls.append(
            QueuedCall(
                recording_id=recording_id,
                name=Path(first.path).name,
                rep=first.rep,
                campaign=first.campaign,
                call_time=first.call_time,
                severity=flags[0].severity,
                score=result.effective.score if result else None,
                pass_mark=result.score.pass_mark if result else None,
                flags=flags,
            )
        )
    return sorted(calls, key=_order)


def next_in_queue(queue: list[QueuedCall], current: int) -> QueuedCall | None:
    """The call after ``current`` in queue order (the first one when it is not queued)."""
    ids = [c.recording_id for c in queue]
    if current in ids:
        position = ids.index(current) + 1
        return queue[position] if position < len(queue) else None
    return queue[0] if queue else None
