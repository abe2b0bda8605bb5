"""Match a GTFS timetable to the mapped bus stops of the service review.

Each ``bus`` row of the review gets ``departures_per_hour``, ``gtfs_stop`` and
``gtfs_match`` (``nsr``, ``distance`` or ``none``, with ``gtfs_match_m``
metres). A stop counts only with at least the rule's departures per hour; a
stop no GTFS stop matches does not count either (nothing says a bus stops
there), and both say why. Frequent GTFS stops that match no mapped stop and
lie in the study area are added as ``gtfs`` rows: the timetable knows them
even where OpenStreetMap does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import settings
from ._config_types import Transit
from .text import number, t
from .transit import Timetable

__all__ = ["MatchQuality", "apply_timetable", "match_quality", "quality_text",
           "transit_why"]

@dataclass(frozen=True)
class MatchQuality:
    """How the mapped bus stops were matched: counts by NSR id, by distance, not at all,
    and the GTFS stops added because no mapped stop matched them."""

    nsr: int
    distance: int
    none: int
    added: int


def match_quality(review: gpd.GeoDataFrame) -> MatchQuality | None:
    """The match quality recorded in a review (None when no timetable was applied)."""
    if "gtfs_match" not in review:
        return None
    how = review.loc[(review["category"] == "bus") & (review["source"] == "osm"), "gtfs_match"]
    return MatchQuality(int((how == "nsr").sum()), int((how == "distance").sum()),
                        int((how == "none").sum()), int((review["source"] == "gtfs").sum()))


def quality_text(quality: MatchQuality, lang: str) -> str:
    """Say the match quality in ``lang``."""
    total = quality.nsr + quality.distance + quality.none
    return t("gtfs.quality", lang,
        total=total, nsr=quality.nsr, distance=quality.distance, none=quality.none,
        added=quality.added, m=f"{settings.gtfs_match_m:g}")


def _nsr_of(tags: dict[str, Any]) -> str:
    for key in ("ref:nsrq", "nsrq"):
        value = str(tags.get(key, "") or "").strip()
        if value.isdigit():
            return value
    return ""


def _xy(table: pd.DataFrame, crs: str) -> np.ndarray:
    stops = gpd.GeoSeries(gpd.points_from_xy(table["lon"], table["lat"]), crs="EPSG:4326")
    return shapely.get_coordinates(stops.to_crs(crs))


def _match(bus: gpd.GeoDataFrame, tags: pd.Series, table: pd.DataFrame,
           crs: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each bus row: index into ``table`` (-1 none), how ("nsr"/"distance"/"none"), metres."""
    from scipy.spatial import cKDTree  # here: a run without a timetable does not import it

    stop_xy = _xy(table, crs)
    bus_xy = shapely.get_coordinates(bus.geometry.to_crs(crs).representative_point())
    by_nsr = {n: i for i, n in enumerate(table["nsr"]) if n}
    dist, nearest = cKDTree(stop_xy).query(bus_xy) if len(stop_xy) else (
        np.full(len(bus), np.inf), np.full(len(bus), -1))
    index = np.full(len(bus), -1)
    how = np.full(len(bus), "none", dtype=object)
    metres = np.full(len(bus), np.nan)
    for k, ref in enumerate(bus["ref"]):
        nsr = _nsr_of(tags.get(ref, {}))
        if nsr in by_nsr:
            index[k], how[k] = by_nsr[nsr], "nsr"
            metres[k] = float(np.hypot(*(stop_xy[by_nsr[nsr]] - bus_xy[k])))
        elif dist[k] <= settings.gtfs_match_m:
            index[k], how[k], metres[k] = int(nearest[k]), "distance", float(dist[k])
    return index, how, metres


