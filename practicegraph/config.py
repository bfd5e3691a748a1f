"""Settings from the environment, read when asked (no import-time side effects)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("practicegraph", appauthor=False))


@dataclass(frozen=True)
class Settings:
    db_path: Path
    store: str = "kuzu"

    @classmethod
    def from_env(cls, db_path: str | Path | None = None) -> "Settings":
        path = db_path or os.environ.get("PRACTICEGRAPH_DB") or default_data_dir() / "graph.kuzu"
        return cls(db_path=Path(path).expanduser(), store=os.environ.get("PRACTICEGRAPH_STORE", "kuzu"))


def open_neo4j_store(env=os.environ):
    """The Neo4j store from NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE."""
    from practicegraph.graph.neo4j import Neo4jStore

    return Neo4jStore(env.get("NEO4J_URI", "bolt://localhost:7687"), env.get("NEO4J_USER"),
                      env.get("NEO4J_PASSWORD"), env.get("NEO4J_DATABASE"))


def open_store(settings: Settings):
    """The configured GraphStore, schema installed."""
    if settings.store == "neo4j":
        store = open_neo4j_store()
        store.install()
        return store
    if settings.store != "kuzu":
        from practicegraph.errors import StoreUnavailable

        raise StoreUnavailable(f"store '{settings.store}' is not available; use 'kuzu' or 'neo4j'")
    from practicegraph.graph.kuzu import KuzuStore

    store = KuzuStore(settings.db_path)
    store.install()
    return store
