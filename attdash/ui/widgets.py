"""Tables, downloads and small displays used by several pages."""

from __future__ import annotations

import re

import polars as pl
import streamlit as st

from attdash.export import file_name, to_csv_bytes
from attdash.vocab import NO_GROUP_LABEL, STATUS_LABELS

LABELS = {
    "iso3": "ISO3", "un_regional_group": "UN regional group", "status": "Status",
    "no_intent": "Notified no intent", "signature_date": "Signed", "consent_type": "Consent",
    "consent_date": "Deposited", "entry_into_force_date": "In force", "source_ids": "Sources",
    "years_waiting": "Years waiting", "no_intent_date": "Notice date",
}


def md_escape(text: object) -> str:
    """Escape Markdown so that data text shows as written."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", str(text))


def for_display(df: pl.DataFrame) -> pl.DataFrame:
    """Human labels for codes (the CSV keeps the codes)."""
    out = df
    for col in ("status", "status_from", "status_to", "status_on_opening_day"):
        if col in out.columns:
            out = out.with_columns(pl.col(col).replace_strict(STATUS_LABELS, default=pl.col(col)))
    if "un_regional_group" in out.columns:
        out = out.with_columns(pl.col("un_regional_group").fill_null(NO_GROUP_LABEL))
    return out


def show_table(df: pl.DataFrame, *, key: str, labels: dict[str, str] | None = None, height: int | None = None,
               link_columns: tuple[str, ...] = ()) -> None:
    labels = {**LABELS, **({"name": "State"} if "iso3" in df.columns else {}), **(labels or {})}
    config = {}
    for c in df.columns:
        label = labels.get(c, c.replace("_", " ").capitalize())
        if df.schema[c] == pl.Date:
            config[c] = st.column_config.DateColumn(label, format="YYYY-MM-DD")
        elif c in link_columns:
            config[c] = st.column_config.LinkColumn(label)
        elif df.schema[c] == pl.Boolean:
            config[c] = st.column_config.CheckboxColumn(label)
        else:
            config[c] = st.column_config.Column(label)
    kwargs = {"height": height} if height else {}
    st.dataframe(for_display(df), column_config=config, hide_index=True, width="stretch", key=key, **kwargs)


def download(df: pl.DataFrame, *parts: str, key: str, label: str = "Download CSV") -> None:
    st.download_button(label, data=to_csv_bytes(df, bom=True), file_name=file_name(*parts),
                       mime="text/csv", key=key, icon=":material/download:")


def filter_parts(groups: tuple[str, ...], statuses: tuple[str, ...] = ()) -> str:
    g = "-".join(GROUP_SLUG.get(x, x) for x in groups) or "all-groups"
    s = "-".join(statuses)
    return f"{g}_{s}" if s else g


GROUP_SLUG = {
    "African": "african", "Asia-Pacific": "asia-pacific", "Eastern European": "eastern-european",
    "Latin American and Caribbean": "grulac", "Western European and Others": "weog",
}
