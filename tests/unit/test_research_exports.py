"""Exports open in networkx, round-trip through prov, and never carry a real person id."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from prov.model import ProvDocument

from practicegraph.demo.generator import generate
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from practicegraph.research import exports
from practicegraph.research.mapping import load_mapping, shipped_mapping
from practicegraph.research.prov_export import build_prov
from practicegraph.research.pseudonyms import NoSecret, Pseudonymiser
from practicegraph.research.survey import read_survey
from tests.paths import EXTERNAL
from tests.fakes import HashingEmbedder

MED = EXTERNAL / "medinnovations"
PSEUDO = Pseudonymiser("a test secret of enough length")
ANON = Viewer.anonymous()


@pytest.fixture(scope="module")
def store():
    s = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(s, HashingEmbedder(), [Item(r.model_dump(mode="json", exclude_none=True), i + 1)
                                  for i, r in enumerate(generate("small", 7))])
    return s


@pytest.fixture(scope="module")
def med():
    if not MED.exists():
        pytest.skip("published dataset not on this machine")
    return read_survey(MED / "nodes.csv", MED / "edges.csv", load_mapping(shipped_mapping("medinnovations")), "med")


def test_pseudonyms_are_keyed_stable_and_need_a_secret(monkeypatch):
    other = Pseudonymiser("another secret of enough length")
    assert PSEUDO("p-1") == PSEUDO("p-1") != other("p-1") and PSEUDO("p-1") != PSEUDO("p-2")
    monkeypatch.delenv("PRACTICEGRAPH_PSEUDONYM_SECRET", raising=False)
    with pytest.raises(NoSecret):
        Pseudonymiser.from_env()
    with pytest.raises(NoSecret):
        Pseudonymiser("short")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_survey_graph_files_open_in_networkx_with_types(med, tmp_path, fmt):
    out = exports.export_survey(med, fmt, tmp_path / f"med.{fmt}", pseudonymiser=PSEUDO)[0]
    g = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    edges = pd.read_csv(MED / "edges.csv")
    nodes = pd.read_csv(MED / "nodes.csv")
    assert g.number_of_nodes() == len(nodes) and g.number_of_edges() == len(edges)
    first = nodes.iloc[0]
    attrs = g.nodes[PSEUDO(str(int(first.node_id)))]
    assert attrs["toa"] == first.toa and isinstance(attrs["toa"], (int, float))
    assert str(attrs["group"]) == str(int(first.city)) and attrs["adopted"] in (True, "true", 1)
    relations = pd.Series([d["relation"] for _, _, d in g.edges(data=True)]).value_counts().to_dict()
    assert relations == edges.relation.value_counts().to_dict()
    assert not any(str(n).isdigit() for n in g.nodes)


def test_panel_is_what_survey_to_diffnet_reads(med, tmp_path):
    out = exports.export_survey(med, "panel", tmp_path / "panel.csv", pseudonymiser=PSEUDO)[0]
    panel = pd.read_csv(out, dtype={"id": str})
    nodes = pd.read_csv(MED / "nodes.csv")
    assert len(panel) == len(nodes) * 17 and set(panel.per) == set(range(1, 18))
    one = nodes.iloc[1]  # toa 12
    rows = panel[panel.id == PSEUDO(str(int(one.node_id)))].sort_values("per")
    assert list(rows.adopted) == [int(p >= one.toa) for p in range(1, 18)]
    never = nodes[nodes.toa == 18].iloc[0]
    assert panel[panel.id == PSEUDO(str(int(never.node_id)))].toa.isna().all()
    advice = pd.read_csv(MED / "edges.csv").query("relation == 'advice'")
    named = advice[advice["from"] == int(one.node_id)].sort_values("rank")["to"]
    cols = [c for c in panel.columns if c.startswith("advice_")]
    assert [v for v in rows.iloc[0][cols] if isinstance(v, str)] == [PSEUDO(str(x)) for x in named]


def test_survey_csv_without_pseudonyms_keeps_ids(med, tmp_path):
    nodes_csv, edges_csv = exports.export_survey(med, "csv", tmp_path / "csv", pseudonymise=False)
    assert set(pd.read_csv(nodes_csv).id.astype(str)) == set(med.people.id)
    assert len(pd.read_csv(edges_csv)) == len(med.ties)


def test_practice_graph_exports_carry_no_person_id(store, tmp_path):
    people = {p for p in store._nodes["Person"]}
    for fmt in ("graphml", "gexf", "csv", "prov-json"):
        for path in exports.export_graph(store, ANON, fmt, tmp_path / f"g.{fmt}", PSEUDO):
            text = path.read_text(encoding="utf-8")
            assert not any(f'"{p}"' in text or f">{p}<" in text or f",{p}," in text for p in people), path
    g = nx.read_graphml(tmp_path / "g.graphml")
    practices = store.practice_records(ANON)
    assert sum(1 for _, d in g.nodes(data=True) if d.get("label") == "Practice") == len(practices)


def test_prov_round_trips_and_mirrors_the_graph(store):
    doc = build_prov(store, ANON, PSEUDO)
    text = doc.serialize(format="json")
    back = ProvDocument.deserialize(content=text, format="json")
    assert back == doc
    links = store.practice_links(ANON)
    kinds = {"ADAPTED_FROM": "wasDerivedFrom", "VERSION_OF": "wasRevisionOf"}
    counts = pd.Series([type(r).__name__ for r in doc.get_records()]).value_counts()
    derived = sum(1 for link in links if link.kind == "ADAPTED_FROM")
    # prov models a revision as a derivation too
    assert counts.get("ProvDerivation", 0) == derived + sum(1 for link in links if link.kind == "VERSION_OF")
    assert counts.get("ProvEntity") == len(store.practice_records(ANON))
    assert counts.get("ProvActivity") == len(store.activities(ANON))
    assert kinds  # both relation names are written in PROV-JSON:
    assert '"wasDerivedFrom"' in text and ('"wasRevisionOf"' in text or '"prov:Revision"' in text)
    # every relation refers to a record the document defines
    defined = {str(r.identifier) for r in doc.get_records() if r.identifier and not r.is_relation()}
    for rel in (r for r in doc.get_records() if r.is_relation()):
        for _, value in rel.formal_attributes[:2]:
            assert value is None or str(value) in defined


def test_people_without_research_consent_are_left_out(store, tmp_path):
    everyone = exports.people_named(store, ANON)
    one = sorted(everyone)[0]
    g = exports.practice_graph(store, ANON, PSEUDO, keep={one})
    people = [n for n, a in g.nodes if a["label"] == "Person"]
    assert people == [PSEUDO(one)]
    assert all(PSEUDO(p) not in {s for s, _, _ in g.edges} | {t for _, t, _ in g.edges} for p in everyone - {one})
    doc = build_prov(store, ANON, PSEUDO, keep=set())
    assert "pg:person/" not in doc.serialize(format="json")
    assert len([a for a in doc.get_records() if type(a).__name__ == "ProvEntity"]) == len(store.practice_records(ANON))
