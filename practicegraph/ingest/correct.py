"""A correction: the author's new version of an observation or exchange, through the same
checks as any record (validation, references the writer may see, one embedding of the new
text), written by the store in one unit of work (GraphStore.correct).

A correction changes what a record says. It keeps the record's id and type, who it names
and who may see it: a change of who sees it goes through a visibility change (a widening
needs everyone named to consent), and naming other people is a new record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from practicegraph import model as m
from practicegraph.embeddings import Embedder
from practicegraph.errors import FieldError, ValidationFailed
from practicegraph.graph.port import GraphStore
from practicegraph.graph.rows import to_batch
from practicegraph.graph.types import RecordScope, Viewer
from practicegraph.ingest.validate import Item, check_references, parse_items, referenced_ids

KEPT = {  # field -> why a correction may not change it
    "visibility": "a correction keeps who may see the record; change that with its visibility "
                  "(a widening needs the consent of everyone it names)",
    "reflection_visibility": "a correction keeps who may see the reflection; change that with its visibility",
    "organisation": "a correction keeps the school the record is shared with; change that with its visibility",
    "cluster": "a correction keeps the cluster the record is shared with; change that with its visibility",
}


@dataclass(frozen=True)
class CorrectionReport:
    id: str
    type: str
    version: int  # now current; the first version is 1
    corrected: bool  # False: the text sent is the current version (nothing written)
    embedded: int
    removed_texts: tuple[str, ...] = ()  # the superseded words, for the embedding cache


def correct(store: GraphStore, embedder: Embedder | None, record_id: str, body: Any,
            current: RecordScope, viewer: Viewer) -> CorrectionReport:
    """`current`: the record as its author may see it (the caller checked authorship)."""
    if isinstance(body, dict) and not body.get("id"):
        body = {**body, "id": record_id}
    records, errors = parse_items([Item(body, None)])
    if errors:
        raise ValidationFailed(errors)
    record = records[0][0]
    _check_kept(record, current)
    stored = store.record_index([record_id] + sorted(referenced_ids(records)))
    hidden = set(stored) - store.visible_ids(sorted(stored), viewer)
    errors = check_references(records, {i: v for i, v in stored.items() if i not in hidden})
    if errors:
        raise ValidationFailed(errors)
    current_hash = stored[record_id][1]
    versions = len(store.earlier_versions([record_id]).get(record_id, ())) + 1
    if record.content_hash() == current_hash:
        return CorrectionReport(record_id, record.type, versions, False, 0)
    text = record.embedding_text() if embedder is not None else None
    vectors = {record_id: (embedder.encode([text])[0], embedder.model_id)} if text else {}
    done = store.correct(record_id, current_hash, to_batch([(record, None)], vectors))
    return CorrectionReport(record_id, record.type, done.version, True, len(vectors), done.removed_texts)


def _check_kept(record: m._Record, current: RecordScope) -> None:
    """Every way the correction differs from what it must keep, at once."""
    errors: list[FieldError] = []
    if record.id != current.id:
        errors.append(FieldError(None, "id", f"a correction keeps the record's id ({current.id})"))
    if record.type != current.type:
        errors.append(FieldError(None, "type", f"a correction keeps the record's type ({current.type})"))
    elif isinstance(record, m._Visible):
        now = {"visibility": record.visibility.value, "reflection_visibility": record.reflection_visibility.value,
               "organisation": record.organisation, "cluster": record.cluster}
        errors += [FieldError(None, name, why) for name, why in KEPT.items()
                   if now[name] != getattr(current, name)]
        if sorted(set(record.named_people())) != sorted(current.named) or record.record_author() != current.author:
            errors.append(FieldError(None, "people", "a correction keeps the people the record names and its "
                                                     "author; to record it with someone else, record it anew"))
    if errors:
        raise ValidationFailed(errors)
