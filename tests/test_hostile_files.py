"""Hostile and careless file input: odd names, folders named like audio, relative paths."""

from __future__ import annotations

import os

import numpy as np
import soundfile as sf
from callqa.app.batch import run_batch
from callqa.app.settings import Settings
from callqa.flows.registry import register_paths
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Recording
from callqa.qa.discovery import discover_audio
from sqlmodel import select


def _tone(path, seconds=2.0, sr=8000):
    t = np.arange(int(seconds * sr)) / sr
    sf.write(path, 0.3 * np.sin(2 * np.pi * 300 * t) * (np.sin(np.pi * t) > 0), sr)
    return path


def test_a_file_name_that_is_not_utf8_fails_alone(config, tmp_path):
    folder = tmp_path / "calls"
    folder.mkdir()
    for i in range(12):
        _tone(folder / f"call{i:02d}.wav", seconds=1.0 + i / 10)
    os.rename(_tone(folder / "tmp.wav", seconds=3.0), bytes(folder) + b"/\xff\xfe\xe9.wav")
    engine = get_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    paths = discover_audio(folder, config.audio.extensions)
    assert len(paths) == 13
    registered = register_paths(paths, config=config, engine=engine)
    statuses = sorted(r.status for r in registered)
    assert statuses == ["failed"] + ["pending"] * 12
    failed = next(r for r in registered if r.status == "failed")
    assert failed.path.endswith("\\xff\\xfe\\xe9.wav")
    assert "not valid UTF-8" in failed.error
    again = register_paths(paths, config=config, engine=engine)  # nothing duplicated
    assert [r.recording_id for r in again] == [r.recording_id for r in registered]


def test_a_folder_named_like_audio_is_stored_as_failed(config, tmp_path):
    (tmp_path / "x.wav").mkdir()
    _tone(tmp_path / "real.wav")
    found = discover_audio(tmp_path, config.audio.extensions)
    assert [p.name for p in found] == ["real.wav", "x.wav"]
    engine = get_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    registered = register_paths(found, config=config, engine=engine)
    assert registered[1].status == "failed" and "not a regular file" in registered[1].error


def test_paths_are_stored_absolute(config, tmp_path, monkeypatch):
    _tone(tmp_path / "call.wav")
    monkeypatch.chdir(tmp_path)
    engine = get_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    register_paths(
        discover_audio(tmp_path.relative_to(tmp_path), ["wav"]), config=config, engine=engine
    )
    with session_scope(engine) as session:
        (path,) = session.exec(select(Recording.path)).all()
    assert path == str(tmp_path / "call.wav")


def test_run_batch_with_a_bad_name_and_nothing_pending_does_not_stop(app_config, tmp_path):
    os.rename(_tone(tmp_path / "tmp.wav"), bytes(tmp_path) + b"/\xff.wav")
    settings = Settings(
        config=app_config, config_path=None, db_url=f"sqlite:///{tmp_path / 'b.db'}"
    )
    result = run_batch(settings, tmp_path)
    assert result.failed == 1 and result.processed == 0


def test_a_sidecar_nested_100k_deep_fails_its_recording_alone(config, tmp_path):
    _tone(tmp_path / "deep.wav")
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    _tone(tmp_path / "fine.wav", seconds=3.0)
    engine = get_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    found = discover_audio(tmp_path, config.audio.extensions)
    deep, fine = register_paths(found, config=config, engine=engine)
    assert deep.status == "failed" and "nested too deeply" in deep.error
    assert fine.status == "pending"
