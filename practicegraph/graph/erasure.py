"""Erasure of a person's private and pair words, store-neutral: what goes, decided once.

A record that names the person and is `pair` or `private` loses its text and its vector;
a reflection kept `pair` or `private` on a more widely shared record loses that
reflection; a `private` practice they wrote loses its text and vector; their authorship
is detached from practices where co-authors keep theirs (a practice with no co-author
keeps its author, its credit being the only trace of shared work). Ids and the ledger's
content hash stay, as a tombstone: a re-sent copy is recognised, not written again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

CLOSED = ("pair", "private")
VECTOR = ("embedding", "model_id")
# (label, what) -> the fields set to null
FIELDS = {
    ("Observation", "text"): ("setting", "group_outline", "focus", "what_worked", "adapt_further", "reflection") + VECTOR,
    ("Observation", "reflection"): ("reflection",),
    ("Exchange", "text"): ("focus", "reflection") + VECTOR,
    ("Exchange", "reflection"): ("reflection",),
    ("Practice", "text"): ("description", "context") + VECTOR,
    ("Version", "body"): ("body",),  # an earlier version of a corrected record (graph/versions.py)
}
# fields that must keep a value: replaced instead (a practice always has a title)
REPLACE = {("Practice", "text"): {"title": "(erased)"}}


@dataclass
class ErasurePlan:
    person_id: str
    clear: list[tuple[str, str, str]] = field(default_factory=list)  # (label, id, what)
    detach: list[str] = field(default_factory=list)  # practices losing this author
    texts: list[str] = field(default_factory=list)  # removed texts, for embedding caches; never shown

    @property
    def empty(self) -> bool:
        return not self.clear and not self.detach

    def lines(self) -> list[str]:
        out = [f"clear {what} of {label.lower()} {rid}" if label != "Version"
               else f"clear earlier version {rid.rsplit('~', 1)[1]} of record {rid.rsplit('~', 1)[0]}"
               for label, rid, what in self.clear]
        return out + [f"detach authorship of practice {pid} (co-authors keep theirs)" for pid in self.detach]


def plan(person_id: str, rows: dict[str, Iterable[dict[str, Any]]], shared_practices: Iterable[str]) -> ErasurePlan:
    """`rows`: label -> node rows that name the person; `shared_practices`: practices the
    person developed with someone else."""
    result = ErasurePlan(person_id)
    for label in ("Observation", "Exchange"):
        for r in sorted(rows.get(label, ()), key=lambda r: r["id"]):
            if r.get("visibility") in CLOSED:
                _add(result, label, r, "text")
            elif r.get("reflection_visibility") in CLOSED and r.get("reflection"):
                _add(result, label, r, "reflection")
    for r in sorted(rows.get("Practice", ()), key=lambda r: r["id"]):
        if r.get("visibility") == "private" and r.get("author") == person_id:
            _add(result, "Practice", r, "text")
    for r in sorted(rows.get("Version", ()), key=lambda r: r["id"]):
        if r.get("body"):  # never shown, so erased whatever its visibility was
            result.clear.append(("Version", r["id"], "body"))
    result.detach = sorted(set(shared_practices))
    return result


def _add(result: ErasurePlan, label: str, row: dict[str, Any], what: str) -> None:
    replaced = REPLACE.get((label, what), {})
    texts = [row[f] for f in (*FIELDS[(label, what)], *replaced)
             if f not in VECTOR and isinstance(row.get(f), str) and row[f] != replaced.get(f)]
    if texts:  # already erased: nothing left to clear (a re-run changes nothing)
        result.clear.append((label, row["id"], what))
        result.texts += texts


# Retraction by a record's author: its text and vector go, and it becomes visible to
# nobody (private with no author), kept only as a tombstone id.
RETRACTABLE = {"observation": "Observation", "exchange": "Exchange"}
TOMBSTONE = {"visibility": "private", "author": ""}


def retraction_texts(label: str, row: dict[str, Any]) -> list[str]:
    return [row[f] for f in FIELDS[(label, "text")] if f not in VECTOR and isinstance(row.get(f), str)]
