"""The embedded GraphStore: Kùzu 0.11.3, one on-disk database file per deployment.

Every Kùzu detail stays in this package (upstream is archived). One read-write Database
per process; writes are serialised with a lock, reads use a connection per thread.
"""

from __future__ import annotations

import importlib.util  # noqa: F401  (Kùzu's scan of Arrow tables needs it imported first)
import logging
import os
import re
import shutil
import threading
from contextlib import contextmanager, nullcontext
import warnings
from datetime import date
from pathlib import Path
from typing import Any, Iterator, Sequence

from practicegraph.errors import StoreError, StoreUnavailable
from practicegraph.graph.kuzu import cypher as q
from practicegraph.graph.kuzu import vector as vq
from practicegraph.graph.kuzu.accounts_cypher import KuzuAccountReads, KuzuErasure
from practicegraph.graph.kuzu.versions_cypher import CypherVersions
from practicegraph.graph.kuzu.ddl import SCHEMA_VERSION, install_schema, installed_dimension, schema_version
from practicegraph.graph.kuzu.bulk import KuzuUnitOfWork
from practicegraph.graph.kuzu.failures import translate
from practicegraph.graph.kuzu.gate import ReadWriteGate
from practicegraph.graph.kuzu.research_reads import KuzuResearchReads
from practicegraph.graph.kuzu.directory_reads import KuzuDirectoryReads
from practicegraph.graph.port import candidates_by_parts, upsert_batch
from practicegraph.graph import vector_search
from practicegraph.graph.cypher_store import CypherPracticeReads, KeptWordStatistics, best_by_words
from practicegraph.graph.rule import filter_params, viewer_params
from practicegraph.graph.specialise import for_filters, shape
from practicegraph.graph.schema import RECORD_LABEL
from practicegraph.graph.types import (
    Candidates, EvidenceRow, GraphBatch, Hit, SearchFilters, TextKind, Viewer, WriteResult,
)

log = logging.getLogger(__name__)
CHECKPOINT_WAL_BYTES = 32 * 1024 * 1024
SNAPSHOT_FILE = "graph.kuzu"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def _used_params(query: str) -> frozenset[str]:
    return frozenset(_PARAM.findall(query))


def _unique(ids: Sequence[str]) -> list[str]:
    """UNWIND matches a repeated id once per repeat; ask for each id once."""
    return list(dict.fromkeys(ids))


def kuzu_params(params: dict[str, Any]) -> dict[str, Any]:
    """graph.rule parameters for Kùzu: [""] rather than [] for an empty list. It matches no
    id (ids are never empty) and keeps the list's element type known, so the compiled
    statement can be reused. It differs from [] only for a null tested under NOT (null IN []
    is false, null IN [""] unknown); the rule negates no such test, and
    tests/integration/test_rule_agreement.py holds the answers equal."""
    return {k: (v or [""]) if isinstance(v, list) else v for k, v in params.items()}


