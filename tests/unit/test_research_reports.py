"""Reports: files beside the page, numbers behind figures, byte-identical re-runs."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pandas as pd
import pytest

from practicegraph.demo.generator import generate
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.research import reports
from practicegraph.research.cascades import overview
from practicegraph.research.mapping import load_mapping, shipped_mapping
from practicegraph.research.survey import read_survey
from tests.paths import EXTERNAL
from tests.fakes import HashingEmbedder

MED = EXTERNAL / "medinnovations"
ANON = Viewer.anonymous()


@pytest.fixture(scope="module")
def store():
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r.model_dump(mode="json", exclude_none=True), i + 1)
                                  for i, r in enumerate(generate("small", 7))])
    return s


def _same_files(a: Path, b: Path) -> None:
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(p.name for p in b.iterdir())
    match, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    assert not mismatch and not errors


@pytest.mark.skipif(not MED.exists(), reason="published dataset not on this machine")
def test_network_report(tmp_path):
    net = read_survey(MED / "nodes.csv", MED / "edges.csv", load_mapping(shipped_mapping("medinnovations")), "med")
    page = reports.network_report(net, tmp_path / "a")
    reports.network_report(net, tmp_path / "b")
    _same_files(tmp_path / "a", tmp_path / "b")
    html = page.read_text()
    for name in ("adoption_curve", "hazard", "adoption_by_group", "thresholds", "adopter_categories"):
        assert f'<figure id="{name}"><img' in html and (tmp_path / "a" / f"{name}.csv").exists()
    assert "http://" not in html and "https://" not in html  # self-contained
    curve = pd.read_csv(tmp_path / "a" / "adoption_curve.csv")
    toa = pd.read_csv(MED / "nodes.csv").toa
    assert list(curve.cumulative) == [int((toa <= p).sum()) for p in range(1, 18)]


def test_practice_and_cluster_reports(store, tmp_path):
    root = overview(store, ANON)["by_cascade"][0]
    for run in ("a", "b"):
        reports.practice_report(store, root["root"], ANON, tmp_path / run / "practice")
        reports.cluster_report(store, "cl-en-005", ANON, tmp_path / run / "cluster")
    for part in ("practice", "cluster"):
        _same_files(tmp_path / "a" / part, tmp_path / "b" / part)
    tree = pd.read_csv(tmp_path / "a" / "practice" / "cascade_tree.csv")
    assert len(tree) == root["size"] - 1
    reach = pd.read_csv(tmp_path / "a" / "practice" / "reach.csv")
    assert reach.adaptations.iloc[-1] == root["size"] - 1 and reach.schools.iloc[-1] == root["schools_reached"]
    agenda = pd.read_csv(tmp_path / "a" / "cluster" / "agenda.csv")
    assert (agenda.content_share == agenda.content_items / (agenda.content_items + agenda.admin_items)).all()
    html = (tmp_path / "a" / "cluster" / "report.html").read_text()
    assert "p-000" not in html  # no person id on a cluster report
