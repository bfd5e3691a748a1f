"""`practicegraph ingest`: every mistake in one report, in the file's own words; dry runs
write nothing and create no database."""

import json
from pathlib import Path

from click.testing import CliRunner

from practicegraph.cli import main

ROOT = Path(__file__).parents[2]
CORPUS = ROOT / "tests" / "data" / "corpus.jsonl"


def _run(*args):
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_json_syntax_errors_do_not_hide_the_other_mistakes(tmp_path):
    bad = tmp_path / "bad.jsonl"
    lines = CORPUS.read_text().splitlines()[1:6]
    lines.insert(2, json.dumps({"type": "person", "id": "t-x"}))  # line 3: no name
    lines.append('{"type": "membership", "person": "t-nobody", "organisation": "org-umlazi-primary"}')  # 7
    lines.append("{not json")  # 8
    lines.append(json.dumps({"type": "practice", "id": "p", "title": "t", "description": "d",
                             "visibilty": "public"}))  # 9
    lines.append(json.dumps({"type": "exchange", "kind": "mentoring",
                             "participants": [{"person": "t-nomsa"}, {"person": "t-sipho"}]}))  # 10
    lines.append(json.dumps({"type": "observation", "observer": "t-nomsa", "observed": "t-sipho",
                             "date": "14/03/2023"}))  # 11
    bad.write_text("\n".join(lines) + "\n")
    db = tmp_path / "g.kuzu"
    code, out, err = _run("ingest", str(bad), "--db", str(db), "--quiet")
    assert code == 1
    for expected in (f"{bad}:3: name: Field required",
                     f"{bad}:7: person: unknown person 't-nobody'",
                     f"{bad}:8: json: not valid JSON",
                     f"{bad}:9: visibilty: unknown field; did you mean visibility?",
                     f"{bad}:10: id: needed: an exchange has no natural key to derive an id from; give it an id",
                     f"{bad}:11: date: expected a date as YYYY-MM-DD, got '14/03/2023'"):
        assert expected in err, err
    assert "nothing written" in err
    assert not out


def test_dry_run_creates_no_database_and_says_what_it_would_write(tmp_path):
    db = tmp_path / "sub" / "g.kuzu"
    code, out, _ = _run("ingest", str(CORPUS), "--db", str(db), "--dry-run")
    assert code == 0
    assert "would write 22, unchanged 0" in out
    assert not db.exists() and not db.parent.exists()


def test_all_files_are_one_load_and_errors_name_their_file(tmp_path):
    sheet = tmp_path / "visits.csv"
    sheet.write_text("observer,who was visited,date,focus,subjct area\n"
                     "t-thandi,t-nomsa,2024-03-14,Hinge questions,maths\n"
                     "t-thandi,t-sipho,2024-13-01,Groups,maths\n"
                     "t-thandi,t-nobody,2024-03-15,Groups,maths\n")
    code, _, err = _run("ingest", str(CORPUS), str(sheet), "--db", str(tmp_path / "g.kuzu"), "--dry-run")
    assert code == 1
    assert f"{sheet}:1: subjct area: unknown column in the observations template; did you mean subject area?" in err
    assert f"{sheet}:3: date: expected a date as YYYY-MM-DD, got '2024-13-01'" in err
    assert f"{sheet}:4: who was visited: unknown person 't-nobody'" in err
    assert f"{sheet}:3: date: Field required" not in err and f"{sheet}:3: id" not in err  # said once
    assert "3 error(s)" in err
    assert str(CORPUS) not in err  # the corpus is fine; only the sheet is blamed


def test_csv_and_xapi_examples_dry_run_cleanly(tmp_path):
    db = tmp_path / "g.kuzu"
    code, out, err = _run("ingest", *map(str, sorted((ROOT / "examples" / "csv").glob("*.csv"))),
                          "--db", str(db), "--dry-run")
    assert code == 0, err
    assert "8 files: 30 records — would write 28" in out
    assert "visible: 5 to everyone; 3 to their cluster's members; 1 to the people named on them" in out
    code, out, err = _run("ingest", str(CORPUS), str(ROOT / "examples" / "xapi" / "statements.json"),
                          "--db", str(db), "--dry-run")
    assert code == 0, err
    assert "would write 30" in out  # the attended statement: its meeting and its register


def test_xapi_mistakes_are_said_in_statement_terms(tmp_path):
    statements = json.loads((ROOT / "examples" / "xapi" / "statements.json").read_text())
    statements[2]["context"]["extensions"]["https://practicegraph.org/xapi/extensions/mode"] = "copied"
    statements[0]["timestamp"] = "yesterday"
    path = tmp_path / "lrs.json"
    path.write_text(json.dumps(statements))
    code, _, err = _run("ingest", str(CORPUS), str(path), "--db", str(tmp_path / "g.kuzu"), "--dry-run")
    assert code == 1
    assert f"{path}:1: timestamp: expected an ISO 8601 timestamp" in err
    assert f"{path}:3: context.extensions[https://practicegraph.org/xapi/extensions/mode]: Input should be" in err


def test_template_command(tmp_path):
    code, out, _ = _run("template", "meetings")
    assert code == 0 and out == "id,cluster,date,venue,attendees,agenda\n"
    code, out, _ = _run("template", "observations", "--describe")
    assert "| what could be adapted further | `adapt_further` |" in out
    code, _, err = _run("template", "visits")
    assert code != 0
    code, out, _ = _run("template")
    assert "exchanges" in out and "meetings" in out


def test_people_named_in_statements_give_way_to_people_records_in_the_same_load(tmp_path):
    statements = json.loads((ROOT / "examples" / "xapi" / "statements.json").read_text())
    statements[0]["actor"]["name"] = "Thandi M."  # the corpus calls her Thandi Mkhize
    path = tmp_path / "lrs.json"
    path.write_text(json.dumps(statements))
    code, out, err = _run("ingest", str(CORPUS), str(path), "--db", str(tmp_path / "g.kuzu"), "--dry-run")
    assert code == 0, err
    assert "would write 30" in out
