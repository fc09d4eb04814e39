"""End-to-end pipeline benchmark: throughput, time outside transcription, re-run cost.

Prints figures; it is not a test. Three measurements:

1. ``callqa run`` on N copies of the bundled sample calls (each copy padded
   with a little silence so it is a new recording): audio hours processed per
   wall-clock hour, and the share of the wall time spent outside speech
   recognition (Prefect start-up, decoding, scoring, metrics, storage). The
   wall time is also split into the per-file tasks and the rest ("start-up":
   Prefect's temporary server, registration, flags), a fixed cost per run;
2. files per minute with the Dask runner, 1 and 2 local workers;
3. an idempotent re-run over 1,000 already processed files: 1,000 short
   recordings are registered and marked done directly in the database (no
   transcription), then ``callqa run`` is timed on the folder again.

Usage: python benchmarks/pipeline.py [--copies 1] [--dask-copies 1] [--model base] [--skip-dask]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile as sf
from rich.console import Console
from rich.table import Table
from sqlmodel import func, select, update

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "examples" / "calls"
CLIP = ROOT / "tests" / "data" / "speech" / "en_gcp_brooklyn_bridge.wav"


def _copies(folder: Path, copies: int) -> float:
    """Write ``copies`` padded copies of every sample call; returns total audio seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0.0
    for wav in sorted(CALLS.glob("*.wav")):
        audio, rate = sf.read(wav, dtype="int16", always_2d=True)
        for k in range(copies):
            padded = np.concatenate([audio, np.zeros((k + 1, audio.shape[1]), dtype=np.int16)])
            sf.write(folder / f"{wav.stem}_{k}.wav", padded, rate, subtype="PCM_16")
            total += padded.shape[0] / rate
    return total


def _settings(work: Path, model: str, extra: str = ""):
    from callqa.app.settings import load_settings

    config = work / "config.yaml"
    cache = ROOT / "data" / "models"
    config.write_text(
        f"data_dir: data\nasr:\n  model: {model}\n  cache_dir: {cache}\n{extra}", encoding="utf-8"
    )
    return load_settings(config, db_url=None, environ={})


def _asr_seconds(settings) -> float:
    from callqa.models.db import get_engine, session_scope
    from callqa.models.tables import Recording

    with session_scope(get_engine(settings.db_url)) as session:
        return float(session.exec(select(func.sum(Recording.asr_seconds))).one() or 0.0)


def run_throughput(work: Path, copies: int, model: str, extra: str = "") -> dict[str, float]:
    from callqa.app.batch import run_batch

    audio_s = _copies(work / "calls", copies)
    settings = _settings(work, model, extra)
    started = time.perf_counter()
    try:
        result = run_batch(settings, work / "calls")
    finally:  # the next run (another data folder) starts its own server on the same port
        from callqa.flows.prefect_env import stop_server

        wall = time.perf_counter() - started
        stop_server(work / "data")
    asr = _asr_seconds(settings)
    return {
        "files": result.processed,
        "failed": result.failed,
        "audio_s": audio_s,
        "wall_s": wall,
        "asr_s": asr,
        "audio_h_per_h": audio_s / wall,
        "outside_asr_share": 1 - asr / wall,
        "file_s": result.file_seconds,
        "per_file_outside_asr_share": 1 - asr / result.file_seconds,
        "startup_s": wall - result.file_seconds,
        "files_per_min": 60 * result.processed / wall,
    }


def run_rerun_cost(work: Path, files: int = 1000) -> dict[str, float]:
    from callqa.app.batch import run_batch
    from callqa.models.db import get_engine, session_scope
    from callqa.models.tables import Recording

    folder = work / "many"
    folder.mkdir(parents=True)
    audio, rate = sf.read(CLIP, dtype="int16")
    for k in range(files):
        sf.write(
            folder / f"clip_{k:04d}.wav", np.concatenate([audio, np.zeros(k + 1, "int16")]), rate
        )
    settings = _settings(work, "tiny.en")
    from callqa.flows.registry import register_paths
    from callqa.qa.discovery import discover_audio

    engine = get_engine(settings.db_url)
    started = time.perf_counter()
    register_paths(discover_audio(folder, ["wav"]), config=settings.config, engine=engine)
    first = time.perf_counter() - started
    with session_scope(engine) as session:  # stand-in for 1,000 processed calls
        session.exec(update(Recording).values(status="done"))
    started = time.perf_counter()
    result = run_batch(settings, folder)
    rerun = time.perf_counter() - started
    assert result.processed == 0 and len(result.recording_ids) == files
    return {"files": files, "register_s": first, "rerun_s": rerun}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of the 10 sample calls")
    parser.add_argument("--model", default="base")
    parser.add_argument("--dask-copies", type=int, default=1, help="copies for the Dask runs")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
    # Prefect's settings are per process: one home for every run of this benchmark.
    prefect_home = tempfile.TemporaryDirectory()
    os.environ["PREFECT_HOME"] = prefect_home.name
    console = Console(width=160)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("local", run_throughput(Path(tmp) / "local", args.copies, args.model)))
        console.print(rows[-1])
    if not args.skip_dask:
        for workers in (1, 2):
            extra = f"runner: dask\ndask:\n  workers: {workers}\n"
            with tempfile.TemporaryDirectory() as tmp:
                figures = run_throughput(Path(tmp) / "dask", args.dask_copies, args.model, extra)
                rows.append((f"dask, {workers} worker(s)", figures))
                console.print(rows[-1])
    table = Table(title=f"pipeline on copies of the 10 sample calls, Whisper {args.model}")
    columns = (
        "runner",
        "files",
        "audio",
        "wall",
        "start-up",
        "ASR",
        "audio h / h",
        "outside ASR",
        "outside ASR, in files",
        "files/min",
    )
    for name in columns:
        table.add_column(name, justify="left" if name == "runner" else "right")
    for name, f in rows:
        local = name == "local"
        table.add_row(
            name,
            f"{f['files']:.0f}",
            f"{f['audio_s']:.0f} s",
            f"{f['wall_s']:.1f} s",
            f"{f['startup_s']:.1f} s" if local else "n/a",
            f"{f['asr_s']:.1f} s",
            f"{f['audio_h_per_h']:.1f}",
            f"{100 * f['outside_asr_share']:.1f}%" if local else "n/a (parallel)",
            f"{100 * f['per_file_outside_asr_share']:.1f}%" if local else "n/a",
            f"{f['files_per_min']:.1f}",
        )
    console.print(table)
    with tempfile.TemporaryDirectory() as tmp:
        rerun = run_rerun_cost(Path(tmp))
    console.print(
        f"re-run over {rerun['files']} already processed files: {rerun['rerun_s']:.2f} s "
        f"(first registration, hashing included: {rerun['register_s']:.2f} s)"
    )


if __name__ == "__main__":
    main()
