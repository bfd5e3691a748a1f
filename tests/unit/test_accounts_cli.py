"""`practicegraph users|consent|audit` against a temporary account store."""

from click.testing import CliRunner

from practicegraph.cli import main


def _run(tmp_path, *args):
    result = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "g.kuzu")], catch_exceptions=False)
    return result


def test_users_tokens_roles_consent_audit(tmp_path):
    assert _run(tmp_path, "users", "add", "amina", "--person", "t-amina",
                "--role", "teacher@organisation:org-1").exit_code == 0
    bad = _run(tmp_path, "users", "add", "bo", "--role", "boss@deployment")
    assert bad.exit_code != 0 and "no role 'boss'" in bad.output
    assert "bo\t" not in _run(tmp_path, "users", "list").output  # nothing half-written
    token = _run(tmp_path, "users", "token", "amina")
    secret = token.stdout.strip().splitlines()[0]
    assert secret.startswith("pg_") and "shown once" in token.stderr
    listed = _run(tmp_path, "users", "token", "--list").output
    assert "amina" in listed and secret.split("_", 2)[2] not in listed
    assert "mentor@cluster:k1" in _run(tmp_path, "users", "roles", "amina", "--grant", "mentor@cluster:k1").output
    assert "revoked" in _run(tmp_path, "users", "token", "--revoke", "1").output
    assert _run(tmp_path, "users", "token", "--revoke", "1").exit_code != 0  # already revoked
    assert _run(tmp_path, "consent", "t-amina").exit_code == 0
    assert _run(tmp_path, "consent", "t-amina", "--withdraw").exit_code == 0
    assert _run(tmp_path, "users", "revoke", "amina").exit_code == 0
    assert "revoked" in _run(tmp_path, "users", "list").output
    audit = _run(tmp_path, "audit").output
    for action in ("account.add", "token.issue", "role.grant", "token.revoke", "consent.give",
                   "consent.withdraw", "account.revoke"):
        assert action in audit
    assert secret.split("_", 2)[2] not in audit
    assert (tmp_path / "g.kuzu.accounts.sqlite").exists() and not (tmp_path / "g.kuzu").exists()


def test_erase_lists_then_removes_and_is_audited(tmp_path, monkeypatch):
    from pathlib import Path

    from practicegraph import cli
    from practicegraph.bootstrap import Runtime
    from practicegraph.config import Settings
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item
    from tests.fakes import HashingEmbedder

    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    records = [{"type": "person", "id": "a", "name": "A"}, {"type": "person", "id": "b", "name": "B"},
               {"type": "observation", "observer": "a", "observed": "b", "date": "2025-01-01",
                "focus": "nervous about fractions", "visibility": "pair"}]
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(records)])
    store.close = lambda: None
    monkeypatch.setattr(cli, "_runtime", lambda db_path: Runtime(Settings(Path("unused")), store, HashingEmbedder()))

    def hits():
        return store.fulltext("Observation", "fractions", 5, SearchFilters(), Viewer.internal())

    dry = _run(tmp_path, "erase", "--person", "b", "--dry-run")
    assert dry.exit_code == 0 and "would clear text of observation" in dry.output and len(hits()) == 1
    done = _run(tmp_path, "erase", "--person", "b")
    assert done.exit_code == 0 and "erased: 1 records cleared" in done.output and hits() == []
    assert "nothing to erase" in _run(tmp_path, "erase", "--person", "b").output
    audit = _run(tmp_path, "audit", "--action", "erasure").output
    assert "\terasure\tb\t" in audit and "fractions" not in audit
