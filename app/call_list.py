"""The call list's own filters and sort order, applied to the read model's rows."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from callqa.app.read_model import CallRow

SORTS = ("time", "score", "rep", "campaign")


@dataclass(frozen=True)
class ListChoice:
    campaign: str | None = None
    since: datetime | None = None  # calls made at or after
    until: datetime | None = None  # ...and before
    sort: str = "time"  # one of SORTS
    descending: bool = True


def _key(sort: str):
    if sort == "score":
        return lambda r: math.inf if r.effective_score is None else r.effective_score
    if sort in ("rep", "campaign"):
        return lambda r: (getattr(r, sort) or "").casefold()
    return lambda r: r.call_time.timestamp() if r.call_time else -math.inf


def choose(rows: Sequence[CallRow], choice: ListChoice) -> list[CallRow]:
    kept = [
        r
        for r in rows
        if (choice.campaign is None or r.campaign == choice.campaign)
        and (choice.since is None or (r.call_time is not None and r.call_time >= choice.since))
        and (choice.until is None or (r.call_time is not None and r.call_time < choice.until))
    ]
    ordered = sorted(kept, key=lambda r: r.recording_id)  # ties: a stable, known order
    return sorted(ordered, key=_key(choice.sort), reverse=choice.descending)
