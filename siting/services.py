"""Service categories, their OSM tag rules, and the municipality's own register.

Categories are data, not code: each has labels in both languages, a list of
tag patterns and a list of *candidate* patterns. A feature belongs to a category
when all tags of at least one pattern match (``"*"`` matches any value, ``""``
matches only when the key is absent; a list matches any of its values). A feature
that matches only a candidate pattern is listed in the service review
(:mod:`siting.review`) but not counted unless the user includes it. A config
file may edit the patterns or add categories (see :mod:`siting.config`).

Why each built-in pattern is there, with its source, is written beside it and
in the README ("Which services count"); in short:

* ``gp``: ``amenity=doctors``/``healthcare=doctor`` and ``amenity=clinic``/
  ``healthcare=clinic`` (the OSM wiki defines ``healthcare=clinic`` as the same
  thing as ``amenity=clinic``; Norwegian drop-in GP clinics often carry only
  ``healthcare=clinic``). ``healthcare=centre`` counts only with
  ``healthcare:speciality=general``: the wiki calls it a "healthcare facility
  with unspecified characteristics" and discourages it alone, so alone it is a
  candidate.
* ``mental_health``: ``healthcare=psychotherapist`` (the wiki's value: "an office
  of a psychotherapist or clinical psychologist"), ``healthcare=psychotherapy``
  (an undocumented spelling found in Norway), ``healthcare:speciality=psychiatry``
  or ``child_psychiatry`` and ``social_facility:for=mental_health``.
  Helsedirektoratet's guide for municipal work (*Nasjonal veileder i lokalt
  psykisk helse- og rusarbeid for voksne*, the revision of IS-2076 *Sammen om
  mestring*) treats the municipality's mental-health and substance-abuse
  services together; OSM rarely maps them, hence the register.
* ``substance_abuse``: ``social_facility:for=drug_addicted``/``alcoholic``,
  ``healthcare:speciality=addiction`` and ``healthcare=counselling`` with
  ``healthcare:counselling=addiction`` (the wiki's "addiction centre").
  ``amenity=social_facility`` without ``social_facility`` or ``social_facility:for``
  (e.g. a Salvation Army house) and ``office=government`` +
  ``government=social_services`` (in central Oslo: the probation service) are
  candidates for both municipal categories, never counted by default.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd

from .errors import InputError
from .text import pick, said, t

if TYPE_CHECKING:
    from .geocode import AddressBook

__all__ = [
    "CATEGORIES", "CATEGORY_ALIASES", "Category", "category_key", "combine_services",
    "matched_tags", "matches", "read_register", "services_from_osm", "value_matches",
]

log = logging.getLogger(__name__)

Pattern = dict[str, Any]


@dataclass(frozen=True)
class Category:
    """A kind of service a resident walks to (or the police drive from).

    Attributes
    ----------
    key : str
        Short key used in column names (``walk_m_<key>``).
    label_nb, label_en : str
        Name shown to users.
    patterns : list of dict
        OSM tag patterns; see the module docstring.
    candidates : list of dict
        Patterns of features listed for review but not counted unless included.
    """

    key: str
    label_nb: str
    label_en: str
    patterns: list[Pattern] = field(default_factory=list)
    candidates: list[Pattern] = field(default_factory=list)

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` ("nb" or "en")."""
        return pick(lang, self.label_nb, self.label_en)


_UNSPECIFIED_SOCIAL: list[Pattern] = [
    {"amenity": "social_facility", "social_facility": "", "social_facility:for": ""},
    {"amenity": "social_facility", "social_facility": ["outreach", "shelter", "group_home"],
     "social_facility:for": ""},
    {"office": "government", "government": "social_services"},
]

CATEGORIES: dict[str, Category] = {c.key: c for c in [
    Category("gp", "Fastlege", "GP", [
        {"amenity": "doctors"}, {"healthcare": "doctor"},
        {"amenity": "clinic"}, {"healthcare": "clinic"},
        {"healthcare": "centre", "healthcare:speciality": "general"},
    ], [{"healthcare": "centre"}]),
    Category("bus", "Bussholdeplass", "Bus stop", [
        {"highway": "bus_stop"}, {"public_transport": "platform", "bus": "yes"},
    ]),
    Category("shop", "Dagligvare", "Grocery shop", [
        {"shop": ["supermarket", "convenience", "grocery"]},
    ]),
    Category("mental_health", "Psykisk helsetjeneste", "Mental-health service", [
        {"healthcare": ["psychotherapist", "psychotherapy"]},
        {"healthcare:speciality": ["psychiatry", "child_psychiatry"]},
        {"social_facility:for": "mental_health"},
    ], [{"healthcare": "counselling", "healthcare:counselling": ""}, *_UNSPECIFIED_SOCIAL]),
    Category("substance_abuse", "Rustjeneste", "Substance-abuse service", [
        {"social_facility:for": ["drug_addicted", "alcoholic"]},
        {"healthcare:speciality": "addiction"},
        {"healthcare": "counselling", "healthcare:counselling": "addiction"},
    ], [{"healthcare": "counselling", "healthcare:counselling": ""}, *_UNSPECIFIED_SOCIAL]),
    Category("pharmacy", "Apotek", "Pharmacy", [
        {"amenity": "pharmacy"}, {"healthcare": "pharmacy"},
    ]),
    Category("school", "Skole/barnehage", "School/kindergarten", [
        {"amenity": ["school", "kindergarten"]},
    ]),
    Category("police", "Politistasjon", "Police station", [{"amenity": "police"}]),
]}

