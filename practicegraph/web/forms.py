"""The record forms: their fields in plain words, and the records a filled form becomes.

The form's field names are the record's own, so the validation errors of the one ingest
path (field, reason) land beside the field that caused them.
"""

from __future__ import annotations

import re

import datetime as dt
from dataclasses import dataclass, field

from practicegraph.graph.types import Viewer


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text | textarea | date | number | select | hidden
    required: bool = False
    hint: str = ""
    options: tuple[tuple[str, str], ...] = ()
    default: str = ""


VISIBILITY_WORDS = {
    "pair": "Only the people named on it",
    "private": "Only you",
    "org": "Everyone at your school",
    "cluster": "Everyone in your cluster",
    "public": "Anyone, also without signing in",
}


def _visibility(name: str, default: str, what: str, pair: str = "") -> Field:
    words = {**VISIBILITY_WORDS, **({"pair": f"Only the two of you ({pair})"} if pair else {})}
    options = tuple((v, words[v]) for v in ("pair", "private", "org", "cluster", "public"))
    return Field(name, f"Who can see {what}", "select", options=options, default=default,
                 hint=f"If you change nothing: {words[default][0].lower() + words[default][1:]}.")


HOW_LEARNED = (("observation-and-discussion", "I watched it taught and we talked"),
               ("joint-planning", "We planned it together"), ("told", "Someone told me about it"),
               ("resource", "From a resource"), ("training", "In a training"), ("other", "Another way"))
MODES = (("adaptive", "Adapted: changed it for my class"), ("replication", "Used it as it was"),
         ("exchange", "Worked it out together, both sides changed it"))


@dataclass(frozen=True)
class FormSpec:
    kind: str
    title: str
    intro: str
    fields: tuple[Field, ...]
    offline: bool = False


VISIT = FormSpec("visit", "Record a peer visit", "You visited a colleague's lesson. Note what you saw.", (
    Field("observed", "Who was visited", required=True, hint="Their id, as shown on their page"),
    Field("date", "Date of the visit", "date", required=True),
    Field("round", "Round", "number", hint="Which round of visits this is (1, 2, 3 …)"),
    Field("subject", "Subject area"),
    Field("group", "Group", hint="Your buddy group or triad"),
    Field("setting", "Setting", hint="Class, grade, size (e.g. Grade 4, 62 learners, multigrade)"),
    Field("group_outline", "Group outline", "textarea"),
    Field("focus", "Focus of the visit", "textarea", required=True),
    Field("what_worked", "What worked well", "textarea"),
    Field("adapt_further", "What could be adapted further", "textarea"),
    Field("reflection", "Reflection", "textarea"),
    _visibility("visibility", "pair", "this visit", "you and the teacher you visited"),
    _visibility("reflection_visibility", "pair", "the reflection", "you and the teacher you visited"),
), offline=True)

MENTORING = FormSpec("mentoring", "Record a mentoring round", "A round of mentoring with a colleague.", (
    Field("mentee", "Who you mentored", required=True, hint="Their id, as shown on their page"),
    Field("started", "Date", "date", required=True),
    Field("rounds", "Round", "number", hint="Which round this is (1, 2, 3 …)"),
    Field("focus", "What you worked on", "textarea", required=True),
    Field("reflection", "Reflection", "textarea"),
    _visibility("visibility", "pair", "this round", "you and the colleague you mentor"),
    _visibility("reflection_visibility", "pair", "the reflection", "you and the colleague you mentor"),
), offline=True)

ADAPTATION = FormSpec("adaptation", "I adapted this", "You took this practice and made it yours.", (
    Field("source", "The practice you adapted", "hidden", required=True),
    Field("title", "A name for your version", required=True),
    Field("description", "Your version, in a few sentences", "textarea", required=True),
    Field("what_changed", "What I changed", "textarea", required=True),
    Field("why", "Why", "textarea", required=True),
    Field("new_context", "My context", "textarea", hint="Your school, class, learners, resources"),
    Field("how_learned", "How I learned it", "select", options=HOW_LEARNED, default="observation-and-discussion"),
    Field("mode", "How close to the original", "select", options=MODES, default="adaptive"),
    Field("date", "When", "date"),
    _visibility("visibility", "cluster", "your version"),
))

