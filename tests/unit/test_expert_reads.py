"""What a question costs the store: GraphStore calls per find_experts, and the folded
reads giving exactly the ranking the per-part reads gave."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from practicegraph.demo.generator import generate
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.port import candidates_by_parts
from practicegraph.graph.types import QuestionEvidence, SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.ranking import Ranking, named_subjects
from tests.fakes import CountingStore, HashingEmbedder

TODAY = date(2026, 9, 1)
MAX_STORE_CALLS = 3  # issue 17: at most three store round trips per question


class PerPartReads:
    """The reads find_experts made before they were folded: each signal, the lineage, the
    practices reached, the evidence and the people, one call each."""

    def __init__(self, store):
        self.store = store

    def candidates(self, kinds, vector, text, k, filters, viewer):
        return candidates_by_parts(self.store, kinds, vector, text, k, filters, viewer)

    def practices(self, ids, viewer):  # the candidates' subjects, when the question names one
        return self.store.practices(ids, viewer)

    def question_evidence(self, practice_ids, observation_ids, filters, viewer, lineage=True):
        edges = self.store.lineage_edges(practice_ids, "both", viewer) if lineage and practice_ids else []
        reached = sorted({i for e in edges for i in (e.child, e.parent)} - set(practice_ids))
        passing = {p.id for p in self.store.practices(reached, viewer)
                   if (not filters.subject or p.subject == filters.subject.lower())
                   and (not filters.phase or p.phase == filters.phase)}
        edges = [e for e in edges if {e.child, e.parent} <= set(practice_ids) | passing]
        rows = self.store.evidence(list(practice_ids) + sorted(passing), observation_ids, filters, viewer)
        people = {p.id: p for p in self.store.people(sorted({r.person_id for r in rows}))}
        return QuestionEvidence(tuple(rows), tuple(edges), people)


@pytest.fixture(scope="module")
def demo():
    records = generate("small", 7)
    store, embedder = InMemoryStore(dimension=64), HashingEmbedder()
    ingest(store, embedder, [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)])
    members = [r for r in records if r.type == "membership"]
    teacher = sorted(m.person for m in members)[3]
    viewer = Viewer(teacher, frozenset(m.cluster for m in members if m.person == teacher and m.cluster),
                    frozenset(m.organisation for m in members if m.person == teacher and m.organisation))
    subject = sorted({r.subject for r in records if r.type == "practice" and r.subject})[0]
    return store, embedder, viewer, subject


QUESTIONS = ["peer observation of questioning", "science practicals without a lab", "reading", "group work"]


def _answers(experts):
    return [(e.person_id, e.score, [(s.row, s.contribution) for s in e.evidence], e.organisations, e.clusters)
            for e in experts]


@pytest.mark.parametrize("ranking", [Ranking(), Ranking(lineage_share=0.0), Ranking(mode="words"),
                                     Ranking(mode="meaning")], ids=["hybrid", "no-lineage", "words", "meaning"])
def test_a_question_costs_at_most_three_store_calls(demo, ranking):
    store, embedder, viewer, subject = demo
    placed = False
    for who in (Viewer.anonymous(), viewer):
        for filters in (SearchFilters(), SearchFilters(subject=subject)):
            for question in QUESTIONS:
                counting = CountingStore(store)
                found = find_experts(counting, embedder, question, viewer=who, filters=filters, today=TODAY,
                                     ranking=ranking)
                assert sum(counting.calls.values()) <= MAX_STORE_CALLS, counting.calls
                if found:  # a question naming a subject also reads the candidates' subjects (ranking.other_subject)
                    assert counting.calls - Counter(practices=1) == Counter(candidates=1, question_evidence=1)
                    assert counting.calls["practices"] == (ranking.other_subject < 1 and bool(named_subjects(question)))
                placed = placed or any(e.organisations for e in found)
    assert placed  # the places came with the evidence


def test_a_question_nothing_matches_costs_one_store_call(demo):
    store, embedder, _, _ = demo
    counting = CountingStore(store)
    # the hashing embedder puts any two words near some short note by bucket collision, so
    # "nothing matches" is made sure of by a meaning bar no collision reaches
    assert find_experts(counting, embedder, "zzqx vvbnm", viewer=Viewer.anonymous(), today=TODAY,
                        ranking=Ranking(min_meaning=0.9)) == []
    assert counting.calls == Counter(candidates=1)


@pytest.mark.parametrize("ranking", [Ranking(), Ranking(lineage_share=0.0), Ranking(mode="words")],
                         ids=["hybrid", "no-lineage", "words"])
def test_folded_reads_rank_exactly_as_the_per_part_reads(demo, ranking):
    store, embedder, viewer, subject = demo
    compared = 0
    for who in (Viewer.anonymous(), viewer, Viewer.internal()):
        for filters in (SearchFilters(), SearchFilters(subject=subject), SearchFilters(phase="secondary")):
            for question in QUESTIONS:
                ask = dict(viewer=who, filters=filters, today=TODAY, ranking=ranking)
                want = _answers(find_experts(PerPartReads(store), embedder, question, **ask))
                assert _answers(find_experts(store, embedder, question, **ask)) == want, (question, who, filters)
                compared += len(want)
    assert compared > 50
