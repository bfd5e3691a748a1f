"""Retrieval rules of queries/ranking.py: generic words, the words-need-meaning floor,
adaptation propagation. Stores here are tiny stand-ins or the in-memory store."""

from __future__ import annotations

from datetime import date

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Hit, SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.ranking import (GENERIC_WORDS, Match, Matches, Ranking, best_cosine, content_words,
                                          evidence_counts, inherit, named_subjects, person_is_answer,
                                          score_candidates, weigh_subjects, words_query)
from tests.fakes import HashingEmbedder


# The rules through per-part store reads (find_experts gets the same data in two reads:
# GraphStore.candidates and GraphStore.question_evidence).
def retrieve(store, kind, question, vector, filters, viewer, ranking) -> Matches:
    meaning = store.vector_top_k(kind, vector, ranking.candidates, filters, viewer) if ranking.mode != "words" else []
    text = words_query(question, ranking)
    words = store.fulltext(kind, text, ranking.candidates, filters, viewer) if text else []
    return score_candidates(meaning, words, question, ranking)


def propagate_lineage(store, matches, viewer, ranking, filters=SearchFilters()):
    if ranking.lineage_share <= 0 or not matches:
        return matches
    out = inherit(matches, store.lineage_edges(sorted(matches), "both", viewer), ranking)
    reached = sorted(set(out) - set(matches))
    if reached and (filters.subject or filters.phase):
        passing = {p.id for p in store.practices(reached, viewer)
                   if (not filters.subject or p.subject == filters.subject.lower())
                   and (not filters.phase or p.phase == filters.phase)}
        out = Matches({i: m for i, m in out.items() if i in matches or i in passing}, out.cosine)
    return out


TODAY = date(2026, 9, 1)


class _Hits:
    """A store that answers vector and words searches with fixed hits."""

    def __init__(self, vector: list[Hit], words: list[Hit]):
        self._vector, self._words, self.asked_words = vector, words, []

    def vector_top_k(self, kind, vector, k, filters, viewer):
        return self._vector[:k]

    def fulltext(self, kind, text, k, filters, viewer):
        self.asked_words.append(text)
        return self._words[:k]


def _retrieve(store, question="peer observation of questioning", **ranking):
    return retrieve(store, "Practice", question, [0.0], SearchFilters(), Viewer(), Ranking(**ranking))


def test_generic_teaching_words_are_not_searched_by_words():
    assert content_words("Peer observation of questioning in my class", GENERIC_WORDS) == "observation of questioning in my"
    store = _Hits([], [])
    _retrieve(store, "peer lesson students")
    assert store.asked_words == []  # nothing left to search by words


def test_a_shared_word_in_a_text_about_something_else_does_not_count():
    store = _Hits(vector=[Hit("close", 0.6), Hit("far", 0.1)], words=[Hit("far", 9.0), Hit("close", 6.0)])
    found = _retrieve(store)
    assert set(found) == {"close"} and found["close"].words == 6.0 / 9.0
    assert "far" in _retrieve(store, words_need_meaning=0.0)  # the old behaviour, for the record


def test_words_and_meaning_modes_keep_one_signal():
    store = _Hits(vector=[Hit("a", 0.6)], words=[Hit("b", 5.0), Hit("a", 1.0)])
    assert set(_retrieve(store, mode="meaning")) == {"a"}
    words = _retrieve(store, mode="words")
    assert words["b"].relevance == 1.0 and words["b"].meaning == 0.0


class _Lineage:
    def __init__(self, edges):
        self._edges = edges

    def lineage_edges(self, practice_ids, direction, viewer):
        return [e for e in self._edges if e.child in practice_ids or e.parent in practice_ids]


def test_an_adaptation_inherits_a_share_of_its_sources_match_and_never_lowers_its_own():
    from practicegraph.graph.types import LineageEdge

    store = _Lineage([LineageEdge("ADAPTED_FROM", "child", "source"), LineageEdge("ADAPTED_FROM", "strong", "source")])
    matches = {"source": Match(0.8, 0.0, 0.6), "strong": Match(0.9, 0.0, 0.7)}
    out = propagate_lineage(store, matches, Viewer(), Ranking(lineage_share=0.5, lineage_min_meaning=0.0))
    assert out["child"].relevance == 0.3 and out["child"].meaning == 0.0
    assert out["strong"].relevance == 0.7  # its own match is better than the inherited one
    assert out["source"].relevance == 0.6  # 0.5 x 0.7 from "strong" is less
    assert propagate_lineage(store, matches, Viewer(), Ranking(lineage_share=0.0)) is matches


def test_an_adaptation_about_something_else_inherits_nothing():
    """Science practicals adapted into maths group roles: the maths practice is one step
    from a match but far from the question, so it does not answer it."""
    from practicegraph.graph.types import LineageEdge

    store = _Lineage([LineageEdge("ADAPTED_FROM", "maths-roles", "practicals"),
                      LineageEdge("ADAPTED_FROM", "kitchen-practicals", "practicals")])
    matches = Matches({"practicals": Match(0.7, 0.0, 0.6)},
                      cosine={"practicals": 0.7, "kitchen-practicals": 0.28, "maths-roles": 0.05})
    out = propagate_lineage(store, matches, Viewer(), Ranking(lineage_share=0.5, lineage_min_meaning=0.2))
    assert set(out) == {"practicals", "kitchen-practicals"}
    assert out["kitchen-practicals"].relevance == 0.3 and out["kitchen-practicals"].cosine == 0.28
    assert out.cosine == matches.cosine  # what the next step needs travels on
    loose = propagate_lineage(store, matches, Viewer(), Ranking(lineage_share=0.5, lineage_min_meaning=0.0))
    assert set(loose) == {"practicals", "kitchen-practicals", "maths-roles"}


