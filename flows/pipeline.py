"""The main flows: register recordings, then transcribe, score, measure and store each.

Tasks take paths and ids; the heavy models are loaded once per worker process
(:mod:`flows.resources`). With ``runner: dask`` the per-file tasks run on a
Dask cluster (a configured scheduler, or a local cluster of N processes);
otherwise they run one after another in this process. A worker claims each
file in the database before working on it (:mod:`flows.registry`), so two
runs never process the same file and a killed run is finished by the next.
"""

import logging
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from callqa.flows.outcome import FileOutcome
from callqa.flows.registry import Registered, claim, hold_claim, register_paths
from callqa.flows.resources import (
    judge_transcript,
    load_scorer,
    measure_audio,
    scoring_rules,
    transcribe_audio,
    wait_for_warm_up,
)
from callqa.models import crud
from callqa.models.db import get_engine, session_scope
from callqa.models.persona import save_persona
from callqa.models.tables import Campaign, Recording
from callqa.qa.audio import load_audio
from callqa.qa.config import Config
from callqa.qa.errors import AudioDecodeError, CallqaError
from callqa.qa.persona.configured import fill_call
from callqa.qa.persona.fit import effective_fit
from callqa.qa.redact import redact_score, redact_transcript
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from pydantic import SecretStr

logger = logging.getLogger(__name__)

__all__ = ["FileOutcome", "process_pending", "run_calls"]

ProgressListener = Callable[[FileOutcome], None]
_listeners: list[ProgressListener] = []
_stop = threading.Event()  # set: start no further file (the warm worker's client went away)


def stop_after_this_file() -> None:
    """Files not started yet are left pending (the warm worker calls this)."""
    _stop.set()


def allow_files() -> None:
    """Undo :func:`stop_after_this_file` (the warm worker, before each batch)."""
    _stop.clear()


def add_progress_listener(listener: ProgressListener) -> None:
    """Called after each processed file (the CLI draws its progress bar from this)."""
    _listeners.append(listener)


def remove_progress_listener(listener: ProgressListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


DbUrl = SecretStr | str  # a SecretStr is stored by Prefect as "**********"


def plain_url(db_url: DbUrl) -> str:
    return db_url.get_secret_value() if isinstance(db_url, SecretStr) else db_url


@task(name="register-recordings", cache_policy=NO_CACHE)
def register_task(
    paths: list[str], config: Config, db_url: DbUrl, retry_failed: bool
) -> list[Registered]:
    engine = get_engine(plain_url(db_url))
    return register_paths(
        [Path(p) for p in paths], config=config, engine=engine, retry_failed=retry_failed
    )


@task(name="process-recording", cache_policy=NO_CACHE)
def process_task(recording_id: int, path: str, config: Config, db_url: DbUrl) -> FileOutcome:
    return process_recording(recording_id, path, config, db_url)


def process_recording(recording_id: int, path: str, config: Config, db_url: DbUrl) -> FileOutcome:
    """Claim, transcribe, score, measure and store one recording (plain function)."""
    started = time.perf_counter()
    clock = _StageClock()
    engine = get_engine(plain_url(db_url))
    if not claim(engine, recording_id):
        return FileOutcome(path, recording_id, "skipped", "claimed by another worker")
    with session_scope(engine) as session:
        recording = session.get(Recording, recording_id)
        language_hint = recording.language  # from the metadata
        call_time = recording.call_time
        campaign = session.get(Campaign, recording.campaign_id) if recording.campaign_id else None
        campaign_name = campaign.name if campaign else None
    clock.lap("claim")
    wait_for_warm_up()  # in this process, if the run started one
    clock.lap("warm-up wait")
    try:
        audio = load_audio(Path(path))
        clock.lap("decode audio")
        if audio.duration_s < config.audio.min_duration_s:
            raise AudioDecodeError(
                Path(path),
                f"too short to be a call ({audio.duration_s:.2f} s; "
                f"audio.min_duration_s is {config.audio.min_duration_s:g})",
            )
        asr_started = time.perf_counter()
        transcript = transcribe_audio(config, audio, language=language_hint)
        asr_seconds = time.perf_counter() - asr_started
        clock.lap("asr")
        score = load_scorer(config)(transcript)  # scored on what was said, stored masked
        clock.lap("score")
        metrics = measure_audio(config, audio, transcript.segments)
        quality = judge_transcript(config, transcript, metrics.speech_s)
        clock.lap("metrics+quality")
        redaction = config.privacy.redaction()
        persona = fill_call(
            config, transcript, campaign=campaign_name, call_time=call_time, redaction=redaction
        )
        transcript = redact_transcript(transcript, redaction)
        score = redact_score(score, redaction)
        clock.lap("persona+redact")
    except Exception as exc:  # one bad file never stops the batch
        reason = str(exc) if isinstance(exc, CallqaError) else f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, CallqaError):
            logger.error("unexpected error on %s\n%s", path, traceback.format_exc())
        with session_scope(engine) as session:
            if not hold_claim(session, recording_id):
                return _lost_claim(path, recording_id, started)
            recording = session.get(Recording, recording_id)
            crud.mark_failed(session=session, recording=recording, error=reason)
        return FileOutcome(path, recording_id, "failed", reason, time.perf_counter() - started)

    with session_scope(engine) as session:  # everything about the call in one transaction
        if not hold_claim(session, recording_id):
            return _lost_claim(path, recording_id, started)
        recording = session.get(Recording, recording_id)
        crud.save_transcript(
            session=session,
            recording=recording,
            transcript=transcript,
            channels=audio.channels,
            sample_rate=audio.sample_rate,
            asr_seconds=asr_seconds,
            quality=quality,
        )
        crud.save_score(
            session=session,
            recording=recording,
            score=score,
            rules=scoring_rules(config, score.language),
        )
        save_persona(
            session=session,
            recording=recording,
            result=persona,
            effective_fit=effective_fit(persona.fit, score.target_fit),
        )
        crud.save_metrics(session=session, recording=recording, metrics=metrics)
        crud.mark_done(session=session, recording=recording)
    clock.lap("store")
    logger.debug("%s: %s", path, clock)
    return FileOutcome(
        path, recording_id, "done", None, time.perf_counter() - started, clock.stages()
    )