#: Categories reached on foot (a ``walk_m_<key>`` column each); police is driven.
DRIVE_CATEGORY = "police"
#: Columns of a services table besides its geometry.
SERVICE_COLUMNS: tuple[str, ...] = ("category", "name", "source", "ref", "station",
                                    "station_why", "station_tag")


def matches(tags: dict[str, str], patterns: list[Pattern]) -> bool:
    """Whether ``tags`` satisfy at least one pattern entirely.

    Parameters
    ----------
    tags : dict of str to str
        An OSM object's tags.
    patterns : list of dict
        ``{tag: value or [values]}`` each; "*" matches any value, "" an absent key.

    Returns
    -------
    bool
    """
    return bool(matched_tags(tags, patterns))


def matched_tags(tags: dict[str, str], patterns: list[Pattern]) -> list[str]:
    """Return the ``key=value`` tags of ``tags`` that satisfy some pattern entirely.

    Parameters
    ----------
    tags : dict of str to str
        An OSM object's tags.
    patterns : list of dict
        As for :func:`matches`.

    Returns
    -------
    list of str
        E.g. ``["amenity=clinic", "healthcare=clinic"]``; an absent-key condition
        (``""``) shows as ``key=-``. Empty when no pattern matches.
    """
    found: list[str] = []
    for pattern in patterns:
        if all(value_matches(tags.get(key), want) for key, want in pattern.items()):
            for key, want in pattern.items():
                shown = f"{key}={tags[key]}" if want != "" else f"{key}=-"
                if shown not in found:
                    found.append(shown)
    return found


def value_matches(value: str | None, want: Any) -> bool:
    """Whether one tag value satisfies one pattern entry (see :func:`matches`).

    Parameters
    ----------
    value : str or None
        The object's value of the key (None: the key is absent).
    want : str or list of str
        ``"*"`` any value, ``""`` absent or blank, else the value or one of the values
        (a ``;``-separated tag value matches if any of its parts does).

    Returns
    -------
    bool
    """
    if want == "":
        return value is None or not str(value).strip()
    if value is None:
        return False
    values = {v.strip() for v in str(value).split(";")}
    if want == "*":
        return True
    wanted = {str(w) for w in want} if isinstance(want, list | tuple | set) else {str(want)}
    return bool(values & wanted)


def services_from_osm(
    features: gpd.GeoDataFrame, categories: dict[str, Category] | None = None
) -> gpd.GeoDataFrame:
    """Classify OSM features into service categories.

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        From :class:`~siting.osm.OsmData` (``osm_id``, ``tags``, geometry).
    categories : dict of str to Category, optional
        The categories and their tag patterns; default :data:`CATEGORIES`.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``category``, ``name``, ``source`` ("osm"), ``ref`` (OSM id),
        ``station``, ``station_why``, ``station_tag`` (police objects only: is it a
        station patrols drive from, see :func:`siting.stations.classify_station`)
        and geometry, in the CRS of ``features``. A feature can serve several
        categories.
    """
    from ._classify import rows_matching
    from .stations import classify_station

    categories = categories or CATEGORIES
    rows: list[dict[str, Any]] = []
    tags_list = features["tags"].tolist()
    visit = rows_matching(tags_list, [c.patterns for c in categories.values()]).tolist()
    for tags, osm_id, name, geom in zip(
        [tags_list[i] for i in visit], features["osm_id"].iloc[visit],
        features["name"].iloc[visit], features.geometry.iloc[visit], strict=True
    ):
        for key, cat in categories.items():
            if matches(tags, cat.patterns):
                status = (classify_station(tags, name) if key == DRIVE_CATEGORY
                          else ("", "", ""))
                rows.append({"category": key, "name": name or "", "source": "osm",
                             "ref": osm_id, "station": status[0], "station_why": status[1],
                             "station_tag": status[2], "geometry": geom})
    frame = gpd.GeoDataFrame(rows, columns=[*SERVICE_COLUMNS, "geometry"],
                             geometry="geometry", crs=features.crs)
    log.info("services from OSM: %s", frame["category"].value_counts().to_dict())
    return frame


