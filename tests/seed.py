"""Seed a database with the bundled sample calls, without speech recognition.

Each call in examples/calls is stored with its reference transcript
(``*.ref.json``) and the real scorer's verdicts; the CRM leads come from
examples/leads.csv. Optionally the real audio metrics are measured too (fast:
energy-based, no model). Used by the report tests, the web tests and the
README screenshots.
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from functools import cache
from pathlib import Path

from callqa.app.flags import refresh_flags
from callqa.app.leads import import_leads
from callqa.app.settings import load_settings
from callqa.flows.resources import measure_audio
from callqa.models import crud
from callqa.models.db import get_engine, session_scope
from callqa.models.persona import save_persona
from callqa.qa.audio import load_audio
from callqa.qa.discovery import file_sha256
from callqa.qa.metadata import read_metadata
from callqa.qa.persona import fill
from callqa.qa.persona.catalog import load_catalog
from callqa.qa.persona.fit import effective_fit
from callqa.qa.review import checklist_rules
from callqa.qa.scoring import Scorer, default_checklist, load_transcript

ROOT = Path(__file__).resolve().parent.parent
CALLS = ROOT / "examples" / "calls"
LEADS = ROOT / "examples" / "leads.csv"
FORMS = ROOT / "examples" / "forms"


def seed_sample_db(folder: Path, *, with_metrics: bool = False, db_url: str | None = None) -> Path:
    """Write ``folder/config.yaml`` (data under ``folder/data``), store the sample calls.

    The database is SQLite under ``folder/data`` unless ``db_url`` names another
    (an empty one). Returns the config path; ``load_settings(path, ...)`` finds it.
    """
    config = folder / "config.yaml"
    database = f"database:\n  url: {db_url}\n" if db_url else ""
    config.write_text(f"data_dir: data\n{database}", encoding="utf-8")
    settings = load_settings(config, db_url=None, environ={})
    engine = get_engine(settings.db_url)
    scorer = Scorer()
    forms = load_catalog(folder=FORMS)
    import_leads(settings, LEADS)
    with session_scope(engine) as session:
        for wav in sorted(CALLS.glob("*.wav")):
            recording, _ = crud.register_recording(
                session=session, sha256=file_sha256(wav), path=wav, size_bytes=wav.stat().st_size
            )
            crud.apply_metadata(
                session=session,
                recording=recording,
                metadata=read_metadata(wav, timezone=settings.config.timezone),
            )
            transcript = load_transcript(wav.with_suffix(".ref.json"))
            crud.save_transcript(
                session=session,
                recording=recording,
                transcript=transcript,
                channels=1,
                sample_rate=8000,
                asr_seconds=0.0,
            )
            checklist = default_checklist(transcript.language)
            score = scorer.score(transcript, checklist)
            crud.save_score(
                session=session,
                recording=recording,
                score=score,
                rules=checklist_rules(checklist),
            )
            metadata = read_metadata(wav, timezone=settings.config.timezone)
            persona = fill(
                transcript, forms.for_campaign(metadata.campaign), metadata.call_time.date()
            )
            save_persona(
                session=session,
                recording=recording,
                result=persona,
                effective_fit=effective_fit(persona.fit, score.target_fit),
            )
            if with_metrics:
                crud.save_metrics(
                    session=session,
                    recording=recording,
                    metrics=measure_audio(settings.config, load_audio(wav), transcript.segments),
                )
            crud.mark_done(session=session, recording=recording)
    refresh_flags(engine, settings.config)
    return config


@cache
def _template() -> Path:
    """The seeded database with metrics, built once per test process."""
    folder = Path(tempfile.mkdtemp(prefix="callqa-seed-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = seed_sample_db(folder, with_metrics=True)
    settings = load_settings(config, db_url=None, environ={})
    get_engine(settings.db_url).dispose()
    return folder / "data" / "callqa.db"


def seeded_copy(folder: Path) -> Path:
    """A private copy of the seeded sample database (with metrics) under ``folder``.

    Seeding takes seconds, copying milliseconds: tests that write get their own.
    Returns the copy's config path.
    """
    (folder / "data").mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(_template())
    target = sqlite3.connect(folder / "data" / "callqa.db")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    config = folder / "config.yaml"
    config.write_text("data_dir: data\n", encoding="utf-8")
    return config
