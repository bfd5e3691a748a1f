"""The write path answers the same for a record the writer may not see as for one that
does not exist, and never confirms a guess of hidden content — on every store."""

from __future__ import annotations

import pytest

from practicegraph.errors import ConflictError, ValidationFailed
from practicegraph.graph.port import TAKEN_ID
from practicegraph.graph.types import Viewer
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item

AUTHOR = {"type": "person", "id": "p-ann", "name": "Ann"}
HIDDEN = {"type": "practice", "id": "pr-hidden", "title": "Private notes on questioning",
          "description": "My own notes.", "visibility": "private", "developers": [{"person": "p-ann"}]}
PUBLIC = {"type": "practice", "id": "pr-open", "title": "Open questioning", "description": "Shared.",
          "visibility": "public", "developers": [{"person": "p-ann"}]}
ANON = Viewer.anonymous()


def _items(*records):
    return [Item(r, i) for i, r in enumerate(records)]


@pytest.fixture
def loaded(store, embedder):
    ingest(store, embedder, _items(AUTHOR, HIDDEN, PUBLIC))
    return store


def _error(store, embedder, *records):
    with pytest.raises((ValidationFailed, ConflictError)) as err:
        ingest(store, embedder, _items(*records), viewer=ANON)
    exc = err.value
    if isinstance(exc, ValidationFailed):
        return "422", [(e.field, e.reason.replace("pr-hidden", "X").replace("pr-missing", "X")) for e in exc.errors]
    return "409", [(c.type, c.reason) for c in exc.conflicts]


def test_adapting_a_hidden_practice_answers_like_adapting_a_missing_one(loaded, embedder):
    hidden = _error(loaded, embedder, {"type": "adaptation", "practice": "pr-open", "source": "pr-hidden",
                                       "mode": "adaptive"})
    missing = _error(loaded, embedder, {"type": "adaptation", "practice": "pr-open", "source": "pr-missing",
                                        "mode": "adaptive"})
    assert hidden == missing and hidden[0] == "422"


def test_an_exact_copy_of_a_hidden_record_is_not_confirmed_as_unchanged(loaded, embedder):
    copy = _error(loaded, embedder, HIDDEN)
    other = _error(loaded, embedder, {**HIDDEN, "title": "A guess"})
    assert copy == other == ("409", [("practice", TAKEN_ID)])
    # the author (who may see it) still gets the ordinary idempotent answer
    author = Viewer(person_id="p-ann")
    assert ingest(loaded, embedder, _items(HIDDEN), viewer=author).unchanged == 1


def test_a_hidden_id_does_not_reveal_its_type(loaded, embedder):
    assert _error(loaded, embedder, {"type": "person", "id": "pr-hidden", "name": "Guess"}) == \
        ("409", [("person", TAKEN_ID)])


def test_visible_records_keep_the_ordinary_answers(loaded, embedder):
    assert ingest(loaded, embedder, _items(PUBLIC), viewer=ANON).unchanged == 1
    assert loaded.visible_ids(["pr-open", "pr-hidden", "p-ann", "nope"], ANON) == {"pr-open", "p-ann"}
