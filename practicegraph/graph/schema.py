"""The graph's shape, store-neutral, derived from the record classes (model/).

Adapters turn this into their own DDL (Kùzu tables, Neo4j constraints); row builders use
it so that every row carries every column. Only what no record declares lives here: the
meta columns, the ledger, and the derived SIMILAR_TO links.
"""

from __future__ import annotations

from practicegraph.model import RECORD_CLASSES
from practicegraph.model.shape import META_COLUMNS, RelType, columns

# how close two practices' texts must be (cosine) to count as similar, everywhere
SIMILAR_MIN_SCORE = 0.55
SIMILAR_TO = RelType("SIMILAR_TO", (("Practice", "Practice"),), columns("score:DOUBLE", "model_id"))
# Word search (graph/text_index.py): each text node's terms with their counts, and its
# length in terms; Term nodes are shared by every document that uses the word.
TERM_LABEL = "Term"
TEXT_LENGTH = "text_len"
HAS_TERM = RelType("HAS_TERM", tuple((cls.node_label, TERM_LABEL) for cls in RECORD_CLASSES
                                     if cls.node_label and cls.fulltext_fields), columns("tf:INT64"))
# The ledger: one row per ingested record (nodes and relationship records alike), so
# idempotency and conflicts are decided in one look-up.
LEDGER_LABEL = "Record"
_LEDGER_COLUMNS = columns("id", "type", "content_hash", "created")
# Earlier versions of corrected records (graph/versions.py): kept, never read by any query
# that answers a viewer; `body` is the superseded row and links as JSON.
VERSION_LABEL = "Version"
_VERSION_COLUMNS = columns("id", "record", "number:INT64", "type", "content_hash", "named:STRING[]", "body",
                           "superseded")


def _node_columns() -> dict[str, list[tuple[str, str]]]:
    out = {cls.node_label: [(c.name, c.type) for c in cls.node_columns + META_COLUMNS]
           + ([(TEXT_LENGTH, "INT64")] if cls.fulltext_fields else [])
           for cls in RECORD_CLASSES if cls.node_label}
    out[TERM_LABEL] = [("id", "STRING")]
    out[LEDGER_LABEL] = [(c.name, c.type) for c in _LEDGER_COLUMNS]
    out[VERSION_LABEL] = [(c.name, c.type) for c in _VERSION_COLUMNS]
    return out


def _rel_tables() -> dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]]:
    out: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {}
    for rel in [r for cls in RECORD_CLASSES for r in cls.rel_types] + [SIMILAR_TO, HAS_TERM]:
        ends, props = out.setdefault(rel.name, ([], []))
        ends += [e for e in rel.ends if e not in ends]
        props += [(c.name, c.type) for c in rel.props if (c.name, c.type) not in props]
    return out


# label -> [(column, type)]; relationship type -> ([(from, to)], [(property, type)])
NODE_COLUMNS: dict[str, list[tuple[str, str]]] = _node_columns()
REL_TABLES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = _rel_tables()
# the fields each store's full-text index covers
FTS_FIELDS: dict[str, list[str]] = {cls.node_label: list(cls.fulltext_fields)
                                    for cls in RECORD_CLASSES if cls.node_label and cls.fulltext_fields}
# record type -> node label, for records that are nodes
RECORD_LABEL: dict[str, str] = {t: cls.node_label for cls in RECORD_CLASSES if cls.node_label
                                for t in [cls.model_fields["type"].annotation.__args__[0]]}
