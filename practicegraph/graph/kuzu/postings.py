"""Rebuild the word-search postings of documents whose text changed in place (erasure).

Records are otherwise never edited, so postings are written once, with the record
(graph/rows.py); when erasure clears a document's words, its postings and length must
follow, or the erased words would still find it.
"""

from __future__ import annotations

from typing import Any, Callable, Sequence

from practicegraph.graph.schema import FTS_FIELDS
from practicegraph.graph.text_index import document_terms

DELETE_POSTINGS = {label: "UNWIND $ids AS i MATCH (n:" + label + " {id: i})-[h:HAS_TERM]->(:Term) DELETE h"
                   for label in FTS_FIELDS}
TEXT_OF = {label: "UNWIND $ids AS i MATCH (n:" + label + " {id: i}) RETURN n.id, "
                  + ", ".join("n." + field for field in fields) for label, fields in FTS_FIELDS.items()}
ADD_POSTINGS = {label: "UNWIND $rows AS r MATCH (n:" + label + " {id: r.doc}) MERGE (w:Term {id: r.term})"
                       " CREATE (n)-[:HAS_TERM {tf: r.tf}]->(w)" for label in FTS_FIELDS}
SET_TEXT_LENGTH = {label: "UNWIND $rows AS r MATCH (n:" + label + " {id: r.doc}) SET n.text_len = r.len"
                   for label in FTS_FIELDS}


def rebuild_postings(run: Callable[..., list[list[Any]]], label: str, ids: Sequence[str]) -> None:
    """`run(query, **params)` inside the caller's unit of work."""
    if label not in FTS_FIELDS or not ids:
        return
    ids = list(dict.fromkeys(ids))
    counts = {row[0]: document_terms(row[1:]) for row in run(TEXT_OF[label], ids=ids)}
    run(DELETE_POSTINGS[label], ids=ids)
    postings = [{"doc": doc, "term": term, "tf": tf} for doc, c in counts.items() for term, tf in c.items()]
    if postings:
        run(ADD_POSTINGS[label], rows=postings)
    run(SET_TEXT_LENGTH[label], rows=[{"doc": doc, "len": sum(c.values())} for doc, c in counts.items()])
