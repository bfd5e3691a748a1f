"""The demo corpus: deterministic, valid, self-contained, and shaped like the papers say.

The generator reads the practice library in ``practicegraph/demo/library/`` unless
``PRACTICEGRAPH_LIBRARY`` names another folder.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from practicegraph import model as m
from practicegraph.demo import library as lib
from practicegraph.demo.generator import ANCHOR, generate
from practicegraph.demo.localise import localise
from practicegraph.demo.settings import SETTINGS


def _dump(records):
    return [json.dumps(r.model_dump(mode="json"), sort_keys=True) for r in records]


@pytest.fixture(scope="module")
def records():
    return generate("small", seed=7)


@pytest.fixture(scope="module")
def by_type(records):
    out = defaultdict(list)
    for r in records:
        out[r.type].append(r)
    return out


# ---- determinism ----------------------------------------------------------------------------

def test_same_seed_gives_the_same_records(records):
    assert _dump(generate("small", seed=7)) == _dump(records)


def test_another_seed_gives_other_records(records):
    assert _dump(generate("small", seed=8)) != _dump(records)


def test_unknown_size_is_refused():
    with pytest.raises(ValueError):
        generate("huge")


# ---- validity -------------------------------------------------------------------------------

def test_every_record_validates_and_ids_are_unique(records):
    ids = Counter(r.id for r in records)
    assert [i for i, n in ids.items() if n > 1] == []
    for r in records:
        again = m.parse_record(r.model_dump(mode="json"))
        assert again == r


def test_every_reference_resolves_inside_the_corpus(records):
    types = {r.id: r.type for r in records}
    bad = [(r.id, field, ref) for r in records for field, ref, allowed in m.references(r)
           if types.get(ref) not in allowed]
    assert bad == []


def test_all_record_types_are_present(by_type):
    assert set(by_type) == set(m.RECORD_TYPES)


def test_dates_are_before_the_anchor(records):
    dates = []
    for r in records:
        for f in ("date", "since", "until", "started", "ended"):
            if getattr(r, f, None):
                dates.append(getattr(r, f))
    assert dates and max(dates) <= ANCHOR


# ---- calibration ----------------------------------------------------------------------------

def test_small_size_is_calibrated(by_type):
    assert len(by_type["cluster"]) == 6
    teachers = {ms.person for ms in by_type["membership"] if ms.cluster}
    assert 45 <= len(teachers) <= 80
    schools = [o for o in by_type["organisation"] if o.kind in ("school", "college")]
    assert 8 <= len(schools) <= 22
    assert len({o.region for o in schools}) >= 3  # South Africa, Pakistan and England


def test_both_cluster_kinds_and_sizes_within_6_to_12(by_type):
    kinds = Counter(c.kind for c in by_type["cluster"])
    assert kinds["official"] >= 1 and kinds["voluntary"] >= 1
    for c in by_type["cluster"]:
        assert (c.partner is None) == (c.kind == "official")
    current = defaultdict(set)
    for ms in by_type["membership"]:
        if ms.cluster and ms.until is None:
            current[ms.cluster].add(ms.person)
    assert set(current) == {c.id for c in by_type["cluster"]}
    assert all(6 <= len(p) <= 12 for p in current.values()), {c: len(p) for c, p in current.items()}


def test_cluster_schools_are_near_each_other(by_type):
    orgs = {o.id: o for o in by_type["organisation"]}
    schools_of = defaultdict(set)
    cluster_of = {}
    for ms in by_type["membership"]:
        if ms.cluster and ms.role == "teacher":
            cluster_of[ms.person] = ms.cluster
    for ms in by_type["membership"]:
        if ms.organisation and ms.person in cluster_of and ms.until is None and ms.role == "teacher":
            schools_of[cluster_of[ms.person]].add(ms.organisation)
    for cid, schools in schools_of.items():
        pts = [(orgs[o].lat, orgs[o].lon) for o in schools]
        span = max(abs(a[0] - b[0]) + abs(a[1] - b[1]) for a in pts for b in pts)
        assert span < 0.6, cid  # degrees: a few tens of km at most, even after a move


def test_at_least_one_teacher_moved_school_keeping_their_id(by_type):
    orgs = defaultdict(list)
    for ms in by_type["membership"]:
        if ms.organisation and ms.role == "teacher":
            orgs[ms.person].append(ms)
    moved = [p for p, ms in orgs.items() if len(ms) >= 2]
    assert moved
    for p in moved:
        old = [x for x in orgs[p] if x.until]
        new = [x for x in orgs[p] if x.until is None]
        assert old and new and new[0].since > old[0].until and new[0].organisation != old[0].organisation


def test_roles_are_attached_to_clusters_and_schools(by_type):
    roles = Counter(ms.role for ms in by_type["membership"])
    for role in ("teacher", "cluster-leader", "head-teacher", "mentor", "broker"):
        assert roles[role] >= 1, role


# ---- practices and adaptation chains --------------------------------------------------------

def test_every_practice_comes_from_the_library(by_type):
    entries = lib.load_library()
    titles = {e.title for e in entries} | {a.title for e in entries for a in e.adaptations}
    region = {o.id: o.region for o in by_type["organisation"]}
    setting = {r.name: code for code, s in SETTINGS.items() for r in s.regions}
    # a title naming a place is set in the developer's own region (see localise.py)
    assert all({localise(t, setting[region[p.organisation]], region[p.organisation]) for t in titles} & {p.title}
               for p in by_type["practice"])


def test_practice_visibility_is_mostly_public_with_scopes_set(by_type):
    vis = Counter(p.visibility.value for p in by_type["practice"])
    assert vis["public"] / sum(vis.values()) > 0.6
    for p in by_type["practice"]:
        if p.visibility == m.Visibility.cluster:
            assert p.cluster
        if p.visibility == m.Visibility.org:
            assert p.organisation


def test_all_three_adaptation_modes_are_present(by_type):
    modes = Counter(a.mode.value for a in by_type["adaptation"])
    assert set(modes) == {"replication", "adaptive", "exchange"}


def test_mode_and_learning_mix_at_medium_size():
    """Proportions need more than a small corpus to be stable."""
    records = generate("medium", seed=7)
    ads = [r for r in records if r.type == "adaptation"]
    modes = Counter(a.mode.value for a in ads)
    share = {k: v / len(ads) for k, v in modes.items()}
    assert 0.1 < share["replication"] < 0.35 and 0.45 < share["adaptive"] < 0.75 and 0.1 < share["exchange"] < 0.35
    how = Counter(a.how_learned for a in ads)
    assert how.most_common(1)[0][0] == "observation-and-discussion"
    exchange = [a for a in ads if a.mode == m.AdaptationMode.exchange]
    revised = [r for r in records if r.type == "practice" and r.version_of]
    assert 0.05 < len(revised) / len(exchange) < 0.3


def test_adaptations_follow_their_sources(by_type):
    practices = {p.id: p for p in by_type["practice"]}
    for a in by_type["adaptation"]:
        src, new = practices[a.source], practices[a.practice]
        assert a.date and min(d.date for d in src.developers) < a.date
        adopter = new.developers[0].person
        assert adopter not in {d.person for d in src.developers}
        if a.mode == m.AdaptationMode.replication:
            assert (new.title, new.description) == (src.title, src.description)
        else:
            assert new.title != src.title or new.description != src.description


def test_chains_run_several_generations_across_schools_and_clusters(by_type):
    source = {a.practice: a.source for a in by_type["adaptation"]}

    def generations(p):
        n = 1
        while p in source:
            p, n = source[p], n + 1
        return n

    assert max(generations(p.id) for p in by_type["practice"]) >= 3
    practices = {p.id: p for p in by_type["practice"]}
    hops = [(practices[a.source], practices[a.practice]) for a in by_type["adaptation"]]
    assert any(s.organisation != n.organisation for s, n in hops)
    assert any(s.cluster != n.cluster for s, n in hops)


def test_reverse_influence_revises_the_source_with_credit(by_type):
    practices = {p.id: p for p in by_type["practice"]}
    adaptations = {(a.practice, a.source): a for a in by_type["adaptation"]}
    revised = [p for p in by_type["practice"] if p.version_of]
    assert revised
    for p in revised:
        old = practices[p.version_of]
        assert p.version == old.version + 1 and p.revised_after
        adapted = p.revised_after[0].practice
        assert adaptations[(adapted, old.id)].mode == m.AdaptationMode.exchange
        assert p.description.startswith(old.description) and len(p.description) > len(old.description)
        credited = {d.person for d in p.developers}
        assert {d.person for d in old.developers} <= credited
        assert practices[adapted].developers[0].person in credited


# ---- observations and exchanges -------------------------------------------------------------

def test_observations_follow_the_peer_visit_form(by_type):
    obs = by_type["observation"]
    kinds = Counter(o.kind for o in obs)
    assert kinds.most_common(1)[0][0] == "peer-visit" and kinds["model-lesson"] and kinds["coaching-round"]
    purpose = Counter(o.purpose.value for o in obs)
    assert 0.01 < purpose["evaluative"] / len(obs) < 0.12
    dev = [o for o in obs if o.purpose == m.Purpose.developmental]
    assert all(o.focus and o.what_worked and o.adapt_further and o.reflection and o.setting for o in dev)
    assert len({o.focus for o in dev}) > len(dev) / 3  # varied texts
    assert len({o.reflection for o in dev}) >= 10
    shared = [o for o in obs if o.visibility in (m.Visibility.public, m.Visibility.cluster)]
    assert 0.25 < len(shared) / len(obs) < 0.55
    assert all(o.cluster for o in obs if o.visibility == m.Visibility.cluster)
    assert all(o.visibility == m.Visibility.pair for o in obs if o.purpose == m.Purpose.evaluative)
    refl = Counter(o.reflection_visibility.value for o in obs)
    assert refl.most_common(1)[0][0] == "pair"


def test_observed_practices_belong_to_the_observed_teacher(by_type):
    practices = {p.id: p for p in by_type["practice"]}
    for o in by_type["observation"]:
        for pid in o.practices:
            assert o.observed in {d.person for d in practices[pid].developers}
            assert min(d.date for d in practices[pid].developers) <= o.date


def test_exchanges_pair_people_and_lead_to_adaptations(by_type):
    ex = by_type["exchange"]
    kinds = Counter(e.kind for e in ex)
    assert kinds["mentoring"] and (kinds["peer-pairing"] or kinds["triad"])
    for e in ex:
        if e.kind == "mentoring":
            assert {p.role for p in e.participants} == {"mentor", "mentee"}
    adapted = {a.practice for a in by_type["adaptation"]} | {p.id for p in by_type["practice"] if p.version_of}
    led = [pid for e in ex for pid in e.led_to]
    assert led and set(led) <= adapted
    assert any(p.role == "broker" for e in ex for p in e.participants)


# ---- meetings -------------------------------------------------------------------------------

def _admin_share(items):
    return sum(i.tag == "admin" for i in items) / len(items)


def test_official_agendas_drift_to_admin_while_voluntary_stay_with_content(by_type):
    kind = {c.id: c.kind for c in by_type["cluster"]}
    meetings = defaultdict(list)
    for mt in sorted(by_type["meeting"], key=lambda x: x.date):
        meetings[mt.cluster].append(mt)
    assert set(meetings) == set(kind)
    first = {k: [i for c, ms in meetings.items() if kind[c] == k for i in ms[0].agenda] for k in kind.values()}
    later = {k: [i for c, ms in meetings.items() if kind[c] == k for x in ms[1:] for i in x.agenda]
             for k in kind.values()}
    assert _admin_share(later["official"]) > _admin_share(first["official"]) + 0.2
    assert _admin_share(later["official"]) > 0.5
    assert _admin_share(first["voluntary"] + later["voluntary"]) < 0.25


def test_official_attendance_declines_and_venue_teachers_attend_more(by_type):
    kind = {c.id: c.kind for c in by_type["cluster"]}
    venue = {c.id: c.venue for c in by_type["cluster"]}
    meetings = defaultdict(list)
    for mt in sorted(by_type["meeting"], key=lambda x: x.date):
        meetings[mt.cluster].append(mt)
    early = [len(ms[i].attendees) for c, ms in meetings.items() if kind[c] == "official" for i in range(3)]
    late = [len(ms[-i].attendees) for c, ms in meetings.items() if kind[c] == "official" for i in range(1, 4)]
    assert sum(late) < sum(early)
    school = {ms.person: ms.organisation for ms in by_type["membership"]
              if ms.organisation and ms.role == "teacher" and ms.until is None}
    members = defaultdict(set)
    for ms in by_type["membership"]:
        if ms.cluster and ms.role == "teacher":
            members[ms.cluster].add(ms.person)
    rate = {True: [0, 0], False: [0, 0]}
    for c, ms in meetings.items():
        for mt in ms:
            for p in members[c]:
                at_venue = school.get(p) == venue[c]
                rate[at_venue][0] += p in mt.attendees
                rate[at_venue][1] += 1
    assert rate[True][0] / rate[True][1] > rate[False][0] / rate[False][1]


# ---- the library loader ---------------------------------------------------------------------

def _entry(i: int, phase: str = "primary", adaptations: int = 2) -> dict:
    return {"key": f"t-{i}", "title": f"Practice {i}", "description": "A routine.", "subject": "Mathematics",
            "phase": phase, "context": "A Grade 4 class of 60 in KwaZulu-Natal.", "tags": ["talk"],
            "adaptations": [{"title": f"Practice {i} adapted {j}", "description": "Changed.",
                             "new_context": "A Year 4 class in Leeds.", "what_changed": "Smaller groups.",
                             "why": "Smaller class."} for j in range(adaptations)]}


def test_default_library_is_the_package_folder(monkeypatch):
    monkeypatch.delenv(lib.ENV_VAR, raising=False)
    assert lib.library_folder() == Path(lib.__file__).parent / "library"
    entries = lib.load_library()
    assert len(entries) >= lib.MIN_PRACTICES
    assert len({e.key for e in entries}) == len(entries)
    assert all(len(e.adaptations) >= 2 and e.phase in lib.PHASES for e in entries)


def test_env_var_and_argument_choose_the_folder(tmp_path, monkeypatch):
    (tmp_path / "a.json").write_text(json.dumps([_entry(i) for i in range(12)]))
    (tmp_path / "b.json").write_text(json.dumps([_entry(i, "secondary") for i in range(12, 24)]))
    monkeypatch.setenv(lib.ENV_VAR, str(tmp_path))
    entries = lib.load_library()
    assert len(entries) == 24 and entries[0].subject == "mathematics"
    assert isinstance(entries[0], lib.LibraryPractice)
    with pytest.raises(Exception):
        entries[0].key = "x"  # frozen
    monkeypatch.delenv(lib.ENV_VAR)
    assert len(lib.load_library(tmp_path)) == 24


def test_generator_runs_on_a_small_custom_library(tmp_path):
    (tmp_path / "lib.json").write_text(json.dumps([_entry(i) for i in range(22)]))
    records = generate("small", seed=1, library=lib.load_library(tmp_path))
    types = {r.id: r.type for r in records}
    assert all(types.get(ref) in allowed for r in records for _, ref, allowed in m.references(r))


@pytest.mark.parametrize("entries, message", [
    ([_entry(i) for i in range(5)], "at least 20"),
    ([_entry(0)] * 21, "already used"),
    ([_entry(i, phase="college") for i in range(21)], "phase"),
    ([_entry(i, adaptations=1) for i in range(21)], "at least 2 adaptations"),
])
def test_bad_libraries_are_refused(tmp_path, entries, message):
    (tmp_path / "x.json").write_text(json.dumps(entries))
    with pytest.raises(lib.LibraryError, match=message):
        lib.load_library(tmp_path)


def test_missing_library_folder_is_refused(tmp_path):
    with pytest.raises(lib.LibraryError, match="not found"):
        lib.load_library(tmp_path / "nope")
