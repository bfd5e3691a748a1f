"""JSONL: one typed record per line. Blank lines and lines starting with # are skipped."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from practicegraph.errors import FieldError
from practicegraph.ingest.validate import Item


def read_jsonl(path: str | Path) -> tuple[list[Item], list[FieldError]]:
    items: list[Item] = []
    errors: list[FieldError] = []
    with open(path, encoding="utf-8", errors="strict") as fh:
        for line_no, line in _lines(fh):
            try:
                items.append(Item(json.loads(line), line_no))
            except json.JSONDecodeError as exc:
                errors.append(FieldError(line_no, "json", f"not valid JSON: {exc.msg} at column {exc.colno}"))
    return items, errors


def _lines(fh) -> Iterator[tuple[int, str]]:
    for i, line in enumerate(fh, start=1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            yield i, stripped


def write_jsonl(records, path: str | Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n")
            n += 1
    return n
