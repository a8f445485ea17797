"""Cached access to the snapshot for the pages: one connection per snapshot, results cached by
snapshot, query and parameters, so a filter change only reruns what changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from attdash import reports
from attdash.db import Database
from attdash.profile import build_profile
from attdash.snapshot import get_snapshot


@st.cache_resource(show_spinner=False)
def database(snapshot_name: str) -> Database:
    return Database(get_snapshot(snapshot_name))


@st.cache_data(show_spinner=False, max_entries=512)
def run(snapshot_name: str, query: str, **params: Any) -> pl.DataFrame:
    return database(snapshot_name).run(query, **params)


@st.cache_data(show_spinner=False, max_entries=16)
def record_currency(snapshot_name: str) -> dict:
    return reports.record_currency(database(snapshot_name))


@st.cache_data(show_spinner=False, max_entries=256)
def profile(snapshot_name: str, iso3: str, as_of: dt.date) -> dict:
    return build_profile(database(snapshot_name), iso3, as_of)


@st.cache_data(show_spinner=False, max_entries=64)
def table(snapshot_name: str, name: str) -> pl.DataFrame:
    return database(snapshot_name).table(name)
