"""Settings from the environment, read when asked (no import-time side effects)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("practicegraph", appauthor=False))


@dataclass(frozen=True)
class Settings:
    db_path: Path
    store: str = "kuzu"

    @classmethod
    def from_env(cls, db_path: str | Path | None = None) -> "Settings":
        path = db_path or os.environ.get("PRACTICEGRAPH_DB") or default_data_dir() / "graph.kuzu"
        return cls(db_path=Path(path).expanduser(), store=os.environ.get("PRACTICEGRAPH_STORE", "kuzu"))
