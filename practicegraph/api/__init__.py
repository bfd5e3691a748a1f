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
               max_records_per_request: int = 5000) -> Flask:
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
    from practicegraph.api.research import research_bp

    app.register_blueprint(research_bp, url_prefix="/api/v1")
    app.config.setdefault("PRACTICEGRAPH_RESEARCH_DIR", None)  # None: $PRACTICEGRAPH_RESEARCH_DIR or data dir
    app.register_blueprint(docs_bp)
    return app


def _default_store() -> GraphStore:
    from practicegraph.config import Settings, open_store

    return open_store(Settings.from_env())


def _default_embedder() -> Embedder:
    from practicegraph.ingest.embeddings import sentence_transformer_embedder

    return sentence_transformer_embedder()
