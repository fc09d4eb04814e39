"""One local Prefect server per data folder: started once, shared, stopped when idle."""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

from callqa.flows.prefect_env import ensure_server, running_server, stop_server
from callqa.flows.processes import pid_alive


def test_concurrent_runs_share_one_server_which_stops_when_idle(tmp_path, monkeypatch):
    monkeypatch.setenv("PREFECT_SERVER_IDLE_STOP_S", "4")
    try:
        with ThreadPoolExecutor(2) as pool:  # two runs starting at once agree on one server
            urls = list(pool.map(lambda _: ensure_server(tmp_path), range(2)))
        assert urls[0] == urls[1]
        pid = json.loads((tmp_path / "prefect" / "server.json").read_text())["pid"]
        started = time.perf_counter()
        assert ensure_server(tmp_path) == urls[0]  # a later run reuses it
        assert time.perf_counter() - started < 1.0
        assert running_server(tmp_path)["pid"] == pid
        deadline = time.monotonic() + 60  # nobody uses it any more: it stops by itself
        while pid_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not pid_alive(pid)
        assert running_server(tmp_path) is None
    finally:
        stop_server(tmp_path)
