"""Persona forms in the pipeline: filled and stored for every call, re-filled by rescore."""

import shutil
from pathlib import Path

import callqa.flows.pipeline as pipeline
import callqa.qa.persona.configured as configured_forms
import numpy as np
import pytest
import soundfile as sf
from callqa.app.rescore import rescore_stored
from callqa.app.settings import load_settings
from callqa.flows.pipeline import run_calls
from callqa.models.db import get_engine, session_scope
from callqa.models.persona import CallPersona, latest_personas
from callqa.qa.config import load_config
from callqa.qa.persona import PersonaFormError
from callqa.qa.persona.fit import effective_fit
from callqa.qa.records import Segment, Transcript
from sqlmodel import select

from tests.fakes import fake_score
from tests.seed import seeded_copy

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "examples" / "forms"


def _said(config, audio, *, language=None) -> Transcript:
    turns = [
        ("agent", "Dạ chị ở khu vực nào ạ?"),
        ("customer", "Chị ở Cà Mau em, gọi 0912 345 678 nhé."),
        ("agent", "Dạ chị dự tính ngân sách bao nhiêu ạ?"),
        ("customer", "Tầm trăm triệu."),
    ]
    segments = tuple(
        Segment(2.0 * i, 2.0 * i + 1.5, text, speaker) for i, (speaker, text) in enumerate(turns)
    )
    return Transcript(language="vi", duration_s=8.0, segments=segments)


@pytest.fixture
def solar_config(tmp_path, model_cache):
    path = tmp_path / "config.yaml"
    path.write_text(
        f"data_dir: data\nasr:\n  cache_dir: {model_cache}\npersona:\n  folder: {FORMS}\n",
        encoding="utf-8",
    )
    return load_config(path, environ={})


def test_pipeline_stores_the_filled_form_of_the_calls_campaign(
    prefect_harness, monkeypatch, solar_config, db_url, tmp_path
):
    monkeypatch.setattr(pipeline, "transcribe_audio", _said)
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    wav = tmp_path / "call.wav"
    sf.write(wav, 0.1 * np.sin(np.arange(16000) / 10), 8000)
    (tmp_path / "call.json").write_text(
        '{"campaign": "solar-rooftop-2024", "call_time": "2024-10-18T08:50:00+07:00"}',
        encoding="utf-8",
    )
    [outcome] = run_calls([str(wav)], solar_config, db_url)
    assert outcome.status == "done", outcome.error
    with session_scope(get_engine(db_url)) as session:
        [row] = session.exec(select(CallPersona)).all()
        assert (row.form_name, row.form_version) == ("solar-rooftop", "2024.1")
        assert row.values["province"]["value"] == "Cà Mau"
        assert row.values["province"]["start"] == 2.0
        assert row.values["budget"]["value"] == 100_000_000
        assert "[phone]" in row.values["province"]["text"]  # quotes are masked like transcripts
        assert row.fit == "wrong" and row.effective_fit == "wrong"
        assert row.reasons == [
            "province: ngoài khu vực phục vụ (Cà Mau không thuộc Hà Nội, Bắc Ninh, Hưng Yên)"
        ]
        assert "timeline" in row.missing and row.completeness == pytest.approx(2 / 6, abs=1e-3)


def test_a_bad_form_stops_the_run_before_any_file(tmp_path, model_cache):
    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bad.yaml").write_text("name: x\nfields: {seats: {type: seat}}\n", encoding="utf-8")
    (tmp_path / "config.yaml").write_text(
        f"data_dir: data\npersona:\n  folder: {forms}\n", encoding="utf-8"
    )
    settings = load_settings(tmp_path / "config.yaml", db_url=None, environ={})
    with pytest.raises(PersonaFormError, match="field 'seats': unknown type 'seat'"):
        configured_forms.load_forms(settings.config)


def test_rescore_fills_the_forms_again_after_a_form_changes(tmp_path):
    config_path = seeded_copy(tmp_path)
    forms = tmp_path / "forms"
    shutil.copytree(FORMS, forms)
    config_path.write_text(f"data_dir: data\npersona:\n  folder: {forms}\n", encoding="utf-8")
    settings = load_settings(config_path, db_url=None, environ={})
    outcome = rescore_stored(settings)
    assert outcome.persona_forms == (  # every sample call has a campaign with a form
        "english-course 2024.1",
        "home-insurance 2024.1",
        "solar-rooftop 2024.1",
    )
    engine = get_engine(settings.db_url)
    with session_scope(engine) as session:
        first = {r.recording_id: r.fit for r in latest_personas(session).values()}
    assert sorted(first.values()).count("right") >= 3

    # Marketing raises the solar budget floor: the good solar calls become wrong targets
    solar = forms / "solar-rooftop-2024.yaml"
    text = solar.read_text(encoding="utf-8").replace('version: "2024.1"', 'version: "2024.2"')
    solar.write_text(text.replace("min: 50000000", "min: 500000000"), encoding="utf-8")
    configured_forms._catalog.cache_clear()
    outcome = rescore_stored(settings)
    assert "solar-rooftop 2024.2" in outcome.persona_forms
    with session_scope(engine) as session:
        rows = session.exec(select(CallPersona)).all()
        latest = latest_personas(session)
        versions = {(r.recording_id, r.form_version) for r in rows}
        solar_calls = [r for r in latest.values() if r.form_name == "solar-rooftop"]
        assert {r.form_version for r in solar_calls} == {"2024.2"}
        # each version is kept, like checklist versions
        assert all((r.recording_id, "2024.1") in versions for r in solar_calls)
        budget_reasons = [
            reason for r in solar_calls for reason in r.reasons if reason.startswith("budget")
        ]
        assert len(budget_reasons) == 2  # the two calls that stated 100 million


@pytest.mark.parametrize(
    ("form", "scorer", "expected"),
    [
        ("wrong", "right", "wrong"),
        ("right", "wrong", "wrong"),
        ("right", "unknown", "right"),
        ("unknown", "right", "right"),
        ("unknown", "unknown", "unknown"),
        (None, "wrong", "wrong"),
    ],
)
def test_effective_fit(form, scorer, expected):
    assert effective_fit(form, scorer) == expected
