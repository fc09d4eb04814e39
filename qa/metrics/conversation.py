"""Conversation metrics of one call: who talked how much, turns, overtalk, dead air.

``analyze_call`` takes decoded audio as ``(n_channels, n_samples)`` float
samples. In stereo each channel is one side (``agent_channel`` is the agent)
and speech is detected per channel, so overtalk and interruptions are measured
directly. In mono, or "dual mono" (the same mix on both channels), the sides
can only be told apart through speaker-labelled transcript segments: each
side's speech is the detected speech inside its segments. Without such
segments a mono call gets whole-call figures only.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
from callqa.qa.audio import is_dual_mono
from callqa.qa.metrics.quality import call_quality, channel_quality
from callqa.qa.metrics.results import (
    FLAG_ORDER,
    CallMetrics,
    Flag,
    Interval,
    QualityMetrics,
    SpeakerMetrics,
)
from callqa.qa.metrics.settings import DEFAULT_SETTINGS, MetricsError, MetricsSettings
from callqa.qa.metrics.timeline import frames_of_span, mask_of
from callqa.qa.metrics.turns import (
    build_turns,
    count_interruptions,
    dead_air_spans,
    first_response_latency_s,
    longest_turn_s,
)
from callqa.qa.metrics.vad import detect_speech
from callqa.qa.records import Segment

logger = logging.getLogger(__name__)

SIDES = ("agent", "customer")
# Stereo whose channels correlate this much is one mix copied twice (some
# diallers record that way); splitting it by channel would report all overtalk.


def count_words(text: str) -> int:
    """Count whitespace-separated tokens that contain a letter or digit."""
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


def _as_channels(channels: np.ndarray) -> np.ndarray:
    audio = np.asarray(channels)
    if audio.ndim == 1:
        audio = audio[np.newaxis, :]
    if audio.ndim != 2 or audio.shape[0] not in (1, 2):
        raise MetricsError(
            f"expected audio shaped (channels, samples) with 1 or 2 channels, got {audio.shape}"
        )
    if audio.shape[1] == 0:
        raise MetricsError("cannot analyse empty audio (0 samples)")
    if not np.issubdtype(audio.dtype, np.floating):
        raise MetricsError(f"expected float samples in [-1, 1], got dtype {audio.dtype}")
    audio = audio.astype(np.float32, copy=False)
    if not np.isfinite(audio).all():
        raise MetricsError("audio contains NaN or infinite samples")
    return audio


def _segment_mask(
    segments: Sequence[Segment], speaker: str, hop_s: float, n_frames: int
) -> np.ndarray:
    spans = [
        frames_of_span(s.start, s.end, hop_s, n_frames) for s in segments if s.speaker == speaker
    ]
    if not spans:
        return np.zeros(n_frames, dtype=bool)
    starts, ends = np.array(spans, dtype=np.int64).T
    return mask_of(starts, ends, n_frames)


def _words_per_minute(
    segments: Sequence[Segment], speaker: str, speech: np.ndarray, hop_s: float
) -> float | None:
    """Words in the speaker's segments over the speech detected inside them."""
    own = [s for s in segments if s.speaker == speaker]
    if not own:
        return None
    inside = _segment_mask(own, speaker, hop_s, speech.size)
    seconds = float(np.count_nonzero(inside & speech)) * hop_s
    if seconds <= 0:
        seconds = sum(max(0.0, s.end - s.start) for s in own)
    if seconds <= 0:
        return None
    return sum(count_words(s.text) for s in own) * 60.0 / seconds


