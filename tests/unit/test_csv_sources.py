"""CSV templates: every example sheet reads into valid records that survive JSONL and CSV
round trips; every cell mistake is reported with its line and column header."""

from pathlib import Path

import pytest

from practicegraph.graph.memory import InMemoryStore
from practicegraph.ingest.csv_templates import TEMPLATES, describe
from practicegraph.ingest.csvsource import read_csv, read_csv_text, rows_for
from practicegraph.ingest.jsonl import read_jsonl, write_jsonl
from practicegraph.ingest.pipeline import ingest
from practicegraph.ingest.sources import Combined, load
from practicegraph.ingest.validate import parse_items
from tests.fakes import HashingEmbedder

EXAMPLES = Path(__file__).parents[2] / "examples" / "csv"
DOCS = Path(__file__).parents[2] / "docs" / "csv.md"


def _records(items):
    records, errors = parse_items(items)
    assert not errors, errors
    return [r for r, _ in records]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_each_template_has_an_example_that_round_trips(name, tmp_path):
    items, errors, template = read_csv(EXAMPLES / f"{name}.csv")
    assert not errors and template.name == name
    records = _records(items)
    assert len(records) >= 1 and {r.type for r in records} >= {template.record_type}
    # CSV -> records -> JSONL -> records
    path = tmp_path / "out.jsonl"
    write_jsonl(records, path)
    back, read_errors = read_jsonl(path)
    assert not read_errors and _records(back) == records
    # records -> CSV -> records
    text = "\n".join(",".join(_quote(c) for c in row) for row in rows_for(template, records))
    again, errors, _ = read_csv_text(text)
    assert not errors
    assert sorted(_records(again), key=lambda r: r.id) == sorted(records, key=lambda r: r.id)


def _quote(cell: str) -> str:
    return '"' + cell.replace('"', '""') + '"'


def test_all_examples_load_together_in_any_order():
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    store.install()
    files = sorted(EXAMPLES.glob("*.csv"), reverse=True)  # children before parents: order must not matter
    combined = Combined([load(p) for p in files])
    report = ingest(store, HashingEmbedder(), combined.items())
    assert report.written == 28 and not report.errors
    again = ingest(store, HashingEmbedder(), Combined([load(p) for p in files]).items())
    assert again.written == 0 and again.unchanged == 28


def test_cell_mistakes_are_all_reported_with_line_and_header():
    text = ("observer,who was visited,date,round,subject area,practices,visibilty\n"
            "t-a,t-b,14/03/2023,first,maths,pr-x,public\n"
            "t-a,t-c,2023-02-30,2,,,\n"
            "t-a,t-d,2023-03-01,3,,pr-y; pr-z,\n")
    items, errors, template = read_csv_text(text)
    assert template.name == "observations"
    found = {(e.line, e.field, e.reason) for e in errors}
    assert (1, "visibilty", "unknown column in the observations template; did you mean visibility?") in found
    assert (2, "date", "expected a date as YYYY-MM-DD, got '14/03/2023'") in found
    assert (2, "round", "expected a whole number, got 'first'") in found
    assert (3, "date", "expected a date as YYYY-MM-DD, got '2023-02-30'") in found
    assert [i.data["practices"] for i in items if i.line == 4] == [["pr-y", "pr-z"]]


def test_list_people_and_agenda_cells():
    items, errors, _ = read_csv_text(
        "cluster,date,attendees,agenda\n"
        "cl-1,2024-01-10,t-a; t-b,\"Fractions [content]; Venue [admin]; Tea\"\n")
    assert errors[0].field == "agenda" and "needs its tag" in errors[0].reason
    items, errors, _ = read_csv_text("id,kind,participants\nex-1,mentoring,t-a (mentor); t-b (mentee); t-c\n")
    assert not errors
    assert items[0].data["participants"] == [{"person": "t-a", "role": "mentor"},
                                             {"person": "t-b", "role": "mentee"}, {"person": "t-c", "role": "peer"}]


def test_header_problems():
    _, errors, _ = read_csv_text("colour,size\nred,big\n")
    assert errors[0].field == "header" and "match no template" in errors[0].reason
    _, errors, _ = read_csv_text("id,kind,focus\nex-1,mentoring,x\n")
    assert "fit exchanges and observations equally" in errors[0].reason
    _, errors, _ = read_csv_text("id,kind,rounds\nex-1,mentoring,2\n")  # exchanges without participants
    assert ("header", "the column 'participants' is missing") in {(e.field, e.reason) for e in errors}
    items, errors, _ = read_csv_text("Subject_Area,OBSERVER,who was visited,date\nmaths,t-a,t-b,2024-01-01\n")
    assert not errors and items[0].data["subject"] == "maths"  # case and field names are accepted


def test_semicolon_delimited_export_and_bom(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_bytes("\ufeffid;name;school\nt-a;Zoë;org-1\n".encode("utf-8"))
    items, errors, template = read_csv(path)
    assert not errors and template.name == "people"
    assert [i.data["type"] for i in items] == ["person", "membership"]


def test_docs_list_every_template_as_declared():
    text = DOCS.read_text()
    for template in TEMPLATES.values():
        assert describe(template) in text, f"docs/csv.md is out of date for {template.name}"


def test_a_misspelt_choice_is_answered_with_the_nearest_allowed_value():
    from practicegraph.ingest.validate import Item, parse_items

    _, errors = parse_items([Item({"type": "practice", "id": "p-1", "title": "Exit tickets", "description": "d",
                                   "phase": "primry", "visibility": "pubic"}, 1)])
    reasons = {e.field: e.reason for e in errors}
    assert reasons["phase"].endswith("; did you mean primary?")
    assert reasons["visibility"].endswith("; did you mean public?")
    _, errors = parse_items([Item({"type": "practice", "id": "p-1", "title": "t", "description": "d",
                                   "phase": "university"}, 1)])
    assert "did you mean" not in errors[0].reason  # nothing near: just the allowed values
