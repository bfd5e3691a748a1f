"""Research access: keyed pseudonyms and consent, for the API's research view and for the
research package's exports.

A pseudonym is HMAC-SHA256(per-deployment secret, person id): stable within a deployment
(so analyses can follow a person), not reversible without the secret, and different in
every deployment (so datasets cannot be joined on it).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date
from typing import Any, Callable, Iterable

from practicegraph.accounts.consent import DEFAULT_SCOPE
from practicegraph.accounts.store import AccountStore

SECRET_NAME = "pseudonym"


def pseudonym(person_id: str, secret: bytes) -> str:
    return "R-" + hmac.new(secret, person_id.encode(), hashlib.sha256).hexdigest()[:12]


class ResearchLens:
    """Who a researcher may see, and as what. `consenting(ids)` is the subset of ids whose
    research consent holds today (withdrawal honoured from its date on)."""

    def __init__(self, secret: bytes, consenting: Callable[[Iterable[str]], set[str]]):
        self.secret, self.consenting = secret, consenting

    @classmethod
    def from_store(cls, accounts: AccountStore, scope: str = DEFAULT_SCOPE, today: date | None = None) -> "ResearchLens":
        return cls(accounts.db.secret(SECRET_NAME),
                   lambda ids: accounts.consent.consenting(ids, scope, today))

    def name(self, person_id: str) -> str:
        return pseudonym(person_id, self.secret)

    def payload(self, obj: Any) -> Any:
        """A response as a researcher sees it: people as pseudonyms, non-consenting people
        left out, free-text notes blanked (they can name people)."""
        people = _people_in(obj)
        allowed = self.consenting(people) if people else set()
        return self._rewrite(obj, allowed)

    def _rewrite(self, obj: Any, allowed: set[str]) -> Any:
        if isinstance(obj, list):
            return [self._rewrite(v, allowed) for v in obj]
        if not isinstance(obj, dict):
            return obj
        out = {}
        for key, value in obj.items():
            if key == "developers" and isinstance(value, list):
                out[key] = [{**d, "id": self.name(d["id"]), "name": self.name(d["id"])}
                            for d in value if isinstance(d, dict) and d.get("id") in allowed]
            elif key == "person" and isinstance(value, dict) and "id" in value:
                out[key] = {**value, "id": self.name(value["id"]), "name": self.name(value["id"])}
            elif key == "summary":
                out[key] = None  # an observation's note can name people
            elif key == "why" and isinstance(value, str):
                out[key] = re.sub(r'\("[^"]*"\)', "(an observation)", value)
            else:
                out[key] = self._rewrite(value, allowed)
        return out


def _people_in(obj: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(obj, list):
        for v in obj:
            found |= _people_in(v)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            if key == "developers" and isinstance(value, list):
                found |= {d["id"] for d in value if isinstance(d, dict) and isinstance(d.get("id"), str)}
            elif key == "person" and isinstance(value, dict) and isinstance(value.get("id"), str):
                found.add(value["id"])
            else:
                found |= _people_in(value)
    return found
