"""Forgiving filters: what a person types (an id, a name, a prefix, a synonym) resolved
to the one stored value the store's filters compare with, and the choices (facets) a
client can offer. Resolution runs over facet_counts, so it only ever knows what the
viewer may see; an unknown value is an error that names the closest known values,
never a silent empty answer.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from typing import Sequence

from practicegraph.errors import PracticeGraphError
from practicegraph.graph.directory_types import FacetCounts
from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import SearchFilters, Viewer

# Subjects people call by other names. Each group is one subject; whichever member a
# deployment stores is the one the filter uses. Kept small and documented (README).
SUBJECT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"mathematics", "maths", "math", "numeracy"}),
    frozenset({"english", "english language", "ela", "literacy"}),
    frozenset({"science", "sciences", "natural sciences"}),
    frozenset({"computing", "computer science", "ict"}),
    frozenset({"design-technology", "design and technology", "dt"}),
    frozenset({"arts", "art", "creative-arts", "creative arts"}),
)


class UnknownFilter(PracticeGraphError):
    """A filter value that matches nothing the viewer may see, or several things."""

    def __init__(self, field: str, value: str, closest: Sequence[str], ambiguous: bool = False):
        self.field, self.value, self.closest, self.ambiguous = field, value, list(closest), ambiguous
        what = "matches several" if ambiguous else "matches no known"
        hint = f"; closest: {', '.join(self.closest)}" if self.closest else ""
        super().__init__(f"{field} '{value}' {what} {field} value{'s' if ambiguous else ''}{hint}")


@dataclass(frozen=True)
class Choice:
    id: str  # what the filter takes
    name: str  # what a person reads
    count: int


@dataclass(frozen=True)
class Facets:
    """Each list names what a filter accepts. Subjects and phases count the practices the
    viewer may see; regions, clusters and schools count the people who belong now."""

    subjects: list[Choice]
    phases: list[Choice]
    regions: list[Choice]
    clusters: list[Choice]
    schools: list[Choice]


def facets(store: GraphStore, viewer: Viewer) -> Facets:
    return _facets(store.facet_counts(viewer))


def _facets(counts: FacetCounts) -> Facets:
    subjects: dict[str, int] = {}
    phases: dict[str, int] = {}
    for subject, phase, n in counts.practices:
        if subject:
            subjects[subject] = subjects.get(subject, 0) + n
        if phase:
            phases[phase] = phases.get(phase, 0) + n
    regions: dict[str, int] = {}
    for _, _, region, n in counts.organisations:
        if region:
            regions[region] = regions.get(region, 0) + n

    def plain(d: dict[str, int]) -> list[Choice]:
        return [Choice(k, k, n) for k, n in sorted(d.items())]

    return Facets(plain(subjects), plain(phases), plain(regions),
                  [Choice(i, name, n) for i, name, n in counts.clusters],
                  [Choice(i, name, n) for i, name, _, n in counts.organisations])


def resolve_filters(store: GraphStore, filters: SearchFilters, viewer: Viewer) -> SearchFilters:
    """The filters with every value replaced by the stored value it names; raises
    UnknownFilter for a value that names none (or several). No filter: no store read."""
    wanted = {f: getattr(filters, f) for f in ("subject", "organisation", "cluster", "region")}
    if not any(wanted.values()):
        return filters
    known = facets(store, viewer)
    choices = {"subject": known.subjects, "organisation": known.schools, "cluster": known.clusters,
               "region": known.regions}
    resolved = {f: resolve(f, v, choices[f]) for f, v in wanted.items() if v}
    return replace(filters, **resolved)


def resolve(field: str, value: str, choices: Sequence[Choice]) -> str:
    """Id or name, case-insensitive; then (subjects) a synonym; then a unique prefix of
    a name, or of a word in it."""
    typed = " ".join(value.lower().split())
    by_key: dict[str, str] = {}
    for c in choices:
        by_key.setdefault(c.id.lower(), c.id)
        by_key.setdefault(c.name.lower(), c.id)
    if typed in by_key:
        return by_key[typed]
    if field == "subject":
        for group in SUBJECT_SYNONYMS:
            if typed in group:
                stored = [c.id for c in choices if c.id.lower() in group]
                if stored:
                    return max(stored, key=lambda s: next(c.count for c in choices if c.id == s))
    starts = sorted({c.id for c in choices if _starts(typed, c)})
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise UnknownFilter(field, value, [_label(c) for c in choices if c.id in starts][:8], ambiguous=True)
    close = difflib.get_close_matches(typed, list(by_key), n=5, cutoff=0.5)
    names = list(dict.fromkeys(_label(c) for k in close for c in choices if by_key[k] == c.id))
    raise UnknownFilter(field, value, names or [_label(c) for c in choices][:5])


def _starts(typed: str, c: Choice) -> bool:
    if c.id.lower().startswith(typed) or c.name.lower().startswith(typed):
        return True
    words = c.name.lower().replace(",", " ").split()
    return any(" ".join(words[i:]).startswith(typed) for i in range(1, len(words)))


def _label(c: Choice) -> str:
    return c.name if c.name == c.id else f"{c.name} ({c.id})"
