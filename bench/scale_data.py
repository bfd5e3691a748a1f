"""Synthetic practice graphs for bench/scale.py: 100k or 1M practices, vectors generated.

Vectors are clustered random unit vectors (topics = random centroids + Gaussian noise),
never encoded by a model. Texts are short and made of made-up words: each topic has its
own few words, so a record's words agree with its vector, and every record also holds
"short synthetic practice" / "observed focus"; their word-search postings (HAS_TERM,
text_len) are written as ingest writes them (graph/text_index.py). Written with COPY from
Arrow tables in chunks, so memory stays bounded at 1M. The shape follows the demo:
schools and clusters, people who belong to one of each, practices with one developer and
a visibility mix, observations of practices (mostly developmental).

    python bench/scale_data.py --practices 100000 --db /tmp/scale100k/db.kz
"""

from __future__ import annotations

import argparse
import importlib.util  # noqa: F401  (Kùzu's Arrow scan needs it)
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from practicegraph.graph.text_index import document_terms

DIM = 384
SUBJECTS = ("maths", "science", "english", "history", "geography", "life-orientation",
            "technology", "art", "music", "languages")
PHASES = ("foundation", "intermediate", "senior", "fet")
# public dominates, as in the demo; the rest are the records a viewer may see by scope
VISIBILITY_MIX = (("public", 0.80), ("cluster", 0.08), ("org", 0.06), ("pair", 0.04), ("private", 0.02))
TOPICS = 2000
TOPIC_WORDS = 6  # made-up words per topic
VOCABULARY = 6000
CHUNK = 50_000
_CONSONANTS, _VOWELS = "bdfgklmnprstvz", "aeiou"


