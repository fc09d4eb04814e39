"""Speech recognition: guards and time mapping on crafted input, real models on one real clip.

The engine tests run the real tiny.en and base models on JFK's inaugural
excerpt (tests/data/en_jfk_whisper.flac, 11 s, from openai/whisper's own tests).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import torch
from callqa.qa.asr.call import CallAsrSettings, transcribe_call
from callqa.qa.asr.compact import SpeechMap, splice
from callqa.qa.asr.convert import ensure_checkpoint, is_multilingual, read_ct2, whisper_dims
from callqa.qa.asr.engine import DecodeOptions, EngineResult
from callqa.qa.asr.guards import clean_segments, collapse_text
from callqa.qa.asr.speech import PAD_S, find_speech
from callqa.qa.asr.weights import resolve_model
from callqa.qa.audio import WHISPER_SAMPLE_RATE, Audio, load_audio, resample
from callqa.qa.records import Segment, Word

DATA = Path(__file__).parent / "data"
JFK = DATA / "en_jfk_whisper.flac"
JFK_WORDS = "and so my fellow americans ask not what your country can do for you ask what you can do for your country"  # noqa: E501
SR = WHISPER_SAMPLE_RATE


def _normalise(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# --- repetition filter -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mùa em tìm, mùa em tìm, mùa em tìm, mùa em tìm, mùa em tìm,", "mùa em tìm,"),
        ("Dạ vâng ạ. Anh cần gì ạ?", "Dạ vâng ạ. Anh cần gì ạ?"),
        ("no, no, no, I said", "no, no, no, I said"),  # three single words: real speech
        ("ok ok ok ok ok ok fine", "ok fine"),
        ("a b a b then the end", "a b a b then the end"),  # two repeats: kept
        ("x kì mô em biệt, kì mô em biệt, Kì mô em biệt. y", "x kì mô em biệt, y"),
    ],
)
def test_collapse_text(text, expected):
    assert collapse_text(text) == expected


def _seg(start, words, *, no_speech=0.0, logprob=-0.2):
    ws = tuple(Word(start + i * 0.5, start + i * 0.5 + 0.4, " " + w) for i, w in enumerate(words))
    return Segment(
        ws[0].start,
        ws[-1].end,
        " ".join(words),
        words=ws,
        avg_logprob=logprob,
        no_speech_prob=no_speech,
    )


def test_clean_segments_cuts_loops_across_segments_and_drops_silence_guesses():
    loop = ["cảm", "ơn", "anh"]
    segments = [
        _seg(0.0, ["xin", "chào", *loop, *loop]),
        _seg(5.0, [*loop, *loop]),  # the loop runs on into the next segment
        _seg(10.0, ["Thank", "you."], no_speech=0.9, logprob=-1.5),  # invented over silence
        _seg(12.0, ["dạ", "vâng"]),
    ]
    cleaned = clean_segments(segments)
    assert [s.text for s in cleaned] == ["xin chào cảm ơn anh", "dạ vâng"]
    assert cleaned[0].end == segments[0].words[4].end  # times follow the kept words
    assert clean_segments(cleaned) == cleaned  # idempotent


# --- splicing speech and mapping times back ---------------------------------------------------


def test_splice_maps_words_back_and_splits_segments_at_gaps():
    signal = np.arange(10 * SR, dtype=np.float32)
    spliced, speech_map = splice(signal, SR, [(1.0, 2.0), (5.0, 6.5)], gap_s=0.5)
    assert spliced.shape[0] == round((1.0 + 0.5 + 1.5) * SR)
    assert spliced[0] == signal[SR] and spliced[-1] == signal[round(6.5 * SR) - 1]
    assert np.all(spliced[SR : SR + SR // 2] == 0)  # the inserted silence

    assert speech_map.to_original(0.25) == 1.25
    assert speech_map.to_original(1.75) == 5.25  # 0.25 s into the second span
    assert speech_map.to_original(1.2) == 5.0  # a start inside the gap: next span's start
    assert speech_map.to_original(1.2, is_end=True) == 2.0  # an end there: previous span's end

    words = (Word(0.1, 0.5, " hello"), Word(0.6, 0.9, " there"), Word(1.6, 2.0, " again"))
    (first, second) = speech_map.remap([Segment(0.1, 2.0, "hello there again", words=words)])
    assert (first.start, first.end, first.text) == (1.1, 1.9, "hello there")
    assert (second.start, second.end, second.text) == (5.1, 5.5, "again")


def test_windows_hold_whole_spans_up_to_30_s():
    spans = [(i * 10.0, i * 10.0 + 8.0) for i in range(7)]  # 7 x 8 s of speech in 70 s
    _, speech_map = splice(np.zeros(70 * SR, dtype=np.float32), SR, spans, gap_s=0.2)
    windows = speech_map.windows()
    assert len(windows) == 3  # 3 spans (24.4 s) fit a window, 4 (32.6 s) do not: 3 + 3 + 1
    assert all(b - a <= 30.0 for a, b in windows)
    assert SpeechMap(SR, (), ()).windows() == []


class _EchoTranscriber:
    """Reports one word at the start of every speech span it was given (spliced time)."""

    name, model_name = "echo", "echo"

    def __init__(self) -> None:
        self.signals: list[int] = []

    def detect_language(self, audio, allowed):
        return "vi", 1.0

    def transcribe(self, audio: np.ndarray, options: DecodeOptions) -> EngineResult:
        self.signals.append(audio.shape[0])
        spliced, speech_map = splice(audio, SR, options.speech_spans or (), options.span_gap_s)
        segments = [
            Segment(a / SR, a / SR + 0.3, "dạ", words=(Word(a / SR, a / SR + 0.3, " dạ"),))
            for a, _ in speech_map.compact
        ]
        return EngineResult("vi", 0.9, speech_map.remap(segments))


def test_stereo_call_is_decoded_in_one_pass_and_words_return_to_their_channel():
    samples = np.zeros((2, 8000 * 10), dtype=np.float32)
    t = np.arange(8000) / 8000
    tone = 0.3 * np.sin(2 * np.pi * 300 * t).astype(np.float32)
    samples[0, 8000:16000] = tone  # agent at 1 s
    samples[1, 40000:48000] = tone  # customer at 5 s
    samples[0, 64000:72000] = tone  # agent at 8 s
    engine = _EchoTranscriber()
    transcript = transcribe_call(Audio(samples, 8000), engine, find_speech=find_speech)
    assert len(engine.signals) == 1  # one decode for both parties
    assert transcript.language == "vi"
    assert [s.speaker for s in transcript.segments] == ["agent", "customer", "agent"]
    starts = [s.start for s in transcript.segments]
    assert np.allclose(starts, [1.0 - PAD_S, 5.0 - PAD_S, 8.0 - PAD_S], atol=0.1)


# --- real models on a real clip ------------------------------------------------------------


@pytest.fixture(scope="module")
def jfk() -> np.ndarray:
    audio = load_audio(JFK)
    return resample(audio.mono(), audio.sample_rate)


@pytest.fixture(scope="module")
def base_dir(model_cache) -> Path:
    return resolve_model("base", cache_dir=model_cache)


@pytest.fixture(scope="module")
def faster_base(base_dir):
    from callqa.qa.asr.faster import FasterWhisperTranscriber

    return FasterWhisperTranscriber(base_dir, model_name="base")


@pytest.mark.engine
def test_tiny_en_transcribes_jfk(model_cache, jfk):
    from callqa.qa.asr.faster import FasterWhisperTranscriber

    engine = FasterWhisperTranscriber(resolve_model("tiny.en", cache_dir=model_cache))
    spans = tuple(find_speech(jfk, SR))
    result = engine.transcribe(jfk, DecodeOptions(speech_spans=spans, beam_size=1))
    text = _normalise(" ".join(s.text for s in result.segments))
    assert "ask not what your country can do for you" in text
    assert "ask what you can do for your country" in text
    words = [w for s in result.segments for w in s.words]
    assert words[0].start < 1.0 and 10.0 < words[-1].end <= 11.0  # original timeline
    assert all(a.start <= b.start for a, b in zip(words, words[1:], strict=False))


@pytest.mark.engine
def test_faster_and_openai_whisper_agree_on_jfk(base_dir, faster_base, jfk, tmp_path):
    from callqa.qa.asr.openai_engine import OpenAIWhisperTranscriber

    options = DecodeOptions(speech_spans=tuple(find_speech(jfk, SR)), beam_size=1)
    openai = OpenAIWhisperTranscriber(base_dir, checkpoint=tmp_path / "base.pt")
    texts = {}
    for engine in (faster_base, openai):
        result = engine.transcribe(jfk, options)
        assert result.language == "en"  # detected among the allowed ("vi", "en")
        texts[engine.name] = _normalise(" ".join(s.text for s in result.segments))
    assert texts["faster-whisper"] == texts["openai-whisper"] == JFK_WORDS


def test_conversion_keeps_dims_and_tensors(base_dir, tmp_path):
    target = ensure_checkpoint(base_dir, tmp_path / "base.pt")
    checkpoint = torch.load(target, map_location="cpu", weights_only=True)
    dims = checkpoint["dims"]
    assert dims == {
        "n_mels": 80,
        "n_audio_ctx": 1500,
        "n_audio_state": 512,
        "n_audio_head": 8,
        "n_audio_layer": 6,
        "n_vocab": 51865,
        "n_text_ctx": 448,
        "n_text_state": 512,
        "n_text_head": 8,
        "n_text_layer": 6,
    }
    assert is_multilingual(dims)
    ct2 = read_ct2(base_dir / "model.bin")
    assert whisper_dims(ct2) == dims
    state = checkpoint["model_state_dict"]
    fused = ct2.variables["decoder/layer_3/self_attention/linear_0/weight"]
    assert torch.equal(state["decoder.blocks.3.attn.key.weight"], fused[512:1024])
    cross = ct2.variables["decoder/layer_2/attention/linear_1/weight"]
    assert torch.equal(state["decoder.blocks.2.cross_attn.value.weight"], cross[512:])
    assert "decoder.blocks.0.attn.key.bias" not in state  # Whisper's key has no bias
    assert ct2.aliases["decoder/projection/weight"] == "decoder/embeddings/weight"  # tied
    mtime = target.stat().st_mtime_ns
    assert ensure_checkpoint(base_dir, target) == target and target.stat().st_mtime_ns == mtime


def test_english_only_model_is_recognised(model_cache):
    dims = whisper_dims(read_ct2(resolve_model("tiny.en", cache_dir=model_cache) / "model.bin"))
    assert dims["n_vocab"] == 51864 and not is_multilingual(dims)
    assert dims["n_audio_layer"] == dims["n_text_layer"] == 4


def test_call_settings_default_to_spliced_decoding():
    assert CallAsrSettings().span_gap_s is not None
    assert DecodeOptions().temperatures[0] == 0.0 and len(DecodeOptions().temperatures) <= 2


@pytest.mark.engine
def test_windows_side_by_side_give_the_same_words_as_faster_whispers_own_loop(faster_base):
    """A minute of mono call: spliced windows decoded in parallel keep the words of
    faster-whisper's sequential loop over the original speech spans."""
    import difflib
    from dataclasses import replace

    audio = load_audio(
        Path(__file__).resolve().parent.parent / "examples/calls/en_insurance_good_07.wav"
    )
    signal = resample(audio.mono(), audio.sample_rate)
    spans = tuple(find_speech(signal, SR))
    options = DecodeOptions(language="en", speech_spans=spans)
    sequential = faster_base.transcribe(signal, replace(options, span_gap_s=None))
    windowed = faster_base.transcribe(signal, options)
    assert max(b - a for a, b in spans) <= 28.0  # long regions are cut to fit a window
    one = _normalise(" ".join(s.text for s in sequential.segments)).split()
    many = _normalise(" ".join(s.text for s in windowed.segments)).split()
    assert difflib.SequenceMatcher(a=one, b=many).ratio() >= 0.9
    words = [w for s in windowed.segments for w in s.words]
    assert all(a.start <= b.start for a, b in zip(words, words[1:], strict=False))
    assert words[-1].end <= audio.duration_s


