"""The graph's shape, store-neutral: node columns and relationship endpoints.

Adapters turn this into their own DDL (Kùzu tables, Neo4j constraints); row builders use
it so that every row carries every column.
"""

from __future__ import annotations

# Columns that carry visibility, on every node holding someone's words.
_VISIBLE = [("visibility", "STRING"), ("author", "STRING"), ("named", "STRING[]"),
            ("organisation", "STRING"), ("cluster", "STRING")]
_META = [("content_hash", "STRING"), ("created", "STRING"), ("updated", "STRING")]
_VECTOR = [("embedding", "VECTOR"), ("model_id", "STRING")]

NODE_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "Person": [("id", "STRING"), ("name", "STRING"), ("pseudonym", "STRING")] + _META,
    "Organisation": [("id", "STRING"), ("name", "STRING"), ("kind", "STRING"), ("phase", "STRING"),
                     ("region", "STRING"), ("lat", "DOUBLE"), ("lon", "DOUBLE")] + _META,
    "Cluster": [("id", "STRING"), ("name", "STRING"), ("kind", "STRING"), ("venue", "STRING"),
                ("region", "STRING"), ("partner", "STRING")] + _META,
    "Practice": [("id", "STRING"), ("title", "STRING"), ("description", "STRING"),
                 ("subject", "STRING"), ("phase", "STRING"), ("context", "STRING"),
                 ("tags", "STRING[]"), ("version", "INT64"), ("date", "DATE")]
                + _VISIBLE + _VECTOR + _META,
    "Resource": [("id", "STRING"), ("title", "STRING"), ("kind", "STRING"), ("url", "STRING")]
                + _VISIBLE + _META,
    "Observation": [("id", "STRING"), ("date", "DATE"), ("kind", "STRING"), ("round", "INT64"),
                    ("subject", "STRING"), ("grp", "STRING"), ("setting", "STRING"),
                    ("group_outline", "STRING"), ("focus", "STRING"), ("what_worked", "STRING"),
                    ("adapt_further", "STRING"), ("reflection", "STRING"), ("purpose", "STRING"),
                    ("reflection_visibility", "STRING")] + _VISIBLE + _VECTOR + _META,
    "Exchange": [("id", "STRING"), ("kind", "STRING"), ("started", "DATE"), ("ended", "DATE"),
                 ("rounds", "INT64"), ("focus", "STRING"), ("reflection", "STRING"),
                 ("reflection_visibility", "STRING")] + _VISIBLE + _VECTOR + _META,
    "Meeting": [("id", "STRING"), ("date", "DATE"), ("agenda_text", "STRING[]"),
                ("agenda_tags", "STRING[]")] + _META,
    # The ledger: one row per ingested record (nodes and relationship records alike), so
    # idempotency and conflicts are decided in one look-up.
    "Record": [("id", "STRING"), ("type", "STRING"), ("content_hash", "STRING"), ("created", "STRING")],
}

# the fields each store's full-text index covers
FTS_FIELDS = {"Practice": ["title", "description", "context"],
              "Observation": ["focus", "what_worked", "adapt_further"],
              "Exchange": ["focus"]}

# type -> (list of (from, to) label pairs, property columns)
REL_TABLES: dict[str, tuple[list[tuple[str, str]], list[tuple[str, str]]]] = {
    "MEMBER_OF": ([("Person", "Organisation"), ("Person", "Cluster")],
                  [("role", "STRING"), ("since", "DATE"), ("until", "DATE"), ("record", "STRING")]),
    "DEVELOPED": ([("Person", "Practice")], [("role", "STRING"), ("share", "DOUBLE"), ("date", "DATE")]),
    "ADAPTED_FROM": ([("Practice", "Practice")],
                     [("mode", "STRING"), ("what_changed", "STRING"), ("why", "STRING"),
                      ("new_context", "STRING"), ("how_learned", "STRING"), ("round", "INT64"),
                      ("date", "DATE"), ("record", "STRING")]),
    "VERSION_OF": ([("Practice", "Practice")], []),
    "REVISED_AFTER": ([("Practice", "Practice")], [("what_changed", "STRING"), ("date", "DATE")]),
    "OBSERVER": ([("Observation", "Person")], []),
    "OBSERVED": ([("Observation", "Person")], []),
    "OF_PRACTICE": ([("Observation", "Practice")], []),
    "PARTICIPANT": ([("Exchange", "Person")], [("role", "STRING")]),
    "DISCUSSED": ([("Exchange", "Practice")], []),
    "LED_TO": ([("Exchange", "Practice")], []),
    "EMBODIES": ([("Resource", "Practice")], []),
    "ATTENDED": ([("Person", "Meeting")], []),
    "OF_CLUSTER": ([("Meeting", "Cluster")], []),
    "HELD_AT": ([("Meeting", "Organisation")], []),
    "VENUE": ([("Cluster", "Organisation")], []),
    "SIMILAR_TO": ([("Practice", "Practice")], [("score", "DOUBLE"), ("model_id", "STRING")]),
}

# record type -> node label, for records that are nodes
RECORD_LABEL = {"person": "Person", "organisation": "Organisation", "cluster": "Cluster",
                "practice": "Practice", "resource": "Resource", "observation": "Observation",
                "exchange": "Exchange", "meeting": "Meeting"}
