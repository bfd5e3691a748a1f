"""`practicegraph users ...`, `practicegraph consent ...` and `practicegraph audit`: the
account store from the command line (run by whoever administers the deployment)."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from practicegraph.accounts.store import AccountError, AccountStore, check_role
from practicegraph.accounts.types import Role
from practicegraph.config import Settings

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         help="Graph database file; the account store sits beside it "
                              "(or $PRACTICEGRAPH_ACCOUNTS_DB).")


def open_accounts(db_path: Path | None) -> AccountStore:
    return AccountStore(Settings.from_env(db_path).accounts_file)


def cli_actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def parse_role(spec: str) -> Role:
    """ROLE@organisation:ID, ROLE@cluster:ID or ROLE@deployment (also ROLE@*)."""
    role, _, scope = spec.partition("@")
    if not scope:
        raise click.BadParameter(f"'{spec}': write ROLE@organisation:ID, ROLE@cluster:ID or ROLE@deployment")
    if scope in ("*", "deployment"):
        return Role(role, "deployment", "*")
    kind, _, sid = scope.partition(":")
    if not sid:
        raise click.BadParameter(f"'{spec}': the scope needs an id, e.g. {role}@{kind}:ID")
    return Role(role, kind, sid)


def _guard(fn):
    """AccountError -> a one-line CLI error."""
    import functools

    @functools.wraps(fn)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except AccountError as exc:
            raise click.ClickException(str(exc)) from exc
    return run


@click.group()
def users() -> None:
    """Accounts: add, list, revoke, roles, tokens."""


@users.command("add")
@click.argument("username")
@click.option("--person", "person_id", help="The Person id in the graph this account signs in as.")
@click.option("--role", "roles", multiple=True, help="ROLE@organisation:ID | ROLE@cluster:ID | ROLE@deployment")
@click.option("--password", is_flag=True, help="Prompt for a password (for signing in to the web app).")
@DB_OPTION
@_guard
def add(username, person_id, roles, password, db_path):
    """Add an account."""
    store = open_accounts(db_path)
    parsed = [parse_role(r) for r in roles]
    for r in parsed:  # all checked before anything is written
        check_role(r.role, r.scope_kind, r.scope_id)
    secret = click.prompt("password", hide_input=True, confirmation_prompt=True) if password else None
    store.add(username, person_id, cli_actor(), password=secret)
    for r in parsed:
        store.grant(username, r.role, r.scope_kind, r.scope_id, cli_actor())
    click.echo(f"account '{username}' added" + (f" for person {person_id}" if person_id else ""))


@users.command("list")
@DB_OPTION
def list_accounts(db_path):
    """List accounts and their roles."""
    for a in open_accounts(db_path).list():
        state = f"revoked {a.revoked}" if a.revoked else "active"
        roles = ", ".join(str(r) for r in a.roles) or "no roles"
        click.echo(f"{a.username}\tperson={a.person_id or '-'}\t{state}\t{roles}")


@users.command("revoke")
@click.argument("username")
@DB_OPTION
@_guard
def revoke(username, db_path):
    """Disable an account; its tokens and sessions stop working at once."""
    open_accounts(db_path).revoke(username, cli_actor())
    click.echo(f"account '{username}' revoked")


@users.command("roles")
@click.argument("username")
@click.option("--grant", "grants", multiple=True, help="ROLE@SCOPE to grant")
@click.option("--withdraw", "withdrawals", multiple=True, help="ROLE@SCOPE to withdraw")
@DB_OPTION
@_guard
def roles(username, grants, withdrawals, db_path):
    """Show, grant or withdraw an account's roles."""
    store = open_accounts(db_path)
    for spec in grants:
        r = parse_role(spec)
        store.grant(username, r.role, r.scope_kind, r.scope_id, cli_actor())
    for spec in withdrawals:
        r = parse_role(spec)
        if not store.withdraw(username, r.role, r.scope_kind, r.scope_id, cli_actor()):
            click.echo(f"'{username}' did not hold {r}", err=True)
    for r in store.get(username).roles:
        click.echo(str(r))


@users.command("token")
@click.argument("username", required=False)
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 366))
@click.option("--label", help="What the token is for.")
@click.option("--list", "list_only", is_flag=True, help="List tokens (never their secrets).")
@click.option("--revoke", "revoke_id", type=int, help="Revoke the token with this id.")
@DB_OPTION
@_guard
def token(username, days, label, list_only, revoke_id, db_path):
    """Issue an API token for USERNAME (shown once), list tokens, or revoke one."""
    store = open_accounts(db_path)
    if revoke_id is not None:
        if not store.revoke_token(revoke_id, cli_actor()):
            raise click.ClickException(f"no active token with id {revoke_id}")
        click.echo(f"token {revoke_id} revoked")
    elif list_only:
        for t in store.tokens(username):
            state = f"revoked {t.revoked}" if t.revoked else f"expires {t.expires}"
            click.echo(f"{t.id}\t{t.username}\t{t.label or '-'}\t{state}")
    elif username:
        secret = store.issue_token(username, cli_actor(), days=days, label=label)
        click.echo(secret)
        click.echo("(shown once: store it now; only a hash is kept)", err=True)
    else:
        raise click.UsageError("give a USERNAME, --list or --revoke ID")


@click.command("consent")
@click.argument("person_id")
@click.option("--withdraw", is_flag=True, help="Withdraw consent from today on.")
@click.option("--scope", default="research", show_default=True)
@DB_OPTION
def consent(person_id, withdraw, scope, db_path):
    """Record a person's consent to research use of their records (or its withdrawal)."""
    store = open_accounts(db_path)
    if withdraw:
        done = store.consent.withdraw(person_id, cli_actor(), scope)
        click.echo(f"consent withdrawn for {person_id}" if done else f"{person_id} had no consent to withdraw")
    else:
        store.consent.give(person_id, cli_actor(), scope)
        click.echo(f"consent recorded for {person_id} ({scope})")


@click.command("audit")
@click.option("--limit", default=100, show_default=True, type=click.IntRange(1, 100000))
@click.option("--action", help="Only actions starting with this (read, role., consent., ...).")
@click.option("--subject", help="Only entries about this record, person or account.")
@DB_OPTION
def audit(limit, action, subject, db_path):
    """Read the audit log, oldest first."""
    for e in open_accounts(db_path).audit.entries(limit, action, subject):
        click.echo(f"{e.seq}\t{e.at}\t{e.actor}\t{e.action}\t{e.subject or '-'}\t{e.detail or ''}")


COMMANDS = (users, consent, audit)
