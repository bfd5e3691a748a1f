"""Neo4j driver errors become the project's own, without a server."""

import pytest

neo4j = pytest.importorskip("neo4j")

from neo4j import exceptions as nx  # noqa: E402

from practicegraph.errors import ConflictError, StoreError, StoreUnavailable  # noqa: E402
from practicegraph.graph.neo4j.errors import translated  # noqa: E402
from practicegraph.graph.neo4j.store import Neo4jStore  # noqa: E402
from practicegraph.graph.types import LedgerEntry  # noqa: E402


@pytest.mark.parametrize("raised, expected", [
    (nx.ServiceUnavailable("connection refused"), StoreUnavailable),
    (nx.SessionExpired("gone"), StoreUnavailable),
    (nx.TransientError("deadlock"), StoreUnavailable),
    (nx.AuthError("bad password"), StoreUnavailable),
    (nx.CypherSyntaxError("bad query"), StoreError),
    (nx.DriverError("closed"), StoreError),
])
def test_driver_errors_become_project_errors(raised, expected):
    with pytest.raises(expected) as err:
        with translated():
            raise raised
    assert not isinstance(err.value, nx.Neo4jError) and err.value.__cause__ is raised


def test_unique_id_violation_is_a_conflict_naming_the_record():
    ledger = [LedgerEntry("pr-a", "practice", "h", 7)]
    message = "Node(12) already exists with label `Record` and property `id` = 'pr-a'"
    with pytest.raises(ConflictError) as err:
        with translated(ledger):
            raise nx.ConstraintError(message)
    [conflict] = err.value.conflicts
    assert (conflict.id, conflict.type, conflict.line) == ("pr-a", "practice", 7)


def test_an_unreachable_server_is_unavailable_not_a_driver_error():
    with pytest.raises(StoreUnavailable):
        Neo4jStore("bolt://127.0.0.1:9", dimension=8)  # the discard port: nothing listens

