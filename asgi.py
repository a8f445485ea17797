"""attdash as an ASGI application: ``streamlit run asgi.py`` (or ``uvicorn asgi:app``) serves app.py.

The same dashboard as ``streamlit run app.py``, and a link to a sub-page (/by-group, e-mailed or bookmarked)
opens cleanly, also as the first visit after a restart:

- :class:`attdash.web.PinBackendUrl`: the page finds its server at once, without two 404s in the console;
- app.py's pages are its st.navigation from the start: Streamlit would otherwise treat the ``pages/`` folder
  as a folder of pages until the first run of app.py, answer a first link to /by-group with "Page not found"
  and open the overview (streamlit/streamlit#9624; attdash.ui.state.current() then hands over).
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit.runtime.pages_manager import PagesManager

from attdash.web import PinBackendUrl

PagesManager.uses_pages_directory = False  # app.py declares its pages with st.navigation

app = st.App(str(Path(__file__).resolve().with_name("app.py")), middleware=[Middleware(PinBackendUrl)])
