"""Ingest + query benchmark on the demo corpus; prints figures (see BENCHMARKS.md).

    python bench/ingest_and_query.py --size small --queries 30
"""

import argparse

from practicegraph.benchmark import run

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    run(size=args.size, n_queries=args.queries, seed=args.seed)
