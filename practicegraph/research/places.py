"""Where a practice is: its school, cluster, region and country.

Organisations record a region ("Pinetown circuit, KwaZulu-Natal", "Kasur district,
Punjab", "Doncaster, South Yorkshire") but no country; the country is read from the
region's last part through the table below (the provinces and counties of the settings
this product is used in). A region that is not in the table has no known country, and a
hop to or from it is never counted as crossing a border.
"""

from __future__ import annotations

from dataclasses import dataclass

from practicegraph.graph.research_types import Place

COUNTRY_OF_PROVINCE = {
    **dict.fromkeys(["KwaZulu-Natal", "Gauteng", "Eastern Cape", "Western Cape", "Limpopo",
                     "Mpumalanga", "North West", "Free State", "Northern Cape"], "South Africa"),
    **dict.fromkeys(["Punjab", "Azad Jammu and Kashmir", "Khyber Pakhtunkhwa", "Sindh",
                     "Balochistan", "Islamabad Capital Territory", "Gilgit-Baltistan"], "Pakistan"),
    **dict.fromkeys(["South Yorkshire", "Tyne and Wear", "West Yorkshire", "Staffordshire",
                     "Lancashire", "North Yorkshire", "West Midlands", "Lincolnshire", "Devon",
                     "Norfolk", "Greater London", "Greater Manchester", "Merseyside", "Kent",
                     "Essex", "Cornwall", "Cumbria", "Durham", "Northumberland", "Leicestershire",
                     "Nottinghamshire", "Derbyshire", "East Riding of Yorkshire"], "England"),
}


def country_of(region: str | None) -> str | None:
    if not region:
        return None
    return COUNTRY_OF_PROVINCE.get(region.rsplit(",", 1)[-1].strip())


@dataclass(frozen=True)
class Where:
    organisation: str | None
    cluster: str | None
    region: str | None
    country: str | None


class Gazetteer:
    """Looks up organisations and clusters read through the port's places()."""

    def __init__(self, places: list[Place]):
        self.organisations = {p.id: p for p in places if p.label == "Organisation"}
        self.clusters = {p.id: p for p in places if p.label == "Cluster"}

    def where(self, organisation: str | None, cluster: str | None) -> Where:
        org = self.organisations.get(organisation or "")
        cl = self.clusters.get(cluster or "")
        region = (org.region if org else None) or (cl.region if cl else None)
        return Where(organisation, cluster, region, country_of(region))

    def name(self, place_id: str | None) -> str:
        p = self.organisations.get(place_id or "") or self.clusters.get(place_id or "")
        return p.name if p else (place_id or "—")

    def cluster_kind(self, cluster: str | None) -> str | None:
        c = self.clusters.get(cluster or "")
        return c.kind if c else None
