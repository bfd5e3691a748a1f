"""Word search statistics come only from what the viewer may see: records they may not
see move no visible score — on every store."""

from __future__ import annotations

from practicegraph.graph.types import SearchFilters, Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item

PUBLIC = [{"type": "practice", "id": f"pr-open-{i}", "title": title, "description": text,
           "visibility": "public"} for i, (title, text) in enumerate([
               ("Group reading circles", "Learners read in circles and question each other."),
               ("Questioning with hinge questions", "One hinge question before moving on."),
               ("Group work roles", "Each learner in the group has a role card.")])]
HIDDEN = [{"type": "person", "id": "p-ann", "name": "Ann"}] + [
    {"type": "practice", "id": f"pr-note-{i}", "title": "Group questioning notes",
     "description": "Group group questioning questioning notes.", "visibility": "private",
     "developers": [{"person": "p-ann"}]} for i in range(8)]


def _scores(store, viewer):
    return [(h.id, round(h.score, 9)) for h in
            store.fulltext("Practice", "group questioning", 10, SearchFilters(), viewer)]


def test_hidden_records_do_not_move_visible_word_scores(store, open_store, embedder, tmp_path):
    ingest(store, embedder, [Item(r, i) for i, r in enumerate(PUBLIC)])
    alone = _scores(store, Viewer.anonymous())
    ingest(store, embedder, [Item(r, i) for i, r in enumerate(HIDDEN)])
    assert _scores(store, Viewer.anonymous()) == alone
    # the author sees their notes, and the statistics include them for her
    mine = _scores(store, Viewer(person_id="p-ann"))
    assert {i for i, _ in mine} >= {f"pr-note-{i}" for i in range(8)}
    assert dict(mine)["pr-open-0"] != dict(alone)["pr-open-0"]
