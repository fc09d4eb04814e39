"""Speech regions for the decoder, from the energy detector in qa.metrics.

Decoding only where someone speaks makes cost follow speech time rather than
file time (each side of a stereo call is mostly silence) and leaves Whisper no
long silences to invent text in.
"""

from __future__ import annotations

import numpy as np

from qa.metrics.settings import MetricsSettings
from qa.metrics.timeline import runs_of
from qa.metrics.vad import detect_speech

PAD_S = 0.25  # keep word onsets and endings the detector trims
MERGE_GAP_S = 1.0  # join regions closer than this: fewer, longer decoder windows


def find_speech(
    signal: np.ndarray,
    sample_rate: int,
    settings: MetricsSettings = MetricsSettings(),
    pad_s: float = PAD_S,
    merge_gap_s: float = MERGE_GAP_S,
) -> list[tuple[float, float]]:
    """Padded, merged (start, end) seconds where ``signal`` carries speech."""
    activity = detect_speech(signal, sample_rate, settings)
    duration_s = signal.shape[-1] / sample_rate
    starts, ends = runs_of(activity.speech)
    spans: list[tuple[float, float]] = []
    for start, end in zip(starts, ends, strict=True):
        lo = max(0.0, start * activity.hop_s - pad_s)
        hi = min(duration_s, end * activity.hop_s + pad_s)
        if spans and lo - spans[-1][1] <= merge_gap_s:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return [(round(a, 3), round(b, 3)) for a, b in spans]
