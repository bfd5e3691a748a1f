"""Research commands of `practicegraph`: import-network, diffusion, health, export, report.

Registered on the main group by cli.py (`register(main, open_store)`), which also passes
how to open the configured store (bootstrap sits above this layer); heavy imports stay
inside the commands so `practicegraph --help` stays fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from practicegraph.errors import PracticeGraphError

RESEARCH_DIR = click.option("--research-dir", type=click.Path(file_okay=False, path_type=Path),
                            help="Survey network store (default: $PRACTICEGRAPH_RESEARCH_DIR or <data dir>/research).")


def register(main: click.Group, open_store: Callable[[Path | None], Any]) -> None:
    """Add the research commands; `open_store(db_path)` opens the configured store."""
    for command in (import_network, diffusion_cmd, health_cmd, export_cmd, report_cmd):
        command.context_settings = {**command.context_settings, "obj": {"open_store": open_store}}
        main.add_command(command)


@click.command("import-network")
@click.argument("nodes", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("nominations", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mapping", "mapping_path", required=True,
              help="Mapping file (TOML or JSON), or the name of a shipped one: medinnovations, brfarmers.")
@click.option("--name", required=True, help="Name of the dataset (lower-case letters, digits, - and _).")
@click.option("--replace", is_flag=True, help="Overwrite a dataset of this name imported from other files.")
@RESEARCH_DIR
def import_network(nodes, nominations, mapping_path, name, replace, research_dir):
    """Import a survey network: a node table and a nominations table. All or nothing."""
    from practicegraph.research.datasets import DatasetStore, check_name
    from practicegraph.research.mapping import load_mapping, shipped_mapping
    from practicegraph.research.survey import ImportFailed, read_survey

    try:
        check_name(name)
        path = Path(mapping_path) if Path(mapping_path).exists() else shipped_mapping(mapping_path)
        mapping = load_mapping(path)
        net = read_survey(nodes, nominations, mapping, name)
        saved = DatasetStore(research_dir).save(net, {"nodes": str(nodes), "nominations": str(nominations)},
                                                mapping.raw, replace=replace)
    except ImportFailed as exc:
        for e in exc.errors[:200]:
            click.echo(str(e), err=True)
        if len(exc.errors) > 200:
            click.echo(f"... and {len(exc.errors) - 200} more", err=True)
        raise click.ClickException(f"{len(exc.errors)} bad row(s); nothing was imported") from None
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from None
    people, ties = len(net.people), len(net.ties)
    left = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in net.left_out.items() if v) or "none"
    verb = "imported" if saved.written else "unchanged (same files already imported)"
    click.echo(f"{name}: {verb} — {people} people, {int(net.people['adopted'].sum())} adopters, "
               f"{net.people['group'].nunique()} groups ({net.group_kind}), {ties} ties "
               f"({', '.join(net.relations())}); left out: {left}; at {saved.path}")


@click.command("diffusion")
@click.option("--network", "network", help="An imported survey network.")
@click.option("--practice", "practice", help="A practice: its adaptation cascade in the practice graph.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path))
@RESEARCH_DIR
def diffusion_cmd(network, practice, db_path, research_dir):
    """Diffusion measures as JSON: of a survey network, a practice's cascade, or all cascades."""
    from practicegraph.research.datasets import DatasetStore
    from practicegraph.research.diffusion import summary

    try:
        if network:
            out = summary(DatasetStore(research_dir).load(network))
        else:
            from practicegraph.graph.types import Viewer
            from practicegraph.research.cascade_network import cascade_network
            from practicegraph.research.cascades import cascade_report, overview

            store = _open(db_path)
            try:
                if practice:  # the cascade, and its people as a diffusion network
                    out = cascade_report(store, practice, Viewer.anonymous())
                    people = summary(cascade_network(store, practice, Viewer.anonymous()))
                    out["people_network"] = {k: people[k] for k in (
                        "people", "adopters", "ties", "relations", "adoption_curve", "exposure_at_adoption",
                        "adopter_categories")}
                else:
                    out = overview(store, Viewer.anonymous())
            finally:
                store.close()
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(out, indent=2, default=str))