def test_a_relative_meaning_floor_drops_what_only_brushes_against_a_well_answered_question():
    store = _Hits(vector=[Hit("close", 0.8), Hit("brushing", 0.35)], words=[Hit("brushing", 5.0), Hit("close", 4.0)])
    assert set(_retrieve(store)) == {"close", "brushing"}
    kept = _retrieve(store, min_meaning_relative=0.5, words_need_meaning_relative=0.5)
    assert set(kept) == {"close"} and kept.cosine["brushing"] == 0.35
    weak = _Hits(vector=[Hit("only", 0.4), Hit("other", 0.33)], words=[])
    assert set(_retrieve(weak, min_meaning_relative=0.5)) == {"only", "other"}  # relative to 0.4, both stay


def test_the_adopter_of_a_matching_practice_is_found_but_not_through_a_hidden_one():
    people = [{"type": "person", "id": i, "name": i.title()} for i in ("dev", "adopter", "secret")]

    def practice(pid, title, who, visibility="public"):
        return {"type": "practice", "id": pid, "title": title, "description": title, "visibility": visibility,
                "developers": [{"person": who, "date": "2025-01-01"}]}

    records = people + [
        practice("p", "jigsaw groups for reading comprehension", "dev"),
        practice("q", "jigsaw reading groups: what I changed for grade two", "adopter"),  # cosine 0.34
        practice("s", "another change, kept private", "secret", visibility="private"),
        {"type": "adaptation", "practice": "q", "source": "p", "mode": "adaptive"},
        {"type": "adaptation", "practice": "s", "source": "p", "mode": "adaptive"},
    ]
    store, emb = InMemoryStore(dimension=64), HashingEmbedder()
    ingest(store, emb, [Item(r, i + 1) for i, r in enumerate(records)])
    found = find_experts(store, emb, "jigsaw groups for reading comprehension", viewer=Viewer(), today=TODAY)
    assert [e.person_id for e in found] == ["dev", "adopter"]
    assert found[1].evidence[0].row.kind == "adapted"


def test_a_person_answers_only_with_evidence_near_the_best_match_and_a_score_beside_the_best():
    bars = Ranking(person_min_cosine_relative=0.6, person_min_share=0.05)
    assert person_is_answer([0.2, 0.5], 0.3, best_cosine=0.7, best_score=1.0, ranking=bars)
    assert not person_is_answer([0.35, 0.4], 0.3, best_cosine=0.7, best_score=1.0, ranking=bars)  # brushes only
    assert not person_is_answer([0.7], 0.04, best_cosine=0.7, best_score=1.0, ranking=bars)  # negligible beside the best
    assert person_is_answer([0.3], 0.3, best_cosine=0.45, best_score=0.3, ranking=bars)  # a hard question keeps answers
    assert person_is_answer([], 0.0, best_cosine=0.7, best_score=1.0, ranking=Ranking())  # off by default


def test_watching_or_discussing_counts_only_on_a_close_practice():
    weak = Ranking(weak_min_cosine_relative=0.7)
    far, near = Match(0.0, 0.8, 0.2, cosine=0.3), Match(0.6, 0.0, 0.45, cosine=0.6)
    assert not evidence_counts("observed", far, 0.7, weak) and not evidence_counts("mentored", far, 0.7, weak)
    assert evidence_counts("observed", near, 0.7, weak)
    assert evidence_counts("developed", far, 0.7, weak)  # having made it still counts
    assert best_cosine(Matches({}, {"a": 0.4}), Matches({}, {"o": 0.6}), {}) == 0.6


def test_a_practice_of_another_subject_than_the_question_names_counts_less():
    assert named_subjects("functional English for vocational learners") == {1}
    assert named_subjects("group work in large classes") == set()
    matches = {"bus": Match(0.56, 0.8, 0.6), "plumbing": Match(0.6, 1.0, 0.7), "huddle": Match(0.5, 0.0, 0.4),
               "untold": Match(0.5, 0.0, 0.4)}
    subjects = {"bus": "mathematics", "plumbing": "english", "huddle": "construction", "untold": None}
    weigh_subjects(matches, subjects, named_subjects("functional English vocational"), Ranking(other_subject=0.6))
    assert abs(matches["bus"].relevance - 0.36) < 1e-9  # maths, while the question names English
    assert matches["plumbing"].relevance == 0.7  # the subject named
    assert matches["huddle"].relevance == 0.4 and matches["untold"].relevance == 0.4  # not a named subject: no view


def test_bare_numbers_are_not_searched_by_words():
    assert content_words("behaviour routines for a class of 70", GENERIC_WORDS, numbers=False) == "behaviour routines for a of"
    store = _Hits([], [])
    _retrieve(store, "routines for 70")
    assert store.asked_words == ["routines for"]


def test_one_or_two_key_words_count_by_words_at_a_lower_meaning_bar():
    store = _Hits(vector=[Hit("about-it", 0.5), Hit("names-it", 0.2)], words=[Hit("names-it", 4.0)])
    assert "names-it" in _retrieve(store, "multigrade")
    assert "names-it" not in _retrieve(store, "multigrade teaching in one room")
