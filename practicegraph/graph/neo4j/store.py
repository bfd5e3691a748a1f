"""The scale-out GraphStore: Neo4j 5 through the official driver.

A single write (upsert, replace_similar) is one managed transaction (execute_write), so
the driver may retry it after a transient failure: each attempt decides what is new from
the ledger inside that transaction and writes nodes with MERGE. A unit of work is an
explicit transaction instead (its block runs the caller's code between writes, which the
driver cannot replay); reads on its thread go through it, so they see its writes. Other
reads run through execute_read. Dates come back as Python dates; driver exceptions
become the project's own (errors.translated).
"""

from __future__ import annotations

import threading
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np

from practicegraph.errors import PracticeGraphError, StoreError
from practicegraph.graph import rule, vector_search
from practicegraph.graph.cypher_store import CypherPracticeReads, KeptWordStatistics, best_by_words
from practicegraph.graph.kuzu.directory_reads import KuzuDirectoryReads
from practicegraph.graph.neo4j import cypher as q
from practicegraph.graph.neo4j.accounts import CypherAccountReads, CypherErasure
from practicegraph.graph.kuzu.versions_cypher import EARLIER, CypherVersions
from practicegraph.graph.neo4j.research import CypherResearchReads
from practicegraph.graph.neo4j.ddl import SCHEMA_VERSION, install_schema, installed_dimension, schema_version
from practicegraph.graph.neo4j.errors import translated
from practicegraph.graph.port import classify
from practicegraph.graph.schema import RECORD_LABEL
from practicegraph.graph.types import (
    Candidates, EvidenceRow, GraphBatch, Hit, SearchFilters, TextKind, Viewer, WriteResult,
)

# Neo4j's exact scan reads each embedding property (25–40 µs a record: 20k observations
# took 0.4 s), and its vector indexes are kept whatever their size: use them early.
INDEX_MIN_ROWS = 1000
WORD_STATS_TTL_S = 30.0  # how old the word statistics kept may be (writes by other processes)
CHUNK = 5000  # rows per UNWIND: large enough to batch, small enough for the server's memory


class _MissingEndpoint(Exception):
    """An edge names a node that is neither stored nor in the batch (rolls the write back)."""


