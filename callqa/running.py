"""What the CLI commands do, apart from printing: glue over flows, models and qa."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlmodel import select

from callqa.settings import Settings
from flows.review import refresh_flags
from models import crud
from models.db import get_engine, session_scope
from models.tables import Recording
from qa.discovery import discover_audio
from qa.leads import LeadFile, read_leads
from qa.records import Transcript


@dataclass
class BatchResult:
    recording_ids: list[int] = field(default_factory=list)
    processed: int = 0  # files processed by this run
    failed: int = 0  # files under the path that are in failed state now
    flags_opened: int = 0
    seconds: float = 0.0
    file_seconds: float = 0.0  # time inside the per-file tasks, summed (the rest: start-up)


@dataclass(frozen=True)
class LeadImportReport:
    parsed: LeadFile
    created: int
    updated: int
    linked_calls: int


def run_batch(
    settings: Settings, root: Path, *, retry_failed: bool = False, console: Console | None = None
) -> BatchResult:
    """Register every recording under ``root`` and run the flow on the pending ones."""
    from flows.registry import register_paths

    started = time.perf_counter()
    config = settings.config
    paths = discover_audio(root, config.audio.extensions)
    engine = get_engine(settings.db_url)
    registered = register_paths(paths, config=config, engine=engine, retry_failed=retry_failed)
    result = BatchResult(
        recording_ids=list(dict.fromkeys(r.recording_id for r in registered)),
    )
    pending = [r.path for r in registered if r.status == "pending"]
    if pending:  # Prefect's temporary server only starts when there is work to do
        outcomes = _run_flow(settings, pending, console)
        result.processed = len(outcomes)
        result.file_seconds = sum(outcome.seconds for outcome in outcomes)
    with session_scope(engine) as session:
        crud.relink_recordings(session=session)
    result.flags_opened, _ = refresh_flags(engine, config)
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


def _run_flow(settings: Settings, pending: list[str], console: Console | None) -> list:
    from flows.prefect_env import configure_prefect

    configure_prefect(settings.config.data_dir)
    from flows.pipeline import add_progress_listener, flow_for, remove_progress_listener
    from flows.resources import start_warm_up

    if settings.config.runner != "dask":  # Dask workers load their own
        start_warm_up(settings.config)

    progress = Progress(
        TextColumn("[bold]transcribing and scoring"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        transient=False,
        disable=console is None,
    )
    task_id = progress.add_task("starting Prefect", total=len(pending))

    def advance(outcome) -> None:
        mark = "[green]ok[/green]" if outcome.status == "done" else "[red]failed[/red]"
        progress.update(task_id, advance=1, description=f"{Path(outcome.path).name} {mark}")

    add_progress_listener(advance)
    try:
        with progress:
            return flow_for(settings.config)(pending, settings.config, settings.db_url)
    finally:
        remove_progress_listener(advance)


def import_leads(settings: Settings, file: Path) -> LeadImportReport:
    config = settings.config
    parsed = read_leads(
        file,
        status_map=config.leads.status_map,
        columns=config.leads.columns,
        timezone=config.timezone,
    )
    with session_scope(get_engine(settings.db_url)) as session:
        created, updated = crud.upsert_leads(session=session, leads=parsed.leads)
        linked = crud.relink_recordings(session=session)
    refresh_flags(get_engine(settings.db_url), config)
    return LeadImportReport(parsed, created, updated, linked)


def transcribe_file(
    settings: Settings,
    file: Path,
    *,
    engine: str | None = None,
    model: str | None = None,
    language: str | None = None,
) -> Transcript:
    """Transcribe one file with the config's ASR settings, optionally overridden."""
    from flows.resources import transcribe_audio
    from qa.audio import load_audio
    from qa.config import AsrConfig
    from qa.redact import redact_transcript

    config = settings.config
    overrides: dict[str, object] = {"model": model, "language": language}
    if model is not None:
        overrides["models"] = {}  # one Whisper model for every language
    if engine == "viet-asr":  # Vietnamese by viet-asr, the rest by the config's Whisper
        overrides["engines"] = {"vi": "viet-asr"}
    elif engine is not None:  # this engine for every language
        overrides |= {"engine": engine, "engines": {}}
    asr = AsrConfig.model_validate(
        config.asr.model_dump() | {k: v for k, v in overrides.items() if v is not None}
    )
    transcript = transcribe_audio(config.model_copy(update={"asr": asr}), load_audio(file))
    return redact_transcript(transcript, config.privacy.redaction())


def analyze_file(settings: Settings, file: Path, transcript_json: Path | None = None):
    """Audio metrics of one recording; speaker turns from a transcript JSON if given."""
    from flows.resources import measure_audio
    from qa.audio import load_audio
    from qa.scoring import load_transcript

    segments = load_transcript(transcript_json).segments if transcript_json else None
    return measure_audio(settings.config, load_audio(file), segments)


def score_file(settings: Settings, transcript_json: Path, checklist: Path | None = None):
    """Score a transcript JSON with the given or configured checklist."""
    from flows.resources import load_scorer
    from qa.scoring import load_transcript

    config = settings.config
    transcript = load_transcript(transcript_json)
    if checklist is not None:
        override = {transcript.language: checklist}
        config = config.model_copy(
            update={"scoring": config.scoring.model_copy(update={"checklists": override})}
        )
    return load_scorer(config)(transcript)


@dataclass(frozen=True)
class RescoreOutcome:
    calls: int
    checklists: tuple[str, ...]
    mean_before: float | None
    mean_after: float | None
    flags_opened: int
    flags_removed: int


def rescore_stored(
    settings: Settings, *, checklist: Path | None = None, language: str | None = None
) -> RescoreOutcome:
    """Score every stored transcript again and store the result under its checklist version."""
    import statistics

    from flows.resources import load_scorer
    from models.queries import latest_scores

    config = settings.config
    if checklist is not None:
        from qa.scoring import load_checklist

        parsed = load_checklist(checklist)
        paths = dict.fromkeys(parsed.languages, checklist)
        config = config.model_copy(
            update={"scoring": config.scoring.model_copy(update={"checklists": paths})}
        )
    scorer = load_scorer(config)
    engine = get_engine(settings.db_url)
    before, after, names = [], [], set()
    with session_scope(engine) as session:
        previous = latest_scores(session)
        query = select(Recording).where(Recording.status == "done")
        if language:
            query = query.where(Recording.language == language)
        for recording in session.exec(query).all():
            if recording.id in previous:
                before.append(previous[recording.id].score)
            result = scorer(crud.load_transcript(session=session, recording=recording))
            crud.save_score(session=session, recording=recording, score=result)
            after.append(result.score)
            names.add(f"{result.checklist_name} {result.checklist_version}")
    opened, removed = refresh_flags(engine, config)
    return RescoreOutcome(
        calls=len(after),
        checklists=tuple(sorted(names)),
        mean_before=round(statistics.fmean(before), 1) if before else None,
        mean_after=round(statistics.fmean(after), 1) if after else None,
        flags_opened=opened,
        flags_removed=removed,
    )
