"""The main job as a newcomer runs it: `practicegraph demo` loads the corpus and says what to try."""

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_demo_loads_prints_examples_and_is_idempotent(tmp_path):
    db = tmp_path / "demo.kuzu"
    cmd = [sys.executable, "-m", "practicegraph.cli", "demo", "--size", "small", "--db", str(db), "--no-serve"]
    first = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert first.returncode == 0, first.stderr
    written = int(re.search(r"(\d+) written, 0 unchanged", first.stdout).group(1))
    assert written > 1000
    curls = re.findall(r"curl -s '(http://127\.0\.0\.1:8000/api/v1/[^']+)'", first.stdout)
    assert len(curls) == 3 and any("/lineage?" in c for c in curls)

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"0 written, {written} unchanged" in again.stdout

    lineage_id = re.search(r"/practices/([^/]+)/lineage", first.stdout).group(1)
    tree = subprocess.run([sys.executable, "-m", "practicegraph.cli", "lineage", lineage_id, "--db", str(db),
                           "--direction", "descendants"], capture_output=True, text=True, timeout=300)
    assert tree.returncode == 0, tree.stderr
    assert '"mode"' in tree.stdout  # the example practice really has adaptations below it
