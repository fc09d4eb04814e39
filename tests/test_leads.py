from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from callqa.qa.config import DEFAULT_STATUS_MAP
from callqa.qa.errors import LeadImportError
from callqa.qa.leads import normalize_phone, read_leads

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def _read(path, **kw):
    return read_leads(path, status_map=DEFAULT_STATUS_MAP, **kw)


def test_bom_semicolons_vietnamese_labels_and_bad_rows(tmp_path):
    path = tmp_path / "leads.csv"
    path.write_text(
        "\ufefflead_id;created_at;source;campaign;status;owner;phone\n"
        "L1;2024-03-01T08:00:00+07:00;facebook;solar;Mới;Lan;0912 345 678\n"
        "L2;01/03/2024 09:30;google;solar;Sai đối tượng;Lan;+84 912.000.111\n"
        ";2024-03-01;google;solar;new;Lan;\n"
        "L4;yesterday;google;solar;new;Lan;\n"
        "L5;2024-03-01;google;solar;Đang suy nghĩ;Lan;\n"
        "L1;2024-03-01T08:00:00+07:00;facebook;solar;Nóng;Lan;0912 345 678\n",
        encoding="utf-8",
    )
    parsed = _read(path)
    by_id = {lead.lead_id: lead for lead in parsed.leads}
    assert set(by_id) == {"L1", "L2"}
    assert by_id["L1"].stage == "hot"  # the later row for L1 wins
    assert by_id["L2"].stage == "wrong_target"
    assert by_id["L2"].created_at == datetime(2024, 3, 1, 9, 30, tzinfo=VN)
    assert by_id["L2"].phone_norm == "912000111"
    assert [(r.line, r.reason.split(" ")[0]) for r in parsed.rejected] == [
        (4, "missing"),
        (5, "created_at:"),
        (6, "unknown"),
    ]
    assert "Đang suy nghĩ" in parsed.rejected[2].reason


def test_column_mapping_and_json(tmp_path):
    path = tmp_path / "leads.json"
    path.write_text(
        '{"leads": [{"ID": "A1", "Created": "2024-05-01 10:00", "Stage": "closed"}]}',
        encoding="utf-8",
    )
    parsed = _read(path, columns={"lead_id": "ID", "created_at": "Created", "status": "Stage"})
    assert [(lead.lead_id, lead.stage) for lead in parsed.leads] == [("A1", "closed")]
    assert parsed.leads[0].created_at.tzinfo == VN


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "+84 912 345 678",
        "84912345678",
        "84-912-345-678",
        "0912.345.678",
    ],
)
def test_vietnamese_phone_forms_normalise_alike(raw):
    assert normalize_phone(raw) == "912345678"


def test_unreadable_files(tmp_path):
    with pytest.raises(LeadImportError, match="no such file"):
        _read(tmp_path / "missing.csv")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("lead_id,created_at,status\nL1,2024-01-01,M\xe9i\n".encode("latin-1"))
    with pytest.raises(LeadImportError, match="not UTF-8"):
        _read(latin)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(LeadImportError, match="no header"):
        _read(empty)
