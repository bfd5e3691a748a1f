"""Setting a library text in the teacher's own place.

The hand-written library names real towns, provinces and countries ("a Soweto secondary
school", "the same Manchester school"). A generated practice belongs to a teacher in one
region, so every place the library (or another generated region) names is replaced by the
teacher's own town, province or country, with "a"/"an" agreeing; "the same school" stays
only when the adopter really shares the source's school (or, for a collaborative, its
cluster).
"""

from __future__ import annotations

import re

from practicegraph.demo.settings import SETTINGS, Region

# The places the library uses, by level: a town/city/district, a province/county, a country.
_TOWNS = {
    "za": "Soweto Durban Johannesburg Pretoria|Cape Town|Pietermaritzburg Polokwane|Port Elizabeth",
    "pk": "Abbottabad Bagh Haripur Islamabad Karachi Lahore Mansehra Mirpur Multan Muzaffarabad Peshawar Poonch "
          "Rawalpindi Sialkot Swat Tharparkar Kasur Sheikhupura Faisalabad Sahiwal Jhelum",
    "en": "Birmingham Bolton Bradford Brighton Bristol Cambridge Coventry Croydon Derby Leeds Leicester Liverpool "
          "London Luton Manchester Newcastle Norwich Nottingham Oxford Peterborough Salford Sheffield "
          "Stoke-on-Trent Wolverhampton Glasgow Doncaster Sunderland Blackburn Middlesbrough Grimsby Plymouth",
}
_PROVINCES = {
    "za": "KwaZulu-Natal|Eastern Cape|Western Cape|Limpopo|Mpumalanga|Gauteng|Free State|North West Province|North West",
    "pk": "Azad Jammu and Kashmir|Khyber Pakhtunkhwa|Punjab|Sindh|Balochistan|AJK",
    "en": "Cheshire|Cornwall|Devon|Dorset|Essex|Gloucestershire|Hampshire|Herefordshire|Kent|Norfolk|"
          "Northumberland|Suffolk|Surrey|Wiltshire|Worcestershire|Yorkshire|North East|Staffordshire|"
          "Lancashire|Lincolnshire|Tyne and Wear|West Midlands|South Yorkshire|West Yorkshire|North Yorkshire",
}
_COUNTRIES = {"za": "South Africa", "pk": "Pakistan", "en": "England"}
# Landmarks that only fit their own place: (the region word they belong to, a plain description).
LANDMARKS = {
    "the Hector Pieterson memorial": ("Soweto", "a local heritage site"),
    "the Neelum Valley": ("Neelum", "a hill valley"), "the Neelum River": ("Neelum", "the river"),
    "the Kunhar river": ("Mansehra", "the river"), "the Jurassic Coast": ("Dorset", "the coast"),
    ", the city worst hit by the 2005 earthquake": ("Muzaffarabad", ""),
    "Cumbrian": ("Cumbria", "rural"),
}
# Names of events, documents or subjects that contain a place but are not a setting.
_PROTECTED = ("Great Fire of London", "Lahore Resolution", "Pakistan Studies", "Partition of India")


def _town_names() -> dict[str, str]:
    out = {}
    for code, text in _TOWNS.items():
        for chunk in text.split("|"):
            # "Cape Town" and "Port Elizabeth" are written between bars; the rest are single words
            names = [chunk] if chunk in ("Cape Town", "Port Elizabeth") else chunk.split()
            out.update({n: code for n in names})
    return out


def own_places(setting: str, region: Region) -> dict[str, str]:
    """The teacher's town, province and country, as the library's levels name them."""
    town, province = (part.strip() for part in region.name.split(",", 1))
    town = town.removesuffix(" circuit").removesuffix(" district")
    return {"town": town, "province": province, "country": _COUNTRIES[setting]}


def _generated(level: int) -> dict[str, str]:
    """The towns (0) or provinces (1) of the generated regions, so a text set in one region can move."""
    return {own_places(code, r)[("town", "province")[level]]: code for code, s in SETTINGS.items() for r in s.regions}


TOWNS = {**_town_names(), **_generated(0)}
PROVINCES = {**{n: c for c, text in _PROVINCES.items() for n in text.split("|")}, **_generated(1)}
COUNTRIES = {n: c for c, n in _COUNTRIES.items()}
_LEVEL = {**{n: "country" for n in COUNTRIES}, **{n: "province" for n in PROVINCES}, **{n: "town" for n in TOWNS}}
_PLACE_RX = re.compile(r"(?:\b([Aa]n?) )?(?<![\w-])(" + "|".join(
    re.escape(n) for n in sorted(_LEVEL, key=len, reverse=True)) + r")(?![\w-])")
_SAME_RX = re.compile(r"\b([Tt])he same ((?:[\w'-]+ ){0,2}?)(school|academy|comprehensive|college|collaborative)\b")
_LANDMARK_RX = re.compile("|".join(re.escape(k) for k in LANDMARKS))


def region_of(setting: str, name: str) -> Region:
    return next(r for r in SETTINGS[setting].regions if r.name == name)


def _article(word: str, like: str) -> str:
    a = "an" if word[:1] in "AEIOUaeiou" else "a"
    return a.capitalize() if like[:1].isupper() else a


def same_school(text: str, same_school_: bool, same_cluster: bool) -> str:
    """Keep "the same school/collaborative" only when it is true of this adopter."""
    def fix(m: re.Match) -> str:
        keep = same_cluster if m.group(3) == "collaborative" else same_school_
        if keep:
            return m.group(0)
        rest = m.group(2) + m.group(3)
        return f"{_article(rest, m.group(1))} {rest}"
    return _SAME_RX.sub(fix, text)


def localise(text: str, setting: str, region_name: str) -> str:
    """``text`` with every place it names set in ``region_name`` of ``setting``."""
    if not text:
        return text
    own = own_places(setting, region_of(setting, region_name))
    saved = {f"\x00{i}\x00": p for i, p in enumerate(_PROTECTED) if p in text}
    for mark, phrase in saved.items():
        text = text.replace(phrase, mark)
    text = _LANDMARK_RX.sub(lambda m: m.group(0) if LANDMARKS[m.group(0)][0] in region_name
                            else LANDMARKS[m.group(0)][1], text)

    def fix(m: re.Match) -> str:
        article, name = m.group(1), m.group(2)
        new = name if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", region_name) else own[_LEVEL[name]]
        return f"{_article(new, article)} {new}" if article else new

    text = _PLACE_RX.sub(fix, text)
    for mark, phrase in saved.items():
        text = text.replace(mark, phrase)
    return text
