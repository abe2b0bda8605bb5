"""The ranked result as an Excel workbook (.xlsx), for the office's own tool.

One sheet in rank order: headers in the user's language with units, numbers
stored as numbers (Excel shows them with the reader's decimal comma), the
header row and the plot columns frozen, a filter on every column. A figure
that cannot be given is written as words -- "ikke nåbar" (unreachable) or
"ikke målt" (not measured) -- never as ``inf`` or an empty cell, with the
reason in the column right after it. Text cells are always stored as text, so
a name such as ``=HYPERLINK(...)`` is never a formula; one that starts like a
formula (``= + - @``, tab, CR; OWASP) also carries Excel's leading-apostrophe
mark (``quotePrefix``), so it stays text when someone edits the cell. A second sheet says
what the columns mean and where the data come from.

Written with openpyxl (MIT).
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ._cells import FORMULA_STARTS
from .config import Config
from .export import OWN
from .profiles import profile_name
from .scoring import STATUSES
from .services import CATEGORIES
from .text import number, t
from .text.render import (
    column_labels,
    criterion_labels,
    match_texts,
    nearest_text,
    rule_label,
    rule_limit_text,
    status_label,
    unreachable_text,
)

__all__ = ["column_headers", "xlsx_bytes"]

#: Columns whose header is an ``xlsx.<column>`` catalogue entry (the last four: the public
#: table of :func:`siting.public.public_frame`).
_OWN_HEADERS = ("name", "address", "parcel", "match", "match_quality", "score", "tied_ranks",
                "flag", "note", "drive_snap_m", "snap_m", "component_nodes", "lon", "lat",
                "plot", "fails", "police_band", "patrol_band")
_FORMATS = {"number": "General", "m": "#,##0", "min": "0.0", "score": "0.0", "value": "0.000",
            "points": "0.00", "deg": "0.000000", "count": "#,##0", "whole": "0"}


def _word(key: str, lang: str, **values: str) -> str:
    return t(f"xlsx.{key}", lang, **values)


def column_headers(columns: Iterable[str], config: Config, lang: str) -> dict[str, str]:
    """Header of each result column (CSV name -> the Excel sheet's header in ``lang``, with
    its unit): also what the app shows over a table it previews as CSV."""
    return _headers(columns, config, lang)


def _headers(columns: Iterable[str], config: Config, lang: str) -> dict[str, str]:
    """Header of each column, in ``lang``, with its unit."""
    columns = [str(c) for c in columns]
    labels = column_labels(config, lang)
    out = {}
    for column in columns:
        key = column.split("_", 1)[1] if column.startswith("nearest_") else column
        category = CATEGORIES[key].label(lang) if key in CATEGORIES else key
        if column in _OWN_HEADERS:
            out[column] = _word(column, lang)
        elif column in labels:
            out[column] = labels[column]
        elif column.startswith("nearest_"):
            out[column] = _word("nearest", lang, category=category)
        elif column.startswith(("walk_m_", "walk_band_")):  # metres, or bands (public)
            cat = column.removeprefix("walk_m_").removeprefix("walk_band_")
            label = CATEGORIES[cat].label(lang) if cat in CATEGORIES else cat
            kind = "walk" if column.startswith("walk_m_") else "walk_band"
            out[column] = _word(kind, lang, category=label)
        elif not column.startswith(OWN):
            out[column] = column
    taken = {h.casefold() for h in out.values()}
    for column in [c for c in columns if c.startswith(OWN)]:
        header = column.removeprefix(OWN)  # the office's own header, as its file gave it
        if header.casefold() in taken:  # e.g. its own "Merknad" beside ours
            header = _word("own", lang, header=header)
        taken.add(header.casefold())
        out[column] = header
    return out


def _kind(column: str) -> str | None:
    """Number format kind of a column; None for text (also the plots file's own columns,
    whatever their names: :func:`_own_cells` finds their numbers)."""
    if column.startswith(OWN):
        return None
    if column.startswith("walk_m_") or column.endswith("_m"):
        return "m"
    if column.endswith("_min"):
        return "min"
    if column.startswith("value_"):
        return "value"
    if column.startswith("points_"):
        return "points"
    return {"score": "score", "rank": "count", "lon": "deg", "lat": "deg",
            "component_nodes": "count"}.get(column)


def _figure_cells(values: pd.Series, column: str, flags: pd.Series,
                  lang: str) -> tuple[list[object], list[str] | None]:
    """A figure column's cells (numbers, or words where there is no number) and, when
    some figure is unreachable, the reason of each cell without a number (the next
    column)."""
    cells: list[object] = []
    reasons: list[str] = []
    blank = _word("unranked" if column in ("score", "rank") else "nowhere" if column in (
        "lon", "lat") else "unmeasured", lang)
    for value, flag in zip(values, flags, strict=True):
        x = float(value) if value is not None and not pd.isna(value) else math.nan
        if math.isfinite(x):
            cells.append(x)
            reasons.append("")
        elif math.isinf(x):
            cells.append(_word("unreachable", lang))
            reasons.append(unreachable_text(column, lang))
        else:  # not measured: the plot is flagged, and "Flagget fordi" says why
            cells.append(blank)
            reasons.append(str(flag))
    unreachable = any(isinstance(c, str) and c == _word("unreachable", lang) for c in cells)
    return cells, (reasons if unreachable else None)


def _columns(frame: pd.DataFrame, config: Config, lang: str) -> list[tuple[str, list[object]]]:
    """(header, cells) of every sheet column, in order, figures followed by their reasons."""
    headers = _headers(frame.columns, config, lang)
    flags = frame["flag"].fillna("").astype(str) if "flag" in frame else pd.Series(
        "", index=frame.index)
    out: list[tuple[str, list[object]]] = []
    for column in frame.columns:
        values = frame[column]
        if column == "match_quality":  # blank for a plot placed by coordinates
            out.append((headers[column], list(match_texts(frame, lang))))
            continue
        if column.startswith("nearest_") and f"walk_m_{column[8:]}" in frame:
            walks = frame[f"walk_m_{column[8:]}"]  # an unnamed service: say so, not blank
            out.append((headers[column], [nearest_text(v, w, lang) for v, w in
                                          zip(values, walks, strict=True)]))
            continue
        if column.startswith(OWN):
            out.append((headers[column], _own_cells(values)))
            continue
        if _kind(column) is None:
            out.append((headers[column], [_text(column, v, lang) for v in values]))
            continue
        cells, reasons = _figure_cells(values, column, flags, lang)
        out.append((headers[column], cells))
        if reasons is not None:
            out.append((_word("why", lang, header=headers[column]), list(reasons)))
    return out


#: A plain number as an office writes it: "1200", "1 200", "-3", "12,5", "0.75" (no
#: leading zero, which marks a code such as a postcode or "0301").
_NUMBER = re.compile(r"-?(0|[1-9]\d{0,2}(\d*|( \d{3})+))([.,]\d+)?")


def _own_cells(values: pd.Series) -> list[object]:
    """Cells of one of the plots file's own columns: numbers where every filled cell is a
    plain number (so Excel sorts and sums them), else the text as given."""
    texts = ["" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v)
             for v in values]
    filled = [x for x in texts if x]
    if not filled or not all(_NUMBER.fullmatch(x.replace("\u00a0", " ")) for x in filled):
        return list(texts)
    return [float(x.replace("\u00a0", "").replace(" ", "").replace(",", ".")) if x else ""
            for x in texts]


def _text(column: str, value: object, lang: str) -> str:
    """A text cell: a status in words; a missing value is ""."""
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)
    if column == "status" and text in STATUSES:  # a code; the public table has words
        return status_label(text, lang)
    return text


def xlsx_bytes(frame: pd.DataFrame, config: Config) -> bytes:
    """Return the ranked result as the bytes of an .xlsx workbook.

    Parameters
    ----------
    frame : pandas.DataFrame
        The result table in rank order (:func:`siting.export.result_frame`,
        with ``lon``/``lat`` instead of geometry).
    config : Config
        Gives the language (``config.lang``) and the criteria's labels.
    """
    lang = config.lang
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _word("sheet", lang)
    columns = _columns(frame, config, lang)
    public = any(str(c).startswith("walk_band_") for c in frame.columns)  # public_frame's
    kinds = _column_kinds(frame, columns, config, lang, public)
    for j, (header, cells) in enumerate(columns, start=1):
        head = sheet.cell(row=1, column=j)
        _put(head, header, None)  # a criterion label from a config file is text too
        head.font = Font(bold=True)
        head.alignment = Alignment(wrap_text=True, vertical="top")
        for i, value in enumerate(cells, start=2):
            _put(sheet.cell(row=i, column=j), value, kinds[j - 1])
        width = max([len(header) // 2 + 2, *(min(len(str(v)), 60) for v in cells[:200])])
        sheet.column_dimensions[get_column_letter(j)].width = max(8, min(width + 2, 62))
    sheet.freeze_panes = "D2"  # header row; rank, plot and name stay in view
    sheet.auto_filter.ref = sheet.dimensions
    _about(book.create_sheet(_word("about", lang)), config, public, "tied_ranks" in frame)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _column_kinds(frame: pd.DataFrame, columns: list[tuple[str, list[object]]], config: Config,
                  lang: str, public: bool = False) -> list[str | None]:
    """Number format kind per sheet column (reason columns are text); the public table's
    score is in whole points, so it shows as 78, not 78.0."""
    by_header = {h: "number" if c.startswith(OWN) else "whole" if public and c == "score"
                 else _kind(c) for c, h in _headers(frame.columns, config, lang).items()}
    return [by_header.get(header) for header, _ in columns]


def _put(cell: Cell, value: object, kind: str | None) -> None:
    """Write a number with its format, or text stored as text (never a formula)."""
    if isinstance(value, float) and kind is not None:
        cell.value = int(value) if kind == "count" else value
        cell.number_format = _FORMATS[kind]
        return
    cell.value = str(value)
    cell.data_type = "s"  # "=..." stays text: no formula is ever written
    # ... and stays text when edited: Excel's own leading apostrophe (OWASP), not shown
    cell.quotePrefix = cell.value.startswith(FORMULA_STARTS)


def _settings(config: Config) -> list[str]:
    """The weights and rules the ranking used, in words (a table forwarded later still
    says why a plot won: the profile's name alone does not, once a weight was changed)."""
    lang = config.lang
    labels = criterion_labels(config, lang)
    weights = ", ".join(f"{labels[key]} {number(c.weight, lang, 2, trim=True)}"
                        for key, c in config.criteria.items())
    rules = [f"{rule_label(rule, config, lang)} {rule_limit_text(rule, lang)}"
             for rule in config.rules if rule.enabled]
    police = config.police
    header = _headers(["nearest_police"], config, lang)["nearest_police"]
    stations = _word("about_stations_set", lang, header=header,
                     include=", ".join(police.include) or "–",
                     exclude=", ".join(police.exclude) or "–") \
        if police.include or police.exclude else _word("about_stations", lang, header=header)
    return [_word("about_weights", lang, list=weights),
            _word("about_rules", lang, list="; ".join(rules)) if rules
            else _word("about_no_rules", lang),
            _word("about_police", lang, road=_word("drive_snap_m", lang),
                  dispatch=number(police.dispatch_min, lang, 1, trim=True),
                  stations=stations)]


def _about(sheet: Worksheet, config: Config, public: bool = False, ties: bool = False) -> None:
    """The second sheet: what the table is, its units and the data licence; for the
    public table (bands, no reasons) what it shows and what it leaves out; with
    ``ties``, how plots with equal scores are ordered."""
    from .public import withheld

    lang = config.lang
    units = [_word("about_units_public", lang), *withheld(lang)] if public else [
        _word("about_units", lang, flag=_word("flag", lang)), *_settings(config)]
    rows = [_word("about_title", lang),
            _word("about_profile", lang, profile=profile_name(config.profile, lang)),
            *units, *([_word("about_ties", lang, header=_word("tied_ranks", lang))]
                      if ties else []), _word("about_osm", lang)]
    for i, text in enumerate(rows, start=1):
        cell = sheet.cell(row=i, column=1)
        _put(cell, text, None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 110
