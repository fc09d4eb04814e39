"""Register recordings by content hash: the persistent work queue of a run.

A recording is stored as ``pending`` when first seen and becomes ``done`` or
``failed`` when processed, so re-running a folder finds nothing to do, and a
run that stopped half-way picks up exactly the files still pending. Plain
functions (no Prefect): the CLI uses them to plan, the flow to work.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine

from models import crud
from models.db import session_scope
from qa.config import Config
from qa.discovery import file_sha256
from qa.errors import MetadataError
from qa.metadata import read_metadata

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registered:
    path: str
    recording_id: int | None  # None: the file could not even be read
    status: str  # pending | done | failed
    error: str | None = None


def register_paths(
    paths: Sequence[Path], *, config: Config, engine: Engine, retry_failed: bool = False
) -> list[Registered]:
    """Register every file; returns one entry per path, pending ones to be processed."""
    return [
        _register_one(Path(p), config=config, engine=engine, retry_failed=retry_failed)
        for p in paths
    ]


def _register_one(path: Path, *, config: Config, engine: Engine, retry_failed: bool) -> Registered:
    try:
        size = path.stat().st_size
        sha = file_sha256(path)
    except OSError as exc:
        reason = f"cannot read file: {exc.strerror or exc}"
        logger.warning("%s: %s", path, reason)
        return Registered(str(path), None, "failed", reason)

    with session_scope(engine) as session:
        recording, created = crud.register_recording(
            session=session, sha256=sha, path=path, size_bytes=size
        )
        if not created and recording.status == "failed" and retry_failed:
            recording.status = "pending"
            recording.error = None
        if created or recording.status == "pending":
            try:
                metadata = read_metadata(
                    path,
                    sidecar_suffix=config.metadata.sidecar_suffix,
                    filename_pattern=config.metadata.filename_pattern,
                    call_time_format=config.metadata.call_time_format,
                    timezone=config.timezone,
                )
            except MetadataError as exc:
                crud.mark_failed(session=session, recording=recording, error=str(exc))
            else:
                crud.apply_metadata(session=session, recording=recording, metadata=metadata)
        return Registered(str(path), recording.id, recording.status, recording.error)


def max_size_error(path: Path, max_file_mb: float) -> str | None:
    size_mb = path.stat().st_size / 1e6
    if size_mb > max_file_mb:
        return f"file is {size_mb:.0f} MB, above audio.max_file_mb={max_file_mb:g}"
    return None
