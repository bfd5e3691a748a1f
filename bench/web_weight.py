"""Page weight of the web app: each page's HTML and every file it loads, raw and gzipped,
and what that costs on a slow phone connection (figures for BENCHMARKS.md; no assertion).

    PYTHONPATH=. python bench/web_weight.py
"""

from __future__ import annotations

import gzip
import re
import tempfile
from pathlib import Path

from practicegraph.api import create_app
from tests.accounts_world import build
from tests.fakes import HashingEmbedder

PAGES = ["/signin", "/search?q=think+pair+share+questioning", "/people/tara?q=questioning",
         "/practices/p-public", "/record/visit", "/record/mentoring", "/clusters/k1"]
SLOW_BYTES_PER_S = 50_000  # about 400 kbit/s: a weak rural 3G signal
SLOW_RTT_S = 0.4


def _signed_in_client():
    store, accounts, _ = build(Path(tempfile.mkdtemp()) / "accounts.sqlite")
    client = create_app(store=store, embedder=HashingEmbedder(), accounts=accounts, public_read=True).test_client()
    html = client.get("/signin").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    client.post("/signin", data={"csrf_token": token, "username": "tara", "password": "tara-password-1"})
    return client


def weigh(client, path: str) -> tuple[int, int, int]:
    """(requests, raw bytes, gzipped bytes) for the page and the files it references."""
    body = client.get(path).data
    files = [body] + [client.get(ref.decode()).data for ref in
                      sorted(set(re.findall(rb'(?:src|href)="(/static/web/[^"]+)"', body)))]
    return len(files), sum(map(len, files)), sum(len(gzip.compress(f, 9)) for f in files)


def main() -> None:
    client = _signed_in_client()
    print(f"{'page':45} {'files':>5} {'raw KB':>8} {'gzip KB':>8} {'slow 3G s':>9}")
    for path in PAGES:
        n, raw, gz = weigh(client, path)
        # first visit: HTML, then its files in parallel (one more round trip); waitress
        # sends raw bytes (gzip is what a compressing proxy in front would send)
        slow = 2 * SLOW_RTT_S + raw / SLOW_BYTES_PER_S
        print(f"{path:45} {n:5d} {raw / 1000:8.1f} {gz / 1000:8.1f} {slow:9.2f}")
    sw = client.get("/sw.js").data
    print(f"{'/sw.js (service worker, once)':45} {1:5d} {len(sw) / 1000:8.1f} {len(gzip.compress(sw, 9)) / 1000:8.1f}")


if __name__ == "__main__":
    main()
