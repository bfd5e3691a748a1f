"""The research reads give the same answers on Kùzu, Neo4j and the in-memory reference,
for several viewers, on the small demo corpus."""

from __future__ import annotations

import pytest

from practicegraph.demo.generator import generate
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

pytestmark = [pytest.mark.slow, pytest.mark.neo4j]

VIEWERS = [Viewer.anonymous(), Viewer.internal(),
           Viewer(person_id="p-00062", clusters=frozenset({"cl-en-005"}), organisations=frozenset({"org-00015"}))]


REPEATED = "register-repeats-an-attendee"


@pytest.fixture(scope="module")
def stores(tmp_path_factory, open_store):
    records = generate("small", 7)
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    # a second register for a meeting, repeating one of its attendees: counted once everywhere
    meeting = next(r for r in records if r.type == "meeting" and len(r.attendees) > 1)
    items.append(Item({"type": "attendance", "id": REPEATED, "meeting": meeting.id,
                       "attendees": [meeting.attendees[0]]}, len(items) + 1))
    out = {}
    for kind in ("memory", "kuzu", "neo4j"):
        store = open_store(kind, tmp_path_factory.mktemp(kind))
        ingest(store, HashingEmbedder(), items)
        out[kind] = store
    yield out
    for store in out.values():
        store.close()


@pytest.mark.parametrize("read", ["practice_links", "practice_records", "activities"])
@pytest.mark.parametrize("viewer", VIEWERS, ids=["anonymous", "internal", "member"])
def test_viewer_reads_agree(stores, read, viewer):
    memory, kuzu, neo4j = (getattr(stores[k], read)(viewer) for k in ("memory", "kuzu", "neo4j"))
    assert memory == kuzu == neo4j and memory


def test_anonymous_sees_fewer_practices_than_internal(stores):
    anon = {p.id for p in stores["kuzu"].practice_records(Viewer.anonymous())}
    everything = {p.id for p in stores["kuzu"].practice_records(Viewer.internal())}
    assert anon < everything
    for link in stores["kuzu"].practice_links(Viewer.anonymous()):
        assert link.child in anon and link.parent in anon


@pytest.mark.parametrize("read", ["places", "cluster_meetings", "membership_history"])
def test_organisational_reads_agree(stores, read):
    memory, kuzu, neo4j = (sorted(getattr(stores[k], read)(), key=str) for k in ("memory", "kuzu", "neo4j"))
    assert memory == kuzu == neo4j and memory


def test_meetings_of_one_cluster(stores):
    one = stores["kuzu"].cluster_meetings("cl-en-005")
    assert one == stores["memory"].cluster_meetings("cl-en-005")
    assert one and {m.cluster for m in one} == {"cl-en-005"}


def test_a_person_on_two_registers_of_a_meeting_attends_once(stores):
    for store in stores.values():
        for meeting in store.cluster_meetings():
            assert len(set(meeting.attendees)) == len(meeting.attendees), (store, meeting)
