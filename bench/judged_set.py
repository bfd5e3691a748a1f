"""The judged set in bench/judged/: corpus, questions, askers' viewers and graded relevance.

Relevance is judged by hand per *need* (topic): which practices (and the odd observation
that names no practice) answer it. A person's grade for a question then follows from their
evidence on those records that the asker may see (the store's own evidence read, under the
asker's Viewer): developed/co-developed 3, adapted 2, demonstrated in a model lesson 2,
observed 1, mentored 1. Hard negatives (a shared word in an unrelated practice, or only an
evaluative observation) are judged by hand per topic and written with grade 0.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from practicegraph.graph.types import SearchFilters, Viewer

JUDGED = Path(__file__).parent / "judged"
CORPUS, TOPICS, QRELS = JUDGED / "corpus.jsonl", JUDGED / "topics.jsonl", JUDGED / "qrels.tsv"
TODAY = date(2026, 9, 1)  # fixed, so recency (and so the figures) do not drift with the calendar
GRADES = {"developed": 3, "co-developed": 3, "adapted": 2, "model-lesson": 2, "observed": 1, "mentored": 1}
STYLES = ("keywords", "question", "paraphrase")


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    style: str
    asker: str
    text: str

    @property
    def half(self) -> str:
        """Tuning half (odd topics) or check half (even topics): a topic's three phrasings
        stay together, so the check half holds needs never tuned on."""
        return "tune" if int(self.topic[1:]) % 2 else "check"


def topics() -> list[dict]:
    return [json.loads(line) for line in TOPICS.read_text().splitlines() if line.strip()]


def questions() -> list[Question]:
    out = []
    for t in topics():
        for style, asker, text in t["questions"]:
            out.append(Question(f"{t['topic']}-{style[0]}", t["topic"], style, asker, text))
    return out


def corpus_records() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text().splitlines()
            if line.strip() and not line.startswith("#")]


def viewers(records: list[dict], today: date = TODAY) -> dict[str, Viewer]:
    """Each person's Viewer from their current memberships."""
    orgs: dict[str, set[str]] = {}
    clusters: dict[str, set[str]] = {}
    for r in records:
        if r["type"] != "membership" or (r.get("until") and r["until"] < today.isoformat()):
            continue
        target = orgs if r.get("organisation") else clusters
        target.setdefault(r["person"], set()).add(r.get("organisation") or r["cluster"])
    people = [r["id"] for r in records if r["type"] == "person"]
    return {p: Viewer(person_id=p, clusters=frozenset(clusters.get(p, ())),
                      organisations=frozenset(orgs.get(p, ()))) for p in people}


def derive_qrels(store, viewer_of: dict[str, Viewer]) -> tuple[dict[str, dict[str, int]], list[str]]:
    """qid -> person -> grade (0 for the judged hard negatives), and warnings."""
    by_topic = {t["topic"]: t for t in topics()}
    qrels: dict[str, dict[str, int]] = {}
    warnings = []
    for q in questions():
        t = by_topic[q.topic]
        rows = store.evidence(t["practices"], t.get("observations", []), SearchFilters(), viewer_of[q.asker])
        grades: dict[str, int] = {}
        for r in rows:
            grades[r.person_id] = max(grades.get(r.person_id, 0), GRADES[r.kind])
        if q.asker in grades:
            warnings.append(f"{q.id}: the asker {q.asker} is among the relevant people")
        for neg in t.get("negatives", []):
            if grades.get(neg, 0) > 0:
                warnings.append(f"{q.id}: negative {neg} has relevant evidence")
            else:
                grades[neg] = 0
        if not any(g > 0 for g in grades.values()):
            warnings.append(f"{q.id}: nobody relevant is visible to {q.asker}")
        qrels[q.id] = grades
    return qrels, warnings


def write_qrels(qrels: dict[str, dict[str, int]], path: Path = QRELS) -> None:
    lines = [f"{qid} 0 {pid} {g}" for qid, grades in qrels.items()
             for pid, g in sorted(grades.items(), key=lambda kv: (-kv[1], kv[0]))]
    path.write_text("\n".join(lines) + "\n")


def read_qrels(path: Path = QRELS) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for line in path.read_text().splitlines():
        qid, _, pid, grade = line.split()
        out.setdefault(qid, {})[pid] = int(grade)
    return out


if __name__ == "__main__":  # rebuild qrels.tsv after editing the corpus or the topics
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.ingest.jsonl import read_jsonl
    from practicegraph.ingest.pipeline import ingest

    store = InMemoryStore(dimension=1)
    items, errors = read_jsonl(CORPUS)
    assert not errors, errors
    ingest(store, None, items)
    qrels, warnings = derive_qrels(store, viewers(corpus_records()))
    print("\n".join(warnings) or "no warnings")
    write_qrels(qrels)
    positives = [sum(1 for g in v.values() if g > 0) for v in qrels.values()]
    negatives = sum(1 for v in qrels.values() for g in v.values() if g == 0)
    print(f"{len(qrels)} questions, {sum(positives)} relevant judgements "
          f"(min {min(positives)}, max {max(positives)} per question), {negatives} hard negatives")
