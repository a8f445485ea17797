"""Outreach register (work plan ¶8–9): who is engaging which State. Signed-in only."""

import streamlit as st

from attdash.ui import auth, outreach
from attdash.i18n import _
from attdash.ui.state import current

f = current()
st.title(_("Outreach register"))
st.caption(_("Who is engaging which State, so that efforts are coordinated and not duplicated (work plan ¶8–9). "
             "Entries are visible only after sign-in; Secretariat-only entries only to the Secretariat."))
user = auth.require_user()
if user is None:
    st.stop()
labels = outreach.countries(f.snapshot.name)
entries, record, one = st.tabs([_("Entries"), _("Record an activity"), _("Open an entry (history, edit, delete)")])
with entries:
    outreach.entries_section(user, labels, f.snapshot.name)
with record:
    outreach.record_section(user, labels, f.snapshot.name)
with one:
    outreach.entry_section(user, labels, f.snapshot.name)
