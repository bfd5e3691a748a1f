"""Shared fixtures: every store behind the GraphStore port, and an embedder without weights."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.graph.port import GraphStore
from tests.fakes import HashingEmbedder
from tests.neo4j_fixture import neo4j_server  # noqa: F401  (a session fixture)

STORE_KINDS = ("memory", "kuzu", "neo4j")


def _open_store(kind: str, directory: Path, server=None) -> GraphStore:
    if kind == "neo4j":
        from practicegraph.graph.neo4j import Neo4jStore

        server.wipe()  # Community has one user database: each store starts it empty
        store: GraphStore = Neo4jStore(server.uri, dimension=HashingEmbedder.dimension)
    elif kind == "memory":
        store: GraphStore = InMemoryStore(dimension=HashingEmbedder.dimension)
    elif kind == "kuzu":
        from practicegraph.graph.kuzu import KuzuStore

        store = KuzuStore(directory / "g.kuzu", dimension=HashingEmbedder.dimension)
    else:
        raise ValueError(f"no store kind {kind!r}")
    store.install()
    return store


@pytest.fixture(scope="session")
def open_store(request) -> Callable[[str, Path], GraphStore]:
    """open_store(kind, directory): a fresh, installed store; the caller closes it. The
    Neo4j server is started only when a test first asks for a Neo4j store."""
    def opener(kind: str, directory: Path) -> GraphStore:
        server = request.getfixturevalue("neo4j_server") if kind == "neo4j" else None
        return _open_store(kind, directory, server)

    return opener


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


@pytest.fixture(params=[pytest.param(k, marks=[pytest.mark.neo4j, pytest.mark.slow] if k == "neo4j" else []) for k in STORE_KINDS])
def store_kind(request) -> str:
    return request.param


@pytest.fixture
def store(store_kind, tmp_path, open_store):
    """An empty store of each kind."""
    s = open_store(store_kind, tmp_path)
    yield s
    s.close()
