"""The Vietnamese recogniser (viet-asr) on real Vietnamese speech, as calls not clips.

Real model, real clips (``tests/data/speech-vi``, see its NOTICE). The clips
are probably in the model's training data, so these tests check that no speech
is lost or mangled on its way to the model (sample format, level, long calls,
channels), not how accurate it is; ``benchmarks/asr.py`` measures that.
"""

from __future__ import annotations

from pathlib import Path

import jiwer
import numpy as np
import pytest
from callqa.flows.resources import transcribe_audio
from callqa.qa.asr.call import CallAsrSettings, transcribe_call
from callqa.qa.asr.engine import DecodeOptions
from callqa.qa.asr.speech import find_speech
from callqa.qa.asr.vietasr_engine import MAX_PIECE_S, VietAsrTranscriber, split_span, to_int16
from callqa.qa.audio import WHISPER_SAMPLE_RATE, Audio, load_audio, resample

from tests.fakes import FakeTranscriber

DATA = Path(__file__).resolve().parent / "data" / "speech-vi"
VIVOS = sorted(DATA.glob("vi_mailong_*.wav"))
RATE = WHISPER_SAMPLE_RATE


def _clip(path: Path) -> tuple[np.ndarray, str]:
    audio = load_audio(path)
    signal = resample(audio.mono(), audio.sample_rate, RATE)
    return signal, path.with_suffix(".txt").read_text(encoding="utf-8").strip()


def _wer(ref: str, hyp: str) -> float:
    return jiwer.wer(ref.lower(), hyp.lower()) if hyp else 1.0


@pytest.fixture(scope="module")
def vietasr() -> VietAsrTranscriber:
    return VietAsrTranscriber(instances=2)


@pytest.fixture(scope="module")
def long_call() -> tuple[np.ndarray, list[tuple[float, float]], list[str]]:
    """Ten real sentences, 0.8-1.6 s of silence apart (about a minute): one speaker's side."""
    rng = np.random.default_rng(13)
    pieces, spans, refs = [], [], []
    position = 0
    for path in VIVOS:
        signal, ref = _clip(path)
        pause = np.zeros(int(rng.uniform(0.8, 1.6) * RATE), dtype=np.float32)
        pieces += [pause, signal]
        position += pause.shape[0]
        spans.append((position / RATE, (position + signal.shape[0]) / RATE))
        position += signal.shape[0]
        refs.append(ref)
    pieces.append(np.zeros(RATE, dtype=np.float32))
    return np.concatenate(pieces), spans, refs


def test_real_clip_is_read(vietasr):
    signal, ref = _clip(VIVOS[2])
    result = vietasr.transcribe(signal, DecodeOptions(language="vi"))
    assert result.language == "vi"
    [segment] = result.segments
    assert _wer(ref, segment.text) <= 0.15
    assert segment.start == 0.0 and segment.end == pytest.approx(signal.shape[0] / RATE, abs=1e-3)


def test_quiet_and_8khz_speech_is_still_read(vietasr):
    """The library returns "" for very quiet audio; each piece is levelled before decoding."""
    signal, ref = _clip(VIVOS[1])
    quiet = (signal / 300).astype(np.float32)  # about -60 dBFS
    assert np.abs(to_int16(quiet)).max() < 60
    text = " ".join(s.text for s in vietasr.transcribe(quiet, DecodeOptions()).segments)
    assert _wer(ref, text) <= 0.15
    telephone, word = _clip(DATA / "vi_uts_diadiem_CAFPHEE001.wav")  # 8 kHz original
    text = " ".join(s.text for s in vietasr.transcribe(telephone, DecodeOptions()).segments)
    assert text == word


def test_a_long_call_loses_no_speech(vietasr, long_call):
    """The library keeps only the last five speech segments of a long buffer; we decode spans."""
    signal, true_spans, refs = long_call
    assert signal.shape[0] / RATE > 55
    call = transcribe_call(
        Audio(signal[np.newaxis], RATE),
        vietasr,
        CallAsrSettings(language="vi", separate_speakers=False),
        find_speech=find_speech,
    )
    ref, hyp = " ".join(refs), call.text
    assert len(hyp.split()) >= 0.95 * len(ref.split())  # nothing dropped
    assert _wer(ref, hyp) <= 0.15
    assert call.engine == "viet-asr" and call.word_times == "estimated"
    # every sentence is found in the segments around its true time (evidence seeks there)
    for (start, end), sentence in zip(true_spans, refs, strict=True):
        around = [s for s in call.segments if s.start < end and s.end > start]
        heard = set(" ".join(s.text for s in around).split())
        found = [w for w in sentence.split() if w in heard]
        assert len(found) >= 0.8 * len(sentence.split()), (start, sentence, around)
    for segment in call.segments:  # segments start and end in pauses, never mid-sentence
        for edge in (segment.start, segment.end):
            assert not any(a + 0.3 < edge < b - 0.3 for a, b in true_spans), edge
    words = [w for s in call.segments for w in s.words]
    assert all(a.end <= b.start + 1e-3 for a, b in zip(words, words[1:], strict=False))


