"""The hand-written practice library the demo corpus is built from.

Every ``*.json`` file in ``practicegraph/demo/library/`` (or in the folder named by the
``PRACTICEGRAPH_LIBRARY`` environment variable, or in the ``folder`` argument) is a JSON
array of practices, each with at least two worked adaptations. There is no built-in
fallback: a library with fewer than ``MIN_PRACTICES`` entries is an error.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from practicegraph.errors import PracticeGraphError

ENV_VAR = "PRACTICEGRAPH_LIBRARY"
MIN_PRACTICES = 20
MIN_ADAPTATIONS = 2
PHASES = ("primary", "secondary", "fe")
_PRACTICE_FIELDS = ("key", "title", "description", "subject", "phase", "context")
_ADAPTATION_FIELDS = ("title", "description", "new_context", "what_changed", "why")


class LibraryError(PracticeGraphError):
    """The practice library is missing, malformed or too small."""


@dataclass(frozen=True)
class LibraryAdaptation:
    title: str
    description: str
    new_context: str
    what_changed: str
    why: str
    subject: str | None = None


@dataclass(frozen=True)
class LibraryPractice:
    key: str
    title: str
    description: str
    subject: str
    phase: str
    context: str
    tags: tuple[str, ...]
    adaptations: tuple[LibraryAdaptation, ...]
    source_file: str = ""


def library_folder(folder: str | os.PathLike | None = None) -> Path:
    """The folder to read: the argument, else $PRACTICEGRAPH_LIBRARY, else the package's own."""
    if folder is not None:
        return Path(folder)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).parent / "library"


def _text(entry: dict, field: str, where: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise LibraryError(f"{where}: '{field}' must be a non-empty string")
    return value.strip()


def _parse(entry: object, where: str) -> LibraryPractice:
    if not isinstance(entry, dict):
        raise LibraryError(f"{where}: expected a JSON object")
    f = {name: _text(entry, name, where) for name in _PRACTICE_FIELDS}
    if f["phase"] not in PHASES:
        raise LibraryError(f"{where}: phase '{f['phase']}' is not one of {', '.join(PHASES)}")
    if any(c.isspace() for c in f["key"]):
        raise LibraryError(f"{where}: key '{f['key']}' contains whitespace")
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) and t.strip() for t in tags):
        raise LibraryError(f"{where}: 'tags' must be a list of strings")
    raw = entry.get("adaptations")
    if not isinstance(raw, list) or len(raw) < MIN_ADAPTATIONS:
        raise LibraryError(f"{where} ({f['key']}): needs at least {MIN_ADAPTATIONS} adaptations")
    adaptations = []
    for i, a in enumerate(raw):
        awhere = f"{where} ({f['key']}) adaptation {i}"
        if not isinstance(a, dict):
            raise LibraryError(f"{awhere}: expected a JSON object")
        subject = a.get("subject")
        if subject is not None and (not isinstance(subject, str) or not subject.strip()):
            raise LibraryError(f"{awhere}: 'subject' must be a non-empty string when given")
        adaptations.append(LibraryAdaptation(
            **{name: _text(a, name, awhere) for name in _ADAPTATION_FIELDS},
            subject=subject.strip().lower() if subject else None))
    return LibraryPractice(key=f["key"], title=f["title"], description=f["description"],
                           subject=f["subject"].lower(), phase=f["phase"], context=f["context"],
                           tags=tuple(t.strip() for t in tags), adaptations=tuple(adaptations),
                           source_file=where.split(" ")[0])


def load_library(folder: str | os.PathLike | None = None) -> list[LibraryPractice]:
    """Read and validate every ``*.json`` in the library folder, in file-name order."""
    path = library_folder(folder)
    if not path.is_dir():
        raise LibraryError(f"practice library folder not found: {path}")
    practices: list[LibraryPractice] = []
    seen: dict[str, str] = {}
    for file in sorted(path.glob("*.json")):
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise LibraryError(f"{file.name}: cannot read JSON ({exc})") from exc
        if not isinstance(data, list):
            raise LibraryError(f"{file.name}: expected a JSON array of practices")
        for i, entry in enumerate(data):
            p = _parse(entry, f"{file.name} #{i}")
            if p.key in seen:
                raise LibraryError(f"{file.name} #{i}: key '{p.key}' already used in {seen[p.key]}")
            seen[p.key] = file.name
            practices.append(p)
    if len(practices) < MIN_PRACTICES:
        raise LibraryError(f"the practice library in {path} has {len(practices)} practice(s); "
                           f"the demo needs at least {MIN_PRACTICES}")
    return practices
