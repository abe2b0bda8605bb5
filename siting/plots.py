"""Read and validate the candidate plots (tomter) a planner uploads.

:func:`read_plots` turns a GeoJSON, GeoPackage, zipped Shapefile, CSV or Excel
file into one table in EPSG:4326 (longitude/latitude in degrees, WGS 84) with
exactly the columns ``plot_id``, ``name``, ``problem`` and ``geometry``, one row
per input row. An Excel workbook (.xlsx) is read from its first sheet as the same
table saved as CSV (a title above the header and a total row below are left out).
Problems of a single plot (missing coordinates, a repaired polygon) are noted in
``problem``; problems that make the file unusable raise one
:class:`~siting.errors.InputError` listing all of them, in English and bokmål.
Messages number rows from 1 in file order, not counting a CSV header (nor, in Excel,
blank rows and the rows above the header).

The format readers live in :mod:`siting._readers`, the messages in
:mod:`siting._plot_messages`.
"""

from __future__ import annotations

import codecs
import logging
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path, PurePosixPath
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import pyproj
import shapely

from ._plot_messages import (
    MISSING,
    OUT_OF_RANGE,
    REPAIRED,
    UNREPAIRABLE,
    Issue,
    listed,
    msg,
    refuse,
)
from ._readers import LAT_LON_EAST_NORTH, READERS, Raw, cell_text, find_column
from .errors import InputError
from .export import OWN
from .locate import LOCATION_NAMES, location_columns, no_location_problem, rows_to_locate
from .text import said, t

__all__ = ["FORMATS", "MAX_NAME_CHARS", "MAX_OWN_COLUMNS", "OWN", "looks_swapped", "own_columns",
           "read_plots", "too_many"]

logger = logging.getLogger(__name__)

FORMATS: dict[str, str] = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage",
                           ".zip": "Shapefile", ".csv": "CSV", ".txt": "CSV", ".xlsx": "Excel"}
MAX_NAME_CHARS = 200
# a short "tomt" code (T1) is an id before a display name is; names serve as ids
# only when no id column exists
_ID_COLS = ("plot_id", "id", "tomt", "name", "navn")
_NAME_COLS = ("name", "navn", "tomt", "plot_id")
_WGS84 = pyproj.CRS.from_epsg(4326)


def looks_swapped(lon: Sequence[float] | np.ndarray, lat: Sequence[float] | np.ndarray) -> bool:
    """Tell whether longitude/latitude values look swapped.

    Parameters
    ----------
    lon, lat : array-like of float
        The values given as longitude and latitude, in degrees (EPSG:4326).

    Returns
    -------
    bool
        True if every "latitude" lies outside [-90, 90] (but within [-180, 180])
        while every "longitude" lies within [-90, 90], or -- Norway heuristic --
        every "latitude" lies in 4–32 and every "longitude" in 57–72 (Norway lies
        at latitude 57–72, longitude 4–32). False for no values.
    """
    x, y = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    if x.size == 0 or y.size == 0:
        return False
    impossible = bool(np.all((np.abs(y) > 90) & (np.abs(y) <= 180)) and np.all(np.abs(x) <= 90))
    norway = bool(np.all((y >= 4) & (y <= 32)) and np.all((x >= 57) & (x <= 72)))
    return impossible or norway


def too_many(name: str, n: int, limit: int) -> InputError:
    """The error for ``n`` plots from ``name`` when at most ``limit`` are taken (the app).

    Parameters
    ----------
    name : str
        The file's name, as the message shows it.
    n, limit : int
        Plots found, and the most the app takes.

    Returns
    -------
    siting.errors.InputError
        To raise; counts have a no-break space between thousands in both languages.
    """
    def count(x: int) -> str:
        return f"{x:,}".replace(",", "\u00a0")

    return refuse(name, msg("too_many", n=count(n), limit=count(limit)))


