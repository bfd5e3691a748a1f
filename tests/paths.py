"""Where the test data outside the repository lives: the published diffusion datasets in
shared/external/, beside the repository (as on every developer's machine and in CI)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

EXTERNAL = Path(__file__).resolve().parents[1].parent / "shared" / "external"


def external(name: str) -> Path:
    """A dataset's folder; outside CI a missing one skips the test, in CI it fails it."""
    folder = EXTERNAL / name
    if not folder.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{folder} is missing: CI must run with shared/ beside the repository")
        pytest.skip(f"{folder} is not here (shared/ beside the repository)")
    return folder
