"""Persona forms: loading, value extraction, fit, and the ``callqa persona`` command."""

import json
from datetime import date
from pathlib import Path

import pytest
from callqa.qa.persona import PersonaFormError, fill, form_from_dict, load_form, result_to_dict
from callqa.qa.persona.amounts import find_amounts
from callqa.qa.persona.answers import reply
from callqa.qa.persona.catalog import load_catalog
from callqa.qa.persona.dates import find_dates, resolve_relative
from callqa.qa.persona.evaluate import evaluate
from callqa.qa.persona.review import Correction, corrected
from callqa.qa.records import Segment, Transcript, Word
from callqa.qa.scoring import load_transcript
from typer.testing import CliRunner

from callqa.cli import app

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "persona"
SOLAR = DATA / "forms" / "solar_vi.yaml"
runner = CliRunner()


def _call(*turns: tuple[str, str], language: str = "vi") -> Transcript:
    segments, t = [], 0.0
    for speaker, text in turns:
        segments.append(Segment(t, t + 2.0, text, speaker))
        t += 3.0
    return Transcript(language=language, duration_s=t, segments=tuple(segments))


# --- forms -------------------------------------------------------------------


def test_issue_form_loads_with_its_target():
    form = load_form(SOLAR)
    assert form.name == "solar-hcm-2026"
    assert [f.type for f in form.fields] == [
        "text", "amount", "date", "yes_no", "choice", "yes_no", "number"
    ]  # fmt: skip
    target = {(c.field, c.op): c.value for c in form.target}
    assert target == {
        ("budget", "min"): 80000000.0,
        ("province", "in"): ("Hồ Chí Minh", "Bình Dương", "Đồng Nai"),
        ("homeowner", "equals"): "yes",  # YAML's bare yes read as the answer, not a boolean
        ("timeline", "before"): "+6m",
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"fields": {"budget": {"type": "money"}}}, "field 'budget': unknown type 'money'"),
        ({"target": {"income": {"min": 1}}}, "target 'income': no such field"),
        (
            {"target": {"province": {"in": ["Huế"]}}},
            "target 'province': 'Huế' is not one of the choices",
        ),
        ({"target": {"homeowner": {"min": 1}}}, "'min' does not apply to a yes_no field"),
        ({"target": {"timeline": {"before": "soon"}}}, "target 'timeline': before must be a date"),
        ({"fields": {"seats": {"type": "number", "choices": [1]}}}, "choices are only for"),
        ({"colour": "red"}, "unknown key 'colour'"),
    ],
)
def test_bad_forms_fail_at_load_naming_file_field_and_reason(tmp_path, change, message):
    data = {
        "name": "f",
        "fields": {
            "budget": {"type": "amount"},
            "province": {"type": "choice", "choices": ["Hà Nội", "Hồ Chí Minh"]},
            "homeowner": {"type": "yes_no"},
            "timeline": {"type": "date"},
        },
    }
    for key, value in change.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    path = tmp_path / "bad.yaml"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(PersonaFormError) as info:
        load_form(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)


def test_catalog_chooses_the_form_by_campaign_with_a_default():
    catalog = load_catalog(folder=ROOT / "examples" / "forms")
    assert catalog.for_campaign("solar-rooftop-2024").name == "solar-rooftop"
    assert catalog.for_campaign("home-insurance-2024").name == "home-insurance"
    assert catalog.for_campaign("english-course-2024").name == "english-course"
    assert catalog.for_campaign("spring-promo").name == "default"
    assert catalog.for_campaign(None).name == "default"
    mapped = load_catalog(forms={"spring-promo": SOLAR})
    assert mapped.for_campaign("spring-promo").name == "solar-hcm-2026"


