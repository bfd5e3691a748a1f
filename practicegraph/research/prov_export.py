"""PROV-JSON of the practice graph through the `prov` package (W3C PROV-DM):

- practice versions are entities; an adaptation is wasDerivedFrom its source (with the
  mode), a new version wasRevisionOf the one before, and a revision made after an
  adopter's feedback wasInfluencedBy that adaptation;
- developmental observations and exchanges are activities (start and end time) that
  used the practices they observed or discussed; a practice that came out of an exchange
  wasGeneratedBy it;
- people (as pseudonyms) and organisations are agents: a practice wasAttributedTo each
  developer, an activity wasAssociatedWith its people (with their role), a person
  actedOnBehalfOf the organisation they are a member of.
"""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path
from typing import Callable

from prov.model import PROV_ROLE, PROV_TYPE, ProvDocument

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer

NAMESPACE = ("pg", "https://practicegraph.example/ns#")


def _when(d) -> datetime | None:
    return datetime.combine(d, time()) if d else None


def build_prov(store: GraphStore, viewer: Viewer, pseudo: Callable[[str], str],
               keep: set[str] | None = None) -> ProvDocument:
    """`keep`: the people who may appear (research consent); None = everyone."""
    doc = ProvDocument()
    doc.add_namespace(*NAMESPACE)
    practices = {p.id: p for p in store.practice_records(viewer)}
    agents: set[str] = set()

    def person(pid: str) -> str:
        qn = f"pg:person/{pseudo(pid)}"
        if qn not in agents:
            agents.add(qn)
            doc.agent(qn, {PROV_TYPE: "prov:Person"})
        return qn

    for p in practices.values():
        attrs = {PROV_TYPE: "pg:Practice", "prov:label": p.title, "pg:version": p.version}
        if p.date:
            attrs["pg:date"] = p.date.isoformat()
        doc.entity(f"pg:practice/{p.id}", attrs)
        for pid, role in (d for d in p.developers if keep is None or d[0] in keep):
            doc.wasAttributedTo(f"pg:practice/{p.id}", person(pid), other_attributes={PROV_ROLE: role or "developer"})
    for link in store.practice_links(viewer):
        child, parent = f"pg:practice/{link.child}", f"pg:practice/{link.parent}"
        if link.kind == "ADAPTED_FROM":
            doc.wasDerivedFrom(child, parent, other_attributes={"pg:mode": link.mode or "unknown"})
        elif link.kind == "VERSION_OF":
            doc.wasRevisionOf(child, parent)
        else:  # REVISED_AFTER: the source's new version was influenced by the adaptation
            doc.wasInfluencedBy(child, parent)
    for act in store.activities(viewer):
        qn = f"pg:{act.label.lower()}/{act.id}"
        doc.activity(qn, _when(act.started), _when(act.ended), {PROV_TYPE: f"pg:{act.kind or act.label}"})
        for pid, role in (d for d in act.people if keep is None or d[0] in keep):
            doc.wasAssociatedWith(qn, person(pid), other_attributes={PROV_ROLE: role or "participant"})
        for p in act.practices:
            doc.used(qn, f"pg:practice/{p}")
        for p in act.led_to:
            doc.wasGeneratedBy(f"pg:practice/{p}", qn)
    orgs = {pl.id: pl for pl in store.places() if pl.label == "Organisation"}
    for m in store.membership_history():
        qn = f"pg:person/{pseudo(m.person)}"
        if m.label == "Organisation" and qn in agents and m.target in orgs:
            org = f"pg:organisation/{m.target}"
            if org not in agents:
                agents.add(org)
                doc.agent(org, {PROV_TYPE: "prov:Organization", "prov:label": orgs[m.target].name})
            doc.actedOnBehalfOf(qn, org)
    return doc


def write_prov(store: GraphStore, viewer: Viewer, out: Path, pseudo: Callable[[str], str],
               keep: set[str] | None = None) -> list[Path]:
    doc = build_prov(store, viewer, pseudo, keep)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(doc.serialize(format="json", indent=2), encoding="utf-8")
    tmp.replace(out)
    return [out]
