"""The demo corpus: deterministic, valid, self-contained, and shaped like the papers say.

The generator reads the practice library in ``practicegraph/demo/library/`` unless
``PRACTICEGRAPH_LIBRARY`` names another folder.
"""

from __future__ import annotations

import json
import re
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
    placed = {r: {localise(t, setting[r], r) for t in titles} for r in {region[p.organisation] for p in by_type["practice"]}}
    assert all(p.title in placed[region[p.organisation]] for p in by_type["practice"])


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


# ---- every text agrees with its setting and dates (issue 17, "the demo reads true") ----------

# Places named independently of localise.py's table: the ones a new user met, and the library's.
_PLACES = ("South Africa", "KwaZulu-Natal", "North West", "Eastern Cape", "Western Cape", "Limpopo", "Mpumalanga",
           "Gauteng", "Free State", "Soweto", "Durban", "Johannesburg", "Pretoria", "Cape Town", "Pietermaritzburg",
           "Polokwane", "Port Elizabeth", "Pakistan", "Punjab", "Khyber Pakhtunkhwa", "Azad Jammu and Kashmir",
           "Sindh", "Abbottabad", "Bagh", "Haripur", "Islamabad", "Karachi", "Lahore", "Mansehra", "Mirpur",
           "Muzaffarabad", "Poonch", "Rawalpindi", "Swat", "Tharparkar", "England", "Manchester", "Leeds",
           "Birmingham", "Bradford", "Bristol", "London", "Nottingham", "Sheffield", "Salford", "Liverpool",
           "Leicester", "Coventry", "Croydon", "Wolverhampton", "Newcastle", "Oxford", "Derby", "Glasgow", "Kent",
           "Surrey", "Yorkshire", "Hector Pieterson", "Neelum", "Kunhar") + tuple(  # and the generated towns
    r.name.split(",")[0].removesuffix(" circuit").removesuffix(" district") for s in SETTINGS.values() for r in s.regions)
_NOT_SETTINGS = ("Great Fire of London", "Lahore Resolution", "Pakistan Studies")
_COUNTRY = {"za": "South Africa", "pk": "Pakistan", "en": "England"}
_CLASS_IN_ID = re.compile(r"-(y|year|grade|class|ks)(\d+)(?=-|$)")
_WORD = {"y": "Year", "year": "Year", "grade": "Grade", "class": "Class", "ks": "Key Stage"}


@pytest.fixture(scope="module", params=[("small", 7), ("small", 8), ("small", 11), ("medium", 7)],
                ids=lambda p: f"{p[0]}-{p[1]}")
def corpus(request):
    """A corpus and its first few clusters' practices (every practice of the small size)."""
    size, seed = request.param
    recs = generate(size, seed=seed)
    out = defaultdict(list)
    for r in recs:
        out[r.type].append(r)
    first = {c.id for c in out["cluster"][:6]}
    out["checked"] = [p for p in out["practice"] if p.cluster in first]
    return out


def _region(corpus, org_id):
    region = next(o.region for o in corpus["organisation"] if o.id == org_id)
    return region, next(code for code, s in SETTINGS.items() if any(r.name == region for r in s.regions))


def _foreign_places(text, region, setting):
    for phrase in _NOT_SETTINGS:
        text = text.replace(phrase, "")
    return [p for p in _PLACES if re.search(rf"(?<![\w-]){re.escape(p)}(?![\w-])", text)
            and p not in region and p != _COUNTRY[setting]]


def test_practices_name_only_their_developers_region(corpus):
    assert corpus["checked"]
    bad = []
    for p in corpus["checked"]:
        region, setting = _region(corpus, p.organisation)
        text = " ".join(filter(None, (p.title, p.description, p.context)))
        bad += [(p.id, region, place) for place in _foreign_places(text, region, setting)]
    assert bad == []


def test_adaptations_name_only_the_adopters_region_and_same_school_only_when_shared(corpus):
    practices = {p.id: p for p in corpus["practice"]}
    checked = {p.id for p in corpus["checked"]}
    bad = []
    for a in corpus["adaptation"]:
        if a.practice not in checked:
            continue
        new, src = practices[a.practice], practices[a.source]
        region, setting = _region(corpus, new.organisation)
        text = " ".join(filter(None, (a.what_changed, a.why, a.new_context, new.context)))
        bad += [(a.id, region, place) for place in _foreign_places(text, region, setting)]
        if re.search(r"\bthe same (\w+ ){0,2}?(school|academy|comprehensive|college)\b", text, re.I) \
                and new.organisation != src.organisation:
            bad.append((a.id, "the same school", src.organisation, new.organisation))
    assert bad == []


