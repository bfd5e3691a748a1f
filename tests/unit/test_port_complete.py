"""Every store implements the whole GraphStore port: no method missing."""

import inspect

import pytest

from practicegraph.graph.port import GraphStore

PORT_METHODS = sorted(name for name, member in inspect.getmembers(GraphStore)
                      if inspect.isfunction(member) and not name.startswith("_"))


def _stores():
    from practicegraph.graph.kuzu import KuzuStore
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.graph.neo4j import Neo4jStore

    return [InMemoryStore, KuzuStore, Neo4jStore]


def test_the_port_has_methods():
    assert len(PORT_METHODS) > 20


@pytest.mark.parametrize("store_class", _stores(), ids=lambda c: c.__name__)
def test_every_port_method_is_implemented(store_class):
    missing = [m for m in PORT_METHODS if not callable(getattr(store_class, m, None))]
    assert not missing, missing
