"""Numbers in records are numbers: JSON true/false or a numeric string never passes as one
(pydantic's lax mode would store `"lon": false` as 0.0)."""

import pytest
from pydantic import ValidationError

from practicegraph import model as m

ORG = {"type": "organisation", "id": "o1", "name": "School"}
PRACTICE = {"type": "practice", "id": "p1", "title": "T", "description": "D", "visibility": "public"}
CASES = [(ORG, "lon", 30.5), (ORG, "lat", -29), (PRACTICE, "version", 2)]


@pytest.mark.parametrize("base,field,good", CASES)
@pytest.mark.parametrize("bad", [False, True, "1"])
def test_bool_and_string_are_not_numbers(base, field, good, bad):
    with pytest.raises(ValidationError):
        m.parse_record({**base, field: bad})
    assert getattr(m.parse_record({**base, field: good}), field) == good


def test_a_developer_share_is_a_number():
    dev = {"person": "t1", "role": "originator"}
    with pytest.raises(ValidationError):
        m.parse_record({**PRACTICE, "developers": [{**dev, "share": True}]})
    assert m.parse_record({**PRACTICE, "developers": [{**dev, "share": 0.5}]}).developers[0].share == 0.5
