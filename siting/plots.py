"""Read and validate the candidate plots (tomter) a planner uploads.

:func:`read_plots` turns a GeoJSON, GeoPackage, zipped Shapefile or CSV file
into one table in EPSG:4326 (longitude/latitude in degrees, WGS 84) with exactly
the columns ``plot_id``, ``name``, ``problem`` and ``geometry``, one row per
input row. Problems of a single plot (missing coordinates, a repaired polygon)
are noted in ``problem``; problems that make the file unusable raise one
:class:`~siting.errors.InputError` listing all of them, in English and bokmål.
Messages number rows from 1 in file order, not counting a CSV header.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import logging
import math
import tempfile
import unicodedata
import zipfile
import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from pyogrio.errors import CRSError, DataLayerError, DataSourceError, FieldError, GeometryError

from siting.errors import InputError

__all__ = ["FORMATS", "MAX_NAME_CHARS", "looks_swapped", "read_plots"]

logger = logging.getLogger(__name__)

FORMATS: dict[str, str] = {".geojson": "GeoJSON", ".json": "GeoJSON", ".gpkg": "GeoPackage",
                           ".zip": "Shapefile", ".csv": "CSV", ".txt": "CSV"}
MAX_NAME_CHARS = 200
MISSING = "missing coordinates"
REPAIRED = "invalid polygon repaired"
UNREPAIRABLE = "invalid polygon without area (cannot be repaired); redraw it"
OUT_OF_RANGE = "coordinates outside longitude -180..180 / latitude -90..90"
_ID_COLS = ("plot_id", "id", "name", "navn", "tomt")
_NAME_COLS = ("name", "navn", "tomt", "plot_id")
_LAT, _LON = ("lat", "latitude", "breddegrad"), ("lon", "lng", "long", "longitude", "lengdegrad")
_EAST, _NORTH = ("x", "øst", "ost", "east", "easting"), ("y", "nord", "north", "northing")
_GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString",
                  "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
_PYOGRIO_ERRORS = (CRSError, DataLayerError, DataSourceError, FieldError, GeometryError)
_MAX_UNZIPPED = 500 * 1024**2  # bytes; bigger archives are refused (zip bombs)
_MAX_LISTED = 10
_WGS84 = pyproj.CRS.from_epsg(4326)
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])

Issue = tuple[str, str]  # (English, bokmål) text of one problem and its fix

_CRS_EN = "pass the CRS, e.g. --crs EPSG:25832 (UTM 32N, used in Trøndelag) or EPSG:25833"
_CRS_NB = "oppgi CRS, f.eks. --crs EPSG:25832 (UTM 32N, brukt i Trøndelag) eller EPSG:25833"
_ZIP_EN, _ZIP_NB = "zip the shapefile's .shp, .shx, .dbf and .prj files", "zip shapefilens filer"
_MSG: dict[str, Issue] = {
    "ext": ("unknown file type '{ext}'. Supported formats: GeoJSON (.geojson, .json), GeoPackage "
            "(.gpkg), zipped Shapefile (.zip), CSV (.csv, .txt); save the plots in one of these.",
            "ukjent filtype '{ext}'. Støttede formater: GeoJSON (.geojson, .json), GeoPackage "
            "(.gpkg), zippet Shapefile (.zip), CSV (.csv, .txt); lagre tomtene i et av disse."),
    "crs": ("the CRS '{crs}' is not known; pass an EPSG code such as EPSG:25832.",
            "CRS-en '{crs}' er ukjent; oppgi en EPSG-kode som EPSG:25832."),
    "os": ("cannot be read ({why}); check the path.", "kan ikke leses ({why}); sjekk stien."),
    "empty": ("the file is empty; export the plots again and upload the saved file.",
              "fila er tom; eksporter tomtene på nytt og last opp den lagrede fila."),
    "none": ("the file contains no plots (0 {unit}); add at least one plot.",
             "fila inneholder ingen tomter (0 {unit}); legg til minst én tomt."),
    "geojson": ("not GeoJSON ({why}); save the plots as GeoJSON from your GIS, e.g. QGIS: "
                "Export > Save Features As > GeoJSON.", "ikke GeoJSON ({why}); lagre tomtene "
                "som GeoJSON fra GIS-programmet, f.eks. QGIS: Eksporter > Lagre objekter som."),
    "types": ("{rows}; plots must be points or polygons; draw the plot as a polygon or give its "
              "centre point.", "{rows}; tomter må være punkter eller polygoner; tegn tomta som "
              "et polygon eller oppgi midtpunktet."),
    "dups": ("duplicate plot ids in column '{col}': {rows}; give each plot a unique id in column "
             "plot_id.", "like tomte-id-er i kolonnen '{col}': {rows}; gi hver tomt en unik id "
             "i kolonnen plot_id."),
    "metres": ("coordinates look like projected metres (e.g. {x}, {y}) but the file {has}; "
               f"{_CRS_EN}.", "koordinatene ser ut som projiserte meter (f.eks. {x}, {y}), men "
               f"fila {{has}}; {_CRS_NB}."),
    "swapcols": ("the latitude and longitude columns look swapped ('{lat}' = {y}, '{lon}' = {x}; "
                 "Norway lies at latitude 57–72, longitude 4–32); swap the column names '{lat}' "
                 "and '{lon}'.", "kolonnene for bredde- og lengdegrad ser ut til å være byttet "
                 "om ('{lat}' = {y}, '{lon}' = {x}; Norge ligger på breddegrad 57–72, lengdegrad "
                 "4–32); bytt om kolonnenavnene '{lat}' og '{lon}'."),
    "swapxy": ("the coordinates look like (lat, lon), e.g. ({x}, {y}), instead of {fmt}'s (lon, "
               "lat) order (Norway lies at longitude 4–32, latitude 57–72); export the plots "
               "again with longitude (east) first.", "koordinatene ser ut som (bredde, lengde), "
               "f.eks. ({x}, {y}), i stedet for {fmt}s rekkefølge (lengde, bredde) (Norge ligger "
               "på lengdegrad 4–32, breddegrad 57–72); eksporter på nytt med lengdegrad først."),
    "vector": ("cannot be read as {fmt} ({why}); open it in QGIS to check it and export it again.",
               "kan ikke leses som {fmt} ({why}); åpne den i QGIS for å sjekke den og eksporter "
               "den på nytt."),
    "layers": ("expected one layer with geometry, found {n} ({names}); keep only the plots layer "
               "or name it 'plots'.", "forventet ett lag med geometri, fant {n} ({names}); "
               "behold bare tomtelaget eller kall det 'plots'."),
    "zip": (f"not a valid zip archive; {_ZIP_EN} again.", f"ikke et gyldig zip-arkiv; {_ZIP_NB} "
            "(.shp, .shx, .dbf, .prj) på nytt."),
    "slip": (f"{{rows}}; the archive is unsafe; {_ZIP_EN} only.", "{rows}; arkivet er utrygt; "
             f"{_ZIP_NB} (.shp, .shx, .dbf, .prj) og ikke noe annet."),
    "bomb": ("the archive unpacks to more than 500 MB; zip only the plots shapefile.",
             "arkivet pakkes ut til mer enn 500 MB; zip bare tomte-shapefilen."),
    "shps": ("the archive must contain exactly one shapefile (.shp), found {n} ({names}); keep "
             "only the one holding the plots and zip it again.", "arkivet må inneholde nøyaktig "
             "én shapefil (.shp), fant {n} ({names}); behold bare den med tomtene og zip på nytt."),
    "parts": (f"{{shp}} lacks {{missing}}; {_ZIP_EN} together.",
              f"{{shp}} mangler {{missing}}; {_ZIP_NB} (.shp, .shx, .dbf, .prj) sammen."),
    "encoding": ("the text is neither UTF-8 nor Windows-1252; save it as CSV UTF-8.",
                 "teksten er verken UTF-8 eller Windows-1252; lagre den som CSV UTF-8."),
    "csv": ("cannot be read as CSV ({why}); save it again as CSV.",
            "kan ikke leses som CSV ({why}); lagre den på nytt som CSV."),
    "xy": ("coordinates are east/north in columns '{x}' and '{y}' but no CRS was given; "
           f"{_CRS_EN} (or EPSG:4326 if they are longitude/latitude).", "koordinatene er "
           f"øst/nord i kolonnene '{{x}}' og '{{y}}', men ingen CRS er oppgitt; {_CRS_NB} "
           "(eller EPSG:4326 for lengde-/breddegrad)."),
    "nocoords": ("no coordinate columns found (columns: {cols}); name them lat and lon, or x and "
                 "y and pass --crs.", "fant ingen koordinatkolonner (kolonner: {cols}); kall dem "
                 "lat og lon, eller x og y og oppgi --crs."),
}


def _msg(key: str, **values: object) -> Issue:
    """Fill message ``key``; a tuple value gives its (English, bokmål) variants."""
    return tuple(  # type: ignore[return-value]
        text.format(**{k: v[lang] if isinstance(v, tuple) else v for k, v in values.items()})
        for lang, text in enumerate(_MSG[key]))


def _refuse(name: str, *issues: Issue) -> InputError:
    """Build one error naming the file and every issue with its fix."""
    if len(issues) == 1:
        return InputError(f"{name}: {issues[0][0]}", nb=f"{name}: {issues[0][1]}")
    en, nb = (" ".join(f"({i}) {t[lang]}" for i, t in enumerate(issues, 1)) for lang in (0, 1))
    return InputError(f"{name} has {len(issues)} problems: {en}",
                      nb=f"{name} har {len(issues)} problemer: {nb}")


def _rows(items: list[str], nb: bool = False) -> str:
    """Join listed items, cut after :data:`_MAX_LISTED` with a count of the rest."""
    more = len(items) - _MAX_LISTED
    tail = (f" og {more} til" if nb else f" and {more} more") if more > 0 else ""
    return ", ".join(items[:_MAX_LISTED]) + tail


@dataclass
class _Raw:
    """One file as read: attribute table, geometries in the source CRS, findings."""

    table: pd.DataFrame
    geoms: list[shapely.Geometry | None]
    crs: pyproj.CRS | None  # None: the file declares none (degrees assumed if plausible)
    fmt: str
    problems: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    latlon_cols: tuple[str, str] | None = None  # CSV (lat, lon) column names
    crs_missing: bool = False  # CSV east/north without a CRS (already an issue)


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


def read_plots(source: str | Path | bytes, *, filename: str | None = None,
               crs: str | None = None, extra_columns: Sequence[str] = (),
               unique_ids: bool = True) -> gpd.GeoDataFrame:
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
        Required for CSV east/north (x/y) columns. For other files without a CRS
        (or with a geographic one) it is used only when no coordinate can be
        longitude/latitude in degrees; a projected CRS declared by the file wins.
    extra_columns : sequence of str
        Further columns to carry through as cleaned text (matched in any case;
        "" where absent), e.g. ``("category",)`` for a service register.
    unique_ids : bool
        Refuse duplicate ids (plots); a service register may repeat names.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``plot_id`` (str, unique), ``name`` (str), ``problem`` (str, ""
        when fine) and ``geometry`` (Point, Polygon, MultiPolygon or None), in
        EPSG:4326 (lon/lat degrees), one row per input row, in input order.

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
        raise _refuse(name, _msg("ext", ext=PurePosixPath(name).suffix or "(none)"))
    try:
        user_crs = None if crs is None else pyproj.CRS.from_user_input(crs)
    except pyproj.exceptions.CRSError as err:
        raise _refuse(name, _msg("crs", crs=crs)) from err
    data = _load(source, name)
    if not data.strip(b" \t\r\n\x00").removeprefix(codecs.BOM_UTF8).strip():
        raise _refuse(name, _msg("empty"))
    raw = _READERS[fmt](data, name, user_crs)
    if not raw.geoms and not raw.issues:
        raise _refuse(name, _msg("none", unit=("rows", "rader") if fmt == "CSV" else (
            "features", "objekter")))
    plots = _finish(raw, name, user_crs, unique_ids)
    for column in extra_columns:
        pos = _column(raw.table, [column.casefold()])
        plots[column] = [_text(v) for v in raw.table.iloc[:, pos]] if pos is not None else ""
    return plots


def _finish(raw: _Raw, name: str, user_crs: pyproj.CRS | None,
            unique_ids: bool = True) -> gpd.GeoDataFrame:
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
        raise _refuse(name, *issues, *crs_issues)
    if user_crs is not None and src_crs is not None and src_crs != user_crs:
        logger.warning("%s: coordinates are in %s; ignoring the given CRS %s", name,
                       src_crs.to_string(), user_crs.to_string())
    plots = gpd.GeoDataFrame({"plot_id": ids, "name": _plot_names(raw.table, ids),
                              "problem": problems}, geometry=geoms, crs=src_crs).to_crs(_WGS84)
    bad = ~_in_degrees(plots.geometry.array) & plots.geometry.notna().to_numpy()
    plots.loc[bad, "problem"] = OUT_OF_RANGE
    plots.loc[bad, "geometry"] = None
    kinds = plots.geometry.geom_type
    logger.info("%s: read %d plots (%d points, %d polygons, %d with problems)", name, len(plots),
                (kinds == "Point").sum(), kinds.isin(["Polygon", "MultiPolygon"]).sum(),
                (plots["problem"] != "").sum())
    return plots


def _load(source: str | Path | bytes, name: str) -> bytes:
    """Return the bytes of the upload or file."""
    if isinstance(source, bytes):
        return source
    try:
        return Path(source).read_bytes()
    except OSError as err:
        raise _refuse(name, _msg("os", why=f"{err.strerror}: {source}")) from err


def _text(value: object) -> str:
    """Return a cell as text without control characters, trimmed; "" when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(" " if ch in "\t\n\r\v\f" else ch for ch in str(value).translate(_BIDI))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def _column(table: pd.DataFrame, wanted: Sequence[str]) -> int | None:
    """Return the position of the first column named (any case) like one of ``wanted``."""
    found: dict[str, int] = {}
    for pos, col in enumerate(table.columns):
        found.setdefault(str(col).strip().casefold(), pos)
    return next((found[w] for w in wanted if w in found), None)


