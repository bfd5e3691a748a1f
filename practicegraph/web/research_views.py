"""Research pages: a practice's diffusion and a cluster's health, drawn in the browser
from the research endpoints (/api/v1/diffusion/..., /api/v1/clusters/.../health).

Those endpoints come with the research work; until a server has them, these pages say so
instead of failing. The browser asks the API itself (same session, same viewer), so what
the pages show is exactly what the API lets this viewer see.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, url_for

from practicegraph.web import session as who

research_pages_bp = Blueprint("research_pages", __name__, template_folder="templates")

DIFFUSION_ENDPOINT = "research.practice_cascade"
HEALTH_ENDPOINT = "research.cluster_health"


def available(endpoint: str) -> bool:
    return endpoint in current_app.view_functions


@research_pages_bp.get("/practices/<practice_id>/diffusion")
@who.reading_required
def diffusion(practice_id: str):
    source = url_for(DIFFUSION_ENDPOINT, practice_id=practice_id) if available(DIFFUSION_ENDPOINT) else None
    return render_template("diffusion.html", practice_id=practice_id, source=source)


@research_pages_bp.get("/clusters/<cluster_id>")
@who.reading_required
def cluster(cluster_id: str):
    source = url_for(HEALTH_ENDPOINT, cluster_id=cluster_id) if available(HEALTH_ENDPOINT) else None
    return render_template("cluster.html", cluster_id=cluster_id, source=source)
