"""Throughput of checklist scoring on five-minute calls, one core, models loaded once.

Builds ~750-word transcripts per language by concatenating realistic segments
from the labelled set (tests/data/scoring), shuffled per call, then scores
them with one long-lived ``Scorer``. Prints figures; not a test.

    .venv/bin/python benchmarks/scoring.py [--calls 300] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import time
from pathlib import Path

from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, default_checklist, load_transcript

DATA_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "scoring"
CALL_LENGTH_S = 300.0  # a five-minute call
TARGET_WORDS = 750


def _pool(language: str) -> list[Segment]:
    segments = []
    for path in sorted(DATA_DIR.glob(f"{language}*.json")):
        segments.extend(load_transcript(path).segments)
    return segments


def build_calls(language: str, n: int, seed: int = 7) -> list[Transcript]:
    """``n`` transcripts of about TARGET_WORDS words spread over five minutes."""
    rng = random.Random(seed)
    pool = _pool(language)
    calls = []
    for _ in range(n):
        texts, words = [], 0
        while words < TARGET_WORDS:
            seg = rng.choice(pool)
            texts.append((seg.speaker, seg.text))
            words += len(seg.text.split())
        step = CALL_LENGTH_S / len(texts)
        segments = tuple(
            Segment(start=i * step, end=(i + 0.9) * step, text=text, speaker=speaker)
            for i, (speaker, text) in enumerate(texts)
        )
        calls.append(Transcript(language=language, duration_s=CALL_LENGTH_S, segments=segments))
    return calls


def run(scorer: Scorer, calls: list[Transcript]) -> float:
    checklist = default_checklist(calls[0].language)
    scorer.score(calls[0], checklist)  # warm up: compile patterns once
    start = time.perf_counter()
    for call in calls:
        scorer.score(call, checklist)
    return len(calls) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    t0 = time.perf_counter()
    scorer = Scorer()
    for lang in ("vi", "en"):
        scorer.pipelines.nlp(lang)
    print(f"pipelines built in {time.perf_counter() - t0:.2f} s")
    for lang in ("vi", "en"):
        calls = build_calls(lang, args.calls)
        words = sum(len(s.text.split()) for c in calls for s in c.segments) / len(calls)
        segs = sum(len(c.segments) for c in calls) / len(calls)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
        rate = run(scorer, calls)
        print(
            f"{lang}: {rate:7.1f} calls/s  ({1000 / rate:.2f} ms/call; "
            f"{words:.0f} words, {segs:.0f} segments per call; {len(calls)} calls)"
        )
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(15)


if __name__ == "__main__":
    main()
