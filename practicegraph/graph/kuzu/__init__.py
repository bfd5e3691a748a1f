"""Embedded Kùzu adapter (the default store)."""

from practicegraph.graph.kuzu.store import KuzuStore

__all__ = ["KuzuStore"]
