"""CI must see the published datasets its research tests are checked against."""

import os

import pytest

from tests.paths import EXTERNAL


@pytest.mark.skipif(not os.environ.get("CI"), reason="outside CI a missing shared/ only skips those tests")
def test_the_published_datasets_are_beside_the_repository_in_ci():
    for name in ("medinnovations", "brfarmers"):
        assert (EXTERNAL / name / "nodes.csv").exists(), EXTERNAL / name
