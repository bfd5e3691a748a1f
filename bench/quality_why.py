"""Why the ranking answers a judged question as it does: for each judged distractor in the
top 3 (and, with --misses, each question below an nDCG@10 bar) the people returned, their
grade, and every piece of evidence with how it matched.

    PYTHONPATH=$PWD python bench/quality_why.py [--store memory] [--misses 0.8] [--ids T01-p,...]

Uses the vector file cache of bench/quality.py (no model load once the texts are cached).
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import judged_set as js  # noqa: E402
import quality  # noqa: E402

from practicegraph.queries.expertise import find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking  # noqa: E402


def ndcg_of(store, embedder, qrels, q, viewer, ranking) -> float:
    ranked = {q.id: [e.person_id for e in find_experts(store, embedder, q.text, viewer=viewer, limit=quality.K,
                                                       today=js.TODAY, ranking=ranking)]}
    return quality.score(qrels, ranked, [q.id])["ndcg"]


def show(store, embedder, qrels, q, viewer, ranking) -> None:
    found = find_experts(store, embedder, q.text, viewer=viewer, limit=quality.K, today=js.TODAY, ranking=ranking)
    wanted = {p: g for p, g in qrels[q.id].items() if g > 0}
    print(f"\n== {q.id} [{q.style}] asked by {q.asker}: {q.text}")
    print(f"   relevant: {wanted}")
    for n, e in enumerate(found, 1):
        grade = qrels[q.id].get(e.person_id, "-")
        flag = "  <-- DISTRACTOR" if grade == 0 and n <= quality.TOP else ""
        print(f" {n:2}. {e.person_id:14} grade {grade}  score {e.score:.4f}{flag}")
        for ev in e.evidence[:4]:
            m = ev.match
            print(f"       {ev.row.kind:12} {ev.row.practice_id or ev.row.source_id:24} "
                  f"meaning {m.meaning:.3f} words {m.words:.3f} rel {m.relevance:.3f} contrib {ev.contribution:.4f}")
    missing = sorted(set(wanted) - {e.person_id for e in found})
    if missing:
        print(f"   missing relevant: {missing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=["kuzu", "memory"], default="memory")
    parser.add_argument("--misses", type=float, default=0.0, help="also show questions with nDCG@10 below this")
    parser.add_argument("--ids", help="show these question ids only")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    store, embedder = quality.load(args.store)
    qrels, viewer_of, ranking = js.read_qrels(), js.viewers(js.corpus_records()), Ranking()
    embedder.encode([q.text for q in js.questions()])
    for q in js.questions():
        if args.ids and q.id not in args.ids.split(","):
            continue
        viewer = viewer_of[q.asker]
        top = [e.person_id for e in find_experts(store, embedder, q.text, viewer=viewer, limit=quality.TOP,
                                                 today=js.TODAY, ranking=ranking)]
        distracted = any(qrels[q.id].get(p) == 0 for p in top)
        missed = args.misses and ndcg_of(store, embedder, qrels, q, viewer, ranking) < args.misses
        if args.ids or distracted or missed:
            show(store, embedder, qrels, q, viewer, ranking)


if __name__ == "__main__":
    main()
