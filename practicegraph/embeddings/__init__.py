"""The embeddings port: what queries/ and ingest/ may ask of an embedding model.

Beside the graph port, below both: queries embed a question and ingest embeds records
through this protocol, never through a concrete model. The adapter that runs
all-MiniLM-L6-v2 from its packaged weights is `embeddings.sentence`.
"""

from __future__ import annotations

from typing import Protocol, Sequence

import numpy as np


class Embedder(Protocol):
    model_id: str
    dimension: int

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text."""


__all__ = ["Embedder"]
