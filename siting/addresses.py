"""Address points: from the OSM extract itself, or from Kartverket's address file.

Norwegian OSM addresses (``addr:street`` + ``addr:housenumber``) come from
Kartverket's address import, so an extract carries the municipality's
addresses (central Oslo: about 13,000). Kartverket's own open file per
municipality, ``matrikkelenVegadresse.csv`` (Geonorge, "Matrikkelen - Adresse",
CSV), adds the cadastral numbers (gårdsnummer/bruksnummer) that offices use to
name a plot, and an access point (``atkomstNord``/``atkomstØst``: where the
road meets the plot), which is preferred to the address point.

Both readers return one address table (:func:`empty_addresses` shows the
columns); :mod:`siting.geocode` matches text and gnr/bnr against it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import pandas as pd
import pyproj

from ._readers import cell_text, decode_text, split_csv
from .errors import InputError
from .text import said

__all__ = ["ADDRESS_COLUMNS", "ADDRESS_TAGS", "addresses_from_columns", "addresses_from_file",
           "addresses_from_tags", "empty_addresses", "parse_housenumber", "read_address_file"]

log = logging.getLogger(__name__)

#: Columns of an address table. ``number`` is the house number (0: none),
#: ``letter`` its letter ("" none, upper case); ``gnr``/``bnr``/``fnr`` the
#: cadastral unit (0: unknown); ``lon``/``lat`` degrees (EPSG:4326); ``source``
#: "osm" or "kartverket"; ``point`` "access" (atkomst) or "address".
ADDRESS_COLUMNS: tuple[str, ...] = (
    "street", "number", "letter", "postcode", "city", "kommune", "gnr", "bnr", "fnr",
    "lon", "lat", "source", "point")
#: The OSM tags an address is made of.
ADDRESS_TAGS: tuple[str, ...] = (
    "addr:street", "addr:place", "addr:housenumber", "addr:postcode", "addr:city",
)
_NUMBER = re.compile(r"^\s*(\d{1,5})\s*([A-Za-zÆØÅæøå]?)\s*(?:[-–/]\s*\d+\s*[A-Za-zÆØÅæøå]?)?\s*$")
#: Columns of Kartverket's file we need (case as Kartverket writes them).
_KV_NEEDED = ("adressenavn", "nummer", "EPSG-kode", "Nord", "Øst")
_KV_PARCEL = ("gardsnummer", "bruksnummer")


def empty_addresses() -> pd.DataFrame:
    """Return an address table with no rows (see :data:`ADDRESS_COLUMNS`)."""
    return _frame([])


def _frame(rows: list[dict[str, Any]] | dict[str, list[Any]]) -> pd.DataFrame:
    """Build an address table from row dicts (or columns), with the documented dtypes."""
    frame = pd.DataFrame(rows, columns=list(ADDRESS_COLUMNS))
    for col in ("number", "gnr", "bnr", "fnr"):
        frame[col] = frame[col].fillna(0).astype(np.int64)
    for col in ("lon", "lat"):
        frame[col] = frame[col].astype(float)
    for col in ("street", "letter", "postcode", "city", "kommune", "source", "point"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), "").astype(str)
    return frame


def parse_housenumber(text: str) -> tuple[int, str] | None:
    """Split a house number into number and letter: "13A" -> (13, "A"), "13 b" -> (13, "B").

    A range such as "13-15" gives its first number. None if ``text`` is not a
    house number.
    """
    found = _NUMBER.match(text or "")
    if found is None:
        return None
    return int(found.group(1)), found.group(2).upper()


def addresses_from_tags(items: Iterable[tuple[dict[str, str], float, float]]) -> pd.DataFrame:
    """Address rows from OSM objects: (tags, lon, lat) for each object with an address.

    ``addr:street`` (or ``addr:place`` for addresses without a street) and
    ``addr:housenumber`` are required; several numbers ("13;15") give one row
    each. Duplicates (the same address on a node and a building) keep the first.
    """
    rows = list(items)
    tags = {key: [t.get(key) for t, _, _ in rows] for key in ADDRESS_TAGS}
    return addresses_from_columns(tags, [lon for _, lon, _ in rows], [lat for _, _, lat in rows])


def addresses_from_columns(tags: dict[str, Any], lon: Any, lat: Any) -> pd.DataFrame:
    """:func:`addresses_from_tags` of objects given column-wise: per tag of
    :data:`ADDRESS_TAGS` a sequence with a value per object (None where the object
    lacks it), and the objects' lon and lat.

    Each distinct house number and street is parsed once (at 4x4 tiled Oslo,
    212,000 address nodes share 1,143 house numbers).
    """
    street = [s or p or "" for s, p in zip(tags["addr:street"], tags["addr:place"], strict=True)]
    street_code, streets = pd.factorize(np.asarray(street, dtype=object))
    tidy = np.array([" ".join(text.split()) for text in streets], dtype=object)
    code, texts = pd.factorize(np.asarray(tags["addr:housenumber"], dtype=object))
    parsed = [[n for n in map(parse_housenumber, text.split(";")) if n is not None]
              for text in texts]  # (a missing number has code -1: no rows)
    count = np.array([len(p) for p in parsed] + [0], dtype=np.int64)[code]
    count[tidy[street_code] == ""] = 0
    at = np.repeat(np.arange(len(code)), count)
    first = np.concatenate([[0], np.cumsum([len(p) for p in parsed])]).astype(np.int64)
    piece = first[code[at]] + np.arange(len(at)) - np.repeat(np.cumsum(count) - count, count)
    flat = [n for p in parsed for n in p]
    postcode, city = (np.asarray(tags[key], dtype=object)[at] for key in ("addr:postcode",
                                                                           "addr:city"))
    return first_of_each(_frame({
        "street": tidy[street_code[at]].tolist(),
        "number": [flat[i][0] for i in piece.tolist()],
        "letter": [flat[i][1] for i in piece.tolist()],
        "postcode": [v or "" for v in postcode.tolist()], "city": [v or "" for v in city.tolist()],
        "lon": np.asarray(lon, dtype=float)[at].tolist(),
        "lat": np.asarray(lat, dtype=float)[at].tolist(),
        "source": ["osm"] * len(at), "point": ["address"] * len(at)}))


def first_of_each(frame: pd.DataFrame) -> pd.DataFrame:
    """The address table without repeats: the first row of each street, number,
    letter and postcode (an address on a node and on its building gives one row)."""
    return frame.drop_duplicates(["street", "number", "letter", "postcode"]).reset_index(drop=True)


def addresses_from_file(path: str | Path) -> pd.DataFrame:
    """Read the address points of an OSM file (nodes, and ways at their centre).

    A pass of its own that reads only objects tagged ``addr:housenumber``. The
    file reader (:mod:`siting._osm_read`) collects the same objects in its one
    pass; this function is the tests' reference for it.
    """
    items = []
    processor = (osmium.FileProcessor(str(path), osmium.osm.NODE | osmium.osm.WAY)
                 .with_locations().with_filter(osmium.filter.KeyFilter("addr:housenumber")))
    for obj in processor:
        if isinstance(obj, osmium.osm.Node) and obj.location.valid():
            items.append((dict(obj.tags), obj.location.lon, obj.location.lat))
        elif isinstance(obj, osmium.osm.Way):
            points = [(n.lon, n.lat) for n in obj.nodes if n.location.valid()]
            if points:
                lon, lat = np.mean(np.asarray(points), axis=0)
                items.append((dict(obj.tags), float(lon), float(lat)))
    frame = addresses_from_tags(items)
    log.info("read %d address points from %s", len(frame), Path(path).name,
             extra=said("log.address_points", n=len(frame), name=Path(path).name))
    return frame


# --------------------------------------------------------------------------- Kartverket
def read_address_file(source: str | Path | bytes, *, filename: str | None = None) -> pd.DataFrame:
    """Read Kartverket's address file (``matrikkelenVegadresse.csv``).

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        The file (``;``-separated, UTF-8 or Windows-1252, with Kartverket's header
        row: ``…;adressenavn;nummer;bokstav;gardsnummer;bruksnummer;festenummer;…;
        EPSG-kode;Nord;Øst;postnummer;poststed;…;atkomstNord;atkomstØst;…``), or
        its bytes (an upload).
    filename : str, optional
        Name of an uploaded file, used in messages.

    Returns
    -------
    pandas.DataFrame
        An address table (:data:`ADDRESS_COLUMNS`), ``source`` "kartverket".
        The position is the access point where the file gives one
        (``point`` "access"), else the address point; reprojected from each
        row's ``EPSG-kode`` (metres, e.g. 25832/25833) to degrees.

    Raises
    ------
    InputError
        If the file cannot be read or lacks Kartverket's columns; the message
        names the file, the columns missing and where to get the file.
    """
    name = Path(filename or ("upload" if isinstance(source, bytes) else str(source))).name
    data = source if isinstance(source, bytes) else _read_bytes(source, name)
    rows = split_csv(decode_text(data, name), name)
    if not rows:
        raise _kv_error(name, "empty")
    header = [h.strip() for h in rows[0]]
    table = pd.DataFrame([(r + [""] * len(header))[: len(header)] for r in rows[1:]],
                         columns=pd.Index(header, dtype=object), dtype=object)
    table.columns = pd.Index([str(c).casefold() for c in table.columns], dtype=object)
    missing = [c for c in (*_KV_NEEDED, *_KV_PARCEL) if c.casefold() not in table.columns]
    if missing:
        raise _kv_error(name, "columns", missing=", ".join(missing))
    frame = _kartverket_rows(table, name)
    access = int((frame["point"] == "access").sum())
    log.info("read %d addresses from %s (%d with an access point)", len(frame), name, access,
             extra=said("log.addresses", n=len(frame), name=name, access=access))
    return frame


def _read_bytes(path: str | Path, name: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as err:
        raise _kv_error(name, "os", why=f"{err.strerror}: {path}") from err


def _kartverket_rows(table: pd.DataFrame, name: str) -> pd.DataFrame:
    """Turn Kartverket's columns (case-folded) into an address table."""
    def col(key: str) -> pd.Series:
        key = key.casefold()
        return table[key].map(cell_text) if key in table else pd.Series("", index=table.index)

    north, east = _coordinates(col("atkomstNord"), col("atkomstØst"))
    a_north, a_east = _coordinates(col("Nord"), col("Øst"))
    access = np.isfinite(north) & np.isfinite(east)
    north, east = np.where(access, north, a_north), np.where(access, east, a_east)
    lon, lat = _to_degrees(col("EPSG-kode"), east, north, name)
    numbers = [parse_housenumber(f"{n}{b}") for n, b in zip(col("nummer"), col("bokstav"),
                                                             strict=True)]
    frame = _frame([{
        "street": " ".join(str(s).split()), "number": num[0] if num else 0,
        "letter": num[1] if num else "", "postcode": pc, "city": city, "kommune": knr,
        "gnr": _int(g), "bnr": _int(b), "fnr": _int(f), "lon": x, "lat": y,
        "source": "kartverket", "point": "access" if acc else "address"}
        for s, num, pc, city, knr, g, b, f, x, y, acc in zip(
            col("adressenavn"), numbers, col("postnummer"), col("poststed"),
            col("kommunenummer"), col("gardsnummer"), col("bruksnummer"), col("festenummer"),
            lon, lat, access, strict=True)])
    usable = np.isfinite(frame["lon"]) & np.isfinite(frame["lat"])
    if not usable.any():
        raise _kv_error(name, "nocoords")
    return frame[usable].reset_index(drop=True)