def read_plots(source: str | Path | bytes, *, filename: str | None = None,
               crs: str | None = None, extra_columns: Sequence[str] = (),
               unique_ids: bool = True, max_rows: int | None = None,
               what: Literal["plots", "services", "districts"] = "plots") -> gpd.GeoDataFrame:
    """Read candidate plots from a file or an upload and validate them.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        Path of the file, or its raw bytes (an upload).
    filename : str, optional
        Name of the file; needed with bytes (its extension gives the format).
        When given it is used instead of the path's name, also in messages.
    crs : str, optional
        CRS of the coordinates when the file declares none, e.g. ``"EPSG:25832"``.
        Required for CSV and Excel east/north (x/y) columns. For other files without a CRS
        (or with a geographic one) it is used only when no coordinate can be
        longitude/latitude in degrees; a projected CRS declared by the file wins.
    extra_columns : sequence of str
        Further columns to carry through as cleaned text (matched in any case;
        "" where absent), e.g. ``("category",)`` for a service register.
    unique_ids : bool
        Refuse duplicate ids (plots); a service register may repeat names.
    max_rows : int, optional
        Refuse a file with more rows than this (the app's per-session limit),
        as early as the format allows (a CSV before it is parsed).
    what : {"plots", "services", "districts"}
        What the rows are, for the INFO line that counts them ("read 3 plots",
        "leste 3 tjenester" for a service register, "leste 3 kretser" for districts).

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``plot_id`` (str, unique), ``name`` (str), ``problem`` (str, ""
        when fine) and ``geometry`` (Point, Polygon, MultiPolygon or None), in
        EPSG:4326 (lon/lat degrees), one row per input row, in input order.
        A file naming plots by address or gnr/bnr also has ``address`` and/or
        ``parcel`` (text; see :func:`siting.locate.location_columns`): rows
        without coordinates are placed by :func:`siting.locate.locate_plots`.

    Raises
    ------
    InputError
        If the file cannot be used; the message names the file, lists every
        problem found and how to fix it (English, and bokmål in ``nb``).
    """
    label = filename or ("upload" if isinstance(source, bytes) else str(source))
    name = PurePosixPath(label.replace("\\", "/")).name
    fmt = FORMATS.get(PurePosixPath(name).suffix.lower())
    if fmt is None:
        raise refuse(name, msg("ext", ext=PurePosixPath(name).suffix or "(none)"))
    try:
        user_crs = None if crs is None else pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as err:
        raise refuse(name, msg("crs", crs=crs)) from err
    data = _load(source, name)
    if not data.strip(b" \t\r\n\x00").removeprefix(codecs.BOM_UTF8).strip():
        raise refuse(name, msg("empty"))
    if max_rows is not None and fmt == "CSV" and data.count(b"\n") > max_rows + 2:
        raise too_many(name, data.count(b"\n") - 1, max_rows)  # header, last newline
    raw = READERS[fmt](data, name, user_crs)
    if max_rows is not None and len(raw.table) > max_rows:
        raise too_many(name, len(raw.table), max_rows)
    if not raw.geoms and not raw.issues:
        raise refuse(name, msg("none", unit=("rows", "rader") if fmt in ("CSV", "Excel") else (
            "features", "objekter")))
    plots = _finish(raw, name, user_crs, unique_ids, what)
    located_by = location_columns(raw.table)
    if located_by:  # placed by address or gnr/bnr once the study area is known
        plots = no_location_problem(plots.assign(**located_by))
    _log_read(plots, name, what)
    for column in extra_columns:
        pos = find_column(raw.table, [column.casefold()])
        plots[column] = [cell_text(v) for v in raw.table.iloc[:, pos]] if pos is not None else ""
    if what == "plots":  # the office's own columns (area, owner, notes) go along
        own = own_columns(raw.table)
        if own:
            heads = ", ".join(c.removeprefix(OWN) for c in own)
            logger.info("%s: carrying the file's own columns along: %s", name, heads,
                        extra=said("log.own_columns", name=name, columns=heads))
        plots = plots.assign(**own)
    return plots


#: Most own columns carried along (a GIS export may have dozens of attributes).
MAX_OWN_COLUMNS = 30
#: Columns a GIS export adds on its own: not the office's.
_HOUSEKEEPING = ("fid", "ogc_fid", "objectid", "object_id", "globalid", "shape_length",
                 "shape_leng", "shape_area", "geometry", "geom", "wkt")


def own_columns(table: pd.DataFrame) -> dict[str, list[str]]:
    """The columns of a plots file that the reader does not use, as cleaned text.

    Parameters
    ----------
    table : pandas.DataFrame
        The file's attribute table as read (header as given, one row per plot).

    Returns
    -------
    dict of str to list of str
        ``own:<header as given>`` -> the column's cells (``""`` where blank), in the
        file's order, at most :data:`MAX_OWN_COLUMNS`. A column the reader recognises
        (id, name, coordinates, address, gnr/bnr: also one it did not pick), a GIS
        housekeeping column, an empty one and a repeated header are left out.
    """
    known = {*_ID_COLS, *_NAME_COLS, *LAT_LON_EAST_NORTH, *LOCATION_NAMES, *_HOUSEKEEPING}
    out: dict[str, list[str]] = {}
    for pos, column in enumerate(table.columns):
        header = cell_text(column)
        key = OWN + header
        if not header or header.casefold() in known or key in out:
            continue
        values = [cell_text(v) for v in table.iloc[:, pos]]
        if any(values):
            out[key] = values
        if len(out) == MAX_OWN_COLUMNS:
            break
    return out


