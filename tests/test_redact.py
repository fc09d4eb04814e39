"""PII redaction: each kind written and spoken (vi + en), ordinary numbers kept, word timing."""

from __future__ import annotations

import re
import unicodedata

import pytest
from callqa.qa.records import Segment, Transcript, Word
from callqa.qa.redact import (
    RedactionSettings,
    classify_digits,
    luhn_valid,
    redact_text,
    redact_transcript,
)

VI = "Số của em là {} nha anh."
EN = "My details: {}, thanks."

# (kind, the PII as said or written, the sentence around it)
FOUND = [
    # phone, written
    ("phone", "0912 345 678", VI),
    ("phone", "0912.345.678", VI),
    ("phone", "0912-345-678", VI),
    ("phone", "0912345678", VI),
    ("phone", "+84 912 345 678", VI),
    ("phone", "+84912345678", VI),
    ("phone", "84 912 345 678", VI),
    ("phone", "(028) 3822 1234", VI),
    ("phone", "+1 415 555 0123", EN),
    ("phone", "415-555-0123", EN),
    ("phone", "0044 20 7946 0958", EN),
    # phone, spoken
    ("phone", "không chín một hai ba bốn năm sáu bảy tám", VI),
    ("phone", "không chín không một, hai ba bốn, năm sáu bảy", VI),
    ("phone", "không chín mười hai, ba bốn lăm, sáu bảy tám", VI),
    ("phone", "không chín tám, sáu mươi tám, bảy mươi mốt, hai mươi tư, ba", VI),
    ("phone", "cộng tám tư chín một hai ba bốn năm sáu bảy tám", VI),
    ("phone", "oh nine one two three four five six seven eight", EN),
    ("phone", "zero, nine, one, two, three, four, five, six, seven, eight", EN),
    ("phone", "double five five one two three four five six seven", EN),
    ("phone", "four one five, five five five, oh one two three", EN),
    ("phone", "oh nine oh four, thirty-four, fifty six, seventy eight", EN),
    ("phone", "plus four four two oh seven nine four six oh nine five eight", EN),
    ("phone", "three eight two two one two three four", EN),  # 8 spoken digits
    # e-mail, written and spoken
    ("email", "an.nguyen@gmail.com", VI),
    ("email", "sales+vip@cong-ty.com.vn", EN),
    ("email", "an0912345678@gmail.com", VI),
    ("email", "an a còng gmail chấm com", VI),
    ("email", "nguyen chấm an a còng yahoo chấm com chấm vn", VI),
    ("email", "an at gmail dot com", EN),
    ("email", "john dot smith at outlook dot com", EN),
    ("email", "an at gmail.com", EN),
    # national ID: CMND 9 digits, CCCD 12
    ("national_id", "023456789", VI),
    ("national_id", "023 456 789", VI),
    ("national_id", "001099012345", VI),
    ("national_id", "001 099 012 345", VI),
    ("national_id", "123456789012", EN),
    ("national_id", "không hai ba bốn năm sáu bảy tám chín", VI),
    ("national_id", "không không một không chín chín không một hai ba bốn lăm", VI),
    ("national_id", "zero zero one zero nine nine zero one two three four five", EN),
    ("national_id", "zero two three four five six seven eight nine", EN),
    # card: 13-19 digits, Luhn-valid
    ("card", "4111 1111 1111 1111", EN),
    ("card", "4111-1111-1111-1111", EN),
    ("card", "5555555555554444", EN),
    ("card", "3782 822463 10005", EN),
    ("card", "9704 0000 0000 0018", VI),
    ("card", "bốn một một một, một một một một, một một một một, một một một một", VI),
    ("card", "four one one one one one one one one one one one one one one one", EN),
]


@pytest.mark.parametrize(("kind", "pii", "frame"), FOUND, ids=[c[1] for c in FOUND])
def test_each_kind_is_masked_in_place(kind, pii, frame):
    text = frame.format(pii)
    out, spans = redact_text(text)
    assert out == frame.format(f"[{kind}]")
    assert [r.kind for r in spans] == [kind]
    assert text[spans[0].start : spans[0].end] == pii
    assert spans[0].length == len(pii)


