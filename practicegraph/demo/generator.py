"""A deterministic demo corpus: regions, schools, clusters, meetings, practices and how they travel.

``generate(size, seed)`` returns validated ``practicegraph.model`` records whose references all
resolve inside the corpus. Every practice comes from the hand-written library; adaptation
chains hop across schools, clusters and settings; official clusters drift from content to
administration after their first meeting while voluntary ones stay with content. Every
library text is set in its teacher's own region (localise.py), and a revision is dated when
it was revised. Observations, exchanges, meetings and resources are in activity.py. Only
``random.Random(seed)`` is used and every date is fixed relative to ``ANCHOR``.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from datetime import date, timedelta

from practicegraph import model as m
from practicegraph.demo import people as P
from practicegraph.demo import texts as X
from practicegraph.demo.activity import Activity, lc
from practicegraph.demo.library import LibraryPractice, load_library
from practicegraph.demo.localise import localise, same_school
from practicegraph.demo import settings as S
from practicegraph.demo.people import Actor, days as _days
from practicegraph.demo.settings import ANCHOR, END, START

__all__ = ["ANCHOR", "SIZES", "generate"]

SIZES = {"small": 6, "medium": 40, "large": 400}
MODELS = {"person": m.Person, "organisation": m.Organisation, "cluster": m.Cluster, "membership": m.Membership,
          "practice": m.Practice, "adaptation": m.Adaptation, "resource": m.Resource,
          "observation": m.Observation, "exchange": m.Exchange, "meeting": m.Meeting,
          "attendance": m.Attendance}
# A class label in a library key ("-y9", "-grade11", "-class8", "-ks3") would contradict the
# text once a teacher in another setting adapts it, so practice ids leave it out.
_CLASS_TOKEN = re.compile(r"-(?:y|year|grade|class|ks)\d+(?=-|$)")


def generate(size: str = "small", seed: int = 7, library: list[LibraryPractice] | None = None) -> list:
    """The demo corpus as ``practicegraph.model`` records (any order; ingest sorts them)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}")
    g = _Gen(random.Random(seed), library if library is not None else load_library())
    g.run(SIZES[size])
    return [MODELS[d["type"]](**d) for d in g.recs]


def practice_key(key: str) -> str:
    """The library key as practice ids carry it: without class labels such as "y9" or "grade11"."""
    return _CLASS_TOKEN.sub("", key)


class _Gen(Activity, P.World):
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
        short = Counter(practice_key(e.key) for e in lib)
        self.idkey = {e.key: practice_key(e.key) if short[practice_key(e.key)] == 1 else e.key for e in lib}
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

    def placed(self, text: str, t: Actor, d: date, source: Actor | None = None) -> str:
        """A library text set in ``t``'s region; "the same school" only if ``source`` shares it."""
        same = source is not None and source.school_at(d) == t.school_at(d)
        near = source is not None and source.cluster == t.cluster
        return localise(same_school(text, same, near), t.setting, t.region)

    def practice(self, pid, t: Actor, d, ei, form, body, path, depth, setting, codevs=(), phase=None,
                 source: Actor | None = None) -> dict:
        body = {k: self.placed(v, t, d, source) if k != "subject" else v for k, v in body.items()}
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
                self.practice(f"pr-{self.idkey[e.key]}-{t.id}", t, d, ei, f, self.content(e, f), frozenset([f]), 0,
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
        unused = [(f, s) for f, s in self.forms[info["e"]][1:] if f not in info["path"]]
        free = [(f, s) for f, s in unused if self.same_need(info["e"], info["form"], f)]
        if unused and not free:
            return None  # what is left in the library is about another subject: the chain ends
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
        new = f"pr-{self.idkey[e.key]}-{t.id}"
        self.practice(new, t, d, info["e"], form, body, info["path"] | {form}, info["depth"] + 1, target,
                      codevs=[author.id] if mode == "exchange" else (), phase=t.phase, source=author)
        changed, why, ctx = (self.placed(x, t, d, author) for x in (changed, why, ctx))
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

    def same_need(self, ei: int, made: int, form: int) -> bool:
        """Whether a practice in library form ``made`` may be adapted into ``form``. The
        library's adaptations are each written from the original (form 0), some into another
        subject; one of them taken on to a sibling in another subject (six-role maths cards
        into a describer role for science practicals) would record a lineage between
        practices about different things, so that step stays within the subject."""
        return made == 0 or self.content(self.lib[ei], made)["subject"] == self.content(self.lib[ei], form)["subject"]

    def revise(self, ad: dict, ex: dict | None = None, force: bool = False) -> None:
        """Reverse influence: the source's developer publishes a new version crediting the adopter."""
        src, rng = self.pinfo[ad["source"]], self.rng
        rid = f"{ad['source']}-v{src['rec'].get('version', 1) + 1}"
        d = min(END, ad["date"] + _days(rng, 20, 90))
        if rid in self.pinfo or src.get("rev"):
            return
        adopter, author = self.t[self.pinfo[ad["practice"]]["author"]], self.t[src["author"]]
        old = src["rec"]
        sentence = rng.choice(X.REVISION).format(adopter=adopter.name, change=lc(ad["what_changed"]),
                                                 version=old.get("version", 1) + 1)
        # the new version is developed on its revision date, by the same people and the adopter
        devs = [{**dev, "date": d} for dev in old["developers"] if dev["person"] != adopter.id] + \
               [{"person": adopter.id, "role": "co-developer", "date": d}]
        sentence = self.placed(sentence, author, d)  # the adopter's change, told in the author's place
        rec = self.add("practice", id=rid, title=old["title"], description=f"{old['description']} {sentence}",
                       subject=old["subject"], phase=old["phase"], context=old["context"], tags=old["tags"],
                       version=old.get("version", 1) + 1, version_of=ad["source"], developers=devs,
                       revised_after=[{"practice": ad["practice"], "what_changed": ad["what_changed"], "date": d}],
                       visibility=old["visibility"], organisation=author.school_at(d), cluster=old["cluster"])
        self.pinfo[rid] = {**src, "rec": rec, "rev": True, "date": d}
        author.practices.append((d, rid))
        if ex is not None:
            ex["led_to"].append(rid)
        elif force:
            ex = next((x for x in self.exchanges if ad["practice"] in x["led_to"]), None)
            if ex:
                ex["led_to"].append(rid)
