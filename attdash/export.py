"""CSV and text output shared by the command line and the dashboard's downloads."""

from __future__ import annotations

import re

import polars as pl


#: A cell a spreadsheet would run as a formula (OWASP "CSV Injection"): it starts with = + - @, a tab or a
#: carriage return. A plain number such as -5 is not a formula.
_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^-?\d+(\.\d+)?$"


def neutralise(text: str) -> str:
    """``text`` made inert for a spreadsheet: a formula-leading cell gets a leading apostrophe (OWASP)."""
    if re.match(_FORMULA_START, text) and not re.match(_PLAIN_NUMBER, text):
        return "'" + text
    return text


def neutralise_frame(df: pl.DataFrame) -> pl.DataFrame:
    """Every text column of ``df`` with :func:`neutralise` applied (numbers, dates and booleans are left alone)."""
    text_cols = [c for c, t in df.schema.items() if t == pl.Utf8]
    return df.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA_START) & ~pl.col(c).str.contains(_PLAIN_NUMBER))
        .then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_cols
    )


def to_csv(df: pl.DataFrame) -> str:
    """The one CSV form: UTF-8, header line, ISO dates, true/false, empty for missing; formula-leading text
    cells neutralised (:func:`neutralise`), so a CSV opened in Excel never runs a cell."""
    return neutralise_frame(df).write_csv(date_format="%Y-%m-%d", null_value="")


def to_csv_bytes(df: pl.DataFrame, *, bom: bool) -> bytes:
    """:func:`to_csv` as bytes. ``bom=True`` for downloads (Excel on Windows then reads UTF-8, e.g. "Türkiye");
    the command line writes no BOM, for scripts."""
    return to_csv(df).encode("utf-8-sig" if bom else "utf-8")


def to_table(df: pl.DataFrame) -> str:
    with pl.Config(tbl_rows=-1, tbl_cols=-1, fmt_str_lengths=70, tbl_width_chars=400, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, tbl_formatting="ASCII_MARKDOWN"):
        return str(df)


def file_name(*parts: str) -> str:
    """A safe download file name: attdash_<view>_<filters>_<date>.csv."""
    slug = "_".join(re.sub(r"[^A-Za-z0-9-]+", "-", p).strip("-").lower() for p in parts if p)
    return f"attdash_{slug}.csv"
