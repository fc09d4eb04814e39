"""Lead import at scale: streamed, committed in batches, progress shown, repeats warned about.

Plus property-based tests (Hypothesis) of the lead reader and the phone normaliser.
"""

from __future__ import annotations

import csv
import io
import string
from datetime import datetime

import callqa.app.leads as lead_import
import pytest
from callqa.app.settings import load_settings
from callqa.models.db import get_engine, session_scope
from callqa.models.tables import Lead
from callqa.qa.config import DEFAULT_STATUS_MAP
from callqa.qa.errors import LeadImportError
from callqa.qa.leads import normalize_phone, read_leads
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import func, select
from typer.testing import CliRunner

from callqa.cli import app

HEADER = "lead_id,created_at,source,campaign,status,owner,phone\n"


def write_csv(path, ids):
    rows = [
        f"{i},2024-03-01T08:00:00+07:00,web,c{n % 3},Mới,Lan,0912 000 {n:03d}"
        for n, i in enumerate(ids)
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture
def settings_(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("data_dir: data\n", encoding="utf-8")
    return load_settings(config, db_url=None, environ={})


def stored(settings_) -> int:
    with session_scope(get_engine(settings_.db_url)) as session:
        return session.exec(select(func.count()).select_from(Lead)).one()


def test_batches_are_committed_as_they_go(settings_, tmp_path, monkeypatch):
    path = tmp_path / "leads.csv"
    write_csv(path, [f"L{i}" for i in range(25)])
    monkeypatch.setattr(lead_import, "LEAD_BATCH_ROWS", 10)
    real = lead_import.crud.upsert_leads
    calls = []

    def crash_on_third(**kwargs):
        calls.append(len(kwargs["leads"]))
        if len(calls) == 3:
            raise RuntimeError("killed")
        return real(**kwargs)

    monkeypatch.setattr(lead_import.crud, "upsert_leads", crash_on_third)
    seen = []
    with pytest.raises(RuntimeError):
        lead_import.import_leads(settings_, path, progress=lambda *a: seen.append(a))
    assert calls == [10, 10, 5]
    assert stored(settings_) == 20  # the two batches before the crash are kept
    assert seen and seen[0][1] == path.stat().st_size
    monkeypatch.setattr(lead_import.crud, "upsert_leads", real)
    report = lead_import.import_leads(settings_, path)  # importing again finishes the job
    assert (report.created, report.updated) == (5, 20)
    assert stored(settings_) == 25


def test_repeated_lead_ids_are_warned_about_and_the_last_row_wins(settings_, tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(
        HEADER + "A,2024-03-01,web,c,Mới,Lan,\nB,2024-03-01,web,c,Mới,Lan,\n"
        "A,2024-03-02,web,c,Nóng,Lan,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["leads", "import", str(path), "--config", str(settings_.config_path)]
    )
    assert result.exit_code == 0, result.output
    assert f"{path}:4: lead id 'A' is also on line 2; this later row wins" in result.output
    assert "2 new, 0 updated, 0 rejected" in result.output
    with session_scope(get_engine(settings_.db_url)) as session:
        assert session.exec(select(Lead.stage).where(Lead.lead_id == "A")).one() == "hot"


def test_a_bad_line_inside_a_utf8_file_is_rejected_alone(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_bytes(
        HEADER.encode() + b"A,2024-03-01,web,c,M\xe1\xbb\x9bi,Lan,\n"
        b"B,2024-03-01,web,c,M\xe9i,Lan,\nC,2024-03-01,web,c,closed,Lan,\n"
    )
    parsed = read_leads(path, status_map=DEFAULT_STATUS_MAP)
    assert [lead.lead_id for lead in parsed.leads] == ["A", "C"]
    assert [(r.line, r.reason) for r in parsed.rejected] == [(3, "not UTF-8 text")]


# Property-based tests --------------------------------------------------------------------

cell = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(st.tuples(cell, cell, cell, cell), max_size=12), delimiter=st.sampled_from(",;")
)
def test_any_csv_is_read_row_by_row_without_crashing(tmp_path, rows, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["lead_id", "created_at", "status", "phone"])
    writer.writerows(rows)
    path = tmp_path / "leads.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    try:
        parsed = read_leads(path, status_map=DEFAULT_STATUS_MAP)
    except LeadImportError as exc:  # a whole-file problem is one clear line naming the file
        assert str(exc).startswith(str(path))
        return
    assert len(parsed.leads) + len(parsed.rejected) + len(parsed.duplicates) <= len(rows)
    for lead in parsed.leads:
        assert lead.lead_id == lead.lead_id.strip() and lead.lead_id
        assert isinstance(lead.created_at, datetime) and lead.created_at.tzinfo is not None
        assert lead.stage in set(DEFAULT_STATUS_MAP.values())
    for row in parsed.rejected:
        assert row.line >= 2 and row.reason


@given(
    st.sampled_from(["+84 ", "84", "0084", "0", "(+84) "]),
    st.text(alphabet="0123456789", min_size=9, max_size=9).filter(lambda d: d[0] != "0"),
    st.sampled_from([" ", ".", "-", ""]),
)
def test_every_vietnamese_form_of_a_number_normalises_to_the_same_digits(prefix, digits, sep):
    spaced = sep.join([digits[:3], digits[3:6], digits[6:]])
    assert normalize_phone(prefix + spaced) == digits
    assert normalize_phone(digits) == digits


@given(st.text(max_size=40))
def test_the_phone_normaliser_returns_digits_or_none(raw):
    out = normalize_phone(raw)
    assert out is None or (out.isdigit() and not out.startswith("0"))
    assert normalize_phone(out) == out if out and len(out) < 11 else True


@given(st.text(alphabet=string.ascii_letters + " ,;-", max_size=40))
def test_text_without_digits_has_no_phone(raw):
    assert normalize_phone(raw) is None
