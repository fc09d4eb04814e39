"""Query parameters shared by the pages: days typed as dd/mm/yyyy (Vietnamese) or ISO."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator

DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y")


def parse_day(value: Any) -> Any:
    """``24/10/2024`` or ``2024-10-24`` -> a date; blank -> None; anything else as given."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text:
        return None
    for fmt in DAY_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a day (dd/mm/yyyy or yyyy-mm-dd)")


Day = Annotated[date | None, BeforeValidator(parse_day)]
