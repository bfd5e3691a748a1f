"""A deterministic demo corpus: regions, schools, clusters, meetings, practices and how they travel.

``generate(size, seed)`` returns validated ``practicegraph.model`` records whose references all
resolve inside the corpus. Every practice comes from the hand-written library; adaptation
chains hop across schools, clusters and settings; official clusters drift from content to
administration after their first meeting while voluntary ones stay with content. Only
``random.Random(seed)`` is used and every date is fixed relative to ``ANCHOR``.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta

from practicegraph import model as m
from practicegraph.demo import people as P
from practicegraph.demo import texts as X
from practicegraph.demo.library import LibraryPractice, load_library
from practicegraph.demo import settings as S
from practicegraph.demo.people import Actor, days as _days
from practicegraph.demo.settings import ANCHOR, END, START

__all__ = ["ANCHOR", "SIZES", "generate"]

SIZES = {"small": 6, "medium": 40, "large": 400}
MODELS = {"person": m.Person, "organisation": m.Organisation, "cluster": m.Cluster, "membership": m.Membership,
          "practice": m.Practice, "adaptation": m.Adaptation, "resource": m.Resource,
          "observation": m.Observation, "exchange": m.Exchange, "meeting": m.Meeting}
_KEEP = {"English", "Urdu", "Class", "Grade", "Year", "Reception", "Kachi", "I"}


def generate(size: str = "small", seed: int = 7, library: list[LibraryPractice] | None = None) -> list:
    """The demo corpus as ``practicegraph.model`` records (any order; ingest sorts them)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    g = _Gen(random.Random(seed), library if library is not None else load_library())
    g.run(SIZES[size])
    return [MODELS[d["type"]](**d) for d in g.recs]


def _lc(s: str) -> str:
    """Lower-case a sentence's first letter unless it starts a name, acronym or class label."""
    w = s.split(" ", 1)[0]
    return s[0].lower() + s[1:] if w and w not in _KEEP and w[1:] == w[1:].lower() else s


