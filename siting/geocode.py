"""Offline address and gnr/bnr lookup against an address table.

:class:`AddressBook` indexes an address table (:mod:`siting.addresses`) and
answers :meth:`AddressBook.find` ("Storgt. 13a, 0155 Oslo") and
:meth:`AddressBook.find_parcel` (gnr 21, bnr 5) with a :class:`Match`: where
it is, what it matched and how well, or -- when nothing fits -- the three
nearest addresses as suggestions. Nothing is guessed silently: every
tolerance used is named in :attr:`Match.quality`.

Matching tolerates case, spacing, punctuation, æ/ø/å written as ae/o/a,
abbreviations and spellings of street types (``gt.``/``gate``/``gata``/
``gaten``, ``vn.``/``vei``/``veien``/``veg``/``vegen``, ``pl.``/``plass``),
a house letter that is missing in the data or in the query ("13A" / "13"),
and a missing house number (the street's middle address is used and said so).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .addresses import empty_addresses, parse_housenumber

__all__ = ["QUALITIES", "AddressBook", "Match", "address_label", "parse_query", "street_key"]

#: Match qualities, best first: the street as written; the street in another
#: spelling or abbreviation; another house letter (or none); no house number
#: given (the street's middle address); a cadastral unit with one address; a
#: cadastral unit with several addresses (the first is used).
QUALITIES = ("exact", "variant", "letter", "street", "parcel", "parcels")
_SAME_PLACE_M = 300.0  # candidates closer than this are one place (node and building)
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "é": "e", "è": "e", "ü": "u",
                           "ä": "ae", "ö": "o", "ß": "ss"})
_EXPAND = {"gt": "gate", "g": "gate", "vn": "vei", "v": "vei", "pl": "plass", "terr": "terrasse",
           "alle": "alle"}
_SUFFIXES = (("gaten", "gate"), ("gata", "gate"), ("gt", "gate"), ("veien", "vei"),
             ("vegen", "vei"), ("veg", "vei"), ("plassen", "plass"))
_STREET_NUMBER = re.compile(
    r"^(?P<street>.*?\D)\s*(?P<number>\d{1,5}\s*[a-zæøå]?(?:\s*[-–]\s*\d+\s*[a-zæøå]?)?)$",
    re.IGNORECASE)
_POSTCODE_CITY = re.compile(r"^(?P<head>.*?)[\s,]+(?P<code>\d{4})(?:\s+(?P<city>\D+))?$")


def street_key(street: str) -> str:
    """Return the comparison key of a street name: "Karl Johans gt." -> "karljohansgate".

    Case, accents, æ/ø/å, punctuation, spaces and the spelling or abbreviation of
    the street type are ignored. The same function keys the data and the query,
    so a rule can only join spellings, never split one street.
    """
    text = unicodedata.normalize("NFKC", street).casefold().translate(_TRANSLIT).replace("aa", "a")
    tokens = re.findall(r"[a-z0-9]+\.?", text.replace("'", "").replace("’", ""))
    out = []
    for token in tokens:
        word = token.rstrip(".")
        if word in _EXPAND and (token.endswith(".") or word in ("gt", "vn")):
            word = _EXPAND[word]
        elif token.endswith(".") and word.endswith(("gt", "vn", "v")) and len(word) > 2:
            word = word[: -2 if word.endswith(("gt", "vn")) else -1]
            word += "gate" if token.endswith("gt.") else "vei"
        else:
            word = next((word[: -len(a)] + b for a, b in _SUFFIXES if word.endswith(a)), word)
        out.append(word)
    return "".join(out)


def address_label(street: str, number: int, letter: str, postcode: str = "",
                  city: str = "") -> str:
    """Return an address as written: "Storgata 13A, 0155 Oslo" (parts that are blank left out)."""
    head = f"{street} {number}{letter}" if number else street
    tail = " ".join(p for p in (postcode, city) if p)
    return f"{head}, {tail}" if tail else head


@dataclass(frozen=True)
class Query:
    """An address as typed, taken apart."""

    street: str
    number: int | None
    letter: str
    postcode: str
    city: str


def parse_query(text: str, postcode: str = "", city: str = "") -> Query:
    """Take apart "Storgata 13A, 0155 Oslo" (postcode and city may come separately)."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    head, *rest = [p.strip() for p in text.split(",")] if text else [""]
    tail = " ".join(rest)
    found = _POSTCODE_CITY.match(head) if not tail else None
    if found and found.group("head"):
        head, tail = found.group("head"), f"{found.group('code')} {found.group('city') or ''}"
    code = re.search(r"\b(\d{4})\b", tail)
    postcode = postcode.strip() or (code.group(1) if code else "")
    city = city.strip() or " ".join(re.sub(r"\b\d{4}\b", " ", tail).split())
    parts = _STREET_NUMBER.match(head)
    number = parse_housenumber(parts.group("number")) if parts else None
    if parts is None or number is None:
        return Query(head, None, "", postcode, city)
    return Query(parts.group("street").strip(" ,"), number[0], number[1], postcode, city)


