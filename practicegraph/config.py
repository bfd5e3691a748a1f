"""Settings from the environment, read when asked (no import-time side effects)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from practicegraph.errors import ConfigError

DEFAULT_KUZU_BUFFER_MB = 1024
BUFFER_ENV = "PRACTICEGRAPH_KUZU_BUFFER_MB"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("practicegraph", appauthor=False))


@dataclass(frozen=True)
class Settings:
    db_path: Path
    store: str = "kuzu"
    accounts_path: Path | None = None  # the account database; beside the graph by default
    public_read: bool = False  # anonymous visitors may read public records
    # Kùzu's page cache. Building a vector index holds every vector of a kind in it
    # (1M 384-d vectors are 1.5 GB), so a large deployment raises it for that step.
    kuzu_buffer_mb: int = DEFAULT_KUZU_BUFFER_MB

    @property
    def accounts_file(self) -> Path:
        return self.accounts_path or self.db_path.with_name(self.db_path.name + ".accounts.sqlite")

    @classmethod
    def from_env(cls, db_path: str | Path | None = None) -> "Settings":
        path = db_path or os.environ.get("PRACTICEGRAPH_DB") or default_data_dir() / "graph.kuzu"
        accounts = os.environ.get("PRACTICEGRAPH_ACCOUNTS_DB")
        return cls(db_path=Path(path).expanduser(), store=os.environ.get("PRACTICEGRAPH_STORE", "kuzu"),
                   accounts_path=Path(accounts).expanduser() if accounts else None,
                   public_read=os.environ.get("PRACTICEGRAPH_PUBLIC_READ", "").lower() in ("1", "true", "yes", "on"),
                   kuzu_buffer_mb=buffer_mb(os.environ.get(BUFFER_ENV)))


def buffer_mb(value: str | None) -> int:
    """The Kùzu buffer pool in MiB from its environment variable: a whole number ≥ 64."""
    if value is None or not value.strip():
        return DEFAULT_KUZU_BUFFER_MB
    try:
        mb = int(value)
    except ValueError:
        mb = 0
    if mb < 64:
        raise ConfigError(f"{BUFFER_ENV}={value!r}: expected a whole number of MiB, at least 64 (default "
                          f"{DEFAULT_KUZU_BUFFER_MB})")
    return mb
