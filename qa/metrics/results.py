"""Frozen result records for conversation metrics, and their JSON shape.

Values are kept unrounded; ``CallMetrics.to_dict`` rounds seconds to 3
decimals, shares to 3, words per minute to 1 and ratios to 6 for storage and
reports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Flag = Literal["long_dead_air", "talk_share_out_of_band", "silent_channel", "clipping", "low_level"]
FLAG_ORDER: tuple[Flag, ...] = (
    "long_dead_air",
    "talk_share_out_of_band",
    "silent_channel",
    "clipping",
    "low_level",
)


def _s(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


@dataclass(frozen=True)
class Interval:
    """A time span in seconds from call start."""

    start: float
    end: float

    @property
    def duration_s(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class SpeakerMetrics:
    """Talk figures for one side of the call."""

    speech_s: float
    talk_share: float | None  # of agent + customer speech (overtalk counts for both)
    longest_monologue_s: float
    turns: int
    words_per_minute: float | None  # None without transcript segments for this speaker

    def to_dict(self) -> dict[str, Any]:
        wpm = self.words_per_minute
        return {
            "speech_s": _s(self.speech_s),
            "talk_share": None if self.talk_share is None else round(self.talk_share, 3),
            "longest_monologue_s": _s(self.longest_monologue_s),
            "turns": self.turns,
            "words_per_minute": None if wpm is None else round(wpm, 1),
        }


@dataclass(frozen=True)
class ChannelQuality:
    """Levels and speech amount measured on one audio channel."""

    peak_dbfs: float
    noise_floor_dbfs: float
    speech_level_dbfs: float | None
    speech_s: float
    clipping_ratio: float
    silent: bool

    def to_dict(self) -> dict[str, Any]:
        level = self.speech_level_dbfs
        return {
            "peak_dbfs": round(self.peak_dbfs, 1),
            "noise_floor_dbfs": round(self.noise_floor_dbfs, 1),
            "speech_level_dbfs": None if level is None else round(level, 1),
            "speech_s": _s(self.speech_s),
            "clipping_ratio": round(self.clipping_ratio, 6),
            "silent": bool(self.silent),
        }


@dataclass(frozen=True)
class QualityMetrics:
    """Signal quality for the whole call; the worst channel decides each figure."""

    clipping_ratio: float
    low_level: bool
    silent_channel: bool
    dual_mono: bool = False  # stereo file with the same mix on both channels
    per_channel: tuple[ChannelQuality, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "clipping_ratio": round(self.clipping_ratio, 6),
            "low_level": bool(self.low_level),
            "silent_channel": bool(self.silent_channel),
            "silent_channels": [i for i, c in enumerate(self.per_channel) if c.silent],
            "dual_mono": bool(self.dual_mono),
            "per_channel": [c.to_dict() for c in self.per_channel],
        }


@dataclass(frozen=True)
class CallMetrics:
    """Conversation metrics of one call.

    ``speakers`` and the latency are empty or None when the audio cannot tell
    the sides apart (mono without speaker-labelled segments); ``overtalk_s`` and
    ``interruptions`` are None and empty unless each side has its own channel.
    """

    duration_s: float
    channels: int
    sample_rate: int
    speech_s: float  # any side talking, all channels together
    speakers: Mapping[str, SpeakerMetrics]
    dead_air: tuple[Interval, ...]
    overtalk_s: float | None
    interruptions: Mapping[str, int]
    first_response_latency_s: float | None
    quality: QualityMetrics
    flags: tuple[Flag, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready shape stored and shown in reports."""
        return {
            "duration_s": _s(self.duration_s),
            "channels": self.channels,
            "sample_rate": self.sample_rate,
            "speech_s": _s(self.speech_s),
            "speakers": {name: m.to_dict() for name, m in self.speakers.items()},
            "dead_air": [{"start": _s(d.start), "end": _s(d.end)} for d in self.dead_air],
            "overtalk_s": _s(self.overtalk_s),
            "interruptions": dict(self.interruptions),
            "first_response_latency_s": _s(self.first_response_latency_s),
            "quality": self.quality.to_dict(),
            "flags": list(self.flags),
        }
