"""The interface every Whisper engine implements, and the options it takes.

Only :mod:`qa.asr.faster` imports faster-whisper; tests pass a fake object with
the same two methods. Audio handed to an engine is mono float32 at 16 kHz.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from qa.records import Segment


@dataclass(frozen=True)
class DecodeOptions:
    """How to decode one stretch of audio."""

    language: str | None = None  # None: detect, restricted to ``languages``
    languages: tuple[str, ...] = ("vi", "en")
    beam_size: int = 5
    hints: tuple[str, ...] = ()  # names and phrases likely to be said
    # Speech regions (seconds) to decode; None decodes the whole signal.
    speech_spans: tuple[tuple[float, float], ...] | None = None
    # Retries at higher temperature when a window looks like a loop. Bounded: on hard
    # audio each retry re-decodes the window, which is where run time explodes.
    temperatures: tuple[float, ...] = (0.0, 0.4)


@dataclass(frozen=True)
class EngineResult:
    language: str
    language_probability: float
    segments: tuple[Segment, ...]


class Transcriber(Protocol):
    """A loaded Whisper model. Load once per worker process and reuse."""

    name: str
    model_name: str

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]: ...

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult: ...
