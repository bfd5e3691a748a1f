"""Research consent: given with a scope and a date, withdrawn from a date on.

A withdrawal is honoured from then on: analyses run after it leave the person out. Past
exports cannot be recalled, which is why consent is recorded with its dates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from practicegraph.accounts.audit import append
from practicegraph.accounts.db import AccountDB

DEFAULT_SCOPE = "research"


@dataclass(frozen=True)
class ConsentRecord:
    person_id: str
    scope: str
    given: str
    withdrawn: str | None


class Consent:
    def __init__(self, db: AccountDB):
        self.db = db

    def give(self, person_id: str, actor: str, scope: str = DEFAULT_SCOPE, on: date | None = None) -> None:
        on = on or date.today()
        with self.db.connect() as conn:
            if not conn.execute("SELECT 1 FROM consent WHERE person_id=? AND scope=? AND withdrawn IS NULL",
                                (person_id, scope)).fetchone():
                conn.execute("INSERT INTO consent(person_id, scope, given) VALUES (?,?,?)",
                             (person_id, scope, on.isoformat()))
                append(conn, actor, "consent.give", person_id, f"scope={scope} from={on.isoformat()}")

    def withdraw(self, person_id: str, actor: str, scope: str = DEFAULT_SCOPE, on: date | None = None) -> bool:
        on = on or date.today()
        with self.db.connect() as conn:
            n = conn.execute("UPDATE consent SET withdrawn = ? WHERE person_id=? AND scope=? AND withdrawn IS NULL",
                             (on.isoformat(), person_id, scope)).rowcount
            if n:
                append(conn, actor, "consent.withdraw", person_id, f"scope={scope} from={on.isoformat()}")
        return bool(n)

    def consented(self, person_id: str, scope: str = DEFAULT_SCOPE, on: date | None = None) -> bool:
        return person_id in self.consenting([person_id], scope, on)

    def consenting(self, person_ids, scope: str = DEFAULT_SCOPE, on: date | None = None) -> set[str]:
        """Those of `person_ids` whose consent for `scope` holds on the day `on` (today)."""
        day = (on or date.today()).isoformat()
        wanted = set(person_ids)
        with self.db.connect() as conn:
            rows = conn.execute("SELECT person_id FROM consent WHERE scope = ? AND given <= ? "
                                "AND (withdrawn IS NULL OR withdrawn > ?)", (scope, day, day)).fetchall()
        return {r["person_id"] for r in rows} & wanted

    def history(self, person_id: str | None = None) -> list[ConsentRecord]:
        with self.db.connect() as conn:
            rows = conn.execute("SELECT * FROM consent WHERE ? IS NULL OR person_id = ? ORDER BY id",
                                (person_id, person_id)).fetchall()
        return [ConsentRecord(r["person_id"], r["scope"], r["given"], r["withdrawn"]) for r in rows]
