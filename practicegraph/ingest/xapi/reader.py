"""Statements from a file: a JSON array, one statement, or one statement per line (JSONL)."""

from __future__ import annotations

from pathlib import Path

from practicegraph.errors import FieldError, strict_json_loads
from practicegraph.ingest.jsonl import read_jsonl

Numbered = list[tuple[int, object]]  # (line or 1-based position, statement)


def read_statements(path: str | Path) -> tuple[Numbered, list[FieldError]]:
    """Statements with where they came from; a JSON array numbers them 1, 2, … in order."""
    path = Path(path)
    head = path.read_bytes()[:4096].decode("utf-8-sig", "replace").lstrip()
    if head.startswith("["):
        try:
            body = strict_json_loads(path.read_bytes().decode("utf-8-sig"))
        except (ValueError, RecursionError) as exc:  # DuplicateKey is a ValueError too
            where = getattr(exc, "lineno", None)
            return [], [FieldError(where, "json", f"not valid JSON: {getattr(exc, 'msg', exc)}")]
        return statements_from_body(body)
    items, errors = read_jsonl(path)
    return [(i.line or 0, i.data) for i in items], errors


def statements_from_body(body, start: int = 1) -> tuple[Numbered, list[FieldError]]:
    """A request body or a parsed file: one statement object or an array of them, numbered
    from `start` (1 for files, 0 for request indexes)."""
    if isinstance(body, dict):
        return [(start, body)], []
    if isinstance(body, list):
        return list(enumerate(body, start=start)), []
    return [], [FieldError(None, "statement", "expected a statement object or an array of statements")]
