"""The interface every Whisper engine implements, and the options it takes.

Only :mod:`qa.asr.faster` imports faster-whisper, only
:mod:`qa.asr.openai_engine` imports whisper and only :mod:`qa.asr.vietasr_engine`
imports vietasr; tests pass a fake object with the
same two methods. Audio handed to an engine is mono float32 at 16 kHz. With
speech spans, an engine decodes only those (spliced, see :func:`prepare`) and
reports every time on the timeline of the audio it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
from callqa.qa.asr.compact import GAP_S, SpeechMap, splice
from callqa.qa.asr.guards import LOG_PROB, MAX_COMPRESSION_RATIO, NO_SPEECH_PROB
from callqa.qa.audio import WHISPER_SAMPLE_RATE
from callqa.qa.records import Segment, Word

# What both engines hand their decoders: the gates qa.asr.guards applies again afterwards.
NO_SPEECH_THRESHOLD = NO_SPEECH_PROB  # with LOG_PROB_THRESHOLD: a window heard as silence
COMPRESSION_RATIO_THRESHOLD = MAX_COMPRESSION_RATIO  # above this a window is a repetition loop
LOG_PROB_THRESHOLD = LOG_PROB
BEST_OF = 1  # samples per fallback temperature; each one is a full re-decode of the window


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode one stretch of audio."""

    language: str | None = None  # None: detect, restricted to ``languages``
    languages: tuple[str, ...] = ("vi", "en")
    beam_size: int = 5
    hints: tuple[str, ...] = ()  # names and phrases likely to be said
    # Speech regions (seconds) to decode; None decodes the whole signal.
    speech_spans: tuple[tuple[float, float], ...] | None = None
    # Spans are spliced together with this much silence between them and decoded in as
    # few 30 s windows as possible (see qa.asr.compact); None decodes each span as its
    # own clip, one encoder pass per span.
    span_gap_s: float | None = GAP_S
    # Retries at higher temperature when a window looks like a loop. Bounded: on hard
    # audio each retry re-decodes the window, which is where run time explodes. Default
    # none: on the sample calls a 0.4 retry left English WER unchanged (0.19), raised
    # Vietnamese WER (0.89 -> 0.95, greedy) and cost time; qa.asr.guards cuts loops instead.
    temperatures: tuple[float, ...] = (0.0,)


@dataclass(frozen=True)
class EngineResult:
    language: str
    language_probability: float
    segments: tuple[Segment, ...]
    # Set by an engine that hands the work on (qa.asr.routing): who really decoded it.
    engine: str = ""
    model: str = ""
    word_times: str = "aligned"  # "estimated": spread evenly over each segment, not aligned


class Transcriber(Protocol):
    """A loaded Whisper model. Load once per worker process and reuse."""

    name: str
    model_name: str

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]: ...

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult: ...


def prepare(
    audio: np.ndarray, options: DecodeOptions, min_windows: int = 1
) -> tuple[np.ndarray, SpeechMap | None, list[float]]:
    """What an engine decodes: ``(signal, map back to audio or None, flat clip times)``.

    Without spans the whole signal is decoded (no clips). With ``span_gap_s`` set
    the spans are spliced into one short signal cut into windows of whole spans;
    otherwise each span is a clip of the original signal. ``min_windows`` asks
    for that many windows when there is enough speech (see ``SpeechMap.windows``).
    """
    if options.speech_spans is None:
        return audio, None, []
    if options.span_gap_s is None:
        return audio, None, [t for span in options.speech_spans for t in span]
    signal, speech_map = splice(
        audio, WHISPER_SAMPLE_RATE, options.speech_spans, options.span_gap_s
    )
    windows = speech_map.windows(min_count=min_windows)
    return signal, speech_map, [t for window in windows for t in window]


def pick_language(
    probabilities: list[tuple[str, float]], allowed: tuple[str, ...]
) -> tuple[str, float]:
    """Most likely language among ``allowed`` (all when empty), probability renormalised."""
    candidates = [(lang, p) for lang, p in probabilities if not allowed or lang in allowed]
    if not candidates:
        return allowed[0], 0.0
    lang, prob = max(candidates, key=lambda pair: pair[1])
    total = sum(p for _, p in candidates) or 1.0
    return lang, prob / total


def fallback_language(options: DecodeOptions) -> str:
    """The language to report when there was nothing to decode."""
    return options.language or (options.languages[0] if options.languages else "en")


def words_from_dicts(words: Iterable[Mapping[str, Any]]) -> tuple[Word, ...]:
    """Whisper's word timings (``start``, ``end``, ``word``, ``probability``) as records.

    openai-whisper and faster-whisper's alignment both report words in this shape.
    """
    return tuple(
        Word(
            start=float(w["start"]),
            end=float(w["end"]),
            text=w["word"],
            probability=float(w["probability"]),
        )
        for w in words
    )
