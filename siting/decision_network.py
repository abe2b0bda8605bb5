"""What the portfolio decision measures beyond the ranking: plot-to-plot walks, districts.

* :func:`plot_walk_matrix`: walking metres between every two plots, on the
  very graph the engine measured the plots on (``Accessibility.walk_graph``,
  the walk network split at every plot's and service's access point), so the
  distances are exact between access points, never straight lines;
* :func:`walk_route`: the shortest walk between two plots as a line, for the map;
* :func:`read_districts` and :func:`district_membership`: a polygon layer such
  as school districts (*skolekretser*), and which plots lie in which district
  (by the plot's point, or a polygon plot's representative point);
* :func:`decide_from_analysis`: all of it plus :func:`siting.decision.decide`.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from scipy.sparse.csgraph import dijkstra

from .analysis import Accessibility
from .config import Config
from .decision import Decision, DecisionSettings, decide
from .errors import InputError
from .text import said

__all__ = ["decide_from_analysis", "district_membership", "plot_walk_matrix", "read_districts",
           "walk_route"]

log = logging.getLogger(__name__)

_CHUNK = 64  # searches at once (each holds a row per graph node)
_NAME_COLS = ("skolekrets", "krets", "district", "navn", "name")


def plot_walk_matrix(acc: Accessibility) -> np.ndarray:
    """Walking distance in metres between every two plots, shape (n, n).

    ``[i, j]`` = ``snap_m[i]`` + shortest path between the two access points +
    ``snap_m[j]``; 0 on the diagonal; ``inf`` when the access points are not
    connected; NaN for a plot without a location.
    """
    nodes = np.asarray(acc.plot_walk_nodes, dtype=np.int64)
    leg = acc.table["snap_m"].to_numpy(dtype=float)
    n = len(nodes)
    out = np.full((n, n), np.nan)
    ok = np.flatnonzero(nodes >= 0)
    sources = np.unique(nodes[ok])
    net = np.empty((len(sources), len(sources)))
    where = np.searchsorted(sources, nodes[ok])
    for start in range(0, len(sources), _CHUNK):
        part = sources[start:start + _CHUNK]
        dist = dijkstra(acc.walk_graph.matrix, directed=True, indices=part)
        net[start:start + len(part)] = dist[:, sources]
    out[np.ix_(ok, ok)] = leg[ok][:, None] + net[np.ix_(where, where)] + leg[ok][None, :]
    out[np.arange(n), np.arange(n)] = np.where(nodes >= 0, 0.0, np.nan)
    log.info("walked between %d plots (%d access points)", len(ok), len(sources),
             extra=said("log.walked", n=len(ok), points=len(sources)))
    return out


def walk_route(acc: Accessibility, i: int, j: int) -> shapely.LineString | None:
    """The shortest walk from plot ``i`` to plot ``j`` (positions in ``acc.table``).

    A line in the analysis CRS: from the plot (a polygon's nearest boundary
    point) to its access point, along the network, to the other plot. Its
    length equals :func:`plot_walk_matrix` ``[i, j]``. None when either plot
    has no access point or they are not connected.
    """
    nodes = acc.plot_walk_nodes
    a, b = int(nodes[i]), int(nodes[j])
    if a < 0 or b < 0:
        return None
    dist, pred = dijkstra(acc.walk_graph.matrix, directed=True, indices=a,
                          return_predecessors=True)
    if not np.isfinite(dist[b]):
        return None
    path = [b]
    while path[-1] != a:
        path.append(int(pred[path[-1]]))
    xy = acc.walk_graph.xy[path[::-1]]
    start = _plot_end(acc, i, xy[0])
    end = _plot_end(acc, j, xy[-1])
    coords = np.vstack([start, xy, end])
    keep = np.r_[True, np.any(np.diff(coords, axis=0) != 0, axis=1)]  # drop zero-length steps
    coords = coords[keep]
    if len(coords) == 1:
        coords = np.vstack([coords, coords])
    return shapely.LineString(coords)


def _plot_end(acc: Accessibility, i: int, access: np.ndarray) -> np.ndarray:
    """The point of plot ``i`` nearest to its access point (the plot itself for a point)."""
    geom = acc.plots.geometry.iat[i]
    line = shapely.shortest_line(geom, shapely.Point(access))
    return np.asarray(line.coords[0])


# --------------------------------------------------------------------------- districts
def read_districts(source: str | Path | bytes, *, filename: str | None = None,
                   crs: str | None = None) -> gpd.GeoDataFrame:
    """Read a district layer (e.g. school districts): ``name`` and polygon geometry, EPSG:4326.

    The name comes from a ``skolekrets``, ``krets``, ``district``, ``navn`` or
    ``name`` column (the first one filled), else the row number.

    Raises
    ------
    InputError
        If the file cannot be read, or a feature is not a polygon (naming the rows).
    """
    from .plots import read_plots

    table = read_plots(source, filename=filename, crs=crs, unique_ids=False,
                       extra_columns=_NAME_COLS, what="districts")
    label = Path(filename or ("upload" if isinstance(source, bytes) else str(source))).name
    kinds = table.geometry.geom_type.fillna("")
    bad = [str(i + 1) for i, kind in enumerate(kinds) if kind not in ("Polygon", "MultiPolygon")]
    if bad:
        rows = ", ".join(bad[:10]) + (f" (+{len(bad) - 10})" if len(bad) > 10 else "")
        raise InputError(f"{label}: row(s) {rows} are not polygons; a district file needs one "
                         "polygon per district (e.g. the school districts from the municipality's "
                         "map service)",
                         nb=f"{label}: rad(ene) {rows} er ikke polygoner; en kretsfil trenger ett "
                         "polygon per krets (f.eks. skolekretsene fra kommunens karttjeneste)")
    names = table["name"].astype(str)
    for column in reversed(_NAME_COLS[:3]):
        filled = table[column].astype(str) != ""
        names = names.where(~filled, table[column].astype(str))
    return gpd.GeoDataFrame({"name": names.to_numpy()}, geometry=table.geometry.to_numpy(),
                            crs=table.crs)


def district_membership(plots: gpd.GeoDataFrame, districts: gpd.GeoDataFrame) -> np.ndarray:
    """(n plots, d districts) bool: the plot's point (a polygon's representative point)
    lies in the district. A plot in no district conflicts with none."""
    if plots.crs is not None and districts.crs is not None:
        districts = districts.to_crs(plots.crs)
    geoms = plots.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = np.full(len(geoms), None, dtype=object)
    points[present] = shapely.point_on_surface(geoms[present])
    polygons = districts.geometry.to_numpy()
    member = np.zeros((len(geoms), len(polygons)), dtype=bool)
    for j, polygon in enumerate(polygons):
        member[present, j] = shapely.covers(polygon, points[present])
    return member


def decide_from_analysis(acc: Accessibility, configs: Mapping[str, Config],
                         settings: DecisionSettings,
                         districts: gpd.GeoDataFrame | None = None,
                         walk_m: np.ndarray | None = None) -> Decision:
    """Measure the plot-to-plot walks (unless given) and districts, then :func:`decide`."""
    walk = plot_walk_matrix(acc) if walk_m is None else walk_m
    member = names = None
    if districts is not None and len(districts):
        member = district_membership(acc.plots, districts)
        names = list(districts["name"].astype(str))
    return decide(acc.table, configs, settings, walk, member, names or ())
