"""Service categories, their OSM tag rules, and the municipality's own register.

Categories are data, not code: each has labels in both languages and a list of
tag patterns. A feature belongs to a category when all tags of at least one
pattern match (``"*"`` matches any value; a list matches any of its values).
A config file may edit the patterns or add categories (see :mod:`siting.config`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from .errors import InputError

__all__ = [
    "CATEGORIES", "CATEGORY_ALIASES", "Category", "category_key", "combine_services", "matches",
    "read_register", "services_from_osm",
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
    """

    key: str
    label_nb: str
    label_en: str
    patterns: list[Pattern] = field(default_factory=list)

    def label(self, lang: str) -> str:
        """Return the label in ``lang`` ("nb" or "en")."""
        return self.label_nb if lang == "nb" else self.label_en


CATEGORIES: dict[str, Category] = {c.key: c for c in [
    Category("gp", "Fastlege", "GP", [
        {"amenity": "doctors"}, {"healthcare": "doctor"},
        {"amenity": "clinic"}, {"healthcare": "centre"},
    ]),
    Category("bus", "Bussholdeplass", "Bus stop", [
        {"highway": "bus_stop"}, {"public_transport": "platform", "bus": "yes"},
    ]),
    Category("shop", "Dagligvare", "Grocery shop", [
        {"shop": ["supermarket", "convenience", "grocery"]},
    ]),
    Category("mental_health", "Psykisk helsetjeneste", "Mental-health service", [
        {"healthcare": "psychotherapy"}, {"healthcare:speciality": "psychiatry"},
        {"social_facility:for": "mental_health"},
    ]),
    Category("substance_abuse", "Rustjeneste", "Substance-abuse service", [
        {"social_facility:for": ["drug_addicted", "alcoholic"]},
        {"healthcare:speciality": "addiction"},
    ]),
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


def matches(tags: dict[str, str], patterns: list[Pattern]) -> bool:
    """Return True when ``tags`` satisfy at least one pattern entirely."""
    for pattern in patterns:
        if all(_value_matches(tags.get(key), want) for key, want in pattern.items()):
            return True
    return False


def _value_matches(value: str | None, want: Any) -> bool:
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

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``category``, ``name``, ``source`` ("osm"), ``ref`` (OSM id) and
        geometry, in the CRS of ``features``. A feature can serve several categories.
    """
    categories = categories or CATEGORIES
    rows: list[dict[str, Any]] = []
    for tags, osm_id, name, geom in zip(
        features["tags"], features["osm_id"], features["name"], features.geometry, strict=True
    ):
        for key, cat in categories.items():
            if matches(tags, cat.patterns):
                rows.append({"category": key, "name": name or "", "source": "osm",
                             "ref": osm_id, "geometry": geom})
    frame = gpd.GeoDataFrame(rows, columns=["category", "name", "source", "ref", "geometry"],
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
        Columns ``category``, ``name``, geometry (``source`` becomes "register").
    replace : sequence of str
        Categories for which the register replaces what OSM has (OSM rows dropped).
    """
    if register is None or register.empty:
        return osm_services
    register = register.to_crs(osm_services.crs)
    register = register.assign(source="register", ref=register.get("ref", ""))
    keep = ~osm_services["category"].isin(list(replace))
    cols = ["category", "name", "source", "ref", "geometry"]
    frame = pd.concat([osm_services.loc[keep, cols], register[cols]], ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=osm_services.crs)


#: Words people write in a register's category column, mapped to category keys.
CATEGORY_ALIASES: dict[str, str] = {
    "fastlege": "gp", "lege": "gp", "legekontor": "gp", "legesenter": "gp", "doctor": "gp",
    "buss": "bus", "bussholdeplass": "bus", "holdeplass": "bus", "bus_stop": "bus",
    "butikk": "shop", "dagligvare": "shop", "matbutikk": "shop", "grocery": "shop",
    "psykisk_helse": "mental_health", "psykisk helse": "mental_health",
    "psykisk helsetjeneste": "mental_health", "mental health": "mental_health",
    "rus": "substance_abuse", "rustjeneste": "substance_abuse",
    "rus- og tiltakstjenesten": "substance_abuse", "substance abuse": "substance_abuse",
    "apotek": "pharmacy", "skole": "school", "barnehage": "school", "kindergarten": "school",
    "politi": "police", "politistasjon": "police",
}


def category_key(text: str) -> str:
    """Return the category key for a register's category text (bokmål or English)."""
    word = " ".join(text.strip().casefold().split())
    return CATEGORY_ALIASES.get(word, word.replace(" ", "_").replace("-", "_"))


def read_register(source: str | Path | bytes, *, filename: str | None = None,
                  crs: str | None = None) -> gpd.GeoDataFrame:
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
    from .plots import read_plots

    table = read_plots(source, filename=filename, crs=crs, unique_ids=False,
                       extra_columns=("category", "kategori"))
    name = Path(filename or ("upload" if isinstance(source, bytes) else str(source))).name
    text = table["category"].where(table["category"] != "", table["kategori"])
    keys = [category_key(t) if t else "" for t in text]
    bad_cat = [str(i + 1) for i, k in enumerate(keys) if not re.fullmatch(r"[a-z][a-z0-9_]*", k)]
    no_geom = [str(i + 1) for i, g in enumerate(table.geometry) if g is None or g.is_empty]
    problems_en, problems_nb = [], []
    if bad_cat:
        problems_en.append(f"rows {', '.join(bad_cat[:10])} have no usable category; write "
                           f"one of {', '.join(CATEGORIES)} (or a new key such as nav) "
                           "in column 'category'")
        problems_nb.append(f"radene {', '.join(bad_cat[:10])} mangler en brukbar kategori; "
                           f"skriv en av {', '.join(CATEGORIES)} (eller en ny nøkkel som nav) "
                           "i kolonnen 'category'")
    if no_geom:
        problems_en.append(f"rows {', '.join(no_geom[:10])} have no location; give lat/lon")
        problems_nb.append(f"radene {', '.join(no_geom[:10])} mangler plassering; oppgi lat/lon")
    if problems_en:
        raise InputError(f"{name}: " + "; ".join(problems_en) + ".",
                         nb=f"{name}: " + "; ".join(problems_nb) + ".")
    register = gpd.GeoDataFrame({"category": keys, "name": table["name"].to_numpy()},
                                geometry=table.geometry.to_numpy(), crs=table.crs)
    log.info("register %s: %s", name, register["category"].value_counts().to_dict())
    return register
