"""attdash as an ASGI application: ``streamlit run asgi.py`` (or ``uvicorn asgi:app``) serves app.py.

The same dashboard as ``streamlit run app.py``, plus :class:`attdash.web.PinBackendUrl`: a page opened at its
own address (a shared link to /by-group) finds the server at once, without two 404s in the browser console.
"""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware

from attdash.web import PinBackendUrl

app = st.App(str(Path(__file__).resolve().with_name("app.py")), middleware=[Middleware(PinBackendUrl)])
