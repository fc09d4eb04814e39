"""Conversation metrics from call audio: talk time, turns, overtalk, dead air, quality.

Entry point: ``analyze_call``. Speech detection (``detect_speech``) is
energy-based; see ``qa.metrics.vad`` for the method and its limits.
"""

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callqa.qa.metrics.conversation import analyze_call, count_words
    from callqa.qa.metrics.results import (
        CallMetrics,
        ChannelQuality,
        Flag,
        Interval,
        QualityMetrics,
        SpeakerMetrics,
    )
    from callqa.qa.metrics.settings import MetricsError, MetricsSettings
    from callqa.qa.metrics.vad import ChannelActivity, detect_speech

# Loaded on first use: reading the config (which holds MetricsSettings) must not
# import numpy and librosa, so commands that measure nothing start fast.
_HOME = {
    "analyze_call": "conversation",
    "count_words": "conversation",
    "CallMetrics": "results",
    "ChannelQuality": "results",
    "Flag": "results",
    "Interval": "results",
    "QualityMetrics": "results",
    "SpeakerMetrics": "results",
    "MetricsError": "settings",
    "MetricsSettings": "settings",
    "ChannelActivity": "vad",
    "detect_speech": "vad",
}


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
