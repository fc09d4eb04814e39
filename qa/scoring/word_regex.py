"""One regex for a list of phrases, matched as whole words, that scans fast.

Shared by the pattern matcher's tone-free fallback (``matching.py``) and the
compliance concept tables (``compliance.py``): both search hundreds of
phrases in every text they read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key: a phrase ends here


def word_regex(phrases: Iterable[str]) -> re.Pattern[str] | None:
    """Any of ``phrases`` between non-word characters, the longest one where several
    start at the same place; None when there is no phrase.

    The alternation is written as a trie (one branch per next character, the
    longer phrase tried first), so the regex engine follows one path per position
    instead of trying every phrase; and the "no word character before" check
    sits after the first character, so the engine can skip positions whose
    character starts no phrase (a plain alternation of hundreds of phrases made
    this scan the largest cost of tone-free matching). It finds what
    ``(?<!\\w)(?:longest|...|shortest)(?!\\w)`` finds."""
    trie: dict[str, dict] = {}
    for phrase in {p for p in phrases if p}:
        node = trie
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    if not trie:
        return None
    return re.compile(_trie_regex(trie, r"(?<!\w.)") + r"(?!\w)", re.DOTALL)


def _trie_regex(node: dict[str, dict], after_first: str = "") -> str:
    branches = [
        re.escape(char) + after_first + _trie_regex(child)
        for char, child in sorted(node.items())
        if char != _END
    ]
    if not branches:
        return ""
    if len(branches) == 1 and _END not in node:
        return branches[0]
    body = "(?:" + "|".join(branches) + ")"
    return body + "?" if _END in node else body
