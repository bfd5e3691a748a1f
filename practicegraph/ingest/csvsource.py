"""CSV: rows of a template (csv_templates.py) -> raw records, and records -> rows.

Cells are parsed into the form their column declares; a cell that cannot be parsed is
reported with its line and column header and left out, so the row's other mistakes are
still found by validation. The header row tells which template a file follows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path
from typing import Iterable

from practicegraph.errors import FieldError
from practicegraph.ingest.csv_templates import TEMPLATES, Column, Template
from practicegraph.ingest.validate import Item, did_you_mean

_ROLE = re.compile(r"^(?P<id>[^()]+?)\s*(?:\((?P<role>[^()]*)\))?$")
_TAGGED = re.compile(r"^(?P<text>.*?)\s*\[(?P<tag>[^\[\]]*)\]$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class CellError(ValueError):
    pass


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def parse_cell(column: Column, cell: str):
    """The value of one non-empty cell in its column's form (raises CellError)."""
    if column.form == "text":
        return cell
    if column.form == "number":
        if not re.fullmatch(r"[+-]?\d+", cell):
            raise CellError(f"expected a whole number, got {cell!r}")
        return int(cell)
    if column.form == "date":
        try:
            if not _DATE.match(cell):
                raise ValueError
            return dt.date.fromisoformat(cell).isoformat()
        except ValueError:
            raise CellError(f"expected a date as YYYY-MM-DD, got {cell!r}") from None
    if column.form == "list":
        return _split(cell)
    if column.form == "people":
        return [_person_role(part, column) for part in _split(cell)]
    if column.form == "agenda":
        return [_agenda_item(part) for part in _split(cell)]
    raise AssertionError(f"unknown cell form {column.form}")


def _person_role(part: str, column: Column) -> dict:
    found = _ROLE.match(part)
    if not found:
        raise CellError(f"expected 'person-id' or 'person-id (role)', got {part!r}")
    return {"person": found["id"], "role": (found["role"] or "").strip() or column.default_role}


def _agenda_item(part: str) -> dict:
    found = _TAGGED.match(part)
    if not found or not found["text"]:
        raise CellError(f"agenda item {part!r} needs its tag: write 'text [content]' or 'text [admin]'")
    return {"text": found["text"], "tag": found["tag"].strip()}


def _norm(header: str) -> str:
    return " ".join(header.replace("_", " ").lower().split())


def _column_lookup(template: Template) -> dict[str, Column]:
    # a header matches case-insensitively, by its plain words or by the record field name
    lookup = {_norm(c.field): c for c in template.columns}
    lookup.update({_norm(c.header): c for c in template.columns})
    return lookup


def detect_template(header: list[str]) -> tuple[Template | None, list[str]]:
    """The template whose headers the file's header row matches best (at least half), or
    None and the templates it could be."""
    names = {_norm(h) for h in header if h.strip()}
    scored = sorted(((len(names & set(_column_lookup(t))), t.name) for t in TEMPLATES.values()), reverse=True)
    best = scored[0][0]
    tied = [name for score, name in scored if score == best and best]
    if not names or best * 2 < len(names) or len(tied) > 1:
        return None, tied
    return TEMPLATES[tied[0]], tied


def read_csv(path: str | Path, template: str | None = None) -> tuple[list[Item], list[FieldError], Template | None]:
    """Items (one or more records per row) and every cell or header problem found."""
    text, errors = _decode(Path(path))
    if text is None:
        return [], errors, None
    return read_csv_text(text, template)


def _decode(path: Path) -> tuple[str | None, list[FieldError]]:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [FieldError(line, "encoding", "not UTF-8: save the sheet as 'CSV UTF-8'")]


def read_csv_text(text: str, template: str | None = None) -> tuple[list[Item], list[FieldError], Template | None]:
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    header = next(reader, None)
    if not header:
        return [], [FieldError(1, "header", "the file is empty: the first row must be the column headers")], None
    chosen, candidates = (TEMPLATES.get(template), []) if template else detect_template(header)
    if chosen is None:
        which = (f"fit {' and '.join(sorted(candidates))} equally" if len(candidates) > 1
                 else "match no template")
        return [], [FieldError(1, "header", f"these columns {which}: use the header row printed by "
                               "`practicegraph template TYPE` (types: " + ", ".join(TEMPLATES) + ")")], None
    columns, errors = _header_columns(header, chosen)
    if any(e.field == "header" for e in errors):
        return [], errors, chosen
    items: list[Item] = []
    line = reader.line_num + 1
    for row in reader:
        row_errors: list[FieldError] = []
        values = _row_values(row, columns, line, row_errors)
        if values is not None:
            items += [Item(rec, line) for rec in chosen.records(values)]
        errors += row_errors
        line = reader.line_num + 1
    return items, errors, chosen


