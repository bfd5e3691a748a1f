"""JSONL reading: every line that cannot be read says where and why."""

from practicegraph.ingest.jsonl import read_jsonl, write_jsonl
from practicegraph.model import parse_record


def test_lines_comments_blank_bom_and_errors(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"type": "person", "id": "a", "name": "A"}\n'
                     b"\n# a comment\n"
                     b'{"type": "person", "id": "b", "name": "\xff"}\n'
                     b"{broken\n"
                     + b"[" * 100_000 + b"\n")
    items, errors = read_jsonl(path)
    assert [(i.line, i.data["id"]) for i in items] == [(1, "a")]
    assert [(e.line, e.field) for e in errors] == [(4, "encoding"), (5, "json"), (6, "json")]


def test_write_then_read_round_trips(tmp_path):
    records = [parse_record({"type": "person", "id": "a", "name": "Zoë"}),
               parse_record({"type": "observation", "observer": "a", "observed": "b", "date": "2024-01-01",
                             "focus": "questioning"})]
    path = tmp_path / "out.jsonl"
    assert write_jsonl(records, path) == 2
    items, errors = read_jsonl(path)
    assert not errors
    assert [parse_record(i.data) for i in items] == records
