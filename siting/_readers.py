"""The format readers of the plots reader: GeoJSON, CSV, Excel, GeoPackage, zipped Shapefile.

Each reader turns the bytes of one file into a :class:`Raw`: the attribute
table, the geometries in the file's own CRS and what was found on the way;
:mod:`siting.plots` validates and finishes it. :data:`READERS` maps a format
name (as in :data:`siting.plots.FORMATS`) to its reader.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import math
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd
import pyogrio
import pyproj
import shapely
from pyogrio.errors import CRSError, DataLayerError, DataSourceError, FieldError, GeometryError

from ._plot_messages import MISSING, OUT_OF_RANGE, Issue, listed, msg, refuse

__all__ = ["LAT_LON_EAST_NORTH", "READERS", "Raw", "cell_text", "decode_text", "find_column",
           "split_csv"]

_LAT, _LON = ("lat", "latitude", "breddegrad"), ("lon", "lng", "long", "longitude", "lengdegrad")
_EAST, _NORTH = ("x", "øst", "ost", "east", "easting"), ("y", "nord", "north", "northing")
#: Every coordinate column name the readers look for (any case).
LAT_LON_EAST_NORTH = (*_LAT, *_LON, *_EAST, *_NORTH)
_GEOJSON_TYPES = {"FeatureCollection", "Feature", "Point", "MultiPoint", "LineString",
                  "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"}
_PYOGRIO_ERRORS = (CRSError, DataLayerError, DataSourceError, FieldError, GeometryError)
#: Limits of an uploaded zipped Shapefile: unpacked size (bytes) and number of entries.
MAX_UNZIPPED = 200 * 1024**2
MAX_ENTRIES = 1000
#: Deepest nesting of a GeoJSON document accepted (a polygon with holes needs 5 levels).
MAX_DEPTH = 64
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


@dataclass
class Raw:
    """One file as read: attribute table, geometries in the source CRS, findings."""

    table: pd.DataFrame
    geoms: list[shapely.Geometry | None]
    crs: pyproj.CRS | None  # None: the file declares none (degrees assumed if plausible)
    fmt: str
    problems: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    latlon_cols: tuple[str, str] | None = None  # CSV (lat, lon) column names
    crs_missing: bool = False  # CSV east/north without a CRS (already an issue)
    crs_applied: bool = False  # the given CRS was used here (rows in east/north and in degrees)


def cell_text(value: object) -> str:
    """Return a cell as text without control characters, trimmed; "" when missing."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(" " if ch in "\t\n\r\v\f" else ch for ch in str(value).translate(_BIDI))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def find_column(table: pd.DataFrame, wanted: Sequence[str]) -> int | None:
    """Return the position of the first column named (any case) like one of ``wanted``."""
    found: dict[str, int] = {}
    for pos, col in enumerate(table.columns):
        found.setdefault(str(col).strip().casefold(), pos)
    return next((found[w] for w in wanted if w in found), None)


def _read_geojson(data: bytes, name: str, user_crs: pyproj.CRS | None) -> Raw:
    """Read GeoJSON with :mod:`json` and shapely (exact rows, feature ids, absent CRS)."""
    doc, crs = _geojson_doc(data, name)
    features = doc.get("features") if doc["type"] == "FeatureCollection" else [
        doc if doc["type"] == "Feature" else {"type": "Feature", "geometry": doc}]
    if not isinstance(features, list) or not all(isinstance(f, dict) for f in features):
        raise refuse(name, msg("geojson", why=("'features' is not a list of features",
                                                 "'features' er ikke en liste med objekter")))
    props = [f["properties"] if isinstance(f.get("properties"), dict) else {} for f in features]
    table = pd.DataFrame(props, index=pd.RangeIndex(len(features)))
    if find_column(table, ("id",)) is None and any("id" in f for f in features):
        table["id"] = [f.get("id") for f in features]
    geoms, problems = [], []
    for feature in features:
        geom = feature.get("geometry")
        parsed = None if geom is None else shapely.from_geojson(json.dumps(geom),
                                                                 on_invalid="ignore")
        geoms.append(parsed)
        problems.append("unreadable geometry" if geom is not None and parsed is None else "")
    return Raw(table, geoms, crs, "GeoJSON", problems)


