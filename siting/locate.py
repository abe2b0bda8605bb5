"""Place plots (and registered services) given by address or by gnr/bnr.

A plots file may name its plots by address (column ``adresse``, with optional
``postnummer``/``poststed``) or by cadastral unit (``gnr``/``bnr``, optional
``fnr``/``snr`` and ``kommunenummer``, or one column ``gnr/bnr`` holding
"21/5"), instead of or beside coordinates. :func:`location_columns` reads those
columns when the file is read; :func:`locate_plots` looks them up in an
:class:`~siting.geocode.AddressBook` once the study area is known.

Each row given by address or unit gets ``match`` (the address used) and
``match_quality`` (:data:`siting.geocode.QUALITIES`); a tolerance used is
stated in ``problem`` (shown as the plot's note). A row that is not found
keeps no location and is flagged with the three nearest suggestions in
``problem`` -- never dropped, never placed by a guess. Coordinates, where a
row has them, win over its address.
"""

from __future__ import annotations

import logging
import re
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._plot_messages import MISSING, row_problem
from ._readers import cell_text, find_column
from .errors import InputError
from .geocode import AddressBook, Match
from .osm import OsmData
from .text import said, t

__all__ = ["LOCATION_NAMES", "address_book", "has_location_columns", "locate_plots",
           "location_columns", "match_problem", "no_location_problem", "parse_parcel",
           "rows_to_locate"]

log = logging.getLogger(__name__)

ADDRESS = ("adresse", "address", "gateadresse", "vegadresse", "veiadresse", "street_address")
POSTCODE = ("postnummer", "postnr", "postcode", "post_code", "zip")
CITY = ("poststed", "city", "sted", "town")
PARCEL = ("gnr/bnr", "gnr_bnr", "gbnr", "g/bnr", "matrikkel", "matrikkelnummer", "eiendom")
PARCEL_PARTS = {"kommune": ("kommunenummer", "knr", "kommunenr"),
                "gnr": ("gnr", "gardsnummer", "gårdsnummer", "gardsnr", "gårdsnr"),
                "bnr": ("bnr", "bruksnummer", "bruksnr"), "fnr": ("fnr", "festenummer"),
                "snr": ("snr", "seksjonsnummer")}
#: Every address and gnr/bnr column name :func:`location_columns` looks for (any case).
LOCATION_NAMES = (*ADDRESS, *POSTCODE, *CITY, *PARCEL, *(n for names in PARCEL_PARTS.values()
                                                         for n in names))
_SLASHED = re.compile(r"^(?:(\d{4})\s*-\s*)?(\d+)\s*/\s*(\d+)(?:\s*/\s*(\d+))?(?:\s*/\s*(\d+))?$")
_WORDS = re.compile(r"g[aå]?r?d?s?n(?:umme)?r\.?\s*(\d+)\D+?b(?:ruks)?n(?:umme)?r\.?\s*(\d+)"
                    r"(?:\D+?f(?:este)?n(?:umme)?r\.?\s*(\d+))?", re.IGNORECASE)


def address_book(osm: OsmData, kartverket: pd.DataFrame | None = None) -> AddressBook:
    """The addresses to look plots up in: Kartverket's file (if given) before the OSM data's."""
    own = getattr(osm, "addresses", None)  # an area stored before addresses were read has none
    return AddressBook(*(t for t in (kartverket, own) if t is not None))


def has_location_columns(table: pd.DataFrame) -> bool:
    """True when a table names places by address or gnr/bnr (see the module docstring)."""
    return (find_column(table, ADDRESS) is not None or find_column(table, PARCEL) is not None
            or (find_column(table, PARCEL_PARTS["gnr"]) is not None
                and find_column(table, PARCEL_PARTS["bnr"]) is not None))


def _column(table: pd.DataFrame, names: tuple[str, ...]) -> list[str]:
    pos = find_column(table, names)
    return [""] * len(table) if pos is None else [cell_text(v) for v in table.iloc[:, pos]]


