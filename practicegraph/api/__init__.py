"""Flask app factory. The store and the embedder are injected (tests pass fakes); by
default they come from the one bootstrap, on the first request that needs them."""

from __future__ import annotations

import threading
from typing import Callable

from flask import Flask, current_app

from practicegraph.bootstrap import Runtime
from practicegraph.embeddings import Embedder
from practicegraph.graph.port import GraphStore


class Services:
    """What the blueprints need: the runtime, built on first use (opening the store takes
    a moment, and a server should start listening at once)."""

    def __init__(self, runtime_factory: Callable[[], Runtime]):
        self._runtime_factory = runtime_factory
        self._runtime: Runtime | None = None
        self._lock = threading.Lock()

    @property
    def runtime(self) -> Runtime:
        with self._lock:
            if self._runtime is None:
                self._runtime = self._runtime_factory()
            return self._runtime

    @property
    def store(self) -> GraphStore:
        return self.runtime.store

    @property
    def embedder(self) -> Embedder:
        return self.runtime.embedder


def services() -> Services:
    return current_app.extensions["practicegraph"]


def create_app(store: GraphStore | None = None, embedder: Embedder | None = None, *,
               runtime_factory: Callable[[], Runtime] | None = None,
               max_request_bytes: int = 16 * 1024 * 1024,
               max_records_per_request: int = 5000,
               accounts=None, public_read: bool | None = None) -> Flask:
    """`accounts`: an AccountStore (by default the one beside the runtime's graph);
    `public_read` lets anonymous visitors read public records (by default the runtime's
    setting, off)."""
    from practicegraph.api.errors import register_error_handlers
    from practicegraph.api.hardening import install_hardening
    from practicegraph.api.openapi import docs_bp
    from practicegraph.api.v1 import v1_bp
    from practicegraph.api.xapi import xapi_bp

    app = Flask(__name__)
    app.config.update(MAX_CONTENT_LENGTH=max_request_bytes, JSON_SORT_KEYS=False,
                      MAX_RECORDS_PER_REQUEST=max_records_per_request)
    app.json.sort_keys = False
    app.extensions["practicegraph"] = Services(runtime_factory or _injected(store, embedder))
    register_error_handlers(app)
    install_hardening(app)
    app.register_blueprint(v1_bp, url_prefix="/api/v1")
    app.register_blueprint(xapi_bp, url_prefix="/api/v1/xapi")
    from practicegraph.api.research import research_bp

    app.register_blueprint(research_bp, url_prefix="/api/v1")
    from practicegraph.api.admin import admin_bp

    app.register_blueprint(admin_bp, url_prefix="/api/v1/admin")
    app.config.setdefault("PRACTICEGRAPH_RESEARCH_DIR", None)  # None: $PRACTICEGRAPH_RESEARCH_DIR or data dir
    app.register_blueprint(docs_bp)
    _install_accounts(app, accounts, public_read)
    from practicegraph.web import register_web

    register_web(app)  # the web app's pages (practicegraph/web)
    return app


def _install_accounts(app: Flask, accounts, public_read: bool | None) -> None:
    from practicegraph.api import auth, trust

    auth.install(app, accounts, public_read)
    trust.install_hooks(app)


def _injected(store: GraphStore | None, embedder: Embedder | None) -> Callable[[], Runtime]:
    def build() -> Runtime:
        from practicegraph.bootstrap import bootstrap

        return bootstrap(embedder=embedder, store=store)

    return build
