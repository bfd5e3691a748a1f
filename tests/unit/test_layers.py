"""Arrows point one way: api/web/cli → queries/ingest → graph/embeddings → model.

A module may import its own layer or lower ones, never a higher one; queries and ingest
are siblings and never import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import practicegraph

ROOT = Path(practicegraph.__file__).parent
# package (first part after practicegraph.) -> layer; higher numbers sit above
LAYERS = {"errors": 0, "model": 0, "config": 0,
          "graph": 1, "embeddings": 1,
          "queries": 2, "ingest": 2, "research": 2, "accounts": 2,
          "demo": 3, "bootstrap": 3, "backup": 3, "benchmark": 4, "api": 4, "web": 4, "serving": 4,
          "cli": 5, "cli_ingest": 5, "cli_backup": 5, "cli_migrate": 5}
SIBLINGS_APART = {("queries", "ingest"), ("ingest", "queries")}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {m.split(".")[1] for m in found if m.startswith("practicegraph.") and m.count(".") >= 1}


def _package(path: Path) -> str:
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def test_every_package_has_a_layer():
    packages = {_package(p) for p in ROOT.rglob("*.py") if p.name != "__init__.py" or p.parent != ROOT}
    assert packages - {"__init__"} <= set(LAYERS), packages - set(LAYERS)


def test_no_module_imports_upward():
    wrong = []
    for path in ROOT.rglob("*.py"):
        if path.parent == ROOT and path.name == "__init__.py":
            continue
        here = _package(path)
        for target in _imports(path):
            if LAYERS.get(target, -1) > LAYERS[here] or (here, target) in SIBLINGS_APART:
                wrong.append(f"{path.relative_to(ROOT)} imports practicegraph.{target}")
    assert not wrong, wrong


def test_the_check_sees_an_upward_import(tmp_path):
    # the checker itself must catch what it is for
    bad = tmp_path / "mod.py"
    bad.write_text("from practicegraph.api import create_app\nimport practicegraph.queries.lineage\n")
    assert _imports(bad) == {"api", "queries"}
