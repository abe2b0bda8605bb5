"""The service review: every service the figures use or could use, and why.

One row per (service, category): the OpenStreetMap features that match a
category's patterns (counted) or candidate patterns (listed, not counted), the
municipality's register rows and the services added on the map. Columns:

``category``, ``name``, ``ref`` (``n123``/``w45``/``r6``, ``register:3`` for row 3 of the
register file, ``clicked:2``), ``source`` (``osm``, ``register``, ``clicked``), ``address``
(from ``addr:*`` tags or the register; "" when unknown), ``matched_tags``
(``amenity=clinic; healthcare=clinic``), ``included`` (bool), ``why`` (why it
is counted or not), ``flags`` (why a person should look at it; never drops
it), geometry in EPSG:4326. Internal columns ``why_code``/``why_arg`` and
``flag_codes`` keep the reasons as codes so the texts can be said again in
another language (:func:`render`).

The steps are plain functions on this table, so a change of the user's
exclusions re-runs only :func:`apply_edits` (never the OSM reader):
:func:`review_osm` -> :func:`add_user_services` -> :func:`apply_edits` ->
:func:`render` -> :func:`in_force`.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import settings
from ._classify import rows_matching
from ._config_types import ServiceEdits
from .service_flags import flag_text, flags_for
from .services import Category, matched_tags
from .text import t

if TYPE_CHECKING:
    from .analysis import Study

__all__ = ["COLUMNS", "add_user_services", "apply_edits", "counts", "in_force",
           "outside_area", "render", "review_osm", "study_review", "user_columns"]

log = logging.getLogger(__name__)

#: Columns of the review as users see it (plus geometry).
COLUMNS = ["category", "name", "ref", "source", "address", "matched_tags", "included", "why",
           "flags"]
_INTERNAL = ["why_code", "why_arg", "flag_codes"]
#: Columns a GTFS timetable adds (see :mod:`siting.transit_match`).
_TRANSIT = ["departures_per_hour", "gtfs_stop", "gtfs_match", "gtfs_match_m"]

def user_columns(review: gpd.GeoDataFrame) -> list[str]:
    """The columns users see: :data:`COLUMNS`, plus the GTFS ones when a timetable was used."""
    return COLUMNS + [c for c in _TRANSIT if c in review]


def _address(tags: dict[str, Any]) -> str:
    street = " ".join(str(tags[k]) for k in ("addr:street", "addr:housenumber") if tags.get(k))
    town = " ".join(str(tags[k]) for k in ("addr:postcode", "addr:city") if tags.get(k))
    return ", ".join(p for p in (street, town) if p)


def _osm_row(category: str, osm_id: str, name: str, tags: dict[str, Any], geom: Any,
             matched: list[str], code: str) -> dict[str, Any]:
    return {"category": category, "name": name or "", "ref": osm_id, "source": "osm",
            "address": _address(tags), "matched_tags": "; ".join(matched),
            "included": code != "candidate", "why_code": code, "why_arg": "",
            "flag_codes": flags_for(category, name or "", tags), "geometry": geom}


def review_osm(features: gpd.GeoDataFrame, categories: dict[str, Category]) -> gpd.GeoDataFrame:
    """List the OSM features that match a category's patterns (counted) or candidates (not).

    Parameters
    ----------
    features : geopandas.GeoDataFrame
        ``osm_id``, ``name``, ``tags`` (dict), geometry (EPSG:4326), as in
        :class:`siting.osm.OsmData`.
    categories : dict of str to Category

    Returns
    -------
    geopandas.GeoDataFrame
        The review (see the module docstring), texts not yet rendered.
    """
    rows: list[dict[str, Any]] = []
    tags_list = features["tags"].tolist()
    lists = [p for cat in categories.values() for p in (cat.patterns, cat.candidates)]
    visit = rows_matching(tags_list, lists).tolist()  # the features that match something
    for tags, osm_id, name, geom in zip([tags_list[i] for i in visit],
                                        features["osm_id"].iloc[visit],
                                        features["name"].iloc[visit],
                                        features.geometry.iloc[visit], strict=True):
        for key, cat in categories.items():
            found = matched_tags(tags, cat.patterns)
            if found:
                rows.append(_osm_row(key, osm_id, name, tags, geom, found, "pattern"))
            elif cat.candidates and (found := matched_tags(tags, cat.candidates)):
                rows.append(_osm_row(key, osm_id, name, tags, geom, found, "candidate"))
    return _frame(rows, features.crs)


REVIEW_MEMO_SIZE = 4  # category sets whose OSM review a study remembers
_MEMO_LOCK = threading.Lock()  # a prepared study is shared by the app's sessions


def study_review(study: Study, categories: dict[str, Category],
                 made: gpd.GeoDataFrame | None = None) -> gpd.GeoDataFrame:
    """:func:`review_osm` of the study's features, remembered in the study.

    The review under the built-in categories is made when a study is prepared, so
    it is stored in the cache entry with the networks (:mod:`siting.cache`); other
    category sets are remembered in memory for the last few.

    Parameters
    ----------
    study : Study
    categories : dict of str to Category
    made : geopandas.GeoDataFrame, optional
        ``review_osm(study.osm.features, categories)`` made elsewhere (by a worker
        process while this one built the walk network): remembered as it is.

    Returns
    -------
    geopandas.GeoDataFrame
        A copy of the remembered review (callers may change it).
    """
    key = json.dumps([[k, c.patterns, c.candidates] for k, c in categories.items()],
                     default=repr)  # pattern key order matters: it orders matched_tags
    with _MEMO_LOCK:
        found = study.reviews.get(key) if made is None else None
    if found is None:
        found = review_osm(study.osm.features, categories) if made is None else made
        with _MEMO_LOCK:
            while len(study.reviews) >= REVIEW_MEMO_SIZE:
                study.reviews.pop(next(iter(study.reviews)))
            study.reviews[key] = found
    return found.copy()


def _frame(rows: list[dict[str, Any]], crs: Any) -> gpd.GeoDataFrame:
    columns = [c for c in COLUMNS if c not in ("why", "flags")] + _INTERNAL + ["geometry"]
    frame = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry", crs=crs)
    frame["included"] = frame["included"].astype(bool)
    return frame


def _user_rows(frame: gpd.GeoDataFrame | None, source: str) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    frame = frame.to_crs("EPSG:4326")
    address = frame["address"] if "address" in frame else pd.Series("", index=frame.index)
    numbers = frame["row"] if "row" in frame else range(1, len(frame) + 1)
    code = "register" if source == "register" else "clicked"
    return [{"category": str(cat), "name": str(name), "ref": f"{source}:{int(i)}",
             "source": source, "address": "" if pd.isna(addr) else str(addr),
             "matched_tags": "", "included": True, "why_code": code, "why_arg": "",
             "flag_codes": [], "geometry": geom}
            for i, cat, name, addr, geom in zip(numbers, frame["category"], frame["name"],
                                                address, frame.geometry, strict=True)]


def add_user_services(review: gpd.GeoDataFrame, register: gpd.GeoDataFrame | None,
                      clicked: gpd.GeoDataFrame | None = None,
                      replace: list[str] | tuple[str, ...] = ()) -> gpd.GeoDataFrame:
    """Add the register and the services added on the map; let the register replace OSM.

    An OSM service is replaced (not counted, with the reason) when its category
    is in ``replace`` and the register has that category, or when a register
    row of the same category lies within :data:`siting.settings.register_match_m`
    metres of it (the same service mapped twice).
    """
    rows = _user_rows(register, "register") + _user_rows(clicked, "clicked")
    if not rows:
        if replace:
            log.warning("the config replaces %s with the service register, but no register "
                        "was given: OpenStreetMap's are kept", ", ".join(replace))
        return review
    user = _frame(rows, "EPSG:4326")
    out = _frame([], "EPSG:4326") if review.empty else review.to_crs("EPSG:4326").copy()
    reg_cats = set(user.loc[user["source"] == "register", "category"])
    empty = sorted(set(replace) - reg_cats)
    if empty:
        log.warning("the config replaces %s with the service register, which has none: "
                    "no such service remains (distances inf)", ", ".join(empty))
    whole = out["category"].isin(list(replace)) & (out["source"] == "osm") & out["included"]
    out.loc[whole, ["included", "why_code"]] = [False, "replaced_category"]
    _replace_duplicates(out, user)
    merged = pd.concat([out, user], ignore_index=True)
    return gpd.GeoDataFrame(merged, geometry="geometry", crs="EPSG:4326")


def _replace_duplicates(osm: gpd.GeoDataFrame, user: gpd.GeoDataFrame) -> None:
    """Mark counted OSM services within the match distance of a register row as replaced."""
    register = user[user["source"] == "register"]
    counted = osm[osm["included"] & (osm["source"] == "osm")]
    if register.empty or counted.empty:
        return
    crs = counted.estimate_utm_crs()
    reg_m, osm_m = register.to_crs(crs), counted.to_crs(crs)
    for i, row in reg_m.iterrows():
        same = osm_m[osm_m["category"] == row["category"]]
        if same.empty or row.geometry is None:
            continue
        dist = same.distance(row.geometry)
        hits = dist.index[(dist <= settings.register_match_m).to_numpy()]
        if len(hits):
            osm.loc[hits, ["included", "why_code", "why_arg"]] = [False, "replaced_by",
                                                                  row["ref"]]
            user.loc[i, ["why_code", "why_arg"]] = ["register_replaces",
                                                    ", ".join(osm.loc[hits, "ref"])]


def _split(ref: str) -> tuple[str | None, str]:
    """``"mental_health:n12"`` -> ("mental_health", "n12"); ``"register:3"`` -> (None, ...)."""
    head, _, rest = ref.partition(":")
    if rest and head not in ("register", "clicked", "gtfs"):
        return head, rest
    return None, ref


def apply_edits(review: gpd.GeoDataFrame, edits: ServiceEdits,
                features: gpd.GeoDataFrame | None = None,
                categories: dict[str, Category] | None = None,
                ) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Apply the user's exclusions and inclusions; return the review and unknown references.

    An inclusion with a category (``nav:n12``) of an OSM object the review does
    not list in that category adds it, from ``features``.
    """
    out = review.copy()
    unknown: list[str] = []
    for ref in edits.exclude:
        if not _set(out, ref, False):
            unknown.append(ref)
    for ref in edits.include:
        if _set(out, ref, True):
            continue
        added = _added_feature(ref, features, categories)
        if added is None:
            unknown.append(ref)
        else:
            out = gpd.GeoDataFrame(pd.concat([out, added], ignore_index=True),
                                   geometry="geometry", crs=out.crs)
    if unknown:
        log.warning("[services]: %s not found among the services; check the references "
                    "against `python -m siting services`", ", ".join(unknown))
    return out, unknown