def test_practice_ids_carry_no_class_label_their_text_contradicts(corpus):
    bad = []
    for p in corpus["practice"]:
        for word, n in _CLASS_IN_ID.findall(p.id):
            if not re.search(rf"\b{_WORD[word]} {n}\b", f"{p.title} {p.context}"):
                bad.append((p.id, p.title, p.context))
    assert bad == []


def test_a_revision_is_dated_when_it_was_revised(corpus):
    practices = {p.id: p for p in corpus["practice"]}
    adaptations = {a.practice: a for a in corpus["adaptation"]}
    revised = [p for p in corpus["practice"] if p.version_of]
    assert revised
    for p in revised:
        first, when = practices[p.version_of], p.revised_after[0].date
        assert {d.date for d in p.developers} == {when}
        assert when > max(d.date for d in first.developers)
        assert when >= adaptations[p.revised_after[0].practice].date


def test_in_a_lineage_a_revision_hangs_under_its_first_version_not_among_the_adopters_adaptations(corpus):
    from practicegraph.graph.memory import InMemoryStore
    from practicegraph.graph.types import Viewer
    from practicegraph.ingest.pipeline import ingest
    from practicegraph.ingest.validate import Item
    from practicegraph.queries.lineage import lineage
    from tests.fakes import HashingEmbedder

    revised = [p for p in corpus["practice"] if p.version_of][:3]
    keep = {r.id for r in corpus["practice"] if any(r.id.startswith(p.version_of.rsplit("-p-", 1)[0]) for p in revised)}
    records = [r for t, rs in corpus.items() if t not in ("checked", "practice", "adaptation", "observation",
                                                          "exchange", "resource", "meeting", "attendance") for r in rs]
    records += [p for p in corpus["practice"] if p.id in keep]
    records += [a for a in corpus["adaptation"] if a.practice in keep and a.source in keep]
    store = InMemoryStore(dimension=HashingEmbedder.dimension)
    ingest(store, HashingEmbedder(), [Item(r.model_dump(mode="json"), i) for i, r in enumerate(records)])

    def below(tree, parent=None):
        yield parent, tree
        for b in tree.branches or []:
            yield from below(b, tree.practice.id)

    for p in revised:
        adopter = p.revised_after[0].practice
        tree = lineage(store, p.version_of, direction="descendants", depth=6, viewer=Viewer.internal()).descendants
        placed = [(parent, node.via.kind) for parent, node in below(tree) if node.practice.id == p.id]
        assert placed == [(p.version_of, "version_of")]
        down = lineage(store, adopter, direction="descendants", depth=6, viewer=Viewer.internal())
        assert p.id not in {node.practice.id for _, node in below(down.descendants)}
        assert ("revised_after", p.id, adopter) in {(e.kind, e.child, e.parent) for e in down.edges}
        up = lineage(store, p.id, direction="ancestors", depth=2, viewer=Viewer.internal()).ancestors
        assert {(b.practice.id, b.via.kind) for b in up.branches} == {(p.version_of, "version_of"),
                                                                       (adopter, "revised_after")}


def test_an_adaptation_taken_on_from_another_adaptation_stays_in_its_subject(corpus):
    """The library writes each adaptation from the original; a chain that takes a practice
    adapted into maths on to its sibling adapted into science would link practices about
    different things (and pass evidence between them in expertise search)."""
    entries = lib.load_library()
    form = {e.title: (e.key, 0) for e in entries} | {a.title: (e.key, i + 1) for e in entries
                                                        for i, a in enumerate(e.adaptations)}
    practices = {p.id: p for p in corpus["practice"]}
    region = {o.id: o.region for o in corpus["organisation"]}
    setting = {r.name: code for code, s in SETTINGS.items() for r in s.regions}

    def form_of(p):  # titles naming a place are localised: undo by matching the localised library titles
        here = region[p.organisation]
        return next(f for t, f in form.items() if localise(t, setting[here], here) == p.title)

    chained = [(practices[a.source], practices[a.practice]) for a in corpus["adaptation"]
               if a.mode != m.AdaptationMode.replication and form_of(practices[a.source])[1] != 0]
    assert chained  # the chains still run past the first adaptation
    assert [(s.id, s.subject, n.id, n.subject) for s, n in chained if s.subject != n.subject] == []
