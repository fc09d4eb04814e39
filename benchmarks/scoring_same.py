"""Whether a change to the scorer's engine left every verdict as it was.

Scores the writer sets' tuning calls (qa-dev's odd half, every call of the
blind sets listed in ``benchmarks/data/blind/sets.yaml``), the bundled example
calls, the unit transcripts and the speed benchmark's synthetic five-minute
calls, and writes the full output of each (verdicts, evidence with times,
reasons, persona, target fit) as one JSON line. For speed work: dump before,
change, then check that nothing moved.

    .venv/bin/python benchmarks/scoring_same.py --dump /tmp/before.jsonl
    .venv/bin/python benchmarks/scoring_same.py --check-same /tmp/before.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from callqa.qa.records import Transcript
from callqa.qa.scoring import Scorer, default_checklist, load_transcript, score_to_dict
from callqa.qa.scoring.writer_sets import in_tuning_half, read_writer_sets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from scoring import build_calls  # noqa: E402  (the speed benchmark's calls)

SYNTHETIC_CALLS = 20  # per language


def calls() -> Iterator[tuple[str, Transcript]]:
    """(name, transcript) for every call the check scores, in a fixed order."""
    for writer in read_writer_sets(ROOT).present():
        for folder in writer.folders:
            for path in sorted((folder / "calls").glob("*.json")):
                if not writer.odd_only or in_tuning_half(path.name):
                    yield f"{writer.name}/{folder.name}/{path.name}", load_transcript(path)
    for path in sorted((ROOT / "examples" / "calls").glob("*.ref.json")):
        yield f"examples/{path.name}", load_transcript(path)
    for path in sorted((ROOT / "tests" / "data" / "scoring").glob("*.json")):
        yield f"units/{path.name}", load_transcript(path)
    for lang in ("vi", "en"):
        for i, call in enumerate(build_calls(lang, SYNTHETIC_CALLS)):
            yield f"synthetic/{lang}_{i:02d}", call


def dump_lines() -> Iterator[str]:
    scorer = Scorer()
    checklists = {lang: default_checklist(lang) for lang in ("vi", "en")}
    for name, transcript in calls():
        result = scorer.score(transcript, checklists[transcript.language])
        yield json.dumps({"call": name, **score_to_dict(result)}, ensure_ascii=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--dump", type=Path, help="write every call's output here")
    group.add_argument("--check-same", type=Path, help="compare with an earlier --dump")
    args = parser.parse_args()
    lines = list(dump_lines())
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} calls written to {args.dump}")
        return 0
    before = args.check_same.read_text(encoding="utf-8").splitlines()
    differ = [
        json.loads(new)["call"] for old, new in zip(before, lines, strict=False) if old != new
    ]
    if len(before) != len(lines):
        print(f"{len(before)} calls in {args.check_same}, {len(lines)} now")
    for name in differ:
        print(f"changed: {name}")
    print(f"{len(lines) - len(differ)} of {len(lines)} calls the same")
    return 1 if differ or len(before) != len(lines) else 0


if __name__ == "__main__":
    sys.exit(main())
