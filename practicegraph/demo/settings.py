"""The three demo settings: South African circuits (KwaZulu-Natal), Pakistani districts
(Punjab, AJK, KP) and English towns — regional centres, name pools, cluster partners, the
administrative vocabulary that crowds out content in official clusters, and the helpers
that place a library text in its setting. Every date is fixed relative to ``ANCHOR``.
"""

from __future__ import annotations

import math
import re
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

