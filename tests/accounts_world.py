"""A small school world with accounts for every role, shared by the accounts tests."""

from __future__ import annotations

from practicegraph.accounts.store import AccountStore
from practicegraph.graph.memory import InMemoryStore
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.validate import Item
from tests.fakes import HashingEmbedder

TEXT = "think pair share questioning in multigrade maths"

RECORDS = [
    {"type": "organisation", "id": "s1", "name": "Hill Primary"},
    {"type": "organisation", "id": "s2", "name": "Vale Primary"},
    {"type": "cluster", "id": "k1", "name": "River cluster", "kind": "voluntary"},
    {"type": "cluster", "id": "k2", "name": "Lake cluster", "kind": "official"},
    *[{"type": "person", "id": p, "name": n} for p, n in
      [("tara", "Tara"), ("mo", "Mo"), ("ben", "Ben"), ("lee", "Lee"), ("ada", "Ada"), ("rita", "Rita"),
       ("old", "Olu")]],
    {"type": "membership", "person": "tara", "organisation": "s1", "since": "2020-01-01"},
    {"type": "membership", "person": "tara", "cluster": "k1"},
    {"type": "membership", "person": "mo", "organisation": "s1", "role": "mentor"},
    {"type": "membership", "person": "ben", "organisation": "s2"},
    {"type": "membership", "person": "lee", "cluster": "k1", "role": "cluster-leader"},
    {"type": "membership", "person": "ada", "organisation": "s2"},
    # moved from s2 to s1: sees s1 from the move on, s2 no longer
    {"type": "membership", "person": "old", "organisation": "s2", "since": "2015-01-01", "until": "2022-07-31"},
    {"type": "membership", "person": "old", "organisation": "s1", "since": "2022-09-01"},
    {"type": "practice", "id": "p-public", "title": "Think pair share", "description": TEXT,
     "visibility": "public", "subject": "maths", "developers": [{"person": "tara"}]},
    {"type": "practice", "id": "p-s2", "title": "Questioning ladders", "description": TEXT,
     "visibility": "org", "organisation": "s2", "developers": [{"person": "ben"}]},
    {"type": "practice", "id": "p-k1", "title": "Maths talk partners", "description": TEXT,
     "visibility": "cluster", "cluster": "k1", "developers": [{"person": "lee"}]},
    {"type": "practice", "id": "p-private", "title": "My questioning draft", "description": TEXT,
     "visibility": "private", "developers": [{"person": "tara"}]},
    {"type": "observation", "id": "o-pair", "observer": "mo", "observed": "tara", "date": "2025-03-01",
     "practices": ["p-public"], "focus": TEXT, "what_worked": "questioning with mini whiteboards",
     "reflection": "Tara felt nervous", "visibility": "pair"},
]

ROLES = {  # username -> (person, roles)
    "tara": ("tara", [("teacher", "organisation", "s1")]),
    "mo": ("mo", [("mentor", "organisation", "s1")]),
    "ben": ("ben", [("teacher", "organisation", "s2")]),
    "lee": ("lee", [("cluster-leader", "cluster", "k1")]),
    "ada": ("ada", [("administrator", "deployment", "*")]),
    "rita": ("rita", [("researcher", "deployment", "*")]),
    "old": ("old", [("teacher", "organisation", "s1")]),
}


def build(accounts_path) -> tuple[InMemoryStore, AccountStore, dict[str, str]]:
    """The store, the account store and a token per username."""
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(store, HashingEmbedder(), [Item(r, i) for i, r in enumerate(RECORDS)])
    from argon2 import PasswordHasher

    accounts = AccountStore(accounts_path, hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    tokens = {}
    for username, (person, roles) in ROLES.items():
        password = f"{username}-password-1" if username in ("tara", "ben") else None
        accounts.add(username, person, "test", password=password)
        for role in roles:
            accounts.grant(username, *role, "test")
        tokens[username] = accounts.issue_token(username, "test")
    return store, accounts, tokens


def importer_app(store, embedder=None, **create_kwargs):
    """The app with an account store holding one deployment administrator with no person
    (it may write any record, as the CLI's ingest does, and reads what an anonymous
    visitor reads); its test clients are signed in with that account's token."""
    import tempfile
    from pathlib import Path

    from argon2 import PasswordHasher
    from flask.testing import FlaskClient

    from practicegraph.api import create_app

    accounts = AccountStore(Path(tempfile.mkdtemp()) / "accounts.sqlite",
                            hasher=PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    accounts.add("importer", None, "test")
    accounts.grant("importer", "administrator", "deployment", "*", "test")
    token = accounts.issue_token("importer", "test")

    class SignedIn(FlaskClient):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"

    app = create_app(store=store, embedder=embedder or HashingEmbedder(), accounts=accounts, **create_kwargs)
    app.test_client_class = SignedIn
    return app


def importer_client(store, embedder=None, **create_kwargs):
    return importer_app(store, embedder, **create_kwargs).test_client()
