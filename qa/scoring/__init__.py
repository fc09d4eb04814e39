"""Checklist scoring of call transcripts (rule-based, spaCy matchers).

Typical use::

    scorer = Scorer()                      # build once, reuse for every call
    transcript = load_transcript(path)
    checklist = default_checklist(transcript.language)
    result = score_transcript(transcript, checklist, scorer=scorer)
    print(score_to_json(result))
"""

from callqa.qa.scoring.checklist import (
    Checklist,
    ChecklistError,
    Item,
    PatternGroup,
    default_checklist,
    load_checklist,
    parse_checklist,
)
from callqa.qa.scoring.nlp import Pipelines, fold, normalize_text
from callqa.qa.scoring.report import (
    TranscriptError,
    load_transcript,
    score_to_dict,
    score_to_json,
    transcript_from_dict,
)
from callqa.qa.scoring.scorer import Scorer, ScoringError, score_transcript

__all__ = [
    "Checklist",
    "ChecklistError",
    "Item",
    "PatternGroup",
    "Pipelines",
    "Scorer",
    "ScoringError",
    "TranscriptError",
    "default_checklist",
    "fold",
    "load_checklist",
    "load_transcript",
    "normalize_text",
    "parse_checklist",
    "score_to_dict",
    "score_to_json",
    "score_transcript",
    "transcript_from_dict",
]
