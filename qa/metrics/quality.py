"""Signal-quality checks: clipping, very low speech level, a channel silent all call."""

from __future__ import annotations

import numpy as np
from callqa.qa.metrics.results import ChannelQuality, QualityMetrics
from callqa.qa.metrics.settings import MetricsSettings
from callqa.qa.metrics.vad import ChannelActivity


def clipping_ratio(signal: np.ndarray, clip_level: float) -> float:
    """Return the fraction of samples whose absolute value reaches ``clip_level``."""
    if signal.size == 0:
        return 0.0
    clipped = np.count_nonzero(signal >= clip_level) + np.count_nonzero(signal <= -clip_level)
    return float(clipped / signal.size)


def channel_quality(
    signal: np.ndarray, activity: ChannelActivity, settings: MetricsSettings
) -> ChannelQuality:
    """Measure one channel's levels and decide whether it is silent."""
    speech_s = activity.speech_s
    return ChannelQuality(
        peak_dbfs=activity.peak_dbfs,
        noise_floor_dbfs=activity.noise_floor_dbfs,
        speech_level_dbfs=activity.speech_level_dbfs,
        speech_s=speech_s,
        clipping_ratio=clipping_ratio(signal, settings.clip_level),
        silent=speech_s < settings.silent_channel_max_speech_s,
    )


def call_quality(
    channels: tuple[ChannelQuality, ...], settings: MetricsSettings, *, dual_mono: bool = False
) -> QualityMetrics:
    """Combine per-channel quality; a silent channel is never also called low-level."""
    low_level = any(
        not c.silent
        and c.speech_level_dbfs is not None
        and c.speech_level_dbfs < settings.low_level_dbfs
        for c in channels
    )
    return QualityMetrics(
        clipping_ratio=max((c.clipping_ratio for c in channels), default=0.0),
        low_level=low_level,
        silent_channel=any(c.silent for c in channels),
        dual_mono=dual_mono,
        per_channel=channels,
    )
