"""One recogniser per language: Whisper finds the language, that language's engine decodes.

:class:`LanguageRouter` is itself a :class:`~qa.asr.engine.Transcriber`, so
:func:`qa.asr.call.transcribe_call` needs no change: when the call's language
is known (metadata or config) the speech goes straight to that language's
engine; otherwise the detector (Whisper) reads the first window of speech, the
same first 30 s of spliced speech Whisper's own pipeline detects on, and the
call is decoded by the engine for the language it heard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np
from callqa.qa.asr.compact import WINDOW_S, splice
from callqa.qa.asr.engine import DecodeOptions, EngineResult, Transcriber
from callqa.qa.audio import WHISPER_SAMPLE_RATE

logger = logging.getLogger(__name__)


class LanguageRouter:
    """Decodes with ``engines[language]``; ``detector`` (and decoder of last resort) otherwise.

    ``engines`` maps a language to a function that loads its engine, so a
    process that never meets a language never loads its model.
    """

    def __init__(
        self, detector: Transcriber, engines: Mapping[str, Callable[[], Transcriber]]
    ) -> None:
        self.detector = detector
        self.engines = dict(engines)
        self.name = detector.name
        self.model_name = detector.model_name

    def engine_for(self, language: str) -> Transcriber:
        load = self.engines.get(language)
        return load() if load is not None else self.detector

    def detect_language(self, audio: np.ndarray, allowed: tuple[str, ...]) -> tuple[str, float]:
        return self.detector.detect_language(audio, allowed)

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        language, probability = options.language, 1.0
        if language is None:
            if options.speech_spans is not None and not options.speech_spans:
                language = options.languages[0] if options.languages else "en"
            else:
                language, probability = self.detector.detect_language(
                    first_speech(audio, options), options.languages
                )
                logger.info("detected language %s (p=%.2f)", language, probability)
        engine = self.engine_for(language)
        result = engine.transcribe(audio, replace(options, language=language))
        return replace(
            result,
            language=language,
            language_probability=probability,
            engine=result.engine or engine.name,
            model=result.model or engine.model_name,
        )


def first_speech(audio: np.ndarray, options: DecodeOptions) -> np.ndarray:
    """The first Whisper window of the speech to decode (spans spliced as the engines do)."""
    window = int(WINDOW_S * WHISPER_SAMPLE_RATE)
    if options.speech_spans is None:
        return audio[:window]
    signal, _ = splice(audio, WHISPER_SAMPLE_RATE, options.speech_spans)
    return signal[:window]