def _plot_ids(table: pd.DataFrame, n: int) -> tuple[list[str], str | None]:
    """Return plot ids (blank ones numbered "1", "2", ... avoiding used ids) and the column."""
    pos = _column(table, _ID_COLS)
    given = [_text(v) for v in table.iloc[:, pos]] if pos is not None else [""] * n
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
    pos = _column(table, _NAME_COLS)
    given = [_text(v) for v in table.iloc[:, pos]] if pos is not None else [""] * len(ids)
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
    en = _rows([f"row {i} (id '{pid}') is {why[0]}" for i, pid, why in bad])
    nb = _rows([f"rad {i} (id '{pid}') er {why[1]}" for i, pid, why in bad], nb=True)
    return [_msg("types", rows=(en, nb))]


def _duplicate_issues(ids: list[str], column: str | None) -> list[Issue]:
    """Refuse duplicated plot ids, naming each id and its rows."""
    rows: dict[str, list[str]] = defaultdict(list)
    for i, plot_id in enumerate(ids, 1):
        rows[plot_id].append(str(i))
    dups = [(k, ", ".join(v)) for k, v in rows.items() if len(v) > 1]
    if not dups:
        return []
    en = _rows([f"'{k}' (rows {v})" for k, v in dups])
    nb = _rows([f"'{k}' (rad {v})" for k, v in dups], nb=True)
    return [_msg("dups", col=column, rows=(en, nb))]


