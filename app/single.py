"""One file at a time, nothing stored: ``callqa transcribe``, ``score`` and ``analyze-audio``."""

from __future__ import annotations

from pathlib import Path

from callqa.app.settings import Settings
from callqa.qa.metrics import CallMetrics
from callqa.qa.records import CallScore, Transcript


def transcribe_file(
    settings: Settings,
    file: Path,
    *,
    engine: str | None = None,
    model: str | None = None,
    language: str | None = None,
) -> Transcript:
    """Transcribe one file with the config's ASR settings, optionally overridden."""
    from callqa.flows.resources import transcribe_audio
    from callqa.qa.audio import load_audio
    from callqa.qa.config import AsrConfig
    from callqa.qa.redact import redact_transcript

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


def analyze_file(
    settings: Settings, file: Path, transcript_json: Path | None = None
) -> CallMetrics:
    """Audio metrics of one recording; speaker turns from a transcript JSON if given."""
    from callqa.flows.resources import measure_audio
    from callqa.qa.audio import load_audio
    from callqa.qa.scoring import load_transcript

    segments = load_transcript(transcript_json).segments if transcript_json else None
    return measure_audio(settings.config, load_audio(file), segments)


def score_file(
    settings: Settings, transcript_json: Path, checklist: Path | None = None
) -> CallScore:
    """Score a transcript JSON with the given or configured checklist."""
    from callqa.flows.resources import load_scorer
    from callqa.qa.scoring import load_transcript

    config = settings.config
    transcript = load_transcript(transcript_json)
    if checklist is not None:
        override = {transcript.language: checklist}
        config = config.model_copy(
            update={"scoring": config.scoring.model_copy(update={"checklists": override})}
        )
    return load_scorer(config)(transcript)
