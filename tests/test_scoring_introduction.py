"""Introduction rules of 2026.8 (company.py, agent_name.py): what names no company
or no agent. Three wordings and two near misses per rule, written from the label
definition (qa-dev README: a generic category is no company; a misrecognised brand
still counts), none copied from a tuning call."""

from __future__ import annotations

import pytest
from callqa.qa.scoring import Scorer

from tests.mini_calls import item_of, mini_call, scored


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


def _introduction(scorer: Scorer, lang: str, opening: str) -> str:
    call = mini_call(lang, [("a", opening), ("c", "ừ" if lang == "vi" else "okay")])
    return item_of(scored(scorer, call), "introduction").verdict


# a place after the business ("ở"/"tại"), a clinic's field, a country: no name
NO_COMPANY_VI = [
    "dạ em chào chú, em là Hạnh bên nha khoa ở Biên Hòa đây ạ",
    "dạ con chào cô, con là Quyên bên phòng khám nhi tại Long Xuyên nè cô",
    "em là Phúc bên phòng khám răng hàm mặt gọi cho anh ạ",
    "em là Tâm bên trung tâm tiếng anh của Mỹ đây chị",
]
COMPANY_VI = [
    "dạ em chào chú, em là Hạnh bên nha khoa Minh Tâm ở Biên Hòa đây ạ",
    "em là Phúc bên phòng khám da liễu Thiên Kim gọi cho anh ạ",
    "em là Tâm bên trung tâm tiếng Hàn Hangul Kids đây chị",
]
# an article and a kind of organisation: no name; a misrecognised brand after
# "a" still counts
NO_COMPANY_EN = [
    "Hi, my name is Deepak, I'm calling from a pest control company.",
    "Hello, this is Aisha with an IT support firm, do you have a minute?",
    "Hi, it's Gareth from a cleaning business, ah, my name is Gareth.",
]
COMPANY_EN = [
    "Hi, my name is Deepak, calling from a viva home insurance.",
    "Hello, this is Aisha with Brightline IT support, do you have a minute?",
]
# "anh"/"chị" addresses the customer: no name without "là"/"tên"
NO_NAME_VI = [
    "dạ alo em chào anh, anh cuộc gọi này bên em có ghi âm ạ, em gọi từ Sao Mai Telecom",
    "chị ơi chị thông cảm bên em gọi từ bảo hiểm Phú An nha chị",
    "anh ơi anh cho em hỏi chút, bên em gọi từ Điện Máy Xanh nè anh",
]
NAME_VI = [
    "dạ em là Vân bên Minh Phát Telecom ạ, cuộc gọi có ghi âm",
    "dạ chị tên là Loan bên bảo hiểm Phú An nha em",
]


@pytest.mark.parametrize("opening", NO_COMPANY_VI)
def test_a_place_a_field_or_a_country_names_no_company(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "vi", opening) == "missed"


@pytest.mark.parametrize("opening", COMPANY_VI)
def test_a_name_beside_the_field_or_place_still_counts(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "vi", opening) == "met"


@pytest.mark.parametrize("opening", NO_COMPANY_EN)
def test_an_article_and_a_kind_names_no_company(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "missed"


@pytest.mark.parametrize("opening", COMPANY_EN)
def test_a_brand_after_the_article_still_counts(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "met"


@pytest.mark.parametrize("opening", NO_NAME_VI)
def test_the_customers_pronoun_is_no_name(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "vi", opening) == "missed"


@pytest.mark.parametrize("opening", NAME_VI)
def test_a_name_after_la_or_ten_counts(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "vi", opening) == "met"


# 2026.10: after "this is" / "it is" a function word or a number names nobody
NO_NAME_EN = [
    "Good evening, this is Lumen Skin Clinic calling. Honestly it is much better in winter.",
    "Hello from Brightline Dental, it is really quick, I promise.",
    "Hi there, from Northgate Gyms, it's twelve weeks all in.",
]
NAME_EN = [
    "Hi, this is Marisol from Lumen Skin Clinic.",
    "hello its dev from brightline dental",
]


@pytest.mark.parametrize("opening", NO_NAME_EN)
def test_a_function_word_or_number_after_it_is_names_nobody(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "missed"


@pytest.mark.parametrize("opening", NAME_EN)
def test_a_name_after_this_is_still_counts(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "met"


# 2026.10: a capitalised possessive after "from" opens a brand (a misheard
# "MyRepublic"); a travel kind and a closing "only" name no company
BRAND_EN = [
    "Hi, I'm Priya from My Fibre Home, calling about your broadband.",
    "Hello, Arjun here from Our Town Dental.",
]
NO_BRAND_EN = [
    "Hi, I'm Priya from my team at the office.",
    "Hello, this is Arjun from the vacations desk only.",
    "Hi, Meena calling from the holiday packages team.",
]


@pytest.mark.parametrize("opening", BRAND_EN)
def test_a_capitalised_possessive_opens_a_brand(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "met"


@pytest.mark.parametrize("opening", NO_BRAND_EN)
def test_a_travel_kind_or_a_lower_case_possessive_names_no_company(
    scorer: Scorer, opening: str
) -> None:
    assert _introduction(scorer, "en", opening) == "missed"


# 2026.11: lower-case recognition output hears a brand as common words: a stop
# word opening the phrase after "from", followed by a word of no class, is the
# brand; a pronoun or a generic phrase after it is not
MISHEARD_BRAND_EN = [
    "hi this is nadia calling from can opy health we got your enquiry",
    "hello its raj from so lumi insurance about the form you filled",
    "g'day it's kyle from uh right tide plumbing you asked for a quote",
]
NO_MISHEARD_BRAND_EN = [
    "hi this is nadia calling from can you hear me okay",
    "hello its raj from so the solar team about the form you filled",
]


@pytest.mark.parametrize("opening", MISHEARD_BRAND_EN)
def test_a_lower_case_brand_heard_as_common_words_counts(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "met"


@pytest.mark.parametrize("opening", NO_MISHEARD_BRAND_EN)
def test_a_pronoun_or_a_generic_phrase_after_it_is_no_brand(scorer: Scorer, opening: str) -> None:
    assert _introduction(scorer, "en", opening) == "missed"