def _finish(raw: Raw, name: str, user_crs: pyproj.CRS | None, unique_ids: bool = True,
            what: str = "plots") -> gpd.GeoDataFrame:
    """Turn a read file into the validated plots table, or raise all its issues."""
    ids, id_col = _plot_ids(raw.table, len(raw.geoms))
    cleaned = [_clean_geometry(g) for g in raw.geoms]
    geoms = [g for g, _, _ in cleaned]
    problems = [old or new for old, (_, new, _) in
                zip(raw.problems or [""] * len(geoms), cleaned, strict=True)]
    issues = [*raw.issues, *_type_issues([why for _, _, why in cleaned], ids)]
    if unique_ids:
        issues += _duplicate_issues(ids, id_col)
    src_crs, crs_issues = _decide_crs(raw, geoms, user_crs)
    if issues or crs_issues:
        raise refuse(name, *issues, *crs_issues)
    if user_crs is not None and src_crs is not None and src_crs != user_crs \
            and not raw.crs_applied:
        logger.warning("%s: coordinates are in %s; ignoring the given CRS %s", name,
                       src_crs.to_string(), user_crs.to_string(),
                       extra=said("log.crs_ignored", name=name, crs=src_crs.to_string(),
                                  given=user_crs.to_string()))
    plots = gpd.GeoDataFrame({"plot_id": ids, "name": _plot_names(raw.table, ids),
                              "problem": problems}, geometry=geoms, crs=src_crs).to_crs(_WGS84)
    bad = ~_in_degrees(plots.geometry.array) & plots.geometry.notna().to_numpy()
    plots.loc[bad, "problem"] = OUT_OF_RANGE
    plots.loc[bad, "geometry"] = None
    return plots


def _log_read(plots: gpd.GeoDataFrame, name: str, what: str) -> None:
    """The INFO line that counts what was read: points, polygons, rows to be placed by
    address or gnr/bnr (not problems: they are placed once the study area is known), and
    rows with a problem."""
    kinds = plots.geometry.geom_type
    to_place = rows_to_locate(plots)
    problems = (plots["problem"] != "").to_numpy() & ~to_place
    counts = {"n": len(plots), "points": int((kinds == "Point").sum()),
              "polygons": int(kinds.isin(["Polygon", "MultiPolygon"]).sum()),
              "located_by": int(to_place.sum()), "problems": int(problems.sum())}
    key = f"log.read_{what}"
    logger.info("%s", t(key, "en", name=name, **counts), extra=said(key, name=name, **counts))


def _load(source: str | Path | bytes, name: str) -> bytes:
    """Return the bytes of the upload or file."""
    if isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except OSError as err:
        raise refuse(name, msg("os", why=f"{err.strerror}: {source}")) from err


def _plot_ids(table: pd.DataFrame, n: int) -> tuple[list[str], str | None]:
    """Return plot ids (blank ones numbered "1", "2", ... avoiding used ids) and the column."""
    pos = find_column(table, _ID_COLS)
    given = [cell_text(v) for v in table.iloc[:, pos]] if pos is not None else [""] * n
    taken, counter, ids = set(given), 0, []
    for value in given:
        if not value:
            counter += 1
            while str(counter) in taken:
                counter += 1
            value = str(counter)
        ids.append(value)
    return ids, (None if pos is None else str(table.columns[pos]))


def _plot_names(table: pd.DataFrame, ids: list[str]) -> list[str]:
    """Return display names (fallback the id), cut to :data:`MAX_NAME_CHARS` with "…"."""
    pos = find_column(table, _NAME_COLS)
    given = [cell_text(v) for v in table.iloc[:, pos]] if pos is not None else [""] * len(ids)
    names = [g or i for g, i in zip(given, ids, strict=True)]
    return [n if len(n) <= MAX_NAME_CHARS else n[: MAX_NAME_CHARS - 1] + "…" for n in names]


