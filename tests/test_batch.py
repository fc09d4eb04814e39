"""A batch through the application layer: registered once, processed, ended like every batch."""

from __future__ import annotations

import callqa.flows.pipeline as pipeline
import callqa.flows.registry as registry
import callqa.flows.resources as resources
import numpy as np
import soundfile as sf
from callqa.app.batch import run_batch
from callqa.app.settings import load_settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Flag, Recording
from sqlmodel import select

from tests.fakes import FakeTranscriber, fake_score


def _tone(path, seconds=2.0, sr=8000):
    t = np.arange(int(seconds * sr)) / sr
    sf.write(path, 0.3 * np.sin(2 * np.pi * 300 * t), sr)
    return path


def test_each_file_is_registered_once_per_run_and_the_batch_is_ended(
    prefect_harness, monkeypatch, tmp_path
):
    monkeypatch.setattr(resources, "load_transcriber", lambda config: FakeTranscriber())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    registered: list[str] = []
    real = registry.register_paths

    def counting(paths, **kwargs):
        registered.extend(str(p) for p in paths)
        return real(paths, **kwargs)

    monkeypatch.setattr(registry, "register_paths", counting)
    monkeypatch.setattr(pipeline, "register_paths", counting)
    folder = tmp_path / "calls"
    folder.mkdir()
    # different lengths: two recordings (files with the same bytes are one recording,
    # and a run counts only the files it processed itself)
    for seconds, name in enumerate(("a.wav", "b.wav"), start=2):
        _tone(folder / name, seconds=float(seconds))
    config = tmp_path / "config.yaml"
    config.write_text("data_dir: data\n", encoding="utf-8")
    settings = load_settings(config, db_url=None, environ={})

    result = run_batch(settings, folder)

    assert result.processed == 2 and result.failed == 0
    assert sorted(registered) == sorted(str(folder / n) for n in ("a.wav", "b.wav"))
    with session_scope(get_engine(settings.db_url)) as session:
        assert {r.status for r in session.exec(select(Recording))} == {"done"}
        # the fake scorer gives 0 to calls without "hello": ended batches flag them
        kinds = set(session.exec(select(Flag.kind)).all())
    assert "below_pass_mark" in kinds and result.flags_opened >= 2
