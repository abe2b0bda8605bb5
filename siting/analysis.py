"""Accessibility of candidate plots: the distance table and the suitability surface.

:func:`study_from_osm` prepares a study area once (networks, spatial indexes);
:func:`accessibility` then measures every plot -- walking metres to the nearest
service of each category, police driving minutes, patrol detour -- in one pass
that also gives the nearest-service distance for every walk-network node.
Scores are not computed here: they are a pure function of this table and the
user's config (:mod:`siting.scoring`), so re-weighting never re-runs a search.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from . import settings
from ._parallel import call_forked
from .distances import Graph, SourceSet, Trees, graph_from_network, nearest_start, tree_origin
from .network import Network, drive_network, walk_network
from .osm import OsmData
from .police import PoliceReach, police_reach
from .services import DRIVE_CATEGORY
from .snap import Snap, snap
from .text import said

__all__ = ["OUTSIDE_CODES", "Accessibility", "Study", "accessibility", "framed", "is_outside",
           "study_from_osm", "study_of"]

#: Flag codes of a plot outside the area the OSM data cover (see :func:`is_outside`).
OUTSIDE_CODES: tuple[str, ...] = ("outside", "swapped")

log = logging.getLogger(__name__)


@dataclass
class Study:
    """A prepared study area: OSM data and its walk and drive networks.

    Attributes
    ----------
    osm : OsmData
    walk, drive : Network
    crs : str
        Metric analysis CRS (EUREF89 UTM).
    coverage : shapely.Polygon
        Area the OSM data covers (convex hull of the walk network), in ``crs``.
    reviews : dict of str to geopandas.GeoDataFrame
        The OSM service review per category set, remembered by
        :func:`siting.review.study_review` (the built-in one is stored in the cache).
    """

    osm: OsmData
    walk: Network
    drive: Network
    crs: str
    coverage: shapely.Geometry
    reviews: dict[str, gpd.GeoDataFrame] = field(default_factory=dict, repr=False,
                                                 compare=False)


def study_from_osm(osm: OsmData, crs: str | None = None) -> Study:
    """Build the walk and drive networks of ``osm`` in one metric CRS.

    Parameters
    ----------
    osm : OsmData
        Street segments and features, from a file or a download.
    crs : str, optional
        The metric analysis CRS; default EUREF89 UTM 32 or 33 by longitude
        (:data:`siting.settings.analysis_crs` overrides).

    Returns
    -------
    Study
        The networks and the area the data cover (convex hull of the walk network).
    """
    walk = walk_network(osm, crs)
    return study_of(osm, walk, drive_network(osm, walk.crs))


def study_of(osm: OsmData, walk: Network, drive: Network) -> Study:
    """The study of networks built already.

    Parameters
    ----------
    osm : OsmData
        The data the networks were built from.
    walk, drive : Network
        ``walk_network(osm, crs)`` and ``drive_network(osm, crs)`` in one CRS.

    Returns
    -------
    Study
        The networks in their CRS, and the area the data cover (convex hull of the
        walk network).
    """
    return Study(osm, walk, drive, walk.crs, _hull(walk.xy))


def _hull(xy: np.ndarray) -> shapely.Geometry:
    """Convex hull of the points, exactly as GEOS gives it, an order of magnitude faster.

    qhull (scipy) finds the few extreme points; GEOS then builds the hull of those
    alone, which is the hull of all points, vertex for vertex. Degenerate inputs
    (fewer than three points, all on a line) go to GEOS directly.
    """
    from scipy.spatial import ConvexHull, QhullError

    with contextlib.suppress(QhullError, ValueError):
        xy = xy[ConvexHull(xy).vertices]
    return shapely.convex_hull(shapely.multipoints(xy))


@dataclass
class Accessibility:
    """Everything measured for one set of plots and services.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per plot, in input order: ``plot_id``, ``name``, ``walk_m_<cat>``
        (metres, ``inf`` = none reachable), ``nearest_<cat>`` (service name; where
        the category has no service at all, "no service in this category"),
        ``bus_departures_per_hour`` (of the bus stop used, when a GTFS timetable
        was given),
        ``police_drive_min``, ``patrol_detour_min`` (minutes), ``snap_m``,
        ``drive_snap_m`` (metres), ``nearest_police`` (station name and OSM
        ref), ``component_nodes`` (int; nullable ``Int64`` when some plot is not
        measured), ``flag`` (why the plot cannot be ranked: a
        tuple of codes such as ``("far", {"m": 258.3, "limit": 250.0})``, empty
        when it can) and ``note`` (what a measured plot's figures should be
        read with, e.g. ``("problem", {"text": "invalid polygon repaired"})``);
        :mod:`siting.text.render` puts codes into words. The same in every
        language. A plot without a location, or far outside the area, has NaN
        figures (snap distances and ``component_nodes`` too): unknown, not
        unreachable.
    surface : pandas.DataFrame
        One row per walk-network node: ``x``, ``y`` (analysis CRS) and
        ``walk_m_<cat>`` -- the suitability surface before scoring.
    plots, services : geopandas.GeoDataFrame
        The inputs in the analysis CRS (``services`` with ``access_m``).
    walk_graph, drive_graph : Graph
    walk_trees : Trees
        Shortest-path trees, one per walk category (order of ``categories``).
    police_trees : Trees
        Tree from the police stations on the drive graph.
    police : PoliceReach
        The police searches (stations, patrol trees both ways, access nodes).
    categories : list of str
        Walk categories, in the order of ``walk_trees``.
    """

    table: pd.DataFrame
    surface: pd.DataFrame
    plots: gpd.GeoDataFrame
    services: gpd.GeoDataFrame
    walk_graph: Graph
    drive_graph: Graph
    walk_trees: Trees
    police_trees: Trees
    categories: list[str]
    plot_walk_nodes: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    plot_drive_nodes: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    police: PoliceReach | None = None


def accessibility(
    study: Study, plots: gpd.GeoDataFrame, services: gpd.GeoDataFrame,
    categories: list[str], max_snap_m: float | None = None,
) -> Accessibility:
    """Measure every plot's access to services and police reach.

    Parameters
    ----------
    study : Study
    plots : geopandas.GeoDataFrame
        ``plot_id``, ``name``, optional ``problem``, geometry (any CRS; missing allowed).
    services : geopandas.GeoDataFrame
        ``category``, ``name``, geometry (any CRS).
    categories : list of str
        Walk categories to measure (``police`` is always driven, never walked).
    max_snap_m : float, optional
        Plots farther than this (metres) from the walk network are flagged;
        default :data:`siting.settings.max_snap_m`.

    Returns
    -------
    Accessibility
        The distance table (one row per plot, input order; numbers and codes, the
        same in every language), the suitability surface and the searches behind them.
    """
    plots_m = plots.to_crs(study.crs)
    services_m = services.to_crs(study.crs)
    walk_cats = [c for c in categories if c != DRIVE_CATEGORY]
    measure_police = partial(police_reach, study.drive, plots_m, _stations(services_m))
    # on a large network a worker measures police reach from the start, while this
    # process builds the walk graph, which its searches must wait for
    police_job = (call_forked(measure_police)
                  if study.walk.n_nodes >= settings.parallel_min_nodes else None)
    plot_walk = snap(study.walk, plots_m.geometry.to_numpy())
    svc_walk = snap(study.walk, services_m.geometry.to_numpy())
    walk_graph = graph_from_network(study.walk, [plot_walk, svc_walk])
    plot_nodes, svc_nodes = walk_graph.access
    sets = [_source_set(services_m, svc_nodes, svc_walk, c) for c in walk_cats]
    # the walk searches run in workers on a large graph (one fewer beside a police
    # worker, which takes a core) while police reach is measured or waited for here
    walking = nearest_start(walk_graph, sets, busy=int(police_job is not None))
    police = measure_police() if police_job is None else police_job.result()
    walk_trees = walking.result()
    table = _table(plots_m, plot_walk, plot_nodes, walk_trees, walk_cats, services_m, svc_nodes,
                   svc_walk.snap_m)
    table["police_drive_min"] = police.drive_min
    table["patrol_detour_min"] = police.detour_min
    table["drive_snap_m"] = police.snap_m
    table["nearest_police"] = police.station
    table["component_nodes"] = _component_sizes(study.walk, plot_walk)
    limit = settings.max_snap_m if max_snap_m is None else max_snap_m
    table["flag"] = _flags(study, plots_m, plot_walk, table, limit)
    empty = [c for c in walk_cats if not (services_m["category"] == c).any()]
    table["note"] = _notes(plots_m, police, limit, empty)
    _blank_unmeasured(table, plots_m, limit)
    surface = _surface(study.walk, walk_trees, walk_cats)
    services_m = services_m.assign(access_m=svc_walk.snap_m)
    log.info("measured %d plots against %d services in %d categories",
             len(table), len(services_m), len(walk_cats),
             extra=said("log.measured", n=len(table), services=len(services_m),
                        cats=len(walk_cats)))
    return Accessibility(table, surface, plots_m, services_m, walk_graph, police.graph,
                         walk_trees, police.trees, walk_cats, plot_nodes, police.plot_nodes,
                         police)


def _source_set(services: gpd.GeoDataFrame, nodes: np.ndarray, snaps: Snap, cat: str) -> SourceSet:
    members = (services["category"] == cat).to_numpy() & (nodes >= 0)
    return SourceSet(nodes[members], snaps.snap_m[members])


def _table(plots: gpd.GeoDataFrame, snaps: Snap, nodes: np.ndarray, trees: Trees,
           cats: list[str], services: gpd.GeoDataFrame, svc_nodes: np.ndarray,
           svc_legs: np.ndarray) -> pd.DataFrame:
    """The walking figures: ``walk_m_<cat>`` and ``nearest_<cat>`` (service name), and
    ``bus_departures_per_hour`` when the bus stops carry a timetable."""
    table = pd.DataFrame({"plot_id": plots["plot_id"].astype(str).to_numpy(),
                          "name": plots["name"].astype(str).to_numpy()})
    ok = nodes >= 0
    for k, cat in enumerate(cats):
        dist = np.full(len(nodes), np.inf)
        dist[ok] = trees.dist[k, nodes[ok]] + snaps.snap_m[ok]
        table[f"walk_m_{cat}"] = dist
        rows = _nearest_rows(trees, k, nodes, services, svc_nodes, svc_legs, cat)
        table[f"nearest_{cat}"] = _pick(services["name"].astype(str).to_numpy(), rows, "")
        if cat == "bus" and "departures_per_hour" in services:
            rate = services["departures_per_hour"].to_numpy(dtype=float)
            table["bus_departures_per_hour"] = _pick(rate, rows, np.nan)
    table["snap_m"] = snaps.snap_m
    return table


def _nearest_rows(trees: Trees, k: int, nodes: np.ndarray, services: gpd.GeoDataFrame,
                  svc_nodes: np.ndarray, svc_legs: np.ndarray, cat: str) -> np.ndarray:
    """Position (in ``services``) of the service whose access node roots each plot's
    shortest path; -1 where none does.

    Where several services share an access node, the search left the root through
    the one with the shortest access leg, so that one is named (the first listed
    among equal legs).
    """
    members = np.flatnonzero((services["category"] == cat).to_numpy() & (svc_nodes >= 0))
    # later entries win in the dict: longest leg first, shortest (earliest on ties) last
    members = members[np.lexsort((-members, -svc_legs[members]))]
    by_node = dict(zip(svc_nodes[members].tolist(), members.tolist(), strict=True))
    out = np.full(len(nodes), -1, dtype=np.int64)
    ok = nodes >= 0
    out[ok] = [by_node.get(int(o), -1) for o in tree_origin(trees, k, nodes[ok])]
    return out


def _pick(values: np.ndarray, rows: np.ndarray, empty: object) -> np.ndarray:
    """``values[rows]`` with ``empty`` where ``rows`` is -1."""
    out = np.full(len(rows), empty, dtype=values.dtype if empty != "" else object)
    out[rows >= 0] = values[rows[rows >= 0]]
    return out


def _component_sizes(net: Network, snaps: Snap) -> np.ndarray:
    sizes = np.zeros(len(snaps.edge), dtype=np.int64)
    ok = snaps.edge >= 0
    sizes[ok] = net.component_size[net.component[net.u[snaps.edge[ok]]]]
    return sizes


Code = tuple[str, dict[str, Any]]


def _codes(rows: list[list[Code]]) -> np.ndarray:
    """Per plot a tuple of codes, as an object array (a column of tuples)."""
    out = np.empty(len(rows), dtype=object)
    out[:] = [tuple(r) for r in rows]
    return out


def _flags(study: Study, plots: gpd.GeoDataFrame, snaps: Snap, table: pd.DataFrame,
           limit: float) -> np.ndarray:
    """Why each plot cannot be ranked, as codes (empty when it can)."""
    problems = plots["problem"].fillna("").astype(str) if "problem" in plots else None
    geoms = plots.geometry.to_numpy()
    # "no location" only where the plot has no geometry: a plot that could not be
    # snapped because the data hold no walkable street is outside the covered area
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    inside = shapely.covers(shapely.buffer(study.coverage, 1.0), geoms)
    swapped = swapped_inside(study, plots, ~inside & present)
    within = _within_streets_box(study, geoms, present)
    ok = snaps.edge >= 0
    island = np.zeros(len(snaps.edge), dtype=bool)
    island[ok] = study.walk.is_island(study.walk.u[snaps.edge[ok]])
    flags: list[list[Code]] = []
    for i in range(len(table)):
        codes: list[Code] = []
        if not present[i]:
            codes.append(("missing", {}))
        elif not inside[i] and (meant := swapped[i]) is not None:
            codes.append(("swapped", {"lat": meant[1], "lon": meant[0]}))
        elif not inside[i]:  # past the network's hull; within its box: an island, say
            codes.append(("outside", {"within": True} if within[i] else {}))
        elif snaps.snap_m[i] > limit:
            codes.append(("far", {"m": float(snaps.snap_m[i]), "limit": float(limit)}))
        if ok[i] and island[i]:
            codes.append(("island", {"n": int(table["component_nodes"].iat[i])}))
        if problems is not None and problems.iat[i] and not present[i]:
            codes = [("problem", {"text": problems.iat[i]})]
        flags.append(codes)
    return _codes(flags)


def _within_streets_box(study: Study, geoms: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Whether each plot lies within the box of the walk network's nodes: past the area
    the streets span (their convex hull) but where the data do reach, such as an island
    without a bridge in a fjord; a bigger extract would not help there."""
    out = np.zeros(len(geoms), dtype=bool)
    if not len(study.walk.xy) or not present.any():
        return out
    (west, south), (east, north) = study.walk.xy.min(axis=0), study.walk.xy.max(axis=0)
    points = shapely.point_on_surface(geoms[present])
    x, y = shapely.get_x(points), shapely.get_y(points)
    out[present] = (x >= west) & (x <= east) & (y >= south) & (y <= north)
    return out


