"""The source tables: their files, columns, types and meanings.

This is the data dictionary. Validation (``attdash.sources.validate``), the snapshot's
Parquet types (``attdash.snapshot``) and the Data & sources page all read it, so a
column is described once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from attdash.vocab import (
    AUTHORITIES,
    CONFIDENCE,
    EVENT_TYPES,
    GROUP_ROLES,
    GROUPS,
    UNGA_VOTES,
)

# Column kinds. Each maps to a parser in attdash.sources.validate and a Parquet type.
TEXT, DATE, INT, FLOAT, BOOL, ISO3, SOURCE_IDS, ENUM, YEAR, PDATE = (
    "text", "date", "int", "float", "bool", "iso3", "source_ids", "enum", "year", "pdate",
)
#: PDATE: a date known to the day (YYYY-MM-DD), the month (YYYY-MM) or the year (YYYY). The snapshot stores the
#: first possible day in the column itself, the last in ``<column>_latest`` and ``<column>_precision``
#: (day, month, year): a fact known only to a month or year keeps that precision.


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    #: For DATE columns: may the date lie after the snapshot's as-of date (scheduled meetings)?
    future_ok: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    #: Columns whose values together must be unique (a duplicate row is an error).
    key: tuple[str, ...] = ()
    #: An element of the work plan's ¶13 profile this table feeds, if any.
    element: str | None = None
    #: Template tables are filled from the Secretariat's own records; shipped empty.
    template: bool = False
    #: Extra documentation for template tables: an example row (never shipped as data).
    example: dict[str, str] = field(default_factory=dict)
    #: Restricted tables (a State's consent, personal contacts): their rows are shown only to signed-in users
    #: whose role is listed here, never signed out; the Data page says the table exists without its rows.
    restricted_to: tuple[str, ...] = ()

    @property
    def restricted(self) -> bool:
        return bool(self.restricted_to)

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _src(required: bool = True) -> Column:
    return Column(
        "source_ids", SOURCE_IDS,
        "Semicolon-separated ids of the sources (sources.csv) for this row.", required=required,
    )


def _iso3(required: bool = True, what: str = "The State") -> Column:
    return Column("iso3", ISO3, f"{what}: ISO 3166-1 alpha-3 code (countries.csv).", required=required)


_CONF = Column("confidence", ENUM, "How sure the source is: high, medium or low.", allowed=CONFIDENCE)
_NOTES = Column("notes", TEXT, "Free-text remarks: conflicts, inferences, caveats.")

SOURCES = Table(
    "sources",
    "Every source a fact comes from. Ids are prefixed by the research collection they came from.",
    (
        Column("source_id", TEXT, "Unique id, cited by other tables' source_ids.", required=True),
        Column("collection", TEXT, "Research collection (countries, att_status, unga_votes, ...).", required=True),
        Column("title", TEXT, "What the source is.", required=True),
        Column("publisher", TEXT, "Who published it (or the kind of source)."),
        Column("url", TEXT, "Where it can be found (first address given by the research notes)."),
        Column("as_of", TEXT, "Date or period the source is current to, where known."),
        Column("used_for", TEXT, "What was taken from it."),
        Column("authority", ENUM, "depositary (UN Treaty Collection), un (other UN and ATT bodies) or other. "
               "Where sources conflict on a treaty action, the depositary wins, then UN/ATT documents, then the "
               "rest (treaty_conflicts.csv keeps the losing value).", required=True, allowed=AUTHORITIES),
    ),
    key=("source_id",),
)

COUNTRIES = Table(
    "countries",
    "The universe: 193 UN Member States, the two observer States (Holy See, State of Palestine) and the two "
    "States with full treaty-making capacity that are not UN Member States (Cook Islands, Niue): the depositary "
    "counts them, so totals reconcile with its counts only when they are listed. They have no UN regional group.",
    (
        Column("iso3", TEXT, "ISO 3166-1 alpha-3 code.", required=True),
        Column("iso2", TEXT, "ISO 3166-1 alpha-2 code.", required=True),
        Column("m49", TEXT, "UN M49 numeric code, 3 digits.", required=True),
        Column("name", TEXT, "UN English short name.", required=True),
        Column("un_member", BOOL, "true for UN Member States, false for the others.", required=True),
        _src(),
    ),
    key=("iso3",),
)

COUNTRY_NAMES = Table(
    "country_names",
    "Country names in the six UN languages: the UN's short names (UNTERM, without the article in brackets), else "
    "the UNSD M49 names; a Unicode CLDR display name only where the UN gives none (notes says so).",
    (
        Column("iso3", ISO3, "The State.", required=True),
        Column("name_ar", TEXT, "Arabic."),
        Column("name_zh", TEXT, "Chinese."),
        Column("name_en", TEXT, "English."),
        Column("name_fr", TEXT, "French."),
        Column("name_ru", TEXT, "Russian."),
        Column("name_es", TEXT, "Spanish."),
        _src(),
        Column("notes", TEXT, "Which names do not come from UNTERM, and from where (UNSD M49, CLDR)."),
    ),
    key=("iso3",),
)

GROUP_MEMBERSHIP = Table(
    "group_membership",
    "Membership of UN regional groups over time. One row per State and group; a State may hold two "
    "(Türkiye). Rows with valid_from/valid_to answer membership as of a date (Kiribati joined Asia-Pacific in 2024).",
    (
        _iso3(),
        Column("un_regional_group", ENUM, "One of the five UN regional groups.", required=True, allowed=GROUPS),
        Column("role", ENUM, "member, dual (full participant in two groups) or observer.", required=True,
               allowed=GROUP_ROLES),
        Column("listed_in_annex", BOOL, "true where tables by group list the State under this group "
               "(Türkiye is listed under Asia-Pacific only, as in the work plan's annex).", required=True),
        Column("valid_from", DATE, "First day of membership; blank = since before the Treaty (2013). Where the "
               "sources give only the first day it is known (a list's date), that day, with valid_from_earliest."),
        Column("valid_from_earliest", DATE, "Where valid_from is only the first day the membership is known: the "
               "first day it may have begun (the change lies between the two; shown as such, never as a day)."),
        Column("valid_to", DATE, "Day membership ended (exclusive); blank = still a member."),
        _src(),
        _NOTES,
    ),
    key=("iso3", "un_regional_group", "valid_from"),
)

TREATY_EVENTS = Table(
    "treaty_events",
    "Treaty actions on the Arms Trade Treaty (UN Treaty Collection XXVI-8): signatures, deposits of "
    "instruments, Art. 23 declarations and notices.",
    (
        _iso3(),
        Column("event_type", ENUM, "signature, ratification, accession, acceptance, approval, deposit (an "
               "instrument of consent whose type no source states), provisional_application (Art. 23), declaration, "
               "notice_no_intent.", required=True, allowed=EVENT_TYPES),
        Column("event_date", PDATE, "Date of signature, of deposit of the instrument, or of the notification: "
               "YYYY-MM-DD, or YYYY-MM / YYYY where the sources give only the month or the year.", required=True),
        Column("effective_date", DATE, "Date of effect given by the depositary (for an instrument of consent: "
               "entry into force for the State). Checked against Art. 22."),
        _src(),
        _NOTES,
    ),
    key=("iso3", "event_type", "event_date"),
)

TREATY_RECORD_CHECKS = Table(
    "treaty_record_checks",
    "Checks of a State's treaty record against a source that lists every participant (the depositary's "
    "table, a national treaty database, the ATT Secretariat's lists). A check says: on checked_on, the State's "
    "actions were exactly those in treaty_events. Without a check reaching a date, a signatory or a State with "
    "no recorded action has status 'unknown' on that date: absence from our table is not proof of no action.",
    (
        _iso3(),
        Column("checked_on", DATE, "The date the listing source is current to.", required=True),
        Column("finding", ENUM, "complete (the State's actions up to checked_on are all in treaty_events), "
               "no_action (it had taken none), or party (the source shows it a State Party on checked_on, though "
               "its deposit is not in treaty_events).", required=True, allowed=("complete", "no_action", "party")),
        _src(),
        _NOTES,
    ),
    key=("iso3", "checked_on"),
)

TREATY_CONFLICTS = Table(
    "treaty_conflicts",
    "Where sources disagree on a treaty action: the value kept in treaty_events and the value not used, with "
    "their sources. The depositary wins, then UN/ATT documents, then the rest; the losing value stays visible.",
    (
        _iso3(),
        Column("event_type", ENUM, "The action (treaty_events.event_type).", required=True, allowed=EVENT_TYPES),
        Column("field", ENUM, "What differs: event_date or event_type.", required=True,
               allowed=("event_date", "event_type")),
        Column("kept_value", TEXT, "The value in treaty_events.", required=True),
        Column("kept_source_ids", SOURCE_IDS, "Sources of the kept value.", required=True),
        Column("other_value", TEXT, "The value not used.", required=True),
        Column("other_source_ids", SOURCE_IDS, "Sources of the value not used.", required=True),
        Column("resolution", TEXT, "Why the kept value was kept.", required=True),
        _NOTES,
    ),
    key=("iso3", "event_type", "field", "other_value"),
)

OFFICIAL_COUNTS = Table(
    "official_counts",
    "Dated counts of signatories and parties as published (the depositary's header, the Secretary-General, UN "
    "bodies, others). Each is reconciled when a snapshot is built: the snapshot's own count on that date (over "
    "the whole month or year where the count is dated only so far) must equal it for depositary and UN counts, "
    "or the build fails; other counts are checked and the result shown.",
    (
        Column("as_of", PDATE, "Date the count is current to: YYYY-MM-DD, YYYY-MM or YYYY.", required=True),
        Column("signatories", INT, "States that had signed (blank: not given)."),
        Column("parties", INT, "Participants that had deposited an instrument of consent (before 24 Dec 2014: "
               "'ratifications'); includes Niue (blank: not given)."),
        Column("authority", ENUM, "depositary, un or other (as sources.csv).", required=True, allowed=AUTHORITIES),
        _src(),
        _NOTES,
    ),
    key=("as_of", "source_ids"),
)

MEETINGS = Table(
    "meetings",
    "ATT meetings: Conferences of States Parties (CSPs), the Extraordinary Meeting, Working Groups and "
    "preparatory meetings, with dates.",
    (
        Column("meeting_id", TEXT, "Short id (CSP10, CSP10-WG, ...).", required=True),
        Column("name", TEXT, "Full name.", required=True),
        Column("meeting_type", TEXT, "CSP, Extraordinary CSP, Working Group meetings, ...", required=True),
        Column("csp_cycle", TEXT, "The CSP cycle the meeting belongs to."),
        Column("start_date", DATE, "Opening day.", future_ok=True),
        Column("end_date", DATE, "Closing day.", future_ok=True),
        Column("place", TEXT, "City, country."),
        Column("venue", TEXT, "Venue."),
        Column("format", TEXT, "In person, hybrid, written procedure."),
        Column("president_or_chair", TEXT, "Presiding officer."),
        Column("chair_state", TEXT, "The presiding officer's State."),
        _CONF,
        _NOTES,
        _src(),
    ),
    key=("meeting_id",),
)

CSP_PARTICIPATION = Table(
    "csp_participation",
    "Evidence that a State was present at a CSP. Evidence of presence, not an official list of "
    "participants: a State missing here is 'not recorded', never 'absent'.",
    (
        Column("meeting_id", TEXT, "The CSP (meetings.csv).", required=True),
        Column("year", YEAR, "Year of the CSP.", required=True),
        _iso3(),
        Column("basis", ENUM, "official_list (from a list of participants) or presence_evidence (statement, "
               "office, side event, report).", required=True, allowed=("official_list", "presence_evidence")),
        Column("capacity", TEXT, "State Party, signatory or observer, where a source says so."),
        Column("capacity_source_ids", SOURCE_IDS, "Sources for capacity."),
        Column("evidence", TEXT, "What shows the State was there.", required=True),
        _CONF,
        _NOTES,
        _src(),
    ),
    key=("meeting_id", "iso3"),
    element="csp_attendance",
)

STATEMENTS = Table(
    "statements",
    "Statements, working papers and alignments at CSPs and working groups.",
    (
        Column("meeting_id", TEXT, "The meeting (meetings.csv).", required=True),
        Column("date", DATE, "Date of the statement, where known."),
        Column("actor", TEXT, "Who spoke (a State or an organization).", required=True),
        _iso3(required=False, what="The State, blank for organizations"),
        Column("speaker", TEXT, "The person, where known."),
        Column("session_or_agenda_item", TEXT, "Session or agenda item."),
        Column("statement_type", TEXT, "oral, written, working paper, alignment, ..."),
        Column("role", TEXT, "national, on behalf of a group, aligned with EU statement, facilitator, ..."),
        _CONF,
        _NOTES,
        _src(),
    ),
    element="statements",
)

VTF_PROJECTS = Table(
    "vtf_projects",
    "Voluntary Trust Fund (VTF) projects found in public sources. Partial: not the complete VTF record.",
    (
        Column("cycle_year", YEAR, "VTF funding cycle."),
        _iso3(what="Beneficiary State"),
        Column("project_title", TEXT, "Title."),
        Column("project_number", TEXT, "VTF project number."),
        Column("grantee", TEXT, "Grantee."),
        Column("implementing_partner", TEXT, "Implementing partner."),
        Column("amount_usd", FLOAT, "Grant amount in US dollars."),
        Column("activity_period", TEXT, "When activities took place (as the source gives it)."),
        _CONF,
        _NOTES,
        _src(),
    ),
    element="vtf",
)

VTF_CONTRIBUTIONS = Table(
    "vtf_contributions",
    "Voluntary contributions (VTF contributor list and other funds). No amounts in most rows.",
    (
        Column("contributor", TEXT, "The contributor as the source names it.", required=True),
        _iso3(),
        Column("contribution_type", TEXT, "What kind of contribution.", required=True),
        Column("fund", TEXT, "The fund."),
        Column("amount", FLOAT, "Amount, where given."),
        Column("currency", TEXT, "Currency of the amount."),
        Column("period_or_as_of", TEXT, "Period or as-of date of the list."),
        _NOTES,
        _src(),
    ),
    element="other",
)

OFFICE_HOLDERS = Table(
    "office_holders",
    "ATT office holders: CSP presidents, vice-presidents, VTF Selection Committee, WG chairs, facilitators.",
    (
        Column("body", TEXT, "The body.", required=True),
        Column("role", TEXT, "The office.", required=True),
        Column("state", TEXT, "The State (or organization) as the source names it."),
        _iso3(required=False, what="The State, blank where none is named"),
        Column("person", TEXT, "The person, where known."),
        Column("period", TEXT, "Term or meeting."),
        _NOTES,
        _src(),
    ),
    element="other",
)

UNGA_RESOLUTIONS = Table(
    "unga_resolutions",
    "The UN General Assembly's plenary resolutions 'The Arms Trade Treaty', with the recorded tallies.",
    (
        Column("symbol", TEXT, "Resolution symbol.", required=True),
        Column("date", DATE, "Date of the plenary vote.", required=True),
        Column("title", TEXT, "Title.", required=True),
        Column("yes", INT, "Votes in favour.", required=True),
        Column("no", INT, "Votes against.", required=True),
        Column("abstain", INT, "Abstentions.", required=True),
        Column("non_voting", INT, "Members recorded as not voting.", required=True),
        Column("total_members", INT, "UN membership at the time.", required=True),
        Column("undl_record", TEXT, "UN Digital Library voting record."),
        _src(),
    ),
    key=("symbol",),
)

UNGA_VOTES = Table(
    "unga_votes",
    "Each Member State's recorded vote on each ATT resolution. 'absent' also covers present-not-voting.",
    (
        Column("symbol", TEXT, "Resolution (unga_resolutions.csv).", required=True),
        _iso3(),
        Column("vote", ENUM, "yes, no, abstain or absent.", required=True, allowed=UNGA_VOTES),
        _src(),
    ),
    key=("symbol", "iso3"),
    element="unga_votes",
)

UNROCA_REPORTS = Table(
    "unroca_reports",
    "UN Register of Conventional Arms: whether unroca.org lists a national report for a State and calendar "
    "year. 'submitted' is true or unknown (blank), never false: the website omits paper submissions.",
    (
        _iso3(),
        Column("year", YEAR, "Calendar year the report covers.", required=True),
        Column("submitted", BOOL, "true where a report is known; blank = unknown (not 'did not report')."),
        Column("listed_on_unroca_org", BOOL, "Whether unroca.org listed a report (captured 2023-06-16).",
               required=True),
        Column("exports_reported", BOOL, "true where exports were reported; blank = unknown."),
        Column("imports_reported", BOOL, "true where imports were reported; blank = unknown."),
        Column("nil_report", BOOL, "true where a nil report; blank = unknown."),
        Column("flags_method", TEXT, "How the export/import flags were derived."),
        _src(),
    ),
    key=("iso3", "year"),
    element="unroca",
)

INSTRUMENTS = Table(
    "instruments",
    "Regional and related arms-control instruments and arrangements.",
    (
        Column("instrument_id", TEXT, "Short id.", required=True),
        Column("instrument_name", TEXT, "Full name.", required=True),
        Column("kind", TEXT, "treaty, protocol, political arrangement, ..."),
        Column("depositary_or_secretariat", TEXT, "Who keeps the record."),
        Column("adopted_or_signed", TEXT, "When adopted or opened for signature."),
        Column("entry_into_force", TEXT, "When it entered into force."),
        _NOTES,
        _src(),
    ),
    key=("instrument_id",),
)

INSTRUMENT_PARTICIPATION = Table(
    "instrument_participation",
    "Participation of States in the related instruments, as of the date each source gives.",
    (
        Column("instrument_id", TEXT, "The instrument (instruments.csv).", required=True),
        Column("state", TEXT, "The participant as the source names it."),
        _iso3(required=False, what="The State, blank for organizations (European Union)"),
        Column("status", TEXT, "party, signatory, participating, member, former_member.", required=True),
        Column("signature_date", DATE, "Date of signature."),
        Column("consent_date", DATE, "Date of consent / joining."),
        Column("consent_type", TEXT, "ratification, accession, ..."),
        Column("as_of", TEXT, "The date the source's list is current to."),
        _CONF,
        _NOTES,
        _src(),
    ),
    key=("instrument_id", "iso3"),
    element="regional_arrangements",
)

AGGREGATES = Table(
    "aggregates",
    "Figures found only as totals (membership counts, reporting rates, UNROCA participation counts).",
    (
        Column("collection", TEXT, "Research collection.", required=True),
        Column("indicator", TEXT, "What is counted.", required=True),
        Column("scope", TEXT, "Scope (treaty, instrument)."),
        Column("value", TEXT, "The figure as given.", required=True),
        Column("as_of", TEXT, "Date or period."),
        _NOTES,
        _src(),
    ),
)

# --- Templates: per-State data that only the Secretariat's own records hold. Shipped empty. ---

ASSISTANCE_REQUESTS = Table(
    "assistance_requests",
    "Requests for assistance in the ATT needs-and-resources matching database (Art. 16/18). Export from the "
    "Secretariat's database, with the requesting State's consent.",
    (
        _iso3(what="Requesting State"),
        Column("request_date", DATE, "Date the request was posted.", required=True),
        Column("area", TEXT, "Area of assistance (legislation, control list, stockpile, training, ...).",
               required=True),
        Column("status", ENUM, "open, matched or closed.", required=True, allowed=("open", "matched", "closed")),
        Column("matched_with", TEXT, "Who offered assistance, if matched."),
        _NOTES,
        _src(),
    ),
    element="assistance_requests",
    template=True,
    restricted_to=("member", "secretariat"),
    example={"iso3": "XXX", "request_date": "2025-03-01", "area": "national control list",
             "status": "open", "matched_with": "", "notes": "", "source_ids": "SEC-IAD-2025"},
)

SPONSORSHIP_APPLICATIONS = Table(
    "sponsorship_applications",
    "ATT Sponsorship Programme applications and decisions per meeting (Secretariat files).",
    (
        _iso3(what="Applying State"),
        Column("meeting_id", TEXT, "The meeting applied for (meetings.csv ids, e.g. CSP11).", required=True),
        Column("application_date", DATE, "Date of application."),
        Column("outcome", ENUM, "sponsored, declined, withdrawn or pending.", required=True,
               allowed=("sponsored", "declined", "withdrawn", "pending")),
        Column("delegates_sponsored", INT, "Number of delegates sponsored."),
        _NOTES,
        _src(),
    ),
    key=("iso3", "meeting_id"),
    element="sponsorship",
    template=True,
    restricted_to=("member", "secretariat"),
    example={"iso3": "XXX", "meeting_id": "CSP11", "application_date": "2025-06-15",
             "outcome": "sponsored", "delegates_sponsored": "1", "notes": "", "source_ids": "SEC-SP-2025"},
)

VTF_PROPOSALS = Table(
    "vtf_proposals",
    "The complete list of Voluntary Trust Fund project proposals per cycle and their outcome (Secretariat "
    "records; the public vtf_projects table is partial).",
    (
        _iso3(what="Applicant State"),
        Column("cycle_year", YEAR, "VTF cycle.", required=True),
        Column("project_title", TEXT, "Title of the proposal.", required=True),
        Column("outcome", ENUM, "approved, not_approved, withdrawn or pending.", required=True,
               allowed=("approved", "not_approved", "withdrawn", "pending")),
        Column("amount_usd", FLOAT, "Amount approved, US dollars."),
        _NOTES,
        _src(),
    ),
    key=("iso3", "cycle_year", "project_title"),
    element="vtf",
    template=True,
    example={"iso3": "XXX", "cycle_year": "2025", "project_title": "Drafting national ATT legislation",
             "outcome": "approved", "amount_usd": "85000", "notes": "", "source_ids": "SEC-VTF-2025"},
)

REPORTING_STATUS = Table(
    "reporting_status",
    "Art. 13 reporting: initial report and annual reports per State Party and year (Secretariat records).",
    (
        _iso3(),
        Column("report_type", ENUM, "initial or annual.", required=True, allowed=("initial", "annual")),
        Column("report_year", YEAR, "Calendar year covered (annual reports); blank for initial."),
        Column("submitted_date", DATE, "Date received; blank = not received."),
        Column("public", BOOL, "true if the State made the report public."),
        _NOTES,
        _src(),
    ),
    key=("iso3", "report_type", "report_year"),
    element="other",
    template=True,
    example={"iso3": "XXX", "report_type": "annual", "report_year": "2024", "submitted_date": "2025-05-30",
             "public": "true", "notes": "", "source_ids": "SEC-REP-2025"},
)

ASSESSED_CONTRIBUTIONS = Table(
    "assessed_contributions",
    "Assessed contributions: amount assessed and paid per State and financial year (Secretariat statements).",
    (
        _iso3(),
        Column("financial_year", YEAR, "Financial year.", required=True),
        Column("assessed_usd", FLOAT, "Amount assessed, US dollars.", required=True),
        Column("paid_usd", FLOAT, "Amount paid, US dollars."),
        Column("as_of", DATE, "Date of the status of contributions statement.", required=True),
        _NOTES,
        _src(),
    ),
    key=("iso3", "financial_year", "as_of"),
    element="other",
    template=True,
    example={"iso3": "XXX", "financial_year": "2025", "assessed_usd": "1234.00", "paid_usd": "1234.00",
             "as_of": "2025-08-01", "notes": "", "source_ids": "SEC-FIN-2025"},
)

COUNTRY_ALIASES = Table(
    "country_aliases",
    "Other names of the States in countries.csv that sources use (former UN names such as \"Turkey\" or "
    "\"Swaziland\", other spellings): the one place where a participant name in a source is mapped to ISO3 "
    "(with the UN short names in countries.csv; matching ignores case, accents and spacing).",
    (
        _iso3(),
        Column("alias", TEXT, "The name as a source writes it.", required=True),
        _src(),
        _NOTES,
    ),
    key=("iso3", "alias"),
)

TABLES: tuple[Table, ...] = (
    SOURCES, COUNTRIES, COUNTRY_NAMES, GROUP_MEMBERSHIP, TREATY_EVENTS, TREATY_RECORD_CHECKS, TREATY_CONFLICTS,
    OFFICIAL_COUNTS, MEETINGS, CSP_PARTICIPATION,
    STATEMENTS, VTF_PROJECTS, VTF_CONTRIBUTIONS, OFFICE_HOLDERS, UNGA_RESOLUTIONS, UNGA_VOTES,
    UNROCA_REPORTS, INSTRUMENTS, INSTRUMENT_PARTICIPATION, AGGREGATES,
    ASSISTANCE_REQUESTS, SPONSORSHIP_APPLICATIONS, VTF_PROPOSALS, REPORTING_STATUS, ASSESSED_CONTRIBUTIONS,
    COUNTRY_ALIASES,
)
TABLES_BY_NAME = {t.name: t for t in TABLES}

#: Work-plan ¶13 profile elements, in the work plan's order, with the source that would fill a gap.
ELEMENTS: tuple[tuple[str, str, str], ...] = (
    ("vtf", "Voluntary Trust Fund proposals",
     "the Secretariat's VTF records (applications and Selection Committee decisions) → vtf_proposals.csv"),
    ("assistance_requests", "Assistance requests (needs-and-resources matching database)",
     "an export of the ATT assistance database, with the requesting State's consent → assistance_requests.csv"),
    ("sponsorship", "Sponsorship Programme applications",
     "the Secretariat's Sponsorship Programme files → sponsorship_applications.csv"),
    ("csp_attendance", "Attendance at Conferences of States Parties",
     "the official list of participants of each CSP (section II of each CSP final report)"),
    ("statements", "Statements at CSPs and working groups",
     "the statements pages of the ATT website for each CSP and Working Group session"),
    ("unga_votes", "UN General Assembly votes on ATT resolutions",
     "the UN Digital Library voting records (only UN Member States vote)"),
    ("unroca", "Participation in the UN Register of Conventional Arms",
     "the UNODA UNROCA database and the Secretary-General's annual reports"),
    ("regional_arrangements", "Participation in relevant regional arrangements",
     "the depositaries of the regional instruments (OAS, ECOWAS, RECSA, SADC, ...)"),
    ("other", "Other relevant information",
     "Secretariat records on reporting (Art. 13) and assessed contributions → reporting_status.csv, "
     "assessed_contributions.csv"),
)

# --- Outreach and planning (issue 11): public, sourced facts for the planning view ---------------------------

DOMESTIC_STEP_TYPES: tuple[str, ...] = ("cabinet_decision", "parliamentary_approval", "decree_or_law", "other")

DOMESTIC_STEPS = Table(
    "domestic_steps",
    "Domestic steps toward joining the Treaty (a cabinet decision, a parliamentary approval, a decree or law), "
    "dated, each with its source. Public facts; the planning view shows them as the strongest near-term signal.",
    (
        _iso3(),
        Column("step_date", DATE, "When the step was taken.", required=True),
        Column("step", ENUM, "cabinet_decision, parliamentary_approval, decree_or_law or other.", required=True,
               allowed=DOMESTIC_STEP_TYPES),
        Column("description", TEXT, "What happened, as the source says it.", required=True),
        _src(),
        _NOTES,
    ),
    key=("iso3", "step_date", "step"),
)

CHAMPIONS = Table(
    "champions",
    "Regional universalization champions: States Parties whose national point of contact agreed to champion "
    "universalization in a region. Shipped empty until the Secretariat's roster (or a public source) gives rows.",
    (
        _iso3(what="The champion State"),
        Column("region", ENUM, "The UN regional group it champions.", required=True, allowed=GROUPS),
        Column("since", DATE, "Since when (the date it agreed)."),
        Column("contact_role", TEXT, "The role of the contact person (e.g. national point of contact); no names."),
        _src(),
        _NOTES,
    ),
    key=("iso3", "region"),
    template=True,
    example={"iso3": "XXX", "region": "Asia-Pacific", "since": "2025-09-01",
             "contact_role": "National point of contact", "source_ids": "SEC-CHAMP-2025", "notes": ""},
)

NATIONAL_CONTACTS = Table(
    "national_contacts",
    "National points of contact for the Treaty (Secretariat records): names and contacts of persons, so "
    "restricted to signed-in users of the Working Group and the Secretariat.",
    (
        _iso3(),
        Column("contact_role", TEXT, "The role (national point of contact, alternate, ...).", required=True),
        Column("name", TEXT, "The person's name.", required=True),
        Column("institution", TEXT, "Ministry or agency."),
        Column("email", TEXT, "E-mail address."),
        Column("phone", TEXT, "Telephone."),
        Column("since", DATE, "Designated on."),
        _src(),
        _NOTES,
    ),
    key=("iso3", "contact_role", "name"),
    template=True,
    restricted_to=("member", "secretariat"),
    example={"iso3": "XXX", "contact_role": "National point of contact", "name": "Example Person",
             "institution": "Ministry of Foreign Affairs", "email": "contact@example.org", "phone": "",
             "since": "2025-01-15", "source_ids": "SEC-NPC-2025", "notes": ""},
)

TABLES = TABLES + (DOMESTIC_STEPS, CHAMPIONS, NATIONAL_CONTACTS)
TABLES_BY_NAME = {t.name: t for t in TABLES}
#: Tables whose rows only some signed-in roles may see (``Table.restricted_to``).
RESTRICTED_TABLES = tuple(t.name for t in TABLES if t.restricted)


def may_see(table: Table, role: str | None) -> bool:
    """Whether a viewer with ``role`` (None: signed out) may see the table's rows."""
    return not table.restricted or (role is not None and role in table.restricted_to)