def test_two_forms_claiming_one_campaign_is_an_error(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(
            f"name: {name}\ncampaigns: [x]\nfields: {{need: {{type: text}}}}\n", encoding="utf-8"
        )
    with pytest.raises(PersonaFormError, match="campaign 'x' already has the form"):
        load_catalog(folder=tmp_path)


# --- values ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("Tầm trăm triệu đổ lại", 100_000_000),
        ("tam tram trieu", 100_000_000),
        ("chắc phải 1 tỷ 2 mới đủ", 1_200_000_000),
        ("hai trăm củ", 200_000_000),
        ("hai lít thôi", 200_000),
        ("ba tỏi", 3_000_000_000),
        ("2tr5", 2_500_000),
        ("25.000.000 đồng", 25_000_000),
        ("năm chục triệu", 50_000_000),
        ("Khoảng 5 đến 7 triệu một năm", 7_000_000),
        ("$25k", 25_000),
        ("twenty five thousand a year", 25_000),
        ("between fifteen and twenty thousand dollars", 20_000),
        ("a hundred grand", 100_000),
        ("one point five million", 1_500_000),
        ("about two and a half thousand a month", 2_500),
        ("two and a half lakhs", 250_000),
        ("mỗi tháng hai chai là cùng", 2_000_000),
        ("ba chai bia với hai chai thôi", 2_000_000),
    ],
)
def test_amounts_as_people_say_them(said, value):
    assert find_amounts(said)[-1].value == value


@pytest.mark.parametrize(
    "said",
    [
        "Nhà anh có 4 người",
        "năm 2026",
        "ba mẹ anh ở quê",
        # a bottle or a litre of something is a measure, not slang money
        "tối nào ổng cũng uống ba chai bia",
        "mỗi tuần đổ hai lít xăng",
        "hai lit xang",
        "two and a half hours",
    ],
)
def test_counts_and_years_are_not_amounts(said):
    assert find_amounts(said) == ()


@pytest.mark.parametrize(
    ("said", "value"),
    [
        ("Tháng sau đi em", date(2026, 4, 30)),
        ("sau Tết", date(2027, 2, 6)),  # Tết 2026 (17 Feb) is over by 10 March
        ("cuối năm", date(2026, 12, 31)),
        ("end of next quarter", date(2026, 6, 30)),
        ("next month", date(2026, 4, 30)),
        ("3 tháng nữa", date(2026, 6, 10)),
        ("in two weeks", date(2026, 3, 24)),
        ("tháng 5", date(2026, 5, 31)),
        ("tháng 2", date(2027, 2, 28)),
        ("15/4", date(2026, 4, 15)),
    ],
)
def test_dates_relative_to_the_call(said, value):
    assert find_dates(said, date(2026, 3, 10))[-1].value == value


