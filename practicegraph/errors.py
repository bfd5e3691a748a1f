"""The project's own exceptions; no driver exception leaves graph/."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class PracticeGraphError(Exception):
    """Base of every error the product raises on purpose."""


@dataclass(frozen=True)
class FieldError:
    """One validation problem: where (line or index), which field, why."""

    line: int | None
    field: str
    reason: str
    id: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line is not None else ""
        return f"{where}{self.field}: {self.reason}"



class ValidationFailed(PracticeGraphError):
    def __init__(self, errors: list[FieldError]):
        self.errors = errors
        super().__init__(f"{len(errors)} invalid record(s); nothing was written")


class ConflictError(PracticeGraphError):
    def __init__(self, conflicts):
        self.conflicts = list(conflicts)
        super().__init__(f"{len(self.conflicts)} record(s) conflict with stored records; nothing was written")


class NotFound(PracticeGraphError):
    pass


class ConfigError(PracticeGraphError):
    """A setting (an environment variable) holds a value that cannot be used."""


class StoreError(PracticeGraphError):
    """The store failed (I/O, corruption, a bug in a query)."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened right now; retry later."""


class DuplicateKey(ValueError):
    """A JSON object gave the same key twice (json.loads would silently keep the last)."""

    def __init__(self, key: str):
        super().__init__(f"duplicate key '{key}'")
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise DuplicateKey(key)
        out[key] = value
    return out


def strict_json_loads(data: str | bytes) -> Any:
    """json.loads that refuses duplicate keys: `{"visibility": "private", "visibility":
    "public"}` must be an error, never a quietly public record."""
    return json.loads(data, object_pairs_hook=_unique_keys)
