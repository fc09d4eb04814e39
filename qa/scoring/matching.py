"""Pattern matching over a call Doc: spaCy matchers first, then tolerant fallbacks.

Order of work for a pattern group, stopping as soon as it has enough hits:

1. exact: one ``PhraseMatcher`` (LOWER for vi, LEMMA for en) and one token
   ``Matcher`` pass over the whole call, shared by every group, then the same
   pass over the call without fillers and stutters ("calling from, uh, Solar
   City"; ``disfluency.py``), its matches mapped back to the call's tokens;
2. tone-free: the phrase, diacritics stripped, searched in the folded call
   text (multi-word phrases anywhere; single words only in segments the
   recogniser wrote without any tone marks, where "ban" cannot be told apart);
3. fuzzy: rapidfuzz alignment of longer phrases against the eligible
   segments, accepted when the Levenshtein distance is within a bound.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from callqa.qa.scoring import agent_name, company, questions
from callqa.qa.scoring.checklist import ChecklistError, PatternGroup
from callqa.qa.scoring.cues import (
    is_negated,
    is_question,
    question_clause,
    vi_closed_as_statement,
)
from callqa.qa.scoring.disfluency import compact_view
from callqa.qa.scoring.nlp import CallDoc, Pipelines, fold, normalize_text
from callqa.qa.scoring.vi_tones import only_dropped
from callqa.qa.scoring.vi_variants import regional_variants
from callqa.qa.scoring.word_regex import word_regex
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

logger = logging.getLogger(__name__)

FINDERS = {
    "company": company.mentions,
    "agent_name": agent_name.mentions,
    "question": questions.mentions,
}
MIN_FUZZY_CHARS = 10  # shorter phrases are too easy to hit by accident
CHARS_PER_EDIT = 10  # one edit allowed per this many characters of the phrase
MAX_EDITS = 2
LONG_PHRASE_WORDS = 3  # tone-free matches of phrases this long count in any segment
# Words a fuzzy match may not swap (English only so far): negators and the
# auxiliaries whose contracted negative is one letter away.
MEANING_FLIPS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {
            "not", "no", "never", "nor", "can", "cant", "will", "wont", "do", "dont", "does",
            "doesnt", "did", "didnt", "is", "isnt", "are", "arent", "was", "wasnt", "would",
            "wouldnt", "should", "shouldnt", "could", "couldnt", "have", "havent", "has", "hasnt",
        }
    ),
}  # fmt: skip


@dataclass(frozen=True)
class Hit:
    """One match of a pattern group in a call."""

    key: str  # folded matched text: what "distinct" compares
    seg: int
    start: int  # token offsets in the call Doc
    end: int
    method: str  # "exact" | "fluent" (exact once fillers are dropped) | "fold" | "fuzzy"


@dataclass(frozen=True)
class HitFilter:
    """Which hits count: speakers, time window and clause type."""

    accept_segment: Callable[[int], bool]
    question: bool = False
    statement: bool = False  # matches inside a question do not count
    reject_negated: bool = False
    distinct: str = "text"  # "clause": at most one hit per clause
    accept_hit: Callable[[Hit], bool] | None = None  # e.g. no "unless" phrase nearby


def _clean(phrase: str) -> str:
    return " ".join(re.findall(r"\w+(?:'\w+)?", fold(phrase)))


class CompiledGroup:
    """The fallback data of one pattern group in one language."""

    def __init__(self, label: str, phrases: tuple[str, ...], scope: str, language: str) -> None:
        self.label = label
        self.finder: str | None = None
        self.toneless_only = scope == "toneless" and language == "vi"
        # fallbacks (not exact matches) only in segments without tone marks
        self.fold_toneless_only = (
            scope in ("toneless", "toneless_fold", "tone_dropped") and language == "vi"
        )
        # "tone_dropped": the phrases as written, to tell a dropped mark from a changed one
        self.dropped_originals: dict[str, list[str]] = {}
        if scope == "tone_dropped" and language == "vi":
            for phrase in phrases:
                key = _clean(phrase)
                self.dropped_originals.setdefault(key, []).append(normalize_text(phrase).lower())
        # ... except phrases of LONG_PHRASE_WORDS words or more with "toneless_fold": a
        # wrong tone mark ("nợ xâu") should not hide them, and they rarely collide
        folded = [_clean(p) for p in phrases]
        long = scope == "toneless_fold" and language == "vi"
        self.long_originals: dict[str, list[str]] = {}
        for phrase, key in zip(phrases, folded, strict=True):
            if long and key.count(" ") >= LONG_PHRASE_WORDS - 1:
                self.long_originals.setdefault(key, []).append(normalize_text(phrase).lower())
        self.long = word_regex(self.long_originals)

        self.multi = word_regex(p for p in folded if " " in p)
        singles = () if scope == "phrases" else (p for p in folded if p and " " not in p)
        self.single = word_regex(singles)
        self.fuzzy = tuple(sorted({p for p in folded if len(p) >= MIN_FUZZY_CHARS}))

    def close_to_written(self, key: str, text: str) -> bool:
        """Whether ``text`` differs from a phrase folding to ``key`` in at most one
        letter: one wrong tone mark ("nợ xâu"), not another phrase ("chị còn dùng"
        is two letters from "chỉ còn đúng")."""
        text = text.lower()
        return any(
            len(original) == len(text)
            and sum(a != b for a, b in zip(original, text, strict=True)) <= 1
            for original in self.long_originals.get(key, ())
        )


class CompiledPatterns:
    """All pattern groups of a checklist compiled for one language, built once."""

    def __init__(self, pipelines: Pipelines, language: str) -> None:
        from spacy.matcher import Matcher, PhraseMatcher

        self.language = language
        self.pipelines = pipelines
        vocab = pipelines.nlp(language).vocab
        attr = "LOWER" if language == "vi" else "LEMMA"
        self._phrase = PhraseMatcher(vocab, attr=attr)
        self._tokens = Matcher(vocab, validate=True)
        self.groups: dict[str, CompiledGroup] = {}

    def add(self, label: str, group: PatternGroup) -> None:
        written = group.phrases.get(self.language, ())
        # regional forms ("hông cần", "ở mô") match like the written phrase; fuzzy
        # matching stays on the written phrases (cost grows with their number)
        phrases = written + (regional_variants(written) if self.language == "vi" else ())
        toneless_only = group.fold_scope == "toneless" and self.language == "vi"
        docs = [self.pipelines.make_doc(p, self.language) for p in phrases]
        if docs and not toneless_only:
            self._phrase.add(label, docs)
        tokens = group.tokens.get(self.language, ())
        if tokens:
            try:
                self._tokens.add(label, [list(t) for t in tokens])
            except Exception as exc:  # spaCy raises ValueError/MatchPatternError
                raise ChecklistError(
                    f"{label}: key 'tokens' is not a valid spaCy pattern: {exc}"
                ) from exc
        compiled = CompiledGroup(label, phrases, group.fold_scope, self.language)
        compiled.finder = group.finder
        compiled.fuzzy = tuple(
            sorted({p for p in map(_clean, written) if len(p) >= MIN_FUZZY_CHARS})
        )
        self.groups[label] = compiled

    def _matches(self, doc) -> list[tuple[int, int, int]]:
        """Both matchers' hits; the token matcher only when a group gave it patterns
        (spaCy warns W036 when one with none is called, as for phrase-only checklists)."""
        tokens = self._tokens(doc) if len(self._tokens) else []
        return [*self._phrase(doc), *tokens]

    def exact(self, call: CallDoc) -> dict[str, list[Hit]]:
        """Every exact hit of every group, in one pass of each matcher."""
        doc, strings, lowers = call.doc, call.doc.vocab.strings, call.lowers
        found: dict[str, list[Hit]] = {}
        seen: set[tuple[int, int, int]] = set()
        for match_id, start, end in self._matches(doc):
            seg = call.seg_of(start, end)
            if seg < 0:
                continue
            seen.add((match_id, start, end))
            hit = Hit(fold(" ".join(lowers[start:end])), seg, start, end, "exact")
            found.setdefault(strings[match_id], []).append(hit)
        view = compact_view(call, self.language)
        if view is not None:
            for match_id, v_start, v_end in self._matches(view.doc):
                start, end = view.span(v_start, v_end)
                seg = call.seg_of(start, end)
                if seg < 0 or (match_id, start, end) in seen:
                    continue
                key = fold(" ".join(t.lower_ for t in view.doc[v_start:v_end]))
                found.setdefault(strings[match_id], []).append(Hit(key, seg, start, end, "fluent"))
        return found

    def find(
        self,
        call: CallDoc,
        label: str,
        exact: dict[str, list[Hit]],
        hit_filter: HitFilter,
        *,
        need: int,
        fuzzy: bool = True,
    ) -> list[Hit]:
        """Hits of one group that pass the filter, up to ``need`` distinct keys if possible."""
        hits: dict[str, Hit] = {}
        group = self.groups[label]
        if group.finder is not None:
            found = self._finder_hits(call, group.finder, hit_filter)
            self._collect(call, found, hit_filter, hits)
        self._collect(call, exact.get(label, ()), hit_filter, hits)
        if len(hits) >= need:
            return list(hits.values())
        only = group.fold_toneless_only
        fold_hits = self._fold_hits(call, group)
        if group.dropped_originals:
            fold_hits = _mark_dropped(call, group, fold_hits)
        self._collect(call, fold_hits, hit_filter, hits, only)
        if len(hits) < need and fuzzy and group.fuzzy:
            fuzzy_hits = self._fuzzy_hits(call, group, hit_filter)
            self._collect(call, fuzzy_hits, hit_filter, hits, only)
        return list(hits.values())

    def _collect(
        self,
        call: CallDoc,
        candidates: Iterable[Hit],
        hit_filter: HitFilter,
        out: dict[str, Hit],
        toneless_only: bool = False,
    ) -> None:
        for hit in candidates:
            if hit.key in out or not hit_filter.accept_segment(hit.seg):
                continue
            exempt = hit.method in ("exact", "fluent", "fold_long", "fold_dropped")
            if not exempt and toneless_only and not call.toneless[hit.seg]:
                continue
            if any(
                h.seg == hit.seg and h.start < hit.end and hit.start < h.end for h in out.values()
            ):
                continue
            if hit_filter.question and not self._asked(call, hit):
                continue
            if hit_filter.statement and is_question(call, hit.start, hit.end, self.language):
                continue
            if hit_filter.reject_negated and is_negated(call, hit.start, self.language):
                continue
            if hit_filter.accept_hit is not None and not hit_filter.accept_hit(hit):
                continue
            if hit_filter.distinct == "clause":
                key = f"clause:{question_clause(call, hit.start, self.language)}"
                if key in out:
                    continue
                out[key] = hit
            else:
                out[hit.key] = hit

    def _finder_hits(self, call: CallDoc, finder: str, hit_filter: HitFilter) -> Iterable[Hit]:
        """A finder's phrases (``company.py``, ``agent_name.py``) in the segments the
        filter accepts."""
        find = FINDERS[finder]
        for seg in range(len(call.segments)):
            if not hit_filter.accept_segment(seg):
                continue
            for found in find(call, seg, self.language):
                hit = self._span_hit(call, found.start_char, found.end_char, "structure")
                if hit is not None:
                    yield hit

    def _span_hit(self, call: CallDoc, start_char: int, end_char: int, method: str) -> Hit | None:
        span = call.doc.char_span(start_char, end_char, alignment_mode="expand")
        if span is None or len(span) == 0:
            return None
        seg = call.seg_of(span.start, span.end)
        if seg < 0:
            return None
        return Hit(fold(span.text), seg, span.start, span.end, method)

    def _fold_hits(self, call: CallDoc, group: CompiledGroup) -> Iterable[Hit]:
        if group.long is not None:
            for m in group.long.finditer(call.folded):
                written = call.text[m.start() : m.end()]
                if not group.close_to_written(m.group(0), written):
                    continue
                hit = self._span_hit(call, m.start(), m.end(), "fold_long")
                if hit is not None:
                    yield hit
        if group.multi is not None:
            for m in group.multi.finditer(call.folded):
                hit = self._span_hit(call, m.start(), m.end(), "fold")
                if hit is not None:
                    yield hit
        if group.single is not None and (self.language != "vi" or any(call.toneless)):
            for m in group.single.finditer(call.folded):
                hit = self._span_hit(call, m.start(), m.end(), "fold")
                if hit is not None and (self.language != "vi" or call.toneless[hit.seg]):
                    yield hit

    def _asked(self, call: CallDoc, hit: Hit) -> bool:
        """A hit inside a question; in Vietnamese not in a sentence the writer
        closed with "." where "?" is used (``cues.vi_closed_as_statement``)."""
        if not is_question(call, hit.start, hit.end, self.language):
            return False
        return self.language != "vi" or not vi_closed_as_statement(call, hit.start, hit.end)

    def _fuzzy_hits(
        self, call: CallDoc, group: CompiledGroup, hit_filter: HitFilter
    ) -> Iterable[Hit]:
        ranges = call.segment_char_ranges()
        parts, offsets, pos = [], [], 0
        for seg, (lo, hi) in enumerate(ranges):
            if hi > lo and hit_filter.accept_segment(seg):
                parts.append(call.folded[lo:hi])
                offsets.append((pos, lo))
                pos += hi - lo + 3
        if not parts:
            return
        text = " | ".join(parts)
        for phrase in group.fuzzy:
            edits = min(MAX_EDITS, max(1, len(phrase) // CHARS_PER_EDIT))
            cutoff = 100.0 * (1 - edits / len(phrase)) - 0.01
            res = fuzz.partial_ratio_alignment(phrase, text, score_cutoff=cutoff)
            if res is None:
                continue
            base = max(o for o in offsets if o[0] <= res.dest_start)
            start = res.dest_start - base[0] + base[1]
            end = res.dest_end - base[0] + base[1]
            hit = self._span_hit(call, start, end, "fuzzy")
            if hit is None:
                continue
            words = call.folded[
                call.doc[hit.start].idx : call.doc[hit.end - 1].idx
                + len(call.doc[hit.end - 1].text)
            ]
            if Levenshtein.distance(
                words, phrase, score_cutoff=edits
            ) <= edits and not self._flips_meaning(words, phrase):
                yield Hit(phrase, hit.seg, hit.start, hit.end, "fuzzy")

    def _flips_meaning(self, written: str, phrase: str) -> bool:
        """Whether the words that differ are ones that turn the meaning around:
        "you don't have to" is one letter from "you won't have to", "can" from
        "can't"; a recognition error does not get the benefit of the doubt there."""
        flips = MEANING_FLIPS.get(self.language)
        if not flips:
            return False
        differ = set(written.split()) ^ set(phrase.split())
        return any(w in flips or "'" in w for w in differ)


def _mark_dropped(call: CallDoc, group: CompiledGroup, hits: Iterable[Hit]) -> Iterable[Hit]:
    """Tone-free hits whose written words are a phrase with marks left out count in
    toned segments too (method "fold_dropped"); the rest stay tone-less only."""
    for hit in hits:
        if hit.method == "fold" and not call.toneless[hit.seg]:
            written = call.doc[hit.start : hit.end].text
            if any(only_dropped(written, p) for p in group.dropped_originals.get(hit.key, ())):
                hit = Hit(hit.key, hit.seg, hit.start, hit.end, "fold_dropped")
        yield hit