def centroids(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    c = rng.standard_normal((TOPICS, DIM)).astype(np.float32)
    return c / np.linalg.norm(c, axis=1, keepdims=True)


def topical_vectors(rng: np.random.Generator, cents: np.ndarray, n: int,
                    noise: float = 0.8) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors near random topics (noise of norm `noise`, so cosine ~0.78 to the
    topic), with their topics."""
    topic = rng.integers(0, len(cents), n)
    v = cents[topic] + noise * rng.standard_normal((n, DIM)).astype(np.float32) / np.sqrt(DIM)
    return (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32), topic


def vectors(rng: np.random.Generator, cents: np.ndarray, n: int, noise: float = 0.8) -> np.ndarray:
    return topical_vectors(rng, cents, n, noise)[0]


def question_vectors(seed: int, n: int) -> np.ndarray:
    return questions(seed, n)[0]


def questions(seed: int, n: int) -> tuple[np.ndarray, list[str]]:
    """n question vectors and, for each, two words of its topic."""
    rng = np.random.default_rng(seed + 1)
    vecs, topic = topical_vectors(rng, centroids(seed), n, noise=0.8)
    words = topic_words(seed)
    return vecs, [" ".join(words[t][:2]) for t in topic]


def topic_words(seed: int) -> list[list[str]]:
    """Each topic's made-up words (letters only, so the tokenizer keeps them whole)."""
    rng = np.random.default_rng(seed + 2)
    vocabulary: list[str] = []
    seen: set[str] = set()
    while len(vocabulary) < VOCABULARY:
        word = "".join(_CONSONANTS[rng.integers(len(_CONSONANTS))] + _VOWELS[rng.integers(len(_VOWELS))]
                       for _ in range(3))
        if word not in seen:
            seen.add(word)
            vocabulary.append(word)
    return [[vocabulary[i] for i in rng.choice(VOCABULARY, TOPIC_WORDS, replace=False)] for _ in range(TOPICS)]


def sizes(practices: int) -> dict[str, int]:
    return {"Practice": practices, "Observation": practices // 5, "Person": max(practices // 10, 50),
            "Organisation": max(practices // 500, 5), "Cluster": max(practices // 2000, 3)}


def _copy(conn, target: str, columns: dict, options: str = "") -> None:
    import pyarrow as pa

    arrays, names = [], []
    for name, values in columns.items():
        if isinstance(values, np.ndarray) and values.ndim == 2:
            arrays.append(pa.FixedSizeListArray.from_arrays(pa.array(values.reshape(-1), pa.float32()), DIM))
        else:
            arrays.append(pa.array(values))
        names.append(name)
    conn.execute("COPY " + target + " FROM $t" + options, {"t": pa.Table.from_arrays(arrays, names=names)})


def _row_columns(label: str, cols: dict, n: int) -> dict:
    """Every column of the label's table, in schema order; absent ones null."""
    import pyarrow as pa
    from practicegraph.graph.kuzu.bulk import _arrow_type
    from practicegraph.graph.schema import NODE_COLUMNS

    out = {}
    for name, t in NODE_COLUMNS[label]:
        out[name] = cols[name] if name in cols else pa.nulls(n, _arrow_type(t, DIM))
    return out


PRACTICE_TEXT = "a short synthetic practice"
OBSERVATION_TEXT = "observed focus"
ADAPTED_SHARE = 0.1  # practices that adapt an earlier practice of their topic's neighbourhood


def _texts(rng: np.random.Generator, words: list[list[str]], topic: np.ndarray, lead: str,
           count: int) -> list[str]:
    """`lead` and `count` of each record's topic words, picked at random."""
    picks = rng.integers(0, TOPIC_WORDS, (len(topic), count))
    return [lead + " " + " ".join(words[t][k] for k in row) for t, row in zip(topic, picks)]


def _postings(sink, label: str, ids: list[str], texts: list[list[str | None]]) -> list[int]:
    """Each record's HAS_TERM postings, as graph/rows.py writes them; returns text_len."""
    src, dst, tf, lengths = [], [], [], []
    for rid, fields in zip(ids, texts):
        counts = document_terms(fields)
        src += [rid] * len(counts)
        dst += list(counts)
        tf += list(counts.values())
        lengths.append(sum(counts.values()))
    sink.rels("HAS_TERM", label, "Term", {"from": src, "to": dst, "tf": tf})
    return lengths


def _rel_columns(rel: str, cols: dict, n: int) -> dict:
    """from, to and every property of the relationship table, in schema order; absent ones null."""
    import pyarrow as pa
    from practicegraph.graph.kuzu.bulk import _arrow_type
    from practicegraph.graph.schema import REL_TABLES

    out = {"from": cols["from"], "to": cols["to"]}
    for name, t in REL_TABLES[rel][1]:
        out[name] = cols[name] if name in cols else pa.nulls(n, _arrow_type(t, DIM))
    return out


def _practices(sink, rng, cents, words, where, start: int, m: int) -> None:
    people, orgs, clusters, person_org, person_cluster = where
    levels, weights = zip(*VISIBILITY_MIX)
    ids = [f"p-{i}" for i in range(start, start + m)]
    dev = rng.integers(0, len(people), m)
    vis = rng.choice(levels, m, p=weights)
    vecs, topic = topical_vectors(rng, cents, m)
    titles = _texts(rng, words, topic, "practice", 3)
    descriptions = _texts(rng, words, topic, PRACTICE_TEXT, 3)
    sink.nodes("Practice", {
        "id": ids, "title": titles, "description": descriptions,
        "subject": [SUBJECTS[i] for i in rng.integers(0, len(SUBJECTS), m)],
        "phase": [PHASES[i] for i in rng.integers(0, len(PHASES), m)],
        "version": [1] * m, "date": [date(2018, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 2500, m)],
        "visibility": list(vis), "author": [people[d] for d in dev],
        "named": [[people[d]] for d in dev], "organisation": [orgs[person_org[d]] for d in dev],
        "cluster": [clusters[person_cluster[d]] for d in dev],
        "embedding": vecs, "model_id": ["synthetic"] * m,
        "text_len": [sum(document_terms([t, d]).values()) for t, d in zip(titles, descriptions)]})
    _postings(sink, "Practice", ids, [[t, d] for t, d in zip(titles, descriptions)])
    sink.rels("DEVELOPED", "Person", "Practice", {"from": [people[d] for d in dev], "to": ids,
                                                  "role": ["developer"] * m, "share": [1.0] * m, "date": [None] * m})
    adapters = np.flatnonzero(rng.random(m) < ADAPTED_SHARE)
    adapters = adapters[start + adapters > 0]
    sources = (rng.random(len(adapters)) * (start + adapters)).astype(int)  # an earlier practice
    sink.rels("ADAPTED_FROM", "Practice", "Practice", {
        "from": [ids[i] for i in adapters], "to": [f"p-{j}" for j in sources], "mode": ["adaptive"] * len(adapters)})


def _observations(sink, rng, cents, words, where, practices: int, start: int, m: int) -> None:
    people, orgs, clusters, person_org, person_cluster = where
    levels, weights = zip(*VISIBILITY_MIX)
    ids = [f"o-{i}" for i in range(start, start + m)]
    of = rng.integers(0, practices, m)
    seen = rng.integers(0, len(people), m)
    vis = rng.choice(levels, m, p=weights)
    vecs, topic = topical_vectors(rng, cents, m)
    focus = _texts(rng, words, topic, OBSERVATION_TEXT, 3)
    sink.nodes("Observation", {
        "id": ids, "date": [date(2020, 1, 1) + timedelta(days=int(d)) for d in rng.integers(0, 1500, m)],
        "kind": ["peer" if k else "model-lesson" for k in rng.integers(0, 4, m)],
        "subject": [SUBJECTS[i] for i in rng.integers(0, len(SUBJECTS), m)],
        "focus": focus,
        "purpose": ["developmental" if k else "evaluative" for k in rng.integers(0, 10, m)],
        "visibility": list(vis), "author": [people[s] for s in seen], "named": [[people[s]] for s in seen],
        "organisation": [orgs[person_org[s]] for s in seen], "cluster": [clusters[person_cluster[s]] for s in seen],
        "embedding": vecs, "model_id": ["synthetic"] * m,
        "text_len": [sum(document_terms([f]).values()) for f in focus]})
    _postings(sink, "Observation", ids, [[f] for f in focus])
    sink.rels("OF_PRACTICE", "Observation", "Practice", {"from": ids, "to": [f"p-{i}" for i in of]})
    sink.rels("OBSERVED", "Observation", "Person", {"from": ids, "to": [people[s] for s in seen]})


def fill(sink, practices: int, seed: int = 7) -> None:
    """Write the whole synthetic graph through `sink` (KuzuSink, or bench/scale_neo4j.Neo4jSink)."""
    n = sizes(practices)
    rng = np.random.default_rng(seed)
    cents = centroids(seed)
    orgs = [f"org-{i}" for i in range(n["Organisation"])]
    clusters = [f"cl-{i}" for i in range(n["Cluster"])]
    sink.nodes("Organisation", {"id": orgs, "name": [f"School {i}" for i in range(len(orgs))],
                                "region": [f"region-{i % 9}" for i in range(len(orgs))]})
    sink.nodes("Cluster", {"id": clusters, "name": [f"Cluster {i}" for i in range(len(clusters))]})
    people = [f"t-{i}" for i in range(n["Person"])]
    sink.nodes("Person", {"id": people, "name": [f"Teacher {i}" for i in range(len(people))]})
    person_org = np.arange(len(people)) % len(orgs)
    person_cluster = person_org % len(clusters)
    since = [date(2015, 1, 1)] * len(people)
    sink.rels("MEMBER_OF", "Person", "Organisation", {
        "from": people, "to": [orgs[i] for i in person_org], "role": ["teacher"] * len(people),
        "since": since, "until": [None] * len(people), "record": [None] * len(people)})
    sink.rels("MEMBER_OF", "Person", "Cluster", {
        "from": people, "to": [clusters[i] for i in person_cluster], "role": ["member"] * len(people),
        "since": since, "until": [None] * len(people), "record": [None] * len(people)})
    words = topic_words(seed)
    sink.nodes("Term", {"id": sorted({t for ws in words for t in document_terms(ws)}
                                     | set(document_terms([PRACTICE_TEXT, OBSERVATION_TEXT])))})
    where = (people, orgs, clusters, person_org, person_cluster)
    for start in range(0, n["Practice"], CHUNK):
        _practices(sink, rng, cents, words, where, start, min(CHUNK, n["Practice"] - start))
    for start in range(0, n["Observation"], CHUNK):
        _observations(sink, rng, cents, words, where, n["Practice"], start, min(CHUNK, n["Observation"] - start))


class KuzuSink:
    """Writes the graph into Kùzu with COPY from Arrow tables: every column of the table, in
    schema order, absent ones null."""

    def __init__(self, conn):
        self.conn = conn

    def nodes(self, label: str, columns: dict) -> None:
        _copy(self.conn, label, _row_columns(label, columns, len(columns["id"])))

    def rels(self, rel: str, from_label: str, to_label: str, columns: dict) -> None:
        from practicegraph.graph.schema import REL_TABLES

        # a table with several (from, to) pairs needs to be told which one
        several = len(REL_TABLES[rel][0]) > 1
        _copy(self.conn, rel, _rel_columns(rel, columns, len(columns["from"])),
              f" (from='{from_label}', to='{to_label}')" if several else "")


def build(db_path: Path, practices: int, seed: int = 7) -> dict[str, float]:
    """Create and fill the database; returns timings (seconds)."""
    from practicegraph.graph.kuzu.store import KuzuStore

    store = KuzuStore(db_path, DIM)
    store.install()
    conn = store._conn()
    t0 = time.perf_counter()
    fill(KuzuSink(conn), practices, seed)
    conn.execute("CHECKPOINT")
    load = time.perf_counter() - t0
    store.close()
    return {"load_s": load}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--practices", type=int, default=100_000)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(build(args.db, args.practices, args.seed))
