"""The main flow under Prefect, with fake engines: batches, bad files, idempotency."""

import shutil

import callqa.flows.pipeline as pipeline
import callqa.flows.resources as resources
import numpy as np
import pytest
import soundfile as sf
from callqa.flows.pipeline import run_calls
from callqa.flows.registry import register_paths
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import CallScore, Recording, TranscriptSegment
from sqlmodel import func, select

from tests.fakes import FakeTranscriber, fake_score


@pytest.fixture
def fake_engines(monkeypatch):
    transcriber = FakeTranscriber()
    monkeypatch.setattr(resources, "load_transcriber", lambda config: transcriber)
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    return transcriber


def _tone_file(path, seconds=2.0, channels=2, sr=8000):
    """Tone bursts; in stereo the two sides take turns, as in a call."""
    t = np.arange(int(seconds * sr)) / sr
    gate = np.sin(2 * np.pi * 0.5 * t) > 0
    tone = 0.3 * np.sin(2 * np.pi * 300 * t)
    sides = [tone * gate, tone * ~gate][:channels]
    sf.write(path, np.stack(sides, axis=1), sr)
    return path


def _rows(db_url, table):
    with session_scope(get_engine(db_url)) as session:
        return session.exec(select(table)).all()


def test_bad_files_fail_alone_and_reruns_do_nothing(
    prefect_harness, fake_engines, config, db_url, tmp_path
):
    folder = tmp_path / "batch"
    folder.mkdir()
    _tone_file(folder / "good_stereo.wav")
    _tone_file(folder / "good_mono.flac", channels=1)
    (folder / "empty.wav").write_bytes(b"")
    (folder / "text.mp3").write_text("not audio at all\n" * 50)
    paths = [str(p) for p in sorted(folder.iterdir())]

    outcomes = run_calls(paths, config, db_url)

    status = {o.path.rsplit("/", 1)[-1]: o.status for o in outcomes}
    assert status == {
        "empty.wav": "failed",
        "good_mono.flac": "done",
        "good_stereo.wav": "done",
        "text.mp3": "failed",
    }
    errors = {o.path.rsplit("/", 1)[-1]: o.error for o in outcomes if o.error}
    assert "file is empty" in errors["empty.wav"]
    assert "not a readable audio file" in errors["text.mp3"]
    recordings = _rows(db_url, Recording)
    assert sorted(r.status for r in recordings) == ["done", "done", "failed", "failed"]
    assert len(_rows(db_url, CallScore)) == 2
    # stereo: both channels' speech decoded in one pass, words back to their speakers
    speakers = {s.speaker for s in _rows(db_url, TranscriptSegment)}
    assert speakers == {"agent", "customer"}  # mono calls get roles too
    decoded = len(fake_engines.calls)

    assert run_calls(paths, config, db_url) == []  # nothing pending: nothing processed
    assert len(fake_engines.calls) == decoded
    assert len(_rows(db_url, Recording)) == 4
    assert len(_rows(db_url, TranscriptSegment)) == 3  # agent and customer turn, one mono


def test_same_content_under_two_names_is_one_recording(config, db_url, tmp_path):
    a = _tone_file(tmp_path / "a.wav")
    b = tmp_path / "b.wav"
    shutil.copy(a, b)
    registered = register_paths([a, b], config=config, engine=get_engine(db_url))
    assert registered[0].recording_id == registered[1].recording_id
    with session_scope(get_engine(db_url)) as session:
        assert session.exec(select(func.count()).select_from(Recording)).one() == 1


def test_unreadable_path_is_stored_as_failed_once(config, db_url, tmp_path):
    engine = get_engine(db_url)
    folder = tmp_path / "odd.wav"
    folder.mkdir()  # a folder with an audio extension
    for _ in range(2):
        registered = register_paths(
            [tmp_path / "vanished.wav", folder], config=config, engine=engine
        )
        assert [r.status for r in registered] == ["failed", "failed"]
        assert "cannot read file" in registered[0].error
        assert "not a regular file" in registered[1].error
    with session_scope(engine) as session:
        assert session.exec(select(func.count()).select_from(Recording)).one() == 2


