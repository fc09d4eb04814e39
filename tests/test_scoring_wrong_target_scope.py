"""Wrong-target reasons and their scope (``qa/scoring/scope.py``): a reason
supposed or reported ("I thought you had the wrong number", "nghe nói bên em
chỉ lắp trong thành phố"), or a competitor or customer denied ("I don't work
for a competitor"), is no reason, for the checklist's cues
(``wrong_target.cue_asserted``) and for the classifier's input
(``wrong_target.model_input`` with a scope mode); the same reason asserted
still is. It guards behaviour; it is not evidence of accuracy
(``scripts/train_wrong_target.py`` prints the writer-held-out rotation).
"""

from __future__ import annotations

import pytest
from callqa.qa.scoring import Scorer, default_checklist
from callqa.qa.scoring.wrong_target import (
    HEAD_READS,
    REASONS,
    SCOPE_MODES,
    asked_from,
    asserted,
    asserted_only,
    head_text,
    model_input,
    stated_only,
)

from tests.mini_calls import mini_call


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


OPENING = {
    "en": "Hi, this is Sam from BrightHome Solar, about the quote you asked for.",
    "vi": "Dạ em là Lan bên điện mặt trời Minh An, gọi về báo giá chị hỏi ạ.",
}
# (language, expected reason or None, the customer's reply): each reply holds a
# checklist cue of a wrong-target reason; inside a conditional or reported scope
# it is no reason, asserted it is
CUE_SCOPE = [
    ("en", None, "I thought you had the wrong number, but yes, it is me, go on."),
    ("en", None, "People say you only service the coast, but I live right in town."),
    ("en", None, "If it's a rental property you can't? It's ours, we bought it in May."),
    ("en", "wrong number", "Sorry, you've got the wrong number."),
    ("en", "a renter, not the owner", "It's a rental property, the landlord decides."),
    ("vi", None, "Tưởng em gọi nhầm máy, chị đây, em nói đi."),
    ("vi", None, "Nghe nói bên em hay gọi nhầm số lắm, mà đúng chị rồi."),
    ("vi", None, "Lỡ là nhà đi thuê thì sao em, mà nhà chị chính chủ."),
    ("vi", "wrong number", "Em gọi nhầm số rồi."),
    ("vi", "a renter, not the owner", "Nhà mướn đó em, chị ở mướn mấy năm nay."),
    # a competitor or a customer denied is no reason; a wrong number denied still is
    ("en", None, "No, I don't work for a competitor, I teach maths at the high school."),
    ("en", None, "We're not an existing customer, this would be our first policy."),
    ("en", "a competitor", "Full disclosure, we're a competitor, we sell the same thing."),
    ("vi", None, "Anh không có làm bên đối thủ nào hết, anh bán phở."),
    ("vi", "a competitor", "Nói thật chị làm bên đối thủ của em đó."),
]


@pytest.mark.parametrize(("lang", "reason", "said"), CUE_SCOPE)
def test_a_reason_supposed_or_reported_is_no_reason(
    scorer: Scorer, lang: str, reason: str | None, said: str
) -> None:
    call = mini_call(lang, [("a", OPENING[lang]), ("c", said)])
    result = scorer.score(call, default_checklist(lang))
    if reason is None:  # the costly error: a good lead blamed on marketing
        assert result.target_fit != "wrong", (result.target_fit_reason, said)
    else:
        assert result.target_fit == "wrong", said
        assert result.target_fit_reason == reason, said
        assert reason in REASONS.values()


def test_the_asserted_words_leave_out_a_supposed_or_reported_clause() -> None:
    said = "I had applied, but no one called, so I thought it is rejected."
    assert asserted(said, "en") == "i had applied but no one called so i thought"
    assert asserted("tưởng bên em gọi nhầm, chị đây", "vi") == "tưởng chị đây"
    # a denial stays: reasons are often said by one ("there's no Anil here")
    assert asserted("No, there's no Anil here.", "en") == "no there's no anil here"
    assert asserted("if I rent I can't, but I own it", "en") == "if i can't but i own it"


# (language, unit, what the embedding head reads of it with ``head_reads: asserted``):
# invented sentences, each a reason said and one denied, supposed, reported or asked
HEAD_READS_ASSERTED = [
    # scope.py's reported scope opens after the third person's verb of saying (2026.10)
    ("en", "My cousin told me you only fit panels up north.", "my cousin told"),
    ("en", "The lady at the shop said you lot only do the city, but I'm in town.",
     "the lady at the shop said but i'm in town"),
    ("en", "We lease this flat, the owner lives abroad.",
     "we lease this flat the owner lives abroad"),
    ("en", "If I was under eighteen, would that matter?", "if"),  # a cue word stays
    ("en", "I run the front desk, so is the manager the one to ask?", "i run the front desk"),
    ("en", "I'm not with another agency, I just want a quote.", "i'm not i just want a quote"),
    ("vi", "Nghe nói bên em chỉ lắp trong thành phố, nhà chị ở quận ba.",
     "nghe nói nhà chị ở quận ba"),
    ("vi", "Nhà này chị mướn, vậy có lắp được không?", "nhà này chị mướn"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "unit", "read"), HEAD_READS_ASSERTED)
def test_the_embedding_head_reads_only_the_asserted_words(lang: str, unit: str, read: str) -> None:
    assert asserted_only(unit, lang) == read
    assert head_text(unit, lang, "none", "asserted") == read
    assert head_text(unit, lang, "none", "words") == unit  # the 2026.8 English head


# (language, unit, what the head reads with ``head_reads: stated``): invented; a
# unit that supposes or reports a clause reads as nothing (what is left answers it)
HEAD_READS_STATED = [
    ("en", "They say you only wire up the suburbs, but I'm right in the centre.", ""),
    ("en", "My mate said you only do the valley, but we're in the valley too.", ""),
    ("en", "If we were tenants could we still get it?", ""),
    ("en", "We rent this unit from my uncle, it's his place.",
     "we rent this unit from my uncle it's his place"),
    ("en", "I'm not with another agency, I just want a quote.", "i'm not i just want a quote"),
    ("vi", "Nghe nói bên em chỉ làm ở trung tâm, mà nhà anh ở ngay quận một.", ""),
    ("vi", "Nhà này anh thuê của ông chú thôi.", "nhà này anh thuê của ông chú thôi"),
]  # fmt: skip


@pytest.mark.parametrize(("lang", "unit", "read"), HEAD_READS_STATED)
def test_the_stated_head_reads_nothing_of_a_unit_with_a_report(
    lang: str, unit: str, read: str
) -> None:
    assert stated_only(unit, lang) == read
    assert head_text(unit, lang, "none", "stated") == read
    assert HEAD_READS == ("words", "asserted", "stated")


def test_a_closing_question_starts_after_its_clause_mark() -> None:
    assert asked_from("We rent it, can you still fit it?") == len("We rent it,")
    assert asked_from("Are you only in Perth?") == 0
    assert asked_from("We rent it.") == len("We rent it.")


def test_the_model_input_by_scope_mode() -> None:
    assert SCOPE_MODES == ("none", "mark", "drop")
    said = "I thought it was rejected."
    assert model_input(said, "en") == "i thought it was rejected"
    assert model_input(said, "en", "drop") == "i thought"
    assert model_input(said, "en", "mark") == (
        "i thought it was rejected | reported_it reported_was reported_rejected"
    )
    # Vietnamese keeps its tone-less copy in every mode
    assert model_input("tưởng gọi nhầm", "vi", "drop") == "tưởng | tuong"
