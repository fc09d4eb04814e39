"""A phrase-only checklist builds no token patterns: scoring it calls no empty
spaCy matcher (spaCy's W036 warning), and its verdicts are those of the phrases."""

from __future__ import annotations

import warnings

from callqa.qa.records import Segment, Transcript
from callqa.qa.scoring import Scorer, parse_checklist

PHRASES_ONLY = {
    "name": "t",
    "version": "1",
    "languages": ["en"],
    "pass_mark": 50,
    "items": [{"id": "step", "label": "step", "weight": 1, "all_of": [{"en": ["send you"]}]}],
}


def test_a_phrase_only_checklist_calls_no_empty_matcher():
    import spacy  # noqa: F401  (spaCy sets its own warning filters on import)

    call = Transcript(
        language="en",
        duration_s=6.0,
        segments=(Segment(start=1.0, end=5.5, text="I'll send you a quote.", speaker="agent"),),
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = Scorer().score(call, parse_checklist(PHRASES_ONLY))
    assert [str(w.message) for w in caught if "W036" in str(w.message)] == []
    assert result.items[0].verdict == "met"
