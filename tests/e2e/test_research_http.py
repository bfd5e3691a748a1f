"""Researchers end to end: the CLI imports a published survey network, exports and writes
reports; `practicegraph serve` answers the research endpoints over real HTTP; a report
page renders to PNG in headless Chromium."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"
from tests.paths import EXTERNAL  # noqa: E402
from tests.e2e.serving import served

MED = EXTERNAL / "medinnovations"
SECRET = "an e2e pseudonym secret, long enough"
MEETINGS = [
    {"type": "meeting", "id": f"mt-{d}", "cluster": "cl-umlazi-maths", "date": d, "venue": "org-umlazi-primary",
     "attendees": people, "agenda": [{"text": "Model lesson: number talks", "tag": "content"},
                                     {"text": "Moderation forms", "tag": tag}]}
    for d, people, tag in (("2024-02-10", ["t-nomsa", "t-sipho"], "content"),
                           ("2024-03-09", ["t-nomsa"], "admin"), ("2024-04-13", ["t-nomsa", "t-sipho"], "admin"))]


def _cli(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "practicegraph.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env)


@pytest.fixture(scope="module")
def env(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("research-e2e")
    return {**os.environ, "PRACTICEGRAPH_RESEARCH_DIR": str(root / "research"), "PRACTICEGRAPH_PUBLIC_READ": "1",
            "PRACTICEGRAPH_PSEUDONYM_SECRET": SECRET, "PRACTICEGRAPH_DB": str(root / "graph.kuzu"),
            "ROOT": str(root)}


@pytest.fixture(scope="module")
def db(env) -> Path:
    records = Path(env["ROOT"]) / "records.jsonl"
    records.write_text(CORPUS.read_text() + "".join(json.dumps(m) + "\n" for m in MEETINGS))
    done = _cli("ingest", str(records), "--quiet", env=env)
    assert done.returncode == 0, done.stderr
    return Path(env["PRACTICEGRAPH_DB"])


@pytest.mark.skipif(not MED.exists(), reason="published dataset not on this machine")
def test_import_network_from_the_cli(env):
    done = _cli("import-network", str(MED / "nodes.csv"), str(MED / "nominations.csv"), "--mapping",
                "medinnovations", "--name", "medinnovations", env=env)
    assert done.returncode == 0, done.stderr
    assert "125 people, 109 adopters" in done.stdout and "named someone not surveyed 462" in done.stdout
    again = _cli("import-network", str(MED / "nodes.csv"), str(MED / "nominations.csv"), "--mapping",
                 "medinnovations", "--name", "medinnovations", env=env)
    assert "unchanged" in again.stdout
    out = json.loads(_cli("diffusion", "--network", "medinnovations", env=env).stdout)
    assert out["adopters"] == 109 and out["distinct_pairs"] == 294


def test_bad_survey_rows_fail_with_file_and_line(env, tmp_path):
    nodes = tmp_path / "nodes.csv"
    nodes.write_text("node_id,city,toa\n1,1,2\n2,1,soon\n")
    noms = tmp_path / "noms.csv"
    noms.write_text("from,to,relation,rank\n1,2,advice,1\n")
    done = _cli("import-network", str(nodes), str(noms), "--mapping", "medinnovations", "--name", "bad", env=env)
    assert done.returncode == 1
    assert f"{nodes}:1: detail: the mapping names this column" in done.stderr
    assert "nothing was imported" in done.stderr
    assert not (Path(env["PRACTICEGRAPH_RESEARCH_DIR"]) / "bad").exists()


@pytest.mark.skipif(not MED.exists(), reason="published dataset not on this machine")
def test_exports_from_the_cli(db, env, tmp_path):
    import networkx as nx
    from prov.model import ProvDocument

    panel = tmp_path / "panel.csv"
    assert _cli("export", "--format", "panel", "--network", "medinnovations", "--out", str(panel), env=env).returncode == 0
    assert len(panel.read_text().splitlines()) == 125 * 17 + 1
    prov = tmp_path / "graph.json"
    done = _cli("export", "--format", "prov-json", "--out", str(prov), env=env)
    assert done.returncode == 0, done.stderr
    doc = ProvDocument.deserialize(prov, format="json")
    assert "wasDerivedFrom" in prov.read_text() and "t-nomsa" not in prov.read_text() and doc.get_records()
    graphml = tmp_path / "graph.graphml"
    assert _cli("export", "--format", "graphml", "--out", str(graphml), env=env).returncode == 0
    assert nx.read_graphml(graphml).number_of_nodes() > 5
    people = tmp_path / "cascade-panel.csv"
    done = _cli("export", "--format", "panel", "--practice", "pr-multigrade-reading", "--out", str(people), env=env)
    assert done.returncode == 0, done.stderr
    assert people.read_text().startswith('"id","group","per","toa","adopted"') and "t-nomsa" not in people.read_text()
    no_secret = {k: v for k, v in env.items() if k != "PRACTICEGRAPH_PSEUDONYM_SECRET"}
    refused = _cli("export", "--format", "csv", "--out", str(tmp_path / "x"), env=no_secret)
    assert refused.returncode == 1 and "PRACTICEGRAPH_PSEUDONYM_SECRET" in refused.stderr


def test_exports_follow_research_consent_once_accounts_exist(db, env, tmp_path):
    import networkx as nx

    given = _cli("consent", "t-nomsa", env=env)
    assert given.returncode == 0, given.stderr
    out = tmp_path / "consented.graphml"
    done = _cli("export", "--format", "graphml", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "1 of" in done.stderr and "research consent" in done.stderr
    g = nx.read_graphml(out)
    people = [n for n, d in g.nodes(data=True) if d.get("label") == "Person"]
    assert len(people) == 1 and people[0].startswith("R-")  # the deployment's keyed pseudonym


def test_health_and_cascade_from_the_cli(db, env):
    health = _cli("health", "--cluster", "cl-umlazi-maths", env=env)
    assert health.returncode == 0, health.stderr
    assert json.loads(health.stdout)["meetings"] == 3 and "t-sipho" not in health.stdout
    cascade = json.loads(_cli("diffusion", "--practice", "pr-multigrade-reading", env=env).stdout)
    # both at Umlazi primary then (Sipho moved to Pinetown only in 2024): a hop within one school
    assert cascade["root"] == "pr-multigrade-groups" and cascade["hops"]["known_school"] == 1
    assert cascade["hops"]["cross_school"] == 0
    missing = _cli("health", "--cluster", "nope", env=env)
    assert missing.returncode == 1 and "no cluster 'nope'" in missing.stderr


def test_reports_from_the_cli_render_in_chromium(db, env, tmp_path):
    out = tmp_path / "practice"
    done = _cli("report", "--practice", "pr-multigrade-groups", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert (out / "cascade_tree.csv").exists()
    cluster = tmp_path / "cluster"
    assert _cli("report", "--cluster", "cl-umlazi-maths", "--out", str(cluster), env=env).returncode == 0
    assert len((cluster / "agenda.csv").read_text().splitlines()) == 4
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not browser:
        pytest.skip("no headless Chromium on this machine")
    shot = tmp_path / "page.png"
    subprocess.run([browser, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--window-size=1000,1800", f"--screenshot={shot}", (cluster / "report.html").as_uri()],
                   capture_output=True, timeout=120)
    from matplotlib import image

    pixels = image.imread(shot)
    assert pixels.shape[0] == 1800 and pixels[..., :3].std() > 0.05  # a page with content, not blank



@pytest.fixture(scope="module")
def server(db, env):
    with served(env=env, timeout=120) as base:
        yield base


def test_research_endpoints_over_http(server):
    nets = requests.get(server + "/api/v1/diffusion/networks", timeout=30).json()
    if MED.exists():
        assert nets["networks"][0]["name"] == "medinnovations"
        med = requests.get(server + "/api/v1/diffusion/networks/medinnovations", timeout=30).json()
        assert med["adopter_categories"]["valente"]["Non-Adopters"] == 16
    one = requests.get(server + "/api/v1/diffusion/practices/pr-multigrade-reading", timeout=30).json()
    assert one["root"] == "pr-multigrade-groups" and one["size"] == 2
    cascades = requests.get(server + "/api/v1/diffusion/cascades", timeout=30).json()
    assert cascades["adaptations"] >= 1
    health = requests.get(server + "/api/v1/clusters/cl-umlazi-maths/health", timeout=30).json()
    assert health["meetings"] == 3 and health["agenda"]["first_meeting_content_share"] == 1.0
    assert "t-nomsa" not in json.dumps(health)
    comp = requests.get(server + "/api/v1/clusters/comparison", timeout=30).json()
    assert comp["by_kind"]["voluntary"]["clusters"] == 1
    missing = requests.get(server + "/api/v1/clusters/nope/health", timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    private = requests.get(server + "/api/v1/diffusion/practices/pr-ayesha-private", timeout=30)
    assert private.status_code == 404
    spec = requests.get(server + "/openapi.json", timeout=30).json()
    assert "/api/v1/clusters/{cluster_id}/health" in spec["paths"]
