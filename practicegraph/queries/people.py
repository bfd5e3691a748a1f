"""A person's page: what they have developed, co-developed or adapted that the viewer may
see, what their adaptations adapt, how active they are (counts, never appraisals), and
where to reach them."""

from __future__ import annotations

from dataclasses import dataclass

from practicegraph.errors import NotFound
from practicegraph.graph.directory_types import PersonProfile
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import PersonSummary, Viewer


@dataclass(frozen=True)
class PersonView:
    person: PersonSummary  # with current schools and clusters
    profile: PersonProfile


def person_view(store: GraphStore, person_id: str, viewer: Viewer) -> PersonView:
    found = store.people([person_id])
    if not found:
        raise NotFound(f"no person '{person_id}'")
    return PersonView(found[0], store.person_profile(person_id, viewer))
