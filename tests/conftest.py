"""Shared fixtures: every store behind the GraphStore port, and an embedder without weights."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.port import GraphStore
from tests.fakes import HashingEmbedder
from tests.neo4j_fixture import neo4j_server  # noqa: F401  (a session fixture)

STORE_KINDS = ("memory", "kuzu")


def _open_store(kind: str, directory: Path) -> GraphStore:
    if kind == "memory":
        store: GraphStore = InMemoryStore(dimension=HashingEmbedder.dimension)
    elif kind == "kuzu":
        from practicegraph.graph.kuzu import KuzuStore

        store = KuzuStore(directory / "g.kuzu", dimension=HashingEmbedder.dimension)
    else:
        raise ValueError(f"no store kind {kind!r}")
    store.install()
    return store


@pytest.fixture(scope="session")
def open_store() -> Callable[[str, Path], GraphStore]:
    """open_store(kind, directory): a fresh, installed store; the caller closes it."""
    return _open_store


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(params=STORE_KINDS)
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def store(store_kind, tmp_path):
    """An empty store of each kind."""
    s = _open_store(store_kind, tmp_path)
    yield s
    s.close()
