"""Thresholds for conversation metrics, validated once when the settings are built.

Every field carries its unit in its name: ``_s`` seconds, ``_db`` decibels
relative to something named in the comment, ``_dbfs`` decibels of frame RMS
relative to a full-scale amplitude of 1.0 (a full-scale sine reads -3 dBFS).
"""

from __future__ import annotations

from dataclasses import dataclass

from callqa.qa.errors import CallqaError


class MetricsError(CallqaError):
    """The audio or arguments given to the metrics cannot be analysed."""


@dataclass(frozen=True)
class MetricsSettings:
    """Speech-detection and flagging thresholds; every field has a default."""

    # Framing: RMS over frame_s windows, one decision every hop_s.
    frame_s: float = 0.025
    hop_s: float = 0.010
    # A frame is speech when its level is at least threshold_db above the
    # channel's noise floor (the noise_percentile of its frame levels), no more
    # than max_below_peak_db below the channel's peak (the peak_percentile) and
    # at least min_speech_dbfs in absolute terms. The strictest of the three wins.
    threshold_db: float = 12.0
    noise_percentile: float = 10.0
    peak_percentile: float = 99.0
    max_below_peak_db: float = 40.0
    min_speech_dbfs: float = -60.0
    # Smoothing: keep speech on for hangover_s after it drops, bridge silences
    # shorter than min_silence_s, then drop bursts shorter than min_speech_s.
    # The hangover is short on purpose: the threshold already sits far below
    # speech level, so word endings are kept, and every hangover adds to talk time.
    hangover_s: float = 0.02
    min_silence_s: float = 0.3
    min_speech_s: float = 0.15
    # Conversation: silence on all channels this long, between the first and
    # last speech, is dead air; overlap needed before a start counts as an
    # interruption; the agent talk share coaches consider healthy.
    dead_air_min_s: float = 3.0
    interruption_min_overlap_s: float = 0.3
    talk_share_band: tuple[float, float] = (0.4, 0.6)
    # Signal quality: samples at or above clip_level (absolute amplitude) are
    # clipped; more than clipping_max_ratio of a channel's samples raises the
    # flag. Speech whose median frame level is under low_level_dbfs is too
    # quiet. A channel with under silent_channel_max_speech_s of speech is silent.
    clip_level: float = 0.99
    clipping_max_ratio: float = 0.001
    low_level_dbfs: float = -40.0
    silent_channel_max_speech_s: float = 1.0

    def __post_init__(self) -> None:
        positive = {
            "frame_s": self.frame_s,
            "hop_s": self.hop_s,
            "dead_air_min_s": self.dead_air_min_s,
        }
        for name, value in positive.items():
            if not value > 0:
                raise ValueError(f"MetricsSettings.{name} must be > 0, got {value!r}")
        non_negative = {
            "threshold_db": self.threshold_db,
            "max_below_peak_db": self.max_below_peak_db,
            "hangover_s": self.hangover_s,
            "min_silence_s": self.min_silence_s,
            "min_speech_s": self.min_speech_s,
            "interruption_min_overlap_s": self.interruption_min_overlap_s,
            "clipping_max_ratio": self.clipping_max_ratio,
            "silent_channel_max_speech_s": self.silent_channel_max_speech_s,
        }
        for name, value in non_negative.items():
            if not value >= 0:
                raise ValueError(f"MetricsSettings.{name} must be >= 0, got {value!r}")
        if self.hop_s > self.frame_s:
            raise ValueError(
                f"MetricsSettings.hop_s ({self.hop_s}) must not exceed frame_s ({self.frame_s})"
            )
        if not 0 <= self.noise_percentile < self.peak_percentile <= 100:
            raise ValueError(
                "MetricsSettings needs 0 <= noise_percentile < peak_percentile <= 100, got "
                f"{self.noise_percentile!r} and {self.peak_percentile!r}"
            )
        low, high = self.talk_share_band
        if not 0 <= low <= high <= 1:
            raise ValueError(
                f"MetricsSettings.talk_share_band must be (low, high) within 0..1, "
                f"got {self.talk_share_band!r}"
            )
        if not 0 < self.clip_level <= 1:
            raise ValueError(
                f"MetricsSettings.clip_level must be in (0, 1], got {self.clip_level!r}"
            )
        if self.min_speech_dbfs > 0 or self.low_level_dbfs > 0:
            raise ValueError("MetricsSettings dBFS levels must be <= 0")


DEFAULT_SETTINGS = MetricsSettings()  # frozen, so safe to share as a default argument