def _geojson_doc(data: bytes, name: str) -> tuple[dict, pyproj.CRS | None]:
    """Parse and check the GeoJSON object; return it and the CRS of an old-style ``crs``."""
    if _too_deep(data):
        raise refuse(name, msg("nested", depth=MAX_DEPTH))
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as err:
        raise refuse(name, msg("geojson", why=("not UTF-8 text", "ikke UTF-8-tekst"))) from err
    except json.JSONDecodeError as err:
        where = (f"invalid JSON at line {err.lineno}, column {err.colno}",
                 f"ugyldig JSON på linje {err.lineno}, kolonne {err.colno}")
        raise refuse(name, msg("geojson", why=where)) from err
    except RecursionError as err:  # deeper than the bracket count saw (brackets in strings)
        raise refuse(name, msg("nested", depth=MAX_DEPTH)) from err
    if not isinstance(doc, dict) or str(doc.get("type")) not in _GEOJSON_TYPES:
        raise refuse(name, msg("geojson", why=("JSON without a GeoJSON 'type'",
                                                 "JSON uten GeoJSON-'type'")))
    if (member := doc.get("crs")) is None:
        return doc, None
    props = member.get("properties") if isinstance(member, dict) else None
    text = props.get("name") if isinstance(props, dict) else None
    try:
        if not isinstance(text, str):
            raise pyproj.exceptions.CRSError("no name")
        return doc, pyproj.CRS.from_user_input(text)
    except pyproj.exceptions.CRSError as err:
        why = (f"its 'crs' member {json.dumps(member)} is not understood; remove it",
               f"'crs'-feltet {json.dumps(member)} er ukjent; fjern det")
        raise refuse(name, msg("geojson", why=why)) from err


def _too_deep(data: bytes) -> bool:
    """Whether the JSON text nests arrays or objects deeper than :data:`MAX_DEPTH` (a rough
    count that ignores brackets inside strings: enough to refuse before parsing)."""
    depth = deepest = 0
    for byte in data.translate(None, _NOT_BRACKETS):
        depth += 1 if byte in b"[{" else -1
        deepest = max(deepest, depth)
        if deepest > MAX_DEPTH:
            return True
    return False


_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def _read_vector(data: bytes, name: str, user_crs: pyproj.CRS | None, fmt: str) -> Raw:
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
                raise refuse(name, msg("layers", n=len(layers), names=names))
            frame = pyogrio.read_dataframe(path, layer=chosen[0])
        except _PYOGRIO_ERRORS as err:
            why = str(err).replace(str(path), name)[:300]
            raise refuse(name, msg("vector", fmt=fmt, why=why)) from err
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    crs = None if frame.crs is None else pyproj.CRS.from_user_input(frame.crs)
    return Raw(table, list(frame.geometry), crs, fmt)


