"""`practicegraph ingest` and `practicegraph template`: files in, every mistake out at once.

All the files named in one command are one load: validated together (so their order does
not matter), and either all written or, if anything is wrong, nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from practicegraph.errors import ConflictError, StoreError, ValidationFailed


@click.command("template")
@click.argument("record_type", required=False)
@click.option("--describe", is_flag=True, help="Explain each column instead of printing the header row.")
def template_cmd(record_type, describe):
    """Print an empty CSV template for RECORD_TYPE (no argument: list the templates)."""
    from practicegraph.ingest.csv_templates import CELL_FORMS, TEMPLATES, describe as describe_md

    if record_type is None:
        for t in TEMPLATES.values():
            click.echo(f"{t.name:13} {t.about}")
        return
    template = TEMPLATES.get(record_type)
    if template is None:
        from practicegraph.ingest.validate import did_you_mean

        hint = did_you_mean(record_type, TEMPLATES)
        raise click.ClickException(f"no template {record_type!r}; {hint or 'one of ' + ', '.join(TEMPLATES)}")
    if describe:
        click.echo(describe_md(template))
        click.echo("Cell forms: " + "; ".join(f"{k}: {v}" for k, v in CELL_FORMS.items()))
        return
    import csv

    csv.writer(sys.stdout, lineterminator="\n").writerow(template.headers)


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Database file (default: $PRACTICEGRAPH_DB or the user data dir).")
@click.option("--format", "fmt", type=click.Choice(["auto", "jsonl", "csv", "xapi"]), default="auto",
              show_default=True, help="auto: .csv is CSV, .json is xAPI, JSONL lines with actor and verb are xAPI.")
@click.option("--dry-run", is_flag=True, help="Validate only: write nothing, create no database.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest_cmd(paths, db_path, fmt, dry_run, quiet):
    """Load JSONL records, CSV sheets (see `template`) or xAPI statements, as one load."""
    from practicegraph.ingest.sources import Combined, load

    store, embedder = _open_for(db_path, dry_run)
    try:
        combined = Combined([load(p, fmt, known=store.record_index) for p in paths])
        ok = _run(store, embedder, combined, dry_run, quiet)
    finally:
        store.close()
    if not ok:
        sys.exit(1)


def _open_for(db_path: Path | None, dry_run: bool):
    """Store and embedder (its weights load on the first text to embed, so a load with
    mistakes or nothing new is answered at once). A dry run against a database that does
    not exist yet checks against an empty in-memory store: checking never creates one."""
    from practicegraph.bootstrap import bootstrap
    from practicegraph.config import Settings

    settings = Settings.from_env(db_path)
    if dry_run and not settings.db_path.exists():
        from practicegraph.graph.memory import InMemoryStore

        store = InMemoryStore()
        store.install()
        return store, None
    try:
        runtime = bootstrap(settings)
    except StoreError as exc:
        if "lock" in str(exc).lower():  # another process (most likely `serve`) holds it
            raise click.ClickException(
                f"{settings.db_path} is in use by another process, most likely `practicegraph serve`. "
                "Post the records to the running server instead (POST /api/v1/records, or "
                "/api/v1/xapi/statements for statements), or stop the server and run this again. "
                "(`--dry-run` checks files without the database only while it does not exist.)") from exc
        raise click.ClickException(str(exc)) from exc
    return runtime.store, None if dry_run else runtime.embedder


def _run(store, embedder, combined, dry_run: bool, quiet: bool) -> bool:
    from practicegraph.cli import _Progress
    from practicegraph.ingest.pipeline import ingest as run_ingest

    items = combined.items()
    reading = combined.reading_errors()
    label = str(combined.files[0].path) if len(combined.files) == 1 else f"{len(combined.files)} files"
    embedder = None if reading else embedder
    try:
        with _Progress(combined.files[0].path.name, quiet or dry_run or bool(reading)) as bar:
            report = run_ingest(store, embedder, items, dry_run=dry_run or bool(reading), progress=bar)
    except ValidationFailed as exc:
        return _fail(reading + _not_repeating(reading, combined.place(exc.errors)))
    except ConflictError as exc:
        placed = combined.place([_conflict_error(c) for c in exc.conflicts])
        return _fail(reading + placed, what="problem(s)")
    if reading:
        return _fail(reading)
    _summary(label, report, dry_run)
    return True


def _not_repeating(reading, placed):
    """Drop what a cell error already said: a cell that could not be read is then missing
    (and so is an id derived from it)."""
    cells = {(f.path, e.line, e.field) for f, e in reading}
    lines = {(f.path, e.line) for f, e in reading}
    return [(f, e) for f, e in placed
            if (f.path, e.line, e.field) not in cells
            and not ((f.path, e.line) in lines and e.field == "id" and e.reason.startswith("missing"))]


def _conflict_error(conflict):
    from practicegraph.errors import FieldError

    return FieldError(conflict.line, "id", f"'{conflict.id}': {conflict.reason}", conflict.id)


def _fail(placed, what: str = "error(s)") -> bool:
    placed = sorted(placed, key=lambda fe: (str(fe[0].path), fe[1].line or 0))
    for loaded, e in placed:
        click.echo(f"{loaded.path}:{e.line if e.line is not None else '-'}: {e.field}: {e.reason}", err=True)
    files = sorted({str(f.path) for f, _ in placed})
    click.echo(f"{len(placed)} {what} in {', '.join(files)}; nothing written", err=True)
    return False


_WHO = {"public": "everyone", "cluster": "their cluster's members", "org": "their school's members",
        "pair": "the people named on them", "private": "their author alone"}


def _summary(label: str, report, dry_run: bool) -> None:
    if dry_run:
        click.echo(f"{label}: {report.received} records — would write {report.written}, "
                   f"unchanged {report.unchanged} (dry run: nothing written)")
    else:
        click.echo(f"{label}: {report.received} records — written {report.written}, unchanged "
                   f"{report.unchanged}, embedded {report.embedded}, similar links {report.similar_links}")
    if report.visibility:
        # so nobody is surprised that a `pair` record does not show in public search
        parts = [f"{report.visibility[v]} to {who}" for v, who in _WHO.items() if report.visibility.get(v)]
        click.echo("  visible: " + "; ".join(parts) + " (search without signing in shows public ones only)")
