"""`practicegraph`: demo, serve, ingest, template, init-schema, experts, lineage, bench, migrate."""

from __future__ import annotations

import json
from dataclasses import replace
import sys
from pathlib import Path

import click

from practicegraph.bootstrap import Runtime, bootstrap
from practicegraph.cli_backup import backup_cmd, restore_cmd
from practicegraph.cli_ingest import ingest_cmd, template_cmd
from practicegraph.cli_migrate import migrate_cmd
from practicegraph.config import BUFFER_ENV, Settings, default_data_dir
from practicegraph.errors import ConfigError, ConflictError, PracticeGraphError, StoreError

DB_OPTION = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path),
                         help="Database file (default: $PRACTICEGRAPH_DB or the user data dir).")


def _runtime(db_path: Path | None) -> Runtime:
    """Store and embedder for a command (the model's weights load on first use)."""
    try:
        return bootstrap(Settings.from_env(db_path))
    except (StoreError, ConfigError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.group()
@click.version_option(package_name="practicegraph")
def main() -> None:
    """A knowledge graph for sharing and tracing teaching practice."""


@main.command("init-schema")
@DB_OPTION
def init_schema(db_path):
    """Create the database and its schema (idempotent)."""
    runtime = _runtime(db_path)
    click.echo(f"schema ready at {runtime.settings.db_path}")
    runtime.close()


@main.command("vector-index")
@DB_OPTION
@click.option("--min-rows", default=50_000, show_default=True, type=click.IntRange(0),
              help="Index a kind only when it holds at least this many records.")
def vector_index(db_path, min_rows):
    """Build the HNSW vector indexes after a bulk load (minutes at 100k records); later
    writes are indexed as they arrive. Without them search is an exact scan."""
    runtime = _runtime(db_path)
    try:
        build = getattr(runtime.store, "build_vector_indexes", None)
        if build is None:
            raise click.ClickException("this store has no vector indexes to build")
        try:
            built = build(min_rows=min_rows)
        except StoreError as exc:
            hint = (f"\nThe build holds every vector of a kind in memory: raise {BUFFER_ENV} (now "
                    f"{runtime.settings.kuzu_buffer_mb} MiB) and run it again") if "buffer pool" in str(exc) else ""
            raise click.ClickException(f"{exc}{hint}") from exc
        click.echo("; ".join(f"{kind}: built in {s:.0f} s" for kind, s in built.items()) or "nothing to build")
    finally:
        runtime.close()


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
@click.option("--trusted-proxy", envvar="PRACTICEGRAPH_TRUSTED_PROXY", default=None, metavar="ADDRESS",
              help="The reverse proxy in front (its address): the client address, which failed sign-ins "
                   "are throttled by, is then read from its X-Forwarded-For")
def serve(db_path, host, port, threads, trusted_proxy):
    """Serve the API with waitress (one process, threads: Kùzu allows one writer process)."""
    _serve(_runtime(db_path), host, port, threads, trusted_proxy)


def _serve(runtime: Runtime, host: str, port: int, threads: int, trusted_proxy: str | None = None) -> None:
    """Serve until SIGTERM or Ctrl-C, then close the store (a final checkpoint) and say so."""
    import logging
    import signal

    from waitress.server import create_server

    from practicegraph.accounts.store import AccountStore
    from practicegraph.api import create_app
    from practicegraph.serving import WritesFirstDispatcher

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    app = create_app(runtime_factory=lambda: runtime)
    dispatcher = WritesFirstDispatcher()
    dispatcher.set_thread_count(threads)
    try:
        # headers up to 2 MiB reach the app, which refuses long URLs in its JSON envelope;
        # a cluster's worth of keep-alive clients must not exhaust the connection slots
        server = create_server(app, host=host, port=port, threads=threads, ident="practicegraph",
                               connection_limit=1000, max_request_header_size=2 * 1024 * 1024,
                               _dispatcher=dispatcher,
                               **({"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
                                   "trusted_proxy_headers": {"x-forwarded-for"}} if trusted_proxy else {}))
    except OSError as exc:
        dispatcher.shutdown()
        runtime.close()
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}; is another "
                                   "server running there? Stop it or choose another --port") from None
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))  # waitress closes on SystemExit
    click.echo(f"serving on http://{host}:{port}  (docs: http://{host}:{port}/docs)")
    try:
        server.run()
    finally:
        runtime.close()
        click.echo("practicegraph stopped: connections closed, database checkpointed and closed", err=True)


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
    import hashlib
    import time

    from practicegraph.demo.generator import generate
    from practicegraph.ingest.pipeline import ingest as run_ingest
    from practicegraph.ingest.validate import Item

    started = time.perf_counter()
    records = generate(size, seed)
    # the corpus's own fingerprint in the file name: a newer generator gets a new database
    # instead of conflicting with the one an older version left behind
    fingerprint = hashlib.sha1("".join(r.content_hash() for r in records).encode()).hexdigest()[:8]
    db_path = db_path or default_data_dir() / f"demo-{size}-{seed}-{fingerprint}.kuzu"
    runtime = _runtime(db_path)
    store, embedder = runtime.store, runtime.embedder
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
    _demo_accounts(runtime, records)
    base = f"http://{host}:{port}"
    click.echo("\nTry:")
    for q in EXAMPLES[:2]:
        click.echo(f"  curl -s '{base}/api/v1/experts?q={q.replace(' ', '+')}&limit=5'")
    if sample:
        click.echo(f"  curl -s '{base}/api/v1/practices/{sample}/lineage?direction=both&depth=4'")
    click.echo(f"  open {base}/search for the web app: find a peer, record a visit (sign in with a demo account)")
    if sample:
        click.echo(f"  open {base}/practices/{sample} to see how a practice travelled")
    click.echo(f"  open {base}/docs for the interactive API docs\n")
    if no_serve:
        store.close()
        return
    runtime.settings = replace(runtime.settings, public_read=True)  # the demo lets visitors read
    _serve(runtime, host, port, 8)


