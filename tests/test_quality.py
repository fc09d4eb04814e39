"""The transcript-quality gate: each signal on transcripts whose answer is known."""

from pathlib import Path

import pytest
from callqa.qa.asr.quality import assess
from callqa.qa.records import Segment, Transcript

MIN = 0.5
VI_REFS = sorted((Path(__file__).parent / "data" / "speech-vi").glob("vi_mailong_*.txt"))


def _transcript(text: str, language: str = "vi", confidence: float | None = None) -> Transcript:
    return Transcript(language, 60.0, (Segment(0.0, 60.0, text),), confidence=confidence)


def test_real_vietnamese_and_english_speech_pass():
    vietnamese = " ".join(p.read_text(encoding="utf-8").strip() for p in VI_REFS)
    quality = assess(_transcript(vietnamese), speech_s=40.0, min_score=MIN)
    assert quality.reliable and quality.reasons == ()
    assert quality.signals["real_words"] == 1.0 and quality.signals["vietnamese_phrases"] > MIN
    english = (
        "good morning this is Sarah from Green Home Solar, the call is recorded for quality. "
        "Is now a good time to talk? What is your monthly electricity bill?"
    )
    assert assess(_transcript(english, "en", confidence=-0.3), 12.0, MIN).reliable


def test_syllables_strung_into_no_phrases_are_withheld():
    """viet-asr on synthetic speech: every syllable is Vietnamese, the phrases are not."""
    text = (
        "là tin chào anh tuấn là em là lan cừ đông bi nhà anh bên em lăm tiền mặt rồi liền "
        "anh có tiền nghe máy nhiêu phút là tiền điện nhà mình hỗ trang và nhiêu mà ảnh hưởng "
        "bình con khách bao nhiêu là cầm hai triệu một giờ một trăm triệu giùm anh bao"
    )  # viet-asr on vi_solar_good_01 (espeak-ng): WER 0.62
    quality = assess(_transcript(text), speech_s=30.0, min_score=MIN)
    assert not quality.reliable
    assert quality.signals["real_words"] == 1.0
    assert "dictionary words" in quality.reasons[0]


@pytest.mark.parametrize(
    ("text", "speech_s", "confidence", "signal"),
    [
        ("zorp glim fraxen vul qoo bliv tanch morx", 10.0, None, "real_words"),
        ("cảm ơn anh " * 30, 30.0, None, "repetition"),
        ("dạ", 45.0, None, "speech_words"),
        ("", 45.0, None, "speech_words"),
        ("hello my name is Sarah and I am calling about your solar panels", 8, -1.6, "confidence"),
    ],
)
def test_each_signal_can_withhold_a_transcript(text, speech_s, confidence, signal):
    language = "en" if "hello" in text or "zorp" in text else "vi"
    quality = assess(_transcript(text, language, confidence), speech_s, MIN)
    assert not quality.reliable
    assert min(quality.signals, key=quality.signals.get) == signal
    assert quality.score == quality.signals[signal] < MIN


def test_too_little_speech_to_judge_counts_as_reliable():
    assert assess(_transcript(""), speech_s=0.5, min_score=MIN).reliable
    assert assess(_transcript("cà phê"), speech_s=1.5, min_score=MIN).reliable
