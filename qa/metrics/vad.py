"""Energy-based speech detection for one audio channel, built for 8 kHz telephone audio.

Method: the frame RMS (``frame_s`` windows every ``hop_s``; the same arithmetic
as ``librosa.feature.rms``, without importing librosa, which costs 1-2 s of
start-up) is turned into dBFS. Each channel gets its own robust reference
levels: the noise floor is a low percentile of its frame levels and the peak a
high one. A frame is speech when it stands ``threshold_db`` above the noise
floor, lies within ``max_below_peak_db`` of the peak and is above an absolute
``min_speech_dbfs``. The raw decisions are then smoothed: a short hangover keeps
word endings, silences shorter than ``min_silence_s`` are bridged, and bursts
shorter than ``min_speech_s`` (clicks, breaths) are dropped.

Why energy and not a neural VAD: in a stereo call recording each side sits on
its own channel, so "is anyone talking on this channel" is mostly a level
question, and a level detector is transparent (every decision can be explained
in dB), has no model to load, and runs at several hundred times real time on a
CPU. Silero-type neural VADs have been seen to drop synthetic speech at 8 kHz,
and 8 kHz narrow-band audio (often synthetic in our tests) is exactly what
telephone calls give us.

Known limits: echo or crosstalk from the other side that is louder than the
threshold counts as speech; steady loud noise (music on hold) counts as speech;
a channel that carries speech nearly all the time has its noise floor estimated
from speech pauses, which makes the threshold a little stricter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np
from callqa.qa.metrics.settings import DEFAULT_SETTINGS, MetricsSettings
from callqa.qa.metrics.timeline import mask_of, runs_of, smooth_runs

logger = logging.getLogger(__name__)

SILENCE_DBFS = -100.0  # level reported for digital silence and anything quieter
_CHUNK_FRAMES = 1 << 15  # frames per RMS call: bounds memory on hour-long calls


@dataclass(frozen=True)
class ChannelActivity:
    """Speech decisions for one channel on the hop grid, and the levels behind them."""

    speech: np.ndarray  # bool per frame; frame k covers [k * hop_s, (k + 1) * hop_s)
    hop_s: float
    noise_floor_dbfs: float
    peak_dbfs: float
    threshold_dbfs: float
    speech_level_dbfs: float | None  # median frame level over speech, None without speech

    @property
    def speech_s(self) -> float:
        return float(np.count_nonzero(self.speech)) * self.hop_s


def frame_hop_samples(sample_rate: int, settings: MetricsSettings) -> tuple[int, int]:
    """Return ``(frame_length, hop_length)`` in samples for this rate and settings."""
    hop = max(1, round(settings.hop_s * sample_rate))
    frame = max(hop, round(settings.frame_s * sample_rate))
    return frame, hop


def frame_levels_dbfs(signal: np.ndarray, frame_length: int, hop_length: int) -> np.ndarray:
    """Return the RMS level in dBFS of each frame, frame k centred on hop k's middle.

    The signal is processed in chunks so an hour of audio never needs a full
    framed copy in memory; beyond both ends it is treated as zeros.
    """
    n_samples = signal.shape[-1]
    n_frames = -(-n_samples // hop_length)
    lead = (frame_length - hop_length) // 2  # centre frame k on (k + 0.5) * hop
    levels = np.empty(n_frames, dtype=np.float32)
    for first in range(0, n_frames, _CHUNK_FRAMES):
        last = min(first + _CHUNK_FRAMES, n_frames)
        lo = first * hop_length - lead
        hi = (last - 1) * hop_length - lead + frame_length
        chunk = signal[max(lo, 0) : min(hi, n_samples)]
        if lo < 0 or hi > n_samples:
            chunk = np.pad(chunk, (max(-lo, 0), max(hi - n_samples, 0)))
        rms = frame_rms(chunk, frame_length, hop_length)
        levels[first:last] = rms[: last - first]
    # floor the level, not the RMS: float32(1e-5) is not exactly 1e-5, and the
    # log10 of it came out as -100.00001 on some numpy builds
    with np.errstate(divide="ignore"):
        dbfs = 20.0 * np.log10(levels)
    return np.maximum(dbfs, np.float32(SILENCE_DBFS))


def frame_rms(signal: np.ndarray, frame_length: int, hop_length: int) -> np.ndarray:
    """RMS of each whole frame of ``signal`` (float32), as ``librosa.feature.rms(center=False)``.

    The same strided frames, the same float32 squares summed along the same
    axis: the levels are bit for bit librosa's (``tests/test_vad.py`` checks).
    """
    if signal.shape[-1] < frame_length:
        return np.zeros(0, dtype=np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(signal, frame_length)[::hop_length].T
    return np.sqrt(np.mean(np.square(frames, dtype=np.float32), axis=-2))


def detect_speech(
    signal: np.ndarray, sample_rate: int, settings: MetricsSettings = DEFAULT_SETTINGS
) -> ChannelActivity:
    """Detect speech in one channel (1-D float samples in [-1, 1]) on the hop grid."""
    frame_length, hop_length = frame_hop_samples(sample_rate, settings)
    hop_s = hop_length / sample_rate
    levels = frame_levels_dbfs(np.asarray(signal, dtype=np.float32), frame_length, hop_length)
    n_frames = levels.size
    if n_frames == 0:
        return ChannelActivity(
            np.zeros(0, dtype=bool), hop_s, SILENCE_DBFS, SILENCE_DBFS, 0.0, None
        )

    noise, peak = np.percentile(levels, [settings.noise_percentile, settings.peak_percentile])
    threshold = max(
        noise + settings.threshold_db,
        peak - settings.max_below_peak_db,
        settings.min_speech_dbfs,
    )
    starts, ends = runs_of(levels >= threshold)
    starts, ends = smooth_runs(
        starts,
        ends,
        n_frames=n_frames,
        hangover_frames=round(settings.hangover_s / hop_s),
        min_silence_frames=round(settings.min_silence_s / hop_s),
        min_speech_frames=round(settings.min_speech_s / hop_s),
    )
    speech = mask_of(starts, ends, n_frames)
    speech_level = float(np.median(levels[speech])) if speech.any() else None
    logger.debug(
        "speech detection: noise %.1f dBFS, peak %.1f dBFS, threshold %.1f dBFS, %d runs",
        noise,
        peak,
        threshold,
        starts.size,
    )
    return ChannelActivity(
        speech=speech,
        hop_s=hop_s,
        noise_floor_dbfs=float(noise),
        peak_dbfs=float(peak),
        threshold_dbfs=float(threshold),
        speech_level_dbfs=speech_level,
    )
