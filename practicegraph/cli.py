"""`practicegraph`: demo, serve, ingest, init-schema, experts, lineage, bench."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from practicegraph.config import Settings, default_data_dir, open_store
from practicegraph.errors import ConflictError, PracticeGraphError, StoreError, ValidationFailed

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         help="Database file (default: $PRACTICEGRAPH_DB or the user data dir).")


def _open(db_path: Path | None):
    try:
        return open_store(Settings.from_env(db_path))
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def _embedder():
    from practicegraph.ingest.embeddings import sentence_transformer_embedder

    return sentence_transformer_embedder()


@click.group()
@click.version_option(package_name="practicegraph")
def main() -> None:
    """A knowledge graph for sharing and tracing teaching practice."""


@main.command("init-schema")
@DB_OPTION
def init_schema(db_path):
    """Create the database and its schema (idempotent)."""
    store = _open(db_path)
    click.echo(f"schema ready at {store.path}")
    store.close()


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB_OPTION
@click.option("--dry-run", is_flag=True, help="Validate only; write nothing.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths, db_path, dry_run, quiet):
    """Load JSONL files (one typed record per line). All or nothing per file."""
    from practicegraph.ingest.jsonl import read_jsonl
    from practicegraph.ingest.pipeline import ingest as run_ingest

    store = _open(db_path)
    embedder = None if dry_run else _embedder()
    failed = False
    for path in paths:
        items, errors = read_jsonl(path)
        if errors:
            _report_errors(path, errors)
            failed = True
            continue
        try:
            with _Progress(path.name, quiet) as bar:
                report = run_ingest(store, embedder, items, dry_run=dry_run, progress=bar)
        except ValidationFailed as exc:
            _report_errors(path, exc.errors)
            failed = True
            continue
        except ConflictError as exc:
            for c in exc.conflicts:
                click.echo(f"{path}:{c.line}: id '{c.id}': {c.reason}", err=True)
            click.echo(f"{path}: {len(exc.conflicts)} conflict(s); nothing written from this file", err=True)
            failed = True
            continue
        verb = "would write" if dry_run else "written"
        click.echo(f"{path}: {report.received} records — {verb} {report.written}, unchanged "
                   f"{report.unchanged}, embedded {report.embedded}, similar links {report.similar_links}")
    store.close()
    if failed:
        sys.exit(1)


def _report_errors(path, errors) -> None:
    for e in errors:
        click.echo(f"{path}:{e.line}: {e.field}: {e.reason}", err=True)
    click.echo(f"{path}: {len(errors)} error(s); nothing written from this file", err=True)


class _Progress:
    """A tqdm bar driven by ingest's progress(advance, total=None) calls."""

    def __init__(self, label: str, quiet: bool):
        from tqdm import tqdm

        self._bar = tqdm(desc=label, unit="step", disable=quiet, file=sys.stderr)

    def __call__(self, advance: int, total: int | None = None) -> None:
        if total is not None:
            self._bar.total = total
            self._bar.refresh()
        self._bar.update(advance)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._bar.close()



@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int)
def serve(db_path, host, port, threads):
    """Serve the API with waitress (one process, threads: Kùzu allows one writer process)."""
    _serve(_open(db_path), None, host, port, threads, Settings.from_env(db_path))


