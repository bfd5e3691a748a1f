"""Who watched, paired with and met whom in the demo corpus: observations (003's peer-visit
form), exchanges, mentoring, buddy rounds, cluster meetings and resources.

A mixin of the generator (see generator.py): it reads the world built there (teachers,
clusters, practices in ``self.pinfo``) and adds records with the same ``random.Random``.
"""

from __future__ import annotations

from datetime import date, timedelta

from practicegraph.demo import settings as S
from practicegraph.demo import texts as X
from practicegraph.demo.people import Actor, days as _days
from practicegraph.demo.settings import END, START

_KEEP = {"English", "Urdu", "Class", "Grade", "Year", "Reception", "Kachi", "I"}


def lc(s: str) -> str:
    """Lower-case a sentence's first letter unless it starts a name, acronym or class label."""
    w = s.split(" ", 1)[0]
    return s[0].lower() + s[1:] if w and w not in _KEEP and w[1:] == w[1:].lower() else s


class Activity:
    """Observations, exchanges, meetings and resources around the generated practices."""

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
             "grade": grade, "ctx": lc(ctx), "observed": te.first, "tag": rng.choice(tags), "board": s.board,
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
            att = list(dict.fromkeys(att))
            # now and then someone signs in late, on a register of their own (an attendance
            # record); chosen without the generator's random stream, so nothing else moves
            late = att[-1:] if i % 7 == 3 and len(att) > 2 else []
            mid = f"mt-{c['id']}-{d.isoformat()}"
            self.add("meeting", id=mid, cluster=c["id"], date=d, venue=venue,
                     attendees=att[:len(att) - len(late)], agenda=items)
            if late:
                self.add("attendance", id=f"late-{mid}", meeting=mid, attendees=late)

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
