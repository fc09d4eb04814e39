"""``python -m callqa.flows.worker DATA_DIR IDLE_S``: the warm worker (see flows.worker_client).

Listens on 127.0.0.1 (a free port, recorded with a token in ``worker.json``),
runs one batch at a time through the Prefect flow in this process, so models,
checklists and imports stay loaded from one ``callqa run`` to the next.
A request is one JSON line (token, config, database URL, pending files);
the replies are JSON lines: ``ready`` (with the claim owner), one ``file``
per processed file, then ``done`` (or ``busy``, ``refused``, ``error``).

Stops after IDLE_S seconds without a batch, when data_dir's Prefect server is
gone, when ``worker.json`` names another process, or on SIGTERM (mid-batch:
the files it claimed go back to pending first).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import socket
import sys
import threading
import time
from pathlib import Path

from callqa.flows.prefect_env import connect_prefect, running_server
from callqa.flows.registry import Registered, release_claims, worker_id
from callqa.flows.worker_client import outcome_message, write_info
from callqa.qa.config import Config

logger = logging.getLogger(__name__)

CHECK_EVERY_S = 2.0
REQUEST_TIMEOUT_S = 10.0  # to read a request once connected


class _Stop(BaseException):
    """SIGTERM while a batch runs (a BaseException: no ``except Exception`` swallows it)."""


def main(data_dir: Path, idle_s: float) -> int:
    logging.basicConfig(
        level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logger.setLevel(logging.INFO)
    secret = json.loads(sys.stdin.readline())
    token = secret["token"]
    home = Path(data_dir) / "prefect"
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(CHECK_EVERY_S)
    info = {
        "pid": os.getpid(),
        "port": listener.getsockname()[1],
        "token": token,
        "fingerprint": secret["fingerprint"],
    }
    write_info(home, info)
    jobs: queue.Queue = queue.Queue(maxsize=1)
    state = {"busy": False, "stopping": False, "last_used": time.monotonic()}
    lock = threading.Lock()

    def on_sigterm(signum, frame):
        state["stopping"] = True
        if state["busy"]:
            raise _Stop

    signal.signal(signal.SIGTERM, on_sigterm)
    signal.signal(signal.SIGINT, on_sigterm)
    threading.Thread(
        target=_accept, args=(listener, token, jobs, state, lock), daemon=True, name="accept"
    ).start()
    logger.info("warm worker %s listening on port %d", worker_id(), info["port"])
    while not state["stopping"]:
        try:
            conn, request = jobs.get(timeout=CHECK_EVERY_S)
        except queue.Empty:
            reason = _why_stop(data_dir, home, idle_s, state["last_used"])
            if reason:
                logger.info("stopping: %s", reason)
                break
            continue
        try:
            _serve(conn, request, Path(data_dir))
        except _Stop:
            logger.info("stopped by SIGTERM mid-batch")
        except Exception:  # reported to the client; the next batch may fare better
            logger.exception("batch failed")
        finally:
            with lock:
                state["busy"] = False
                state["last_used"] = time.monotonic()
            conn.close()
    listener.close()
    try:
        if json.loads((home / "worker.json").read_text()).get("pid") == os.getpid():
            (home / "worker.json").unlink()
    except (OSError, ValueError):
        pass
    return 0


def _why_stop(data_dir: Path, home: Path, idle_s: float, last_used: float) -> str | None:
    if time.monotonic() - last_used > idle_s:
        return f"idle for {idle_s:.0f} s"
    try:
        if json.loads((home / "worker.json").read_text()).get("pid") != os.getpid():
            return "replaced by another worker"
    except (OSError, ValueError):
        return "worker.json is gone"
    if os.environ.get("PREFECT_API_URL") and running_server(data_dir) is None:
        return "the Prefect server stopped"
    return None


def _accept(listener, token: str, jobs: queue.Queue, state: dict, lock) -> None:
    """Read each request; queue it if the worker is free, else say why not."""
    while True:
        try:
            conn, _ = listener.accept()
        except TimeoutError:
            continue
        except OSError:
            return  # closed: the worker is stopping
        try:
            conn.settimeout(REQUEST_TIMEOUT_S)
            with conn.makefile("rb") as lines:
                request = json.loads(lines.readline() or b"{}")
            if request.get("token") != token:
                _reply(conn, {"refused": "wrong token"})
                conn.close()
                continue
            with lock:
                free = not state["busy"] and not state["stopping"]
                if free:
                    state["busy"] = True
            if not free:
                _reply(conn, {"busy": "the warm worker is processing another batch"})
                conn.close()
                continue
            conn.settimeout(None)
            jobs.put((conn, request))
        except (OSError, ValueError) as exc:
            logger.warning("bad request: %s", exc)
            conn.close()


def _serve(conn: socket.socket, request: dict, data_dir: Path) -> None:
    """Run one batch through the Prefect flow, reporting each file as it is stored."""
    config = Config.model_validate(request["config"])
    pending = [Registered(path, int(rid), "pending") for rid, path in request["pending"]]
    db_url = request["db_url"]
    from callqa.flows.resources import forget_user_files, start_warm_up

    forget_user_files()  # persona forms may have changed since the last batch
    start_warm_up(config)  # models load while Prefect is reached (the first batch)
    connect_prefect(data_dir)  # the server may have stopped when idle: start it again
    from callqa.flows import pipeline
    from pydantic import SecretStr

    pipeline.allow_files()  # before the client can be seen going away

    gone, finished = threading.Event(), threading.Event()
    ids = [entry.recording_id for entry in pending]

    def watch_client() -> None:  # the client sends nothing more: any read returns at its end
        with contextlib.suppress(OSError):
            conn.recv(1)
        if not finished.is_set():  # the run was stopped or killed: as if this process had died
            gone.set()
            pipeline.stop_after_this_file()
            released = _release(db_url, ids)  # the file in hand is then dropped, not stored
            logger.info("client gone; %d claimed file(s) put back", released)

    def send(outcome) -> None:
        if not gone.is_set():
            try:
                conn.sendall(outcome_message(outcome))
            except OSError:
                gone.set()
                pipeline.stop_after_this_file()

    _reply(conn, {"ready": True, "owner": worker_id()})
    watcher = threading.Thread(target=watch_client, daemon=True, name="client")
    watcher.start()
    pipeline.add_progress_listener(send)
    try:
        with pipeline.no_heartbeats():
            pipeline.process_pending(pending, config, SecretStr(db_url), parallel=False)
    except BaseException as exc:
        released = _release(db_url, ids)
        logger.warning("batch stopped (%r); %d claimed file(s) put back", exc, released)
        if not gone.is_set():
            _reply(conn, {"error": f"{type(exc).__name__}: {exc}"})
        raise
    finally:
        pipeline.remove_progress_listener(send)
        finished.set()  # from here the client's going away stops nothing
    if not gone.is_set():
        _reply(conn, {"done": True})
        with contextlib.suppress(OSError):
            conn.shutdown(socket.SHUT_RDWR)
    watcher.join(timeout=1.0)


def _release(db_url: str, ids: list[int]) -> int:
    from callqa.models.db import get_engine

    try:
        return release_claims(get_engine(db_url), recording_ids=ids)
    except Exception:  # the database itself is the problem; the claims go stale with us
        logger.exception("could not give the claimed files back")
        return 0


def _reply(conn: socket.socket, message: dict) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(message).encode() + b"\n")


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), float(sys.argv[2])))
