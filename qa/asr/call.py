"""Transcribe a whole call: language once per call, one pass per party.

Stereo calls carry one party per channel: each channel is decoded on its own
and the words merged into turns. Mono calls are decoded once; their segments
keep speaker "unknown" until speaker separation assigns roles.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from qa.asr.engine import DecodeOptions, Transcriber
from qa.asr.turns import merge_by_words
from qa.audio import WHISPER_SAMPLE_RATE, Audio, resample
from qa.records import Segment, Speaker, Transcript

logger = logging.getLogger(__name__)

# Finds speech regions (seconds) in a 16 kHz mono signal; None decodes everything.
SpeechFinder = Callable[[np.ndarray, int], list[tuple[float, float]]]


@dataclass(frozen=True)
class CallAsrSettings:
    language: str | None = None  # None: detect within ``languages``
    languages: tuple[str, ...] = ("vi", "en")
    agent_channel: int = 0
    beam_size: int = 5
    hints: tuple[str, ...] = ()


def transcribe_call(
    audio: Audio,
    transcriber: Transcriber,
    settings: CallAsrSettings = CallAsrSettings(),
    find_speech: SpeechFinder | None = None,
) -> Transcript:
    mix = resample(audio.mono(), audio.sample_rate, WHISPER_SAMPLE_RATE)
    language = settings.language
    if language is None:
        language, probability = transcriber.detect_language(mix, settings.languages)
        logger.info("detected language %s (p=%.2f)", language, probability)

    def decode(signal: np.ndarray) -> tuple[Segment, ...]:
        spans = find_speech(signal, WHISPER_SAMPLE_RATE) if find_speech else None
        options = DecodeOptions(
            language=language,
            languages=settings.languages,
            beam_size=settings.beam_size,
            hints=settings.hints,
            speech_spans=tuple(spans) if spans is not None else None,
        )
        return transcriber.transcribe(signal, options).segments

    if audio.channels >= 2:
        agent = settings.agent_channel
        customer = 1 - agent
        per_speaker: dict[Speaker, tuple[Segment, ...]] = {
            "agent": decode(resample(audio.channel(agent), audio.sample_rate)),
            "customer": decode(resample(audio.channel(customer), audio.sample_rate)),
        }
        segments = merge_by_words(per_speaker)
    else:
        segments = decode(mix)
    return Transcript(
        language=language,
        duration_s=round(audio.duration_s, 3),
        segments=segments,
        engine=transcriber.name,
        model=transcriber.model_name,
    )
