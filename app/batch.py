"""Run a batch and end it; watch a folder. ``callqa run`` and ``callqa watch`` both come here.

A batch registers every recording under a folder once (by content hash),
hands the pending ones to the Prefect flow (``flows.pipeline.process_pending``)
and then *ends* the batch, the same way whoever started it: calls are relinked
to leads and the review flags refreshed (``app.batch_end``: skipped when nothing
it depends on changed since the last end). A watch runs one batch per tick. A
run or a watch stopped mid-file (Ctrl+C, SIGTERM) puts the file it had
claimed back to pending before it returns.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from callqa.app.batch_end import end_batch
from callqa.app.settings import AppConfig, Settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Recording
from callqa.qa.discovery import discover_audio
from callqa.qa.persona.configured import load_forms
from sqlmodel import select

logger = logging.getLogger(__name__)

FileListener = Callable[[object], None]  # called with each flows.outcome.FileOutcome


@dataclass
class BatchResult:
    recording_ids: list[int] = field(default_factory=list)
    processed: int = 0  # files processed by this run
    failed: int = 0  # files under the path that are in failed state now
    flags_opened: int = 0
    seconds: float = 0.0
    file_seconds: float = 0.0  # time inside the per-file tasks, summed (the rest: start-up)


def run_batch(
    settings: Settings,
    root: Path,
    *,
    retry_failed: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_file: FileListener | None = None,
) -> BatchResult:
    """Register every recording under ``root``, process the pending ones, end the batch.

    ``on_start`` gets the number of files to process (only when there are
    some), ``on_file`` each file's outcome as it is stored.
    """
    from callqa.flows.registry import register_paths, release_claims

    started = time.perf_counter()
    config = settings.config
    load_forms(config)  # a bad persona form stops the run before any file is touched
    engine = get_engine(settings.db_url)
    paths = discover_audio(root, config.audio.extensions)
    registered = register_paths(paths, config=config, engine=engine, retry_failed=retry_failed)
    result = BatchResult(recording_ids=list(dict.fromkeys(r.recording_id for r in registered)))
    pending = [r for r in registered if r.status == "pending"]
    if pending:  # Prefect is only imported and reached when there is work to do
        if on_start is not None:
            on_start(len(pending))
        try:
            outcomes = _run_flow(settings, pending, _logging(on_file))
        except BaseException:  # stopped mid-file: leave nothing claimed
            released = release_claims(engine)
            logger.warning("stopped; %d claimed file(s) put back to pending", released)
            raise
        # A file another run claimed first was not processed by this one.
        result.processed = sum(1 for outcome in outcomes if outcome.status != "skipped")
        result.file_seconds = sum(outcome.seconds for outcome in outcomes)
    result.flags_opened = end_batch(engine, config).opened  # skipped when nothing changed
    with session_scope(engine) as session:
        result.failed = len(
            session.exec(
                select(Recording.id).where(
                    Recording.id.in_(result.recording_ids), Recording.status == "failed"
                )
            ).all()
        )
    result.seconds = time.perf_counter() - started
    return result


def _logging(on_file: FileListener | None) -> FileListener:
    """``on_file``, after logging where each processed file's time went (``-v``)."""

    def listener(outcome) -> None:
        if outcome.stages:
            stages = ", ".join(f"{name} {wall:.2f}/{cpu:.2f}" for name, wall, cpu in outcome.stages)
            logger.info("%s: %.2f s (stage wall/CPU s: %s)", outcome.path, outcome.seconds, stages)
        if on_file is not None:
            on_file(outcome)

    return listener


def _run_flow(settings: Settings, pending: list, on_file: FileListener | None) -> list:
    """Process ``pending`` through the Prefect flow: in the warm worker if it can, else here."""
    if not uses_warm_worker(settings.config):
        return _run_flow_here(settings, pending, on_file)
    from callqa.flows.registry import release_claims, release_stale_claims
    from callqa.flows.worker_client import WorkerLost, WorkerUnavailable, run_in_worker

    engine = get_engine(settings.db_url)
    try:
        return run_in_worker(
            settings.config.data_dir,
            settings.config,
            settings.db_url,
            pending,
            on_file,
            release=lambda owner, ids: release_claims(engine, owner, ids),
        )
    except WorkerUnavailable as exc:
        logger.info("%s; processing in this process", exc)
        return _run_flow_here(settings, pending, on_file)
    except WorkerLost as exc:
        logger.warning("%s; processing the rest in this process", exc)
        exc.wait_for_exit()
        release_stale_claims(engine)  # the file a dead worker had in hand
        finished = {outcome.recording_id for outcome in exc.outcomes}
        rest = [entry for entry in pending if entry.recording_id not in finished]
        return exc.outcomes + _run_flow_here(settings, rest, on_file)


def uses_warm_worker(config: AppConfig) -> bool:
    """Whether a batch goes to the warm worker (flows.worker_client) rather than this process."""
    from callqa.flows.prefect_env import prefect_is_ours

    return config.runner == "local" and config.warm_worker and prefect_is_ours()


def _run_flow_here(settings: Settings, pending: list, on_file: FileListener | None) -> list:
    from callqa.flows.prefect_env import connect_prefect
    from callqa.flows.resources import start_warm_up
    from pydantic import SecretStr

    # The model, librosa and the checklists load in a background thread while
    # Prefect is reached (or started) and imported: the first file waits less.
    if settings.config.runner != "dask":  # Dask workers load their own
        start_warm_up(settings.config)
    connect_prefect(settings.config.data_dir)
    from callqa.flows.pipeline import (
        add_progress_listener,
        flow_for,
        no_heartbeats,
        process_pending,
        remove_progress_listener,
    )

    if on_file is not None:
        add_progress_listener(on_file)
    try:
        config = settings.config
        flow = flow_for(
            process_pending,
            runner=config.runner,
            dask_address=config.dask.address,
            dask_workers=config.dask.workers,
        )
        # Prefect stores flow parameters in its own database: no database URL in
        # the config, and the URL itself as a SecretStr (stored masked).
        with no_heartbeats():
            return flow(
                pending,
                config.without_secrets(),
                SecretStr(settings.db_url),
                parallel=config.runner == "dask",
            )
    finally:
        if on_file is not None:
            remove_progress_listener(on_file)


def watch(
    settings: Settings,
    root: Path,
    *,
    every_s: float,
    stop: threading.Event,
    on_batch: Callable[[BatchResult], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_file: FileListener | None = None,
) -> None:
    """Run a batch over ``root`` every ``every_s`` seconds until ``stop`` is set.

    Each tick is the same batch as ``callqa run``: new or changed recordings
    are processed, calls relinked, flags refreshed.
    """
    from callqa.flows.prefect_env import connect_prefect

    while not stop.is_set():
        if not uses_warm_worker(settings.config):  # the worker keeps its server in use itself
            connect_prefect(settings.config.data_dir)  # a watch keeps the local server in use
        result = run_batch(settings, root, on_start=on_start, on_file=on_file)
        if on_batch is not None:
            on_batch(result)
        stop.wait(every_s)