def analyze_call(
    channels: np.ndarray,
    sample_rate: int,
    *,
    agent_channel: int = 0,
    settings: MetricsSettings = DEFAULT_SETTINGS,
    segments: Sequence[Segment] | None = None,
) -> CallMetrics:
    """Measure talk time, turns, overtalk, dead air and signal quality of one call.

    ``channels`` is ``(n_channels, n_samples)`` float audio in [-1, 1], mono or
    stereo. ``segments`` (a transcript with speaker labels) give words per
    minute, and in mono they attribute detected speech to agent and customer.
    Raises ``MetricsError`` for audio that cannot be analysed.
    """
    if sample_rate <= 0:
        raise MetricsError(f"sample_rate must be positive, got {sample_rate}")
    audio = _as_channels(channels)
    n_channels, n_samples = audio.shape
    if n_channels == 2 and agent_channel not in (0, 1):
        raise MetricsError(f"agent_channel must be 0 or 1 for stereo, got {agent_channel}")
    segments = list(segments or ())
    dual_mono = n_channels == 2 and is_dual_mono(audio)
    by_channel = n_channels == 2 and not dual_mono
    if dual_mono:
        logger.info("both channels carry the same signal: analysing the call as mono")

    activity = [detect_speech(audio[c], sample_rate, settings) for c in range(n_channels)]
    hop_s = activity[0].hop_s
    any_speech = np.logical_or.reduce([a.speech for a in activity])

    speech: dict[str, np.ndarray] = {}
    if by_channel:
        speech = {
            "agent": activity[agent_channel].speech,
            "customer": activity[1 - agent_channel].speech,
        }
    elif any(s.speaker in SIDES for s in segments):
        n_frames = any_speech.size
        speech = {
            side: any_speech & _segment_mask(segments, side, hop_s, n_frames) for side in SIDES
        }

    turns = build_turns(speech, hop_s)
    seconds = {side: float(np.count_nonzero(mask)) * hop_s for side, mask in speech.items()}
    total = sum(seconds.values())
    speakers = {
        side: SpeakerMetrics(
            speech_s=seconds[side],
            talk_share=seconds[side] / total if total > 0 else None,
            longest_monologue_s=longest_turn_s(turns, side),
            turns=sum(1 for t in turns if t.speaker == side),
            words_per_minute=_words_per_minute(segments, side, mask, hop_s),
        )
        for side, mask in speech.items()
    }

    overtalk_s: float | None = None
    interruptions: dict[str, int] = {}
    if by_channel:
        overtalk_s = float(np.count_nonzero(speech["agent"] & speech["customer"])) * hop_s
        interruptions = {
            side: count_interruptions(
                speech[side], speech[other], hop_s, settings.interruption_min_overlap_s
            )
            for side, other in (("agent", "customer"), ("customer", "agent"))
        }

    dead_air = tuple(
        Interval(start, end)
        for start, end in dead_air_spans(any_speech, hop_s, settings.dead_air_min_s)
    )
    quality = call_quality(
        tuple(channel_quality(audio[c], activity[c], settings) for c in range(n_channels)),
        settings,
        dual_mono=dual_mono,
    )
    metrics = CallMetrics(
        duration_s=n_samples / sample_rate,
        channels=n_channels,
        sample_rate=sample_rate,
        speech_s=float(np.count_nonzero(any_speech)) * hop_s,
        speakers=speakers,
        dead_air=dead_air,
        overtalk_s=overtalk_s,
        interruptions=interruptions,
        first_response_latency_s=first_response_latency_s(turns) if speech else None,
        quality=quality,
        flags=_flags(speakers, dead_air, quality, settings),
    )
    logger.debug("analysed %.1f s call: flags %s", metrics.duration_s, metrics.flags)
    return metrics


def _flags(
    speakers: Mapping[str, SpeakerMetrics],
    dead_air: tuple[Interval, ...],
    quality: QualityMetrics,
    settings: MetricsSettings,
) -> tuple[Flag, ...]:
    agent = speakers.get("agent")
    low, high = settings.talk_share_band
    raised = {
        "long_dead_air": bool(dead_air),
        "talk_share_out_of_band": agent is not None
        and agent.talk_share is not None
        and not low <= agent.talk_share <= high,
        "silent_channel": quality.silent_channel,
        "clipping": quality.clipping_ratio > settings.clipping_max_ratio,
        "low_level": quality.low_level,
    }
    return tuple(flag for flag in FLAG_ORDER if raised[flag])
