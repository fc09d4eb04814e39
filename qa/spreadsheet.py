"""Cells that a spreadsheet will not run as formulas (CSV/formula injection, OWASP).

Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
leading ``'`` so Excel, LibreOffice and Google Sheets show it as text. Numbers,
booleans, dates and None pass through unchanged (a negative number is data,
not a formula).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
