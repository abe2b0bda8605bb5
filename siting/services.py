"""Service categories, their OSM tag rules, and the municipality's own register.

Categories are data, not code: each has labels in both languages and a list of
tag patterns. A feature belongs to a category when all tags of at least one
pattern match (``"*"`` matches any value; a list matches any of its values).
A config file may edit the patterns or add categories (see :mod:`siting.config`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import pandas as pd

__all__ = [
    "CATEGORIES", "Category", "combine_services", "matches", "services_from_osm",
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