def _set(review: gpd.GeoDataFrame, ref: str, included: bool) -> bool:
    category, bare = _split(ref)
    hit = (review["ref"] == bare).to_numpy().copy()
    if category is not None:
        hit &= (review["category"] == category).to_numpy()
    if not hit.any():
        return False
    review.loc[hit, ["included", "why_code", "why_arg"]] = [
        included, "included" if included else "excluded", ""]
    return True


def _added_feature(ref: str, features: gpd.GeoDataFrame | None,
                   categories: dict[str, Category] | None) -> gpd.GeoDataFrame | None:
    category, bare = _split(ref)
    if category is None or features is None or (categories and category not in categories):
        return None
    match = features[features["osm_id"] == bare]
    if match.empty:
        return None
    tags = match["tags"].iloc[0]
    row = _osm_row(category, bare, match["name"].iloc[0], tags, match.geometry.iloc[0], [],
                   "included")
    return _frame([row], features.crs).to_crs("EPSG:4326")


def render(review: gpd.GeoDataFrame, lang: str) -> gpd.GeoDataFrame:
    """Fill ``why`` and ``flags`` in ``lang`` and order the columns (review sorted by
    category, then counted first, then name)."""
    from .transit_match import transit_why

    out = review.copy().reset_index(drop=True)
    said: dict[object, str] = {}  # thousands of rows share a few reasons and flags

    def once(key: object, make: Callable[..., str], *args: Any) -> str:
        try:
            if key not in said:
                said[key] = make(*args)
            return said[key]
        except TypeError:  # an argument that cannot be a key
            return make(*args)

    def why_text(code: str, arg: Any) -> str:
        if code == "outside_area":  # a distance in km: "389,2" in bokmål
            arg = float(arg)
        return t(f"review.why.{code}", lang, arg=arg)

    out["why"] = [transit_why(code, arg, out.loc[i], lang) if code.startswith("gtfs")
                  else once(("why", code, arg), why_text, code, arg)
                  for i, code, arg in zip(out.index, out["why_code"], out["why_arg"],
                                          strict=True)]
    out["flags"] = [once(("flags", *map(tuple, codes)), flag_text, list(codes), lang)
                    for codes in out["flag_codes"]]
    out["included"] = out["included"].astype(bool)
    extra = [c for c in _TRANSIT if c in out]
    return out[COLUMNS + extra + _INTERNAL + ["geometry"]]


