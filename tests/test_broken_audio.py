"""Broken recordings: truncated files and clips too short to be calls are stored as failed."""

from __future__ import annotations

import callqa.flows.pipeline as pipeline
import callqa.flows.resources as resources
import numpy as np
import pytest
import soundfile as sf
from callqa.flows.pipeline import run_calls
from callqa.qa.audio import load_audio
from callqa.qa.errors import AudioDecodeError

from tests.fakes import FakeTranscriber, fake_score

SR = 8000


def _tone(path, seconds, fmt=None):
    t = np.arange(int(seconds * SR)) / SR
    sf.write(path, (0.3 * np.sin(2 * np.pi * 300 * t)).astype(np.float32), SR, format=fmt)
    return path


def _cut(path, keep_fraction):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep_fraction)])
    return path


def test_a_truncated_wav_is_refused_with_both_durations(tmp_path):
    wav = _cut(_tone(tmp_path / "call.wav", 57.7), 1 / 3)
    with pytest.raises(
        AudioDecodeError, match=r"truncated: its header says 57\.7 s, the file holds 19\.2 s"
    ):
        load_audio(wav)


def test_a_truncated_flac_is_refused(tmp_path):
    flac = _cut(_tone(tmp_path / "call.flac", 30.0), 0.5)
    with pytest.raises(AudioDecodeError, match="truncated: its header says 30.0 s"):
        load_audio(flac)


def test_whole_files_are_not_called_truncated(tmp_path):
    assert load_audio(_tone(tmp_path / "call.wav", 12.0)).duration_s == pytest.approx(12.0)
    assert load_audio(_tone(tmp_path / "call.flac", 12.0)).duration_s == pytest.approx(12.0)


def test_truncated_and_tiny_files_are_stored_failed_and_the_rest_done(
    prefect_harness, monkeypatch, config, tmp_path
):
    monkeypatch.setattr(resources, "load_transcriber", lambda config: FakeTranscriber())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    good = _tone(tmp_path / "good.wav", 5.0)
    cut = _cut(_tone(tmp_path / "cut.wav", 57.7), 1 / 3)
    tiny = _tone(tmp_path / "tiny.wav", 0.1)
    db_url = f"sqlite:///{tmp_path / 'calls.db'}"
    outcomes = {
        o.path.split("/")[-1]: o
        for o in run_calls([str(good), str(cut), str(tiny)], config, db_url)
    }
    assert outcomes["good.wav"].status == "done"
    assert outcomes["cut.wav"].status == "failed" and "truncated" in outcomes["cut.wav"].error
    assert outcomes["tiny.wav"].status == "failed"
    assert "too short to be a call (0.10 s" in outcomes["tiny.wav"].error


def test_block_decoding_gives_the_same_samples(tmp_path, monkeypatch):
    import callqa.qa.audio as audio_module

    monkeypatch.setattr(audio_module, "DECODE_BLOCK_FRAMES", 1000)  # many blocks, a short tail
    rng = np.random.default_rng(1)
    stereo = (rng.standard_normal((12_345, 2)) * 0.1).astype(np.float32)
    path = tmp_path / "stereo.wav"
    sf.write(path, stereo, SR, subtype="FLOAT")
    decoded = load_audio(path)
    assert decoded.samples.flags["C_CONTIGUOUS"] and decoded.samples.shape == (2, 12_345)
    np.testing.assert_array_equal(decoded.samples, stereo.T)
    assert audio_module.is_dual_mono(np.stack([stereo[:, 0], stereo[:, 0]]))
    assert not audio_module.is_dual_mono(stereo.T)
