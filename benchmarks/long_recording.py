"""Peak memory and time to decode and measure a two-hour 8 kHz stereo recording.

Writes a synthetic call (benchmarks/audio_metrics.py's generator, ten minutes
at a time) as a 16-bit PCM WAV, then, in a fresh child process, runs what the
pipeline does with a recording apart from speech recognition: ``load_audio``
and ``measure_audio`` (flows.resources, the config's default metrics). Prints
the child's wall time and peak RSS (``ru_maxrss``, which includes Python,
numpy, librosa and the rest of the imports: about 200 MB before any audio).

Target (issue 17): a two-hour 8 kHz recording decoded and analysed in <= 1 GB.

Run: ``python benchmarks/long_recording.py [--minutes 120] [--channels 2] [--keep DIR]``
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import soundfile as sf

SAMPLE_RATE = 8000
CHUNK_MIN = 10.0


def write_call(path: Path, minutes: float, channels: int) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from audio_metrics import synthetic_call

    with sf.SoundFile(path, "w", SAMPLE_RATE, channels, subtype="PCM_16") as out:
        done, seed = 0.0, 1
        while done < minutes:
            part = min(CHUNK_MIN, minutes - done)
            audio, _ = synthetic_call(part, seed=seed)
            out.write(audio[:channels].T)
            done += part
            seed += 1


def child(path: str) -> None:
    from callqa.app.settings import load_settings
    from callqa.flows.resources import measure_audio
    from callqa.qa.audio import load_audio

    config = load_settings(None, db_url=None, environ={}).config
    started = time.perf_counter()
    audio = load_audio(Path(path))
    decoded_s = time.perf_counter() - started
    metrics = measure_audio(config, audio)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    talk = metrics.speakers["agent"].speech_s + metrics.speakers["customer"].speech_s
    print(f"decoded in {decoded_s:.1f} s, decoded and measured in {seconds:.1f} s")
    print(f"speech found {talk / 60:.1f} min; peak RSS {peak_mb:.0f} MB")
    print(f"target: <= 1024 MB -> {'met' if peak_mb <= 1024 else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=120.0)
    parser.add_argument("--channels", type=int, choices=(1, 2), default=2)
    parser.add_argument("--keep", type=Path, help="folder for the WAV (kept)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="callqa-long-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "long_call.wav"
    if not path.exists():
        write_call(path, args.minutes, args.channels)
    size_mb = path.stat().st_size / 1e6
    print(f"file: {args.minutes:.0f} min, {args.channels} ch, 8 kHz 16-bit WAV, {size_mb:.0f} MB")
    subprocess.run([sys.executable, __file__, "--child", str(path)], check=True)
    if args.keep is None:
        path.unlink()


if __name__ == "__main__":
    main()