def _serve(store, embedder, host: str, port: int, threads: int, settings: Settings,
           public_read: bool | None = None) -> None:
    from waitress import serve as waitress_serve

    from practicegraph.accounts.store import AccountStore
    from practicegraph.api import create_app

    app = create_app(store=store, embedder=embedder or _embedder(),
                     accounts_factory=lambda: AccountStore(settings.accounts_file),
                     public_read=settings.public_read if public_read is None else public_read)
    click.echo(f"serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
    waitress_serve(app, host=host, port=port, threads=threads, ident="practicegraph")


EXAMPLES = ("group work in large multigrade classes", "formative questioning in physics",
            "embedding maths in vocational courses")


@main.command()
@click.option("--size", type=click.Choice(["small", "medium", "large"]), default="small", show_default=True)
@click.option("--seed", default=7, show_default=True, type=int)
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load the corpus and print the examples, then exit.")
def demo(size, seed, db_path, host, port, no_serve):
    """Load the realistic demo corpus into its own database and serve it."""
    import time

    from practicegraph.demo.generator import generate
    from practicegraph.ingest.pipeline import ingest as run_ingest
    from practicegraph.ingest.validate import Item

    db_path = db_path or default_data_dir() / f"demo-{size}-{seed}.kuzu"
    store = _open(db_path)
    started = time.perf_counter()
    records = generate(size, seed)
    embedder = _embedder()
    items = [Item(r.model_dump(mode="json", exclude_none=True), i + 1) for i, r in enumerate(records)]
    try:
        with _Progress(f"demo {size}", False) as bar:
            report = run_ingest(store, embedder, items, progress=bar)
    except ConflictError as exc:
        store.close()
        raise click.ClickException(
            f"{db_path} holds a demo corpus made by another version ({len(exc.conflicts)} records differ); "
            "delete that file or pass another --db") from exc
    click.echo(f"demo corpus ({size}, seed {seed}) in {db_path}: {report.written} written, "
               f"{report.unchanged} unchanged, {time.perf_counter() - started:.1f} s")
    sample = _sample_practice(store)
    _demo_accounts(store, embedder, records, db_path)
    base = f"http://{host}:{port}"
    click.echo("\nTry:")
    for q in EXAMPLES[:2]:
        click.echo(f"  curl -s '{base}/api/v1/experts?q={q.replace(' ', '+')}&limit=5'")
    if sample:
        click.echo(f"  curl -s '{base}/api/v1/practices/{sample}/lineage?direction=both&depth=4'")
    click.echo(f"  open {base}/docs for the interactive API docs\n")
    if no_serve:
        store.close()
        return
    _serve(store, embedder, host, port, 8, Settings.from_env(db_path), public_read=True)


def _demo_accounts(store, embedder, records, db_path) -> None:
    from practicegraph.accounts.store import AccountStore
    from practicegraph.demo.accounts import create_demo_accounts

    accounts = AccountStore(Settings.from_env(db_path).accounts_file)
    create_demo_accounts(store, embedder, accounts, records, EXAMPLES[0], click.echo)


def _sample_practice(store) -> str | None:
    """A public practice with the longest visible adaptation chain below it, to show."""
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.queries.lineage import lineage

    viewer = Viewer.anonymous()
    best, best_size = None, 0
    for hit in store.fulltext("Practice", "group work questioning feedback reading", 40, SearchFilters(), viewer):
        size = len(lineage(store, hit.id, direction="descendants", depth=4, viewer=viewer).nodes)
        if size > best_size:
            best, best_size = hit.id, size
    return best


@main.command()
@click.argument("question")
@DB_OPTION
@click.option("--subject")
@click.option("--phase")
@click.option("--cluster")
@click.option("--organisation")
@click.option("--region")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50))
def experts(question, db_path, subject, phase, cluster, organisation, region, limit):
    """Who has developed practice in QUESTION? (as the anonymous viewer)"""
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.queries.expertise import find_experts

    store = _open(db_path)
    found = find_experts(store, _embedder(), question, viewer=Viewer.anonymous(), limit=limit,
                         filters=SearchFilters(subject, phase, organisation, cluster, region))
    for rank, e in enumerate(found, 1):
        where = ", ".join(o["name"] for o in e.organisations) or "—"
        click.echo(f"{rank}. {e.name} ({where})  score {e.score:.3f}")
        for ev in e.evidence[:3]:
            click.echo(f"     - {ev.as_dict()['why']}")
    if not found:
        click.echo("nobody yet: no visible evidence matches that question")
    store.close()


@main.command("lineage")
@click.argument("practice_id")
@DB_OPTION
@click.option("--direction", type=click.Choice(["ancestors", "descendants", "both"]), default="both")
@click.option("--depth", default=3, type=click.IntRange(1, 10))
def lineage_cmd(practice_id, db_path, direction, depth):
    """Print a practice's adaptation lineage as JSON."""
    from practicegraph.graph.types import Viewer
    from practicegraph.queries.lineage import lineage

    store = _open(db_path)
    try:
        result = lineage(store, practice_id, direction=direction, depth=depth, viewer=Viewer.anonymous())
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(result.as_dict(), indent=2, default=str))
    store.close()


@main.command()
@click.option("--size", type=click.Choice(["small", "medium", "large"]), default="small", show_default=True)
@click.option("--queries", default=30, show_default=True, type=int)
def bench(size, queries):
    """Ingest and query benchmark on the demo corpus (prints figures; see BENCHMARKS.md)."""
    from practicegraph.benchmark import run

    run(size=size, n_queries=queries, echo=click.echo)


def _register_account_commands() -> None:
    from practicegraph.accounts.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_account_commands()

if __name__ == "__main__":
    main()
