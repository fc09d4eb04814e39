"""Speech regions for the decoder, from the energy detector in qa.metrics.

Decoding only where someone speaks makes cost follow speech time rather than
file time (each side of a stereo call is mostly silence) and leaves Whisper no
long silences to invent text in.
"""

from __future__ import annotations

import numpy as np
from callqa.qa.metrics.settings import MetricsSettings
from callqa.qa.metrics.timeline import runs_of
from callqa.qa.metrics.vad import detect_speech

PAD_S = 0.25  # keep word onsets and endings the detector trims
MERGE_GAP_S = 1.0  # join regions closer than this: fewer, longer decoder windows
MAX_SPAN_S = 28.0  # longer regions are cut at a pause, so each fits a 30 s decoder window


def find_speech(
    signal: np.ndarray,
    sample_rate: int,
    settings: MetricsSettings = MetricsSettings(),
    pad_s: float = PAD_S,
    merge_gap_s: float = MERGE_GAP_S,
    max_span_s: float = MAX_SPAN_S,
) -> list[tuple[float, float]]:
    """Padded, merged (start, end) seconds where ``signal`` carries speech."""
    activity = detect_speech(signal, sample_rate, settings)
    duration_s = signal.shape[-1] / sample_rate
    starts, ends = runs_of(activity.speech)
    groups: list[list[tuple[float, float]]] = []  # runs merged into one region
    for start, end in zip(starts, ends, strict=True):
        lo = max(0.0, start * activity.hop_s - pad_s)
        hi = min(duration_s, end * activity.hop_s + pad_s)
        if groups and lo - groups[-1][-1][1] <= merge_gap_s:
            groups[-1].append((lo, hi))
        else:
            groups.append([(lo, hi)])
    spans = [span for runs in groups for span in _cut_long(runs, max_span_s)]
    return [(round(a, 3), round(b, 3)) for a, b in spans]


def _cut_long(runs: list[tuple[float, float]], max_s: float) -> list[tuple[float, float]]:
    """One region from its runs, cut between runs (or, failing that, hard) to <= ``max_s``."""
    out: list[tuple[float, float]] = []
    start = runs[0][0]
    for i, (lo, hi) in enumerate(runs):
        if hi - start <= max_s:
            continue
        if i > 0 and runs[i - 1][1] > start:  # cut in the pause before this run
            out.append((start, runs[i - 1][1]))
            start = lo
        while hi - start > max_s:  # one run longer than a window: cut it hard
            out.append((start, start + max_s))
            start += max_s
    out.append((start, runs[-1][1]))
    return out
