"""Decode call recordings into float32 sample arrays.

Telephone recordings arrive as 8 kHz (sometimes 8-bit) WAV, FLAC, MP3, M4A or
OGG, mono or stereo with one party per channel. ``load_audio`` keeps the native
rate and channels (the metrics need them); ``resample`` brings a channel to the
16 kHz Whisper expects.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from callqa.qa.errors import AudioDecodeError

logger = logging.getLogger(__name__)

WHISPER_SAMPLE_RATE = 16000  # Hz, what every Whisper model is trained on
DECODE_BLOCK_FRAMES = 1 << 18  # frames decoded at a time (32 s at 8 kHz)
TRUNCATION_TOLERANCE_S = 0.5  # a file holding this much less than its header says is truncated
DUAL_MONO_CORRELATION = 0.98  # channels this alike are one mix recorded twice


@dataclass(frozen=True, eq=False)
class Audio:
    """Decoded audio: ``samples`` has shape (channels, frames), float32 in [-1, 1]."""

    samples: np.ndarray
    sample_rate: int

    @property
    def channels(self) -> int:
        return int(self.samples.shape[0])

    @property
    def duration_s(self) -> float:
        return self.samples.shape[1] / self.sample_rate

    def channel(self, index: int) -> np.ndarray:
        return self.samples[index]

    def mono(self) -> np.ndarray:
        """Average of the channels (a stereo call mixed down)."""
        return self.samples.mean(axis=0) if self.channels > 1 else self.samples[0]


def load_audio(path: Path) -> Audio:
    """Decode ``path`` at its native rate; raise AudioDecodeError saying why not."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AudioDecodeError(path, f"cannot read file: {exc.strerror or exc}") from exc
    if size == 0:
        raise AudioDecodeError(path, "file is empty (0 bytes)")
    try:
        audio = _decode_soundfile(path)
    except AudioDecodeError:
        raise
    except Exception as sf_error:  # libsndfile does not know every container
        logger.debug("soundfile could not read %s (%s); trying PyAV", path, sf_error)
        try:
            audio = _decode_av(path)
        except AudioDecodeError:
            raise
        except Exception as av_error:
            raise AudioDecodeError(path, f"not a readable audio file ({av_error})") from av_error
    if audio.samples.shape[1] == 0:
        raise AudioDecodeError(path, "contains no audio samples")
    if not np.isfinite(audio.samples).all():
        raise AudioDecodeError(path, "contains non-finite samples")
    return audio


def is_dual_mono(samples: np.ndarray, min_correlation: float = DUAL_MONO_CORRELATION) -> bool:
    """True when both channels of a stereo recording carry (nearly) the same signal."""
    ll = rr = lr = 0.0
    for start in range(0, samples.shape[1], DECODE_BLOCK_FRAMES):  # float64 a block at a time
        left = samples[0, start : start + DECODE_BLOCK_FRAMES].astype(np.float64)
        right = samples[1, start : start + DECODE_BLOCK_FRAMES].astype(np.float64)
        ll += float(np.dot(left, left))
        rr += float(np.dot(right, right))
        lr += float(np.dot(left, right))
    energy = ll * rr
    return energy > 0 and lr >= min_correlation * math.sqrt(energy)


def as_call_audio(audio: Audio) -> Audio:
    """A stereo file with the same mix on both channels is a mono call: keep one channel.

    Per-channel transcription of such a file would hear every word twice.
    """
    if audio.channels == 2 and is_dual_mono(audio.samples):
        return Audio(
            samples=audio.samples.mean(axis=0, keepdims=True), sample_rate=audio.sample_rate
        )
    return audio


