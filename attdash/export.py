"""CSV and text output shared by the command line and the dashboard's downloads."""

from __future__ import annotations

import re

import polars as pl


def to_csv(df: pl.DataFrame) -> str:
    """The one CSV form: UTF-8, header line, ISO dates, true/false, empty for missing."""
    return df.write_csv(date_format="%Y-%m-%d", null_value="")


def to_table(df: pl.DataFrame) -> str:
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=70, tbl_width_chars=400, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, tbl_formatting="ASCII_MARKDOWN"):
        return str(df)


def file_name(*parts: str) -> str:
    """A safe download file name: attdash_<view>_<filters>_<date>.csv."""
    slug = "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", p).strip("-").lower() for p in parts if p)
    return f"attdash_{slug}.csv"