def _number(text: str) -> float:
    t = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        return float(t) if t else np.nan
    except ValueError:
        return np.nan


def _coordinates(north: pd.Series, east: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([_number(v) for v in north], dtype=float),
            np.array([_number(v) for v in east], dtype=float))


def _int(text: str) -> int:
    t = text.strip()
    return int(t) if t.isdigit() else 0


def _to_degrees(codes: pd.Series, east: np.ndarray, north: np.ndarray,
                name: str) -> tuple[np.ndarray, np.ndarray]:
    """Reproject each row from its own EPSG code (Kartverket writes e.g. 25832 or 25833)."""
    lon, lat = np.full(len(east), np.nan), np.full(len(east), np.nan)
    epsg = codes.str.replace(r"(?i)^epsg:", "", regex=True).str.strip()
    for code in sorted(set(epsg) - {""}):
        rows = (epsg == code).to_numpy()
        try:
            transformer = pyproj.Transformer.from_crs(f"EPSG:{code}", "EPSG:4326",
                                                      always_xy=True)
        except pyproj.exceptions.CRSError as err:
            raise _kv_error(name, "epsg", code=code) from err
        lon[rows], lat[rows] = transformer.transform(east[rows], north[rows])
    return lon, lat


_KV_FIX = ("download 'Matrikkelen - Adresse' as CSV for the municipality from Geonorge "
           "(matrikkelenVegadresse.csv) and give that file",
           "last ned «Matrikkelen - Adresse» som CSV for kommunen fra Geonorge "
           "(matrikkelenVegadresse.csv) og oppgi den fila")
_KV_MESSAGES: dict[str, tuple[str, str]] = {
    "empty": ("the file is empty; {fix}.", "fila er tom; {fix}."),
    "os": ("cannot be read ({why}); check the path.", "kan ikke leses ({why}); sjekk stien."),
    "columns": ("not Kartverket's address file: the columns {missing} are missing; {fix}.",
                "ikke Kartverkets adressefil: kolonnene {missing} mangler; {fix}."),
    "nocoords": ("no row has coordinates in Nord/Øst or atkomstNord/atkomstØst; {fix}.",
                 "ingen rad har koordinater i Nord/Øst eller atkomstNord/atkomstØst; {fix}."),
    "epsg": ("unknown EPSG-kode '{code}'; Kartverket's files use e.g. 25832 or 25833; {fix}.",
             "ukjent EPSG-kode '{code}'; Kartverkets filer bruker f.eks. 25832 eller 25833; "
             "{fix}."),
}


def _kv_error(name: str, key: str, **values: str) -> InputError:
    en, nb = _KV_MESSAGES[key]
    return InputError(f"{name}: " + en.format(fix=_KV_FIX[0], **values),
                      nb=f"{name}: " + nb.format(fix=_KV_FIX[1], **values))
