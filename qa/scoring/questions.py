"""The question that closes a turn and gets an answer, as one candidate needs question.

A needs question is any question the agent asks about the customer, whatever
its words: "what's the biggest headache with scheduling", "nhà mình mấy người
ở". By structure: the last sentence of the agent's turn holds an interrogative
word (``cues.EN_WH``, ``cues.VI_WH``) or, in English, a clause led by an
auxiliary ("do you", "are they"), and the customer speaks next (or the
call ends there). A wh-word
inside a statement mid-turn ("that's exactly why", "bệnh chi không thì ...")
is no candidate. The item's filters then keep those asked as questions
(``question: true``), one per clause (``distinct: clause``), and drop identity,
time, small-talk and booking checks (its ``unless`` list). Questions inside a
turn or left unanswered still count through the item's phrases.

Used by a checklist group with ``finder: question`` (``matching.py``).
"""

from __future__ import annotations

from collections.abc import Iterator

from callqa.qa.scoring.company import Mention
from callqa.qa.scoring.cues import (
    CLAUSE_JOINERS,
    EN_AUX,
    EN_FILLERS,
    EN_WH,
    VI_CONDITIONAL,
    VI_WH,
    _is_break,
    vi_not_at_all,
)
from callqa.qa.scoring.nlp import CallDoc, fold

VI_ASKING = frozenset(VI_WH)
VI_LAST_TOKENS = 12  # a Vietnamese question word sits this close to the turn's end
_FINAL_STOPS = frozenset("?.!…")  # marks that end a punctuated turn


def mentions(call: CallDoc, seg: int, language: str) -> Iterator[Mention]:
    """Interrogative words and English clause-leading auxiliaries of segment ``seg``."""
    doc, lowers, tok_seg = call.doc, call.lowers, call.tok_seg
    words = EN_WH if language == "en" else VI_ASKING
    lo, hi = call.segment_char_ranges()[seg]
    if hi <= lo:
        return
    span = doc.char_span(lo, hi, alignment_mode="expand")
    nxt = seg + 1
    segments = call.segments
    if span is None or nxt < len(segments) and segments[nxt].speaker == segments[seg].speaker:
        return  # the agent goes on talking: no answer was waited for
    # the last sentence: after the last break that is not the turn's final punctuation
    end = span.end
    while end > span.start and _is_break(call, end - 1):
        end -= 1
    start = end
    while start > span.start and not _is_break(call, start - 1):
        start -= 1
    leading = True  # at the start of a clause (fillers skipped)
    last = -1
    for i in range(start, end):
        if tok_seg[i] != seg:
            continue
        word = lowers[i]
        if _is_break(call, i) or word in CLAUSE_JOINERS:
            leading = True
            continue
        if language == "en":
            # a wh-word leads its clause ("so what's your goal"); mid-clause it is
            # relative or subordinate ("that's exactly why", "when he comes out")
            asks = leading and (word in words or word in EN_AUX)
        else:
            # Vietnamese asks at the end ("nhà mình mấy người ạ"); a wh-word with
            # "thì" after it is "whatever" ("bệnh chi không thì bác sĩ ...")
            asks = (
                word in words
                and end - i <= VI_LAST_TOKENS
                and not any(lowers[k] in VI_CONDITIONAL for k in range(i + 1, end))
                and not vi_not_at_all(lowers, start, i)  # "hổng tái lại đâu em"
            )
        if asks:
            last = i
        if language == "en" and word in EN_FILLERS:
            continue
        leading = False
    if last >= 0:  # one question closes a turn: its last question word
        tok = doc[last]
        yield Mention(seg, tok.idx, tok.idx + len(tok.text), lowers[last])


def closes_with_question(call: CallDoc, seg: int, language: str) -> bool:
    """Whether segment ``seg`` ends in a question. A punctuated segment asks when
    it ends with "?" ("is another four hundred." after a comma is no question);
    an unpunctuated one by its question words (``mentions``), which a toneless
    Vietnamese segment cannot show ("chi" may be "chị")."""
    text = call.segments[seg].text
    end = text.rstrip()[-1:]
    if end in _FINAL_STOPS:  # punctuated: the mark says it
        return end == "?"
    if language == "vi" and fold(text) == text:
        return False
    return next(mentions(call, seg, language), None) is not None
