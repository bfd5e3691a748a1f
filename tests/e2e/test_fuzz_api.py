"""Schemathesis against the generated OpenAPI document: every operation, positive and
negative data, on the in-memory store with the small corpus loaded.

Every check schemathesis has stays on, with two expectations stated where the schema
cannot say them: a schema-valid record may still name a record that does not exist
(422) or reuse an id with other content (409); an xAPI statement is any JSON object to
the schema but must follow xAPI (400); and a schema-valid practice id may name nothing
(404). The examples are derandomised, so a failure reproduces on every run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.config import SchemathesisConfig
from schemathesis.generation import GenerationMode

from practicegraph.api import create_app
from practicegraph.graph.memory import InMemoryStore
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).parents[1] / "data" / "corpus.jsonl"
EXAMPLES_PER_OPERATION_AND_MODE = 90
MIN_REQUESTS = 1000

# Statuses a schema-valid request may still answer, per operation, and why (see above).
CONFIG = """
[checks.negative_data_rejection]  # the defaults, and 414: a URL too long is refused too
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 414, 415, 422, 428, 429, "5xx"]

[[operations]]
include-name = "POST /api/v1/records"
checks.positive_data_acceptance.expected-statuses = [200, 201, 409, 422]

[[operations]]
include-name = "POST /api/v1/xapi/statements"
checks.positive_data_acceptance.expected-statuses = [200, 400, 409, 422]

[[operations]]
include-path-regex = "^/api/v1/practices/"
checks.positive_data_acceptance.expected-statuses = [200, 404]

# a filter value is a name, prefix or synonym resolved against what the asker may see; one
# that names nothing is a 422 listing the closest values (no schema can express that)
[[operations]]
include-name = "GET /api/v1/experts"
checks.positive_data_acceptance.expected-statuses = [200, 422]

[[operations]]
include-path-regex = "^/api/v1/people/"
checks.positive_data_acceptance.expected-statuses = [200, 404]

# an author's own records: a schema-valid id may name nothing the fuzzer (an administrator
# with no person) wrote or may see, and a correction must keep what it keeps
[[operations]]
include-path-regex = "^/api/v1/records/"
checks.positive_data_acceptance.expected-statuses = [200, 202, 404, 409, 422]

[[operations]]
include-path-regex = "^/api/v1/visibility-requests/"
checks.positive_data_acceptance.expected-statuses = [200, 404, 409]
"""


def _app(directory: Path):
    """The app on the in-memory store with the corpus loaded, and a deployment
    administrator's token (every route is open to it)."""
    from practicegraph.accounts.store import AccountStore

    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    embedder = HashingEmbedder()
    lines = CORPUS.read_text().splitlines()
    items = [Item(json.loads(line), n) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    ingest(store, embedder, items)
    accounts = AccountStore(directory / "accounts.sqlite")
    accounts.add("fuzzer", None, "test")
    accounts.grant("fuzzer", "administrator", "deployment", "*", "test")
    return create_app(store=store, embedder=embedder, accounts=accounts), accounts.issue_token("fuzzer", "test")


def test_every_operation_fuzzed_without_server_errors_or_schema_violations(tmp_path, monkeypatch):
    monkeypatch.setenv("PRACTICEGRAPH_BACKUP_DIR", str(tmp_path / "backups"))  # admin/backup writes here
    monkeypatch.setenv("PRACTICEGRAPH_DB", str(tmp_path / "g.kuzu"))
    app, token = _app(tmp_path)
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app, config=SchemathesisConfig.from_str(CONFIG))
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6, [op.label for op in operations]
    sent: dict[str, int] = {}
    unnegatable: list[str] = []
    for operation in operations:
        _fuzz(operation, GenerationMode.POSITIVE, sent, token)
        try:
            _fuzz(operation, GenerationMode.NEGATIVE, sent, token)
        except Unsatisfiable:  # every input it has is valid (a bare path id, no parameters)
            unnegatable.append(operation.label)
    # operations whose every input is valid (no parameters, or only a free-form path id) have
    # no negative data; those with query models and bodies must have been negated
    assert not {"GET /api/v1/experts", "GET /api/v1/practices/{practice_id}/lineage", "POST /api/v1/records",
                "POST /api/v1/xapi/statements"} & set(unnegatable), unnegatable
    print(f"{sum(sent.values())} requests; cannot be made invalid: {unnegatable}; {sent}")
    assert sum(sent.values()) >= MIN_REQUESTS, sent
    assert all(sent.get(op.label) for op in operations), sent


def _fuzz(operation, mode: GenerationMode, sent: dict[str, int], token: str) -> None:
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES_PER_OPERATION_AND_MODE, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        sent[operation.label] = sent.get(operation.label, 0) + 1
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})

    run()
