"""Where imported survey networks live: a research dataset store beside the graph.

Why not in the graph: a survey network is published research data, not practice records.
Its people are respondents (a physician in 1954, a farmer in 1966), not teachers with
memberships and visibility; its ties are answers to a questionnaire, not observations or
exchanges; its adoption events are periods, not dated practice versions. Writing them
into the practice graph would mix them into expertise search and lineage, need new node
and relationship tables in every store (Kùzu, Neo4j, memory) and a visibility rule that
has no meaning for them. So each dataset is a directory under the data directory:

    <data dir>/research/<name>/people.parquet   id, group, time (NaN = never), adopted, attr_*
                               ties.parquet     from, to, relation, rank, wave
                               manifest.json    mapping, source file sha256s, counts, left-out

Parquet keeps types (a period stays a number, an id stays a string) and reads back fast;
the manifest says where the data came from. A dataset is written to a temporary directory
and renamed into place, so nothing is ever half-written. Importing the same files again
changes nothing; importing other files under an existing name is refused unless replaced.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from practicegraph.errors import NotFound, PracticeGraphError
from practicegraph.research.survey import SurveyNetwork

MANIFEST = "manifest.json"
_NAME_OK = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


def research_dir(data_dir: str | Path | None = None) -> Path:
    """$PRACTICEGRAPH_RESEARCH_DIR, or <data dir>/research."""
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get("PRACTICEGRAPH_RESEARCH_DIR")
    if env:
        return Path(env).expanduser()
    from practicegraph.config import default_data_dir

    return default_data_dir() / "research"


def check_name(name: str) -> str:
    if not name or len(name) > 64 or not set(name) <= _NAME_OK:
        raise PracticeGraphError(f"dataset name '{name}': use 1-64 lower-case letters, digits, '-' or '_'")
    return name


def sha256_of(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class DatasetExists(PracticeGraphError):
    pass


@dataclass(frozen=True)
class Saved:
    path: Path
    written: bool  # False: the same sources were already imported under this name


class DatasetStore:
    def __init__(self, root: str | Path | None = None):
        self.root = research_dir(root)

    def names(self) -> list[str]:
        if not self.root.exists():
            return []
        return sorted(p.name for p in self.root.iterdir() if (p / MANIFEST).exists())

    def manifest(self, name: str) -> dict[str, Any]:
        path = self.root / check_name(name) / MANIFEST
        if not path.exists():
            raise NotFound(f"no survey network named '{name}' (imported: {', '.join(self.names()) or 'none'})")
        return json.loads(path.read_text(encoding="utf-8"))

    def save(self, net: SurveyNetwork, sources: dict[str, str], mapping: dict[str, Any],
             replace: bool = False) -> Saved:
        """Write a dataset atomically. `sources` maps role (nodes, nominations) -> file path."""
        target = self.root / check_name(net.name)
        hashes = {role: sha256_of(p) for role, p in sources.items()}
        if (target / MANIFEST).exists():
            old = json.loads((target / MANIFEST).read_text(encoding="utf-8"))
            if old.get("sha256") == hashes and old.get("mapping") == mapping:
                return Saved(target, False)
            if not replace:
                raise DatasetExists(f"survey network '{net.name}' exists with other sources or mapping; "
                                    "pass --replace to overwrite it")
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{net.name}-", dir=self.root))
        try:
            net.people.to_parquet(staging / "people.parquet", index=False)
            net.ties.to_parquet(staging / "ties.parquet", index=False)
            (staging / MANIFEST).write_text(json.dumps(_manifest(net, sources, hashes, mapping), indent=2,
                                                       sort_keys=True), encoding="utf-8")
            if target.exists():
                old_dir = target.with_name(f".{net.name}-old")
                shutil.rmtree(old_dir, ignore_errors=True)
                target.rename(old_dir)
                staging.rename(target)
                shutil.rmtree(old_dir, ignore_errors=True)
            else:
                staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return Saved(target, True)

    def load(self, name: str) -> SurveyNetwork:
        meta = self.manifest(name)
        folder = self.root / name
        people = pd.read_parquet(folder / "people.parquet")
        ties = pd.read_parquet(folder / "ties.parquet")
        return SurveyNetwork(name, people, ties, meta["innovation"], meta["time_unit"], meta["group_kind"],
                             meta.get("first_period"), meta.get("last_period"), meta.get("first_period_label"),
                             meta.get("left_out", {}))


def _manifest(net: SurveyNetwork, sources: dict[str, str], hashes: dict[str, str],
              mapping: dict[str, Any]) -> dict[str, Any]:
    return {"name": net.name, "innovation": net.innovation, "time_unit": net.time_unit,
            "group_kind": net.group_kind, "first_period": net.first_period, "last_period": net.last_period,
            "first_period_label": net.first_period_label,
            "sources": {role: Path(p).name for role, p in sources.items()}, "sha256": hashes,
            "mapping": mapping,
            "counts": {"people": int(len(net.people)), "adopters": int(net.people["adopted"].sum()),
                       "groups": int(net.people["group"].nunique()), "ties": int(len(net.ties)),
                       "ties_by_relation": {k: int(v) for k, v in net.ties["relation"].value_counts().sort_index().items()}},
            "left_out": net.left_out}
