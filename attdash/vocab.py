"""Fixed vocabularies: the one place that names groups, statuses and treaty actions."""

from __future__ import annotations

import datetime as dt

from attdash.i18n import N_, gettext_in

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

NO_GROUP_LABEL = N_("No regional group")

#: Treaty status of a State on a date (defined in queries/status_on.sql).
#: ``unknown``: the snapshot's sources cannot tell the status on that date (no complete record of the
#: State's actions reaching that date) — shown as "no data in this snapshot", never guessed.
STATUSES: tuple[str, ...] = ("state_party", "ratified_not_in_force", "signatory", "not_signed", "unknown")
STATUS_LABELS = {
    "state_party": N_("State Party"),
    "ratified_not_in_force": N_("Ratified, not yet in force"),
    "signatory": N_("Signatory"),
    "not_signed": N_("Not signed"),
    "unknown": N_("No data in this snapshot"),
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
    "signature": N_("Signature"),
    "ratification": N_("Ratification"),
    "accession": N_("Accession"),
    "acceptance": N_("Acceptance"),
    "approval": N_("Approval"),
    "deposit": N_("Instrument deposited (type not stated by the sources)"),
    "provisional_application": N_("Provisional application (Art. 23)"),
    "declaration": N_("Declaration"),
    "notice_no_intent": N_("Notice: no intention to become a party"),
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


# --- The same vocabulary in the six UN languages (issue 18) ---------------------------------------------------
# The English labels above are the catalogue's message ids (domain "attdash", attdash/i18n/locales); each
# function takes the language explicitly (pages pass nothing: the running page's language, attdash.i18n.current).

#: The UN regional groups as the UN writes them (the group codes above stay the data's values).
GROUP_NAMES = {
    "African": N_("African States"),
    "Asia-Pacific": N_("Asia-Pacific States"),
    "Eastern European": N_("Eastern European States"),
    "Latin American and Caribbean": N_("Latin American and Caribbean States"),
    "Western European and Others": N_("Western European and other States"),
}

#: The titles of the nine elements of the work plan's ¶13 (attdash.sources.schema.ELEMENTS holds the English ones).
ELEMENT_TITLES = {
    "vtf": N_("Voluntary Trust Fund proposals"),
    "assistance_requests": N_("Assistance requests (needs-and-resources matching database)"),
    "sponsorship": N_("Sponsorship Programme applications"),
    "csp_attendance": N_("Attendance at Conferences of States Parties"),
    "statements": N_("Statements at CSPs and working groups"),
    "unga_votes": N_("UN General Assembly votes on ATT resolutions"),
    "unroca": N_("Participation in the UN Register of Conventional Arms"),
    "regional_arrangements": N_("Participation in relevant regional arrangements"),
    "other": N_("Other relevant information"),
}


def status_label(code: str, lang: str | None = None) -> str:
    """A status in words: status_label("state_party", "fr") → "État partie"; an unknown code is returned as is."""
    return gettext_in(STATUS_LABELS[code], lang) if code in STATUS_LABELS else str(code)


def group_label(group: str | None, lang: str | None = None, short: bool = False) -> str:
    """A UN regional group as the UN names it in the language ("Groupe des États d'Afrique"); None → "No regional
    group". In English the data's own name ("African", or GRULAC/WEOG with ``short``) is kept."""
    if not group or group == NO_GROUP_LABEL:
        return gettext_in(NO_GROUP_LABEL, lang)
    if group not in GROUP_NAMES:
        return str(group)
    from attdash.i18n import normalise, current
    if normalise(lang or current()) == "en":
        return GROUP_SHORT[group] if short else group
    return gettext_in(GROUP_NAMES[group], lang)


def event_label(code: str, lang: str | None = None) -> str:
    """A treaty action in words: event_label("accession", "es") → "Adhesión"."""
    return gettext_in(EVENT_LABELS[code], lang) if code in EVENT_LABELS else str(code)


def element_title(key: str, lang: str | None = None) -> str:
    """The title of a ¶13 element of the card/brief: element_title("unroca", "ru")."""
    return gettext_in(ELEMENT_TITLES[key], lang) if key in ELEMENT_TITLES else str(key)


#: The actions in sentences ("Vanuatu deposited its instrument (2025)"): {state} and {date} are filled in.
EVENT_SENTENCES = {
    "signature": N_("{state} signed ({date})"),
    "ratification": N_("{state} ratified ({date})"),
    "accession": N_("{state} acceded ({date})"),
    "acceptance": N_("{state} accepted ({date})"),
    "approval": N_("{state} approved ({date})"),
    "deposit": N_("{state} deposited its instrument ({date})"),
    "provisional_application": N_("{state} declared provisional application ({date})"),
    "declaration": N_("{state} made a declaration ({date})"),
    "notice_no_intent": N_("{state} notified that it does not intend to become a party ({date})"),
}


def event_sentence(code: str, state: str, date: str, lang: str | None = None) -> str:
    """event_sentence("accession", "Tonga", "2020", "fr") → "Tonga a adhéré (2020)"."""
    template = EVENT_SENTENCES.get(code)
    if template is None:
        return f"{state} {code} ({date})"
    return gettext_in(template, lang).format(state=state, date=date)

#: Confidence of a research note, and the mark of a fact resting only on secondary sources (attdash.citations).
CONFIDENCE_LABELS = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}
SECONDARY_NOTE = N_("secondary source — to be confirmed by the Secretariat")


def instrument_status_label(code: str | None, lang: str | None = None) -> str:
    """A State's standing in a regional instrument (instrument_participation.status) in words: "party" → "partie"."""
    from attdash.i18n import translator
    t = translator(lang)
    labels = {"party": t.pgettext("regional instrument", "party"),
              "participating": t.pgettext("regional instrument", "participating"),
              "signatory": t.pgettext("regional instrument", "signatory"),
              "member": t.pgettext("regional instrument", "member"),
              "former_member": t.pgettext("regional instrument", "former member")}
    return labels.get(code or "", (code or "").replace("_", " "))
