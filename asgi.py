"""attdash as served: ``streamlit run asgi.py`` (what ``make run`` and ``make serve`` start) serves app.py.

app.py is the dashboard; this file serves it through Streamlit's ASGI app (``st.App``, Streamlit 1.67) with:

- one extra route, /api/attdash/session (:mod:`attdash.ui.session_http`), which sets the sign-in cookie
  (HttpOnly, SameSite=Strict), so a sign-in survives a reload and a second tab;
- :class:`attdash.web.PinBackendUrl`: a page opened at its own address (/by-group, e-mailed or bookmarked) finds
  its server at once, without two 404s in the console;
- app.py's pages are its st.navigation from the start: Streamlit would otherwise treat the ``pages/`` folder
  as a folder of pages until the first run of app.py, answer a first link to /by-group with "Page not found"
  and open the overview (streamlit/streamlit#9624; attdash.ui.state.current() then hands over).

Served as ``streamlit run app.py`` the dashboard works the same, but a sign-in then lasts only as long as the tab.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from attdash.ui.session_http import routes
from attdash.web import PinBackendUrl

PagesManager.uses_pages_directory = False  # app.py declares its pages with st.navigation

app = st.App(str(Path(__file__).resolve().with_name("app.py")), routes=routes(),
             middleware=[Middleware(PinBackendUrl)])
