"""Survey networks: read a node table and a nominations table through a mapping.

A survey network is people (respondents) in groups (school, city, village, cluster), the
period in which each adopted a named innovation (or never), attributes, and typed
nominations (who named whom, relation, rank, wave). Rows are checked one by one; every bad
row is reported as file, line, field and reason, and then nothing is imported.

Left out on purpose and counted (not errors): a nomination of someone who is not in the
node table (nothing is known about them, netdiffuseR drops them too) and a self-nomination.
Both CSVs are read as one row per line (quoted newlines are not supported), so a row's line
is its index + 2.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from practicegraph.errors import FieldError, PracticeGraphError
from practicegraph.research.mapping import Mapping

PEOPLE_COLUMNS = ["id", "group", "time", "adopted"]
TIE_COLUMNS = ["from", "to", "relation", "rank", "wave"]


@dataclass(frozen=True)
class RowError(FieldError):
    file: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.reason}"


class ImportFailed(PracticeGraphError):
    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(f"{len(errors)} bad row(s); nothing was imported")


@dataclass
class SurveyNetwork:
    """People (one row each: id, group, time (NaN = never adopted), adopted, attributes...)
    and ties (from, to, relation, rank, wave), plus what the import left out."""

    name: str
    people: pd.DataFrame
    ties: pd.DataFrame
    innovation: str = "innovation"
    time_unit: str = "period"
    group_kind: str = "group"
    first_period: int | None = None
    last_period: int | None = None
    first_period_label: str | None = None
    left_out: dict[str, int] = field(default_factory=dict)

    @property
    def periods(self) -> list[int]:
        """Every period of the observation window, first to last."""
        times = self.people["time"].dropna()
        lo = self.first_period if self.first_period is not None else int(times.min()) if len(times) else 1
        hi = self.last_period if self.last_period is not None else int(times.max()) if len(times) else lo
        return list(range(lo, hi + 1))

    def relations(self) -> list[str]:
        return sorted(self.ties["relation"].unique().tolist())


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ImportFailed([RowError(None, "file", f"cannot read as UTF-8 CSV: {exc}", file=str(path))]) from None


def _need_columns(frame: pd.DataFrame, columns: list[str | None], path: Path) -> None:
    missing = [c for c in columns if c and c not in frame.columns]
    if missing:
        raise ImportFailed([RowError(1, c, "the mapping names this column but the header has no such column",
                                     file=str(path)) for c in missing])


def read_survey(nodes_path: str | Path, nominations_path: str | Path, mapping: Mapping,
                name: str) -> SurveyNetwork:
    """Read and check both tables; raise ImportFailed listing every bad row."""
    nodes_path, nominations_path = Path(nodes_path), Path(nominations_path)
    nodes, noms = _read_csv(nodes_path), _read_csv(nominations_path)
    nc, mc = mapping.nodes, mapping.nominations
    attributes = ([c for c in nodes.columns if c not in (nc.id, nc.group, nc.time)]
                  if nc.attributes == "*" else list(nc.attributes))
    _need_columns(nodes, [nc.id, nc.group, nc.time, *attributes], nodes_path)
    _need_columns(noms, [mc.from_, mc.to, mc.relation, mc.rank, mc.wave], nominations_path)
    errors: list[RowError] = []
    people = _people(nodes, mapping, attributes, str(nodes_path), errors)
    ties, left_out = _ties(noms, mapping, set(people["id"]), str(nominations_path), errors)
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: (e.file, e.line or 0)))
    return SurveyNetwork(name, people, ties, mapping.innovation, mapping.time_unit, mapping.group_kind,
                         nc.first_period, nc.last_period, mapping.first_period_label, left_out)


def _people(nodes: pd.DataFrame, mapping: Mapping, attributes: list[str], file: str,
            errors: list[RowError]) -> pd.DataFrame:
    nc = mapping.nodes
    ids = nodes[nc.id].str.strip()
    first_line = {pid: i + 2 for i, pid in reversed(list(enumerate(ids.tolist())))}
    for i in np.flatnonzero((ids == "").to_numpy()):
        errors.append(RowError(int(i) + 2, nc.id, "missing person id", file=file))
    for i in np.flatnonzero((ids.duplicated() & (ids != "")).to_numpy()):
        errors.append(RowError(int(i) + 2, nc.id, f"person '{ids.iat[i]}' repeats line {first_line[ids.iat[i]]}",
                               ids.iat[i], file=file))
    time = pd.Series(np.nan, index=nodes.index)
    if nc.time:
        time = _times(nodes[nc.time].str.strip(), ids, nc, file, errors)
    frame = pd.DataFrame({"id": ids, "group": nodes[nc.group].str.strip() if nc.group else "",
                          "time": time.astype(float), "adopted": time.notna()})
    for column in attributes:
        frame[f"attr_{column}"] = nodes[column]
    return frame


def _times(raw: pd.Series, ids: pd.Series, nc: Any, file: str, errors: list[RowError]) -> pd.Series:
    time = pd.to_numeric(raw, errors="coerce")
    for i in np.flatnonzero(((raw != "") & time.isna()).to_numpy()):
        errors.append(RowError(int(i) + 2, nc.time, f"'{raw.iat[i]}' is not a period number", ids.iat[i], file=file))
    for i in np.flatnonzero((time.notna() & (time != time.round())).to_numpy()):
        errors.append(RowError(int(i) + 2, nc.time, f"{raw.iat[i]} is not a whole period", ids.iat[i], file=file))
    if nc.never is not None:
        time = time.mask(time == nc.never)
    if nc.first_period is not None:
        outside = time.notna() & ((time < nc.first_period) | (time > nc.last_period))
        never = f" (and is not the never-adopted code {nc.never:g})" if nc.never is not None else ""
        for i in np.flatnonzero(outside.to_numpy()):
            errors.append(RowError(int(i) + 2, nc.time, f"{raw.iat[i]} is outside periods {nc.first_period}.."
                                   f"{nc.last_period}{never}", ids.iat[i], file=file))
    return time


def _ties(noms: pd.DataFrame, mapping: Mapping, people: set[str], file: str,
          errors: list[RowError]) -> tuple[pd.DataFrame, dict[str, int]]:
    """Checked column by column (vectorised); messages only for the rows at fault, the
    first problem of each row in the order below."""
    mc = mapping.nominations
    src, dst = noms[mc.from_].str.strip(), noms[mc.to].str.strip()
    relation = noms[mc.relation].str.strip() if mc.relation else pd.Series(mc.relation_value, index=noms.index)
    raw_rank = noms[mc.rank].str.strip() if mc.rank else pd.Series("", index=noms.index)
    rank = pd.to_numeric(raw_rank, errors="coerce")
    known_from = src.isin(people)
    checks = [
        (src == "", mc.from_, lambda i: "missing nominator"),
        (dst == "", mc.to, lambda i: "missing nominee"),
        (~known_from, mc.from_, lambda i: f"nominator '{src.iat[i]}' is not in the node table"),
        (relation == "", mc.relation or "relation", lambda i: "missing relation"),
        ((~relation.isin(mc.relations)) if mc.relations else pd.Series(False, index=noms.index),
         mc.relation or "relation", lambda i: f"'{relation.iat[i]}' is not one of {', '.join(sorted(mc.relations))}"),
        ((raw_rank != "") & (rank.isna() | (rank != rank.round())), mc.rank or "rank",
         lambda i: f"'{raw_rank.iat[i]}' is not a whole rank"),
    ]
    bad = np.zeros(len(noms), dtype=bool)
    for mask, field, reason in checks:
        fresh = mask.to_numpy() & ~bad
        for i in np.flatnonzero(fresh):
            errors.append(RowError(int(i) + 2, field, reason(int(i)), src.iat[i] or None, file=file))
        bad |= fresh
    not_surveyed = ~bad & ~dst.isin(people).to_numpy()
    self_named = ~bad & ~not_surveyed & (src == dst).to_numpy()
    keep = ~(bad | not_surveyed | self_named)
    ties = pd.DataFrame({"from": src[keep], "to": dst[keep], "relation": relation[keep],
                         "rank": rank[keep].astype("Int64"),
                         "wave": noms[mc.wave][keep].str.strip() if mc.wave else ""}).reset_index(drop=True)
    left_out = {"named_someone_not_surveyed": int(not_surveyed.sum()), "self_nominations": int(self_named.sum()),
                "repeated_nominations": int(ties.duplicated(["from", "to", "relation"]).sum())}
    return ties, left_out