def location_columns(table: pd.DataFrame) -> dict[str, list[str]]:
    """The address and gnr/bnr text of each row of a read file.

    Returns ``{"address": [...], "parcel": [...]}`` with only the kinds the file
    has: ``address`` joins address, postcode and city ("Storgata 5, 0155 Oslo");
    ``parcel`` is "[kommune-]gnr/bnr[/fnr[/snr]]" as given, or "" for a blank row.
    """
    out: dict[str, list[str]] = {}
    if find_column(table, ADDRESS) is not None:
        rows = zip(_column(table, ADDRESS), _column(table, POSTCODE), _column(table, CITY),
                   strict=True)
        out["address"] = [", ".join(p for p in (a, f"{pc} {c}".strip()) if p) if a else ""
                          for a, pc, c in rows]
    parts = {k: _column(table, v) for k, v in PARCEL_PARTS.items()}
    single = _column(table, PARCEL)
    if find_column(table, PARCEL) is not None or any(parts["gnr"]):
        out["parcel"] = [s or _joined(*row) for s, *row in zip(
            single, parts["kommune"], parts["gnr"], parts["bnr"], parts["fnr"], parts["snr"],
            strict=True)]
    return out


def _joined(kommune: str, gnr: str, bnr: str, fnr: str, snr: str) -> str:
    if not (gnr or bnr):
        return ""
    text = f"{kommune}-{gnr}/{bnr}" if kommune else f"{gnr}/{bnr}"
    if fnr or snr:
        text += f"/{fnr or 0}"
    return text + (f"/{snr}" if snr else "")


def parse_parcel(text: str) -> tuple[str, int, int, int, int] | None:
    """Parse a cadastral number: "21/5", "5028-21/5/0/3", "gnr 21 bnr 5".

    Returns (kommunenummer or "", gnr, bnr, fnr, snr) with 0 for parts not
    given, or None if ``text`` is no such number.
    """
    text = " ".join(text.split())
    found = _SLASHED.match(text)
    if found:
        k, g, b, f, s = found.groups()
        return k or "", int(g), int(b), int(f or 0), int(s or 0)
    found = _WORDS.search(text)
    if found:
        g, b, f = found.groups()
        return "", int(g), int(b), int(f or 0), 0
    return None


def locate_plots(plots: gpd.GeoDataFrame, book: AddressBook, *, name: str = "plots",
                 require: bool = False,
                 what: Literal["plots", "services"] = "plots") -> gpd.GeoDataFrame:
    """Place the rows given by address or gnr/bnr (columns ``address``/``parcel``).

    Parameters
    ----------
    plots : geopandas.GeoDataFrame
        As :func:`siting.plots.read_plots` returns it (EPSG:4326), possibly with
        ``address`` and ``parcel`` columns.
    book : AddressBook
        The addresses of the study area (and of Kartverket's file, if given).
    name : str
        The file's name, for messages.
    require : bool
        Refuse the file (InputError) when a row is not found, listing every such
        row with its suggestions: for a service register, whose rows cannot be
        flagged. Plots are flagged instead.
    what : {"plots", "services"}
        What the rows are, for the INFO line that counts those placed.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with geometry filled where found and columns ``match`` and
        ``match_quality`` ("" for rows placed by coordinates).

    Raises
    ------
    InputError
        If rows give gnr/bnr but ``book`` has no cadastral numbers (no
        Kartverket file given), naming the rows and how to give the file.
    """
    out = plots.copy()
    todo = rows_to_locate(out)
    out["match"], out["match_quality"] = "", ""
    if not todo.any():
        return out
    _check_parcels(out, todo, book, name)
    found = 0
    for i in np.flatnonzero(todo):
        match, problem = _lookup(out, int(i), book)
        out.iloc[int(i), out.columns.get_loc("problem")] = problem
        out.iloc[int(i), out.columns.get_loc("match")] = match.label
        out.iloc[int(i), out.columns.get_loc("match_quality")] = match.quality
        if match.found:
            out.iloc[int(i), out.columns.get_loc(out.geometry.name)] = shapely.Point(
                match.lon, match.lat)
            found += 1
    key, counts = f"log.placed_{what}", {"n": found, "of": int(todo.sum())}
    log.info("%s", t(key, "en", name=name, **counts), extra=said(key, name=name, **counts))
    if require and found < todo.sum():
        _refuse_unfound(out, todo, name)
    return out