KEPT = [
    # English: prices, times, percentages, years, quantities, dates
    "The package is 5 million dong a month.",
    "You get 10% off, that's $1,500 or 1,500,000,000 dong.",
    "Call me at 3 p.m. on Friday at 10.",
    "We started in 2024 and grew 2023 2024 2025.",
    "It uses two kilowatt, about twenty five percent less.",
    "One, two, three, testing, testing.",
    "Plans at 199, 299 and 499, or 100 200 300 a year.",
    "The order from 12/05/2024 is number 20240105.",
    "March twenty five, twenty twenty four.",
    "About 150000000 dong, or 150,000,000 dong.",
    "Version 192.168.1.1, 3.5 stars.",
    # Vietnamese: prices, amounts, years, times, counts
    "Gói này giá 150.000.000 đồng, giảm 10% còn 5 triệu.",
    "Từ năm 2024 đến năm 2025 bên em có 3 gói.",
    "Anh đặt lúc 10 giờ 30 ngày 01-05-2024 nhé.",
    "Nhà mình có ba người, hai mươi lăm triệu một năm.",
    "Tổng là 1.234.567.890 đồng, hoặc 1.500.000.000 đ.",
    "Giá chỉ hai mươi, ba mươi, bốn mươi, năm mươi nghìn thôi.",
    "Anh có muốn không? Không, không, không, không, không, không, không, không cần.",
    "Bên em tư vấn năm năm rồi, sáu bảy triệu một tháng.",
    "Năm hai không hai bốn, tháng mười hai.",
    "Mã giảm giá 2024, gói 120.000.000 hoặc 120000000.",
]


@pytest.mark.parametrize("text", KEPT)
def test_ordinary_numbers_are_kept(text):
    assert redact_text(text) == (text, [])


@pytest.mark.parametrize(("kind", "pii", "frame"), FOUND, ids=[c[1] for c in FOUND])
def test_redacting_twice_changes_nothing_more(kind, pii, frame):
    once, _ = redact_text(frame.format(pii))
    assert redact_text(once) == (once, [])


def test_original_digits_never_appear_in_output():
    text = " ".join(frame.format(pii) for _, pii, frame in FOUND)
    out, spans = redact_text(text)
    assert len(spans) == len(FOUND)
    assert not re.search(r"\d", out)
    for word in ("chín", "một", "nine", "gmail", "còng", "dot"):
        assert word not in out
    assert all(set(vars(r)) == {"kind", "start", "end"} for r in spans)  # no value kept


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Số 0912 345 678 2 gói nhé", "Số [phone] 2 gói nhé"),
        ("không chín một hai ba bốn năm sáu bảy tám, không ạ?", "[phone], không ạ?"),
        ("Năm 2024, số em 0912345678, 35 tuổi", "Năm 2024, số em [phone], 35 tuổi"),
        ("Anh gọi 0912345678 giờ nào cũng được", "Anh gọi [phone] giờ nào cũng được"),
    ],
)
def test_a_phone_ends_where_its_shape_ends(text, expected):
    assert redact_text(text)[0] == expected


def test_decomposed_vietnamese_and_odd_digits():
    nfd = unicodedata.normalize("NFD", "Số em là không chín một hai ba bốn năm sáu bảy tám nha")
    assert redact_text(nfd)[0] == unicodedata.normalize("NFD", "Số em là ") + "[phone] nha"
    text = "Diện tích 4111 1111 1111 1111² và ٠٩١٢٣٤٥٦٧٨"  # no crash on non-ASCII digits
    assert redact_text(text)[0] == "Diện tích [card]² và ٠٩١٢٣٤٥٦٧٨"


def test_two_numbers_in_one_run_are_two_masks():
    out, spans = redact_text("Gọi 0912345678 0987654321 hoặc 0912345678/0987654321.")
    assert out == "Gọi [phone] [phone] hoặc [phone]/[phone]."
    assert len(spans) == 4


def test_disabled_settings_return_input_unchanged():
    text = "Số em 0912 345 678, email an@gmail.com"
    assert redact_text(text, RedactionSettings(enabled=False)) == (text, [])
    transcript = _transcript([Segment(0.0, 1.0, text)])
    assert redact_transcript(transcript, RedactionSettings(enabled=False)) is transcript


def test_only_the_chosen_kinds_are_masked():
    text = "Số em 0912 345 678, email an@gmail.com, CCCD 001099012345"
    out, spans = redact_text(text, RedactionSettings(kinds=("email",)))
    assert out == "Số em 0912 345 678, email [email], CCCD 001099012345"
    assert [r.kind for r in spans] == ["email"]


def test_mask_template():
    out, _ = redact_text("call 0912 345 678", RedactionSettings(mask="<{kind} removed>"))
    assert out == "call <phone removed>"
    assert redact_text("call 0912 345 678", RedactionSettings(mask="***"))[0] == "call ***"


@pytest.mark.parametrize(
    "settings",
    [
        {"kinds": ("phone", "passport")},
        {"mask": "[{kind}-1]"},  # digits would be found again
        {"mask": "{name}"},
        {"mask": "{kind}@x"},
    ],
)
def test_bad_settings_are_refused(settings):
    with pytest.raises(ValueError, match="RedactionSettings"):
        RedactionSettings(**settings)


