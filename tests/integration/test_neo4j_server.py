"""The Neo4j test server is a real Neo4j 5.26 Community reached over Bolt."""

import pytest

pytestmark = [pytest.mark.neo4j, pytest.mark.slow]


def test_server_is_neo4j_5_26_community_over_bolt(neo4j_server):
    from neo4j import GraphDatabase

    assert neo4j_server.uri.startswith(("bolt://", "neo4j://"))
    with GraphDatabase.driver(neo4j_server.uri) as driver:
        records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions, edition "
                                             "RETURN name, versions[0] AS version, edition")
    [row] = records
    assert row["name"] == "Neo4j Kernel" and row["version"].startswith("5.")
    assert row["edition"] in ("community", "enterprise")
