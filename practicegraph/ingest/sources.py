"""Every file format in one place: JSONL records, CSV templates, xAPI statements.

`load(path, fmt)` turns a file into raw `Item`s for the pipeline plus every problem found
while reading it, and knows how to say a record field in the file's own words (a CSV
column header, a statement path), so one report can list every mistake at once.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from practicegraph.errors import FieldError
from practicegraph.ingest.validate import Item

FORMATS = ("auto", "jsonl", "csv", "xapi")
KnownIds = Callable[[Sequence[str]], dict]  # the store's record_index


@dataclass
class Loaded:
    """What one file gave: items for the pipeline, reading errors, and its own words."""

    path: Path
    format: str
    items: list[Item] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    words: Callable[[str], str] = lambda f: f  # record field -> the file's name for it
    # ids of records made up from what the file mentions (people from xAPI agents' names):
    # a record with the same id given outright in the same load takes their place
    derived: set[str] = field(default_factory=set)

    def explain(self, errors: Iterable[FieldError]) -> list[FieldError]:
        return [FieldError(e.line, self.words(e.field), e.reason, e.id) for e in errors]


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix == ".json":
        return "xapi"
    with open(path, "rb") as fh:
        for raw in fh:
            line = raw.decode("utf-8-sig", "replace").strip()
            if not line or line.startswith("#"):
                continue
            try:
                first = json.loads(line)
            except ValueError:
                return "jsonl"
            return "xapi" if isinstance(first, dict) and "verb" in first and "actor" in first else "jsonl"
    return "jsonl"


def load(path: str | Path, fmt: str = "auto", known: KnownIds | None = None) -> Loaded:
    """Read one file. `known` looks ids up in the store (xAPI creates people it has not seen)."""
    path = Path(path)
    fmt = detect_format(path) if fmt == "auto" else fmt
    if fmt == "jsonl":
        from practicegraph.ingest.jsonl import read_jsonl

        items, errors = read_jsonl(path)
        return Loaded(path, fmt, items, errors)
    if fmt == "csv":
        from practicegraph.ingest.csvsource import field_to_header, read_csv

        items, errors, template = read_csv(path)
        words = (lambda f: field_to_header(template, f)) if template else (lambda f: f)
        return Loaded(path, f"csv ({template.name})" if template else fmt, items, errors, words)
    if fmt == "xapi":
        from practicegraph.ingest.xapi.mapping import statement_path, statements_to_items
        from practicegraph.ingest.xapi.reader import read_statements

        statements, errors = read_statements(path)
        items, mapping_errors = statements_to_items(statements, known)
        people = {i.data["id"] for i in items if i.data.get("type") == "person"}
        return Loaded(path, fmt, items, errors + mapping_errors, statement_path, people)
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _id(item: Item):
    return item.data.get("id") if isinstance(item.data, dict) else None


@dataclass
class Combined:
    """Several files as one load: items renumbered into one sequence, errors mapped back."""

    files: list[Loaded]
    starts: list[int] = field(default_factory=list)

    def items(self) -> list[Item]:
        given = {_id(i) for f in self.files for i in f.items if _id(i) not in f.derived}
        out: list[Item] = []
        self.starts = []
        base = 0
        for loaded in self.files:
            self.starts.append(base)
            out += [Item(i.data, base + (i.line or 0)) for i in loaded.items
                    if not (_id(i) in loaded.derived and _id(i) in given)]
            base += max((i.line or 0 for i in loaded.items), default=0) + 1
        return out

    def locate(self, line: int | None) -> tuple[Loaded, int | None]:
        """The file and its own line for a line of the combined sequence."""
        if line is None or not self.starts:
            return self.files[0], line
        k = bisect.bisect_right(self.starts, line) - 1
        return self.files[k], line - self.starts[k]

    def reading_errors(self) -> list[tuple[Loaded, FieldError]]:
        return [(f, e) for f in self.files for e in f.errors]

    def place(self, errors: Iterable[FieldError]) -> list[tuple[Loaded, FieldError]]:
        """Pipeline errors (combined lines) as (file, error in the file's words and lines)."""
        out = []
        for e in errors:
            loaded, line = self.locate(e.line)
            out.append((loaded, FieldError(line, loaded.words(e.field), e.reason, e.id)))
        return out
