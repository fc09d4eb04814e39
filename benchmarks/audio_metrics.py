"""Time ``qa.metrics.analyze_call`` on one hour of synthetic 8 kHz stereo call audio.

The call is built deterministically (fixed seed): speech-like bursts (noise
shaped by a syllable-rate envelope, 0.3-12 s long) placed on alternate
channels with pauses of up to 5 s and occasional overlaps, over a -65 dBFS line
noise. The target is under 10 s per hour of audio on a 2-core machine.

Run: ``python benchmarks/audio_metrics.py [--minutes 60] [--repeat 3]``
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from callqa.qa.metrics import analyze_call, detect_speech

SAMPLE_RATE = 8000  # Hz, telephone audio
SEED = 20240601
NOISE_DBFS = -65.0
SYLLABLE_HZ = 4.0  # speech energy rises and falls about four times a second


def synthetic_call(minutes: float, seed: int = SEED) -> tuple[np.ndarray, list[float]]:
    """Return ``(audio, placed_speech_s)``: stereo float32 audio and speech seconds per side."""
    rng = np.random.default_rng(seed)
    n_samples = round(minutes * 60 * SAMPLE_RATE)
    audio = rng.standard_normal((2, n_samples), dtype=np.float32) * np.float32(
        10 ** (NOISE_DBFS / 20)
    )
    placed = [np.zeros(n_samples, dtype=bool), np.zeros(n_samples, dtype=bool)]
    t_s, side = 1.0, 0
    while True:
        length_s = rng.uniform(0.3, 12.0)
        start = round(t_s * SAMPLE_RATE)
        end = min(start + round(length_s * SAMPLE_RATE), n_samples)
        if start >= n_samples:
            break
        time_s = np.arange(end - start, dtype=np.float32) / SAMPLE_RATE
        phase = rng.uniform(0, 2 * np.pi)
        envelope = 0.25 + 0.75 * np.abs(np.sin(np.pi * SYLLABLE_HZ * time_s + phase))
        level = np.float32(10 ** (rng.uniform(-24.0, -12.0) / 20))
        burst = rng.standard_normal(end - start, dtype=np.float32) * envelope * level
        audio[side, start:end] += burst
        placed[side][start:end] = True
        # Usually a pause before the other side answers; sometimes they cut in early.
        gap_s = rng.uniform(-1.0, 5.0) if rng.random() < 0.8 else rng.uniform(0.2, 1.0)
        t_s += length_s + gap_s
        side = 1 - side if rng.random() < 0.75 else side
    return audio, [np.count_nonzero(p) / SAMPLE_RATE for p in placed]


def best_and_mean(fn, repeat: int) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), sum(times) / len(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=60.0, help="call length (default 60)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (default 3)")
    args = parser.parse_args()

    started = time.perf_counter()
    audio, placed_s = synthetic_call(args.minutes)
    build_s = time.perf_counter() - started
    audio_s = audio.shape[1] / SAMPLE_RATE
    print(
        f"synthetic call: {audio_s / 60:.0f} min, 8 kHz stereo, built in {build_s:.1f} s "
        f"({os.cpu_count()} CPUs)"
    )

    # The first call in a process also pays for librosa's lazy imports and JIT.
    started = time.perf_counter()
    analyze_call(audio, SAMPLE_RATE)
    first_s = time.perf_counter() - started
    rows = [
        ("analyze_call, first call", first_s, first_s),
        (
            "detect_speech, one channel",
            *best_and_mean(lambda: detect_speech(audio[0], SAMPLE_RATE), args.repeat),
        ),
        (
            "analyze_call, stereo",
            *best_and_mean(lambda: analyze_call(audio, SAMPLE_RATE), args.repeat),
        ),
    ]
    print(f"\n{'stage':<28} {'best s':>8} {'mean s':>8} {'x real time':>12}")
    for stage, best, mean in rows:
        print(f"{stage:<28} {best:>8.2f} {mean:>8.2f} {audio_s / best:>12.0f}")

    metrics = analyze_call(audio, SAMPLE_RATE)
    print("\nsanity check, speech seconds placed vs detected:")
    for side, placed in zip(("agent", "customer"), placed_s, strict=True):
        found = metrics.speakers[side].speech_s
        print(f"  {side:<9} placed {placed:8.1f}  detected {found:8.1f}")
    overtalk = metrics.overtalk_s or 0.0
    print(
        f"  turns {metrics.speakers['agent'].turns}/{metrics.speakers['customer'].turns}, ", end=""
    )
    print(f"overtalk {overtalk:.1f} s, dead air intervals {len(metrics.dead_air)}")


if __name__ == "__main__":
    main()