def test_bad_sidecar_fails_the_file_with_its_reason(config, db_url, tmp_path):
    wav = _tone_file(tmp_path / "call.wav")
    (tmp_path / "call.json").write_text('{"direction": "sideways"}')
    [entry] = register_paths([wav], config=config, engine=get_engine(db_url))
    assert entry.status == "failed"
    assert "call.json" in entry.error and "direction" in entry.error
    # fixed sidecar + --retry-failed processes it again
    (tmp_path / "call.json").write_text('{"direction": "inbound", "rep": "Lan"}')
    [again] = register_paths([wav], config=config, engine=get_engine(db_url), retry_failed=True)
    assert again.status == "pending"


class _SaysAPhoneNumber:
    name, model_name = "fake", "fake-model"

    def detect_language(self, audio, allowed):
        return "en", 1.0

    def transcribe(self, audio, options):
        from callqa.qa.asr.engine import EngineResult
        from callqa.qa.records import Segment, Word

        text = "hello call me on 0912 345 678"
        words = tuple(
            Word(0.2 + 0.3 * i, 0.5 + 0.3 * i, " " + w) for i, w in enumerate(text.split())
        )
        return EngineResult("en", 1.0, (Segment(0.2, 2.3, text, words=words),))


def test_stored_transcripts_are_redacted(prefect_harness, monkeypatch, config, db_url, tmp_path):
    monkeypatch.setattr(resources, "load_transcriber", lambda config: _SaysAPhoneNumber())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)
    wav = _tone_file(tmp_path / "mono.wav", channels=1)
    [outcome] = run_calls([str(wav)], config, db_url)
    assert outcome.status == "done"
    [segment] = _rows(db_url, TranscriptSegment)
    assert segment.text == "hello call me on [phone]"
    assert "912" not in str(segment.words)
    assert [w["text"] for w in segment.words][-1] == " [phone]"


def test_language_from_the_sidecar_is_used_instead_of_detection(
    prefect_harness, fake_engines, config, db_url, tmp_path
):
    wav = _tone_file(tmp_path / "call.wav", channels=1)
    (tmp_path / "call.json").write_text('{"language": "vi", "rep": "Lan"}', encoding="utf-8")
    other = _tone_file(tmp_path / "nosidecar.wav", seconds=3.0, channels=1)
    run_calls([str(wav), str(other)], config, db_url)
    assert fake_engines.languages == ["vi", None]  # None: detect among asr.languages


class _Mumbles:
    """Speech heard, non-words written: what a recogniser gives for a language it cannot read."""

    name, model_name = "fake", "fake-model"

    def detect_language(self, audio, allowed):
        return "en", 1.0

    def transcribe(self, audio, options):
        from callqa.qa.asr.engine import EngineResult
        from callqa.qa.records import Segment

        spans = options.speech_spans or ((0.0, 1.0),)
        text = "zorp glim fraxen vul qoo bliv tanch morx"
        segments = tuple(Segment(a, b, text) for a, b in spans)
        return EngineResult("en", 1.0, segments)


def test_unreadable_transcript_is_stored_unreliable_and_flagged_apart(
    prefect_harness, monkeypatch, config, db_url, tmp_path
):
    from callqa.app.flags import refresh_flags
    from callqa.models.tables import Flag

    monkeypatch.setattr(resources, "load_transcriber", lambda config: _Mumbles())
    monkeypatch.setattr(pipeline, "load_scorer", lambda config: fake_score)  # "hello" missing
    wav = _tone_file(tmp_path / "call.wav", seconds=8.0)
    [outcome] = run_calls([str(wav)], config, db_url)
    assert outcome.status == "done"  # still transcribed and scored
    [recording] = _rows(db_url, Recording)
    assert recording.transcript_unreliable and recording.transcript_quality < 0.5
    assert any("real words" in reason for reason in recording.quality["reasons"])
    [score] = _rows(db_url, CallScore)
    assert score.passed is False

    refresh_flags(get_engine(db_url), config)

    kinds = {flag.kind for flag in _rows(db_url, Flag)}
    assert "transcript_unreliable" in kinds
    assert not kinds & {"below_pass_mark", "critical_missed", "prohibited_language"}
