"""Backups: a consistent snapshot of the graph store in a directory, with a manifest, and
its restore.

A backup directory holds the store's snapshot file (`GraphStore.snapshot`: taken between
writes, reads go on) and `manifest.json` (file, bytes, sha256, when). Restore checks the
manifest, opens the copy to prove it is a database of this build, and only then puts it in
place of the database, keeping the file it replaces beside it. The server holds its
database open (one read-write process), so a running server is backed up through its
admin route (api/admin.py) and must be stopped for a restore.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import datetime, timezone
from pathlib import Path

from practicegraph.errors import StoreError
from practicegraph.graph.port import GraphStore

MANIFEST = "manifest.json"


def take_backup(store: GraphStore, dest_dir: Path) -> dict:
    """Snapshot `store` into `dest_dir` (new, or empty) and write its manifest; the manifest."""
    dest_dir = Path(dest_dir)
    if dest_dir.exists() and any(dest_dir.iterdir()):
        raise StoreError(f"{dest_dir} is not empty: a backup goes into a new or empty directory")
    path = store.snapshot(dest_dir)
    manifest = {"format": 1, "file": path.name, "bytes": path.stat().st_size, "sha256": file_sha256(path),
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    (dest_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def checked_snapshot(backup_dir: Path) -> tuple[Path, dict]:
    """The snapshot file of a backup directory and its manifest, after checking its size and
    sha256 against the manifest."""
    backup_dir = Path(backup_dir)
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text())
        path = backup_dir / manifest["file"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise StoreError(f"{backup_dir} is not a practicegraph backup (no readable {MANIFEST}: {exc})") from exc
    if Path(manifest["file"]).name != manifest["file"] or not path.is_file():
        raise StoreError(f"{backup_dir}: the snapshot file {manifest['file']!r} is missing")
    if path.stat().st_size != manifest.get("bytes") or file_sha256(path) != manifest.get("sha256"):
        raise StoreError(f"{path} does not match its manifest (size or sha256): the backup is damaged")
    return path, manifest


def restore_file(snapshot: Path, db_path: Path, opens) -> Path | None:
    """Put a checked snapshot in place of the database at `db_path`.

    `opens(path)` must open a store on a file and return it (it proves the copy is a
    database of this build, and that `db_path` is not held by a running server). The
    replaced file, if any, is kept as `<db>.before-restore`; its path is returned."""
    db_path = Path(db_path)
    staged = db_path.with_name(db_path.name + ".restoring")
    _remove(staged, _wal(staged))
    shutil.copyfile(snapshot, staged)
    probe = opens(staged)
    problems = probe.problems()
    probe.close()
    if problems:
        _remove(staged, _wal(staged))
        raise StoreError(f"the backup cannot be used: {'; '.join(problems)}")
    kept = None
    if db_path.exists():
        opens(db_path).close()  # refuses while a server holds it (Kùzu's file lock)
        kept = db_path.with_name(db_path.name + ".before-restore")
        _remove(kept, _wal(kept))
        os.replace(db_path, kept)
        if _wal(db_path).exists():  # already folded in by the close above; never pair it with the copy
            os.replace(_wal(db_path), _wal(kept))
    os.replace(staged, db_path)
    _remove(_wal(staged))
    return kept


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def _remove(*paths: Path) -> None:
    for p in paths:
        if p.exists():
            p.unlink()
