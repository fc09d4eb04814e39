"""Mono calls: two voices separated and given agent/customer roles."""

import json
from pathlib import Path

import numpy as np
import pytest
from callqa.qa.asr.attribution import read_marked_turns, speaker_attribution
from callqa.qa.asr.diarize import diarize_mono, role_votes, split_utterances
from callqa.qa.audio import load_audio, resample
from callqa.qa.records import Segment, Word

ROOT = Path(__file__).resolve().parent.parent
SPEECH = ROOT / "tests" / "data" / "speech"


def test_utterances_split_at_pauses():
    words = (Word(0.0, 0.4, " hi"), Word(0.45, 0.8, " there"), Word(1.5, 1.9, " yes"))
    utterances = split_utterances([Segment(0.0, 1.9, "hi there yes", words=words)])
    assert [[w.text for w in u.words] for u in utterances] == [[" hi", " there"], [" yes"]]


@pytest.mark.parametrize(
    ("text", "language", "sign"),
    [
        ("Hello, my name is Sarah from BrightHome Solar", "en", 1),
        ("Hi, I'd like to buy a Chromecast", "en", -1),
        ("Dạ em là Lan bên công ty Nhà Xanh", "vi", 1),
        ("Tôi muốn hỏi giá", "vi", -1),
    ],
)
def test_role_cues(text, language, sign):
    assert np.sign(role_votes(text, language)) == sign


def _transcribe(path: Path, model_cache):
    from callqa.qa.asr.engine import DecodeOptions
    from callqa.qa.asr.faster import FasterWhisperTranscriber
    from callqa.qa.asr.weights import resolve_model

    audio = load_audio(path)
    signal = resample(audio.mono(), audio.sample_rate)
    engine = FasterWhisperTranscriber(resolve_model("base", cache_dir=model_cache))
    result = engine.transcribe(signal, DecodeOptions(language="en"))
    return signal, result.segments


def test_real_two_party_call_speakers(model_cache):
    """A real 8 kHz order call (the customer speaks first): >= 90% of words to the right side."""
    signal, segments = _transcribe(SPEECH / "en_call_gcp_chromecast_order_8k.wav", model_cache)
    turns = diarize_mono(signal, 16000, segments, "en")
    reference = read_marked_turns(
        (SPEECH / "en_call_gcp_chromecast_order_8k.silver.txt").read_text(encoding="utf-8")
    )
    result = speaker_attribution(turns, reference)
    assert result.aligned_words >= 50
    assert result.accuracy >= 0.9, result
    assert {t.speaker for t in turns} == {"agent", "customer"}


def test_synthetic_mono_call_speakers(model_cache):
    wav = ROOT / "examples" / "calls" / "en_insurance_good_07.wav"
    signal, segments = _transcribe(wav, model_cache)
    turns = diarize_mono(signal, 16000, segments, "en")
    ref = json.loads(wav.with_suffix(".ref.json").read_text(encoding="utf-8"))
    result = speaker_attribution(turns, [(s["speaker"], s["text"]) for s in ref["segments"]])
    assert result.accuracy >= 0.95, result


def test_real_two_party_call_speakers_on_the_pipeline_path(model_cache):
    """The same call as the pipeline runs it: speech spans, spliced windows decoded side by side."""
    from callqa.qa.asr.call import CallAsrSettings, transcribe_call
    from callqa.qa.asr.faster import FasterWhisperTranscriber
    from callqa.qa.asr.speech import find_speech
    from callqa.qa.asr.weights import resolve_model
    from callqa.qa.audio import as_call_audio

    audio = as_call_audio(load_audio(SPEECH / "en_call_gcp_chromecast_order_8k.wav"))
    engine = FasterWhisperTranscriber(resolve_model("base", cache_dir=model_cache))
    transcript = transcribe_call(audio, engine, CallAsrSettings(language="en"), find_speech)
    reference = read_marked_turns(
        (SPEECH / "en_call_gcp_chromecast_order_8k.silver.txt").read_text(encoding="utf-8")
    )
    result = speaker_attribution(transcript.segments, reference)
    assert result.aligned_words >= 50
    assert result.accuracy >= 0.9, result  # measured 0.97 of 68 aligned words
