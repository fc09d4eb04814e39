"""The main flow: register recordings, then transcribe, score, measure and store each.

Tasks take paths and ids; the heavy model is loaded once per worker process
(:mod:`flows.resources`). One bad file is stored as failed with its reason and
the batch goes on.
"""

from __future__ import annotations

import logging
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from flows.registry import Registered, max_size_error, register_paths
from flows.resources import load_scorer, transcribe_audio
from models import crud
from models.db import get_engine, session_scope
from models.tables import Recording
from qa.audio import load_audio
from qa.config import Config
from qa.errors import CallqaError
from qa.metrics import analyze_call

logger = logging.getLogger(__name__)

ProgressListener = Callable[["FileOutcome"], None]
_listeners: list[ProgressListener] = []


@dataclass(frozen=True)
class FileOutcome:
    path: str
    recording_id: int | None
    status: str  # done | failed
    error: str | None = None
    seconds: float = 0.0


def add_progress_listener(listener: ProgressListener) -> None:
    """Called after each processed file (the CLI draws its progress bar from this)."""
    _listeners.append(listener)


def remove_progress_listener(listener: ProgressListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


@task(name="register-recordings", cache_policy=NO_CACHE)
def register_task(
    paths: list[str], config: Config, db_url: str, retry_failed: bool
) -> list[Registered]:
    engine = get_engine(db_url)
    return register_paths(
        [Path(p) for p in paths], config=config, engine=engine, retry_failed=retry_failed
    )


@task(name="process-recording", cache_policy=NO_CACHE)
def process_task(recording_id: int, path: str, config: Config, db_url: str) -> FileOutcome:
    started = time.perf_counter()
    engine = get_engine(db_url)
    try:
        too_big = max_size_error(Path(path), config.audio.max_file_mb)
        if too_big:
            raise CallqaError(f"{path}: {too_big}")
        audio = load_audio(Path(path))
        asr_started = time.perf_counter()
        transcript = transcribe_audio(config, audio)
        asr_seconds = time.perf_counter() - asr_started
        score = load_scorer(config)(transcript)
        metrics = analyze_call(
            audio.samples,
            audio.sample_rate,
            agent_channel=config.audio.agent_channel,
            settings=config.metrics,
            segments=transcript.segments,
        )
    except Exception as exc:  # one bad file never stops the batch
        reason = str(exc) if isinstance(exc, CallqaError) else f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, CallqaError):
            logger.error("unexpected error on %s\n%s", path, traceback.format_exc())
        with session_scope(engine) as session:
            recording = session.get(Recording, recording_id)
            crud.mark_failed(session=session, recording=recording, error=reason)
        return FileOutcome(path, recording_id, "failed", reason, time.perf_counter() - started)

    with session_scope(engine) as session:  # transcript, score and status in one transaction
        recording = session.get(Recording, recording_id)
        crud.save_transcript(
            session=session,
            recording=recording,
            transcript=transcript,
            channels=audio.channels,
            sample_rate=audio.sample_rate,
            asr_seconds=asr_seconds,
        )
        crud.save_score(session=session, recording=recording, score=score)
        crud.save_metrics(session=session, recording=recording, metrics=metrics)
        crud.mark_done(session=session, recording=recording)
    return FileOutcome(path, recording_id, "done", None, time.perf_counter() - started)


@flow(name="callqa-run")
def run_calls(
    paths: list[str], config: Config, db_url: str, retry_failed: bool = False
) -> list[FileOutcome]:
    """Process every pending recording among ``paths``; returns what happened to each."""
    registered = register_task(paths, config, db_url, retry_failed)
    outcomes: list[FileOutcome] = []
    for entry in registered:
        if entry.recording_id is None:
            outcome = FileOutcome(entry.path, None, "failed", entry.error)
        elif entry.status == "pending":
            outcome = process_task(entry.recording_id, entry.path, config, db_url)
        else:
            continue
        outcomes.append(outcome)
        for listener in list(_listeners):
            listener(outcome)
    return outcomes


def pending_count(registered: list[Registered]) -> int:
    return sum(1 for r in registered if r.status == "pending")


def relink_leads(db_url: str) -> int:
    with session_scope(get_engine(db_url)) as session:
        return crud.relink_recordings(session=session)
