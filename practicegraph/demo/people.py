"""People and places of the demo corpus: schools, clusters, teachers and memberships.

``World`` builds the organisations, people, clusters and memberships of the three settings
(see settings.py); every random choice is made by the caller's ``random.Random``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from practicegraph.demo.settings import SETTINGS, START, Region, jitter, km_between

_ZA_SCHOOL = tuple("Zamokuhle Sizwe Siyathuthuka Thandokuhle Khanyisa Phumelela Velabahleke Ekukhanyeni Mthombo "
                   "Masakhane Siphosethu Zakhele Vukuzakhe Sibusisiwe Isibonelo Nkosinathi Hlanganani "
                   "Sinenhlanhla Bhekuzulu Menyezwa Zwelibanzi Qhakaza Thembalethu Sithokozile Inkanyezi "
                   "Lindokuhle Esiphethweni Nhlakanipho Zibukezi Lethukuthula Mzuvukile Sukumani Vezokuhle "
                   "Ikhwezi Ithemba Kwamgaga Mandlakazi Ntokozweni Sobonakhona Umzinyathi".split())
_EN_SAINTS = ("St Mary's", "St John's", "St Peter's", "St Anne's", "St Joseph's", "Holy Trinity", "St Michael's",
              "St Bede's", "Christ Church", "St Aidan's")
_EN_NAMES = ("Oakfield", "Westfield", "Meadowbank", "Greenacres", "Hollybrook", "Brookside", "Ashwood",
             "Riverside", "Parkland", "Highfield", "Elmwood", "Beechcroft", "Millbrook", "Larkspur", "Fernhill")


def school_name(rng, setting: str, region: Region, phase: str, kind: str) -> str:
    """A plausible name; the caller makes it unique."""
    place = rng.choice(region.places)
    town = region.name.split(",")[0].split(" circuit")[0].split(" district")[0]
    if setting == "za":
        level = {"primary": rng.choice(("Primary School", "Primary School", "Junior Primary School")),
                 "secondary": rng.choice(("Secondary School", "High School", "Combined School"))}.get(phase, "FET College")
        if kind == "college":
            return f"{town} TVET College, {place} campus"
        return f"{rng.choice(_ZA_SCHOOL)} {level}"
    if setting == "pk":
        if kind == "college":
            return f"Government College of Technology, {place}"
        g = rng.choice(("Girls", "Girls", "Boys"))
        level = rng.choice(("Primary School", "Primary School", "Model Primary School")) if phase == "primary" \
            else rng.choice(("Middle School", "Elementary School", "High School"))
        return f"Government {g} {level} {place}" if rng.random() < 0.6 else f"Government {g} {level} No. {rng.randint(1, 4)} {place}"
    if kind == "college":
        return rng.choice((f"{town} College, {place} campus", f"{town} College of Further Education",
                           f"{town} Sixth Form and Technical College", f"{place} Skills Academy"))
    if phase == "primary":
        return rng.choice((f"{place} Primary School", f"{rng.choice(_EN_SAINTS)} C of E Primary School",
                           f"{rng.choice(_EN_SAINTS)} Catholic Primary School", f"{rng.choice(_EN_NAMES)} Primary Academy",
                           f"{place} Community Primary School"))
    return rng.choice((f"{place} Academy", f"{rng.choice(_EN_NAMES)} High School", f"{place} School",
                       f"{rng.choice(_EN_SAINTS)} Catholic High School", f"{rng.choice(_EN_NAMES)} Academy"))




# ---- building the world ------------------------------------------------------------------------

def days(rng, a: int, b: int) -> timedelta:
    return timedelta(days=rng.randint(a, b))


class Actor:
    """A person while the corpus is built: teacher, head teacher or partner broker."""

    __slots__ = ("id", "name", "setting", "region", "phase", "subjects", "schools", "cluster", "practices", "keys")

    def __init__(self, pid, name, setting, region, phase, subjects):
        self.id, self.name, self.setting, self.region, self.phase = pid, name, setting, region, phase
        self.subjects, self.schools, self.cluster, self.practices, self.keys = subjects, [], None, [], set()

    @property
    def first(self) -> str:
        return self.name.split(" ")[0]

    def school_at(self, d: date) -> str:
        return next((o for o, since, _ in reversed(self.schools) if since <= d), self.schools[0][0])

    def practices_by(self, d: date) -> list[str]:
        return [pid for pd, pid in self.practices if pd <= d]


class World:
    """Organisations, people, clusters and memberships, as record dicts in ``self.recs``."""

    def __init__(self, rng, subjects: dict[str, list[str]]):
        self.rng, self.subjects, self.recs = rng, subjects, []
        self.t: dict[str, Actor] = {}
        self.orgs: dict[str, dict] = {}
        self.clusters: list[dict] = []
        self.cl: dict[str, dict] = {}
        self.names: set[str] = set()
        self.n = defaultdict(int)
        self.by_region = defaultdict(list)  # (region, phase) -> org ids
        self.partners: dict[str, tuple] = {}  # partner name -> (name, org id, broker ids)
        self.bridges = defaultdict(list)  # cluster id -> [(other cluster id, broker person id)]
        self.steady: set[str] = set()  # subject leaders stay at their school

    def add(self, type_: str, **kw) -> dict:
        kw["type"] = type_
        self.recs.append(kw)
        return kw

    def nid(self, prefix: str) -> str:
        self.n[prefix] += 1
        return f"{prefix}-{self.n[prefix]:05d}"

    def member(self, person: str, role: str, since: date, until: date | None = None, org=None, cluster=None):
        self.add("membership", person=person, organisation=org, cluster=cluster, role=role, since=since, until=until)

    def person(self, setting: str, region: str, phase: str, female: bool) -> Actor:
        s, rng = SETTINGS[setting], self.rng
        for attempt in range(40):
            name = f"{rng.choice(s.female if female else s.male)} {rng.choice(s.surnames)}"
            if attempt > 20:
                name = name.replace(" ", f" {rng.choice('ABDEGHKLMNPRSTZ')}. ", 1)
            if name not in self.names:
                break
        self.names.add(name)
        subs = list(dict.fromkeys(rng.choices(self.subjects[phase], k=2 if phase == "primary" else 1)))
        if phase != "primary" and rng.random() < 0.25:
            subs = list(dict.fromkeys(subs + rng.choices(self.subjects[phase])))
        t = Actor(self.nid("p"), name, setting, region, phase, subs)
        self.t[t.id] = t
        self.add("person", id=t.id, name=name)
        return t

    def build(self, n_clusters: int) -> None:
        for i, code in enumerate(("za", "pk", "en")):
            idxs = list(range(n_clusters))[i::3]
            regions = self.rng.sample(SETTINGS[code].regions, min(10, max(1, -(-len(idxs) // 10))))
            for j in range(len(idxs)):
                self.cluster(code, regions[j % len(regions)], official=j % 2 == 0)
        self.link_clusters()
        self.move_teachers()
        for t in self.t.values():
            if t.cluster:
                for org, since, until in t.schools:
                    self.member(t.id, "teacher", since, until, org=org)

    def partner(self, code: str) -> tuple:
        """The university or NGO behind a voluntary cluster, with two staff who broker pairings."""
        name, kind, region = self.rng.choice(SETTINGS[code].partners)
        if name not in self.partners:
            r = next(x for x in SETTINGS[code].regions if x.name == region)
            oid = self.nid("org")
            self.add("organisation", id=oid, name=name, kind=kind, region=region, lat=r.lat, lon=r.lon)
            brokers = [self.person(code, region, "secondary", self.rng.random() < 0.6) for _ in range(2)]
            for b in brokers:
                b.schools.append((oid, START - days(self.rng, 200, 2000), None))
                self.member(b.id, "broker", b.schools[0][1], org=oid)
            self.partners[name] = (name, oid, [b.id for b in brokers])
        return self.partners[name]

    def school(self, code, region, phase, kind, latlon) -> str:
        rng = self.rng
        name = school_name(rng, code, region, phase, kind)
        while name in self.names:
            name = school_name(rng, code, region, phase, kind) if rng.random() < 0.7 \
                else f"{name.split(',')[0]}, {rng.choice(region.places)}"
        self.names.add(name)
        oid = self.nid("org")
        self.orgs[oid] = {"name": name, "latlon": latlon, "region": region.name, "phase": phase, "setting": code}
        self.add("organisation", id=oid, name=name, kind=kind, phase=phase, region=region.name,
                 lat=latlon[0], lon=latlon[1])
        head = self.person(code, region.name, phase, "Girls" in name or ("Boys" not in name and rng.random() < 0.6))
        head.schools.append((oid, START - days(rng, 100, 3000), None))
        self.member(head.id, "head-teacher", head.schools[0][1], org=oid)
        self.orgs[oid]["head"] = head.id
        self.by_region[(region.name, phase)].append(oid)
        return oid

    def cluster(self, code: str, region: Region, official: bool) -> None:
        """6-12 teachers from 1-5 schools within ~10 km; official or voluntary."""
        rng, s = self.rng, SETTINGS[code]
        phase = rng.choices([p for p, _ in s.phases], [w for _, w in s.phases])[0]
        centre = jitter(rng, region.lat, region.lon, 20)
        kind = "college" if phase == "fe" else "school"
        n_sch = rng.choices([1, 2, 3], [40, 40, 20])[0] if kind == "college" \
            else rng.choices([1, 2, 3, 4, 5], [20, 35, 25, 12, 8])[0]
        schools: list[str] = []
        for _ in range(n_sch):
            near = [o for o in self.by_region[(region.name, phase)]
                    if o not in schools and km_between(self.orgs[o]["latlon"], centre) <= 10]
            if near and rng.random() < (0.6 if kind == "college" else 0.4):
                schools.append(rng.choice(near))
            else:
                schools.append(self.school(code, region, phase, kind, jitter(rng, *centre, 9)))
        venue = min(schools, key=lambda o: km_between(self.orgs[o]["latlon"], centre))
        label = {"primary": "primary", "secondary": "secondary", "fe": "FE"}[phase]
        name = f"{rng.choice(region.places)} {label} " + ("cluster" if official else rng.choice(
            ("teachers' circle", "learning circle", "JPD group" if code == "en" else "teachers' network")))
        while name in self.names:
            name += " II"
        self.names.add(name)
        cid = f"cl-{code}-{len(self.clusters) + 1:03d}"
        partner = None if official else self.partner(code)
        c = {"id": cid, "name": name, "kind": "official" if official else "voluntary", "setting": code,
             "region": region.name, "phase": phase, "schools": schools, "venue": venue, "members": [],
             "formed": START + days(rng, 0, 20 if official else 60), "partner": partner, "leaders": [],
             "brokers": [], "mentors": []}
        self.clusters.append(c)
        self.cl[cid] = c
        self.add("cluster", id=cid, name=name, kind=c["kind"], venue=venue, region=region.name,
                 partner=partner[0] if partner else None)
        n = rng.choices([6, 7, 8, 9, 10, 11], [2, 6, 12, 20, 28, 32])[0]
        homes = schools + rng.choices(schools, [3 if o == venue else 1 for o in schools], k=n - len(schools))
        for org in homes:
            oname = self.orgs[org]["name"]
            t = self.person(code, region.name, phase, "Girls" in oname or (
                "Boys" not in oname and rng.random() < (0.75 if phase == "primary" else 0.55)))
            t.cluster = cid
            t.schools.append((org, START - days(rng, 60, 5000), None))
            c["members"].append(t.id)
            self.member(t.id, "teacher", c["formed"] + days(rng, 0, 0 if official else 40), cluster=cid)
        senior = sorted(c["members"], key=lambda p: self.t[p].schools[0][1])
        # official: nominated (the most senior teacher at the venue school); voluntary: elected
        lead = next(p for p in senior if self.t[p].schools[0][0] == venue) if official else rng.choice(c["members"])
        since = c["formed"] if official else c["formed"] + days(rng, 14, 45)
        if rng.random() < 0.3:
            change = START + days(rng, 365, 800)
            nxt = rng.choice([p for p in c["members"] if p != lead])
            c["leaders"] = [(lead, since, change - timedelta(days=1)), (nxt, change, None)]
        else:
            c["leaders"] = [(lead, since, None)]
        for p, a, b in c["leaders"]:
            self.member(p, "cluster-leader", a, b, cluster=cid)
        c["mentors"] = [p for p in senior if p != lead][:rng.choice((1, 1, 2))]
        for p in c["mentors"]:
            self.member(p, "mentor", c["formed"] + days(rng, 20, 120), cluster=cid)
        if phase != "primary":
            sl = rng.choice(c["members"])
            self.steady.add(sl)
            self.member(sl, "subject-leader", START - days(rng, 30, 900), org=self.t[sl].schools[0][0])

    def link_clusters(self) -> None:
        """Teacher-brokers: a member of one cluster also joins a neighbouring one as broker."""
        rng = self.rng
        for a in self.clusters:
            near = [b for b in self.clusters if b is not a and b["region"] == a["region"] and b["phase"] == a["phase"]
                    and len(b["members"]) + len(b["brokers"]) < 12]
            if near and rng.random() < 0.45:
                b = rng.choice(near)
                lead = [p for p, _, _ in a["leaders"]]
                broker = rng.choice([p for p in a["members"] if p not in lead])
                since = START + days(rng, 90, 400)
                b["brokers"].append((broker, since))
                self.member(broker, "broker", since, cluster=b["id"])
                self.bridges[a["id"]].append((b["id"], broker))
                self.bridges[b["id"]].append((a["id"], broker))

    def move_teachers(self) -> None:
        """About 5 % of teachers transfer to a nearby school; the person (and id) stays the same."""
        rng = self.rng
        teachers = [t for t in self.t.values() if t.cluster and t.id not in self.steady]
        moved = 0
        for t in rng.sample(teachers, len(teachers)):
            if moved >= max(1, round(0.05 * len(teachers))):
                break
            here = t.schools[0][0]
            options = [o for o in self.cl[t.cluster]["schools"] if o != here] or \
                [o for o in self.by_region[(t.region, t.phase)]
                 if o != here and km_between(self.orgs[o]["latlon"], self.orgs[here]["latlon"]) < 15]
            if options:
                when = START + days(rng, 200, 900)
                t.schools = [(here, t.schools[0][1], when - timedelta(days=1)), (rng.choice(options), when, None)]
                moved += 1
