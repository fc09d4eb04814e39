"""Yes, no, or neither: the customer's reply to a question."""

from __future__ import annotations

import functools
import re

from callqa.qa.persona.cues import NO, YES
from callqa.qa.persona.text import fold

_LEAD_TOKENS = 4  # a reply's yes or no comes first: "dạ không em ạ", "yeah we do"


@functools.lru_cache(maxsize=4096)
def reply(text: str) -> str | None:
    """``yes``, ``no`` or None, read from the first words of a reply."""
    words = re.findall(r"[\w']+", fold(text))[:_LEAD_TOKENS]
    lead = " ".join(words)
    if any(w in NO for w in words) or "khong phai" in lead:
        return "no"
    if _YES.search(lead):
        return "yes"
    return None


_YES = re.compile(
    r"(?<![\w'])(?:"
    + "|".join(re.escape(p) for p in sorted(YES, key=len, reverse=True))
    + r")(?![\w'])"
)
