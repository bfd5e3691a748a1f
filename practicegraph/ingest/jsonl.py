"""JSONL: one typed record per line. Blank lines and lines starting with # are skipped."""

from __future__ import annotations

import json
from pathlib import Path
from practicegraph.errors import DuplicateKey, FieldError, strict_json_loads
from practicegraph.ingest.validate import Item


def read_jsonl(path: str | Path) -> tuple[list[Item], list[FieldError]]:
    items: list[Item] = []
    errors: list[FieldError] = []
    with open(path, "rb") as fh:
        for line_no, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8-sig" if line_no == 1 else "utf-8").strip()
            except UnicodeDecodeError as exc:
                errors.append(FieldError(line_no, "encoding", f"not UTF-8 (byte {exc.start + 1})"))
                continue
            if not line or line.startswith("#"):
                continue
            try:
                items.append(Item(strict_json_loads(line), line_no))
            except DuplicateKey as exc:
                errors.append(FieldError(line_no, exc.key, "given twice in one object; give it once"))
            except json.JSONDecodeError as exc:
                errors.append(FieldError(line_no, "json", f"not valid JSON: {exc.msg} at column {exc.colno}"))
            except RecursionError:
                errors.append(FieldError(line_no, "json", "nested too deeply"))
    return items, errors


def write_jsonl(records, path: str | Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n")
            n += 1
    return n
