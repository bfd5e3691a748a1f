"""What every record shares: identity, content hash, and how it describes itself to a graph."""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from typing import Annotated, Any, ClassVar, Iterator

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from practicegraph.model.shape import Column, Link, Reference, RelType, VISIBILITY_COLUMNS

# Ids travel in URL paths (/practices/{id}), so they use only characters a path segment
# carries unescaped: letters, digits and . _ ~ : @ - (first a letter or digit).
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._~:@-]*$"
Id = Annotated[str, Field(min_length=1, max_length=200, pattern=ID_PATTERN,
                          description="letters, digits and . _ ~ : @ - (starting with a letter or digit)")]


def _no_control_characters(text: str) -> str:
    # NUL and other control characters cannot be shown or searched; tabs and newlines can
    if any(ord(c) < 32 and c not in "\t\n\r" for c in text):
        raise ValueError("contains a control character (such as NUL); remove it")
    return text


ShortText = Annotated[str, Field(max_length=300), AfterValidator(_no_control_characters)]
LongText = Annotated[str, Field(max_length=8000), AfterValidator(_no_control_characters)]
# subjects compare case-insensitively ("Maths" and "maths" are one subject to a filter)
Subject = Annotated[str, Field(max_length=300), AfterValidator(_no_control_characters), AfterValidator(str.lower)]


class Visibility(str, Enum):
    public = "public"
    cluster = "cluster"  # members of the record's cluster
    org = "org"  # members of the record's organisation
    pair = "pair"  # the people named on the record
    private = "private"  # its author only


class Purpose(str, Enum):
    developmental = "developmental"
    evaluative = "evaluative"


class AdaptationMode(str, Enum):
    replication = "replication"
    adaptive = "adaptive"
    exchange = "exchange"


class Phase(str, Enum):
    early_years = "early-years"
    primary = "primary"
    secondary = "secondary"
    fe = "fe"
    all_phases = "all"


def plain(value: Any) -> Any:
    """A field value as a store column holds it: enums by value, tuples as lists."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    return value


class _Record(BaseModel):
    """A record. Subclasses declare, once, how they sit in the graph:

    - `node_label` and `node_columns` if the record is a node (meta columns are added);
    - `rel_types`: the relationship types its `links()` write;
    - `reference_fields`: field path -> the record types an id there may name
      (`developers.*.person` walks a list);
    - `natural_key`: the fields that derive an id when the client gives none;
    - `fulltext_fields`: the columns a full-text index covers;
    - `embedding_text()`: the text whose embedding represents it, if any.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    node_label: ClassVar[str | None] = None
    node_columns: ClassVar[tuple[Column, ...]] = ()
    rel_types: ClassVar[tuple[RelType, ...]] = ()
    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {}
    natural_key: ClassVar[tuple[str, ...]] = ()
    fulltext_fields: ClassVar[tuple[str, ...]] = ()

    _content_hash: str = PrivateAttr(default="")

    @model_validator(mode="before")
    @classmethod
    def _derive_id(cls, data):
        if isinstance(data, dict) and not data.get("id"):
            derived = cls.natural_id(data)
            if derived:
                data = {**data, "id": derived}
        return data

    @classmethod
    def natural_id(cls, data: dict) -> str | None:
        """The id a record with these fields and no id of its own gets (None when its
        natural key is incomplete): the same fields always give the same id."""
        if not cls.natural_key or any(data.get(f) in (None, "") for f in cls.natural_key):
            return None
        raw = json.dumps([data.get("type")] + [data.get(f) for f in cls.natural_key], default=str)
        return f"{data.get('type')}-{hashlib.sha1(raw.encode()).hexdigest()[:16]}"

    def model_post_init(self, context: Any) -> None:
        # hashed once, when parsed: ingest, planning and rows all read this value
        body = self.model_dump(mode="json", exclude_none=True)
        self._content_hash = hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    def content_hash(self) -> str:
        """Same id + same hash is the same record."""
        return self._content_hash

    def references(self) -> list[Reference]:
        """Every id this record points at, with the field it sits in."""
        refs: list[Reference] = []
        for path, types in self.reference_fields.items():
            for where, value in _walk(self, path.split(".")):
                if value:
                    refs.append(Reference(where, value, types))
        return refs

    def node_values(self) -> dict[str, Any]:
        """The node row's values (columns a record does not fill stay empty)."""
        return {c.name: plain(getattr(self, c.name, None)) for c in self.node_columns}

    def links(self) -> Iterator[Link]:
        return iter(())

    def embedding_text(self) -> str | None:
        return None


def _walk(obj: Any, parts: list[str], prefix: str = "") -> Iterator[tuple[str, Any]]:
    head, rest = parts[0], parts[1:]
    if head == "*":
        for i, item in enumerate(obj):
            if rest:
                yield from _walk(item, rest, f"{prefix}{i}.")
            else:
                yield f"{prefix}{i}", item
        return
    value = getattr(obj, head, None)
    if rest:
        if value is not None:
            yield from _walk(value, rest, f"{prefix}{head}.")
    else:
        yield f"{prefix}{head}", value


class _Visible(_Record):
    """A record holding someone's words: it carries a visibility and the people it names."""

    visibility: Visibility
    organisation: Id | None = None  # where it happened: scopes `org` visibility and filters
    cluster: Id | None = None  # scopes `cluster` visibility and filters

    reference_fields: ClassVar[dict[str, tuple[str, ...]]] = {
        "organisation": ("organisation",), "cluster": ("cluster",)}

    @model_validator(mode="after")
    def _scope_named(self):
        # a cluster- or org-wide record must say which one, or nobody could ever see it
        if self.visibility is Visibility.cluster and not self.cluster:
            raise ValueError("visibility 'cluster' needs the cluster it is shared with (cluster), "
                             "or choose public, org, pair or private")
        if self.visibility is Visibility.org and not self.organisation:
            raise ValueError("visibility 'org' needs the organisation it is shared with (organisation), "
                             "or choose public, cluster, pair or private")
        return self

    def record_author(self) -> str | None:
        return None

    def named_people(self) -> list[str]:
        """The people the record names: they see it unless it is private."""
        return []

    def node_values(self) -> dict[str, Any]:
        values = super().node_values()
        values.update(visibility=self.visibility.value, author=self.record_author() or "",
                      named=sorted(set(self.named_people())), organisation=self.organisation,
                      cluster=self.cluster)
        return values


def visible_columns(*specs: Column) -> tuple[Column, ...]:
    return tuple(specs) + VISIBILITY_COLUMNS
