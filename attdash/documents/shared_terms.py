"""The shared vocabulary the documents use, marked for the ``documents`` catalogue until the pages' catalogue
(domain ``attdash``) translates it: :func:`attdash.documents.i18n.shared` looks there first.

English labels only; the codes and labels are those of :mod:`attdash.vocab`, :mod:`attdash.sources.schema` and
:mod:`attdash.profile` (a test checks they agree).
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 (the gettext marker Babel extracts)
    return text


ENGLISH: dict[str, dict[str, str]] = {
    "status": {
        "state_party": N_("State Party"),
        "ratified_not_in_force": N_("Ratified, not yet in force"),
        "signatory": N_("Signatory"),
        "not_signed": N_("Not signed"),
        "unknown": N_("No data in this snapshot"),
    },
    "group": {
        "African": N_("African"),
        "Asia-Pacific": N_("Asia-Pacific"),
        "Eastern European": N_("Eastern European"),
        "Latin American and Caribbean": N_("Latin American and Caribbean"),
        "Western European and Others": N_("Western European and Others"),
        "No regional group": N_("No regional group"),
    },
    "action": {
        "signature": N_("Signature"),
        "ratification": N_("Ratification deposited"),
        "accession": N_("Accession deposited"),
        "acceptance": N_("Acceptance deposited"),
        "approval": N_("Approval deposited"),
        "deposit": N_("Instrument deposited (type not stated by the sources)"),
        "provisional_application": N_("Declaration of provisional application (Art. 23)"),
        "declaration": N_("Declaration"),
        "notice_no_intent": N_("Notice: does not intend to become a party"),
    },
    "consent": {  # the instrument a State deposited, as a table cell
        "ratification": N_("Ratification"),
        "accession": N_("Accession"),
        "acceptance": N_("Acceptance"),
        "approval": N_("Approval"),
        "deposit": N_("Instrument (type not stated)"),
    },
    "element": {
        "vtf": N_("Voluntary Trust Fund proposals"),
        "assistance_requests": N_("Assistance requests (needs-and-resources matching database)"),
        "sponsorship": N_("Sponsorship Programme applications"),
        "csp_attendance": N_("Attendance at Conferences of States Parties"),
        "statements": N_("Statements at CSPs and working groups"),
        "unga_votes": N_("UN General Assembly votes on ATT resolutions"),
        "unroca": N_("Participation in the UN Register of Conventional Arms"),
        "regional_arrangements": N_("Participation in relevant regional arrangements"),
        "other": N_("Other relevant information"),
    },
    "gap": {  # the source that would fill an element without data (profile.plain_gap of schema.ELEMENTS)
        "vtf": N_("the Secretariat's VTF records (applications and Selection Committee decisions)"),
        "assistance_requests": N_("an export of the ATT assistance database, with the requesting State's consent"),
        "sponsorship": N_("the Secretariat's Sponsorship Programme files"),
        "csp_attendance": N_("the official list of participants of each CSP (section II of each CSP final report)"),
        "statements": N_("the statements pages of the ATT website for each CSP and Working Group session"),
        "unga_votes": N_("the UN Digital Library voting records (only UN Member States vote)"),
        "unroca": N_("the UNODA UNROCA database and the Secretary-General's annual reports"),
        "regional_arrangements": N_("the depositaries of the regional instruments (OAS, ECOWAS, RECSA, SADC, ...)"),
        "other": N_("Secretariat records on reporting (Art. 13) and assessed contributions"),
    },
    "note": {
        "restricted": N_("Restricted: shown only to signed-in members of the Working Group and the Secretariat "
                         "(requests and applications are shared with the State's consent)"),
        "not_applicable": N_("Not applicable (not a UN Member State)."),
    },
    "vote": {"yes": N_("in favour"), "no": N_("against"), "abstain": N_("abstention"),
             "non_voting": N_("non-voting")},
    "instrument_status": {"party": N_("party"), "signatory": N_("signatory"), "member": N_("member"),
                          "former_member": N_("former member"), "participating": N_("participating")},
    "statement_type": {"oral": N_("oral"), "written": N_("written"), "alignment": N_("alignment"),
                       "document": N_("document"), "joint working paper": N_("joint working paper")},
    "role": {"national": N_("national")},
    "confidence": {"high": N_("high"), "medium": N_("medium"), "low": N_("low")},
}

#: Partial-date phrases (attdash.partial_dates), formatted by attdash.documents.i18n.
PARTIAL_DATES = (N_("{year}, day not known"), N_("{month}, day not known"), N_("on {date}"),
                 N_("between {first} and {last}"))
