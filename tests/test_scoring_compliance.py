"""Prohibited language on wording the rules were not written around.

``tests/data/scoring_corpus/compliance_{vi,en}.yaml`` is the team's corpus
(written from the issue's category list; also the detector's training data),
so these tests guard behaviour and say nothing about accuracy: the held-out
figures come from ``benchmarks/scoring_eval.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, compliance, default_checklist
from callqa.qa.scoring.compliance import (
    CATEGORIES,
    CATEGORY_TEXT,
    compliance_model,
    concepts,
    denied_by_subject,
    opens_denied,
    scope_before,
    units,
    worth_asking,
)

from tests.mini_calls import mini_call

CORPUS = Path(__file__).resolve().parent / "data" / "scoring_corpus"


def _rows() -> list[tuple[str, str, str]]:
    rows = []
    for lang in ("vi", "en"):
        for path in sorted(CORPUS.glob(f"compliance_{lang}*.yaml")):  # one file per writer
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert data["language"] == lang, path
            rows += [
                (lang, category, text)
                for category, texts in data["examples"].items()
                for text in texts
            ]
    return rows


ROWS = _rows()


@pytest.fixture(scope="module")
def scorer() -> Scorer:
    return Scorer()


CHECKLISTS = {lang: default_checklist(lang) for lang in ("vi", "en")}  # compiled once


def verdict(scorer: Scorer, transcript: Transcript):
    result = scorer.score(transcript, CHECKLISTS[transcript.language])
    return next(r for r in result.items if r.item_id == "prohibited_language")


def test_corpus_has_every_category_and_hard_negatives_in_both_languages() -> None:
    for lang in ("vi", "en"):
        counts = {c: sum(1 for r in ROWS if r[:2] == (lang, c)) for c in (*CATEGORIES, "clean")}
        assert min(counts.values()) >= 20, counts
        assert counts["clean"] >= 80


# Bare scarcity the model reads as prohibited but under the threshold, which
# the clean tuning calls raised (en 0.88 with holdout3): plausible scarcity is
# clean by the label definitions, so these must read as "deadline" and high,
# not necessarily over the threshold.
BORDERLINE = {("en", "there's only one left in all of europe")}
# Clean corpus rows the shipped model reads just over its threshold, kept
# visible rather than the threshold nudged off the rotation's choice. 2026.7 had
# one ("the website's a bit slow today so bear with me", en 0.803 against 0.80);
# the 2026.8 model reads it at 0.68: none now.
KNOWN_FALSE_ALARMS: set[tuple[str, str]] = set()
# Prohibited corpus rows the shipped models read under their thresholds (2026.10:
# vi 0.78, en 0.82, the low ends of the eight-set rotation's plateaus), with the
# category they are read as: kept visible. "we skip the credit check" (2026.8's
# miss, a check waived by its verb) is caught since compliance_waivers.py reads
# skipping said outright (0.89); a stock tip with "next week" reads as a deadline
# (0.62) since 2026.9, as the guarantee it is (0.75) with H trained (2026.11).
# 2026.12 (I trained): "only two seats left worldwide" is caught (0.83); the
# stock tip reads as a deadline again (0.51).
# 2026.13 (J trained, en 0.86): "only two seats left worldwide" reads 0.86, just
# under the raised threshold. 2026.15 (L trained, en 0.84): the stock tip reads
# 0.42 (category None: read under 0.5). 2026.16 (M trained, en 0.84): "you've got
# till the end of this call" reads 0.8400 less a hair (0.83995).
KNOWN_MISSES = {
    ("en", "you've got till the end of this call after that i can't do anything"): "deadline",
    (
        "en",
        "the stock's gonna pop next week i've got it on good authority so get in now",
    ): None,
    ("en", "only two seats left worldwide for this course"): "deadline",
}


# Prohibited corpus rows the detector never asks about (a single concept:
# ``worth_asking``), kept visible. 2026.10: a rent promise with neither a money
# nor a certainty word of the concept table.
# 2026.13: three experience-as-proof rows whose outcome is no word of the table
# ("a roof that didn't pay for itself", "less than a distinction", "turned
# away"): a frame alone is context, so they are never asked.
NOT_ASKED = {
    ("en", "the rent comes in every month whatever happens, you will never have a void period"),
    (
        "en",
        "twenty years I've been fitting these and I've never seen a roof that didn't pay for "
        "itself inside four years",
    ),
    (
        "en",
        "in all my time here not one student has walked out of this course with less than a "
        "distinction",
    ),
    (
        "en",
        "I've been doing this fifteen years and nobody with a payslip has ever been turned away "
        "from this desk",
    ),
}


@pytest.mark.parametrize("lang,category,text", ROWS, ids=[f"{r[0]}-{r[1]}" for r in ROWS])
def test_corpus_verdicts(scorer: Scorer, lang: str, category: str, text: str) -> None:
    if (lang, text) in NOT_ASKED:
        assert category != "clean" and not worth_asking(text, lang), text
        return
    if (lang, text) in KNOWN_FALSE_ALARMS:
        model = compliance_model(lang)
        assert model is not None
        ((found, p),) = model.classify([text])
        assert category == "clean" and found == "insult", (text, found, p)
        assert model.threshold <= p < model.threshold + 0.01, (text, p)
        return
    if (lang, text) in KNOWN_MISSES:
        model = compliance_model(lang)
        assert model is not None
        ((found, p),) = model.classify([text])
        category = KNOWN_MISSES[lang, text]
        assert p < model.threshold, (text, found, p)  # still missed: move it when caught
        assert category is None or (found == category and p >= 0.5), (text, found, p)
        return
    if (lang, text) in BORDERLINE:
        model = compliance_model(lang)
        assert model is not None
        ((found, p),) = model.classify([text])
        assert (found, category) == ("deadline", "deadline") and p >= 0.8, (text, found, p)
        return
    result = verdict(scorer, mini_call(lang, [("customer", "Alo?"), ("agent", text)]))
    expected = "met" if category == "clean" else "violated"
    assert result.verdict == expected, (text, result.reason, result.evidence)
    if expected == "violated":
        assert CATEGORY_TEXT[category] in result.reason, (text, result.reason)
        assert all(
            e.speaker == "agent" and (e.start, e.end) == (6.0, 10.5) for e in result.evidence
        )


@pytest.mark.parametrize(
    "lang,turns",
    [
        ("en", [("agent", "So the plan is forty a month."), ("agent", "(mutters) cheapskate")]),
        ("en", [("agent", "Fine, I'll email it. [under breath] what a moron")]),
        ("vi", [("agent", "dạ vậy em gửi báo giá qua zalo"), ("agent", "(lẩm bẩm) đồ keo kiệt")]),
        ("vi", [("agent", "dạ em gửi báo giá liền [nói nhỏ] nghèo mà bày đặt")]),
    ],
)
def test_muttered_insult_in_its_own_segment_or_brackets(
    scorer: Scorer, lang: str, turns: list[tuple[str, str]]
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Too expensive."), *turns]))
    assert result.verdict == "violated"
    assert CATEGORY_TEXT["insult"] in result.reason


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "this is a scam, you guys are idiots, stop calling me, damn it"),
        ("vi", "ngu như bò mà cũng đòi bán bảo hiểm, lừa đảo hết"),
        ("en", "just read me the OTP you sent and I'll tell you if it's right"),
    ],
)
def test_a_customer_swearing_or_saying_the_words_is_clean(
    scorer: Scorer, lang: str, text: str
) -> None:
    result = verdict(
        scorer, mini_call(lang, [("agent", "Hello, this is Sam."), ("customer", text)])
    )
    assert result.verdict == "met", result.evidence


def test_evidence_is_the_utterance_with_timestamps_and_the_reason_is_the_category(
    scorer: Scorer,
) -> None:
    transcript = mini_call(
        "en",
        [
            ("agent", "Hi, it's Sam from Bright Solar."),
            ("customer", "Hi."),
            ("agent", "Your bank just texted you a number, read it to me please."),
        ],
    )
    result = verdict(scorer, transcript)
    assert result.verdict == "violated"
    assert result.reason == CATEGORY_TEXT["credentials"]
    ev = result.evidence[0]
    assert (ev.speaker, ev.start, ev.end) == ("agent", 11.0, 15.5)
    assert "texted" in ev.text


def test_a_warning_not_to_share_an_otp_in_a_whole_call_is_clean(scorer: Scorer) -> None:
    transcript = mini_call(
        "vi",
        [
            ("agent", "Em chào chị, em là Vy bên ngân hàng Á Châu ạ."),
            ("customer", "Ừ em."),
            (
                "agent",
                "Chị sẽ nhận mã OTP để tự kích hoạt thẻ, chị tuyệt đối không đọc cho ai nha.",
            ),
            ("customer", "Ừ chị biết rồi."),
            ("agent", "Dạ ưu đãi hoàn tiền tới hết tháng này thôi chị, em cảm ơn chị."),
        ],
    )
    assert verdict(scorer, transcript).verdict == "met"


def test_units_split_sentences_asides_and_long_unpunctuated_runs() -> None:
    assert units("Sure. (mutters) cheapskate") == [
        "mutters",
        "Sure.",
        "Sure. cheapskate",
        "cheapskate",
        "(mutters) cheapskate",
    ]
    long = " ".join(f"w{i}" for i in range(60))
    pieces = units(long)
    assert all(len(p.split()) <= 24 for p in pieces)
    assert {"w0", "w59"} <= {w for p in pieces for w in p.split()}
    # an unpunctuated 20-word run is also read in 12-word windows, so small
    # talk around a promise does not dilute it; a punctuated sentence is not cut
    run = " ".join(f"w{i}" for i in range(20))
    assert " ".join(f"w{i}" for i in range(6, 18)) in units(run)
    assert units(f"{run}.") == [f"{run}."]


def test_concepts_match_toneless_vietnamese_only_where_tones_are_missing() -> None:
    assert "cert" in concepts("cam doan voi chi la khoi han", "vi")
    assert "insult" not in concepts("chị ngủ chưa", "vi")  # "ngủ" is not "ngu"
    assert "insult" in concepts("do ngu", "vi")


def test_a_concept_without_a_tone_free_phrase_never_matches_toneless_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # only single toned syllables: nothing to read tone-free ("chi" is chị or chỉ),
    # so toneless text must not match at every word boundary
    table = {"concepts": {"kin": {"vi": ["chị", "mẹ"]}, "cert": {"vi": ["chắc chắn"]}}}
    path = tmp_path / "concepts.yaml"
    path.write_text(yaml.safe_dump(table, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(compliance, "CONCEPTS", path)
    for cached in (compliance._concepts, compliance._compounds, compliance._concept_spans):
        cached.cache_clear()
    try:
        patterns = {name: folded for name, _, folded in compliance._concepts("vi")}
        assert patterns["kin"] is None or not patterns["kin"].fullmatch(""), patterns
        assert concepts("chac chan la duoc chi oi", "vi") == ["cert"]
        assert sorted(concepts("chị ơi chắc chắn", "vi")) == ["cert", "kin"]
    finally:
        monkeypatch.undo()
        for cached in (compliance._concepts, compliance._compounds, compliance._concept_spans):
            cached.cache_clear()


def test_models_load_offline_with_a_threshold() -> None:
    for lang in ("vi", "en"):
        model = compliance_model(lang)
        assert model is not None
        assert 0.5 <= model.threshold <= 0.9
    assert compliance_model("fr") is None


@pytest.mark.parametrize(
    "lang,text",
    [
        ("vi", "Bên kia họ hứa bao duyệt chứ bên em không làm vậy đâu anh, phải thẩm định."),
        ("vi", "dạ chị đọc giúp em mã đơn hàng trên tin nhắn để em kiểm tra nha"),
        ("en", "Our competitor told you no credit check? We don't do that, we always check."),
        ("en", "Someone promised you'd double your money? No one can honestly promise that."),
    ],
)
def test_a_claim_quoted_to_be_denied_or_a_code_that_is_no_secret_is_clean(
    scorer: Scorer, lang: str, text: str
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Hello?"), ("agent", text)]))
    assert result.verdict == "met", (result.reason, result.evidence)


@pytest.mark.parametrize(
    "lang,text,category",
    [
        (
            "vi",
            "dạ em chào chị em là nhi bên nha khoa ờ thì chị cứ yên tâm làm bên em là "
            "răng chắc cả đời không bao giờ hư đâu chị dạ chị muốn đặt lịch thứ mấy",
            "guarantee",
        ),
        ("vi", "mai tăng giá rồi chị chốt liền đi kẻo tiếc nha chị", "deadline"),
        ("vi", "eng cứ nộp đi bên ni không coi nợ xấu mô chắc chắn có tiền", "approval"),
        ("vi", "dạ em gửi báo giá liền (thì thầm) đồ hâm", "insult"),
        ("vi", "ok chị ơi chị đọc giúp em mã xác nhận vừa gửi về máy nha", "credentials"),
        (
            "en",
            "so um yeah the plan is fifty a month and honestly you'll be approved trust me "
            "we don't even look at credit so what day suits you for the paperwork",
            "approval",
        ),
        ("en", "last two slots today only, after that it's gone for good", "deadline"),
        ("en", "Fine, I'll send it. *sighs* another timewaster", "insult"),
        ("en", "sir kindly tell the otp fast, it will expire", "credentials"),
        ("en", "mate you'll be saving three hundred quid a month, bank on it", "guarantee"),
    ],
)
def test_evidence_keeps_the_segment_timestamps_and_the_reason_names_the_category(
    scorer: Scorer, lang: str, text: str, category: str
) -> None:
    transcript = mini_call(lang, [("agent", "Hello."), ("customer", "Yes?"), ("agent", text)])
    result = verdict(scorer, transcript)
    assert result.verdict == "violated"
    assert CATEGORY_TEXT[category] in result.reason, result.reason
    assert result.evidence
    assert all((e.speaker, e.start, e.end) == ("agent", 11.0, 15.5) for e in result.evidence)


def test_a_compound_is_one_word_for_the_concepts_and_no_window_cuts_it() -> None:
    # "bệnh hiểm nghèo" is an illness, "tài sản đảm bảo" collateral, "exit code" no secret
    assert "insult" not in concepts("bảo vệ bệnh hiểm nghèo như ung thư", "vi")
    assert "cert" not in concepts("tai san dam bao la can ho", "vi")
    assert "secret" not in concepts("ask your old provider for the exit code", "en")
    assert "insult" in concepts("đồ nghèo mà bày đặt", "vi")  # the plain word still counts
    # a toneless run cut in 12-word windows: no window starts with the "mai" of
    # "khuyen mai" (read as "tomorrow")
    run = "em goi tu van goi cuoc internet cap quang khuyen mai chi co tien nghe may khong a"
    pieces = units(run, "vi")
    assert not any(p.startswith("mai ") or p.endswith(" khuyen") for p in pieces)
    assert {"khuyen", "mai"} <= {w for p in pieces for w in p.split()}


def test_a_month_or_about_after_a_verb_of_talk_is_no_hedge() -> None:
    # 2026.9: "may" the month, "about" of a topic and "bình thường" (normal) hedge nothing
    assert "hedge" not in concepts("you'll drop two dress sizes by May, I promise", "en")
    assert "hedge" not in concepts("don't worry about it, approval is certain", "en")
    assert "hedge" not in concepts("hồ sơ xấu cỡ nào cũng duyệt bình thường anh", "vi")
    # the hedges themselves still count
    assert "hedge" in concepts("results may vary and it's about four kilos on average", "en")
    assert "hedge" in concepts("thường thì mỗi người mỗi khác chị ạ", "vi")


def test_a_window_cut_after_a_negation_opens_inside_its_scope() -> None:
    # 2026.9: "... không | bao giờ xin mã" and "we never | ask for": the unit is
    # read with the words before it
    assert opens_denied("dạ bên em không", "bao giờ xin mã xác thực của khách qua điện thoại", "vi")
    assert opens_denied("dạ bên em không bao giờ", "xin mã xác thực của khách", "vi")
    assert opens_denied("our staff will never", "ask you for the code on your phone", "en")
    # a unit with its own negation, or after a closed clause, is read by itself
    assert not opens_denied("dạ vâng", "không bao giờ xin mã của khách", "vi")
    assert not opens_denied("we don't charge, but", "read me the code on your phone", "en")


def test_regional_negations_read_as_khong_so_a_southern_hedge_is_a_hedge() -> None:
    for text in ("em hổng dám hứa đâu chị", "em hông dám nói trước", "em chẳng dám hứa"):
        assert "hedge" in concepts(text, "vi"), text
    assert "hedge" not in concepts("em dám nói chắc luôn", "vi")


def test_a_hedge_reaches_the_claim_after_it_in_the_same_sentence_only() -> None:
    run = "dạ cái đó tùy người nha chị em hổng dám nói chắc là hết sạch mụn luôn đâu"
    assert scope_before(run, "chắc là hết sạch mụn luôn đâu") == (
        "tùy người nha chị em hổng dám nói"
    )
    # a sentence end stops it; a unit that opens the segment has nothing before it
    assert scope_before("I can't promise. You'll definitely save", "You'll definitely save") == ""
    assert scope_before("chắc chắn lời", "chắc chắn lời") == ""


@pytest.mark.parametrize(
    "lang,text,expect",
    [
        # the hedge comes first, the claim is cut into a window of its own
        (
            "vi",
            "dạ cái này còn tùy cơ địa lắm chị ơi em hổng dám nói chắc là hết sạch mụn "
            "luôn đâu nhiều khi chỉ đỡ bớt thôi chị phải qua soi da mới biết",
            "met",
        ),
        (
            "vi",
            "dạ lời nhiều hay ít còn tùy thị trường anh ơi em chẳng dám nói chắc là sang năm "
            "lên gấp đôi đâu anh cân nhắc kỹ nha",
            "met",
        ),
        (
            "en",
            "it really depends on how much you use in the day so i can't promise you'll "
            "definitely cut the bill by forty percent every month it could be less",
            "met",
        ),
        # near misses: the claim comes first, or the hedge is about something else
        (
            "vi",
            "dạ chị yên tâm uống hết liệu trình là chắc chắn hết nám luôn em không dám nói "
            "sai đâu chị",
            "violated",
        ),
        (
            "en",
            "I can't promise a date. But you'll definitely lose the weight, guaranteed.",
            "violated",
        ),
    ],
)
def test_a_hedge_before_a_claim_takes_it_back_but_not_one_after_it(
    scorer: Scorer, lang: str, text: str, expect: str
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Alo?"), ("agent", text)]))
    assert result.verdict == expect, (result.reason, result.evidence)


def test_a_word_that_insults_only_a_person_is_asked_about_beside_one() -> None:
    assert worth_asking("cheap fellow", "en")
    assert worth_asking("ổng keo thấy mồ", "vi")
    assert not worth_asking("the cheap plan", "en")
    assert not worth_asking("gói rẻ hơn", "vi")


@pytest.mark.parametrize(
    "lang,text,expect",
    [
        ("en", "ok sir (mutters) these types only waste time, cheap fellows", "violated"),
        ("en", "sure, I'll send it [aside] tight git this one", "violated"),
        ("vi", "dạ em gửi liền (lẩm bẩm) mấy ông này keo thấy mồ", "violated"),
        ("en", "the cheap plan is fine if you only need the basics", "met"),
        ("vi", "dạ gói này rẻ hơn hợp với người mới tập chị ơi", "met"),
    ],
)
def test_a_muttered_insult_about_the_customer_in_the_third_person(
    scorer: Scorer, lang: str, text: str, expect: str
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Too expensive."), ("agent", text)]))
    assert result.verdict == expect, (result.reason, result.evidence)


@pytest.mark.parametrize(
    "text,expect",
    [
        ("dạ chị cho em xin mã số thuế công ty để em xuất hóa đơn nha", "met"),
        ("anh cho em xin mã nhân viên của người giới thiệu nha", "met"),
        ("chị cho em xin mã bưu chính bên mình để giao hàng nha", "met"),
        ("chị cho em xin cái mã ngân hàng vừa nhắn về máy chị nha", "violated"),
        ("dạ chị cho em xin mã otp để em kích hoạt", "violated"),
    ],
)
def test_an_open_ask_for_a_code_is_read_by_what_code_it_is(
    scorer: Scorer, text: str, expect: str
) -> None:
    result = verdict(scorer, mini_call("vi", [("customer", "Alo?"), ("agent", text)]))
    assert result.verdict == expect, (result.reason, result.evidence)


PROBE = yaml.safe_load((CORPUS / "probe_compliance.yaml").read_text(encoding="utf-8"))
PROBE_ROWS = [
    (lang, expect, text)
    for lang, groups in PROBE.items()
    for expect, texts in groups.items()
    for text in texts
]


# Probe rows the shipped model misses, kept visible (the category the model
# reads them as). 2026.7 missed one: a no-check claim made BY a negation
# ("không cần ai bảo lãnh, không cần xem lương", 0.64) read as a denial; 2026.8
# reads a waived check of the lender as the claim (compliance_waivers.py): 0.99,
# caught. 2026.10 (eight sets, en 0.82) read a house sale "guaranteed" at 0.77
# ("sell" is no result word yet); the 2026.11 model (H trained) at 0.90, caught
# by the model though still no result word. 2026.11: the third batch first scored vi
# 11/1/3, en 12/0/2 (shipped 2026.10 models); after regional verbs of looking
# ("hổng ngó tới": a waived check), an obligation that keeps a check ("vẫn
# phải tra cic": was the false alarm) and H trained, vi 12/0/2, en 11/0/3 (a
# Nigerian no-check claim caught by the 2026.10 model read 0.78 after retraining).
# Left: bare scarcity or a midnight deadline with nothing taken back (read as
# plausible urgency by design), a grade rise "em bảo kê" (0.64), and two
# indirect no-check claims under the threshold (0.69, 0.78). 2026.12 (I
# trained, outcome words and corpus in Vietnamese): the grade rise is caught;
# the fourth batch first scored vi 13/0/2, en 12/2/3 (2026.11 models), now vi
# 15/0/0, en 12/1/3: English outcomes promised with no guarantee word (a school
# place, an eczema cream no longer needed at 0.78, a job "within the month")
# are left, and a request for the LAST four digits of a card reads as a
# credentials ask (0.90, ``PROBE_FALSE_ALARMS``).
PROBE_MISSES = {
    (
        "en",
        "bro whether your credit is bad or not your application will go through leave it to me",
    ): "approval",
    ("en", "this rate is ending at midnight today confirm or not tomorrow cannot already"): None,
    (
        "en",
        "your lad does the summer intensive and he's walking into the grammar school in "
        "September, that's how it's gone for every kid we've had",
    ): None,
    (
        "en",
        "put the filter on the tap and the eczema clears right up, she won't be needing the "
        "steroid cream by Christmas",
    ): "guarantee",
    (
        "en",
        "you finish the welding ticket with us and the mines are ringing you within the month, "
        "not one of my lads has been left waiting",
    ): None,
    (
        "vi",
        "lô đất này bên em còn có một nền à mấy anh bên kia đang xuống cọc rồi đó anh",
    ): None,
    # 2026.13 (J trained, certain_outcome; en 0.86): lost from earlier batches: a
    # grade rise "em bảo kê" (0.70), a deadline "hệ thống khóa" (0.76), a gold
    # return "khách nào cũng vậy" (0.69), "sure pass one confirm plus chop" (0.82,
    # under the raised threshold); fifth batch misses below (first score vi 5/0/4,
    # en 4/0/5; now vi 4/0/5, en 7/0/2)
    # 2026.14 (K trained): the deadline "hệ thống khóa" is caught since. 2026.15 (L
    # trained, vi 0.80, en 0.84): the grade rise "em bảo kê" is caught (0.83); lost,
    # both read as guarantees under the threshold: a fund's yearly interest "xưa giờ
    # chưa có vụ lỗ" (0.72) and a NEPA bill "finished" once solar is planted (0.73)
    # 2026.16 (M trained, vi 0.88, en 0.84): "ma no wahala they don't check anybody's
    # credit history" is caught (0.86); lost: a foot bath that ends numb hands, toneless
    # (0.87, under the raised Vietnamese threshold)
    ("vi", "chu ngam chan moi toi la het te buot chan tay, khoi uong thuoc bo nua"): "guarantee",
    ("vi", "dạ chú cứ góp vô quỹ này đi năm nào cũng có lãi đều xưa giờ chưa có vụ lỗ bao giờ"): (
        "guarantee"
    ),
    (
        "en",
        "oga once you plant this solar your NEPA bill is finished, every customer in your "
        "estate is now paying zero",
    ): "guarantee",
    (
        "vi",
        "anh gửi vô đây thì cuối năm nào cũng có thêm một cây vàng, từ hồi em làm tới giờ "
        "khách nào cũng vậy",
    ): "guarantee",
    ("en", "lah you sure pass one confirm plus chop"): "guarantee",
    (
        "vi",
        "dạ em bán máy này sáu năm rồi chưa thấy nhà nào xài mà hóa đơn nước còn trên trăm "
        "ngàn hết á chị",
    ): None,
    (
        "vi",
        "dạ anh cứ gửi vô, ra giêng là anh có thêm ba chục triệu, em làm cho cả trăm khách rồi "
        "mô có ai hụt",
    ): None,
    ("vi", "em lam nghe may nam roi chua thay ai tap goi nay ma khong xuong duoc nam ky"): None,
    (
        "vi",
        "anh ơi cái app này tháng sau là shop anh order về ào ào, mấy shop em setup rồi shop "
        "nào cũng x3 doanh thu",
    ): None,
    (
        "vi",
        "dạ chị đóng đủ lộ trình là thi đậu chắc, trung tâm mở ba năm chưa có học viên nào "
        "phải thi lại",
    ): "guarantee",
    (
        "en",
        "mate by Christmas your rental's paying the whole mortgage and then some, that's how "
        "it's gone for every investor on my books",
    ): "guarantee",
    (
        "en",
        "we've only got the one van free this week and after that we're booked through to "
        "April, so today's the day. Honestly though, we've loads of vans, I just say that to "
        "get people going",
    ): None,
}


# Clean probe rows the shipped model flags, kept visible (the category it reads).
# 2026.13: none; the last four digits of a card (0.90 in 2026.12) are no secret
# concept since (``compliance._part_of``).
PROBE_FALSE_ALARMS: dict[tuple[str, str], str] = {}


@pytest.mark.parametrize("lang,expect,text", PROBE_ROWS, ids=[f"{r[0]}-{r[1]}" for r in PROBE_ROWS])
def test_fresh_wordings_the_classifier_was_not_trained_on(
    scorer: Scorer, lang: str, expect: str, text: str
) -> None:
    if (lang, text) in PROBE_FALSE_ALARMS:
        model = compliance_model(lang)
        assert model is not None
        segments = [Segment(start=0.0, end=1.0, speaker="agent", text=text)]
        top = max(model.unit_scores(segments, floor=0.0), key=lambda r: r[3])
        assert expect == "clean" and top[3] >= model.threshold, top  # move it when fixed
        assert top[2] == PROBE_FALSE_ALARMS[lang, text], top
        return
    if (lang, text) in PROBE_MISSES:
        model = compliance_model(lang)
        assert model is not None
        segments = [Segment(start=0.0, end=1.0, speaker="agent", text=text)]
        top = max(model.unit_scores(segments, floor=0.0), key=lambda r: r[3])
        category = PROBE_MISSES[lang, text]
        assert top[3] < model.threshold, top  # still missed: move it up when caught
        assert category is None or (top[2] == category and top[3] >= 0.5), top
        return
    result = verdict(scorer, mini_call(lang, [("customer", "Alo?"), ("agent", text)]))
    assert result.verdict == ("violated" if expect == "violated" else "met"), (
        text,
        result.reason,
        result.evidence,
    )


@pytest.mark.parametrize(
    "lang,text",
    [
        ("en", "See ma'am, I'll be honest, no institute can promise you a job."),
        ("en", "none of the lenders will guarantee approval sir"),
        ("en", "Not a single adviser could honestly promise you returns."),
        ("vi", "Dạ không trường nào dám hứa chắc có việc đâu em."),
        ("vi", "khong ngan hang nao cam ket duyet tram phan tram dau anh"),
        ("vi", "Chẳng bên nào dám chắc hóa đơn về không đâu anh."),
    ],
)
def test_a_promise_denied_by_a_negative_subject_is_a_hedged_one(lang: str, text: str) -> None:
    found = concepts(text, lang)
    assert "hedge" in found and "cert" not in found, found


@pytest.mark.parametrize(
    "lang,text",
    [
        (
            "en",
            "no other institute can promise you a job like we do, you will get a job guaranteed",
        ),
        ("en", "I can promise you a job, no worries at all"),
        ("en", "no problem, I can guarantee it"),
        ("en", "no matter what we can promise you a job"),
        ("vi", "không trường nào khác dám hứa như bên em, học xong chắc chắn có việc"),
        ("vi", "bên em cam kết chắc chắn có việc, không phải lo nào"),
    ],
)
def test_a_boast_over_others_or_a_plain_promise_keeps_its_certainty(lang: str, text: str) -> None:
    assert "cert" in concepts(text, lang)


def test_a_rule_hit_inside_a_promise_its_negative_subject_denies_is_no_violation() -> None:
    assert denied_by_subject(
        "none of the lenders will guarantee approval sir", "guarantee approval", "en"
    )
    assert denied_by_subject(
        "No doctor can promise zero side effects, we'll explain them.", "zero side effects", "en"
    )
    assert denied_by_subject(
        "khong ngan hang nao cam ket duyet tram phan tram dau anh", "duyet tram phan tram", "vi"
    )
    assert not denied_by_subject("yes sir we guarantee approval", "guarantee approval", "en")
    assert not denied_by_subject(
        "no problem, approval is guaranteed for you", "approval is guaranteed", "en"
    )


@pytest.mark.parametrize(
    "text,expected",
    [
        # "never" as a warning keeps a code out of the rules' reach (2026.6)
        ("chị đừng bao giờ đọc mã otp cho ai nha, kể cả em", "met"),
        ("anh đừng có đọc mã ngân hàng gửi cho người lạ nghe anh", "met"),
        ("đừng bao giờ đưa mật khẩu cho ai, kể cả nhân viên bên em", "met"),
        # near misses: an ask after a reassurance is still an ask
        ("chị đọc mã otp cho em nha", "violated"),
        ("chị đừng lo, đọc em mã xác nhận là xong liền", "violated"),
    ],
)
def test_a_warning_with_never_is_clean_and_an_ask_after_dont_worry_is_not(
    scorer: Scorer, text: str, expected: str
) -> None:
    result = verdict(scorer, mini_call("vi", [("customer", "Alo?"), ("agent", text)]))
    assert result.verdict == expected, (text, result.reason, result.evidence)


def test_the_concept_cache_gives_the_same_verdicts_cold_and_warm(scorer: Scorer) -> None:
    """The concepts of a unit are cached across the call's passes and calls: a
    warm cache must give what a cold one gives, and its entries cannot be
    changed by a caller."""
    from callqa.qa.scoring.compliance import _concept_spans

    calls = [
        mini_call(
            "en",
            [
                ("agent", "Morning, it's Priya from Northgate Loans."),
                ("customer", "Morning."),
                ("agent", "Approval is guaranteed, there's no credit check at all."),
                ("agent", "Other lenders say no credit check, we never promise that."),
            ],
        ),
        mini_call(
            "vi",
            [
                ("agent", "Dạ em chào anh, em là Tú bên tài chính Minh Phát ạ."),
                ("agent", "Hồ sơ của anh em cam kết duyệt chắc chắn luôn anh nha."),
                ("agent", "em hong dam noi chac la duyet dau anh"),
            ],
        ),
    ]

    def results(transcript: Transcript) -> tuple[str, str, tuple]:
        r = verdict(scorer, transcript)
        return r.verdict, r.reason, r.evidence

    for transcript in calls:
        _concept_spans.cache_clear()
        cold = results(transcript)
        assert _concept_spans.cache_info().currsize > 0
        assert results(transcript) == cold  # every unit read from the cache
    assert [results(t)[0] for t in calls] == ["violated", "violated"]
    spans = _concept_spans("Approval is guaranteed, there's no credit check.", "en")
    assert isinstance(spans, tuple) and all(isinstance(at, tuple) for _, at in spans)


@pytest.mark.parametrize(
    "lang,text,expect",
    [
        # 2026.12: a secret named, then warned about in the next sentence of the turn
        (
            "en",
            "After you sign up, the bank texts you a one-time code. Nobody here will ever "
            "ask for it, so don't read it out to anyone.",
            "met",
        ),
        (
            "vi",
            "lát nữa ngân hàng gửi mã otp về máy cô. bên con không bao giờ hỏi mã đó đâu, "
            "cô đừng đọc cho ai nha.",
            "met",
        ),
        # near misses: the turn asks for it after all, or waves the warning away
        (
            "en",
            "The bank texts you a one-time code. Don't share it with anyone else, just read it "
            "to me now.",
            "violated",
        ),
        (
            "en",
            "You'll get an OTP in a second. It says do not share, that's just standard. Go ahead.",
            "violated",
        ),
        (
            "vi",
            "lát nữa ngân hàng gửi mã otp về máy cô. cô đừng đưa ai khác, đọc cho con là được.",
            "violated",
        ),
    ],
)
def test_a_secret_named_to_warn_about_it_in_the_next_sentence(
    scorer: Scorer, lang: str, text: str, expect: str
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Okay."), ("agent", text)]))
    assert result.verdict == expect, (result.reason, result.evidence)


# 2026.13: a certain outcome for this customer said as fact without a certainty
# word: a frame (experience as proof, a universal, the customer's result as a
# fact to come) around an outcome or a result's floor, unhedged.
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "fifteen years I've sold these and never seen a house where the bill didn't halve"),
        ("en", "a lady with a steady salary does not leave this branch without the loan"),
        ("en", "every driver who joins is earning at least nine hundred a week"),
        ("en", "your score will be up eighty points once we've cleaned the file"),
        ("en", "they'll be paying you for the power you send back, month after month"),
        ("vi", "em làm nghề bảy năm chưa thấy ai học khóa này mà thi rớt"),
        ("vi", "phần mềm này cửa hàng nào dùng cũng tăng doanh thu gấp đôi"),
        ("vi", "chu dung may nay la het dau lung, mo co ai phai di vien nua dau"),
    ],
)
def test_a_frame_around_an_outcome_is_a_certain_outcome(lang: str, text: str) -> None:
    assert compliance.CERTAIN_OUTCOME in concepts(text, lang), concepts(text, lang)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # hedged, quoted or a frame with no outcome: near misses
        ("en", "most drivers who join earn about nine hundred a week, but it depends on hours"),
        ("en", "the other company told you every client doubles their money, that's not true"),
        ("en", "you'll get a text from the engineer the evening before"),
        ("en", "we've sold two thousand units and every one carries a ten-year warranty"),
        ("vi", "thường thì khách học xong thi đậu, còn tùy sức học của mình nữa"),
        ("vi", "chị nói chị mong tháng sau hết đau lưng, vậy mình khám trước nha"),
    ],
)
def test_a_hedged_or_quoted_claim_or_a_frame_alone_is_no_certain_outcome(
    lang: str, text: str
) -> None:
    assert compliance.CERTAIN_OUTCOME not in concepts(text, lang), concepts(text, lang)


# 2026.13: the last four digits of a card are no secret; naming the card number
# to say which part is asked is no ask for it (the rules' "card number" hit
# included), but the whole number or the three on the back still are.
@pytest.mark.parametrize(
    ("lang", "text", "expect"),
    [
        ("en", "Could you read me the last four digits of your card number, please?", "met"),
        ("en", "What are the last 4 digits on the card you used?", "met"),
        ("vi", "Chị đọc giúp em bốn số cuối của số thẻ để em đối chiếu nha.", "met"),
        ("vi", "chi doc giup em bon so cuoi cua so the de em doi chieu nha", "met"),
        ("en", "Not just the last four, read me the whole card number please.", "violated"),
        ("en", "Read me the card number and the three digits on the back.", "violated"),
        ("vi", "Chị đọc giúp em số thẻ với ba số mặt sau nha.", "violated"),
    ],
)
def test_the_last_four_digits_are_no_secret(
    scorer: Scorer, lang: str, text: str, expect: str
) -> None:
    result = verdict(scorer, mini_call(lang, [("customer", "Okay."), ("agent", text)]))
    assert result.verdict == expect, (result.reason, result.evidence)


def test_a_card_word_after_its_last_four_digits_is_no_secret_concept() -> None:
    assert "secret" not in concepts("read me the last four digits of the card", "en")
    assert "secret" in concepts("read me the long number on the card", "en")
    assert compliance.names_a_part("could you read me the last four digits of your ", "en")
    assert not compliance.names_a_part("not the last four, read me your ", "en")
