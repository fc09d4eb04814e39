"""Dates said relative to the call: "tháng sau", "sau Tết", "cuối năm", "end of
next quarter", "in three months", "15/3".

A period gives its last day ("tháng sau" on 2026-03-10 is 2026-04-30, "next
week" the Sunday of next week); "Tết", "sau Tết" and "trước Tết" give the next
lunar new year's day; "in N months" the call date plus N months. Also the
relative bounds of a form's target: "+6m", "+2w", "+30d", "+1y".
"""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from callqa.qa.persona.text import fold

# Lunar new year's day (Tết Nguyên Đán) in Vietnam.
TET = {
    2020: date(2020, 1, 25), 2021: date(2021, 2, 12), 2022: date(2022, 2, 1),
    2023: date(2023, 1, 22), 2024: date(2024, 2, 10), 2025: date(2025, 1, 29),
    2026: date(2026, 2, 17), 2027: date(2027, 2, 6), 2028: date(2028, 1, 26),
    2029: date(2029, 2, 13), 2030: date(2030, 2, 3), 2031: date(2031, 1, 23),
    2032: date(2032, 2, 11), 2033: date(2033, 1, 31), 2034: date(2034, 2, 19),
    2035: date(2035, 2, 8),
}  # fmt: skip
_RELATIVE = re.compile(r"^\+(\d+)([dwmy])$")
_NUM = (
    r"(\d+|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi|one|two|three|four|five|six|seven"
    r"|eight|nine|ten|eleven|twelve|a|an)"
)
_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a": 1, "an": 1,
}  # fmt: skip
_MONTHS_EN = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS_EN |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m and m != "May"}


