"""One load of the demo corpus into a Kùzu file, printing progress: the process the crash
test kills. `python -m tests.integration.crash_driver DB SIZE SEED`"""

from __future__ import annotations

import sys

from practicegraph.demo.generator import generate
from practicegraph.graph.kuzu import KuzuStore
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder


def main(db: str, size: str, seed: int) -> None:
    records = generate(size, seed)
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    store = KuzuStore(db, dimension=HashingEmbedder.dimension)
    store.install()
    done = 0

    def progress(advance: int, total: int | None = None) -> None:
        nonlocal done
        done += advance
        print(f"progress {done} {total if total is not None else ''}", flush=True)

    print(f"loading {len(items)}", flush=True)
    report = ingest(store, HashingEmbedder(), items, chunk_size=500, progress=progress)
    print(f"done written {report.written} unchanged {report.unchanged}", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
