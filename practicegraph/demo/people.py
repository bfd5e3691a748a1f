"""People and places of the demo corpus: three settings, their schools, clusters and teachers.

South African circuits (KwaZulu-Natal), Pakistani districts (Punjab, AJK, KP) and English
towns, each with regional centres, name pools, school names, cluster partners and the
administrative vocabulary that crowds out content in official clusters. ``World`` builds the
organisations, people, clusters and memberships from them; every random choice is made by the
caller's ``random.Random`` and every date is fixed relative to ``ANCHOR``.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

ANCHOR = date(2026, 9, 1)
START = ANCHOR - timedelta(days=3 * 365)  # three school years of cluster work end at the anchor
END = ANCHOR - timedelta(days=40)


@dataclass(frozen=True)
class Region:
    name: str  # "Pinetown circuit, KwaZulu-Natal"
    lat: float
    lon: float
    places: tuple[str, ...]


@dataclass(frozen=True)
class Setting:
    code: str
    regions: tuple[Region, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]
    surnames: tuple[str, ...]
    phases: tuple[tuple[str, float], ...]  # cluster phases and their weights
    partners: tuple[tuple[str, str, str], ...]  # (name, kind, region) behind voluntary clusters
    admin: tuple[str, ...]
    profiles: dict = field(default_factory=dict)  # phase -> learner profiles for group outlines
    sizes: dict = field(default_factory=dict)  # phase -> (min, max) class size
    holidays: tuple[int, ...] = ()  # months without cluster meetings
    board: str = "chalkboard"
    home_language: str = "home language"


def _r(name, lat, lon, places):
    return Region(name, lat, lon, tuple(places.split(", ")))


ZA = Setting(
    code="za",
    regions=(
        _r("Pinetown circuit, KwaZulu-Natal", -29.817, 30.857, "Clermont, KwaDabeka, New Germany, Mariannhill, Savannah Park, KwaNdengezi, Hillcrest"),
        _r("Umlazi circuit, KwaZulu-Natal", -29.970, 30.884, "Umlazi, Lamontville, Chatsworth, Isipingo, Folweni, KwaMakhutha"),
        _r("Ndwedwe circuit, KwaZulu-Natal", -29.519, 30.934, "Ndwedwe, Montebello, Mona, Qwabe, Mbozamo, Osindisweni"),
        _r("Vulindlela circuit, KwaZulu-Natal", -29.607, 30.230, "Taylor's Halt, Mpumuza, Sweetwaters, Elandskop, Henley, Edendale"),
        _r("Inanda circuit, KwaZulu-Natal", -29.700, 30.950, "Inanda, Ntuzuma, KwaMashu, Phoenix, Amaoti, Bhambayi"),
        _r("Empangeni circuit, KwaZulu-Natal", -28.762, 31.893, "Ngwelezane, Esikhaleni, Nseleni, Felixton, Heatonville"),
        _r("Ladysmith circuit, KwaZulu-Natal", -28.560, 29.781, "Steadville, Ezakheni, Roosboom, Colenso, Matiwane"),
        _r("Port Shepstone circuit, KwaZulu-Natal", -30.741, 30.455, "Gamalakhe, Marburg, Izotsha, Murchison, Bhobhoyi"),
        _r("Msinga circuit, KwaZulu-Natal", -28.680, 30.590, "Tugela Ferry, Pomeroy, Keates Drift, Mhlangana, Ngubevu"),
        _r("Eshowe circuit, KwaZulu-Natal", -28.893, 31.470, "Gingindlovu, Mtunzini, Sunnydale, KwaMondi, Ntumeni"),
    ),
    female=tuple("Thandeka Nomvula Zanele Nokuthula Lindiwe Nonhlanhla Busisiwe Ntombifuthi Zodwa Lungile "
                 "Nompumelelo Phindile Hlengiwe Khanyisile Thembeka Sindisiwe Nozipho Zinhle Nosipho Precious "
                 "Gugu Mbali Ayanda Sibongile Slindile Nelisiwe Thobile Bongiwe Fikile Prenisha Kavitha".split()),
    male=tuple("Sibusiso Sipho Bongani Mandla Themba Sifiso Mthokozisi Sandile Thulani Siyabonga Jabulani "
               "Andile Nkosinathi Musa Lucky Mlungisi Vusi Bheki Xolani Zakhele Lwazi Thabani Mxolisi Sanele "
               "Pieter Kevin".split()),
    surnames=tuple("Dlamini Nkosi Ndlovu Zulu Mkhize Khumalo Ngcobo Mthembu Buthelezi Cele Zungu Shabalala "
                   "Mhlongo Ntuli Majola Gumede Sithole Msomi Hadebe Mchunu Shezi Mbatha Xulu Ngubane Dube "
                   "Maphumulo Khoza Mabaso Zondi Naidoo Pillay Govender Moodley Chetty Reddy Botha Radebe "
                   "Magwaza Mahlaba Ngema".split()),
    phases=(("primary", 0.55), ("secondary", 0.45)),
    partners=(("University of KwaZulu-Natal School of Education", "university", "Pinetown circuit, KwaZulu-Natal"),
              ("Siyafunda Teacher Network", "ngo", "Umlazi circuit, KwaZulu-Natal"),
              ("Zenzeleni Mathematics and Science Trust", "ngo", "Empangeni circuit, KwaZulu-Natal")),
    admin=("Completing CASS moderation forms", "Circular from the circuit office on SBA record-keeping",
           "Moderation of {subject} assessment tasks", "CAPS pacing schedule and ATP coverage returns",
           "Updating learner records on SA-SAMS", "Subject advisor's instructions for the common test",
           "Signing the cluster attendance register and minutes", "Preparing files for district moderation",
           "IQMS forms and development plans", "Circular on the term's assessment programme"),
    profiles={"primary": ("isiZulu home language, English from Grade 4", "several over-age learners repeating the grade",
                          "one textbook between three", "many walk more than an hour to school",
                          "a third of learners live with grandparents"),
              "secondary": ("English as language of learning, isiZulu at home", "no laboratory, one shared set of apparatus",
                            "large class after two teachers left", "learners preparing for the NSC examinations",
                            "mixed Grade 10 and 11 repeaters")},
    sizes={"primary": (40, 80), "secondary": (35, 60), "fe": (20, 35)},
    holidays=(1, 12), board="chalkboard", home_language="isiZulu",
)

PK = Setting(
    code="pk",
    regions=(
        _r("Kasur district, Punjab", 31.118, 74.450, "Pattoki, Chunian, Kot Radha Kishan, Mustafabad, Khudian, Raja Jang"),
        _r("Sheikhupura district, Punjab", 31.713, 73.978, "Muridke, Ferozewala, Safdarabad, Sharaqpur, Farooqabad, Narang Mandi"),
        _r("Faisalabad district, Punjab", 31.418, 73.079, "Jaranwala, Samundri, Tandlianwala, Chak Jhumra, Dijkot, Khurrianwala"),
        _r("Sahiwal district, Punjab", 30.664, 73.106, "Chichawatni, Harappa, Kameer, Noor Shah, Yousafwala"),
        _r("Multan district, Punjab", 30.198, 71.468, "Shujabad, Jalalpur Pirwala, Makhdoom Rasheed, Qadirpur Raan, Band Bosan"),
        _r("Rawalpindi district, Punjab", 33.598, 73.044, "Gujar Khan, Kahuta, Kallar Syedan, Taxila, Kotli Sattian"),
        _r("Jhelum district, Punjab", 32.934, 73.731, "Dina, Pind Dadan Khan, Sohawa, Domeli, Sanghoi"),
        _r("Bagh district, Azad Jammu and Kashmir", 33.981, 73.776, "Dhirkot, Harighel, Rera, Birpani, Sudhan Gali, Arja"),
        _r("Muzaffarabad district, Azad Jammu and Kashmir", 34.370, 73.471, "Garhi Dupatta, Chattar Klass, Patika, Hattian Bala, Nasirabad"),
        _r("Mansehra district, Khyber Pakhtunkhwa", 34.333, 73.198, "Balakot, Oghi, Baffa, Shinkiari, Garhi Habibullah, Dhodial"),
    ),
    female=tuple("Ayesha Fatima Saima Nasreen Rubina Shazia Sadia Farzana Nadia Samina Asma Kiran Bushra Amina "
                 "Rehana Tahira Uzma Sana Rabia Naila Shabnam Fouzia Nighat Aqsa Iqra Mehwish Zubaida Sobia "
                 "Humaira Khalida".split()),
    male=("Muhammad Asif", "Imran", "Tariq", "Khalid", "Naveed", "Shahid", "Zahid", "Bilal", "Faisal", "Kamran",
          "Irfan", "Waqas", "Usman", "Abdul Rehman", "Nadeem", "Sajid", "Muhammad Iqbal", "Arshad", "Javed",
          "Ghulam Mustafa", "Ahsan", "Rizwan", "Shahzad", "Asghar", "Zafar"),
    surnames=tuple("Khan Ahmed Hussain Malik Qureshi Butt Chaudhry Awan Abbasi Raja Shah Akhtar Iqbal Javed Rana "
                   "Siddiqui Mughal Gondal Bhatti Cheema Bajwa Kiyani Mir Rathore Sheikh Anwar Aslam Naz Kausar "
                   "Parveen".split()),
    phases=(("primary", 0.6), ("secondary", 0.4)),
    partners=(("Aga Khan University Institute for Educational Development", "university", "Bagh district, Azad Jammu and Kashmir"),
              ("Idara Teacher Learning Network", "ngo", "Kasur district, Punjab"),
              ("Punjab Teachers' Circle", "ngo", "Faisalabad district, Punjab")),
    admin=("AEO's circular on the enrolment drive", "Filling in the monthly school data forms",
           "PEC assessment schedule and registration", "Teacher attendance and leave records",
           "Instructions from the district education office", "Textbook distribution records",
           "Cluster record register and minutes", "Moderation of {subject} term test papers",
           "Policy update: single national curriculum timelines", "Non-salary budget forms"),
    profiles={"primary": ("multigrade room, Classes 1 to 3 together", "girls' school, many first-generation learners",
                          "Urdu-medium, English taught as a subject", "several learners help with the harvest",
                          "Punjabi at home, Urdu in class"),
              "secondary": ("middle school girls, English as a second language", "no science lab, demonstration kit only",
                            "boys' high school preparing for Matric", "one teacher covering three subjects",
                            "learners walk in from three villages")},
    sizes={"primary": (30, 60), "secondary": (30, 55), "fe": (20, 35)},
    holidays=(6, 7), board="blackboard", home_language="Urdu or Punjabi",
)

EN = Setting(
    code="en",
    regions=(
        _r("Doncaster, South Yorkshire", 53.523, -1.133, "Bentley, Balby, Armthorpe, Mexborough, Thorne, Edlington"),
        _r("Sunderland, Tyne and Wear", 54.906, -1.383, "Hendon, Washington, Southwick, Houghton-le-Spring, Pennywell"),
        _r("Bradford, West Yorkshire", 53.795, -1.759, "Manningham, Keighley, Shipley, Thornbury, Wibsey, Idle"),
        _r("Stoke-on-Trent, Staffordshire", 53.003, -2.179, "Hanley, Burslem, Longton, Tunstall, Fenton, Meir"),
        _r("Blackburn, Lancashire", 53.748, -2.482, "Darwen, Audley, Mill Hill, Witton, Shadsworth"),
        _r("Middlesbrough, North Yorkshire", 54.574, -1.235, "Linthorpe, Berwick Hills, Acklam, Hemlington, Eston"),
        _r("Wolverhampton, West Midlands", 52.587, -2.129, "Whitmore Reans, Bilston, Wednesfield, Tettenhall, Penn"),
        _r("Grimsby, Lincolnshire", 53.567, -0.080, "Cleethorpes, Immingham, Scartho, Nunsthorpe, Laceby"),
        _r("Plymouth, Devon", 50.375, -4.143, "Devonport, Plympton, Stonehouse, Efford, Whitleigh"),
        _r("Norwich, Norfolk", 52.630, 1.297, "Mile Cross, Lakenham, Thorpe Hamlet, Costessey, Heartsease"),
    ),
    female=tuple("Sarah Emma Rachel Claire Hannah Laura Gemma Katie Sophie Priya Aisha Fatima Joanne Nicola Helen "
                 "Amy Charlotte Lucy Rebecca Jess Shabana Gurpreet Agnieszka Chloe Natalie Zainab Kirsty Megan "
                 "Leanne Samira".split()),
    male=tuple("James Daniel Tom Mark Chris Ben Matthew Andrew Imran Mohammed Ravi Paul David Luke Adam Sam "
               "Tariq Kwame Ryan Jamie Stuart Gareth Tomasz Darren Oliver".split()),
    surnames=tuple("Smith Jones Taylor Brown Wilson Thompson Walker Wright Robinson Hughes Patel Khan Hussain Ali "
                   "Begum Clarke Evans Roberts Wood Shaw Green Hall Harris Lewis Scott Mitchell Kaur Singh Nowak "
                   "Okafor Mensah Campbell Murphy Kelly Turner Baker Hill Cooper Ward Morris".split()),
    phases=(("primary", 0.4), ("secondary", 0.35), ("fe", 0.25)),
    partners=(("University of Sunderland Centre for Excellence in Teacher Training", "university", "Sunderland, Tyne and Wear"),
              ("Sheffield Hallam University Institute of Education", "university", "Doncaster, South Yorkshire"),
              ("Northern Joint Practice Development Network", "ngo", "Bradford, West Yorkshire")),
    admin=("Moderation of {subject} coursework samples", "Trust data drop and tracker deadlines",
           "Inspection preparation: deep-dive paperwork", "Safeguarding update and policy sign-off",
           "Exam board circular on assessment deadlines", "Curriculum policy update from the local authority",
           "CPD log and appraisal paperwork", "Attendance data returns",
           "Awarding organisation standardisation forms", "Funding audit evidence for learner files"),
    profiles={"primary": ("mixed attainment, six pupils with SEND support", "a third learning English as an additional language",
                          "high mobility, several mid-year arrivals", "two adults in the room", "many pupils on free school meals"),
              "secondary": ("set 3 of 5", "mixed attainment, several EAL students", "Year group with low reading ages",
                            "nine students with SEND support plans", "students preparing for GCSE"),
              "fe": ("adult learners returning to study", "16-18 study programme resitting GCSE maths",
                     "apprentices on day release", "Access to HE learners, most with children",
                     "Level 2 learners, several with EHC plans")},
    sizes={"primary": (24, 32), "secondary": (22, 32), "fe": (10, 22)},
    holidays=(8,), board="whiteboard", home_language="home language",
)

SETTINGS = {s.code: s for s in (ZA, PK, EN)}
PHASE_COMPAT = {"primary": ("primary",), "secondary": ("secondary", "fe"), "fe": ("fe", "secondary")}

_ZA = (r"\bGrades?\b|South Africa|KwaZulu|Natal|Mpumalanga|Limpopo|Gauteng|Eastern Cape|Western Cape|Free State|"
       r"Soweto|Durban|Pretoria|Johannesburg|Cape Town|township|isiZulu|isiXhosa|Sesotho|Setswana|Afrikaans|"
       r"Sepedi|CAPS|TVET|Pietermaritzburg|spaza")
_PK = (r"\bPakistan\b|Punjab\b|Khyber|Kashmir\b|AJK|Urdu|Kachi|\bClass(es)? \d|Lahore|Karachi|Rawalpindi|Islamabad|"
       r"\bBagh\b|Muzaffarabad|Mansehra|Abbottabad|Swat|Sialkot|Multan|Faisalabad|Peshawar|Quetta|Sindh|Poonch|"
       r"Balochistan|Gujranwala|RISE|Matric|Pashto|government (girls|boys)|government schools?")
_EN = (r"England|\bYears? \d|Reception|GCSE|A-level|Ofsted|sixth-form|Leeds|Birmingham|Manchester|Bradford|"
       r"Sheffield|Salford|London|Bristol|Nottingham|Cornwall|Hampshire|Cambridge|Liverpool|Newcastle|academy|"
       r"comprehensive|SEND|Key Stage|BTEC|T Level|apprentice|\bUK\b|Yorkshire|Lancashire|Kent|Devon|Essex|"
       r"Norfolk|Sunderland|Leicester|Coventry|Oxford|Derby|Hull|Wolverhampton|Stoke|further education|FE college|"
       r"ESOL|Access to HE|\bEntry (Level )?\d|\bLevel \d|functional skills|adult and community learning|"
       r"supported internship|county council|community learning")
_STRONG = r"\b(Grade|Class|Year) \d|Reception|Kachi"


def classify_setting(text: str) -> str | None:
    """Which of the three settings a library context describes (None when unclear)."""
    score = {code: len(re.findall(rx, text)) for code, rx in (("za", _ZA), ("pk", _PK), ("en", _EN))}
    m = re.search(_STRONG, text)
    if m:
        word = m.group(0).split()[0]
        score[{"Grade": "za", "Class": "pk", "Year": "en", "Reception": "en", "Kachi": "pk"}[word]] += 2
    best = max(score, key=score.get)
    return best if score[best] and list(score.values()).count(score[best]) == 1 else None


def subject_label(subject: str | None) -> str:
    s = (subject or "general").replace("-", " ")
    return {"english": "English", "physical education": "PE", "design technology": "design and technology"}.get(s, s)


def grade_label(rng, setting: str, phase: str, hint: str | None = None) -> str:
    """A class label for the setting and phase, taken from ``hint`` when it names one."""
    word = {"za": "Grade", "pk": "Class", "en": "Year"}[setting]
    found = re.search(rf"\b{word} \d+", hint or "") if phase != "fe" else None
    if found:
        return found.group(0)
    if phase == "fe":
        return rng.choice(("Level 2 diploma group", "GCSE resit group", "Access to HE group",
                           "Level 3 extended diploma group", "T Level group", "Level 1 study programme group"))
    lo, hi = {"primary": (1, 6), "secondary": (7, 11)}[phase]
    if setting == "za":
        lo, hi = (lo, hi + 1) if phase == "primary" else (8, 12)
        return f"Grade {rng.randint(lo, hi)}"
    if setting == "pk":
        return f"Class {rng.randint(1, 5) if phase == 'primary' else rng.randint(6, 10)}"
    return f"Year {rng.randint(lo, hi)}"


def jitter(rng, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point within ``km`` of (lat, lon)."""
    r, a = km * math.sqrt(rng.random()), rng.random() * 2 * math.pi
    return (round(lat + r * math.cos(a) / 111.0, 5),
            round(lon + r * math.sin(a) / (111.0 * math.cos(math.radians(lat))), 5))


def km_between(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * 111.0
    dx = (a[1] - b[1]) * 111.0 * math.cos(math.radians(a[0]))
    return math.hypot(dx, dy)


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