def _header_columns(header: list[str], template: Template) -> tuple[list[Column | None], list[FieldError]]:
    lookup = _column_lookup(template)
    columns: list[Column | None] = []
    errors: list[FieldError] = []
    for name in header:
        column = lookup.get(_norm(name))
        if column is None and name.strip():
            hint = did_you_mean(_norm(name), [c.header for c in template.columns])
            errors.append(FieldError(1, name.strip(), f"unknown column in the {template.name} template"
                                     + (f"; {hint}" if hint else "; its cells are not read")))
        columns.append(column)
    present = {c.header for c in columns if c is not None}
    for c in template.columns:
        if c.required and c.header not in present and not (c.field == "id" and template.record_type in
                                                             ("adaptation", "observation", "meeting")):
            errors.append(FieldError(1, "header", f"the column '{c.header}' is missing"))
    return columns, errors


def _row_values(row: list[str], columns: list[Column | None], line: int, errors: list[FieldError]) -> dict | None:
    if not any(cell.strip() for cell in row):
        return None  # a blank row in the sheet
    if len(row) > len(columns) and any(cell.strip() for cell in row[len(columns):]):
        errors.append(FieldError(line, "row", f"{len(row)} cells but {len(columns)} columns in the header"))
    values: dict = {}
    for column, cell in zip(columns, row):
        cell = cell.strip()
        if column is None or not cell:
            continue
        try:
            values[column.field] = parse_cell(column, cell)
        except CellError as exc:
            errors.append(FieldError(line, column.header, str(exc)))
    return values


def field_to_header(template: Template, field: str) -> str:
    """A record field path (`developers.0.person`) in the template's words (`developers`)."""
    head = field.split(".", 1)[0]
    if template.name == "people" and head == "person":
        return "id"
    for c in template.columns:
        if c.field == head:
            return c.header
    return field


# writing ------------------------------------------------------------------------------

def format_cell(column: Column, value) -> str:
    if value is None or value == () or value == []:
        return ""
    if column.form in ("text", "number", "date"):
        return str(value)
    if column.form == "list":
        return "; ".join(_no_semicolon(str(v)) for v in value)
    if column.form == "people":
        return "; ".join(v["person"] if v.get("role") == column.default_role else f"{v['person']} ({v['role']})"
                         for v in value)
    if column.form == "agenda":
        return "; ".join(f"{_no_semicolon(v['text'])} [{v['tag']}]" for v in value)
    raise AssertionError(column.form)


def _no_semicolon(text: str) -> str:
    if ";" in text:
        raise ValueError(f"{text!r} contains ';', which separates list items in a cell")
    return text


def rows_for(template: Template, records: Iterable) -> list[list[str]]:
    """Rows (header first) that read back as the same records, as far as the template can say."""
    dumped = [r.model_dump(mode="json", exclude_none=True) for r in records]
    if template.name == "people":
        dumped = _people_dumps(dumped)
    elif template.name == "practices":
        dumped = [_practice_dump(d) for d in dumped]
    rows = [template.headers]
    for data in dumped:
        if data.get("type", template.record_type) != template.record_type:
            continue
        rows.append([format_cell(c, data.get(c.field)) for c in template.columns])
    return rows


def _people_dumps(dumped: list[dict]) -> list[dict]:
    people = {d["id"]: d for d in dumped if d["type"] == "person"}
    rows, covered = [], set()
    for d in dumped:
        if d["type"] == "membership" and d["person"] in people:
            covered.add(d["person"])
            rows.append({**people[d["person"]], **{k: v for k, v in d.items() if k not in ("type", "id", "person")}})
    rows += [p for pid, p in people.items() if pid not in covered]
    return rows


def _practice_dump(d: dict) -> dict:
    devs = d.get("developers", [])
    dates = {dev.get("date") for dev in devs}
    out = {**d, "revised_after": [r["practice"] for r in d.get("revised_after", [])]}
    if len(dates) == 1:
        out["developed_on"] = dates.pop()
    return out


def write_csv(template: Template, records: Iterable, path: str | Path) -> int:
    rows = rows_for(template, records)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return len(rows) - 1