@pytest.mark.engine
def test_every_window_is_encoded_once_language_detection_included(base_dir):
    """Detection reads the decoder's own encoder output: no extra encoder pass per call."""
    from callqa.qa.asr.faster import FasterWhisperTranscriber

    audio = load_audio(
        Path(__file__).resolve().parent.parent / "examples/calls/en_solar_good_06.wav"
    )
    engine = FasterWhisperTranscriber(base_dir, parallel_windows=2)
    encoded: list[int] = []
    decoded: list[int] = []
    model, generate = engine._model, engine._model.model.generate
    encode = model.encode
    model.encode = lambda features: encoded.append(features.shape[0]) or encode(features)

    class Counting:  # the CTranslate2 model, counting the windows handed to its decoder
        def __getattr__(self, name):
            return getattr(generate.__self__, name)

        def generate(self, features, prompts, **kwargs):
            decoded.append(len(prompts))
            return generate(features, prompts, **kwargs)

    model.model = Counting()
    transcript = transcribe_call(audio, engine, CallAsrSettings(), find_speech=find_speech)
    assert transcript.language == "en"  # detected among vi/en
    assert "solar" in transcript.text.lower()
    assert sum(encoded) == sum(decoded) >= 2  # a minute of stereo call: two windows or more


def test_windows_share_the_speech_out_evenly_when_asked_for_more():
    spans = [(0.0, 12.0), (13.0, 20.0), (21.0, 34.0)]  # 32 s of speech
    _, speech_map = splice(np.zeros(40 * SR, dtype=np.float32), SR, spans, gap_s=0.5)
    assert speech_map.windows() == [(0.0, 19.5), (20.0, 33.0)]  # two are needed anyway
    assert speech_map.windows(min_count=3) == [(0.0, 12.0), (12.5, 19.5), (20.0, 33.0)]
    short = splice(np.zeros(10 * SR, dtype=np.float32), SR, [(0.0, 3.0), (4.0, 8.0)])[1]
    assert len(short.windows(min_count=2)) == 1  # 7 s of speech: no window under 5 s


