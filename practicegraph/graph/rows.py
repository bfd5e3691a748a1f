"""Records -> store-neutral rows (nodes, edges, ledger). Written once for every store."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Iterable, Sequence

from practicegraph import model as m
from practicegraph.graph.schema import NODE_COLUMNS, RECORD_LABEL
from practicegraph.graph.types import Edge, GraphBatch, LedgerEntry


def pseudonym_for(person_id: str) -> str:
    """A stable pseudonym for research exports (keyed per project once accounts exist)."""
    return "P-" + hashlib.sha256(person_id.encode()).hexdigest()[:10]


def _row(label: str, values: dict[str, Any], content_hash: str, now: str) -> dict[str, Any]:
    row = {name: values.get(name) for name, _ in NODE_COLUMNS[label]}
    row.update(content_hash=content_hash, created=now, updated=now)
    return row


def _visible(rec: m._Visible, author: str | None, named: Sequence[str]) -> dict[str, Any]:
    return {"visibility": rec.visibility.value, "author": author or "",
            "named": sorted(set(named)), "organisation": rec.organisation, "cluster": rec.cluster}


def _node_values(rec: m._Record) -> dict[str, Any]:
    if isinstance(rec, m.Person):
        return {"id": rec.id, "name": rec.name, "pseudonym": rec.pseudonym or pseudonym_for(rec.id)}
    if isinstance(rec, m.Organisation):
        return {**rec.model_dump(exclude={"type"}), "phase": rec.phase.value if rec.phase else None}
    if isinstance(rec, m.Cluster):
        return rec.model_dump(exclude={"type"})
    if isinstance(rec, m.Practice):
        people = [d.person for d in rec.developers]
        dates = [d.date for d in rec.developers if d.date]
        return {"id": rec.id, "title": rec.title, "description": rec.description,
                "subject": rec.subject, "phase": rec.phase.value if rec.phase else None,
                "context": rec.context, "tags": list(rec.tags), "version": rec.version,
                "date": min(dates) if dates else None,
                **_visible(rec, people[0] if people else None, people)}
    if isinstance(rec, m.Resource):
        return {"id": rec.id, "title": rec.title, "kind": rec.kind, "url": rec.url,
                **_visible(rec, rec.author, [rec.author] if rec.author else [])}
    if isinstance(rec, m.Observation):
        values = rec.model_dump(exclude={"type", "practices", "observer", "observed", "group"})
        values.update(grp=rec.group, purpose=rec.purpose.value,
                      reflection_visibility=rec.reflection_visibility.value,
                      **_visible(rec, rec.observer, [rec.observer, rec.observed]))
        return values
    if isinstance(rec, m.Exchange):
        people = [p.person for p in rec.participants]
        return {"id": rec.id, "kind": rec.kind, "started": rec.started, "ended": rec.ended,
                "rounds": rec.rounds, "focus": rec.focus, "reflection": rec.reflection,
                "reflection_visibility": rec.reflection_visibility.value,
                **_visible(rec, people[0], people)}
    if isinstance(rec, m.Meeting):
        return {"id": rec.id, "date": rec.date, "agenda_text": [a.text for a in rec.agenda],
                "agenda_tags": [a.tag for a in rec.agenda]}
    raise TypeError(f"not a node record: {type(rec).__name__}")


def _edges(rec: m._Record) -> Iterable[Edge]:
    if isinstance(rec, m.Cluster) and rec.venue:
        yield Edge("VENUE", "Cluster", rec.id, "Organisation", rec.venue)
    elif isinstance(rec, m.Membership):
        to_label, to_id = ("Organisation", rec.organisation) if rec.organisation else ("Cluster", rec.cluster)
        yield Edge("MEMBER_OF", "Person", rec.person, to_label, to_id,
                   {"role": rec.role, "since": rec.since, "until": rec.until, "record": rec.id})
    elif isinstance(rec, m.Practice):
        for d in rec.developers:
            yield Edge("DEVELOPED", "Person", d.person, "Practice", rec.id,
                       {"role": d.role, "share": d.share, "date": d.date})
        if rec.version_of:
            yield Edge("VERSION_OF", "Practice", rec.id, "Practice", rec.version_of)
        for r in rec.revised_after:
            yield Edge("REVISED_AFTER", "Practice", rec.id, "Practice", r.practice,
                       {"what_changed": r.what_changed, "date": r.date})
    elif isinstance(rec, m.Adaptation):
        yield Edge("ADAPTED_FROM", "Practice", rec.practice, "Practice", rec.source,
                   {"mode": rec.mode.value, "what_changed": rec.what_changed, "why": rec.why,
                    "new_context": rec.new_context, "how_learned": rec.how_learned,
                    "round": rec.round, "date": rec.date, "record": rec.id})
    elif isinstance(rec, m.Resource):
        for p in rec.embodies:
            yield Edge("EMBODIES", "Resource", rec.id, "Practice", p)
    elif isinstance(rec, m.Observation):
        yield Edge("OBSERVER", "Observation", rec.id, "Person", rec.observer)
        yield Edge("OBSERVED", "Observation", rec.id, "Person", rec.observed)
        for p in rec.practices:
            yield Edge("OF_PRACTICE", "Observation", rec.id, "Practice", p)
    elif isinstance(rec, m.Exchange):
        for p in rec.participants:
            yield Edge("PARTICIPANT", "Exchange", rec.id, "Person", p.person, {"role": p.role})
        for p in rec.discussed:
            yield Edge("DISCUSSED", "Exchange", rec.id, "Practice", p)
        for p in rec.led_to:
            yield Edge("LED_TO", "Exchange", rec.id, "Practice", p)
    elif isinstance(rec, m.Meeting):
        yield Edge("OF_CLUSTER", "Meeting", rec.id, "Cluster", rec.cluster)
        if rec.venue:
            yield Edge("HELD_AT", "Meeting", rec.id, "Organisation", rec.venue)
        for p in rec.attendees:
            yield Edge("ATTENDED", "Person", p, "Meeting", rec.id)


def to_batch(records: Sequence[tuple[m._Record, int | None]],
             vectors: dict[str, tuple[list[float], str]] | None = None) -> GraphBatch:
    """Build one batch. `vectors` maps record id -> (embedding, model id)."""
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    vectors = vectors or {}
    batch = GraphBatch()
    for rec, line in records:
        h = rec.content_hash()
        batch.ledger.append(LedgerEntry(rec.id, rec.type, h, line))
        label = RECORD_LABEL.get(rec.type)
        if label:
            values = _node_values(rec)
            if rec.id in vectors:
                values["embedding"], values["model_id"] = vectors[rec.id]
            batch.add_node(label, _row(label, values, h, now))
        batch.edges.extend(replace(e, owner=rec.id) for e in _edges(rec))
    return batch
