"""Pseudonyms for research exports: a keyed hash (HMAC-SHA256) of a person's id.

Used where there is no account database (survey networks, and the practice graph of a
deployment without accounts; with one, exports use accounts.research.ResearchLens: the
deployment's secret and research consent). The key is PRACTICEGRAPH_PSEUDONYM_SECRET:
the same person gets the same pseudonym in every export made with the same secret, so
exports can be linked by the researcher who holds them, and nobody without the secret can
go from a pseudonym back to an id by hashing candidate ids. No secret, no export.
"""

from __future__ import annotations

import hashlib
import hmac
import os

from practicegraph.errors import PracticeGraphError

ENV = "PRACTICEGRAPH_PSEUDONYM_SECRET"
MIN_SECRET = 16


class NoSecret(PracticeGraphError):
    pass


class Pseudonymiser:
    def __init__(self, secret: str | bytes):
        secret = secret.encode() if isinstance(secret, str) else secret
        if len(secret) < MIN_SECRET:
            raise NoSecret(f"the pseudonym secret must be at least {MIN_SECRET} characters")
        self._key = secret

    @classmethod
    def from_env(cls) -> "Pseudonymiser":
        secret = os.environ.get(ENV)
        if not secret:
            raise NoSecret(f"exports are pseudonymised: set {ENV} to a secret of at least {MIN_SECRET} "
                           "characters (keep it; the same secret gives the same pseudonyms)")
        return cls(secret)

    def __call__(self, person_id: str) -> str:
        return "P-" + hmac.new(self._key, person_id.encode(), hashlib.sha256).hexdigest()[:16]


def identity(person_id: str) -> str:
    return person_id