def test_tet_before_the_new_year_is_that_years():
    assert find_dates("trước Tết", date(2024, 10, 14))[-1].value == date(2025, 1, 29)
    assert resolve_relative("+6m", date(2026, 8, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("said", "answer"),
    [("Dạ không em ạ", "no"), ("ừ đúng rồi", "yes"), ("yep", "yes"), ("Maybe later", None)],
)
def test_replies(said, answer):
    assert reply(said) == answer


@pytest.mark.parametrize("said", ["Nhà anh ở Sài Gòn", "nha o sai gon", "HCM em", "ở Sg", "TP.HCM"])
def test_places_with_or_without_tone_marks_and_nicknames(said):
    form = load_form(SOLAR)
    call = _call(("agent", "Anh ở đâu ạ?"), ("customer", said))
    assert fill(call, form, date(2026, 3, 10)).value("province").value == "Hồ Chí Minh"


def test_only_the_customer_counts_and_a_confirmation_takes_the_agents_value():
    form = load_form(SOLAR)
    call = _call(
        ("agent", "Bên em chỉ lắp ở Hà Nội. Anh dự tính ngân sách khoảng 100 triệu đúng không?"),
        ("customer", "Đúng rồi em."),
    )
    result = fill(call, form, date(2026, 3, 10))
    assert result.value("province") is None  # the agent's words are not the customer's
    budget = result.value("budget")
    assert (budget.value, budget.confirmed, budget.start) == (100_000_000, True, 3.0)


def test_the_last_value_wins_and_starts_at_its_word():
    form = load_form(DATA / "forms" / "insurance_en.yaml")
    said = "Around twelve hundred. Actually no, a thousand."
    words = tuple(Word(4.0 + i * 0.3, 4.2 + i * 0.3, w) for i, w in enumerate(said.split()))
    call = Transcript(
        language="en",
        duration_s=10.0,
        segments=(
            Segment(0.0, 3.0, "What would you pay per year?", "agent"),
            Segment(4.0, 7.0, said, "customer", words),
        ),
    )
    budget = fill(call, form, date(2026, 3, 2)).value("budget")
    assert budget.value == 1000
    assert budget.start == pytest.approx(4.0 + 5 * 0.3)  # the word "a" of "a thousand"


def test_yes_no_statements_and_inverted_questions():
    form = load_form(DATA / "forms" / "solar_en.yaml")
    call = _call(
        ("agent", "Is anyone else involved in the decision?"),
        ("customer", "No."),
        ("agent", "Are you still interested?"),
        ("customer", "Maybe, I'm renting at the moment though."),
        language="en",
    )
    result = fill(call, form, date(2026, 3, 2))
    assert result.value("decision_maker").value == "yes"
    assert result.value("homeowner").value == "no"


def test_a_negated_need_is_not_a_need():
    form = load_form(DATA / "forms" / "insurance_en.yaml")
    call = _call(("customer", "I'm not sure I need it honestly."), language="en")
    assert fill(call, form, date(2026, 3, 2)).value("need") is None


# --- fit ---------------------------------------------------------------------


def test_fit_right_wrong_unknown_with_one_reason_per_violation():
    form = load_form(SOLAR)
    day = date(2026, 6, 15)
    wrong = fill(load_transcript(DATA / "heldout" / "vi04.json"), form, day)
    assert wrong.fit == "wrong"
    assert [r.split(":")[0] for r in wrong.reasons] == ["budget", "province", "homeowner"]
    assert wrong.violated == ("budget:min", "province:in", "homeowner:equals")
    right = fill(load_transcript(DATA / "heldout" / "vi01.json"), form, date(2026, 3, 10))
    assert (right.fit, right.reasons) == ("right", ())
    unknown = fill(_call(("customer", "Nhà anh ở Sài Gòn.")), form, day)
    assert (unknown.fit, unknown.completeness) == ("unknown", round(1 / 7, 3))


def test_optional_criteria_and_marketing_reasons():
    form = form_from_dict(
        {
            "name": "f",
            "fields": {
                "budget": {"type": "amount"},
                "province": {"type": "choice", "choices": ["Hà Nội", "Cà Mau"]},
            },
            "target": {
                "budget": {"min": 50_000_000},
                "province": {"in": ["Hà Nội"], "optional": True, "reason": "outside the area"},
            },
        }
    )
    said = _call(("agent", "Ngân sách bao nhiêu ạ?"), ("customer", "Tầm 100 triệu."))
    assert fill(said, form, date(2026, 1, 5)).fit == "right"
    far = _call(("customer", "Chị ở Cà Mau."))
    # the detail of what the value did reads in the call's language
    assert fill(far, form, date(2026, 1, 5)).reasons == (
        "province: outside the area (Cà Mau không thuộc Hà Nội)",
    )
    far_en = _call(("customer", "I live in Ca Mau."), language="en")
    assert fill(far_en, form, date(2026, 1, 5)).reasons == (
        "province: outside the area (Cà Mau is not one of Hà Nội)",
    )


def test_reasons_follow_the_calls_language():
    form = form_from_dict(
        {
            "name": "f",
            "fields": {"budget": {"type": "amount"}, "start": {"type": "date"}},
            "target": {
                "budget": {
                    "min": 50_000_000,
                    "reason": {"vi": "ngân sách quá thấp", "en": "budget too small"},
                },
                "start": {"before": "+1m"},
            },
        }
    )
    day = date(2026, 1, 5)
    vi = fill(
        _call(("agent", "Ngân sách bao nhiêu ạ?"), ("customer", "Tầm 20 triệu thôi.")), form, day
    )
    assert vi.reasons == (
        "budget: ngân sách quá thấp (20.000.000 thấp hơn mức tối thiểu 50.000.000)",
    )
    en = fill(
        _call(("agent", "What's your budget?"), ("customer", "About 20 million."), language="en"),
        form,
        day,
    )
    assert en.reasons == ("budget: budget too small (20,000,000 is below the minimum 50,000,000)",)
    # a reviewer's correction re-decides the fit in the language of the customer's words
    fixed, fit = corrected(form, vi, (Correction("budget", "30000000"),), day, "unknown")
    assert fit == "wrong"
    assert fixed.reasons == (
        "budget: ngân sách quá thấp (30.000.000 thấp hơn mức tối thiểu 50.000.000)",
    )
    # a Vietnamese call whose form kept no value: the call's language says which
    empty = fill(_call(("agent", "Chị quan tâm gói nào ạ?"), ("customer", "Dạ.")), form, day)
    assert empty.values == ()
    guessed, _ = corrected(form, empty, (Correction("budget", "30000000"),), day, "unknown")
    assert guessed.reasons[0].startswith("budget: budget too small")
    told, _ = corrected(
        form, empty, (Correction("budget", "30000000"),), day, "unknown", language="vi"
    )
    assert told.reasons == (
        "budget: ngân sách quá thấp (30.000.000 thấp hơn mức tối thiểu 50.000.000)",
    )


def test_sample_calls_show_right_wrong_and_unknown():
    catalog = load_catalog(folder=ROOT / "examples" / "forms")
    fits = {}
    for ref in sorted((ROOT / "examples" / "calls").glob("*.ref.json")):
        meta = json.loads(ref.with_name(ref.name.replace(".ref.json", ".json")).read_text())
        form = catalog.for_campaign(meta["campaign"])
        day = date.fromisoformat(meta["call_time"][:10])
        result = fill(load_transcript(ref), form, day)
        fits[ref.name.split(".")[0]] = (result.fit, result.reasons)
    assert fits["vi_solar_good_01"] == ("right", ())
    assert fits["en_insurance_good_07"] == ("right", ())
    assert fits["vi_solar_wrong_target_05"][0] == "wrong"
    assert "ngoài khu vực phục vụ" in fits["vi_solar_wrong_target_05"][1][0]
    assert fits["en_insurance_wrong_target_10"] == (
        "wrong",
        ("country: lives outside Vietnam (Singapore is not one of Việt Nam)",),
    )
    assert fits["vi_insurance_poor_04"] == ("unknown", ())


def test_labelled_set_held_out_accuracy():
    report = evaluate(DATA / "heldout" / "labels.jsonl")
    assert report.calls == 12
    assert all(t.accuracy >= 0.9 for t in report.by_type.values()), report.errors
    assert report.fit.accuracy >= 0.9, report.errors


# --- command line ------------------------------------------------------------


def test_persona_command_json_shape():
    result = runner.invoke(
        app,
        [
            "persona",
            str(DATA / "heldout" / "vi04.json"),
            "--form",
            str(SOLAR),
            "--call-date",
            "2026-06-15",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"form", "fields", "missing", "completeness", "fit", "reasons"}
    assert data["fields"]["budget"] == {"value": 50000000, "start": 17.92}
    assert data["fields"]["province"]["value"] == "Hà Nội"
    assert data["missing"] == ["need", "timeline", "decision_maker", "seats"]
    assert data["fit"] == "wrong" and len(data["reasons"]) == 3


def test_persona_command_table_and_bad_form(tmp_path):
    result = runner.invoke(
        app, ["persona", str(DATA / "heldout" / "vi01.json"), "--form", str(SOLAR)]
    )
    assert result.exit_code == 0, result.output
    assert "fit: right" in result.output and "100,000,000" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nfields: {budget: {type: money}}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["persona", str(DATA / "heldout" / "vi01.json"), "--form", str(bad)]
    )
    assert result.exit_code == 2
    assert "field 'budget': unknown type 'money'" in result.output
    assert "Traceback" not in result.output


def test_result_to_dict_keeps_dates_and_integers_plain():
    form = load_form(SOLAR)
    call = _call(("agent", "Khi nào lắp ạ?"), ("customer", "Tháng sau."))
    data = result_to_dict(fill(call, form, date(2026, 3, 10)))
    assert data["fields"]["timeline"] == {"value": "2026-04-30", "start": 3.0}


def test_a_call_without_speakers_is_read_as_all_customer():
    form = load_form(SOLAR)
    call = _call(("unknown", "Anh dự tính ngân sách bao nhiêu?"), ("unknown", "Tầm 200 triệu."))
    assert fill(call, form, date(2026, 3, 10)).value("budget").value == 200_000_000
