"""The real model on the real embedded store: paraphrased questions find the right people."""

from pathlib import Path

import numpy as np
import pytest

from practicegraph.graph.kuzu import KuzuStore
from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.embeddings.sentence import MODEL_ID
from practicegraph.ingest.jsonl import read_jsonl
from practicegraph.ingest.pipeline import ingest
from practicegraph.queries.expertise import find_experts
from practicegraph.queries.practices import practice_detail

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory, real_embedder):
    s = KuzuStore(tmp_path_factory.mktemp("kz") / "g.kuzu", dimension=real_embedder.dimension)
    s.install()
    items, errors = read_jsonl(CORPUS)
    assert not errors
    ingest(s, real_embedder, items)
    yield s
    s.close()


@pytest.mark.parametrize("question, expected", [
    ("teaching big classes where several grades learn together", "t-nomsa"),
    ("phonics using objects learners bring from home", "t-thandi"),
    ("reading circles run by the older children", "t-sipho"),
])
def test_paraphrased_questions_find_the_right_peer(store, real_embedder, question, expected):
    found = find_experts(store, real_embedder, question, viewer=Viewer.anonymous(), limit=3)
    assert found and found[0].person_id == expected, [(e.person_id, e.score) for e in found]
    assert found[0].evidence[0].match.meaning > 0.3


def test_vectors_carry_model_id_and_similar_links_have_scores(store):
    detail = practice_detail(store, "pr-multigrade-groups", Viewer.anonymous())
    assert detail.model_id == MODEL_ID
    assert detail.similar and all(0.55 <= s.score <= 1.0 + 1e-6 for s in detail.similar)
    assert "pr-ayesha-private" not in {s.id for s in detail.similar}
    vec = store.practice_vectors(["pr-multigrade-groups"])["pr-multigrade-groups"]
    assert len(vec) == 384 and abs(np.linalg.norm(vec) - 1.0) < 1e-3


def test_reingest_embeds_nothing_and_writes_nothing(store, real_embedder):
    before = real_embedder.encoded
    items, _ = read_jsonl(CORPUS)
    report = ingest(store, real_embedder, items)
    assert (report.written, report.unchanged, report.embedded) == (0, 22, 0)
    assert real_embedder.encoded == before


def test_embedder_never_encodes_a_text_twice(real_embedder):
    before = real_embedder.encoded
    out = real_embedder.encode(["peer observation of questioning", "peer observation of questioning"])
    assert real_embedder.encoded == before + 1
    assert np.allclose(out[0], out[1])
    real_embedder.encode(["peer observation of questioning"])
    assert real_embedder.encoded == before + 1


def test_private_practice_is_invisible_to_anonymous_but_visible_to_its_author(store, real_embedder):
    vec = real_embedder.encode(["a draft routine for group work"])[0]
    anon = {h.id for h in store.vector_top_k("Practice", vec, 50, SearchFilters(), Viewer.anonymous())}
    mine = {h.id for h in store.vector_top_k("Practice", vec, 50, SearchFilters(), Viewer(person_id="t-ayesha"))}
    assert "pr-ayesha-private" not in anon and "pr-ayesha-private" in mine
