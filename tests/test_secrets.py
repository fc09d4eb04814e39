"""No secret in Prefect's database; data folders readable by their owner only."""

from __future__ import annotations

import asyncio
import stat

import callqa.flows.pipeline as pipeline
import callqa.flows.resources as resources
import numpy as np
import soundfile as sf
from callqa.app.batch import run_batch
from callqa.app.settings import Settings
from callqa.flows.prefect_env import configure_prefect
from callqa.models.db import get_engine
from prefect.client.orchestration import get_client
from prefect.client.schemas.sorting import FlowRunSort

from tests.fakes import FakeTranscriber, fake_score


async def latest_parameters() -> dict:
    async with get_client() as client:
        runs = await client.read_flow_runs(sort=FlowRunSort.START_TIME_DESC, limit=1)
        return runs[0].parameters


def test_the_database_url_is_not_a_stored_flow_parameter(
    prefect_harness, monkeypatch, app_config, tmp_path
):
    monkeypatch.setattr(resources, "load_transcriber", lambda config: FakeTranscriber())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    t = np.arange(16000) / 8000
    sf.write(tmp_path / "call.wav", 0.3 * np.sin(2 * np.pi * 300 * t), 8000)
    db_url = f"sqlite:///{tmp_path / 'secret-name.db'}"
    secret_config = app_config.model_copy(
        update={"database": app_config.database.model_copy(update={"url": db_url})}
    )
    settings = Settings(config=secret_config, config_path=None, db_url=db_url)
    result = run_batch(settings, tmp_path / "call.wav")
    assert result.processed == 1 and result.failed == 0
    stored = asyncio.run(latest_parameters())
    assert stored["db_url"] == "**********"
    assert stored["config"]["database"]["url"] is None
    assert "secret-name" not in repr(stored)


def test_data_folders_are_created_owner_only(tmp_path):
    data = tmp_path / "data"
    get_engine(f"sqlite:///{data / 'callqa.db'}")
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    other = tmp_path / "other"
    configure_prefect(other)
    assert stat.S_IMODE(other.stat().st_mode) == 0o700
    assert stat.S_IMODE((other / "prefect").stat().st_mode) == 0o700


def test_files_another_run_claimed_are_not_counted_as_processed(
    prefect_harness, monkeypatch, app_config, tmp_path
):
    monkeypatch.setattr(resources, "load_transcriber", lambda config: FakeTranscriber())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    monkeypatch.setattr(pipeline, "claim", lambda engine, recording_id: False)  # the other run won
    t = np.arange(16000) / 8000
    sf.write(tmp_path / "call.wav", 0.3 * np.sin(2 * np.pi * 300 * t), 8000)
    settings = Settings(
        config=app_config, config_path=None, db_url=f"sqlite:///{tmp_path / 'c.db'}"
    )
    assert run_batch(settings, tmp_path / "call.wav").processed == 0
