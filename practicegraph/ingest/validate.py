"""Validation: every bad record is reported with its line, field and reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from pydantic import ValidationError

from practicegraph import model as m
from practicegraph.errors import FieldError


@dataclass(frozen=True)
class Item:
    """One raw record and where it came from (a file line or a request index)."""

    data: object
    line: int | None


def _field(loc: Sequence) -> str:
    # pydantic puts the discriminator's value first in the location ("practice", "title")
    parts = [str(p) for p in loc]
    if parts and parts[0] in m.RECORD_TYPES:
        parts = parts[1:]
    return ".".join(parts) or "record"


def parse_items(items: Iterable[Item]) -> tuple[list[tuple[m._Record, int | None]], list[FieldError]]:
    """Validate shapes and values; drop exact repeats; flag an id repeated with other content."""
    records: list[tuple[m._Record, int | None]] = []
    errors: list[FieldError] = []
    seen: dict[str, tuple[str, int | None]] = {}
    for item in items:
        if not isinstance(item.data, dict):
            errors.append(FieldError(item.line, "record", "expected a JSON object"))
            continue
        if "type" not in item.data:
            errors.append(FieldError(item.line, "type", "missing; one of " + ", ".join(m.RECORD_TYPES)))
            continue
        try:
            rec = m.parse_record(item.data)
        except ValidationError as exc:
            rid = item.data.get("id") if isinstance(item.data.get("id"), str) else None
            for err in exc.errors(include_url=False):
                errors.append(FieldError(item.line, _field(err["loc"]), err["msg"], rid))
            continue
        h = rec.content_hash()
        if rec.id in seen:
            if seen[rec.id][0] != h:
                errors.append(FieldError(item.line, "id", f"'{rec.id}' was given with other content "
                                         f"at line {seen[rec.id][1]}", rec.id))
            continue
        seen[rec.id] = (h, item.line)
        records.append((rec, item.line))
    return records, errors


def check_references(records: Sequence[tuple[m._Record, int | None]],
                     stored: dict[str, tuple[str, str]]) -> list[FieldError]:
    """Every id a record points at must exist in the same load or in the store."""
    in_load = {rec.id: rec.type for rec, _ in records}
    errors = []
    for rec, line in records:
        for field, ref, types in m.references(rec):
            found = in_load.get(ref) or (stored[ref][0] if ref in stored else None)
            if found is None:
                errors.append(FieldError(line, field, f"unknown {' or '.join(types)} '{ref}'", rec.id))
            elif found not in types:
                errors.append(FieldError(line, field, f"'{ref}' is a {found}, expected {' or '.join(types)}", rec.id))
    return errors


def referenced_ids(records: Sequence[tuple[m._Record, int | None]]) -> set[str]:
    return {ref for rec, _ in records for _, ref, _ in m.references(rec)}
