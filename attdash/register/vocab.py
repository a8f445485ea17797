"""The register's fixed vocabularies and limits: the one place that names them."""

from __future__ import annotations

import datetime as dt

from attdash.i18n import N_  # labels are message ids of the "attdash" catalogue (translated where shown)

#: Who carried out an activity.
ACTOR_KINDS: tuple[str, ...] = ("state_party", "champion", "co_chairs", "secretariat", "organisation")
ACTOR_KIND_LABELS = {"state_party": N_("A State Party"), "champion": N_("A champion"), "co_chairs": N_("The co-chairs"),
                     "secretariat": N_("The Secretariat"), "organisation": N_("An organisation")}

#: What kind of activity it was.
KINDS: tuple[str, ...] = ("bilateral_meeting", "letter_or_demarche", "workshop_or_seminar", "visit", "side_event",
                          "offer_of_assistance", "other")
KIND_LABELS = {"bilateral_meeting": "Bilateral meeting", "letter_or_demarche": "Letter or démarche",
               "workshop_or_seminar": "Workshop or seminar", "visit": "Visit", "side_event": "Side event",
               "offer_of_assistance": "Offer of assistance", "other": "Other"}

#: At what level (free choice among these).
LEVELS: tuple[str, ...] = ("ministerial", "senior_official", "ambassador", "expert", "other")
LEVEL_LABELS = {"ministerial": N_("Ministerial"), "senior_official": N_("Senior official"), "ambassador": N_("Ambassador"),
                "expert": N_("Expert / working level"), "other": N_("Other")}

#: Done or planned.
DATE_STATUSES: tuple[str, ...] = ("done", "planned")

#: Who may read an entry.
VISIBILITIES: tuple[str, ...] = ("members", "secretariat")
VISIBILITY_LABELS = {"members": N_("Members"), "secretariat": N_("Secretariat only")}

#: Roles of accounts. member: read members-visible entries, add, edit own. secretariat: everything.
ROLES: tuple[str, ...] = ("member", "secretariat")

#: Earliest date an activity may carry: the Treaty opened for signature on 3 June 2013.
EARLIEST = dt.date(2013, 6, 3)
#: Planned activities and follow-ups may lie up to this many days ahead.
MAX_DAYS_AHEAD = 3 * 366

#: Maximum lengths (characters) of the free-text fields.
LIMITS = {"actor_name": 200, "summary": 2000, "outcome": 2000, "next_step": 1000, "reason": 500,
          "username": 64, "display_name": 120, "email": 254}
MAX_TARGETS = 20

#: Default window (days either side) of the duplicate-effort check.
DUPLICATE_WINDOW_DAYS = 60
