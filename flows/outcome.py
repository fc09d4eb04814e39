"""What happened to one file of a batch; no Prefect import (the warm worker's client reads it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileOutcome:
    path: str
    recording_id: int | None
    status: str  # done | failed | skipped (another worker had claimed it)
    error: str | None = None
    seconds: float = 0.0
    # (stage, wall seconds, CPU seconds) of a processed file
    stages: tuple[tuple[str, float, float], ...] = ()
