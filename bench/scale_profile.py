"""Where a question's time goes on a bench/scale_data.py database: each query of
find_experts' two store reads, timed alone (second run of each, compiled), per viewer;
the question's lineage both as one joined read and per practice from its key.

    python bench/scale_profile.py /work/scale_bench/100k/db.kz --questions 5
    PYTHONPATH=. python bench/scale_profile.py --store neo4j --home /work/scale_bench/neo4j100k
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import VectorsByText, named_viewer, store_arguments  # noqa: E402
from scale_data import DIM, SUBJECTS, questions as question_data  # noqa: E402

from practicegraph.graph.kuzu import cypher as q  # noqa: E402
from practicegraph.graph.kuzu.store import KuzuStore, kuzu_params  # noqa: E402
from practicegraph.graph.types import SearchFilters, Viewer  # noqa: E402
from practicegraph.queries.expertise import KINDS, find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking, score_candidates  # noqa: E402


def ms(fn) -> float:
    fn()  # compiled and warm
    started = time.perf_counter()
    fn()
    return 1000 * (time.perf_counter() - started)


def profile(store, vector, text: str, viewer: Viewer, filters: SearchFilters, q=q,
            params_of=kuzu_params) -> dict[str, float]:
    """`q`: the store's Cypher constants; `params_of`: how it passes list parameters."""
    k, out = Ranking().candidates, {}
    for kind in KINDS:
        out[f"vector {kind}"] = ms(lambda kind=kind: store.vector_top_k(kind, vector, k, filters, viewer))
        out[f"words {kind}"] = ms(lambda kind=kind: store.fulltext(kind, text, k, filters, viewer))
    found = store.candidates(KINDS, vector, text, k, filters, viewer)
    practices, observations = (sorted(score_candidates(found.meaning.get(kind, ()), found.words.get(kind, ()), text,
                                                       Ranking())) for kind in KINDS)
    out["lineage"] = ms(lambda: store._read(q.QUESTION_LINEAGE, viewer, filters, ids=practices or [""]))
    out["lineage by key"] = ms(lambda: [row for query in q.QUESTION_LINEAGE_ONE for i in practices
                                        for row in store._read(query, viewer, filters, id=i)])
    gathered = store.question_evidence(practices, observations, filters, viewer)
    wanted = sorted({r.practice_id for r in gathered.rows if r.practice_id} | set(practices))
    params = params_of({"ids": wanted, "obs": observations})
    for i, query in enumerate(q.EVIDENCE):
        out[f"evidence[{i}]"] = ms(lambda query=query: store._read(query, viewer, filters, **params))
    out["evidence observations"] = ms(lambda: store._read(q.EVIDENCE_OBSERVATIONS, viewer, filters, **params))
    out["evidence all"] = ms(lambda: store._read(q.EVIDENCE_ALL, viewer, filters, **params))
    people = sorted(gathered.people) or [""]
    out["whereabouts"] = ms(lambda: store._read(q.WHEREABOUTS, viewer, filters, ids=people))
    out["question_evidence"] = ms(lambda: store.question_evidence(practices, observations, filters, viewer))
    out["sizes"] = {"practices": len(practices), "observations": len(observations), "rows": len(gathered.rows),
                    "edges": len(gathered.lineage), "people": len(gathered.people)}
    return out


def main(db: Path, n: int, seed: int, buffer_pool_mb: int = 1024) -> dict:
    store = KuzuStore(db, DIM, buffer_pool_mb=buffer_pool_mb)
    out = run(store, n, seed, {"indexed": sorted(store._indexed)})
    store.close()
    return out


def main_neo4j(home: Path | None, n: int, seed: int) -> dict:
    from scale_neo4j import open_store, server
    from practicegraph.graph.neo4j import cypher as neo4j_cypher

    with server(home) as (uri, _, _):
        store = open_store(uri)
        out = run(store, n, seed, {"store": "neo4j"}, neo4j_cypher, dict)
        store.close()
    return out


def run(store, n: int, seed: int, out: dict, q=q, params_of=kuzu_params) -> dict:
    vectors, topical = question_data(seed, n)
    viewer = named_viewer(store)
    cases = {"anonymous": (Viewer.anonymous(), SearchFilters()), "named": (viewer, SearchFilters()),
             "named+subject": (viewer, SearchFilters(subject=SUBJECTS[1]))}
    for name, (who, filters) in cases.items():
        runs = [profile(store, v.tolist(), t, who, filters, q, params_of) for v, t in zip(vectors, topical)]
        out[name] = {key: round(statistics.median(r[key] for r in runs), 1) for key in runs[0] if key != "sizes"}
        out[name]["sizes (first question)"] = runs[0]["sizes"]
        embedder = VectorsByText(dict(zip(topical, vectors)))
        out[name]["find_experts"] = round(statistics.median(
            ms(lambda t=t: find_experts(store, embedder, t, viewer=who, filters=filters)) for t in topical), 1)
    return out


if __name__ == "__main__":
    args = store_arguments(__doc__, 5).parse_args()
    figures = main(args.db, args.questions, args.seed, args.buffer_pool_mb) if args.store == "kuzu" else \
        main_neo4j(args.home, args.questions, args.seed)
    print(json.dumps(figures, indent=1))