def _unique(ids: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _chunks(rows: list, size: int = CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _native(value: Any) -> Any:
    """neo4j.time values -> datetime values (dates are the only temporal type stored)."""
    to_native = getattr(value, "to_native", None)
    return to_native() if to_native else value


def _has_direction(vector: list[float]) -> bool:
    """Finite and not all zeros: a vector cosine can compare."""
    return bool(vector) and all(np.isfinite(vector)) and any(vector)


def _float32(vector: Sequence[float]) -> list[float]:
    """Vectors are stored as the float32 values Kùzu stores, so both stores hold the same."""
    return np.asarray(vector, dtype=np.float32).astype(float).tolist()


class Neo4jStore(CypherPracticeReads, KuzuDirectoryReads, CypherResearchReads, CypherAccountReads, CypherErasure,
                 CypherVersions):
    """GraphStore on a Neo4j 5 server (Community or Enterprise, 5.18 or later)."""

    cypher = q  # CypherPracticeReads reads its constants here

    def __init__(self, uri: str, user: str | None = None, password: str | None = None,
                 database: str | None = None, dimension: int = 384,
                 index_min_rows: int = INDEX_MIN_ROWS):
        from neo4j import GraphDatabase  # kept lazy: only this store needs the driver

        self.uri, self.database, self.dimension = uri, database or None, dimension
        auth = (user, password) if user and password else None
        with translated():
            self._driver = GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
            self._driver.verify_connectivity()
        self._write_lock = threading.Lock()
        self._local = threading.local()  # .tx: this thread's open unit of work
        self.index_min_rows = index_min_rows  # a kind with this many records is searched through its index
        self._online: set[str] = set()  # vector indexes seen ONLINE (they stay so)
        self._word_statistics = KeptWordStatistics(ttl_s=WORD_STATS_TTL_S)
        existing = self._read_value(installed_dimension)
        if existing is not None and existing != dimension:
            self.close()
            raise StoreError(f"the Neo4j database at {uri} holds {existing}-d vectors; "
                             f"the embedding model gives {dimension}-d")

    # plumbing ----------------------------------------------------------------------
    def _session(self):
        return self._driver.session(database=self.database)

    def _read_value(self, work, *args):
        tx = getattr(self._local, "tx", None)
        if tx is not None:  # inside this thread's unit of work: see its writes
            with translated():
                return work(tx, *args)
        with translated(), self._session() as session:
            return session.execute_read(work, *args)

    def _rows(self, query: str, **params: Any) -> list[list[Any]]:
        def work(tx):
            return [[_native(v) for v in record.values()] for record in tx.run(query, params)]

        return self._read_value(work)

    def _read(self, query: str, viewer: Viewer, filters: SearchFilters | None = None, **params):
        return self._rows(query, **rule.viewer_params(viewer),
                          **rule.filter_params(filters or SearchFilters(), date.today()), **params)

    def _reading_together(self, work):
        """Several reads in one read transaction: one session, one retry unit."""
        def in_tx(tx):
            def read(query: str, viewer: Viewer, filters: SearchFilters | None = None, **params):
                params = {**rule.viewer_params(viewer), **rule.filter_params(filters or SearchFilters(), date.today()),
                          **params}
                return [[_native(v) for v in record.values()] for record in tx.run(query, params)]
            return work(read)

        return self._read_value(in_tx)

    # schema --------------------------------------------------------------------------
    def install(self) -> None:
        with self._write_lock, translated(), self._session() as session:
            install_schema(session, self.dimension)

    def close(self) -> None:
        self._driver.close()

    def vector_dimension(self) -> int | None:
        return self.dimension

    # writes --------------------------------------------------------------------------
    @contextmanager
    def unit_of_work(self) -> Iterator["Neo4jUnitOfWork"]:
        """One explicit transaction holding this store's writer slot: committed when the
        block ends, rolled back if it raises."""
        with self._write_lock, translated(), self._session() as session:
            tx = session.begin_transaction()
            self._local.tx = tx
            try:
                yield Neo4jUnitOfWork(tx)
            except BaseException:
                tx.close()  # rolls back
                raise
            finally:
                self._local.tx = None
            try:
                tx.commit()
            finally:
                self._word_statistics.stale()

    def upsert(self, batch: GraphBatch) -> WriteResult:
        with self._write_lock, translated(batch.ledger), self._session() as session:
            try:
                return session.execute_write(_write_batch, batch)
            except _MissingEndpoint as exc:
                raise StoreError(f"write failed, nothing was written: {exc}") from exc
            finally:
                self._word_statistics.stale()

    def snapshot(self, dest_dir: Path) -> Path:
        """Not from here: a Neo4j server is backed up with its own tools, online and consistent."""
        raise StoreError("a Neo4j database is backed up with Neo4j's own tools (`neo4j-admin database "
                         "backup`, or `neo4j-admin database dump` while it is stopped), not practicegraph backup")

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        with self._write_lock, translated(), self._session() as session:
            session.execute_write(_replace_similar, links, model_id)

    # reads ---------------------------------------------------------------------------
    def record_index(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return self._read_value(_record_index, _unique(ids))

    def visible_ids(self, ids: Sequence[str], viewer: Viewer) -> set[str]:
        stored = self.record_index(ids)
        out = {i for i, (kind, _) in stored.items()
               if RECORD_LABEL.get(kind) not in q.VISIBLE_NODE_IDS and kind != "adaptation"}
        for label, query in q.VISIBLE_NODE_IDS.items():
            label_ids = [i for i, (kind, _) in stored.items() if RECORD_LABEL.get(kind) == label]
            if label_ids:
                out |= {r[0] for r in self._read(query, viewer, ids=label_ids)}
        adaptations = [i for i, (kind, _) in stored.items() if kind == "adaptation"]
        if adaptations:
            out |= {r[0] for r in self._read(q.VISIBLE_ADAPTATIONS, viewer, ids=adaptations)}
        return out

    def problems(self) -> list[str]:
        """Unreachable, or a schema this build did not install."""
        try:
            version = self._read_value(schema_version)
        except PracticeGraphError as exc:
            return [f"the Neo4j database cannot be read: {exc}"]
        return [] if version == SCHEMA_VERSION else [
            f"the Neo4j schema is version {version}, this build needs {SCHEMA_VERSION}"]

    def counts(self) -> dict[str, int]:
        def work(tx):
            out = {label: tx.run(query).single()[0] for label, query in q.COUNT_LABEL.items()}
            out.update({f"rel:{t}": n for t, n in tx.run(q.COUNT_RELS).values()})
            return out

        return self._read_value(work)

    def practice_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        return {pid: list(vec) for pid, vec in self._rows(q.PRACTICE_VECTORS, ids=_unique(ids))}

    def vector_top_k(self, kind: TextKind, vector: Sequence[float], k: int,
                     filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        return self._reading_together(lambda read: self._nearest(read, kind, vector, k, filters, viewer))

    def fulltext(self, kind: TextKind, text: str, k: int,
                 filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        return self._reading_together(lambda read: self._best_by_words(read, kind, text, k, filters, viewer))

    def candidates(self, kinds: Sequence[TextKind], vector: Sequence[float] | None, text: str | None,
                   k: int, filters: SearchFilters, viewer: Viewer) -> Candidates:
        """Every search of the question in one read transaction."""
        def work(read) -> Candidates:
            meaning = {kind: tuple(self._nearest(read, kind, vector, k, filters, viewer)) for kind in kinds} \
                if vector is not None else {}
            words = {kind: tuple(self._best_by_words(read, kind, text, k, filters, viewer)) for kind in kinds} \
                if text else {}
            return Candidates(meaning, words)

        return self._reading_together(work)

    def _nearest(self, read, kind: TextKind, vector: Sequence[float], k: int,
                 filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        """Through the vector index when the kind is large and its index online, widened
        until k pass the rule and filters; otherwise, or beyond the widest, the exact scan."""
        vec = _float32(vector)
        if not _has_direction(vec) or k <= 0:  # Neo4j's cosine refuses a zero vector: it matches nothing
            return []
        k = int(k)

        def exact():
            return read(q.VECTOR_TOP_K[kind], viewer, filters, vec=vec, k=k)

        def through_index(fetch: int):
            return read(q.INDEX_TOP_K[kind], viewer, filters, vec=vec, k=k, fetch=fetch)

        use_index = self._use_index(read, kind)
        rows = vector_search.nearest(through_index, exact, k, reach_most=True) if use_index else exact()
        return [Hit(i, float(s)) for i, s in rows]

    def _use_index(self, read, kind: TextKind) -> bool:
        viewer = Viewer()  # neither query reads a record: the count store and the index list
        if not read(q.HAS_ROWS_OVER[kind], viewer, n=int(self.index_min_rows))[0][0]:
            return False
        if kind not in self._online and read(q.INDEX_ONLINE, viewer, name=q.VECTOR_INDEX[kind]) == [[True]]:
            self._online = self._online | {kind}
        return kind in self._online

    def _best_by_words(self, read, kind: TextKind, text: str, k: int,
                       filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        return best_by_words(read, self._word_statistics, kind, text, k, filters, viewer,
                             keep=getattr(self._local, "tx", None) is None)

    def evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                 filters: SearchFilters, viewer: Viewer) -> list[EvidenceRow]:
        if not practice_ids and not observation_ids:
            return []
        # one statement; an empty side is [""], which matches no id
        rows = self._read(q.EVIDENCE_ALL, viewer, filters, ids=_unique(practice_ids) or [""],
                          obs=_unique(observation_ids) or [""])
        return [EvidenceRow(*r) for r in rows]

class Neo4jUnitOfWork:
    """The port's UnitOfWork on one open Neo4j transaction."""

    def __init__(self, tx):
        self._tx = tx

    def write(self, batch: GraphBatch, new_ids: set[str]) -> None:
        try:
            _write_new(self._tx, batch, new_ids)
        except _MissingEndpoint as exc:
            raise StoreError(f"write failed, nothing was written: {exc}") from exc

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        _replace_similar(self._tx, links, model_id)


# transaction functions (the driver may run each more than once) ------------------------

def _record_index(tx, ids: list[str]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for chunk in _chunks(ids):
        for rid, rtype, h in tx.run(q.RECORD_INDEX, ids=chunk).values():
            out[rid] = (rtype, h)
    return out


def _write_batch(tx, batch: GraphBatch) -> WriteResult:
    """Classify against the ledger and write what is new, all in this transaction."""
    ids = _unique([e.id for e in batch.ledger])
    earlier: dict[str, list[str]] = {}
    for record, _, content_hash in tx.run(EARLIER, ids=ids).values():
        earlier.setdefault(record, []).append(content_hash)
    new, unchanged, conflicts = classify(batch.ledger, _record_index(tx, ids), earlier=earlier)
    if conflicts:
        return WriteResult(0, unchanged, tuple(conflicts))
    if new:
        _write_new(tx, batch, new)
    return WriteResult(len(new), unchanged, ())


def _write_new(tx, batch: GraphBatch, new: set[str]) -> None:
    """Nodes, edges and ledger rows of the records in `new`."""
    for label, ids in batch.shared.items():
        used = sorted({e.to_id for e in batch.edges if e.owner in new and e.to_label == label} & set(ids))
        for chunk in _chunks(used):
            tx.run(q.MERGE_SHARED[label], ids=chunk).consume()
    for label, rows in batch.nodes.items():
        fresh = list({r["id"]: _node_props(r) for r in reversed(rows) if r["id"] in new}.values())
        for chunk in _chunks(fresh):
            tx.run(q.MERGE_NODES[label], rows=chunk).consume()
    grouped: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for e in batch.edges:
        if e.owner in new:
            props = {k: v for k, v in e.props.items() if v is not None}
            grouped[(e.type, e.from_label, e.to_label)].append({"from": e.from_id, "to": e.to_id, "props": props})
    for key, rows in grouped.items():
        for chunk in _chunks(rows):
            written = tx.run(q.CREATE_EDGES[key], rows=chunk).single()[0]
            if written != len(chunk):
                raise _MissingEndpoint(_missing(tx, key, chunk))
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    ledger = list({e.id: {"id": e.id, "type": e.type, "content_hash": e.content_hash, "created": now}
                   for e in reversed(batch.ledger) if e.id in new}.values())
    for chunk in _chunks(ledger):
        tx.run(q.CREATE_RECORDS, rows=chunk).consume()


def _replace_similar(tx, links: dict[str, list[Hit]], model_id: str) -> None:
    rows = [{"a": a, "b": h.id, "score": float(h.score)} for a, hits in links.items() for h in hits]
    tx.run(q.DELETE_SIMILAR, ids=list(links)).consume()
    for chunk in _chunks(rows):
        tx.run(q.CREATE_SIMILAR, rows=chunk, model_id=model_id).consume()


def _node_props(row: dict[str, Any]) -> dict[str, Any]:
    props = {k: v for k, v in row.items() if v is not None}
    if "embedding" in props:
        props["embedding"] = _float32(props["embedding"])
        if not _has_direction(props["embedding"]):  # Neo4j's cosine would fail on it at read time
            del props["embedding"]
    return props


def _missing(tx, key: tuple[str, str, str], rows: list[dict]) -> str:
    rel, a, b = key
    found = tx.run(q.MISSING_ENDPOINTS[(a, b)], rows=rows).values()
    named = [f"{frm} -> {to}: no {a if no_from else b} '{frm if no_from else to}'"
             for frm, to, no_from, no_to in found]
    return f"{rel} edge(s) name nodes that do not exist ({'; '.join(named)})"
