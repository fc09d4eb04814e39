"""The speech detector's frame levels are librosa's, computed without importing librosa."""

from __future__ import annotations

from pathlib import Path

import librosa
import numpy as np
import pytest
import soundfile as sf
from callqa.qa.metrics.vad import frame_levels_dbfs, frame_rms

CLIP = Path(__file__).parent / "data" / "metrics" / "librivox0890_8k_trimmed.flac"


@pytest.mark.parametrize(("frame_length", "hop_length"), [(256, 80), (200, 80), (160, 160)])
def test_frame_rms_is_bit_for_bit_librosa_rms(frame_length, hop_length):
    speech, _ = sf.read(CLIP, dtype="float32")
    noise = np.random.default_rng(0).normal(0, 0.01, 5000).astype(np.float32)
    for signal in (speech, speech[7:], np.concatenate([noise, speech, noise])):
        expected = librosa.feature.rms(
            y=signal, frame_length=frame_length, hop_length=hop_length, center=False
        )[0]
        got = frame_rms(signal, frame_length, hop_length)
        assert got.dtype == expected.dtype and np.array_equal(got, expected)


def test_levels_of_a_short_signal_and_of_silence():
    assert frame_rms(np.zeros(10, dtype=np.float32), 256, 80).size == 0
    levels = frame_levels_dbfs(np.zeros(8000, dtype=np.float32), 256, 80)
    assert levels.shape == (100,) and np.all(levels == np.float32(-100.0))
