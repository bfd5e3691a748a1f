"""The mapping file of a survey network: which column of the node and nomination tables
means what. TOML or JSON, the same keys:

    [dataset]      innovation, time_unit, first_period_label, group_kind
    [nodes]        id, group, time, never (the time value that means "not adopted"),
                   first_period, last_period, attributes (list of column names, or "*")
    [nominations]  from, to, relation (column) or relation_value (one relation for all rows),
                   rank, wave (optional columns), relations (the allowed relation names)

A mistake in the mapping is a MappingError naming the file and key.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from practicegraph.errors import PracticeGraphError

SHIPPED = Path(__file__).parent / "mappings"


class MappingError(PracticeGraphError):
    """The mapping file cannot be used."""


@dataclass(frozen=True)
class NodeColumns:
    id: str
    group: str | None
    time: str | None
    never: float | None
    first_period: int | None
    last_period: int | None
    attributes: tuple[str, ...] | str = ()


@dataclass(frozen=True)
class NominationColumns:
    from_: str
    to: str
    relation: str | None
    relation_value: str | None
    rank: str | None
    wave: str | None
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mapping:
    nodes: NodeColumns
    nominations: NominationColumns
    innovation: str = "innovation"
    time_unit: str = "period"
    first_period_label: str | None = None
    group_kind: str = "group"
    source: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False)


def shipped_mapping(name: str) -> Path:
    """The mapping shipped for a published dataset (medinnovations, brfarmers)."""
    path = SHIPPED / f"{name}.toml"
    if not path.exists():
        known = ", ".join(sorted(p.stem for p in SHIPPED.glob("*.toml")))
        raise MappingError(f"no shipped mapping '{name}' (shipped: {known})")
    return path


def load_mapping(path: str | Path) -> Mapping:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text) if path.suffix.lower() == ".json" else tomllib.loads(text)
    except FileNotFoundError:
        raise MappingError(f"{path}: no such mapping file") from None
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"{path}: not valid {'JSON' if path.suffix == '.json' else 'TOML'}: {exc}") from None
    return parse_mapping(raw, str(path))


def parse_mapping(raw: dict[str, Any], source: str = "<mapping>") -> Mapping:
    if not isinstance(raw, dict):
        raise MappingError(f"{source}: the mapping must be a table")
    unknown = set(raw) - {"dataset", "nodes", "nominations"}
    if unknown:
        raise MappingError(f"{source}: unknown section(s) {', '.join(sorted(unknown))}")
    ds, nodes, noms = (_section(raw, k, source) for k in ("dataset", "nodes", "nominations"))
    attrs = nodes.get("attributes", [])
    if attrs != "*" and not (isinstance(attrs, list) and all(isinstance(a, str) for a in attrs)):
        raise MappingError(f"{source}: nodes.attributes must be a list of column names or \"*\"")
    node_cols = NodeColumns(
        id=_text(nodes, "id", source, "nodes", required=True), group=_text(nodes, "group", source, "nodes"),
        time=_text(nodes, "time", source, "nodes"), never=_number(nodes, "never", source),
        first_period=_int(nodes, "first_period", source), last_period=_int(nodes, "last_period", source),
        attributes=attrs if attrs == "*" else tuple(attrs))
    relations = noms.get("relations", [])
    if not isinstance(relations, list) or not all(isinstance(r, str) and r for r in relations):
        raise MappingError(f"{source}: nominations.relations must be a list of names")
    nom_cols = NominationColumns(
        from_=_text(noms, "from", source, "nominations", required=True),
        to=_text(noms, "to", source, "nominations", required=True),
        relation=_text(noms, "relation", source, "nominations"),
        relation_value=_text(noms, "relation_value", source, "nominations"),
        rank=_text(noms, "rank", source, "nominations"), wave=_text(noms, "wave", source, "nominations"),
        relations=tuple(relations))
    if not (nom_cols.relation or nom_cols.relation_value):
        raise MappingError(f"{source}: nominations needs a relation column or a relation_value")
    if (node_cols.first_period is None) != (node_cols.last_period is None):
        raise MappingError(f"{source}: give both nodes.first_period and nodes.last_period, or neither")
    return Mapping(node_cols, nom_cols, innovation=str(ds.get("innovation", "innovation")),
                   time_unit=str(ds.get("time_unit", "period")),
                   first_period_label=ds.get("first_period_label"),
                   group_kind=str(ds.get("group_kind", "group")), source=source, raw=raw)


def _section(raw: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise MappingError(f"{source}: [{key}] must be a table")
    return value


def _text(section: dict[str, Any], key: str, source: str, name: str, required: bool = False) -> str | None:
    value = section.get(key)
    if value is None:
        if required:
            raise MappingError(f"{source}: {name}.{key} is required (the column name)")
        return None
    if not isinstance(value, str) or not value:
        raise MappingError(f"{source}: {name}.{key} must be a column name")
    return value


def _number(section: dict[str, Any], key: str, source: str) -> float | None:
    value = section.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise MappingError(f"{source}: nodes.{key} must be a number")
    return None if value is None else float(value)


def _int(section: dict[str, Any], key: str, source: str) -> int | None:
    value = section.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise MappingError(f"{source}: nodes.{key} must be a whole number")
    return value