@click.command("health")
@click.option("--cluster", "cluster", help="One cluster; without it, official against voluntary.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path))
def health_cmd(cluster, db_path):
    """Cluster health as JSON: one cluster, or the comparison of official and voluntary."""
    from practicegraph.graph.types import Viewer
    from practicegraph.research.health import cluster_health, comparison

    store = _open(db_path)
    try:
        out = cluster_health(store, cluster, Viewer.anonymous()) if cluster else comparison(store, Viewer.anonymous())
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()
    click.echo(json.dumps(out, indent=2, default=str))


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["graphml", "gexf", "csv", "prov-json", "panel"]), required=True)
@click.option("--out", "out", type=click.Path(path_type=Path), required=True,
              help="Output file (a directory for csv).")
@click.option("--network", help="Export an imported survey network instead of the practice graph.")
@click.option("--practice", help="Scope: the people network of this practice's cascade (graphml, gexf, csv, panel).")
@click.option("--no-pseudonyms", is_flag=True, help="Keep real ids and names (survey networks only).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path))
@RESEARCH_DIR
def export_cmd(fmt, out, network, practice, no_pseudonyms, db_path, research_dir):
    """Export for Gephi, R (netdiffuseR) or PROV tools; pseudonymised by default."""
    from practicegraph.research import exports

    try:
        if network and practice:
            raise PracticeGraphError("give --network or --practice, not both")
        if practice:
            if no_pseudonyms:
                raise PracticeGraphError("the practice graph is only exported pseudonymised")
            from practicegraph.graph.types import Viewer
            from practicegraph.research.cascade_network import cascade_network

            store = _open(db_path)
            try:
                net = cascade_network(store, practice, Viewer.anonymous())
                pseudo, keep = _identity(db_path, set(net.people["id"]))
            finally:
                store.close()
            written = exports.export_survey(net if keep is None else exports.restrict(net, keep), fmt, out,
                                            pseudonymiser=pseudo)
        elif network:
            from practicegraph.research.datasets import DatasetStore

            written = exports.export_survey(DatasetStore(research_dir).load(network), fmt, out,
                                            pseudonymise=not no_pseudonyms)
        else:
            if no_pseudonyms:
                raise PracticeGraphError("the practice graph is only exported pseudonymised")
            from practicegraph.graph.types import Viewer

            store = _open(db_path)
            try:
                pseudo, keep = _identity(db_path, exports.people_named(store, Viewer.anonymous()))
                written = exports.export_graph(store, Viewer.anonymous(), fmt, out, pseudo, keep)
            finally:
                store.close()
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {', '.join(str(p) for p in written)}")


@click.command("report")
@click.option("--practice", help="A practice and its adaptation cascade.")
@click.option("--cluster", help="A cluster's health over time.")
@click.option("--network", help="An imported survey network.")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Directory for report.html and the CSVs behind its figures.")
@click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path))
@RESEARCH_DIR
def report_cmd(practice, cluster, network, out, db_path, research_dir):
    """Write a self-contained HTML report with figures, and the numbers behind each as CSV."""
    from practicegraph.research import reports

    if sum(bool(x) for x in (practice, cluster, network)) != 1:
        raise click.UsageError("give exactly one of --practice, --cluster, --network")
    try:
        if network:
            from practicegraph.research.datasets import DatasetStore

            path = reports.network_report(DatasetStore(research_dir).load(network), out)
        else:
            from practicegraph.graph.types import Viewer

            store = _open(db_path)
            try:
                path = (reports.practice_report(store, practice, Viewer.anonymous(), out) if practice
                        else reports.cluster_report(store, cluster, Viewer.anonymous(), out))
            finally:
                store.close()
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"wrote {path}")


def _identity(db_path, people: set[str]):
    """Pseudonyms and whose records may appear. With an account database: its deployment
    pseudonym secret and research consent (people without it are left out); without one:
    PRACTICEGRAPH_PSEUDONYM_SECRET and everyone, said on stderr."""
    from practicegraph.config import Settings
    from practicegraph.research.pseudonyms import Pseudonymiser

    path = Settings.from_env(db_path).accounts_file
    if not path.exists():
        click.echo("no account database: pseudonyms from PRACTICEGRAPH_PSEUDONYM_SECRET; research consent "
                   "is not checked", err=True)
        return Pseudonymiser.from_env(), None
    from practicegraph.accounts.research import ResearchLens
    from practicegraph.accounts.store import AccountStore

    lens = ResearchLens.from_store(AccountStore(path))
    keep = lens.consenting(people)
    click.echo(f"{len(keep)} of {len(people)} people have research consent; the others are left out", err=True)
    return lens.name, keep


def _open(db_path):
    try:
        return click.get_current_context().obj["open_store"](db_path)
    except PracticeGraphError as exc:
        raise click.ClickException(str(exc)) from exc
