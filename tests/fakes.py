"""Test doubles for the heavy parts (the real ones have tests of their own)."""

from __future__ import annotations

import numpy as np
from callqa.qa.asr.engine import DecodeOptions, EngineResult
from callqa.qa.records import CallScore, ItemResult, Segment, Transcript, Word


class FakeTranscriber:
    """Says one fixed sentence per decoded signal; records what it was asked."""

    name = "fake"
    model_name = "fake-model"

    def __init__(self) -> None:
        self.calls: list[int] = []
        self.languages: list[str | None] = []

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        return "en", 1.0

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        """The sentence at 0.1 s, or at the start of each speech span when given."""
        self.calls.append(audio.shape[0])
        self.languages.append(options.language)
        starts = [a for a, _ in options.speech_spans] if options.speech_spans is not None else [0.1]
        segments = []
        for t in starts:
            words = (Word(t, t + 0.3, " hello"), Word(t + 0.3, t + 0.7, " there"))
            segments.append(Segment(t, t + 0.7, "hello there", words=words))
        return EngineResult("en", 1.0, tuple(segments))


def fake_score(transcript: Transcript) -> CallScore:
    met = "hello" in transcript.text
    item = ItemResult("greeting", "Greeting", "met" if met else "missed", 1.0)
    return CallScore("fake", "0", transcript.language, 100.0 if met else 0.0, met, False, (item,))