def outside_area(review: gpd.GeoDataFrame, area: shapely.Geometry, crs: str,
                 limit_m: float) -> gpd.GeoDataFrame:
    """Leave out the register's services and those added on the map that lie more than
    ``limit_m`` outside ``area`` (not counted, why ``outside_area`` with the distance in
    km): no street of the data comes near them, so a walk or a drive from them would
    start at the area's edge (a register row of Melhus read on an Oslo extract would
    be a police station 400 km away, "2.7 minutes" from an Oslo plot).

    Parameters
    ----------
    review : geopandas.GeoDataFrame
        The review, EPSG:4326.
    area : shapely.Geometry
        The area the data cover (:attr:`siting.analysis.Study.coverage`), in ``crs``.
    crs : str
        The metric CRS of ``area``.
    limit_m : float
        How far outside a service may lie (the snap limit).

    Returns
    -------
    geopandas.GeoDataFrame
        A copy with those rows not counted.
    """
    user = (review["source"].isin(["register", "clicked"]) & review["included"]).to_numpy(
        dtype=bool)
    if not user.any():
        return review
    points = review.geometry[user].to_crs(crs).to_numpy()
    gap = shapely.distance(area, points)
    far = gap > limit_m
    if not far.any():
        return review
    out = review.copy()
    rows = out.index[np.flatnonzero(user)[far]]
    out.loc[rows, "included"] = False
    out.loc[rows, "why_code"] = "outside_area"
    out.loc[rows, "why_arg"] = [f"{g / 1000:.1f}" for g in gap[far]]  # km, said per language
    return out


def in_force(review: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The services the figures use: counted rows with ``category``, ``name``,
    ``source``, ``ref`` and geometry (plus ``departures_per_hour`` if known)."""
    cols = ["category", "name", "source", "ref"]
    cols += [c for c in ("departures_per_hour",) if c in review]
    counted = review.loc[review["included"].to_numpy(dtype=bool), [*cols, "geometry"]]
    return gpd.GeoDataFrame(counted.reset_index(drop=True), geometry="geometry",
                            crs=review.crs)


def counts(review: gpd.GeoDataFrame) -> pd.DataFrame:
    """Per category: services counted, not counted, and flagged (counted and flagged)."""
    flagged = np.array([bool(c) for c in review["flag_codes"]], dtype=bool)
    inc = review["included"].to_numpy(dtype=bool)
    table = pd.DataFrame({"category": review["category"], "counted": inc,
                          "not_counted": ~inc, "flagged": flagged & inc})
    return table.groupby("category", sort=False).sum()
