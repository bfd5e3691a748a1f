"""Build the vector indexes of a bench/scale_data.py database and print the time taken.

    python bench/scale_index.py /work/scale_bench/100k/db.kz
"""

import json
import resource
import sys
import time

from practicegraph.graph.kuzu.store import KuzuStore

if __name__ == "__main__":
    started = time.perf_counter()
    store = KuzuStore(sys.argv[1], 384)
    built = store.build_vector_indexes(min_rows=0)
    store.close()
    print(json.dumps({"built_s": built, "total_s": time.perf_counter() - started,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
