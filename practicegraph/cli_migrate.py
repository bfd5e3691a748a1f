"""`practicegraph migrate --from kuzu:PATH --to neo4j://HOST:7687` (and back)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from practicegraph.config import Settings
from practicegraph.errors import PracticeGraphError

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_spec(spec: str, dimension: int):
    """kuzu:PATH, or a Neo4j URI (credentials and database from NEO4J_USER, NEO4J_PASSWORD,
    NEO4J_DATABASE). The store's schema is installed."""
    if spec.startswith("kuzu:"):
        from practicegraph.graph.kuzu import KuzuStore

        store = KuzuStore(Path(spec[len("kuzu:"):]).expanduser(), dimension=dimension,
                          buffer_pool_mb=Settings.from_env().kuzu_buffer_mb)
    elif spec.startswith(NEO4J_SCHEMES):
        from practicegraph.graph.neo4j import Neo4jStore

        store = Neo4jStore(spec, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                           os.environ.get("NEO4J_DATABASE"), dimension=dimension)
    else:
        raise click.BadParameter(f"{spec!r}: expected kuzu:PATH or a neo4j:// or bolt:// URI")
    store.install()
    return store


@click.command("migrate")
@click.option("--from", "source_spec", required=True, help="kuzu:PATH or neo4j://HOST:PORT")
@click.option("--to", "target_spec", required=True, help="kuzu:PATH or neo4j://HOST:PORT (empty, or a finished copy)")
@click.option("--dimension", default=384, show_default=True, type=int, help="The vectors' dimension.")
@click.option("--batch-size", default=2000, show_default=True, type=click.IntRange(1, 100000))
def migrate_cmd(source_spec, target_spec, dimension, batch_size):
    """Copy every record, edge and vector from one store to another, then verify the copy."""
    from practicegraph.graph.migrate import migrate

    try:
        source = open_spec(source_spec, dimension)
        try:
            target = open_spec(target_spec, dimension)
            try:
                total = sum(source.counts().get(label, 0) for label in
                            ("Person", "Organisation", "Cluster", "Practice", "Resource", "Observation",
                             "Exchange", "Meeting", "Record"))
                with click.progressbar(length=total, label="copying", file=None) as bar:
                    report = migrate(source, target, batch_size=batch_size,
                                     progress=lambda what, n: bar.update(n))
            finally:
                target.close()
        finally:
            source.close()
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from exc
    if report.already_done:
        click.echo(f"the target already holds this graph ({report.counts.get('Record', 0)} records); nothing written")
    else:
        click.echo(f"copied {report.nodes} nodes, {report.edges} edges, {report.records} ledger records")
    click.echo("verified: " + ", ".join(report.checked))
