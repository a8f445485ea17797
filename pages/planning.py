"""Planning: the step approach per UN group — signatories, near-term candidates, the others — with champions."""

import streamlit as st

from attdash.ui import outreach
from attdash.i18n import _
from attdash.ui.format import long_date
from attdash.ui.state import current

f = current()
st.title(_("Planning: the step approach"))
st.caption(_("States not yet parties on **{day}**, per UN regional group: signatories first, then States likely to "
             "join in the near term, then the others (co-chairs' report). Signals are recorded facts of this "
             "snapshot, side by side; there is no composite score.").format(day=long_date(f.on)))
outreach.planning_view(f)
