"""/api/v1/admin: operations on a running server (its process holds the database open, so
the CLI cannot open it: `practicegraph backup DIR --url URL` comes here).

Only a deployment administrator may call these routes.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

from flask import Blueprint
from pydantic import BaseModel

from practicegraph.api import services
from practicegraph.api.auth import Forbidden, current_identity
from practicegraph.api.responses import ErrorEnvelope
from practicegraph.api.routing import api_route
from practicegraph.backup import take_backup

admin_bp = Blueprint("admin", __name__)


class BackupResponse(BaseModel):
    """Where the server wrote the backup, and how to check it."""

    path: str
    file: str
    bytes: int
    sha256: str
    created: str


def backup_root() -> Path:
    """$PRACTICEGRAPH_BACKUP_DIR, or `<database>.backups` beside the database file. The
    server chooses the directory: a client never names a path on the server."""
    configured = os.environ.get("PRACTICEGRAPH_BACKUP_DIR")
    db_path = services().runtime.settings.db_path
    return Path(configured) if configured else db_path.with_name(db_path.name + ".backups")


@api_route(admin_bp, "POST", "/backup",
           summary="Take a consistent backup of the graph while serving (deployment administrators)",
           responses={201: (BackupResponse, "Written into a new directory under the server's backup root"),
                      401: (ErrorEnvelope, "Sign in first"),
                      403: (ErrorEnvelope, "Needs a deployment administrator")})
def backup() -> tuple[BackupResponse, int]:
    identity = current_identity()
    if identity is None or not identity.role_in("administrator", "deployment", "*"):
        raise Forbidden("backups need a deployment administrator")
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_root() / f"backup-{stamp}"
    manifest = take_backup(services().store, target)
    return BackupResponse(path=str(target), **{k: manifest[k] for k in ("file", "bytes", "sha256", "created")}), 201
