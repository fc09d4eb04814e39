"""Decoding: telephone formats, every container callqa accepts, clear errors."""

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf
from callqa.qa.audio import load_audio, resample
from callqa.qa.errors import AudioDecodeError

SR = 8000


def _tone(seconds: float, freq: float, sr: int = SR, amp: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * sr)) / sr
    return (amp * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def _encode_with_av(path: Path, samples: np.ndarray, sr: int, codec: str) -> None:
    import av

    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=sr, layout="mono")
        frame_size = 1024
        data = samples.astype(np.float32)
        fmt = stream.codec_context.format.name  # the codec's native sample format
        for start in range(0, len(data), frame_size):
            chunk = data[start : start + frame_size]
            frame = av.AudioFrame.from_ndarray(chunk[None, :], format="fltp", layout="mono")
            frame.rate = sr
            frame.pts = start
            if fmt != "fltp":
                frame = av.AudioResampler(format=fmt, layout="mono", rate=sr).resample(frame)[0]
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


def test_stereo_8k_wav_keeps_channels_and_rate(tmp_path):
    left, right = _tone(1.0, 300), np.zeros(SR, dtype=np.float32)
    path = tmp_path / "call.wav"
    sf.write(path, np.stack([left, right], axis=1), SR, subtype="PCM_16")
    audio = load_audio(path)
    assert audio.sample_rate == SR
    assert audio.channels == 2
    assert audio.duration_s == pytest.approx(1.0)
    assert np.abs(audio.channel(0)).max() == pytest.approx(0.5, abs=1e-3)
    assert np.abs(audio.channel(1)).max() == 0.0
    assert np.abs(audio.mono()).max() == pytest.approx(0.25, abs=1e-3)


def test_8_bit_wav(tmp_path):
    path = tmp_path / "u8.wav"
    sf.write(path, _tone(0.5, 440), SR, subtype="PCM_U8")
    audio = load_audio(path)
    assert audio.channels == 1
    assert np.abs(audio.samples).max() == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize(("suffix", "fmt"), [(".flac", "FLAC"), (".ogg", "OGG")])
def test_soundfile_containers(tmp_path, suffix, fmt):
    path = tmp_path / f"tone{suffix}"
    sf.write(path, _tone(1.0, 440), SR, format=fmt)
    audio = load_audio(path)
    assert audio.duration_s == pytest.approx(1.0, abs=0.05)


@pytest.mark.parametrize(("suffix", "codec"), [(".mp3", "libmp3lame"), (".m4a", "aac")])
def test_compressed_containers_decode(tmp_path, suffix, codec):
    path = tmp_path / f"tone{suffix}"
    _encode_with_av(path, _tone(1.0, 440, sr=16000), 16000, codec)
    audio = load_audio(path)
    assert audio.sample_rate == 16000
    assert audio.duration_s == pytest.approx(1.0, abs=0.1)
    assert np.abs(audio.samples).max() == pytest.approx(0.5, abs=0.1)


def test_resample_to_16k_keeps_the_tone():
    out = resample(_tone(1.0, 440), SR, 16000)
    assert out.shape == (16000,)
    spectrum = np.abs(np.fft.rfft(out))
    assert np.argmax(spectrum) == pytest.approx(440, abs=1)


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(AudioDecodeError, match=r"empty\.wav: file is empty"):
        load_audio(path)


def test_not_audio(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("this is a text file, not a recording\n" * 20)
    with pytest.raises(AudioDecodeError, match=r"notes\.wav: not a readable audio file"):
        load_audio(path)


def test_missing_file(tmp_path):
    with pytest.raises(AudioDecodeError, match="cannot read file"):
        load_audio(tmp_path / "gone.wav")


def test_header_without_samples(tmp_path):
    path = tmp_path / "zero.wav"
    sf.write(path, np.zeros((0, 1), dtype=np.float32), SR)
    with pytest.raises(AudioDecodeError, match="no audio samples"):
        load_audio(path)


def test_quiet_channel_is_brought_to_the_target_level():
    from callqa.qa.audio import normalise_level

    loud = _tone(1.0, 300, amp=0.5)
    quiet = np.concatenate([np.zeros(SR, dtype=np.float32), _tone(1.0, 300, amp=0.005)])
    rms = lambda x: 20 * np.log10(np.sqrt(np.mean(x**2)))  # noqa: E731
    out = normalise_level(quiet)
    assert rms(out[SR:]) == pytest.approx(-20.0, abs=0.5)  # silence did not count
    assert np.abs(normalise_level(loud)).max() <= 0.99  # never clips
    assert rms(normalise_level(quiet * 1e-3)[SR:]) == pytest.approx(
        rms(quiet[SR:] * 1e-3) + 30, abs=0.5
    )
    assert not normalise_level(np.zeros(SR, dtype=np.float32)).any()
