"""The in-memory GraphStore: the Kùzu adapter's semantics in plain Python.

The fake for unit tests and the reference model for visibility. Every read mirrors the
Cypher in graph/kuzu/cypher.py: the same viewer predicate and filters (graph.rule, here
evaluated by graph.evaluate), ordering and limits, applied before the limit. Word search
scores with graph.text_index (the same tokens and BM25 every store uses), its statistics
over the nodes of the label the viewer may see.
"""

from __future__ import annotations

import math
import pickle
import threading
from contextlib import contextmanager
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

import numpy as np

from practicegraph.graph.memory_accounts import MemoryAccountReads, MemoryErasure
from practicegraph.graph.memory_versions import MemoryVersions
from practicegraph.graph.evaluate import Row, evaluate, no_neighbours
from practicegraph.graph.memory_research import ResearchReadsMixin
from practicegraph.graph.memory_write import MemoryUnitOfWork, StoredEdge as _Edge
from practicegraph.graph.memory_directory import MemoryDirectoryReads
from practicegraph.graph.port import candidates_by_parts, upsert_batch
from practicegraph.graph.rule import (
    ADAPTED, CURRENT_MEMBERSHIP, DEVELOPMENTAL, FILTERS, MENTORING, PERSON_FILTERS, VISIBILITY, Predicate,
    all_of, filter_params, viewer_params,
)
from practicegraph.graph.schema import FTS_FIELDS, RECORD_LABEL
from practicegraph.graph.text_index import Posting, bm25, document_terms, query_terms
from practicegraph.graph.types import (
    Candidates, Direction, EvidenceRow, GraphBatch, Hit, LineageEdge, PersonSummary, PracticeDetail,
    PracticeSummary, QuestionEvidence, SearchFilters, TextKind, Viewer, WriteResult,
)

# as in graph/kuzu/cypher.py (COUNT_LABEL, LINEAGE_PROPS)
COUNT_LABELS = ("Person", "Organisation", "Cluster", "Practice", "Resource", "Observation",
                "Exchange", "Meeting", "Record")
LINEAGE_KINDS = {"ADAPTED_FROM": ("mode", "what_changed", "why", "new_context", "how_learned", "round", "date"),
                 "VERSION_OF": (), "REVISED_AFTER": ("what_changed", "date")}
VISIBLE_LABELS = ("Practice", "Observation", "Exchange", "Resource")  # nodes with a visibility

SEARCHABLE = {kind: all_of(VISIBILITY, flt) for kind, flt in FILTERS.items()}


def visible(node: dict[str, Any], viewer: Viewer) -> bool:
    """May `viewer` see this node row? graph.rule.VISIBILITY, as every store applies it."""
    return evaluate(VISIBILITY, node, viewer_params(viewer), no_neighbours)


def _params(viewer: Viewer, filters: SearchFilters | None = None) -> dict[str, Any]:
    return {**viewer_params(viewer), **filter_params(filters or SearchFilters(), date.today())}


def _first(*values: Any) -> Any:  # Cypher coalesce
    return next((v for v in values if v is not None), None)


