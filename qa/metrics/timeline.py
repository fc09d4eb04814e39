"""Frame-grid helpers: boolean activity masks and the runs of True in them.

All conversation arithmetic happens on one grid of ``hop_s`` frames, where
frame ``k`` stands for the time span ``[k * hop_s, (k + 1) * hop_s)``. Unions,
intersections and gaps are then plain boolean operations on masks, and a run
``(start, end)`` is a half-open range of frame indices.
"""

from __future__ import annotations

import numpy as np

Runs = tuple[np.ndarray, np.ndarray]  # (starts, ends) int64 frame indices, end exclusive


def runs_of(mask: np.ndarray) -> Runs:
    """Return the half-open ``(starts, ends)`` of every stretch of True in ``mask``."""
    padded = np.concatenate(([False], np.asarray(mask, dtype=bool), [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return edges[0::2].astype(np.int64), edges[1::2].astype(np.int64)


def mask_of(starts: np.ndarray, ends: np.ndarray, n_frames: int) -> np.ndarray:
    """Return a boolean mask of ``n_frames`` that is True inside every run."""
    starts = np.clip(np.asarray(starts, dtype=np.int64), 0, n_frames)
    ends = np.clip(np.asarray(ends, dtype=np.int64), 0, n_frames)
    keep = ends > starts
    delta = np.zeros(n_frames + 1, dtype=np.int64)
    np.add.at(delta, starts[keep], 1)
    np.add.at(delta, ends[keep], -1)
    return np.cumsum(delta[:-1]) > 0


def smooth_runs(
    starts: np.ndarray,
    ends: np.ndarray,
    *,
    n_frames: int,
    hangover_frames: int,
    min_silence_frames: int,
    min_speech_frames: int,
) -> Runs:
    """Extend runs by a hangover, bridge short gaps, then drop short runs."""
    if starts.size == 0:
        return starts, ends
    ends = np.minimum(ends + hangover_frames, n_frames)
    breaks = (starts[1:] - ends[:-1]) >= max(min_silence_frames, 1)
    starts = starts[np.concatenate(([True], breaks))]
    ends = ends[np.concatenate((breaks, [True]))]
    keep = (ends - starts) >= min_speech_frames
    return starts[keep], ends[keep]


def frames_of_span(start_s: float, end_s: float, hop_s: float, n_frames: int) -> tuple[int, int]:
    """Return the frame range whose centres fall inside ``[start_s, end_s)``."""
    first = int(np.clip(np.ceil(start_s / hop_s - 0.5), 0, n_frames))
    last = int(np.clip(np.ceil(end_s / hop_s - 0.5), 0, n_frames))
    return first, max(first, last)