def test_decoder_tokens_are_capped_by_window_length():
    from callqa.qa.asr.faster import MAX_NEW_TOKENS, _Window, token_cap

    assert token_cap(2.0) < 64 and token_cap(28.0) == MAX_NEW_TOKENS
    early = _Window(start_s=0.0, end_s=20.0, heard_s=12.0, capped=False, segments=())
    assert early.ended_early(2.0)
    assert not _Window(0.0, 20.0, 12.0, capped=True, segments=()).ended_early(2.0)  # a loop
    assert not _Window(0.0, 20.0, 0.0, capped=False, segments=()).ended_early(2.0)  # silence
    assert not _Window(0.0, 20.0, 18.5, capped=False, segments=()).ended_early(2.0)


def test_long_speech_regions_are_cut_at_pauses_to_fit_a_window():
    from callqa.qa.asr.speech import _cut_long

    assert _cut_long([(0, 5), (5.5, 20), (20.4, 31), (31.5, 40)], 28) == [(0, 20), (20.4, 40)]
    assert _cut_long([(0, 70)], 28) == [(0, 28), (28, 56), (56, 70)]  # no pause: cut hard
    assert _cut_long([(0, 10)], 28) == [(0, 10)]


@pytest.mark.engine
def test_a_quiet_customer_line_is_still_heard(model_cache):
    """Customer channel 30 dB below the agent's, as on a bad line: the same words come out."""
    import difflib
    from dataclasses import replace

    from callqa.qa.asr.call import CallAsrSettings, transcribe_call
    from callqa.qa.asr.faster import FasterWhisperTranscriber

    wav = Path(__file__).resolve().parent.parent / "examples/calls/en_solar_good_06.wav"
    audio = load_audio(wav)
    quiet = audio.samples.copy()
    quiet[1] *= 10 ** (-30 / 20)
    engine = FasterWhisperTranscriber(resolve_model("tiny.en", cache_dir=model_cache))
    heard = {}
    for name, samples in (("normal", audio.samples), ("quiet", quiet)):
        transcript = transcribe_call(
            replace(audio, samples=samples), engine, CallAsrSettings(language="en"), find_speech
        )
        heard[name] = _normalise(
            " ".join(s.text for s in transcript.segments if s.speaker == "customer")
        ).split()
    assert "expensive" in heard["quiet"] and "year" in heard["quiet"]
    assert difflib.SequenceMatcher(a=heard["normal"], b=heard["quiet"]).ratio() >= 0.85


