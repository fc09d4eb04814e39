"""Clause scope (``qa/scoring/scope.py``): per cue kind and language, wordings
whose target word is inside the cue's scope and near misses where it is not
(a scope closed by "but"/"nhưng", a cue word that is no negation: "không" as a
zero, "no" as an answer, "chưa" as a question tag, "đâu" as "where").
Northern, Southern and Central Vietnamese, and tone-less recognition output."""

from __future__ import annotations

import pytest
from callqa.qa.scoring.scope import mark, scope_at, suggestion_scope_at, tokens


def _scope_of(text: str, word: str, language: str) -> str:
    at = text.lower().index(word)
    return scope_at(text, at, language)


# (language, text, target word, expected scope)
IN_SCOPE = [
    # English, denied
    ("en", "I can't promise you'll definitely get approved.", "approved", "denied"),
    ("en", "Nobody here will ever guarantee a return like that.", "return", "denied"),
    ("en", "We never ask for your full card number over the phone", "card", "denied"),
    # English, conditional
    (
        "en",
        "If the underwriter signs off, you'd get the funds Friday.",
        "underwriter",
        "conditional",
    ),
    ("en", "unless your income changes the premium stays the same", "premium", "conditional"),
    ("en", "In case the clinic finds a problem, we refund the deposit", "problem", "conditional"),
    # English, reported
    ("en", "Some companies will tell you approval is guaranteed.", "guaranteed", "reported"),
    ("en", "Honestly, I'm not gonna tell you we're the cheapest.", "cheapest", "reported"),
    ("en", "I thought it was already approved, to be honest", "approved", "reported"),
    # Vietnamese, denied: Southern, Northern, Central, tone-less
    ("vi", "không phải ai nộp hồ sơ cũng được duyệt đâu anh", "duyệt", "denied"),
    ("vi", "dạ em hổng dám hứa chắc là lời đâu chị", "lời", "denied"),
    ("vi", "cái này chẳng ai cam kết được lợi nhuận đâu bác", "lợi", "denied"),
    ("vi", "bên con không bao giờ gọi hỏi mã OTP của o hết", "otp", "denied"),
    ("vi", "chị đừng đọc mã OTP cho ai hết nha", "otp", "denied"),
    ("vi", "làm gì có chuyện duyệt chắc trăm phần trăm", "duyệt", "denied"),
    ("vi", "có ai hứa được khỏi bệnh đâu chị", "hứa", "denied"),
    ("vi", "khong phai ai nop vo cung duyet dau", "duyet", "denied"),
    ("vi", "chi dung doc ma otp cho ai het nha", "otp", "denied"),
    # Vietnamese, conditional
    ("vi", "nếu anh đóng đủ ba kỳ thì mới xét tăng hạn mức", "đóng", "conditional"),
    ("vi", "lỡ mà hồ sơ bị trả về, em hoàn phí cho chị", "trả", "conditional"),
    ("vi", "giả sử bác bỏ lỡ kỳ này thì sao ạ", "lỡ", "conditional"),
    ("vi", "neu chi ky hom nay thi em giu gia", "ky", "conditional"),
    # Vietnamese, reported
    ("vi", "người ta nói bên đó duyệt chắc luôn nhưng bên em thì không", "duyệt", "reported"),
    ("vi", "bên khác hứa lãi mười phần trăm một tháng", "lãi", "reported"),
    ("vi", "em tưởng hồ sơ anh được duyệt rồi chứ", "duyệt", "reported"),
    ("vi", "nghe nói ai nộp cũng được duyệt hết", "duyệt", "reported"),
]

NEAR_MISSES = [
    # English: the scope closed by "but"; "no" as an answer; no cue at all
    ("en", "I can't say it enough, but you're approved for sure", "approved"),
    ("en", "No, I'd like that, guaranteed approval sounds great", "guaranteed"),
    ("en", "No worries, you'll definitely get your money back", "definitely"),
    ("en", "Other banks may refuse, but we guarantee approval today", "guarantee"),
    ("en", "if it helps. Read me the code on your screen", "code"),
    ("en", "We guarantee your approval, no doubt about it", "guarantee"),
    # Vietnamese: "không" as zero, "chưa" and "không" as question tags,
    # "đâu"/"mô" as "where", a scope closed by "nhưng"/"thì"
    ("vi", "phí hồ sơ không đồng, duyệt chắc luôn anh", "duyệt"),
    ("vi", "số tổng đài là một không không chín, duyệt chắc", "duyệt"),
    ("vi", "anh ăn cơm chưa anh, hồ sơ duyệt chắc rồi", "duyệt"),
    ("vi", "chị có nhận được mã không chị đọc em mã otp nha", "otp"),
    ("vi", "anh đang ở đâu vậy, em gửi hợp đồng duyệt chắc", "duyệt"),
    ("vi", "o đang ở mô rứa, con đảm bảo lời chắc", "lời"),
    ("vi", "không phải lo nhưng mà duyệt chắc chắn", "duyệt"),
    ("vi", "nếu chị muốn thì bảo đảm duyệt luôn", "duyệt"),
    ("vi", "bên khác thì chậm, còn bên em duyệt chắc", "duyệt"),
    ("vi", "uống đều là khỏi bệnh luôn chị", "bệnh"),
    ("vi", "dung roi chi, otp do chi doc em nghe", "otp"),
]


