"""Excel workbooks (.xlsx) as the rows of a table: the one Excel reader of the plots reader
and of the service register.

:func:`xlsx_rows` reads the first sheet as the same table saved as CSV would be,
allowing for what office workbooks have around the table: title rows above the
header (merged or not), blank rows, and a total row ("Sum", "Totalt") at the
bottom. Numbers stored as numbers are written as CSV would write them (``12``,
``59.9139``); text such as ``59,9139`` stays text and is read by the CSV rules
(decimal point or comma). Formulas give their last computed value.

Written with openpyxl (MIT).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Sequence

from ._plot_messages import msg, refuse
from .text import said, t

__all__ = ["HEADER_SEARCH", "TOTAL_WORDS", "xlsx_rows"]

log = logging.getLogger(__name__)

#: First cells (any case, an ending ":" ignored) that mark a total row at the bottom.
TOTAL_WORDS = frozenset({"sum", "summer", "sum totalt", "totalsum", "total", "totalt", "i alt"})
#: How many non-blank rows from the top are searched for the header.
HEADER_SEARCH = 10


def xlsx_rows(data: bytes, name: str,
              is_header: Callable[[list[str]], bool]) -> list[list[str]]:
    """The first sheet of a workbook as CSV-like rows: the header first, then the data.

    Parameters
    ----------
    data : bytes
        The ``.xlsx`` file.
    name : str
        The file's name, for messages.
    is_header : callable
        Whether a row (its cells as text) is the table's header. The first such row
        among the first :data:`HEADER_SEARCH` non-blank rows is taken, the rows above
        it (a title) are left out; when none is, the first non-blank row is the header
        (and the table reader says what is missing, as for a CSV).

    Returns
    -------
    list of list of str
        Blank rows and total rows at the bottom (:data:`TOTAL_WORDS`) left out.

    Raises
    ------
    InputError
        When the file is no workbook, or its first sheet is empty.
    """
    sheet_name, sheets, numbered = _sheet_rows(data, name)
    if not numbered:
        raise refuse(name, msg("xlsx_empty", sheet=sheet_name))
    texts = [cells for _, cells in numbered]
    start = next((i for i, cells in enumerate(texts[:HEADER_SEARCH]) if is_header(cells)), 0)
    end = len(texts)
    while end > start + 1 and _is_total(texts[end - 1]):
        end -= 1
    totals = len(texts) - end
    values = {"name": name, "sheet": sheet_name, "sheets": sheets, "row": numbered[start][0],
              "n": totals}
    key = f"log.xlsx_read.{'one' if totals == 1 else 'many'}"
    log.info("%s", t(key, "en", **values), extra=said(key, **values))
    return texts[start:end]


def _sheet_rows(data: bytes, name: str) -> tuple[str, int, list[tuple[int, list[str]]]]:
    """The first sheet's name, the number of sheets and its non-blank rows (Excel's row
    number, cells as text)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as err:
        raise refuse(name, msg("xlsx", why=str(err)[:200])) from None
    try:
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # some programs write a wrong size; read every cell
        rows = [(number, [_cell(v) for v in values]) for number, values in
                enumerate(sheet.iter_rows(values_only=True), start=1)]
        return sheet.title, len(book.worksheets), [(n, c) for n, c in rows
                                                   if any(x.strip() for x in c)]
    finally:
        book.close()


def _cell(value: object) -> str:
    """A cell as a CSV file saved by Excel would give it: whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_total(cells: Sequence[str]) -> bool:
    """Whether a row is a total row: its first filled cell is a word of :data:`TOTAL_WORDS`."""
    first = next((c.strip() for c in cells if c.strip()), "")
    return first.casefold().rstrip(":").strip() in TOTAL_WORDS