def combine_services(
    osm_services: gpd.GeoDataFrame, register: gpd.GeoDataFrame | None,
    replace: list[str] | tuple[str, ...] = (),
) -> gpd.GeoDataFrame:
    """Add the municipality's register to the OSM services.

    Parameters
    ----------
    osm_services : geopandas.GeoDataFrame
        From :func:`services_from_osm`.
    register : geopandas.GeoDataFrame or None
        Columns ``category``, ``name``, geometry; ``source`` becomes "register"
        unless it says "added" (a service placed on the map).
    replace : sequence of str
        Categories for which the register replaces what OSM has (OSM rows dropped).

    Returns
    -------
    geopandas.GeoDataFrame
        ``category``, ``name``, ``source`` ("osm" or "register"), geometry, in the
        CRS of ``osm_services``.
    """
    if register is None or register.empty:
        if replace:
            kept = ", ".join(replace)
            log.warning("%s", t("log.replace_no_register", "en", keys=kept),
                        extra=said("log.replace_no_register", keys=kept))
        return osm_services
    empty = sorted(set(replace) - set(register["category"]))
    if empty:
        gone = ", ".join(empty)
        log.warning("%s", t("log.replace_empty", "en", keys=gone),
                    extra=said("log.replace_empty", keys=gone))
    register = register.to_crs(osm_services.crs)
    added = (register["source"] == "added" if "source" in register
             else np.zeros(len(register), dtype=bool))
    register = register.assign(
        source=np.where(added, "added", "register"),
        ref=register.get("ref", ""), station="", station_why="", station_tag="")
    keep = ~osm_services["category"].isin(list(replace))
    cols = [*SERVICE_COLUMNS, "geometry"]
    osm_part = osm_services.loc[keep].reindex(columns=cols, fill_value="")
    frame = pd.concat([osm_part, register[cols]], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=osm_services.crs)


#: Words people write in a register's category column, mapped to category keys.
CATEGORY_ALIASES: dict[str, str] = {
    "fastlege": "gp", "lege": "gp", "legekontor": "gp", "legesenter": "gp", "doctor": "gp",
    "buss": "bus", "bussholdeplass": "bus", "holdeplass": "bus", "bus_stop": "bus",
    "butikk": "shop", "dagligvare": "shop", "matbutikk": "shop", "grocery": "shop",
    "psykisk_helse": "mental_health", "psykisk helse": "mental_health",
    "psykisk helsetjeneste": "mental_health", "mental health": "mental_health",
    "dps": "mental_health", "distriktspsykiatrisk senter": "mental_health",
    "psykiatri": "mental_health", "psykiatrisk poliklinikk": "mental_health",
    "psykisk helsevern": "mental_health",
    "rus": "substance_abuse", "rustjeneste": "substance_abuse",
    "lar": "substance_abuse", "legemiddelassistert rehabilitering": "substance_abuse",
    "ruspoliklinikk": "substance_abuse", "rusbehandling": "substance_abuse",
    "tsb": "substance_abuse", "tverrfaglig spesialisert rusbehandling": "substance_abuse",
    "rus- og tiltakstjenesten": "substance_abuse", "substance abuse": "substance_abuse",
    "dagligvarebutikk": "shop", "apotek": "pharmacy",
    "skole": "school", "barnehage": "school", "kindergarten": "school",
    "politi": "police", "politistasjon": "police",
}


_SEPARATORS = re.compile(r"[\s_/-]+")
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})


def _words(text: str) -> str:
    """Normalise a category text for lookup: case-folded, ``_``, ``-``, ``/`` as spaces."""
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())


def category_key(text: str) -> str:
    """Return the category key for a register's category text (bokmål or English).

    Matches :data:`CATEGORY_ALIASES`, the built-in keys and the categories' own
    labels in either language ("Bus stop", "Skole/barnehage"), ignoring case
    and whether words are joined by spaces, ``_``, ``-`` or ``/``. Any other
    text becomes a new key: lower-case ASCII words joined by ``_`` (æ, ø, å
    spelt ae, o, a), e.g. "NAV" -> "nav"; "" when nothing usable is left.

    Parameters
    ----------
    text : str
        A register's category cell, e.g. "Fastlege", "psykisk helse", "NAV".

    Returns
    -------
    str
        The category key.
    """
    lookup = {_words(word): key for word, key in CATEGORY_ALIASES.items()}
    for key, cat in CATEGORIES.items():
        for word in (key, cat.label_nb, cat.label_en):
            lookup.setdefault(_words(word), key)
    words = _words(text)
    if words in lookup:
        return lookup[words]
    return re.sub(r"[^a-z0-9]+", "_", words.translate(_TRANSLIT)).strip("_")


