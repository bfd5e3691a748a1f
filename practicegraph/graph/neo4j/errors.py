"""Driver errors -> the project's own exceptions. No driver exception crosses the port."""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import Iterator, Sequence

from practicegraph.errors import ConflictError, StoreError, StoreUnavailable
from practicegraph.graph.types import Conflict, LedgerEntry

_DUPLICATE_ID = re.compile(r"property `id` = '((?:[^'\\]|\\.)*)'")


@contextmanager
def translated(ledger: Sequence[LedgerEntry] = ()) -> Iterator[None]:
    """Run driver calls; re-raise what fails as StoreUnavailable (retry later: the server is
    down, busy or refuses our credentials), ConflictError (a unique id written concurrently
    by another writer) or StoreError (anything else)."""
    from neo4j import exceptions as nx

    try:
        yield
    except (nx.ServiceUnavailable, nx.SessionExpired, nx.TransientError) as exc:
        raise StoreUnavailable(f"Neo4j is not available: {_message(exc)}") from exc
    except nx.AuthError as exc:
        raise StoreUnavailable(f"Neo4j refused the credentials (NEO4J_USER / NEO4J_PASSWORD): "
                               f"{_message(exc)}") from exc
    except nx.ConstraintError as exc:
        raise ConflictError([_conflict(str(exc), ledger)]) from exc
    except (nx.Neo4jError, nx.DriverError) as exc:
        raise StoreError(f"Neo4j query failed: {_message(exc)}") from exc


def _message(exc: Exception) -> str:
    """The server's own message when there is one (str() adds codes and GQL statuses)."""
    message = getattr(exc, "message", None)
    return message if message and message != "An unknown error occurred" else str(exc)


def _conflict(message: str, ledger: Sequence[LedgerEntry]) -> Conflict:
    match = _DUPLICATE_ID.search(message)
    rid = match.group(1) if match else ""
    entry = next((e for e in ledger if e.id == rid), None)
    return Conflict(rid, entry.type if entry else "", entry.line if entry else None,
                    "another writer stored this id at the same time; load again to compare")
