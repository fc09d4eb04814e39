"""Fixed cost of ``callqa run``: an already-processed folder, and one new 45 s call.

Runs the real CLI as a subprocess (what a user pays, imports included) on a
copy of the sample call ``examples/calls/vi_insurance_average_03.wav`` (43 s):

1. one new call with no Prefect server running yet (the first run on a machine);
2. the same folder again: nothing to do (target <= 1.5 s);
3. one more new call, the local Prefect server already running (target <= 10 s).

CPU seconds (user + system of the command and the processes it waits for;
not the Prefect server, which runs detached) are printed beside the wall
time: on a shared machine they show what the command itself costs.

Usage: python benchmarks/startup.py [--model base]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CALL = ROOT / "examples" / "calls" / "vi_insurance_average_03.wav"
CALLQA = str(Path(sys.executable).with_name("callqa"))


def _timed(args: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the command and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=False, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="base")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from callqa.flows.prefect_env import stop_server

    work = Path(tempfile.mkdtemp(prefix="callqa-startup-"))
    try:
        calls = work / "calls"
        calls.mkdir()
        config = work / "config.yaml"
        cache = ROOT / "data" / "models"
        config.write_text(
            f"data_dir: data\nasr:\n  model: {args.model}\n  cache_dir: {cache}\n",
            encoding="utf-8",
        )
        run = [CALLQA, "run", str(calls), "--config", str(config)]
        shutil.copy(CALL, calls / "first.wav")
        cold = _timed(run)
        nothing = _timed(run)
        shutil.copy(CALL, calls / "second.wav")
        with open(calls / "second.wav", "ab") as f:
            f.write(b"\0\0")  # another recording (another hash), same speech
        warm = _timed(run)
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
        for name, (wall, cpu) in (
            ("one new 43 s call, no Prefect server yet", cold),
            ("already-processed folder (target <= 1.5 s)", nothing),
            ("one new 43 s call, server running (<= 10 s)", warm),
        ):
            print(f"{name:46} {wall:7.2f} s wall {cpu:7.2f} s CPU")
    finally:
        stop_server(work / "data")
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
