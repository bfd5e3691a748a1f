"""What each role may write. Sight is never a role's: it comes from the viewer.

- administrator (deployment-wide): manages people, schools, clusters and memberships, and
  may import any record, as the CLI's ingest does; reading stays their own person's.
  Scoped to an organisation or cluster: memberships there.
- cluster-leader: memberships and meetings of their cluster.
- teacher, mentor, broker, cluster-leader: their own words — practices, observations,
  exchanges and resources that name them — and adaptations.
- researcher: reads only.
"""

from __future__ import annotations

from typing import Any, Iterable

from practicegraph.accounts.types import Identity

WORD_RECORDS = frozenset({"practice", "observation", "exchange", "resource"})


def named_people(record: dict[str, Any]) -> set[str]:
    """The people a raw record names (before validation; shapes it cannot have are ignored)."""
    kind = record.get("type")
    people: list[Any] = []
    if kind == "practice":
        people = [d.get("person") for d in record.get("developers") or [] if isinstance(d, dict)]
    elif kind == "observation":
        people = [record.get("observer"), record.get("observed")]
    elif kind == "exchange":
        people = [p.get("person") for p in record.get("participants") or [] if isinstance(p, dict)]
    elif kind == "resource":
        people = [record.get("author")]
    return {p for p in people if isinstance(p, str)}


def write_refusal(identity: Identity, record: Any) -> str | None:
    """Why `identity` may not write `record`, or None if it may. Malformed records pass
    here and are refused by validation with their field and reason."""
    if not isinstance(record, dict) or not isinstance(record.get("type"), str):
        return None
    kind = record["type"]
    if identity.role_in("administrator", "deployment", "*"):
        return None
    if kind == "membership":
        for scope in ("organisation", "cluster"):
            target = record.get(scope)
            if isinstance(target, str) and (identity.role_in("administrator", scope, target) or
                                            (scope == "cluster" and identity.role_in("cluster-leader", scope, target))):
                return None
        return "memberships are managed by an administrator of that school or cluster, or its cluster leader"
    if kind == "meeting":
        cluster = record.get("cluster")
        if isinstance(cluster, str) and (identity.role_in("cluster-leader", "cluster", cluster)
                                         or identity.role_in("administrator", "cluster", cluster)):
            return None
        return "meetings are recorded by the cluster's leader"
    if kind in ("person", "organisation", "cluster"):
        return f"{kind} records are managed by an administrator"
    if not identity.practitioner:
        return "this account's roles do not include recording practice"
    if kind in WORD_RECORDS and identity.person_id not in named_people(record):
        return f"you can record only your own {kind}s: this one does not name you"
    return None


def refusals(identity: Identity, records: Iterable[Any]) -> list[dict]:
    return [{"index": i, "reason": why} for i, r in enumerate(records)
            if (why := write_refusal(identity, r)) is not None]
