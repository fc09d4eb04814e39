"""Reasons the pipeline gives (transcript quality, disqualifying criteria) in the reader's
language: stored as codes and figures, or as English text from before, worded on the page."""

from __future__ import annotations

import pytest
from callqa.qa.asr.quality import QualityReason, read_reason, read_reasons
from callqa.qa.flags import call_flags, read_unreliable_reason

from tests.web_server import call_ids, client_for, make_app

EN = {"Accept-Language": "en-GB,en;q=0.9"}


def test_quality_reasons_read_back_from_their_english_words():
    reasons = (
        QualityReason("speech_words", {"words": 2, "speech_s": 31.0}),
        QualityReason("real_words", {"share": 0.62}),
        QualityReason("vietnamese_phrases", {"share": 0.12}),
        QualityReason("repetition", {"ratio": 4.2}),
        QualityReason("confidence", {"log_prob": -1.31}),
    )
    for reason in reasons:
        assert read_reason(reason.text()) == reason  # text stored before codes
        assert read_reason(reason.to_dict()) == reason
    (flag,) = call_flags(None, pass_mark=None, unreliable_reasons=reasons)
    assert read_unreliable_reason(flag.reason) == reasons
    assert read_unreliable_reason("score 40 (pass mark 70)") is None
    odd = read_reasons({"reasons": ["something said long ago"]})
    assert odd == (QualityReason("as_stored", {"text": "something said long ago"}),)
    assert odd[0].text() == "something said long ago"  # shown as stored, nothing lost


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-i18n-reasons"), language="vi")


def test_transcript_unreliable_reasons_follow_the_reader(app):
    from callqa.app.flags import refresh_flags
    from callqa.models.db import session_scope
    from callqa.models.tables import Recording

    client, _ = client_for(app, "lan")
    ids = call_ids(client)
    new, old = sorted(ids.values())[:2]
    coded = QualityReason("vietnamese_phrases", {"share": 0.12})
    with session_scope(app.state.engine) as session:
        for rid, quality in (
            (new, {"score": 0.2, "reasons": [coded.text()], "reason_codes": [coded.to_dict()]}),
            (old, {"score": 0.3, "reasons": ["4 words for 31 s of speech"]}),  # before codes
        ):
            rec = session.get(Recording, rid)
            rec.transcript_unreliable, rec.transcript_quality, rec.quality = True, 0.2, quality
            session.add(rec)
    refresh_flags(app.state.engine, app.state.settings.config)

    page = client.get(f"/calls/{new}").text
    assert "12% âm tiết ghép thành từ có trong từ điển" in page
    assert "bản ghi lời không đáng tin, hãy nghe cuộc gọi" in page  # the flag's reason
    assert "dictionary words" not in page and "listen to the call" not in page
    assert "4 từ cho 31 giây lời nói" in client.get(f"/calls/{old}").text
    queue = client.get("/queue").text
    assert "12% âm tiết ghép thành từ có trong từ điển" in queue
    assert "4 từ cho 31 giây lời nói" in queue and "words for" not in queue
    english = client.get(f"/calls/{new}", headers=EN).text
    assert "12% of syllables form dictionary words" in english
    assert "transcript unreliable, listen to the call" in english
    assert "âm tiết" not in english
    detail = client.get(f"/api/calls/{old}").json()
    assert detail["quality_reasons"] == ["4 words for 31 s of speech"]
    assert detail["quality_reason_codes"] == [
        {"code": "speech_words", "params": {"words": 4, "speech_s": 31.0}}
    ]


def test_form_labels_and_reasons_per_language_or_plain_text():
    from callqa.qa.persona.catalog import criterion_label
    from callqa.qa.persona.form import PersonaFormError, form_from_dict, form_to_dict

    data = {
        "name": "f",
        "language": "vi",
        "fields": {"city": {"type": "choice", "choices": ["Huế", "Đà Nẵng"], "label": "city"}},
        "target": {"city": {"in": ["Huế"], "reason": {"en": "outside Hue", "vi": "ngoài Huế"}}},
    }
    form = form_from_dict(data)
    (criterion,) = form.target
    assert criterion.reason == "ngoài Huế"  # the form's language is the one stored
    assert criterion_label(form, "city:in", "en") == "outside Hue"
    assert criterion_label(form, "city:in") == "ngoài Huế"
    assert form_from_dict(form_to_dict(form)) == form  # stored beside each filled form
    data["target"]["city"]["reason"] = "outside Hue"  # plain text, as before
    assert form_from_dict(data).target[0].reason_in("vi") == "outside Hue"
    data["target"]["city"]["reason"] = {"vietnamese": "ngoài Huế"}
    with pytest.raises(PersonaFormError, match="target 'city': reason: 'vietnamese' is not"):
        form_from_dict(data)


@pytest.fixture(scope="module")
def persona_app(tmp_path_factory):
    from tests.seed import FORMS
    from tests.web_server import make_app

    return make_app(tmp_path_factory.mktemp("web-i18n-persona"), "vi", persona_forms=FORMS)


def test_disqualifying_reasons_follow_the_reader(persona_app):
    client, _ = client_for(persona_app, "mai")
    page = client.get("/marketing").text
    assert "ngoài khu vực phục vụ" in page and "outside the service area" not in page
    english = client.get("/marketing", headers=EN).text
    assert "outside the service area" in english and "ngoài khu vực phục vụ" not in english
    persona = client.get("/persona?by=campaign").text
    assert "ngoài khu vực phục vụ" in persona
