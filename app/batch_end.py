"""The end of a batch: relink calls to leads, refresh the review flags; skipped when moot.

Every batch ends this way (``callqa run``, each ``callqa watch`` tick, a lead
import). What it reads (recordings, scores, metrics, reviews, persona forms,
leads) is counted by the database on every write, whoever writes
(:mod:`callqa.models.changes`); with the flag rules, the SLA and the code it is
what the end depends on. When none of that changed since the last end, ending
again would change nothing, and an already-processed folder is not charged
for it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass

from callqa.app.flags import refresh_flags
from callqa.models import changes, crud
from callqa.models.db import session_scope
from callqa.qa.config import Config
from sqlalchemy.engine import Engine


@dataclass(frozen=True)
class BatchEnd:
    linked: int = 0  # calls newly linked to their leads
    opened: int = 0  # review flags opened
    removed: int = 0  # open flags whose cause is gone
    skipped: bool = False  # nothing it depends on changed since the last end


def end_batch(engine: Engine, config: Config, *, always: bool = False) -> BatchEnd:
    """Link calls to leads and refresh flags, unless nothing changed since the last end.

    The count of changes is read after the relink (its own writes count) and
    before the flags are read, so a write that lands meanwhile is either seen
    by this refresh or makes the next batch end again.
    """
    inputs = end_inputs(config)
    if not always and changes.ended_since_last_change(engine, inputs):
        return BatchEnd(skipped=True)
    with session_scope(engine) as session:
        linked = crud.relink_recordings(session=session)
    seen = changes.changes(engine)
    opened, removed = refresh_flags(engine, config)
    changes.mark_ended(engine, seen_changes=seen, inputs=inputs)
    return BatchEnd(linked=linked, opened=opened, removed=removed)


# The modules whose code decides what an end does (all imported by this one): a new
# version of any of them (an upgrade, an edit) ends the next batch again.
DECIDING_MODULES = (
    __name__,
    "callqa.app.flags",
    "callqa.app.read_model",
    "callqa.models.crud",
    "callqa.models.persona",
    "callqa.models.queries",
    "callqa.qa.flags",
    "callqa.qa.funnel",
    "callqa.qa.review",
    "callqa.qa.persona.fit",
    "callqa.qa.persona.review",
)


def end_inputs(config: Config) -> str:
    """A digest of what the end depends on besides the database: flag rules, SLA, the code."""
    digest = hashlib.sha256(repr((config.flags, config.leads.sla_minutes)).encode())
    for name in DECIDING_MODULES:
        path = sys.modules[name].__file__
        stat = os.stat(path)
        digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()
