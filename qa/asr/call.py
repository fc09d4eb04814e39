"""Transcribe a whole call: language once per call, one decoder pass over its speech.

Stereo calls carry one party per channel. With speech spans, both channels'
speech is spliced into one signal in conversation order and decoded once (one
encoder pass per 30 s of speech, not per channel or per utterance); each word
goes back to its channel and the words are merged into turns. Mono calls are
decoded once, then their two voices are separated and given agent/customer
roles (:mod:`qa.asr.diarize`).
"""

from __future__ import annotations

import bisect
import logging
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from callqa.qa.asr.compact import GAP_S
from callqa.qa.asr.diarize import diarize_mono
from callqa.qa.asr.engine import DecodeOptions, EngineResult, Transcriber
from callqa.qa.asr.guards import clean_segments
from callqa.qa.asr.turns import merge_by_words
from callqa.qa.audio import WHISPER_SAMPLE_RATE, Audio, normalise_level, resample
from callqa.qa.records import Segment, Speaker, Transcript

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
    span_gap_s: float | None = GAP_S  # see DecodeOptions.span_gap_s
    separate_speakers: bool = True  # mono calls: split two voices, give agent/customer roles


def transcribe_call(
    audio: Audio,
    transcriber: Transcriber,
    settings: CallAsrSettings = CallAsrSettings(),
    find_speech: SpeechFinder | None = None,
) -> Transcript:
    """Recognise a call; with ``find_speech`` only its speech is decoded.

    Language, when not set, is detected once per call on the first decoder
    window of speech. Stereo calls with speech spans are decoded in one pass:
    the two channels are laid end to end, their spans spliced in conversation
    order, and each recognised word goes back to the channel it came from.
    Mono calls get two-speaker separation and roles (:mod:`qa.asr.diarize`).
    """

    def options(spans: Sequence[tuple[float, float]] | None, language: str | None) -> DecodeOptions:
        return DecodeOptions(
            language=language,
            languages=settings.languages,
            beam_size=settings.beam_size,
            hints=settings.hints,
            speech_spans=tuple(spans) if spans is not None else None,
            span_gap_s=settings.span_gap_s,
        )

    if audio.channels < 2:
        mix = normalise_level(resample(audio.mono(), audio.sample_rate, WHISPER_SAMPLE_RATE))
        spans = find_speech(mix, WHISPER_SAMPLE_RATE) if find_speech else None
        result = transcriber.transcribe(mix, options(spans, settings.language))
        results = [result]
        language, segments = result.language, clean_segments(result.segments)
        decoded = list(segments)
        logger.info("language %s (p=%.2f)", language, result.language_probability)
        if settings.separate_speakers and segments:
            segments = diarize_mono(mix, WHISPER_SAMPLE_RATE, segments, language)
    else:
        agent = settings.agent_channel
        signals = {
            # each side at the same level: one party is often much quieter on the line
            "agent": normalise_level(resample(audio.channel(agent), audio.sample_rate)),
            "customer": normalise_level(resample(audio.channel(1 - agent), audio.sample_rate)),
        }
        if find_speech is not None and settings.span_gap_s is not None:
            result, per_speaker = _decode_joined(
                signals, transcriber, find_speech, lambda s: options(s, settings.language)
            )
            language, results = result.language, [result]
        else:
            language = settings.language
            if language is None:
                mix = resample(audio.mono(), audio.sample_rate, WHISPER_SAMPLE_RATE)
                language, probability = transcriber.detect_language(mix, settings.languages)
                logger.info("detected language %s (p=%.2f)", language, probability)
            per_speaker, results = {}, []
            for speaker, signal in signals.items():
                spans = find_speech(signal, WHISPER_SAMPLE_RATE) if find_speech else None
                result = transcriber.transcribe(signal, options(spans, language))
                results.append(result)
                per_speaker[speaker] = clean_segments(result.segments)
        decoded = [s for segs in per_speaker.values() for s in segs]
        segments = merge_by_words(per_speaker)
    return Transcript(
        language=language,
        duration_s=round(audio.duration_s, 3),
        segments=segments,
        engine=results[0].engine or transcriber.name,
        model=results[0].model or transcriber.model_name,
        word_times="estimated" if any(r.word_times == "estimated" for r in results) else "aligned",
        confidence=decoder_confidence(decoded),
    )


def decoder_confidence(segments: Sequence[Segment]) -> float | None:
    """Word-weighted mean token log-probability of decoded segments, lowered by no-speech odds.

    Read before segments are merged into turns (a turn keeps only its worst
    parent's figures). None when the engine gives no scores (viet-asr leaves
    both figures at 0).
    """
    total, weight = 0.0, 0
    for segment in segments:
        words = len(segment.text.split())
        if not words or (segment.avg_logprob == 0.0 and segment.no_speech_prob == 0.0):
            continue
        penalty = math.log(max(1.0 - segment.no_speech_prob, 1e-3))
        total += (segment.avg_logprob + penalty) * words
        weight += words
    return round(total / weight, 4) if weight else None


def _decode_joined(
    signals: dict[Speaker, np.ndarray],
    transcriber: Transcriber,
    find_speech: SpeechFinder,
    options: Callable[[Sequence[tuple[float, float]]], DecodeOptions],
) -> tuple[EngineResult, dict[Speaker, tuple[Segment, ...]]]:
    """Decode both parties in one pass over their spliced speech; segments per speaker."""
    speakers = list(signals)
    offsets_s: list[float] = []
    tagged: list[tuple[float, float, int]] = []
    position_s = 0.0
    for index, speaker in enumerate(speakers):
        signal = signals[speaker]
        offsets_s.append(position_s)
        tagged.extend((a, b, index) for a, b in find_speech(signal, WHISPER_SAMPLE_RATE))
        position_s += signal.shape[-1] / WHISPER_SAMPLE_RATE
    tagged.sort(key=lambda span: (span[0], span[2]))  # conversation order
    joined = np.concatenate([signals[speaker] for speaker in speakers])
    spans = [(a + offsets_s[i], b + offsets_s[i]) for a, b, i in tagged]
    result = transcriber.transcribe(joined, options(spans))
    logger.info("language %s (p=%.2f)", result.language, result.language_probability)
    per_speaker: dict[Speaker, list[Segment]] = {speaker: [] for speaker in speakers}
    for segment in result.segments:
        index = bisect.bisect_right(offsets_s, segment.start) - 1
        per_speaker[speakers[max(index, 0)]].append(_shift(segment, -offsets_s[max(index, 0)]))
    return result, {s: clean_segments(segs) for s, segs in per_speaker.items()}


def _shift(segment: Segment, by_s: float) -> Segment:
    if not by_s:
        return segment
    words = tuple(
        replace(w, start=round(w.start + by_s, 3), end=round(w.end + by_s, 3))
        for w in segment.words
    )
    return replace(
        segment,
        start=round(segment.start + by_s, 3),
        end=round(segment.end + by_s, 3),
        words=words,
    )
