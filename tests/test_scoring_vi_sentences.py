"""Sentence ends in unpunctuated Vietnamese speech (qa/scoring/vi_sentences.py)."""

from __future__ import annotations

import pytest
from callqa.qa.records import Segment
from callqa.qa.scoring.cues import is_question, sentence_span
from callqa.qa.scoring.nlp import Pipelines
from callqa.qa.scoring.questions import closes_with_question, mentions


@pytest.fixture(scope="module")
def pipelines() -> Pipelines:
    return Pipelines()


def _call(pipelines: Pipelines, *texts: str):
    segments = [
        Segment(start=float(i), end=i + 0.9, text=t, speaker="agent") for i, t in enumerate(texts)
    ]
    return pipelines.call_doc(segments, "vi")


def _sentences(call) -> list[str]:
    out, cur = [], []
    for i, word in enumerate(call.lowers):
        if call.tok_seg[i] < 0 or i in call.soft_breaks:
            if cur:
                out.append(" ".join(cur))
            cur = []
            continue
        cur.append(word)
    return out


def test_a_final_particle_and_its_address_term_end_a_sentence(pipelines) -> None:
    call = _call(
        pipelines,
        "dạ cuộc gọi có ghi âm nha anh nhà mình đang xài nước máy hay nước giếng vậy anh",
    )
    sentences = _sentences(call)
    assert len(sentences) == 2
    assert sentences[0].endswith("ghi âm nha")
    assert sentences[1].startswith("nhà mình")


def test_a_question_final_and_a_question_word_close_their_question(pipelines) -> None:
    call = _call(pipelines, "anh có tiện nghe không anh em hỏi chút về nhu cầu")
    assert len(_sentences(call)) == 2
    call = _call(pipelines, "anh đang làm nghề gì anh thu nhập mỗi tháng tầm nhiêu anh")
    assert len(_sentences(call)) == 2


def test_a_mid_turn_da_opens_a_sentence(pipelines) -> None:
    call = _call(pipelines, "em gửi rồi đó chị dạ chị nhà mình mấy người")
    assert _sentences(call) == ["em gửi rồi đó chị", "chị nhà mình mấy người"]


@pytest.mark.parametrize(
    "text",
    [
        # examples carry the question on
        "dạ o có đang bị bệnh chi không o như huyết áp hay tiểu đường",
        # "whenever": a clause that goes on
        "dạ khi nào anh cần thì anh gọi em nha",
        "gì anh cũng lo được hết",
        # the writer punctuated: their sentences stand
        "dạ mai em bận rồi chị, khi nào chị rảnh chị gọi em nha",
        # without tone marks "da" is skin and "a" is not "ạ": no guessing
        "da chi thuoc loai da gi a da dau hay da kho",
    ],
)
def test_no_break_where_the_sentence_goes_on(pipelines, text: str) -> None:
    assert len(_sentences(_call(pipelines, text))) == 1


def test_breaks_scope_question_cues(pipelines) -> None:
    # the question word of the second sentence no longer makes the first a question
    call = _call(pipelines, "bên em có quà tặng nha chị nhà mình mấy người")
    gift = call.lowers.index("quà")
    assert not is_question(call, gift, gift + 1, "vi")
    first, last, _ = sentence_span(call, gift, gift + 1)
    assert "mấy" not in call.lowers[first:last]


def test_english_has_no_soft_breaks(pipelines) -> None:
    segments = [Segment(start=0.0, end=1.0, text="ok thanks bye", speaker="agent")]
    assert pipelines.call_doc(segments, "en").soft_breaks == frozenset()


@pytest.mark.parametrize(
    ("text", "word", "asks"),
    [
        # after a negator, "đâu"/"mô" is "(not) at all" and "bao giờ" is "never"
        ("dạ làm xong anh đi làm bình thường hổng phải nghỉ đâu", "nghỉ", False),
        ("bên em không bao giờ gọi hỏi mật khẩu", "gọi", False),
        ("dạ o không phải đóng thêm tiền mô", "đóng", False),
        # nor a negated "hỏi", nor "hay" in a list of what is never done
        ("em chưa hỏi số tài khoản hay mã pin của chị", "số", False),
        # the same words asking
        ("dạ anh đang làm việc ở đâu", "làm việc", True),
        ("chị đã bao giờ dùng thử dịch vụ này chưa", "dùng", True),
        ("dạ cho em hỏi chị mua để ở hay cho thuê", "mua", True),
    ],
)
def test_a_negated_where_or_when_is_no_question(
    pipelines, text: str, word: str, asks: bool
) -> None:
    call = _call(pipelines, text)
    k = call.lowers.index(word)
    assert is_question(call, k, k + 1, "vi") is asks


@pytest.mark.parametrize(
    ("turn", "found"),
    [
        ("dạ làm xong là hổng sưng lại đâu chị", []),
        ("dạ chị đang ở đâu chị", ["đâu"]),
    ],
)
def test_the_answered_turn_finder_skips_a_negated_where(
    pipelines, turn: str, found: list[str]
) -> None:
    segments = [
        Segment(start=0.0, end=1.0, text=turn, speaker="agent"),
        Segment(start=1.0, end=2.0, text="dạ", speaker="customer"),
    ]
    call = pipelines.call_doc(segments, "vi")
    assert [m.name for m in mentions(call, 0, "vi")] == found


@pytest.mark.parametrize(
    ("text", "language", "asks"),
    [
        ("Thu nhập hàng tháng của anh khoảng bao nhiêu?", "vi", True),
        ("thu nhập hàng tháng của anh khoảng bao nhiêu", "vi", True),  # no mark: its words
        ("thu nhap hang thang cua anh khoang bao nhieu", "vi", False),  # toneless: unreadable
        ("Gói này thêm bốn trăm, bao nhiêu cũng được.", "vi", False),  # ends with "."
        ("so what do you pay for it now", "en", True),
        ("Which is another four hundred.", "en", False),
        ("And the install is free!", "en", False),
    ],
)
def test_a_segment_closes_with_a_question(
    pipelines: Pipelines, text: str, language: str, asks: bool
) -> None:
    segments = [
        Segment(start=0.0, end=2.0, text=text, speaker="agent"),
        Segment(start=2.5, end=3.5, text="ờ" if language == "vi" else "hm", speaker="customer"),
    ]
    call = pipelines.call_doc(segments, language)
    assert closes_with_question(call, 0, language) is asks
