import pytest

from practicegraph.embeddings.sentence import sentence_transformer_embedder


@pytest.fixture(scope="session")
def real_embedder():
    """all-MiniLM-L6-v2 from the packaged weights (offline), loaded once per session."""
    return sentence_transformer_embedder()
