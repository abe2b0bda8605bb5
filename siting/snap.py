"""Where points meet a network: snapping plots, services and stations to street segments.

A point meets the street at its perpendicular foot on the nearest segment (of
those it may meet, ``Network.access``); a polygon -- a plot, a building -- at its
nearest boundary point, since its entrance faces the street. A point whose
access point falls within :data:`siting.settings.node_tolerance_m` of a segment
end takes that end node, so a point drawn on a junction is attached to the
junction, not inside one of its (possibly one-way) streets.

The nearest segment is found with the network's grid index
(:mod:`siting._segindex`); where two segments are equally near, GEOS's STRtree
decides, as it always has. A prepared study knows its services' snaps
(:meth:`siting.network.Network.know_snaps`), and each network remembers the
last few geometry sets snapped in this process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import shapely

from . import settings
from ._memory import give_back_freed
from ._segindex import TIE_M, SegmentIndex, foot_fraction
from .network import CACHE_LOCK, Network

__all__ = ["SNAP_MEMO_SIZE", "Snap", "snap", "snap_now"]

SNAP_MEMO_SIZE = 8  # geometry sets whose snaps a network remembers


@dataclass
class Snap:
    """Where points meet a network.

    Attributes
    ----------
    edge : numpy.ndarray
        Index of the nearest segment (-1 where the geometry is missing).
    t : numpy.ndarray
        Distance in metres along that segment from its ``u`` end to the access point.
    snap_m : numpy.ndarray
        Straight distance in metres from the geometry to the access point
        (0 where a polygon touches the street; ``nan`` where the geometry is missing).
    x, y : numpy.ndarray
        Access point coordinates in the network's CRS.
    """

    edge: np.ndarray
    t: np.ndarray
    snap_m: np.ndarray
    x: np.ndarray
    y: np.ndarray


def snap_now(net: Network, geoms: np.ndarray, any_segment: bool) -> Snap:
    """Snap geometries (in the network CRS) to their nearest ``access`` segment.

    Points are snapped at their perpendicular foot on the nearest segment.
    Polygons are reached from their nearest boundary point: a plot's or a
    building's entrance faces the street, so the access leg is the gap between
    the outline and the street (0 where a street touches the outline). With
    ``any_segment`` every segment counts, not only the ``access`` ones.
    """
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    edge = np.full(n, -1, dtype=np.int64)
    t, dist, x, y = (np.full(n, np.nan) for _ in range(4))
    present = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    index = net.index(any_segment)
    if len(present) and len(index.edges):
        nearest, unsure = index.nearest(net.xy, net.u, net.v, geoms[present])
        unsure[unsure] = ~_at_one_junction(net, index, geoms[present][unsure], nearest[unsure])
        if unsure.any():  # equally near places: GEOS's choice, as snapping always made it
            edges = np.arange(len(net.u)) if any_segment else net.access_edges()
            tree = net.tree(any_segment)
            asked = tree.query_nearest(geoms[present][unsure], all_matches=False)
            del tree  # (large: see Network.tree) and the heap pages its small blocks held
            give_back_freed()
            chosen = np.empty(int(unsure.sum()), dtype=np.int64)
            chosen[asked[0]] = edges[asked[1]]
            nearest[unsure] = chosen
        access = _access_points(net, geoms[present], nearest)
        edge[present] = nearest
        t[present], dist[present], x[present], y[present] = access
    return Snap(edge, t, dist, x, y)


def _at_one_junction(net: Network, index: SegmentIndex, geoms: np.ndarray,
                     nearest: np.ndarray) -> np.ndarray:
    """True for a point whose equally near segments all meet at the node nearest to it.

    Its access point is that node whichever of them it is snapped to (the access
    leg may differ in the last bit), so no GEOS search is needed. A shape, or a
    point as near to two different places, is False.
    """
    out = np.zeros(len(geoms), dtype=bool)
    point = np.flatnonzero(shapely.get_type_id(geoms) == 0)
    if not len(point):
        return out
    edge = nearest[point]
    p = shapely.get_coordinates(geoms[point])
    frac = foot_fraction(p, net.xy[net.u[edge]], net.xy[net.v[edge]])
    at_end = (frac == 0) | (frac == 1)
    node = np.where(frac == 0, net.u[edge], net.v[edge])
    gap = np.hypot(*(p - net.xy[node]).T)
    row, seg = index.within(net.xy, net.u, net.v, geoms[point], gap + TIE_M)
    touches = (net.u[seg] == node[row]) | (net.v[seg] == node[row])
    alone = np.ones(len(point), dtype=bool)
    alone[row[~touches]] = False  # a segment as near that does not meet at the node
    out[point] = at_end & alone
    return out


def _access_points(net: Network, geoms: np.ndarray,
                   nearest: np.ndarray) -> tuple[np.ndarray, ...]:
    """Return (t along segment, access leg, x, y) of each geometry on its segment.

    Points use the perpendicular foot (vectorised arithmetic on the straight
    segment); other geometries their nearest point (``shapely.shortest_line``).
    A foot within :data:`siting.settings.node_tolerance_m` of a segment end is
    moved onto that end node (see :func:`_to_end_nodes`).
    """
    a, b = net.xy[net.u[nearest]], net.xy[net.v[nearest]]
    ab = b - a
    length = net.length_m[nearest]
    is_point = shapely.get_type_id(geoms) == 0
    p = np.column_stack([shapely.get_x(geoms), shapely.get_y(geoms)])
    with np.errstate(invalid="ignore", divide="ignore"):
        frac = np.clip(np.einsum("ij,ij->i", p - a, ab) / length**2, 0.0, 1.0)
    frac = np.where(length > 0, frac, 0.0)
    foot = a + frac[:, None] * ab
    t, leg = frac * length, np.hypot(*(p - foot).T)
    if not is_point.all():
        other = ~is_point
        lines = shapely.linestrings(np.stack([a[other], b[other]], axis=1))
        links = shapely.shortest_line(geoms[other], lines)
        ends = shapely.get_point(links, 1)
        t[other] = shapely.line_locate_point(lines, ends)
        leg[other] = shapely.length(links)
        foot[other] = np.column_stack([shapely.get_x(ends), shapely.get_y(ends)])
    return _to_end_nodes(geoms, t, leg, foot, length, a, b)


def _to_end_nodes(geoms: np.ndarray, t: np.ndarray, leg: np.ndarray, foot: np.ndarray,
                  length: np.ndarray, a: np.ndarray,
                  b: np.ndarray) -> tuple[np.ndarray, ...]:
    """Move access points within the node tolerance of a segment end onto that end.

    Coordinates from other sources than the OSM file (a cadastre, a spreadsheet
    of lat/lon, a click on the map) miss an OSM junction by millimetres to a
    metre, so a point drawn *on* a junction projects a little inside one of its
    streets -- on a one-way street, a car could then reach it only from that
    street's far end. The access leg becomes the straight distance to the node.
    """
    tol = settings.node_tolerance_m
    rest = length - t
    at_u = (t <= tol) & (t <= rest) & (t > 0)
    at_v = (rest <= tol) & ~(t <= rest) & (rest > 0)
    moved = at_u | at_v
    if moved.any():
        t = np.where(at_u, 0.0, np.where(at_v, length, t))
        foot = np.where(at_u[:, None], a, np.where(at_v[:, None], b, foot))
        leg = leg.copy()
        leg[moved] = shapely.distance(geoms[moved], shapely.points(foot[moved]))
    return t, leg, foot[:, 0], foot[:, 1]


def _snap_known_first(net: Network, geoms: np.ndarray, wkb: np.ndarray,
                      any_segment: bool) -> Snap:
    """Take each geometry's snap from the network's known snaps, snap the rest now."""
    known = net._known_snaps(wkb, any_segment)
    if known is None:
        return snap_now(net, geoms, any_segment)
    rows, found = known
    hit = rows >= 0
    new = snap_now(net, geoms[~hit], any_segment) if (~hit).any() else None
    parts = []
    for name in ("edge", "t", "snap_m", "x", "y"):
        column = np.empty(len(geoms), dtype=getattr(found, name).dtype)
        column[hit] = getattr(found, name)[rows[hit]]
        if new is not None:
            column[~hit] = getattr(new, name)
        parts.append(column)
    return Snap(*parts)


def snap(net: Network, geoms: np.ndarray, *, any_segment: bool = False) -> Snap:
    """Snap geometries (in the network CRS) to their nearest ``access`` segment.

    Points meet the street at their perpendicular foot on the nearest segment;
    polygons at their nearest boundary point (see :func:`snap_now`); within
    :data:`siting.settings.node_tolerance_m` of a segment end, at that end node.
    On a drive network only segments a car can reach, leave and stop on count
    (``Network.access``); ``any_segment=True`` snaps to the nearest segment of
    any kind (to say how far the nearest drivable road is). Results are
    remembered per network for the last few geometry sets, keyed by their
    exact coordinates (WKB), so re-measuring the same services or plots -- as
    the app does when only the plots change -- costs nothing.
    """
    geoms = np.asarray(geoms, dtype=object)
    wkb = shapely.to_wkb(geoms)
    key = hashlib.sha1(b"-".join(b"" if w is None else w for w in wkb)).hexdigest()
    key += f"-{any_segment}-{settings.node_tolerance_m!r}"
    with CACHE_LOCK:  # a prepared study (and its memo) is shared by the app's sessions
        memo: dict[str, Snap] = net.__dict__.setdefault("_snap_memo", {})
        found = memo.get(key)
    if found is not None:
        return found
    result = _snap_known_first(net, geoms, wkb, any_segment)
    with CACHE_LOCK:
        while len(memo) >= SNAP_MEMO_SIZE:
            memo.pop(next(iter(memo)))
        memo[key] = result
    return result
