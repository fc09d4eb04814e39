"""The review app's languages: catalogs complete, the language chosen right, local formats."""

from __future__ import annotations

import io
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.messages.pofile import read_po
from callqa.qa.spreadsheet import safe_cell
from callqa.web.export import clean_rows, xlsx_bytes
from callqa.web.i18n import Formats, catalog_path, choose_language, parse_accept_language
from callqa.web.params import parse_day
from openpyxl import load_workbook

from tests.web_server import call_ids, client_for, make_app

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from i18n_extract import extract  # noqa: E402

SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")


def test_every_message_of_the_app_is_in_the_vietnamese_catalog_and_translated():
    used = {m.id for m in extract() if m.id}
    assert len(used) > 200  # templates and web/*.py were both read
    with catalog_path("vi").open("rb") as f:
        vi = {m.id: m.string for m in read_po(f, locale="vi") if m.id}
    missing = sorted(used - set(vi))
    assert missing == [], "run scripts/i18n_extract.py and translate: " + ", ".join(missing)
    untranslated = sorted(m for m in used if not vi[m].strip())
    assert untranslated == []
    placeholders = re.compile(r"%\(\w+\)s")
    for message in used:  # a translation keeps every placeholder
        assert sorted(placeholders.findall(message)) == sorted(placeholders.findall(vi[message]))
    with catalog_path("en").open("rb") as f:
        assert used <= {m.id for m in read_po(f, locale="en") if m.id}


def test_every_flag_kind_and_loss_cause_has_a_label():
    """Codes the app stores are shown through a label (else the raw code, in English)."""
    from callqa.qa.flags import SEVERITY
    from callqa.qa.funnel import ATTRIBUTIONS
    from callqa.web.labels import LABELS

    assert sorted(set(SEVERITY) - set(LABELS["flag"])) == []
    assert sorted(set(ATTRIBUTIONS) - set(LABELS["cause"])) == []


def test_no_template_text_escapes_the_catalog():
    """Visible English words outside {{ _() }} would stay English on a Vietnamese page."""
    text_between_tags = re.compile(r">\s*([A-Za-z][A-Za-z ,.']{3,})\s*<")
    for template in (ROOT / "web" / "templates").glob("*.html"):
        html = re.sub(r"{[{%#].*?[}%#]}", "", template.read_text(encoding="utf-8"), flags=re.S)
        found = [t for t in text_between_tags.findall(html) if t.strip() not in ("CSV", "XLSX")]
        assert found == [], (template.name, found)


@pytest.mark.parametrize(
    ("cookie", "header", "default", "expected"),
    [
        (None, None, "vi", "vi"),
        (None, None, "en", "en"),
        (None, "en-US,en;q=0.9", "vi", "en"),
        (None, "fr-FR,vi;q=0.8,en;q=0.5", "en", "vi"),
        (None, "en;q=0.3,vi-VN;q=0.9", "en", "vi"),
        (None, "de, fr", "vi", "vi"),
        ("en", "vi-VN", "vi", "en"),  # the user's own choice wins
        ("xx", "en", "vi", "en"),  # a forged cookie is ignored
    ],
)
def test_language_choice(cookie, header, default, expected):
    assert choose_language(cookie, header, default) == expected


def test_accept_language_ignores_zero_quality():
    assert parse_accept_language("vi;q=0, en") == ["en"]


def test_vietnamese_formats():
    vi = Formats(lang="vi", zone=SAIGON)
    assert vi.money(1250000) == "1.250.000\xa0₫"
    assert vi.number(1250000.5) == "1.250.000,5"
    assert vi.percent(0.25) == "25%"
    moment = datetime(2024, 10, 24, 2, 5, tzinfo=UTC)  # 09:05 in Ho Chi Minh City
    assert vi.datetime(moment) == "24/10/2024 09:05"
    assert vi.date(date(2024, 3, 9)) == "09/03/2024"
    assert vi.duration_min(13.2) == "13 phút"
    assert vi.duration_min(1050) == "17 giờ 30 phút"
    assert vi.duration_min(5110) == "3 ngày 13 giờ"
    en = Formats(lang="en", zone=SAIGON)
    assert en.datetime(moment) == "24 Oct 2024, 09:05"
    assert en.number(1250000.5) == "1,250,000.5"
    assert en.duration_min(60) == "1 h"


def test_days_typed_either_way():
    assert parse_day("24/10/2024") == date(2024, 10, 24)
    assert parse_day("2024-10-24") == date(2024, 10, 24)
    assert parse_day(" ") is None
    with pytest.raises(ValueError, match="not a day"):
        parse_day("31/02/2024")


