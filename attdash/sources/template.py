"""The Excel template of a table the Secretariat feeds, generated from the schema (one definition).

Sheets: the table itself (header, drop-down lists for every enumeration, date cells, the meaning of each column
as a comment on its header), "Example (not imported)" with the schema's synthetic example row, "How to fill"
(the table's and the columns' descriptions from :mod:`attdash.sources.schema`) and the hidden "Lists" behind the
drop-downs. The reader (:mod:`attdash.sources.reading`) skips every sheet but the table's.
"""

from __future__ import annotations

import io

from attdash.sources import schema
from attdash.sources.schema import BOOL, DATE, ENUM, FLOAT, INT, ISO3, PDATE, SOURCE_IDS, TEXT, YEAR
from attdash.sources.catalog import UPLOAD_SOURCE_PREFIX, title

EXAMPLE_SHEET = "Example (not imported)"
HOW_SHEET = "How to fill"
LISTS_SHEET = "Lists"
#: Sheets the reader never imports.
NOT_DATA = (EXAMPLE_SHEET, HOW_SHEET, LISTS_SHEET)
ROWS_PREPARED = 2000

KIND_HELP = {
    TEXT: "Text.",
    DATE: "A date (an Excel date, or typed as 2025-03-01 or 1 March 2025).",
    PDATE: "A date, or only a month (2025-03) or a year (2025) where that is all the record says.",
    INT: "A whole number.",
    YEAR: "A year (four digits).",
    FLOAT: "A number.",
    BOOL: "true or false (yes/no is accepted).",
    ISO3: "The State: its ISO3 code (KEN) or its name (Kenya); names are matched to codes and each match is shown "
          "before anything is published.",
    SOURCE_IDS: "The ids of the sources, separated by ';'. Leave it blank: the uploaded file itself becomes the "
                "source (ATT Secretariat, the file's name and fingerprint, who uploaded it and when).",
    ENUM: "One of the values in the drop-down list.",
}


def how_to_fill(table: schema.Table) -> list[dict[str, str]]:
    """One row per column: name, required, what to type, allowed values, meaning (from the schema)."""
    return [{"column": c.name, "required": "yes" if c.required and c.kind != SOURCE_IDS else "no",
             "what to type": KIND_HELP[c.kind], "allowed values": ", ".join(c.allowed) if c.kind == ENUM
             else ("true, false" if c.kind == BOOL else ""), "meaning": c.description} for c in table.columns]


def instructions(table: schema.Table) -> list[str]:
    from attdash.sources.catalog import SCOPE
    scope = SCOPE.get(table.name)
    replace = (f"An upload replaces the current rows of every {scope} it lists; other rows stay."
               if scope else "An upload replaces the whole table: keep every row, not only the new ones.")
    lines = [
        f"{title(table.name)} ({table.name})",
        table.description,
        "",
        f"Fill the sheet '{table.name}': one row per record, from the second row down. Blank rows, a title "
        "above the header and spaces around values are ignored.",
        replace,
        "Nothing is written until every problem is fixed; the Data updates page lists each problem by sheet, "
        "row and column, then shows the changes for review before publishing.",
        f"The sheet '{EXAMPLE_SHEET}' holds a synthetic example; it is never imported.",
    ]
    if table.restricted:
        lines.append("Restricted: rows of this table are shown only to signed-in users of the Working Group and "
                     "the Secretariat, never on public pages, downloads or briefs.")
    lines.append(f"Rows that cite no source get the upload's own source ({UPLOAD_SOURCE_PREFIX}…).")
    return lines


def template_xlsx(table: schema.Table) -> bytes:
    """The table's template as an XLSX file."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = table.name[:31]
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    bold = Font(bold=True)
    head_fill = PatternFill("solid", fgColor="DDEBF7")
    list_col = 0
    for i, col in enumerate(table.columns, 1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i, value=col.name)
        cell.font, cell.fill = bold, head_fill
        cell.comment = Comment(f"{col.description}\n{KIND_HELP[col.kind]}"
                               + (" Required." if col.required and col.kind != SOURCE_IDS else ""), "attdash")
        ws.column_dimensions[letter].width = max(14, min(40, len(col.name) + 4))
        rng = f"{letter}2:{letter}{ROWS_PREPARED + 1}"
        values = col.allowed if col.kind == ENUM else (("true", "false") if col.kind == BOOL else ())
        if values:
            list_col += 1
            ll = get_column_letter(list_col)
            lists.cell(row=1, column=list_col, value=col.name)
            for j, v in enumerate(values, 2):
                lists.cell(row=j, column=list_col, value=v)
            dv = DataValidation(type="list", formula1=f"={LISTS_SHEET}!${ll}$2:${ll}${len(values) + 1}",
                                allow_blank=not col.required, showErrorMessage=True,
                                errorTitle=col.name, error=f"Choose one of: {', '.join(values)}")
            dv.add(rng)
            ws.add_data_validation(dv)
        elif col.kind == DATE:
            dv = DataValidation(type="date", operator="greaterThan", formula1="1", allow_blank=True,
                                showErrorMessage=True, errorTitle=col.name, error="Type a date, e.g. 2025-03-01")
            dv.add(rng)
            ws.add_data_validation(dv)
            for r in range(2, ROWS_PREPARED + 2):
                ws.cell(row=r, column=i).number_format = "yyyy-mm-dd"
        elif col.kind in (INT, YEAR):
            dv = DataValidation(type="whole", operator="between", formula1="0",
                                formula2="2100" if col.kind == YEAR else "1000000000", allow_blank=True,
                                showErrorMessage=True, errorTitle=col.name, error="Type a whole number")
            dv.add(rng)
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"

    ex = wb.create_sheet(EXAMPLE_SHEET)
    ex.cell(row=1, column=1, value="EXAMPLE ONLY — synthetic values, never imported. Fill the sheet "
                                   f"'{table.name}'.").font = Font(bold=True, color="C00000")
    for i, col in enumerate(table.columns, 1):
        ex.cell(row=2, column=i, value=col.name).font = bold
        ex.cell(row=3, column=i, value=table.example.get(col.name, ""))
        ex.column_dimensions[get_column_letter(i)].width = max(14, min(40, len(col.name) + 4))

    how = wb.create_sheet(HOW_SHEET)
    r = 1
    for line in instructions(table):
        c = how.cell(row=r, column=1, value=line)
        if r == 1:
            c.font = Font(bold=True, size=13)
        r += 1
    r += 1
    rows = how_to_fill(table)
    for i, k in enumerate(rows[0], 1):
        how.cell(row=r, column=i, value=k).font = bold
    for row in rows:
        r += 1
        for i, v in enumerate(row.values(), 1):
            how.cell(row=r, column=i, value=v).alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (22, 10, 45, 30, 70)):
        how.column_dimensions[letter].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def template_csv(table: schema.Table) -> bytes:
    """The header line of the table's CSV (UTF-8, as data/sources holds it)."""
    return (",".join(table.column_names) + "\n").encode("utf-8")
