"""attdash served with staying signed in: ``streamlit run serve.py`` (same options as for app.py).

app.py is the dashboard; this launcher serves it through Streamlit's ASGI app (``st.App``, Streamlit 1.67)
with one extra route, /api/attdash/session (attdash.ui.session_http), which sets the sign-in cookie. Served
as ``streamlit run app.py`` the dashboard works the same, but a sign-in then lasts only as long as the tab.
"""

import streamlit as st

from attdash.ui.session_http import routes

app = st.App("app.py", routes=routes())
