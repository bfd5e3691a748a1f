"""Answers a teacher can read: a person's evidence merged into one line per practice
("developed 2022; demonstrated in a model lesson 2024; observed twice"), and a 0-100
strength relative to the best answer, instead of a raw score nobody can interpret."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Sequence

from practicegraph.queries.ranking import Match, Ranking

DEFAULT_RANKING = Ranking()

if TYPE_CHECKING:
    from practicegraph.queries.expertise import ScoredEvidence

_DEVELOPED = ("developed", "co-developed", "adapted")
_PHRASES = {"developed": ("developed", "developed"), "co-developed": ("co-developed", "co-developed"),
            "adapted": ("adapted it", "adapted it"),
            "model-lesson": ("demonstrated in a model lesson", "demonstrated in {n} model lessons"),
            "observed": ("observed", "observed {times}"), "mentored": ("mentored others in it",
                                                                      "mentored others in it {times}")}
_TIMES = {2: "twice"}


@dataclass
class EvidenceLine:
    """All of one person's evidence about one practice (or one observation naming no
    practice the viewer may see), best piece first."""

    practice_id: str | None
    practice_title: str | None
    items: list["ScoredEvidence"]
    contribution: float  # as the person's score counts this practice

    @property
    def kinds(self) -> list[str]:
        weights = DEFAULT_RANKING.evidence_weights
        return sorted({e.row.kind for e in self.items}, key=lambda k: (-weights.get(k, 0), k))

    @property
    def match(self) -> Match:
        return max((e.match for e in self.items), key=lambda m: m.relevance)

    @property
    def date(self) -> date | None:
        return max((e.row.date for e in self.items if e.row.date), default=None)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(e.row.source_id for e in self.items if e.row.source_id))

    @property
    def note(self) -> str | None:
        """What was observed or discussed, from the best piece that has a note."""
        return next((e.row.source_text for e in self.items if e.row.source_text), None)

    @property
    def what(self) -> str:
        return what_they_did(self.items)

    def why(self, ranking: Ranking = DEFAULT_RANKING) -> str:
        if self.practice_title:
            subject = f"'{self.practice_title}'"
        else:
            note = self.note or ""
            short = note if len(note) <= 80 else note[:77].rsplit(" ", 1)[0] + "…"
            # quoted in ("…"): the research lens (accounts/research.py) redacts exactly that form
            subject = f"a lesson (\"{short}\")"
        m, how = self.match, []
        if m.meaning >= ranking.min_meaning:
            how.append(f"close in meaning to your question ({m.meaning:.2f})")
        if m.words >= ranking.min_words:
            how.append("shares key words with it")
        reason = " and ".join(how) or "adapted from, or into, a practice that matches your question"
        return f"{self.what}: {subject}; {reason}"


def what_they_did(items: Sequence["ScoredEvidence"]) -> str:
    """One clause per kind of evidence, strongest kind first, with years and counts."""
    weights = DEFAULT_RANKING.evidence_weights
    by_kind: dict[str, list] = {}
    for e in items:
        by_kind.setdefault(e.row.kind, []).append(e.row)
    clauses = []
    for kind in sorted(by_kind, key=lambda k: (-weights.get(k, 0), k)):
        rows = by_kind[kind]
        n = len({r.source_id or r.practice_id for r in rows}) if kind not in _DEVELOPED else 1
        years = sorted({r.date.year for r in rows if r.date})
        one, many = _PHRASES.get(kind, (kind, kind + " {times}"))
        phrase = one if n == 1 else many.format(n=n, times=_TIMES.get(n, f"{n} times"))
        if years:
            phrase += " " + (str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}")
        clauses.append(phrase)
    return "; ".join(clauses)


def evidence_lines(items: Sequence["ScoredEvidence"], ranking: Ranking = DEFAULT_RANKING) -> list[EvidenceLine]:
    """One line per practice, weighed as queries.expertise.person_score weighs it, best
    first. A piece naming no visible practice and carrying no note says nothing a reader
    could use: it still counts in the score but gets no line."""
    groups: dict[str, list] = {}
    for e in items:
        groups.setdefault(e.row.practice_id or "\0" + (e.row.source_id or ""), []).append(e)
    lines = []
    for group in groups.values():
        group.sort(key=lambda e: -e.contribution)
        kinds = {e.row.kind for e in group}
        value = group[0].contribution * (1 + ranking.corroboration * (len(kinds) - 1))
        line = EvidenceLine(group[0].row.practice_id, group[0].row.practice_title, group, value)
        if line.practice_id or line.note:
            lines.append(line)
    lines.sort(key=lambda l: (-l.contribution, l.practice_id or "", l.sources))
    return lines


def strengths(scores: Sequence[float]) -> list[int]:
    """0-100 relative to the best answer shown (which is 100); any evidence at all is at least 1."""
    best = max(scores, default=0.0)
    return [max(1, round(100 * s / best)) if best > 0 and s > 0 else 0 for s in scores]
