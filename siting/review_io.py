"""Write the service review (and other plain tables) as CSV, GeoPackage or Excel.

As for the ranked result (:mod:`siting.export`, :mod:`siting.excel`), **Excel is
the table for people** and **CSV (and GeoPackage) the machine format**. The CSV
has the columns of :data:`siting.review.COLUMNS` plus ``lon`` and ``lat`` (a
point on the service, degrees) under their English names, with codes as values
(``source`` osm/register/clicked/gtfs, ``included`` True/False, ``gtfs_match``
nsr/distance/none); ``why`` and ``flags`` are in the run's language. The Excel
sheet (:func:`review_sheet`) has the same rows with headers and values in the
run's language: categories by name, the source in words ("kommunens register"),
"ja"/"nei", an unnamed OSM service "uten navn i OpenStreetMap". Text that a
spreadsheet would run as a formula gets an apostrophe
(:func:`siting._cells.neutralise_cells`), and Excel cells that hold text are
typed as text.
"""

from __future__ import annotations

import io
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ._atomic import write_bytes
from ._cells import neutralise_cells
from .errors import InputError
from .export import unwritable
from .review import user_columns
from .services import CATEGORIES
from .text import t
from .text.render import service_name

__all__ = ["REVIEW_FORMATS", "review_bytes", "review_format", "review_sheet", "review_table",
           "source_text", "table_xlsx", "write_review"]

REVIEW_FORMATS = (".csv", ".gpkg", ".xlsx")


def review_table(review: gpd.GeoDataFrame) -> pd.DataFrame:
    """The review as a plain table: its columns, ``included`` as yes/no text kept
    boolean, and ``lon``/``lat`` of a point on each service (7 decimals)."""
    table = pd.DataFrame(review[user_columns(review)]).reset_index(drop=True)
    points = review.geometry.to_crs("EPSG:4326").representative_point().reset_index(drop=True)
    table["lon"] = points.x.round(7)
    table["lat"] = points.y.round(7)
    return table


def source_text(source: str, lang: str) -> str:
    """Where a service comes from, in words ("kommunens register"); an unknown code as is."""
    key = f"service.source.{source}"
    return t(key, lang) if source in ("osm", "register", "clicked", "gtfs") else source


def review_sheet(review: gpd.GeoDataFrame, lang: str) -> pd.DataFrame:
    """The review as people read it (the Excel sheet): :func:`review_table`'s rows with
    headers and values in ``lang`` (``review.xlsx.*`` in the catalogue)."""
    table = review_table(review)
    sources = table["source"].astype(str)
    words = {
        "category": [CATEGORIES[c].label(lang) if c in CATEGORIES else c
                     for c in table["category"]],
        "name": [service_name(n, lang) if s == "osm" else n
                 for n, s in zip(table["name"], sources, strict=True)],
        "source": [source_text(s, lang) for s in sources],
        "included": [t("review.xlsx.yes" if bool(v) else "review.xlsx.no", lang)
                     for v in table["included"]],
    }
    if "gtfs_match" in table:
        words["gtfs_match"] = [t(f"review.xlsx.match.{v}", lang) if v in (
            "nsr", "distance", "none") else "" for v in table["gtfs_match"].fillna("")]
    out = table.assign(**words)
    return out.rename(columns={c: t(f"review.xlsx.{c}", lang) for c in out.columns})


def review_format(path: str | Path) -> str:
    """Return the suffix ``path`` asks for (``.csv``, ``.gpkg``, ``.xlsx``).

    Raises
    ------
    InputError
        For any other extension (checked before any work is done).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in REVIEW_FORMATS:
        raise InputError(
            f"{path.name}: unknown format '{suffix}' for the service list. Use .csv, .gpkg "
            "or .xlsx.",
            nb=f"{path.name}: ukjent format '{suffix}' for tjenestelisten. Bruk .csv, .gpkg "
            "eller .xlsx.")
    return suffix


def table_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Return an Excel workbook with one sheet per table; text cells stay text."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for title, table in sheets.items():
        frame = neutralise_cells(table)
        sheet = book.create_sheet(title[:31])
        sheet.append([str(c) for c in frame.columns])
        for values in frame.itertuples(index=False):
            sheet.append([_cell(v) for v in values])
        for row in sheet.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
        for i, column in enumerate(frame.columns, start=1):
            width = max([len(str(column)), *(len(str(v)) for v in frame[column].head(200))])
            sheet.column_dimensions[get_column_letter(i)].width = min(60, width + 2)
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, float) and value in (float("inf"), float("-inf")):
        return "inf" if value > 0 else "-inf"
    return value.item() if hasattr(value, "item") else value


def review_bytes(review: gpd.GeoDataFrame, suffix: str, lang: str = "nb") -> bytes:
    """Return the review encoded as ``.csv``, ``.gpkg`` or ``.xlsx`` bytes; the Excel
    sheet in ``lang`` (the CSV and GeoPackage are the machine format, with codes)."""
    if suffix == ".csv":
        return neutralise_cells(review_table(review)).to_csv(index=False).encode("utf-8")
    if suffix == ".xlsx":
        return table_xlsx({t("review.xlsx.sheet", lang): review_sheet(review, lang)})
    frame = gpd.GeoDataFrame(review[user_columns(review)].reset_index(drop=True),
                             geometry=review.geometry.reset_index(drop=True).to_numpy(),
                             crs=review.crs).to_crs("EPSG:4326")
    buffer = io.BytesIO()
    frame.to_file(buffer, driver="GPKG", layer="services")
    return buffer.getvalue()


def write_review(review: gpd.GeoDataFrame, path: str | Path, lang: str = "nb") -> Path:
    """Write the review to ``path`` (format by extension, an Excel sheet in ``lang``)
    through a temporary file.

    Raises
    ------
    InputError
        If the extension is unknown or the file cannot be written.
    """
    path = Path(path)
    data = review_bytes(review, review_format(path), lang)
    try:
        write_bytes(path, data)
    except OSError as err:
        raise unwritable(path, err) from err
    return path