def test_windows_are_batched_in_order_and_evenly_across_workers():
    from types import SimpleNamespace

    from callqa.qa.asr.faster import _WindowDecoder

    decoder = _WindowDecoder.__new__(_WindowDecoder)
    decoder.model = SimpleNamespace(model=SimpleNamespace(device="cpu"))
    decoder.engine = SimpleNamespace(parallel_windows=2, batch_size=8)
    chunks = {n: [list(c) for c in decoder._chunks(n)] for n in (1, 2, 3, 9, 20)}
    assert chunks[1] == [[0]] and chunks[2] == [[0], [1]] and chunks[3] == [[0, 1], [2]]
    assert chunks[9] == [[0, 1, 2, 3, 4], [5, 6, 7, 8]]
    assert [len(c) for c in chunks[20]] == [5, 5, 5, 5]  # 8 at most, 2 batches per worker
    decoder.model.model.device = "cuda"  # encodings stay on the GPU: no stacking
    assert [list(c) for c in decoder._chunks(3)] == [[0], [1], [2]]


def test_a_span_longer_than_a_window_keeps_a_window_of_its_own():
    spans = [(0.0, 40.0), (41.0, 51.0), (52.0, 62.0), (63.0, 73.0), (74.0, 84.0)]
    _, speech_map = splice(np.zeros(90 * SR, dtype=np.float32), SR, spans, gap_s=0.5)
    windows = speech_map.windows(min_count=2)
    assert windows[0] == (0.0, 40.0)  # the long span alone; faster-whisper seeks through it
    assert all(b - a <= 30.0 for a, b in windows[1:]) and len(windows) == 3
