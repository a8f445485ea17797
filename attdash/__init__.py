"""attdash — Arms Trade Treaty universalization dashboard.

Sourced data (``data/sources/*.csv``) is validated and frozen into dated Parquet
snapshots (``data/snapshots/<as-of>/``); SQL in ``queries/`` answers questions
about a snapshot through DuckDB; the Streamlit pages in ``pages/`` only compose.
"""

__version__ = "0.1.0"