MEETING = FormSpec("meeting", "Record a cluster meeting", "Who came, and what was on the agenda.", (
    Field("cluster", "Cluster", required=True, hint="The cluster's id"),
    Field("date", "Date", "date", required=True),
    Field("attendees", "Who came", "textarea", hint="One person's id per line"),
    Field("agenda", "Agenda items", "textarea",
          hint="One item per line, starting with content: or admin: (e.g. 'content: group work in large classes')"),
))

FORMS = {f.kind: f for f in (VISIT, MENTORING, ADAPTATION, MEETING)}


def typed(spec: FormSpec, form) -> dict[str, str]:
    """What the person typed (kept as typed, to show again on error)."""
    return {f.name: form.get(f.name, f.default).strip() for f in spec.fields}


def missing(spec: FormSpec, values: dict[str, str]) -> dict[str, str]:
    return {f.name: "Please fill this in." for f in spec.fields if f.required and not values.get(f.name)}


# number inputs arrive as text; records take numbers strictly (a "1" is not a number there)
_NUMBER_FIELDS = frozenset({"round", "rounds"})


def _opt(values: dict[str, str], *names: str) -> dict:
    return {n: _typed(n, values[n]) for n in names if values.get(n)}


def _typed(name: str, value: str):
    """A whole number typed into a number field as an int; anything else as typed, so that
    validation names the field and says what is wrong."""
    return int(value) if name in _NUMBER_FIELDS and re.fullmatch(r"[0-9]{1,7}", value.strip()) else value


def _scope(values: dict[str, str], viewer: Viewer, record: dict) -> dict:
    """A school- or cluster-wide record is shared with the author's own school or cluster."""
    if values.get("visibility") == "org" and viewer.organisations:
        record["organisation"] = sorted(viewer.organisations)[0]
    if values.get("visibility") == "cluster" and viewer.clusters:
        record["cluster"] = sorted(viewer.clusters)[0]
    return record


def records_for(spec: FormSpec, record_id: str, values: dict[str, str], viewer: Viewer) -> list[dict]:
    """The records this form becomes, with the writer as the author."""
    me = viewer.person_id
    if spec.kind == "visit":
        rec = {"type": "observation", "id": record_id, "observer": me, "kind": "peer-visit",
               **_opt(values, "observed", "date", "round", "subject", "group", "setting", "group_outline",
                      "focus", "what_worked", "adapt_further", "reflection", "visibility", "reflection_visibility")}
        return [_scope(values, viewer, rec)]
    if spec.kind == "mentoring":
        rec = {"type": "exchange", "id": record_id, "kind": "mentoring",
               "participants": [{"person": me, "role": "mentor"}, {"person": values["mentee"], "role": "mentee"}],
               **_opt(values, "started", "rounds", "focus", "reflection", "visibility", "reflection_visibility")}
        return [_scope(values, viewer, rec)]
    if spec.kind == "adaptation":
        practice_id = f"{record_id}-practice"
        practice = {"type": "practice", "id": practice_id, "developers": [{"person": me}],
                    **_opt(values, "title", "description", "visibility"),
                    **({"context": values["new_context"]} if values.get("new_context") else {})}
        adaptation = {"type": "adaptation", "id": record_id, "practice": practice_id,
                      **_opt(values, "source", "mode", "what_changed", "why", "new_context", "how_learned", "date")}
        return [_scope(values, viewer, practice), adaptation]
    return [{"type": "meeting", "id": record_id, **_opt(values, "cluster", "date"),
             "attendees": [a.strip() for a in values.get("attendees", "").splitlines() if a.strip()],
             "agenda": [_agenda_item(line) for line in values.get("agenda", "").splitlines() if line.strip()]}]


def _agenda_item(line: str) -> dict:
    tag, sep, text = line.partition(":")
    if sep and tag.strip().lower() in ("content", "admin"):
        return {"tag": tag.strip().lower(), "text": text.strip()}
    return {"tag": "", "text": line.strip()}  # refused by validation: the tag is missing


# which form field an error on a record field belongs to
FIELD_OF = {"participants": "mentee", "practice": "title", "agenda": "agenda", "attendees": "attendees",
            "observer": "observed", "record": "focus", "context": "new_context"}


def field_for(spec: FormSpec, record_type: str, error_field: str) -> str:
    names = {f.name for f in spec.fields}
    head = error_field.split(".")[0].split("[")[0]
    if head in names:
        return head
    return FIELD_OF.get(head, spec.fields[0].name if spec.fields[0].kind != "hidden" else spec.fields[1].name)


def today() -> str:
    return dt.date.today().isoformat()