def test_formulas_are_neutralised_in_every_export_cell():
    dangerous = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
    assert [safe_cell(v) for v in dangerous] == ["'" + v for v in dangerous]
    assert [safe_cell(v) for v in (-5, 3.5, None, True, "Nguyễn")] == [
        -5,
        3.5,
        None,
        True,
        "Nguyễn",
    ]
    rows = [{"rep": "=cmd|' /C calc'!A0", "calls": ["=1", "2"], "score": -12.5}]
    assert clean_rows(rows) == [{"rep": "'=cmd|' /C calc'!A0", "calls": "'=1, 2", "score": -12.5}]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(rows, "=bad"))).active
    assert [c.value for c in sheet[2]] == ["'=cmd|' /C calc'!A0", "'=1, 2", -12.5]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    return make_app(tmp_path_factory.mktemp("web-i18n"), language="vi")


def test_pages_follow_the_language_and_item_labels_follow_the_viewer(app):
    client, _ = client_for(app, "duc")
    page = client.get("/coach").text
    assert '<html lang="vi">' in page and "Bảng xếp hạng" in page
    assert "Chào hỏi khách hàng trong 20 giây đầu" in page
    assert "Greets the customer" not in page  # English reps' items in Vietnamese here
    english = client.get("/coach", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert '<html lang="en">' in english and "Leaderboard" in english
    assert "Greets the customer within the first 20 seconds" in english
    assert "Chào hỏi" not in english
    switched = client.get("/lang/en?next=/coach", follow_redirects=False)
    assert switched.status_code == 303 and switched.headers["location"] == "/coach"
    assert '<html lang="en">' in client.get("/coach").text  # the cookie now decides
    assert (
        client.get("/lang/en?next=//evil.test/", follow_redirects=False).headers["location"] == "/"
    )
    client.get("/lang/vi")
    call = call_ids(client)["en_solar_poor_09"]
    html = client.get(f"/calls/{call}").text
    assert "Chào hỏi khách hàng trong 20 giây đầu" in html  # an English call, a Vietnamese reader
    assert "ngôn từ cấm" in html and "24/10/2024 16:40" in html


def test_exports_match_the_cli(app, tmp_path):
    from typer.testing import CliRunner

    from callqa.cli import app as cli

    client, _ = client_for(app, "mai")
    web = client.get("/export/marketing.csv")
    assert web.status_code == 200 and "attachment" in web.headers["content-disposition"]
    out = tmp_path / "campaigns.csv"
    db = app.state.settings.db_url
    result = CliRunner().invoke(
        cli, ["report", "campaigns", "--format", "csv", "-o", str(out), "--db", db]
    )
    assert result.exit_code == 0, result.output
    assert web.content == out.read_bytes()  # BOM, header and figures alike
    out = tmp_path / "reps.csv"
    CliRunner().invoke(cli, ["report", "reps", "--format", "csv", "-o", str(out), "--db", db])
    assert client.get("/export/reps.csv").content == out.read_bytes()
    book = load_workbook(io.BytesIO(client.get("/export/queue.xlsx").content)).active
    assert [c.value for c in book[1]][:4] == ["recording_id", "call", "severity", "score"]
    assert client.get("/export/queue.pdf").status_code == 422


def test_stored_flag_reasons_are_reworded_for_the_reader():
    from callqa.app.checklists import item_catalog
    from callqa.qa.config import Config
    from callqa.web.i18n import translations
    from callqa.web.labels import flag_reason

    catalog = item_catalog(Config())
    vi = Formats(lang="vi", zone=SAIGON)
    gettext = translations("vi").gettext

    def reword(kind: str, reason: str) -> str:
        return flag_reason(gettext, kind, reason, catalog, "vi", vi.duration_min)

    assert (
        reword("sla_breach", "lead LD-1008 first contacted after 5110 min (SLA 30)")
        == "khách hàng LD-1008 được liên hệ lần đầu sau 3 ngày 13 giờ (SLA 30 phút)"
    )
    english_label = "Agrees a concrete next step (appointment, quote, callback time, payment)"
    assert english_label in catalog["next_step"].labels.values()
    assert reword("critical_missed", f"critical item missed: {english_label}") == (
        "thiếu tiêu chí bắt buộc: " + catalog["next_step"].labels["vi"]
    )
    assert reword("below_pass_mark", "score 20 (pass mark 70)") == "điểm 20 (điểm đạt 70)"
    assert reword("mystery", "something new") == "something new"  # unknown wording: as stored
