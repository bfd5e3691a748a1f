"""One place that wires settings, the graph store and the embedder together.

The API factory, the CLI and the benchmarks all start here, so a store or model choice
is made once. The embedder's weights load on its first encode; the store is opened with
the embedder's vector dimension.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping

from practicegraph.config import Settings
from practicegraph.embeddings import Embedder
from practicegraph.errors import StoreUnavailable
from practicegraph.graph.port import GraphStore


@dataclass
class Runtime:
    settings: Settings
    store: GraphStore
    embedder: Embedder

    def close(self) -> None:
        self.store.close()


def open_store(settings: Settings, dimension: int) -> GraphStore:
    """The configured GraphStore, schema installed."""
    if settings.store == "kuzu":
        from practicegraph.graph.kuzu import KuzuStore

        store: GraphStore = KuzuStore(settings.db_path, dimension=dimension, buffer_pool_mb=settings.kuzu_buffer_mb)
    elif settings.store == "neo4j":
        store = open_neo4j_store(dimension)
    else:
        raise StoreUnavailable(f"store '{settings.store}' is not available; use 'kuzu' or 'neo4j'")
    store.install()
    return store


def open_neo4j_store(dimension: int, env: Mapping[str, str] | None = None) -> GraphStore:
    """The Neo4j store named by NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE."""
    from practicegraph.graph.neo4j import Neo4jStore

    env = os.environ if env is None else env
    return Neo4jStore(env.get("NEO4J_URI", "bolt://localhost:7687"), env.get("NEO4J_USER"),
                      env.get("NEO4J_PASSWORD"), env.get("NEO4J_DATABASE"), dimension=dimension)


def default_embedder() -> Embedder:
    from practicegraph.embeddings.sentence import sentence_transformer_embedder

    return sentence_transformer_embedder()


def bootstrap(settings: Settings | None = None, *, embedder: Embedder | None = None,
              store: GraphStore | None = None) -> Runtime:
    """Settings from the environment unless given; the packaged model unless given."""
    settings = settings or Settings.from_env()
    embedder = embedder or default_embedder()
    return Runtime(settings, store or open_store(settings, embedder.dimension), embedder)