class KuzuStore(CypherPracticeReads, KuzuDirectoryReads, KuzuResearchReads, KuzuAccountReads, KuzuErasure,
                CypherVersions):
    """GraphStore on an embedded Kùzu database at `path` (a file)."""

    cypher = q  # CypherPracticeReads reads its constants here
    # measured (bench/scale_profile.py): a per-key lineage read ~1 ms (1.5 under a person's
    # rule); the joined read 0.37-0.57 µs per stored practice anonymous, 1.1-1.9 µs under a
    # person's rule (100k and 1M practices)
    lineage_scan_us = 0.5

    def __init__(self, path: str | Path, dimension: int, buffer_pool_mb: int = 1024):
        import kuzu  # heavy import kept lazy

        self.path = Path(path)
        _refuse_empty_file(self.path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Checkpoints on the writer's terms (see unit_of_work): Kùzu's automatic
            # checkpoint inside COMMIT waits for readers and can fail a committed write.
            self._db = kuzu.Database(str(self.path), buffer_pool_size=buffer_pool_mb * 1024 * 1024,
                                     auto_checkpoint=False)
        except RuntimeError as exc:  # locked by another process, corrupt, unreadable
            if "lock" in str(exc).lower():
                raise StoreUnavailable(
                    f"{self.path} is in use by another process (a running `practicegraph serve`?). Send "
                    "records to that server instead (POST /api/v1/records), or stop it and run this "
                    "again") from exc
            raise StoreUnavailable(f"cannot open the Kùzu database at {self.path}: {exc}") from exc
        self._kuzu = kuzu
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._gate = ReadWriteGate()
        self._word_statistics = KeptWordStatistics()  # stale on each commit: one process writes
        # the extensions are linked into the wheel; loading them is a write transaction, so
        # it happens once here rather than on every thread's first connection
        for ext in ("vector",):
            self._conn().execute("LOAD EXTENSION " + ext)
        existing = installed_dimension(self._conn())
        if existing is not None and existing != dimension:
            self._db.close()
            raise StoreError(f"the database at {self.path} holds {existing}-d vectors; "
                             f"the embedding model gives {dimension}-d")
        self.dimension = dimension
        dim = str(int(self.dimension))
        self._vector_queries = {k: v.replace("{dim}", dim) for k, v in q.VECTOR_TOP_K.items()}
        self._indexed = self._vector_indexes()

    # plumbing ----------------------------------------------------------------------
    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._kuzu.Connection(self._db)
            self._local.conn = conn
        return conn

    def _rows(self, query: str, **params: Any) -> list[list[Any]]:
        used = _used_params(query)
        params = {k: v for k, v in params.items() if k in used}
        conn = self._conn()
        try:
            if getattr(self._local, "writing", False):  # inside this thread's unit of work
                return conn.execute(self._prepared(conn, query, params), params).get_all()
            with self._gate.reading():
                return conn.execute(self._prepared(conn, query, params), params).get_all()
        except RuntimeError as exc:
            raise translate(exc, "Kùzu query failed") from exc

    def _prepared(self, conn, query: str, params: dict[str, Any]):
        """Compile each read once per connection: planning the long visibility queries costs
        more than running them (measured ~13 ms of ~20 ms). Parameter types are fixed at
        compile time, so an empty list (no element type yet) is run uncompiled."""
        if any(isinstance(v, list) and not v for v in params.values()):
            return query
        cache = self._local.__dict__.setdefault("prepared", {})
        statement = cache.get(query)
        if statement is None:
            with warnings.catch_warnings():  # 0.11.3 calls prepare() deprecated; it is pinned
                warnings.simplefilter("ignore", DeprecationWarning)
                statement = cache[query] = conn.prepare(query, params)
        return statement

    def _read(self, query: str, viewer: Viewer, filters: SearchFilters | None = None, **params):
        filters = filters or SearchFilters()
        rule_params = {**viewer_params(viewer), **filter_params(filters, date.today())}
        # without what the parameters' shape decides: Kùzu would run it anyway (graph/specialise.py)
        return self._rows(for_filters(query, shape(viewer, filters)), **kuzu_params(rule_params), **params)

    # schema --------------------------------------------------------------------------
    def install(self) -> None:
        with self._write_lock:
            install_schema(self._conn(), self.dimension)

    def close(self) -> None:
        with self._write_lock, self._gate.exclusive():
            try:
                self._conn().execute("CHECKPOINT")
            except RuntimeError as exc:  # closing replays the WAL on the next open instead
                log.warning("checkpoint at close skipped: %s", exc)
            self._local = threading.local()
            self._db.close()

    def vector_dimension(self) -> int | None:
        return self.dimension

    # writes --------------------------------------------------------------------------
    @contextmanager
    def unit_of_work(self) -> Iterator["KuzuUnitOfWork"]:
        """One Kùzu transaction on this thread's connection, holding the writer slot."""
        with self._write_lock:
            conn = self._conn()
            conn.execute("BEGIN TRANSACTION")
            self._local.writing = True
            work = KuzuUnitOfWork(conn, self.dimension)
            try:
                yield work
            except BaseException:
                _rollback(conn)
                raise
            finally:
                self._local.writing = False
            # A COPY's commit checkpoints, and a checkpoint waits for every read in flight:
            # close the gate for it. Row writes commit through the WAL without waiting.
            gate = self._gate.exclusive() if work.copied or self._checkpoint_due() else nullcontext()
            with gate:
                try:
                    conn.execute("COMMIT")
                except RuntimeError as exc:
                    _rollback(conn)
                    raise translate(exc, "write failed, nothing was written") from exc
                finally:
                    self._word_statistics.stale()
                if self._checkpoint_due():
                    self._checkpoint(conn)

    def _checkpoint_due(self) -> bool:
        wal = self.path.with_name(self.path.name + ".wal")
        return wal.exists() and wal.stat().st_size >= CHECKPOINT_WAL_BYTES

    def _checkpoint(self, conn) -> None:
        """Fold the write-ahead log into the database once it has grown, while this thread
        holds the writer slot and the gate is closed. A checkpoint that fails is only
        postponed: the write before it is already committed and durable in the WAL."""
        try:
            conn.execute("CHECKPOINT")
        except RuntimeError as exc:
            log.warning("checkpoint postponed (%s); the WAL keeps every committed write", exc)

    def upsert(self, batch: GraphBatch) -> WriteResult:
        return upsert_batch(self, batch)

    def snapshot(self, dest_dir: str | Path) -> Path:
        """Hold the writer slot (no commit or checkpoint can start), fold the WAL into the file
        with no read in flight, then copy the file while reads go on: it cannot change until
        the slot is released. Written beside its final name, then renamed."""
        target = Path(dest_dir) / SNAPSHOT_FILE
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        with self._write_lock:
            with self._gate.exclusive():
                try:
                    self._conn().execute("CHECKPOINT")
                except RuntimeError as exc:
                    raise translate(exc, "cannot checkpoint the database for a snapshot") from exc
            wal = self.path.with_name(self.path.name + ".wal")
            if wal.exists() and wal.stat().st_size:  # a checkpoint empties it; never copy half a state
                raise StoreError(f"the write-ahead log {wal} is not empty after a checkpoint; no snapshot taken")
            _copy_durably(self.path, partial)
        os.replace(partial, target)
        return target

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        with self.unit_of_work() as work:
            work.replace_similar(links, model_id)

    # reads ---------------------------------------------------------------------------
    def visible_ids(self, ids: Sequence[str], viewer: Viewer) -> set[str]:
        stored = self.record_index(ids)
        checked = {label: [i for i, (kind, _) in stored.items() if RECORD_LABEL.get(kind) == label]
                   for label in q.VISIBLE_NODE_IDS}
        adaptations = [i for i, (kind, _) in stored.items() if kind == "adaptation"]
        out = {i for i, (kind, _) in stored.items() if RECORD_LABEL.get(kind) not in q.VISIBLE_NODE_IDS
               and kind != "adaptation"}
        for label, label_ids in checked.items():
            if label_ids:
                out |= {r[0] for r in self._read(q.VISIBLE_NODE_IDS[label], viewer, ids=label_ids)}
        if adaptations:
            out |= {r[0] for r in self._read(q.VISIBLE_ADAPTATIONS, viewer, ids=adaptations)}
        return out

    def record_index(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        unique = _unique(ids)
        for start in range(0, len(unique), 5000):
            for rid, rtype, h in self._rows(q.RECORD_INDEX, ids=unique[start:start + 5000]):
                out[rid] = (rtype, h)
        return out

    def problems(self) -> list[str]:
        try:
            version = schema_version(self._conn())
        except RuntimeError as exc:
            return [f"the database cannot be read: {exc}"]
        return [] if version == SCHEMA_VERSION else [
            f"the database schema is version {version}, this build needs {SCHEMA_VERSION}"]

    def counts(self) -> dict[str, int]:
        out = {label: self._rows(query)[0][0] for label, query in q.COUNT_LABEL.items()}
        out.update({f"rel:{t}": n for t, n in self._rows(q.COUNT_RELS)})
        return out

    def practice_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        return {pid: vec for pid, vec in self._rows(q.PRACTICE_VECTORS, ids=_unique(ids))}

    def vector_top_k(self, kind: TextKind, vector: Sequence[float], k: int,
                     filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        vec = [float(x) for x in vector]
        if kind in self._indexed and k > 0:
            return self._indexed_top_k(kind, vec, int(k), filters, viewer)
        rows = self._read(self._vector_queries[kind], viewer, filters, vec=vec, k=int(k))
        return [Hit(i, float(s)) for i, s in rows]

    def _indexed_top_k(self, kind: TextKind, vec: list[float], k: int,
                       filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        """The HNSW index's nearest, the rule and the filters applied to them inside the
        query, widened until k pass; the exact scan beyond the widest (graph/kuzu/vector.py)."""
        rows = vector_search.nearest(
            lambda fetch: self._read(vq.INDEX_TOP_K[kind, vq.efs_for(fetch)], viewer, filters, vec=vec, k=k,
                                     fetch=fetch),
            lambda: self._read(self._vector_queries[kind], viewer, filters, vec=vec, k=k), k)
        return [Hit(i, float(s)) for i, s in rows]

    def _vector_indexes(self) -> set[str]:
        names = {row[1] for row in self._rows(q.SHOW_INDEXES)}
        return {kind for kind in vq.INDEXED_KINDS if vq.VECTOR_INDEX[kind] in names}

    def build_vector_indexes(self, min_rows: int = vector_search.MIN_INDEX_ROWS) -> dict[str, float]:
        """Build the HNSW index of each searchable kind that has at least `min_rows`
        vectors and none yet (minutes at 100k: run after a bulk load, not per write).
        Rows written afterwards are indexed as they are inserted. Returns seconds per kind."""
        import time

        built: dict[str, float] = {}
        for kind in vq.INDEXED_KINDS:
            if kind in self._indexed or not self._rows(vq.HAS_ROWS_OVER[kind], n=int(min_rows))[0][0]:
                continue
            with self._write_lock:
                started = time.perf_counter()
                try:
                    self._conn().execute(vq.CREATE_VECTOR_INDEX[kind])
                    self._conn().execute("CHECKPOINT")
                except RuntimeError as exc:
                    raise translate(exc, f"building the {kind} vector index failed") from exc
                built[kind] = time.perf_counter() - started
            self._indexed = self._indexed | {kind}
        return built

    def fulltext(self, kind: TextKind, text: str, k: int,
                 filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        return best_by_words(self._read, self._word_statistics, kind, text, k, filters, viewer,
                             keep=not getattr(self._local, "writing", False))

    def candidates(self, kinds: Sequence[TextKind], vector: Sequence[float] | None, text: str | None,
                   k: int, filters: SearchFilters, viewer: Viewer) -> Candidates:
        return candidates_by_parts(self, kinds, vector, text, k, filters, viewer)

    def evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                 filters: SearchFilters, viewer: Viewer) -> list[EvidenceRow]:
        if not practice_ids and not observation_ids:
            return []
        # one query; an empty side is [""] (kuzu_params), which matches no id
        rows = self._read(q.EVIDENCE_ALL, viewer, filters, **kuzu_params(
            {"ids": _unique(practice_ids), "obs": _unique(observation_ids)}))
        return [EvidenceRow(*r) for r in rows]

def _refuse_empty_file(path: Path) -> None:
    """Kùzu would initialise a zero-byte file as a new, empty database: a truncated copy or
    a failed restore must be an error, never silently replaced."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a practicegraph database file")
    if path.exists() and path.stat().st_size == 0:
        raise StoreError(f"{path} is empty (0 bytes): not a practicegraph database. Restore it from a "
                         f"backup, or delete it to start a new one")


def _copy_durably(source: Path, dest: Path) -> None:
    with open(source, "rb") as src, open(dest, "wb") as out:
        shutil.copyfileobj(src, out, 1024 * 1024)
        out.flush()
        os.fsync(out.fileno())


def _rollback(conn) -> None:
    try:
        conn.execute("ROLLBACK")
    except RuntimeError:  # the transaction already ended (a failed COMMIT ends it)
        pass


