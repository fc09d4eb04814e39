"""Property-based tests (Hypothesis) of the readers that take outside input.

Any JSON value given as a transcript, and any YAML given as a config, gives
either a valid record or the reader's own one-line error naming the source;
never another exception. Valid transcripts survive the JSON round trip, and a
score is always strict JSON (no NaN).
"""

from __future__ import annotations

import json
import math

import pytest
from callqa.app.settings import load_app_config
from callqa.app.shapes import TranscriptJSON
from callqa.qa.config import Config
from callqa.qa.errors import ConfigError
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, TranscriptError, default_checklist, score_transcript
from callqa.qa.scoring.report import parse_json_bytes, score_to_dict, transcript_from_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# Hypothesis warns when the global ``random`` state changes while it draws an
# example. None of these strategies uses ``random``, but when an earlier test
# module has started the session's Prefect test server, Prefect's background
# threads draw retry jitter from the global generator (observation delivery),
# and the warning appears in some full runs only. It says nothing about these
# tests, so it is ignored here and nowhere else.
pytestmark = pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
segment_like = st.fixed_dictionaries(
    {},
    optional={
        "start": json_values,
        "end": json_values,
        "text": st.text(max_size=30) | json_values,
        "speaker": st.sampled_from(["agent", "customer", "unknown", "boss"]) | json_values,
    },
)
transcript_like = st.fixed_dictionaries(
    {},
    optional={
        "language": st.sampled_from(["en", "vi", ""]) | json_values,
        "duration_s": json_values,
        "segments": st.lists(segment_like, max_size=5) | json_values,
    },
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(transcript_like, json_values))
def test_any_json_is_a_transcript_or_one_clear_error(data):
    try:
        transcript = transcript_from_dict(data, source="t.json")
    except TranscriptError as exc:
        assert str(exc).startswith("t.json") and "\n" not in str(exc)
        return
    for segment in transcript.segments:
        assert math.isfinite(segment.start) and math.isfinite(segment.end)
        assert segment.start <= segment.end and segment.speaker in ("agent", "customer", "unknown")
        segment.text.encode("utf-8")  # no lone surrogates
    assert math.isfinite(transcript.duration_s)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_json_or_one_clear_error(raw):
    try:
        parse_json_bytes(raw, "t.json")
    except TranscriptError as exc:
        assert str(exc).startswith("t.json: ")


words = st.text(alphabet="abcdefghij xyz,.?", min_size=1, max_size=40)
segments = st.lists(
    st.tuples(st.floats(0, 600), st.floats(0, 30), words, st.sampled_from(["agent", "customer"])),
    min_size=1,
    max_size=6,
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(segments)
def test_transcripts_round_trip_and_scores_are_strict_json(rows):
    transcript = Transcript(
        language="en",
        duration_s=700.0,
        segments=tuple(Segment(start=a, end=a + d, text=t, speaker=s) for a, d, t, s in rows),
    )
    again = transcript_from_dict(json.loads(json.dumps(TranscriptJSON.of(transcript).to_json())))
    assert [(s.speaker, s.text) for s in again.segments] == [
        (s.speaker, s.text) for s in transcript.segments
    ]
    score = score_transcript(again, default_checklist("en"), scorer=SCORER)
    text = json.dumps(score_to_dict(score), allow_nan=False)
    assert 0 <= json.loads(text)["score"] <= 100


SCORER = Scorer()

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(), st.text(max_size=12)
)
config_like = st.dictionaries(
    st.sampled_from(["asr", "audio", "metadata", "leads", "flags", "timezone", "runner", "zzz"]),
    st.dictionaries(
        st.sampled_from(
            [
                "model",
                "beam_size",
                "max_file_mb",
                "min_duration_s",
                "filename_pattern",
                "sla_minutes",
                "extensions",
                "typo",
            ]
        ),
        yaml_scalars | st.lists(yaml_scalars, max_size=3),
        max_size=3,
    )
    | yaml_scalars,
    max_size=3,
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(config_like)
def test_any_config_loads_or_names_the_problem(tmp_path, data):
    path = tmp_path / "config.yaml"
    path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML
    try:
        config = load_app_config(path, environ={})  # qa's sections and the app's
    except ConfigError as exc:
        assert str(exc).startswith(str(path))
        return
    assert isinstance(config, Config)
