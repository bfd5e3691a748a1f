"""Copy a whole graph from one store to another (Kùzu <-> Neo4j), verified.

Reads stream from the source in pages of `batch_size` (nodes by id, each page's outgoing
edges, then the ledger); the target writes them inside one unit of work, so a failure
anywhere leaves the target as it was, and a re-run of a completed migration finds an
identical copy and writes nothing. An other non-empty target is refused. At the end the
counts, the ledger and a sample of answers are compared.

The export queries are plain Cypher that Kùzu and Neo4j both run; they are composed from
the schema's labels and columns only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from practicegraph.errors import StoreError
from practicegraph.graph.port import GraphStore
from practicegraph.graph.schema import NODE_COLUMNS, REL_TABLES
from practicegraph.graph.types import Edge, GraphBatch, LedgerEntry, SearchFilters, Viewer

NODE_LABELS = [label for label in NODE_COLUMNS if label != "Record"]
EXPORT_NODES = {
    label: "MATCH (n:" + label + ") WHERE n.id > $after RETURN "
           + ", ".join("n." + name for name, _ in NODE_COLUMNS[label]) + " ORDER BY n.id LIMIT $limit"
    for label in NODE_LABELS
}
EXPORT_IDS = {label: "MATCH (n:" + label + ") WHERE n.id > $after RETURN n.id ORDER BY n.id LIMIT $limit"
              for label in NODE_LABELS}
# Outgoing edges of one page of nodes, per relationship type and target label.
EXPORT_EDGES = {
    (rel, a, b): "MATCH (x:" + a + ")-[r:" + rel + "]->(y:" + b + ") WHERE x.id IN $ids RETURN x.id, y.id"
                 + "".join(", r." + name for name, _ in props)
    for rel, (pairs, props) in REL_TABLES.items() for a, b in pairs
}
EXPORT_LEDGER = ("MATCH (r:Record) WHERE r.id > $after RETURN r.id, r.type, r.content_hash"
                 " ORDER BY r.id LIMIT $limit")
# Edges are written by their owner record in an ingest; here every edge is copied as it is,
# under one owner id that no record can have (ids are URL-safe).
_COPIED = "\x00copied"


Rows = Callable[..., list[list[Any]]]  # rows(query, **params)
Progress = Callable[[str, int], None]  # progress(what, how many more)


@dataclass
class MigrationReport:
    nodes: int = 0
    edges: int = 0
    records: int = 0
    already_done: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    checked: list[str] = field(default_factory=list)


def rows_of(store: GraphStore) -> Rows:
    """The adapter's raw read (both Cypher adapters have one; the in-memory store does not)."""
    rows = getattr(store, "_rows", None)
    if rows is None:
        raise StoreError(f"{type(store).__name__} cannot be migrated from (it runs no Cypher)")
    return rows


def migrate(source: GraphStore, target: GraphStore, *, batch_size: int = 2000,
            progress: Progress | None = None) -> MigrationReport:
    tick = progress or (lambda what, n: None)
    if source.vector_dimension() != target.vector_dimension():
        raise StoreError(f"the source holds {source.vector_dimension()}-d vectors, the target "
                         f"{target.vector_dimension()}-d")
    wanted, present = source.counts(), target.counts()
    report = MigrationReport(counts=wanted)
    if any(present.values()):
        if present == wanted and _same_ledger(source, target, batch_size):
            report.already_done = True
            report.checked = verify(source, target, batch_size)
            return report
        raise StoreError("the target store is not empty and is not a copy of the source; "
                         "migrate into an empty database")
    read = rows_of(source)
    with target.unit_of_work() as work:
        for label in NODE_LABELS:  # every node first: an edge needs both ends
            columns = [name for name, _ in NODE_COLUMNS[label]]
            for page in _pages(read, EXPORT_NODES[label], batch_size):
                nodes = [dict(zip(columns, row)) for row in page]
                work.write(GraphBatch(nodes={label: nodes}), {n["id"] for n in nodes})
                report.nodes += len(nodes)
                tick(label, len(nodes))
        for label in NODE_LABELS:
            for page in _pages(read, EXPORT_IDS[label], batch_size):
                edges = _edges_from(read, label, [row[0] for row in page])
                if edges:
                    work.write(GraphBatch(edges=edges), {_COPIED})
                report.edges += len(edges)
        for page in _pages(read, EXPORT_LEDGER, batch_size):
            ledger = [LedgerEntry(rid, rtype, h) for rid, rtype, h in page]
            work.write(GraphBatch(ledger=ledger), {e.id for e in ledger})
            report.records += len(ledger)
            tick("Record", len(ledger))
    report.checked = verify(source, target, batch_size)
    return report


def _pages(read: Rows, query: str, size: int) -> Iterator[list[list[Any]]]:
    after = ""
    while True:
        page = read(query, after=after, limit=size)
        if not page:
            return
        yield page
        after = page[-1][0]


def _edges_from(read: Rows, label: str, ids: list[str]) -> list[Edge]:
    edges = []
    for (rel, a, b), query in EXPORT_EDGES.items():
        if a != label:
            continue
        names = [name for name, _ in REL_TABLES[rel][1]]
        for x, y, *values in read(query, ids=ids):
            props = {k: v for k, v in zip(names, values) if v is not None}
            edges.append(Edge(rel, a, x, b, y, props, owner=_COPIED))
    return edges


def _same_ledger(source: GraphStore, target: GraphStore, batch_size: int) -> bool:
    for page in _pages(rows_of(source), EXPORT_LEDGER, batch_size):
        want = {rid: (rtype, h) for rid, rtype, h in page}
        if target.record_index(list(want)) != want:
            return False
    return True


def verify(source: GraphStore, target: GraphStore, batch_size: int = 2000, sample: int = 50) -> list[str]:
    """Compare counts, the whole ledger, and a sample of answers; raise on a difference."""
    checks = []

    def same(what: str, a: Any, b: Any) -> None:
        if a != b:
            raise StoreError(f"migration check failed: {what} differ between source and target")
        checks.append(what)

    same("counts", source.counts(), target.counts())
    same("ledger", True, _same_ledger(source, target, batch_size))
    everyone = Viewer.internal()
    ids = [row[0] for row in rows_of(source)(EXPORT_NODES["Practice"], after="", limit=sample)]
    same("practice summaries", _sorted(source.practices(ids, everyone)), _sorted(target.practices(ids, everyone)))
    same("lineage", _sorted(source.lineage_edges(ids, "both", everyone)),
         _sorted(target.lineage_edges(ids, "both", everyone)))
    same("evidence", _sorted(source.evidence(ids, [], SearchFilters(), everyone)),
         _sorted(target.evidence(ids, [], SearchFilters(), everyone)))
    vectors = source.practice_vectors(ids[:5])
    for pid, vector in vectors.items():
        want = [h.id for h in source.vector_top_k("Practice", vector, 10, SearchFilters(), everyone)]
        got = [h.id for h in target.vector_top_k("Practice", vector, 10, SearchFilters(), everyone)]
        same(f"nearest practices of {pid}", want, got)
    return checks


def _sorted(items: Sequence[Any]) -> list[str]:
    """Answers in a comparable order: developer lists and rows as sorted text."""
    out = []
    for item in items:
        text = repr(item)
        developers = getattr(item, "developers", None)
        if developers is not None:
            text = repr((item.id, item.title, item.subject, item.phase, item.version, item.visibility,
                         item.organisation, item.cluster, item.date, sorted(developers)))
        out.append(text)
    return sorted(out)
