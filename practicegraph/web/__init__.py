"""The web app teachers, mentors and researchers use: find a peer, record a visit (also
with no signal), trace how a practice travelled.

Pages are rendered on the server from the same queries and response models as /api/v1,
with the same viewer; scripts and styles are files built from web/frontend (npm, esbuild)
into web/static, served from the package (the CSP allows no inline script or style).
"""

from __future__ import annotations

from flask import Flask


def register_web(app: Flask) -> None:
    from practicegraph.web.pages import pages_bp
    from practicegraph.web.record_views import records_bp
    from practicegraph.web.research_views import research_pages_bp
    from practicegraph.web.sharing_views import sharing_pages_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(records_bp)
    app.register_blueprint(research_pages_bp)
    app.register_blueprint(sharing_pages_bp)