def _in_degrees(geoms: Sequence[shapely.Geometry | None] | np.ndarray) -> np.ndarray:
    """Return per geometry whether all its coordinates are finite lon/lat degrees."""
    b = shapely.bounds(np.asarray(geoms, dtype=object))
    with np.errstate(invalid="ignore"):
        ok = (b[:, 0] >= -180) & (b[:, 2] <= 180) & (b[:, 1] >= -90) & (b[:, 3] <= 90)
    return ok & np.isfinite(b).all(axis=1)


def _decide_crs(raw: _Raw, geoms: list[shapely.Geometry | None],
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
            return None, [_msg("swapcols", lat=lat, lon=lon, x=x, y=y)]
        return None, [_msg("swapxy", x=x, y=y, fmt=raw.fmt)]
    if np.any(_in_degrees(present)):
        return raw.crs or _WGS84, []
    if user_crs is not None:
        return user_crs, []
    has = ("has no CRS", "har ingen CRS") if raw.crs is None else (
        f"says its CRS is {raw.crs.to_string()} (degrees)", f"oppgir CRS {raw.crs.to_string()}")
    return None, [_msg("metres", x=x, y=y, has=has)]


def _read_geojson(data: bytes, name: str, user_crs: pyproj.CRS | None) -> _Raw:
    """Read GeoJSON with :mod:`json` and shapely (exact rows, feature ids, absent CRS)."""
    doc, crs = _geojson_doc(data, name)
    features = doc.get("features") if doc["type"] == "FeatureCollection" else [
        doc if doc["type"] == "Feature" else {"type": "Feature", "geometry": doc}]
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        raise _refuse(name, _msg("geojson", why=("'features' is not a list of features",
                                                 "'features' er ikke en liste med objekter")))
    props = [f["properties"] if isinstance(f.get("properties"), dict) else {} for f in features]
    table = pd.DataFrame(props, index=pd.RangeIndex(len(features)))
    if _column(table, ("id",)) is None and any("id" in f for f in features):
        table["id"] = [f.get("id") for f in features]
    geoms, problems = [], []
    for feature in features:
        geom = feature.get("geometry")
        parsed = None if geom is None else shapely.from_geojson(json.dumps(geom),
                                                                 on_invalid="ignore")
        geoms.append(parsed)
        problems.append("unreadable geometry" if geom is not None and parsed is None else "")
    return _Raw(table, geoms, crs, "GeoJSON", problems)


def _geojson_doc(data: bytes, name: str) -> tuple[dict, pyproj.CRS | None]:
    """Parse and check the GeoJSON object; return it and the CRS of an old-style ``crs``."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise _refuse(name, _msg("geojson", why=("not UTF-8 text", "ikke UTF-8-tekst"))) from err
    except json.JSONDecodeError as err:
        where = (f"invalid JSON at line {err.lineno}, column {err.colno}",
                 f"ugyldig JSON på linje {err.lineno}, kolonne {err.colno}")
        raise _refuse(name, _msg("geojson", why=where)) from err
    if not isinstance(doc, dict) or str(doc.get("type")) not in _GEOJSON_TYPES:
        raise _refuse(name, _msg("geojson", why=("JSON without a GeoJSON 'type'",
                                                 "JSON uten GeoJSON-'type'")))
    if (member := doc.get("crs")) is None:
        return doc, None
    text = member.get("properties", {}).get("name") if isinstance(member, dict) else None
    try:
        return doc, pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as err:
        why = (f"its 'crs' member {json.dumps(member)} is not understood; remove it",
               f"'crs'-feltet {json.dumps(member)} er ukjent; fjern det")
        raise _refuse(name, _msg("geojson", why=why)) from err


def _read_vector(data: bytes, name: str, user_crs: pyproj.CRS | None, fmt: str) -> _Raw:
    """Read a GeoPackage or zipped Shapefile with pyogrio via a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.gpkg"
        if fmt == "Shapefile":
            path = _unzip(data, name, Path(tmp))
        else:
            path.write_bytes(data)
        try:
            layers = [str(lyr) for lyr, kind in pyogrio.list_layers(path) if kind]
            chosen = [x for x in layers if len(layers) == 1 or x.casefold() in ("plots", "tomter")]
            if len(chosen) != 1:
                names = ", ".join(f"'{lyr}'" for lyr in layers) or "-"
                raise _refuse(name, _msg("layers", n=len(layers), names=names))
            frame = pyogrio.read_dataframe(path, layer=chosen[0])
        except _PYOGRIO_ERRORS as err:
            why = str(err).replace(str(path), name)[:300]
            raise _refuse(name, _msg("vector", fmt=fmt, why=why)) from err
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    crs = None if frame.crs is None else pyproj.CRS.from_user_input(frame.crs)
    return _Raw(table, list(frame.geometry), crs, fmt)


def _unzip(data: bytes, name: str, folder: Path) -> Path:
    """Extract a zipped Shapefile into ``folder`` after checking its entries; return the .shp."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            shp = _shapefile_entry(archive.infolist(), name)
            archive.extractall(folder, members=[i for i in archive.infolist() if not i.is_dir()])
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
        raise _refuse(name, _msg("zip")) from err  # corrupt, unsupported or encrypted
    return folder / shp


def _shapefile_entry(infos: list[zipfile.ZipInfo], name: str) -> str:
    """Refuse unsafe (zip-slip) or unsuitable archives; return the one .shp entry name."""
    unsafe = [i.filename for i in infos if (p := i.filename.replace("\\", "/")).startswith("/")
              or p[1:2] == ":" or ".." in PurePosixPath(p).parts]  # absolute, C:, ..
    if unsafe:
        en = _rows([f"entry '{u}' tries to escape its folder" for u in unsafe])
        nb = _rows([f"oppføringen '{u}' prøver å gå ut av mappen" for u in unsafe], nb=True)
        raise _refuse(name, _msg("slip", rows=(en, nb)))
    if sum(i.file_size for i in infos) > _MAX_UNZIPPED:
        raise _refuse(name, _msg("bomb"))
    files = [i.filename for i in infos if not i.is_dir() and not i.filename.startswith(
        "__MACOSX/") and not PurePosixPath(i.filename).name.startswith("._")]
    shps = [f for f in files if f.lower().endswith(".shp")]
    if len(shps) != 1:
        raise _refuse(name, _msg("shps", n=len(shps), names=", ".join(shps) or "-"))
    lower, stem = {f.lower() for f in files}, shps[0][:-4]
    missing = [stem + e for e in (".shx", ".dbf") if (stem + e).lower() not in lower]
    if missing:
        raise _refuse(name, _msg("parts", shp=shps[0], missing=(
            " and ".join(missing), " og ".join(missing))))
    return shps[0]


def _decode(data: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-16 with BOM, UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    raise _refuse(name, _msg("encoding"))


def _split_csv(text: str, name: str) -> list[list[str]]:
    """Split CSV text into rows, sniffing tab, semicolon or comma; drop blank lines."""
    lines = text.splitlines()
    delimiter = None
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) == 5:  # Excel hint
        delimiter, lines = lines[0][4], lines[1:]
    sample = [ln for ln in lines if ln.strip()][:50]
    if delimiter is None:
        widths = {d: [len(r) for r in csv.reader(sample, delimiter=d)] for d in "\t;,"}
        steady = [d for d, w in widths.items() if w and w[0] > 1 and len(set(w)) == 1]
        delimiter = steady[0] if steady else max(widths, key=lambda d: widths[d][:1] or [0])
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error as err:
        raise _refuse(name, _msg("csv", why=str(err))) from err
    return [r for r in rows if any(c.strip() for c in r)]


def _number(text: str) -> float | None:
    """Parse a coordinate with decimal point or comma; None if blank/NaN, ValueError if bad."""
    t = "".join(ch for ch in text.strip().replace("\u2212", "-") if ch not in " \u00a0\u202f")
    if not t:
        return None
    if "," in t:
        if "." in t or t.count(",") > 1:
            raise ValueError(text)
        t = t.replace(",", ".")
    value = float(t)
    return value if math.isfinite(value) else None


def _read_csv(data: bytes, name: str, user_crs: pyproj.CRS | None) -> _Raw:
    """Read plots from CSV with lat/lon or east/north (needs ``crs``) columns."""
    rows = _split_csv(_decode(data, name), name)
    header, body = ([h.strip() for h in rows[0]], rows[1:]) if rows else ([], [])
    issues: list[Issue] = []  # file-level problems found while reading
    table = pd.DataFrame([(r + [""] * len(header))[: len(header)] for r in body],
                         columns=pd.Index(header, dtype=object), dtype=object)
    lat, lon = _column(table, _LAT), _column(table, _LON)
    east, north = _column(table, _EAST), _column(table, _NORTH)
    if lat is not None and lon is not None:
        xcol, ycol, crs, cols = lon, lat, None, (header[lat], header[lon])
    elif east is not None and north is not None:
        xcol, ycol, crs, cols = east, north, user_crs, None
        if user_crs is None:
            issues.append(_msg("xy", x=header[east], y=header[north]))
    else:
        found = ", ".join(f"'{h}'" for h in header)
        raise _refuse(name, _msg("nocoords", cols=found))
    geoms, problems = _csv_points(table, xcol, ycol)
    return _Raw(table, geoms, crs, "CSV", problems, issues, cols, crs is None and cols is None)


def _csv_points(table: pd.DataFrame, xcol: int,
                ycol: int) -> tuple[list[shapely.Geometry | None], list[str]]:
    """Build points from two coordinate columns; note missing or unreadable ones per row."""
    geoms: list[shapely.Geometry | None] = []
    problems: list[str] = []
    xname, yname = table.columns[xcol], table.columns[ycol]
    for xs, ys in zip(table.iloc[:, xcol], table.iloc[:, ycol], strict=True):
        try:
            x, y = _number(xs), _number(ys)
        except ValueError:
            x = y = None
            problems.append(f"unreadable coordinates ({yname} '{_text(ys)}', "
                            f"{xname} '{_text(xs)}')")
        else:
            problems.append(MISSING if x is None or y is None else "")
        geoms.append(None if x is None or y is None else shapely.Point(x, y))
    return geoms, problems


_READERS: dict[str, Callable[[bytes, str, pyproj.CRS | None], _Raw]] = {
    "GeoJSON": _read_geojson, "CSV": _read_csv,
    "GeoPackage": partial(_read_vector, fmt="GeoPackage"),
    "Shapefile": partial(_read_vector, fmt="Shapefile")}