class InMemoryStore(MemoryDirectoryReads, ResearchReadsMixin, MemoryAccountReads, MemoryErasure, MemoryVersions):
    """GraphStore held in dicts; `dimension` is fixed by the first vector if not given."""

    def __init__(self, dimension: int | None = None, fts_over_visible: bool = True):
        """`fts_over_visible`: BM25 statistics over what the viewer may see (the rule);
        False computes them over every node — the side channel the stores once had, kept
        so the non-interference test can show that it sees such a channel."""
        self.dimension = dimension
        self.fts_over_visible = fts_over_visible
        self._nodes: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        self._records: dict[str, tuple[str, str]] = {}
        self._out: dict[tuple[str, str], list[_Edge]] = defaultdict(list)
        self._in: dict[tuple[str, str], list[_Edge]] = defaultdict(list)
        self._rel_counts: Counter[str] = Counter()
        self._fts: dict[str, dict[str, Counter[str]]] = {}  # label -> id -> term counts (a cache)
        self._lock = threading.Lock()

    # schema -------------------------------------------------------------------------
    def install(self) -> None:
        pass

    def close(self) -> None:
        pass

    def vector_dimension(self) -> int | None:
        return self.dimension

    # writes -------------------------------------------------------------------------
    @contextmanager
    def unit_of_work(self) -> Iterator[MemoryUnitOfWork]:
        with self._lock:
            work = MemoryUnitOfWork(self)
            try:
                yield work
            except BaseException:
                work.rollback()
                raise

    def upsert(self, batch: GraphBatch) -> WriteResult:
        return upsert_batch(self, batch)

    def snapshot(self, dest_dir: str | Path) -> Path:
        """The store's dicts, pickled between units of work (see `InMemoryStore.load`)."""
        target = Path(dest_dir) / "graph.pickle"
        target.parent.mkdir(parents=True, exist_ok=True)
        with self._lock:
            state = {k: v for k, v in self.__dict__.items() if k != "_lock"}
            target.write_bytes(pickle.dumps(state))
        return target

    @classmethod
    def load(cls, path: str | Path) -> "InMemoryStore":
        """A store holding what `snapshot` wrote (a file this process or a trusted one made)."""
        store = cls()
        store.__dict__.update(pickle.loads(Path(path).read_bytes()))
        return store

    def replace_similar(self, links: dict[str, list[Hit]], model_id: str) -> None:
        with self.unit_of_work() as work:
            work.replace_similar(links, model_id)

    def _add_edge(self, e: _Edge) -> None:
        self._out[(e.type, e.from_id)].append(e)
        self._in[(e.type, e.to_id)].append(e)
        self._rel_counts[e.type] += 1

    # graph helpers ------------------------------------------------------------------
    def _outgoing(self, rel: str, nid: str) -> list[tuple[_Edge, dict[str, Any]]]:
        return [(e, self._nodes[e.to_label][e.to_id]) for e in self._out.get((rel, nid), ())]

    def _incoming(self, rel: str, nid: str) -> list[tuple[_Edge, dict[str, Any]]]:
        return [(e, self._nodes[e.from_label][e.from_id]) for e in self._in.get((rel, nid), ())]

    def _neighbours(self, node_id: str, rel: str, direction: str) -> Iterable[tuple[str, Row, Row]]:
        """graph.evaluate's Exists hops: (label, relationship properties, node row)."""
        if direction == "out":
            return ((e.to_label, e.props, self._nodes[e.to_label][e.to_id]) for e in self._out.get((rel, node_id), ()))
        return ((e.from_label, e.props, self._nodes[e.from_label][e.from_id]) for e in self._in.get((rel, node_id), ()))

    def _holds(self, rule: Predicate, node: Row, params: dict[str, Any], rel: Row | None = None) -> bool:
        return evaluate(rule, node, params, self._neighbours, rel)

    def _searchable(self, kind: str, filters: SearchFilters, viewer: Viewer) -> Iterable[dict[str, Any]]:
        params = _params(viewer, filters)
        return (n for n in self._nodes[kind].values() if self._holds(SEARCHABLE[kind], n, params))

    # reads --------------------------------------------------------------------------
    def record_index(self, ids: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {i: self._records[i] for i in ids if i in self._records}

    def visible_ids(self, ids: Sequence[str], viewer: Viewer) -> set[str]:
        """cypher.VISIBLE_NODE_IDS and VISIBLE_ADAPTATIONS."""
        out = set()
        for i in ids:
            kind = self._records.get(i, ("",))[0]
            label = RECORD_LABEL.get(kind)
            if label in VISIBLE_LABELS:
                if visible(self._nodes[label][i], viewer):
                    out.add(i)
            elif kind == "adaptation":
                out |= {i for e, _ in self._edges_of_record("ADAPTED_FROM", i)
                        if visible(self._nodes["Practice"][e.from_id], viewer)
                        and visible(self._nodes["Practice"][e.to_id], viewer)}
            elif kind:
                out.add(i)
        return out

    def _edges_of_record(self, rel: str, record_id: str):
        return [(e, None) for (r, _), edges in self._out.items() if r == rel for e in edges
                if e.props.get("record") == record_id]

    def problems(self) -> list[str]:
        return []

    def counts(self) -> dict[str, int]:
        out = {label: len(self._nodes[label]) for label in COUNT_LABELS if label != "Record"}
        out["Record"] = len(self._records)
        out.update({f"rel:{t}": n for t, n in self._rel_counts.items() if n > 0})
        return out

    def practice_vectors(self, ids: Sequence[str]) -> dict[str, list[float]]:
        practices = self._nodes["Practice"]
        return {i: practices[i]["embedding"].tolist() for i in ids
                if i in practices and practices[i].get("embedding") is not None}

    def vector_top_k(self, kind: TextKind, vector: Sequence[float], k: int,
                     filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        rows = [n for n in self._searchable(kind, filters, viewer) if n.get("embedding") is not None]
        if not rows or k <= 0:
            return []
        query = np.asarray(vector, dtype=np.float32)
        matrix = np.stack([n["embedding"] for n in rows])
        with np.errstate(divide="ignore", invalid="ignore"):
            scores = (matrix @ query) / (np.linalg.norm(matrix, axis=1) * np.linalg.norm(query))
        hits = sorted((Hit(n["id"], float(s)) for n, s in zip(rows, scores)), key=lambda h: (-h.score, h.id))
        return hits[:k]

    def _index(self, kind: str) -> dict[str, Counter[str]]:
        if kind not in self._fts:
            self._fts[kind] = {nid: document_terms(n.get(f) for f in FTS_FIELDS[kind])
                               for nid, n in self._nodes[kind].items()}
        return self._fts[kind]

    def fulltext(self, kind: TextKind, text: str, k: int,
                 filters: SearchFilters, viewer: Viewer) -> list[Hit]:
        """graph.text_index: BM25 over the documents this viewer may see (their count,
        average length and document frequencies), so hidden records move no score."""
        wanted = query_terms(text)
        nodes, index = self._nodes[kind], self._index(kind)
        docs = {nid: c for nid, c in index.items() if not self.fts_over_visible or visible(nodes[nid], viewer)}
        if not wanted or not docs or k <= 0:
            return []
        avg_len = sum(sum(c.values()) for c in docs.values()) / len(docs)
        postings = [Posting(t, nid, c[t], sum(c.values())) for nid, c in docs.items() for t in wanted if t in c]
        searchable = {n["id"] for n in self._searchable(kind, filters, viewer)}
        scores = bm25(postings, len(docs), avg_len, searchable)
        return sorted((Hit(i, s) for i, s in scores.items()), key=lambda h: (-h.score, h.id))[:k]

    def candidates(self, kinds: Sequence[TextKind], vector: Sequence[float] | None, text: str | None,
                   k: int, filters: SearchFilters, viewer: Viewer) -> Candidates:
        return candidates_by_parts(self, kinds, vector, text, k, filters, viewer)

    def evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                 filters: SearchFilters, viewer: Viewer) -> list[EvidenceRow]:
        params, rows, wanted = _params(viewer, filters), [], set(practice_ids)

        def works(per: dict[str, Any]) -> bool:
            return self._holds(PERSON_FILTERS, per, params)

        def seen(n: dict[str, Any]) -> bool:
            return self._holds(VISIBILITY, n, params)

        def developmental(o: dict[str, Any]) -> bool:
            return self._holds(DEVELOPMENTAL, o, params) and seen(o)

        practices = [p for i, p in self._nodes["Practice"].items() if i in wanted and seen(p)]
        for p in practices:  # cypher.EVIDENCE[0]: developed / co-developed / adapted
            adapted = self._holds(ADAPTED, p, params)
            for d, per in self._incoming("DEVELOPED", p["id"]):
                if works(per):
                    kind = "adapted" if adapted else "co-developed" if d.props.get("role") == "co-developer" else "developed"
                    rows.append(EvidenceRow(per["id"], per["name"], kind, p["id"], p["title"],
                                            _first(d.props.get("date"), p["date"])))
        for p in practices:  # EVIDENCE[1]: model lesson / observed
            for _, o in self._incoming("OF_PRACTICE", p["id"]):
                if developmental(o):
                    rows += [self._observed(per, o, p) for _, per in self._outgoing("OBSERVED", o["id"]) if works(per)]
        for p in practices:  # EVIDENCE[2]: mentored
            for _, e in self._incoming("DISCUSSED", p["id"]):
                if seen(e):
                    rows += [EvidenceRow(per["id"], per["name"], "mentored", p["id"], p["title"],
                                         _first(e["started"], e["ended"]), e["id"], e["focus"])
                             for r, per in self._outgoing("PARTICIPANT", e["id"])
                             if self._holds(MENTORING, per, params, r.props) and works(per)]
        wanted = set(observation_ids)  # EVIDENCE_OBSERVATIONS
        for o in self._nodes["Observation"].values():
            if o["id"] in wanted and developmental(o):
                of = [q for _, q in self._outgoing("OF_PRACTICE", o["id"]) if seen(q)] or [None]
                rows += [self._observed(per, o, q) for _, per in self._outgoing("OBSERVED", o["id"])
                         if works(per) for q in of]
        return rows

    @staticmethod
    def _observed(per: dict[str, Any], o: dict[str, Any], p: dict[str, Any] | None) -> EvidenceRow:
        kind = "model-lesson" if o["kind"] == "model-lesson" else "observed"
        return EvidenceRow(per["id"], per["name"], kind, p["id"] if p else None, p["title"] if p else None,
                           o["date"], o["id"], _first(o["what_worked"], o["focus"]))

    def _summary(self, n: dict[str, Any]) -> PracticeSummary:
        devs = tuple((per["id"], per["name"], d.props.get("role")) for d, per in self._incoming("DEVELOPED", n["id"]))
        return PracticeSummary(n["id"], n["title"], n["subject"], n["phase"], n["version"], n["visibility"],
                               n["organisation"], n["cluster"], n["date"], devs)

    def practices(self, ids: Sequence[str], viewer: Viewer) -> list[PracticeSummary]:
        found = (self._nodes["Practice"].get(i) for i in dict.fromkeys(ids))  # each once
        params = _params(viewer)
        return [self._summary(n) for n in found if n is not None and self._holds(VISIBILITY, n, params)]

    def get_practice(self, practice_id: str, viewer: Viewer) -> PracticeDetail | None:
        n, params = self._nodes["Practice"].get(practice_id), _params(viewer)
        if n is None or not self._holds(VISIBILITY, n, params):
            return None
        best: dict[str, float] = {}
        for e, other in self._outgoing("SIMILAR_TO", practice_id) + self._incoming("SIMILAR_TO", practice_id):
            if self._holds(VISIBILITY, other, params):
                best[other["id"]] = max(best.get(other["id"], -math.inf), e.props["score"])
        similar = sorted((Hit(i, s) for i, s in best.items()), key=lambda h: (-h.score, h.id))[:10]
        return PracticeDetail(self._summary(n), n["description"], n["context"], tuple(n["tags"] or ()),
                              n["model_id"], tuple(similar))

    def people(self, ids: Sequence[str]) -> list[PersonSummary]:
        params, out = {"today": date.today()}, []
        for pid in dict.fromkeys(ids):  # a repeated id is answered once
            per = self._nodes["Person"].get(pid)
            if per is None:
                continue
            now = [(e.to_label, t) for e, t in self._outgoing("MEMBER_OF", pid)
                   if self._holds(CURRENT_MEMBERSHIP, per, params, e.props)]
            orgs = sorted(((t["id"], t["name"], t["region"]) for l, t in now if l == "Organisation"),
                          key=lambda o: (o[1], o[0]))
            clusters = sorted(((t["id"], t["name"]) for l, t in now if l == "Cluster"), key=lambda c: (c[1], c[0]))
            out.append(PersonSummary(pid, per["name"], tuple(orgs), tuple(clusters)))
        return out

    def lineage_edges(self, practice_ids: Sequence[str], direction: Direction,
                      viewer: Viewer) -> list[LineageEdge]:
        practices, params = self._nodes["Practice"], _params(viewer)
        ways = [w for w, on in (("up", direction in ("ancestors", "both")),
                                ("down", direction in ("descendants", "both"))) if on]
        edges: dict[tuple[str, str, str], LineageEdge] = {}
        for way in ways:  # cypher.LINEAGE_UP / LINEAGE_DOWN, one query per kind
            for kind, props in LINEAGE_KINDS.items():
                for pid in dict.fromkeys(i for i in practice_ids if i in practices):
                    for e, _ in self._outgoing(kind, pid) if way == "up" else self._incoming(kind, pid):
                        if all(self._holds(VISIBILITY, practices[i], params) for i in (e.from_id, e.to_id)):
                            attrs = {p: e.props[p] for p in props if e.props.get(p) is not None}
                            edges[(kind, e.from_id, e.to_id)] = LineageEdge(kind, e.from_id, e.to_id, attrs)
        return list(edges.values())

    def question_evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                          filters: SearchFilters, viewer: Viewer, lineage: bool = True) -> QuestionEvidence:
        """cypher.QUESTION_LINEAGE, EVIDENCE_ALL and WHEREABOUTS."""
        given, params = list(dict.fromkeys(practice_ids)), _params(viewer, filters)

        def passes(pid: str) -> bool:
            return self._holds(FILTERS["Practice"], self._nodes["Practice"][pid], params)

        # an edge from a given practice to one that passes the filters, either way round
        asked = set(given)
        edges = [e for e in self.lineage_edges(given, "both", viewer)
                 if (e.child in asked and passes(e.parent)) or (e.parent in asked and passes(e.child))] \
            if lineage and given else []
        reached = sorted({i for e in edges for i in (e.child, e.parent)} - asked)
        rows = self.evidence(given + reached, observation_ids, filters, viewer)
        names = {r.person_id: r.person_name for r in rows}
        people = {p.id: PersonSummary(p.id, names[p.id], p.organisations, p.clusters) for p in self.people(sorted(names))}
        return QuestionEvidence(tuple(rows), tuple(edges), people)
