"""The stores are assembled from mixins (research reads, accounts reads, erasure): no two
may define the same method, or one silently replaces the other (it happened once:
two `memberships` with different arguments)."""

import pytest


@pytest.mark.parametrize("path", ["practicegraph.graph.memory:InMemoryStore",
                                  "practicegraph.graph.kuzu.store:KuzuStore"])
def test_no_method_is_defined_twice(path):
    import importlib

    module, name = path.split(":")
    cls = getattr(importlib.import_module(module), name)
    seen: dict[str, str] = {}
    clashes = []
    for base in cls.__mro__[:-1]:
        for attr, value in vars(base).items():
            if callable(value) and not attr.startswith("__"):
                if attr in seen:
                    clashes.append(f"{attr}: {seen[attr]} and {base.__name__}")
                seen.setdefault(attr, base.__name__)
    assert not clashes, clashes
