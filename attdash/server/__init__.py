"""Serving the dashboard: the launcher (``launch``: Streamlit with TCP_NODELAY on accepted connections) and the
supervisor (``serve``: several Streamlit workers behind HAProxy). Nothing here is imported by the pages."""
