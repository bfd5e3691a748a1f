"""Test doubles that need no model weights."""

from __future__ import annotations

import hashlib
from collections import Counter
import re
from typing import Sequence

import numpy as np

_TOKEN = re.compile(r"\w+")


class HashingEmbedder:
    """The Embedder protocol by signed feature hashing of a bag of lower-cased words.

    Deterministic across processes (hashlib, not Python's salted hash()); texts sharing
    words are close, texts sharing none are near-orthogonal. Counts the texts it encodes.
    """

    model_id = "test/hashing-64"
    dimension = 64

    def __init__(self) -> None:
        self.encoded = 0

    def vector(self, text: str) -> np.ndarray:
        out = np.zeros(self.dimension, dtype=np.float32)
        for token in _TOKEN.findall(text.lower()):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            bucket = int.from_bytes(digest[:4], "little") % self.dimension
            out[bucket] += 1.0 if digest[4] & 1 else -1.0
        norm = float(np.linalg.norm(out))
        return out / norm if norm > 0 else out

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.encoded += len(texts)
        matrix = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            matrix[i] = self.vector(text)
        return matrix


class CountingStore:
    """Passes every GraphStore call on, counting them by name (store round trips)."""

    def __init__(self, store):
        self.store, self.calls = store, Counter()

    def __getattr__(self, name):
        attr = getattr(self.store, name)
        if not callable(attr):
            return attr

        def counted(*args, **kwargs):
            self.calls[name] += 1
            return attr(*args, **kwargs)
        return counted
