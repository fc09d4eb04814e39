"""Conversation metrics from call audio: talk time, turns, overtalk, dead air, quality.

Entry point: ``analyze_call``. Speech detection (``detect_speech``) is
energy-based; see ``qa.metrics.vad`` for the method and its limits.
"""

from qa.metrics.conversation import analyze_call, count_words
from qa.metrics.results import (
    CallMetrics,
    ChannelQuality,
    Flag,
    Interval,
    QualityMetrics,
    SpeakerMetrics,
)
from qa.metrics.settings import MetricsError, MetricsSettings
from qa.metrics.vad import ChannelActivity, detect_speech

__all__ = [
    "CallMetrics",
    "ChannelActivity",
    "ChannelQuality",
    "Flag",
    "Interval",
    "MetricsError",
    "MetricsSettings",
    "QualityMetrics",
    "SpeakerMetrics",
    "analyze_call",
    "count_words",
    "detect_speech",
]
