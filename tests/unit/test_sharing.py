"""Changing who may see a record: what counts as a narrowing, and requests that are
superseded or find the record changed before the last consent."""

import pytest

from practicegraph.accounts.sharing import RequestClosed, UnknownRequest, Wanted
from practicegraph.graph.types import RecordScope, Viewer
from practicegraph.graph.versions import is_narrowing
from tests.accounts_world import build

SCOPE = RecordScope("o", "observation", "org", "pair", "s1", "k1", "mo", ("mo", "tara"))


@pytest.mark.parametrize("visibility, reflection, organisation, cluster, narrowing", [
    ("org", "pair", "s1", "k1", True),  # no change
    ("pair", "pair", None, None, True),
    ("private", "private", None, None, True),
    ("org", "pair", "s2", "k1", False),  # another school
    ("cluster", "pair", "s1", "k1", False),  # a cluster is not within a school
    ("public", "pair", "s1", "k1", False),
    ("org", "org", "s1", "k1", False),  # the reflection, wider
    ("pair", "private", "s1", "k1", True),
])
def test_what_narrows(visibility, reflection, organisation, cluster, narrowing):
    assert is_narrowing(SCOPE, visibility, reflection, organisation, cluster) is narrowing


def test_public_narrows_to_any_place_and_private_widens_to_anything():
    public = RecordScope("o", "observation", "public", "public", None, None, "mo", ("mo", "tara"))
    assert is_narrowing(public, "cluster", "org", "s1", "k2")
    private = RecordScope("o", "observation", "private", "private", None, None, "mo", ("mo", "tara"))
    assert not is_narrowing(private, "pair", "private", None, None)


@pytest.fixture
def world(tmp_path):
    store, accounts, _ = build(tmp_path / "a.sqlite")
    return store, accounts.sharing


def _ask(store, sharing, **wanted):
    scope = store.record_scope("o-pair", Viewer(person_id="mo"))
    return sharing.ask(store, scope, Wanted(**{"reflection_visibility": "pair", "organisation": None,
                                               "cluster": None, **wanted}), "mo", "account:mo")


def test_a_request_finding_the_record_changed_is_not_applied(world):
    store, sharing = world
    asked = _ask(store, sharing, visibility="org", organisation="s1")
    assert asked.status == "pending" and asked.waiting_for == ("tara",)
    store.retract("o-pair")
    assert sharing.answer(store, asked.id, "tara", True, "account:tara").status == "stale"
    assert store.record_scope("o-pair", Viewer.internal()).visibility == "private"  # still a tombstone


def test_asking_again_supersedes_and_a_closed_request_takes_no_answer(world):
    store, sharing = world
    first = _ask(store, sharing, visibility="public")
    second = _ask(store, sharing, visibility="org", organisation="s1")
    with pytest.raises(RequestClosed):
        sharing.answer(store, first.id, "tara", True, "account:tara")
    with pytest.raises(UnknownRequest):  # not named on it
        sharing.answer(store, second.id, "ben", True, "account:ben")
    assert [r.id for r in sharing.for_person("tara")] == [second.id]
    assert sharing.for_person("ben") == []
    assert sharing.answer(store, second.id, "tara", True, "account:tara").status == "applied"
    assert store.record_scope("o-pair", Viewer.internal()).visibility == "org"