def swapped_inside(study: Study, plots: gpd.GeoDataFrame,
                   outside: np.ndarray) -> list[tuple[float, float] | None]:
    """For each point plot outside the area: its (lon, lat) with the two swapped, if that
    lies inside the area (a row whose latitude and longitude were entered the wrong way
    round); else None."""
    out: list[tuple[float, float] | None] = [None] * len(plots)
    rows = np.flatnonzero(outside & (plots.geometry.geom_type == "Point").to_numpy())
    if not len(rows):
        return out
    lonlat = plots.geometry.iloc[rows].to_crs("EPSG:4326")
    swapped = gpd.GeoSeries(shapely.points(lonlat.y.to_numpy(), lonlat.x.to_numpy()),
                            crs="EPSG:4326").to_crs(study.crs)
    hits = shapely.covers(study.coverage, swapped.to_numpy())
    for k, i in enumerate(rows):
        if hits[k]:
            out[int(i)] = (float(lonlat.y.iat[k]), float(lonlat.x.iat[k]))
    return out


def _notes(plots: gpd.GeoDataFrame, police: PoliceReach, limit: float,
           empty: list[str]) -> np.ndarray:
    """What a located plot's figures should be read with, as codes: its reading
    problem (e.g. "invalid polygon repaired"), a far-away drivable road, why a
    police figure is missing or measured from farther away, and each walk category
    without any service (its distance is ``inf``: "no service in this category")."""
    located = ~(plots.geometry.isna() | plots.geometry.is_empty).to_numpy()
    problems = (plots["problem"].fillna("").astype(str).to_numpy() if "problem" in plots
                else np.full(len(plots), ""))
    notes: list[list[Code]] = []
    for i, (problem, ok, drive_m) in enumerate(zip(problems, located, police.snap_m,
                                                   strict=True)):
        codes: list[Code] = [("problem", {"text": str(problem)})] if ok and problem else []
        if ok and np.isfinite(drive_m) and drive_m > limit:
            codes.append(("drive_far", {"m": float(drive_m)}))
        if ok:
            codes += [(code, dict(values)) for code, values in police.notes[i]]
            codes += [("no_service", {"cat": cat}) for cat in empty]
        notes.append(codes)
    return _codes(notes)