@pytest.mark.parametrize(("language", "text", "word", "expected"), IN_SCOPE)
def test_word_inside_scope(language: str, text: str, word: str, expected: str) -> None:
    assert _scope_of(text, word, language) == expected


@pytest.mark.parametrize(("language", "text", "word"), NEAR_MISSES)
def test_near_miss_is_asserted(language: str, text: str, word: str) -> None:
    assert _scope_of(text, word, language) == "asserted"


def test_mark_prefixes_scoped_words_and_keeps_cues() -> None:
    assert mark("Không phải ai cũng duyệt.", "vi") == "không phải neg_ai neg_cũng neg_duyệt"
    assert mark("I can't promise that, but it's approved", "en") == (
        "i can't neg_promise neg_that but it's approved"
    )
    assert mark("If you sign, other banks guarantee it", "en") == (
        "if if_you if_sign other banks say_guarantee say_it"
    )


def test_scope_without_punctuation_ends_after_max_words() -> None:
    text = "em không gọi hỏi mã otp bao giờ cả anh yên tâm nha chị cho em xin số"
    marked = mark(text, "vi", max_words=4).split()
    assert marked[2:6] == ["neg_gọi", "neg_hỏi", "neg_mã", "neg_otp"]
    assert not any(w.startswith("neg_") for w in marked[6:])


def test_offsets_point_into_the_original_text() -> None:
    text = "Dạ, chị ĐỪNG đọc mã OTP cho ai nha"
    by_word = {t.word: t for t in tokens(text, "vi")}
    otp = by_word["otp"]
    assert text[otp.start : otp.end] == "OTP"
    assert otp.scope == "denied" and by_word["đừng"].cue


def test_a_clause_final_dau_denies_its_clause_not_the_next() -> None:
    text = "có mất gì đâu chị, chị ký là duyệt chắc"
    assert _scope_of(text, "mất", "vi") == "denied"
    assert _scope_of(text, "duyệt", "vi") == "asserted"


def test_empty_and_punctuation_only() -> None:
    assert mark("", "vi") == ""
    assert mark("... ?", "en") == ""
    assert scope_at("", 0, "en") == "asserted"


def test_scope_at_reads_the_tokens_it_is_given() -> None:
    text = "We never ask for your PIN, but read me the code now"
    found = tokens(text, "en")
    for word in ("pin", "code"):
        at = text.lower().index(word)
        assert scope_at(text, at, "en", found) == scope_at(text, at, "en")
    assert scope_at(text, text.index("PIN"), "en", found) == "denied"
    assert scope_at(text, text.index("code"), "en", found) == "asserted"


# A third person, then a verb of saying: what follows is that person's statement.
THIRD_PERSON_SAYS = [
    ("en", "My sister said the repayments are fixed for five years", "repayments", "reported"),
    ("en", "the mechanic told us the gearbox will last till spring", "gearbox", "reported"),
    ("en", "She reckons the roof needs doing before winter", "roof", "reported"),
    ("vi", "chồng chị nói tháng sau mới lắp được", "lắp", "reported"),
    ("vi", "ông xã bảo để cuối năm tính", "tính", "reported"),
    ("vi", "ảnh đi rồi, ổng kêu bên em giao trễ hoài", "giao", "reported"),
    ("vi", "vo anh noi thang sau moi mua", "mua", "reported"),
    # near misses: the speaker's own words, a compound of the verb, no subject
    ("en", "I said we want it done by June", "done", "asserted"),
    ("en", "That said, we want it done by June", "done", "asserted"),
    ("en", "As we told you, the budget is ten grand", "budget", "asserted"),
    ("vi", "em nói thật là chị cần lắp gấp", "lắp", "asserted"),
    ("vi", "vợ anh bảo hiểm nhân thọ đóng đủ năm năm", "đóng", "asserted"),
    ("vi", "mẹ em kể cả tiền lắp là hai chục", "tiền", "asserted"),
]


@pytest.mark.parametrize(("language", "text", "word", "expected"), THIRD_PERSON_SAYS)
def test_a_third_persons_words_are_reported(
    language: str, text: str, word: str, expected: str
) -> None:
    assert _scope_of(text, word, language) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("Why don't you pop in Thursday at four?", "thursday", "asserted"),
        ("Why not pop in to the showroom tomorrow?", "showroom", "asserted"),
        ("Why don't you think it over? We don't open on Sunday.", "sunday", "denied"),
        ("We can't do Thursday at four.", "thursday", "denied"),
    ],
)
def test_a_suggestion_frame_denies_nothing_after_it(text: str, word: str, expected: str) -> None:
    at = text.lower().index(word)
    assert suggestion_scope_at(text, at, "en") == expected
    assert scope_at(text, at, "en") == "denied"  # tokens and mark keep the negation
