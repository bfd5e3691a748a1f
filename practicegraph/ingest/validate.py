"""Validation: every bad record is reported with its line, field and reason."""

from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass
from typing import Iterable, Sequence

from pydantic import BaseModel, ValidationError

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


def record_classes() -> dict[str, type[m._Record]]:
    """Record type name -> its pydantic class."""
    return m.RECORD_CLASS_BY_TYPE


def _nested_model(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if (found := _nested_model(arg)) is not None:
            return found
    return None


def known_fields(record_type: str, path: Sequence = ()) -> list[str]:
    """The field names allowed at `path` inside a record of `record_type`."""
    model: type[BaseModel] | None = record_classes().get(record_type)
    for part in path:
        if model is None:
            return []
        if isinstance(part, str) and part in model.model_fields:
            model = _nested_model(model.model_fields[part].annotation)
    return list(model.model_fields) if model is not None else []


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' did you mean X?' for the nearest choice, or '' when nothing is near."""
    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {near[0]}?" if near else ""


def _key_hint(record_type: str) -> str:
    cls = record_classes().get(record_type)
    key = cls.natural_key if cls is not None else ()
    if record_type == "membership":
        key = ("person",)
    if key:
        return f"missing: give an id, or {', '.join(key)} to derive one"
    article = "an" if record_type[:1] in "aeiou" else "a"
    return f"needed: {article} {record_type} has no natural key to derive an id from; give it an id"


def explain(err: dict, record_type: str) -> tuple[str, str]:
    """(field, reason) for one pydantic error, in words a person can act on."""
    field = _field(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        name = str(err["loc"][-1])
        parent = [p for p in err["loc"][1:-1]]
        hint = did_you_mean(name, known_fields(record_type, parent))
        return field, f"unknown field; {hint}" if hint else "unknown field"
    if kind == "union_tag_invalid":
        hint = did_you_mean(record_type, m.RECORD_TYPES)
        return "type", f"unknown record type {record_type!r}; " + (hint or "one of " + ", ".join(m.RECORD_TYPES))
    if kind == "missing" and field == "id":
        return field, _key_hint(record_type)
    if kind.startswith("date") and kind != "date_future":
        got = err.get("input")
        return field, f"expected a date as YYYY-MM-DD, got {got!r}"
    if kind in ("enum", "literal_error") and isinstance(err.get("input"), str):
        hint = did_you_mean(err["input"], _allowed_values(err))
        return field, f"{err['msg']}; {hint}" if hint else err["msg"]
    return field, err["msg"]


def _allowed_values(err: dict) -> list[str]:
    """The values an enum or literal field takes, from pydantic's own error context."""
    expected = (err.get("ctx") or {}).get("expected", "")
    return re.findall(r"'([^']*)'", expected)


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
                errors.append(FieldError(item.line, *explain(err, str(item.data["type"])), rid))
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
