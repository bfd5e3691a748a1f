"""`practicegraph backup DIR` and `practicegraph restore DIR` (see practicegraph/backup.py).

Kùzu lets one process open a database read-write. When the database is free, backup opens
it and snapshots it itself; when a server holds it, `--url` asks that server to snapshot it
(POST /api/v1/admin/backup, a deployment administrator's token in PRACTICEGRAPH_TOKEN) and
copies the result into DIR. Restore needs the database free: stop the server first.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import click

from practicegraph.backup import MANIFEST, checked_snapshot, restore_file, take_backup
from practicegraph.config import Settings
from practicegraph.errors import ConfigError, StoreError, StoreUnavailable

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         help="Database file (default: $PRACTICEGRAPH_DB or the user data dir).")
DIR_ARG = click.argument("directory", type=click.Path(file_okay=False, path_type=Path))


def _dimension() -> int:
    from practicegraph.bootstrap import default_embedder

    return default_embedder().dimension  # from the packaged model's config: no weights loaded


def _settings(db_path: Path | None) -> Settings:
    try:
        return Settings.from_env(db_path)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from exc


def _open(settings: Settings, path: Path, dimension: int):
    from practicegraph.graph.kuzu import KuzuStore

    try:
        return KuzuStore(path, dimension=dimension, buffer_pool_mb=settings.kuzu_buffer_mb)
    except StoreUnavailable as exc:
        raise click.ClickException(f"{exc}\nIs a server using it? Back up through it with --url, "
                                   "or stop it before a restore") from exc


@click.command("backup")
@DIR_ARG
@DB_OPTION
@click.option("--url", help="A running server's base URL (http://127.0.0.1:8000): it takes the snapshot.")
def backup_cmd(directory: Path, db_path: Path | None, url: str | None):
    """Write a consistent snapshot of the database into DIRECTORY (new or empty)."""
    settings = _settings(db_path)
    try:
        if url:
            manifest = _backup_through(url, directory)
        else:
            store = _open(settings, settings.db_path, _dimension())
            try:
                manifest = take_backup(store, directory)
            finally:
                store.close()
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backup in {directory}: {manifest['file']}, {manifest['bytes']:,} bytes, sha256 {manifest['sha256']}")


def _backup_through(url: str, directory: Path) -> dict:
    if directory.exists() and any(directory.iterdir()):
        raise StoreError(f"{directory} is not empty: a backup goes into a new or empty directory")
    token = os.environ.get("PRACTICEGRAPH_TOKEN")
    request = urllib.request.Request(url.rstrip("/") + "/api/v1/admin/backup", method="POST",
                                     headers={"Authorization": f"Bearer {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=600) as resp:
            made = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        raise StoreError(f"the server refused the backup ({exc.code}): {exc.read().decode(errors='replace')[:500]}") from exc
    except urllib.error.URLError as exc:
        raise StoreError(f"cannot reach {url}: {exc.reason}") from exc
    source = Path(made["path"])
    snapshot, manifest = checked_snapshot(source)  # the server's copy, on this machine
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(snapshot, directory / snapshot.name)
    shutil.copyfile(source / MANIFEST, directory / MANIFEST)
    checked_snapshot(directory)
    return manifest


@click.command("restore")
@DIR_ARG
@DB_OPTION
def restore_cmd(directory: Path, db_path: Path | None):
    """Replace the database with the backup in DIRECTORY (stop the server first); the file
    it replaces is kept as <db>.before-restore."""
    settings = _settings(db_path)
    db, dimension = settings.db_path, _dimension()
    try:
        snapshot, manifest = checked_snapshot(directory)
        kept = restore_file(snapshot, db, lambda path: _open(settings, path, dimension))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"restored {db} from the backup of {manifest['created']}"
               + (f"; the replaced database is kept as {kept}" if kept else ""))
