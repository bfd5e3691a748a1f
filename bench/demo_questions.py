"""The issue's demo questions, asked of the demo corpus as an anonymous visitor: who comes
back, with each person's evidence (practice, its subject, how it matched), so a reader can
judge whether the answers are about the question.

    PYTHONPATH=$PWD python bench/demo_questions.py [--size small] [--seed 7] [--ranking default|before]

In-memory store; vectors from the real model through bench/quality.py's file cache.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import quality  # noqa: E402

from practicegraph.graph.types import Viewer  # noqa: E402
from practicegraph.queries.expertise import find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking  # noqa: E402

QUESTIONS = ("science practicals without a lab", "peer observation of questioning",
             "behaviour routines for a class of 70", "group work in large multigrade classes",
             "formative questioning in physics", "embedding maths in vocational courses",
             "phonics", "fractions", "exit tickets", "reading buddies", "multigrade")


def load_demo(size: str, seed: int):
    from practicegraph.demo.generator import generate
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item

    embedder = quality.DiskCachedEmbedder(Path(tempfile.gettempdir()) / "practicegraph-bench-vectors-demo.npz")
    store = InMemoryStore(dimension=embedder.dimension)
    store.install()
    records = generate(size, seed)
    ingest(store, embedder, [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)])
    return store, embedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="small")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--ranking", default="default", help="default, before (issue 17's first round) or "
                        "name=value,... changes to the default")
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("questions", nargs="*")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    ranking = Ranking()
    if args.ranking == "before":
        ranking = replace(ranking, lineage_min_meaning=0.0, min_meaning_relative=0.0, other_subject=1.0)
    elif args.ranking != "default":
        ranking = replace(ranking, **{k: type(getattr(ranking, k))(v) for k, v in
                                      (kv.split("=") for kv in args.ranking.split(","))})
    store, embedder = load_demo(args.size, args.seed)
    viewer = Viewer.anonymous()
    for q in args.questions or QUESTIONS:
        found = find_experts(store, embedder, q, viewer=viewer, limit=args.limit, ranking=ranking)
        print(f"\n== {q}: {len(found)} people")
        subjects = {p.id: p.subject for p in store.practices([e.row.practice_id for x in found for e in x.evidence
                                                               if e.row.practice_id], viewer)}
        for x in found:
            print(f"  {x.person_id:10} {x.score:.4f}")
            for e in x.evidence[:3]:
                m = e.match
                what = e.row.practice_title or f"{e.row.source_id}: {(e.row.source_text or '')[:70]}"
                print(f"      {e.row.kind:12} [{subjects.get(e.row.practice_id, '-')}] {what} "
                      f"(meaning {m.meaning:.2f} words {m.words:.2f} rel {m.relevance:.2f})")


if __name__ == "__main__":
    main()