def test_long_spans_are_cut_at_a_pause(long_call):
    signal, true_spans, _ = long_call
    whole = (0.0, signal.shape[0] / RATE)
    pieces = split_span(signal, whole)
    assert all(b - a <= MAX_PIECE_S + 1e-6 for a, b in pieces)
    assert pieces[0][0] == 0.0 and pieces[-1][1] == pytest.approx(whole[1], abs=1e-3)
    for _, cut in pieces[:-1]:  # each cut falls in silence, not inside a sentence
        assert not any(a + 0.05 < cut < b - 0.05 for a, b in true_spans), cut


def test_stereo_call_gives_each_party_its_turns(vietasr):
    (agent, agent_ref), (customer, customer_ref) = _clip(VIVOS[4]), _clip(VIVOS[5])
    gap = np.zeros(RATE, dtype=np.float32)
    left = np.concatenate([gap, agent, gap, np.zeros_like(customer), gap])
    right = np.concatenate([gap, np.zeros_like(agent), gap, customer, gap])
    call = transcribe_call(
        Audio(np.stack([left, right]), RATE),
        vietasr,
        CallAsrSettings(language="vi"),
        find_speech=find_speech,
    )
    by_speaker = {s.speaker: s for s in call.segments}
    assert [s.speaker for s in call.segments] == ["agent", "customer"]
    assert _wer(agent_ref, by_speaker["agent"].text) <= 0.15
    assert _wer(customer_ref, by_speaker["customer"].text) <= 0.15
    customer_start = (2 * gap.shape[0] + agent.shape[0]) / RATE
    assert by_speaker["customer"].start == pytest.approx(customer_start, abs=0.35)


def test_default_config_sends_vietnamese_speech_to_viet_asr(config, long_call):
    """No language given: Whisper base hears Vietnamese, viet-asr decodes the call."""
    signal, spans, refs = long_call
    signal, refs = signal[: round((spans[3][1] + 0.5) * RATE)], refs[:4]  # four sentences
    transcript = transcribe_audio(config, Audio(signal[np.newaxis], RATE))
    assert transcript.language == "vi"
    assert transcript.engine == "viet-asr" and transcript.word_times == "estimated"
    assert _wer(" ".join(refs), transcript.text) <= 0.15


def test_router_uses_the_language_from_metadata_without_detecting():
    from callqa.qa.asr.routing import LanguageRouter

    class Detector(FakeTranscriber):
        def detect_language(self, audio, allowed):
            raise AssertionError("the language was given")

    vi, en = FakeTranscriber(), FakeTranscriber()
    vi.name = "vi-engine"
    router = LanguageRouter(Detector(), {"vi": lambda: vi, "en": lambda: en})
    signal = np.zeros(RATE * 3, dtype=np.float32)
    result = router.transcribe(signal, DecodeOptions(language="vi", speech_spans=((0.5, 2.0),)))
    assert (result.language, result.engine) == ("vi", "vi-engine")
    assert vi.languages == ["vi"] and en.calls == []


def test_recognisers_are_freed_before_interpreter_teardown():
    """close() frees each native recogniser once; one still held at exit is freed by the
    finalizer, so the package's __del__ has nothing left to do during module teardown."""
    import subprocess
    import sys

    script = (
        "import callqa.qa.asr.vietasr_engine as m\n"
        "t = m.VietAsrTranscriber(instances=1)\n"
        "p = t._pipelines[0]\n"
        "t.close(); t.close()\n"
        "assert not p.handle\n"
        "m.KEPT = m.VietAsrTranscriber(instances=1)  # held by a module until exit\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "Exception ignored" not in done.stderr and "Error" not in done.stderr, done.stderr
