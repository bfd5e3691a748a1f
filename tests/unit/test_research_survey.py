"""Survey network import and diffusion measures on the two published datasets.

Expected values come from the CSVs by a few lines of pandas or plain loops written here,
from the datasets' READMEs (which quote netdiffuseR's objects), or from the source's own
published threshold column (Valente 1995) — never from this implementation's output.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from practicegraph.research import diffusion as d
from practicegraph.research.datasets import DatasetExists, DatasetStore
from practicegraph.research.mapping import MappingError, load_mapping, parse_mapping, shipped_mapping
from practicegraph.research.survey import ImportFailed, read_survey

from tests.paths import EXTERNAL  # noqa: E402
NEVER = {"medinnovations": 18, "brfarmers": 20}
pytestmark = pytest.mark.skipif(not EXTERNAL.exists(), reason="the published datasets are not on this machine")


def _net(name: str, table: str = "edges"):
    return read_survey(EXTERNAL / name / "nodes.csv", EXTERNAL / name / f"{table}.csv",
                       load_mapping(shipped_mapping(name)), name)


@pytest.fixture(scope="module", params=["medinnovations", "brfarmers"])
def dataset(request):
    name = request.param
    return name, _net(name), pd.read_csv(EXTERNAL / name / "nodes.csv"), pd.read_csv(EXTERNAL / name / "edges.csv")


def test_published_counts():
    """Numbers of respondents, adopters and directed pairs as netdiffuseR's objects have them."""
    med, br = _net("medinnovations", "nominations"), _net("brfarmers", "nominations")
    assert (len(med.people), int(med.people.adopted.sum()), d.adjacency(med).nnz) == (125, 109, 294)
    assert round(d.density(med), 3) == 0.019
    assert med.left_out["named_someone_not_surveyed"] == 462
    assert (len(br.people), int(br.people.adopted.sum()), d.adjacency(br).nnz) == (692, 540, 1854)
    assert br.left_out["self_nominations"] == 66 and br.left_out["named_someone_not_surveyed"] == 1
    per_village = br.people.groupby("group").adopted.sum().to_dict()
    assert per_village == {"10": 22, "22": 20, "23": 59, "24": 60, "30": 75, "31": 52, "43": 44,
                           "70": 63, "71": 54, "80": 37, "82": 54}
    assert len(br.ties) == 2860 and len(med.ties) == 450


def test_edges_and_nominations_give_the_same_network(dataset):
    name, net, _, _ = dataset
    other = _net(name, "nominations")
    key = ["from", "to", "relation", "rank"]
    assert net.ties[key].sort_values(key).reset_index(drop=True).equals(
        other.ties[key].sort_values(key).reset_index(drop=True))


def test_adoption_curve_and_hazard(dataset):
    name, net, nodes, _ = dataset
    adopters = nodes[nodes.toa < NEVER[name]]
    new = adopters.toa.value_counts().sort_index()
    curve = d.adoption_curve(net).set_index("period")
    assert list(curve.index) == list(range(1, NEVER[name]))
    for period in curve.index:
        expected_new = int(new.get(period, 0))
        expected_cum = int((adopters.toa <= period).sum())
        assert curve.loc[period, "new_adopters"] == expected_new
        assert curve.loc[period, "cumulative"] == expected_cum
        assert curve.loc[period, "cumulative_share"] == pytest.approx(expected_cum / len(nodes))
        if period > 1:  # netdiffuseR's hazard_rate: (q_t - q_{t-1}) / (n - q_{t-1})
            before = int((adopters.toa <= period - 1).sum())
            assert curve.loc[period, "hazard"] == pytest.approx((expected_cum - before) / (len(nodes) - before))
    assert curve.cumulative.iloc[-1] == len(adopters)


def test_adopter_categories_as_classify_adopters(dataset):
    name, net, nodes, _ = dataset
    toa = nodes.toa.where(nodes.toa < NEVER[name])
    m, s = toa.mean(), toa.std()  # pandas: sample sd, as R's sd()
    expected = {"Early Adopters": int((toa < m - s).sum()),
                "Early Majority": int(((toa >= m - s) & (toa < m)).sum()),
                "Late Majority": int(((toa >= m) & (toa < m + s)).sum()),
                "Laggards": int((toa >= m + s).sum()), "Non-Adopters": int(toa.isna().sum())}
    cats = d.adopter_categories(net.people.set_index("id").time)
    assert d.category_counts(cats, "valente") == expected
    rogers = d.category_counts(cats, "rogers")
    assert rogers["Innovators"] == int((toa < m - 2 * s).sum())
    assert rogers["Innovators"] + rogers["Early Adopters"] == expected["Early Adopters"]


def test_exposure_and_threshold_by_hand(dataset):
    """Threshold = share of one's nominees (any relation, a pair once) adopted by one's own period."""
    name, net, nodes, edges = dataset
    toa = dict(zip(nodes.node_id.astype(str), nodes.toa))
    named: dict[str, set[str]] = {}
    for a, b in zip(edges["from"].astype(str), edges["to"].astype(str)):
        named.setdefault(a, set()).add(b)
    got = d.thresholds(net)
    for pid, t in toa.items():
        alters = named.get(pid, set())
        if t >= NEVER[name] or not alters:
            assert math.isnan(got[pid])
        else:
            assert got[pid] == pytest.approx(sum(toa[b] <= t for b in alters) / len(alters))