def normalise_level(
    samples: np.ndarray, target_dbfs: float = -20.0, max_gain_db: float = 30.0
) -> np.ndarray:
    """Scale a signal so its loud parts sit near ``target_dbfs`` (telephone channels differ).

    The reference is the 95th percentile of 20 ms frame RMS levels, so silence
    does not count; gain is capped at ``max_gain_db`` and peaks never clip.
    """
    frame = 160 if samples.shape[0] >= 160 else max(samples.shape[0], 1)
    usable = samples[: samples.shape[0] // frame * frame].reshape(-1, frame)
    if usable.size == 0:
        return samples
    level = float(np.percentile(np.sqrt(np.mean(usable.astype(np.float64) ** 2, axis=1)), 95))
    if level <= 1e-6:
        return samples
    gain = min(10 ** ((target_dbfs - 20 * math.log10(level)) / 20), 10 ** (max_gain_db / 20))
    peak = float(np.max(np.abs(samples)))
    if peak > 0:
        gain = min(gain, 0.99 / peak)
    return (samples * gain).astype(np.float32)


def resample(samples: np.ndarray, orig_sr: int, target_sr: int = WHISPER_SAMPLE_RATE) -> np.ndarray:
    """High-quality resampling (soxr) of a 1-D signal."""
    if orig_sr == target_sr:
        return samples.astype(np.float32, copy=False)
    import soxr

    return soxr.resample(samples, orig_sr, target_sr, quality="HQ").astype(np.float32)


def truncated(path: Path, declared_s: float, held_s: float) -> AudioDecodeError:
    return AudioDecodeError(
        path, f"truncated: its header says {declared_s:.1f} s, the file holds {held_s:.1f} s"
    )


_SHORT_CHUNK = re.compile(r"^data\s*:\s*(\d+)\s*\(should be (\d+)\)", re.MULTILINE)


def _decode_soundfile(path: Path) -> Audio:
    """Decode with libsndfile; a data chunk shorter than its header says is truncation."""
    import soundfile as sf

    with sf.SoundFile(str(path)) as handle:
        short = _SHORT_CHUNK.search(handle.extra_info)
        samples = _read_blocks(handle)
        sample_rate = int(handle.samplerate)
    held_s = samples.shape[1] / sample_rate
    if short is not None and int(short.group(2)) > 0:
        declared_s = held_s * int(short.group(1)) / int(short.group(2))
        if declared_s - held_s > TRUNCATION_TOLERANCE_S:
            raise truncated(path, declared_s, held_s)
    return Audio(samples=samples, sample_rate=sample_rate)


def _read_blocks(handle) -> np.ndarray:
    """All frames as (channels, frames) float32, read a block at a time.

    Reading the whole file as (frames, channels) and transposing would hold the
    signal twice; here only one block is held beside the result (a two-hour
    8 kHz stereo call: 460 MB of samples, not 920 MB).
    """
    expected = max(int(handle.frames), 0)
    out = np.empty((handle.channels, expected), dtype=np.float32)
    block = np.empty((DECODE_BLOCK_FRAMES, handle.channels), dtype=np.float32)
    done = 0
    while True:
        n = handle.read(dtype="float32", always_2d=True, out=block).shape[0]
        if n == 0:
            break
        if done + n > out.shape[1]:  # more than the header said: grow
            out = np.concatenate(
                [
                    out,
                    np.empty(
                        (out.shape[0], done + n - out.shape[1] + DECODE_BLOCK_FRAMES), np.float32
                    ),
                ],
                axis=1,
            )
        out[:, done : done + n] = block[:n].T
        done += n
    return out[:, :done] if done < out.shape[1] else out


def _decode_av(path: Path) -> Audio:
    import av

    with av.open(str(path)) as container:
        if not container.streams.audio:
            raise ValueError("no audio stream")
        stream = container.streams.audio[0]
        sample_rate = stream.rate or stream.codec_context.sample_rate
        declared_s = _declared_s(stream)
        chunks = []
        try:
            for frame in container.decode(stream):
                chunks.append(_frame_samples(frame))  # float32 at once: never int + float
        except av.error.FFmpegError as exc:  # data ends or breaks mid-stream
            if not chunks:
                raise
            held_s = sum(c.shape[1] for c in chunks) / sample_rate
            raise truncated(path, declared_s or held_s, held_s) from exc
    if not chunks:
        raise ValueError("audio stream holds no frames")
    held_s = sum(c.shape[1] for c in chunks) / sample_rate
    if declared_s is not None and declared_s - held_s > max(
        TRUNCATION_TOLERANCE_S, 0.02 * declared_s
    ):
        raise truncated(path, declared_s, held_s)
    samples = np.concatenate(chunks, axis=1)
    del chunks
    return Audio(samples=np.ascontiguousarray(samples, dtype=np.float32), sample_rate=sample_rate)


def _frame_samples(frame) -> np.ndarray:
    """One decoded frame as (channels, n) float32 in [-1, 1]."""
    array = frame.to_ndarray()
    if frame.format.is_planar:
        array = array.reshape(frame.layout.nb_channels, -1)
    else:
        array = array.reshape(-1, frame.layout.nb_channels).T
    if np.issubdtype(array.dtype, np.integer):
        return array.astype(np.float32) / np.float32(np.iinfo(array.dtype).max)
    return array.astype(np.float32, copy=False)


def _declared_s(stream) -> float | None:
    """The duration the file's headers claim, when they claim one."""
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    return None  # the container's own figure is often a bitrate estimate: not evidence