def _clean_geometry(
    geom: shapely.Geometry | None,
) -> tuple[shapely.Geometry | None, str, Issue | None]:
    """Return (usable 2D geometry or None, row problem, why the file must be refused)."""
    if geom is None or geom.is_empty:
        return None, MISSING, None
    geom, kind = shapely.force_2d(geom), geom.geom_type
    if kind == "MultiPoint" and len(geom.geoms) == 1:
        geom, kind = geom.geoms[0], "Point"
    if kind == "Point":
        finite = bool(np.isfinite(shapely.get_coordinates(geom)).all())
        return (geom, "", None) if finite else (None, MISSING, None)
    if kind in ("Polygon", "MultiPolygon"):
        if geom.is_valid:
            return geom, "", None
        parts = [p for p in shapely.get_parts(shapely.make_valid(geom))
                 if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
        if not parts:
            return None, UNREPAIRABLE, None
        return shapely.union_all(parts), REPAIRED, None
    if kind == "MultiPoint":
        n = len(geom.geoms)
        return None, "", (f"a multipoint with {n} points", f"et multipunkt med {n} punkter")
    if "LineString" in kind:
        return None, "", (f"a line ({kind})", f"en linje ({kind})")
    return None, "", (f"a {kind}", f"en {kind}")


def _type_issues(reasons: list[Issue | None], ids: list[str]) -> list[Issue]:
    """Refuse rows that are neither points nor polygons, naming rows and ids."""
    bad = [(i, ids[i - 1], why) for i, why in enumerate(reasons, 1) if why]
    if not bad:
        return []
    en = listed([f"row {i} (id '{pid}') is {why[0]}" for i, pid, why in bad])
    nb = listed([f"rad {i} (id '{pid}') er {why[1]}" for i, pid, why in bad], nb=True)
    return [msg("types", rows=(en, nb))]


def _duplicate_issues(ids: list[str], column: str | None) -> list[Issue]:
    """Refuse duplicated plot ids, naming each id and its rows."""
    rows: dict[str, list[str]] = defaultdict(list)
    for i, plot_id in enumerate(ids, 1):
        rows[plot_id].append(str(i))
    dups = [(k, ", ".join(v)) for k, v in rows.items() if len(v) > 1]
    if not dups:
        return []
    en = listed([f"'{k}' (rows {v})" for k, v in dups])
    nb = listed([f"'{k}' (rad {v})" for k, v in dups], nb=True)
    return [msg("dups", col=column, rows=(en, nb))]


def _in_degrees(geoms: Sequence[shapely.Geometry | None] | np.ndarray) -> np.ndarray:
    """Return per geometry whether all its coordinates are finite lon/lat degrees."""
    b = shapely.bounds(np.asarray(geoms, dtype=object))
    with np.errstate(invalid="ignore"):
        ok = (b[:, 0] >= -180) & (b[:, 2] <= 180) & (b[:, 1] >= -90) & (b[:, 3] <= 90)
    return ok & np.isfinite(b).all(axis=1)


def _decide_crs(raw: Raw, geoms: list[shapely.Geometry | None],
                user_crs: pyproj.CRS | None) -> tuple[pyproj.CRS | None, list[Issue]]:
    """Return the CRS of the coordinates, or issues (swapped axes, metres without CRS)."""
    if raw.crs_missing or (raw.crs is not None and not raw.crs.is_geographic):
        return raw.crs, []
    present = [g for g in geoms if g is not None]
    if not present:
        return raw.crs or _WGS84, []
    xy = shapely.get_coordinates(present)
    x, y = (f"{v:.6f}".rstrip("0").rstrip(".") for v in xy[0])  # no exponent, e.g. 7025000
    if looks_swapped(xy[:, 0], xy[:, 1]):
        if raw.latlon_cols is not None:
            lat, lon = raw.latlon_cols
            return None, [msg("swapcols", lat=lat, lon=lon, x=x, y=y)]
        return None, [msg("swapxy", x=x, y=y, fmt=raw.fmt)]
    if np.any(_in_degrees(present)):
        return raw.crs or _WGS84, []
    if user_crs is not None and user_crs.is_geographic:  # metres said to be degrees
        return None, [msg("notdegrees", x=x, y=y, crs=user_crs.to_string())]
    if user_crs is not None:
        return user_crs, []
    has = ("has no CRS", "har ingen CRS") if raw.crs is None else (
        f"says its CRS is {raw.crs.to_string()} (degrees)", f"oppgir CRS {raw.crs.to_string()}")
    return None, [msg("metres", x=x, y=y, has=has)]


