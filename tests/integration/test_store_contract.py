"""The GraphStore contract, once for every store (the in-memory fake, Kùzu and Neo4j).

A small hand-written graph: six people in two schools in two regions, two clusters, a
teacher who moved school, practices at every visibility, an adaptation chain A <- B <- C
with an adaptation that closes it into a cycle, a revision after an adopter's feedback,
observations (one evaluative, one model lesson) and mentoring exchanges.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections import Counter

import pytest

from practicegraph import model as m
from practicegraph.errors import ConflictError, ValidationFailed
from practicegraph.graph import memory
from practicegraph.graph.kuzu import cypher
from practicegraph.graph.memory import visible
from practicegraph.graph.rows import to_batch
from practicegraph.graph.types import Hit, SearchFilters, Viewer, WriteResult
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

KINDS = ("memory", "kuzu", "neo4j")


def _kind(kind: str):
    return pytest.param(kind, marks=[pytest.mark.neo4j, pytest.mark.slow] if kind == "neo4j" else [])


KIND_PARAMS = [_kind(k) for k in KINDS]
OTHER_KINDS = [_kind(k) for k in KINDS if k != "memory"]  # compared with the in-memory reference
D = dt.date.fromisoformat


def _person(pid, name):
    return {"type": "person", "id": pid, "name": name}


def _member(mid, person, until=None, since=None, role="teacher", **target):
    return {"type": "membership", "id": mid, "person": person, "role": role, "since": since,
            "until": until, **target}


RECORDS = [
    _person("p-amara", "Amara Okafor"), _person("p-ben", "Ben Cole"), _person("p-chen", "Chen Li"),
    _person("p-dina", "Dina Mensah"), _person("p-eli", "Eli Park"), _person("p-fay", "Fay Ruiz"),
    {"type": "organisation", "id": "s-north", "name": "Northfield Primary", "phase": "primary", "region": "North"},
    {"type": "organisation", "id": "s-south", "name": "Southbank Academy", "phase": "secondary", "region": "South"},
    {"type": "cluster", "id": "c-literacy", "name": "Early Literacy Circle", "kind": "voluntary",
     "venue": "s-north", "region": "North"},
    {"type": "cluster", "id": "c-maths", "name": "Maths Hub South", "kind": "official", "venue": "s-south",
     "region": "South"},
    _member("m-amara-north", "p-amara", since="2015-09-01", organisation="s-north"),
    _member("m-amara-lit", "p-amara", since="2019-01-01", cluster="c-literacy"),
    # Ben moved from Northfield to Southbank in 2023
    _member("m-ben-north", "p-ben", since="2016-09-01", until="2023-07-31", organisation="s-north"),
    _member("m-ben-south", "p-ben", since="2023-09-01", organisation="s-south"),
    _member("m-ben-lit", "p-ben", since="2019-01-01", cluster="c-literacy"),
    _member("m-chen-south", "p-chen", organisation="s-south"),
    _member("m-chen-maths", "p-chen", until="2099-12-31", cluster="c-maths"),
    _member("m-dina-north", "p-dina", organisation="s-north"),
    _member("m-dina-maths", "p-dina", cluster="c-maths"),
    _member("m-eli-south", "p-eli", organisation="s-south"),
    _member("m-eli-lit-old", "p-eli", since="2018-01-01", until="2021-12-31", cluster="c-literacy"),
    _member("m-fay-north", "p-fay", role="head", organisation="s-north"),
    {"type": "practice", "id": "pr-a", "title": "Call and response phonics with a sound card",
     "description": "The teacher holds up a sound card, says the sound twice and the whole class echoes it "
                    "while tracing the letter in the air. Rows of learners take turns so every child speaks.",
     "context": "A class of seventy learners with one chalkboard.", "subject": "Literacy", "phase": "primary",
     "tags": ["phonics", "large classes"], "visibility": "public", "organisation": "s-north",
     "cluster": "c-literacy", "developers": [{"person": "p-amara", "date": "2019-03-01"}]},
    {"type": "practice", "id": "pr-b", "title": "Phonics echo rows for multigrade rooms",
     "description": "Two card sets: single letters for the youngest row and letter pairs for the older row. "
                    "While one row echoes a sound the other row finds the matching card.",
     "subject": "literacy", "phase": "primary", "visibility": "cluster", "organisation": "s-north",
     "cluster": "c-literacy", "developers": [{"person": "p-ben", "date": "2021-02-01"},
                                             {"person": "p-dina", "role": "co-developer"}]},
    {"type": "practice", "id": "pr-c", "title": "Small group phonics flashes",
     "description": "Four groups each get a five minute burst of sound flashes from an adult, then blend "
                    "words on mini whiteboards.", "context": "Reception with two adults.",
     "subject": "literacy", "phase": "primary", "visibility": "public", "organisation": "s-south",
     "cluster": "c-literacy", "developers": [{"person": "p-chen", "date": "2022-05-01"}]},
    {"type": "practice", "id": "pr-d", "title": "Fraction strips from folded paper",
     "description": "Learners fold paper strips into halves, quarters and eighths, label each part and "
                    "compare the strips side by side to order them.", "subject": "maths",
     "phase": "secondary", "tags": ["fractions"], "visibility": "public", "organisation": "s-south",
     "cluster": "c-maths", "developers": [{"person": "p-chen", "date": "2020-10-01"},
                                          {"person": "p-dina", "role": "co-developer", "date": "2020-11-01"}]},
    {"type": "practice", "id": "pr-e", "title": "Fraction strips on a number line",
     "description": "After folding, learners lay the strips along a chalk number line so each part gets a "
                    "position.", "subject": "maths", "phase": "secondary", "visibility": "cluster",
     "organisation": "s-south", "cluster": "c-maths", "developers": [{"person": "p-eli", "date": "2022-02-01"}]},
    {"type": "practice", "id": "pr-d2", "title": "Fraction strips from folded paper", "version": 2,
     "version_of": "pr-d", "revised_after": [{"practice": "pr-e", "what_changed": "Ends on a number line.",
                                              "date": "2022-06-01"}],
     "description": "Learners fold paper strips into halves and quarters, compare them side by side, then "
                    "place them on a number line.", "subject": "maths", "phase": "secondary",
     "visibility": "public", "organisation": "s-south", "cluster": "c-maths",
     "developers": [{"person": "p-chen", "date": "2022-06-01"}]},
    {"type": "practice", "id": "pr-f", "title": "Reading buddies with a sound card",
     "description": "The older buddy holds up a sound card, says the sound twice and the young buddy echoes "
                    "it while tracing the letter in the air, so every child speaks.",
     "subject": "literacy", "phase": "primary", "visibility": "pair", "organisation": "s-north",
     "developers": [{"person": "p-amara"}, {"person": "p-eli", "role": "co-developer"}]},
    {"type": "practice", "id": "pr-g", "title": "Exit ticket notebook",
     "description": "A private notebook of exit ticket questions about fraction strips.", "subject": "maths",
     "phase": "secondary", "visibility": "private", "organisation": "s-north",
     "developers": [{"person": "p-fay"}]},
    {"type": "practice", "id": "pr-h", "title": "Whole school spelling assembly",
     "description": "Each Friday the whole school spells ten sound words together in assembly.",
     "subject": "literacy", "phase": "primary", "visibility": "org", "organisation": "s-north",
     "developers": [{"person": "p-fay"}]},
    {"type": "adaptation", "id": "ad-b-a", "practice": "pr-b", "source": "pr-a", "mode": "adaptive",
     "what_changed": "Two card sets.", "why": "Mixed ages in one room.",
     "how_learned": "observation-and-discussion", "round": 1, "date": "2021-02-01"},
    {"type": "adaptation", "id": "ad-c-b", "practice": "pr-c", "source": "pr-b", "mode": "adaptive",
     "date": "2022-05-01"},
    # closes A <- B <- C into a cycle: nothing forbids it, and reads stay one hop
    {"type": "adaptation", "id": "ad-a-c", "practice": "pr-a", "source": "pr-c", "mode": "exchange",
     "what_changed": "Flashes came back into the whole-class routine.", "date": "2023-01-15"},
    {"type": "adaptation", "id": "ad-e-d", "practice": "pr-e", "source": "pr-d", "mode": "adaptive",
     "what_changed": "A number line.", "new_context": "Year seven.", "how_learned": "joint-planning",
     "round": 2, "date": "2022-02-01"},
    {"type": "resource", "id": "res-card", "title": "Sound card template", "embodies": ["pr-a"],
     "author": "p-amara", "visibility": "public"},
    {"type": "observation", "id": "ob-1", "observer": "p-dina", "observed": "p-amara", "date": "2022-03-10",
     "practices": ["pr-a"], "subject": "literacy", "focus": "Call and response pacing",
     "what_worked": "Every row answered within two minutes.", "visibility": "public", "organisation": "s-north"},
    {"type": "observation", "id": "ob-2", "observer": "p-eli", "observed": "p-chen", "date": "2021-03-15",
     "kind": "model-lesson", "practices": ["pr-d"], "subject": "maths", "focus": "Fraction strips demonstration",
     "what_worked": "Learners ordered fraction strips without help.", "visibility": "public"},
    {"type": "observation", "id": "ob-3", "observer": "p-fay", "observed": "p-ben", "date": "2023-03-01",
     "practices": ["pr-b"], "subject": "literacy", "focus": "Phonics appraisal visit",
     "what_worked": "Phonics echo rows judged.", "purpose": "evaluative", "visibility": "public"},
    {"type": "observation", "id": "ob-4", "observer": "p-amara", "observed": "p-eli", "date": "2022-09-01",
     "practices": ["pr-f"], "subject": "literacy", "focus": "Reading buddies sound card routine",
     "what_worked": "Buddies echoed every sound."},
    {"type": "observation", "id": "ob-5", "observer": "p-chen", "observed": "p-eli", "date": "2022-04-01",
     "practices": ["pr-e"], "subject": "maths", "focus": "Number line positions",
     "visibility": "cluster", "cluster": "c-maths"},
    {"type": "exchange", "id": "ex-1", "kind": "mentoring", "started": "2021-09-01", "ended": "2022-03-01",
     "participants": [{"person": "p-dina", "role": "mentor"}, {"person": "p-eli", "role": "mentee"}],
     "focus": "Mentoring on fraction strips and the number line", "discussed": ["pr-d"], "led_to": ["pr-e"],
     "visibility": "public"},
    {"type": "exchange", "id": "ex-2", "kind": "mentoring", "started": "2020-09-01",
     "participants": [{"person": "p-amara", "role": "mentor"}, {"person": "p-ben", "role": "mentee"}],
     "focus": "Mentoring on call and response phonics", "discussed": ["pr-a"]},
    {"type": "exchange", "id": "ex-3", "kind": "peer-pairing", "ended": "2022-07-01",
     "participants": [{"person": "p-fay", "role": "broker"}, {"person": "p-chen"}, {"person": "p-ben"}],
     "focus": "Brokered visit on phonics flashes", "discussed": ["pr-c"], "visibility": "cluster",
     "cluster": "c-literacy"},
    {"type": "meeting", "id": "mt-1", "cluster": "c-literacy", "date": "2022-10-05", "venue": "s-north",
     "attendees": ["p-amara", "p-ben"], "agenda": [{"text": "Sound card swap", "tag": "content"}]},
]


def items(records=RECORDS) -> list[Item]:
    return [Item(copy.deepcopy(r), line) for line, r in enumerate(records, start=1)]


def _batch(records):
    return to_batch([(m.parse_record(r), line) for line, r in enumerate(records, start=1)])


def _rows() -> dict[str, dict]:
    """Every node row by id, built the way every store receives them."""
    return {row["id"]: row for rows in _batch(RECORDS).nodes.values() for row in rows}


ROWS = _rows()
LINE = {r["id"]: line for line, r in enumerate(RECORDS, start=1)}
PRACTICES = sorted(i for i, r in ROWS.items() if i.startswith("pr-"))
OBSERVATIONS = sorted(i for i in ROWS if i.startswith("ob-"))
ALL = Viewer.internal()
ANON = Viewer.anonymous()
AMARA = Viewer("p-amara", frozenset({"c-literacy"}), frozenset({"s-north"}))
BEN = Viewer("p-ben", frozenset({"c-literacy"}), frozenset({"s-south"}))
CHEN = Viewer("p-chen", frozenset({"c-maths"}), frozenset({"s-south"}))
ELI = Viewer("p-eli", frozenset(), frozenset({"s-south"}))
FAY = Viewer("p-fay", frozenset(), frozenset({"s-north"}))
VIEWERS = {"anonymous": ANON, "amara": AMARA, "ben": BEN, "chen": CHEN, "eli": ELI, "fay": FAY, "system": ALL}
NO_FILTERS = SearchFilters()
EMBED = HashingEmbedder()


def qvec(text: str) -> list[float]:
    return EMBED.vector(text).tolist()


@pytest.fixture(scope="module")
def corpus_stores():
    """kind -> (store holding the corpus, server generation); read-only tests share them."""
    held: dict = {}
    yield held
    for s, _ in held.values():
        s.close()


@pytest.fixture
def load(request, corpus_stores, open_store, tmp_path_factory):
    """load(kind): the store of that kind holding the corpus, opened on first use. Neo4j
    Community has one database, which tests of empty stores wipe: then it is loaded again."""
    def loader(kind: str):
        server = request.getfixturevalue("neo4j_server") if kind == "neo4j" else None
        s, generation = corpus_stores.get(kind, (None, None))
        if s is None or (server is not None and generation != server.generation):
            if s is not None:
                s.close()
            s = open_store(kind, tmp_path_factory.mktemp(kind))
            ingest(s, HashingEmbedder(), items())
            corpus_stores[kind] = (s, server.generation if server else 0)
        return s

    return loader


@pytest.fixture(params=KIND_PARAMS)
def loaded(request, load):
    return load(request.param)


@pytest.fixture(params=OTHER_KINDS)
def reference_and_other(request, load):
    """(the in-memory reference, another store), both holding the corpus."""
    return load("memory"), load(request.param)


def _is_neo4j(store) -> bool:
    return type(store).__name__ == "Neo4jStore"


def _is_kuzu(store) -> bool:
    return type(store).__name__ == "KuzuStore"


def _ev(rows) -> Counter:
    return Counter((r.person_id, r.kind, r.practice_id, r.source_id) for r in rows)


def _people(rows) -> set[str]:
    return {r.person_id for r in rows}


def _edges(edges) -> set[tuple]:
    return {(e.kind, e.child, e.parent) for e in edges}


# writes -------------------------------------------------------------------------------

def test_same_ingest_twice_writes_nothing(store, embedder):
    first = ingest(store, embedder, items())
    counts, encoded = store.counts(), embedder.encoded
    second = ingest(store, embedder, items())
    assert first.written == len(RECORDS) and first.unchanged == 0
    assert (second.written, second.unchanged) == (0, len(RECORDS))
    assert store.counts() == counts
    assert embedder.encoded == encoded  # nothing re-embedded
    # the store alone: known records are unchanged, and only a new record's node and edges are written
    assert store.upsert(_batch(RECORDS)) == WriteResult(0, len(RECORDS), ())
    extra = [_member("m-fay-maths", "p-fay", cluster="c-maths"), _person("p-gus", "Gus Lund")]
    assert store.upsert(_batch(RECORDS + extra)) == WriteResult(2, len(RECORDS), ())
    assert store.counts() == {**counts, "Record": counts["Record"] + 2, "Person": counts["Person"] + 1,
                              "rel:MEMBER_OF": counts["rel:MEMBER_OF"] + 1}
    assert counts["Record"] == len(RECORDS) and counts["Practice"] == len(PRACTICES)


def test_changed_content_same_id_conflicts_and_writes_nothing(store, embedder):
    ingest(store, embedder, items())
    before = store.counts()
    line = LINE["pr-a"]
    changed = [dict(r, title="Another title") if r["id"] == "pr-a" else r for r in RECORDS]
    fresh = {"type": "person", "id": "p-new", "name": "New Teacher"}
    with pytest.raises(ConflictError) as err:
        ingest(store, embedder, items(changed + [fresh]))
    assert [(c.id, c.type, c.line) for c in err.value.conflicts] == [("pr-a", "practice", line)]
    assert store.counts() == before and store.record_index(["p-new"]) == {}
    assert store.get_practice("pr-a", ALL).summary.title == RECORDS[line - 1]["title"]

    # the store itself refuses a batch that conflicts, whatever the caller checked before
    result = store.upsert(_batch([fresh, changed[line - 1]]))
    assert result.written == 0 and [c.id for c in result.conflicts] == ["pr-a"]
    assert store.counts() == before and store.record_index(["p-new"]) == {}


def test_unknown_reference_fails_with_line_and_field(store, embedder):
    bad = copy.deepcopy(RECORDS)
    line = LINE["pr-c"]
    bad[line - 1]["developers"] = [{"person": "p-nobody"}]
    with pytest.raises(ValidationFailed) as err:
        ingest(store, embedder, items(bad))
    assert [(e.line, e.field, e.id) for e in err.value.errors] == [(line, "developers.0.person", "pr-c")]
    assert "p-nobody" in err.value.errors[0].reason
    assert store.counts()["Record"] == 0 and embedder.encoded == 0


def test_replace_similar_replaces_outgoing_links(store, embedder):
    ingest(store, embedder, items(), similar_threshold=2.0)  # no links from ingest
    assert "rel:SIMILAR_TO" not in store.counts()
    store.replace_similar({"pr-c": [Hit("pr-a", 0.9), Hit("pr-b", 0.7)], "pr-d": [Hit("pr-d2", 0.8)]}, "m")
    assert store.counts()["rel:SIMILAR_TO"] == 3
    assert store.get_practice("pr-a", ALL).similar == (Hit("pr-c", 0.9),)  # either direction
    assert store.get_practice("pr-c", ALL).similar == (Hit("pr-a", 0.9), Hit("pr-b", 0.7))
    assert store.get_practice("pr-c", ANON).similar == (Hit("pr-a", 0.9),)  # pr-b is cluster-only
    store.replace_similar({"pr-b": [Hit("pr-c", 0.95)], "pr-c": []}, "m")
    assert store.get_practice("pr-c", ALL).similar == (Hit("pr-b", 0.95),)
    assert store.counts()["rel:SIMILAR_TO"] == 2


def test_private_practice_without_author_is_hidden(store, embedder):
    ingest(store, embedder, items())
    orphan = {"type": "practice", "id": "pr-orphan", "title": "Unattributed phonics notes",
              "description": "Phonics notes nobody signed.", "visibility": "private"}
    ingest(store, embedder, items([orphan]))
    assert store.get_practice("pr-orphan", ALL) is not None
    assert store.practices(["pr-orphan"], ANON) == []
    assert store.get_practice("pr-orphan", ANON) is None
    assert "pr-orphan" not in {h.id for h in store.vector_top_k("Practice", qvec("phonics notes"), 50,
                                                                  NO_FILTERS, ANON)}
    assert "pr-orphan" not in {h.id for h in store.fulltext("Practice", "phonics notes", 50, NO_FILTERS, ANON)}


# the same answers from every store ----------------------------------------------------

SEARCHES = [
    ("Practice", "phonics sound card tracing", NO_FILTERS),
    ("Practice", "fraction strips number line", NO_FILTERS),
    ("Practice", "fraction strips number line", SearchFilters(subject="Maths", phase="secondary")),
    ("Practice", "phonics sound card", SearchFilters(subject="literacy")),
    ("Observation", "sound card routine", NO_FILTERS),
    ("Observation", "fraction strips number line", SearchFilters(phase="secondary")),
    ("Exchange", "mentoring phonics", NO_FILTERS),
    ("Exchange", "mentoring fraction", SearchFilters(subject="maths")),
]


@pytest.mark.parametrize("viewer", ["anonymous", "amara", "chen", "system"])
def test_vector_top_k_same_on_every_store(reference_and_other, viewer):
    # exact cosine in every store: the same ids in the same order, the same scores (Neo4j's
    # cosine is computed in float32, hence the wider tolerance)
    reference, other = reference_and_other
    tolerance = 1e-4 if _is_neo4j(other) else 1e-5
    found = 0
    for kind, text, filters in SEARCHES:
        for k in (3, 50):
            want, got = (s.vector_top_k(kind, qvec(text), k, filters, VIEWERS[viewer]) for s in (reference, other))
            assert [h.id for h in got] == [h.id for h in want], (kind, text, k)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=tolerance)
            found += len(got)
    assert found > 0


@pytest.mark.parametrize("viewer", ["anonymous", "amara", "chen", "system"])
def test_fulltext_same_on_every_store(reference_and_other, viewer):
    # every store scores words with graph.text_index over the documents the viewer may
    # see, so the scores agree exactly, not just the order
    reference, other = reference_and_other
    _fulltext_same_on_every_store(reference, other, viewer)


def _fulltext_same_on_every_store(reference, other, viewer):
    found = 0
    for kind, text, filters in SEARCHES + [("Practice", "the", NO_FILTERS), ("Practice", "whole school", NO_FILTERS)]:
        for k in (2, 50):
            want, got = (s.fulltext(kind, text, k, filters, VIEWERS[viewer]) for s in (reference, other))
            assert [h.id for h in got] == [h.id for h in want], (kind, text, k)
            assert [h.score for h in got] == pytest.approx([h.score for h in want], rel=1e-6)
            found += len(got)
    assert found > 0


def test_counts_and_ledger_same_on_every_store(reference_and_other):
    reference, other = reference_and_other
    counts = other.counts()
    assert counts == reference.counts()
    ids = [r["id"] for r in RECORDS] + ["nope"]
    assert other.record_index(ids) == reference.record_index(ids)
    assert counts["rel:MEMBER_OF"] == 12 and counts["rel:ADAPTED_FROM"] == 4
    assert reference.vector_dimension() == other.vector_dimension() == 64
    want, got = reference.practice_vectors(PRACTICES), other.practice_vectors(PRACTICES)
    assert want.keys() == got.keys() == set(PRACTICES)
    assert got["pr-a"] == pytest.approx(want["pr-a"])


def test_memory_store_mirrors_kuzu_constants():
    assert set(memory.FTS_FIELDS) == set(cypher.WORD_POSTINGS)  # the same kinds are word-searchable
    assert set(memory.COUNT_LABELS) == set(cypher.COUNT_LABEL)
    assert memory.LINEAGE_KINDS["ADAPTED_FROM"] == cypher.LINEAGE_PROPS


def test_neo4j_store_mirrors_the_same_constants():
    from practicegraph.graph.neo4j import cypher as neo4j_cypher

    assert set(neo4j_cypher.WORD_POSTINGS) == set(cypher.WORD_POSTINGS)
    assert set(memory.COUNT_LABELS) == set(neo4j_cypher.COUNT_LABEL)
    assert neo4j_cypher.LINEAGE_PROPS == cypher.LINEAGE_PROPS


# visibility ---------------------------------------------------------------------------

def _reference(kind: str, viewer: Viewer) -> set[str]:
    prefix = {"Practice": "pr-", "Observation": "ob-", "Exchange": "ex-"}[kind]
    return {i for i, r in ROWS.items() if i.startswith(prefix) and visible(r, viewer)
            and r.get("purpose", "developmental") == "developmental"}


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
@pytest.mark.parametrize("kind", ["Practice", "Observation", "Exchange"])
def test_vector_search_sees_exactly_what_the_viewer_may(loaded, viewer, kind):
    hits = loaded.vector_top_k(kind, qvec("phonics fraction mentoring sound card"), 100, NO_FILTERS, VIEWERS[viewer])
    assert {h.id for h in hits} == _reference(kind, VIEWERS[viewer])


def _public(record_id: str | None) -> bool:
    return record_id is None or ROWS[record_id]["visibility"] == "public"


def test_anonymous_viewer_sees_only_public_records(loaded):
    hidden = [i for i in PRACTICES if not _public(i)]
    assert len(loaded.practices(hidden, ALL)) == len(hidden) == 5  # there is something to hide
    seen = set()
    for kind, text, filters in SEARCHES + [("Practice", "fraction phonics sound", NO_FILTERS)]:
        seen |= {h.id for h in loaded.vector_top_k(kind, qvec(text), 100, filters, ANON)}
        seen |= {h.id for h in loaded.fulltext(kind, text, 100, filters, ANON)}
    for row in loaded.evidence(PRACTICES, OBSERVATIONS, NO_FILTERS, ANON):
        seen |= {row.practice_id, row.source_id}
    seen |= {p.id for p in loaded.practices(PRACTICES, ANON)}
    for pid in PRACTICES:
        detail = loaded.get_practice(pid, ANON)
        if detail is not None:
            seen |= {pid} | {h.id for h in detail.similar}
        assert (detail is not None) == _public(pid)
    for e in loaded.lineage_edges(PRACTICES, "both", ANON):
        seen |= {e.child, e.parent}
    seen.discard(None)
    assert seen and all(_public(i) for i in seen), sorted(i for i in seen if not _public(i))
    assert {"pr-a", "pr-c", "pr-d", "pr-d2", "ob-1", "ob-2", "ex-1"} <= seen


def test_cluster_member_sees_cluster_records(loaded):
    # Eli is in no cluster, but pr-e is his and ob-5 names him: the people a record names see it
    for viewer, ok in ((CHEN, True), (Viewer("p-dina", frozenset({"c-maths"})), True), (AMARA, False), (ELI, True),
                       (Viewer("p-fay", frozenset(), frozenset({"s-south"})), False)):
        assert bool(loaded.practices(["pr-e"], viewer)) is ok
        assert (loaded.get_practice("pr-e", viewer) is not None) is ok
        assert ("ob-5" in {h.id for h in loaded.fulltext("Observation", "number line", 10, NO_FILTERS, viewer)}) is ok
    assert [p.id for p in loaded.practices(["pr-b"], BEN)] == ["pr-b"]
    assert loaded.practices(["pr-b"], CHEN) == []


def test_pair_records_only_for_the_people_named(loaded):
    # pr-f and ob-4 name Amara and Eli; ex-2 names Amara and Ben
    for viewer in (AMARA, BEN, ELI, FAY, ANON):
        f_and_4 = viewer in (AMARA, ELI)
        assert bool(loaded.practices(["pr-f"], viewer)) is f_and_4
        assert ("ob-4" in {h.id for h in loaded.fulltext("Observation", "buddies", 10, NO_FILTERS, viewer)}) is f_and_4
        assert bool(loaded.evidence(["pr-f"], ["ob-4"], NO_FILTERS, viewer)) is f_and_4
        ex2 = {h.id for h in loaded.vector_top_k("Exchange", qvec("mentoring"), 10, NO_FILTERS, viewer)}
        assert ("ex-2" in ex2) is (viewer in (AMARA, BEN))
        mentored = ("p-amara", "mentored", "pr-a", "ex-2") in _ev(loaded.evidence(["pr-a"], [], NO_FILTERS, viewer))
        assert mentored is (viewer in (AMARA, BEN))


def test_private_and_org_records(loaded):
    assert [p.id for p in loaded.practices(["pr-g"], FAY)] == ["pr-g"]
    assert loaded.practices(["pr-g"], AMARA) == [] and loaded.practices(["pr-g"], ANON) == []
    assert [p.id for p in loaded.practices(["pr-h"], AMARA)] == ["pr-h"]  # a member of s-north
    assert loaded.practices(["pr-h"], CHEN) == []


def test_similar_practices_respect_visibility(loaded):
    from practicegraph.queries.practices import similar_practices

    # near-identical wording: similar for whoever may see both, searched per viewer
    assert "pr-f" in {h.id for h in similar_practices(loaded, "pr-a", AMARA)}
    assert "pr-f" not in {h.id for h in similar_practices(loaded, "pr-a", ANON)}
    assert "pr-f" not in {h.id for h in similar_practices(loaded, "pr-a", BEN)}
    # stored links join public practices only, so no reader meets a hidden one through them
    assert "pr-f" not in {h.id for h in loaded.get_practice("pr-a", AMARA).similar}


# evidence -----------------------------------------------------------------------------

def test_evidence_kinds(loaded):
    assert _ev(loaded.evidence(PRACTICES, [], NO_FILTERS, ALL)) == Counter({
        ("p-amara", "adapted", "pr-a", None): 1,  # pr-a was adapted back from pr-c (the cycle)
        ("p-ben", "adapted", "pr-b", None): 1, ("p-dina", "adapted", "pr-b", None): 1,
        ("p-chen", "adapted", "pr-c", None): 1,
        ("p-chen", "developed", "pr-d", None): 1, ("p-dina", "co-developed", "pr-d", None): 1,
        ("p-eli", "adapted", "pr-e", None): 1, ("p-chen", "developed", "pr-d2", None): 1,
        ("p-amara", "developed", "pr-f", None): 1, ("p-eli", "co-developed", "pr-f", None): 1,
        ("p-fay", "developed", "pr-g", None): 1, ("p-fay", "developed", "pr-h", None): 1,
        ("p-amara", "observed", "pr-a", "ob-1"): 1, ("p-chen", "model-lesson", "pr-d", "ob-2"): 1,
        ("p-eli", "observed", "pr-f", "ob-4"): 1, ("p-eli", "observed", "pr-e", "ob-5"): 1,
        ("p-dina", "mentored", "pr-d", "ex-1"): 1, ("p-amara", "mentored", "pr-a", "ex-2"): 1,
        ("p-fay", "mentored", "pr-c", "ex-3"): 1,
    })
    assert _ev(loaded.evidence([], OBSERVATIONS, NO_FILTERS, ALL)) == Counter({
        ("p-amara", "observed", "pr-a", "ob-1"): 1, ("p-chen", "model-lesson", "pr-d", "ob-2"): 1,
        ("p-eli", "observed", "pr-f", "ob-4"): 1, ("p-eli", "observed", "pr-e", "ob-5"): 1,
    })
    # pr-c's source is cluster-only: to the anonymous viewer Chen simply developed it
    assert _ev(loaded.evidence(PRACTICES, OBSERVATIONS, NO_FILTERS, ANON)) == Counter({
        ("p-amara", "adapted", "pr-a", None): 1, ("p-chen", "developed", "pr-c", None): 1,
        ("p-chen", "developed", "pr-d", None): 1, ("p-dina", "co-developed", "pr-d", None): 1,
        ("p-chen", "developed", "pr-d2", None): 1,
        ("p-amara", "observed", "pr-a", "ob-1"): 2, ("p-chen", "model-lesson", "pr-d", "ob-2"): 2,
        ("p-dina", "mentored", "pr-d", "ex-1"): 1,
    })


def test_evidence_rows_carry_dates_and_summaries(loaded):
    rows = {(r.person_id, r.kind, r.practice_id, r.source_id): r for r in loaded.evidence(["pr-b", "pr-d"], ["ob-2"],
                                                                                         NO_FILTERS, ALL)}
    assert rows[("p-dina", "adapted", "pr-b", None)].date == D("2021-02-01")  # the practice's date
    assert rows[("p-dina", "co-developed", "pr-d", None)].date == D("2020-11-01")  # the developer's own
    ob = rows[("p-chen", "model-lesson", "pr-d", "ob-2")]
    assert (ob.person_name, ob.practice_title, ob.date) == ("Chen Li", "Fraction strips from folded paper",
                                                            D("2021-03-15"))
    assert ob.source_text == "Learners ordered fraction strips without help."
    ex = rows[("p-dina", "mentored", "pr-d", "ex-1")]
    assert (ex.date, ex.source_text) == (D("2021-09-01"), "Mentoring on fraction strips and the number line")


def test_evaluative_observation_never_counts(loaded):
    assert loaded.record_index(["ob-3"])["ob-3"][0] == "observation" and ROWS["ob-3"]["visibility"] == "public"
    assert "ob-3" not in {h.id for h in loaded.vector_top_k("Observation", qvec("phonics appraisal visit"), 100,
                                                             NO_FILTERS, ALL)}
    assert "ob-3" not in {h.id for h in loaded.fulltext("Observation", "phonics appraisal judged", 100,
                                                         NO_FILTERS, ALL)}
    rows = loaded.evidence(["pr-b"], ["ob-3"], NO_FILTERS, ALL)
    assert rows and all(r.source_id != "ob-3" for r in rows)
    assert ("p-ben", "observed") not in {(r.person_id, r.kind) for r in rows}


@pytest.mark.parametrize("filters, people", [
    (SearchFilters(organisation="s-north"), {"p-amara", "p-dina", "p-fay"}),
    (SearchFilters(organisation="s-south"), {"p-ben", "p-chen", "p-eli"}),
    (SearchFilters(region="North"), {"p-amara", "p-dina", "p-fay"}),
    (SearchFilters(region="South"), {"p-ben", "p-chen", "p-eli"}),
    (SearchFilters(cluster="c-maths"), {"p-chen", "p-dina"}),
    (SearchFilters(cluster="c-literacy"), {"p-amara", "p-ben"}),  # Eli left it in 2021
    (SearchFilters(cluster="c-literacy", region="South"), {"p-ben"}),
    (SearchFilters(cluster="c-maths", organisation="s-north"), {"p-dina"}),
    (SearchFilters(organisation="s-north", region="South"), set()),
    # subject and phase narrow the search, not the evidence of the practices asked about
    (SearchFilters(cluster="c-maths", subject="literacy"), {"p-chen", "p-dina"}),
])
def test_person_filters_use_current_memberships(loaded, filters, people):
    assert _people(loaded.evidence(PRACTICES, OBSERVATIONS, filters, ALL)) == people


def test_moved_teacher_is_found_at_the_new_school_only(loaded):
    assert _people(loaded.evidence(["pr-b"], [], SearchFilters(organisation="s-north"), ALL)) == {"p-dina"}
    assert _people(loaded.evidence(["pr-b"], [], SearchFilters(organisation="s-south"), ALL)) == {"p-ben"}
    [ben] = loaded.people(["p-ben"])
    assert ben.organisations == (("s-south", "Southbank Academy", "South"),)
    assert ben.clusters == (("c-literacy", "Early Literacy Circle"),)


def test_people_lists_current_places_sorted_by_name(loaded):
    people = {p.id: p for p in loaded.people(["p-dina", "p-eli", "p-nobody"])}
    assert set(people) == {"p-dina", "p-eli"}
    assert people["p-dina"].name == "Dina Mensah"
    assert people["p-dina"].organisations == (("s-north", "Northfield Primary", "North"),)
    assert people["p-dina"].clusters == (("c-maths", "Maths Hub South"),)
    assert people["p-eli"].clusters == ()  # ended


def test_practice_summary_and_detail(loaded):
    detail = loaded.get_practice("pr-d", ALL)
    s = detail.summary
    assert (s.id, s.title, s.subject, s.phase, s.version, s.visibility, s.organisation, s.cluster, s.date) == (
        "pr-d", "Fraction strips from folded paper", "maths", "secondary", 1, "public", "s-south", "c-maths",
        D("2020-10-01"))
    assert sorted(s.developers) == [("p-chen", "Chen Li", "originator"), ("p-dina", "Dina Mensah", "co-developer")]
    assert detail.tags == ("fractions",) and detail.model_id == "test/hashing-64"
    assert detail.description.startswith("Learners fold paper strips")
    assert loaded.get_practice("pr-a", ALL).summary.subject == "literacy"  # normalised at validation
    assert loaded.get_practice("pr-missing", ALL) is None
    assert {p.id for p in loaded.practices(["pr-d2", "pr-missing", "pr-d"], ALL)} == {"pr-d", "pr-d2"}


def test_repeated_ids_are_answered_once(loaded):
    [once] = loaded.practices(["pr-d"], ALL)
    assert [(p.id, sorted(p.developers)) for p in loaded.practices(["pr-d", "pr-d"], ALL)] == [
        (once.id, sorted(once.developers))]
    assert loaded.people(["p-ben", "p-ben"]) == loaded.people(["p-ben"])


# lineage ------------------------------------------------------------------------------

def test_lineage_edges_one_hop(loaded):
    assert _edges(loaded.lineage_edges(["pr-b"], "ancestors", ALL)) == {("ADAPTED_FROM", "pr-b", "pr-a")}
    assert _edges(loaded.lineage_edges(["pr-b"], "descendants", ALL)) == {("ADAPTED_FROM", "pr-c", "pr-b")}
    assert _edges(loaded.lineage_edges(["pr-a"], "both", ALL)) == {("ADAPTED_FROM", "pr-a", "pr-c"),
                                                                   ("ADAPTED_FROM", "pr-b", "pr-a")}
    assert _edges(loaded.lineage_edges(["pr-d"], "descendants", ALL)) == {("ADAPTED_FROM", "pr-e", "pr-d"),
                                                                          ("VERSION_OF", "pr-d2", "pr-d")}
    up = {(e.kind, e.parent): e.props for e in loaded.lineage_edges(["pr-d2"], "ancestors", ALL)}
    assert up == {("VERSION_OF", "pr-d"): {},
                  ("REVISED_AFTER", "pr-e"): {"what_changed": "Ends on a number line.", "date": D("2022-06-01")}}
    [edge] = loaded.lineage_edges(["pr-b"], "ancestors", ALL)
    assert edge.props == {"mode": "adaptive", "what_changed": "Two card sets.", "why": "Mixed ages in one room.",
                          "how_learned": "observation-and-discussion", "round": 1, "date": D("2021-02-01")}
    assert _edges(loaded.lineage_edges(["pr-e"], "descendants", ALL)) == {("REVISED_AFTER", "pr-d2", "pr-e")}


def test_lineage_edges_between_visible_practices_only(loaded):
    assert _edges(loaded.lineage_edges(["pr-d2"], "ancestors", ANON)) == {("VERSION_OF", "pr-d2", "pr-d")}
    assert _edges(loaded.lineage_edges(["pr-c"], "both", ANON)) == {("ADAPTED_FROM", "pr-a", "pr-c")}
    assert _edges(loaded.lineage_edges(["pr-c"], "both", BEN)) == {("ADAPTED_FROM", "pr-a", "pr-c"),
                                                                   ("ADAPTED_FROM", "pr-c", "pr-b")}
    assert _edges(loaded.lineage_edges(["pr-d"], "descendants", CHEN)) == {("ADAPTED_FROM", "pr-e", "pr-d"),
                                                                           ("VERSION_OF", "pr-d2", "pr-d")}


# directory: facets and profiles ------------------------------------------------------

@pytest.mark.parametrize("viewer", sorted(VIEWERS))
def test_facet_counts_same_on_every_store_and_only_visible(reference_and_other, viewer):
    reference, other = reference_and_other
    facets = other.facet_counts(VIEWERS[viewer])
    assert facets == reference.facet_counts(VIEWERS[viewer])
    seen = [r for i, r in ROWS.items() if i.startswith("pr-") and visible(r, VIEWERS[viewer])]
    assert sum(n for _, _, n in facets.practices) == len(seen)
    assert {o[0] for o in facets.organisations} == {"s-north", "s-south"}


@pytest.mark.parametrize("viewer", sorted(VIEWERS))
@pytest.mark.parametrize("person", ["p-amara", "p-ben", "p-chen", "p-dina", "p-eli", "nobody"])
def test_person_profile_same_on_every_store_and_only_visible(reference_and_other, viewer, person):
    reference, other = reference_and_other
    profile = other.person_profile(person, VIEWERS[viewer])
    assert profile == reference.person_profile(person, VIEWERS[viewer])
    for p in profile.practices:
        assert visible(ROWS[p.id], VIEWERS[viewer])
    for a in profile.adaptations:
        assert visible(ROWS[a.source_id], VIEWERS[viewer]) and visible(ROWS[a.practice_id], VIEWERS[viewer])


def test_person_profile_kinds(loaded):
    everything = loaded.person_profile("p-ben", ALL)
    assert everything.practices and {p.kind for p in everything.practices} <= {"developed", "co-developed", "adapted"}
    assert set(loaded.person_profile("p-ben", ANON).practices) <= set(everything.practices)
    assert loaded.person_profile("p-amara", ALL).adaptations  # pr-a adapts pr-c


def test_place_names_same_on_every_store(reference_and_other):
    reference, other = reference_and_other
    asked = (["s-north", "s-south", "s-north", "nope"], ["c-maths", "nope"])
    assert other.place_names(*asked) == reference.place_names(*asked) == {
        "s-north": "Northfield Primary", "s-south": "Southbank Academy", "c-maths": "Maths Hub South"}
    assert other.place_names([], []) == {}


# a question's reads: candidates, then the evidence with its lineage and places ---------

QUESTION_FILTERS = [NO_FILTERS, SearchFilters(subject="literacy"), SearchFilters(subject="maths", phase="secondary"),
                    SearchFilters(region="North")]


def _question(q) -> tuple:
    return (sorted(q.rows, key=repr), sorted(q.lineage, key=repr), q.people)


@pytest.mark.parametrize("viewer", ["anonymous", "amara", "ben", "chen", "system"])
def test_candidates_are_the_searches_in_one_read(loaded, viewer):
    who = VIEWERS[viewer]
    for kinds, text, filters in [(("Practice", "Observation"), "phonics sound card", NO_FILTERS),
                                 (("Practice", "Observation"), "fraction strips number line",
                                  SearchFilters(subject="maths"))]:
        found = loaded.candidates(kinds, qvec(text), text, 20, filters, who)
        for kind in kinds:
            assert found.meaning[kind] == tuple(loaded.vector_top_k(kind, qvec(text), 20, filters, who))
            assert found.words[kind] == tuple(loaded.fulltext(kind, text, 20, filters, who))
        assert loaded.candidates(kinds, None, text, 20, filters, who).meaning == {}
        assert loaded.candidates(kinds, qvec(text), None, 20, filters, who).words == {}


@pytest.mark.parametrize("lineage_scan_us", [None, 1e9])
@pytest.mark.parametrize("viewer", ["anonymous", "amara", "ben", "chen", "system"])
def test_question_evidence_same_on_every_store(reference_and_other, viewer, lineage_scan_us, monkeypatch):
    reference, other = reference_and_other
    if hasattr(other, "lineage_scan_us"):  # a Cypher store: its joined (None) and per-key lineage reads
        monkeypatch.setattr(other, "lineage_scan_us", lineage_scan_us)
    for filters in QUESTION_FILTERS:
        for practices, observations in ((["pr-a"], []), (["pr-b", "pr-d"], ["ob-2"]), (PRACTICES, OBSERVATIONS),
                                        ([], ["ob-1", "ob-5"]), ([], [])):
            for lineage in (True, False):
                asked = (practices, observations, filters, VIEWERS[viewer], lineage)
                assert _question(other.question_evidence(*asked)) == _question(reference.question_evidence(*asked))


def test_question_evidence_is_the_evidence_of_the_practices_and_their_lineage(loaded):
    # pr-a's lineage: pr-b adapts it (cluster), it adapts pr-c (public)
    q = loaded.question_evidence(["pr-a"], [], NO_FILTERS, ALL)
    assert _edges(q.lineage) == {("ADAPTED_FROM", "pr-b", "pr-a"), ("ADAPTED_FROM", "pr-a", "pr-c")}
    assert sorted(q.rows, key=repr) == sorted(loaded.evidence(["pr-a", "pr-b", "pr-c"], [], NO_FILTERS, ALL), key=repr)
    assert q.people == {p.id: p for p in loaded.people(sorted({r.person_id for r in q.rows}))}
    # a practice the viewer may not see is neither reached nor evidence
    anon = loaded.question_evidence(["pr-a"], [], NO_FILTERS, ANON)
    assert _edges(anon.lineage) == {("ADAPTED_FROM", "pr-a", "pr-c")}
    assert {r.practice_id for r in anon.rows} == {"pr-a", "pr-c"}
    # a reached practice passes the subject and phase filters, as a retrieved one must
    assert loaded.question_evidence(["pr-a"], [], SearchFilters(subject="maths"), ALL).lineage == ()
    assert _edges(loaded.question_evidence(["pr-d"], [], SearchFilters(phase="secondary"), ALL).lineage) == {
        ("ADAPTED_FROM", "pr-e", "pr-d"), ("VERSION_OF", "pr-d2", "pr-d")}
    alone = loaded.question_evidence(["pr-a"], [], NO_FILTERS, ALL, lineage=False)
    assert alone.lineage == () and {r.practice_id for r in alone.rows} == {"pr-a"}
    # person filters narrow the rows, and so the people
    north = loaded.question_evidence(PRACTICES, OBSERVATIONS, SearchFilters(region="North"), ALL)
    assert set(north.people) == {"p-amara", "p-dina", "p-fay"}
    assert north.people["p-dina"].organisations == (("s-north", "Northfield Primary", "North"),)
    assert north.people["p-dina"].clusters == (("c-maths", "Maths Hub South"),)
    assert loaded.question_evidence([], [], NO_FILTERS, ALL).rows == ()
