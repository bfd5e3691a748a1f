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
    assert "open http://127.0.0.1:8000/search for the web app" in first.stdout

    _demo_accounts_answer_differently(first.stdout)

    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"0 written, {written} unchanged" in again.stdout
    listed = subprocess.run([sys.executable, "-m", "practicegraph.cli", "users", "token", "--list", "--db", str(db)],
                            capture_output=True, text=True, timeout=120).stdout
    assert listed.count("expires") == 3 and listed.count("revoked") == 3  # a re-run replaces the tokens

    lineage_id = re.search(r"/practices/([^/]+)/lineage", first.stdout).group(1)
    tree = subprocess.run([sys.executable, "-m", "practicegraph.cli", "lineage", lineage_id, "--db", str(db),
                           "--direction", "descendants"], capture_output=True, text=True, timeout=300)
    assert tree.returncode == 0, tree.stderr
    assert '"mode"' in tree.stdout  # the example practice really has adaptations below it


def _demo_accounts_answer_differently(out: str) -> None:
    """A teacher, a mentor and a researcher are printed with passwords and tokens, and the
    same question gets four different answers (with the anonymous visitor's)."""
    for name in ("demo-teacher", "demo-mentor", "demo-researcher"):
        assert re.search(rf"{name}\s+password \S+", out), name
    assert len(re.findall(r"token pg_[0-9a-f]{16}_\S+", out)) == 3
    blocks = re.split(r"^  (anonymous|demo-teacher|demo-mentor|demo-researcher): ", out, flags=re.M)[1:]
    answers = dict(zip(blocks[::2], blocks[1::2]))
    assert set(answers) == {"anonymous", "demo-teacher", "demo-mentor", "demo-researcher"}
    answers = {k: v.split("\nTry:")[0] for k, v in answers.items()}
    assert len(set(answers.values())) == 4
    assert re.search(r"R-[0-9a-f]{12}", answers["demo-researcher"])  # pseudonyms only
    assert "only you see" in answers["demo-mentor"] or "only you see" in answers["demo-teacher"]
