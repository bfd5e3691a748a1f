"""How well each practice or observation matches a question: the retrieval half of
expertise search, with every weight and threshold in one value so benchmarks can vary them.

Two signals: meaning (cosine of sentence vectors) and words (the store's BM25). `mode`
keeps one of them alone, for measuring what each adds (bench/quality.py).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Literal, Sequence

from practicegraph.graph.types import Hit, LineageEdge


# Words of every teacher's note: a match on one of them alone says nothing about the need
# ("peer" in a peer-marking practice for a peer-observation question). Measured on
# bench/judged: nDCG@10 +0.010 overall, +0.022 on the tuning half, -0.001 on the check half.
GENERIC_WORDS = frozenset("""
peer peers lesson lessons student students learner learners teacher teachers class classes
pupil pupils children child kids school grade teach teaching taught
""".split())


# Subjects a question can name, each with the practice subjects it means. A practice filed
# under another of these subjects answers a question that names one only by accident
# ("functional English" for a functional-maths question); subjects outside the table
# (construction, cross-curricular) are never held against a practice.
SUBJECT_FAMILIES: tuple[tuple[frozenset[str], frozenset[str]], ...] = tuple(
    (frozenset(words.split()), frozenset(subjects.split(","))) for words, subjects in (
        ("maths math mathematics numeracy arithmetic algebra geometry", "mathematics,maths,numeracy"),
        ("english literacy esol", "english,literacy,esol,english language"),
        ("science sciences physics chemistry biology", "science,sciences,natural sciences,physical sciences,"
                                                      "life sciences,physics,chemistry,biology"),
        ("history", "history"),
        ("geography", "geography"),
        ("computing coding programming ict", "computing,computer science,ict,digital"),
    ))


@dataclass(frozen=True)
class Ranking:
    mode: Literal["hybrid", "meaning", "words"] = "hybrid"
    meaning_weight: float = 0.75
    words_weight: float = 0.25
    min_meaning: float = 0.30  # below this cosine a record is not about the question
    min_words: float = 0.35  # a words-only match must be this close to the best one to count alone
    candidates: int = 200
    fusion: Literal["weighted", "rrf"] = "weighted"
    rrf_k: int = 10  # reciprocal rank fusion: 1 / (rrf_k + rank) per signal
    min_relative: float = 0.0  # drop matches below this share of the question's best match
    generic_words: frozenset[str] = GENERIC_WORDS  # left out of the words search
    words_numbers: bool = False  # bare numbers are left out of the words search too
    words_need_meaning: float = 0.25  # words count only where the cosine is at least this
    sharpness: float = 2.0  # contribution grows with relevance ** sharpness
    lineage_share: float = 0.5  # a practice adapted from (or into) a match counts this share of it
    long_question: int = 0  # from this many words on, the _long values below apply
    min_meaning_long: float = 0.30  # (measured: no gain, so the same)
    # a long question in a teacher's own words shares incidental words ("class", "Grade 8")
    # with notes about other things, and BM25 scaled to the best hit makes one of them a
    # full match; words weigh this instead (measured 0.15: paraphrases +0.016, tuning-half
    # recall -0.010, so off)
    words_weight_long: float | None = None
    # up to short_question words, a words match needs only this cosine: one or two key words
    # are the question itself ("multigrade"), and one word sits far from any paragraph (a
    # lower min_meaning for them brought in notes about nothing in particular: not used)
    short_question: int = 2
    words_need_meaning_short: float = 0.15
    # relative floors: a share of the question's best cosine (per record kind), so a question
    # with a close answer does not also bring in records that only brush against it
    min_meaning_relative: float = 0.6  # measured: tune +0.004 nDCG, one distractor fewer
    words_need_meaning_relative: float = 0.0  # (measured: keywords lose what paraphrases gain)
    lineage_min_meaning: float = 0.2  # a practice inherits along lineage only if this close itself
    # a person is left out when all their matching evidence is this far below the question's
    # best cosine (share of it), or their score this far below the best person's (share)
    # (measured: recall falls before any distractor goes, so off)
    person_min_cosine_relative: float = 0.0
    person_min_share: float = 0.0
    # having watched or discussed a practice says less than having made it: that evidence
    # counts only on a practice this close (share of the question's best cosine; off)
    weak_kinds: frozenset[str] = frozenset({"observed", "mentored"})
    weak_min_cosine_relative: float = 0.0
    # an observation that names no practice the viewer may see is a note about a lesson,
    # not a practice: its evidence counts this share (measured 0.5: tune -0.008, so off)
    unnamed_observation: float = 1.0
    # a practice of another subject than the one the question names counts this share
    # (1 = off; costs one more store read, only for questions that name a subject)
    other_subject: float = 0.6  # measured: distractors 7 -> 4, nDCG +0.002 on both halves
    # evidence aggregation (queries/expertise.py)
    evidence_weights: dict[str, float] = field(default_factory=lambda: {
        "developed": 1.0, "co-developed": 0.9, "adapted": 0.8,
        "model-lesson": 0.6, "observed": 0.5, "mentored": 0.4})
    half_life_years: float = 4.0
    undated: float = 0.6
    diminishing: float = 0.6
    corroboration: float = 0.15

    def relevance(self, match: "Match") -> float:
        if self.mode != "hybrid":
            return match.meaning if self.mode == "meaning" else match.words
        return self.meaning_weight * match.meaning + self.words_weight * match.words


class Matches(dict):
    """Record id -> Match, plus the cosine of every candidate the meaning search returned,
    matched or not (`inherit` asks how close a practice it reaches is itself)."""

    def __init__(self, matches=(), cosine: dict[str, float] | None = None):
        super().__init__(matches)
        self.cosine: dict[str, float] = dict(cosine or {})


@dataclass
class Match:
    meaning: float = 0.0
    words: float = 0.0
    relevance: float = 0.0  # the combined score, set by `score_candidates`
    cosine: float = 0.0  # closeness in meaning even when below min_meaning (so `meaning` is 0)


def words_query(question: str, ranking: Ranking) -> str:
    """What the words search is asked ('' when the ranking uses no words)."""
    return content_words(question, ranking.generic_words, ranking.words_numbers) if ranking.mode != "meaning" else ""


def score_candidates(meaning_hits: Sequence[Hit], word_hits: Sequence[Hit], question: str,
                     ranking: Ranking) -> Matches:
    """How well each candidate matches: its cosine (meaning_hits, best first) and its BM25
    scaled to the best (word_hits), combined by the ranking."""
    matches: dict[str, Match] = defaultdict(Match)
    cosine = {hit.id: hit.score for hit in meaning_hits} if ranking.mode != "words" else {}
    best_cosine = max(cosine.values(), default=0.0)
    min_meaning = max(_min_meaning(question, ranking), ranking.min_meaning_relative * best_cosine)
    need_meaning = max(_words_need_meaning(question, ranking), ranking.words_need_meaning_relative * best_cosine)
    for i, c in cosine.items():
        if c >= min_meaning:
            matches[i].meaning = matches[i].cosine = c
    if ranking.mode != "meaning":
        top = max((h.score for h in word_hits), default=0.0)
        for h in word_hits:  # BM25 scaled to the best hit; weak words-only matches are noise
            words = h.score / top if top > 0 else 0.0
            if ranking.mode == "hybrid" and cosine.get(h.id, 0.0) < need_meaning:
                continue  # a shared word in a text about something else
            if h.id in matches or words >= ranking.min_words:
                matches[h.id].words = words
                matches[h.id].cosine = cosine.get(h.id, 0.0)
    if ranking.fusion == "rrf" and ranking.mode == "hybrid":
        _fuse_ranks(matches, ranking.rrf_k)
    else:
        weigh = ranking
        if ranking.long_question and ranking.words_weight_long is not None and len(question.split()) >= ranking.long_question:
            weigh = replace(ranking, words_weight=ranking.words_weight_long)
        for m in matches.values():
            m.relevance = weigh.relevance(m)
    best = max((m.relevance for m in matches.values()), default=0.0)
    return Matches({i: m for i, m in matches.items() if m.relevance > 0 and m.relevance >= ranking.min_relative * best},
                   cosine)


def _words_need_meaning(question: str, ranking: Ranking) -> float:
    if ranking.short_question and len(question.split()) <= ranking.short_question:
        return ranking.words_need_meaning_short  # one or two key words are the question itself
    return ranking.words_need_meaning


def _min_meaning(question: str, ranking: Ranking) -> float:
    words = len(question.split())
    if ranking.long_question and words >= ranking.long_question:
        return ranking.min_meaning_long  # long questions sit further from any one note
    return ranking.min_meaning


def content_words(question: str, generic: frozenset[str], numbers: bool = True) -> str:
    """The question without the generic teaching words, which match almost every record,
    and (numbers=False) without bare numbers: "a class of 70" would match every note
    written in a class of 70, or in 1970, whatever it is about."""
    if not generic and numbers:
        return question
    return " ".join(w for w in re.findall(r"\w+", question)
                    if w.lower() not in generic and (numbers or not w.isdigit()))


def _fuse_ranks(matches: dict[str, Match], k: int) -> None:
    """Reciprocal rank fusion of the two signals, scaled so a record first by both is 1."""
    for signal in ("meaning", "words"):
        ranked = sorted((i for i, m in matches.items() if getattr(m, signal) > 0),
                        key=lambda i: -getattr(matches[i], signal))
        for rank, i in enumerate(ranked, 1):
            matches[i].relevance += 1.0 / (k + rank) / (2.0 / (k + 1))


def inherit(matches: dict[str, Match], edges: Sequence[LineageEdge], ranking: Ranking) -> dict[str, Match]:
    """An adaptation answers the need its source answers (and the source the adaptation's),
    even when its own note is about what changed: each practice one adaptation (or version)
    step from a match gets `lineage_share` of that match, unless it matches better by
    itself. With `lineage_min_meaning`, it must also be that close in meaning itself (its
    cosine from `matches.cosine`; a practice the meaning search did not return counts as
    0): an adaptation that took the practice to another need does not answer this one."""
    if ranking.lineage_share <= 0 or not matches:
        return matches
    cosine = getattr(matches, "cosine", {})
    out = Matches(matches, cosine)
    for e in edges:
        for a, b in ((e.child, e.parent), (e.parent, e.child)):
            if a not in matches or (b not in matches and ranking.lineage_min_meaning > 0
                                    and cosine.get(b, 0.0) < ranking.lineage_min_meaning):
                continue
            inherited = ranking.lineage_share * matches[a].relevance
            if b not in out or out[b].relevance < inherited:
                kept = out.get(b) or Match(cosine=cosine.get(b, 0.0))
                out[b] = Match(kept.meaning, kept.words, inherited, kept.cosine)
    return out


def named_subjects(question: str) -> set[int]:
    """The SUBJECT_FAMILIES the question names, by index."""
    words = set(re.findall(r"\w+", question.lower()))
    return {i for i, (names, _) in enumerate(SUBJECT_FAMILIES) if words & names}


def subject_family(subject: str | None) -> int | None:
    s = (subject or "").lower()
    return next((i for i, (_, subjects) in enumerate(SUBJECT_FAMILIES) if s in subjects), None)


def weigh_subjects(matches: dict[str, Match], subjects: dict[str, str | None], named: set[int],
                   ranking: Ranking) -> None:
    """Scale the relevance of practices filed under another subject than the question names."""
    for i, m in matches.items():
        family = subject_family(subjects.get(i))
        if named and family is not None and family not in named:
            m.relevance *= ranking.other_subject


def best_cosine(*matches: dict[str, Match]) -> float:
    """The question's closest candidate of any kind (0 when meaning was not searched)."""
    return max((c for m in matches for c in getattr(m, "cosine", {}).values()), default=0.0)


def evidence_counts(kind: str, match: Match, best: float, ranking: Ranking) -> bool:
    """Whether a piece of evidence of this kind counts on a record matched this well."""
    bar = ranking.weak_min_cosine_relative
    return not bar or kind not in ranking.weak_kinds or match.cosine >= bar * best


def person_is_answer(cosines: Sequence[float], score: float, best_cosine: float, best_score: float,
                     ranking: Ranking) -> bool:
    """Whether a person belongs in the answer at all: some of their evidence must be close
    to the question relative to its best match, and their score not negligible beside the
    best person's. Both bars are relative, so a hard question (nothing close) still gets
    answers, while an easy one stops before people who only brush against it."""
    near, share = ranking.person_min_cosine_relative, ranking.person_min_share
    return (not near or max(cosines, default=0.0) >= near * best_cosine) and (not share or score >= share * best_score)
