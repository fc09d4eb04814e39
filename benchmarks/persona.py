"""Persona extraction: accuracy on the labelled set and speed on five-minute calls.

    .venv/bin/python benchmarks/persona.py [--split heldout|dev] [--calls 200]

Accuracy: value accuracy per field type over every (call, field) pair of the
split (a field the customer did not state must come out missing) and fit
accuracy, on tests/data/persona/<split>/labels.jsonl. Speed: extraction time
per five-minute call (about 750 words built from the labelled turns), one core,
each call measured cold (memoised per-text results cleared).
Prints figures; not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from datetime import date
from pathlib import Path

from callqa.qa.persona import fill, load_form
from callqa.qa.persona.evaluate import evaluate
from callqa.qa.persona.extract import clear_caches
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import load_transcript

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "persona"
CALL_LENGTH_S = 300.0  # a five-minute call
TARGET_WORDS = 750


def accuracy(split: str) -> None:
    report = evaluate(DATA / split / "labels.jsonl")
    print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))


def _call(pool: list[Segment], language: str, rng: random.Random) -> Transcript:
    segments, words, t = [], 0, 0.0
    while words < TARGET_WORDS:
        seg = rng.choice(pool)
        dur = seg.end - seg.start
        segments.append(Segment(t, t + dur, seg.text, seg.speaker))
        words += len(seg.text.split())
        t += dur + 0.4
    scale = CALL_LENGTH_S / t
    segments = [Segment(s.start * scale, s.end * scale, s.text, s.speaker) for s in segments]
    return Transcript(language=language, duration_s=CALL_LENGTH_S, segments=tuple(segments))


def speed(calls: int) -> None:
    rng = random.Random(15)
    for language, form_file in (("vi", "solar_vi.yaml"), ("en", "insurance_en.yaml")):
        form = load_form(DATA / "forms" / form_file)
        pool = [
            seg
            for split in ("dev", "heldout")
            for path in sorted((DATA / split).glob(f"{language}*.json"))
            + sorted((DATA / split).glob(f"d_{language}*.json"))
            for seg in load_transcript(path).segments
        ]
        transcripts = [_call(pool, language, rng) for _ in range(calls)]
        fill(transcripts[0], form, date(2026, 3, 10))  # warm the compiled patterns
        wall, cpu = [], []
        for transcript in transcripts:
            clear_caches()  # the pool repeats turns; measure each call cold
            t0, c0 = time.perf_counter(), time.process_time()
            fill(transcript, form, date(2026, 3, 10))
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - t0) * 1000)
        # CPU time is what the call costs; wall time also counts waiting for a shared core
        print(
            f"{language}: {calls} five-minute calls, extraction CPU median "
            f"{statistics.median(cpu):.1f} ms (p95 {_p95(cpu):.1f}), wall median "
            f"{statistics.median(wall):.1f} ms (p95 {_p95(wall):.1f})"
        )


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="heldout", choices=("heldout", "dev"))
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--no-speed", action="store_true")
    args = parser.parse_args()
    accuracy(args.split)
    if not args.no_speed:
        speed(args.calls)


if __name__ == "__main__":
    main()