@dataclass(frozen=True)
class Match:
    """The answer to one lookup.

    Attributes
    ----------
    given : str
        What was looked up, as written.
    quality : str
        One of :data:`QUALITIES`; "" when not found.
    label : str
        The address used ("Storgata 13, 0155 Oslo"); "" when not found.
    lon, lat : float
        Where (degrees, EPSG:4326); NaN when not found.
    suggestions : tuple of str
        When not found: the (up to) three nearest addresses or units.
    reason : str
        When not found: "not_found" or "ambiguous" (several places fit).
    count : int
        Addresses on the street (quality "street") or the unit ("parcels").
    ignored : str
        The postcode or city given that fits no address of the street ("" none):
        the match was made without it.
    """

    given: str
    quality: str = ""
    label: str = ""
    lon: float = math.nan
    lat: float = math.nan
    suggestions: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    count: int = 1
    ignored: str = ""

    @property
    def found(self) -> bool:
        """True when the lookup gave a place."""
        return bool(self.quality)


class AddressBook:
    """Addresses indexed by street and by cadastral unit.

    Parameters
    ----------
    *tables : pandas.DataFrame
        Address tables (:func:`siting.addresses.empty_addresses`), best first:
        an address present in several (same street, number, letter and postcode)
        is taken from the first, e.g. Kartverket's file before the OSM extract.
    """

    def __init__(self, *tables: pd.DataFrame) -> None:
        self._tables = tables  # indexed on first look-up: most plot files give coordinates

    @functools.cached_property
    def table(self) -> pd.DataFrame:
        """The addresses, each (street, number, letter, postcode) once, with a ``key``."""
        frames = [t for t in self._tables if len(t)] or [empty_addresses()]
        table = pd.concat(frames, ignore_index=True)
        table["key"] = [street_key(s) for s in table["street"]]
        table = table.drop_duplicates(["key", "number", "letter", "postcode"])
        return table.reset_index(drop=True)

    @functools.cached_property
    def _streets(self) -> dict[str, np.ndarray]:
        return dict(self.table.groupby("key").indices)

    @functools.cached_property
    def _names(self) -> pd.Series:
        return self.table.groupby("key")["street"].agg(lambda s: s.mode().iat[0])

    @functools.cached_property
    def has_parcels(self) -> bool:
        """Whether any address carries cadastral numbers (gnr/bnr)."""
        return bool((self.table["gnr"] > 0).any())

    def __len__(self) -> int:
        return len(self.table)

    def label(self, i: int) -> str:
        """The address of row ``i`` as written."""
        row = self.table.iloc[i]
        return address_label(row["street"], int(row["number"]), row["letter"], row["postcode"],
                             row["city"])

    def _answer(self, given: str, rows: np.ndarray, quality: str, count: int = 1) -> Match:
        """A found match at the first of ``rows``, or "ambiguous" if they lie apart."""
        xy = self.table[["lon", "lat"]].to_numpy()[rows]
        if _spread_m(xy) > _SAME_PLACE_M:
            picks = tuple(dict.fromkeys(self.label(i) for i in rows))[:3]
            return Match(given, suggestions=picks, reason="ambiguous")
        i = int(rows[0])
        return Match(given, quality, self.label(i), float(xy[0, 0]), float(xy[0, 1]),
                     count=count)

    def find(self, text: str, postcode: str = "", city: str = "") -> Match:
        """Look up an address ("Storgata 13A", "storgt 13 a, 0155 Oslo").

        ``postcode`` and ``city`` (columns ``postnummer``/``poststed``) narrow
        the search; one that fits no candidate is ignored rather than failing
        the match (a wrong postcode is a common slip).
        """
        given = ", ".join(p for p in (text.strip(), " ".join((postcode, city)).strip()) if p)
        query = parse_query(text, postcode, city)
        rows = self._streets.get(street_key(query.street)) if query.street else None
        if rows is None:
            return Match(given, suggestions=self._near_streets(query), reason="not_found")
        rows, ignored = self._narrow(rows, query)
        match = self._on_street(given, rows, query)
        return dataclasses.replace(match, ignored=ignored) if match.found else match

    def _on_street(self, given: str, rows: np.ndarray, query: Query) -> Match:
        """The match among the addresses ``rows`` of the street asked for."""
        if query.number is None:
            return self._middle(given, rows)
        numbers = self.table["number"].to_numpy()[rows]
        letters = self.table["letter"].to_numpy()[rows]
        same = rows[(numbers == query.number) & (letters == query.letter)]
        if len(same):
            as_written = " ".join(query.street.casefold().split()) == str(
                self.table["street"].iat[int(same[0])]).casefold()
            return self._answer(given, same, "exact" if as_written else "variant")
        other = rows[numbers == query.number]
        if len(other):
            other = other[np.argsort(self.table["letter"].to_numpy()[other], kind="stable")]
            return self._answer(given, other, "letter")
        return Match(given, suggestions=self._near_numbers(rows, query.number),
                     reason="not_found")

    def _narrow(self, rows: np.ndarray, query: Query) -> tuple[np.ndarray, str]:
        """Keep the rows of the postcode and city asked for; name one that fits none."""
        ignored = []
        for column, wanted in (("postcode", query.postcode), ("city", query.city)):
            if wanted:
                values = self.table[column].to_numpy()[rows].astype(str)
                keep = rows[np.char.lower(values) == wanted.casefold()]
                if len(keep):
                    rows = keep
                elif (values != "").any():  # the data know postcodes here, but not this one
                    ignored.append(wanted)
        return rows, " ".join(ignored)

    def _middle(self, given: str, rows: np.ndarray) -> Match:
        """No house number: the address nearest the middle of the street's addresses."""
        xy = self.table[["lon", "lat"]].to_numpy()[rows]
        centre = np.median(xy, axis=0)
        i = int(rows[np.argmin(((xy - centre) ** 2).sum(axis=1))])
        row = self.table.iloc[i]
        return Match(given, "street", self.label(i), float(row["lon"]), float(row["lat"]),
                     count=len(rows))

    def _near_numbers(self, rows: np.ndarray, number: int) -> tuple[str, ...]:
        """The three addresses of the street with the nearest numbers."""
        numbers = self.table["number"].to_numpy()[rows]
        order = np.lexsort((self.table["letter"].to_numpy()[rows], numbers,
                            np.abs(numbers - number)))
        return tuple(dict.fromkeys(self.label(int(rows[k])) for k in order))[:3]

    def _near_streets(self, query: Query) -> tuple[str, ...]:
        """The three streets spelt most like the query, each at its nearest number."""
        keys = list(self._streets)
        key = street_key(query.street)
        close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
        close += [k for k in difflib.get_close_matches(key, keys, n=6, cutoff=0.0)
                  if k not in close]
        out = []
        for k in close[:3]:
            rows = self._streets[k]
            out.append(self._near_numbers(rows, query.number or 0)[0])
        return tuple(out)

    def find_parcel(self, gnr: int, bnr: int, fnr: int | None = None,
                    kommune: str = "") -> Match:
        """Look up a cadastral unit (gårdsnummer/bruksnummer[/festenummer]).

        With several addresses on the unit the first (by street, number and
        letter) is used and :attr:`Match.count` says how many there are. A
        unit found in several municipalities is "ambiguous" unless ``kommune``
        (kommunenummer) is given.
        """
        given = f"{kommune + '-' if kommune else ''}{gnr}/{bnr}" + (f"/{fnr}" if fnr else "")
        t = self.table
        hit = (t["gnr"] == gnr) & (t["bnr"] == bnr)
        hit &= (t["fnr"] == (fnr or 0)) if fnr else True
        if kommune:
            hit &= t["kommune"] == kommune
        rows = np.flatnonzero(hit.to_numpy())
        if not fnr and (t["fnr"].to_numpy()[rows] == 0).any():
            rows = rows[t["fnr"].to_numpy()[rows] == 0]
        if not len(rows):
            return Match(given, suggestions=self._near_parcels(gnr, bnr, kommune),
                         reason="not_found")
        kommuner = pd.Series(t["kommune"].to_numpy()[rows]).drop_duplicates()
        if len(kommuner) > 1:
            picks = tuple(f"{t['kommune'].iat[int(rows[k])]}-{given} "
                          f"({self.label(int(rows[k]))})" for k in kommuner.index[:3])
            return Match(given, suggestions=picks, reason="ambiguous")
        rows = rows[np.lexsort((t["letter"].to_numpy()[rows], t["number"].to_numpy()[rows],
                                t["street"].to_numpy()[rows]))]
        return Match(given, "parcels" if len(rows) > 1 else "parcel", self.label(int(rows[0])),
                     float(t["lon"].iat[int(rows[0])]), float(t["lat"].iat[int(rows[0])]),
                     count=len(rows))

    def _near_parcels(self, gnr: int, bnr: int, kommune: str) -> tuple[str, ...]:
        """The three units nearest in number: the same gnr first, then the nearest gnr."""
        t = self.table[self.table["gnr"] > 0]
        if kommune:
            t = t[t["kommune"] == kommune]
        units = t.drop_duplicates(["kommune", "gnr", "bnr", "fnr"])
        order = np.lexsort((np.abs(units["bnr"] - bnr), np.abs(units["gnr"] - gnr)))
        out = []
        for i in order[:3]:
            row = units.iloc[int(i)]
            unit = f"{row['gnr']}/{row['bnr']}" + (f"/{row['fnr']}" if row["fnr"] else "")
            where = address_label(row["street"], int(row["number"]), row["letter"])
            out.append(f"{unit} ({where})")
        return tuple(out)


def _spread_m(xy: np.ndarray) -> float:
    """Largest distance (metres, equirectangular) of points from their first one."""
    if len(xy) < 2:
        return 0.0
    dx = (xy[:, 0] - xy[0, 0]) * 111_320.0 * math.cos(math.radians(float(xy[0, 1])))
    dy = (xy[:, 1] - xy[0, 1]) * 110_574.0
    return float(np.hypot(dx, dy).max())