@dataclass(frozen=True)
class SaidDate:
    value: date
    offset: int  # character offset of the words in the folded text


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_end(day: date, ahead: int = 0) -> date:
    first = add_months(date(day.year, 3 * ((day.month - 1) // 3) + 1, 1), 3 * ahead)
    return month_end(first.year, first.month + 2)


def next_tet(day: date) -> date:
    """The first Tết on or after ``day`` (the last known one past the table)."""
    for year in sorted(TET):
        if TET[year] >= day:
            return TET[year]
    return TET[max(TET)]


def resolve_relative(spec: str, call_date: date) -> date:
    """``+6m`` -> call date plus six months; an ISO date is itself."""
    m = _RELATIVE.match(spec.strip())
    if not m:
        return date.fromisoformat(spec.strip())
    n, unit = int(m.group(1)), m.group(2)
    if unit == "d":
        return call_date + timedelta(days=n)
    if unit == "w":
        return call_date + timedelta(weeks=n)
    return add_months(call_date, n * (12 if unit == "y" else 1))


def is_relative(spec: str) -> bool:
    if _RELATIVE.match(spec.strip()):
        return True
    try:
        date.fromisoformat(spec.strip())
    except ValueError:
        return False
    return True


def _num(word: str) -> int:
    return int(word) if word.isdigit() else _WORDS[word]


def _sunday(day: date, weeks: int = 0) -> date:
    return day + timedelta(days=6 - day.weekday() + 7 * weeks)


def _month(n: int, d: date) -> date:
    year = d.year if n >= d.month else d.year + 1
    return month_end(year, n)


def _explicit(m: re.Match, d: date) -> date | None:
    day, month = int(m.group(1)), int(m.group(2))
    year = m.group(3)
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    y = int(year) if year else d.year
    y = y + 2000 if y < 100 else y
    try:
        found = date(y, month, day)
    except ValueError:
        return None
    return found if year or found >= d else date(y + 1, month, day)


Rule = tuple[re.Pattern, Callable[[re.Match, date], date | None]]
_RULES: list[Rule] = [
    (r"(?:cuoi|het) thang (?:sau|toi)|end of next month", lambda m, d: _end(d, 1)),
    (r"(?:cuoi|het) thang(?: nay)?|end of (?:the|this) month", lambda m, d: _end(d, 0)),
    (r"thang (?:sau|toi)|next month", lambda m, d: _end(d, 1)),
    (r"thang nay|this month", lambda m, d: _end(d, 0)),
    (r"(?:cuoi )?quy (?:sau|toi)|(?:end of )?next quarter", lambda m, d: quarter_end(d, 1)),
    (
        r"(?:cuoi )?quy nay|(?:end of )?(?:this|the) quarter|quarter end",
        lambda m, d: quarter_end(d, 0),
    ),
    (
        r"dau nam (?:sau|toi)|early next year|(?:beginning|start) of next year",
        lambda m, d: date(d.year + 1, 3, 31),
    ),
    (
        r"(?:cuoi )?nam (?:sau|toi)|sang nam|next year|end of next year",
        lambda m, d: date(d.year + 1, 12, 31),
    ),
    (
        r"cuoi nam(?: nay)?|(?:end of|by) (?:the|this) year|year end|nam nay|this year",
        lambda m, d: date(d.year, 12, 31),
    ),
    (r"giua nam|mid(?:dle of the)?[- ]year", lambda m, d: date(d.year, 6, 30)),
    (r"tuan (?:sau|toi)|next week", lambda m, d: _sunday(d, 1)),
    (r"tuan nay|this week", lambda m, d: _sunday(d, 0)),
    (
        r"(?:sau|truoc|ra|qua|an) tet|tet|after tet|before tet|lunar new year",
        lambda m, d: next_tet(d),
    ),
    (r"mua he|(?:this|before|by|in|over) (?:the )?summer", lambda m, d: date(d.year, 8, 31)),
    (
        rf"{_NUM} (thang|tuan|ngay|nam) (?:nua|toi)|(?:trong|khoang) {_NUM} (thang|tuan|nam)",
        lambda m, d: _span(m, d),
    ),
    (
        rf"(?:in|within|next) {_NUM} (month|week|day|year)s?(?: time| from now)?",
        lambda m, d: _span(m, d),
    ),
    (
        r"cang som cang tot|ngay bay gio|lap ngay|asap|as soon as possible|right away"
        r"|immediately",
        lambda m, d: d,
    ),
    (r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?", _explicit),
    (
        r"thang (\d{1,2}|mot|hai|ba|tu|bon|nam|sau|bay|tam|chin|muoi)(?! (?:nua|toi))",
        lambda m, d: _vi_month(m.group(1), d),
    ),
    (
        r"(?:in|by|before|until|from|early|end of|mid|late|next) ("
        + "|".join(sorted(_MONTHS_EN | {"may": 5}, key=len, reverse=True))
        + r")\b",
        lambda m, d: _month(_MONTHS_EN.get(m.group(1), 5), d),
    ),
]
# A day of a month ("the fifth of November", "fifth to tenth November", "5th June",
# "June 5th"): the month's last day, as for a bare month; the day only places it.
_ORDINAL = (
    r"(?:\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth"
    r"|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth"
    r"|eighteenth|nineteenth|twentieth|twenty[- ](?:first|second|third|fourth|fifth|sixth"
    r"|seventh|eighth|ninth)|thirtieth|thirty[- ]first)"
)
_MONTH_NAMES = "|".join(sorted(_MONTHS_EN | {"may": 5}, key=len, reverse=True))
_RULES.append(
    (
        rf"(?:the )?{_ORDINAL}(?: (?:to|till|until|-) (?:the )?{_ORDINAL})?(?: of)? "
        rf"({_MONTH_NAMES})\b",
        lambda m, d: _month(_MONTHS_EN.get(m.group(1), 5), d),
    )
)
_COMPILED = [(re.compile(rf"(?<![\w/])(?:{p})(?![\w/])"), f) for p, f in _RULES]
# Words one of the rules needs: a turn without any skips the rules.
_HINT = re.compile(
    r"thang|tuan|nam|quy|tet|ngay|mua he|cang som|month|week|year|quarter|summer|asap|soon"
    r"|right away|immediately|\d[/-]\d|" + "|".join(_MONTHS_EN)
)
_UNIT_SPAN = {"thang": "m", "month": "m", "tuan": "w", "week": "w", "ngay": "d", "day": "d"}


def _end(d: date, ahead: int) -> date:
    first = add_months(date(d.year, d.month, 1), ahead)
    return month_end(first.year, first.month)


def _vi_month(word: str, d: date) -> date | None:
    n = int(word) if word.isdigit() else {"tu": 4, **_WORDS}.get(word)
    return _month(n, d) if n and 1 <= n <= 12 else None


def _span(m: re.Match, d: date) -> date:
    groups = [g for g in m.groups() if g]
    n, unit = _num(groups[0]), groups[1]
    return resolve_relative(f"+{n}{_UNIT_SPAN.get(unit, 'y')}", d)


@functools.lru_cache(maxsize=4096)
def find_dates(text: str, call_date: date) -> tuple[SaidDate, ...]:
    """Every date expression in ``text``, in order; overlapping matches keep the longest."""
    folded = fold(text)
    if not _HINT.search(folded):
        return ()
    taken: list[tuple[int, int]] = []
    found: list[SaidDate] = []
    for pattern, make in _COMPILED:
        for m in pattern.finditer(folded):
            if any(m.start() < b and a < m.end() for a, b in taken):
                continue
            value = make(m, call_date)
            if value is None:
                continue
            taken.append((m.start(), m.end()))
            found.append(SaidDate(value=value, offset=m.start()))
    return tuple(sorted(found, key=lambda s: s.offset))
