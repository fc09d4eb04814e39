"""Heavy objects built once per worker process and reused for every file."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from callqa.qa.asr.call import CallAsrSettings, transcribe_call
from callqa.qa.asr.engine import Transcriber
from callqa.qa.asr.quality import TranscriptQuality, assess
from callqa.qa.asr.routing import LanguageRouter
from callqa.qa.asr.speech import find_speech
from callqa.qa.asr.weights import resolve_model
from callqa.qa.audio import WHISPER_SAMPLE_RATE, Audio, as_call_audio
from callqa.qa.config import AsrConfig, Config
from callqa.qa.metrics import CallMetrics, analyze_call
from callqa.qa.records import CallScore, Segment, Transcript
from callqa.qa.review import ItemRule, checklist_rules

if TYPE_CHECKING:
    from callqa.qa.scoring import Checklist

logger = logging.getLogger(__name__)


def asr_settings(config: Config) -> CallAsrSettings:
    """The call-level decoding settings a config asks for."""
    return CallAsrSettings(
        language=None if config.asr.language == "auto" else config.asr.language,
        languages=config.asr.languages,
        agent_channel=config.audio.agent_channel,
        beam_size=config.asr.beam_size,
        hints=config.asr.hints,
    )


def transcribe_audio(config: Config, audio: Audio, *, language: str | None = None) -> Transcript:
    """Transcribe a decoded call with the config's engine and settings.

    ``language`` (from the call's metadata) is used when the config leaves the
    language to detection and it is one of ``asr.languages``: the CRM knows
    better than a detector listening to one window of 8 kHz audio.
    """
    settings = asr_settings(config)
    if settings.language is None and language in config.asr.languages:
        settings = replace(settings, language=language)
    return transcribe_call(
        as_call_audio(audio), load_transcriber(config), settings, find_speech=find_speech
    )


def measure_audio(
    config: Config, audio: Audio, segments: Sequence[Segment] | None = None
) -> CallMetrics:
    """Conversation metrics of a decoded call with the config's channel and settings."""
    return analyze_call(
        audio.samples,
        audio.sample_rate,
        agent_channel=config.audio.agent_channel,
        settings=config.metrics,
        segments=segments,
    )


def judge_transcript(
    config: Config, transcript: Transcript, speech_s: float
) -> TranscriptQuality | None:
    """The quality gate's verdict on a transcript (None when the gate is off)."""
    gate = config.transcript_quality
    if not gate.enabled:
        return None
    quality = assess(transcript, speech_s, gate.min_score)
    if not quality.reliable:
        logger.info("transcript unreliable (%.2f): %s", quality.score, "; ".join(quality.reasons))
    return quality


def load_transcriber(config: Config) -> Transcriber:
    """The config's recognisers: Whisper detects the language, ``asr.engines`` decode.

    Each engine and model is loaded once per process and shared between
    languages that use the same one.
    """
    asr, cache_dir = config.asr, config.model_cache_dir
    detector = _engine(asr.engine, asr.model, _WhisperOptions.of(asr), cache_dir)
    engines = {}
    for language in sorted(set(asr.languages) | set(asr.engines) | set(asr.models)):
        name = asr.engines.get(language, asr.engine)
        model = asr.models.get(language, asr.model)
        engines[language] = partial(_engine, name, model, _WhisperOptions.of(asr), cache_dir)
    return LanguageRouter(detector, engines)


MODEL_LOADS: list[str] = []  # one entry per model load in this process (tests check it)


@dataclass(frozen=True)
class _WhisperOptions:
    """The hashable part of ``asr`` an engine is built from (the cache key)."""

    device: str
    compute_type: str
    cpu_threads: int
    batch_size: int
    parallel_windows: int
    vietasr_instances: int
    extra_model_dirs: tuple[Path, ...]

    @classmethod
    def of(cls, asr: AsrConfig) -> _WhisperOptions:
        return cls(
            asr.device,
            asr.compute_type,
            _cpu_threads(asr),
            asr.batch_size,
            asr.parallel_windows,
            asr.vietasr_instances or _cpu_threads(asr),
            asr.extra_model_dirs,
        )


@cache
def _engine(name: str, model: str, options: _WhisperOptions, cache_dir) -> Transcriber:
    if name == "viet-asr":
        from callqa.qa.asr.vietasr_engine import VietAsrTranscriber

        logger.info("loading viet-asr")
        MODEL_LOADS.append(name)
        return VietAsrTranscriber(instances=options.vietasr_instances)
    model_dir = resolve_model(model, cache_dir=cache_dir, extra_dirs=options.extra_model_dirs)
    logger.info("loading %s model %s from %s", name, model, model_dir)
    MODEL_LOADS.append(model)
    if name == "faster-whisper":
        from callqa.qa.asr.faster import FasterWhisperTranscriber

        return FasterWhisperTranscriber(
            model_dir,
            model_name=model,
            device=options.device,
            compute_type=options.compute_type,
            cpu_threads=options.cpu_threads,
            batch_size=options.batch_size,
            parallel_windows=options.parallel_windows,
        )
    from callqa.qa.asr.openai_engine import OpenAIWhisperTranscriber

    return OpenAIWhisperTranscriber(model_dir, model_name=model, cpu_threads=options.cpu_threads)


def _cpu_threads(asr: AsrConfig) -> int:
    """Threads the engine may use: the config's, else this worker's OpenMP budget, else 0 (all).

    Dask starts each worker with ``OMP_NUM_THREADS`` set to its thread count, so
    two single-threaded workers on two cores do not run four decoding threads.
    """
    if asr.cpu_threads:
        return asr.cpu_threads
    budget = os.environ.get("OMP_NUM_THREADS", "")
    return int(budget) if budget.isdigit() else 0


def load_scorer(config: Config) -> Callable[[Transcript], CallScore]:
    """A function scoring a transcript with the checklist for its language."""
    return _scorer(_checklist_paths(config))


def scoring_rules(config: Config, language: str) -> dict[str, ItemRule]:
    """The scoring rule of each item of the checklist ``language`` is scored with."""
    return checklist_rules(_checklist(_checklist_paths(config), language))


def _checklist_paths(config: Config) -> tuple[tuple[str, Path], ...]:
    return tuple(sorted(config.scoring.checklists.items()))


def _checklist(checklist_paths: tuple[tuple[str, Path], ...], language: str) -> Checklist:
    """The checklist for ``language``, read again when its file changed (a warm worker
    outlives edits to it)."""
    path = dict(checklist_paths).get(language)
    try:
        stamp = path.stat().st_mtime_ns if path else None
    except OSError:
        stamp = None  # load_checklist says what is wrong with it
    return _checklist_as_of(path, stamp, language)


@cache
def _checklist_as_of(path: Path | None, stamp: int | None, language: str) -> Checklist:
    from callqa.qa.scoring import default_checklist, load_checklist

    return load_checklist(path) if path else default_checklist(language)


def forget_user_files() -> None:
    """Read persona forms again on next use (called by the warm worker before each batch)."""
    from callqa.qa.persona.configured import _catalog

    _catalog.cache_clear()


@cache
def _scorer(checklist_paths: tuple[tuple[str, Path], ...]) -> Callable[[Transcript], CallScore]:
    from callqa.qa.scoring import Scorer

    scorer = Scorer()

    def score(transcript: Transcript) -> CallScore:
        return scorer.score(transcript, _checklist(checklist_paths, transcript.language))

    return score


_warming: Future | None = None
_warming_lock = threading.Lock()


def start_warm_up(config: Config) -> None:
    """Begin paying this process's one-time costs in a background thread.

    The first call otherwise pays them: loading the model, librosa's first
    call (about 1 s), spaCy's matchers and the checklists (about 2 s). Started
    just before the flow, they run while Prefect brings up its temporary server
    (about 5 s here), time otherwise spent waiting. :func:`wait_for_warm_up`
    makes the first recording wait for them instead of doing them twice.
    """
    global _warming
    with _warming_lock:
        if _warming is None:
            _warming = ThreadPoolExecutor(1, thread_name_prefix="warm-up").submit(_warm_up, config)


def wait_for_warm_up() -> None:
    """Block until a started warm-up is over; its errors surface in the real call instead."""
    if _warming is not None:
        try:
            _warming.result()
        except Exception:  # the same failure is reported for the file that hits it
            logger.debug("warm-up failed", exc_info=True)


def _warm_up(config: Config) -> None:
    router = load_transcriber(config)
    for language in config.asr.languages:
        router.engine_for(language)
    find_speech(np.zeros(WHISPER_SAMPLE_RATE, dtype=np.float32), WHISPER_SAMPLE_RATE)
    score = load_scorer(config)
    for language in config.asr.languages:
        score(Transcript(language=language, duration_s=0.0, segments=()))
