"""Speed and memory of the Vietnamese engine on whole calls: wall-clock RTF and CPU per audio s.

Runs ``transcribe_call`` with viet-asr (one recogniser per core, side by side)
on the five Vietnamese sample calls, language from their metadata, as the
pipeline does; one warm-up call first. CPU seconds count every thread of this
process, so on a shared machine CPU / cores is what idle cores would take.

Run: ``python benchmarks/vietnamese_speed.py [FILES...]``
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from callqa.qa.asr.call import CallAsrSettings, transcribe_call  # noqa: E402
from callqa.qa.asr.speech import find_speech  # noqa: E402
from callqa.qa.asr.vietasr_engine import VietAsrTranscriber  # noqa: E402
from callqa.qa.audio import load_audio  # noqa: E402


def main() -> None:
    files = [Path(p) for p in sys.argv[1:]] or sorted(
        (ROOT / "examples" / "calls").glob("vi_*.wav")
    )
    engine = VietAsrTranscriber()
    settings = CallAsrSettings(language="vi")
    transcribe_call(load_audio(files[0]), engine, settings, find_speech)  # warm-up
    total_audio = total_wall = total_cpu = 0.0
    for path in files:
        audio = load_audio(path)
        wall, cpu = time.perf_counter(), time.process_time()
        transcribe_call(audio, engine, settings, find_speech)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        total_audio, total_wall, total_cpu = (
            total_audio + audio.duration_s,
            total_wall + wall,
            total_cpu + cpu,
        )
        print(
            f"{path.name:34s} {audio.duration_s:5.0f} s  RTF {wall / audio.duration_s:.3f}  "
            f"CPU/audio {cpu / audio.duration_s:.3f}"
        )
    cores = len(os.sched_getaffinity(0))
    print(
        f"all: RTF {total_wall / total_audio:.3f}, CPU/audio {total_cpu / total_audio:.3f} "
        f"(/{cores} cores = {total_cpu / total_audio / cores:.3f}), "
        f"{engine.instances} recognisers, load average {os.getloadavg()[0]:.1f}, "
        f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB"
    )


if __name__ == "__main__":
    main()
