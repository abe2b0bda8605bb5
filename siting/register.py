"""The municipality's own service register: template, reading, and the load report.

OpenStreetMap is thin exactly where this product matters most (municipal
mental-health and substance-abuse services, NAV offices). The register is the
real source for those. This module makes it easy:

* :func:`template_frame` / :func:`template_bytes`: a template with Norwegian
  headers (``kategori;navn;adresse;breddegrad;lengdegrad``), one example row
  per category, as CSV (``;``, decimal comma, what Norwegian Excel writes) or
  Excel (a second sheet lists the category words the reader understands);
* :func:`load_register`: read a register row by row; rows that cannot be used
  are refused with the reason, the others are used (nothing is lost silently);
* :func:`register_report`: after the review, which rows were used, which
  replaced OpenStreetMap services and which were refused, and why.
"""

from __future__ import annotations

import difflib
import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd

from .errors import InputError
from .geocode import AddressBook
from .services import CATEGORIES, CATEGORY_ALIASES, category_key
from .text import said, t
from .text.render import problem_text

__all__ = ["RegisterLoad", "load_register", "near_category", "register_report",
           "template_bytes", "template_frame"]

log = logging.getLogger(__name__)

HEADERS = ["kategori", "navn", "adresse", "breddegrad", "lengdegrad"]
#: One example per category: (category word, name, address, latitude, longitude) in Melhus.
_EXAMPLES = [
    ("Fastlege", "Eksempel: Melhus legesenter", "Eksempelveien 1, 7224 Melhus", 63.2851, 10.2779),
    ("Bussholdeplass", "Eksempel: Melhus skysstasjon", "", 63.2859, 10.2770),
    ("Dagligvare", "Eksempel: dagligvarebutikk", "", 63.2843, 10.2795),
    ("Psykisk helsetjeneste", "Eksempel: Psykisk helse og rus, Melhus kommune",
     "Eksempelveien 2, 7224 Melhus", 63.2866, 10.2760),
    ("Rustjeneste", "Eksempel: Rus- og tiltakstjenesten", "Eksempelveien 3, 7224 Melhus",
     63.2870, 10.2751),
    ("Apotek", "Eksempel: apotek", "", 63.2846, 10.2788),
    ("Skole/barnehage", "Eksempel: barneskole", "", 63.2890, 10.2700),
    ("Politistasjon", "Eksempel: lensmannskontor", "", 63.2838, 10.2806),
    ("NAV", "Eksempel: NAV Melhus (ny kategori)", "", 63.2855, 10.2784),
]

def template_frame() -> pd.DataFrame:
    """The register template: Norwegian headers, one example row per category."""
    return pd.DataFrame(_EXAMPLES, columns=HEADERS)


def _words_frame() -> pd.DataFrame:
    words: dict[str, list[str]] = {key: [cat.label_nb, cat.label_en]
                                   for key, cat in CATEGORIES.items()}
    for word, key in CATEGORY_ALIASES.items():
        if word not in (w.casefold() for w in words[key]):
            words[key].append(word)
    return pd.DataFrame({"kategori": list(words),
                         "ord som forstås": [", ".join(w) for w in words.values()]})


def template_bytes(path: str | Path, lang: str = "nb") -> bytes:
    """The template as ``.csv`` (``;``, decimal comma) or ``.xlsx`` bytes, by ``path``'s suffix.

    Raises
    ------
    InputError
        For another suffix.
    """
    from .review_io import table_xlsx

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return table_xlsx({"tjenester": template_frame(), "kategorier": _words_frame()})
    if suffix == ".csv":
        text = template_frame().to_csv(sep=";", decimal=",", index=False)
        return text.encode("utf-8-sig")  # the BOM makes Excel read æ, ø, å right
    en = f"{path.name}: the register template is a .csv or .xlsx file; name it e.g. register.xlsx."
    nb = f"{path.name}: registermalen er en .csv- eller .xlsx-fil; kall den f.eks. register.xlsx."
    raise InputError(en, nb=nb)