def _rows_text(rows: list[int], one: str, many: str, nb_verb: str) -> tuple[str, str]:
    """Return "row 3 has" / "rows 3, 5 have" (cut after 10) and the bokmål twin."""
    listed = ", ".join(str(r) for r in rows[:10])
    more = len(rows) - 10
    if more > 0:
        listed_en, listed_nb = f"{listed} and {more} more", f"{listed} og {more} til"
    else:
        listed_en = listed_nb = listed
    if len(rows) == 1:
        return f"row {listed_en} {one}", f"rad {listed_nb} {nb_verb}"
    return f"rows {listed_en} {many}", f"radene {listed_nb} {nb_verb}"


def read_register(source: str | Path | bytes, *, filename: str | None = None,
                  crs: str | None = None, addresses: AddressBook | None = None
                  ) -> gpd.GeoDataFrame:
    """Read the municipality's own service register.

    Parameters
    ----------
    source : str, pathlib.Path or bytes
        CSV or GIS file (same formats and coordinate columns as the plots) with a
        ``category`` (or ``kategori``) column and a ``name``/``navn`` column.
    filename : str, optional
        Name of an uploaded file.
    crs : str, optional
        CRS of x/y coordinates in a CSV.
    addresses : AddressBook, optional
        Where to look up rows given by address (``adresse``, ``postnummer``,
        ``poststed``) or gnr/bnr instead of coordinates.

    Returns
    -------
    geopandas.GeoDataFrame
        ``category`` (key such as "mental_health"; "psykisk helse" is understood),
        ``name``, geometry in EPSG:4326. New keys (e.g. "nav") form new categories.

    Raises
    ------
    InputError
        Listing rows without a category or without a location, naming the file.
    """
    from .locate import locate_plots
    from .plots import read_plots

    table = read_plots(source, filename=filename, crs=crs, unique_ids=False,
                       extra_columns=("category", "kategori"), what="services")
    name = Path(filename or ("upload" if isinstance(source, bytes) else str(source))).name
    if addresses is not None:
        table = locate_plots(table, addresses, name=name, require=True, what="services")
    text = table["category"].where(table["category"] != "", table["kategori"])
    keys = [category_key(t) if t else "" for t in text]
    bad_cat = [i + 1 for i, k in enumerate(keys) if not re.fullmatch(r"[a-z][a-z0-9_]*", k)]
    no_geom = [i + 1 for i, g in enumerate(table.geometry) if g is None or g.is_empty]
    problems_en, problems_nb = [], []
    choices = ", ".join(CATEGORIES)
    if bad_cat and not any(keys):
        problems_en.append("no category given (column 'category' or 'kategori' is missing or "
                           f"empty); add it with one of {choices} (or a new key such as nav)")
        problems_nb.append("ingen kategori oppgitt (kolonnen 'kategori' eller 'category' mangler "
                           f"eller er tom); legg den til med en av {choices} (eller en ny "
                           "nøkkel som nav)")
    elif bad_cat:
        en, nb = _rows_text(bad_cat, "has", "have", "mangler")
        problems_en.append(f"{en} no usable category; write one of {choices} (or a new key "
                           "such as nav) in column 'category'")
        problems_nb.append(f"{nb} en brukbar kategori; skriv en av {choices} (eller en ny "
                           "nøkkel som nav) i kolonnen 'kategori'")
    if no_geom:
        en, nb = _rows_text(no_geom, "has", "have", "mangler")
        problems_en.append(f"{en} no location; give lat/lon or the address (column adresse)")
        problems_nb.append(f"{nb} plassering; oppgi lat/lon eller adressen (kolonnen adresse)")
    if problems_en:
        raise InputError(f"{name}: " + "; ".join(problems_en) + ".",
                         nb=f"{name}: " + "; ".join(problems_nb) + ".")
    new = sorted(set(keys) - set(CATEGORIES))
    if new:
        unknown = ", ".join(new)
        log.warning("%s", t("log.register_new", "en", name=name, keys=unknown),
                    extra=said("log.register_new", name=name, keys=unknown))
    register = gpd.GeoDataFrame({"category": keys, "name": table["name"].to_numpy()},
                                geometry=table.geometry.to_numpy(), crs=table.crs)
    counts = ", ".join(f"{key} {n}" for key, n in register["category"].value_counts().items())
    log.info("%s", t("log.register_counts", "en", name=name, counts=counts),
             extra=said("log.register_counts", name=name, counts=counts))
    return register
