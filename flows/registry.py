"""Register recordings by content hash and hand them out to workers: the work queue.

A recording is stored as ``pending`` when first seen. A worker *claims* it
(``processing``, with its ``host:pid``) with one atomic UPDATE before working
on it, and its final transaction makes it ``done`` or ``failed``. So:

* re-running a folder finds nothing to do (unchanged files are recognised by
  path, size and mtime without even re-hashing them);
* two runs at once never process the same file: only one UPDATE wins;
* a run killed mid-batch leaves its file ``processing`` under a dead pid; the
  next run releases such claims (same host: the pid is gone; another host:
  the claim is older than the lease) and finishes the batch.

Bad files are stored as ``failed`` with the reason and retried only when
their content changes (a new hash) or with ``--retry-failed``. Plain
functions (no Prefect): the CLI uses them to plan, the flow to work.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from callqa.flows.processes import pid_alive
from callqa.models import crud
from callqa.models.db import session_scope
from callqa.models.tables import Recording, utcnow
from callqa.qa.config import Config
from callqa.qa.discovery import file_sha256
from callqa.qa.errors import MetadataError
from callqa.qa.metadata import read_metadata
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

logger = logging.getLogger(__name__)

CLAIM_LEASE = timedelta(hours=1)  # a claim from another host older than this is abandoned
REGISTER_BATCH = 200  # files registered per transaction


@dataclass(frozen=True)
class Registered:
    path: str
    recording_id: int
    status: str  # pending | processing | done | failed
    error: str | None = None


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def printable_path(path: Path | str) -> str:
    """``path`` as text that can be stored and printed: bytes that are not UTF-8 as ``\\xNN``."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def register_paths(
    paths: Sequence[Path], *, config: Config, engine: Engine, retry_failed: bool = False
) -> list[Registered]:
    """Register every file; one entry per path, ``pending`` ones still to be processed.

    Paths are stored absolute, so the web app finds the file from any working
    folder. A file whose name is not valid UTF-8 is stored as failed under its
    name with ``\\xNN`` escapes (it cannot be stored or printed as given);
    the other files go on.
    """
    release_stale_claims(engine)
    out: list[Registered] = []
    for first in range(0, len(paths), REGISTER_BATCH):
        batch = [Path(os.path.abspath(p)) for p in paths[first : first + REGISTER_BATCH]]
        with session_scope(engine) as session:
            good = [path for path in batch if printable_path(path) == str(path)]
            known = _known_by_path(session, good)
            for path in batch:
                if printable_path(path) != str(path):
                    reason = "file name is not valid UTF-8; rename the file"
                    out.append(_unreadable(session, Path(printable_path(path)), reason))
                    continue
                out.append(_register_one(session, path, known.get(str(path)), config, retry_failed))
    return out


def _known_by_path(session: Session, paths: Sequence[Path]) -> dict[str, Recording]:
    rows = session.exec(select(Recording).where(Recording.path.in_([str(p) for p in paths])))
    return {row.path: row for row in rows}


def _register_one(
    session: Session, path: Path, known: Recording | None, config: Config, retry_failed: bool
) -> Registered:
    try:
        stat = path.stat()
        if not path.is_file():
            raise IsADirectoryError(21, "not a regular file")
        if known is not None and (known.size_bytes, known.file_mtime_ns) == (
            stat.st_size,
            stat.st_mtime_ns,
        ):
            recording, created = known, False  # unchanged since last seen: no need to hash
        else:
            recording, created = crud.register_recording(
                session=session, sha256=file_sha256(path), path=path, size_bytes=stat.st_size
            )
            recording.file_mtime_ns = stat.st_mtime_ns
            if not Path(recording.path).is_absolute():  # stored by an older version
                recording.path = str(path)
    except OSError as exc:
        return _unreadable(session, path, f"cannot read file: {exc.strerror or exc}")

    if not created and recording.status == "failed" and retry_failed:
        recording.status, recording.error = "pending", None
    if created or recording.status == "pending":
        _prepare(session, recording, path, config)
    session.add(recording)
    session.flush()
    return Registered(str(path), recording.id, recording.status, recording.error)


def _prepare(session: Session, recording: Recording, path: Path, config: Config) -> None:
    """Metadata and size checks at registration: a bad file fails before any work."""
    size_mb = recording.size_bytes / 1e6
    if size_mb > config.audio.max_file_mb:
        reason = f"file is {size_mb:.0f} MB, above audio.max_file_mb={config.audio.max_file_mb:g}"
        crud.mark_failed(session=session, recording=recording, error=reason)
        return
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


def _unreadable(session: Session, path: Path, reason: str) -> Registered:
    """A path with no readable content is stored as failed under a key made from its name."""
    logger.warning("%s: %s", path, reason)
    key = hashlib.sha256(f"unreadable:{path}".encode()).hexdigest()
    recording, created = crud.register_recording(
        session=session, sha256=key, path=path, size_bytes=0
    )
    if created:
        crud.mark_failed(session=session, recording=recording, error=reason)
    session.flush()
    return Registered(str(path), recording.id, recording.status, recording.error)


def claim(engine: Engine, recording_id: int, owner: str | None = None) -> bool:
    """Atomically take a pending recording for this worker; False if someone else has it."""
    with session_scope(engine) as session:
        result = session.exec(
            update(Recording)
            .where(Recording.id == recording_id, Recording.status == "pending")
            .values(
                status="processing",
                claimed_by=owner or worker_id(),
                claimed_at=utcnow(),
                attempts=Recording.attempts + 1,
            )
        )
        return result.rowcount == 1


def release_stale_claims(engine: Engine, lease: timedelta = CLAIM_LEASE) -> int:
    """Put back to pending the files whose worker died; returns how many."""
    host = socket.gethostname()
    released = 0
    with session_scope(engine) as session:
        for rec in session.exec(select(Recording).where(Recording.status == "processing")):
            owner_host, _, pid = (rec.claimed_by or "").rpartition(":")
            if owner_host == host:
                stale = not pid_alive(int(pid)) if pid.isdigit() else True
            else:
                stale = rec.claimed_at is None or utcnow() - rec.claimed_at > lease
            if stale:
                logger.warning("releasing %s: its worker %s is gone", rec.path, rec.claimed_by)
                rec.status, rec.claimed_by, rec.claimed_at = "pending", None, None
                session.add(rec)
                released += 1
    return released


def release_claims(
    engine: Engine, owner: str | None = None, recording_ids: Sequence[int] | None = None
) -> int:
    """Put back to pending every file ``owner`` (this process by default) has claimed.

    Called when a run or a watch is stopped mid-file, so nothing stays claimed;
    ``recording_ids`` limits it to those files (a warm worker's claims for one run).
    """
    owner = owner or worker_id()
    where = [Recording.status == "processing", Recording.claimed_by == owner]
    if recording_ids is not None:
        where.append(Recording.id.in_(list(recording_ids)))
    with session_scope(engine) as session:
        back = update(Recording).where(*where)
        result = session.exec(back.values(status="pending", claimed_by=None, claimed_at=None))
        return result.rowcount


def hold_claim(session: Session, recording_id: int) -> bool:
    """True if this process still holds ``recording_id``'s claim, and keep it until commit.

    The first statement of the transaction that stores a file's results: the
    update locks the row, so a run giving the file back (``release_claims``)
    either went first (False: store nothing) or waits for the results.
    """
    result = session.exec(
        update(Recording)
        .where(
            Recording.id == recording_id,
            Recording.status == "processing",
            Recording.claimed_by == worker_id(),
        )
        .values(claimed_at=utcnow())
    )
    return result.rowcount == 1
