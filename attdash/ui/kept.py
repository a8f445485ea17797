"""The session's own values — not widgets' — in one plain dict kept in ``st.session_state``.

For every keyed selectbox and text field, on every rerun, Streamlit rebuilds a view of the whole session state
(each key with its widget checks), and each ``st.session_state`` access goes through its proxy (≈ 3 µs). What the
dashboard keeps for itself — copies of the filters across page switches, the pages of the navigation, whether the
link was read, queued notices, a date field's last default — lives in this one dict, read once where it is used.
Widgets' values stay in ``st.session_state`` under their keys.
"""

from __future__ import annotations

import streamlit as st

KEY = "_attdash"


def kept() -> dict:
    """This session's dict (created empty on first use)."""
    try:
        return st.session_state[KEY]
    except KeyError:
        values: dict = {}
        st.session_state[KEY] = values
        return values
