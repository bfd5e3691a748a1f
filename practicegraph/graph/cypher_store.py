"""Reads both Cypher stores answer with the same code: practice summaries and detail,
people, lineage hops. The host supplies `_read` (viewer parameters), `_rows` and
`cypher`, its module of constants (the lineage and similar-practice queries are spelled
per engine; the rest come from graph/cypher_reads.py)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any, Callable, Sequence

from practicegraph.graph.cypher_reads import WORD_POSTINGS, WORD_STATS
from practicegraph.graph.rule import viewer_params
from practicegraph.graph.text_index import Posting, bm25, query_terms
from practicegraph.graph.types import (
    Direction, EvidenceRow, Hit, LineageEdge, PersonSummary, PracticeDetail, PracticeSummary, QuestionEvidence,
    SearchFilters, TextKind, Viewer,
)

Read = Callable[..., list]  # read(query, viewer, filters=None, **params) -> rows


def unique(ids: Sequence[str]) -> list[str]:
    """UNWIND matches a repeated id once per repeat; ask for each id once."""
    return list(dict.fromkeys(ids))


def summary(r: list[Any]) -> PracticeSummary:
    devs = tuple(tuple(d) for d in (r[9] or ()) if d)
    return PracticeSummary(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], devs)


def lineage_edge(kind: str, child: str, parent: str, props: Sequence[Any], names: Sequence[str]) -> LineageEdge:
    return LineageEdge(kind, child, parent, {k: v for k, v in zip(names, props) if v is not None})


def _some(ids: list[str]) -> list[str]:
    """[""] for no ids: it matches no id (ids are never empty), and Kùzu can type it."""
    return ids or [""]


class KeptWordStatistics:
    """(documents, average length) of a kind among those a viewer may see: BM25's figures,
    which every question asks again and which take a read of every record of the kind. Kept
    until the store's next commit (`stale()`), and with `ttl_s` for at most that long (other
    processes may write to the same server). Never kept from a read inside a unit of work
    (`keep=False`), which may yet roll back."""

    def __init__(self, ttl_s: float | None = None, most: int = 1024):
        self._ttl_s, self._most, self._generation = ttl_s, most, 0
        self._kept: dict[tuple[str, str], tuple[int, float, tuple[int, float]]] = {}

    def stale(self) -> None:
        self._generation += 1

    def get(self, read: Read, kind: TextKind, viewer: Viewer, keep: bool = True) -> tuple[int, float]:
        key = (kind, repr(sorted(viewer_params(viewer).items())))
        kept, generation, now = self._kept.get(key), self._generation, time.monotonic()
        if kept is not None and kept[0] == generation and (self._ttl_s is None or now - kept[1] < self._ttl_s):
            return kept[2]
        count, avg = read(WORD_STATS[kind], viewer)[0]
        stats = (int(count), float(avg or 0.0))
        if keep:
            if len(self._kept) >= self._most:
                self._kept.clear()
            self._kept[key] = (generation, now, stats)  # as of before the read
        return stats


def best_by_words(read: Read, statistics: KeptWordStatistics, kind: TextKind, text: str, k: int,
                  filters: SearchFilters, viewer: Viewer, keep: bool = True) -> list[Hit]:
    """The k documents of `kind` best matching `text`'s words (graph/text_index.py's BM25)
    among those the viewer may see, passing the filters."""
    wanted = query_terms(text)
    if not wanted or k <= 0:
        return []
    n_docs, avg_len = statistics.get(read, kind, viewer, keep)
    rows = read(WORD_POSTINGS[kind], viewer, filters, terms=wanted)
    postings = [Posting(term, doc, tf, length or 0) for term, doc, tf, length, _ in rows]
    scores = bm25(postings, n_docs, avg_len, {doc for _, doc, _, _, ok in rows if ok})
    return sorted((Hit(i, s) for i, s in scores.items()), key=lambda h: (-h.score, h.id))[:k]


class CypherPracticeReads:
    cypher: Any  # the host's module of Cypher constants
    # An engine that joins a list of ids against a scan of the table (Kùzu) pays for the
    # table, not for the ids: it reads a question's lineage per practice from its key
    # (cypher.QUESTION_LINEAGE_ONE, `key_read_ms` a read) when that costs less than the
    # joined read (`lineage_scan_us` per stored practice, twice that under a person's
    # visibility rule). None: always the joined read (an engine with id look-ups: Neo4j).
    lineage_scan_us: float | None = None
    key_read_ms = 1.0

    def _reading_together(self, work):
        """Run work(read), read(query, viewer, filters, **params) -> rows, as one store
        read; a server store runs it in one transaction (one round trip's worth)."""
        return work(self._read)

    def practices(self, ids: Sequence[str], viewer: Viewer) -> list[PracticeSummary]:
        return [summary(r) for r in self._read(self.cypher.PRACTICE_SUMMARIES, viewer, ids=unique(ids))]

    def get_practice(self, practice_id: str, viewer: Viewer) -> PracticeDetail | None:
        rows = self._read(self.cypher.PRACTICE_DETAIL, viewer, id=practice_id)
        if not rows:
            return None
        r = rows[0]
        similar = [Hit(i, float(s)) for i, s in self._read(self.cypher.SIMILAR_OF, viewer, id=practice_id, k=10)]
        return PracticeDetail(summary(r[:10]), r[10], r[11], tuple(r[12] or ()), r[13], tuple(similar))

    def people(self, ids: Sequence[str]) -> list[PersonSummary]:
        q, ids, today = self.cypher, unique(ids), date.today()
        orgs: dict[str, list] = {}
        clusters: dict[str, list] = {}
        for pid, *org in self._rows(q.PEOPLE_ORGS, ids=ids, today=today):
            orgs.setdefault(pid, []).append(tuple(org))
        for pid, *cluster in self._rows(q.PEOPLE_CLUSTERS, ids=ids, today=today):
            clusters.setdefault(pid, []).append(tuple(cluster))
        return [PersonSummary(pid, name, tuple(orgs.get(pid, ())), tuple(clusters.get(pid, ())))
                for pid, name in self._rows(q.PEOPLE, ids=ids)]

    def lineage_edges(self, practice_ids: Sequence[str], direction: Direction,
                      viewer: Viewer) -> list[LineageEdge]:
        q = self.cypher
        queries = ([q.LINEAGE_UP] if direction in ("ancestors", "both") else []) + \
                  ([q.LINEAGE_DOWN] if direction in ("descendants", "both") else [])
        edges: dict[tuple[str, str, str], LineageEdge] = {}
        for query in queries:
            for kind, child, parent, *props in self._read(query, viewer, ids=unique(practice_ids)):
                attrs = {k: v for k, v in zip(q.LINEAGE_PROPS, props) if v is not None}
                edges[(kind, child, parent)] = LineageEdge(kind, child, parent, attrs)
        return list(edges.values())

    def _question_lineage(self, read: Read, practices: list[str], filters: SearchFilters, viewer: Viewer) -> list:
        """One lineage hop each way from the question's practices: (kind, child, parent, *props)."""
        q = self.cypher
        if not self._lineage_by_key(read, len(practices), viewer):
            return read(q.QUESTION_LINEAGE, viewer, filters, ids=practices)
        return [row for query in q.QUESTION_LINEAGE_ONE for practice in practices
                for row in read(query, viewer, filters, id=practice)]

    def _lineage_by_key(self, read: Read, n_practices: int, viewer: Viewer) -> bool:
        """Whether reading per practice is the cheaper plan. Only the plan depends on the
        count of every stored practice; both plans give the same rows (the contract suite)."""
        scan_us = self.lineage_scan_us
        if scan_us is None:
            return False
        stored = read(self.cypher.COUNT_LABEL["Practice"], viewer)[0][0]
        scan_ms = stored * scan_us * (2 if viewer.person_id else 1) / 1000
        return 2 * n_practices * self.key_read_ms < scan_ms

    def question_evidence(self, practice_ids: Sequence[str], observation_ids: Sequence[str],
                          filters: SearchFilters, viewer: Viewer, lineage: bool = True) -> QuestionEvidence:
        q, practices, observations = self.cypher, unique(practice_ids), unique(observation_ids)

        def work(read) -> QuestionEvidence:
            edges: dict[tuple[str, str, str], LineageEdge] = {}
            if lineage and practices:
                for kind, child, parent, *props in self._question_lineage(read, practices, filters, viewer):
                    edges[(kind, child, parent)] = lineage_edge(kind, child, parent, props, q.LINEAGE_PROPS)
            given = set(practices)
            reached = sorted({i for _, c, p in edges for i in (c, p)} - given)
            wanted = practices + reached
            if not wanted and not observations:
                return QuestionEvidence()
            rows = [EvidenceRow(*r) for r in read(q.EVIDENCE_ALL, viewer, filters, ids=_some(wanted),
                                                  obs=_some(observations))]
            names = {r.person_id: r.person_name for r in rows}
            places: dict[str, tuple[list, list]] = {pid: ([], []) for pid in names}
            if names:
                for pid, kind, place, name, region in read(q.WHEREABOUTS, viewer, filters, ids=sorted(names)):
                    orgs, clusters = places[pid]
                    if kind == "org":
                        orgs.append((place, name, region))
                    else:
                        clusters.append((place, name))
            people = {pid: PersonSummary(pid, names[pid], tuple(sorted(orgs, key=lambda o: (o[1], o[0]))),
                                         tuple(sorted(clusters, key=lambda c: (c[1], c[0]))))
                      for pid, (orgs, clusters) in places.items()}
            return QuestionEvidence(tuple(rows), tuple(edges.values()), people)

        return self._reading_together(work)