class _Gen(P.World):
    def __init__(self, rng: random.Random, lib: list[LibraryPractice]):
        subj = defaultdict(list)
        for e in lib:
            subj[e.phase].append(e.subject)
        super().__init__(rng, {ph: next((subj[p] for p in S.PHASE_COMPAT[ph] if subj[p]), ["cross-curricular"])
                               for ph in ("primary", "secondary", "fe")})
        self.lib = lib
        self.pinfo: dict[str, dict] = {}
        self.adapted = defaultdict(list)  # source practice -> [(adopter, new practice, date)]
        self.exchanges: list[dict] = []
        self.resourced: set[str] = set()
        self.mentees = defaultdict(list)  # mentor -> mentees
        self.pools: dict[tuple, list] = {}
        self.forms = [[(0, S.classify_setting(e.context))] +
                      [(i + 1, S.classify_setting(a.new_context)) for i, a in enumerate(e.adaptations)] for e in lib]

    def vis(self, rec: dict, t: Actor, d: date, weights=(75, 15, 10)) -> dict:
        v = self.rng.choices(("public", "cluster", "org"), weights)[0]
        rec.update(visibility=v, organisation=t.school_at(d), cluster=t.cluster)
        return rec

    def run(self, n_clusters: int) -> None:
        self.build(n_clusters)
        self.originate()
        self.mentoring()
        queue = list(self.pinfo)
        for pid in queue:  # the queue grows as adaptations are made: breadth-first chains
            self.grow(pid, queue)
        if not any(d["type"] == "practice" and d.get("version_of") for d in self.recs):
            ad = next((d for d in self.recs if d["type"] == "adaptation" and d["mode"] == "exchange"), None)
            if ad:
                self.revise(ad, force=True)
        self.buddy_rounds()
        for c in self.clusters:
            self.meetings(c)
        self.finish_exchanges()
        self.resources()

    # ---- practices and how they travel ----------------------------------------------------
    def content(self, e: LibraryPractice, form: int) -> dict:
        if form == 0:
            return {"title": e.title, "description": e.description, "context": e.context, "subject": e.subject}
        a = e.adaptations[form - 1]
        return {"title": a.title, "description": a.description, "context": a.new_context,
                "subject": a.subject or e.subject}

    def practice(self, pid, t: Actor, d, ei, form, body, path, depth, setting, codevs=(), phase=None) -> dict:
        devs = [{"person": t.id, "role": "originator", "date": d}] + \
               [{"person": c, "role": "co-developer", "date": d} for c in codevs]
        rec = self.vis(self.add("practice", id=pid, phase=phase or self.lib[ei].phase, tags=list(self.lib[ei].tags),
                                developers=devs, **body), t, d)
        self.pinfo[pid] = {"author": t.id, "date": d, "e": ei, "form": form, "path": path, "depth": depth,
                           "setting": setting, "rec": rec}
        t.practices.append((d, pid))
        t.keys.add(self.lib[ei].key)
        return rec

    def originate(self) -> None:
        rng = self.rng
        used = defaultdict(set)  # cluster -> library keys already originated there
        for t in [t for t in self.t.values() if t.cluster]:
            pool = self.pools.get((t.phase, t.setting))
            if pool is None:
                phases = [p for p in S.PHASE_COMPAT[t.phase] if any(e.phase == p for e in self.lib)]
                pool = self.pools[(t.phase, t.setting)] = [
                    (ei, f, s) for ei, e in enumerate(self.lib) if phases and e.phase == phases[0]
                    for f, s in self.forms[ei] if s in (t.setting, None)]
            for _ in range(rng.choices([0, 1, 2, 3], [30, 35, 25, 10])[0]):
                cand = [(ei, f, s) for ei, f, s in pool if self.lib[ei].key not in t.keys]
                if not cand:
                    break
                w = [(3 if self.content(self.lib[ei], f)["subject"] in t.subjects else 1) * (0.4 if s is None else 1)
                     * (0.15 if self.lib[ei].key in used[t.cluster] else 1) for ei, f, s in cand]
                ei, f, s = rng.choices(cand, w)[0]
                e, d = self.lib[ei], START + _days(rng, -700, 300)
                co = [p for p in self.cl[t.cluster]["members"] if p != t.id] if rng.random() < 0.2 else []
                self.practice(f"pr-{e.key}-{t.id}", t, d, ei, f, self.content(e, f), frozenset([f]), 0,
                              s or t.setting, codevs=co[:1] and [rng.choice(co)])
                used[t.cluster].add(e.key)

    def grow(self, src: str, queue: list) -> None:
        info, rng = self.pinfo[src], self.rng
        if info.get("rev") or info["depth"] >= 3:
            return
        p = (0.6, 0.55, 0.45)[info["depth"]]
        if rng.random() >= p:
            return
        for _ in range(rng.choices([1, 2, 3], [55, 33, 12])[0] if info["depth"] == 0 else rng.choice((1, 1, 2))):
            new = self.adapt(src)
            if new:
                queue.append(new)

    def candidates(self, cids: list[str], key: str, exclude: set) -> list[str]:
        return [p for c in cids for p in self.cl[c]["members"] if p not in exclude and key not in self.t[p].keys]

    def adapt(self, src: str) -> str | None:
        rng, info = self.rng, self.pinfo[src]
        e, author = self.lib[info["e"]], self.t[info["author"]]
        free = [(f, s) for f, s in self.forms[info["e"]][1:] if f not in info["path"]]
        # Fielding's modes, roughly 20/60/20 overall: once a chain has used every library
        # adaptation of its practice, only replication is left
        mode = rng.choices(("replication", "adaptive", "exchange"), (6, 68, 26))[0] if free else "replication"
        if mode == "replication" and not free and rng.random() < 0.6:
            return None
        form, fset = rng.choice(free) if mode != "replication" else (info["form"], info["setting"])
        target = fset or info["setting"]
        src_c = self.cl[author.cluster]
        exclude = {author.id} | {d["person"] for d in info["rec"]["developers"]}
        route, broker, who = "remote", None, []
        if target == author.setting:
            r = rng.random()
            mentees = self.mentees[author.id]
            if r < 0.55:
                route, who = "cluster", self.candidates([src_c["id"]], e.key, exclude)
                if mentees and rng.random() < 0.5:
                    who = [p for p in who if p in mentees] or who
            elif r < 0.8 and self.bridges[src_c["id"]]:
                other, broker = rng.choice(self.bridges[src_c["id"]])
                route, who = "bridge", self.candidates([other], e.key, exclude | {broker})
            if not who:
                route, broker = "region", None
                near = [c["id"] for c in self.clusters if c["region"] == src_c["region"] and c is not src_c
                        and c["phase"] in S.PHASE_COMPAT[src_c["phase"]]]
                who = self.candidates(rng.sample(near, min(4, len(near))), e.key, exclude)
        if not who:
            route, broker = "remote", None
            far = [c["id"] for c in self.clusters if c["setting"] == target and c["phase"] in S.PHASE_COMPAT[e.phase]
                   and c is not src_c]
            who = self.candidates(rng.sample(far, min(4, len(far))), e.key, exclude)
        if not who:
            return None
        t = self.t[rng.choice(who)]
        d = max(info["date"], START + timedelta(days=20)) + _days(rng, 25, 260 if route == "remote" else 200)
        if d > END:
            return None
        how = rng.choices(("observation-and-discussion", "joint-planning", "resource", "told", "training"),
                          (45, 22, 20, 7, 6) if route == "remote" else (60, 15, 15, 10, 0))[0]
        rnd = 1 + ((d - START).days % 365) // 122
        s = S.SETTINGS[t.setting]
        if mode == "replication":
            old = info["rec"]
            grade, n = S.grade_label(rng, t.setting, t.phase, old["context"]), rng.randint(*s.sizes[t.phase])
            label = S.subject_label(old["subject"])
            ctx = (f"{grade} {label}, {n} learners, at {self.orgs[t.school_at(d)]['name']}, {t.region}; "
                   f"{rng.choice(s.profiles.get(t.phase, s.profiles['secondary']))}.")
            body = {"title": old["title"], "description": old["description"], "context": ctx, "subject": old["subject"]}
            fill = {"mins": rng.choice((30, 35, 40, 45, 60)), "subject": label, "home": s.home_language,
                    "grade": grade, "author": author.first}
            changed, why = rng.choice(X.REPLICATION_NOTES).format(**fill), rng.choice(X.REPLICATION_WHY).format(**fill)
        else:
            a = e.adaptations[form - 1]
            body, changed, why, ctx = self.content(e, form), a.what_changed, a.why, a.new_context
        new = f"pr-{e.key}-{t.id}"
        self.practice(new, t, d, info["e"], form, body, info["path"] | {form}, info["depth"] + 1, target,
                      codevs=[author.id] if mode == "exchange" else (), phase=t.phase)
        ad = self.add("adaptation", id=f"ad-{new[3:]}", practice=new, source=src, mode=mode, what_changed=changed,
                      why=why, new_context=ctx, how_learned=how, round=rnd, date=d)
        self.adapted[src].append((t.id, new, d))
        if how == "observation-and-discussion":
            gap = (d - max(info["date"], START)).days
            self.observe(t.id, author.id, d - _days(rng, 3, max(3, min(40, gap - 1))), src,
                         "model-lesson" if rng.random() < 0.2 else "peer-visit", rnd)
        elif how == "resource":
            self.resource(src, author)
        if mode == "exchange" or how == "joint-planning" or (route in ("bridge", "remote") and how != "resource"):
            if route == "remote":  # the partner behind the adopter's cluster, else one in that country
                own = [self.partners[n] for n, _, _ in S.SETTINGS[t.setting].partners if n in self.partners]
                pc = self.cl[t.cluster]["partner"] or (rng.choice(own) if own else None)
                broker = rng.choice(pc[2]) if pc else None
            kind = "joint-planning" if how == "joint-planning" else ("triad" if rng.random() < 0.2 else "peer-pairing")
            ppl = [(author.id, "peer"), (t.id, "peer")] + ([(broker, "broker")] if broker and broker not in
                                                          (author.id, t.id) else [])
            third = [p for p in self.cl[t.cluster]["members"] if p not in (author.id, t.id, broker)]
            if kind == "triad" and third:
                ppl.insert(2, (rng.choice(third), "peer"))
            ex = self.exchange(kind, ppl, d - _days(rng, 30, 90), min(END, d + _days(rng, 0, 60)), [src], author)
            ex["led_to"].append(new)
            if mode == "exchange" and rng.random() < 0.15:
                self.revise(ad, ex)
        return new

    def revise(self, ad: dict, ex: dict | None = None, force: bool = False) -> None:
        """Reverse influence: the source's developer publishes a new version crediting the adopter."""
        src, rng = self.pinfo[ad["source"]], self.rng
        rid = f"{ad['source']}-v{src['rec'].get('version', 1) + 1}"
        d = min(END, ad["date"] + _days(rng, 20, 90))
        if rid in self.pinfo or src.get("rev"):
            return
        adopter = self.t[self.pinfo[ad["practice"]]["author"]]
        old = src["rec"]
        sentence = rng.choice(X.REVISION).format(adopter=adopter.name, change=_lc(ad["what_changed"]),
                                                 version=old.get("version", 1) + 1)
        devs = list(old["developers"]) + [{"person": adopter.id, "role": "co-developer", "date": d}]
        rec = self.add("practice", id=rid, title=old["title"], description=f"{old['description']} {sentence}",
                       subject=old["subject"], phase=old["phase"], context=old["context"], tags=old["tags"],
                       version=old.get("version", 1) + 1, version_of=ad["source"], developers=devs,
                       revised_after=[{"practice": ad["practice"], "what_changed": ad["what_changed"], "date": d}],
                       visibility=old["visibility"], organisation=old["organisation"], cluster=old["cluster"])
        author = self.t[src["author"]]
        self.pinfo[rid] = {**src, "rec": rec, "rev": True, "date": d}
        author.practices.append((d, rid))
        if ex is not None:
            ex["led_to"].append(rid)
        elif force:
            ex = next((x for x in self.exchanges if ad["practice"] in x["led_to"]), None)
            if ex:
                ex["led_to"].append(rid)

    # ---- observations, exchanges, meetings, resources -------------------------------------
    def observe(self, observer: str, observed: str, d: date, pid: str | None, kind="peer-visit", rnd=None,
                group=None, purpose="developmental") -> None:
        rng, to, te = self.rng, self.t[observer], self.t[observed]
        s = S.SETTINGS[te.setting]
        rec = self.pinfo[pid]["rec"] if pid else None
        subject = (rec["subject"] if rec else None) or rng.choice(te.subjects or ["general"])
        label = S.subject_label(subject)
        tags = rec["tags"] if rec and rec["tags"] else [label]
        n = rng.randint(*s.sizes[te.phase])
        grade = S.grade_label(rng, te.setting, te.phase, rec["context"] if rec else None)
        ctx = (rec["context"] or "").split(",")[0].rstrip(".") if rec else ""
        f = {"title": f"'{rec['title']}'" if rec else f"the {label} lesson", "subject": label, "n": n,
             "grade": grade, "ctx": _lc(ctx), "observed": te.first, "tag": rng.choice(tags), "board": s.board,
             "home": s.home_language, "next_round": (rnd or 1) + 1,
             "mygrade": S.grade_label(rng, to.setting, to.phase),
             "myn": rng.randint(*S.SETTINGS[to.setting].sizes[to.phase]), "mydiff": rng.choice(X.DIFFS)}
        f["change"] = rng.choice(X.CHANGES).format(**f)
        f["mydiff"] = f["mydiff"].format(**f)
        school = self.orgs[te.school_at(d)]["name"]
        room = rng.choice(("classroom", "classroom", "hall", "outdoors under the trees") if te.setting != "en" else
                          (("workshop", "classroom", "training kitchen") if te.phase == "fe" else ("classroom", "lab")))
        vis = "pair" if purpose == "evaluative" else rng.choices(("pair", "cluster", "public"), (60, 20, 20))[0]
        self.add("observation", id=self.nid("ob"), observer=observer, observed=observed, date=d, kind=kind,
                 practices=[pid] if pid else [], round=rnd, subject=subject, group=group,
                 setting=f"{grade} {room}, {school}", purpose=purpose,
                 group_outline=f"{grade}, {n} learners; {rng.choice(s.profiles.get(te.phase, s.profiles['secondary']))}.",
                 focus=rng.choice(X.FOCUS if ctx else [x for x in X.FOCUS if "{ctx}" not in x]).format(**f), what_worked=rng.choice(X.WORKED).format(**f),
                 adapt_further=rng.choice(X.ADAPT).format(**f), reflection=rng.choice(X.REFLECT).format(**f),
                 visibility=vis, organisation=te.school_at(d), cluster=te.cluster,
                 reflection_visibility=rng.choices(("pair", "private", vis), (88, 7, 5))[0])

    def exchange(self, kind, ppl, started, ended, discussed, lead: Actor) -> dict:
        rng = self.rng
        rec = self.pinfo[discussed[0]]["rec"] if discussed else None
        names = [self.t[p].first for p, _ in ppl]
        f = {"subject": S.subject_label((rec["subject"] if rec else None) or lead.subjects[0]),
             "title": rec["title"] if rec else "", "tag": rng.choice(rec["tags"] or ["questioning"])
             if rec else "questioning", "a": names[0], "b": names[1], "mentor": names[0], "mentee": names[1]}
        focus = [x for x in X.EXCHANGE_FOCUS[kind] if rec or "{title}" not in x] or ["{a} and {b} work on {subject}."]
        ex = self.add("exchange", id=self.nid("ex"), kind=kind, participants=[{"person": p, "role": r} for p, r in ppl],
                      started=started, ended=max(started, ended), rounds=rng.randint(1, 4),
                      focus=rng.choice(focus).format(**f), discussed=list(discussed), led_to=[],
                      reflection=rng.choice(X.EXCHANGE_REFLECT["mentoring" if kind == "mentoring" else "peers"])
                      if rng.random() < 0.6 else None,
                      visibility=rng.choices(("pair", "cluster", "public"), (60, 20, 20))[0],
                      organisation=lead.school_at(started), cluster=lead.cluster)
        self.exchanges.append(ex)
        return ex

    def mentoring(self) -> None:
        rng = self.rng
        for c in self.clusters:
            for y in range(3):
                for mentor in c["mentors"]:
                    mentee = rng.choice([p for p in c["members"] if p not in c["mentors"]])
                    start = START + timedelta(days=365 * y) + _days(rng, 20, 80)
                    t = self.t[mentor]
                    ex = self.exchange("mentoring", [(mentor, "mentor"), (mentee, "mentee")], start,
                                       start + _days(rng, 60, 200), t.practices_by(start)[:2], t)
                    self.mentees[mentor].append(mentee)
                    for r in range(1, ex["rounds"] + 1):
                        a, b = (mentor, mentee) if r % 2 else (mentee, mentor)
                        d = start + timedelta(days=r * 30)
                        ps = self.t[b].practices_by(d)
                        self.observe(a, b, d, rng.choice(ps) if ps else None, "coaching-round", r)
            if c["phase"] == "fe" or (c["kind"] == "voluntary" and rng.random() < 0.5):
                ppl = rng.sample(c["members"], 3)
                start = START + _days(rng, 60, 700)
                kind = "research-pod" if c["phase"] == "fe" else "triad"
                self.exchange(kind, [(p, "peer") for p in ppl], start, start + _days(rng, 90, 240),
                              self.t[ppl[0]].practices_by(start)[:1], self.t[ppl[0]])

    def buddy_rounds(self) -> None:
        """003's peer visits: buddy pairs (official) or triads (voluntary), two or three rounds a year."""
        rng = self.rng
        for c in self.clusters:
            official = c["kind"] == "official"
            for y in range(3):
                members = rng.sample(c["members"], len(c["members"]))
                size = 2 if official else 3
                groups = [members[i:i + size] for i in range(0, len(members), size)]
                if len(groups[-1]) == 1:
                    groups[-2].append(groups.pop()[0])
                p = (0.9, 0.7, 0.5)[y] if official else (0.92, 0.9, 0.88)[y]
                for r in range(1, (2 if official else 3) + 1):
                    base = START + timedelta(days=365 * y + (30, 150, 250)[r - 1])
                    for gi, grp in enumerate(groups):
                        label = f"{ {2: 'Buddy pair', 3: 'Triad'}.get(len(grp), 'Buddy group')} {chr(65 + gi)}, {c['name']}"
                        for a in grp:
                            for b in grp:
                                if a != b and rng.random() < p:
                                    d = base + _days(rng, 0, 40)
                                    ps = self.t[b].practices_by(d)
                                    self.observe(a, b, d, rng.choice(ps) if ps else None, "peer-visit", r, label)
                for t in c["members"]:
                    if rng.random() < 0.2:  # appraisal visits are evaluative and kept apart
                        d = START + timedelta(days=365 * y) + _days(rng, 40, 300)
                        head = self.orgs[self.t[t].school_at(d)]["head"]
                        self.observe(head, t, d, None, "learning-walk", None, None, "evaluative")

    def meetings(self, c: dict) -> None:
        rng, s = self.rng, S.SETTINGS[c["setting"]]
        official, dates = c["kind"] == "official", []
        d = c["formed"] + _days(rng, 7, 30)
        while d < END:
            if d.month not in s.holidays:
                dates.append(d)
            d = date(d.year + d.month // 12, d.month % 12 + 1, rng.randint(8, 14)) if official \
                else d + _days(rng, 28, 60)
        members = c["members"]
        for i, d in enumerate(dates):
            prog = i / max(1, len(dates) - 1)
            if official and i and rng.random() < 0.05 + 0.15 * prog:
                continue  # cancelled
            leaders = [p for p, a, b in c["leaders"] if a <= d and (b is None or d <= b)]
            venue = c["venue"] if official or rng.random() < 0.7 else rng.choice(c["schools"])
            base = (0.92 - 0.5 * prog) if official else 0.82
            att = [p for p in members if p in leaders or
                   rng.random() < base + (0.15 if self.t[p].school_at(d) == venue else 0)]
            att += [b for b, since in c["brokers"] if since <= d and rng.random() < 0.5]
            if c["partner"] and rng.random() < 0.3:
                att.append(rng.choice(c["partner"][2]))
            if len(att) < 2:
                att = list(dict.fromkeys(leaders + rng.sample(members, 2)))
            p_admin = (0.12 if i == 0 else 0.5 + 0.35 * prog) if official else (0.04 if i == 0 else 0.12)
            items = []
            for _ in range(rng.randint(3, 5)):
                if rng.random() < p_admin:
                    text = rng.choice(s.admin).format(subject=S.subject_label(rng.choice(self.t[members[0]].subjects)))
                    items.append({"text": text, "tag": "admin"})
                    continue
                who = self.t[rng.choice(att)]
                ps = [p for p in who.practices_by(d) if p in self.pinfo]
                tpl = rng.choice(X.CONTENT_AGENDA if ps else [x for x in X.CONTENT_AGENDA if "{title}" not in x])
                pid = rng.choice(ps) if ps else None
                text = tpl.format(subject=S.subject_label(rng.choice(who.subjects)), name=who.name,
                                  title=self.pinfo[pid]["rec"]["title"] if pid else "", grade=S.grade_label(
                                      rng, who.setting, who.phase))
                items.append({"text": text[:300], "tag": "content"})
                if text.startswith("Model lesson") and len(att) > 1:
                    self.observe(rng.choice([p for p in att if p != who.id]), who.id, d, pid, "model-lesson")
            items = list({x["text"]: x for x in items}.values())
            self.add("meeting", id=f"mt-{c['id']}-{d.isoformat()}", cluster=c["id"], date=d, venue=venue,
                     attendees=list(dict.fromkeys(att)), agenda=items)

    def finish_exchanges(self) -> None:
        for ex in self.exchanges:
            ppl = {p["person"] for p in ex["participants"]}
            for src in ex["discussed"]:
                for adopter, new, d in self.adapted[src]:
                    if adopter in ppl and ex["started"] <= d <= ex["ended"] + timedelta(days=90) \
                            and new not in ex["led_to"]:
                        ex["led_to"].append(new)

    def resource(self, pid: str, author: Actor) -> None:
        if pid in self.resourced:
            return
        rng, rec = self.rng, self.pinfo[pid]["rec"]
        self.resourced.add(pid)
        kind = rng.choices(list(X.RESOURCE_TITLES), (35, 30, 10, 10, 10, 5))[0]
        title = X.RESOURCE_TITLES[kind].format(title=rec["title"], subject=S.subject_label(rec["subject"]),
                                                name=author.name, grade=S.grade_label(rng, author.setting,
                                                                                      author.phase, rec["context"]))
        others = [p for p in author.practices_by(END) if p != pid and not self.pinfo[p].get("rev")]
        embodies = [pid] + ([rng.choice(others)] if others and rng.random() < 0.15 else [])
        self.add("resource", **self.vis({"id": self.nid("rs"), "title": title[:300], "kind": kind,
                                         "embodies": embodies, "author": author.id}, author, self.pinfo[pid]["date"],
                                        (60, 25, 15)))

    def resources(self) -> None:
        for pid, info in list(self.pinfo.items()):
            if not info.get("rev") and self.rng.random() < (0.35 if info["depth"] == 0 else 0.2):
                self.resource(pid, self.t[info["author"]])
