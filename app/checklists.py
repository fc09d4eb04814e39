"""What reviewers need from the checklists: item labels per language, allowed verdicts.

Item ids are shared by the Vietnamese and English checklists, so a page shows
every item label in the viewer's language (an English reader never sees
Vietnamese labels, whatever the call's language); an item no checklist of that
language has keeps the label stored with the call.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from callqa.qa.config import Config
from callqa.qa.scoring.checklist import Checklist, ChecklistError, default_checklist, load_checklist

logger = logging.getLogger(__name__)

LANGUAGES = ("vi", "en")  # the packaged checklists' languages (the review app's too)

# Which verdicts a person may give an item, by the item's type.
PLAIN = ("met", "missed")
CONDITIONAL = ("met", "missed", "na")  # applies only under a condition
FORBIDDEN = ("met", "violated")  # "met": the forbidden thing was not said


@dataclass(frozen=True)
class ItemInfo:
    labels: dict[str, str]  # language -> label
    forbidden: bool
    conditional: bool

    @property
    def verdicts(self) -> tuple[str, ...]:
        if self.forbidden:
            return FORBIDDEN
        return CONDITIONAL if self.conditional else PLAIN


@cache
def _load(path: Path | None, lang: str) -> Checklist | None:
    try:
        return load_checklist(path) if path else default_checklist(lang)
    except ChecklistError as exc:
        logger.warning("checklist for %s not readable for labels: %s", lang, exc)
        return None


def item_catalog(config: Config) -> dict[str, ItemInfo]:
    labels: dict[str, dict[str, str]] = {}
    kinds: dict[str, tuple[bool, bool]] = {}
    for lang in LANGUAGES:
        checklist = _load(config.scoring.checklists.get(lang), lang)
        for item in checklist.items if checklist else ():
            labels.setdefault(item.id, {})[lang] = item.label
            kinds.setdefault(item.id, (item.forbidden, item.applies_if is not None))
    return {
        item_id: ItemInfo(labels=labels[item_id], forbidden=f, conditional=c)
        for item_id, (f, c) in kinds.items()
    }


def allowed_verdicts(catalog: dict[str, ItemInfo], item_id: str, automated: str) -> tuple:
    info = catalog.get(item_id)
    if info is not None:
        return info.verdicts
    return FORBIDDEN if automated == "violated" else CONDITIONAL


def label_for(catalog: dict[str, ItemInfo], item_id: str, lang: str, stored: str = "") -> str:
    info = catalog.get(item_id)
    return (info.labels.get(lang) if info else None) or stored or item_id
