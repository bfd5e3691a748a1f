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
