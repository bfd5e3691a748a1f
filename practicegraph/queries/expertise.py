""""Who has developed practice in X?": peers ranked by evidence, with the why shown.

Document-centric expert finding: retrieve practices and observations that match the
question (by meaning and by words), gather who stands behind each one, weigh each piece
of evidence by its kind and age, and add them up per person with diminishing returns.
Written once above the port, so every store gives the same ranking. Peers, not
appraisal: a question is required, and evaluative observations never count.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from practicegraph.graph.port import GraphStore
from practicegraph.graph.types import EvidenceRow, PersonSummary, SearchFilters, Viewer
from practicegraph.embeddings import Embedder
from practicegraph.queries.ranking import (Match, Ranking, best_cosine, evidence_counts, inherit, named_subjects,
                                          person_is_answer, score_candidates, weigh_subjects, words_query)

if TYPE_CHECKING:
    from practicegraph.queries.evidence_lines import EvidenceLine

DEFAULT = Ranking()
# developed or co-developed > adapted > demonstrated in a model lesson > observed > mentored
EVIDENCE_WEIGHTS = DEFAULT.evidence_weights
HALF_LIFE_YEARS = DEFAULT.half_life_years  # evidence this old counts half
UNDATED = DEFAULT.undated
MIN_MEANING = DEFAULT.min_meaning
MIN_WORDS = DEFAULT.min_words


@dataclass
class ScoredEvidence:
    row: EvidenceRow
    match: Match
    contribution: float

    @property
    def why(self) -> str:
        return explain(self.row, self.match)


@dataclass(frozen=True)
class OrganisationRef:
    id: str
    name: str
    region: str | None


@dataclass(frozen=True)
class ClusterRef:
    id: str
    name: str


@dataclass
class Expert:
    """A peer and all their matching evidence, best first, with where to reach them."""

    person_id: str
    name: str
    score: float
    evidence: list[ScoredEvidence] = field(default_factory=list)
    organisations: list[OrganisationRef] = field(default_factory=list)
    clusters: list[ClusterRef] = field(default_factory=list)

    @property
    def lines(self) -> list["EvidenceLine"]:
        """The evidence as a reader wants it: one line per practice (queries/evidence_lines.py)."""
        from practicegraph.queries.evidence_lines import evidence_lines

        return evidence_lines(self.evidence)


_KIND_WORDS = {"developed": "developed", "co-developed": "co-developed", "adapted": "adapted",
               "model-lesson": "demonstrated in a model lesson", "observed": "was observed teaching",
               "mentored": "mentored others in"}


def explain(row: EvidenceRow, match: Match) -> str:
    if row.practice_title:
        what = f"'{row.practice_title}'"
    elif row.source_text:  # an observation that names no visible practice: quote its note
        note = row.source_text if len(row.source_text) <= 80 else row.source_text[:77].rsplit(" ", 1)[0] + "…"
        what = f"(\"{note}\")"
    else:
        what = "a lesson"
    when = f" ({row.date.year})" if row.date else ""
    how = []
    if match.meaning >= MIN_MEANING:
        how.append(f"close in meaning to your question ({match.meaning:.2f})")
    if match.words >= MIN_WORDS:
        how.append("shares key words with it")
    return f"{_KIND_WORDS.get(row.kind, row.kind)} {what}{when}; " + (" and ".join(how) or "related")


def recency(d: date | None, today: date, ranking: Ranking = DEFAULT) -> float:
    if d is None:
        return ranking.undated
    years = max(0.0, (today - d).days / 365.25)
    return 0.5 ** (years / ranking.half_life_years)


KINDS = ("Practice", "Observation")


def find_experts(store: GraphStore, embedder: Embedder, question: str, *,
                 filters: SearchFilters = SearchFilters(), viewer: Viewer = Viewer(),
                 limit: int = 10, today: date | None = None, ranking: Ranking = DEFAULT) -> list[Expert]:
    """Two store reads per question: the candidates of both kinds by meaning and by words,
    then the evidence behind the matches (with their lineage and people's places)."""
    today = today or date.today()
    vector = embedder.encode([question])[0].tolist() if ranking.mode != "words" else None
    text = words_query(question, ranking)
    found = store.candidates(KINDS, vector, text or None, ranking.candidates, filters, viewer)
    practice_match, observation_match = (
        score_candidates(found.meaning.get(kind, ()), found.words.get(kind, ()), question, ranking)
        for kind in KINDS)
    if not practice_match and not observation_match:
        return []
    named = named_subjects(question) if ranking.other_subject < 1 else set()
    if named and practice_match:  # a third read, only when the question names a subject
        subjects = {p.id: p.subject for p in store.practices(sorted(practice_match), viewer)}
        weigh_subjects(practice_match, subjects, named, ranking)
    gathered = store.question_evidence(sorted(practice_match), sorted(observation_match), filters, viewer,
                                       lineage=ranking.lineage_share > 0)
    practice_match = inherit(practice_match, gathered.lineage, ranking)
    rows = gathered.rows
    closest = best_cosine(practice_match, observation_match)
    best: dict[tuple, ScoredEvidence] = {}
    for row in rows:
        # a piece of evidence matches as well as the better of its observation and practice
        candidates = [m for m in (observation_match.get(row.source_id), practice_match.get(row.practice_id)) if m]
        if not candidates:
            continue
        match = max(candidates, key=lambda c: c.relevance)
        if not evidence_counts(row.kind, match, closest, ranking):
            continue
        # squared: a practice twice as close to the question counts four times as much
        contribution = (ranking.evidence_weights.get(row.kind, 0.3) * match.relevance ** ranking.sharpness
                        * recency(row.date, today, ranking) * (1.0 if row.practice_id else ranking.unnamed_observation))
        key = (row.person_id, row.kind, row.practice_id, row.source_id)
        if key not in best or best[key].contribution < contribution:
            best[key] = ScoredEvidence(row, match, contribution)

    by_person: dict[str, list[ScoredEvidence]] = defaultdict(list)
    for ev in best.values():
        by_person[ev.row.person_id].append(ev)
    experts = []
    for pid, items in by_person.items():
        items.sort(key=lambda e: (-e.contribution, e.row.practice_id or "", e.row.source_id or ""))
        score = person_score(items, ranking)
        experts.append(Expert(pid, items[0].row.person_name, score, items))
    experts.sort(key=lambda e: (-e.score, e.name, e.person_id))
    best_score = experts[0].score if experts else 0.0
    experts = [e for e in experts if person_is_answer([ev.match.cosine for ev in e.evidence], e.score,
                                                      closest, best_score, ranking)][:limit]
    _attach_whereabouts(gathered.people, experts)
    return experts


def person_score(items: list[ScoredEvidence], ranking: Ranking = DEFAULT) -> float:
    """Breadth over repetition: evidence is grouped by practice (or by observation when it
    names none); a practice counts its best piece, plus a share for each further kind of
    evidence that corroborates it; practices then add up with diminishing returns."""
    groups: dict[str, list[ScoredEvidence]] = defaultdict(list)
    for e in items:
        groups[e.row.practice_id or e.row.source_id or ""].append(e)
    per_practice = []
    for group in groups.values():
        best = max(e.contribution for e in group)
        kinds = {e.row.kind for e in group}
        per_practice.append(best * (1 + ranking.corroboration * (len(kinds) - 1)))
    per_practice.sort(reverse=True)
    return sum(c * ranking.diminishing ** i for i, c in enumerate(per_practice))


def _attach_whereabouts(people: dict[str, PersonSummary], experts: list[Expert]) -> None:
    """Where each person can be reached: current schools and clusters (a directory nobody
    can act on is worthless)."""
    for e in experts:
        p = people.get(e.person_id)
        if p:
            # once each: a person may hold two memberships of one school (two roles)
            e.organisations = list(dict.fromkeys(OrganisationRef(i, n, r) for i, n, r in p.organisations))
            e.clusters = list(dict.fromkeys(ClusterRef(i, n) for i, n in p.clusters))
