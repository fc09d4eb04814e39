"""The review app's languages: gettext catalogs (Babel), the viewer's choice, local formats.

Messages live in ``web/locale/<lang>/LC_MESSAGES/messages.po``; they are
compiled in memory with Babel when the app starts (no ``.mo`` to keep in
step). English is the source language, so its catalog may leave a message
untranslated. ``scripts/i18n_extract.py`` re-extracts the messages from the
templates and ``web/*.py`` and merges them into both catalogs.

The language of a request: the ``callqa_lang`` cookie (the switch in the page
header), else the browser's ``Accept-Language``, else ``ui.language``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent
from babel.support import Translations
from fastapi import Request

LANGUAGES = ("vi", "en")
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}
LOCALE_DIR = Path(__file__).parent / "locale"
LANG_COOKIE = "callqa_lang"
# Babel date patterns: Vietnamese writes day/month/year.
DATETIME_PATTERN = {"vi": "dd/MM/yyyy HH:mm", "en": "d MMM yyyy, HH:mm"}
DATE_PATTERN = {"vi": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@cache
def translations(lang: str) -> Translations:
    """The compiled catalog for ``lang`` (compiled once per process, from the .po)."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def parse_accept_language(header: str | None) -> list[str]:
    """Our languages the browser accepts, most wanted first (``vi-VN,vi;q=0.9,en;q=0.8``)."""
    wanted: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            wanted.append((-quality, position, primary))
    return [lang for _, _, lang in sorted(wanted)]


def choose_language(cookie: str | None, accept_language: str | None, default: str) -> str:
    if cookie in LANGUAGES:
        return cookie
    accepted = parse_accept_language(accept_language)
    return accepted[0] if accepted else default


def request_language(request: Request) -> str:
    lang = getattr(request.state, "lang", None)
    if lang is None:
        lang = choose_language(
            request.cookies.get(LANG_COOKIE),
            request.headers.get("accept-language"),
            request.app.state.settings.config.ui.language,
        )
        request.state.lang = lang
    return lang


def gettext_for(request: Request) -> Callable[[str], str]:
    """``_`` for Python code that builds text shown to the viewer (chart titles, errors)."""
    return translations(request_language(request)).gettext


@dataclass(frozen=True)
class Formats:
    """Dates and numbers the way the viewer's language writes them."""

    lang: str
    zone: tzinfo

    def datetime(self, value: datetime | None, seconds: bool = False) -> str:
        if value is None:
            return ""
        pattern = DATETIME_PATTERN[self.lang] + (":ss" if seconds else "")
        return format_datetime(value.astimezone(self.zone), pattern, locale=self.lang)

    def date(self, value: date | datetime | None) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime):
            value = value.astimezone(self.zone).date()
        return format_date(value, DATE_PATTERN[self.lang], locale=self.lang)

    def number(self, value: float | None, digits: int = 1) -> str:
        if value is None:
            return ""
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(value, pattern, locale=self.lang)

    def percent(self, value: float | None) -> str:
        return "" if value is None else format_percent(value, "#,##0%", locale=self.lang)

    def money(self, value: float | None, currency: str = "VND") -> str:
        """``1.250.000 ₫`` in Vietnamese; đồng have no minor unit."""
        return "" if value is None else format_currency(value, currency, locale=self.lang)

    def seconds(self, value: float | None) -> str:
        return "" if value is None else f"{self.number(value, 1)} s"

    def duration_min(self, minutes: float | None) -> str:
        """Minutes as the two largest units: ``13 min``, ``17 h 30 min``, ``1 d 2 h``."""
        if minutes is None:
            return ""
        total = round(minutes)
        days, rest = divmod(total, 24 * 60)
        hours, mins = divmod(rest, 60)
        day, hour, minute = ("ngày", "giờ", "phút") if self.lang == "vi" else ("d", "h", "min")
        if days:
            return f"{days} {day}" + (f" {hours} {hour}" if hours else "")
        if hours:
            return f"{hours} {hour}" + (f" {mins} {minute}" if mins else "")
        return f"{mins} {minute}"
