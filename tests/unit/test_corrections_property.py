"""A corrected record answers as if it had been sent corrected in the first place: for
random worlds and random corrections of their observations and exchanges, every read
endpoint gives every viewer the same answer (people, order, scores, counts, evidence,
lineage) as a store loaded with the corrected records directly. The earlier versions,
kept as they are, change nothing anyone is shown."""

from __future__ import annotations

import os

from hypothesis import given
from hypothesis import strategies as st

from practicegraph.api import create_app
from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.types import Viewer
from practicegraph.ingest.correct import correct
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder
from tests.unit.test_noninterference import (  # noqa: F401 (accounts: a fixture)
    PEOPLE, _answers, accounts, text, world_settings, worlds,
)

EXAMPLES = max(10, int(os.environ.get("PRACTICEGRAPH_NONINTERFERENCE_EXAMPLES", "100")) // 2)
TEXT_FIELDS = {"observation": ("focus", "what_worked"), "exchange": ("focus",)}


@st.composite
def corrections(draw, recs: list[dict]) -> dict[str, list[dict]]:
    """record id -> its successive corrected versions (new words; same people, visibility, links)."""
    out: dict[str, list[dict]] = {}
    for r in recs:
        if r["type"] in TEXT_FIELDS and draw(st.booleans()):
            versions, current = [], r
            for _ in range(draw(st.integers(1, 2))):
                current = {**current, **{f: draw(text) for f in TEXT_FIELDS[r["type"]] if draw(st.booleans())},
                           "reflection": draw(text)}
                versions.append(current)
            out[r["id"]] = versions
    return out


def _client(store, accounts_store):
    return create_app(store=store, embedder=HashingEmbedder(), accounts=accounts_store, public_read=True).test_client()


@world_settings(EXAMPLES)
@given(world=worlds(), data=st.data())
def test_a_corrected_world_answers_as_one_sent_corrected(world, data, accounts):
    accounts_store, tokens = accounts
    fixes = data.draw(corrections(world))
    corrected_later = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(corrected_later, HashingEmbedder(), [Item(r, i) for i, r in enumerate(world)])
    for record_id, versions in fixes.items():
        for version in versions:
            scope = corrected_later.record_scope(record_id, Viewer.internal())
            assert correct(corrected_later, HashingEmbedder(), record_id, version, scope, Viewer.internal()).corrected
    sent_corrected = InMemoryStore(dimension=HashingEmbedder.dimension)
    final = [fixes[r["id"]][-1] if r.get("id") in fixes else r for r in world]
    ingest(sent_corrected, HashingEmbedder(), [Item(r, i) for i, r in enumerate(final)])
    practice_ids = [r["id"] for r in world if r["type"] == "practice"]
    later, direct = _client(corrected_later, accounts_store), _client(sent_corrected, accounts_store)
    assert corrected_later.counts() == sent_corrected.counts()
    for person in [None, *PEOPLE]:
        token = tokens[person] if person else None
        for a, b in zip(_answers(later, token, practice_ids), _answers(direct, token, practice_ids)):
            assert a == b, f"viewer {person or 'anonymous'}: {a[0]} {a[1] or ''} differs"