@dataclass
class RegisterLoad:
    """A register read row by row.

    Attributes
    ----------
    register : geopandas.GeoDataFrame or None
        The usable rows: ``category``, ``name``, ``address``, ``row`` (1-based
        row in the file), geometry (EPSG:4326); None when no row is usable.
    rows : pandas.DataFrame
        Every row: ``row``, ``kategori`` (as written), ``category`` (key or ""),
        ``name``, ``address``, ``refused`` (reason code, "" when used) and
        ``problem`` (the reader's or the address lookup's note, stored in English
        as a plot's: :func:`siting.text.render.problem_text` says it).
    file : str
        The file name, for messages.
    """

    register: gpd.GeoDataFrame | None
    rows: pd.DataFrame
    file: str


def load_register(source: str | Path | bytes, *, filename: str | None = None,
                  crs: str | None = None, addresses: AddressBook | None = None
                  ) -> RegisterLoad:
    """Read a register; refuse the rows that cannot be used, with the reason.

    Rows given by address (``adresse``) or gnr/bnr instead of coordinates are
    looked up in ``addresses`` (:func:`siting.locate.locate_plots`); a row not
    found there is refused with what the lookup said.

    Raises
    ------
    InputError
        When the file as a whole cannot be read (format, empty, no category
        column), as :func:`siting.plots.read_plots` says.
    """
    from .plots import read_plots

    name = Path(filename or ("upload" if isinstance(source, bytes) else str(source))).name
    table = read_plots(source, filename=filename, crs=crs, unique_ids=False,
                       extra_columns=("category", "kategori"), what="services")
    if addresses is not None:
        from .locate import locate_plots

        table = locate_plots(table, addresses, name=name, what="services")
    rows = _rows(table, looked_up=addresses is not None)
    good = (rows["refused"] == "").to_numpy()
    register = None
    if good.any():
        register = gpd.GeoDataFrame(
            {"category": rows.loc[good, "category"].to_numpy(),
             "name": rows.loc[good, "name"].to_numpy(),
             "address": rows.loc[good, "address"].to_numpy(),
             "row": rows.loc[good, "row"].to_numpy()},
            geometry=table.geometry[good].to_numpy(), crs=table.crs)
    used, refused_n = int(good.sum()), int((~good).sum())
    log.info("register %s: %d rows read in, %d refused", name, used, refused_n,
             extra=said("log.register", name=name, used=used, refused=refused_n))
    return RegisterLoad(register, rows, name)


def _rows(table: gpd.GeoDataFrame, looked_up: bool) -> pd.DataFrame:
    """Every row of a read (and looked-up) register with its category key and why it is
    refused ("" when used); ``problem`` keeps what the address lookup said."""
    text = table["category"].where(table["category"] != "", table["kategori"])
    blank = pd.Series("", index=table.index)
    address, parcel = table.get("address", blank), table.get("parcel", blank)
    keys = [category_key(t) if t else "" for t in text]
    located = [g is not None and not g.is_empty for g in table.geometry]
    examples = {name for _, name, *_ in _EXAMPLES}
    refused = ["example" if str(n) in examples
               else "near_category" if k and near_category(str(w), k)
               else _refusal(k, ok, a, looked_up and bool(a or p))
               for k, ok, a, p, n, w in zip(keys, located, address, parcel, table["name"], text,
                                            strict=True)]
    return pd.DataFrame({"row": range(1, len(table) + 1), "kategori": text.to_numpy(),
                         "category": keys, "name": table["name"].to_numpy(),
                         "address": address.to_numpy(), "refused": refused,
                         "problem": table["problem"].to_numpy()})


