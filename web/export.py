"""Tables as CSV or XLSX downloads, every text cell neutralised against formulas."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from callqa.app.reports import to_csv
from callqa.qa.spreadsheet import safe_cell
from fastapi.responses import Response
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_TITLE_CHARS = 31  # Excel's limit


def _cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        value = ", ".join(str(v) for v in value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # XLSX has no time zones; callers pass local times
    return safe_cell(value)


def clean_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{key: _cell(value) for key, value in row.items()} for row in rows]


def xlsx_bytes(rows: Sequence[dict[str, Any]], sheet: str) -> bytes:
    book = Workbook(write_only=True)
    ws = book.create_sheet(title=sheet[:SHEET_TITLE_CHARS] or "data")
    cleaned = clean_rows(rows)
    if cleaned:
        ws.append([safe_cell(str(key)) for key in cleaned[0]])
        for row in cleaned:
            ws.append(list(row.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def download(rows: Sequence[dict[str, Any]], *, name: str, fmt: str) -> Response:
    """``name.csv`` (UTF-8 with a BOM, for spreadsheets) or ``name.xlsx``."""
    disposition = {"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    if fmt == "xlsx":
        return Response(xlsx_bytes(rows, name), media_type=XLSX_TYPE, headers=disposition)
    text = "\ufeff" + to_csv(clean_rows(rows))
    return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=disposition)
