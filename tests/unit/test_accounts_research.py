"""Keyed pseudonyms and consent with dates, for the research view and research exports."""

from datetime import date

from practicegraph.accounts.research import SECRET_NAME, ResearchLens, pseudonym
from practicegraph.accounts.store import AccountStore


def test_pseudonyms_are_stable_keyed_and_per_deployment(tmp_path):
    one, two = AccountStore(tmp_path / "a.sqlite"), AccountStore(tmp_path / "b.sqlite")
    key = one.db.secret(SECRET_NAME)
    assert key == AccountStore(tmp_path / "a.sqlite").db.secret(SECRET_NAME)  # kept in the file
    assert pseudonym("t-amina", key) == pseudonym("t-amina", key)
    assert pseudonym("t-amina", key) != pseudonym("t-ben", key)
    assert pseudonym("t-amina", key) != pseudonym("t-amina", two.db.secret(SECRET_NAME))
    assert "amina" not in pseudonym("t-amina", key)


def test_consent_holds_from_its_date_until_withdrawal(tmp_path):
    store = AccountStore(tmp_path / "a.sqlite")
    store.consent.give("t-1", "admin", on=date(2025, 1, 10))
    store.consent.give("t-1", "admin", on=date(2025, 2, 1))  # already given: one record
    assert not store.consent.consented("t-1", on=date(2025, 1, 9))
    assert store.consent.consented("t-1", on=date(2025, 3, 1))
    store.consent.withdraw("t-1", "admin", on=date(2025, 6, 1))
    assert store.consent.consented("t-1", on=date(2025, 5, 31))
    assert not store.consent.consented("t-1", on=date(2025, 6, 1))
    assert [(c.given, c.withdrawn) for c in store.consent.history("t-1")] == [("2025-01-10", "2025-06-01")]
    assert not store.consent.consented("t-1", scope="other-study", on=date(2025, 3, 1))


def test_the_lens_keeps_consenting_people_only(tmp_path):
    store = AccountStore(tmp_path / "a.sqlite")
    store.consent.give("a", "admin")
    lens = ResearchLens.from_store(store)
    body = {"developers": [{"id": "a", "name": "Ann", "role": "originator"}, {"id": "b", "name": "Ben", "role": "co-developer"}],
            "evidence": [{"summary": "Ben was great", "why": 'was observed teaching ("Ben was great")'}]}
    out = lens.payload(body)
    assert out["developers"] == [{"id": lens.name("a"), "name": lens.name("a"), "role": "originator"}]
    assert out["evidence"] == [{"summary": None, "why": "was observed teaching (an observation)"}]
