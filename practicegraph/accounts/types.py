"""Plain values of the account store."""

from __future__ import annotations

from dataclasses import dataclass, field

from practicegraph.accounts.schema import PRACTITIONER_ROLES


@dataclass(frozen=True)
class Role:
    role: str
    scope_kind: str  # organisation | cluster | deployment
    scope_id: str  # "*" for the deployment

    def __str__(self) -> str:
        return f"{self.role}@{self.scope_kind}:{self.scope_id}"


@dataclass(frozen=True)
class Identity:
    """A signed-in account. What it may *see* comes from the graph (its person's current
    memberships); what it may *do* comes from its roles."""

    account_id: int
    username: str
    person_id: str | None
    roles: tuple[Role, ...] = field(default_factory=tuple)

    def has_role(self, *names: str) -> bool:
        return any(r.role in names for r in self.roles)

    def role_in(self, name: str, scope_kind: str, scope_id: str) -> bool:
        return any(r.role == name and (r.scope_kind == "deployment" or
                                       (r.scope_kind == scope_kind and r.scope_id == scope_id))
                   for r in self.roles)

    @property
    def practitioner(self) -> bool:
        return any(r.role in PRACTITIONER_ROLES for r in self.roles)

    @property
    def research_only(self) -> bool:
        """A researcher with no practising role: sees the research view."""
        return self.has_role("researcher") and not self.practitioner

    @property
    def actor(self) -> str:
        return f"account:{self.username}"


@dataclass(frozen=True)
class Account:
    id: int
    username: str
    person_id: str | None
    created: str
    revoked: str | None
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True)
class TokenInfo:
    id: int
    username: str
    label: str | None
    created: str
    expires: str
    revoked: str | None


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    subject: str | None
    detail: str | None
