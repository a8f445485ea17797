"""attdash — the Arms Trade Treaty universalization dashboard (Streamlit entry point).

Run: streamlit run app.py
"""

import streamlit as st

from attdash.i18n import _
from attdash.ui import language
from attdash.ui.access import viewer_role
from attdash.ui.auth import sidebar_status
from attdash.ui.widgets import favicon, md_escape
from attdash.ui.kept import kept
from attdash.ui.state import FILTERS, resume_handover, show_notices, sidebar_filters

lang = language.apply()  # first: the page titles below are in the chosen language
st.set_page_config(page_title=_("attdash — ATT universalization"), page_icon=favicon(), layout="wide")


def _pages(lang: str, secretariat: bool) -> list:
    """The navigation's pages in the page's language; built once per session, language and role (building them
    checks every page file on disk: 0.7 ms a rerun, measured)."""
    cached = kept().get("pages")
    if cached is not None and cached[0] == (lang, secretariat):
        return cached[1]
    pages = [
        # The default page is served at "/" (Streamlit ignores a url_path on it).
        st.Page("pages/overview.py", title=_("Overview"), icon=":material/public:", default=True),
        st.Page("pages/by_group.py", title=_("Status by regional group"), icon=":material/table_chart:",
                url_path="by-group"),
        st.Page("pages/signatories.py", title=_("Signatory tracking"), icon=":material/edit_document:",
                url_path="signatories"),
        st.Page("pages/profile.py", title=_("Country profile"), icon=":material/badge:", url_path="profile"),
        st.Page("pages/report.py", title=_("Progress report"), icon=":material/summarize:", url_path="report"),
        st.Page("pages/data_sources.py", title=_("Data & sources"), icon=":material/database:", url_path="data"),
        st.Page("pages/planning.py", title=_("Planning"), icon=":material/flag:", url_path="planning"),
        st.Page("pages/register.py", title=_("Outreach register"), icon=":material/lock:", url_path="register"),
    ]
    if secretariat:  # the Secretariat feeds the dashboard; others never see the page
        pages.append(st.Page("pages/data_updates.py", title=_("Data updates"), icon=":material/upload_file:",
                             url_path="data-updates"))
    kept()["pages"] = ((lang, secretariat), pages)
    return pages


page = st.navigation(_pages(lang, viewer_role() == "secretariat"))
from attdash.paths import BadSetting, check_settings  # noqa: E402

try:
    check_settings()  # a path setting with control characters: one line, not a traceback
except BadSetting as exc:
    st.error(_("This installation is misconfigured: {reason}").format(reason=md_escape(exc.args[0])))
    st.stop()
resume_handover()
language.selector()
language.direction()
kept()[FILTERS] = sidebar_filters()
sidebar_status()  # the register's sign-in state (attdash.ui.auth); nothing from the register when signed out
with st.sidebar:
    st.caption(_("attdash · data: UN Treaty Collection and public sources, each fact with its source id "
                 "(see Data & sources)."))
show_notices()
try:
    page.run()
finally:
    # Filters belong to this run only: a page run on its own draws them itself (attdash.ui.state.current).
    kept().pop(FILTERS, None)
show_notices()
