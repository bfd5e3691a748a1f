"""Build the vector indexes of a bench/scale_data.py database and print the time taken.

    python bench/scale_index.py /work/scale_bench/100k/db.kz [--buffer-pool-mb 6144]

The build holds every vector of a kind in Kùzu's buffer pool: 1M 384-d vectors are
1.5 GB, more than the product's default pool (PRACTICEGRAPH_KUZU_BUFFER_MB).
"""

import argparse
import json
import resource
import time

from practicegraph.graph.kuzu.store import KuzuStore

if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db")
    parser.add_argument("--buffer-pool-mb", type=int, default=1024)
    args = parser.parse_args()
    started = time.perf_counter()
    store = KuzuStore(args.db, 384, buffer_pool_mb=args.buffer_pool_mb)
    built = store.build_vector_indexes(min_rows=0)
    store.close()
    print(json.dumps({"built_s": built, "total_s": time.perf_counter() - started, "buffer_pool_mb": args.buffer_pool_mb,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
