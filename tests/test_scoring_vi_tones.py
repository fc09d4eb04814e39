"""A tone mark dropped by the recogniser, never one swapped (qa/scoring/vi_tones.py)."""

from __future__ import annotations

import pytest
from callqa.qa.scoring.vi_tones import only_dropped


@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        ("đăt quá", "đắt quá"),  # the tone left out, the breve kept
        ("dư án", "dự án"),
        ("bảng gia", "bảng giá"),
        ("dang ban", "đang bận"),  # every mark left out
        ("Đắt Quá", "đắt quá"),  # case does not matter
        ("đắt quá", "đắt quá"),
    ],
)
def test_marks_left_out_are_the_same_words(written: str, phrase: str) -> None:
    assert only_dropped(written, phrase)


@pytest.mark.parametrize(
    ("written", "phrase"),
    [
        ("đang bán", "đang bận"),  # another tone: "selling", not "busy"
        ("em bán", "em bận"),
        ("đã có", "dạ có"),  # a mark the phrase does not have
        ("hoa hồng", "hỏi chồng"),  # other letters
        ("đắt quá", "đắt quá à"),  # another length
    ],
)
def test_a_changed_or_added_mark_is_another_word(written: str, phrase: str) -> None:
    assert not only_dropped(written, phrase)
