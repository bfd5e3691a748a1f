"""xAPI 1.0.3 statement conformance: what a conformant LRS refuses, this refuses too.

`check(statement)` returns every problem as (path, reason), e.g.
("actor", "an agent needs exactly one identifier (mbox, mbox_sha1sum, openid or account); it has 2").
"""

from __future__ import annotations

import datetime as dt
import re

UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-5][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$")
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+$")
MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
VERSION = re.compile(r"^1\.0(\.\d+)?$")
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
DURATION = re.compile(r"^P(?!$)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?W)?(\d+(\.\d+)?D)?"
                      r"(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?$")
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")

_KEYS = {
    "statement": {"id", "actor", "verb", "object", "result", "context", "timestamp", "stored",
                  "authority", "version", "attachments"},
    "substatement": {"objectType", "actor", "verb", "object", "result", "context", "timestamp"},
    "agent": {"objectType", "name", *IFIS},
    "group": {"objectType", "name", "member", *IFIS},
    "account": {"homePage", "name"},
    "verb": {"id", "display"},
    "activity": {"objectType", "id", "definition"},
    "definition": {"name", "description", "type", "moreInfo", "extensions", "interactionType",
                   "correctResponsesPattern", "choices", "scale", "source", "target", "steps"},
    "statementref": {"objectType", "id"},
    "result": {"score", "success", "completion", "response", "duration", "extensions"},
    "score": {"scaled", "raw", "min", "max"},
    "context": {"registration", "instructor", "team", "contextActivities", "revision", "platform",
                "language", "statement", "extensions"},
    "contextActivities": {"parent", "grouping", "category", "other"},
}


class Checker:
    """Collects every problem in one statement, each with its path."""

    def __init__(self):
        self.problems: list[tuple[str, str]] = []

    def bad(self, path: str, reason: str) -> None:
        self.problems.append((path, reason))

    def obj(self, value, path: str, kind: str, required: set[str] = frozenset()) -> bool:
        if not isinstance(value, dict):
            self.bad(path, f"expected a JSON object ({kind})")
            return False
        for key in value:
            if key not in _KEYS[kind]:
                self.bad(_join(path, key), f"not a property of {kind} in xAPI 1.0.3")
            elif value[key] is None:
                self.bad(_join(path, key), "null is not allowed; leave the property out")
        for key in required:
            if key not in value:
                self.bad(_join(path, key), "required")
        return True

    def string(self, value, path: str, pattern: re.Pattern | None = None, what: str = "") -> None:
        if value is None:
            return
        if not isinstance(value, str):
            self.bad(path, "expected a string")
        elif pattern is not None and not pattern.match(value):
            self.bad(path, f"not {what}: {value[:80]!r}")

    def iri(self, value, path: str) -> None:
        self.string(value, path, IRI, "an absolute IRI")

    def language_map(self, value, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.bad(path, "expected a language map ({\"en\": \"...\"})")
            return
        for tag, text in value.items():
            if not LANGUAGE.match(tag):
                self.bad(_join(path, tag), "not an RFC 5646 language tag")
            if not isinstance(text, str):
                self.bad(_join(path, tag), "expected a string")

    def extensions(self, value, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, dict):
            self.bad(path, "expected an object whose keys are IRIs")
            return
        for key in value:
            if not IRI.match(key):
                self.bad(f"{path}[{key}]", "an extension key must be an absolute IRI")

    def timestamp(self, value, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, str) or not TIMESTAMP.match(value) or value.endswith("-00:00"):
            self.bad(path, f"expected an ISO 8601 timestamp with a time zone, e.g. 2024-03-14T09:30:00Z; "
                           f"got {value!r}")
            return
        try:
            dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            self.bad(path, f"not a real date and time: {value!r}")

    # the parts of a statement ------------------------------------------------------
    def agent_or_group(self, value, path: str, allow_anonymous_group: bool = True) -> None:
        if not isinstance(value, dict):
            self.bad(path, "expected an Agent or Group object")
            return
        kind = value.get("objectType", "Agent")
        if kind not in ("Agent", "Group"):
            self.bad(_join(path, "objectType"), f"expected Agent or Group, got {kind!r}")
            return
        self.obj(value, path, kind.lower())
        self.string(value.get("name"), _join(path, "name"))
        ifis = [k for k in IFIS if k in value]
        if kind == "Group" and not ifis:
            if not allow_anonymous_group:
                self.bad(path, "this group needs an identifier (mbox, mbox_sha1sum, openid or account)")
            if not isinstance(value.get("member"), list) or not value.get("member"):
                self.bad(_join(path, "member"), "an anonymous group needs its members")
        elif len(ifis) != 1:
            self.bad(path, f"{'an agent' if kind == 'Agent' else 'a group'} needs exactly one identifier "
                           f"(mbox, mbox_sha1sum, openid or account); it has {len(ifis)}")
        self.ifi(value, path)
        if kind == "Group" and isinstance(value.get("member"), list):
            for i, member in enumerate(value["member"]):
                if isinstance(member, dict) and member.get("objectType") == "Group":
                    self.bad(f"{path}.member.{i}", "a group's members must be agents")
                else:
                    self.agent_or_group(member, f"{path}.member.{i}")

    def ifi(self, value: dict, path: str) -> None:
        self.string(value.get("mbox"), _join(path, "mbox"), MAILTO, "a mailto: IRI (mailto:name@example.org)")
        self.string(value.get("mbox_sha1sum"), _join(path, "mbox_sha1sum"), SHA1, "40 hex digits")
        self.iri(value.get("openid"), _join(path, "openid"))
        if "account" in value and self.obj(value["account"], _join(path, "account"), "account",
                                           {"homePage", "name"}):
            self.iri(value["account"].get("homePage"), _join(path, "account.homePage"))
            self.string(value["account"].get("name"), _join(path, "account.name"))

    def verb(self, value, path: str = "verb") -> None:
        if self.obj(value, path, "verb", {"id"}):
            self.iri(value.get("id"), _join(path, "id"))
            self.language_map(value.get("display"), _join(path, "display"))

    def activity(self, value, path: str) -> None:
        if not self.obj(value, path, "activity", {"id"}):
            return
        self.iri(value.get("id"), _join(path, "id"))
        definition = value.get("definition")
        if definition is not None and self.obj(definition, _join(path, "definition"), "definition"):
            d = _join(path, "definition")
            self.language_map(definition.get("name"), _join(d, "name"))
            self.language_map(definition.get("description"), _join(d, "description"))
            self.iri(definition.get("type"), _join(d, "type"))
            self.iri(definition.get("moreInfo"), _join(d, "moreInfo"))
            self.extensions(definition.get("extensions"), _join(d, "extensions"))

    def target(self, value, path: str, sub: bool) -> None:
        if not isinstance(value, dict):
            self.bad(path, "expected an object: an Activity, Agent, Group, StatementRef or SubStatement")
            return
        kind = value.get("objectType", "Activity")
        if kind == "Activity":
            self.activity(value, path)
        elif kind in ("Agent", "Group"):
            self.agent_or_group(value, path)
        elif kind == "StatementRef":
            if self.obj(value, path, "statementref", {"id"}):
                self.string(value.get("id"), _join(path, "id"), UUID, "a UUID")
        elif kind == "SubStatement" and not sub:
            self.substatement(value, path)
        else:
            self.bad(_join(path, "objectType"), f"not allowed here: {kind!r}")

    def substatement(self, value: dict, path: str) -> None:
        self.obj(value, path, "substatement", {"actor", "verb", "object"})
        self.agent_or_group(value.get("actor"), _join(path, "actor"))
        self.verb(value.get("verb"), _join(path, "verb"))
        self.target(value.get("object"), _join(path, "object"), sub=True)
        self.result(value.get("result"), _join(path, "result"))
        self.context(value.get("context"), _join(path, "context"), value.get("object"))
        self.timestamp(value.get("timestamp"), _join(path, "timestamp"))

    def result(self, value, path: str) -> None:
        if value is None or not self.obj(value, path, "result"):
            return
        score = value.get("score")
        if score is not None and self.obj(score, _join(path, "score"), "score"):
            scaled = score.get("scaled")
            if scaled is not None and (not isinstance(scaled, (int, float)) or not -1 <= scaled <= 1):
                self.bad(_join(path, "score.scaled"), "expected a number from -1 to 1")
            lo, hi, raw = score.get("min"), score.get("max"), score.get("raw")
            if isinstance(lo, (int, float)) and isinstance(hi, (int, float)) and lo > hi:
                self.bad(_join(path, "score"), "min is above max")
            if isinstance(raw, (int, float)) and ((isinstance(lo, (int, float)) and raw < lo)
                                                  or (isinstance(hi, (int, float)) and raw > hi)):
                self.bad(_join(path, "score.raw"), "outside min..max")
        for flag in ("success", "completion"):
            if flag in value and not isinstance(value[flag], bool):
                self.bad(_join(path, flag), "expected true or false")
        self.string(value.get("response"), _join(path, "response"))
        self.string(value.get("duration"), _join(path, "duration"), DURATION, "an ISO 8601 duration (PT1H30M)")
        self.extensions(value.get("extensions"), _join(path, "extensions"))

    def context(self, value, path: str, target) -> None:
        if value is None or not self.obj(value, path, "context"):
            return
        self.string(value.get("registration"), _join(path, "registration"), UUID, "a UUID")
        if "instructor" in value:
            self.agent_or_group(value["instructor"], _join(path, "instructor"))
        if "team" in value:
            team = value["team"]
            if not isinstance(team, dict) or team.get("objectType") != "Group":
                self.bad(_join(path, "team"), "expected a Group")
            else:
                self.agent_or_group(team, _join(path, "team"))
        is_activity = isinstance(target, dict) and target.get("objectType", "Activity") == "Activity"
        for key in ("revision", "platform"):
            if key in value:
                self.string(value[key], _join(path, key))
                if not is_activity:
                    self.bad(_join(path, key), "only allowed when the object is an Activity")
        self.string(value.get("language"), _join(path, "language"), LANGUAGE, "an RFC 5646 language tag")
        if "statement" in value:
            ref = value["statement"]
            if self.obj(ref, _join(path, "statement"), "statementref", {"id"}):
                self.string(ref.get("id"), _join(path, "statement.id"), UUID, "a UUID")
        activities = value.get("contextActivities")
        if activities is not None and self.obj(activities, _join(path, "contextActivities"), "contextActivities"):
            for key, listed in activities.items():
                for i, act in enumerate(listed if isinstance(listed, list) else [listed]):
                    self.activity(act, f"{path}.contextActivities.{key}.{i}")
        self.extensions(value.get("extensions"), _join(path, "extensions"))


def check(statement) -> list[tuple[str, str]]:
    """Every way this statement breaks xAPI 1.0.3, as (path, reason); [] when it conforms."""
    c = Checker()
    if not c.obj(statement, "statement", "statement", {"actor", "verb", "object"}):
        return c.problems
    c.problems = [(p.removeprefix("statement."), r) for p, r in c.problems]
    c.string(statement.get("id"), "id", UUID, "a UUID (8-4-4-4-12 hex digits)")
    if "actor" in statement:
        c.agent_or_group(statement["actor"], "actor")
    if "verb" in statement:
        c.verb(statement["verb"])
    if "object" in statement:
        c.target(statement["object"], "object", sub=False)
    c.result(statement.get("result"), "result")
    c.context(statement.get("context"), "context", statement.get("object"))
    c.timestamp(statement.get("timestamp"), "timestamp")
    c.timestamp(statement.get("stored"), "stored")
    c.string(statement.get("version"), "version", VERSION, "an xAPI 1.0.x version")
    if "authority" in statement:
        c.agent_or_group(statement["authority"], "authority")
    if statement.get("attachments"):
        c.bad("attachments", "attachments are not accepted here; link the file from an activity instead")
    verb = statement.get("verb") if isinstance(statement.get("verb"), dict) else {}
    target = statement.get("object") if isinstance(statement.get("object"), dict) else {}
    if verb.get("id") == VOIDED and target.get("objectType") != "StatementRef":
        c.bad("object", "a voiding statement's object must be a StatementRef to the voided statement")
    return c.problems


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
