"""The CSV templates: one per record type people keep in spreadsheets.

Each template declares its columns once: the header in plain words, the record field it
fills, and how the cell is written. The reader (csvsource.py), the writer, the
`practicegraph template` command and docs/csv.md all come from these declarations.

Cell forms:
  text    as written; an empty cell means "not given"
  number  a whole number
  date    YYYY-MM-DD
  list    items separated by ';'  (e.g. `pr-a; pr-b`)
  people  ';'-separated person ids, each with an optional role in brackets
          (e.g. `t-nomsa (mentor); t-sipho (mentee)`)
  agenda  ';'-separated items, each ending in its tag in square brackets
          (e.g. `Fractions with bottle tops [content]; Next venue [admin]`)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

CELL_FORMS = {
    "text": "as written; empty means not given",
    "number": "a whole number",
    "date": "YYYY-MM-DD",
    "list": "items separated by ';'",
    "people": "';'-separated person ids, each with an optional role in brackets: `t-a (mentor); t-b (mentee)`",
    "agenda": "';'-separated items tagged in square brackets: `Fractions [content]; Next venue [admin]`",
}


@dataclass(frozen=True)
class Column:
    header: str  # as it appears in the sheet (matched case-insensitively)
    field: str  # the record field it fills
    form: str = "text"
    required: bool = False
    about: str = ""
    default_role: str | None = None  # for `people` cells: the role when none is written


@dataclass(frozen=True)
class Template:
    name: str
    record_type: str
    about: str
    columns: tuple[Column, ...]
    # row values (by field) -> records; None: one record of record_type from the values
    build: Callable[[dict], list[dict]] | None = None

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def records(self, values: dict) -> list[dict]:
        if self.build is not None:
            return self.build(values)
        return [{"type": self.record_type, **values}]


def _people_rows(values: dict) -> list[dict]:
    """One row is a person and, if a school or cluster is named, their membership(s)."""
    person = {"type": "person", **{k: values[k] for k in ("id", "name", "pseudonym") if k in values}}
    out = [person]
    span = {k: values[k] for k in ("role", "since", "until") if k in values}
    for target in ("organisation", "cluster"):
        if target in values:
            out.append({"type": "membership", "person": values.get("id"), target: values[target], **span})
    return out


def _practice_rows(values: dict) -> list[dict]:
    """'developed on' dates every developer named on the row; 'revised after' names practices."""
    values = dict(values)
    if "developers" in values and "developed_on" in values:  # otherwise reported as unknown
        date = values.pop("developed_on")
        values["developers"] = [{**d, "date": date} for d in values["developers"]]
    if "revised_after" in values:
        values["revised_after"] = [{"practice": p} for p in values["revised_after"]]
    return [{"type": "practice", **values}]


_VISIBILITY = "public, cluster, org, pair or private"
_WHERE = (Column("cluster", "cluster", about="cluster id; needed for visibility 'cluster'"),
          Column("school", "organisation", about="school or college id; needed for visibility 'org'"))

TEMPLATES: dict[str, Template] = {t.name: t for t in (
    Template("schools", "organisation", "Schools, colleges and other organisations.", (
        Column("id", "id", required=True),
        Column("name", "name", required=True),
        Column("kind", "kind", about="school, college, university, ngo or district-office (default school)"),
        Column("phase", "phase", about="early-years, primary, secondary, fe or all"),
        Column("region", "region"),
    )),
    Template("clusters", "cluster", "Clusters of schools that meet to share practice.", (
        Column("id", "id", required=True),
        Column("name", "name", required=True),
        Column("kind", "kind", required=True, about="official or voluntary"),
        Column("venue", "venue", about="id of the school that hosts the meetings"),
        Column("region", "region"),
        Column("partner", "partner", about="e.g. the university or NGO behind a voluntary cluster"),
    )),
    Template("people", "person", "People and where they work: one row per membership; repeat the "
             "person's id and name on each row (a move between schools is a new row).", (
        Column("id", "id", required=True, about="the person's id, e.g. t-nomsa"),
        Column("name", "name", required=True),
        Column("pseudonym", "pseudonym", about="stable pseudonym for research exports"),
        Column("school", "organisation", about="school or college id"),
        Column("cluster", "cluster", about="cluster id"),
        Column("role", "role", about="e.g. teacher, head of department, cluster-leader (default teacher)"),
        Column("since", "since", "date"),
        Column("until", "until", "date"),
    ), build=_people_rows),
    Template("practices", "practice", "Practices and who developed them.", (
        Column("id", "id", required=True, about="e.g. pr-multigrade-groups"),
        Column("title", "title", required=True),
        Column("description", "description", required=True),
        Column("subject", "subject"),
        Column("phase", "phase", about="early-years, primary, secondary, fe or all"),
        Column("context", "context", about="the class and setting it was developed for"),
        Column("tags", "tags", "list"),
        Column("developers", "developers", "people", default_role="originator",
               about="roles: originator (default) or co-developer"),
        Column("developed on", "developed_on", "date", about="the date for every developer on the row"),
        Column("visibility", "visibility", about=_VISIBILITY + " (default cluster)"),
        *_WHERE,
        Column("version", "version", "number", about="1 for the first version"),
        Column("version of", "version_of", about="id of the previous version"),
        Column("revised after", "revised_after", "list",
               about="ids of adopters' practices whose feedback led to this version"),
    ), build=_practice_rows),
    Template("adaptations", "adaptation", "One practice adapted from another.", (
        Column("id", "id", about="optional: derived from the two practices"),
        Column("adapted practice", "practice", required=True, about="id of the new, adapted practice"),
        Column("adapted from", "source", required=True, about="id of the practice it came from"),
        Column("mode", "mode", required=True, about="replication, adaptive or exchange"),
        Column("what changed", "what_changed"),
        Column("why", "why"),
        Column("new context", "new_context"),
        Column("how learned", "how_learned", about="observation-and-discussion, joint-planning, told, "
                                                   "resource, training or other"),
        Column("round", "round", "number"),
        Column("date", "date", "date"),
    )),
    Template("observations", "observation", "Peer visits and other lesson observations "
             "(the peer-visit form: who visited whom, focus, what worked, what to adapt).", (
        Column("id", "id", about="optional: derived from observer, who was visited and date"),
        Column("round", "round", "number"),
        Column("subject area", "subject"),
        Column("group", "group", about="the buddy group or triad"),
        Column("observer", "observer", required=True, about="id of the visiting teacher"),
        Column("who was visited", "observed", required=True, about="id of the teacher observed"),
        Column("date", "date", "date", required=True),
        Column("setting", "setting"),
        Column("group outline", "group_outline", about="the class: size, grades, arrangement"),
        Column("focus", "focus"),
        Column("what worked", "what_worked"),
        Column("what could be adapted further", "adapt_further"),
        Column("reflection", "reflection"),
        Column("kind", "kind", about="peer-visit (default), model-lesson, coaching-round, learning-walk "
                                     "or lesson-study"),
        Column("practices", "practices", "list", about="ids of the practices seen"),
        Column("purpose", "purpose", about="developmental (default) or evaluative: evaluative "
                                           "observations never count as expertise evidence"),
        Column("visibility", "visibility", about=_VISIBILITY + " (default pair)"),
        Column("reflection visibility", "reflection_visibility", about=_VISIBILITY + " (default pair)"),
        *_WHERE,
    )),
    Template("exchanges", "exchange", "Mentoring and peer exchanges over rounds.", (
        Column("id", "id", required=True, about="an exchange has no natural key: give each one an id"),
        Column("kind", "kind", required=True, about="mentoring, peer-pairing, triad, joint-planning, "
                                                    "coaching or research-pod"),
        Column("participants", "participants", "people", required=True, default_role="peer",
               about="roles: mentor, mentee, peer (default), broker or facilitator"),
        Column("started", "started", "date"),
        Column("ended", "ended", "date"),
        Column("rounds", "rounds", "number", about="how many rounds so far"),
        Column("focus", "focus"),
        Column("practices discussed", "discussed", "list"),
        Column("led to", "led_to", "list", about="ids of practices that came out of it"),
        Column("reflection", "reflection"),
        Column("visibility", "visibility", about=_VISIBILITY + " (default pair)"),
        Column("reflection visibility", "reflection_visibility", about=_VISIBILITY + " (default pair)"),
        *_WHERE,
    )),
    Template("meetings", "meeting", "The cluster meeting register.", (
        Column("id", "id", about="optional: derived from cluster and date"),
        Column("cluster", "cluster", required=True),
        Column("date", "date", "date", required=True),
        Column("venue", "venue", about="id of the hosting school"),
        Column("attendees", "attendees", "list", about="person ids"),
        Column("agenda", "agenda", "agenda", about="each item tagged [content] or [admin]"),
    )),
)}


def describe(template: Template) -> str:
    """The template's columns as a Markdown table (docs/csv.md is made of these)."""
    lines = [f"### `{template.name}`", "", template.about, "",
             "| column | field | form | required | notes |", "|---|---|---|---|---|"]
    for c in template.columns:
        lines.append(f"| {c.header} | `{c.field}` | {c.form} | {'yes' if c.required else ''} | {c.about} |")
    return "\n".join(lines) + "\n"