def _unzip(data: bytes, name: str, folder: Path) -> Path:
    """Extract a zipped Shapefile into ``folder`` after checking its entries; return the .shp."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            shp = _shapefile_entry(archive.infolist(), name)
            archive.extractall(folder, members=[i for i in archive.infolist() if not i.is_dir()])
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as err:
        raise refuse(name, msg("zip")) from err  # corrupt, unsupported or encrypted
    return folder / shp


def _shapefile_entry(infos: list[zipfile.ZipInfo], name: str) -> str:
    """Refuse unsafe (zip-slip) or unsuitable archives; return the one .shp entry name."""
    unsafe = [i.filename for i in infos if (p := i.filename.replace("\\", "/")).startswith("/")
              or p[1:2] == ":" or ".." in PurePosixPath(p).parts]  # absolute, C:, ..
    if unsafe:
        en = listed([f"entry '{u}' tries to escape its folder" for u in unsafe])
        nb = listed([f"oppføringen '{u}' prøver å gå ut av mappen" for u in unsafe], nb=True)
        raise refuse(name, msg("slip", rows=(en, nb)))
    if len(infos) > MAX_ENTRIES:
        raise refuse(name, msg("entries", n=f"{len(infos):,}".replace(",", "\u00a0"),
                               limit=MAX_ENTRIES))
    if sum(i.file_size for i in infos) > MAX_UNZIPPED:
        raise refuse(name, msg("bomb", mb=MAX_UNZIPPED // 1024**2))
    files = [i.filename for i in infos if not i.is_dir() and not i.filename.startswith(
        "__MACOSX/") and not PurePosixPath(i.filename).name.startswith("._")]
    shps = [f for f in files if f.lower().endswith(".shp")]
    if len(shps) != 1:
        raise refuse(name, msg("shps", n=len(shps), names=(listed(shps) or "-",
                                                           listed(shps, nb=True) or "-")))
    lower, stem = {f.lower() for f in files}, shps[0][:-4]
    missing = [stem + e for e in (".shx", ".dbf") if (stem + e).lower() not in lower]
    if missing:
        raise refuse(name, msg("parts", shp=shps[0], missing=(
            " and ".join(missing), " og ".join(missing))))
    return shps[0]


def decode_text(data: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-16 with BOM, UTF-8 (BOM optional), else Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp1252"):
        with contextlib.suppress(UnicodeDecodeError):
            return data.decode(encoding)
    raise refuse(name, msg("encoding"))


def split_csv(text: str, name: str) -> list[list[str]]:
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
        raise refuse(name, msg("csv", why=str(err))) from err
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


def _read_csv(data: bytes, name: str, user_crs: pyproj.CRS | None) -> Raw:
    """Read plots from CSV (:func:`_read_rows`)."""
    return _read_rows(split_csv(decode_text(data, name), name), name, user_crs)


def _read_xlsx(data: bytes, name: str, user_crs: pyproj.CRS | None) -> Raw:
    """Read plots from the first sheet of an Excel workbook as from the same table saved
    as CSV; a title above the header and a total row at the bottom are left out
    (:func:`siting._xlsx.xlsx_rows`)."""
    from ._xlsx import xlsx_rows

    return _read_rows(xlsx_rows(data, name, _names_columns), name, user_crs)


def _names_columns(cells: list[str]) -> bool:
    """Whether a row names coordinate or location columns: the header of a plots table."""
    from .locate import has_location_columns

    table = pd.DataFrame(columns=pd.Index([c.strip() for c in cells], dtype=object))
    return (_pair(table, _LON, _LAT) is not None or _pair(table, _EAST, _NORTH) is not None
            or has_location_columns(table))


def _read_rows(rows: list[list[str]], name: str, user_crs: pyproj.CRS | None) -> Raw:
    """Read plots from a table's rows (header first) with lat/lon or east/north (needs
    ``crs``) columns; a table with both reads each row by the columns it fills
    (:func:`_read_mixed`)."""
    header, body = ([h.strip() for h in rows[0]], rows[1:]) if rows else ([], [])
    issues: list[Issue] = []  # file-level problems found while reading
    table = pd.DataFrame([(r + [""] * len(header))[: len(header)] for r in body],
                         columns=pd.Index(header, dtype=object), dtype=object)
    degrees, metres = _pair(table, _LON, _LAT), _pair(table, _EAST, _NORTH)
    if degrees is not None and metres is not None:  # both kinds of column: which do rows fill?
        by_degrees = _filled(table, degrees)
        by_metres = _filled(table, metres) & ~by_degrees
        if by_degrees.any() and by_metres.any():
            return _read_mixed(table, degrees, metres, by_metres, user_crs)
        if by_metres.any():  # the latitude/longitude columns are empty
            degrees = None
    if degrees is not None:
        (xcol, ycol), crs, cols = degrees, None, (header[degrees[1]], header[degrees[0]])
    elif metres is not None:
        (xcol, ycol), crs, cols = metres, user_crs, None
        if user_crs is None:
            issues.append(msg("xy", x=header[metres[0]], y=header[metres[1]]))
    else:
        from .locate import has_location_columns  # plots named by address or gnr/bnr

        if not has_location_columns(table):
            found = ", ".join(f"'{h}'" for h in header)
            raise refuse(name, msg("nocoords", cols=found))
        return Raw(table, [None] * len(table), None, "CSV", [MISSING] * len(table), issues)
    geoms, problems = _csv_points(table, xcol, ycol)
    return Raw(table, geoms, crs, "CSV", problems, issues, cols, crs is None and cols is None)


def _pair(table: pd.DataFrame, xnames: Sequence[str],
          ynames: Sequence[str]) -> tuple[int, int] | None:
    """The positions of an x and a y column (longitude/latitude or east/north), or None."""
    x, y = find_column(table, xnames), find_column(table, ynames)
    return None if x is None or y is None else (x, y)


def _filled(table: pd.DataFrame, pair: tuple[int, int]) -> np.ndarray:
    """Per row: whether either cell of the coordinate columns ``pair`` holds anything."""
    return np.array([bool(cell_text(x) or cell_text(y)) for x, y in zip(
        table.iloc[:, pair[0]], table.iloc[:, pair[1]], strict=True)], dtype=bool)


def _read_mixed(table: pd.DataFrame, degrees: tuple[int, int], metres: tuple[int, int],
                by_metres: np.ndarray, user_crs: pyproj.CRS | None) -> Raw:
    """Read a CSV whose rows give either latitude/longitude or east/north: each row by the
    columns it fills (``by_metres``: east/north in ``user_crs``, turned into degrees here).

    Without ``user_crs`` the east/north rows cannot be placed: one issue names them.
    """
    header = [str(c) for c in table.columns]
    cols = (header[degrees[1]], header[degrees[0]])  # (lat, lon) names, for a swap message
    geoms, problems = _csv_points(table, *degrees)
    rows = [str(i + 1) for i in np.flatnonzero(by_metres)]
    if user_crs is None:
        where = (f"row {rows[0]} gives" if len(rows) == 1 else f"rows {listed(rows)} give",
                 f"rad {rows[0]} oppgir" if len(rows) == 1
                 else f"radene {listed(rows, nb=True)} oppgir")
        issue = msg("xyrows", rows=where, x=header[metres[0]], y=header[metres[1]])
        return Raw(table, geoms, None, "CSV", problems, [issue], cols)
    en_geoms, en_problems = _csv_points(table, *metres)
    to_degrees = pyproj.Transformer.from_crs(user_crs, "EPSG:4326", always_xy=True)
    for i in np.flatnonzero(by_metres):
        geom, problems[i] = en_geoms[i], en_problems[i]
        if geom is not None:
            x, y = to_degrees.transform(geom.x, geom.y)
            geom = shapely.Point(x, y) if math.isfinite(x) and math.isfinite(y) else None
            problems[i] = problems[i] if geom is not None else OUT_OF_RANGE
        geoms[i] = geom
    return Raw(table, geoms, None, "CSV", problems, [], cols, crs_applied=True)


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
            problems.append(f"unreadable coordinates ({yname} '{cell_text(ys)}', "
                            f"{xname} '{cell_text(xs)}')")
        else:
            problems.append(MISSING if x is None or y is None else "")
        geoms.append(None if x is None or y is None else shapely.Point(x, y))
    return geoms, problems


READERS: dict[str, Callable[[bytes, str, pyproj.CRS | None], Raw]] = {
    "GeoJSON": _read_geojson, "CSV": _read_csv, "Excel": _read_xlsx,
    "GeoPackage": partial(_read_vector, fmt="GeoPackage"),
    "Shapefile": partial(_read_vector, fmt="Shapefile")}
