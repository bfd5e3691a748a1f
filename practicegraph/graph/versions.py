"""Corrections and changes of visibility of observations and exchanges, store-neutral.

A correction is a new version under the same id: the record's node, its links, word
postings, vector and ledger hash are replaced in one unit of work, and the superseded
version is kept as a `Version` node (its row and links as JSON, its content hash). No
read that answers a viewer touches `Version` nodes, so an earlier version is never
shown, counted or searched; its hash is kept so that a re-sent copy of it is recognised
as unchanged. Each store supplies three primitives (`_version_source`, `_remove_record`,
`_set_scope`), and the mixins here do the rest the same way everywhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any, Sequence

from practicegraph.errors import ConflictError
from practicegraph.graph.erasure import FIELDS
from practicegraph.graph.schema import VERSION_LABEL
from practicegraph.graph.types import Conflict, GraphBatch, RecordScope, Viewer

CORRECTABLE = {"observation": "Observation", "exchange": "Exchange"}
# columns never kept in a version: the vector (the old text is not searched) and the
# posting length (its postings go)
NOT_KEPT = frozenset({"embedding", "model_id", "text_len"})
CHANGED_MEANWHILE = "the record changed while you corrected it; read it again and send your correction again"


@dataclass(frozen=True)
class Correction:
    version: int  # the number of the version now current (the first is 1)
    removed_texts: tuple[str, ...]  # the superseded words, for embedding caches; never shown


def version_id(record_id: str, number: int) -> str:
    return f"{record_id}~{number}"  # Version nodes have their own label: no record id can clash


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def version_batch(record_id: str, record_type: str, content_hash: str, number: int,
                  node: dict[str, Any], links: Sequence[tuple[str, str, str, dict[str, Any]]]) -> GraphBatch:
    """The Version node keeping one superseded version: `node` is its row, `links` its
    outgoing relationships as (type, target label, target id, properties)."""
    body = {"node": {k: _plain(v) for k, v in node.items() if k not in NOT_KEPT},
            "links": [[rel, label, target, {k: _plain(v) for k, v in props.items()}]
                      for rel, label, target, props in links]}
    row = {"id": version_id(record_id, number), "record": record_id, "number": number, "type": record_type,
           "content_hash": content_hash, "named": sorted(node.get("named") or ()),
           "body": json.dumps(body, sort_keys=True),
           "superseded": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    return GraphBatch(nodes={VERSION_LABEL: [row]})


def text_of(node: dict[str, Any], fields: Sequence[str]) -> tuple[str, ...]:
    return tuple(node[f] for f in fields if isinstance(node.get(f), str))


class VersionWrites:
    """`correct` on a store with `unit_of_work`, `record_index`, `earlier_versions` and the
    primitives `_version_source(label, id) -> (row, links)` and `_remove_record(label, id)`
    (both called inside the unit of work)."""

    def correct(self, record_id: str, expected_hash: str, batch: GraphBatch) -> Correction:
        with self.unit_of_work() as work:
            stored = self.record_index([record_id]).get(record_id)
            if stored is None or stored[1] != expected_hash or stored[0] not in CORRECTABLE:
                raise ConflictError([Conflict(record_id, stored[0] if stored else "", None, CHANGED_MEANWHILE)])
            label = CORRECTABLE[stored[0]]
            node, links = self._version_source(label, record_id)
            number = len(self.earlier_versions([record_id]).get(record_id, ())) + 1
            kept = version_batch(record_id, stored[0], stored[1], number, node, links)
            work.write(kept, {version_id(record_id, number)})
            self._remove_record(label, record_id)
            work.write(batch, {record_id})
        removed = [f for f in FIELDS[(label, "text")] if f not in NOT_KEPT]
        return Correction(number + 1, text_of(node, removed))


# Who a record shows to ------------------------------------------------------------------

SCOPED_LEVELS = {"org": "organisation", "cluster": "cluster"}


def shows_to_no_more(old: str, old_scope: str | None, new: str, new_scope: str | None) -> bool:
    """Is the audience of visibility `new` (with its org/cluster) within that of `old`, for
    every membership anyone may hold? private < pair < org/cluster (of one place) < public;
    an org and a cluster are not comparable, nor two different places."""
    if new == old and (new not in SCOPED_LEVELS or new_scope == old_scope):
        return True
    if new == "private":
        return True  # its author only, who sees it at any level
    if new == "pair":
        return old != "private"  # the people named see a record at every level but private
    if new in SCOPED_LEVELS:
        return old == "public"
    return False  # public, from anything narrower


def scope_of(level: str, organisation: str | None, cluster: str | None) -> str | None:
    return {"org": organisation, "cluster": cluster}.get(level)


def is_narrowing(current: RecordScope, visibility: str, reflection_visibility: str,
                 organisation: str | None, cluster: str | None) -> bool:
    """No one sees the record or its reflection who did not before (a widening needs the
    consent of everyone the record names; a narrowing does not)."""
    return all(shows_to_no_more(old, scope_of(old, current.organisation, current.cluster),
                                new, scope_of(new, organisation, cluster))
               for old, new in ((current.visibility, visibility),
                                (current.reflection_visibility, reflection_visibility)))


class ScopeWrites:
    """`set_visibility` on a store with `unit_of_work`, `record_scope` and the primitive
    `_set_scope(label, id, values)` (inside the unit of work)."""

    def set_visibility(self, record_id: str, visibility: str, reflection_visibility: str,
                       organisation: str | None, cluster: str | None) -> bool:
        with self.unit_of_work():
            current = self.record_scope(record_id, Viewer.internal())
            if current is None:
                return False
            self._set_scope(CORRECTABLE[current.type], record_id,
                            {"visibility": visibility, "reflection_visibility": reflection_visibility,
                             "organisation": organisation, "cluster": cluster})
        return True
