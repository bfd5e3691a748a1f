"""The viewer of a request, built from the signed-in person's memberships *today*.

Built on every request, never cached in the session: a teacher who moved school sees
their new school's records, and no longer their old one's, from the day of the move.
"""

from __future__ import annotations

from datetime import date

from practicegraph.accounts.types import Identity
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import Viewer


def viewer_for(identity: Identity | None, store: GraphStore, today: date | None = None) -> Viewer:
    """Roles grant actions, never sight: an administrator or a researcher sees what their
    own person may see, and an account with no person sees what the public sees plus
    nothing else."""
    if identity is None or not identity.person_id:
        return Viewer.anonymous()
    now = store.current_memberships(identity.person_id, today or date.today())
    return Viewer(person_id=identity.person_id,
                  clusters=frozenset(m.target_id for m in now if m.kind == "cluster"),
                  organisations=frozenset(m.target_id for m in now if m.kind == "organisation"))
