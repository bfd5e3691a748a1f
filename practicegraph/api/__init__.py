"""Flask app factory. The store and the embedder are injected, so tests can pass fakes."""

from __future__ import annotations

import threading
from typing import Callable

from flask import Flask, current_app

from practicegraph.graph.port import GraphStore
from practicegraph.ingest.embeddings import Embedder


class Services:
    """What the blueprints need, built on first use (the model takes seconds to load)."""

    def __init__(self, store_factory: Callable[[], GraphStore],
                 embedder_factory: Callable[[], Embedder]):
        self._store_factory, self._embedder_factory = store_factory, embedder_factory
        self._store: GraphStore | None = None
        self._embedder: Embedder | None = None
        self._lock = threading.Lock()

    @property
    def store(self) -> GraphStore:
        with self._lock:
            if self._store is None:
                self._store = self._store_factory()
            return self._store

    @property
    def embedder(self) -> Embedder:
        with self._lock:
            if self._embedder is None:
                self._embedder = self._embedder_factory()
            return self._embedder


def services() -> Services:
    return current_app.extensions["practicegraph"]


def create_app(store: GraphStore | None = None, embedder: Embedder | None = None, *,
               store_factory: Callable[[], GraphStore] | None = None,
               embedder_factory: Callable[[], Embedder] | None = None,
               max_request_bytes: int = 16 * 1024 * 1024,
               max_records_per_request: int = 5000,
               accounts=None, accounts_factory=None, public_read: bool | None = None) -> Flask:
    """`accounts` (an AccountStore) or `accounts_factory`; by default the account store
    beside the configured graph. `public_read` (default: the setting, off) lets anonymous
    visitors read public records."""
    from practicegraph.api.errors import register_error_handlers
    from practicegraph.api.openapi import docs_bp
    from practicegraph.api.v1 import v1_bp

    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=max_request_bytes, JSON_SORT_KEYS=False,
                      MAX_RECORDS_PER_REQUEST=max_records_per_request)
    app.json.sort_keys = False
    app.extensions["practicegraph"] = Services(
        (lambda: store) if store is not None else store_factory or _default_store,
        (lambda: embedder) if embedder is not None else embedder_factory or _default_embedder)
    register_error_handlers(app)
    app.register_blueprint(v1_bp, url_prefix="/api/v1")
    app.register_blueprint(docs_bp)
    _install_accounts(app, accounts, accounts_factory, public_read)
    return app


def _install_accounts(app: Flask, accounts, accounts_factory, public_read: bool | None) -> None:
    from practicegraph.accounts import present, web
    from practicegraph.config import Settings

    if accounts is not None:
        accounts_factory = lambda: accounts  # noqa: E731
    if accounts_factory is None or public_read is None:
        settings = Settings.from_env()
        public_read = settings.public_read if public_read is None else public_read
        if accounts_factory is None:
            from practicegraph.accounts.store import AccountStore

            accounts_factory = lambda: AccountStore(settings.accounts_file)  # noqa: E731
    web.install(app, accounts_factory, public_read)
    present.install_hooks(app)


def _default_store() -> GraphStore:
    from practicegraph.config import Settings, open_store

    return open_store(Settings.from_env())


def _default_embedder() -> Embedder:
    from practicegraph.ingest.embeddings import sentence_transformer_embedder

    return sentence_transformer_embedder()