def _demo_accounts(runtime: Runtime, records) -> None:
    from practicegraph.accounts.store import AccountStore
    from practicegraph.api.trust import show_demo_answers
    from practicegraph.demo.accounts import create_demo_accounts

    accounts = AccountStore(runtime.settings.accounts_file)
    made = create_demo_accounts(runtime.store, runtime.embedder, accounts, records, EXAMPLES[0])
    show_demo_answers(runtime, accounts, EXAMPLES[0], made, click.echo)


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
    from practicegraph.api.responses.experts import ExpertItem
    from practicegraph.graph.types import SearchFilters, Viewer
    from practicegraph.queries.evidence_lines import strengths
    from practicegraph.queries.expertise import find_experts
    from practicegraph.queries.facets import UnknownFilter, resolve_filters

    runtime = _runtime(db_path)
    store = runtime.store
    try:  # names, prefixes and synonyms, as the API takes them
        filters = resolve_filters(store, SearchFilters(subject, phase, organisation, cluster, region),
                                  Viewer.anonymous())
    except UnknownFilter as exc:
        raise click.UsageError(str(exc)) from exc
    found = find_experts(store, runtime.embedder, question, viewer=Viewer.anonymous(), limit=limit,
                         filters=filters)
    ranked = zip(found, strengths([e.score for e in found]))
    for rank, item in enumerate((ExpertItem.of(e, s) for e, s in ranked), 1):  # as the API shows them
        where = ", ".join(o.name for o in item.person.organisations) or "—"
        click.echo(f"{rank}. {item.person.name} ({where})  strength {item.strength}/100")
        for ev in item.evidence[:3]:
            click.echo(f"     - {ev.why}")
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
    from practicegraph.api.responses import LineageResponse
    from practicegraph.graph.types import Viewer
    from practicegraph.queries.lineage import lineage

    store = _runtime(db_path).store
    try:
        result = lineage(store, practice_id, direction=direction, depth=depth, viewer=Viewer.anonymous())
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(LineageResponse.of(result).to_json(), indent=2))  # the API's JSON
    store.close()


@main.command()
@click.option("--size", type=click.Choice(["small", "medium", "large"]), default="small", show_default=True)
@click.option("--queries", default=30, show_default=True, type=int)
def bench(size, queries):
    """Ingest and query benchmark on the demo corpus (prints figures; see BENCHMARKS.md)."""
    from practicegraph.benchmark import run

    run(size=size, n_queries=queries, echo=click.echo)


# ingest and template live in their own module (CSV, xAPI, error reporting)
main.add_command(ingest_cmd)
main.add_command(template_cmd)
main.add_command(backup_cmd)  # backup and restore: cli_backup.py
main.add_command(restore_cmd)
main.add_command(migrate_cmd)  # Kùzu <-> Neo4j




@main.command()
@click.option("--person", "person_id", required=True, help="The Person id whose private and pair words go.")
@DB_OPTION
@click.option("--dry-run", is_flag=True, help="List what would be removed; change nothing.")
def erase(person_id, db_path, dry_run):
    """Erase a person's private and pair text and vectors; detach their authorship where
    co-authors keep theirs. Lists first. (Stop the server first: it holds the database.)"""
    from practicegraph.accounts.cli import cli_actor, open_accounts

    runtime = _runtime(db_path)
    try:
        plan = runtime.store.erase_person(person_id, dry_run=dry_run)
    finally:
        runtime.close()
    for line in plan.lines():
        click.echo(("would " if dry_run else "") + line)
    if plan.empty:
        click.echo(f"nothing to erase for {person_id}")
    elif not dry_run:
        open_accounts(db_path).audit.record(cli_actor(), "erasure", person_id,
                                            f"cleared {len(plan.clear)} records, detached {len(plan.detach)}")
        click.echo(f"erased: {len(plan.clear)} records cleared, {len(plan.detach)} authorships detached")


def _register_account_commands() -> None:
    from practicegraph.accounts.cli import COMMANDS

    for command in COMMANDS:
        main.add_command(command)


_register_account_commands()


def _register_research() -> None:
    from practicegraph.research.cli import register  # research commands live in their own module

    register(main, lambda db_path: _runtime(db_path).store)  # the model's weights are never loaded


_register_research()

if __name__ == "__main__":
    main()