def near_category(text: str, key: str) -> str:
    """The known category word a new category's ``text`` is a near miss of ("Fastelge":
    "Fastlege"), or "" when ``key`` is known or ``text`` resembles none (a new category
    such as "NAV" is meant).

    Parameters
    ----------
    text : str
        The register's category cell.
    key : str
        Its key (:func:`siting.services.category_key`).

    Returns
    -------
    str
    """
    if key in CATEGORIES or key in CATEGORY_ALIASES.values():
        return ""
    words = {w.lower(): w for w in (*CATEGORY_ALIASES, *(c.label_nb for c in CATEGORIES.values()),
                                    *(c.label_en for c in CATEGORIES.values()))}
    close = difflib.get_close_matches(text.strip().lower(), list(words), n=1, cutoff=0.8)
    return words[close[0]] if close else ""


def _refusal(key: str, located: bool, address: str, looked_up: bool) -> str:
    """Why a row is refused ("" when it is used); ``looked_up``: its address or gnr/bnr was
    looked up (and, unlocated, not found)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", key):
        return "no_category"
    if not located:
        if looked_up:
            return "address_not_found"
        return "address_only" if address else "no_location"
    return ""


def register_report(load: RegisterLoad, review: gpd.GeoDataFrame | None,
                    lang: str = "nb") -> pd.DataFrame:
    """Every register row with what became of it, in ``lang``.

    Columns ``row``, ``kategori``, ``name``, ``address``, ``status`` (used,
    replaced OSM, refused, excluded, outside: far outside the area the data cover)
    and ``why``. ``review`` (from
    :func:`siting.pipeline.review_for` with this register) tells which used
    rows replaced OpenStreetMap services; refs there are ``register:<n>``
    counted over the usable rows.
    """
    out = load.rows[["row", "kategori", "name", "address"]].copy()
    status, why = [], []
    used = iter(range(1, len(load.rows) + 1))
    for code, key in zip(load.rows["refused"], load.rows["category"], strict=True):
        if code:
            status.append("refused")
            why.append(_say(code, lang, choices=", ".join(CATEGORIES), address="", text="",
                            word="", problem=""))  # (an address or a near miss: below)
            continue
        ref = f"register:{next(used)}"
        status_code, text = _used_status(review, ref, key, lang)
        status.append(status_code)
        why.append(text)
    out["status"] = status
    out["why"] = why
    for i, code in enumerate(load.rows["refused"]):
        if code == "address_only":
            out.loc[i, "why"] = _say(code, lang, address=out.loc[i, "address"])
        elif code == "address_not_found":  # what the lookup said, with the nearest addresses
            problem = problem_text(str(load.rows["problem"].iat[i]), lang)
            out.loc[i, "why"] = _say(code, lang, problem=problem)
        elif code == "near_category":
            text = str(out.loc[i, "kategori"])
            out.loc[i, "why"] = _say(code, lang, text=text, word=near_category(text, "-"))
    return out


def _used_status(review: gpd.GeoDataFrame | None, ref: str, key: str,
                 lang: str) -> tuple[str, str]:
    if review is None:
        return "used", _say("used", lang)
    row = review[review["ref"] == ref]
    if row.empty:
        return "used", _say("used", lang)
    if not bool(row["included"].iloc[0]):
        if row["why_code"].iloc[0] == "outside_area":
            return "outside", _say("outside", lang, km=float(row["why_arg"].iloc[0]))
        return "excluded", _say("excluded", lang)
    if row["why_code"].iloc[0] == "register_replaces":
        return "replaced", _say("replaced", lang, refs=row["why_arg"].iloc[0])
    osm = review[(review["category"] == key) & (review["why_code"] == "replaced_category")]
    if not osm.empty:
        return "replaced", _say("replaced_category", lang, category=key)
    return "used", _say("used", lang)


def _say(code: str, lang: str, **values: object) -> str:
    return t(f"register.{code}", lang, **values)


def report_csv(report: pd.DataFrame) -> bytes:
    """The load report as CSV bytes (for a download)."""
    buffer = io.StringIO()
    report.to_csv(buffer, index=False)
    return buffer.getvalue().encode("utf-8")