def test_advice_exposure_by_hand():
    net = _net("medinnovations")
    edges = pd.read_csv(EXTERNAL / "medinnovations" / "edges.csv").astype({"from": str, "to": str})
    toa = dict(zip(net.people.id, net.people.time))
    advice = edges[edges.relation == "advice"]
    expo = d.exposure(net, "advice")
    ids = list(net.people.id)
    for pid, alters in advice.groupby("from")["to"]:
        row = ids.index(pid)
        for period in (3, 9, 17):
            adopted = sum(1 for b in set(alters) if toa[b] <= period)
            assert expo[row, period - 1] == pytest.approx(adopted / len(set(alters)))


def test_threshold_matches_the_published_thresh_column():
    """Valente (1995) published each physician's network threshold (`thresh`); ours agrees
    for 93 of the 99 adopters who named another respondent (the others differ in the source)."""
    net = _net("medinnovations")
    nodes = pd.read_csv(EXTERNAL / "medinnovations" / "nodes.csv")
    ours = d.thresholds(net).to_numpy()
    known = ~np.isnan(ours)
    agree = np.abs(ours[known] - nodes.thresh.to_numpy()[known]) < 0.01
    assert known.sum() == 99 and agree.sum() >= 93


def test_summary_is_plain_json(dataset):
    import json

    _, net, _, _ = dataset
    out = d.summary(net)
    json.dumps(out, allow_nan=False)
    assert out["exposure_at_adoption"][0]["relation"] == "all"
    assert {r["relation"] for r in out["exposure_at_adoption"]} == {"all", *net.relations()}


def test_bad_rows_are_reported_with_file_line_and_reason(tmp_path):
    nodes = tmp_path / "n.csv"
    nodes.write_text("node_id,city,toa\n1,1,3\n2,1,x\n2,1,4\n,1,2\n5,1,40\n")
    noms = tmp_path / "e.csv"
    noms.write_text("from,to,relation,rank\n1,2,advice,1\n9,1,advice,1\n1,2,gossip,1\n1,,advice,1\n1,2,advice,x\n")
    mapping = parse_mapping({"nodes": {"id": "node_id", "group": "city", "time": "toa", "never": 18,
                                       "first_period": 1, "last_period": 17},
                             "nominations": {"from": "from", "to": "to", "relation": "relation", "rank": "rank",
                                             "relations": ["advice"]}})
    with pytest.raises(ImportFailed) as info:
        read_survey(nodes, noms, mapping, "bad")
    lines = [str(e) for e in info.value.errors]
    assert f"{nodes}:3: toa: 'x' is not a period number" in lines
    assert any(x.startswith(f"{nodes}:4: node_id: person '2' repeats line 3") for x in lines)
    assert f"{nodes}:5: node_id: missing person id" in lines
    assert any(x.startswith(f"{nodes}:6: toa: 40 is outside periods 1..17") for x in lines)
    assert f"{noms}:3: from: nominator '9' is not in the node table" in lines
    assert any(x.startswith(f"{noms}:4: relation: 'gossip' is not one of advice") for x in lines)
    assert f"{noms}:5: to: missing nominee" in lines
    assert f"{noms}:6: rank: 'x' is not a whole rank" in lines


def test_mapping_mistakes_are_clear(tmp_path):
    with pytest.raises(MappingError, match="nodes.id is required"):
        parse_mapping({"nodes": {}, "nominations": {"from": "a", "to": "b", "relation": "r"}})
    bad = tmp_path / "m.toml"
    bad.write_text("[nodes\n")
    with pytest.raises(MappingError, match="not valid TOML"):
        load_mapping(bad)
    with pytest.raises(ImportFailed, match="bad row"):
        read_survey(EXTERNAL / "medinnovations" / "nodes.csv", EXTERNAL / "medinnovations" / "edges.csv",
                    parse_mapping({"nodes": {"id": "nope"}, "nominations": {"from": "from", "to": "to",
                                                                             "relation": "relation"}}), "x")


def test_dataset_store_round_trip_idempotent_and_refuses_other_sources(tmp_path):
    store = DatasetStore(tmp_path)
    net = _net("medinnovations")
    mapping = load_mapping(shipped_mapping("medinnovations")).raw
    sources = {"nodes": str(EXTERNAL / "medinnovations" / "nodes.csv"),
               "nominations": str(EXTERNAL / "medinnovations" / "edges.csv")}
    assert store.save(net, sources, mapping).written
    assert not store.save(net, sources, mapping).written
    back = store.load("medinnovations")
    pd.testing.assert_frame_equal(back.people, net.people)
    pd.testing.assert_frame_equal(back.ties, net.ties)
    assert d.summary(back) == d.summary(net)
    other = {**sources, "nominations": str(EXTERNAL / "medinnovations" / "nominations.csv")}
    with pytest.raises(DatasetExists):
        store.save(net, other, mapping)
    assert store.save(net, other, mapping, replace=True).written
    assert store.names() == ["medinnovations"]


def test_a_json_mapping_reads_like_the_toml_one(tmp_path):
    import json
    import tomllib

    raw = tomllib.loads(shipped_mapping("brfarmers").read_text())
    path = tmp_path / "brfarmers.json"
    path.write_text(json.dumps(raw))
    assert load_mapping(path).nodes == load_mapping(shipped_mapping("brfarmers")).nodes
    net = read_survey(EXTERNAL / "brfarmers" / "nodes.csv", EXTERNAL / "brfarmers" / "edges.csv", load_mapping(path), "b")
    assert int(net.people.adopted.sum()) == 540
