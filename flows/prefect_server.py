"""``python -m flows.prefect_server HOME PORT IDLE_S``: a Prefect server that stops when idle.

Started by :func:`flows.prefect_env.ensure_server`. Runs ``prefect server
start`` on 127.0.0.1:PORT and stops it when neither the moment it first
answered nor ``HOME/last_used`` (touched by every run that uses it) is within
the last IDLE_S seconds, or on SIGTERM.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

CHECK_EVERY_S = 5.0


def main(home: Path, port: int, idle_s: float) -> int:
    server = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
        + ["--port", str(port)]
    )
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    last_used = home / "last_used"
    ready_at = None  # idle time counts from when the server first answers
    while not stopping and server.poll() is None:
        time.sleep(CHECK_EVERY_S if idle_s > CHECK_EVERY_S else 0.5)
        if ready_at is None:
            ready_at = time.time() if _answers(port) else None
            continue
        try:
            idle = time.time() - max(last_used.stat().st_mtime, ready_at)
        except OSError:
            idle = time.time() - ready_at
        if idle > idle_s:
            print(f"idle for {idle:.0f} s: stopping", flush=True)
            break
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    return 0


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])))
