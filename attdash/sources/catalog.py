"""The tables the Secretariat feeds from its own records, and how an upload replaces their rows."""

from __future__ import annotations

from attdash.sources import schema

#: Tables fed from the Secretariat's files (templates, upload on the Data updates page, ``sources import``).
SECRETARIAT_TABLES: tuple[str, ...] = tuple(t.name for t in schema.TABLES if t.template) + ("csp_participation",)

#: An uploaded table replaces every current row, except where a column scopes it: then it replaces only the
#: rows sharing a value of that column with the upload (an official CSP list of participants replaces the rows
#: of the CSPs it lists; other CSPs keep their researched evidence of presence).
SCOPE: dict[str, str] = {"csp_participation": "meeting_id"}

#: Plain-language titles for the pages.
TITLES: dict[str, str] = {
    "assistance_requests": "Assistance requests",
    "sponsorship_applications": "Sponsorship Programme applications",
    "vtf_proposals": "Voluntary Trust Fund proposals",
    "reporting_status": "Art. 13 reporting",
    "assessed_contributions": "Assessed contributions",
    "champions": "Regional champions",
    "national_contacts": "National points of contact",
    "csp_participation": "CSP lists of participants",
}

#: The sources row an upload becomes, for the rows that cite no source.
UPLOAD_SOURCE_PREFIX = "SEC-UPLOAD-"


def title(name: str) -> str:
    return TITLES.get(name, name.replace("_", " ").capitalize())


def feedable(name: str) -> bool:
    return name in SECRETARIAT_TABLES