def rows_to_locate(plots: gpd.GeoDataFrame) -> np.ndarray:
    """Rows without a location that name an address or a unit (gnr/bnr).

    Parameters
    ----------
    plots : geopandas.GeoDataFrame
        As :func:`siting.plots.read_plots` returns it (``address``/``parcel`` if given).

    Returns
    -------
    numpy.ndarray
        A boolean mask, one entry per row: True for a row to be placed by
        :func:`locate_plots`.
    """
    unlocated = (plots.geometry.isna() | plots.geometry.is_empty).to_numpy()
    named = np.zeros(len(plots), dtype=bool)
    for column in ("address", "parcel"):
        if column in plots:
            named |= (plots[column].fillna("").astype(str) != "").to_numpy()
    return unlocated & named


def _check_parcels(plots: gpd.GeoDataFrame, todo: np.ndarray, book: AddressBook,
                   name: str) -> None:
    if "parcel" not in plots or book.has_parcels:
        return
    rows = [i + 1 for i in np.flatnonzero(todo) if plots["parcel"].iat[int(i)]
            and not (("address" in plots) and plots["address"].iat[int(i)])]
    if rows:
        listed = ", ".join(map(str, rows[:10])) + (" …" if len(rows) > 10 else "")
        en, nb = (f"row {listed} gives", f"rad {listed} oppgir") if len(rows) == 1 else (
            f"rows {listed} give", f"radene {listed} oppgir")
        raise InputError(
            f"{name}: {en} gnr/bnr but no address file was given; download "
            "'Matrikkelen - Adresse' as CSV for the municipality from Geonorge and give "
            "matrikkelenVegadresse.csv (command line: --addresses; app: the address file "
            "field under Plots), or give coordinates.",
            nb=f"{name}: {nb} gnr/bnr, men ingen adressefil er oppgitt; last ned «Matrikkelen "
            "- Adresse» som CSV for kommunen fra Geonorge og oppgi matrikkelenVegadresse.csv "
            "(kommandolinje: --addresses; appen: feltet for Kartverkets adressefil under "
            "Tomter), eller oppgi koordinater.")


def _lookup(plots: gpd.GeoDataFrame, i: int, book: AddressBook) -> tuple[Match, str]:
    """Look up row ``i`` (address first, then gnr/bnr); return the match and its problem."""
    address = str(plots["address"].iat[i]) if "address" in plots else ""
    parcel = str(plots["parcel"].iat[i]) if "parcel" in plots else ""
    if address and not len(book):
        return Match(address), row_problem("address_none", given=address)
    match = book.find(address) if address else Match("")
    if parcel and not match.found and book.has_parcels:
        parsed = parse_parcel(parcel)
        if parsed is None:
            return Match(parcel), row_problem("parcel_unreadable", given=parcel)
        kommune, gnr, bnr, fnr, _snr = parsed  # a section shares its unit's address
        match = book.find_parcel(gnr, bnr, fnr, kommune)
    return match, match_problem(match, "parcel" if parcel and not address else "address")


def match_problem(match: Match, kind: str = "address") -> str:
    """The row problem (English, stored) for a match: why it was not found, or what was
    tolerated; "" for a plain match."""
    near = ", ".join(t("quote.name", "en", text=s) for s in match.suggestions) or "–"
    if not match.found:
        return row_problem(f"{kind}_{'ambiguous' if match.reason == 'ambiguous' else 'missing'}",
                           given=match.given, near=near)
    notes = []
    if match.quality in ("letter", "street", "parcels"):
        notes.append(row_problem(match.quality, given=match.given, label=match.label,
                                 n=match.count))
    if match.ignored:
        notes.append(row_problem("ignored", ignored=match.ignored, label=match.label))
    return "; ".join(notes)


def _refuse_unfound(located: gpd.GeoDataFrame, todo: np.ndarray, name: str) -> None:
    from .text.render import problem_text

    rows = [(int(i) + 1, located["problem"].iat[int(i)]) for i in np.flatnonzero(todo)
            if located.geometry.iat[int(i)] is None]
    en = "; ".join(f"row {r}: {p}" for r, p in rows[:10])
    nb = "; ".join(f"rad {r}: {problem_text(p, 'nb')}" for r, p in rows[:10])
    raise InputError(f"{name}: {en}; correct the address or give coordinates.",
                     nb=f"{name}: {nb}; rett adressen eller oppgi koordinater.")


def no_location_problem(plots: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Rows with neither coordinates nor address say so (instead of "missing coordinates")."""
    blank = (plots["problem"] == MISSING).to_numpy() & ~rows_to_locate(plots)
    out = plots.copy()
    out.loc[blank, "problem"] = row_problem("no_location")
    return out