def _stations(services: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The police stations measured from: category ``police``, minus those not in use."""
    stations = services[services["category"] == DRIVE_CATEGORY]
    if "use" in stations:
        stations = stations[stations["use"].fillna(True).astype(bool)]
    if "ref" not in stations:
        stations = stations.assign(ref="")
    return stations


def _blank_unmeasured(table: pd.DataFrame, plots: gpd.GeoDataFrame, limit: float) -> None:
    """Figures that measure nothing are unknown (NaN), not unreachable (inf): those of a
    plot without a location, and those of a plot outside the area the data cover
    whose nearest street is beyond the snap limit (a plot typed in Trondheim on an
    Oslo extract would otherwise show a walk of 389 km and the police's time to
    the extract's edge). Their flag says why; their notes and service names go too, and
    so does a flag of the small piece of network its nearest street lies on (no street
    of the plot's). So do its distances to the walk and drive networks and the size of
    that piece (``component_nodes``, then nullable ``Int64``): a table showing 7 906 902 m to the
    walk network reads as a measurement, and the flag already says the plot is off.
    A plot just outside the area, within the limit of a street, keeps its figures.
    """
    unlocated = (plots.geometry.isna() | plots.geometry.is_empty).to_numpy()
    outside = np.array([is_outside(flag) for flag in table["flag"]], dtype=bool)
    unmeasured = unlocated | (outside & (table["snap_m"].to_numpy() > limit))
    if not unmeasured.any():
        return
    figures = [c for c in table.columns if c.startswith("walk_m_") or c in (
        "police_drive_min", "patrol_detour_min", "drive_snap_m", "snap_m", "component_nodes")]
    table["component_nodes"] = table["component_nodes"].astype("Int64")  # 7, not 7.0
    table.loc[unmeasured, figures] = np.nan
    names = [c for c in table.columns if c.startswith("nearest_")]
    table.loc[unmeasured, names] = ""
    table["note"] = _codes([[] if gone else list(note) for gone, note
                            in zip(unmeasured, table["note"], strict=True)])
    # the street it would meet is no street of the plot: not its piece of network either
    table["flag"] = _codes([[c for c in flag if c[0] != "island"] if gone else list(flag)
                            for gone, flag in zip(unmeasured, table["flag"], strict=True)])


def is_outside(flag: object) -> bool:
    """Whether a plot's flag says it lies outside the area the OSM data cover.

    Parameters
    ----------
    flag : object
        A plot's flag: the tuple of codes :func:`accessibility` writes.

    Returns
    -------
    bool
        True if one of its codes is in :data:`OUTSIDE_CODES`; False for anything else
        (also for a flag read back as text).
    """
    return isinstance(flag, tuple) and any(
        isinstance(code, tuple) and bool(code) and code[0] in OUTSIDE_CODES for code in flag)


def framed(outside: Sequence[bool] | np.ndarray) -> np.ndarray:
    """Which plots a map frames: those inside the area the data cover, or every plot
    when none is (one typed kilometres off would shrink the study area to a corner).

    Parameters
    ----------
    outside : sequence of bool
        Per plot, whether it lies outside the area (:func:`is_outside` of its flag).

    Returns
    -------
    numpy.ndarray
        A boolean mask, one entry per plot: True for the plots to frame.
    """
    out = np.asarray(outside, dtype=bool)
    return ~out if not out.all() else np.ones(len(out), dtype=bool)


def _surface(net: Network, trees: Trees, cats: list[str]) -> pd.DataFrame:
    surface = pd.DataFrame({"x": net.xy[:, 0], "y": net.xy[:, 1]})
    for k, cat in enumerate(cats):
        surface[f"walk_m_{cat}"] = trees.dist[k, : net.n_nodes]
    return surface
