"""Fixed vocabularies: the one place that names groups, statuses and treaty actions."""

from __future__ import annotations

import datetime as dt

#: The five UN regional groups, in the order the work plan's annex tables use.
GROUPS: tuple[str, ...] = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and Others",
)

#: Short labels for narrow places (chart legends, file names).
GROUP_SHORT = {
    "African": "African",
    "Asia-Pacific": "Asia-Pacific",
    "Eastern European": "Eastern European",
    "Latin American and Caribbean": "GRULAC",
    "Western European and Others": "WEOG",
}

NO_GROUP_LABEL = "No regional group"

#: Treaty status of a State on a date (defined in queries/status_on.sql).
#: ``unknown``: the snapshot's sources cannot tell the status on that date (no complete record of the
#: State's actions reaching that date) — shown as "no data in this snapshot", never guessed.
STATUSES: tuple[str, ...] = ("state_party", "ratified_not_in_force", "signatory", "not_signed", "unknown")
STATUS_LABELS = {
    "state_party": "State Party",
    "ratified_not_in_force": "Ratified, not yet in force",
    "signatory": "Signatory",
    "not_signed": "Not signed",
    "unknown": "No data in this snapshot",
}
#: Colours used wherever a status is drawn (map, legend), from the Okabe–Ito colour-blind-safe palette;
#: "no data" is a light grey, so it never reads as a status.
STATUS_COLOURS = {
    "state_party": (0, 114, 178),            # blue
    "ratified_not_in_force": (0, 158, 115),  # bluish green
    "signatory": (230, 159, 0),              # orange
    "not_signed": (204, 121, 167),           # reddish purple
    "unknown": (200, 200, 200),              # light grey
}
#: Areas on the map that are not UN Member or observer States.
NON_STATE_COLOUR = (240, 240, 240)

#: Kinds of consent to be bound (Art. 21): deposit of one of these makes a State a party.
#: ``deposit``: an instrument of consent whose type (ratification, acceptance or approval) no source states.
CONSENT_TYPES: tuple[str, ...] = ("ratification", "accession", "acceptance", "approval", "deposit")
EVENT_TYPES: tuple[str, ...] = (
    "signature",
    *CONSENT_TYPES,
    "provisional_application",
    "declaration",
    "notice_no_intent",
)

EVENT_LABELS = {
    "signature": "Signature",
    "ratification": "Ratification",
    "accession": "Accession",
    "acceptance": "Acceptance",
    "approval": "Approval",
    "deposit": "Instrument deposited (type not stated by the sources)",
    "provisional_application": "Provisional application (Art. 23)",
    "declaration": "Declaration",
    "notice_no_intent": "Notice: no intention to become a party",
}

#: The same actions as verbs, for sentences ("Vanuatu deposited its instrument (2025)").
EVENT_VERBS = {
    "signature": "signed",
    "ratification": "ratified",
    "accession": "acceded",
    "acceptance": "accepted",
    "approval": "approved",
    "deposit": "deposited its instrument",
    "provisional_application": "declared provisional application",
    "declaration": "made a declaration",
    "notice_no_intent": "notified that it does not intend to become a party",
}

#: How far a source can be trusted on treaty actions; conflicts are settled in this order.
AUTHORITIES: tuple[str, ...] = ("depositary", "un", "other")

GROUP_ROLES: tuple[str, ...] = ("member", "dual", "observer")

#: Formats of the printable documents (attdash.documents; the CLI's --format choices).
BRIEF_FORMATS = ("pdf", "docx", "md")
REPORT_FORMATS = ("pdf", "docx", "md", "csv")
ANNEX_FORMATS = ("pdf", "docx", "md")

#: The depositary's status page of the Treaty (UN Treaty Collection, chapter XXVI-8): `untc import --url`.
VIEWDETAILS_URL = ("https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XXVI-8&chapter=26"
                   "&clang=_en")

#: Art. 22: opened for signature on 3 June 2013; the 50th instrument was deposited on
#: 25 Sep 2014 and the Treaty entered into force on 24 Dec 2014 (UNTC XXVI-8) for every instrument
#: deposited by then (Art. 22(1)); a later deposit takes effect on its 90th day (Art. 22(2), treaty_rules.py).
OPENED_FOR_SIGNATURE = dt.date(2013, 6, 3)
TREATY_ENTRY_INTO_FORCE = dt.date(2014, 12, 24)
FIFTIETH_INSTRUMENT_DEPOSITED = dt.date(2014, 9, 25)

CONFIDENCE = ("high", "medium", "low")
UNGA_VOTES = ("yes", "no", "abstain", "absent")
