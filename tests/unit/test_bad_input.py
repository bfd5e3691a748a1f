"""Inputs that once got through: each is now refused with its field and reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from practicegraph.model import parse_record

PRACTICE = {"type": "practice", "id": "pr-a", "title": "Talk partners", "description": "Pairs explain.",
            "visibility": "public"}


def _error(data) -> tuple[str, str]:
    with pytest.raises(ValidationError) as err:
        parse_record(data)
    first = err.value.errors(include_url=False)[0]
    return ".".join(str(p) for p in first["loc"][1:]), first["msg"]


@pytest.mark.parametrize("bad_id", ["pr/a", "pr a", "pr%2Fa", "-leading", "pr?x", "pr#x", "ä-umlaut"])
def test_ids_outside_the_url_safe_alphabet_are_refused(bad_id):
    field, reason = _error({**PRACTICE, "id": bad_id})
    assert field == "id" and "pattern" in reason


@pytest.mark.parametrize("good_id", ["pr-a", "observation-0a1b", "urn:uuid:1234", "a.b_c~d@e"])
def test_url_safe_ids_are_accepted(good_id):
    assert parse_record({**PRACTICE, "id": good_id}).id == good_id


def test_nul_in_text_is_refused():
    field, reason = _error({**PRACTICE, "title": "Talk\x00partners"})
    assert field == "title" and "control character" in reason
    assert parse_record({**PRACTICE, "description": "Line one\nline two\ttabbed"}).description


def test_a_version_beyond_any_store_integer_is_refused():
    field, reason = _error({**PRACTICE, "version": 2 ** 70})
    assert field == "version" and "less than or equal" in reason
