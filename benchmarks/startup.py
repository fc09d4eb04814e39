"""Fixed cost of ``callqa run``: an already-processed folder, and one new 45 s call.

Runs the real CLI as a subprocess (what a user pays, imports included) on a
copy of the sample call ``examples/calls/vi_insurance_average_03.wav`` (43 s,
mono, no metadata: Whisper picks the language, viet-asr decodes):

1. one new call with no Prefect server and no warm worker yet (the first run);
2. the same folder again: nothing to do, ``--repeat`` times, median (target <= 1.5 s),
   once the worker and the server started by 1 are idle;
3. one more new call, the server and the warm worker running (target <= 10 s);
4. with ``--in-process``: the same as 3 with ``warm_worker: false`` (the
   models load in the run's own process, as before the worker).

CPU seconds are the command's (user + system, with the processes it waits
for), plus what the warm worker and the Prefect server (detached processes,
read from /proc) spent meanwhile: on a shared machine they show what a run
costs whatever the load. Each new call's stages (wall seconds inside the
per-file task, from ``callqa run -v``) are printed below.

The commands run as an installed callqa does: with Python's bytecode cache
(``pip install`` compiles it; an editable install writes it on first import).
An environment with ``PYTHONDONTWRITEBYTECODE=1`` and an editable install has
none, and every command then compiles callqa's ~60 modules from source (about
0.2-0.4 s of CPU): the benchmark removes that variable for its commands unless
``--no-bytecode-cache`` keeps it.

Usage: python benchmarks/startup.py [--model base] [--in-process] [--repeat N]
    [--no-bytecode-cache]
"""

from __future__ import annotations

import argparse
import json
import os
import re
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
TICKS_S = os.sysconf("SC_CLK_TCK")


def _process_cpu(pid: int | None) -> float:
    """CPU seconds of ``pid`` and its children so far (0 when it is gone)."""
    if pid is None:
        return 0.0
    total = 0.0
    for task in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICKS_S  # utime, stime
    return total


def _children(pid: int) -> list[int]:
    try:
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []
    return [int(k) for k in kids] + [g for k in kids for g in _children(int(k))]


def _pid(path: Path) -> int | None:
    try:
        return json.loads(path.read_text())["pid"]
    except (OSError, ValueError, KeyError):
        return None


def _timed(args: list[str], home: Path, env: dict[str, str] | None = None) -> dict:
    """Wall, the command's CPU, the worker's and the server's CPU, and the stage log."""
    worker, server = _pid(home / "worker.json"), _pid(home / "server.json")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    detached = _process_cpu(worker) + _process_cpu(server)
    started = time.perf_counter()
    done = subprocess.run(args, check=False, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker = worker or _pid(home / "worker.json")  # started by this run
    server = server or _pid(home / "server.json")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode not in (0, 1):
        sys.exit(f"callqa run failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    stages = re.findall(r"INFO callqa\.app\.batch: \S+: (.*)", done.stderr)
    return {
        "wall": wall,
        "cpu": cpu,
        "detached": _process_cpu(worker) + _process_cpu(server) - detached,
        "stages": stages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="base")
    parser.add_argument("--in-process", action="store_true", help="also time warm_worker: false")
    parser.add_argument(
        "--repeat", type=int, default=7, help="times the nothing-to-do run is repeated (median)"
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE as set (callqa's modules compiled on every run)",
    )
    args = parser.parse_args()
    env = dict(os.environ)
    if not args.no_bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # the first command writes the cache
    bytecode = "off" if env.get("PYTHONDONTWRITEBYTECODE") else "on"
    sys.path.insert(0, str(ROOT))
    from callqa.flows.prefect_env import stop_server

    work = Path(tempfile.mkdtemp(prefix="callqa-startup-"))
    home = work / "data" / "prefect"
    try:
        calls = work / "calls"
        calls.mkdir()
        config = work / "config.yaml"
        cache = ROOT / "data" / "models"
        config.write_text(
            f"data_dir: data\nasr:\n  model: {args.model}\n  cache_dir: {cache}\n",
            encoding="utf-8",
        )
        run = [CALLQA, "run", str(calls), "--config", str(config), "-v"]
        load_before = os.getloadavg()[0]
        shutil.copy(CALL, calls / "first.wav")
        rows = [("one new 43 s call, no server/worker yet", _timed(run, home, env))]
        settled = _wait_idle(home)  # the worker's cold start would share the cores
        nothing = sorted((_timed(run, home, env) for _ in range(max(1, args.repeat))), key=_wall)
        rows.append(("already-processed folder (<= 1.5 s)", nothing[len(nothing) // 2]))
        _new_copy(calls, "second.wav", 2)
        rows.append(("one new 43 s call, warm (<= 10 s)", _timed(run, home, env)))
        if args.in_process:
            _new_copy(calls, "third.wav", 4)
            env_run = ["env", "CALLQA_WARM_WORKER=false", *run]
            rows.append(("same, warm_worker: false (server up)", _timed(env_run, home, env)))
        print(f"load average: {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        print(f"bytecode cache: {bytecode} (--no-bytecode-cache: as the environment says)")
        print(f"worker and server idle {settled:.0f} s after the first run, before the series")
        print(f"{'':40} {'wall':>7} {'CPU':>7} {'+worker/server':>15}")
        for name, row in rows:
            print(f"{name:40} {row['wall']:6.2f}s {row['cpu']:6.2f}s {row['detached']:14.2f}s")
        walls = " ".join(f"{_wall(row):.2f}" for row in nothing)
        cpus = " ".join(f"{row['cpu']:.2f}" for row in sorted(nothing, key=_cpu))
        print(f"  already-processed folder, {len(nothing)} runs (the median above): {walls} s")
        print(f"  the same runs' CPU, sorted: {cpus} s")
        for name, row in rows:
            for stages in row["stages"]:
                print(f"  {name}: {stages}")
    finally:
        stop_server(work / "data")
        shutil.rmtree(work, ignore_errors=True)


def _wait_idle(home: Path, quiet_cpu_s: float = 0.1, window_s: float = 2.0) -> float:
    """Wait (at most a minute) until the worker and the server spend under ``quiet_cpu_s``
    of CPU in ``window_s``: right after the first run the worker is still loading its
    models, and that would be measured as the nothing-to-do run's cost. Returns seconds."""
    started = time.perf_counter()
    pids = [_pid(home / "worker.json"), _pid(home / "server.json")]
    before = sum(map(_process_cpu, pids))
    while time.perf_counter() - started < 60:
        time.sleep(window_s)
        now = sum(map(_process_cpu, pids))
        if now - before < quiet_cpu_s:
            break
        before = now
    return time.perf_counter() - started


def _wall(row: dict) -> float:
    return row["wall"]


def _cpu(row: dict) -> float:
    return row["cpu"]


def _new_copy(calls: Path, name: str, pad_bytes: int) -> None:
    """Another recording (another hash), the same speech."""
    shutil.copy(CALL, calls / name)
    with open(calls / name, "ab") as f:
        f.write(b"\0" * pad_bytes)


if __name__ == "__main__":
    main()