@pytest.mark.parametrize(
    ("digits", "kwargs", "kind"),
    [
        ("0912345678", {}, "phone"),
        ("02838221234", {}, "phone"),
        ("84912345678", {}, "phone"),
        ("442079460958", {"plus": True}, "phone"),
        ("001099012345", {}, "national_id"),  # CCCD before the 00 dial-out reading
        ("023456789", {}, "national_id"),
        ("4111111111111111", {}, "card"),
        ("4111111111111112", {}, None),  # Luhn-invalid
        ("38221234", {}, None),  # 8 written digits: a date or an order number
        ("38221234", {"spoken": True}, "phone"),
        ("1234567", {"spoken": True}, None),
        ("0000000000", {}, None),
    ],
)
def test_classification_order(digits, kwargs, kind):
    assert classify_digits(digits, **kwargs) == kind


def test_luhn():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


# --- transcripts


def _words(start: float, text: str, step_s: float = 0.25) -> tuple[Word, ...]:
    """Whisper-style words (leading space) every ``step_s`` seconds from ``start``."""
    return tuple(
        Word(
            start + i * step_s, start + (i + 1) * step_s - 0.05, f" {w}", probability=0.9 - i / 100
        )
        for i, w in enumerate(text.split())
    )


def _segment(start: float, text: str, speaker: str = "customer") -> Segment:
    words = _words(start, text)
    return Segment(start, words[-1].end, " " + text, speaker=speaker, words=words)


def _transcript(segments: list[Segment]) -> Transcript:
    return Transcript("vi", 60.0, tuple(segments))


def test_transcript_masks_segment_text_and_collapses_words():
    segment = _segment(10.0, "Số em là 0912 345 678, anh ghi giúp em.")
    out = redact_transcript(_transcript([segment])).segments[0]
    assert out.text == " Số em là [phone], anh ghi giúp em."
    texts = [w.text for w in out.words]
    assert texts == [" Số", " em", " là", " [phone],", " anh", " ghi", " giúp", " em."]
    masked = out.words[3]
    assert (masked.start, masked.end) == (segment.words[3].start, segment.words[5].end)
    assert masked.probability == min(w.probability for w in segment.words[3:6])
    starts = [w.start for w in out.words]
    assert starts == sorted(starts) and all(w.end >= w.start for w in out.words)
    assert (out.start, out.end, out.speaker) == (segment.start, segment.end, segment.speaker)


def test_transcript_spoken_digits_and_email_in_english():
    segment = _segment(
        0.0, "it's oh nine one two three four five six seven eight or an at gmail dot com"
    )
    out = redact_transcript(_transcript([segment])).segments[0]
    assert out.text == " it's [phone] or [email]"
    assert [w.text for w in out.words] == [" it's", " [phone]", " or", " [email]"]
    assert out.words[1].start == segment.words[1].start
    assert out.words[1].end == segment.words[10].end
    assert out.words[3].end == segment.words[-1].end


def test_number_dictated_across_two_segments_of_one_speaker():
    first = _segment(0.0, "Số em là không chín một hai ba")
    second = _segment(3.0, "bốn năm sáu bảy tám ạ")
    out = redact_transcript(_transcript([first, second])).segments
    assert [s.text for s in out] == [" Số em là [phone]", " [phone] ạ"]
    assert [w.text for w in out[0].words] == [" Số", " em", " là", " [phone]"]
    assert [w.text for w in out[1].words] == [" [phone]", " ạ"]
    assert out[1].words[0].start == 3.0 and out[1].words[0].end == second.words[4].end


def test_digits_of_two_speakers_are_not_joined():
    agent = _segment(0.0, "Mã của chị là không chín một hai", speaker="agent")
    customer = _segment(3.0, "ba bốn năm sáu đúng không", speaker="customer")
    transcript = _transcript([agent, customer])
    assert redact_transcript(transcript) == transcript


def test_words_that_do_not_spell_the_text_are_searched_on_their_own():
    words = (Word(1.0, 1.5, "0912"), Word(1.6, 2.0, "345"), Word(2.1, 2.5, "678"))
    segment = Segment(1.0, 2.5, " Số em: 0912.345.678", words=words)  # text has dots, words not
    out = redact_transcript(_transcript([segment])).segments[0]
    assert out.text == " Số em: [phone]"
    assert out.words == (Word(1.0, 2.5, "[phone]", probability=1.0),)


def test_transcript_redaction_is_idempotent_and_leaves_clean_segments_alone():
    clean = _segment(0.0, "Gói này 5 triệu một tháng anh nhé")
    dirty = _segment(5.0, "Email em là an.nguyen@gmail.com")
    once = redact_transcript(_transcript([clean, dirty]))
    assert once.segments[0] is clean
    assert once.segments[1].text == " Email em là [email]"
    assert redact_transcript(once) == once
    assert "an.nguyen" not in once.text
