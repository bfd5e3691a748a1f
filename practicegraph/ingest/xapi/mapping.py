"""xAPI statements -> domain records (the table is in docs/xapi.md).

Each verb has one mapper. The statement's id becomes the id of the record it makes, so
re-sending a statement is recognised as the same record (unchanged) and the same id with
other content is a conflict. A statement that conforms but does not fit any mapping is
rejected with the reason; nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Callable
from urllib.parse import unquote, urlsplit

from practicegraph.errors import FieldError
from practicegraph.ingest.validate import Item, did_you_mean
from practicegraph.ingest.xapi.statement import VOIDED, check
from practicegraph.model import Meeting

BASE = "https://practicegraph.org/xapi"
EXT = BASE + "/extensions/"
ADL_VERBS = "http://adlnet.gov/expapi/verbs/"
ADL_ACTIVITIES = "http://adlnet.gov/expapi/activities/"
VERBS = {
    BASE + "/verbs/observed": "observed",
    BASE + "/verbs/mentored": "mentored",
    "http://id.tincanapi.com/verb/mentored": "mentored",
    BASE + "/verbs/adapted": "adapted",
    BASE + "/verbs/attended": "attended",
    ADL_VERBS + "attended": "attended",
    BASE + "/verbs/shared": "shared",
    ADL_VERBS + "shared": "shared",
    VOIDED: "voided",
}
PRACTICE_TYPE = BASE + "/activities/practice"
CLUSTER_TYPE = BASE + "/activities/cluster"
SCHOOL_TYPE = BASE + "/activities/school"
LESSON_TYPES = (BASE + "/activities/lesson", ADL_ACTIVITIES + "lesson")
MEETING_TYPES = (BASE + "/activities/meeting", ADL_ACTIVITIES + "meeting")
# the extensions each verb reads (record field names, written with '-' in the IRI)
EXTENSIONS = {
    "observed": ("kind", "round", "subject", "group", "setting", "group_outline", "focus", "what_worked",
                 "adapt_further", "purpose", "visibility", "reflection_visibility"),
    "mentored": ("kind", "ended", "rounds", "focus", "led_to", "visibility", "reflection_visibility"),
    "adapted": ("mode", "what_changed", "why", "new_context", "how_learned", "round", "subject", "phase",
                "context", "visibility"),
    "attended": ("agenda",),
    "shared": ("visibility",),
}
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, BASE)


class Unmappable(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


def statement_id(statement: dict) -> str:
    """The statement's own id, or (like an LRS assigning one) a UUID derived from its
    content, so that sending the same id-less statement twice is recognised."""
    if statement.get("id"):
        return statement["id"].lower()
    body = json.dumps(statement, sort_keys=True, separators=(",", ":"))
    return str(uuid.uuid5(_NAMESPACE, body))


def person_id(agent: dict) -> str:
    """The person an agent is: account.name is a practicegraph person id; an email
    (mbox or its SHA-1) or an OpenID gives a derived id, never the address itself."""
    if "account" in agent:
        return agent["account"]["name"]
    if "mbox" in agent:
        return "mbox-" + hashlib.sha1(agent["mbox"].encode()).hexdigest()
    if "mbox_sha1sum" in agent:
        return "mbox-" + agent["mbox_sha1sum"].lower()
    return "openid-" + hashlib.sha1(agent["openid"].encode()).hexdigest()[:20]


def last_segment(iri: str) -> str:
    """`https://practicegraph.org/xapi/practices/pr-jigsaw` -> `pr-jigsaw`."""
    parts = urlsplit(iri)
    tail = (parts.fragment or parts.path.rstrip("/").rsplit("/", 1)[-1] or parts.netloc)
    return unquote(tail)


def text(language_map: dict | None) -> str | None:
    if not language_map:
        return None
    for tag in ("en", "en-US", "en-GB"):
        if tag in language_map:
            return language_map[tag]
    return next(iter(language_map.values()))


class Statement:
    """One conformant statement, with the lookups the mappers share."""

    def __init__(self, data: dict):
        self.data = data
        self.people: dict[str, str | None] = {}  # person id -> a name given for them here
        self.id = statement_id(data)
        self.context = data.get("context") or {}

    def agent(self, agent: dict, path: str) -> str:
        if agent.get("objectType") == "Group":
            raise Unmappable(path, "expected one person (an Agent), got a Group")
        pid = person_id(agent)
        if not self.people.get(pid):
            self.people[pid] = agent.get("name")
        return pid

    def agents(self, agent: dict, path: str) -> list[str]:
        """An Agent, or every member of a Group."""
        if agent.get("objectType") == "Group":
            return [self.agent(m, f"{path}.member.{i}") for i, m in enumerate(agent.get("member", []))]
        return [self.agent(agent, path)]

    def activities(self, *lists: str) -> list[dict]:
        found = (self.context.get("contextActivities") or {})
        out = []
        for name in lists or ("parent", "grouping", "category", "other"):
            listed = found.get(name, [])
            out += listed if isinstance(listed, list) else [listed]
        return out

    def practices(self, *lists: str) -> list[str]:
        return [last_segment(a["id"]) for a in self.activities(*lists) if is_practice(a)]

    def where(self) -> dict:
        """cluster and organisation from cluster / school activities in the context."""
        out = {}
        for act in self.activities():
            kind = _type(act)
            if kind == CLUSTER_TYPE or act["id"].startswith(BASE + "/clusters/"):
                out["cluster"] = last_segment(act["id"])
            elif kind == SCHOOL_TYPE or act["id"].startswith(BASE + "/schools/"):
                out["organisation"] = last_segment(act["id"])
        return out

    def date(self, what: str) -> str:
        stamp = self.data.get("timestamp")
        if not stamp:
            raise Unmappable("timestamp", f"needed: the date of the {what}")
        return stamp[:10]  # the date where it happened, in its own time zone

    def extensions(self, verb: str) -> dict:
        given = self.context.get("extensions") or {}
        allowed = EXTENSIONS[verb]
        out = {}
        for key, value in given.items():
            if not key.startswith(EXT):
                continue  # another profile's extension: not ours to read
            name = key[len(EXT):].replace("-", "_")
            if name not in allowed:
                hint = did_you_mean(name, allowed)
                raise Unmappable(f"context.extensions[{key}]", f"not read for '{verb}' statements"
                                 + (f"; {hint.replace('_', '-')}" if hint else
                                    "; see docs/xapi.md for the extensions each verb reads"))
            out[name] = value
        return out

    def response(self) -> dict:
        response = (self.data.get("result") or {}).get("response")
        return {"reflection": response} if response else {}


def _type(activity: dict) -> str | None:
    return (activity.get("definition") or {}).get("type")


def is_practice(activity: dict) -> bool:
    return _type(activity) == PRACTICE_TYPE or activity.get("id", "").startswith(BASE + "/practices/")


def _object_activity(s: Statement, what: str) -> dict:
    target = s.data["object"]
    if target.get("objectType", "Activity") != "Activity":
        raise Unmappable("object", f"expected {what} (an Activity)")
    return target


def observed(s: Statement) -> list[dict]:
    observer = s.agent(s.data["actor"], "actor")
    target = s.data["object"]
    if target.get("objectType") == "Agent":
        observed_id = s.agent(target, "object")
    elif target.get("objectType", "Activity") == "Activity" and "instructor" in s.context:
        observed_id = s.agent(s.context["instructor"], "context.instructor")
    else:
        raise Unmappable("context.instructor", "needed: who was observed (context.instructor, "
                                               "or the observed teacher as the object)")
    return [{"type": "observation", "id": s.id, "observer": observer, "observed": observed_id,
             "date": s.date("visit"), "practices": s.practices(), **s.where(),
             **s.extensions("observed"), **s.response()}]


def mentored(s: Statement) -> list[dict]:
    mentor = s.agent(s.data["actor"], "actor")
    target = s.data["object"]
    if target.get("objectType") not in ("Agent", "Group"):
        raise Unmappable("object", "expected the person mentored (an Agent, or a Group of mentees)")
    mentees = s.agents(target, "object")
    ext = s.extensions("mentored")
    led_to = ext.pop("led_to", [])
    if not isinstance(led_to, list):
        raise Unmappable(f"context.extensions[{EXT}led-to]", "expected a list of practice ids or IRIs")
    started = {"started": s.date("first meeting")} if s.data.get("timestamp") else {}
    return [{"type": "exchange", "id": s.id, "kind": ext.pop("kind", "mentoring"),
             "participants": [{"person": mentor, "role": "mentor"}] + [{"person": m, "role": "mentee"}
                                                                        for m in mentees],
             **started, "discussed": s.practices(), "led_to": [last_segment(str(p)) for p in led_to],
             **s.where(), **ext, **s.response()}]


def adapted(s: Statement) -> list[dict]:
    adopter = s.agent(s.data["actor"], "actor")
    target = _object_activity(s, "the adapted practice")
    if not is_practice(target):
        raise Unmappable("object", f"expected a practice activity (type {PRACTICE_TYPE} "
                                   f"or an id under {BASE}/practices/)")
    sources = s.practices("parent")
    if len(sources) != 1:
        raise Unmappable("context.contextActivities.parent",
                         f"needed: exactly one practice it was adapted from; found {len(sources)}")
    ext = s.extensions("adapted")
    practice_fields = {k: ext.pop(k) for k in ("subject", "phase", "context", "visibility") if k in ext}
    date = s.date("adaptation")
    pid = last_segment(target["id"])
    out = []
    definition = target.get("definition") or {}
    if definition.get("name") or definition.get("description"):  # the statement describes the new practice
        out.append({"type": "practice", "id": pid, "title": text(definition.get("name")),
                    "description": text(definition.get("description")),
                    "developers": [{"person": adopter, "role": "originator", "date": date}],
                    **s.where(), **practice_fields})
    out.append({"type": "adaptation", "id": s.id, "practice": pid, "source": sources[0], "date": date, **ext})
    return out


def attended(s: Statement) -> list[dict]:
    """The meeting (its id derived from cluster and date, as a register's would be) and an
    attendance record with the statement's id: an LRS sends one statement per attendee,
    so the meeting must not change with each of them (statements_to_items keeps one)."""
    target = _object_activity(s, "the meeting")
    if _type(target) not in MEETING_TYPES:
        raise Unmappable("object.definition.type", f"expected a meeting ({MEETING_TYPES[1]})")
    where = s.where()
    if "cluster" not in where:
        raise Unmappable("context.contextActivities.grouping",
                         f"needed: the cluster that met (an activity of type {CLUSTER_TYPE})")
    agenda = s.extensions("attended").get("agenda", [])
    meeting = {"type": "meeting", "cluster": where["cluster"], "date": s.date("meeting"),
               **({"venue": where["organisation"]} if "organisation" in where else {}),
               "agenda": [_agenda_item(a) for a in agenda]}
    meeting_id = Meeting.natural_id(meeting)
    return [{**meeting, "id": meeting_id},
            {"type": "attendance", "id": s.id, "meeting": meeting_id,
             "attendees": s.agents(s.data["actor"], "actor")}]


def _one_meeting_each(items: list[Item], stored: dict) -> list[Item]:
    """Several statements name one meeting: keep one record of it, the first that carries
    an agenda (else the first), and none when it is stored already and no statement gives
    an agenda (an agenda given again is written, so a different one is a conflict)."""
    chosen: dict[str, Item] = {}
    for item in items:
        if item.data["type"] == "meeting":
            kept = chosen.get(item.data["id"])
            if kept is None or (item.data["agenda"] and not kept.data["agenda"]):
                chosen[item.data["id"]] = item
    keep = {id(i) for mid, i in chosen.items() if mid not in stored or i.data["agenda"]}
    return [i for i in items if i.data["type"] != "meeting" or id(i) in keep]


def _agenda_item(item):
    if isinstance(item, str):
        from practicegraph.ingest.csvsource import CellError, _agenda_item as parse

        try:
            return parse(item)
        except CellError as exc:
            raise Unmappable(f"context.extensions[{EXT}agenda]", str(exc)) from None
    return item


def shared(s: Statement) -> list[dict]:
    author = s.agent(s.data["actor"], "actor")
    target = _object_activity(s, "the shared resource")
    if is_practice(target):
        raise Unmappable("object", "a shared statement records a resource (lesson plan, video, worksheet) "
                                   "that embodies practices; describe a practice as a record, or as the "
                                   "object of an 'adapted' statement")
    definition = target.get("definition") or {}
    kind = _type(target)
    return [{"type": "resource", "id": s.id, "title": text(definition.get("name")),
             "kind": last_segment(kind) if kind else "document", "url": target["id"],
             "embodies": s.practices(), "author": author, **s.where(), **s.extensions("shared")}]


def voided(s: Statement) -> list[dict]:
    ref = s.data["object"]["id"]
    raise Unmappable("verb", f"voiding is not supported: records here are never deleted, so statement "
                             f"{ref} stays; send a corrected record as a new version instead")


MAPPERS: dict[str, Callable[[Statement], list[dict]]] = {
    "observed": observed, "mentored": mentored, "adapted": adapted, "attended": attended,
    "shared": shared, "voided": voided}


def statements_to_items(statements, known: Callable | None = None) -> tuple[list[Item], list[FieldError]]:
    """Items for the pipeline from (line, statement) pairs, and every statement refused.

    A person named by an agent that the store does not know yet, and who has a name in
    some statement, is created as a person record (the first name given wins)."""
    items: list[Item] = []
    errors: list[FieldError] = []
    people: dict[str, str | None] = {}
    first_line: dict[str, int] = {}
    for line, data in statements:
        problems = check(data)
        sid = data.get("id") if isinstance(data, dict) and isinstance(data.get("id"), str) else None
        if problems:
            errors += [FieldError(line, path, reason, sid) for path, reason in problems]
            continue
        verb = VERBS.get(data["verb"]["id"])
        if verb is None:
            errors.append(FieldError(line, "verb.id", f"no mapping for verb {data['verb']['id']}; mapped: "
                                     "observed, mentored, adapted, attended, shared (docs/xapi.md)", sid))
            continue
        statement = Statement(data)
        try:
            records = MAPPERS[verb](statement)
        except Unmappable as exc:
            errors.append(FieldError(line, exc.path, exc.reason, statement.id))
            continue
        for pid, name in statement.people.items():  # the first name given wins
            if not people.get(pid):
                people[pid] = name
                first_line.setdefault(pid, line)
        items += [Item(r, line) for r in records]
    meetings = {i.data["id"] for i in items if i.data["type"] == "meeting"}
    wanted = sorted(set(people) | meetings)  # one look-up for people and meetings alike
    stored = known(wanted) if known is not None and wanted else {}
    items = _one_meeting_each(items, stored)
    new_people = [Item({"type": "person", "id": pid, "name": name}, first_line.get(pid))
                  for pid, name in people.items() if name and pid not in stored]
    return new_people + items, errors


# record field -> where it comes from in a statement, for error reports
_SOURCES = {
    "observer": "actor", "observed": "context.instructor", "date": "timestamp", "started": "timestamp",
    "practices": "context.contextActivities", "discussed": "context.contextActivities",
    "embodies": "context.contextActivities", "participants": "actor/object", "practice": "object.id",
    "source": "context.contextActivities.parent", "cluster": "context.contextActivities",
    "organisation": "context.contextActivities", "venue": "context.contextActivities",
    "attendees": "actor", "author": "actor", "developers": "actor", "title": "object.definition.name",
    "description": "object.definition.description", "reflection": "result.response", "url": "object.id",
    "id": "id", "name": "actor.name", "kind": f"context.extensions[{EXT}kind]",
}


def statement_path(field: str) -> str:
    """A record field in a statement's terms (`what_worked` -> its extension IRI)."""
    head = field.split(".", 1)[0]
    if head in _SOURCES:
        return _SOURCES[head]
    if head in {name for names in EXTENSIONS.values() for name in names}:
        return f"context.extensions[{EXT}{head.replace('_', '-')}]"
    return field