class _StageClock:
    """Wall and CPU seconds of each stage of one file, for the log and the start-up benchmark.

    CPU is the whole process's (every thread's), so it is the stage's own only
    when the process works on one file at a time (a local run, the warm worker).
    """

    def __init__(self) -> None:
        self._last = (time.perf_counter(), time.process_time())
        self._laps: list[tuple[str, float, float]] = []

    def lap(self, name: str) -> None:
        now = (time.perf_counter(), time.process_time())
        wall, cpu = now[0] - self._last[0], now[1] - self._last[1]
        self._laps.append((name, round(wall, 3), round(cpu, 3)))
        self._last = now

    def stages(self) -> tuple[tuple[str, float, float], ...]:
        return tuple(self._laps)

    def __str__(self) -> str:
        return ", ".join(f"{name} {wall:.2f} s ({cpu:.2f} CPU)" for name, wall, cpu in self._laps)


def _lost_claim(path: str, recording_id: int, started: float) -> FileOutcome:
    """The run that asked for this file was stopped and gave the file back: store nothing."""
    logger.warning("%s was given back while being processed; its results are dropped", path)
    reason = "given back before it was stored"
    return FileOutcome(path, recording_id, "skipped", reason, time.perf_counter() - started)


@flow(name="callqa-run")
def run_calls(
    paths: list[str],
    config: Config,
    db_url: DbUrl,
    retry_failed: bool = False,
    parallel: bool = False,
) -> list[FileOutcome]:
    """Register ``paths`` and process the pending ones; returns what happened to each.

    Callers pass ``db_url`` as a ``SecretStr`` and a config without the
    database URL (``app.settings.AppConfig.without_secrets``): a PostgreSQL
    password never lands in Prefect's database.
    """
    registered = register_task(paths, config, db_url, retry_failed)
    return _process([e for e in registered if e.status == "pending"], config, db_url, parallel)


@flow(name="callqa-batch")
def process_pending(
    pending: list[Registered], config: Config, db_url: DbUrl, parallel: bool = False
) -> list[FileOutcome]:
    """Process recordings the caller has registered (``app.batch`` registers each file once).

    ``parallel`` submits every file to the flow's task runner at once (a Dask
    cluster, see :func:`flow_for`); otherwise files run one after another here.
    """
    return _process(pending, config, db_url, parallel)


def _process(
    pending: list[Registered], config: Config, db_url: DbUrl, parallel: bool
) -> list[FileOutcome]:
    outcomes: list[FileOutcome] = []
    if parallel:
        futures = [process_task.submit(e.recording_id, e.path, config, db_url) for e in pending]
        for future in futures:
            outcomes.append(_notify(future.result()))
    else:
        for entry in pending:
            if _stop.is_set():
                break
            outcomes.append(_notify(process_task(entry.recording_id, entry.path, config, db_url)))
    return outcomes


def _notify(outcome: FileOutcome) -> FileOutcome:
    for listener in list(_listeners):
        listener(outcome)
    return outcome


def no_heartbeats():
    """Settings for a flow run in this process without Prefect's heartbeat thread.

    The heartbeat (every 180 s) lets a server notice a crashed run of a
    deployment; our runs are in the caller's own process and their files are
    claimed in the database, so it buys nothing, while stopping it costs each
    run up to 1 s of waiting for the thread's one-second sleep.
    """
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    return temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None})


def flow_for(
    which, *, runner: str = "local", dask_address: str | None = None, dask_workers: int = 2
):
    """``which`` (``run_calls`` or ``process_pending``) on the task runner asked for.

    ``runner="dask"``: the scheduler at ``dask_address``, else a local cluster
    of ``dask_workers`` processes; call the flow with ``parallel=True``.
    """
    if runner != "dask":
        return which
    import os

    from prefect_dask import DaskTaskRunner

    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "warning")  # workers inherit it
    if dask_address:
        task_runner = DaskTaskRunner(address=dask_address)
    else:
        task_runner = DaskTaskRunner(
            cluster_kwargs={
                "n_workers": dask_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    return which.with_options(task_runner=task_runner)