def apply_timetable(review: gpd.GeoDataFrame, features: gpd.GeoDataFrame, timetable: Timetable,
                    rule: Transit, coverage: shapely.Geometry | None,
                    crs: str) -> tuple[gpd.GeoDataFrame, MatchQuality]:
    """Count only bus stops with enough departures; return the review and the match quality.

    Parameters
    ----------
    review : geopandas.GeoDataFrame
        Rows as built by :mod:`siting.review` (before :func:`~siting.review.render`).
    features : geopandas.GeoDataFrame
        The OSM features (their tags carry ``ref:nsrq``).
    timetable : Timetable
    rule : Transit
        The threshold and window (from the config).
    coverage, crs : the study area (metric ``crs``), where added GTFS stops must lie.
    """
    out = review.to_crs("EPSG:4326").copy()
    for column, empty in (("departures_per_hour", np.nan), ("gtfs_stop", ""),
                          ("gtfs_match", ""), ("gtfs_match_m", np.nan)):
        out[column] = empty
    table = timetable.per_stop(rule)
    is_bus = ((out["category"] == "bus") & (out["source"] == "osm")).to_numpy()
    tags = pd.Series(list(features["tags"]), index=features["osm_id"])
    index, how, metres = _match(out[is_bus], tags, table, crs)
    rows = np.flatnonzero(is_bus)
    found = index >= 0
    rate = np.where(found, table["per_hour"].to_numpy()[np.maximum(index, 0)], np.nan)
    out.loc[rows, "departures_per_hour"] = rate
    out.loc[rows, "gtfs_stop"] = np.where(found, table["stop_id"].to_numpy()[np.maximum(
        index, 0)], "")
    out.loc[rows, "gtfs_match"] = how
    out.loc[rows, "gtfs_match_m"] = metres
    counted = out.loc[rows, "included"].to_numpy(dtype=bool)
    enough = found & (rate >= rule.min_departures_per_hour)
    out.loc[rows, "included"] = counted & enough
    out.loc[rows, "why_code"] = np.where(
        ~counted, out.loc[rows, "why_code"],
        np.where(~found, "gtfs_unmatched", np.where(enough, "gtfs_frequent", "gtfs_rare")))
    out.loc[rows, "why_arg"] = np.where(counted, _rule_arg(rule), out.loc[rows, "why_arg"])
    bus_xy = shapely.get_coordinates(out[is_bus].geometry.to_crs(crs).representative_point())
    added = _added_stops(table, set(index[found].tolist()), bus_xy, rule, coverage, crs)
    quality = MatchQuality(int((how == "nsr").sum()), int((how == "distance").sum()),
                           int((how == "none").sum()), len(added))
    if len(added):
        out = gpd.GeoDataFrame(pd.concat([out, added], ignore_index=True),
                               geometry="geometry", crs="EPSG:4326")
    return out, quality


def _rule_arg(rule: Transit) -> str:
    """The rule as ``need|from|to`` (kept in ``why_arg`` so texts can be said in any language)."""
    return f"{rule.min_departures_per_hour:g}|{rule.from_hour:g}|{rule.to_hour:g}"


def _added_stops(table: pd.DataFrame, matched: set[int], bus_xy: np.ndarray, need: Transit,
                 coverage: shapely.Geometry | None, crs: str) -> gpd.GeoDataFrame:
    """Frequent GTFS stops that no mapped stop matched and none lies near."""
    from scipy.spatial import cKDTree
    keep = np.array([i not in matched for i in range(len(table))], dtype=bool)
    keep &= (table["per_hour"] >= need.min_departures_per_hour).to_numpy()
    if len(bus_xy) and keep.any():
        near, _ = cKDTree(bus_xy).query(_xy(table, crs))
        keep &= near > settings.gtfs_match_m
    rows = table[keep]
    points = gpd.GeoSeries(gpd.points_from_xy(rows["lon"], rows["lat"]), crs="EPSG:4326")
    if coverage is not None and len(rows):
        inside = points.to_crs(crs).within(coverage).to_numpy()
        rows, points = rows[inside], points[inside]
    return gpd.GeoDataFrame({
        "category": "bus", "name": rows["stop_name"].to_numpy(),
        "ref": [f"gtfs:{s}" for s in rows["stop_id"]], "source": "gtfs", "address": "",
        "matched_tags": "", "included": True, "why_code": "gtfs_only", "why_arg": _rule_arg(need),
        "flag_codes": [[] for _ in range(len(rows))],
        "departures_per_hour": rows["per_hour"].to_numpy(),
        "gtfs_stop": rows["stop_id"].to_numpy(), "gtfs_match": "", "gtfs_match_m": np.nan},
        geometry=points.to_numpy(), crs="EPSG:4326")


def _rate(x: float, lang: str) -> str:
    """Departures per hour: "6", "2,5", "0,17" (two decimals below one an hour)."""
    return number(x, lang, 1 if x >= 1 or x == 0 else 2, trim=True)


def transit_why(code: str, arg: str, row: Any, lang: str) -> str:
    """Say why a bus stop counts or not, from its review row (``departures_per_hour``,
    ``gtfs_match``, ``gtfs_match_m``) and ``arg`` (``need|from|to``)."""
    def say(key: str, **values: object) -> str:
        return t(f"gtfs.{key}", lang, **values)

    need, start, end = (float(v) for v in arg.split("|"))
    window = f"{start:02.0f}–{end:02.0f}"
    if code == "gtfs_unmatched":
        return say("unmatched", m=f"{settings.gtfs_match_m:g}")
    rate = float(row["departures_per_hour"])
    if code == "gtfs_only":
        return say("gtfs_only", rate=_rate(rate, lang), window=window)
    how = say("nsr") if row["gtfs_match"] == "nsr" else say(
        "distance", m=f"{float(row['gtfs_match_m']):.0f}")
    if code == "gtfs_frequent":
        return say("frequent", rate=_rate(rate, lang), window=window, how=how)
    return say("rare", rate=_rate(rate, lang), window=window, how=how,
               n=round(rate * (end - start)), need=_rate(need, lang))
