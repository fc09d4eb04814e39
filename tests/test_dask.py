"""The pipeline on a local two-worker Dask cluster, real tiny.en model."""

import shutil
from pathlib import Path

import pytest
from callqa.flows.pipeline import flow_for, run_calls
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Recording
from callqa.qa.asr.weights import resolve_model
from sqlmodel import select

SPEECH = Path(__file__).resolve().parent / "data" / "speech"
CLIPS = [
    "en_pocketsphinx_goforward",
    "en_gcp_brooklyn_bridge",
    "en_azure_whats_the_weather_like",
    "en_librivox_sense_and_sensibility_0890",
]


@pytest.fixture
def cluster():
    from dask.distributed import Client, LocalCluster

    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as local,
        Client(local) as client,
    ):
        yield client


def _loads() -> list[str]:
    from callqa.flows.resources import MODEL_LOADS

    return list(MODEL_LOADS)


def test_two_workers_process_the_batch_and_load_the_model_once_each(
    prefect_harness, cluster, config, tmp_path, model_cache
):
    db_url = f"sqlite:///{tmp_path / 'dask.db'}"
    resolve_model("tiny.en", cache_dir=model_cache)
    for name in CLIPS:
        shutil.copy(SPEECH / f"{name}.wav", tmp_path / f"{name}.wav")
    dask_config = config.model_copy(
        update={"asr": config.asr.model_copy(update={"model": "tiny.en", "language": "en"})}
    )
    paths = [str(tmp_path / f"{name}.wav") for name in CLIPS]
    flow = flow_for(run_calls, runner="dask", dask_address=cluster.scheduler.address)

    outcomes = flow(paths, dask_config, db_url, parallel=True)

    assert sorted(o.status for o in outcomes) == ["done"] * len(CLIPS)
    with session_scope(get_engine(db_url)) as session:
        rows = session.exec(select(Recording)).all()
        assert {r.status for r in rows} == {"done"}
        workers = {r.claimed_by for r in rows}
    assert len(workers) == 2, f"both workers took files: {workers}"
    loads = cluster.run(_loads)  # per worker: the models it loaded
    assert sorted(len(v) for v in loads.values()) == [1, 1]
